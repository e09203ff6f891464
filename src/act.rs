//! Conformance with the W3C ACT Rules test cases.
//!
//! The ACT Rules Community Group publishes, for each of its rules, example pages
//! with a known outcome: `passed`, `failed` or `inapplicable`. A carelint rule
//! says which ACT rules it implements in its `act = [...]` field. This module runs
//! those rules over every example and judges each ACT rule the way W3C's
//! implementation reports do: a certain finding is the outcome `failed`, a
//! `review` finding is `cantTell`, and no finding is `passed`.
//!
//! - **inconsistent**: a passed or inapplicable example got a certain finding;
//! - **complete**: every failed example got a certain finding, and none other did;
//! - **partial**: every failed example got a finding, some only `review` ones;
//! - **incomplete**: consistent, but some failed examples got no finding at all
//!   (W3C's implementation pages do not list such a rule as consistent);
//! - **not implemented**: no carelint rule maps to it.
//!
//! The cases are never copied into this repository: callers point at a folder
//! laid out as `expected.json` plus `cases/<rule>/<outcome>-<n>.html`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::audit::{self, AuditOptions};
use crate::catalogue::{Catalogue, Rule, Scope};
use crate::finding::Confidence;

/// One example from `expected.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct ActCase {
    /// `act/<rule>/<outcome>-<n>`.
    pub id: String,
    /// The example's file, relative to the suite folder.
    pub file: String,
    /// ACT rule id, such as `23a2a8`.
    pub rule_id: String,
    /// ACT rule name.
    pub rule_name: String,
    /// `passed`, `failed` or `inapplicable`.
    pub expected: String,
    /// Whether the ACT rule is deprecated.
    #[serde(default)]
    pub deprecated: bool,
}

/// One ACT rule as `expected.json` lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct ActRuleInfo {
    /// ACT rule id.
    pub rule_id: String,
    /// ACT rule name.
    pub name: String,
    /// Whether the rule is deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// What the rule needs to be decided: DOM tree, CSS styling, audio...
    #[serde(default)]
    pub input_aspects: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Expected {
    rules: Vec<ActRuleInfo>,
    cases: Vec<ActCase>,
}

/// What carelint reported for one example, in ACT's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// A certain finding.
    Failed,
    /// Only `review` findings.
    CantTell,
    /// No finding.
    Passed,
}

/// How one ACT rule is implemented; see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every failed example failed, nothing else did.
    Complete,
    /// Every failed example failed or cannot tell, nothing else failed.
    Partial,
    /// Nothing wrongly failed, but some failed examples were missed.
    Incomplete,
    /// A passed or inapplicable example was reported as failed.
    Inconsistent,
    /// No carelint rule maps to this ACT rule.
    NotImplemented,
}

impl Status {
    /// The words used in the report.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Complete => "complete",
            Self::Partial => "partial",
            Self::Incomplete => "incomplete",
            Self::Inconsistent => "inconsistent",
            Self::NotImplemented => "not implemented",
        }
    }
}

/// One example's result.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    /// `act/<rule>/<outcome>-<n>`.
    pub id: String,
    /// The expected outcome.
    pub expected: String,
    /// What carelint reported.
    pub outcome: Outcome,
    /// The carelint rules that made a finding.
    pub rules: Vec<String>,
}

/// One ACT rule's results.
#[derive(Debug, Clone, Serialize)]
pub struct RuleResult {
    /// ACT rule id.
    pub rule_id: String,
    /// ACT rule name.
    pub name: String,
    /// Whether the ACT rule is deprecated.
    pub deprecated: bool,
    /// The carelint rules mapped to it.
    pub carelint_rules: Vec<String>,
    /// Those of them that are opt-in (off unless asked for).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opt_in_rules: Vec<String>,
    /// The judgement.
    pub status: Status,
    /// Failed examples (with an HTML page) in all.
    pub failed_examples: usize,
    /// Failed examples reported as failed.
    pub failed_detected: usize,
    /// Failed examples reported as cannot tell.
    pub failed_cant_tell: usize,
    /// Passed or inapplicable examples reported as failed.
    pub false_failures: usize,
    /// Passed or inapplicable examples in all.
    pub other_examples: usize,
    /// Every example run, mapped rules only.
    pub cases: Vec<CaseResult>,
}

/// The whole run.
#[derive(Debug, Clone, Serialize)]
pub struct ActReport {
    /// One entry per ACT rule in `expected.json`, in id order.
    pub rules: Vec<RuleResult>,
}

impl ActReport {
    /// Failed examples of mapped rules reported as failed.
    #[must_use]
    pub fn failed_detected(&self) -> usize {
        self.rules.iter().map(|r| r.failed_detected).sum()
    }

    /// Failed examples of mapped rules reported as cannot tell.
    #[must_use]
    pub fn failed_cant_tell(&self) -> usize {
        self.rules.iter().map(|r| r.failed_cant_tell).sum()
    }

    /// Passed or inapplicable examples reported as failed.
    #[must_use]
    pub fn false_failures(&self) -> usize {
        self.rules.iter().map(|r| r.false_failures).sum()
    }

    /// Failed examples with an HTML page, over every ACT rule.
    #[must_use]
    pub fn failed_examples(&self) -> usize {
        self.rules.iter().map(|r| r.failed_examples).sum()
    }

    /// How many ACT rules have each status.
    #[must_use]
    pub fn status_counts(&self) -> BTreeMap<Status, usize> {
        let mut counts = BTreeMap::new();
        for rule in &self.rules {
            *counts.entry(rule.status).or_insert(0) += 1;
        }
        counts
    }
}

/// Why the suite could not be run.
#[derive(Debug, thiserror::Error)]
pub enum ActError {
    /// `expected.json` could not be read or parsed.
    #[error("{path}: {reason}")]
    Expected {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

/// Reads `expected.json` from the suite folder.
///
/// # Errors
/// [`ActError`] when the file is missing or not the expected shape.
pub fn load(dir: &Path) -> Result<(Vec<ActRuleInfo>, Vec<ActCase>), ActError> {
    let path = dir.join("expected.json");
    let err = |reason: String| ActError::Expected {
        path: path.clone(),
        reason,
    };
    let text = std::fs::read_to_string(&path).map_err(|e| err(e.to_string()))?;
    let expected: Expected = serde_json::from_str(&text).map_err(|e| err(e.to_string()))?;
    Ok((expected.rules, expected.cases))
}

/// Runs every page rule mapped to an ACT rule over that rule's examples.
///
/// Examples without an HTML page in the folder (a few are SVG or were not
/// copied) are left out of every count.
///
/// # Errors
/// [`ActError`] when `expected.json` cannot be read.
pub fn evaluate(dir: &Path, catalogue: &Catalogue) -> Result<ActReport, ActError> {
    let (infos, cases) = load(dir)?;
    let mut mapped: BTreeMap<&str, Vec<&Rule>> = BTreeMap::new();
    for rule in catalogue.rules() {
        // Site rules judge several pages together; an ACT example is one page.
        if rule.scope() != Scope::Page {
            continue;
        }
        for act in &rule.act {
            mapped.entry(act.as_str()).or_default().push(rule);
        }
    }
    let options = AuditOptions {
        threads: 1,
        max_findings_per_rule: 1,
        ..AuditOptions::default()
    };
    let mut rules = Vec::new();
    for info in &infos {
        let carelint_rules = mapped.get(info.rule_id.as_str());
        let mut result = RuleResult {
            rule_id: info.rule_id.clone(),
            name: info.name.clone(),
            deprecated: info.deprecated,
            carelint_rules: carelint_rules
                .map(|rs| rs.iter().map(|r| r.id.clone()).collect())
                .unwrap_or_default(),
            opt_in_rules: carelint_rules
                .map(|rs| {
                    rs.iter()
                        .filter(|r| r.opt_in)
                        .map(|r| r.id.clone())
                        .collect()
                })
                .unwrap_or_default(),
            status: Status::NotImplemented,
            failed_examples: 0,
            failed_detected: 0,
            failed_cant_tell: 0,
            false_failures: 0,
            other_examples: 0,
            cases: Vec::new(),
        };
        for case in cases.iter().filter(|c| c.rule_id == info.rule_id) {
            let path = dir.join(&case.file);
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            if !case.file.ends_with(".html") {
                continue;
            }
            let failed = case.expected == "failed";
            if failed {
                result.failed_examples += 1;
            } else {
                result.other_examples += 1;
            }
            let Some(rs) = carelint_rules else {
                continue;
            };
            let report = audit::run_one_page(&case.file, &bytes, catalogue, rs, &options);
            let mut outcome = Outcome::Passed;
            let mut by = Vec::new();
            for finding in &report.findings {
                let this = match finding.confidence {
                    Confidence::Certain => Outcome::Failed,
                    Confidence::Review => Outcome::CantTell,
                };
                outcome = outcome.min(this);
                if !by.contains(&finding.rule) {
                    by.push(finding.rule.clone());
                }
            }
            match (failed, outcome) {
                (true, Outcome::Failed) => result.failed_detected += 1,
                (true, Outcome::CantTell) => result.failed_cant_tell += 1,
                (false, Outcome::Failed) => result.false_failures += 1,
                _ => {}
            }
            result.cases.push(CaseResult {
                id: case.id.clone(),
                expected: case.expected.clone(),
                outcome,
                rules: by,
            });
        }
        if carelint_rules.is_some() {
            result.status = if result.false_failures > 0 {
                Status::Inconsistent
            } else if result.failed_detected == result.failed_examples {
                Status::Complete
            } else if result.failed_detected + result.failed_cant_tell == result.failed_examples {
                Status::Partial
            } else {
                Status::Incomplete
            };
        }
        rules.push(result);
    }
    rules.sort_by(|a, b| a.rule_id.cmp(&b.rule_id));
    Ok(ActReport { rules })
}

/// The implementation report as Markdown: totals, then one row per ACT rule.
#[must_use]
pub fn markdown(report: &ActReport) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let counts = report.status_counts();
    let count = |s: Status| counts.get(&s).copied().unwrap_or(0);
    out.push_str("# carelint and the W3C ACT Rules\n\n");
    out.push_str(
        "Generated by `cargo run --example act_report` from the ACT Rules Community \
         Group's test cases (`../shared/data/act-rules/`). Do not edit by hand.\n\n",
    );
    out.push_str(
        "A certain finding counts as the outcome *failed*, a `review` finding as \
         *cannot tell*, no finding as *passed*. Status: **complete** = every failed \
         example failed and no other example did; **partial** = every failed example \
         failed or cannot tell, no other example failed; **incomplete** = no passed \
         or inapplicable example failed, but some failed examples got no finding \
         (W3C lists only complete and partial as consistent); **inconsistent** = a \
         passed or inapplicable example got a certain finding.\n\n",
    );
    out.push_str(
        "Every rule runs here, opt-in rules too (marked *opt-in*: they run in an \
         audit only when named with `--only` or given a level in `carelint.toml`).\n\n",
    );
    let _ = writeln!(
        out,
        "- Failed examples detected: **{}** as failed, {} more as cannot tell, of {} \
         failed examples in the suite (every ACT rule).",
        report.failed_detected(),
        report.failed_cant_tell(),
        report.failed_examples()
    );
    let _ = writeln!(
        out,
        "- Passed or inapplicable examples reported as failed: **{}**.",
        report.false_failures()
    );
    let _ = writeln!(
        out,
        "- ACT rules: {} complete, {} partial, {} incomplete, {} inconsistent, {} not \
         implemented.\n",
        count(Status::Complete),
        count(Status::Partial),
        count(Status::Incomplete),
        count(Status::Inconsistent),
        count(Status::NotImplemented)
    );
    out.push_str(
        "| ACT rule | Name | carelint rules | Status | Failed detected | Cannot tell | \
         Missed | Wrongly failed |\n",
    );
    out.push_str("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for rule in &report.rules {
        let missed = rule
            .failed_examples
            .saturating_sub(rule.failed_detected + rule.failed_cant_tell);
        let name = if rule.deprecated {
            format!("{} (deprecated)", rule.name)
        } else {
            rule.name.clone()
        };
        let ours = if rule.carelint_rules.is_empty() {
            "–".to_owned()
        } else {
            rule.carelint_rules
                .iter()
                .map(|r| {
                    if rule.opt_in_rules.contains(r) {
                        format!("`{r}` (opt-in)")
                    } else {
                        format!("`{r}`")
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {}/{} | {} | {} | {}/{} |",
            rule.rule_id,
            name.replace('|', "\\|"),
            ours,
            rule.status.as_str(),
            rule.failed_detected,
            rule.failed_examples,
            rule.failed_cant_tell,
            missed,
            rule.false_failures,
            rule.other_examples
        );
    }
    out
}
