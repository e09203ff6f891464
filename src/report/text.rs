//! Terminal output: each finding as a snippet of the page source with a label at
//! the exact spot, then a summary per guide section.
//!
//! Findings carry a small excerpt of their page, so this reporter never needs the
//! pages themselves; a minified page still prints a few hundred bytes a finding.

use std::fmt::{self, Display, Write as _};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::finding::{Excerpt, Finding, Severity};
use crate::guide::Guide;
use crate::report::model::AuditReport;
use crate::wording::plural;

use super::RenderOptions;

/// An excerpt that reports line numbers as they are in the whole page.
#[derive(Debug)]
struct ExcerptSource<'a> {
    name: String,
    excerpt: &'a Excerpt,
}

impl SourceCode for ExcerptSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self
            .excerpt
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let first = self.excerpt.first_line as usize;
        // On the excerpt's first line, columns start where the window starts.
        let column = if inner.line() == 0 {
            inner.column() + (self.excerpt.first_column as usize).saturating_sub(1)
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + first.saturating_sub(1),
            column,
            inner.line_count(),
        )))
    }
}

/// A finding seen as a miette diagnostic.
#[derive(Debug)]
struct Shown<'a> {
    finding: &'a Finding,
    source: Option<ExcerptSource<'a>>,
    help: String,
}

impl Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn Display + 'b>> {
        Some(Box::new(&self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn Display + 'b>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let excerpt = self.finding.excerpt.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.finding.label.clone()),
            SourceSpan::from(excerpt.offset..excerpt.offset + excerpt.len),
        ))))
    }
}

/// Renders the whole report for a terminal.
#[must_use]
pub fn render(report: &AuditReport, guide: &Guide, options: &RenderOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width.max(60))
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    // A problem in a shared template repeats on every page that uses it: show
    // it once, with the other pages named.
    let mut issues: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for f in &report.findings {
        if let Some(id) = &f.issue_id {
            let pages = issues.entry(id).or_default();
            if !pages.contains(&f.page.as_str()) {
                pages.push(&f.page);
            }
        }
    }
    let mut shown_issues = std::collections::HashSet::new();
    for finding in &report.findings {
        // Accepted findings are counted in the summary, not shown again.
        if finding.baseline == Some(crate::finding::BaselineStatus::Known) {
            continue;
        }
        let others: &[&str] = match finding.issue_id.as_deref() {
            Some(id) => {
                let pages = issues.get(id).map_or(&[][..], Vec::as_slice);
                if pages.len() > 1 && !shown_issues.insert(id) {
                    continue;
                }
                if pages.len() > 1 { &pages[1..] } else { &[] }
            }
            None => &[],
        };
        let section = guide
            .section(&finding.section)
            .map_or(String::new(), |s| format!("{} {}", s.id, s.title));
        let mut help = finding.help.clone();
        let _ = write!(help, "\nAffects: {}", finding.affects);
        let _ = write!(help, "\nGuide: {section}");
        if !finding.wcag.is_empty() {
            let _ = write!(help, " \u{b7} WCAG {}", finding.wcag.join(", "));
        }
        if finding.confidence == crate::finding::Confidence::Review {
            help.push_str(" \u{b7} needs a person to confirm");
        }
        let source = finding.excerpt.as_ref().map(|excerpt| ExcerptSource {
            name: finding.page.clone(),
            excerpt,
        });
        if source.is_none() {
            let _ = write!(help, "\nSite: {}", finding.page);
        }
        if !others.is_empty() {
            let names = crate::wording::first_names(others, 3);
            let _ = write!(
                help,
                "\nThe same problem is on {} (a shared template): {names}",
                plural(others.len(), "other page", "other pages")
            );
        }
        let shown = Shown {
            finding,
            source,
            help,
        };
        let _ = handler.render_report(&mut out, &shown);
        out.push('\n');
    }
    for page in report.pages.iter().filter(|p| p.error.is_some()) {
        match &page.skipped {
            Some(why) => {
                let _ = writeln!(out, "skipped {}: {why}", page.url);
            }
            None => {
                let _ = writeln!(
                    out,
                    "could not check {}: {}",
                    page.url,
                    page.error.as_deref().unwrap_or_default()
                );
            }
        }
    }
    for page in &report.pages {
        for problem in &page.suppression_problems {
            let _ = writeln!(out, "warning: {}: {problem}", page.url);
        }
    }
    out.push_str(&summary(report, guide, options.fail_on));
    out
}

/// With `--render`: how many pages were audited as a browser built them,
/// and what was kept from other hosts. Empty otherwise.
fn rendered_line(report: &AuditReport) -> String {
    let rendered = report.pages.iter().filter(|p| p.rendered).count();
    if rendered == 0 {
        return String::new();
    }
    let blocked: u64 = report.pages.iter().map(|p| p.blocked_requests).sum();
    format!(
        "Rendered {} in a browser: findings point into the page as its scripts left it{}.\n",
        plural(rendered, "page", "pages"),
        if blocked == 0 {
            String::new()
        } else {
            format!(
                "; {} to other sites {} blocked",
                plural(
                    usize::try_from(blocked).unwrap_or(usize::MAX),
                    "request",
                    "requests"
                ),
                if blocked == 1 { "was" } else { "were" }
            )
        }
    )
}

/// What the crawl did and did not cover.
fn crawl_lines(crawl: &crate::report::model::CrawlSummary) -> String {
    let mut out = String::new();
    let k = &crawl.skipped;
    let took = if crawl.seconds > 0.0 {
        format!(" in {:.1} s", crawl.seconds)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "Crawled {}{took}; robots.txt {}.",
        if crawl.hosts.is_empty() {
            "nothing".to_owned()
        } else {
            crawl.hosts.join(", ")
        },
        crawl.robots
    );
    if let Some(why) = &crawl.stopped {
        let _ = writeln!(
            out,
            "The crawl stopped early: {why}. This report covers only part of the site."
        );
    }
    if crawl.limit_reached {
        let _ = writeln!(
            out,
            "Stopped at --max-pages {}: {} more left unchecked. Raise --max-pages to audit them.",
            crawl.max_pages,
            plural(k.max_pages, "page was", "pages were")
        );
    }
    let mut left = Vec::new();
    for (n, one, many) in [
        (
            k.depth,
            "page deeper than --depth",
            "pages deeper than --depth",
        ),
        (
            k.out_of_scope,
            "link outside the site or excluded",
            "links outside the site or excluded",
        ),
        (
            k.trap,
            "URL that looked like a crawler trap",
            "URLs that looked like a crawler trap",
        ),
    ] {
        if n > 0 {
            left.push(plural(n, one, many));
        }
    }
    if !left.is_empty() {
        let _ = writeln!(out, "Not followed: {}.", left.join(", "));
    }
    if !crawl.documents.is_empty() {
        let _ = writeln!(
            out,
            "Found {} (PDF, Word and other files), listed in the JSON report.",
            plural(crawl.documents.len(), "linked document", "linked documents")
        );
    }
    if crawl.stylesheets_unread > 0 {
        let _ = writeln!(
            out,
            "Could not read {} (on another site, blocked by robots.txt, too large or failed): colours they may set were not judged.",
            plural(crawl.stylesheets_unread, "style sheet", "style sheets")
        );
    }
    // Gaps the JSON records that a reader of the text must not miss.
    for pattern in &crawl.include_unmatched {
        let _ = writeln!(
            out,
            "warning: --include {pattern} matched no URL the crawl found: check it for a typo."
        );
    }
    let failed: Vec<&crate::report::model::SitemapRead> = crawl
        .sitemaps
        .iter()
        .filter(|s| s.error.is_some())
        .collect();
    for sitemap in failed.iter().take(3) {
        let _ = writeln!(
            out,
            "The sitemap {} could not be used ({}): pages only it lists were not found.",
            sitemap.url,
            sitemap.error.as_deref().unwrap_or("unknown error")
        );
    }
    if failed.len() > 3 {
        let _ = writeln!(
            out,
            "{} could not be used; the JSON report lists them.",
            plural(failed.len() - 3, "more sitemap", "more sitemaps")
        );
    }
    for url in &crawl.statements_beyond_limits {
        let _ = writeln!(
            out,
            "Also checked {url}, beyond the crawl's limits: it looks like the accessibility statement, which the statement rules need."
        );
    }
    if crawl.assets_unmeasured > 0 {
        let _ = writeln!(
            out,
            "Page weight: {} not measured (on other sites, over the limit or failed), so page weights may be low.",
            plural(
                crawl.assets_unmeasured,
                "file a page loads was",
                "files pages load were"
            )
        );
    }
    out
}

/// The per-section summary that ends text output.
fn summary(
    report: &AuditReport,
    guide: &Guide,
    fail_on: Option<crate::finding::Severity>,
) -> String {
    let mut out = String::new();
    let s = &report.summary;
    let checked = s.pages.saturating_sub(s.pages_failed + s.pages_skipped);
    let mut not_checked = Vec::new();
    if s.pages_failed > 0 {
        not_checked.push(format!(
            "{} could not be checked",
            plural(s.pages_failed, "page", "pages")
        ));
    }
    if s.pages_skipped > 0 {
        not_checked.push(format!(
            "{} skipped",
            plural(s.pages_skipped, "page", "pages")
        ));
    }
    let _ = writeln!(
        out,
        "\nChecked {} against the Inclusive Digital Health Guide {}{}.",
        plural(checked, "page", "pages"),
        report.guide.version,
        if not_checked.is_empty() {
            String::new()
        } else {
            format!(" ({})", not_checked.join(", "))
        }
    );
    out.push_str(&rendered_line(report));
    if let Some(crawl) = &report.crawl {
        out.push_str(&crawl_lines(crawl));
    }
    for section in &guide.sections {
        let here: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.section == section.id)
            .collect();
        if here.is_empty() {
            continue;
        }
        let count = |sev: Severity| here.iter().filter(|f| f.severity == sev).count();
        let mut parts = Vec::new();
        for (sev, one, many) in [
            (Severity::Error, "error", "errors"),
            (Severity::Warning, "warning", "warnings"),
            (Severity::Info, "note", "notes"),
        ] {
            let n = count(sev);
            if n > 0 {
                parts.push(plural(n, one, many));
            }
        }
        let mut pages: Vec<&str> = here.iter().flat_map(|f| f.affected_pages()).collect();
        pages.sort_unstable();
        pages.dedup();
        let _ = writeln!(
            out,
            "  {:<4} {:<28} {} on {}",
            section.id,
            section.title,
            parts.join(", "),
            plural(pages.len(), "page", "pages")
        );
    }
    let b = &s.by_severity;
    let _ = writeln!(
        out,
        "{}, {}, {}.",
        plural(b.error, "error", "errors"),
        plural(b.warning, "warning", "warnings"),
        plural(b.info, "note", "notes")
    );
    if let Some(b) = &s.baseline {
        let _ = writeln!(
            out,
            "Baseline: {} new, {} known (accepted, not shown), {} fixed{}.",
            b.new,
            b.known,
            b.fixed,
            if b.expired > 0 {
                format!(", {} expired (counted as new)", b.expired)
            } else {
                String::new()
            }
        );
    }
    let by_config = report
        .suppressed
        .iter()
        .filter(|x| x.by.starts_with("carelint.toml"))
        .count();
    let inline = s.suppressed.saturating_sub(by_config);
    if by_config > 0 {
        let _ = writeln!(
            out,
            "{} ignored by carelint.toml.",
            plural(by_config, "finding", "findings")
        );
    }
    if inline > 0 {
        let _ = writeln!(
            out,
            "{} accepted with a written reason (suppressed); the JSON report lists them.",
            plural(inline, "finding was", "findings were")
        );
    }
    if s.findings_not_listed > 0 {
        let _ = writeln!(
            out,
            "{} not listed: where one rule found more than {max} on one page, only the first {max} are shown.",
            plural(
                s.findings_not_listed,
                "more finding was",
                "more findings were"
            ),
            max = crate::report::model::MAX_FINDINGS_PER_RULE
        );
    }
    let _ = writeln!(out, "{}", super::verdict::line(report, fail_on));
    out
}

#[cfg(test)]
mod tests {
    use super::crawl_lines;
    use crate::report::model::{CrawlSummary, SitemapRead};

    #[test]
    fn the_crawl_summary_names_its_gaps() {
        let mut crawl = CrawlSummary {
            hosts: vec!["www.oaksurgery.nhs.uk".to_owned()],
            robots: "obeyed".to_owned(),
            ..CrawlSummary::default()
        };
        let clean = crawl_lines(&crawl);
        assert!(
            !clean.contains("sitemap") && !clean.contains("Page weight"),
            "{clean}"
        );
        crawl.sitemaps = vec![
            SitemapRead {
                url: "https://www.oaksurgery.nhs.uk/sitemap.xml".to_owned(),
                pages: 12,
                error: None,
            },
            SitemapRead {
                url: "https://www.oaksurgery.nhs.uk/news-sitemap.xml".to_owned(),
                pages: 0,
                error: Some("HTTP 500".to_owned()),
            },
        ];
        crawl.assets_unmeasured = 4;
        crawl.include_unmatched = vec!["/appointmnets/**".to_owned()];
        crawl.statements_beyond_limits =
            vec!["https://www.oaksurgery.nhs.uk/accessibility".to_owned()];
        let text = crawl_lines(&crawl);
        assert!(
            text.contains("warning: --include /appointmnets/** matched no URL the crawl found"),
            "{text}"
        );
        assert!(
            text.contains("The sitemap https://www.oaksurgery.nhs.uk/news-sitemap.xml could not be used (HTTP 500)"),
            "{text}"
        );
        assert!(!text.contains("/sitemap.xml could not"), "{text}");
        assert!(
            text.contains("Page weight: 4 files pages load were not measured"),
            "{text}"
        );
    }
}
