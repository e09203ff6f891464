//! JUnit XML, as GitLab, Jenkins and most CI test viewers read it.
//!
//! One `<testsuite>` per page, one `<testcase>` per rule that ran on it
//! (`classname` the page, `name` the rule id), so passes count and coverage
//! shows. A rule with findings that fail the run's gate (certain, at or
//! above `--fail-on`, not known from the baseline) is a `<failure>` whose
//! message is the first finding and whose body lists every spot, the guide
//! section and the fix. A rule whose findings do not fail the gate is
//! `<skipped>` and says why: a person must confirm it, it is known from the
//! baseline, or it is below the gate. So the JUnit view and the exit code
//! agree. A page that could not be checked is one `<error>` case. Site rules
//! get a suite per target.
//!
//! Findings quote the audited page, which anyone can write, so all text is
//! escaped, and characters XML 1.0 cannot carry become U+FFFD.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Place, Places, RenderOptions};
use crate::catalogue::{Catalogue, Rule, Scope};
use crate::finding::{BaselineStatus, Confidence, Finding};
use crate::report::model::AuditReport;

#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Counts {
    fn add(&mut self, other: &Self) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.errors += other.errors;
        self.skipped += other.skipped;
    }
}

/// Renders the report as JUnit XML.
#[must_use]
pub fn render(report: &AuditReport, catalogue: &Catalogue, options: &RenderOptions) -> String {
    let rules = report.rules_run(catalogue);
    let places = Places::new(options);
    let page_rules: Vec<&Rule> = rules
        .iter()
        .copied()
        .filter(|r| r.scope() == Scope::Page)
        .collect();
    let site_rules: Vec<&Rule> = rules
        .iter()
        .copied()
        .filter(|r| r.scope() == Scope::Site)
        .collect();
    let mut by_page: BTreeMap<&str, BTreeMap<&str, Vec<&Finding>>> = BTreeMap::new();
    for f in &report.findings {
        by_page
            .entry(f.page.as_str())
            .or_default()
            .entry(f.rule.as_str())
            .or_default()
            .push(f);
    }
    let empty = BTreeMap::new();
    let mut total = Counts::default();
    let mut suites = String::new();
    for page in &report.pages {
        let found = by_page.remove(page.url.as_str()).unwrap_or_default();
        // A page not checked is one test case, skipped or in error.
        let page_case = |element: &str, counts: Counts| {
            let body = format!(
                "    <testcase classname=\"{c}\" name=\"page\">\n      {element}\n    </testcase>\n",
                c = attr(&page.url),
            );
            (counts, body)
        };
        let (counts, body) = if let Some(skipped) = &page.skipped {
            page_case(
                &format!(
                    "<skipped message=\"{}\"/>",
                    attr(&format!("Not fetched: {skipped}"))
                ),
                Counts {
                    tests: 1,
                    skipped: 1,
                    ..Counts::default()
                },
            )
        } else if let Some(error) = &page.error {
            page_case(
                &format!(
                    "<error message=\"{}\" type=\"page-error\"/>",
                    attr(&format!("The page could not be checked: {error}"))
                ),
                Counts {
                    tests: 1,
                    errors: 1,
                    ..Counts::default()
                },
            )
        } else {
            cases(&page.url, &page_rules, &found, catalogue, &places, options)
        };
        push_suite(&mut suites, &page.url, &counts, &body);
        total.add(&counts);
    }
    // Site rules run once per target; anything left over (a finding whose
    // page is not listed, such as from an edited report) is still shown.
    let mut site_keys: Vec<&str> = if site_rules.is_empty() {
        Vec::new()
    } else {
        report.targets.iter().map(String::as_str).collect()
    };
    site_keys.extend(by_page.keys().copied());
    site_keys.sort_unstable();
    site_keys.dedup();
    for key in site_keys {
        let found = by_page.get(key).unwrap_or(&empty);
        let mut run: Vec<&Rule> = site_rules.clone();
        for id in found.keys() {
            if !run.iter().any(|r| r.id == *id)
                && let Some(rule) = catalogue.rule(id)
            {
                run.push(rule);
            }
        }
        run.sort_by(|a, b| a.id.cmp(&b.id));
        let (counts, body) = cases(key, &run, found, catalogue, &places, options);
        push_suite(&mut suites, &format!("{key} (whole site)"), &counts, &body);
        total.add(&counts);
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"carelint\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n{suites}</testsuites>\n",
        total.tests, total.failures, total.errors, total.skipped
    )
}

fn push_suite(out: &mut String, name: &str, counts: &Counts, body: &str) {
    let _ = write!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n{body}  </testsuite>\n",
        attr(name),
        counts.tests,
        counts.failures,
        counts.errors,
        counts.skipped
    );
}

/// One test case per rule, in rule id order.
fn cases(
    classname: &str,
    rules: &[&Rule],
    found: &BTreeMap<&str, Vec<&Finding>>,
    catalogue: &Catalogue,
    places: &Places<'_>,
    options: &RenderOptions,
) -> (Counts, String) {
    let mut counts = Counts::default();
    let mut out = String::new();
    for rule in rules {
        counts.tests += 1;
        let findings = found.get(rule.id.as_str()).map_or(&[][..], Vec::as_slice);
        let file = findings
            .first()
            .and_then(|f| match places.of(f) {
                Place::File { path, .. } => Some(format!(" file=\"{}\"", attr(&path))),
                Place::Logical { .. } => None,
            })
            .unwrap_or_default();
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\"{file}",
            attr(classname),
            attr(&rule.id)
        );
        let Some(first) = findings.first() else {
            out.push_str("/>\n");
            continue;
        };
        out.push_str(">\n");
        let failing: Vec<&Finding> = findings
            .iter()
            .copied()
            .filter(|f| f.fails_gate(options.fail_on))
            .collect();
        let mut message = first.message.clone();
        if findings.len() > 1 {
            let _ = write!(message, " (and {} more)", findings.len() - 1);
        }
        let mut refs = Vec::new();
        if !rule.wcag.is_empty() {
            refs.push(format!("WCAG {}", rule.wcag.join(", ")));
        }
        refs.push(format!("guide {}", rule.section));
        let _ = write!(message, " [{}]", refs.join("; "));
        let body = text(&details(rule, findings, catalogue));
        if !failing.is_empty() {
            counts.failures += 1;
            // The type is the worst severity that fails the gate.
            let worst = failing
                .iter()
                .map(|f| f.severity)
                .max()
                .unwrap_or(first.severity);
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{body}</failure>",
                attr(&message),
                worst.as_str()
            );
        } else {
            counts.skipped += 1;
            let why = if findings.iter().all(|f| f.confidence == Confidence::Review) {
                "Needs a person to check".to_owned()
            } else if findings.iter().all(|f| {
                f.baseline == Some(BaselineStatus::Known) || f.confidence == Confidence::Review
            }) {
                "Known, in the baseline".to_owned()
            } else {
                match options.fail_on {
                    Some(gate) => format!("Below the gate (the run fails on {})", gate.as_str()),
                    None => "Not gated (--fail-on never)".to_owned(),
                }
            };
            let _ = writeln!(
                out,
                "      <skipped message=\"{}\">{body}</skipped>",
                attr(&format!("{why}: {message}"))
            );
        }
        out.push_str("    </testcase>\n");
    }
    (counts, out)
}

/// The failure body: every spot, then the guide section and the fix.
fn details(rule: &Rule, findings: &[&Finding], catalogue: &Catalogue) -> String {
    let mut out = String::new();
    for f in findings {
        match (f.line, f.column) {
            (Some(line), Some(column)) => {
                let _ = write!(out, "{}:{line}:{column}: ", f.page);
            }
            (Some(line), None) => {
                let _ = write!(out, "{}:{line}: ", f.page);
            }
            _ => {
                let _ = write!(out, "{}: ", f.page);
            }
        }
        let _ = writeln!(
            out,
            "{} ({}, {})",
            f.message,
            f.severity.as_str(),
            f.confidence.as_str()
        );
        if let Some(selector) = &f.selector {
            let _ = writeln!(out, "  at {selector}");
        }
        if let Some(snippet) = &f.snippet {
            let _ = writeln!(out, "  {snippet}");
        }
    }
    let title = catalogue
        .guide
        .section(&rule.section)
        .map_or("", |s| s.title.as_str());
    let _ = writeln!(out, "Guide section {} {title}.", rule.section);
    let _ = write!(
        out,
        "How to fix: {}",
        findings
            .first()
            .map_or(rule.fix.as_str(), |f| f.help.as_str())
    );
    out
}

/// A character XML 1.0 can carry.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes element text.
fn text(s: &str) -> String {
    escape(s, false)
}

/// Escapes an attribute value (double-quoted).
fn attr(s: &str) -> String {
    escape(s, true)
}

/// XML escaping. In text, `>` is escaped too, as `]]>` must not appear and
/// escaping every `>` is simplest. In attribute values, quotes are escaped,
/// and line breaks and tabs are kept as character references, since parsers
/// turn raw ones into spaces. Characters XML cannot carry become U+FFFD.
fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_hostile_text() {
        assert_eq!(text("a ]]> <script>&"), "a ]]&gt; &lt;script&gt;&amp;");
        assert_eq!(
            text("bell\u{7}\u{0}x\u{FFFF}"),
            "bell\u{FFFD}\u{FFFD}x\u{FFFD}"
        );
        assert_eq!(attr("\"a\"\n'b'"), "&quot;a&quot;&#10;&apos;b&apos;");
        assert_eq!(text("tab\tnew\nline"), "tab\tnew\nline");
    }
}
