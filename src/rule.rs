//! What a rule says, apart from the code that checks it: its id, section,
//! severity, wording and sources. Checks read this to word their findings;
//! the catalogue pairs it with the compiled check. Keeping it here lets the
//! check kinds use a rule's words without depending on the catalogue that
//! builds them.

use crate::finding::{Confidence, Severity};
use crate::guide::Owner;

/// A rule's data from its TOML file.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// `<section-slug>/<what-is-wrong>`.
    pub id: String,
    /// Guide section id, `G1` to `G11`.
    pub section: String,
    /// Default severity.
    pub severity: Severity,
    /// `certain` or `review`.
    pub confidence: Confidence,
    /// WCAG 2.2 success criteria.
    pub wcag: Vec<String>,
    /// W3C ACT rule ids.
    pub act: Vec<String>,
    /// Free tags, such as `wcag2a`.
    pub tags: Vec<String>,
    /// Runs only when asked for by id (`--only`, or a level in the config
    /// file): good practice beyond the standard, such as WCAG AAA, that would
    /// drown a default report.
    pub opt_in: bool,
    /// Short title.
    pub title: String,
    /// Message template; `{name}` is filled in by the check.
    pub message: String,
    /// Label template for the exact spot; the message when absent.
    pub label: Option<String>,
    /// Who this shuts out, in a few words.
    pub affects: String,
    /// Why it matters.
    pub why: String,
    /// How to fix it (template).
    pub fix: String,
    /// Who fixes it: the rule's `owner`, or else its guide section's.
    pub owner: Owner,
    /// The check kind's name.
    pub kind: String,
    /// The rule file, relative to the repository.
    pub path: String,
    /// Where the rule comes from: ids of the guide's `[[sources]]`, the
    /// first the main one.
    pub sources: Vec<String>,
    /// What kind of ground the rule stands on: law, a standard, national
    /// guidance, evidence, or our own choice.
    pub basis: Basis,
    /// Which part of the rule (a threshold, a word list) is our own choice
    /// rather than the source's, in a plain sentence.
    pub our_choice: Option<String>,
}

/// What kind of ground a rule stands on. A reader weighs "the law says" and
/// "we chose this limit" differently, so every rule says which it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// An Act or regulations, such as the 2018 accessibility regulations.
    Law,
    /// A published standard, such as WCAG 2.2.
    Standard,
    /// National guidance, such as the NHS service manual.
    Guidance,
    /// Research or survey evidence.
    Evidence,
    /// Our own choice: a limit or list we set, not taken from a source.
    Choice,
}

impl Basis {
    /// The name used in rule files and JSON.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Law => "law",
            Self::Standard => "standard",
            Self::Guidance => "guidance",
            Self::Evidence => "evidence",
            Self::Choice => "choice",
        }
    }

    /// A few plain words for reports and cards.
    #[must_use]
    pub fn plain(self) -> &'static str {
        match self {
            Self::Law => "the law",
            Self::Standard => "a published standard",
            Self::Guidance => "national guidance",
            Self::Evidence => "research evidence",
            Self::Choice => "our own choice",
        }
    }
}
