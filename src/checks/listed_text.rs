//! `listed-text`: flags an element whose whole text is one of a list of
//! phrases, such as a page title that is only "Home" or "Untitled".
//!
//! ## What it checks
//! The text of each element matching `selector` (only the first one with
//! `first_only`, as browsers use only the first `<title>`), compared with each
//! of `phrases` after both are lower-cased, with punctuation and runs of spaces
//! made one space: "Home |", "HOME" and "home" are all "home". Only the whole
//! text counts: "Home - Palfrey Lane Medical Centre" is not "home". Blank text
//! is left to other rules.
//!
//! `{text}` is the element's text as written (whitespace collapsed).
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "listed-text"
//! selector = "head title"
//! first_only = true
//! phrases = ["Home", "Untitled document", "New page 1"]
//! ```

use std::collections::HashSet;

use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, collapse_whitespace};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    selector: Spanned<String>,
    phrases: Vec<Spanned<String>>,
    #[serde(default)]
    first_only: bool,
}

#[derive(Debug)]
pub(crate) struct ListedText {
    selector: Selector,
    phrases: HashSet<String>,
    first_only: bool,
}

/// Lower-cased words of `text`, joined by single spaces.
fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl ListedText {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let mut phrases = HashSet::new();
        for phrase in &p.phrases {
            let key = normalise(phrase.get_ref());
            if key.is_empty() {
                return Err(source.error_at(phrase, "a phrase needs at least one letter or digit"));
            }
            phrases.insert(key);
        }
        Ok(Self {
            selector: source.selector(&p.selector)?,
            phrases,
            first_only: p.first_only,
        })
    }
}

impl PageCheck for ListedText {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let limit = if self.first_only { 1 } else { usize::MAX };
        for element in page.html().select(&self.selector).take(limit) {
            let text = collapse_whitespace(&element.text().collect::<String>());
            if self.phrases.contains(&normalise(&text)) {
                out.emit(Hit::element(element.id()).arg("text", text));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn punctuation_case_and_spacing_do_not_matter() {
        assert_eq!(normalise("  Home | "), "home");
        assert_eq!(normalise("Untitled-1"), "untitled 1");
        assert_eq!(normalise("NEW   Page 1"), "new page 1");
        assert_eq!(
            normalise("Home - Oakfield Surgery"),
            "home oakfield surgery"
        );
    }
}
