//! `unexcused-element`: flags elements (optionally only those with an
//! attribute value matching a pattern) on a page that shows no sign excusing
//! them, such as a tracking script on a page with no cookie consent, or a
//! personal-data form with no privacy link.
//!
//! ## What it checks
//! Each element matching `selector` (hidden ones too with `include_hidden`).
//! With `attributes` and `patterns`, only elements where one of the
//! attributes has a value matching one of the patterns (case-insensitive);
//! `{found}` is that value and `{tag}` the tag name. With `first_only`, only
//! the first such element is reported (one finding per page).
//!
//! The page is excused, with no findings, when it shows one of these signs:
//! - `unless_selector`: an element (not hidden) matches this CSS selector;
//! - `unless_text`: visible text anywhere on the page matches this pattern;
//! - `unless_link`: a visible link's text or `href` matches this pattern.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "unexcused-element"
//! selector = "script[src], iframe[src]"
//! attributes = ["src"]
//! patterns = ['^(https?:)?//([^/]+\.)?google-analytics\.com/']
//! include_hidden = true
//! unless_selector = "script[src*=cookiebot]"
//! unless_text = '\baccept (all )?cookies\b'
//! ```

use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::text_pattern::PageExcuse;
use super::{Emitter, Hit, PageCheck, Pattern, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, collapse_whitespace, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    selector: Spanned<String>,
    #[serde(default)]
    attributes: Vec<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    include_hidden: bool,
    #[serde(default)]
    first_only: bool,
    #[serde(default)]
    unless_selector: Option<Spanned<String>>,
    #[serde(default)]
    unless_text: Option<Spanned<String>>,
    #[serde(default)]
    unless_link: Option<Spanned<String>>,
}

#[derive(Debug)]
pub(crate) struct UnexcusedElement {
    selector: Selector,
    attributes: Vec<String>,
    patterns: Vec<Pattern>,
    include_hidden: bool,
    first_only: bool,
    excuse: PageExcuse,
}

impl UnexcusedElement {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        if p.attributes.is_empty() != p.patterns.is_empty() {
            return Err(source.error_at(
                &p.selector,
                "give both `attributes` and `patterns`, or neither",
            ));
        }
        Ok(Self {
            selector: source.selector(&p.selector)?,
            attributes: p
                .attributes
                .iter()
                .map(|a| a.trim().to_ascii_lowercase())
                .collect(),
            patterns: source.regexes(&p.patterns)?,
            include_hidden: p.include_hidden,
            first_only: p.first_only,
            excuse: PageExcuse::new(
                source,
                p.unless_selector.as_ref(),
                p.unless_text.as_ref(),
                p.unless_link.as_ref(),
            )?,
        })
    }

    /// The matching attribute value, or "" when no attribute is asked for.
    fn matching(&self, element: ElementRef<'_>) -> Option<String> {
        if self.attributes.is_empty() {
            return Some(String::new());
        }
        self.attributes.iter().find_map(|name| {
            let value = collapse_whitespace(element.value().attr(name)?);
            self.patterns
                .iter()
                .any(|p| p.is_match(&value))
                .then_some(value)
        })
    }
}

impl PageCheck for UnexcusedElement {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let mut hits = Vec::new();
        for element in page.html().select(&self.selector) {
            if !self.include_hidden && is_hidden(element) {
                continue;
            }
            let in_template = crate::page::hidden::in_template(element);
            if in_template {
                continue;
            }
            if let Some(found) = self.matching(element) {
                hits.push((element, found));
                if self.first_only {
                    break;
                }
            }
        }
        if hits.is_empty() || self.excuse.excuses(page) {
            return;
        }
        for (element, found) in hits {
            out.emit(
                Hit::element(element.id())
                    .arg("found", found)
                    .arg("tag", element.value().name()),
            );
        }
    }
}
