//! `carelint diff` output: the comparison of two audits as text, Markdown,
//! HTML and JSON. The comparison itself is made in `crate::diff`.

use std::fmt::Write as _;

use crate::diff::AuditDiff;
use crate::finding::{Confidence, Finding, Severity};
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

/// Plain text: the counts first, then the new findings and the fixed ones,
/// each grouped by page, and the pages that came or went. Unchanged findings are counted, not listed:
/// they are in the new report.
#[must_use]
pub fn render_text(diff: &AuditDiff) -> String {
    let mut out = String::new();
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
    for (title, list) in [
        ("New", &diff.new),
        ("Fixed", &diff.fixed),
        (
            "On pages the new audit did not check",
            &diff.on_removed_pages,
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title} ({}):", list.len());
        // Grouped by page; the lists are in report order, so by page already.
        let mut page = None;
        for f in list {
            if page != Some(f.page.as_str()) {
                page = Some(f.page.as_str());
                let _ = writeln!(out, "  {}", f.page);
            }
            let _ = writeln!(out, "    {}", finding_line(f).replace('\n', "\n    "));
        }
    }
    for (title, list) in [
        ("Pages added", &diff.pages_added),
        ("Pages removed", &diff.pages_removed),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title} ({}):", list.len());
        for page in list {
            let _ = writeln!(out, "  {page}");
        }
    }
    out
}

/// Markdown for a pull-request comment: a counts table, then the new and
/// fixed findings. Quoted text comes from audited pages, so it is escaped.
#[must_use]
pub fn render_markdown(diff: &AuditDiff, threshold: Option<Severity>) -> String {
    let escape = crate::report::markdown::escape;
    let mut out = String::new();
    let failing = diff.failing(threshold);
    let verdict = if failing > 0 {
        format!(
            "❌ {} to fix",
            plural(failing, "new problem", "new problems")
        )
    } else if diff.new.is_empty() {
        "✅ No new problems".to_owned()
    } else {
        "⚠️ New findings, none that fail the check".to_owned()
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
    for (title, list) in [
        ("New", &diff.new),
        ("Fixed", &diff.fixed),
        (
            "On pages the new audit did not check",
            &diff.on_removed_pages,
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title} ({})\n", list.len());
        let _ = writeln!(out, "| Severity | Rule | Page | Problem |");
        let _ = writeln!(out, "|---|---|---|---|");
        for f in list {
            let at = f
                .line
                .map_or_else(|| f.page.clone(), |l| format!("{}:{l}", f.page));
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} |",
                f.severity.as_str(),
                f.rule,
                escape(&at),
                escape(&f.message)
            );
        }
    }
    out
}

/// A self-contained HTML page (inline CSS, no script, the same
/// Content-Security-Policy as the HTML report) for people comparing a
/// supplier's re-test: the verdict in words and an icon, the counts, then the
/// new, fixed and no-longer-checked findings. Everything quoted from the
/// audits is escaped.
#[must_use]
pub fn render_html(diff: &AuditDiff, threshold: Option<Severity>) -> String {
    use crate::report::html::{CSP, STYLE, escape};
    let mut out = String::new();
    let failing = diff.failing(threshold);
    let (icon, verdict) = if failing > 0 {
        (
            "✗",
            format!(
                "Not fixed: {} that must be fixed.",
                plural(failing, "new problem", "new problems")
            ),
        )
    } else if diff.new.is_empty() {
        ("✓", "No new problems.".to_owned())
    } else {
        (
            "?",
            "New findings, but none that fail the check.".to_owned(),
        )
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n\
<title>What changed: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
<main id=\"main\">\n<h1>What changed between two checks</h1>\n",
        escape(&diff.new_targets.join(", "))
    );
    // When each audit ran, from the reports themselves, never today's date.
    let when = |started: &Option<String>| {
        started
            .as_deref()
            .and_then(|t| t.get(..10))
            .map_or_else(String::new, |d| {
                format!(", checked on {}", crate::report::html::long_date(d))
            })
    };
    let _ = writeln!(
        out,
        "<p>Before: {}{}. After: {}{}.</p>",
        escape(&diff.old_targets.join(", ")),
        escape(&when(&diff.old_started)),
        escape(&diff.new_targets.join(", ")),
        escape(&when(&diff.new_started))
    );
    let _ = writeln!(
        out,
        "<p class=\"lead\"><span aria-hidden=\"true\">{icon}</span> {}</p>",
        escape(&verdict)
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
    for (title, list) in [
        ("New problems", &diff.new),
        ("Fixed", &diff.fixed),
        ("Still there", &diff.unchanged),
        (
            "On pages the new check did not look at (not fixed)",
            &diff.on_removed_pages,
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<h2>{title} ({})</h2>\n<table>\n<tr><th scope=\"col\">Page</th><th scope=\"col\">Rule</th><th scope=\"col\">How serious</th><th scope=\"col\">Problem</th></tr>",
            list.len()
        );
        for f in list {
            let at = f
                .line
                .map_or_else(|| f.page.clone(), |l| format!("{}, line {l}", f.page));
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&at),
                escape(&f.rule),
                f.severity.as_str(),
                escape(&f.message)
            );
        }
        out.push_str("</table>\n");
    }
    for (title, pages) in [
        ("Pages no longer checked", &diff.pages_removed),
        ("Pages checked for the first time", &diff.pages_added),
    ] {
        if pages.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<h2>{title} ({})</h2>\n<ul>", pages.len());
        for page in pages {
            let _ = writeln!(out, "<li>{}</li>", escape(page));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
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
