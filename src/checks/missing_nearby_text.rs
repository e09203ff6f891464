//! `missing-nearby-text`: flags elements with no text near them that matches a
//! pattern, such as an audio player with no transcript.
//!
//! ## What it checks
//! Each visible element matching `selector` is looked up in its nearest
//! ancestor matching `within` (default `body`). It is a finding when neither
//! the text of that ancestor nor the `href` of a link inside it matches
//! `pattern` (case-insensitive). Text in `script`, `style` and `template` does
//! not count. The finding fills `{tag}`.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "missing-nearby-text"
//! selector = "audio[controls], audio[autoplay]"
//! within = "figure, section, article, main, body"
//! pattern = '\btranscripts?\b|\btext version\b'
//! ```

use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::{ElementRef, Node, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, Pattern, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    selector: Spanned<String>,
    pattern: Spanned<String>,
    #[serde(default = "default_within")]
    within: Spanned<String>,
}

fn default_within() -> Spanned<String> {
    Spanned::new(0..0, "body".to_owned())
}

#[derive(Debug)]
pub(crate) struct MissingNearbyText {
    selector: Selector,
    pattern: Pattern,
    within: Selector,
}

impl MissingNearbyText {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            selector: source.selector(&p.selector)?,
            pattern: source.regex(&p.pattern)?,
            within: source.selector(&p.within)?,
        })
    }
}

/// The text of an element and the `href` of every link in it.
fn text_and_links(container: ElementRef<'_>) -> String {
    let mut out = String::new();
    let mut skip_until_done: Vec<NodeId> = Vec::new();
    for edge in container.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => {
                if !skip_until_done.is_empty() {
                    if let Node::Element(_) = node.value() {
                        skip_until_done.push(node.id());
                    }
                    continue;
                }
                match node.value() {
                    Node::Element(el) => {
                        if matches!(el.name(), "script" | "style" | "template") {
                            skip_until_done.push(node.id());
                            continue;
                        }
                        if let Some(href) = el.attr("href") {
                            out.push(' ');
                            out.push_str(href);
                        }
                        out.push(' ');
                    }
                    Node::Text(text) => out.push_str(text),
                    _ => {}
                }
            }
            ego_tree::iter::Edge::Close(node) => {
                if skip_until_done.last() == Some(&node.id()) {
                    skip_until_done.pop();
                }
            }
        }
    }
    out
}

impl PageCheck for MissingNearbyText {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let mut found: HashMap<NodeId, bool> = HashMap::new();
        for element in page.html().select(&self.selector) {
            if is_hidden(element) {
                continue;
            }
            let container = element
                .ancestors()
                .filter_map(ElementRef::wrap)
                .find(|a| self.within.matches(a))
                .unwrap_or_else(|| page.root());
            let near = *found
                .entry(container.id())
                .or_insert_with(|| self.pattern.is_match(&text_and_links(container)));
            if !near {
                out.emit(Hit::element(element.id()).arg("tag", element.value().name()));
            }
        }
    }
}
