//! `missing-page-text`: on a page of a certain kind (or on every page), flags
//! a page that never says something it should, such as a health page with no
//! "page last reviewed" date, or a page with no phone number or address for
//! the organisation that runs it.
//!
//! ## What it checks
//! Which pages are judged:
//! - pages with fewer than `min_words` words of visible text are not (an
//!   empty shell a script fills in, or a redirect page, says nothing yet);
//! - with neither `page` nor `page_headings`, every other page is;
//! - otherwise a page is judged when its `<title>` or first `<h1>` matches
//!   one of `page`, or when at least `min_headings` of its visible `h2`–`h6`
//!   headings each match one of `page_headings` (all regular expressions,
//!   case-insensitive), and no `unless_page` expression matches the `<title>`
//!   or first `<h1>`.
//!
//! Each `[[check.need]]` is a group of expressions (`any`); the page meets it
//! when one of them matches its visible text (the whole page, header and
//! footer too, whitespace collapsed), the `href` of a visible link, or, with
//! `include_title`, the page's `<title>` (a name in the browser tab). Each
//! group not met is one finding at the first `<h1>` (else `<main>`, else
//! `<body>`), with `{missing}` set to the group's `name`.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "missing-page-text"
//! page_headings = ['\bsymptoms\b', '\btreatments?\b', '\bcauses\b']
//! min_headings = 2
//! min_words = 100
//!
//! [[check.need]]
//! name = "a review date"
//! any = ['\bpage last reviewed\b', '\bnext review due\b']
//! ```

use ego_tree::NodeId;
use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::required_contents::regexes;
use super::{Emitter, Hit, PageCheck, Pattern, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, collapse_whitespace, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    page: Vec<Spanned<String>>,
    #[serde(default)]
    page_headings: Vec<Spanned<String>>,
    #[serde(default = "one")]
    min_headings: usize,
    #[serde(default)]
    unless_page: Vec<Spanned<String>>,
    #[serde(default)]
    min_words: usize,
    #[serde(default)]
    include_title: bool,
    need: Vec<NeedParams>,
}

fn one() -> usize {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NeedParams {
    name: String,
    any: Vec<Spanned<String>>,
}

#[derive(Debug)]
struct Need {
    name: String,
    any: Vec<Pattern>,
}

#[derive(Debug)]
pub(crate) struct MissingPageText {
    page: Vec<Pattern>,
    page_headings: Vec<Pattern>,
    min_headings: usize,
    unless_page: Vec<Pattern>,
    min_words: usize,
    include_title: bool,
    need: Vec<Need>,
    h1: Selector,
    headings: Selector,
    links: Selector,
}

impl MissingPageText {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let mut need = Vec::new();
        for group in &p.need {
            if group.any.is_empty() {
                return Err(DataFileError::at(
                    source.path,
                    source.text,
                    None,
                    format!("need `{}` has no expressions in `any`", group.name),
                ));
            }
            need.push(Need {
                name: group.name.clone(),
                any: regexes(source, &group.any)?,
            });
        }
        if need.is_empty() {
            return Err(DataFileError::at(
                source.path,
                source.text,
                None,
                "give at least one [[check.need]]",
            ));
        }
        Ok(Self {
            page: regexes(source, &p.page)?,
            page_headings: regexes(source, &p.page_headings)?,
            min_headings: p.min_headings.max(1),
            unless_page: regexes(source, &p.unless_page)?,
            min_words: p.min_words,
            include_title: p.include_title,
            need,
            h1: source.fixed_selector("h1")?,
            headings: source.fixed_selector("h2, h3, h4, h5, h6")?,
            links: source.fixed_selector("a[href], area[href]")?,
        })
    }

    /// The page's title and first `h1`, whitespace collapsed.
    fn names(page: &Page, first_h1: Option<ElementRef<'_>>) -> Vec<String> {
        let h1 = first_h1.map(|e| collapse_whitespace(&e.text().collect::<String>()));
        [h1, page.title()].into_iter().flatten().collect()
    }

    /// Whether the page is of the kind this rule judges.
    fn judged(&self, page: &Page, first_h1: Option<ElementRef<'_>>) -> bool {
        let names = Self::names(page, first_h1);
        let named =
            |patterns: &[Pattern]| names.iter().any(|n| patterns.iter().any(|r| r.is_match(n)));
        if named(&self.unless_page) {
            return false;
        }
        if self.page.is_empty() && self.page_headings.is_empty() {
            return true;
        }
        if named(&self.page) {
            return true;
        }
        if self.page_headings.is_empty() {
            return false;
        }
        let matching = page
            .html()
            .select(&self.headings)
            .filter(|h| !is_hidden(*h))
            .filter(|h| {
                let text = collapse_whitespace(&h.text().collect::<String>());
                self.page_headings.iter().any(|r| r.is_match(&text))
            })
            .take(self.min_headings)
            .count();
        matching >= self.min_headings
    }

    /// Where a finding about the whole page points.
    fn anchor(page: &Page, first_h1: Option<ElementRef<'_>>) -> NodeId {
        first_h1
            .or_else(|| page.main_element())
            .or_else(|| page.body())
            .unwrap_or_else(|| page.root())
            .id()
    }
}

impl PageCheck for MissingPageText {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let visible = page.blocks().iter().filter(|b| !b.hidden);
        if self.min_words > 0 {
            let words: usize = visible
                .clone()
                .map(|b| b.text.split_whitespace().count())
                .sum();
            if words < self.min_words {
                return;
            }
        }
        let first_h1 = page.html().select(&self.h1).find(|e| !is_hidden(*e));
        if !self.judged(page, first_h1) {
            return;
        }
        // One text of the visible blocks and link targets, built once and
        // searched by every group.
        let mut text = String::new();
        if self.include_title
            && let Some(title) = page.title()
        {
            text.push_str(&title);
            text.push('\n');
        }
        for block in visible {
            text.push_str(&block.text);
            text.push('\n');
        }
        for link in page.html().select(&self.links) {
            if let Some(href) = link.value().attr("href").filter(|_| !is_hidden(link)) {
                text.push_str(href.trim());
                text.push('\n');
            }
        }
        let at = Self::anchor(page, first_h1);
        for need in &self.need {
            if !need.any.iter().any(|r| r.is_match(&text)) {
                out.emit(Hit::element(at).arg("missing", &need.name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::build_for_test;

    #[test]
    fn rejects_an_empty_group() {
        let err = build_for_test(
            "missing-page-text",
            "[[check.need]]\nname = \"x\"\nany = []",
            MissingPageText::new,
        )
        .expect_err("an empty group is refused");
        assert!(err.contains("no expressions"), "{err}");
    }

    #[test]
    fn needs_at_least_one_group() {
        let err = build_for_test("missing-page-text", "need = []", MissingPageText::new)
            .expect_err("a rule with no groups is refused");
        assert!(err.contains("at least one"), "{err}");
    }
}
