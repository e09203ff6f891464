//! `several-labels`: flags form controls that have more than one `<label>`.
//!
//! ## What it checks
//! Each visible labelable control (`input` other than hidden, `select`,
//! `textarea`, `button`, `meter`, `output`, `progress`) with two or more
//! labels that have text: `<label for>` elements pointing at its id (when it is
//! the first element with that id, as browsers only use that one), plus the
//! `<label>` wrapping it (unless that label's `for` points elsewhere). Hidden
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

use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::{ElementRef, Node, Selector};
use serde::Deserialize;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::accname::is_labelable;
use crate::page::{Page, collapse_whitespace, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[allow(dead_code)]
    kind: String,
}

#[derive(Debug)]
pub(crate) struct SeveralLabels {
    labels: Selector,
    controls: Selector,
}

impl SeveralLabels {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let _: Params = source.params()?;
        Ok(Self {
            labels: source.fixed_selector("label[for]")?,
            controls: source
                .fixed_selector("input, select, textarea, button, meter, output, progress")?,
        })
    }
}

/// The text a label shows: its text and the `alt` of its images, without the
/// content of the controls inside it (a select's options, a textarea's text).
fn label_text(label: ElementRef<'_>) -> String {
    fn walk(element: ElementRef<'_>, out: &mut String) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => out.push_str(text),
                Node::Element(el) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if crate::page::hides_content(child) {
                        continue;
                    }
                    match el.name() {
                        "select" | "textarea" | "datalist" | "script" | "style" | "template" => {}
                        "img" => {
                            out.push(' ');
                            out.push_str(el.attr("alt").unwrap_or_default());
                            out.push(' ');
                        }
                        _ => {
                            out.push(' ');
                            walk(child, out);
                            out.push(' ');
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    walk(label, &mut out);
    collapse_whitespace(&out)
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
        let html = page.html();
        // `for` value -> visible labels with text, in document order.
        let mut by_for: HashMap<&str, Vec<(NodeId, String)>> = HashMap::new();
        for label in html.select(&self.labels) {
            let Some(target) = label.value().attr("for") else {
                continue;
            };
            if is_hidden(label) {
                continue;
            }
            let text = label_text(label);
            if !text.is_empty() {
                by_for.entry(target).or_default().push((label.id(), text));
            }
        }
        for control in html.select(&self.controls) {
            let el = control.value();
            if !is_labelable(control)
                || non_blank(el.attr("aria-label"))
                || non_blank(el.attr("aria-labelledby"))
                || is_hidden(control)
            {
                continue;
            }
            let id = el.id();
            // `for` points at the first element with the id, so a second
            // control with a duplicated id gets none of those labels.
            let mut labels: Vec<(NodeId, String)> = id
                .filter(|id| {
                    page.element_by_id(id)
                        .is_some_and(|e| e.id() == control.id())
                })
                .and_then(|id| by_for.get(id))
                .cloned()
                .unwrap_or_default();
            if let Some(wrapping) = control
                .ancestors()
                .filter_map(ElementRef::wrap)
                .find(|a| a.value().name() == "label")
                && wrapping.value().attr("for").is_none_or(|f| Some(f) == id)
                && !labels.iter().any(|(l, _)| *l == wrapping.id())
                && !is_hidden(wrapping)
            {
                let text = label_text(wrapping);
                if !text.is_empty() {
                    labels.push((wrapping.id(), text));
                }
            }
            if labels.len() < 2 {
                continue;
            }
            let texts: Vec<String> = labels.into_iter().map(|(_, t)| t).collect();
            out.emit(
                Hit::element(control.id())
                    .arg("count", texts.len())
                    .arg("labels", quoted_list(&texts)),
            );
        }
    }
}
