//! The one-line verdict every text report ends with, and that a run writing
//! only files prints on standard error: did the gate pass, on what, and what
//! was left out of it (known findings, findings a person must confirm, pages
//! that could not be checked).

use crate::finding::{BaselineStatus, Confidence, Severity};
use crate::report::model::AuditReport;

use crate::wording::and_list;
pub use crate::wording::plural;

fn counts(errors: usize, warnings: usize, notes: usize) -> Vec<String> {
    [
        (errors, "error", "errors"),
        (warnings, "warning", "warnings"),
        (notes, "note", "notes"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| plural(n, one, many))
    .collect()
}

/// The verdict for the gate `fail_on` (`None` for `--fail-on never`), such
/// as "Failed: 3 new errors (12 known, in the baseline)." or "Passed: no
/// errors (27 warnings and 8 notes below the gate; 6 need a person to
/// check)." It agrees with the exit code: the same findings count.
#[must_use]
pub fn line(report: &AuditReport, fail_on: Option<Severity>) -> String {
    let s = &report.summary;
    let mut out = String::new();
    if s.pages_failed > 0 {
        out.push_str(&format!(
            "Incomplete: {} of {} could not be checked. ",
            s.pages_failed,
            plural(s.pages.saturating_sub(s.pages_skipped), "page", "pages")
        ));
    }
    let review = report
        .findings
        .iter()
        .filter(|f| f.confidence == Confidence::Review)
        .count();
    let review_note = (review > 0).then(|| {
        format!(
            "{review} {} a person to check",
            if review == 1 { "needs" } else { "need" }
        )
    });
    let Some(threshold) = fail_on else {
        let b = &s.by_severity;
        let found = counts(b.error, b.warning, b.info);
        out.push_str(&format!(
            "Not gated (--fail-on never): {}{}.",
            if found.is_empty() {
                "no findings".to_owned()
            } else {
                and_list(&found)
            },
            review_note.map_or_else(String::new, |r| format!("; {r}"))
        ));
        return out;
    };
    // Known findings are those that would fail the gate if they were new.
    let gated = |f: &&crate::finding::Finding| {
        f.fails_gate(fail_on)
            || (f.baseline == Some(BaselineStatus::Known)
                && f.confidence == Confidence::Certain
                && f.severity >= threshold)
    };
    let tally = |known: bool| {
        let mut n = [0usize; 3];
        for f in report.findings.iter().filter(gated) {
            if (f.baseline == Some(BaselineStatus::Known)) == known {
                n[match f.severity {
                    Severity::Error => 0,
                    Severity::Warning => 1,
                    Severity::Info => 2,
                }] += 1;
            }
        }
        n
    };
    let failing = tally(false);
    let known: usize = tally(true).iter().sum();
    let baseline = s.baseline.is_some();
    let mut notes = Vec::new();
    if known > 0 {
        notes.push(format!("{known} known, in the baseline"));
    }
    if failing.iter().sum::<usize>() > 0 {
        let mut parts = counts(failing[0], failing[1], failing[2]);
        if baseline && let Some(first) = parts.first_mut() {
            // "3 new errors", "1 new warning"
            *first = first.replacen(' ', " new ", 1);
        }
        out.push_str(&format!("Failed: {}", and_list(&parts)));
    } else {
        let gate = match threshold {
            Severity::Error => "errors",
            Severity::Warning => "errors or warnings",
            Severity::Info => "findings",
        };
        out.push_str(&format!(
            "Passed: no {}{gate}",
            if baseline { "new " } else { "" }
        ));
        let b = &s.by_severity;
        let below = counts(
            0,
            if threshold > Severity::Warning {
                b.warning
            } else {
                0
            },
            if threshold > Severity::Info {
                b.info
            } else {
                0
            },
        );
        if !below.is_empty() {
            notes.push(format!("{} below the gate", and_list(&below)));
        }
    }
    if let Some(r) = review_note {
        notes.push(r);
    }
    if !notes.is_empty() {
        out.push_str(&format!(" ({})", notes.join("; ")));
    }
    out.push('.');
    out
}
