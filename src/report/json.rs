//! The JSON report (CONTRACT.md, schema_version 1).

use crate::audit::AuditReport;

/// Renders the report as pretty-printed JSON with a trailing newline.
///
/// # Errors
/// Only if serialisation fails, which would be a bug.
pub fn render(report: &AuditReport) -> Result<String, serde_json::Error> {
    let mut out = serde_json::to_string_pretty(report)?;
    out.push('\n');
    Ok(out)
}
