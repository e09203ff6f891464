//! The page's own CSS, cascaded: the text colour, the background behind it,
//! the font size and weight an element gets, and whether the page's CSS
//! hides it. These are facts about the page; checks judge them.
//!
//! Ask through [`Styles`]: `Styles::new(page)` reads the page's sheets once,
//! and its methods work out each element's values when first asked and
//! remember them (hence `&mut self`). One `Styles` per page and check.
//!
//! What the cascade reads:
//! - `<style>` elements (in document order) and `style` attributes; legacy
//!   `bgcolor`, `<body text>` and `<font color>` attributes as the weakest
//!   source;
//! - selectors are matched by `scraper`: type, class, id, attribute,
//!   descendant and child selectors, `:not()`, `:is()`, `:first-child` and the
//!   like. Selectors it cannot parse (`:hover`, `:focus`, `:visited`,
//!   `::before`, `::placeholder`...) are skipped: those are other states or
//!   generated text;
//! - specificity, then source order, `!important` (inline `!important` beats
//!   sheet `!important`), `inherit`, `initial`, `unset`, `currentColor`,
//!   custom properties with `var(--name, fallback)`, and the `background` and
//!   `font` shorthands;
//! - `color` inherits; the background is painted layer by layer from the
//!   white canvas down to the element, blending semi-transparent colours and
//!   `opacity` the way a browser does; browser defaults for links, buttons,
//!   `<mark>` and headings;
//! - `@media` blocks apply when every screen from a phone to a desktop
//!   meets them in its default settings (`screen`, `min-width: 0`,
//!   `prefers-color-scheme: light`); `print`, and other settings
//!   (`prefers-color-scheme: dark`), never do (see `media`). Rules that hold
//!   on some screens only (`min-width: 40em`), and `@supports` and `@layer`
//!   rules, are not applied, but [`Styles::conditional`] says when one of
//!   them could change an element's colours.
//!
//! **Linked style sheets** are read when the input side loaded them
//! ([`crate::page::Page::set_linked_styles`]; checks never see the network),
//! in document order with the `<style>` elements, each with its imports
//! folded in. Where a sheet was not loaded, the methods answer [`Unknown`]
//! where it probably sets the value, and give an [`Uncertainty`] where it
//! could change it. Sheets from web font services set no colours, so they
//! raise no doubt.
//!
//! Not handled: CSS nesting (such rules are skipped), cascade layers (`@layer`
//! rules count as conditional), `:link`/`:visited` colours, `mix-blend-mode`
//! and filters.
//!
//! ## Cost
//! The page's `<style>` rules are read once per page, keeping only rules that
//! set a property the cascade reads, and indexed by the id, class or type
//! their last compound needs; each rule also carries a Bloom filter of the
//! classes and ids its ancestors need, so most descendant rules are rejected
//! without matching. Values are computed lazily, and remembered, only for the
//! elements asked about and their ancestors.

mod cascade;
pub(crate) mod colour;
mod computed;
pub(crate) mod css;
pub(crate) mod linked;
mod media;
mod sheet;
#[cfg(test)]
mod tests;
mod values;

use std::collections::HashMap;
use std::rc::Rc;

use ego_tree::NodeId;
use scraper::ElementRef;

pub(crate) use self::css::{declarations, find_top_level, strip_comments};

use self::cascade::Own;
use self::colour::Rgba;
use self::sheet::{Bloom, Sheet};
use super::Page;

/// Why a computed colour may not be what a browser shows, in the order a
/// note prefers them (the first is the one worth telling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Uncertainty {
    /// A background image or gradient is behind the text.
    Image,
    /// The text or a box behind it is positioned `absolute` or `fixed`, so it
    /// may sit over something else.
    Positioned,
    /// A linked style sheet that was not read may change the colours.
    Linked,
    /// A rule for some screen sizes or settings may change the colours.
    Conditional,
}

impl Uncertainty {
    /// The first of several, by preference.
    pub(crate) fn first(all: impl IntoIterator<Item = Option<Self>>) -> Option<Self> {
        all.into_iter().flatten().min()
    }
}

/// A value that could not be worked out (an unknown custom property, an
/// unreadable colour, or one a linked sheet probably sets): callers should
/// not judge the element on it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unknown;

/// Text size and weight; `None` when unknown.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Font {
    /// The computed `font-size` in CSS pixels.
    pub(crate) px: Option<f64>,
    /// Whether the computed `font-weight` is 700 or more.
    pub(crate) bold: Option<bool>,
}

/// One element's background layer.
#[derive(Debug, Clone, Copy)]
struct Layer {
    colour: Rgba,
    image: bool,
    opacity: f64,
    positioned: bool,
    inline: bool,
}

/// The computed styles of one page's elements: built once per page, worked
/// out for each element when asked, and remembered.
pub(crate) struct Styles {
    sheet: Sheet,
    own: HashMap<NodeId, Rc<Own>>,
    fonts: HashMap<NodeId, Font>,
    layers: HashMap<NodeId, Result<Layer, Unknown>>,
    /// For each element, the names its ancestors carry.
    blooms: HashMap<NodeId, Bloom>,
}

impl Styles {
    /// Reads the page's own style sheets (its `<style>` elements, and whether
    /// it links or imports others).
    pub(crate) fn new(page: &Page) -> Self {
        Self {
            sheet: Sheet::build(page),
            own: HashMap::new(),
            fonts: HashMap::new(),
            layers: HashMap::new(),
            blooms: HashMap::new(),
        }
    }

    /// Whether a text shadow is set on the element or inherited, by its
    /// `style` or a page style rule: an outline or halo can give text the
    /// contrast its colours lack.
    pub(crate) fn has_text_shadow(&self, el: ElementRef<'_>) -> bool {
        std::iter::once(el)
            .chain(el.ancestors().filter_map(ElementRef::wrap))
            .any(|e| {
                self.sheet.shadows.iter().any(|s| s.matches(&e))
                    || e.value().attr("style").is_some_and(|s| {
                        css::declarations(s)
                            .iter()
                            .any(|d| d.name == "text-shadow" && d.value.trim() != "none")
                    })
            })
    }
}

/// The parent element, if any.
fn parent(el: ElementRef<'_>) -> Option<ElementRef<'_>> {
    el.parent().and_then(ElementRef::wrap)
}
