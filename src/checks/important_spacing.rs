//! `important-spacing`: flags text spacing locked below WCAG's minimum with
//! `!important` in a `style` attribute (WCAG 2.2 SC 1.4.12 Text Spacing; ACT
//! rules 78fd32, 24afc2 and 9e45ec).
//!
//! ## What it checks
//! People who need more space between lines, letters or words use a reader
//! setting or a browser extension to widen it. An inline `!important`
//! declaration wins over those, so it must itself allow at least `minimum`
//! times the font size: 1.5 for `line-height`, 0.12 for `letter-spacing`,
//! 0.16 for `word-spacing`.
//!
//! Each visible element whose `style` attribute gives `property` as
//! `!important` (the last important declaration wins) is judged on the text
//! that uses the value: its own text and that of descendants that do not set
//! the property themselves. `normal` and `initial` count as 0 for spacing and
//! 1.2 for line height; `inherit` and `unset` are not judged (the value comes
//! from elsewhere).
//!
//! Values relative to the font (`em`, `%`, unitless line heights) are decided
//! on the element itself. Absolute ones (`px`, `pt`) need the font size: it is
//! read from `font-size` in `style` attributes, or taken as the browser's 16px
//! on a page whose own styles never set a font size; otherwise the finding is
//! sent for review. So is a descendant's text when the page's styles mention
//! the property (a style rule could set it there).
//!
//! Not judged: elements hidden (`is_hidden`) or moved off screen (`position`
//! with a negative offset), text inside a box that scrolls sideways
//! (`overflow: auto|scroll`, where a long line may not wrap), and elements with
//! no text. `{value}` is the declared value.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "important-spacing"
//! property = "letter-spacing"
//! minimum = 0.12
//! ```

use scraper::{ElementRef, Node, Selector};
use serde::Deserialize;
use toml::Spanned;

use crate::page::style::declarations;
use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::finding::Confidence;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    property: Spanned<String>,
    minimum: f64,
}

#[derive(Debug)]
pub(crate) struct ImportantSpacing {
    property: String,
    minimum: f64,
    styled: Selector,
    sheets: Selector,
}

/// A declared value, in the terms needed to compare it with the font size.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    /// A multiple of the element's own font size (`em`, `%`, a number).
    Relative(f64),
    /// CSS pixels.
    Pixels(f64),
}

/// The value of `property` in a `style` attribute: the last `!important`
/// declaration, or `None` when there is none or it defers elsewhere.
fn important_value(style: &str, property: &str) -> Option<(String, Option<Value>)> {
    let decl = declarations(style)
        .into_iter()
        .rfind(|d| d.important && d.name == property)?;
    let raw = decl.value.trim().to_ascii_lowercase();
    if matches!(
        raw.as_str(),
        "inherit" | "unset" | "revert" | "revert-layer"
    ) {
        return None;
    }
    let value = parse(&raw, property);
    Some((decl.value, value))
}

/// Reads a length; `None` for what cannot be worked out (`calc()`, `vw`).
fn parse(raw: &str, property: &str) -> Option<Value> {
    if matches!(raw, "normal" | "initial") {
        let normal = if property == "line-height" { 1.2 } else { 0.0 };
        return Some(Value::Relative(normal));
    }
    let number = |s: &str| s.trim().parse::<f64>().ok().filter(|n| n.is_finite());
    if let Some(n) = raw.strip_suffix("rem") {
        // The root font size is the browser's unless the page changes it.
        return number(n).map(|n| Value::Pixels(n * 16.0));
    }
    if let Some(n) = raw.strip_suffix("em") {
        return number(n).map(Value::Relative);
    }
    if let Some(n) = raw.strip_suffix('%') {
        // A percentage of word-spacing is of the space character, not the font.
        return (property == "line-height")
            .then(|| number(n).map(|n| Value::Relative(n / 100.0)))
            .flatten();
    }
    if let Some(n) = raw.strip_suffix("px") {
        return number(n).map(Value::Pixels);
    }
    if let Some(n) = raw.strip_suffix("pt") {
        return number(n).map(|n| Value::Pixels(n * 4.0 / 3.0));
    }
    if property == "line-height" {
        return number(raw).map(Value::Relative);
    }
    // Zero needs no unit.
    number(raw).filter(|n| *n == 0.0).map(Value::Pixels)
}

fn style_of<'a>(element: ElementRef<'a>) -> &'a str {
    element.value().attr("style").unwrap_or_default()
}

/// Whether an inline style moves the element off screen or makes its
/// contents scroll sideways.
fn off_screen(style: &str) -> bool {
    let decls = declarations(style);
    let positioned = decls
        .iter()
        .any(|d| d.name == "position" && matches!(d.value.trim(), "absolute" | "fixed"));
    positioned
        && decls
            .iter()
            .any(|d| matches!(d.name.as_str(), "top" | "left") && d.value.trim().starts_with('-'))
}

fn scrolls(style: &str) -> bool {
    declarations(style).iter().any(|d| {
        matches!(d.name.as_str(), "overflow" | "overflow-x")
            && matches!(d.value.trim(), "auto" | "scroll")
    })
}

/// Whether an element has text of its own (a child text node with a letter
/// or digit).
fn has_own_text(element: ElementRef<'_>) -> bool {
    element.children().any(|c| match c.value() {
        Node::Text(t) => t.chars().any(char::is_alphanumeric),
        _ => false,
    })
}

impl ImportantSpacing {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let property = p.property.get_ref().trim().to_ascii_lowercase();
        if !matches!(
            property.as_str(),
            "line-height" | "letter-spacing" | "word-spacing"
        ) {
            return Err(source.error_at(
                &p.property,
                "`property` must be line-height, letter-spacing or word-spacing",
            ));
        }
        Ok(Self {
            property,
            minimum: p.minimum,
            styled: source.fixed_selector("body [style]")?,
            sheets: source.fixed_selector("style, link[rel~=stylesheet i]")?,
        })
    }

    /// The font size of `element` in pixels, from `style` attributes alone;
    /// `None` when a style sheet could set it or a unit is unknown.
    fn font_size(element: ElementRef<'_>, sheets_set_font: bool) -> Option<f64> {
        let parent = || {
            element
                .parent()
                .and_then(ElementRef::wrap)
                .map_or(Some(16.0), |p| Self::font_size(p, sheets_set_font))
        };
        let own = declarations(style_of(element))
            .into_iter()
            .rfind(|d| d.name == "font-size");
        match own {
            Some(d) => match parse(&d.value.trim().to_ascii_lowercase(), "font-size")? {
                Value::Pixels(px) => Some(px),
                Value::Relative(r) => parent().map(|p| p * r),
            },
            None if sheets_set_font => None,
            None if matches!(
                element.value().name(),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            ) =>
            {
                None
            }
            None => parent(),
        }
    }
}

impl PageCheck for ImportantSpacing {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let mut sheet_text = String::new();
        let mut linked = false;
        for sheet in page.html().select(&self.sheets) {
            if sheet.value().name() == "link" {
                linked = true;
            } else {
                sheet_text.extend(sheet.text());
            }
        }
        let sheet_text = sheet_text.to_ascii_lowercase();
        let sheets_set_font = linked || sheet_text.contains("font");
        let sheets_set_property = linked || sheet_text.contains(&self.property);
        for element in page.html().select(&self.styled) {
            let Some((declared, value)) = important_value(style_of(element), &self.property) else {
                continue;
            };
            if is_hidden(element)
                || std::iter::once(element)
                    .chain(element.ancestors().filter_map(ElementRef::wrap))
                    .any(|e| off_screen(style_of(e)))
                || element
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .any(|e| scrolls(style_of(e)))
            {
                continue;
            }
            // The text that uses this value: the element's own, and that of
            // descendants that do not set the property themselves.
            let holders: Vec<ElementRef<'_>> = std::iter::once(element)
                .chain(element.descendants().skip(1).filter_map(ElementRef::wrap))
                .filter(|d| has_own_text(*d) && !is_hidden(*d))
                .filter(|d| {
                    d.ancestors()
                        .filter_map(ElementRef::wrap)
                        .take_while(|a| a.id() != element.id())
                        .chain((d.id() != element.id()).then_some(*d))
                        .all(|a| {
                            !declarations(style_of(a))
                                .iter()
                                .any(|x| x.name == self.property)
                        })
                })
                .collect();
            let mut unsure = false;
            let mut failed = false;
            for holder in &holders {
                let own = holder.id() == element.id();
                if !own && sheets_set_property {
                    unsure = true;
                    continue;
                }
                let ratio = match value {
                    Some(Value::Relative(r)) if own => Some(r),
                    Some(Value::Relative(r)) => Self::font_size(element, sheets_set_font)
                        .zip(Self::font_size(*holder, sheets_set_font))
                        .map(|(e, h)| r * e / h),
                    Some(Value::Pixels(px)) => {
                        Self::font_size(*holder, sheets_set_font).map(|h| px / h)
                    }
                    None => None,
                };
                match ratio {
                    Some(r) if r + 1e-9 < self.minimum => failed = true,
                    Some(_) => {}
                    None => unsure = true,
                }
            }
            if failed {
                out.emit(Hit::element(element.id()).arg("value", declared));
            } else if unsure {
                out.emit(
                    Hit::element(element.id())
                        .arg("value", declared)
                        .confidence(Confidence::Review),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_values() {
        assert_eq!(parse("normal", "line-height"), Some(Value::Relative(1.2)));
        assert_eq!(parse("normal", "word-spacing"), Some(Value::Relative(0.0)));
        assert_eq!(parse("120%", "line-height"), Some(Value::Relative(1.2)));
        assert_eq!(parse("1.6", "line-height"), Some(Value::Relative(1.6)));
        assert_eq!(parse("2px", "letter-spacing"), Some(Value::Pixels(2.0)));
        assert_eq!(parse("calc(1em + 1px)", "letter-spacing"), None);
        assert_eq!(
            important_value(
                "line-height: 2em !important; line-height: 1em",
                "line-height"
            )
            .map(|(_, v)| v),
            Some(Some(Value::Relative(2.0)))
        );
        assert_eq!(
            important_value("letter-spacing: inherit !important", "letter-spacing"),
            None
        );
        assert_eq!(important_value("line-height: 1", "line-height"), None);
    }
}
