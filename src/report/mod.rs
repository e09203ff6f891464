//! Reporters: one file per output format, each reading only the audit report
//! (findings and page facts) and the guide's section titles.

pub mod json;
pub mod text;

use crate::audit::AuditReport;
use crate::guide::Guide;

/// An output format for `carelint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable terminal output.
    Text,
    /// The JSON report of CONTRACT.md.
    Json,
}

impl Format {
    /// Every format name, for error messages.
    pub const NAMES: &'static [&'static str] = &["text", "json"];

    /// Parses a format name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "text" => Some(Self::Text),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// Options shared by reporters.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Use colour and Unicode in text output.
    pub color: bool,
    /// Terminal width for wrapping text output.
    pub width: usize,
}

/// Renders a report in a format.
///
/// # Errors
/// Returns an error only if serialisation fails, which would be a bug.
pub fn render(
    format: Format,
    report: &AuditReport,
    guide: &Guide,
    options: RenderOptions,
) -> Result<String, serde_json::Error> {
    match format {
        Format::Text => Ok(text::render(report, guide, options)),
        Format::Json => json::render(report),
    }
}
