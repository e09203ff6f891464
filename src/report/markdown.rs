//! A short Markdown summary for pull-request comments and
//! `$GITHUB_STEP_SUMMARY`: the verdict, new against known findings, the rules
//! that reach the most pages, and a table per guide section.
//!
//! Findings quote the audited pages, which anyone can write, and GitHub
//! renders HTML in Markdown, so quoted text is escaped.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::RenderOptions;
use crate::catalogue::Catalogue;
use crate::finding::{BaselineStatus, Confidence, Severity};
use crate::report::model::AuditReport;

/// How many rules the "top issues" table lists.
const TOP: usize = 10;

/// Renders the summary.
#[must_use]
pub fn render(report: &AuditReport, catalogue: &Catalogue, options: &RenderOptions) -> String {
    let s = &report.summary;
    let mut out = String::new();
    let failing = report
        .findings
        .iter()
        .filter(|f| f.fails_gate(options.fail_on))
        .count();
    let incomplete = s.pages_failed > 0;
    let verdict = match (failing, incomplete) {
        (0, false) => "✅ Passed".to_owned(),
        (0, true) => format!(
            "⚠️ Incomplete: {} pages could not be checked",
            s.pages_failed
        ),
        (n, _) => format!(
            "❌ Failed: {n} finding{} at or above `{}`",
            plural(n),
            options.fail_on.map_or("never", Severity::as_str)
        ),
    };
    let _ = writeln!(out, "## carelint: {verdict}\n");
    let review = report
        .findings
        .iter()
        .filter(|f| f.confidence == Confidence::Review)
        .count();
    let _ = writeln!(
        out,
        "{} page{} checked against the Inclusive Digital Health Guide {}{}. {}; {review} need a person to check.\n",
        s.pages,
        plural(s.pages),
        escape(&report.guide.version),
        if s.pages_failed > 0 {
            format!(" ({} could not be checked)", s.pages_failed)
        } else {
            String::new()
        },
        super::counts(s),
    );
    let new = report
        .findings
        .iter()
        .filter(|f| f.baseline == Some(BaselineStatus::New))
        .count();
    let known = report
        .findings
        .iter()
        .filter(|f| f.baseline == Some(BaselineStatus::Known))
        .count();
    if new + known > 0 {
        let _ = writeln!(
            out,
            "**New:** {new} · **Known** (in the baseline): {known}\n"
        );
    } else {
        let _ = writeln!(
            out,
            "No baseline in use: all {} finding{} are counted as new.\n",
            s.findings,
            plural(s.findings)
        );
    }
    if report.findings.is_empty() {
        return out;
    }

    // Reach: how many pages a rule fires on, then how often.
    let mut reach: BTreeMap<&str, (BTreeSet<&str>, usize, Severity)> = BTreeMap::new();
    for f in &report.findings {
        let entry = reach
            .entry(f.rule.as_str())
            .or_insert_with(|| (BTreeSet::new(), 0, f.severity));
        // A site finding reaches the pages it is about.
        entry.0.extend(f.affected_pages());
        entry.1 += 1;
        entry.2 = entry.2.max(f.severity);
    }
    let mut top: Vec<_> = reach.into_iter().collect();
    top.sort_by(|a, b| {
        (b.1.0.len(), b.1.2, b.1.1)
            .cmp(&(a.1.0.len(), a.1.2, a.1.1))
            .then(a.0.cmp(b.0))
    });
    let _ = writeln!(out, "### Top issues by reach\n");
    let _ = writeln!(
        out,
        "| Rule | Severity | Pages | Findings | What is wrong |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---|");
    for (id, (pages, count, severity)) in top.iter().take(TOP) {
        let title = catalogue.rule(id).map_or("", |r| r.title.as_str());
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {count} | {} |",
            id.replace('`', "'"),
            severity.as_str(),
            pages.len(),
            escape(title)
        );
    }
    if top.len() > TOP {
        let more = top.len() - TOP;
        let _ = writeln!(out, "\n…and {more} more rule{}.", plural(more));
    }

    let _ = writeln!(out, "\n### By guide section\n");
    let _ = writeln!(out, "| Section | Errors | Warnings | Info |");
    let _ = writeln!(out, "|---|---:|---:|---:|");
    for section in &catalogue.guide.sections {
        let mut counts = [0usize; 3];
        for f in report.findings.iter().filter(|f| f.section == section.id) {
            counts[match f.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }] += 1;
        }
        if counts == [0, 0, 0] {
            continue;
        }
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {} |",
            section.id,
            escape(&section.title),
            counts[0],
            counts[1],
            counts[2]
        );
    }
    out
}

use crate::wording::s as plural;

/// Escapes text for a Markdown table cell that GitHub may render as HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_cells() {
        assert_eq!(escape("a|b <script>"), "a\\|b &lt;script&gt;");
        assert_eq!(escape("*x*\n[y]"), "\\*x\\* \\[y\\]");
    }
}
