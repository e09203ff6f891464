//! `carelint diff` output: the comparison of two audits as text, Markdown,
//! HTML and JSON. The comparison itself is made in `crate::diff`.
//!
//! Text, Markdown and HTML share one walk over the diff ([`walk`]): each
//! format names the lists it shows and says how a heading, a finding and a
//! page look, and the walk decides order and skips empty lists. The formats
//! used to walk the diff each on their own, which let them drift apart.

use std::fmt::Write as _;

use crate::diff::AuditDiff;
use crate::finding::{Confidence, Finding, Severity};
use crate::report::html::{self, STYLE};
use crate::wording::plural;

/// One finding as two lines under its page: line, severity and rule, then
/// the message.
fn finding_line(f: &Finding) -> String {
    let at = f
        .line
        .map_or_else(|| "site".to_owned(), |l| format!("line {l}"));
    let review = if f.confidence == Confidence::Review {
        " (check by hand)"
    } else {
        ""
    };
    format!(
        "{at:<9} {:<7} {}\n          {}{review}",
        f.severity.as_str(),
        f.rule,
        f.message
    )
}

/// A list of findings in a diff.
#[derive(Debug, Clone, Copy)]
enum FindingList {
    New,
    Fixed,
    Unchanged,
    OnRemovedPages,
}

impl FindingList {
    fn of(self, diff: &AuditDiff) -> &[Finding] {
        match self {
            Self::New => &diff.new,
            Self::Fixed => &diff.fixed,
            Self::Unchanged => &diff.unchanged,
            Self::OnRemovedPages => &diff.on_removed_pages,
        }
    }
}

/// A list of pages in a diff.
#[derive(Debug, Clone, Copy)]
enum PageList {
    Added,
    Removed,
}

impl PageList {
    fn of(self, diff: &AuditDiff) -> &[String] {
        match self {
            Self::Added => &diff.pages_added,
            Self::Removed => &diff.pages_removed,
        }
    }
}

/// The headline of a diff, which Markdown and HTML word differently but
/// must decide the same way.
enum Verdict {
    /// This many new findings fail the gate.
    Failing(usize),
    /// Nothing new at all.
    NoNew,
    /// New findings, none of which fail the gate.
    NewButPassing,
}

impl Verdict {
    fn of(diff: &AuditDiff, threshold: Option<Severity>) -> Self {
        let failing = diff.failing(threshold);
        if failing > 0 {
            Self::Failing(failing)
        } else if diff.new.is_empty() {
            Self::NoNew
        } else {
            Self::NewButPassing
        }
    }
}

/// How one output format shows a diff. [`walk`] calls these in order; a
/// format only says how each part looks.
trait DiffFormat {
    /// The finding lists this format shows, in order, with their headings.
    const FINDINGS: &'static [(FindingList, &'static str)];
    /// The page lists this format shows, in order, with their headings.
    const PAGES: &'static [(PageList, &'static str)];

    /// Everything before the lists: the verdict and the counts.
    fn head(&mut self, diff: &AuditDiff);
    /// The heading of a finding list that is not empty.
    fn findings_head(&mut self, title: &str, count: usize);
    /// One finding in a list.
    fn finding(&mut self, f: &Finding);
    /// After a finding list's last finding.
    fn findings_end(&mut self) {}
    /// The heading of a page list that is not empty. Formats whose
    /// [`Self::PAGES`] is empty are never asked.
    fn pages_head(&mut self, _title: &str, _count: usize) {}
    /// One page in a list.
    fn page(&mut self, _page: &str) {}
    /// After a page list's last page.
    fn pages_end(&mut self) {}
    /// The finished output.
    fn finish(self) -> String;
}

/// The one walk over a diff: head, then each non-empty finding list the
/// format shows, then each non-empty page list.
fn walk<F: DiffFormat>(diff: &AuditDiff, mut format: F) -> String {
    format.head(diff);
    for &(list, title) in F::FINDINGS {
        let findings = list.of(diff);
        if findings.is_empty() {
            continue;
        }
        format.findings_head(title, findings.len());
        for f in findings {
            format.finding(f);
        }
        format.findings_end();
    }
    for &(list, title) in F::PAGES {
        let pages = list.of(diff);
        if pages.is_empty() {
            continue;
        }
        format.pages_head(title, pages.len());
        for page in pages {
            format.page(page);
        }
        format.pages_end();
    }
    format.finish()
}

/// Plain text: the counts first, then the new findings and the fixed ones,
/// each grouped by page, and the pages that came or went. Unchanged findings are counted, not listed:
/// they are in the new report.
#[must_use]
pub fn render_text(diff: &AuditDiff) -> String {
    walk(diff, Text::default())
}

/// The plain-text format.
#[derive(Default)]
struct Text {
    out: String,
    /// The page the last finding was on: findings are grouped under their
    /// page, and the lists are in report order, so by page already.
    page: Option<String>,
}

impl DiffFormat for Text {
    const FINDINGS: &'static [(FindingList, &'static str)] = &[
        (FindingList::New, "New"),
        (FindingList::Fixed, "Fixed"),
        (
            FindingList::OnRemovedPages,
            "On pages the new audit did not check",
        ),
    ];
    const PAGES: &'static [(PageList, &'static str)] = &[
        (PageList::Added, "Pages added"),
        (PageList::Removed, "Pages removed"),
    ];

    fn head(&mut self, diff: &AuditDiff) {
        let out = &mut self.out;
        let _ = writeln!(
            out,
            "{} new, {} fixed, {} unchanged",
            diff.new.len(),
            diff.fixed.len(),
            diff.unchanged.len()
        );
        if !diff.pages_added.is_empty() || !diff.pages_removed.is_empty() {
            let _ = writeln!(
                out,
                "{} added, {} removed",
                plural(diff.pages_added.len(), "page", "pages"),
                plural(diff.pages_removed.len(), "page", "pages")
            );
        }
        if !diff.on_removed_pages.is_empty() {
            let _ = writeln!(
                out,
                "{} on pages the new audit did not check (not counted as fixed)",
                plural(diff.on_removed_pages.len(), "finding", "findings")
            );
        }
    }

    fn findings_head(&mut self, title: &str, count: usize) {
        self.page = None;
        let _ = writeln!(self.out, "\n{title} ({count}):");
    }

    fn finding(&mut self, f: &Finding) {
        if self.page.as_deref() != Some(f.page.as_str()) {
            self.page = Some(f.page.clone());
            let _ = writeln!(self.out, "  {}", f.page);
        }
        let _ = writeln!(self.out, "    {}", finding_line(f).replace('\n', "\n    "));
    }

    fn pages_head(&mut self, title: &str, count: usize) {
        let _ = writeln!(self.out, "\n{title} ({count}):");
    }

    fn page(&mut self, page: &str) {
        let _ = writeln!(self.out, "  {page}");
    }

    fn finish(self) -> String {
        self.out
    }
}

/// Markdown for a pull-request comment: a counts table, then the new and
/// fixed findings. Quoted text comes from audited pages, so it is escaped.
#[must_use]
pub fn render_markdown(diff: &AuditDiff, threshold: Option<Severity>) -> String {
    walk(
        diff,
        Markdown {
            out: String::new(),
            threshold,
        },
    )
}

/// The Markdown format.
struct Markdown {
    out: String,
    threshold: Option<Severity>,
}

impl DiffFormat for Markdown {
    const FINDINGS: &'static [(FindingList, &'static str)] = Text::FINDINGS;
    // A pull-request comment stays short: the counts table says how many
    // pages came or went.
    const PAGES: &'static [(PageList, &'static str)] = &[];

    fn head(&mut self, diff: &AuditDiff) {
        let out = &mut self.out;
        let verdict = match Verdict::of(diff, self.threshold) {
            Verdict::Failing(n) => {
                format!("❌ {} to fix", plural(n, "new problem", "new problems"))
            }
            Verdict::NoNew => "✅ No new problems".to_owned(),
            Verdict::NewButPassing => "⚠️ New findings, none that fail the check".to_owned(),
        };
        let _ = writeln!(out, "## carelint: changes since the last audit\n");
        let _ = writeln!(out, "**{verdict}**\n");
        let _ = writeln!(
            out,
            "| New | Fixed | Unchanged | Pages added | Pages removed | On removed pages |"
        );
        let _ = writeln!(out, "|---:|---:|---:|---:|---:|---:|");
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            diff.new.len(),
            diff.fixed.len(),
            diff.unchanged.len(),
            diff.pages_added.len(),
            diff.pages_removed.len(),
            diff.on_removed_pages.len()
        );
    }

    fn findings_head(&mut self, title: &str, count: usize) {
        let _ = writeln!(self.out, "\n### {title} ({count})\n");
        let _ = writeln!(self.out, "| Severity | Rule | Page | Problem |");
        let _ = writeln!(self.out, "|---|---|---|---|");
    }

    fn finding(&mut self, f: &Finding) {
        let escape = crate::report::markdown::escape;
        let at = f
            .line
            .map_or_else(|| f.page.clone(), |l| format!("{}:{l}", f.page));
        let _ = writeln!(
            self.out,
            "| {} | `{}` | {} | {} |",
            f.severity.as_str(),
            f.rule,
            escape(&at),
            escape(&f.message)
        );
    }

    fn finish(self) -> String {
        self.out
    }
}

/// A self-contained HTML page (inline CSS, no script, the same
/// Content-Security-Policy as the HTML report) for people comparing a
/// supplier's re-test: the verdict in words and an icon, the counts, then the
/// new, fixed and no-longer-checked findings. Everything quoted from the
/// audits is escaped.
#[must_use]
pub fn render_html(diff: &AuditDiff, threshold: Option<Severity>) -> String {
    walk(
        diff,
        Html {
            out: String::new(),
            threshold,
        },
    )
}

/// The HTML format.
struct Html {
    out: String,
    threshold: Option<Severity>,
}

impl DiffFormat for Html {
    // People checking a supplier's re-test also want what is still open.
    const FINDINGS: &'static [(FindingList, &'static str)] = &[
        (FindingList::New, "New problems"),
        (FindingList::Fixed, "Fixed"),
        (FindingList::Unchanged, "Still there"),
        (
            FindingList::OnRemovedPages,
            "On pages the new check did not look at (not fixed)",
        ),
    ];
    const PAGES: &'static [(PageList, &'static str)] = &[
        (PageList::Removed, "Pages no longer checked"),
        (PageList::Added, "Pages checked for the first time"),
    ];

    fn head(&mut self, diff: &AuditDiff) {
        let out = &mut self.out;
        let (icon, verdict) = match Verdict::of(diff, self.threshold) {
            Verdict::Failing(n) => (
                "✗",
                format!(
                    "Not fixed: {} that must be fixed.",
                    plural(n, "new problem", "new problems")
                ),
            ),
            Verdict::NoNew => ("✓", "No new problems.".to_owned()),
            Verdict::NewButPassing => (
                "?",
                "New findings, but none that fail the check.".to_owned(),
            ),
        };
        html::document_start(out);
        let _ = write!(
            out,
            "<title>What changed: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
<main id=\"main\">\n<h1>What changed between two checks</h1>\n",
            html::escape(&diff.new_targets.join(", "))
        );
        // When each audit ran, from the reports themselves, never today's date.
        let when = |started: &Option<String>| {
            started
                .as_deref()
                .and_then(|t| t.get(..10))
                .map_or_else(String::new, |d| {
                    format!(", checked on {}", html::long_date(d))
                })
        };
        let _ = writeln!(
            out,
            "<p>Before: {}{}. After: {}{}.</p>",
            html::escape(&diff.old_targets.join(", ")),
            html::escape(&when(&diff.old_started)),
            html::escape(&diff.new_targets.join(", ")),
            html::escape(&when(&diff.new_started))
        );
        let _ = writeln!(
            out,
            "<p class=\"lead\"><span aria-hidden=\"true\">{icon}</span> {}</p>",
            html::escape(&verdict)
        );
        let _ = writeln!(
            out,
            "<table>\n<caption>Changes</caption>\n<tr><th scope=\"col\">New</th><th scope=\"col\">Fixed</th><th scope=\"col\">Still there</th><th scope=\"col\">Pages added</th><th scope=\"col\">Pages removed</th></tr>\n<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n</table>",
            diff.new.len(),
            diff.fixed.len(),
            diff.unchanged.len(),
            diff.pages_added.len(),
            diff.pages_removed.len()
        );
    }

    fn findings_head(&mut self, title: &str, count: usize) {
        let _ = writeln!(
            self.out,
            "<h2>{title} ({count})</h2>\n<table>\n<tr><th scope=\"col\">Page</th><th scope=\"col\">Rule</th><th scope=\"col\">How serious</th><th scope=\"col\">Problem</th></tr>"
        );
    }

    fn finding(&mut self, f: &Finding) {
        let at = f
            .line
            .map_or_else(|| f.page.clone(), |l| format!("{}, line {l}", f.page));
        let _ = writeln!(
            self.out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            html::escape(&at),
            html::escape(&f.rule),
            f.severity.as_str(),
            html::escape(&f.message)
        );
    }

    fn findings_end(&mut self) {
        self.out.push_str("</table>\n");
    }

    fn pages_head(&mut self, title: &str, count: usize) {
        let _ = writeln!(self.out, "<h2>{title} ({count})</h2>\n<ul>");
    }

    fn page(&mut self, page: &str) {
        let _ = writeln!(self.out, "<li>{}</li>", html::escape(page));
    }

    fn pages_end(&mut self) {
        self.out.push_str("</ul>\n");
    }

    fn finish(mut self) -> String {
        self.out.push_str("</main>\n</body>\n</html>\n");
        self.out
    }
}

/// JSON: counts, then the lists.
///
/// # Errors
/// Only if serialisation fails, which would be a bug.
pub fn render_json(diff: &AuditDiff) -> Result<String, serde_json::Error> {
    let value = serde_json::json!({
        "summary": {
            "new": diff.new.len(),
            "fixed": diff.fixed.len(),
            "unchanged": diff.unchanged.len(),
            "pages_added": diff.pages_added.len(),
            "pages_removed": diff.pages_removed.len(),
            "on_removed_pages": diff.on_removed_pages.len(),
        },
        "old_targets": diff.old_targets,
        "new_targets": diff.new_targets,
        "new": diff.new,
        "fixed": diff.fixed,
        "on_removed_pages": diff.on_removed_pages,
        "unchanged": diff.unchanged,
        "pages_added": diff.pages_added,
        "pages_removed": diff.pages_removed,
    });
    let mut out = serde_json::to_string_pretty(&value)?;
    out.push('\n');
    Ok(out)
}
