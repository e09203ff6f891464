//! `term-list`: flags listed words and phrases in the main prose and suggests a
//! plainer replacement for each.
//!
//! ## What it checks
//! Whole-word, case-insensitive matches of each term in `terms` within the
//! page's scored prose (main content, English, not hidden; see `prose`). Each hit
//! points at the word in the source.
//!
//! With `skip_when_explained = true`, a term is not flagged when its plain
//! replacement is also written within [`EXPLAINED_WITHIN`] characters of it in
//! the same block, as the NHS writes "piles (haemorrhoids)" or
//! "haemorrhoids (piles)": the reader gets both words.
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
    #[serde(default)]
    skip_when_explained: bool,
}

/// How near (in characters, either side) a plain word must be to explain a term.
pub(crate) const EXPLAINED_WITHIN: usize = 80;

#[derive(Debug)]
pub(crate) struct TermList {
    pattern: Regex,
    /// Lower-cased term -> replacement.
    replacements: BTreeMap<String, String>,
    skip_when_explained: bool,
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
            skip_when_explained: p.skip_when_explained,
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
                if self.skip_when_explained
                    && is_explained(&block.text, m.start(), m.end(), replacement)
                {
                    continue;
                }
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

/// Whether `replacement` is written near `text[start..end]` (but not inside
/// the term itself), as whole words, ignoring case.
fn is_explained(text: &str, start: usize, end: usize, replacement: &str) -> bool {
    use crate::page::position::floor_char_boundary;
    let from = floor_char_boundary(text, start.saturating_sub(EXPLAINED_WITHIN));
    let to = floor_char_boundary(text, (end + EXPLAINED_WITHIN).min(text.len()));
    let plain = replacement.trim().to_lowercase();
    if plain.is_empty() {
        return false;
    }
    let whole_word = |window: &str| {
        let window = window.to_lowercase();
        window.match_indices(&plain).any(|(i, m)| {
            let before = window[..i].chars().next_back();
            let after = window[i + m.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    };
    whole_word(&text[from..start]) || whole_word(&text[end..to])
}

#[cfg(test)]
mod tests {
    use super::is_explained;

    #[test]
    fn plain_words_next_to_a_term_explain_it() {
        let text = "Piles (haemorrhoids) are lumps inside your bottom.";
        let start = text.find("haemorrhoids").unwrap_or(0);
        assert!(is_explained(text, start, start + 12, "piles"));
        let text = "Haemorrhoids are lumps inside your bottom.";
        assert!(!is_explained(text, 0, 12, "piles"));
        // The plain word inside the term, or inside another word, is no help.
        let text = "Influenza spreads easily.";
        assert!(!is_explained(text, 0, 9, "flu"));
        let text = "An acute illness starts quickly.";
        let start = text.find("acute").unwrap_or(0);
        assert!(!is_explained(text, start, start + 5, "cut"));
        let text = "You may have a cut (laceration) on your arm.";
        let start = text.find("laceration").unwrap_or(0);
        assert!(is_explained(text, start, start + 10, "cut"));
    }
}
