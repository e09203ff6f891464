//! `duplicate-value`: flags elements that repeat an attribute value an earlier
//! element on the page already uses.
//!
//! ## What it checks
//! Elements matching `selector` with a non-blank `attribute`, compared trimmed
//! and, unless `case_sensitive` is set, ignoring case. The first element with a
//! value is fine; every later one with the same value is a finding, with
//! `{value}` (as written), `{tag}` and `{first_line}` (the line of the first
//! element) filled in. Elements hidden from everyone are skipped unless
//! `include_hidden` is set.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "duplicate-value"
//! selector = "[accesskey]"
//! attribute = "accesskey"
//! ```

use std::collections::HashMap;

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
    attribute: String,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    include_hidden: bool,
}

#[derive(Debug)]
pub(crate) struct DuplicateValue {
    selector: Selector,
    attribute: String,
    case_sensitive: bool,
    include_hidden: bool,
}

impl DuplicateValue {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            selector: source.selector(&p.selector)?,
            attribute: p.attribute,
            case_sensitive: p.case_sensitive,
            include_hidden: p.include_hidden,
        })
    }
}

impl PageCheck for DuplicateValue {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        // Value -> line of the first element that used it.
        let mut first: HashMap<String, u32> = HashMap::new();
        for element in page.html().select(&self.selector) {
            let Some(value) = element
                .value()
                .attr(&self.attribute)
                .map(str::trim)
                .filter(|v| !v.is_empty())
            else {
                continue;
            };
            if !self.include_hidden && is_hidden(element) {
                continue;
            }
            let key = if self.case_sensitive {
                value.to_owned()
            } else {
                value.to_lowercase()
            };
            let line = page.position(page.anchor_span(element.id()).start).line;
            match first.get(&key) {
                None => {
                    first.insert(key, line);
                }
                Some(first_line) => out.emit(
                    Hit::element(element.id())
                        .arg("value", value)
                        .arg("tag", element.value().name())
                        .arg("first_line", first_line),
                ),
            }
        }
    }
}
