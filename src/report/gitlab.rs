//! GitLab Code Quality JSON (`artifacts:reports:codequality`): an array of
//! issues with a description, the rule id as `check_name`, a fingerprint that
//! is stable across runs and unique in the file, a severity and a location.
//!
//! Severities follow the run's gate, so the merge-request widget and the exit
//! code agree: a finding that fails the gate (certain, at or above
//! `--fail-on`, not known from the baseline) is `critical` for an error and
//! `major` otherwise; every other finding (a person must confirm it, it is
//! known from the baseline, or it is below the gate) is `minor`, or `info`
//! for an info finding. Locations
//! are found as for SARIF; a crawled page that no url_map entry maps keeps
//! its URL as the path, since GitLab needs one.

use serde::Serialize;

use super::{Place, Places, RenderOptions, unique_fingerprints};
use crate::finding::{Finding, Severity};
use crate::report::model::AuditReport;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: &'a str,
    fingerprint: &'a str,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

fn severity(f: &Finding, gate: Option<Severity>) -> &'static str {
    match (f.fails_gate(gate), f.severity) {
        (true, Severity::Error) => "critical",
        (true, _) => "major",
        (false, Severity::Info) => "info",
        (false, _) => "minor",
    }
}

/// Renders the report as a GitLab Code Quality array.
///
/// # Errors
/// Only if serialisation fails, which would be a bug.
pub fn render(report: &AuditReport, options: &RenderOptions) -> Result<String, serde_json::Error> {
    let fingerprints = unique_fingerprints(&report.findings);
    let places = Places::new(options);
    let issues: Vec<Issue<'_>> = report
        .findings
        .iter()
        .zip(&fingerprints)
        .map(|(f, fp)| {
            let (path, line) = match places.of(f) {
                Place::File { path, line, .. } => (path, line),
                Place::Logical { name } => (name, f.line.unwrap_or(1)),
            };
            let mut description = f.message.clone();
            if super::is_url(&f.page) {
                description = format!("{description} (on {})", f.page);
            }
            if !f.wcag.is_empty() {
                description = format!("{description} [WCAG {}]", f.wcag.join(", "));
            }
            Issue {
                kind: "issue",
                description,
                check_name: &f.rule,
                fingerprint: fp,
                severity: severity(f, options.fail_on),
                location: Location {
                    path,
                    lines: Lines { begin: line.max(1) },
                },
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues)?;
    out.push('\n');
    Ok(out)
}
