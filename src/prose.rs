//! Which text on a page is prose to be scored, and its scores.
//!
//! This is the only place that joins the page model to the readability engine:
//! the engine knows no HTML, and the page model knows no formulas. Scored text is
//! the main content, in English, not hidden, made of headings and running text
//! (paragraphs, list items, table cells, definitions). Navigation, footers,
//! labels, buttons and captions are left out, as the NHS method does.

use crate::page::{Block, BlockKind, Page};
use crate::readability::{self, Scores};

/// Pages with fewer words than this get no score: too little text to score fairly.
pub const MIN_WORDS: usize = 100;

/// Whether a block is prose that should be scored.
#[must_use]
pub fn is_scored(block: &Block) -> bool {
    block.main
        && !block.hidden
        && block.is_english()
        && (block.kind.is_running_text() || matches!(block.kind, BlockKind::Heading(_)))
}

/// The blocks of a page that are scored, in order.
pub fn scored_blocks(page: &Page) -> impl Iterator<Item = &Block> {
    page.blocks().iter().filter(|b| is_scored(b))
}

/// Scores for a page's main English prose, or `None` below [`MIN_WORDS`] words.
#[must_use]
pub fn page_scores(page: &Page, min_words: usize) -> Option<Scores> {
    readability::score_blocks(scored_blocks(page).map(|b| b.text.as_str()))
        .filter(|s| s.words >= min_words)
}
