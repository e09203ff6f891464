//! The report model: what an audit produces and every reporter, `diff`,
//! `baseline` and `report` read. The engine and the crawler fill it in; the
//! JSON report is these types serialised, and `schemas/report.schema.json`
//! is made from them. Nothing here knows how a report was made.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Suppressed};
use crate::prose::PageReadability;
use crate::weight::PageWeight;

/// Whether a target or page key is a web address (a crawled page) rather
/// than a local path. The scheme may be in any case, as users type it.
#[must_use]
pub fn is_url(target: &str) -> bool {
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Findings listed per rule and page unless the audit is told otherwise;
/// past it they are counted in `findings_not_listed`, not listed. It lives
/// in the report model, not the engine, because reporters explain the cap
/// to readers and must not reach into the engine to learn it.
pub const MAX_FINDINGS_PER_RULE: usize = 50;

/// One row of `pages[]` in the JSON report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PageInfo {
    /// URL, or path as reached from the target.
    pub url: String,
    /// HTTP status, for crawled pages.
    pub status: Option<u16>,
    /// Why the page could not be checked, if it could not.
    pub error: Option<String>,
    /// The `<title>` text.
    pub title: Option<String>,
    /// The `<html lang>` value.
    pub lang: Option<String>,
    /// Size of the page as fetched or read, in bytes.
    pub bytes: Option<u64>,
    /// Readability of the main English prose, or `null` under 100 words.
    pub readability: Option<PageReadability>,
    /// The encoding the page was decoded from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Why the page was deliberately not fetched (robots.txt, a redirect off the
    /// site). Such pages also have `error` set, since they were not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// Crawled pages: where redirects ended, when they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
    /// Crawled pages: the redirects followed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<RedirectHop>,
    /// Crawled pages: the Content-Type header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Crawled pages: milliseconds to fetch, including redirects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_ms: Option<u64>,
    /// Crawled pages: link depth from a start page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth: Option<usize>,
    /// Crawled pages: the first page that linked here, or `sitemap`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found_on: Option<String>,
    /// The page's `<link rel="canonical">`, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// What the page costs to open: its HTML and the files it loads, where
    /// they could be measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<PageWeight>,
    /// Suppression comments that do nothing (no reason, no rule), with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppression_problems: Vec<String>,
    /// Rule names written in the page's suppression comments, with their
    /// lines: checked against the catalogue when the report is made, then
    /// not kept.
    #[serde(skip)]
    pub suppression_names: Vec<(u32, String)>,
    /// Findings on this page left out of `findings[]` because one rule found
    /// more than [`AuditOptions::max_findings_per_rule`] here: counted, not listed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub findings_not_listed: usize,
    /// With `--render`: the page was loaded in a browser and the DOM its
    /// scripts built was audited, so lines and columns point into that
    /// snapshot (kept beside the source by `--archive`), not into the HTML
    /// as served.
    #[serde(default, skip_serializing_if = "is_false")]
    pub rendered: bool,
    /// With `--render`: requests the page made to hosts outside the audit,
    /// which were blocked.
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub blocked_requests: u64,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero_u64(n: &u64) -> bool {
    *n == 0
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl PageInfo {
    /// A row with only the URL filled in.
    #[must_use]
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            status: None,
            error: None,
            title: None,
            lang: None,
            bytes: None,
            readability: None,
            encoding: None,
            skipped: None,
            final_url: None,
            redirects: Vec::new(),
            content_type: None,
            time_ms: None,
            depth: None,
            found_on: None,
            canonical: None,
            weight: None,
            suppression_problems: Vec::new(),
            suppression_names: Vec::new(),
            findings_not_listed: 0,
            rendered: false,
            blocked_requests: 0,
        }
    }
}

/// Counts by severity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BySeverity {
    /// Errors.
    pub error: usize,
    /// Warnings.
    pub warning: usize,
    /// Info.
    pub info: usize,
}

/// The `summary` object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Summary {
    /// Pages audited, including those that failed.
    pub pages: usize,
    /// Pages that could not be checked (not counting skipped ones).
    pub pages_failed: usize,
    /// Pages deliberately not fetched (robots.txt, redirects off the site).
    #[serde(default)]
    pub pages_skipped: usize,
    /// Findings found: those in `findings[]` and those counted in
    /// `findings_not_listed`.
    pub findings: usize,
    /// Findings by severity.
    pub by_severity: BySeverity,
    /// Findings by guide section id.
    pub by_section: BTreeMap<String, usize>,
    /// Findings accepted in writing (inline comments, `[[ignore]]` in the
    /// config): not in `findings[]`, listed in `suppressed[]`.
    #[serde(default)]
    pub suppressed: usize,
    /// New, known and fixed counts when a baseline is in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<crate::baseline::Counts>,
    /// Findings counted (in `findings`, `by_severity` and `by_section`) but
    /// not listed in `findings[]`: past
    /// [`AuditOptions::max_findings_per_rule`] for one rule on one page.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub findings_not_listed: usize,
}

/// Tool name and version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tool {
    /// Always `carelint`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

/// Guide version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GuideRef {
    /// Such as `2026.1`.
    pub version: String,
}

/// The whole result of an audit: the JSON report of CONTRACT.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AuditReport {
    /// Always 1 for this layout.
    pub schema_version: u32,
    /// The tool.
    pub tool: Tool,
    /// The guide version.
    pub guide: GuideRef,
    /// The targets as given.
    pub targets: Vec<String>,
    /// Every page, sorted by URL.
    pub pages: Vec<PageInfo>,
    /// When the audit started, RFC 3339 in UTC (`SOURCE_DATE_EPOCH` when set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<String>,
    /// When the audit finished, RFC 3339 in UTC (`SOURCE_DATE_EPOCH` when set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished: Option<String>,
    /// Every finding, sorted by page, line, column and rule.
    pub findings: Vec<Finding>,
    /// Findings past [`AuditOptions::max_findings_per_rule`] for one rule on
    /// one page: counted in the summary and in each page's
    /// `findings_not_listed`, never written out; kept so a baseline can be
    /// made from everything found.
    #[serde(skip)]
    #[schemars(skip)]
    pub not_listed: Vec<Finding>,
    /// What comparing with the baseline found (fixed and expired entries),
    /// for the command to warn about; never written out.
    #[serde(skip)]
    #[schemars(skip)]
    pub baseline_comparison: Option<crate::baseline::Comparison>,
    /// Counts.
    pub summary: Summary,
    /// How the site was crawled, for audits of live sites.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crawl: Option<CrawlSummary>,
    /// Findings accepted in writing, each with its reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<Suppressed>,
    /// The crawl's `--include`/`--exclude` patterns and how it signed in, when
    /// any were given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<AuditScope>,
    /// The `--only` and `--skip` choices, when any were made, so reporters
    /// (JUnit lists every rule that ran) can tell which rules ran without
    /// listing them all in every report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection: Option<RuleSelection>,
}

/// How an audit chose and fetched its pages, beyond its targets: kept in the
/// report so a report made again from it shows the same scope. Never holds
/// secrets: sign-in is named, never valued.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AuditScope {
    /// `--include` patterns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// `--exclude` patterns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// How the crawl signed in, named but never valued: `the Authorization
    /// header`, `a cookies file`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auth: Vec<String>,
}

impl AuditScope {
    /// Whether nothing narrowed or opened the audit.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty() && self.auth.is_empty()
    }
}

/// What `--only` and `--skip` were given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RuleSelection {
    /// Rule ids, section ids or slugs to run; empty for all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub only: Vec<String>,
    /// Rule ids, section ids or slugs to leave out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skip: Vec<String>,
    /// Opt-in rules the config file turned on by giving them a level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opt_in: Vec<String>,
}

impl AuditReport {
    /// The day the audit started (`YYYY-MM-DD`), when the report says.
    #[must_use]
    pub fn audit_date(&self) -> Option<&str> {
        self.started.as_deref().and_then(|t| t.get(..10))
    }
}

// ---------------------------------------------------------------------------
// The crawl's part of the report
// ---------------------------------------------------------------------------

/// One hop of a redirect chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RedirectHop {
    /// The URL that redirected.
    pub url: String,
    /// Its status (301, 302, 303, 307 or 308).
    pub status: u16,
}

/// A linked document or other non-HTML response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Document {
    /// Its URL.
    pub url: String,
    /// The first page that linked to it.
    pub found_on: Option<String>,
    /// HTTP status, if it was asked for (documents on other sites are not).
    pub status: Option<u16>,
    /// The Content-Type.
    pub content_type: Option<String>,
    /// Its size, from Content-Length.
    pub bytes: Option<u64>,
    /// Why its headers could not be fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A sitemap the crawl read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SitemapRead {
    /// Its URL.
    pub url: String,
    /// Page URLs it listed.
    pub pages: usize,
    /// Why it could not be used.
    pub error: Option<String>,
}

/// URLs found but not visited, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Skipped {
    /// On another site, or excluded by `--include`/`--exclude`.
    pub out_of_scope: usize,
    /// Disallowed by robots.txt (also listed in `pages[]`).
    pub robots: usize,
    /// Caught by a crawler-trap guard.
    pub trap: usize,
    /// Beyond `--max-pages`.
    pub max_pages: usize,
    /// Beyond `--depth`.
    pub depth: usize,
    /// Images, scripts, styles and other files that are not pages.
    pub assets: usize,
}

/// The crawl's own facts, for the report's method box.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CrawlSummary {
    /// The User-Agent sent.
    pub user_agent: String,
    /// `obeyed`, or `ignored (--ignore-robots)`.
    pub robots: String,
    /// Hosts crawled.
    pub hosts: Vec<String>,
    /// `--max-pages`.
    pub max_pages: usize,
    /// `--depth`.
    pub max_depth: usize,
    /// Whether links were followed.
    pub followed_links: bool,
    /// Whether the crawl stopped at `--max-pages` with pages left.
    pub limit_reached: bool,
    /// Why the crawl stopped early, if it did: the report then covers only part of
    /// the site.
    pub stopped: Option<String>,
    /// URLs found in the site (pages, documents and everything skipped).
    pub urls_found: usize,
    /// Skipped URLs by reason.
    pub skipped: Skipped,
    /// A few examples of URLs the trap guard stopped, with the reason.
    pub trap_examples: Vec<String>,
    /// Sitemaps read.
    pub sitemaps: Vec<SitemapRead>,
    /// Linked documents (PDF, Word...) and other non-HTML responses.
    pub documents: Vec<Document>,
    /// Seconds the crawl took; left out (0) when `SOURCE_DATE_EPOCH` fixes the
    /// time, so two runs give the same bytes.
    #[serde(default, skip_serializing_if = "is_zero_seconds")]
    pub seconds: f64,
    /// Same-site files (styles, scripts, images, fonts) measured for page weight.
    #[serde(default)]
    pub assets_measured: usize,
    /// Files pages load that were not measured: on other sites, beyond the
    /// limit, or failed.
    #[serde(default)]
    pub assets_unmeasured: usize,
    /// Same-site style sheets read for the pages' colours (each once).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub stylesheets_read: usize,
    /// Style sheets pages link that were not read (on another site, blocked
    /// by robots.txt, too large, failed); colours they may set count as
    /// unknown.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub stylesheets_unread: usize,
    /// `--include` patterns that matched no URL the crawl found on the site.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include_unmatched: Vec<String>,
    /// Accessibility statement links fetched beyond `--depth` or
    /// `--max-pages` (at most two), because the statement rules need the page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements_beyond_limits: Vec<String>,
}

fn is_zero_seconds(seconds: &f64) -> bool {
    *seconds == 0.0
}
