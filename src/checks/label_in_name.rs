//! `label-in-name`: flags links and buttons whose `aria-label` or
//! `aria-labelledby` name leaves out the words people can see on them
//! (WCAG 2.2 SC 2.5.3 Label in Name; ACT rule 2ee8b8).
//!
//! ## What it checks
//! Each visible element matching `selector` (by default links, buttons and
//! the other widgets named from their content) that gets its accessible name
//! from `aria-label` or `aria-labelledby`, and shows text of its own: that
//! visible text, lower case with punctuation dropped, must appear as whole
//! words inside the name, treated the same way. "Book now" named "Book now,
//! opens in a new tab" passes; "Book now" named "Appointments" fails, because
//! a voice control user who says "click Book now" gets nothing.
//!
//! Visible text is the element's own text nodes, leaving out hidden parts
//! (`hidden`, inline `display:none`) and visually hidden text (a class with
//! "visually-hidden", "sr-only" or "screen-reader" in it): those are not
//! what people see. Image `alt` and text drawn inside an `<svg>` (a logo)
//! are pictures, not visible text. Elements with a class that hides them
//! ("hidden", or one ending in "-hidden", such as a video player's unused
//! menu buttons) are skipped: they are not on screen.
//!
//! Not judged: text of one character or with no letters or digits ("×",
//! "☰", "›"), which is a symbol rather than a label. On a page that loads an
//! icon font (a style sheet or `font-family` with "icon" in its name, such as
//! Material Icons), a word may be drawn as an icon ("search" shown as a
//! magnifying glass), so findings there are sent for review.
//!
//! `{visible}` is the visible text, `{name}` the accessible name.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "label-in-name"
//! ```

use scraper::{ElementRef, Node, Selector};

use super::link_text::normalise;
use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::finding::Confidence;
use crate::page::accname::NameSource;
use crate::page::hidden::{hidden_by_class, hides_from_everyone, is_hidden, screen_reader_only};
use crate::page::{Page, collapse_whitespace};

/// Widgets whose name comes from their content, so their text is their label.
const WIDGETS: &str = "a[href], button, summary, [role=link i], [role=button i], \
    [role=menuitem i], [role=menuitemcheckbox i], [role=menuitemradio i], [role=tab i], \
    [role=checkbox i], [role=radio i], [role=switch i], [role=option i], [role=treeitem i]";

#[derive(Debug)]
pub(crate) struct LabelInName {
    selector: Selector,
    icon_font: Selector,
}

impl LabelInName {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        Ok(Self {
            selector: source.only_selector(WIDGETS)?,
            icon_font: source.fixed_selector("link[href*=icon i], style")?,
        })
    }

    /// Whether the page may draw words as icons with a ligature font.
    fn has_icon_font(&self, page: &Page) -> bool {
        page.html().select(&self.icon_font).any(|e| {
            if e.value().name() == "link" {
                return true;
            }
            let css = e.text().collect::<String>().to_ascii_lowercase();
            css.split("font-family").skip(1).any(|rest| {
                rest.split([';', '}'])
                    .next()
                    .is_some_and(|v| v.contains("icon"))
            })
        })
    }
}

/// The text people can see inside `element`.
fn visible_text(element: ElementRef<'_>, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(el) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                // Text drawn in an SVG is part of a picture (a logo), not a
                // label that people would read out to voice control.
                if matches!(
                    el.name(),
                    "script" | "style" | "template" | "noscript" | "svg" | "canvas"
                ) || hides_content_visually(child)
                {
                    continue;
                }
                out.push(' ');
                visible_text(child, out);
                out.push(' ');
            }
            _ => {}
        }
    }
}

/// Hidden from sight: `hidden`, an inline `display:none`, or a class that
/// keeps the text for screen readers only. `aria-hidden` alone still shows
/// the text, so it is not enough here.
fn hides_content_visually(element: ElementRef<'_>) -> bool {
    hides_from_everyone(element) || screen_reader_only(element)
}

/// Whether `words` appear in `name` as whole words.
fn contains_words(name: &str, words: &str) -> bool {
    format!(" {name} ").contains(&format!(" {words} "))
}

impl PageCheck for LabelInName {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let mut icon_font = None;
        for element in page.html().select(&self.selector) {
            if is_hidden(element)
                || std::iter::once(element)
                    .chain(element.ancestors().filter_map(ElementRef::wrap))
                    .any(hidden_by_class)
            {
                continue;
            }
            let name = page.accessible_name(element);
            if !matches!(
                name.source,
                Some(NameSource::AriaLabel | NameSource::LabelledBy)
            ) {
                continue;
            }
            let mut text = String::new();
            visible_text(element, &mut text);
            let visible = normalise(&text);
            // A single character or a symbol is an icon, not a label.
            if visible.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
                continue;
            }
            if contains_words(&normalise(&name.text), &visible) {
                continue;
            }
            let mut hit = Hit::element(element.id())
                .arg("visible", collapse_whitespace(&text))
                .arg("name", &name.text);
            if *icon_font.get_or_insert_with(|| self.has_icon_font(page)) {
                hit = hit.confidence(Confidence::Review);
            }
            out.emit(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert!(contains_words("book now opens in a new tab", "book now"));
        assert!(contains_words("call us on 0300 123 4567", "0300 123 4567"));
        assert!(!contains_words("booking", "book"));
        assert!(!contains_words("non standard", "nonstandard"));
    }
}
