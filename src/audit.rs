//! The audit engine: runs the selected rules over every page of every site.
//!
//! Pages are independent, so they are parsed and checked in parallel, each inside
//! one worker (scraper's DOM cannot cross threads); a worker sends back only plain
//! data: the page's row, its findings and the small facts site checks need. The
//! result is sorted, so it is identical however many threads ran.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, Rule};
use crate::checks::{Check, Emitter, Fact, SiteEmitter, SiteView};
use crate::finding::{Finding, Severity};
use crate::input::{PageInput, PageSource, SiteInput};
use crate::page::{Limits, Page};
use crate::prose;
use crate::readability::Scores;

/// One row of `pages[]` in the JSON report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    pub readability: Option<Scores>,
    /// The encoding the page was decoded from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

/// Counts by severity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BySeverity {
    /// Errors.
    pub error: usize,
    /// Warnings.
    pub warning: usize,
    /// Info.
    pub info: usize,
}

/// The `summary` object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Pages audited, including those that failed.
    pub pages: usize,
    /// Pages that could not be checked.
    pub pages_failed: usize,
    /// Findings reported.
    pub findings: usize,
    /// Findings by severity.
    pub by_severity: BySeverity,
    /// Findings by guide section id.
    pub by_section: BTreeMap<String, usize>,
}

/// Tool name and version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// Always `carelint`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

/// Guide version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideRef {
    /// Such as `2026.1`.
    pub version: String,
}

/// The whole result of an audit: the JSON report of CONTRACT.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Every finding, sorted by page, line, column and rule.
    pub findings: Vec<Finding>,
    /// Counts.
    pub summary: Summary,
}

/// How to run an audit.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    /// Resource limits per page.
    pub limits: Limits,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
}

/// A rule id given to `--only` or `--skip` that does not exist.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("unknown rule or section `{0}`")]
#[diagnostic(
    code(carelint::unknown_rule),
    help(
        "run `carelint rules` to list rule ids; a section id (G4) or slug (accessibility) selects all its rules"
    )
)]
pub struct UnknownRule(pub String);

/// The rules selected by `--only` and `--skip`, which take rule ids, section ids
/// or section slugs.
///
/// # Errors
/// Returns [`UnknownRule`] for a name that matches nothing.
pub fn select_rules<'a>(
    catalogue: &'a Catalogue,
    only: &[String],
    skip: &[String],
) -> Result<Vec<&'a Rule>, UnknownRule> {
    let matches = |rule: &Rule, name: &str| {
        rule.id == name
            || rule.section.eq_ignore_ascii_case(name)
            || rule.id.split('/').next() == Some(name)
    };
    for name in only.iter().chain(skip) {
        if !catalogue.rules().iter().any(|r| matches(r, name)) {
            return Err(UnknownRule(name.clone()));
        }
    }
    Ok(catalogue
        .rules()
        .iter()
        .filter(|r| only.is_empty() || only.iter().any(|n| matches(r, n)))
        .filter(|r| !skip.iter().any(|n| matches(r, n)))
        .collect())
}

/// A page's key and the facts its site rules collected.
type PageFacts = (String, Vec<(usize, Fact)>);

/// What one worker sends back for one page.
struct PageOutcome {
    site: usize,
    info: PageInfo,
    findings: Vec<Finding>,
    /// (index into the selected rules, fact) for each site rule.
    facts: Vec<(usize, Fact)>,
}

fn load(input: &PageInput) -> Result<Vec<u8>, String> {
    match &input.source {
        PageSource::Bytes(bytes) => Ok(bytes.clone()),
        PageSource::File(path) => {
            std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))
        }
    }
}

/// Parses and checks one page. Never panics on bad input: a page that cannot be
/// checked comes back with its `error` set and no findings.
fn audit_page(site: usize, input: &PageInput, rules: &[&Rule], limits: Limits) -> PageOutcome {
    let mut info = PageInfo {
        url: input.key.clone(),
        status: None,
        error: None,
        title: None,
        lang: None,
        bytes: None,
        readability: None,
        encoding: None,
    };
    let mut findings = Vec::new();
    let mut facts = Vec::new();
    let bytes = match load(input) {
        Ok(b) => b,
        Err(e) => {
            info.error = Some(e);
            return PageOutcome {
                site,
                info,
                findings,
                facts,
            };
        }
    };
    info.bytes = Some(bytes.len() as u64);
    let page = match Page::from_bytes(input.key.clone(), &bytes, None, limits) {
        Ok(p) => p,
        Err(e) => {
            info.error = Some(e.to_string());
            return PageOutcome {
                site,
                info,
                findings,
                facts,
            };
        }
    };
    info.title = page.title();
    info.lang = page.lang().map(str::to_owned);
    info.encoding = Some(page.encoding().to_owned());
    info.readability = prose::page_scores(&page, prose::MIN_WORDS);
    for (index, rule) in rules.iter().enumerate() {
        match &rule.check {
            Check::Page(check) => {
                let mut out = Emitter {
                    rule,
                    page: &page,
                    findings: &mut findings,
                };
                check.check(&page, &mut out);
            }
            Check::Site(check) => facts.push((index, check.collect(&page))),
        }
    }
    PageOutcome {
        site,
        info,
        findings,
        facts,
    }
}

/// Audits every page of every site with the given rules.
#[must_use]
pub fn run(
    sites: &[SiteInput],
    catalogue: &Catalogue,
    rules: &[&Rule],
    options: &AuditOptions,
) -> AuditReport {
    let work: Vec<(usize, &PageInput)> = sites
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.pages.iter().map(move |p| (i, p)))
        .collect();
    let limits = options.limits;
    let audit_all = || -> Vec<PageOutcome> {
        work.par_iter()
            .map(|(site, input)| audit_page(*site, input, rules, limits))
            .collect()
    };
    let outcomes = match rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
    {
        Ok(pool) => pool.install(audit_all),
        Err(_) => audit_all(),
    };

    let mut findings: Vec<Finding> = Vec::new();
    let mut pages = Vec::with_capacity(outcomes.len());
    let mut site_facts: Vec<Vec<PageFacts>> = sites.iter().map(|_| Vec::new()).collect();
    for outcome in outcomes {
        findings.extend(outcome.findings);
        if outcome.info.error.is_none() {
            site_facts[outcome.site].push((outcome.info.url.clone(), outcome.facts));
        }
        pages.push(outcome.info);
    }
    for (site, facts) in sites.iter().zip(&site_facts) {
        if !site.is_site {
            continue;
        }
        for (index, rule) in rules.iter().enumerate() {
            let Check::Site(check) = &rule.check else {
                continue;
            };
            let view = SiteView {
                target: &site.target,
                pages: facts
                    .iter()
                    .filter_map(|(key, f)| {
                        f.iter()
                            .find(|(i, _)| *i == index)
                            .map(|(_, fact)| (key.as_str(), fact.as_ref()))
                    })
                    .collect(),
            };
            let mut out = SiteEmitter {
                rule,
                findings: &mut findings,
            };
            check.check(&view, &mut out);
        }
    }

    pages.sort_by(|a, b| a.url.cmp(&b.url));
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let summary = summarise(&pages, &findings);
    AuditReport {
        schema_version: 1,
        tool: Tool {
            name: "carelint".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        },
        guide: GuideRef {
            version: catalogue.guide.version.clone(),
        },
        targets: sites.iter().map(|s| s.target.clone()).collect(),
        pages,
        findings,
        summary,
    }
}

/// Counts pages and findings.
#[must_use]
pub fn summarise(pages: &[PageInfo], findings: &[Finding]) -> Summary {
    let mut summary = Summary {
        pages: pages.len(),
        pages_failed: pages.iter().filter(|p| p.error.is_some()).count(),
        findings: findings.len(),
        ..Summary::default()
    };
    for f in findings {
        match f.severity {
            Severity::Error => summary.by_severity.error += 1,
            Severity::Warning => summary.by_severity.warning += 1,
            Severity::Info => summary.by_severity.info += 1,
        }
        *summary.by_section.entry(f.section.clone()).or_insert(0) += 1;
    }
    summary
}
