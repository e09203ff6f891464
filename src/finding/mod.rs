//! Findings: what a check reports, as plain data that any reporter can render.

pub mod fingerprint;

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Good practice; a talking point.
    Info,
    /// A national "should", or a strong expectation.
    Warning,
    /// A legal or "must" requirement.
    Error,
}

impl Severity {
    /// The lower-case name used in every output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How sure the check is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// The check is sure.
    Certain,
    /// A person must confirm; never fails the gate unless asked.
    Review,
}

impl Confidence {
    /// The lower-case name used in every output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Certain => "certain",
            Self::Review => "review",
        }
    }
}

/// A finding that a person accepted in writing, kept out of `findings[]` but
/// never dropped: it is counted and listed with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Suppressed {
    /// Rule id.
    pub rule: String,
    /// The page (URL or path).
    pub page: String,
    /// 1-based line of the finding, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Why it is accepted, as written.
    pub reason: String,
    /// Where the suppression is written: `inline, line 12` or `carelint.toml`.
    pub by: String,
}

/// Whether a finding was already accepted in the baseline file.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum BaselineStatus {
    /// Not in the baseline: introduced since it was made.
    New,
    /// In the baseline: accepted, never fails the gate.
    Known,
}

impl BaselineStatus {
    /// The lower-case name used in every output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Known => "known",
        }
    }
}

/// A window of page source around a finding, for showing it in a terminal
/// without carrying the whole page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Excerpt {
    /// Whole lines of source around the finding.
    pub text: String,
    /// The 1-based line number of the first line of `text`.
    pub first_line: u32,
    /// The 1-based column where `text` starts on its first line (more than 1
    /// when a long minified line was cut to a window).
    pub first_column: u32,
    /// Byte offset of the labelled range in `text`.
    pub offset: usize,
    /// Length of the labelled range in bytes.
    pub len: usize,
}

/// One problem found on a page or a site. The JSON fields match CONTRACT.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Finding {
    /// Rule id, such as `accessibility/img-missing-alt`.
    pub rule: String,
    /// Guide section id, such as `G4`.
    pub section: String,
    /// Severity of this finding.
    pub severity: Severity,
    /// Whether a person must confirm it.
    pub confidence: Confidence,
    /// What is wrong, filled in for this case.
    pub message: String,
    /// The page (URL or path) or, for site findings, the target.
    pub page: String,
    /// 1-based line in the page source; absent for site findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column in the page source; absent for site findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// CSS selector of the element at fault.
    pub selector: Option<String>,
    /// The markup or text at fault, as written in the source.
    pub snippet: Option<String>,
    /// WCAG 2.2 success criteria this finding fails.
    pub wcag: Vec<String>,
    /// How to fix it.
    pub help: String,
    /// Who this shuts out, in a few words.
    #[serde(default)]
    pub affects: String,
    /// A stable name for this finding, unchanged by edits elsewhere on the
    /// page (see `crate::finding::fingerprint`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// Shared by findings that repeat one template problem on several pages
    /// (same rule, selector and snippet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_id: Option<String>,
    /// `new` or `known` when a baseline is in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineStatus>,
    /// For a finding about a whole site: the pages it is about, sorted (the
    /// pages that lack a link; every page checked when no page has what is
    /// needed). Empty for a finding on one page, which is about `page`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<String>,
    /// A short label for the exact spot.
    #[serde(skip)]
    pub label: String,
    /// Source around the spot, for terminal output.
    #[serde(skip)]
    pub excerpt: Option<Excerpt>,
}

impl Finding {
    /// The pages this finding is about: its own page, or for a site finding
    /// the pages it names. What reach, verdicts and per-page tables count.
    pub fn affected_pages(&self) -> impl Iterator<Item = &str> {
        let own = self.pages.is_empty().then_some(self.page.as_str());
        self.pages.iter().map(String::as_str).chain(own)
    }

    /// Whether this finding fails a run whose gate is `gate` (`--fail-on`;
    /// `None` for never): certain, at or above the gate, and not known from
    /// the baseline. The exit code, the verdict line, JUnit, GitLab and
    /// Markdown all use this one test, so they agree.
    #[must_use]
    pub fn fails_gate(&self, gate: Option<Severity>) -> bool {
        gate.is_some_and(|gate| {
            self.confidence == Confidence::Certain
                && self.severity >= gate
                && self.baseline != Some(BaselineStatus::Known)
        })
    }

    /// The order findings are reported in: by page, then position, then rule.
    #[must_use]
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (
            &self.page,
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            &self.rule,
            &self.message,
        )
    }

    /// The finding's stable identity (see [`crate::finding::fingerprint`]): the one
    /// the audit assigned, or, for a finding made elsewhere, the same hash
    /// without the tie-break between identical findings on one page.
    #[must_use]
    pub fn stable_fingerprint(&self) -> String {
        self.fingerprint
            .clone()
            .unwrap_or_else(|| crate::finding::fingerprint::base(self))
    }
}

/// A certain G4 error on line 3 of `page`, for unit tests to adjust.
#[cfg(test)]
pub(crate) fn test_finding(rule: &str, page: &str) -> Finding {
    Finding {
        rule: rule.to_owned(),
        section: "G4".to_owned(),
        severity: Severity::Error,
        confidence: Confidence::Certain,
        message: "m".to_owned(),
        page: page.to_owned(),
        line: Some(3),
        column: Some(1),
        selector: Some("main > img".to_owned()),
        snippet: None,
        wcag: Vec::new(),
        help: String::new(),
        affects: String::new(),
        fingerprint: None,
        issue_id: None,
        baseline: None,
        pages: Vec::new(),
        label: String::new(),
        excerpt: None,
    }
}
