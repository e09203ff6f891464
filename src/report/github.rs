//! GitHub Actions workflow commands (`-f github`): one annotation per finding,
//! shown on the pull request's changed files and in the run summary, for
//! repositories without code scanning (which needs SARIF and, for private
//! repositories, GitHub Advanced Security).
//!
//! Levels follow the run's gate, as for GitLab: a finding that fails the gate
//! is an `error`; any other certain error or warning (below the gate, or known
//! from the baseline) is a `warning`; a finding a person must confirm and an
//! info finding are a `notice`. Files are found as for SARIF; a crawled page
//! or a whole site has no file, so its annotation names it in the message.

use std::fmt::Write as _;

use super::{Place, Places, RenderOptions};
use crate::finding::{Confidence, Finding, Severity};
use crate::report::model::AuditReport;

fn level(f: &Finding, gate: Option<Severity>) -> &'static str {
    if f.fails_gate(gate) {
        "error"
    } else if f.confidence == Confidence::Certain && f.severity >= Severity::Warning {
        "warning"
    } else {
        "notice"
    }
}

/// Escapes a message as the Actions toolkit does: `%`, CR and LF.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as a message, and `:` and `,` too.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Renders one workflow command per finding.
#[must_use]
pub fn render(report: &AuditReport, options: &RenderOptions) -> String {
    let places = Places::new(options);
    let mut out = String::new();
    for f in &report.findings {
        let mut props = Vec::new();
        let mut message = f.message.clone();
        match places.of(f) {
            Place::File { path, line, column } => {
                props.push(format!("file={}", property(&path)));
                props.push(format!("line={line}"));
                if let Some(col) = column {
                    props.push(format!("col={col}"));
                }
            }
            Place::Logical { name } => {
                let _ = write!(message, " (on {name})");
            }
        }
        let review = if f.confidence == Confidence::Review {
            ", check by hand"
        } else {
            ""
        };
        props.push(format!(
            "title={}",
            property(&format!("carelint {}{review}", f.rule))
        ));
        if !f.wcag.is_empty() {
            let _ = write!(message, " [WCAG {}]", f.wcag.join(", "));
        }
        let help = super::unwrap_text(&f.help);
        if !help.is_empty() {
            let _ = write!(message, "\nFix: {help}");
        }
        let _ = writeln!(
            out,
            "::{} {}::{}",
            level(f, options.fail_on),
            props.join(","),
            data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(data("50% off\r\nnow"), "50%25 off%0D%0Anow");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
