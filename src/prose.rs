//! Which text on a page is prose to be scored, and its scores.
//!
//! This is the only place that joins the page model to the readability engine:
//! the engine knows no HTML, and the page model knows no formulas. Scored text is
//! the main content, in English, not hidden, made of headings and running text
//! (paragraphs, list items, table cells, definitions). Navigation, footers,
//! labels, buttons and captions are left out, as the NHS method does.
//!
//! A page is also scored part by part: a new part starts at each `h2` or `h3`, so
//! a report can say which part of a long page is the hard one.

use serde::{Deserialize, Serialize};

use scraper::ElementRef;

use crate::page::{Block, BlockKind, Page, is_block_element};
use crate::readability::{self, Profile, Scores};

/// Pages with fewer words than this get no score: too little text to score fairly.
pub const MIN_WORDS: usize = 100;

/// Whether a block is prose that should be scored.
#[must_use]
pub fn is_scored(block: &Block) -> bool {
    block.main
        && !block.hidden
        && block.is_english()
        && (block.kind.is_running_text() || matches!(block.kind, BlockKind::Heading(_)))
        && !(block.kind == BlockKind::Cell && is_figures(&block.text))
}

/// Whether a table cell holds figures or labels rather than prose: under four
/// words, or mostly numbers ("8am to 6.30pm", "£9.90", "140/90"). Tables of
/// opening hours or results would otherwise count as dozens of tiny sentences
/// and make a page look easier than it reads.
fn is_figures(text: &str) -> bool {
    let words: Vec<&str> = readability::words(text).collect();
    let numeric = words
        .iter()
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .count();
    words.len() < 4 || numeric * 2 >= words.len()
}

/// The blocks of a page that are scored, in order: [`is_scored`] blocks that
/// are not links ([`is_link_block`]) nor page dates ([`is_page_date`]).
pub fn scored_blocks(page: &Page) -> impl Iterator<Item = &Block> {
    page.blocks()
        .iter()
        .filter(|b| is_scored(b) && !is_page_date(&b.text) && !is_link_block(page, b))
}

/// Whether a block is a "last reviewed" or "next review due" line: a page
/// date, not prose. Run together with a contents list they read as one long
/// sentence.
fn is_page_date(text: &str) -> bool {
    let lower = text.to_lowercase();
    let dated = [
        "last reviewed",
        "review due",
        "last updated",
        "page updated",
        "date of review",
        "published:",
    ]
    .iter()
    .any(|p| lower.contains(p));
    dated && readability::words(text).count() <= 16
}

/// Whether most of a block's words (two in three or more) are link text, or
/// the block is inside a link: a contents list, a list of links, an A to Z
/// index ("Abdomen: men's conditions or women's conditions"), a card or a
/// "read more" line.
/// These are names to pick from, not sentences to read, so they are neither
/// scored nor checked for words.
#[must_use]
pub fn is_link_block(page: &Page, block: &Block) -> bool {
    let Some(element) = page
        .html()
        .tree
        .get(block.element)
        .and_then(ElementRef::wrap)
    else {
        return false;
    };
    // A block inside a link: a card whose title and summary are one link.
    if element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "a" && a.value().attr("href").is_some())
    {
        return true;
    }
    let total = readability::words(&block.text).count();
    if total == 0 {
        return false;
    }
    let mut linked = 0;
    // Only text that belongs to this block: stop at nested blocks, which are
    // blocks of their own.
    let mut stack: Vec<(ego_tree::NodeRef<'_, scraper::Node>, bool)> =
        element.children().map(|c| (c, false)).collect();
    stack.reverse();
    while let Some((node, in_link)) = stack.pop() {
        match node.value() {
            scraper::Node::Text(t) if in_link => linked += readability::words(t).count(),
            scraper::Node::Element(el) => {
                if is_block_element(el.name()) {
                    continue;
                }
                let in_link = in_link || el.name() == "a";
                let mut children: Vec<_> = node.children().map(|c| (c, in_link)).collect();
                children.reverse();
                stack.extend(children);
            }
            _ => {}
        }
    }
    linked * 3 >= total * 2
}

/// Scores for a page's main English prose (health profile), or `None` below
/// `min_words` words.
#[must_use]
pub fn page_scores(page: &Page, min_words: usize) -> Option<Scores> {
    readability::score_blocks(scored_blocks(page).map(|b| b.text.as_str()))
        .filter(|s| s.words >= min_words)
}

/// One part of a page (from one `h2`/`h3` to the next), with its scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SectionReadability {
    /// The heading that starts the part; `null` for text before the first one.
    pub heading: Option<String>,
    /// 1-based source line where the part starts.
    pub line: usize,
    /// Words in the part.
    pub words: usize,
    /// Sentences in the part.
    pub sentences: usize,
    /// Flesch-Kincaid grade.
    pub flesch_kincaid_grade: f64,
    /// SMOG grade.
    pub smog: f64,
    /// UK reading age (grade + 5).
    pub reading_age: i32,
}

/// `pages[].readability`: the page's scores, the profile used, and the parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PageReadability {
    /// The whole page's scores.
    #[serde(flatten)]
    pub scores: Scores,
    /// `health` or `textstat`.
    pub profile: Profile,
    /// Part by part, in page order.
    pub sections: Vec<SectionReadability>,
}

/// The scored blocks of a page cut into parts at each `h2` or `h3`.
#[must_use]
pub fn sections(page: &Page) -> Vec<Vec<&Block>> {
    let mut parts: Vec<Vec<&Block>> = Vec::new();
    for block in scored_blocks(page) {
        let starts_part = matches!(block.kind, BlockKind::Heading(2 | 3));
        match parts.last_mut() {
            Some(part) if !starts_part => part.push(block),
            _ => parts.push(vec![block]),
        }
    }
    parts
}

/// The heading text of a part, if it starts with one.
fn heading_of(part: &[&Block]) -> Option<String> {
    part.first()
        .filter(|b| matches!(b.kind, BlockKind::Heading(2 | 3)))
        .map(|b| b.text.clone())
}

/// The readability of a page and of each part, or `None` below `min_words`.
#[must_use]
pub fn page_readability(
    page: &Page,
    profile: Profile,
    min_words: usize,
) -> Option<PageReadability> {
    let scores = readability::score(profile, scored_blocks(page).map(|b| b.text.as_str()))
        .filter(|s| s.words >= min_words)?;
    let sections = sections(page)
        .iter()
        .filter_map(|part| {
            let s = readability::score(profile, part.iter().map(|b| b.text.as_str()))?;
            let line = part
                .first()
                .and_then(|b| b.source_offset(0))
                .map_or(1, |o| usize::try_from(page.position(o).line).unwrap_or(1));
            Some(SectionReadability {
                heading: heading_of(part),
                line,
                words: s.words,
                sentences: s.sentences,
                flesch_kincaid_grade: s.flesch_kincaid_grade,
                smog: s.smog,
                reading_age: s.reading_age,
            })
        })
        .collect();
    Some(PageReadability {
        scores,
        profile,
        sections,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tables_of_figures_are_not_prose_but_sentences_in_cells_are() {
        let page = Page::from_text(
            "t",
            "<!doctype html><html lang=en><body><main><table>\
             <tr><td>Monday</td><td>8am to 6.30pm</td></tr>\
             <tr><td>Blood pressure</td><td>140/90 or lower</td><td>12.5 mmol/L 3.2 5.1</td></tr>\
             <tr><td>Ask at reception if you need an interpreter for your visit.</td></tr>\
             </table></main></body></html>",
        )
        .unwrap();
        let scored: Vec<&str> = scored_blocks(&page).map(|b| b.text.as_str()).collect();
        assert_eq!(
            scored,
            ["Ask at reception if you need an interpreter for your visit."]
        );
    }
}
