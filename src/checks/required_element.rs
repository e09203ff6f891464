//! `required-element`: flags a page that lacks an element (with text).
//!
//! ## What it checks
//! That an element matches `selector` and, when `require_text` is set (the
//! default), that the first match has some non-blank text. When it is missing, the finding points
//! at the first element matching `anchor` (by default `head`, then `html`).
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "required-element"
//! selector = "head title"
//! ```

use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::Page;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    selector: Spanned<String>,
    #[serde(default = "yes")]
    require_text: bool,
    #[serde(default = "default_anchor")]
    anchor: Spanned<String>,
}

fn yes() -> bool {
    true
}

fn default_anchor() -> Spanned<String> {
    Spanned::new(0..0, "head".to_owned())
}

#[derive(Debug)]
pub(crate) struct RequiredElement {
    selector: Selector,
    require_text: bool,
    anchor: Selector,
}

impl RequiredElement {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            selector: source.selector(&p.selector)?,
            require_text: p.require_text,
            anchor: source.selector(&p.anchor)?,
        })
    }
}

impl PageCheck for RequiredElement {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        // Only the first match counts: a browser shows the first <title> and
        // ignores the rest, so a blank first title is a blank title.
        let mut found_empty = None;
        if let Some(element) = page.html().select(&self.selector).next() {
            if !self.require_text || element.text().any(|t| !t.trim().is_empty()) {
                return;
            }
            found_empty = Some(element.id());
        }
        // Point at the empty element if there is one, else at the anchor.
        let at = found_empty
            .or_else(|| page.html().select(&self.anchor).next().map(|e| e.id()))
            .unwrap_or_else(|| page.root().id());
        let state = if found_empty.is_some() {
            "empty"
        } else {
            "missing"
        };
        out.emit(Hit::element(at).arg("state", state));
    }
}
