//! `required-contents`: on a page of a certain kind, flags each required part
//! that the text does not mention.
//!
//! ## What it checks
//! Only pages whose `<title>` or first `<h1>` matches one of `page`
//! (case-insensitive regular expressions) are checked, such as an
//! accessibility statement. For each `[[check.parts]]`, every list in `need`
//! must have at least one expression that matches the text of the page's
//! `<main>` (or `<body>`), whitespace collapsed; with `whole_page = true`, the
//! visible text of the whole page instead (header and footer too, for things
//! such as an address that footers often carry). Each part that is not met is
//! one finding at the first `<h1>` (or the `<title>`), with `{missing}` set to
//! the part's `name`.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "required-contents"
//! page = ['accessibility statement']
//!
//! [[check.parts]]
//! name = "how to report a problem"
//! need = [['report(ing)? (a|any|accessibility) problems?', 'tell us']]
//! ```

use ego_tree::NodeId;
use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, Pattern, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, collapse_whitespace};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    page: Vec<Spanned<String>>,
    parts: Vec<PartParams>,
    #[serde(default)]
    whole_page: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartParams {
    name: String,
    need: Vec<Vec<Spanned<String>>>,
}

#[derive(Debug)]
struct Part {
    name: String,
    need: Vec<Vec<Pattern>>,
}

#[derive(Debug)]
pub(crate) struct RequiredContents {
    page: Vec<Pattern>,
    parts: Vec<Part>,
    whole_page: bool,
    h1: Selector,
}

/// Compiles a list of regular expression parameters.
pub(crate) fn regexes(
    source: &RuleSource<'_>,
    list: &[Spanned<String>],
) -> Result<Vec<Pattern>, DataFileError> {
    list.iter().map(|r| source.regex(r)).collect()
}

/// When the page's title or first `h1` matches one of `patterns`: the element
/// a finding about the page should point at (the `h1`, else the `title`, else
/// the root).
pub(crate) fn heading_matches(page: &Page, h1: &Selector, patterns: &[Pattern]) -> Option<NodeId> {
    let first_h1 = page.html().select(h1).next();
    let h1_text = first_h1.map(|e| collapse_whitespace(&e.text().collect::<String>()));
    let title = page.title();
    let hit = [h1_text.as_deref(), title.as_deref()]
        .into_iter()
        .flatten()
        .any(|t| patterns.iter().any(|r| r.is_match(t)));
    if !hit {
        return None;
    }
    Some(first_h1.map_or_else(
        || {
            page.root()
                .descendants()
                .filter_map(scraper::ElementRef::wrap)
                .find(|e| e.value().name() == "title")
                .map_or_else(|| page.root().id(), |e| e.id())
        },
        |e| e.id(),
    ))
}

/// The text of `<main>` (or `<body>`, or the whole page), whitespace collapsed.
pub(crate) fn main_text(page: &Page) -> String {
    let scope = page
        .main_element()
        .or_else(|| page.body())
        .unwrap_or_else(|| page.root());
    collapse_whitespace(&scope.text().collect::<Vec<_>>().join(" "))
}

/// The visible text of every block on the page, one block a line.
fn visible_text(page: &Page) -> String {
    page.blocks()
        .iter()
        .filter(|b| !b.hidden)
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

impl RequiredContents {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let mut parts = Vec::new();
        for part in p.parts {
            let need = part
                .need
                .iter()
                .map(|list| regexes(source, list))
                .collect::<Result<_, _>>()?;
            parts.push(Part {
                name: part.name,
                need,
            });
        }
        Ok(Self {
            page: regexes(source, &p.page)?,
            parts,
            whole_page: p.whole_page,
            h1: source.fixed_selector("h1")?,
        })
    }
}

impl PageCheck for RequiredContents {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let Some(at) = heading_matches(page, &self.h1, &self.page) else {
            return;
        };
        let text = if self.whole_page {
            visible_text(page)
        } else {
            main_text(page)
        };
        for part in &self.parts {
            let met = part
                .need
                .iter()
                .all(|list| list.iter().any(|r| r.is_match(&text)));
            if !met {
                out.emit(Hit::element(at).arg("missing", &part.name));
            }
        }
    }
}
