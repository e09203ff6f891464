//! `several-labels`: flags form controls that have more than one `<label>`.
//!
//! ## What it checks
//! Each visible labelable control (`input` other than hidden, `select`,
//! `textarea`, `button`, `meter`, `output`, `progress`) with two or more
//! labels that have text: `<label for>` elements pointing at its id (when it is
//! the first element with that id, as browsers only use that one), plus the
//! `<label>` wrapping it (unless that label's `for` points elsewhere). The
//! labels and their texts are the ones the accessible name joins
//! ([`Page::labels_of`], [`Page::label_text`]), taken one by one. Hidden
//! labels and empty ones are not counted, and neither are controls named by
//! `aria-label` or `aria-labelledby`, which replace their labels. The finding
//! fills `{count}` and `{labels}` (the label texts, quoted).
//!
//! Browsers join the labels into one name, but some screen readers read only
//! the first or the last, and voice control users do not know which words to
//! say.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "several-labels"
//! ```
//!
//! ## References
//! WCAG 2.2 SC 1.3.1 and 4.1.2; HTML technique H44 (one label per control).

use scraper::Selector;
use serde::Deserialize;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::accname::is_labelable;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
}

#[derive(Debug)]
pub(crate) struct SeveralLabels {
    controls: Selector,
}

impl SeveralLabels {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let _: Params = source.params()?;
        Ok(Self {
            controls: source
                .fixed_selector("input, select, textarea, button, meter, output, progress")?,
        })
    }
}

fn non_blank(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.trim().is_empty())
}

/// `"Email", "(optional)" and "Work email"`.
fn quoted_list(texts: &[String]) -> String {
    let quoted: Vec<String> = texts
        .iter()
        .map(|t| format!("\"{}\"", crate::page::truncate_chars(t, 60)))
        .collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

impl PageCheck for SeveralLabels {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for control in page.html().select(&self.controls) {
            let el = control.value();
            if !is_labelable(control)
                || non_blank(el.attr("aria-label"))
                || non_blank(el.attr("aria-labelledby"))
                || is_hidden(control)
            {
                continue;
            }
            // `for` points at the first element with the id, so a second
            // control with a duplicated id gets none of those labels, only
            // the one around it.
            let first_with_id = el.id().is_some_and(|id| {
                page.element_by_id(id)
                    .is_some_and(|e| e.id() == control.id())
            });
            let texts: Vec<String> = page
                .labels_of(control)
                .into_iter()
                .filter(|label| {
                    first_with_id || control.ancestors().any(|a| a.id() == label.id())
                })
                .filter(|label| !is_hidden(*label))
                .map(|label| page.label_text(label, control))
                .filter(|text| !text.is_empty())
                .collect();
            if texts.len() < 2 {
                continue;
            }
            out.emit(
                Hit::element(control.id())
                    .arg("count", texts.len())
                    .arg("labels", quoted_list(&texts)),
            );
        }
    }
}
