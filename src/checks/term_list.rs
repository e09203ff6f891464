//! `term-list`: flags listed words and phrases in the main prose and suggests a
//! plainer replacement for each.
//!
//! ## What it checks
//! Whole-word, case-insensitive matches of each term in `terms` within the
//! page's scored prose (main content, English, not hidden; see `prose`). Each hit
//! points at the word in the source.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "term-list"
//!
//! [check.terms]
//! utilise = "use"
//! "in order to" = "to"
//! ```

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::{At, Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, Span};
use crate::prose::scored_blocks;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[allow(dead_code)]
    kind: String,
    terms: Spanned<BTreeMap<String, String>>,
}

#[derive(Debug)]
pub(crate) struct TermList {
    pattern: Regex,
    /// Lower-cased term -> replacement.
    replacements: BTreeMap<String, String>,
}

impl TermList {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        if p.terms.get_ref().is_empty() {
            return Err(source.error_at(&p.terms, "the term list is empty"));
        }
        let mut replacements = BTreeMap::new();
        for (term, replacement) in p.terms.get_ref() {
            let key = term.trim().to_lowercase();
            if key.is_empty() || replacements.insert(key, replacement.clone()).is_some() {
                return Err(source.error_at(
                    &p.terms,
                    format!("the term `{term}` is blank or listed twice"),
                ));
            }
        }
        // Longest first, so "in order to" wins over "order".
        let mut terms: Vec<&String> = replacements.keys().collect();
        terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let alternation = terms
            .iter()
            .map(|t| regex::escape(t).replace(' ', r"\s+"))
            .collect::<Vec<_>>()
            .join("|");
        let pattern = Regex::new(&format!(r"(?i)\b(?:{alternation})\b")).map_err(|e| {
            source.error_at(&p.terms, format!("cannot build the term pattern: {e}"))
        })?;
        Ok(Self {
            pattern,
            replacements,
        })
    }
}

impl PageCheck for TermList {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for block in scored_blocks(page) {
            for m in self.pattern.find_iter(&block.text) {
                let found = m.as_str();
                let key = found
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                let Some(replacement) = self.replacements.get(&key) else {
                    continue;
                };
                // A term in the middle of a word run maps to its word's start.
                let at = match block.source_offset(m.start()) {
                    Some(start) => At::Text {
                        element: block.element,
                        span: Span {
                            start,
                            end: start + found.len(),
                        },
                    },
                    None => At::Element(block.element),
                };
                out.emit(
                    Hit::at(at)
                        .arg("found", found)
                        .arg("replacement", replacement)
                        .snippet(found),
                );
            }
        }
    }
}
