//! `alt-repeats-text`: flags an image whose alt text repeats the text right
//! next to it, so a screen reader reads the same words twice.
//!
//! ## What it checks
//! Each visible image matching `selector` (by default `img[alt]` without
//! `role="presentation"` or `role="none"`, which hide it) with a non-blank
//! alt, compared, ignoring case and punctuation, with:
//! 1. the rest of the text of the link it is in ("the link text");
//! 2. the `<figcaption>` of the figure it is in ("the caption");
//! 3. the text just before or just after it: its nearest sibling on each
//!    side, or, when the image is alone in its parent (a link, a `div`), the
//!    parent's nearest siblings, up to three levels up ("the text next to
//!    it").
//!
//! Only whole-text equality counts, so "Dr Okafor" next to "Dr Okafor, GP
//! partner" is fine. `{found}` is the alt text and `{where}` says which text it
//! repeats. Whether the image needs words of its own is for a person to decide,
//! so rules of this kind are `review`.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "alt-repeats-text"
//! ```

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Node, Selector};

use super::link_text::normalise;
use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, collapse_whitespace, hides_content, is_hidden};

#[derive(Debug)]
pub(crate) struct AltRepeatsText {
    selector: Selector,
}

impl AltRepeatsText {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let selector =
            source.only_selector("img[alt]:not([role=presentation i]):not([role=none i])")?;
        Ok(Self { selector })
    }
}

/// How far up the tree "next to it" looks.
const LEVELS_UP: usize = 3;

/// Text of `node` without `skip` and without hidden or non-rendered parts, or
/// `None` once it is longer than `cap` bytes (then it cannot equal the alt).
fn text_within(node: NodeRef<'_, Node>, skip: NodeId, cap: usize) -> Option<String> {
    let mut out = String::new();
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        if current.id() == skip {
            continue;
        }
        match current.value() {
            Node::Text(text) => {
                out.push_str(text);
                if out.len() > cap {
                    return None;
                }
            }
            Node::Element(el) => {
                if matches!(el.name(), "script" | "style" | "template" | "noscript")
                    || ElementRef::wrap(current).is_some_and(hides_content)
                {
                    continue;
                }
                // Block boundaries separate words; children go on the stack
                // in reverse so they pop in document order.
                out.push(' ');
                stack.extend(current.children().rev());
            }
            _ => {}
        }
    }
    Some(out)
}

/// Whether a sibling is something on the page next to the image: text that is
/// not just spaces, or a visible element other than a line break.
fn is_adjacent_content(node: &NodeRef<'_, Node>) -> bool {
    match node.value() {
        Node::Text(text) => !text.trim().is_empty(),
        Node::Element(el) => {
            !matches!(
                el.name(),
                "br" | "wbr" | "hr" | "script" | "style" | "template" | "noscript"
            ) && !ElementRef::wrap(*node).is_some_and(hides_content)
        }
        _ => false,
    }
}

/// Containers whose neighbours are too far away to be "next to" an image.
fn is_section(node: &NodeRef<'_, Node>) -> bool {
    node.value().as_element().is_none_or(|el| {
        matches!(
            el.name(),
            "html"
                | "body"
                | "main"
                | "article"
                | "section"
                | "header"
                | "footer"
                | "nav"
                | "aside"
                | "form"
                | "table"
                | "ul"
                | "ol"
        )
    })
}

fn is_link(element: ElementRef<'_>) -> bool {
    let el = element.value();
    (matches!(el.name(), "a" | "area") && el.attr("href").is_some())
        || el
            .attr("role")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("link"))
}

/// Which text next to the image says the same as `alt` (already normalised).
fn repeated_in(image: ElementRef<'_>, alt: &str) -> Option<&'static str> {
    let cap = alt.len() * 2 + 40;
    let same = |node: NodeRef<'_, Node>| {
        text_within(node, image.id(), cap).is_some_and(|text| normalise(&text) == alt)
    };
    let ancestors: Vec<ElementRef<'_>> = image.ancestors().filter_map(ElementRef::wrap).collect();
    if let Some(link) = ancestors.iter().find(|a| is_link(**a))
        && same(**link)
    {
        return Some("the link text");
    }
    if let Some(figure) = ancestors.iter().find(|a| a.value().name() == "figure")
        && let Some(caption) = figure
            .children()
            .filter_map(ElementRef::wrap)
            .find(|c| c.value().name() == "figcaption")
        && same(*caption)
    {
        return Some("the caption");
    }
    let mut node: NodeRef<'_, Node> = *image;
    for _ in 0..LEVELS_UP {
        let before = node.prev_siblings().find(is_adjacent_content);
        let after = node.next_siblings().find(is_adjacent_content);
        if before.is_some_and(same) || after.is_some_and(same) {
            return Some("the text next to it");
        }
        if before.is_some() || after.is_some() {
            break;
        }
        match node.parent() {
            Some(parent) if !is_section(&parent) => node = parent,
            _ => break,
        }
    }
    None
}

impl PageCheck for AltRepeatsText {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for image in page.html().select(&self.selector) {
            let Some(alt) = image.value().attr("alt") else {
                continue;
            };
            let alt_key = normalise(alt);
            if alt_key.is_empty() || is_hidden(image) {
                continue;
            }
            if let Some(place) = repeated_in(image, &alt_key) {
                out.emit(
                    Hit::element(image.id())
                        .arg("found", collapse_whitespace(alt))
                        .arg("where", place),
                );
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn place(body: &str) -> Option<&'static str> {
        let page = Page::from_text(
            "t",
            &format!("<!doctype html><html lang=en><body><main>{body}</main></body></html>"),
        )
        .unwrap();
        let image = page.element_by_id("x").unwrap();
        repeated_in(image, &normalise(image.value().attr("alt").unwrap()))
    }

    #[test]
    fn finds_the_repeated_text() {
        assert_eq!(
            place(r#"<a href="/"><img id=x src=l.svg alt="Palfrey Lane"> Palfrey Lane</a>"#),
            Some("the link text")
        );
        assert_eq!(
            place(
                r#"<figure><img id=x src=m.png alt="Map of Tanyard Street."><figcaption>Map of Tanyard Street</figcaption></figure>"#
            ),
            Some("the caption")
        );
        assert_eq!(
            place(
                r#"<div class=card><div class=photo><img id=x src=o.jpg alt="Dr Okafor"></div><p>Dr  Okafor</p></div>"#
            ),
            Some("the text next to it")
        );
        assert_eq!(
            place(
                r#"<p><a href="/flu"><img id=x src=f.png alt="Flu jabs"></a><br> <a href="/flu">Flu jabs</a></p>"#
            ),
            Some("the text next to it")
        );
    }

    #[test]
    fn different_or_distant_text_is_fine() {
        assert_eq!(
            place(r#"<img id=x src=o.jpg alt="Dr Okafor"><p>Dr Okafor, GP partner</p>"#),
            None
        );
        assert_eq!(
            place(r#"<p>Dr Okafor</p><p>Intro</p><img id=x src=o.jpg alt="Dr Okafor">"#),
            None
        );
        assert_eq!(
            place(
                r#"<section><h2>Flu jabs</h2></section><section><img id=x src=f.png alt="Flu jabs"></section>"#
            ),
            None
        );
        assert_eq!(
            place(r#"<a href="/"><img id=x src=l.svg alt="Home"><span hidden>Home</span></a>"#),
            None
        );
    }
}
