//! `unlabelled-control`: flags form controls that have no accessible name.
//!
//! ## What it checks
//! Every visible `input` (except hidden, submit, reset, button and image, which
//! are named by their value or alt), `select` and `textarea` needs an
//! accessible name (the page model's [`crate::page::accname`]) from, in that
//! order: `aria-labelledby` pointing at elements with text, `aria-label`, a
//! `<label for>` or a wrapping `<label>` with text, or a `title`. A
//! `placeholder` is not a label: it disappears as soon as
//! someone starts typing. But a screen reader does announce it, so a field
//! named only by its placeholder is sent for review rather than reported as
//! certain. A disabled control with `role="none"` or `"presentation"` is not
//! in the accessibility tree and is skipped.
//!
//! ## References
//! WCAG 2.2 SC 1.3.1 and 4.1.2; ACT rule e086e5.

use scraper::Selector;
use serde::Deserialize;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::finding::Confidence;
use crate::page::accname::NameSource;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
}

#[derive(Debug)]
pub(crate) struct UnlabelledControl {
    controls: Selector,
}

impl UnlabelledControl {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let _: Params = source.params()?;
        Ok(Self {
            controls: source.fixed_selector("input, select, textarea")?,
        })
    }
}

impl PageCheck for UnlabelledControl {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for control in page.html().select(&self.controls) {
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
            // A name from a placeholder alone is still reported (for review).
            let name = page.accessible_name(control);
            if !name.is_empty() && name.source != Some(NameSource::Placeholder) {
                continue;
            }
            // The accessible name leaves out a `<label>` that is hidden
            // itself; this check has always counted one (Accessible Name 1.2
            // lets a hidden label still name its control), so it does here.
            let labels = page.labels_of(control);
            if labels
                .iter()
                .any(|l| !page.label_text(*l, control).is_empty())
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
            let empty_labels = el.id().is_some_and(|id| page.labels_for(id).next().is_some());
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
