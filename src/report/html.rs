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

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use super::{Audience, RenderOptions, unwrap_text};
use crate::catalogue::{Catalogue, Rule};
use crate::finding::{Confidence, Finding, Severity};
use crate::guide::{Owner, Section};
use crate::report::model::{AuditReport, PageInfo};
use crate::wording::capitalise;

/// The report's Content-Security-Policy: no script, no requests; inline
/// styles and data: images only.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// Findings listed per page before "and N more".
const PER_PAGE: usize = 100;

/// Escapes text for HTML content and quoted attribute values.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed
            // in HTML text; they would only hide things.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The outcome of a section, a criterion or a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// Certain findings at warning or error.
    Fail,
    /// Only findings a person must confirm, or info.
    Review,
    /// Checks ran and found nothing.
    Pass,
    /// No check ran.
    NotTested,
}

impl Outcome {
    /// The icon; always shown next to words, never alone.
    fn icon(self) -> &'static str {
        match self {
            Self::Fail => "✗",
            Self::Review => "?",
            Self::Pass => "✓",
            Self::NotTested => "–",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Self::Fail => "fail",
            Self::Review => "review",
            Self::Pass => "pass",
            Self::NotTested => "untested",
        }
    }

    /// Plain words for the public and developer reports.
    fn words(self) -> &'static str {
        match self {
            Self::Fail => "Problems found",
            Self::Review => "A person needs to check",
            Self::Pass => "No problems found",
            Self::NotTested => "Not checked",
        }
    }

    /// The auditor's outcome names.
    fn audit_words(self) -> &'static str {
        match self {
            Self::Fail => "Fail",
            Self::Review => "Needs review",
            Self::Pass => "Pass (automatic checks)",
            Self::NotTested => "Not tested",
        }
    }

    /// The outcome of some findings from checks that ran.
    fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        let mut outcome = Self::Pass;
        for f in findings {
            if f.confidence == Confidence::Certain && f.severity >= Severity::Warning {
                return Self::Fail;
            }
            outcome = Self::Review;
        }
        outcome
    }
}

/// Who fixes it, in words.
fn owner_words(owner: Owner) -> &'static str {
    match owner {
        Owner::Content => "the people who write the words (content)",
        Owner::Design => "the people who design the pages (design)",
        Owner::Developer => "the people who build the site (developer)",
    }
}

/// One rule's findings, for the top issues.
struct Issue<'r> {
    rule: &'r str,
    pages: BTreeSet<&'r str>,
    findings: Vec<&'r Finding>,
    severity: Severity,
    /// Template problems: issue ids shared by more than one page.
    repeated: usize,
}

/// What the renderer works from, computed once.
struct Ctx<'a> {
    report: &'a AuditReport,
    catalogue: &'a Catalogue,
    options: &'a RenderOptions,
    audience: Audience,
    ran: Vec<&'a Rule>,
    /// Pages that were checked.
    checked: Vec<&'a PageInfo>,
    by_section: BTreeMap<&'a str, Vec<&'a Finding>>,
    by_page: BTreeMap<&'a str, Vec<&'a Finding>>,
    issues: Vec<Issue<'a>>,
    /// Every page's key, to tell page findings from site findings.
    page_urls: HashSet<&'a str>,
    /// Rules by id: findings look up their rule's wording.
    rules: HashMap<&'a str, &'a Rule>,
}

impl<'a> Ctx<'a> {
    fn new(report: &'a AuditReport, catalogue: &'a Catalogue, options: &'a RenderOptions) -> Self {
        let mut by_section: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
        let mut by_page: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
        let mut by_rule: BTreeMap<&str, Issue> = BTreeMap::new();
        for f in &report.findings {
            by_section.entry(f.section.as_str()).or_default().push(f);
            // A site finding belongs to each page it is about, so the pages
            // that lack a link never show "none" for its part of the guide.
            for page in f.affected_pages() {
                by_page.entry(page).or_default().push(f);
            }
            let issue = by_rule.entry(f.rule.as_str()).or_insert_with(|| Issue {
                rule: f.rule.as_str(),
                pages: BTreeSet::new(),
                findings: Vec::new(),
                severity: f.severity,
                repeated: 0,
            });
            issue.pages.extend(f.affected_pages());
            issue.findings.push(f);
            issue.severity = issue.severity.max(f.severity);
        }
        let mut issues: Vec<Issue> = by_rule.into_values().collect();
        for issue in &mut issues {
            let mut ids: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
            for f in &issue.findings {
                if let Some(id) = &f.issue_id {
                    ids.entry(id.as_str()).or_default().insert(f.page.as_str());
                }
            }
            issue.repeated = ids.values().filter(|pages| pages.len() > 1).count();
        }
        // Reach first: a problem on every page matters more than many on one.
        issues.sort_by(|a, b| {
            (b.pages.len(), b.severity, b.findings.len())
                .cmp(&(a.pages.len(), a.severity, a.findings.len()))
                .then(a.rule.cmp(b.rule))
        });
        Self {
            report,
            catalogue,
            options,
            audience: options.audience,
            ran: report.rules_run(catalogue),
            checked: report.pages.iter().filter(|p| p.error.is_none()).collect(),
            by_section,
            by_page,
            issues,
            page_urls: report.pages.iter().map(|p| p.url.as_str()).collect(),
            rules: catalogue
                .rules()
                .iter()
                .map(|r| (r.id.as_str(), r))
                .collect(),
        }
    }

    fn section_outcome(&self, section: &Section) -> Outcome {
        if !self.ran.iter().any(|r| r.section == section.id) {
            return Outcome::NotTested;
        }
        Outcome::of(
            self.by_section
                .get(section.id.as_str())
                .into_iter()
                .flatten()
                .copied(),
        )
    }

    fn rule(&self, id: &str) -> Option<&'a Rule> {
        self.rules.get(id).copied()
    }
}

/// Renders the report.
#[must_use]
pub fn render(report: &AuditReport, catalogue: &Catalogue, options: &RenderOptions) -> String {
    let ctx = Ctx::new(report, catalogue, options);
    let mut out = String::with_capacity(64 * 1024);
    head(&mut out, &ctx);
    let _ = writeln!(out, "<main id=\"main\">");
    summary(&mut out, &ctx);
    glance(&mut out, &ctx);
    contents(&mut out, &ctx);
    if ctx.audience == Audience::Developer {
        top_issues(&mut out, &ctx);
        verdicts(&mut out, &ctx);
    } else {
        verdicts(&mut out, &ctx);
        top_issues(&mut out, &ctx);
    }
    cannot_tell(&mut out, &ctx);
    if ctx.audience == Audience::Auditor {
        criteria(&mut out, &ctx);
    }
    matrix(&mut out, &ctx);
    page_details(&mut out, &ctx);
    method(&mut out, &ctx);
    let _ = writeln!(out, "</main>\n</body>\n</html>");
    out
}

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

fn head(out: &mut String, ctx: &Ctx) {
    let target = ctx.report.targets.join(", ");
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n\
<meta name=\"generator\" content=\"carelint {}\">\n\
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

fn summary(out: &mut String, ctx: &Ctx) {
    let s = &ctx.report.summary;
    let date = ctx
        .options
        .date
        .as_deref()
        .map(|d| format!(" on {}", escape(&long_date(d))))
        .unwrap_or_default();
    let checked = ctx.checked.len();
    let _ = writeln!(
        out,
        "<p>We checked {checked} page{}{date}. We used the {}.</p>",
        plural(checked),
        escape(&ctx.catalogue.guide.title),
    );
    let problems = ctx
        .catalogue
        .guide
        .sections
        .iter()
        .filter(|sec| ctx.section_outcome(sec) == Outcome::Fail)
        .count();
    let line = match ctx.audience {
        Audience::Public => format!(
            "It found problems in {problems} of {} parts of the guide. There were {} problem{} in all.",
            ctx.catalogue.guide.sections.len(),
            s.findings,
            plural(s.findings)
        ),
        _ => format!(
            "{} finding{}: {} error{}, {} warning{}, {} info. {} need a person to confirm. {} accepted in writing.",
            s.findings,
            plural(s.findings),
            s.by_severity.error,
            plural(s.by_severity.error),
            s.by_severity.warning,
            plural(s.by_severity.warning),
            s.by_severity.info,
            ctx.report
                .findings
                .iter()
                .filter(|f| f.confidence == Confidence::Review)
                .count(),
            s.suppressed
        ),
    };
    let _ = writeln!(out, "<p>{line}</p>");
    if s.pages_failed > 0 {
        let _ = writeln!(
            out,
            "<p><strong>{} page{} could not be checked.</strong> This report does not cover {}.</p>",
            s.pages_failed,
            plural(s.pages_failed),
            if s.pages_failed == 1 { "it" } else { "them" }
        );
    }
}

/// How far a set of findings reaches: every checked page when one of them
/// is about the whole site and names no pages, else the pages they name.
/// The verdicts and the chart both count this way, so they agree.
enum Reach {
    WholeSite,
    Pages(usize),
}

impl Reach {
    fn of<'f>(ctx: &Ctx, findings: impl IntoIterator<Item = &'f Finding>) -> Self {
        let mut pages: BTreeSet<&str> = BTreeSet::new();
        for f in findings {
            if f.pages.is_empty() && !ctx.by_page_is_page(&f.page) {
                return Self::WholeSite;
            }
            pages.extend(f.affected_pages().filter(|p| ctx.by_page_is_page(p)));
        }
        Self::Pages(pages.len())
    }

    /// Pages reached, for a chart.
    fn pages(&self, ctx: &Ctx) -> usize {
        match self {
            Self::WholeSite => ctx.checked.len(),
            Self::Pages(n) => *n,
        }
    }
}

/// One bar of a chart: a label, an outcome and how many pages it reaches.
struct Bar {
    label: String,
    outcome: Outcome,
    pages: usize,
}

/// Bar colours: each has at least 3:1 contrast with white (WCAG 1.4.11),
/// and the words beside each bar say the same thing.
fn bar_colour(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Fail => "#b3200f",
        Outcome::Review => "#7a4d00",
        Outcome::Pass => "#00662f",
        Outcome::NotTested => "#4c6272",
    }
}

/// An inline SVG bar chart with its own title and description, followed by a
/// table of the same numbers: the picture for people who take things in at a
/// glance, the table for screen readers and for anyone who wants the figures.
fn bar_chart(out: &mut String, id: &str, title: &str, bars: &[Bar], total: usize, head: &str) {
    const ROW: usize = 34;
    const LABEL: usize = 250;
    const TRACK: usize = 280;
    let height = ROW * bars.len() + 8;
    let worst = bars
        .iter()
        .max_by_key(|b| b.pages)
        .filter(|b| b.pages > 0)
        .map_or_else(
            || "No part has problems on any page.".to_owned(),
            |b| {
                format!(
                    "The most pages with problems: {}, {} of {total}.",
                    b.label, b.pages
                )
            },
        );
    let _ = writeln!(
        out,
        "<figure class=\"chart\" id=\"{id}\">\n<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 640 {height}\" width=\"640\" height=\"{height}\" preserveAspectRatio=\"xMinYMin meet\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(&worst)
    );
    for (n, bar) in bars.iter().enumerate() {
        let y = n * ROW + 4;
        let width = if total == 0 {
            0
        } else {
            (bar.pages * TRACK).div_ceil(total)
        };
        let value = match bar.outcome {
            Outcome::NotTested => "not checked".to_owned(),
            Outcome::Pass => "none found".to_owned(),
            _ => format!("{} of {total}", bar.pages),
        };
        let _ = writeln!(
            out,
            "<text x=\"0\" y=\"{}\" font-size=\"15\" fill=\"#212b32\">{}</text><rect x=\"{LABEL}\" y=\"{}\" width=\"{TRACK}\" height=\"20\" fill=\"#ffffff\" stroke=\"#4c6272\"/><rect x=\"{LABEL}\" y=\"{}\" width=\"{width}\" height=\"20\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"15\" fill=\"#212b32\">{}</text>",
            y + 16,
            escape(&bar.label),
            y + 2,
            y + 2,
            bar_colour(bar.outcome),
            LABEL + TRACK + 8,
            y + 16,
            escape(&value)
        );
    }
    let _ = writeln!(
        out,
        "</svg>\n<figcaption>{} Red bars: problems found. Brown bars: a person needs to check. An empty bar: no problems found.</figcaption>\n</figure>",
        if total == 1 {
            "Each bar shows whether the page checked has a problem in that part.".to_owned()
        } else {
            format!(
                "Each bar shows how many of the {total} pages checked have a problem in that part."
            )
        }
    );
    let _ = writeln!(
        out,
        "<details>\n<summary>The numbers in this chart, as a table</summary>\n<div class=\"scroll\">\n<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">Result</th><th scope=\"col\">Pages with a problem</th></tr></thead>\n<tbody>",
        escape(title),
        escape(head)
    );
    for bar in bars {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"{}\"><span aria-hidden=\"true\">{} </span>{}</td><td class=\"num\">{}</td></tr>",
            escape(&bar.label),
            bar.outcome.class(),
            bar.outcome.icon(),
            bar.outcome.words(),
            bar.pages
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</div>\n</details>");
}

/// "At a glance": the parts of the guide with their results and a bar chart
/// of the pages each part's problems reach. The auditor also gets the same
/// picture by WCAG principle.
fn glance(out: &mut String, ctx: &Ctx) {
    let total = ctx.checked.len();
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"glance\">\n<h2 id=\"glance\">At a glance</h2>"
    );
    let bars: Vec<Bar> = ctx
        .catalogue
        .guide
        .sections
        .iter()
        .map(|s| Bar {
            label: format!("{} {}", s.id, s.title),
            outcome: ctx.section_outcome(s),
            pages: Reach::of(
                ctx,
                ctx.by_section
                    .get(s.id.as_str())
                    .into_iter()
                    .flatten()
                    .copied(),
            )
            .pages(ctx),
        })
        .collect();
    bar_chart(
        out,
        "chart-sections",
        "Pages with a problem, for each part of the guide",
        &bars,
        total,
        "Part of the guide",
    );
    if ctx.audience == Audience::Auditor {
        const PRINCIPLES: [(&str, &str); 4] = [
            ("1", "Perceivable"),
            ("2", "Operable"),
            ("3", "Understandable"),
            ("4", "Robust"),
        ];
        let bars: Vec<Bar> = PRINCIPLES
            .iter()
            .map(|(n, name)| {
                let prefix = format!("{n}.");
                let under = |wcag: &[String]| wcag.iter().any(|c| c.starts_with(&prefix));
                let ran = ctx.ran.iter().any(|r| under(&r.wcag));
                let findings: Vec<&Finding> = ctx
                    .report
                    .findings
                    .iter()
                    .filter(|f| under(&f.wcag))
                    .collect();
                Bar {
                    label: format!("{n} {name}"),
                    outcome: if ran {
                        Outcome::of(findings.iter().copied())
                    } else {
                        Outcome::NotTested
                    },
                    pages: Reach::of(ctx, findings.iter().copied()).pages(ctx),
                }
            })
            .collect();
        bar_chart(
            out,
            "chart-principles",
            "Pages with a problem, for each WCAG 2.2 principle",
            &bars,
            total,
            "WCAG 2.2 principle",
        );
    }
    let _ = writeln!(out, "</section>");
}

fn contents(out: &mut String, ctx: &Ctx) {
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

fn verdicts(out: &mut String, ctx: &Ctx) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"verdicts\">\n<h2 id=\"verdicts\">How the site did</h2>"
    );
    let _ = writeln!(
        out,
        "<p>The guide has {} parts. Each part says who it helps.</p>\n<ul class=\"verdicts\">",
        ctx.catalogue.guide.sections.len()
    );
    let total = ctx.checked.len();
    for section in &ctx.catalogue.guide.sections {
        let outcome = ctx.section_outcome(section);
        let _ = write!(
            out,
            "<li class=\"v-{}\"><h3><span class=\"icon {}\" aria-hidden=\"true\">{}</span>{} {}: <span class=\"{}\">{}</span></h3>",
            outcome.class(),
            outcome.class(),
            outcome.icon(),
            escape(&section.id),
            escape(&section.title),
            outcome.class(),
            outcome.words()
        );
        let findings = ctx
            .by_section
            .get(section.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let top = ctx
            .issues
            .iter()
            .find(|i| ctx.rule(i.rule).is_some_and(|r| r.section == section.id));
        match (outcome, top) {
            (Outcome::NotTested, _) => {
                let _ = write!(out, "<p>No checks for this part were run.</p>");
            }
            (Outcome::Pass, _) | (_, None) => {
                let _ = write!(
                    out,
                    "<p>The checks found nothing wrong. This part helps {}.</p>",
                    escape(&join_and(&section.protects))
                );
            }
            (_, Some(issue)) => {
                let reach = match Reach::of(ctx, findings.iter().copied()) {
                    Reach::WholeSite | Reach::Pages(0) => "across the whole site".to_owned(),
                    Reach::Pages(n) => format!("on {n} of {total} page{}", plural(total)),
                };
                let rule = ctx.rule(issue.rule);
                let affects = rule.map_or(String::new(), |r| capitalise(&r.affects));
                let _ = write!(
                    out,
                    "<p>Problems {reach}.</p><dl class=\"about\"><dt>Who may be left out</dt><dd>{}.</dd><dt>Biggest problem</dt><dd>{}.</dd></dl>",
                    escape(&affects),
                    escape(rule.map_or(issue.rule, |r| r.title.as_str()))
                );
            }
        }
        let _ = writeln!(out, "</li>");
    }
    let _ = writeln!(out, "</ul>\n</section>");
}

impl Ctx<'_> {
    /// True when a finding's page key is a page (site findings name a target).
    fn by_page_is_page(&self, page: &str) -> bool {
        self.page_urls.contains(page)
    }
}

fn top_issues(out: &mut String, ctx: &Ctx) {
    let count = match ctx.audience {
        Audience::Public => 5,
        _ => 10,
    };
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"top-issues\">\n<h2 id=\"top-issues\">The biggest problems</h2>"
    );
    if ctx.issues.is_empty() {
        let _ = writeln!(
            out,
            "<p>The checks found no problems. A person still needs to check the things listed below.</p>\n</section>"
        );
        return;
    }
    let _ = writeln!(
        out,
        "<p>These problems are on the most pages. Fixing them helps the most people.</p>"
    );
    let total = ctx.checked.len();
    for (n, issue) in ctx.issues.iter().take(count).enumerate() {
        let Some(rule) = ctx.rule(issue.rule) else {
            continue;
        };
        let Some(example) = issue.findings.first() else {
            continue;
        };
        let _ = writeln!(
            out,
            "<div class=\"issue\">\n<h3>{}. {}</h3>",
            n + 1,
            escape(&rule.title)
        );
        let on_pages = issue
            .pages
            .iter()
            .filter(|p| ctx.by_page_is_page(p))
            .count();
        let site_wide = issue.findings.iter().all(|f| !ctx.by_page_is_page(&f.page));
        let reach = if on_pages == 0 {
            "It is about the whole site.".to_owned()
        } else if site_wide {
            // One finding about the site: count the pages it is about, not
            // the findings.
            if on_pages == total && total > 1 {
                format!("It is about the whole site: all {total} pages.")
            } else {
                format!("It affects {on_pages} of {total} page{}.", plural(total))
            }
        } else {
            format!(
                "Found on {on_pages} of {total} page{}, {} time{} in all.",
                plural(total),
                issue.findings.len(),
                plural(issue.findings.len())
            )
        };
        let certainty = if example.confidence == Confidence::Review {
            " A person needs to check it."
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<p>{reach}{certainty}{}</p>",
            match ctx.audience {
                Audience::Public => String::new(),
                _ => format!(
                    " Rule <code>{}</code>, {} ({}).{}",
                    escape(&rule.id),
                    issue.severity.as_str(),
                    rule.confidence.as_str(),
                    if rule.wcag.is_empty() {
                        String::new()
                    } else {
                        format!(" WCAG {}.", escape(&rule.wcag.join(", ")))
                    }
                ),
            }
        );
        if issue.repeated > 0 {
            let _ = writeln!(
                out,
                "<p>The same problem repeats on many pages. It is likely in the site's template, so one fix mends them all.</p>"
            );
        }
        // Each part is its own block, so a long list of who it affects
        // never runs into the label as one long sentence.
        let _ = writeln!(
            out,
            "<dl class=\"about\">\n<dt>Who it affects</dt><dd>{}.</dd>",
            escape(&capitalise(&rule.affects))
        );
        let _ = writeln!(
            out,
            "<dt>Who fixes it</dt><dd>{}.</dd>",
            capitalise(owner_words(rule.owner))
        );
        if ctx.audience != Audience::Developer {
            why(out, rule);
        }
        example_block(out, ctx, example);
        if ctx.audience == Audience::Developer {
            why(out, rule);
        }
        let _ = writeln!(out, "</dl>\n</div>");
    }
    if ctx.issues.len() > count {
        let more = ctx.issues.len() - count;
        let _ = writeln!(
            out,
            "<p>There {} {more} more kind{} of problem. See the page by page list.</p>",
            if more == 1 { "is" } else { "are" },
            plural(more)
        );
    }
    let _ = writeln!(out, "</section>");
}

fn why(out: &mut String, rule: &Rule) {
    let why = unwrap_text(&rule.why);
    let first = why.split("\n\n").next().unwrap_or_default();
    let _ = writeln!(
        out,
        "<dt>Why it matters to patients</dt><dd>{}</dd>",
        escape(first)
    );
}

fn example_block(out: &mut String, ctx: &Ctx, f: &Finding) {
    let place = match f.line {
        Some(line) => format!("line {line} of"),
        None => "the whole site:".to_owned(),
    };
    let _ = writeln!(
        out,
        "<dt>Example</dt><dd><p>{} <span class=\"page-url\">{}</span>.</p><p>{}</p>",
        capitalise(&place),
        escape(&f.page),
        escape(&sentence(&f.message))
    );
    if ctx.audience == Audience::Developer
        && let Some(selector) = &f.selector
    {
        let _ = writeln!(
            out,
            "<p><strong>Where:</strong> <code>{}</code></p>",
            escape(selector)
        );
    }
    if let Some(snippet) = &f.snippet {
        let _ = writeln!(
            out,
            "<p><strong>What the page has:</strong></p>\n<pre><code>{}</code></pre>",
            escape(snippet)
        );
    }
    let _ = writeln!(
        out,
        "</dd>\n<dt>How to fix it</dt><dd>{}</dd>",
        escape(&unwrap_text(&f.help))
    );
}

fn cannot_tell(out: &mut String, ctx: &Ctx) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"cannot-tell\">\n<h2 id=\"cannot-tell\">What this check cannot tell you</h2>"
    );
    let _ = writeln!(
        out,
        "<p>A computer can only check some things. A clean report does not mean the site is easy for everyone to use. Ask a person to look at these questions, or better, ask people who use the site.</p>"
    );
    for section in &ctx.catalogue.guide.sections {
        if section.checks_need_a_person.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<h3>{} {}</h3>\n<ul>",
            escape(&section.id),
            escape(&section.title)
        );
        for q in &section.checks_need_a_person {
            let _ = writeln!(out, "<li>{}</li>", escape(q));
        }
        let _ = writeln!(out, "</ul>");
    }
    let all = crate::wcag::a_and_aa().count();
    let untested: Vec<_> = crate::wcag::a_and_aa()
        .filter(|c| !ctx.ran.iter().any(|r| r.wcag.iter().any(|w| w == c.number)))
        .map(|c| (c.number, c.name, c.level))
        .collect();
    match ctx.audience {
        Audience::Public => {
            let _ = writeln!(
                out,
                "<p>The law asks public websites to meet a standard called the Web Content Accessibility Guidelines (WCAG). It has {} rules at level AA. carelint has no check for {} of them. A person must test those.</p>",
                all,
                untested.len()
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "<p>Automatic checks cover only part of WCAG 2.2. No carelint rule ran for these {} of the {} level A and AA success criteria, so they are not tested:</p>\n<ul>",
                untested.len(),
                all
            );
            for (sc, name, level) in untested {
                let _ = writeln!(out, "<li>{sc} {} (level {level})</li>", escape(name));
            }
            let _ = writeln!(
                out,
                "</ul>\n<p>Criteria that were checked still need a person: the checks find some failures, never all.</p>"
            );
        }
    }
    let _ = writeln!(out, "</section>");
}

fn criteria(out: &mut String, ctx: &Ctx) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"criteria\">\n<h2 id=\"criteria\">Results by criterion</h2>"
    );
    let _ = writeln!(
        out,
        "<p>Outcomes: Fail (a check is sure), Needs review (a person must confirm), Pass (automatic checks found nothing; a person must still test), Not tested (no check ran).</p>"
    );
    let _ = writeln!(
        out,
        "<div class=\"scroll\">\n<table>\n<caption>WCAG 2.2 level A and AA success criteria</caption>\n<thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\">Level</th><th scope=\"col\">Outcome</th><th scope=\"col\">Rules</th><th scope=\"col\">Evidence</th></tr></thead>\n<tbody>"
    );
    for c in crate::wcag::a_and_aa() {
        let (sc, name, level) = (c.number, c.name, c.level);
        let rules: Vec<&Rule> = ctx
            .ran
            .iter()
            .copied()
            .filter(|r| r.wcag.iter().any(|w| w == sc))
            .collect();
        let findings: Vec<&Finding> = ctx
            .report
            .findings
            .iter()
            .filter(|f| f.wcag.iter().any(|w| w == sc))
            .collect();
        let outcome = if rules.is_empty() {
            Outcome::NotTested
        } else {
            Outcome::of(findings.iter().copied())
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{sc} {}</th><td>{level}</td><td class=\"{}\"><span aria-hidden=\"true\">{} </span>{}</td><td>{}</td><td>{}</td></tr>",
            escape(name),
            outcome.class(),
            outcome.icon(),
            outcome.audit_words(),
            rules.len(),
            evidence(&findings)
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</div>");
    let _ = writeln!(
        out,
        "<div class=\"scroll\">\n<table>\n<caption>Guide rules</caption>\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Part</th><th scope=\"col\">WCAG</th><th scope=\"col\">Based on</th><th scope=\"col\">Outcome</th><th scope=\"col\">Pages</th><th scope=\"col\">Evidence</th></tr></thead>\n<tbody>"
    );
    for rule in ctx.catalogue.rules() {
        let ran = ctx.ran.iter().any(|r| r.id == rule.id);
        let issue = ctx.issues.iter().find(|i| i.rule == rule.id);
        let findings: Vec<&Finding> = issue.map(|i| i.findings.clone()).unwrap_or_default();
        let outcome = if ran {
            Outcome::of(findings.iter().copied())
        } else {
            Outcome::NotTested
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\"><span aria-hidden=\"true\">{} </span>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&rule.id),
            escape(&rule.section),
            escape(&rule.wcag.join(", ")),
            based_on(ctx, rule),
            outcome.class(),
            outcome.icon(),
            outcome.audit_words(),
            issue.map_or(0, |i| i.pages.len()),
            evidence(&findings)
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</div>\n</section>");
}

/// A rule's basis and its main source, linked, for the auditor's table: a
/// buyer quoting a finding needs to know whether it is law, a standard or
/// our own limit.
fn based_on(ctx: &Ctx, rule: &Rule) -> String {
    let basis = rule.basis;
    let mut text = escape(basis.plain());
    if let Some(source) = rule
        .sources
        .first()
        .and_then(|id| ctx.catalogue.guide.source(id))
    {
        // The title, not a link: the report links to nothing outside
        // itself; `carelint explain` and GUIDE.md give the address.
        let _ = write!(text, ": {}", escape(&source.title));
    }
    if rule.our_choice.is_some() {
        text.push_str(" (limit is our choice)");
    }
    text
}

/// The first finding as evidence: page, line, selector and snippet.
fn evidence(findings: &[&Finding]) -> String {
    let Some(f) = findings.first() else {
        return String::new();
    };
    let mut text = format!(
        "<span class=\"page-url\">{}</span>{}",
        escape(&f.page),
        f.line.map(|l| format!(", line {l}")).unwrap_or_default()
    );
    if let Some(selector) = &f.selector {
        let _ = write!(text, "<br><code>{}</code>", escape(selector));
    }
    if let Some(snippet) = &f.snippet {
        let _ = write!(text, "<pre><code>{}</code></pre>", escape(snippet));
    }
    if findings.len() > 1 {
        let _ = write!(text, "and {} more", findings.len() - 1);
    }
    text
}

fn matrix(out: &mut String, ctx: &Ctx) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"matrix\">\n<h2 id=\"matrix\">Pages and parts of the guide</h2>"
    );
    let _ = writeln!(
        out,
        "<p>Each row is a page. Each column is a part of the guide. A cell shows how many problems the checks found.</p>"
    );
    let sections = &ctx.catalogue.guide.sections;
    let _ = write!(out, "<ul>");
    for s in sections {
        let _ = write!(out, "<li>{}: {}</li>", escape(&s.id), escape(&s.title));
    }
    let _ = writeln!(out, "</ul>");
    let _ = write!(
        out,
        "<div class=\"scroll\">\n<table>\n<caption>Problems found on each page, by part of the guide</caption>\n<thead><tr><th scope=\"col\">Page</th>"
    );
    for s in sections {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&s.id));
    }
    let _ = writeln!(out, "</tr></thead>\n<tbody>");
    let mut clean = 0;
    for (n, page) in ctx.report.pages.iter().enumerate() {
        if ctx.audience == Audience::Public
            && page.error.is_none()
            && !ctx.by_page.contains_key(page.url.as_str())
        {
            clean += 1;
            continue;
        }
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#page-{}\" class=\"page-url\">{}</a></th>",
            n + 1,
            page_title_html(page)
        );
        if page.error.is_some() {
            let _ = writeln!(
                out,
                "<td colspan=\"{}\">Not checked</td></tr>",
                sections.len()
            );
            continue;
        }
        let findings = ctx
            .by_page
            .get(page.url.as_str())
            .map_or(&[][..], Vec::as_slice);
        for s in sections {
            let here: Vec<&Finding> = findings
                .iter()
                .copied()
                .filter(|f| f.section == s.id)
                .collect();
            let outcome = if ctx.ran.iter().any(|r| r.section == s.id) {
                Outcome::of(here.iter().copied())
            } else {
                Outcome::NotTested
            };
            let text = match outcome {
                Outcome::Pass => "none".to_owned(),
                Outcome::NotTested => "not checked".to_owned(),
                _ => here.len().to_string(),
            };
            let _ = write!(
                out,
                "<td class=\"{}\"><span aria-hidden=\"true\">{} </span>{text}</td>",
                outcome.class(),
                outcome.icon()
            );
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</div>");
    if clean > 0 {
        let _ = writeln!(
            out,
            "<p>{clean} more page{} had no problems found. They are listed at the end of the next part.</p>",
            plural(clean)
        );
    }
    let _ = writeln!(out, "</section>");
}

/// A page's title as HTML, in the page's own language when that is not
/// English, so screen readers read a Punjabi title in Punjabi.
fn page_title_html(page: &PageInfo) -> String {
    let name = escape(&page_name(page));
    if page.title.is_none() {
        return name;
    }
    match page.lang.as_deref().map(str::trim) {
        // Only a well-formed language tag is copied; the value is hostile.
        Some(lang)
            if !lang.is_empty()
                && lang.len() <= 35
                && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !lang.to_ascii_lowercase().starts_with("en") =>
        {
            format!("<span lang=\"{lang}\">{name}</span>")
        }
        _ => name,
    }
}

/// A page's title, or its address when it has none.
fn page_name(page: &PageInfo) -> String {
    page.title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(|| page.url.clone(), str::to_owned)
}

fn page_details(out: &mut String, ctx: &Ctx) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"pages\">\n<h2 id=\"pages\">Page by page</h2>"
    );
    let mut clean: Vec<String> = Vec::new();
    for (n, page) in ctx.report.pages.iter().enumerate() {
        let findings = ctx
            .by_page
            .get(page.url.as_str())
            .map_or(&[][..], Vec::as_slice);
        // Residents look for the problems: a page with none is one name in a
        // list at the end, not a heading of its own.
        if ctx.audience == Audience::Public && page.error.is_none() && findings.is_empty() {
            clean.push(page_title_html(page));
            continue;
        }
        let _ = writeln!(
            out,
            "<h3 id=\"page-{}\">{}</h3>\n<p>Address: <span class=\"page-url\">{}</span></p>",
            n + 1,
            page_title_html(page),
            escape(&page.url)
        );
        if let Some(error) = &page.error {
            let _ = writeln!(
                out,
                "<p>This page could not be checked: {}</p>",
                escape(error)
            );
            continue;
        }
        if let Some(r) = &page.readability {
            let words = reading_age_words(r.scores.reading_age);
            let _ = match ctx.audience {
                Audience::Public => writeln!(out, "<p>How hard it is to read: {words}.</p>"),
                _ => writeln!(
                    out,
                    "<p>Reading age: about {}, {words} (the guide aims for 11 or lower).</p>",
                    r.scores.reading_age
                ),
            };
        }
        if findings.is_empty() {
            let _ = writeln!(out, "<p>The checks found no problems on this page.</p>");
            continue;
        }
        let _ = writeln!(
            out,
            "<p>{} problem{} found:</p>\n<ul>",
            findings.len(),
            plural(findings.len())
        );
        if ctx.audience == Audience::Public {
            // Residents need the kinds of problem, not every quote of the
            // page's own hard words; the top issues show examples.
            let mut kinds: Vec<(&str, usize)> = Vec::new();
            for f in findings {
                match kinds.iter_mut().find(|(rule, _)| *rule == f.rule) {
                    Some((_, n)) => *n += 1,
                    None => kinds.push((f.rule.as_str(), 1)),
                }
            }
            for (rule, n) in kinds {
                let title = ctx.rule(rule).map_or(rule, |r| r.title.as_str());
                let times = if n == 1 {
                    String::new()
                } else {
                    format!(" ({n} times)")
                };
                let _ = writeln!(out, "<li>{}{times}.</li>", escape(title));
            }
            let _ = writeln!(out, "</ul>");
            continue;
        }
        for f in findings.iter().take(PER_PAGE) {
            let title = ctx
                .rule(&f.rule)
                .map_or(f.rule.as_str(), |r| r.title.as_str());
            let _ = write!(out, "<li><strong>{}</strong>", escape(title));
            if f.page != page.url {
                let _ = write!(out, " (a problem across the site)");
            }
            if f.confidence == Confidence::Review {
                let _ = write!(out, " (a person needs to check)");
            }
            let _ = write!(out, ". {}", escape(&sentence(&f.message)));
            if ctx.audience != Audience::Public {
                let _ = write!(
                    out,
                    " <br>Rule <code>{}</code>{}",
                    escape(&f.rule),
                    f.line.map(|l| format!(", line {l}")).unwrap_or_default()
                );
                if let Some(selector) = &f.selector {
                    let _ = write!(out, ", <code>{}</code>", escape(selector));
                }
                if let Some(snippet) = &f.snippet {
                    let _ = write!(out, "<pre><code>{}</code></pre>", escape(snippet));
                }
                if ctx.audience == Audience::Developer {
                    let _ = write!(out, "Fix: {}", escape(&unwrap_text(&f.help)));
                }
            }
            let _ = writeln!(out, "</li>");
        }
        let _ = writeln!(out, "</ul>");
        if findings.len() > PER_PAGE {
            let _ = writeln!(
                out,
                "<p>And {} more. The full data report lists them all.</p>",
                findings.len() - PER_PAGE
            );
        }
    }
    if !clean.is_empty() {
        let _ = writeln!(
            out,
            "<h3 id=\"clean-pages\">Pages with no problems found</h3>\n<p>{} page{}: {}.</p>",
            clean.len(),
            plural(clean.len()),
            clean.join(", ")
        );
    }
    // Findings about a whole site name a target, not a page.
    let site: Vec<&Finding> = ctx
        .report
        .findings
        .iter()
        .filter(|f| !ctx.by_page_is_page(&f.page))
        .collect();
    if !site.is_empty() {
        let _ = writeln!(out, "<h3 id=\"whole-site\">The whole site</h3>\n<ul>");
        for f in site {
            let title = ctx
                .rule(&f.rule)
                .map_or(f.rule.as_str(), |r| r.title.as_str());
            let _ = writeln!(
                out,
                "<li><strong>{}</strong>. {}</li>",
                escape(title),
                escape(&sentence(&f.message))
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "</section>");
}

fn method(out: &mut String, ctx: &Ctx) {
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

/// `2026-01-15` as "15 January 2026"; anything else as given.
pub(crate) fn long_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = date.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return date.to_owned();
    };
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) if y.len() == 4 => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => date.to_owned(),
    }
}

/// A message as a sentence: rule messages have no full stop of their own.
/// A reading age in words people use, not a number: "reading age 22" means
/// little to a resident.
fn reading_age_words(age: i32) -> &'static str {
    match age {
        ..=11 => "easy for most people to read",
        12..=13 => "a little harder than the NHS aims for",
        14..=16 => "harder than most adults find easy to read",
        _ => "very hard: many adults would struggle to read it",
    }
}

fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_could_break_out() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</style>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/style&gt;"
        );
        assert_eq!(escape("a\u{0}b"), "a\u{fffd}b");
    }

    #[test]
    fn page_titles_carry_only_well_formed_languages() {
        let mut page = PageInfo::new("https://gp.example/pa");
        page.title = Some("<b>ਪੰਜਾਬੀ</b>".to_owned());
        page.lang = Some("pa".to_owned());
        assert_eq!(
            page_title_html(&page),
            "<span lang=\"pa\">&lt;b&gt;ਪੰਜਾਬੀ&lt;/b&gt;</span>"
        );
        page.lang = Some("pa\" onmouseover=\"alert(1)".to_owned());
        assert_eq!(page_title_html(&page), "&lt;b&gt;ਪੰਜਾਬੀ&lt;/b&gt;");
        page.lang = Some("en-GB".to_owned());
        assert_eq!(page_title_html(&page), "&lt;b&gt;ਪੰਜਾਬੀ&lt;/b&gt;");
    }

    #[test]
    fn lists_every_level_a_and_aa_criterion_once() {
        let set: BTreeSet<&str> = crate::wcag::a_and_aa().map(|c| c.number).collect();
        assert_eq!(set.len(), 55);
        assert!(
            !set.contains("4.1.1"),
            "4.1.1 Parsing is gone from WCAG 2.2"
        );
    }

    #[test]
    fn joins_and_cases() {
        assert_eq!(
            join_and(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(capitalise("people who"), "People who");
        assert_eq!(long_date("2026-01-15"), "15 January 2026");
        assert_eq!(long_date("soon"), "soon");
    }
}
