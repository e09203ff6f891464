//! `document-links`: flags a page whose main content is mostly links to
//! documents (PDF, Word) with little text of its own.
//!
//! ## What it checks
//! The links in the page's main content (`<main>`, or the body outside
//! header, nav, footer and aside when there is no `<main>`) whose `href` path
//! ends with one of `extensions` (the query and fragment are ignored). When
//! there is at least one, the words of visible main-content text are counted,
//! leaving out the text of those document links. Fewer than `min_words` is a
//! finding at the first document link: the page hands people files instead of
//! a web page. `{count}` is the number of document links, `{words}` the words
//! of other text.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "document-links"
//! extensions = ["pdf", "doc", "docx", "odt", "rtf"]
//! min_words = 80
//! ```

use scraper::{ElementRef, Selector};
use serde::Deserialize;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    extensions: Vec<String>,
    min_words: usize,
}

#[derive(Debug)]
pub(crate) struct DocumentLinks {
    /// Lower-cased, with a leading dot.
    extensions: Vec<String>,
    min_words: usize,
    links: Selector,
}

impl DocumentLinks {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            extensions: p
                .extensions
                .iter()
                .map(|e| format!(".{}", e.trim().trim_start_matches('.').to_ascii_lowercase()))
                .collect(),
            min_words: p.min_words,
            links: source.fixed_selector("a[href]")?,
        })
    }

    fn is_document(&self, href: &str) -> bool {
        let path = href
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        self.extensions.iter().any(|e| path.ends_with(e.as_str()))
    }
}

fn words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Whether a link is in the page's main content, as blocks define it.
fn in_main(page: &Page, link: ElementRef<'_>) -> bool {
    match page.main_element() {
        Some(main) => {
            link.ancestors().any(|a| a.id() == main.id())
                && !link.ancestors().filter_map(ElementRef::wrap).any(|a| {
                    a.id() != main.id()
                        && matches!(a.value().name(), "nav" | "footer" | "aside" | "header")
                        && a.ancestors().any(|b| b.id() == main.id())
                })
        }
        None => !link
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| matches!(a.value().name(), "header" | "nav" | "footer" | "aside")),
    }
}

impl PageCheck for DocumentLinks {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let documents: Vec<ElementRef<'_>> = page
            .html()
            .select(&self.links)
            .filter(|a| {
                a.value().attr("href").is_some_and(|h| self.is_document(h))
                    && !is_hidden(*a)
                    && in_main(page, *a)
            })
            .collect();
        let Some(first) = documents.first() else {
            return;
        };
        let all: usize = page
            .blocks()
            .iter()
            .filter(|b| b.main && !b.hidden)
            .map(|b| words(&b.text))
            .sum();
        let in_links: usize = documents
            .iter()
            .map(|a| words(&a.text().collect::<String>()))
            .sum();
        let other = all.saturating_sub(in_links);
        if other < self.min_words {
            out.emit(
                Hit::element(first.id())
                    .arg("count", documents.len())
                    .arg("words", other),
            );
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn extensions_ignore_query_and_case() {
        let text =
            "[check]\nkind = \"document-links\"\nextensions = [\"pdf\", \".docx\"]\nmin_words = 80";
        let check = DocumentLinks::new(&RuleSource {
            path: "rules/t.toml",
            text,
            lazy: false,
            check: None,
        })
        .unwrap();
        assert!(check.is_document("/files/Leaflet.PDF?v=2#page=3"));
        assert!(check.is_document("form.docx"));
        assert!(!check.is_document("/pdf/leaflets.html"));
        assert!(!check.is_document("/download?file=x"));
        assert_eq!(words("Read the leaflet (PDF, 120 KB) -"), 6);
    }
}
