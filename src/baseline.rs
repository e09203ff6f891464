//! The baseline: findings a team has accepted, so that only new problems fail
//! the gate (`.carelint-baseline.json`).
//!
//! Each entry is one finding, matched by its fingerprint (see
//! [`crate::finding::fingerprint`]), with a reason, an owner and an optional expiry
//! date. Entries are sorted by page, rule and fingerprint and written with one
//! field per line, so a change to the baseline reads well in a diff.
//!
//! When a report is compared with a baseline, each finding becomes `new` (not
//! in the baseline, or its entry has expired) or `known`; entries that no
//! finding matched are `fixed` (stale: the problem is gone and the entry can
//! go).

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use crate::clock::is_date;
use crate::error::DataFileError;
use crate::finding::{BaselineStatus, Finding};

/// The file a baseline is kept in, found in the current folder.
pub const FILE_NAME: &str = ".carelint-baseline.json";

/// The baseline file format version.
pub const VERSION: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The finding's fingerprint.
    pub fingerprint: String,
    /// Rule id, for people reading the file.
    pub rule: String,
    /// The page, for people reading the file.
    pub page: String,
    /// The element, for people reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    /// The message when the entry was made.
    pub message: String,
    /// Why the problem is accepted.
    pub reason: String,
    /// Who will fix it, or who accepted it.
    pub owner: String,
    /// The last day (`YYYY-MM-DD`) the entry holds; after it the finding
    /// counts as new again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

impl Entry {
    /// Whether the entry has expired on `today` (`YYYY-MM-DD`).
    #[must_use]
    pub fn expired(&self, today: &str) -> bool {
        self.expires.as_deref().is_some_and(|d| d < today)
    }
}

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version ([`VERSION`]).
    pub version: u32,
    /// Accepted findings.
    pub entries: Vec<Entry>,
}

/// Counts for `summary.baseline`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Counts {
    /// Findings not in the baseline (they can fail the gate).
    pub new: usize,
    /// Findings the baseline accepts.
    pub known: usize,
    /// Entries no finding matched: the problem is gone.
    pub fixed: usize,
    /// Entries past their expiry date (their findings count as new).
    pub expired: usize,
}

/// What comparing a report with a baseline found, beyond the statuses it set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// The counts, also stored in the report's summary.
    pub counts: Counts,
    /// Entries no finding matched.
    pub stale: Vec<Entry>,
    /// Entries past their expiry date that still match a finding.
    pub expired: Vec<Entry>,
}

/// Who and why, for entries a command adds.
#[derive(Debug, Clone)]
pub struct Acceptance {
    /// Why the findings are accepted.
    pub reason: String,
    /// Who owns them.
    pub owner: String,
    /// When the acceptance ends (`YYYY-MM-DD`).
    pub expires: Option<String>,
}

impl Baseline {
    /// A baseline accepting every finding found: those a report lists and
    /// those its cap counts without listing.
    #[must_use]
    pub fn create<'a>(found: impl IntoIterator<Item = &'a Finding>, who: &Acceptance) -> Self {
        let mut baseline = Self {
            version: VERSION,
            entries: found.into_iter().map(|f| entry(f, who)).collect(),
        };
        baseline.sort();
        baseline
    }

    /// This baseline brought up to date with a report: entries still
    /// reproduced keep their reason, owner and expiry; fixed ones go; new
    /// findings are added with `who`.
    #[must_use]
    pub fn update<'a>(
        &self,
        found: impl IntoIterator<Item = &'a Finding>,
        who: &Acceptance,
    ) -> Self {
        let mut pool = self.pool();
        let mut entries = Vec::new();
        for f in found {
            let print = f.stable_fingerprint();
            match pool.get_mut(print.as_str()).and_then(Vec::pop) {
                Some(old) => entries.push(old.clone()),
                None => entries.push(entry(f, who)),
            }
        }
        let mut baseline = Self {
            version: VERSION,
            entries,
        };
        baseline.sort();
        baseline
    }

    /// Entries by fingerprint; several findings may share one (the same
    /// problem twice on pages whose ids collapse to one key).
    fn pool(&self) -> HashMap<&str, Vec<&Entry>> {
        let mut pool: HashMap<&str, Vec<&Entry>> = HashMap::new();
        for e in self.entries.iter().rev() {
            pool.entry(e.fingerprint.as_str()).or_default().push(e);
        }
        pool
    }

    fn sort(&mut self) {
        self.entries.sort_by(|a, b| {
            (&a.page, &a.rule, &a.fingerprint).cmp(&(&b.page, &b.rule, &b.fingerprint))
        });
    }

    /// Marks each finding `new` or `known` on `today` (`YYYY-MM-DD`): the
    /// findings policy calls it once, with every finding found.
    pub fn compare(&self, findings: &mut [Finding], today: &str) -> Comparison {
        let mut pool = self.pool();
        let mut out = Comparison::default();
        for f in findings {
            let print = f.stable_fingerprint();
            let status = match pool.get_mut(print.as_str()).and_then(Vec::pop) {
                Some(e) if e.expired(today) => {
                    out.expired.push(e.clone());
                    BaselineStatus::New
                }
                Some(_) => BaselineStatus::Known,
                None => BaselineStatus::New,
            };
            match status {
                BaselineStatus::New => out.counts.new += 1,
                BaselineStatus::Known => out.counts.known += 1,
            }
            f.baseline = Some(status);
        }
        let mut stale: Vec<Entry> = pool.into_values().flatten().cloned().collect();
        stale.sort_by(|a, b| {
            (&a.page, &a.rule, &a.fingerprint).cmp(&(&b.page, &b.rule, &b.fingerprint))
        });
        out.counts.fixed = stale.len();
        out.counts.expired = out.expired.len();
        out.stale = stale;
        out
    }

    /// The file as written: pretty JSON, one field per line, ending in a
    /// newline.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a baseline file.
    ///
    /// # Errors
    /// A diagnostic pointing at the place in the file that is wrong: bad JSON,
    /// a missing or unknown field, a version this carelint does not know, an
    /// entry with no reason or a bad expiry date.
    pub fn load(path: &Path) -> Result<Self, DataFileError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            DataFileError::at(&name, "", None, format!("cannot read the baseline: {e}"))
        })?;
        Self::parse(&name, &text)
    }

    /// Parses baseline text (see [`Baseline::load`]).
    ///
    /// # Errors
    /// As [`Baseline::load`].
    pub fn parse(name: &str, text: &str) -> Result<Self, DataFileError> {
        let baseline: Self = serde_json::from_str(text).map_err(|e| {
            let at = offset_of(text, e.line(), e.column());
            DataFileError::at(name, text, at.map(|i| i..i + 1), e.to_string())
                .with_help("the file is written by `carelint baseline create`; each entry needs fingerprint, rule, page, message, reason and owner")
        })?;
        let find = |needle: &str, from: usize| {
            text[from.min(text.len())..]
                .find(needle)
                .map(|i| from + i..from + i + needle.len())
        };
        if baseline.version != VERSION {
            return Err(DataFileError::at(
                name,
                text,
                find("\"version\"", 0),
                format!(
                    "baseline version {} is not one this carelint reads (it reads {VERSION})",
                    baseline.version
                ),
            ));
        }
        for e in &baseline.entries {
            let at = find(&format!("\"{}\"", e.fingerprint), 0);
            if e.reason.trim().is_empty() {
                return Err(DataFileError::at(
                    name,
                    text,
                    at,
                    format!("the entry for {} on {} has no reason", e.rule, e.page),
                )
                .with_help("say why the problem is accepted, so the next person knows"));
            }
            if let Some(d) = e.expires.as_deref().filter(|d| !is_date(d)) {
                return Err(DataFileError::at(
                    name,
                    text,
                    find(&format!("\"{d}\""), at.map_or(0, |r| r.start)),
                    format!("`{d}` is not a date; write it as YYYY-MM-DD"),
                ));
            }
        }
        Ok(baseline)
    }
}

fn entry(f: &Finding, who: &Acceptance) -> Entry {
    Entry {
        fingerprint: f.stable_fingerprint(),
        rule: f.rule.clone(),
        page: f.page.clone(),
        selector: f.selector.clone(),
        message: f.message.clone(),
        reason: who.reason.clone(),
        owner: who.owner.clone(),
        expires: who.expires.clone(),
    }
}

/// The byte offset of a 1-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let at = start + column.saturating_sub(1);
    (at < text.len()).then_some(at)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert!(is_date("2027-03-31"));
        assert!(!is_date("2027-13-01"));
        assert!(!is_date("31/03/2027"));
        assert!(!is_date("2027-3-31"));
    }

    #[test]
    fn bad_files_point_at_the_problem() {
        let text = "{\n  \"version\": 1,\n  \"entries\": [\n    {\"fingerprint\": \"ab\", \"rule\": \"r\", \"page\": \"p\", \"message\": \"m\", \"reason\": \"\", \"owner\": \"o\"}\n  ]\n}\n";
        let err = Baseline::parse("b.json", text).unwrap_err().to_string();
        assert!(err.contains("has no reason"), "{err}");
        let err = Baseline::parse("b.json", "{\"version\": 1, \"entries\": [], \"extra\": 1}")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `extra`"), "{err}");
        let err = Baseline::parse("b.json", "{\"version\": 2, \"entries\": []}")
            .unwrap_err()
            .to_string();
        assert!(err.contains("version 2"), "{err}");
    }
}
