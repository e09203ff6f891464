//! `text-pattern`: flags visible text that matches one of a list of phrases,
//! unless the page shows a sign that excuses it (such as a phone number next
//! to "download our app").
//!
//! ## What it checks
//! Each visible block of text (see `Page::blocks`) in the main content, or in
//! the whole page with `main_only = false`, is searched for `patterns`
//! (regular expressions, case-insensitive). The first match in a block is
//! reported at its words in the source; `{found}` is the matched text.
//!
//! The whole page is excused (no findings) when any of these is true:
//! - `unless_selector`: a visible element matches this CSS selector;
//! - `unless_text`: visible text anywhere on the page matches this pattern;
//! - `unless_link`: a visible link's text or `href` matches this pattern.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "text-pattern"
//! patterns = ['\bdownload (our|the) app\b']
//! unless_selector = "a[href^='tel:']"
//! unless_link = '\b(online|website)\b'
//! ```

use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, Pattern, RuleSource, sentence_at};
use crate::error::DataFileError;
use crate::page::{Page, collapse_whitespace, is_hidden};

/// Signs on a page that excuse it from a check, shared by the kinds that take
/// `unless_selector`, `unless_text` and `unless_link`.
#[derive(Debug)]
pub(super) struct PageExcuse {
    selector: Option<Selector>,
    text: Option<Pattern>,
    link: Option<Pattern>,
    links: Selector,
}

impl PageExcuse {
    /// Builds the excuse from the optional rule parameters.
    pub(super) fn new(
        source: &RuleSource<'_>,
        selector: Option<&Spanned<String>>,
        text: Option<&Spanned<String>>,
        link: Option<&Spanned<String>>,
    ) -> Result<Self, DataFileError> {
        Ok(Self {
            selector: selector.map(|s| source.selector(s)).transpose()?,
            text: text.map(|t| source.regex(t)).transpose()?,
            link: link.map(|l| source.regex(l)).transpose()?,
            links: source.fixed_selector("a[href], area[href]")?,
        })
    }

    /// Whether the page shows one of the signs.
    pub(super) fn excuses(&self, page: &Page) -> bool {
        if let Some(selector) = &self.selector
            && page.html().select(selector).any(|e| !is_hidden(e))
        {
            return true;
        }
        if let Some(text) = &self.text
            && page
                .blocks()
                .iter()
                .any(|b| !b.hidden && text.is_match(&b.text))
        {
            return true;
        }
        if let Some(link) = &self.link {
            return page.html().select(&self.links).any(|a| {
                !is_hidden(a)
                    && (a.value().attr("href").is_some_and(|h| link.is_match(h))
                        || link.is_match(&collapse_whitespace(&a.text().collect::<String>())))
            });
        }
        false
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    patterns: Spanned<Vec<Spanned<String>>>,
    #[serde(default = "yes")]
    main_only: bool,
    #[serde(default)]
    unless_selector: Option<Spanned<String>>,
    #[serde(default)]
    unless_text: Option<Spanned<String>>,
    #[serde(default)]
    unless_link: Option<Spanned<String>>,
}

fn yes() -> bool {
    true
}

#[derive(Debug)]
pub(crate) struct TextPattern {
    patterns: Vec<Pattern>,
    main_only: bool,
    excuse: PageExcuse,
}

impl TextPattern {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            patterns: source.regex_list(&p.patterns)?,
            main_only: p.main_only,
            excuse: PageExcuse::new(
                source,
                p.unless_selector.as_ref(),
                p.unless_text.as_ref(),
                p.unless_link.as_ref(),
            )?,
        })
    }
}

impl PageCheck for TextPattern {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let mut hits = Vec::new();
        for block in page.blocks() {
            if block.hidden || (self.main_only && !block.main) {
                continue;
            }
            let first = self
                .patterns
                .iter()
                .filter_map(|p| p.find(&block.text))
                .min_by_key(|m| m.start());
            if let Some(m) = first {
                hits.push((block, m.start(), m.as_str().to_owned()));
            }
        }
        if hits.is_empty() || self.excuse.excuses(page) {
            return;
        }
        for (block, start, found) in hits {
            let at = sentence_at(page, block, start, &block.text[start..]);
            out.emit(Hit::at(at).arg("found", found));
        }
    }
}
