//! What the HTML renderer works from: the report's findings grouped by
//! part, page and rule, worked out once so every part of the page reads the
//! same numbers.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::outcome::Outcome;
use crate::catalogue::{Catalogue, Rule};
use crate::finding::{Finding, Severity};
use crate::guide::Section;
use crate::report::model::{AuditReport, PageInfo};
use crate::report::{Audience, RenderOptions};

/// One rule's findings, for the top issues.
pub(super) struct Issue<'r> {
    pub(super) rule: &'r str,
    pub(super) pages: BTreeSet<&'r str>,
    pub(super) findings: Vec<&'r Finding>,
    pub(super) severity: Severity,
    /// Template problems: issue ids shared by more than one page.
    pub(super) repeated: usize,
}

/// What the renderer works from, computed once.
pub(super) struct Ctx<'a> {
    pub(super) report: &'a AuditReport,
    pub(super) catalogue: &'a Catalogue,
    pub(super) options: &'a RenderOptions,
    pub(super) audience: Audience,
    pub(super) ran: Vec<&'a Rule>,
    /// Pages that were checked.
    pub(super) checked: Vec<&'a PageInfo>,
    pub(super) by_section: BTreeMap<&'a str, Vec<&'a Finding>>,
    pub(super) by_page: BTreeMap<&'a str, Vec<&'a Finding>>,
    pub(super) issues: Vec<Issue<'a>>,
    /// Every page's key, to tell page findings from site findings.
    page_urls: HashSet<&'a str>,
    /// Rules by id: findings look up their rule's wording.
    rules: HashMap<&'a str, &'a Rule>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(
        report: &'a AuditReport,
        catalogue: &'a Catalogue,
        options: &'a RenderOptions,
    ) -> Self {
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

    pub(super) fn section_outcome(&self, section: &Section) -> Outcome {
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

    pub(super) fn rule(&self, id: &str) -> Option<&'a Rule> {
        self.rules.get(id).copied()
    }

    /// True when a finding's page key is a page (site findings name a target).
    pub(super) fn by_page_is_page(&self, page: &str) -> bool {
        self.page_urls.contains(page)
    }
}
