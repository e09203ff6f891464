//! The findings policy: what a run does to the findings its checks made,
//! in one place and one order, before any report sees them.
//!
//! 1. **Levels**: `carelint.toml` may raise or lower a rule's severity, or
//!    make it `review`. (A rule turned `off` is never run: selection drops it.)
//! 2. **Ignores**: `[[ignore]]` entries in force on the audit's day move
//!    the findings they cover to `suppressed[]`. Inline comments were
//!    applied when each finding was made, because only then is the page's
//!    markup at hand to say what a comment covers.
//! 3. **Order**: findings are sorted, so every run lists them alike.
//! 4. **Fingerprints**: every finding found gets its stable fingerprint,
//!    counted in report order, so identical findings on one page are told
//!    apart the same way every run.
//! 5. **Baseline**: each finding is marked `new` or `known`. This needs the
//!    fingerprints, and comes before the cap: a finding the cap leaves out
//!    is still known or new, and its baseline entry is not "fixed".
//! 6. **Cap**: past `max_findings_per_rule` for one rule on one page,
//!    findings are counted, not listed.
//! 7. **Summary**: counts from everything found, listed or not.
//!
//! Before this module the steps ran in four places, in a different order
//! each time, and a config with levels or ignores counted the findings a
//! second time.

use std::collections::HashMap;
use std::sync::Arc;

use crate::baseline::{Baseline, Comparison};
use crate::config::{Config, Ignore, Level};
use crate::finding::fingerprint;
use crate::finding::{Confidence, Finding, Severity, Suppressed};
use crate::report::model::{PageInfo, Summary};

/// What the policy needs besides the findings: the settings of the run.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// The configuration file's levels and ignores, if there is one.
    pub config: Option<Arc<Config>>,
    /// The baseline findings are compared with, if there is one.
    pub baseline: Option<Arc<Baseline>>,
    /// Most findings listed for one rule on one page; 0 lists them all.
    pub max_findings_per_rule: usize,
}

/// The findings of a run after the policy.
#[derive(Debug, Default)]
pub struct Settled {
    /// Findings listed in the report, in report order.
    pub findings: Vec<Finding>,
    /// Findings the cap counts but does not list.
    pub not_listed: Vec<Finding>,
    /// Findings accepted in writing, sorted.
    pub suppressed: Vec<Suppressed>,
    /// The report's summary.
    pub summary: Summary,
    /// What comparing with the baseline found, when there is one.
    pub comparison: Option<Comparison>,
}

impl Policy {
    /// Applies the policy to a run's findings. `pages` get their
    /// `findings_not_listed`; `today` (`YYYY-MM-DD`) is the audit's own day,
    /// for ignores and baseline entries that expire.
    #[must_use]
    pub fn settle(
        &self,
        mut findings: Vec<Finding>,
        mut suppressed: Vec<Suppressed>,
        pages: &mut [PageInfo],
        today: &str,
    ) -> Settled {
        if let Some(config) = &self.config {
            set_levels(config, &mut findings);
            findings = ignore(config, today, findings, &mut suppressed);
        }
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        fingerprint::assign(&mut findings);
        let comparison = self
            .baseline
            .as_ref()
            .map(|b| b.compare(&mut findings, today));
        let not_listed = cap(&mut findings, self.max_findings_per_rule);
        count_not_listed(pages, &not_listed);
        suppressed.sort_by(|a, b| {
            (&a.page, a.line, &a.rule, &a.by).cmp(&(&b.page, b.line, &b.rule, &b.by))
        });
        let mut summary = summarise(pages, &findings, &not_listed);
        summary.suppressed = suppressed.len();
        summary.baseline = comparison.as_ref().map(|c| c.counts.clone());
        Settled {
            findings,
            not_listed,
            suppressed,
            summary,
            comparison,
        }
    }
}

/// Step 1: the levels the configuration gives rules and sections.
fn set_levels(config: &Config, findings: &mut [Finding]) {
    for finding in findings {
        match config.level(&finding.rule, &finding.section) {
            Some(Level::Error) => finding.severity = Severity::Error,
            Some(Level::Warning) => finding.severity = Severity::Warning,
            Some(Level::Info) => finding.severity = Severity::Info,
            Some(Level::Review) => finding.confidence = Confidence::Review,
            Some(Level::Off) | None => {}
        }
    }
}

/// Step 2: `[[ignore]]` entries in force on `today`.
fn ignore(
    config: &Config,
    today: &str,
    findings: Vec<Finding>,
    suppressed: &mut Vec<Suppressed>,
) -> Vec<Finding> {
    let active: Vec<&Ignore> = config
        .ignores
        .iter()
        .filter(|i| i.in_force(today))
        .collect();
    if active.is_empty() {
        return findings;
    }
    let mut kept = Vec::with_capacity(findings.len());
    for f in findings {
        match active.iter().find(|i| i.matches(&f)) {
            Some(entry) => suppressed.push(Suppressed {
                rule: f.rule,
                page: f.page,
                line: f.line,
                reason: entry.reason.clone(),
                by: format!("carelint.toml, line {}", entry.line),
            }),
            None => kept.push(f),
        }
    }
    kept
}

/// Step 6: keeps the first `max` findings (in report order) of each rule on
/// each page and returns the rest. `max` 0 keeps all. Runs after sorting,
/// so the same findings are listed every run.
fn cap(findings: &mut Vec<Finding>, max: usize) -> Vec<Finding> {
    if max == 0 {
        return Vec::new();
    }
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut dropped = Vec::new();
    for f in std::mem::take(findings) {
        let n = seen.entry((f.page.clone(), f.rule.clone())).or_insert(0);
        *n += 1;
        if *n > max {
            dropped.push(f);
        } else {
            findings.push(f);
        }
    }
    dropped
}

/// Sets each page's `findings_not_listed` from the findings left out.
fn count_not_listed(pages: &mut [PageInfo], not_listed: &[Finding]) {
    let mut by_page: HashMap<&str, usize> = HashMap::new();
    for f in not_listed {
        *by_page.entry(f.page.as_str()).or_insert(0) += 1;
    }
    for page in pages {
        page.findings_not_listed = by_page.get(page.url.as_str()).copied().unwrap_or(0);
    }
}

/// Step 7: the summary of a run, counting listed and unlisted findings.
#[must_use]
pub fn summarise(pages: &[PageInfo], findings: &[Finding], not_listed: &[Finding]) -> Summary {
    let mut summary = Summary {
        pages: pages.len(),
        pages_failed: pages
            .iter()
            .filter(|p| p.error.is_some() && p.skipped.is_none())
            .count(),
        pages_skipped: pages.iter().filter(|p| p.skipped.is_some()).count(),
        findings: findings.len() + not_listed.len(),
        findings_not_listed: not_listed.len(),
        ..Summary::default()
    };
    // The cap shortens the list, never the counts.
    for f in findings.iter().chain(not_listed) {
        match f.severity {
            Severity::Error => summary.by_severity.error += 1,
            Severity::Warning => summary.by_severity.warning += 1,
            Severity::Info => summary.by_severity.info += 1,
        }
        *summary.by_section.entry(f.section.clone()).or_insert(0) += 1;
    }
    summary
}
