//! The HTML report: one self-contained file for champions, managers and
//! auditors. It has inline CSS and no script, makes no requests (a strict
//! Content-Security-Policy says so), opens offline from a USB stick and prints
//! to PDF with sensible page breaks.
//!
//! Layout (ux-anchors c.8): a verdict per guide section in words and an icon,
//! the top issues by reach, what the audit cannot tell you, a page by section
//! matrix, details per page and a method box. The audience changes wording
//! and depth: `public` uses short sentences and no markup detail, `auditor`
//! adds the per-criterion table with evidence, `developer` leads with the
//! issues, their selectors and fixes.
//!
//! Everything that comes from an audited page (titles, URLs, snippets,
//! messages that quote the page) is hostile: it is escaped, never put in an
//! attribute unescaped, and never made into a link.

mod auditor;
mod chart;
mod context;
mod outcome;
mod page;
mod pages;
mod public;
mod words;

use std::fmt::Write as _;

use super::{Audience, RenderOptions};
use crate::catalogue::Catalogue;
use crate::report::model::AuditReport;
use context::Ctx;

pub use page::CSP;
pub(crate) use page::{STYLE, document_start};
pub use words::escape;
pub(crate) use words::long_date;

/// Renders the report for `options.audience`. The parts come in the same
/// order for everyone except developers, who get the top issues before the
/// verdicts.
#[must_use]
pub fn render(report: &AuditReport, catalogue: &Catalogue, options: &RenderOptions) -> String {
    let ctx = Ctx::new(report, catalogue, options);
    let mut out = String::with_capacity(64 * 1024);
    page::head(&mut out, &ctx);
    let _ = writeln!(out, "<main id=\"main\">");
    public::summary(&mut out, &ctx);
    chart::glance(&mut out, &ctx);
    page::contents(&mut out, &ctx);
    if ctx.audience == Audience::Developer {
        public::top_issues(&mut out, &ctx);
        public::verdicts(&mut out, &ctx);
    } else {
        public::verdicts(&mut out, &ctx);
        public::top_issues(&mut out, &ctx);
    }
    public::cannot_tell(&mut out, &ctx);
    if ctx.audience == Audience::Auditor {
        auditor::criteria(&mut out, &ctx);
    }
    pages::matrix(&mut out, &ctx);
    pages::page_details(&mut out, &ctx);
    page::method(&mut out, &ctx);
    let _ = writeln!(out, "</main>\n</body>\n</html>");
    out
}
