//! `element-context`: flags elements in the wrong place, such as a list item
//! outside a list, or something other than a list item straight inside a list.
//!
//! ## What it checks
//! Each visible element matching `selector`, with one of:
//! - `parent`: the element's parent must match this selector; a finding at the
//!   element when it does not;
//! - `children`: each element straight inside it must match this selector; a
//!   finding at each child that does not.
//!
//! Hidden elements and template content are left out unless `include_hidden`
//! is set. `{tag}` is the tag of the element found at fault, `{parent}` the
//! tag of its parent.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "element-context"
//! selector = "li:not([role]), li[role=listitem]"
//! parent = "ul, ol, menu, [role=list]"
//! ```

use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    selector: Spanned<String>,
    #[serde(default)]
    parent: Option<Spanned<String>>,
    #[serde(default)]
    children: Option<Spanned<String>>,
    #[serde(default)]
    include_hidden: bool,
}

#[derive(Debug)]
enum Want {
    Parent(Selector),
    Children(Selector),
}

#[derive(Debug)]
pub(crate) struct ElementContext {
    selector: Selector,
    want: Want,
    include_hidden: bool,
}

impl ElementContext {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let want = match (&p.parent, &p.children) {
            (Some(parent), None) => Want::Parent(source.selector(parent)?),
            (None, Some(children)) => Want::Children(source.selector(children)?),
            _ => {
                return Err(
                    source.error_at(&p.selector, "set exactly one of `parent` or `children`")
                );
            }
        };
        Ok(Self {
            selector: source.selector(&p.selector)?,
            want,
            include_hidden: p.include_hidden,
        })
    }
}

fn tag_of(element: Option<ElementRef<'_>>) -> String {
    element.map_or_else(|| "document".to_owned(), |e| e.value().name().to_owned())
}

impl PageCheck for ElementContext {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for element in page.html().select(&self.selector) {
            if !self.include_hidden && is_hidden(element) {
                continue;
            }
            match &self.want {
                Want::Parent(parent) => {
                    let up = element.parent().and_then(ElementRef::wrap);
                    if up.is_some_and(|p| parent.matches(&p)) {
                        continue;
                    }
                    out.emit(
                        Hit::element(element.id())
                            .arg("tag", element.value().name())
                            .arg("parent", tag_of(up)),
                    );
                }
                Want::Children(children) => {
                    for child in element.children().filter_map(ElementRef::wrap) {
                        if children.matches(&child) || (!self.include_hidden && is_hidden(child)) {
                            continue;
                        }
                        out.emit(
                            Hit::element(child.id())
                                .arg("tag", child.value().name())
                                .arg("parent", element.value().name()),
                        );
                    }
                }
            }
        }
    }
}
