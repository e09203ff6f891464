//! The page around the report: the head with its Content-Security-Policy and
//! inline CSS, the contents list and the method box that says how the check
//! was done.

use std::fmt::Write as _;

use super::context::Ctx;
use super::words::{escape, long_date};
use crate::report::Audience;

/// The report's Content-Security-Policy: no script, no requests; inline
/// styles and data: images only.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// The report's CSS, inline because the CSP allows no stylesheet requests;
/// `carelint diff --format html` uses it too, so both pages look alike.
pub(crate) const STYLE: &str = r"
*,*::before,*::after{box-sizing:border-box}
html{font-family:Arial,Helvetica,sans-serif;font-size:100%;line-height:1.5;color:#212b32;background:#fff}
body{margin:0 auto;max-width:62rem;padding:1rem 1.25rem 3rem}
h1{font-size:2rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.5rem;margin:2.5rem 0 .75rem;padding-top:.5rem;border-top:4px solid #005eb8}
h3{font-size:1.2rem;margin:1.5rem 0 .5rem}
p,li{max-width:44rem}
a{color:#005eb8}
a:focus{outline:3px solid #ffeb3b;background:#ffeb3b;color:#212b32}
.skip{position:absolute;left:-999rem}
.skip:focus{position:static}
.lead{font-size:1.2rem}
.icon{display:inline-block;min-width:1.6em;text-align:center;font-weight:bold;border:2px solid currentColor;border-radius:.3em;margin-right:.4em}
.fail{color:#b3200f}
.review{color:#7a4d00}
.pass{color:#00662f}
.untested{color:#4c6272}
.verdicts{list-style:none;padding:0}
.verdicts li{border-left:6px solid #d8dde0;padding:.25rem 0 .25rem .75rem;margin:0 0 1rem}
.verdicts li.v-fail{border-left-color:#b3200f}
.verdicts li.v-review{border-left-color:#7a4d00}
.verdicts li.v-pass{border-left-color:#00662f}
.issue{border:1px solid #d8dde0;border-radius:.3rem;padding:0 1rem 1rem;margin:1rem 0}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f0f4f5;border:1px solid #d8dde0;padding:.5rem;font-size:.9rem;max-width:100%}
code{overflow-wrap:anywhere}
table{border-collapse:collapse;margin:1rem 0;font-size:.95rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{border:1px solid #aeb7bd;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f0f4f5}
td.num{text-align:right}
.scroll{overflow-x:auto}
.method{background:#f0f4f5;border:1px solid #aeb7bd;padding:0 1rem 1rem;margin-top:2.5rem}
.method h2{border-top:0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:bold}
dl.facts dd{margin:0;overflow-wrap:anywhere}
dl.about dt{font-weight:bold;margin-top:.5rem}
dl.about dd{margin:0 0 .25rem;max-width:44rem}
dl.about dd p{margin:.25rem 0}
.page-url{overflow-wrap:anywhere}
.chart{margin:1rem 0}
.chart svg{max-width:100%;height:auto;font-family:Arial,Helvetica,sans-serif}
.chart figcaption{max-width:44rem}
@media print{
 body{max-width:none;padding:0;font-size:11pt}
 .skip,.toc{display:none}
 h2{break-after:avoid;page-break-after:avoid}
 h3{break-after:avoid;page-break-after:avoid}
 .issue,tr,.verdicts li,.method,pre{break-inside:avoid;page-break-inside:avoid}
 #matrix,#pages,#method{break-before:page;page-break-before:always}
 a{color:inherit;text-decoration:none}
}
@page{margin:15mm}
";

/// The start of every HTML page carelint writes, up to `<meta>` lines of
/// its own: the same policy, viewport and referrer rules for the report and
/// the diff, so one cannot drift from the other.
pub(crate) fn document_start(out: &mut String) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n"
    );
}

pub(super) fn head(out: &mut String, ctx: &Ctx) {
    let target = ctx.report.targets.join(", ");
    document_start(out);
    let _ = write!(
        out,
        "<meta name=\"generator\" content=\"carelint {}\">\n\
<title>Website check: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
<a class=\"skip\" href=\"#main\">Skip to the report</a>\n<header>\n",
        escape(&ctx.report.tool.version),
        escape(&target),
    );
    let heading = match ctx.audience {
        Audience::Public => "How easy is this website to use?",
        Audience::Auditor => "Inclusive digital health audit",
        Audience::Developer => "Inclusive digital health report: what to fix",
    };
    let _ = writeln!(
        out,
        "<h1>{heading}</h1>\n<p class=\"lead\">Website: <span class=\"page-url\">{}</span></p>\n</header>",
        escape(&target)
    );
}

pub(super) fn contents(out: &mut String, ctx: &Ctx) {
    let mut items: Vec<(&str, &str)> = Vec::new();
    let verdicts = ("verdicts", "How the site did");
    let top = ("top-issues", "The biggest problems");
    if ctx.audience == Audience::Developer {
        items.extend([top, verdicts]);
    } else {
        items.extend([verdicts, top]);
    }
    items.push(("cannot-tell", "What this check cannot tell you"));
    if ctx.audience == Audience::Auditor {
        items.push(("criteria", "Results by criterion"));
    }
    items.extend([
        ("matrix", "Pages and parts of the guide"),
        ("pages", "Page by page"),
        ("method", "How this check was done"),
    ]);
    let _ = writeln!(
        out,
        "<nav class=\"toc\" aria-label=\"Contents\">\n<h2 id=\"contents\">Contents</h2>\n<ul>"
    );
    for (id, name) in items {
        let _ = writeln!(out, "<li><a href=\"#{id}\">{name}</a></li>");
    }
    let _ = writeln!(out, "</ul>\n</nav>");
}

pub(super) fn method(out: &mut String, ctx: &Ctx) {
    let r = ctx.report;
    let s = &r.summary;
    let _ = writeln!(
        out,
        "<section class=\"method\" aria-labelledby=\"method\">\n<h2 id=\"method\">How this check was done</h2>\n<dl class=\"facts\">"
    );
    let mut fact = |name: &str, value: String| {
        let _ = writeln!(out, "<dt>{name}</dt><dd>{value}</dd>");
    };
    fact(
        "Date",
        ctx.options
            .date
            .as_deref()
            .map_or_else(|| "not recorded".to_owned(), |d| escape(&long_date(d))),
    );
    fact(
        "Tool",
        format!("{} {}", escape(&r.tool.name), escape(&r.tool.version)),
    );
    fact(
        "Guide",
        format!(
            "{} {}, {} rules run",
            escape(&ctx.catalogue.guide.title),
            escape(&r.guide.version),
            ctx.ran.len()
        ),
    );
    fact("Checked", escape(&r.targets.join(", ")));
    let scope = &ctx.options.scope;
    if !scope.include.is_empty() {
        fact("Only addresses like", escape(&scope.include.join(", ")));
    }
    if !scope.exclude.is_empty() {
        fact("Left out addresses like", escape(&scope.exclude.join(", ")));
    }
    if let Some(sel) = &r.selection {
        if !sel.only.is_empty() {
            fact("Only these rules", escape(&sel.only.join(", ")));
        }
        if !sel.skip.is_empty() {
            fact("Rules left out", escape(&sel.skip.join(", ")));
        }
    }
    if let Some(c) = &r.crawl {
        fact("Addresses found", c.urls_found.to_string());
        fact(
            "Limits",
            format!(
                "up to {} pages, {} links deep{}",
                c.max_pages,
                c.max_depth,
                if c.limit_reached {
                    "; the page limit was reached, so some pages were not checked"
                } else {
                    ""
                }
            ),
        );
        if let Some(stopped) = &c.stopped {
            fact("Stopped early", escape(stopped));
        }
        fact("robots.txt", escape(&c.robots));
        if c.stylesheets_read + c.stylesheets_unread > 0 {
            fact(
                "Style sheets",
                format!(
                    "{} read for colour contrast{}",
                    c.stylesheets_read,
                    if c.stylesheets_unread > 0 {
                        format!(
                            "; {} could not be read (on another site, blocked or failed), so colours they set were not judged",
                            c.stylesheets_unread
                        )
                    } else {
                        String::new()
                    }
                ),
            );
        }
    }
    fact("Pages", s.pages.to_string());
    fact("Pages checked", ctx.checked.len().to_string());
    fact(
        "Pages not checked",
        (s.pages_failed + s.pages_skipped).to_string(),
    );
    fact(
        "Pages with problems",
        ctx.checked
            .iter()
            .filter(|p| ctx.by_page.contains_key(p.url.as_str()))
            .count()
            .to_string(),
    );
    fact(
        "Signed in",
        if scope.auth.is_empty() {
            "no".to_owned()
        } else {
            format!(
                "yes, with {} (secrets not shown)",
                escape(&scope.auth.join(", "))
            )
        },
    );
    fact(
        "Accepted problems",
        format!(
            "{} (the full data report lists them with their reasons)",
            s.suppressed
        ),
    );
    let _ = writeln!(out, "</dl>\n</section>");
}
