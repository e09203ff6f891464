//! `element-count`: flags a page with too few or too many visible elements of
//! one kind.
//!
//! ## What it checks
//! Counts the elements matching `selector`, leaving out hidden ones (`hidden`,
//! `aria-hidden="true"`, inline `display:none`, template content) unless
//! `include_hidden` is set.
//! - With `min`: fewer matches than `min` is one finding, at the first element
//!   matching `anchor` (by default `body`, else the `<html>` element).
//! - With `max`: more matches than `max` is one finding, at the first match
//!   past the limit.
//!
//! Pages with fewer than `min_words` words of visible text are not judged
//! (0, the default, judges every page): an empty shell that a script fills
//! in, or a page that only redirects, has no structure to check.
//!
//! `{count}` in the rule's wording is the number found, `{min}` and `{max}`
//! the limits.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "element-count"
//! selector = "main, [role=main]"
//! max = 1
//! min_words = 20
//! ```

use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    selector: Spanned<String>,
    #[serde(default)]
    min: Option<usize>,
    #[serde(default)]
    max: Option<usize>,
    #[serde(default = "default_anchor")]
    anchor: Spanned<String>,
    #[serde(default)]
    include_hidden: bool,
    #[serde(default)]
    min_words: usize,
}

fn default_anchor() -> Spanned<String> {
    Spanned::new(0..0, "body".to_owned())
}

#[derive(Debug)]
pub(crate) struct ElementCount {
    selector: Selector,
    min: Option<usize>,
    max: Option<usize>,
    anchor: Selector,
    include_hidden: bool,
    min_words: usize,
}

impl ElementCount {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        if p.min.is_none() && p.max.is_none() {
            return Err(source.error_at(&p.selector, "set `min`, `max` or both"));
        }
        if let (Some(min), Some(max)) = (p.min, p.max)
            && min > max
        {
            return Err(source.error_at(&p.selector, "`min` is larger than `max`"));
        }
        Ok(Self {
            selector: source.selector(&p.selector)?,
            min: p.min,
            max: p.max,
            anchor: source.selector(&p.anchor)?,
            include_hidden: p.include_hidden,
            min_words: p.min_words,
        })
    }
}

impl PageCheck for ElementCount {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        if self.min_words > 0 {
            let words: usize = page
                .blocks()
                .iter()
                .filter(|b| !b.hidden)
                .map(|b| b.text.split_whitespace().count())
                .sum();
            if words < self.min_words {
                return;
            }
        }
        let found: Vec<_> = page
            .html()
            .select(&self.selector)
            .filter(|e| self.include_hidden || !is_hidden(*e))
            .collect();
        let count = found.len();
        let hit = |at| {
            Hit::element(at)
                .arg("count", count)
                .arg("min", self.min.unwrap_or_default())
                .arg("max", self.max.unwrap_or_default())
        };
        if let Some(min) = self.min
            && count < min
        {
            let at = page
                .html()
                .select(&self.anchor)
                .next()
                .map_or_else(|| page.root().id(), |e| e.id());
            out.emit(hit(at));
        }
        if let Some(max) = self.max
            && let Some(extra) = found.get(max)
        {
            out.emit(hit(extra.id()));
        }
    }
}
