//! `link-text`: flags links whose name says nothing about where they go.
//!
//! ## What it checks
//! Each visible link (`selector`, by default `a[href]` and `area[href]`
//! without another role, and `role="link"`) whose accessible name, the words a
//! screen reader says for it, is one of `phrases` or matches one of `patterns`:
//! - `phrases` are compared with the whole name, ignoring case, punctuation
//!   and arrows, so "Read more…", "[Read more]" and "read more »" are all
//!   "read more". A longer name such as "Read more about flu jabs" is fine.
//! - `patterns` are regular expressions (case-insensitive) matched against the
//!   name with its spaces collapsed.
//!
//! The name includes `aria-label`, `aria-labelledby` and visually hidden text
//! inside the link, so a "Read more" link whose hidden text adds "about flu
//! jabs" passes. Links with no name at all are left to `unnamed-element`.
//! `{found}` is the name.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "link-text"
//! phrases = ["click here", "read more", "more"]
//! ```

use std::collections::HashSet;

use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, Pattern, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};

/// Elements that are links unless a rule says otherwise. An `<a href>` with
/// another role (`button`, `menuitem`, `tab`) is that, not a link.
pub(crate) const LINKS: &str = "a[href]:not([role]), area[href]:not([role]), [role=link i]";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    selector: Option<Spanned<String>>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
}

#[derive(Debug)]
pub(crate) struct LinkText {
    selector: Selector,
    phrases: HashSet<String>,
    patterns: Vec<Pattern>,
}

/// Lower case, with everything but letters, digits and apostrophes turned
/// into spaces, and spaces collapsed: "Read more…" becomes "read more".
pub(crate) fn normalise(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' || c == '\u{2019}' {
                c
            } else {
                ' '
            }
        })
        .collect();
    cleaned
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

impl LinkText {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let selector = source.selector_or(p.selector.as_ref(), LINKS)?;
        if p.phrases.is_empty() && p.patterns.is_empty() {
            return Err(DataFileError::at(
                source.path,
                source.text,
                None,
                "`link-text` needs `phrases` or `patterns`",
            ));
        }
        Ok(Self {
            selector,
            phrases: p
                .phrases
                .iter()
                .map(|w| normalise(w))
                .filter(|w| !w.is_empty())
                .collect(),
            patterns: source.regexes(&p.patterns)?,
        })
    }

    fn is_hit(&self, name: &str) -> bool {
        self.phrases.contains(&normalise(name)) || self.patterns.iter().any(|p| p.is_match(name))
    }
}

impl PageCheck for LinkText {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for link in page.html().select(&self.selector) {
            if is_hidden(link) {
                continue;
            }
            let name = page.accessible_name(link).text;
            if name.is_empty() || !self.is_hit(&name) {
                continue;
            }
            out.emit(Hit::element(link.id()).arg("found", name));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_ignores_case_punctuation_and_arrows() {
        assert_eq!(normalise("Read more…"), "read more");
        assert_eq!(normalise("[Read  more]"), "read more");
        assert_eq!(normalise("More »"), "more");
        assert_eq!(normalise("→ Click HERE."), "click here");
        assert_eq!(normalise("What’s new"), "what’s new");
    }
}
