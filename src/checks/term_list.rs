//! `term-list`: flags listed words and phrases in the main prose and suggests a
//! plainer replacement for each.
//!
//! ## What it checks
//! Whole-word, case-insensitive matches of each term in `terms` within the
//! page's scored prose (main content, English, not hidden; see `prose`). Each hit
//! points at the word in the source.
//!
//! Blocks that are mostly links (contents lists, A to Z indexes, link lists)
//! are names to pick from, not prose, and are not checked (see `prose`).
//!
//! With `skip_when_explained = true`, a term is not flagged when the page
//! explains it where it is used ([`is_explained`]):
//! - its plain replacement is in the same sentence, within
//!   [`EXPLAINED_WITHIN`] characters, or anywhere in the same list item, as
//!   the NHS writes "piles (haemorrhoids)" or "haemorrhoids (piles)";
//! - the term is in brackets after other words ("a blood clot (thrombosis)");
//! - words in brackets, after a dash or after a colon follow it
//!   ("oedema (swelling)", "oedema – swelling of the legs");
//! - a definition follows it ("oedema, which means…", "oedema is a…",
//!   "oedema, also called…") or comes before it ("known as oedema");
//! - in a heading, the next block explains it in one of these ways.
//!
//! A term is never flagged inside the replacement written out ("an
//! underactive thyroid (hypothyroidism)") or inside a match of one of the
//! `names` patterns, or followed by a match of `name_after`: the term is
//! part of a name there ("chronic obstructive pulmonary disease", "acute
//! trust", "the human papillomavirus (HPV) vaccine", "the phlebotomy
//! clinic"). With `once_per_page = true`, a term gets at most one finding on
//! a page, and none after the page has explained it.
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

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::{At, Emitter, Hit, PageCheck, Pattern, RuleSource};
use crate::error::DataFileError;
use crate::page::{Block, BlockKind, Page, Span};
use crate::prose::scored_blocks;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    terms: Spanned<BTreeMap<String, String>>,
    #[serde(default)]
    skip_when_explained: bool,
    #[serde(default)]
    once_per_page: bool,
    #[serde(default)]
    names: Vec<Spanned<String>>,
    #[serde(default)]
    name_after: Option<Spanned<String>>,
}

/// How near (in characters, either side) a plain word must be to explain a term.
pub(crate) const EXPLAINED_WITHIN: usize = 80;

#[derive(Debug)]
pub(crate) struct TermList {
    pattern: Pattern,
    /// Lower-cased term -> replacement.
    replacements: BTreeMap<String, String>,
    skip_when_explained: bool,
    once_per_page: bool,
    /// Phrases in which a term is part of a name.
    names: Vec<Pattern>,
    /// Matched right after a term, makes it part of a name ("vaccine").
    name_after: Option<Pattern>,
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
        let pattern = source.pattern(format!(r"(?i)\b(?:{alternation})\b"), false, |e| {
            source.error_at(&p.terms, format!("cannot build the term pattern: {e}"))
        })?;
        let names = p
            .names
            .iter()
            .map(|n| {
                let case_insensitive = Spanned::new(n.span(), format!("(?i){}", n.get_ref()));
                source.regex(&case_insensitive)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            pattern,
            replacements,
            skip_when_explained: p.skip_when_explained,
            once_per_page: p.once_per_page,
            names,
            name_after: p
                .name_after
                .as_ref()
                .map(|n| source.regex(&Spanned::new(n.span(), format!("^(?:{})", n.get_ref()))))
                .transpose()?,
        })
    }
}

impl PageCheck for TermList {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let blocks: Vec<&Block> = scored_blocks(page).collect();
        let mut done: HashSet<String> = HashSet::new();
        for (i, block) in blocks.iter().enumerate() {
            let in_name = |start: usize, end: usize| {
                self.names.iter().any(|n| {
                    n.find_iter(&block.text)
                        .any(|m| m.start() <= start && end <= m.end())
                }) || self
                    .name_after
                    .as_ref()
                    .is_some_and(|n| n.is_match(&block.text[end..]))
            };
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
                if self.once_per_page && done.contains(&key) {
                    continue;
                }
                if in_name(m.start(), m.end()) {
                    continue;
                }
                if self.skip_when_explained {
                    let list_item = block.kind == BlockKind::ListItem;
                    let next = blocks.get(i + 1).map(|b| b.text.as_str());
                    let explained =
                        is_explained(&block.text, m.start(), m.end(), replacement, list_item)
                            || (matches!(block.kind, BlockKind::Heading(_))
                                && next.is_some_and(|next| {
                                    explained_in_next(next, &key, replacement)
                                }));
                    if explained {
                        // Explained once, the word may be used freely after.
                        if self.once_per_page {
                            done.insert(key);
                        }
                        continue;
                    }
                }
                if self.once_per_page {
                    done.insert(key);
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

/// The replacement as it may be written in a sentence: without a leading
/// article ("an underactive thyroid" is written "underactive thyroid").
fn plain_form(replacement: &str) -> String {
    let plain = replacement.trim().to_lowercase();
    for article in ["a ", "an ", "the "] {
        if let Some(rest) = plain.strip_prefix(article) {
            return rest.to_owned();
        }
    }
    plain
}

/// Whether `plain` is in `window` as whole words, ignoring case; a plural
/// `s` after it counts ("blood clots in the lungs" for "blood clot in the
/// lung").
fn has_words(window: &str, plain: &str) -> bool {
    if plain.is_empty() {
        return false;
    }
    let window = window.to_lowercase();
    window.match_indices(plain).any(|(i, m)| {
        let before = window[..i].chars().next_back();
        let rest = &window[i + m.len()..];
        let rest = rest.strip_prefix('s').unwrap_or(rest);
        let after = rest.chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Words that, right after a term, start a definition of it.
const DEFINED_AFTER: &[&str] = &[
    ", which means",
    ", which is",
    ", meaning",
    ", also called",
    ", also known as",
    ", that is",
    ", i.e.",
    ", such as ",
    " such as ",
    " is a ",
    " is an ",
    " is when ",
    " is where ",
    " are a ",
    " are an ",
    " are when ",
    " means ",
    " refers to ",
    " happens when ",
];

/// Words that, right before a term, say it is the name for what came before.
const DEFINED_BEFORE: &[&str] = &[
    "called ",
    "call this ",
    "call it ",
    "known as ",
    "medical name ",
    "medical term ",
    "medical word ",
    "the name for ",
];

/// Whether the term at `text[start..end]` is explained where it is used: its
/// plain replacement nearby (same sentence, within [`EXPLAINED_WITHIN`]
/// characters, or anywhere in a list item), the term in brackets after other
/// words, words in brackets or after a dash or colon right after it, or a
/// definition next to it. The replacement inside the term itself is no help.
fn is_explained(text: &str, start: usize, end: usize, replacement: &str, list_item: bool) -> bool {
    use crate::page::position::floor_char_boundary;
    let plain = plain_form(replacement);
    // Plain words nearby: in the same sentence, close by, or in the item.
    let sentence = crate::readability::sentences(text)
        .into_iter()
        .find(|s| s.start <= start && end <= s.end)
        .map_or(0..text.len(), |s| s.start..s.end);
    let (from, to) = if list_item {
        (0, text.len())
    } else {
        (
            floor_char_boundary(
                text,
                start.saturating_sub(EXPLAINED_WITHIN).min(sentence.start),
            ),
            floor_char_boundary(
                text,
                (end + EXPLAINED_WITHIN).max(sentence.end).min(text.len()),
            ),
        )
    };
    if has_words(&text[from..start], &plain) || has_words(&text[end..to], &plain) {
        return true;
    }
    let before = text[..start].to_lowercase();
    let after = &text[end..];
    // "a blood clot (thrombosis)": the term in brackets after the words it names.
    let before_trim = before.trim_end();
    if before_trim.ends_with('(') && before_trim.len() > 1 {
        return true;
    }
    // "oedema (fluid in the legs)": words in brackets right after it. A short
    // form in capitals, "(HPV)", names the term and explains nothing.
    let after_trim = after.trim_start();
    if let Some(inner) = after_trim.strip_prefix('(') {
        let inner = inner.split(')').next().unwrap_or_default();
        if inner.chars().any(char::is_lowercase) && crate::readability::words(inner).count() >= 1 {
            return true;
        }
    }
    // "oedema \u{2013} fluid in the legs", "oedema: fluid in the legs".
    let dashed = ["\u{2013} ", "\u{2014} ", "- "]
        .iter()
        .any(|d| after.starts_with(' ') && after_trim.starts_with(d))
        || after.starts_with(": ");
    if dashed && crate::readability::words(after_trim).take(2).count() == 2 {
        return true;
    }
    // "a blood clot in the lungs \u{2013} a pulmonary embolism": plain words,
    // a dash, then the term.
    let mut rest = before_trim;
    for article in ["a", "an", "the"] {
        if let Some(r) = rest.strip_suffix(article).filter(|r| r.ends_with(' ')) {
            rest = r.trim_end();
            break;
        }
    }
    let before_dash = ["\u{2013}", "\u{2014}", " -"]
        .iter()
        .find_map(|d| rest.strip_suffix(d));
    if before_dash.is_some_and(|b| crate::readability::words(b).count() >= 2) {
        return true;
    }
    let after_lower = after.to_lowercase();
    DEFINED_AFTER.iter().any(|d| after_lower.starts_with(d))
        || DEFINED_BEFORE.iter().any(|d| before.ends_with(d))
}

/// Whether the block after a heading explains the heading's term: it starts
/// with the term and a definition ("Oedema is a build-up of fluid…"), or
/// gives the plain words early on.
fn explained_in_next(next: &str, key: &str, replacement: &str) -> bool {
    use crate::page::position::floor_char_boundary;
    let lower = next.to_lowercase();
    let head = &lower[..floor_char_boundary(&lower, 200.min(lower.len()))];
    if has_words(head, &plain_form(replacement)) {
        return true;
    }
    // Offsets found in the lower-cased text are used on the original only
    // where they are valid there (lower-casing can change byte lengths).
    lower.find(key).is_some_and(|at| {
        let end = at + key.len();
        at < 80
            && end <= next.len()
            && next.is_char_boundary(at)
            && next.is_char_boundary(end)
            && is_explained(next, at, end, replacement, false)
    })
}

#[cfg(test)]
mod tests {
    use super::is_explained;

    /// Whether `term` (its first use in `text`) is explained by `plain`.
    fn explained(text: &str, term: &str, plain: &str) -> bool {
        let start = text.to_lowercase().find(term).unwrap_or(0);
        is_explained(text, start, start + term.len(), plain, false)
    }

    #[test]
    fn plain_words_next_to_a_term_explain_it() {
        assert!(explained(
            "Piles (haemorrhoids) are lumps inside your bottom.",
            "haemorrhoids",
            "piles"
        ));
        assert!(!explained(
            "Haemorrhoids make it sore to sit down.",
            "haemorrhoids",
            "piles"
        ));
        // The plain word inside the term, or inside another word, is no help.
        assert!(!explained("Influenza spreads easily.", "influenza", "flu"));
        assert!(!explained(
            "An acute illness starts quickly.",
            "acute",
            "cut"
        ));
        assert!(explained(
            "You may have a cut (laceration) on your arm.",
            "laceration",
            "cut"
        ));
    }

    #[test]
    fn a_definition_next_to_a_term_explains_it() {
        for text in [
            "You may get oedema (fluid building up in your legs).",
            "You may get oedema \u{2013} fluid building up in your legs.",
            "You may get oedema, which means fluid builds up in your legs.",
            "Oedema is a build-up of fluid in the body.",
            "Fluid can build up in your legs (oedema).",
            "Fluid that builds up in your legs is known as oedema.",
            "Fluid building up in your legs \u{2013} oedema \u{2013} is common.",
        ] {
            assert!(explained(text, "oedema", "swelling"), "{text}");
        }
        // An example explains a kind of thing.
        assert!(explained(
            "Put on an emollient, such as a plain moisturising cream.",
            "emollient",
            "moisturiser"
        ));
        // A short form in brackets names the term; it does not explain it.
        assert!(!explained(
            "Oedema (OE) can make it hard to walk far.",
            "oedema",
            "swelling"
        ));
        assert!(!explained(
            "Tell us if you have oedema in your legs.",
            "oedema",
            "swelling"
        ));
    }

    #[test]
    fn plain_words_in_the_same_sentence_or_list_item_explain_it() {
        let text = "If your blood pressure test shows hypertension, the practice nurse will talk to you about what high blood pressure means for your heart and kidneys.";
        assert!(explained(text, "hypertension", "high blood pressure"));
        // An article in the replacement is not needed in the text.
        assert!(explained(
            "An underactive thyroid (hypothyroidism) can make you tired.",
            "hypothyroidism",
            "an underactive thyroid"
        ));
        assert!(!explained(
            "Hypothyroidism can make you tired. Your GP can test your thyroid.",
            "hypothyroidism",
            "an underactive thyroid"
        ));
    }
}
