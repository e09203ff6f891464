//! `phrase-without-nearby`: flags a phrase (such as "only available online")
//! when the same section of the page offers nothing that answers it (such as
//! a phone number or "ask at reception").
//!
//! ## What it checks
//! Each visible block of text is searched for `patterns` (regular
//! expressions, case-insensitive); the first match in a block is a candidate.
//! A match is skipped when the text just before it matches `not_after` (so
//! "this is not only available online" is not read as "only available
//! online").
//!
//! The candidate is a finding unless its section has an answer. A section
//! runs from one heading of level `section_level` or higher (default 2, so
//! `h1` and `h2`) to the next, and never mixes main content with the header,
//! footer or sidebars. The answer is any of:
//! - text matching `nearby` in any block of the section (the matched
//!   phrases themselves are blanked out first, so "you can no longer call"
//!   does not count as "call");
//! - with `phone = true`: a UK phone number (found by [`crate::phone`], not
//!   NHS 111 or 999) or a `tel:` link in the section.
//!
//! `{found}` is the matched phrase.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "phrase-without-nearby"
//! patterns = ['\bonly available online\b', '\bwe no longer take calls\b']
//! not_after = '\b(?:not|never)\s+$'
//! nearby = '\bin person\b|\bat reception\b|\bcall us\b'
//! phone = true
//! ```

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, Pattern, RuleSource, sentence_at};
use crate::error::DataFileError;
use crate::page::{Block, BlockKind, Page, is_hidden};
use crate::phone::find_phone_numbers;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    patterns: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    not_after: Option<Spanned<String>>,
    nearby: Spanned<String>,
    #[serde(default)]
    phone: bool,
    #[serde(default = "two")]
    section_level: u8,
}

fn two() -> u8 {
    2
}

#[derive(Debug)]
pub(crate) struct PhraseWithoutNearby {
    patterns: Vec<Pattern>,
    not_after: Option<Pattern>,
    nearby: Pattern,
    phone: bool,
    section_level: u8,
    links: Selector,
}

impl PhraseWithoutNearby {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            patterns: source.regex_list(&p.patterns)?,
            not_after: p.not_after.as_ref().map(|r| source.regex(r)).transpose()?,
            nearby: source.regex(&p.nearby)?,
            phone: p.phone,
            section_level: p.section_level,
            links: source.fixed_selector("a[href]")?,
        })
    }

    /// The first phrase in `text` that is not negated: (start, end).
    fn first_phrase(&self, text: &str) -> Option<(usize, usize)> {
        self.patterns
            .iter()
            .flat_map(|p| p.find_iter(text))
            .filter(|m| {
                let before = &text[..m.start()];
                self.not_after.as_ref().is_none_or(|n| !n.is_match(before))
            })
            .map(|m| (m.start(), m.end()))
            .min()
    }

    /// Block elements that hold a visible `tel:` link.
    fn tel_blocks(&self, page: &Page, blocks: &[&Block]) -> HashSet<NodeId> {
        let owners: HashSet<NodeId> = blocks.iter().map(|b| b.element).collect();
        let mut found = HashSet::new();
        for a in page.html().select(&self.links) {
            let tel = a.value().attr("href").is_some_and(|h| {
                h.trim_start()
                    .get(..4)
                    .is_some_and(|s| s.eq_ignore_ascii_case("tel:"))
            });
            if !tel || is_hidden(a) {
                continue;
            }
            // The nearest block that holds the link.
            if let Some(owner) = std::iter::once(a)
                .chain(a.ancestors().filter_map(ElementRef::wrap))
                .map(|e| e.id())
                .find(|id| owners.contains(id))
            {
                found.insert(owner);
            }
        }
        found
    }

    /// Whether a block answers the phrase: `nearby` text outside the phrases,
    /// or (with `phone`) a phone number or `tel:` link.
    fn answers(&self, block: &Block, tel_blocks: &HashSet<NodeId>) -> bool {
        if self.phone
            && (tel_blocks.contains(&block.element)
                || find_phone_numbers(&block.text)
                    .iter()
                    .any(|n| n.kind.is_service_line()))
        {
            return true;
        }
        let mut text = block.text.clone();
        for pattern in &self.patterns {
            let blanked = pattern
                .replace_all(&text, |c: &regex::Captures<'_>| " ".repeat(c[0].len()))
                .into_owned();
            text = blanked;
        }
        self.nearby.is_match(&text)
    }
}

impl PageCheck for PhraseWithoutNearby {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let blocks: Vec<&Block> = page.blocks().iter().filter(|b| !b.hidden).collect();
        // Sections: a new one at each high-level heading and where the page
        // moves between main content and the rest.
        let mut sections: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        for (i, block) in blocks.iter().enumerate() {
            let heading = matches!(block.kind, BlockKind::Heading(l) if l <= self.section_level);
            if i > start && (heading || block.main != blocks[i - 1].main) {
                sections.push((start, i));
                start = i;
            }
        }
        if start < blocks.len() {
            sections.push((start, blocks.len()));
        }
        let mut tel_blocks = None;
        for (from, to) in sections {
            let section = &blocks[from..to];
            let hits: Vec<(&Block, usize, usize)> = section
                .iter()
                .filter_map(|b| self.first_phrase(&b.text).map(|(s, e)| (*b, s, e)))
                .collect();
            if hits.is_empty() {
                continue;
            }
            let tel = tel_blocks.get_or_insert_with(|| self.tel_blocks(page, &blocks));
            if section.iter().any(|b| self.answers(b, tel)) {
                continue;
            }
            for (block, start, end) in hits {
                let found = &block.text[start..end];
                let at = sentence_at(page, block, start, found);
                out.emit(Hit::at(at).arg("found", found));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::build_for_test;

    fn check() -> PhraseWithoutNearby {
        let built = build_for_test(
            "phrase-without-nearby",
            "patterns = ['\\bonly available online\\b', '\\byou can no longer call\\b']\n\
             not_after = '\\bnot\\s+$'\nnearby = '\\bcall\\b'",
            PhraseWithoutNearby::new,
        );
        let Ok(check) = built else {
            panic!("builds");
        };
        check
    }

    #[test]
    fn negated_phrases_are_skipped() {
        let check = check();
        assert_eq!(
            check.first_phrase("It is only available online."),
            Some((6, 27))
        );
        assert_eq!(check.first_phrase("It is not only available online."), None);
    }

    #[test]
    fn the_phrase_itself_is_no_answer() {
        let check = check();
        let page = Page::from_text(
            "t.html",
            "<main><p>You can no longer call us.</p><p>Or call 999.</p></main>",
        );
        let Ok(page) = page else {
            panic!("parses");
        };
        let none = HashSet::new();
        let blocks = page.blocks();
        assert!(!check.answers(&blocks[0], &none));
        assert!(check.answers(&blocks[1], &none));
    }

    #[test]
    fn needs_patterns() {
        let err = build_for_test(
            "phrase-without-nearby",
            "patterns = []\nnearby = 'x'",
            PhraseWithoutNearby::new,
        )
        .err()
        .unwrap_or_default();
        assert!(err.contains("at least one pattern"), "{err}");
    }
}
