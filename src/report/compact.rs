//! The compact text format (`-f compact`): one line per finding, like ruff's
//! concise output, for terminals, editors and `grep`. Each line is
//! `place: severity rule message`, with `(check by hand)` for findings a
//! person must confirm and `(known)` for those in the baseline; the place is
//! `file:line:column` as the other CI formats find it, or the URL or site. It
//! ends with the run's verdict line.

use std::fmt::Write as _;

use super::{Place, Places, RenderOptions};
use crate::finding::{BaselineStatus, Confidence};
use crate::report::model::AuditReport;

/// Renders one line per finding and the verdict.
#[must_use]
pub fn render(report: &AuditReport, options: &RenderOptions) -> String {
    let places = Places::new(options);
    let mut out = String::new();
    for f in &report.findings {
        let place = match places.of(f) {
            Place::File { path, line, column } => match column {
                Some(col) => format!("{path}:{line}:{col}"),
                None => format!("{path}:{line}"),
            },
            Place::Logical { name } => match f.line {
                Some(line) => format!("{name}:{line}"),
                None => name,
            },
        };
        let mut notes = Vec::new();
        if f.confidence == Confidence::Review {
            notes.push("check by hand");
        }
        if f.baseline == Some(BaselineStatus::Known) {
            notes.push("known");
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join(", "))
        };
        // One line: a message never spans two.
        let message = f.message.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(
            out,
            "{place}: {} {}{notes} {message}",
            f.severity.as_str(),
            f.rule
        );
    }
    let _ = writeln!(out, "{}", super::verdict::line(report, options.fail_on));
    out
}
