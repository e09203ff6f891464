//! `transaction-without-route`: flags a page where people must do something
//! online (a form, or a book / register / order / request action) and no phone
//! number is given.
//!
//! ## What it checks
//! A page is transactional when it has a `form` that is not a search form, or a
//! link or button in the main content whose text matches `actions`. Such a page
//! passes when it has a visible `tel:` link or a UK phone number in its visible
//! text, found by [`crate::phone`] (footers count: a number in the footer is a
//! real route). National short codes (NHS 111, 999, 116 123) do not count:
//! they are on almost every health page and do not reach the service itself.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "transaction-without-route"
//! actions = '\b(book|register|order|request|sign in|apply)\b'
//! ```

use regex::Regex;
use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, collapse_whitespace, is_hidden};
use crate::phone::find_phone_numbers;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[allow(dead_code)]
    kind: String,
    actions: Spanned<String>,
}

#[derive(Debug)]
pub(crate) struct TransactionWithoutRoute {
    actions: Regex,
    forms: Selector,
    controls: Selector,
    tel_links: Selector,
}

impl TransactionWithoutRoute {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            actions: source.regex(&p.actions)?,
            forms: source.fixed_selector("form")?,
            controls: source.fixed_selector(
                "a[href], button, input[type=submit], input[type=button], [role=button]",
            )?,
            tel_links: source.fixed_selector("a[href]")?,
        })
    }

    /// The first thing on the page that asks people to act online, with a
    /// description of it.
    fn transaction(&self, page: &Page) -> Option<(ego_tree::NodeId, String)> {
        let search_form = |form: ElementRef<'_>| {
            // A search landmark on the form or around it (`role="search"` or
            // the `<search>` element), or a search box inside it.
            std::iter::once(form)
                .chain(form.ancestors().filter_map(ElementRef::wrap))
                .any(|e| {
                    e.value().name() == "search"
                        || e.value().attr("role").is_some_and(|r| r.trim() == "search")
                })
                || form.descendants().filter_map(ElementRef::wrap).any(|e| {
                    e.value().name() == "input"
                        && e.value()
                            .attr("type")
                            .is_some_and(|t| t.eq_ignore_ascii_case("search"))
                })
        };
        if let Some(form) = page
            .html()
            .select(&self.forms)
            .find(|f| !search_form(*f) && !is_hidden(*f))
        {
            return Some((form.id(), "a form".to_owned()));
        }
        let main = page.main_element()?;
        for control in main.select(&self.controls) {
            let text = collapse_whitespace(
                &control
                    .value()
                    .attr("value")
                    .map_or_else(|| control.text().collect::<String>(), str::to_owned),
            );
            if !is_hidden(control) && self.actions.is_match(&text) {
                let what = if control.value().name() == "a" {
                    "link"
                } else {
                    "button"
                };
                return Some((control.id(), format!("the \u{201c}{text}\u{201d} {what}")));
            }
        }
        None
    }

    fn has_phone_route(&self, page: &Page) -> bool {
        let tel = page.html().select(&self.tel_links).any(|a| {
            !is_hidden(a)
                && a.value()
                    .attr("href")
                    .is_some_and(|h| h.trim_start().to_ascii_lowercase().starts_with("tel:"))
        });
        tel || page.blocks().iter().filter(|b| !b.hidden).any(|b| {
            find_phone_numbers(&b.text)
                .iter()
                .any(|n| n.kind.is_service_line())
        })
    }
}

impl PageCheck for TransactionWithoutRoute {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let Some((at, what)) = self.transaction(page) else {
            return;
        };
        if self.has_phone_route(page) {
            return;
        }
        out.emit(Hit::element(at).arg("action", what));
    }
}
