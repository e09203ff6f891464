//! How a part of the guide, a criterion or a rule came out ([`Outcome`]),
//! and how far its findings reach ([`Reach`]). The verdicts, the chart, the
//! matrix and the auditor's tables all judge with these, so they agree.

use std::collections::BTreeSet;

use super::context::Ctx;
use crate::finding::{Confidence, Finding, Severity};

/// The outcome of a section, a criterion or a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Outcome {
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
    pub(super) fn icon(self) -> &'static str {
        match self {
            Self::Fail => "✗",
            Self::Review => "?",
            Self::Pass => "✓",
            Self::NotTested => "–",
        }
    }

    pub(super) fn class(self) -> &'static str {
        match self {
            Self::Fail => "fail",
            Self::Review => "review",
            Self::Pass => "pass",
            Self::NotTested => "untested",
        }
    }

    /// Plain words for the public and developer reports.
    pub(super) fn words(self) -> &'static str {
        match self {
            Self::Fail => "Problems found",
            Self::Review => "A person needs to check",
            Self::Pass => "No problems found",
            Self::NotTested => "Not checked",
        }
    }

    /// The auditor's outcome names.
    pub(super) fn audit_words(self) -> &'static str {
        match self {
            Self::Fail => "Fail",
            Self::Review => "Needs review",
            Self::Pass => "Pass (automatic checks)",
            Self::NotTested => "Not tested",
        }
    }

    /// The outcome of some findings from checks that ran.
    pub(super) fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
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

/// How far a set of findings reaches: every checked page when one of them
/// is about the whole site and names no pages, else the pages they name.
/// The verdicts and the chart both count this way, so they agree.
pub(super) enum Reach {
    WholeSite,
    Pages(usize),
}

impl Reach {
    pub(super) fn of<'f>(ctx: &Ctx, findings: impl IntoIterator<Item = &'f Finding>) -> Self {
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
    pub(super) fn pages(&self, ctx: &Ctx) -> usize {
        match self {
            Self::WholeSite => ctx.checked.len(),
            Self::Pages(n) => *n,
        }
    }
}
