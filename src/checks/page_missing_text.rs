//! `page-missing-text`: flags a page of a certain type (a contact page, a
//! booking page) that never says something it should, such as an offer of a
//! free interpreter.
//!
//! ## What it checks
//! A page is of a type in `[[check.pages]]` when its `<title>` or first
//! `<h1>` matches one of the type's `headings` (case-insensitive regular
//! expressions), or when a visible element matches its `selector` (such as a
//! booking form). A page of some type passes when its visible text anywhere
//! (header and footer too), or the `href` or name of a visible link, matches
//! `pattern`. Otherwise there is one finding, at the `<h1>` (or the
//! `<title>`) when the heading decided the type, else at the element that
//! matched. `{page}` is the type's `name`.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "page-missing-text"
//! pattern = '\binterpret(er|ers|ing)\b|\bBSL\b'
//!
//! [[check.pages]]
//! name = "contact"
//! headings = ['^\s*contact( us)?\s*($|[-|:])']
//!
//! [[check.pages]]
//! name = "booking"
//! headings = ['\bbook an appointment\b']
//! selector = "form[action*=appointment i]"
//! ```

use ego_tree::NodeId;
use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::required_contents::{heading_matches, regexes};
use super::{Emitter, Hit, PageCheck, Pattern, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    pattern: Spanned<String>,
    pages: Vec<PageParams>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageParams {
    name: String,
    #[serde(default)]
    headings: Vec<Spanned<String>>,
    #[serde(default)]
    selector: Option<Spanned<String>>,
}

#[derive(Debug)]
struct PageType {
    name: String,
    headings: Vec<Pattern>,
    selector: Option<Selector>,
}

#[derive(Debug)]
pub(crate) struct PageMissingText {
    pattern: Pattern,
    pages: Vec<PageType>,
    h1: Selector,
    links: Selector,
}

impl PageMissingText {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let mut pages = Vec::new();
        for page in p.pages {
            if page.headings.is_empty() && page.selector.is_none() {
                return Err(DataFileError::at(
                    source.path,
                    source.text,
                    source.text.find(&page.name).map(|i| i..i + page.name.len()),
                    format!("page type `{}` needs `headings` or a `selector`", page.name),
                ));
            }
            pages.push(PageType {
                headings: regexes(source, &page.headings)?,
                selector: page
                    .selector
                    .as_ref()
                    .map(|s| source.selector(s))
                    .transpose()?,
                name: page.name,
            });
        }
        Ok(Self {
            pattern: source.regex(&p.pattern)?,
            pages,
            h1: source.fixed_selector("h1")?,
            links: source.fixed_selector("a[href], area[href]")?,
        })
    }

    /// The first page type this page is, with the element that shows it.
    fn page_type(&self, page: &Page) -> Option<(&str, NodeId)> {
        self.pages.iter().find_map(|t| {
            if !t.headings.is_empty()
                && let Some(at) = heading_matches(page, &self.h1, &t.headings)
            {
                return Some((t.name.as_str(), at));
            }
            let selector = t.selector.as_ref()?;
            page.html()
                .select(selector)
                .find(|e| !is_hidden(*e))
                .map(|e| (t.name.as_str(), e.id()))
        })
    }

    fn says_it(&self, page: &Page) -> bool {
        page.blocks()
            .iter()
            .any(|b| !b.hidden && self.pattern.is_match(&b.text))
            || page.html().select(&self.links).any(|a| {
                !is_hidden(a)
                    && (a
                        .value()
                        .attr("href")
                        .is_some_and(|h| self.pattern.is_match(h))
                        || self.pattern.is_match(&super::languages::link_words(a)))
            })
    }
}

impl PageCheck for PageMissingText {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let Some((name, at)) = self.page_type(page) else {
            return;
        };
        if !self.says_it(page) {
            out.emit(Hit::element(at).arg("page", name));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checks::build_for_test;

    const PARAMS: &str = r#"pattern = '\binterpreters?\b'
[[check.pages]]
name = "contact"
headings = ['^\s*contact( us)?\s*($|[-|])']
[[check.pages]]
name = "booking"
selector = "form[action*=appointment i]"
"#;

    fn page_type(html: &str) -> Option<String> {
        let check = build_for_test("page-missing-text", PARAMS, PageMissingText::new).unwrap();
        let page = Page::from_text("t.html", html).unwrap();
        check.page_type(&page).map(|(name, _)| name.to_owned())
    }

    #[test]
    fn page_types_come_from_headings_and_forms() {
        assert_eq!(
            page_type("<title>Contact us - X</title><h1>Contact us</h1>").as_deref(),
            Some("contact")
        );
        assert_eq!(
            page_type("<title>Contact lenses - X</title><h1>Contact lenses</h1>"),
            None
        );
        assert_eq!(
            page_type(r#"<h1>Ask us</h1><form action="/Appointment-Request"></form>"#).as_deref(),
            Some("booking")
        );
        assert_eq!(
            page_type(r#"<h1>Ask us</h1><form action="/appointment" hidden></form>"#),
            None
        );
    }

    #[test]
    fn a_page_type_needs_a_way_to_be_known() {
        let err = build_for_test(
            "page-missing-text",
            "pattern = 'x'\n[[check.pages]]\nname = \"contact\"",
            PageMissingText::new,
        )
        .unwrap_err();
        assert!(err.contains("needs `headings` or a `selector`"), "{err}");
    }
}
