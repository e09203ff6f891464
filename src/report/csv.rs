//! CSV: one row per finding, for spreadsheets and ad-hoc analysis.
//!
//! RFC 4180: CRLF line ends, fields with commas, quotes or line breaks in
//! double quotes, quotes doubled. Findings quote the audited page, which
//! anyone can write, so text cells that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`, tab or carriage return) get a leading
//! apostrophe.

use crate::report::model::AuditReport;

/// The header row.
pub const COLUMNS: [&str; 13] = [
    "page",
    "rule",
    "section",
    "wcag",
    "severity",
    "confidence",
    "line",
    "column",
    "message",
    "selector",
    "snippet",
    "baseline",
    "fingerprint",
];

/// Renders the findings as CSV with a header row.
#[must_use]
pub fn render(report: &AuditReport) -> String {
    let mut out = String::new();
    push_row(&mut out, COLUMNS.iter().map(|c| (*c).to_owned()));
    for f in &report.findings {
        push_row(
            &mut out,
            [
                text_cell(&f.page),
                text_cell(&f.rule),
                text_cell(&f.section),
                text_cell(&f.wcag.join(" ")),
                f.severity.as_str().to_owned(),
                f.confidence.as_str().to_owned(),
                f.line.map(|l| l.to_string()).unwrap_or_default(),
                f.column.map(|c| c.to_string()).unwrap_or_default(),
                text_cell(&f.message),
                text_cell(f.selector.as_deref().unwrap_or("")),
                text_cell(f.snippet.as_deref().unwrap_or("")),
                f.baseline
                    .map(|b| b.as_str().to_owned())
                    .unwrap_or_default(),
                f.stable_fingerprint(),
            ],
        );
    }
    out
}

fn push_row(out: &mut String, cells: impl IntoIterator<Item = String>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quote(&cell));
    }
    out.push_str("\r\n");
}

/// Guards a cell of untrusted text against formula injection.
fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// RFC 4180 quoting.
fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_guards() {
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\"\nthere"), "\"say \"\"hi\"\"\nthere\"");
        assert_eq!(quote("plain"), "plain");
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text_cell("-1+1"), "'-1+1");
        assert_eq!(text_cell("+44 20"), "'+44 20");
        assert_eq!(text_cell("Book online"), "Book online");
    }
}
