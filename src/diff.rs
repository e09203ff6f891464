//! Compares two saved audits (`carelint diff OLD.json NEW.json`): which
//! findings are new, which were fixed and which are still open, and which
//! pages came or went. This is how a supplier's re-test is read: "you fixed
//! these, these are still open, and this is new". The renderers of a diff
//! are in `crate::report::diff`.
//!
//! Findings are matched by their fingerprint (see [`crate::finding::fingerprint`]),
//! which survives edits elsewhere on the page and a change of host. Reports
//! written before fingerprints existed are matched by
//! [`fingerprint::base`] instead. When the two audits were run on local
//! folders with different names (`site-v1/`, `site-v2/`), the folder part is
//! taken off each page before matching, since a fingerprint of a local page
//! includes its path. Matching counts duplicates: two identical findings
//! before and one after is one fixed, one unchanged.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::finding::fingerprint;
use crate::finding::{Confidence, Finding, Severity};
use crate::report::model::AuditReport;

/// The JSON report layout this carelint reads.
pub const SCHEMA_VERSION: u64 = 1;

/// Why a saved report could not be read.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("cannot read {path}: {message}")]
    #[diagnostic(code(carelint::report_unreadable))]
    Unreadable {
        /// The file.
        path: String,
        /// The operating system's reason.
        message: String,
    },
    /// The file is not valid JSON, or not a carelint report.
    #[error("{path} is not a carelint JSON report: {message}")]
    #[diagnostic(
        code(carelint::report_invalid),
        help("give a file written by `carelint check -f json=FILE`")
    )]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
        /// The file's text, to show where.
        #[source_code]
        src: miette::NamedSource<String>,
        /// Where the JSON is wrong, when known.
        #[label("{message}")]
        span: Option<miette::SourceSpan>,
    },
    /// A report layout this carelint does not know.
    #[error(
        "{path} has schema_version {found}; this carelint reads schema_version {SCHEMA_VERSION}"
    )]
    #[diagnostic(
        code(carelint::report_schema),
        help("use the carelint version that wrote the report, or run the audit again")
    )]
    Schema {
        /// The file.
        path: String,
        /// The version it says.
        found: String,
    },
}

/// Byte offset of a 1-based line and column in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

fn invalid(path: &str, text: &str, error: &serde_json::Error) -> LoadError {
    // serde_json reports line 0 when it has no position (an error from a
    // value rather than from the text).
    let span = (error.line() > 0).then(|| {
        let at = offset_of(text, error.line(), error.column());
        // Point at the character, or at the end of the text.
        let len = text[at..].chars().next().map_or(0, char::len_utf8);
        miette::SourceSpan::from(at..at + len)
    });
    let message = error.to_string();
    // serde_json appends " at line L column C"; the label shows where.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m)
        .to_owned();
    LoadError::Invalid {
        path: path.to_owned(),
        message,
        src: miette::NamedSource::new(path, text.to_owned()).with_language("json"),
        span,
    }
}

/// Reads a report from JSON text; `path` names it in errors.
///
/// # Errors
/// [`LoadError::Invalid`] for bad JSON or a report missing required fields
/// (pointing at the spot), [`LoadError::Schema`] for a `schema_version`
/// other than 1.
pub fn parse_report(path: &str, text: &str) -> Result<AuditReport, LoadError> {
    // The version is checked before the layout, so a report from a newer
    // carelint says "newer layout", not "missing field".
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| invalid(path, text, &e))?;
    match value.get("schema_version") {
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(SCHEMA_VERSION) => {}
        Some(other) => {
            return Err(LoadError::Schema {
                path: path.to_owned(),
                found: other.to_string(),
            });
        }
        None => {
            return Err(LoadError::Invalid {
                path: path.to_owned(),
                message: "it has no schema_version".to_owned(),
                src: miette::NamedSource::new(path, text.to_owned()).with_language("json"),
                span: None,
            });
        }
    }
    // Parsed from the text again (not from the value) so a wrong field has a
    // line and column.
    serde_json::from_str(text).map_err(|e| invalid(path, text, &e))
}

/// Reads a report from a file (or standard input for `-`).
///
/// # Errors
/// [`LoadError`] when the file cannot be read or is not a report.
pub fn load_report(path: &str) -> Result<AuditReport, LoadError> {
    let bytes = if path == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes)
    } else {
        std::fs::read(path)
    }
    .map_err(|e| LoadError::Unreadable {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    let text = String::from_utf8_lossy(&bytes);
    parse_report(path, &text)
}

/// The difference between two audits.
#[derive(Debug, Clone, Serialize)]
pub struct AuditDiff {
    /// The old audit's targets.
    pub old_targets: Vec<String>,
    /// The new audit's targets.
    pub new_targets: Vec<String>,
    /// When the old audit started (RFC 3339), if its report says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_started: Option<String>,
    /// When the new audit started (RFC 3339), if its report says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_started: Option<String>,
    /// Findings only in the new audit, in the new report's order.
    pub new: Vec<Finding>,
    /// Findings only in the old audit, on pages the new audit checked too,
    /// in the old report's order.
    pub fixed: Vec<Finding>,
    /// Findings only in the old audit, on pages the new audit did not check:
    /// not fixed, just no longer looked at.
    pub on_removed_pages: Vec<Finding>,
    /// Findings in both, as the new audit reports them.
    pub unchanged: Vec<Finding>,
    /// Pages only the new audit checked.
    pub pages_added: Vec<String>,
    /// Pages only the old audit checked.
    pub pages_removed: Vec<String>,
}

impl AuditDiff {
    /// New findings that fail a gate at `threshold`: certain findings at or
    /// above it (review findings never fail the gate, as in `check`).
    #[must_use]
    pub fn failing(&self, threshold: Option<Severity>) -> usize {
        threshold.map_or(0, |t| {
            self.new
                .iter()
                .filter(|f| f.confidence == Confidence::Certain && f.severity >= t)
                .count()
        })
    }
}

/// The page with the local folder it was reached through cut off, so that
/// `site-v1/contact.html` and `site-v2/contact.html` are one page.
fn rebase(page: &str, targets: &[String]) -> String {
    for target in targets {
        if crate::report::model::is_url(target) || target == "-" {
            continue;
        }
        if let Some(rest) = page.strip_prefix(target.as_str()) {
            return format!("{{target}}{rest}");
        }
    }
    page.to_owned()
}

/// The keys findings are matched by: their fingerprints when both audits
/// were run on the same targets, otherwise a fingerprint of the page
/// relative to its target.
fn keys(report: &AuditReport, same_targets: bool) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| {
            if same_targets {
                f.stable_fingerprint()
            } else {
                let mut rebased = f.clone();
                rebased.page = rebase(&f.page, &report.targets);
                fingerprint::base(&rebased)
            }
        })
        .collect()
}

/// The page keys of checked pages, made comparable across hosts and folders.
fn page_keys(report: &AuditReport, same_targets: bool) -> Vec<(String, String)> {
    report
        .pages
        .iter()
        .filter(|p| p.error.is_none())
        .map(|p| {
            let page = if same_targets {
                p.url.clone()
            } else {
                rebase(&p.url, &report.targets)
            };
            (fingerprint::page_key(&page), p.url.clone())
        })
        .collect()
}

/// Compares two audits.
#[must_use]
pub fn compare(old: &AuditReport, new: &AuditReport) -> AuditDiff {
    let same_targets = old.targets == new.targets;
    let old_keys = keys(old, same_targets);
    let new_keys = keys(new, same_targets);
    // Each old key's findings, in order; a new finding takes the first one
    // not yet taken.
    let mut open: HashMap<&str, std::collections::VecDeque<usize>> = HashMap::new();
    for (i, key) in old_keys.iter().enumerate() {
        open.entry(key.as_str()).or_default().push_back(i);
    }
    let mut matched = vec![false; old.findings.len()];
    let mut diff = AuditDiff {
        old_targets: old.targets.clone(),
        new_targets: new.targets.clone(),
        old_started: old.started.clone(),
        new_started: new.started.clone(),
        new: Vec::new(),
        fixed: Vec::new(),
        on_removed_pages: Vec::new(),
        unchanged: Vec::new(),
        pages_added: Vec::new(),
        pages_removed: Vec::new(),
    };
    for (finding, key) in new.findings.iter().zip(&new_keys) {
        match open.get_mut(key.as_str()).and_then(|q| q.pop_front()) {
            Some(i) => {
                matched[i] = true;
                diff.unchanged.push(finding.clone());
            }
            None => diff.new.push(finding.clone()),
        }
    }
    let old_pages = page_keys(old, same_targets);
    let new_pages = page_keys(new, same_targets);
    let old_set: BTreeSet<&str> = old_pages.iter().map(|(k, _)| k.as_str()).collect();
    let new_set: BTreeSet<&str> = new_pages.iter().map(|(k, _)| k.as_str()).collect();
    // A finding on a page the new audit did not check is not a fix: the page
    // may still be there, outside the new audit's scope.
    for (f, _) in old.findings.iter().zip(&matched).filter(|(_, m)| !**m) {
        let page = if same_targets {
            f.page.clone()
        } else {
            rebase(&f.page, &old.targets)
        };
        let key = fingerprint::page_key(&page);
        if old_set.contains(key.as_str()) && !new_set.contains(key.as_str()) {
            diff.on_removed_pages.push(f.clone());
        } else {
            diff.fixed.push(f.clone());
        }
    }
    diff.pages_added = new_pages
        .iter()
        .filter(|(k, _)| !old_set.contains(k.as_str()))
        .map(|(_, url)| url.clone())
        .collect();
    diff.pages_removed = old_pages
        .iter()
        .filter(|(k, _)| !new_set.contains(k.as_str()))
        .map(|(_, url)| url.clone())
        .collect();
    diff
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::diff::{render_html, render_text};

    fn finding(rule: &str, page: &str, snippet: &str) -> Finding {
        Finding {
            snippet: Some(snippet.to_owned()),
            ..crate::finding::test_finding(rule, page)
        }
    }

    fn report(targets: &[&str], findings: Vec<Finding>) -> AuditReport {
        AuditReport {
            schema_version: 1,
            tool: crate::report::model::Tool {
                name: "carelint".into(),
                version: "0".into(),
            },
            guide: crate::report::model::GuideRef {
                version: "2026.1".into(),
            },
            targets: targets.iter().map(|t| (*t).to_owned()).collect(),
            pages: Vec::new(),
            started: None,
            finished: None,
            findings,
            not_listed: Vec::new(),
            summary: crate::report::model::Summary::default(),
            crawl: None,
            suppressed: Vec::new(),
            scope: None,
            selection: None,
            baseline_comparison: None,
        }
    }

    #[test]
    fn the_html_lists_what_is_still_open_and_pages_no_longer_checked() {
        let mut old = report(
            &["site"],
            vec![
                finding(
                    "accessibility/img-missing-alt",
                    "site/a.html",
                    "<img src=a.png>",
                ),
                finding(
                    "accessibility/img-missing-alt",
                    "site/b.html",
                    "<img src=b.png>",
                ),
            ],
        );
        old.pages = vec![
            crate::report::model::PageInfo::new("site/a.html"),
            crate::report::model::PageInfo::new("site/b.html"),
        ];
        old.started = Some("2026-12-01T09:00:00Z".to_owned());
        let mut new = report(
            &["site"],
            vec![finding(
                "accessibility/img-missing-alt",
                "site/a.html",
                "<img src=a.png>",
            )],
        );
        new.pages = vec![crate::report::model::PageInfo::new("site/a.html")];
        let html = render_html(&compare(&old, &new), Some(Severity::Error));
        assert!(html.contains("<h2>Still there (1)</h2>"), "{html}");
        assert!(
            html.contains("<h2>Pages no longer checked (1)</h2>\n<ul>\n<li>site/b.html</li>"),
            "{html}"
        );
        assert!(
            html.contains("site, checked on 1 December 2026. After: site."),
            "{html}"
        );
    }

    #[test]
    fn duplicates_are_matched_one_for_one() {
        let old = report(
            &["site"],
            vec![
                finding("a/b", "site/x.html", "<img>"),
                finding("a/b", "site/x.html", "<img>"),
            ],
        );
        let new = report(&["site"], vec![finding("a/b", "site/x.html", "<img>")]);
        let diff = compare(&old, &new);
        assert_eq!(
            (diff.new.len(), diff.fixed.len(), diff.unchanged.len()),
            (0, 1, 1)
        );
    }

    #[test]
    fn local_folders_with_other_names_are_matched() {
        let old = report(&["v1"], vec![finding("a/b", "v1/x.html", "<img>")]);
        let new = report(
            &["v2"],
            vec![
                finding("a/b", "v2/x.html", "<img>"),
                finding("a/b", "v2/y.html", "<img>"),
            ],
        );
        let diff = compare(&old, &new);
        assert_eq!(
            (diff.new.len(), diff.fixed.len(), diff.unchanged.len()),
            (1, 0, 1)
        );
        assert_eq!(diff.new[0].page, "v2/y.html");
    }

    #[test]
    fn findings_on_pages_left_out_are_not_fixed() {
        let mut old = report(
            &["site"],
            vec![
                finding("a/b", "site/x.html", "<img>"),
                finding("a/b", "site/y.html", "<img>"),
            ],
        );
        old.pages = vec![
            crate::report::model::PageInfo::new("site/x.html"),
            crate::report::model::PageInfo::new("site/y.html"),
        ];
        let mut new = report(&["site"], Vec::new());
        new.pages = vec![crate::report::model::PageInfo::new("site/x.html")];
        let diff = compare(&old, &new);
        assert_eq!(diff.fixed.len(), 1);
        assert_eq!(diff.fixed[0].page, "site/x.html");
        assert_eq!(diff.on_removed_pages.len(), 1);
        assert_eq!(diff.pages_removed, vec!["site/y.html".to_owned()]);
        assert!(render_text(&diff).contains("1 finding on pages the new audit did not check"));
    }

    #[test]
    fn bad_json_points_at_the_spot() {
        let err = parse_report("old.json", "{\n  \"schema_version\": 1,\n  oops\n}")
            .expect_err("bad JSON");
        let LoadError::Invalid { span, .. } = err else {
            panic!("wrong error {err:?}")
        };
        assert_eq!(span.map(|s| s.offset()), Some(27));
    }

    #[test]
    fn unknown_schema_is_refused() {
        let err = parse_report("new.json", r#"{"schema_version": 2}"#).expect_err("schema 2");
        assert!(matches!(err, LoadError::Schema { ref found, .. } if found == "2"));
    }
}
