//! `acronym`: flags an acronym the first time a page uses it, when that first
//! use is not explained.
//!
//! ## What it checks
//! Tokens of two or more capital letters (digits and `&` allowed inside: COPD,
//! HbA1c is not one, A&E is), with a plural `s` or not ("ECGs" is "ECG"), in
//! the page's scored prose (see `prose`). Only the first use on a page counts
//! (the singular and plural are one acronym), and it is fine when:
//! - the acronym is in `allow` (ones nearly everyone knows: NHS, GP, A&E);
//! - it is expanded right there, later in the same block, or (for a heading)
//!   in the block after it ("What is IBS?" then "Irritable bowel syndrome
//!   (IBS) is..."): "chronic obstructive pulmonary disease (COPD)" or "COPD
//!   (chronic obstructive pulmonary disease)";
//! - it is part of a name: followed by a capitalised word ("EMIS Web"), a
//!   product word ("JAWS screen reader", "QRISK3 score"), or a trade mark;
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
use crate::page::{BlockKind, Page, Span};
use crate::prose::scored_blocks;
use crate::readability::cmu;

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(r"\b[A-Z][A-Z0-9&]*[A-Z0-9]s?\b").expect("static regex is valid")
});

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
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

/// Words that, after an acronym, say it is the name of a product or a score
/// ("JAWS screen reader", "QRISK3 score", "EMIS app").
const PRODUCT_WORDS: &[&str] = &[
    "screen reader",
    "software",
    "app",
    "score",
    "calculator",
    "tool",
    "website",
    "platform",
    "browser",
    "plugin",
    "extension",
    "form",
];

/// Whether the token at `text[start..end]` is part of a name: letters and
/// digits mixed ("QRISK3"), or followed by a trade mark sign, a product word
/// ("GMS1 form"), or a capitalised word that is not itself in capitals ("EMIS
/// Web"; "SNOMED CT" is two acronyms).
fn in_name(text: &str, start: usize, end: usize) -> bool {
    // Letters and digits mixed are a product, form or system name ("QRISK3",
    // "GMS1", "GP2GP"), not letters standing for words to spell out.
    let token = text[start..end].trim_end_matches('s');
    if token.chars().any(|c| c.is_ascii_digit()) && !is_postcode_part(token) {
        return true;
    }
    let after = &text[end..];
    if after.starts_with(['\u{ae}', '\u{2122}']) {
        return true;
    }
    // Joined to more letters by a colon or a dot with no space ("EP:IC
    // Research", "NHS.UK"): one name, written the way its owner styles it.
    let joined = |s: &str| s.starts_with(|c: char| c.is_alphanumeric());
    if after.strip_prefix([':', '.']).is_some_and(joined)
        || text[..start]
            .strip_suffix([':', '.'])
            .is_some_and(|b| b.ends_with(|c: char| c.is_alphanumeric()))
    {
        return true;
    }
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let lower = rest.to_lowercase();
    if PRODUCT_WORDS.iter().any(|w| {
        lower.starts_with(w) && !lower[w.len()..].starts_with(|c: char| c.is_alphanumeric())
    }) {
        return true;
    }
    let next: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    let mut chars = next.chars();
    chars.next().is_some_and(char::is_uppercase)
        && next.chars().count() >= 2
        && chars.any(char::is_lowercase)
}

/// The acronym a token stands for: "ECGs" is "ECG".
fn singular(token: &str) -> &str {
    token.strip_suffix('s').unwrap_or(token)
}

/// Whether `acronym` is expanded anywhere in `text`, in either order.
fn expanded_in(text: &str, acronym: &str) -> bool {
    TOKEN
        .find_iter(text)
        .any(|m| singular(m.as_str()) == acronym && expanded_here(text, m.start(), m.end()))
}

/// Whether the use at `text[start..end]` is expanded where it stands.
fn expanded_here(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let after = &text[end..];
    // "... pulmonary disease (COPD)": two or more words before the bracket,
    // or one long word that the letters shorten ("electrocardiograms (ECGs)").
    if before.trim_end().ends_with('(') && after.starts_with(')') {
        let words: Vec<&str> = before
            .trim_end()
            .trim_end_matches('(')
            .split_whitespace()
            .rev()
            .take_while(|w| !w.ends_with(['.', ')', ':']))
            .collect();
        let one_long_word = words.first().is_some_and(|w| {
            w.chars().count() >= 8
                && w.chars()
                    .next()
                    .zip(text[start..end].chars().next())
                    .is_some_and(|(a, b)| a.eq_ignore_ascii_case(&b))
        });
        return words.len() >= 2 || one_long_word;
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
        let blocks: Vec<_> = scored_blocks(page).collect();
        for (i, block) in blocks.iter().enumerate() {
            for m in TOKEN.find_iter(&block.text) {
                let token = singular(m.as_str());
                // A name is not a use of the acronym, so it is checked before
                // the first use is taken.
                if token.chars().filter(char::is_ascii_uppercase).count() < 2
                    || in_name(&block.text, m.start(), m.end())
                    || !seen.insert(token.to_owned())
                    || self.allow.contains(token)
                    || is_word(token)
                    || is_postcode_part(token)
                    || expanded_here(&block.text, m.start(), m.end())
                {
                    continue;
                }
                // Expanded just after: later in the same block ("What is
                // IBS? \u{2013} Irritable bowel syndrome (IBS)"), or in the text
                // straight after a heading that uses it.
                let heading = matches!(block.kind, BlockKind::Heading(_));
                if blocks[i..]
                    .iter()
                    .take(if heading { 2 } else { 1 })
                    .any(|b| expanded_in(&b.text, token))
                {
                    continue;
                }
                let token = m.as_str();
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
        // A plural expansion covers the singular, and the other way round.
        assert!(expanded_in(
            "You may need electrocardiograms (ECGs).",
            "ECG"
        ));
        assert!(expanded_in(
            "Electrocardiograms (ECGs) check your heart.",
            "ECG"
        ));
        assert!(!expanded_in("Tests (ECGs) check your heart.", "ECG"));
        assert!(!expanded_in("You may need ECGs.", "ECG"));
    }

    #[test]
    fn names_of_products_are_not_acronyms_to_expand() {
        for text in [
            "Use the JAWS screen reader.",
            "Your QRISK3 score is 12%.",
            "We use EMIS Web for records.",
            "Built with SNOMED\u{ae} codes.",
            "Fill in a GMS1 form to register.",
            "Your record moves by GP2GP.",
        ] {
            let m = TOKEN.find_iter(text).next().map_or(0..0, |m| m.range());
            assert!(in_name(text, m.start, m.end), "{text}");
        }
        for text in [
            "Book your COPD review.",
            "Your CKD and COPD reviews.",
            "Ask about HRT. It helps.",
        ] {
            let m = TOKEN.find_iter(text).next().map_or(0..0, |m| m.range());
            assert!(!in_name(text, m.start, m.end), "{text}");
        }
    }

    #[test]
    fn capital_words_are_words() {
        assert!(is_word("URGENT"));
        assert!(is_word("NOTE"));
        assert!(!is_word("COPD"));
        assert!(!is_word("UTI"));
    }

    #[test]
    fn names_joined_by_a_colon_or_dot_are_names() {
        let text = "UKHSA worked with EP:IC Research Consultancy. Visit NHS.UK today.";
        for token in ["EP", "IC", "NHS", "UK"] {
            let start = text.find(token).expect("in the text");
            let start = if token == "UK" {
                text.rfind("UK").expect("in the text")
            } else {
                start
            };
            assert!(in_name(text, start, start + token.len()), "{token}");
        }
        // A sentence that ends with an acronym is not a name.
        let text = "Ask about COPD. It is common.";
        let start = text.find("COPD").expect("in the text");
        assert!(!in_name(text, start, start + 4));
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
