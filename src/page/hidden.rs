//! Hidden-ness: the one place that says whether an element is hidden, and
//! from whom.
//!
//! "Hidden" answers different questions, and checks must ask the one they
//! mean. Without a style sheet cascade (that lives elsewhere), carelint reads
//! only markup: attributes, inline `style` and class names.
//!
//! Per element, not looking at its ancestors:
//! - [`hides_from_everyone`]: `hidden` or an inline `display:none` /
//!   `visibility:hidden`. Neither seen nor read out.
//! - [`has_aria_hidden`]: `aria-hidden="true"`. Still seen on screen, but
//!   not read out by screen readers.
//! - [`hides_content`]: either of those. Not read out by a screen reader,
//!   and for the first two not seen either: the cautious "leave it out"
//!   test most checks use.
//! - [`not_rendered`]: what a browser does not render right now, so it cannot
//!   take focus: [`hides_from_everyone`], `inert`, `<template>`, a closed
//!   `<dialog>` and the content of a closed `<details>`. `aria-hidden` is not
//!   part of it (an `aria-hidden` element still takes focus).
//! - [`leaves_accessibility_tree`]: [`not_rendered`] or [`has_aria_hidden`].
//!
//! Per element, with its ancestors:
//! - [`is_hidden`]: the element or an ancestor [`hides_content`], or it is
//!   inside a `<template>`. What most checks skip.
//! - The accessibility tree view ([`super::aria_view::AriaView::is_hidden`])
//!   inherits [`leaves_accessibility_tree`] down the tree in one pass.
//!
//! By class name (a guess at what a style sheet does, for checks that must
//! tell seen text from text for screen readers):
//! - [`screen_reader_only`]: a class such as `sr-only` or `visually-hidden`:
//!   off screen, but read out.
//! - [`hidden_by_class`]: a class `hidden` or ending in `-hidden`
//!   (`vjs-hidden`, `is-hidden`): frameworks hide unused controls with these.
//!
//! Why [`is_hidden`] and [`not_rendered`] stay apart: the content of a closed
//! `<details>` or `<dialog>` is on the page for people who open it, so checks
//! of text, links and headings still judge it ([`is_hidden`] is false), while
//! the ARIA checks follow ACT and judge only what is in the accessibility tree
//! when the page loads.

use scraper::ElementRef;

/// Whether the element has `aria-hidden="true"`: screen readers skip it and
/// its content, but it is still shown on screen.
#[must_use]
pub fn has_aria_hidden(element: ElementRef<'_>) -> bool {
    element
        .value()
        .attr("aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// Whether the element's inline `style` says `display:none` or
/// `visibility:hidden` (spaces and case ignored).
#[must_use]
pub fn style_hides(element: ElementRef<'_>) -> bool {
    element.value().attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Whether the element hides itself and its content from everyone, on screen
/// and from screen readers: the `hidden` attribute or an inline
/// `display:none` / `visibility:hidden`. `aria-hidden` alone is not enough:
/// the text is still seen.
#[must_use]
pub fn hides_from_everyone(element: ElementRef<'_>) -> bool {
    element.value().attr("hidden").is_some() || style_hides(element)
}

/// Whether the element hides itself and its content from screen readers:
/// [`hides_from_everyone`] or [`has_aria_hidden`]. Only this element is
/// looked at; [`is_hidden`] adds its ancestors.
#[must_use]
pub fn hides_content(element: ElementRef<'_>) -> bool {
    hides_from_everyone(element) || has_aria_hidden(element)
}

/// Whether an element is hidden from screen readers, and usually from
/// everyone: it or an ancestor [`hides_content`] (`hidden`,
/// `aria-hidden="true"`, or an inline `display:none` / `visibility:hidden`),
/// or it is inside a `<template>`.
#[must_use]
pub fn is_hidden(element: ElementRef<'_>) -> bool {
    // Template content is inert: it is never shown until a script clones it.
    std::iter::once(element)
        .chain(element.ancestors().filter_map(ElementRef::wrap))
        .any(|e| hides_content(e) || e.value().name() == "template")
}

/// Whether the element is not rendered at all right now, so it cannot take
/// focus: [`hides_from_everyone`], `inert`, a `<template>` or a closed
/// `<dialog>`, or the content of a closed `<details>` (all but its summary).
/// `aria-hidden` is not part of this. Only this element is looked at.
#[must_use]
pub fn not_rendered(element: ElementRef<'_>) -> bool {
    let el = element.value();
    if el.attr("inert").is_some()
        || el.name() == "template"
        || (el.name() == "dialog" && el.attr("open").is_none())
    {
        return true;
    }
    if let Some(details) = element.parent().and_then(ElementRef::wrap)
        && details.value().name() == "details"
        && details.value().attr("open").is_none()
    {
        let summary = details
            .children()
            .filter_map(ElementRef::wrap)
            .find(|c| c.value().name() == "summary");
        if summary.is_none_or(|s| s.id() != element.id()) {
            return true;
        }
    }
    hides_from_everyone(element)
}

/// Whether this element (and so its content) leaves the accessibility tree:
/// [`not_rendered`] or [`has_aria_hidden`]. Only this element is looked at.
#[must_use]
pub fn leaves_accessibility_tree(element: ElementRef<'_>) -> bool {
    has_aria_hidden(element) || not_rendered(element)
}

/// Whether a class marks the element as for screen readers only: on screen
/// nowhere, but read out (`visually-hidden`, `visuallyhidden`, `sr-only`,
/// `screen-reader-text`, `screenreader`...).
#[must_use]
pub fn screen_reader_only(element: ElementRef<'_>) -> bool {
    element.value().attr("class").is_some_and(|c| {
        let c = c.to_ascii_lowercase();
        c.contains("visually-hidden")
            || c.contains("visuallyhidden")
            || c.contains("sr-only")
            || c.contains("screen-reader")
            || c.contains("screenreader")
    })
}

/// Whether a class hides the element from sight: `hidden` or a class ending
/// in `-hidden` (`vjs-hidden`, `is-hidden`), as frameworks name the classes
/// they hide menus and unused controls with. A `visually-hidden` class is
/// [`screen_reader_only`] instead. Only this element is looked at.
#[must_use]
pub fn hidden_by_class(element: ElementRef<'_>) -> bool {
    element.value().attr("class").is_some_and(|c| {
        c.split_whitespace().any(|t| {
            let t = t.to_ascii_lowercase();
            t == "hidden" || (t.ends_with("-hidden") && !t.contains("visually"))
        })
    })
}

/// Whether the element is inside a `<template>`: inert markup the page
/// may clone later, never shown as it stands.
#[must_use]
pub fn in_template(element: ElementRef<'_>) -> bool {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "template")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::page::test_page;

    #[test]
    fn the_questions_differ() {
        let p = test_page(
            "",
            r#"<p id=a aria-hidden="true">a</p><p id=b hidden>b</p>
               <p id=c style="Display : None">c</p><div aria-hidden=true><p id=d>d</p></div>
               <template><p id=e>e</p></template><p id=f inert>f</p>
               <details><summary id=s>s</summary><p id=g>g</p></details>
               <span id=h class="sr-only">h</span><span id=i class="vjs-hidden">i</span>
               <span id=j class="visually-hidden">j</span><p id=k>k</p>"#,
        );
        let el = |id: &str| p.element_by_id(id).unwrap();
        assert!(has_aria_hidden(el("a")) && !hides_from_everyone(el("a")));
        assert!(hides_from_everyone(el("b")) && hides_from_everyone(el("c")));
        assert!(hides_content(el("a")) && hides_content(el("b")) && hides_content(el("c")));
        assert!(is_hidden(el("d")) && !hides_content(el("d")));
        assert!(!not_rendered(el("a")) && leaves_accessibility_tree(el("a")));
        assert!(not_rendered(el("f")) && !is_hidden(el("f")));
        assert!(not_rendered(el("g")) && !not_rendered(el("s")) && !is_hidden(el("g")));
        assert!(screen_reader_only(el("h")) && !hidden_by_class(el("h")));
        assert!(hidden_by_class(el("i")) && !screen_reader_only(el("i")));
        assert!(screen_reader_only(el("j")) && !hidden_by_class(el("j")));
        let k = el("k");
        assert!(!is_hidden(k) && !not_rendered(k) && !screen_reader_only(k));
    }
}
