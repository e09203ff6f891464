//! `unlabelled-control`: flags form controls that have no accessible name.
//!
//! ## What it checks
//! Every visible `input` (except hidden, submit, reset, button and image, which
//! are named by their value or alt), `select` and `textarea` needs a name from,
//! in the order accessible-name computation uses: `aria-labelledby` pointing at
//! elements with text, `aria-label`, a `<label for>` or a wrapping `<label>` with
//! text, or a `title`. A `placeholder` is not a label: it disappears as soon as
//! someone starts typing. But a screen reader does announce it, so a field
//! named only by its placeholder is sent for review rather than reported as
//! certain. A disabled control with `role="none"` or `"presentation"` is not
//! in the accessibility tree and is skipped.
//!
//! ## References
//! WCAG 2.2 SC 1.3.1 and 4.1.2; ACT rule e086e5.

use scraper::{ElementRef, Selector};
use serde::Deserialize;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::finding::Confidence;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[allow(dead_code)]
    kind: String,
}

#[derive(Debug)]
pub(crate) struct UnlabelledControl {
    controls: Selector,
    labels: Selector,
}

impl UnlabelledControl {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let _: Params = source.params()?;
        Ok(Self {
            controls: source.fixed_selector("input, select, textarea")?,
            labels: source.fixed_selector("label[for]")?,
        })
    }
}

/// Text of an element, including the alt of images inside it, collapsed. The
/// content of form controls (a select's options, a textarea's default text) is
/// not part of a label's text.
fn text_of(element: ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in element.descendants() {
        let in_control = node
            .ancestors()
            .take_while(|a| a.id() != element.id())
            .any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "select" | "textarea" | "datalist"))
            });
        if in_control {
            continue;
        }
        if let Some(text) = node.value().as_text() {
            out.push_str(text);
            out.push(' ');
        } else if let Some(el) = node.value().as_element()
            && el.name() == "img"
            && let Some(alt) = el.attr("alt")
        {
            out.push_str(alt);
            out.push(' ');
        }
    }
    crate::page::collapse_whitespace(&out)
}

fn non_blank(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.trim().is_empty())
}

impl PageCheck for UnlabelledControl {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let html = page.html();
        // Index elements by id once, for `aria-labelledby` and `label for`.
        let mut by_id = std::collections::HashMap::new();
        for node in html.root_element().descendants() {
            if let Some(el) = ElementRef::wrap(node)
                && let Some(id) = el.value().id()
            {
                by_id.entry(id.to_owned()).or_insert(el);
            }
        }
        let mut label_for: std::collections::HashMap<String, bool> =
            std::collections::HashMap::new();
        for label in html.select(&self.labels) {
            if let Some(target) = label.value().attr("for") {
                let has_text = !text_of(label).is_empty();
                let entry = label_for.entry(target.to_owned()).or_insert(false);
                *entry |= has_text;
            }
        }
        for control in html.select(&self.controls) {
            let el = control.value();
            let input_type = el.attr("type").map(|t| t.trim().to_ascii_lowercase());
            if el.name() == "input"
                && matches!(
                    input_type.as_deref(),
                    Some("hidden" | "submit" | "reset" | "button" | "image")
                )
            {
                continue;
            }
            // A disabled control cannot take focus, so role="none" really
            // removes it from the accessibility tree.
            let presentational = el.attr("role").is_some_and(|r| {
                matches!(
                    r.split_whitespace()
                        .next()
                        .map(str::to_ascii_lowercase)
                        .as_deref(),
                    Some("none" | "presentation")
                )
            });
            if is_hidden(control) || (presentational && el.attr("disabled").is_some()) {
                continue;
            }
            let by_labelledby = el.attr("aria-labelledby").is_some_and(|ids| {
                ids.split_whitespace()
                    .filter_map(|id| by_id.get(id))
                    .any(|target| !text_of(*target).is_empty())
            });
            let by_for = el
                .id()
                .is_some_and(|id| label_for.get(id).copied().unwrap_or(false));
            let by_wrapping = control
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().name() == "label" && !text_of(a).is_empty());
            if by_labelledby
                || non_blank(el.attr("aria-label"))
                || by_for
                || by_wrapping
                || non_blank(el.attr("title"))
            {
                continue;
            }
            let what = match (el.name(), input_type.as_deref()) {
                ("input", Some(t)) => format!("{t} input"),
                ("input", None) => "text input".to_owned(),
                (name, _) => name.to_owned(),
            };
            let placeholder = el.attr("placeholder").filter(|p| !p.trim().is_empty());
            let hint = placeholder.map_or_else(String::new, |p| {
                format!(
                    " (its placeholder \"{}\" disappears when people type)",
                    p.trim()
                )
            });
            let mut hit = Hit::element(control.id())
                .arg("control", what)
                .arg("placeholder_hint", hint);
            // Labels that point at the control but hold no text (icons):
            // the CSS "toggle" idiom, where a stylesheet hides the checkbox
            // and the labels act as its buttons. Whether the control is shown
            // at all is in a stylesheet this reading does not see.
            let empty_labels = el.id().is_some_and(|id| label_for.get(id) == Some(&false));
            if placeholder.is_some() || empty_labels {
                // A screen reader does say the placeholder, so the field has a
                // name (WCAG 4.1.2); whether people lose track of what to type
                // is for a person to judge.
                hit = hit.confidence(Confidence::Review);
            }
            out.emit(hit);
        }
    }
}
