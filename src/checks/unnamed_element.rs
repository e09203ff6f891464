//! `unnamed-element`: flags elements that have no accessible name.
//!
//! ## What it checks
//! Each element matching `selector` whose accessible name, as a screen reader
//! would announce it (see [`Page::accessible_name`]), is empty: no
//! `aria-labelledby` with text, no `aria-label`, no native source (`alt`, an
//! svg `<title>`, a `<label>`), no text content for elements named from their
//! content (links), and no `title`. Elements hidden from everyone (`hidden`,
//! `aria-hidden="true"`, inline `display:none`) are skipped: nobody meets them.
//!
//! With `fallback_review = true`, an element that has content of its own
//! (an `<object>`'s fallback, shown when what it embeds cannot load) is sent
//! for review: whether the embedded thing or the fallback shows depends on
//! the network, which a reading of the page cannot know.
//!
//! Use it for anything that must have a name: links, image buttons, image map
//! areas, `role="img"`, `<object>` and `<embed>`. The rule's message names the
//! thing; `{tag}` is the element's tag name.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "unnamed-element"
//! selector = "input[type=image i]"
//! ```

use scraper::{ElementRef, Node, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::finding::Confidence;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    selector: Spanned<String>,
    #[serde(default)]
    fallback_review: bool,
}

#[derive(Debug)]
pub(crate) struct UnnamedElement {
    selector: Selector,
    fallback_review: bool,
}

/// Whether an element has content: a child element or text.
fn has_content(element: ElementRef<'_>) -> bool {
    element.children().any(|c| match c.value() {
        Node::Element(_) => true,
        Node::Text(t) => !t.trim().is_empty(),
        _ => false,
    })
}

impl UnnamedElement {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            selector: source.selector(&p.selector)?,
            fallback_review: p.fallback_review,
        })
    }
}

impl PageCheck for UnnamedElement {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for element in page.html().select(&self.selector) {
            if is_hidden(element) || !page.accessible_name(element).is_empty() {
                continue;
            }
            let mut hit = Hit::element(element.id()).arg("tag", element.value().name());
            if self.fallback_review && has_content(element) {
                hit = hit.confidence(Confidence::Review);
            }
            out.emit(hit);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn unnamed(selector: &str, body: &str) -> Vec<String> {
        let page = Page::from_text(
            "t",
            &format!("<!doctype html><html lang=en><body>{body}</body></html>"),
        )
        .unwrap();
        let selector = Selector::parse(selector).unwrap();
        page.html()
            .select(&selector)
            .filter(|e| !is_hidden(*e) && page.accessible_name(*e).is_empty())
            .map(|e| e.value().id().unwrap_or_default().to_owned())
            .collect()
    }

    #[test]
    fn links_images_and_objects() {
        let found = unnamed(
            "a[href], input[type=image i], [role=img i], object, embed",
            r#"<a id=a href="/"><img src=logo.png></a>
               <a id=b href="/" aria-label="Home"><img src=logo.png></a>
               <a id=c href="/x"><span class="visually-hidden">Flu jabs</span></a>
               <input id=d type=image src=go.png>
               <input id=e type=IMAGE src=go.png alt="Search">
               <span id=f role=img>★★★★</span>
               <span id=g role=img aria-label="4 stars">★★★★</span>
               <object id=h data=map.svg></object>
               <object id=i data=map.svg title="Map of the surgery"></object>
               <embed id=j src=leaflet.pdf>
               <a id=k href="/" hidden></a>"#,
        );
        assert_eq!(found, ["a", "d", "f", "h", "j"]);
    }
}
