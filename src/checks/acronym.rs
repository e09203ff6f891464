//! `acronym`: flags an acronym the first time a page uses it, when that first
//! use is not explained.
//!
//! ## What it checks
//! Tokens of two or more capital letters (digits and `&` allowed inside: COPD,
//! HbA1c is not one, A&E is) in the page's scored prose (see `prose`). Only the
//! first use on a page counts, and it is fine when:
//! - the acronym is in `allow` (ones nearly everyone knows: NHS, GP, A&E);
//! - it is expanded right there: "chronic obstructive pulmonary disease (COPD)"
//!   or "COPD (chronic obstructive pulmonary disease)";
//! - an `<abbr title="...">` for it comes at or before that point in the page;
//! - it is an ordinary word in capitals ("URGENT", "NOTE"): the pronouncing
//!   dictionary says it is spoken as a word, not letter by letter.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "acronym"
//! allow = ["NHS", "GP", "A&E"]
//! ```

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use scraper::ElementRef;
use serde::Deserialize;

use super::{At, Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, Span};
use crate::prose::scored_blocks;
use crate::readability::cmu;

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(r"\b[A-Z][A-Z0-9&]*[A-Z0-9]\b").expect("static regex is valid")
});

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[allow(dead_code)]
    kind: String,
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct Acronym {
    allow: HashSet<String>,
}

impl Acronym {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            allow: p.allow.iter().map(|a| a.trim().to_owned()).collect(),
        })
    }
}

/// Whether a token is part of a UK postcode ("WS1", "B70", "WV10", "1AA").
fn is_postcode_part(token: &str) -> bool {
    static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)]
        Regex::new(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]?|[0-9][A-Z]{2})$").expect("static regex is valid")
    });
    POSTCODE.is_match(token)
}

/// Whether a capitalised token is an ordinary word (spoken as a word, not
/// letter by letter).
fn is_word(token: &str) -> bool {
    let letters = token.chars().filter(char::is_ascii_alphabetic).count();
    if letters != token.len() {
        return false;
    }
    cmu::lookup(&token.to_ascii_lowercase()).is_some_and(|syllables| syllables < letters)
}

/// Whether the use at `text[start..end]` is expanded where it stands.
fn expanded_here(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let after = &text[end..];
    // "... pulmonary disease (COPD)": two or more words before the bracket.
    if before.trim_end().ends_with('(') && after.starts_with(')') {
        let words = before
            .trim_end()
            .trim_end_matches('(')
            .split_whitespace()
            .rev()
            .take_while(|w| !w.ends_with(['.', ')', ':']))
            .count();
        return words >= 2;
    }
    // "COPD (chronic obstructive pulmonary disease)".
    if let Some(inside) = after.trim_start().strip_prefix('(') {
        let inside = inside.split(')').next().unwrap_or_default();
        return inside.split_whitespace().count() >= 2;
    }
    false
}

impl PageCheck for Acronym {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        // Source offsets of `<abbr title>` elements by their text.
        let abbrs: Vec<(String, usize)> = page
            .root()
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| {
                e.value().name() == "abbr"
                    && e.value()
                        .attr("title")
                        .is_some_and(|t| !t.trim().is_empty())
            })
            .map(|e| {
                let text: String = e.text().collect();
                let at = page.span(e.id()).map_or(0, |s| s.start);
                (text.trim().to_owned(), at)
            })
            .collect();
        let mut seen = HashSet::new();
        for block in scored_blocks(page) {
            for m in TOKEN.find_iter(&block.text) {
                let token = m.as_str();
                if token.chars().filter(char::is_ascii_uppercase).count() < 2
                    || !seen.insert(token.to_owned())
                    || self.allow.contains(token)
                    || is_word(token)
                    || is_postcode_part(token)
                    || expanded_here(&block.text, m.start(), m.end())
                {
                    continue;
                }
                let source_at = block.source_offset(m.start());
                let explained_by_abbr = abbrs
                    .iter()
                    .any(|(text, at)| text == token && source_at.is_none_or(|s| *at <= s));
                if explained_by_abbr {
                    continue;
                }
                let at = match source_at {
                    Some(start) => At::Text {
                        element: block.element,
                        span: Span {
                            start,
                            end: start + token.len(),
                        },
                    },
                    None => At::Element(block.element),
                };
                out.emit(Hit::at(at).arg("found", token).snippet(token));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansions_either_way() {
        let t = "Chronic obstructive pulmonary disease (COPD) makes breathing hard.";
        let s = t.find("COPD").unwrap_or(0);
        assert!(expanded_here(t, s, s + 4));
        let t = "Your COPD (chronic obstructive pulmonary disease) review.";
        let s = t.find("COPD").unwrap_or(0);
        assert!(expanded_here(t, s, s + 4));
        let t = "Book your COPD review.";
        let s = t.find("COPD").unwrap_or(0);
        assert!(!expanded_here(t, s, s + 4));
    }

    #[test]
    fn capital_words_are_words() {
        assert!(is_word("URGENT"));
        assert!(is_word("NOTE"));
        assert!(!is_word("COPD"));
        assert!(!is_word("UTI"));
    }

    #[test]
    fn postcodes_are_not_acronyms() {
        for part in ["WS1", "B70", "WV10", "DY4", "1AA", "SW1A"] {
            assert!(is_postcode_part(part), "{part}");
        }
        for token in ["COPD", "UTI", "HRT", "CKD"] {
            assert!(!is_postcode_part(token), "{token}");
        }
    }
}
