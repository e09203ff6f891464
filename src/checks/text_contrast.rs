//! `text-contrast`: flags text whose colour does not stand out enough from its
//! background (WCAG 2.2 SC 1.4.3 Contrast (Minimum); ACT rule afw4f7).
//!
//! ## What it checks
//! Every element with its own visible text (a child text node with a letter
//! or digit in it) gets its text colour and the colour behind it worked out
//! from the page itself, and the WCAG contrast ratio of the two must be at
//! least `normal` (4.5), or `large` (3) for large text: at least `large_px`
//! (24px, 18pt), or `large_bold_px` (18.66px, 14pt) when bold. The ratio is
//! compared unrounded and reported to 2 decimals, rounded down where rounding
//! would reach the threshold (4.499 fails and shows as "4.49:1", not "4.50:1").
//! Findings are reported once per element, at its start tag.
//!
//! `from_normal` and `from_large` (default 1: no floor) let a stricter rule
//! leave lower ratios to a rule that already reports them: the WCAG 1.4.6
//! (AAA) rule, asking for 7 and 4.5, starts from 4.5 and 3, where the 1.4.3
//! (AA) rule stops, so one pair of colours is never reported twice.
//!
//! Colours come from a small cascade over what the page contains (worked
//! out by [`crate::page::style`]; this check only judges them):
//! - `<style>` elements (in document order) and `style` attributes; legacy
//!   `bgcolor`, `<body text>` and `<font color>` attributes as the weakest source;
//! - selectors are matched by `scraper`: type, class, id, attribute, descendant
//!   and child selectors, `:not()`, `:is()`, `:first-child` and the like.
//!   Selectors it cannot parse (`:hover`, `:focus`, `:visited`, `::before`,
//!   `::placeholder`...) are skipped: those are other states or generated text;
//! - specificity, then source order, `!important` (inline `!important` beats
//!   sheet `!important`), `inherit`, `initial`, `unset`, `currentColor`,
//!   custom properties with `var(--name, fallback)`, and the `background` and
//!   `font` shorthands;
//! - `color` inherits; the background is painted layer by layer from the
//!   white canvas down to the element, so semi-transparent backgrounds,
//!   `rgba()` or `#rrggbbaa` text and `opacity` are blended the way a browser
//!   blends them. Browser defaults used: black text on white, blue (`#0000ee`)
//!   links, black on light grey (`#efefef`) buttons, black on yellow `<mark>`,
//!   bold headings sized 2em to 0.67em;
//! - colour syntax: names, hex, `rgb()`, `hsl()`, `hwb()`, `lab()`, `oklch()`
//!   and the other CSS Color 4 forms, through `csscolorparser`;
//! - media queries are judged for every screen from a phone to a desktop,
//!   in its default settings: `print` rules and other settings (a dark
//!   theme) never apply, and the default must pass on its own. Rules for
//!   some screen sizes only (`min-width: 40em`), `@supports` and `@layer` are
//!   not applied, but if one of them could change the colours of an element
//!   that fails, the finding is only sent for review.
//!
//! **Linked style sheets** are read when the input side could load them:
//! same-site sheets beside a folder's pages or fetched by the crawl, with
//! their `@import`s, in document order with the page's `<style>` elements.
//! Sheets from other sites (web font services aside, which set no colours),
//! and ones too large or failing, stay unread. On a page with an unread sheet:
//! - text whose colour would come from that sheet is not judged: its colour is
//!   not set by any rule the page contains, or it (or an ancestor it inherits
//!   from) has a class that no rule read mentions (or, for layout containers
//!   such as `div`, `header` and `section`, such an id; ids on headings,
//!   fields and `main` are mostly link targets);
//! - when the colours read fail but an unread sheet could still change the
//!   background (an element in between has a class or id we cannot see, or
//!   only the default white canvas is behind the text), the finding has
//!   confidence `review`.
//!
//! Also sent for review rather than reported as certain: text with a
//! `text-shadow` (set on it or an ancestor by a `style` attribute or a
//! page style rule: an outline can give the letters the contrast their
//! colours lack), text of a single character (often an icon, such as "X" on a
//! close button), a background image or
//! gradient behind the text, text positioned with `absolute` or `fixed` (it may
//! sit over an image or a video), and text whose size could not be worked out
//! (`calc()`, `clamp()`, `vw`, or a class from a linked sheet) when it would
//! pass as large text. Text of unknown size that fails even the large-text
//! ratio is reported as certain, asking for the normal ratio.
//!
//! Not checked (WCAG exempts them, or they are not text in the page): hidden
//! text (the page model's `is_hidden`: `hidden`, `aria-hidden="true"`, inline
//! `display:none`; and `display:none`, `visibility:hidden`, `opacity:0`,
//! `font-size:0` and the usual "visually hidden" patterns in the page's own
//! CSS); disabled
//! controls (`disabled` on a button, field or fieldset, `aria-disabled="true"`)
//! and their labels (by `for`, by wrapping, or by `aria-labelledby`); logos (an element or ancestor with "logo" in its class or
//! id); text that is only symbols (`|`, `›`); text of exactly the background's
//! colour (invisible, so not applicable in ACT afw4f7); the `alt` of images,
//! the value and placeholder of inputs, and the contents of `<select>`,
//! `<textarea>`, `<svg>` and `<noscript>`.
//!
//! The luminance formula uses 0.04045 as its sRGB threshold, as WCAG 2.2 does
//! (2.0 and 2.1 printed 0.03928); with 8-bit colours both give the same ratios.
//!
//! Not handled: CSS nesting (such rules are skipped), cascade layers (`@layer`
//! rules count as conditional), `:link`/`:visited` colours (unparsable, so
//! skipped like `:hover`), text in `<input>` values and placeholders, text
//! drawn over sibling elements by negative margins or transforms, and
//! `mix-blend-mode` and filters.
//!
//! ## Cost
//! The page's style sheets are read once per page, and styles computed only
//! for elements with their own text and their ancestors (see
//! [`crate::page::style`]).
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "text-contrast"
//! normal = 4.5         # WCAG 1.4.3 AA; 7 for 1.4.6 AAA
//! large = 3.0          # 4.5 for 1.4.6 AAA
//! large_px = 24.0      # 18pt
//! large_bold_px = 18.66  # 14pt bold
//! ```

use std::collections::HashSet;

use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::finding::Confidence;
use crate::page::style::colour::contrast;
use crate::page::style::{Styles, Uncertainty};
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_normal")]
    normal: Spanned<f64>,
    #[serde(default = "default_large")]
    large: Spanned<f64>,
    #[serde(default = "default_large_px")]
    large_px: Spanned<f64>,
    #[serde(default = "default_large_bold_px")]
    large_bold_px: Spanned<f64>,
    /// Ratios below these are left to a stricter rule that already reports
    /// them (the AAA rule leaves AA failures to the AA rule), so one pair of
    /// colours is never reported twice.
    #[serde(default = "default_from")]
    from_normal: Spanned<f64>,
    #[serde(default = "default_from")]
    from_large: Spanned<f64>,
}

fn default_from() -> Spanned<f64> {
    Spanned::new(0..0, 1.0)
}

fn default_normal() -> Spanned<f64> {
    Spanned::new(0..0, 4.5)
}

fn default_large() -> Spanned<f64> {
    Spanned::new(0..0, 3.0)
}

fn default_large_px() -> Spanned<f64> {
    Spanned::new(0..0, 24.0)
}

fn default_large_bold_px() -> Spanned<f64> {
    Spanned::new(0..0, 18.66)
}

#[derive(Debug)]
pub(crate) struct TextContrast {
    normal: f64,
    large: f64,
    from_normal: f64,
    from_large: f64,
    large_px: f64,
    large_bold_px: f64,
}

impl TextContrast {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let (normal, large) = (*p.normal.get_ref(), *p.large.get_ref());
        if !(1.0..=21.0).contains(&normal) {
            return Err(source.error_at(
                &p.normal,
                format!("normal must be a contrast ratio from 1 to 21, not {normal}"),
            ));
        }
        if !(1.0..=normal).contains(&large) {
            return Err(source.error_at(
                &p.large,
                format!(
                    "large must be a contrast ratio from 1 to `normal` ({normal}), not {large}"
                ),
            ));
        }
        for size in [&p.large_px, &p.large_bold_px] {
            if !(1.0..=200.0).contains(size.get_ref()) {
                return Err(source.error_at(size, "a text size in CSS pixels, from 1 to 200"));
            }
        }
        for (from, needed, name) in [
            (&p.from_normal, normal, "from_normal"),
            (&p.from_large, large, "from_large"),
        ] {
            let value = *from.get_ref();
            if !(1.0..=needed).contains(&value) {
                return Err(source.error_at(
                    from,
                    format!("{name} must be a contrast ratio from 1 to the one it needs ({needed}), not {value}"),
                ));
            }
        }
        Ok(Self {
            normal,
            large,
            large_px: *p.large_px.get_ref(),
            large_bold_px: *p.large_bold_px.get_ref(),
            from_normal: *p.from_normal.get_ref(),
            from_large: *p.from_large.get_ref(),
        })
    }
}

/// Why a failing pair is sent for review instead of reported as certain, in
/// the order the note prefers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Doubt {
    Shadow,
    Glyph,
    Image,
    Positioned,
    Linked,
    Conditional,
    Size,
}

impl Doubt {
    fn note(self) -> &'static str {
        match self {
            Self::Shadow => {
                " (a text shadow may outline the letters and make them stand out: check it by eye)"
            }
            Self::Glyph => {
                " (a single character, which may be an icon rather than text: check it by eye)"
            }
            Self::Image => {
                " (the background has an image or a gradient, which may change this: check it by eye)"
            }
            Self::Positioned => {
                " (the text is positioned, so it may sit over something else: check it by eye)"
            }
            Self::Linked => {
                " (a style sheet carelint could not read, on another site or too large, may change these colours: check it by eye)"
            }
            Self::Conditional => {
                " (styles for some screen sizes or settings may change these colours: check it by eye)"
            }
            Self::Size => {
                " (unless it is large text: carelint could not work out its size or weight)"
            }
        }
    }
}

impl From<Uncertainty> for Doubt {
    fn from(u: Uncertainty) -> Self {
        match u {
            Uncertainty::Image => Self::Image,
            Uncertainty::Positioned => Self::Positioned,
            Uncertainty::Linked => Self::Linked,
            Uncertainty::Conditional => Self::Conditional,
        }
    }
}

/// The first doubt, by preference.
fn first_doubt(doubts: impl IntoIterator<Item = Option<Doubt>>) -> Option<Doubt> {
    doubts.into_iter().flatten().min()
}

/// Elements whose content is not drawn as text on the page.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "template", "noscript", "title", "svg", "math", "iframe", "object",
    "embed", "canvas", "video", "audio", "select", "datalist", "option", "optgroup", "textarea",
];

/// Text that says something: at least one letter or digit.
fn has_own_text(el: ElementRef<'_>) -> bool {
    el.children().any(|c| {
        c.value()
            .as_text()
            .is_some_and(|t| t.chars().any(char::is_alphanumeric))
    })
}

/// Elements named by others.
static LABELLED_BY: std::sync::LazyLock<Selector> = std::sync::LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Selector::parse("[aria-labelledby]").expect("static selector is valid")
});

/// The ids that disabled controls name with `aria-labelledby`, read once per
/// page.
fn labels_of_disabled(page: &Page) -> HashSet<String> {
    page.html()
        .select(&LABELLED_BY)
        .filter(|c| {
            let v = c.value();
            (matches!(
                v.name(),
                "button" | "input" | "select" | "textarea" | "fieldset" | "optgroup" | "option"
            ) && v.attr("disabled").is_some())
                || v.attr("aria-disabled")
                    .is_some_and(|a| a.trim().eq_ignore_ascii_case("true"))
        })
        .flat_map(|c| {
            c.value()
                .attr("aria-labelledby")
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The element's own text is a single letter, digit or symbol: often an
/// icon ("X" for close) that an aria-label names in words.
fn is_single_glyph(el: ElementRef<'_>) -> bool {
    let text: String = el
        .children()
        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
        .collect();
    text.split_whitespace().collect::<String>().chars().count() == 1
}

/// Inactive controls, their contents and their labels (WCAG exempts them).
fn is_disabled(page: &Page, el: ElementRef<'_>, labels_of_disabled: &HashSet<String>) -> bool {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .any(|e| {
            let v = e.value();
            let disabled = |c: ElementRef<'_>| {
                matches!(
                    c.value().name(),
                    "button" | "input" | "select" | "textarea" | "fieldset" | "optgroup" | "option"
                ) && c.value().attr("disabled").is_some()
            };
            if disabled(e)
                || v.attr("aria-disabled")
                    .is_some_and(|a| a.trim().eq_ignore_ascii_case("true"))
            {
                return true;
            }
            // A label of a disabled control by aria-labelledby.
            if v.id().is_some_and(|id| labels_of_disabled.contains(id)) {
                return true;
            }
            if v.name() == "label" {
                if let Some(target) = v.attr("for").and_then(|id| page.element_by_id(id)) {
                    return disabled(target);
                }
                return e.descendants().filter_map(ElementRef::wrap).any(disabled);
            }
            false
        })
}

/// Text in a logo (WCAG exempts logotypes).
fn is_logo(el: ElementRef<'_>) -> bool {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .any(|e| {
            let v = e.value();
            v.classes().any(|c| c.to_ascii_lowercase().contains("logo"))
                || v.id()
                    .is_some_and(|i| i.to_ascii_lowercase().contains("logo"))
        })
}

/// A failing ratio to two decimals: rounded, but rounded down when rounding
/// would make it look like it reaches the threshold (4.499 is "4.49", not
/// "4.50").
fn ratio_text(ratio: f64, needed: f64) -> String {
    let rounded = (ratio * 100.0).round() / 100.0;
    let shown = if rounded >= needed {
        (ratio * 100.0).floor() / 100.0
    } else {
        rounded
    };
    format!("{shown:.2}")
}

/// A threshold without needless decimals: 4.5, 3, 7.
fn threshold_text(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

impl TextContrast {
    fn judge(&self, styles: &mut Styles, el: ElementRef<'_>) -> Option<Hit> {
        if styles.is_css_hidden(el) {
            return None;
        }
        let (text, fg_doubt) = styles.foreground(el).ok()?;
        let (fg, bg, bg_doubt) = styles.paint(el, text).ok()?;
        let ratio = contrast(fg, bg);
        if ratio >= self.normal || fg == bg {
            return None;
        }
        let font = styles.font(el);
        if font.px.is_some_and(|px| px <= 0.0) {
            // `font-size: 0` hides text.
            return None;
        }
        let large = match (font.px, font.bold) {
            (Some(px), _) if px + 1e-6 >= self.large_px => Some(true),
            (Some(px), Some(bold)) => Some(bold && px + 1e-6 >= self.large_bold_px),
            // Too small to be large even if it is bold.
            (Some(px), None) if px + 1e-6 < self.large_bold_px => Some(false),
            _ => None,
        };
        let (needed, size_doubt, size_note) = match large {
            Some(true) => (self.large, None, String::new()),
            Some(false) => (self.normal, None, String::new()),
            // Fails even as large text: certain, and small text needs more.
            None if ratio < self.large => (
                self.normal,
                None,
                format!(
                    " (or {}:1 if it is large text: carelint could not work out its size)",
                    threshold_text(self.large)
                ),
            ),
            None => (self.normal, Some(Doubt::Size), String::new()),
        };
        if ratio >= needed {
            return None;
        }
        let from = if large == Some(true) {
            self.from_large
        } else {
            self.from_normal
        };
        if ratio < from {
            return None;
        }
        let shadow_doubt = styles.has_text_shadow(el).then_some(Doubt::Shadow);
        let glyph_doubt = is_single_glyph(el).then_some(Doubt::Glyph);
        let doubt = first_doubt([
            shadow_doubt,
            glyph_doubt,
            fg_doubt.map(Doubt::from),
            bg_doubt.map(Doubt::from),
            styles.conditional(el).map(Doubt::from),
            size_doubt,
        ]);
        let note = doubt.map_or(size_note, |d| d.note().to_owned());
        let mut hit = Hit::element(el.id())
            .arg("ratio", ratio_text(ratio, needed))
            .arg("needed", threshold_text(needed))
            .arg("fg", fg.hex())
            .arg(
                "from",
                styles
                    .colour_source(el)
                    .map(|s| format!(" (set in {s})"))
                    .unwrap_or_default(),
            )
            .arg("bg", bg.hex())
            .arg("note", note);
        if doubt.is_some() {
            hit = hit.confidence(Confidence::Review);
        }
        Some(hit)
    }
}

impl TextContrast {
    /// Every finding on a page, in document order.
    fn hits(&self, page: &Page) -> Vec<Hit> {
        let mut styles = Styles::new(page);
        let disabled_labels = labels_of_disabled(page);
        let mut hits = Vec::new();
        let mut stack = vec![page.root()];
        while let Some(el) = stack.pop() {
            let value = el.value();
            if SKIPPED.contains(&value.name())
                || (value.name() == "dialog" && value.attr("open").is_none())
            {
                continue;
            }
            let children: Vec<ElementRef<'_>> =
                el.children().filter_map(ElementRef::wrap).collect();
            stack.extend(children.into_iter().rev());
            if !has_own_text(el)
                || is_hidden(el)
                || is_disabled(page, el, &disabled_labels)
                || is_logo(el)
            {
                continue;
            }
            if let Some(hit) = self.judge(&mut styles, el) {
                hits.push(hit);
            }
        }
        hits
    }
}

impl PageCheck for TextContrast {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for hit in self.hits(page) {
            out.emit(hit);
        }
    }
}

#[cfg(test)]
mod tests;
