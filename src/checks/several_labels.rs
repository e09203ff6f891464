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
//! A checkbox or radio that no form sends (no `name`, no form) or that has a
//! focusable label (`tabindex`) is a menu toggle built with the "checkbox
//! hack": the label is the button and the box is hidden by the site's
//! stylesheet. Its finding is `review`, as only the styles decide whether
//! anyone meets the box.
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

use scraper::{ElementRef, Selector};
use serde::Deserialize;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::finding::Confidence;
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

/// Whether the control looks like a "checkbox hack" toggle: a checkbox or
/// radio that is not a form field (no `name`, no form) or whose label is
/// made focusable (`tabindex`) to act as the button, as menu themes do. The
/// box itself is then usually hidden by the site's stylesheet, which a
/// reading of the markup cannot see, so whether anyone meets the joined
/// labels is for a person to check.
fn is_toggle(control: ElementRef<'_>, labels: &[(ElementRef<'_>, String)]) -> bool {
    let el = control.value();
    let kind = el.attr("type").unwrap_or_default();
    if !(kind.eq_ignore_ascii_case("checkbox") || kind.eq_ignore_ascii_case("radio")) {
        return false;
    }
    let submitted = el.attr("name").is_some()
        || el.attr("form").is_some()
        || control
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().name() == "form");
    !submitted
        || labels
            .iter()
            .any(|(label, _)| label.value().attr("tabindex").is_some())
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
            let labels: Vec<(ElementRef<'_>, String)> = page
                .labels_of(control)
                .into_iter()
                .filter(|label| {
                    first_with_id || control.ancestors().any(|a| a.id() == label.id())
                })
                .filter(|label| !is_hidden(*label))
                .map(|label| (label, page.label_text(label, control)))
                .filter(|(_, text)| !text.is_empty())
                .collect();
            if labels.len() < 2 {
                continue;
            }
            let texts: Vec<String> = labels.iter().map(|(_, t)| t.clone()).collect();
            let mut hit = Hit::element(control.id())
                .arg("count", texts.len())
                .arg("labels", quoted_list(&texts));
            if is_toggle(control, &labels) {
                hit = hit.confidence(Confidence::Review);
            }
            out.emit(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::page::test_page;

    /// Confidences of the findings the embedded rule makes on `body`.
    fn confidences(body: &str) -> Vec<Confidence> {
        let catalogue = Catalogue::embedded().expect("rules load");
        let rule = catalogue
            .rules()
            .iter()
            .find(|r| r.id == "accessibility/multiple-labels")
            .expect("the rule exists");
        let check = super::super::build_for_test("several-labels", "", SeveralLabels::new)
            .expect("the check builds");
        let page = test_page("", body);
        let (mut findings, mut suppressed) = (Vec::new(), Vec::new());
        check.check(
            &page,
            &mut Emitter {
                rule,
                page: &page,
                findings: &mut findings,
                suppressed: &mut suppressed,
                today: crate::clock::date_of(0),
            },
        );
        findings.iter().map(|f| f.confidence).collect()
    }

    #[test]
    fn a_menu_toggle_is_for_a_person_to_check() {
        let field = r#"<input id=e type=email><label for=e>Email</label><label for=e>(optional)</label>"#;
        assert_eq!(confidences(field), [Confidence::Certain]);
        let toggle = r#"<input id=m type=checkbox><label for=m tabindex=0>Clinics</label><label for=m>Clinics</label>"#;
        assert_eq!(confidences(toggle), [Confidence::Review]);
        // Nor is a box sent with a form.
        let consent = r#"<form><input id=c type=checkbox name=ok><label for=c>I agree</label><label for=c>to be called back</label></form>"#;
        assert_eq!(confidences(consent), [Confidence::Certain]);
        let loose = r#"<input id=n type=checkbox><label for=n>About</label><label for=n>Contents</label>"#;
        assert_eq!(confidences(loose), [Confidence::Review]);
        // A focusable label on a text field is not the checkbox hack.
        let odd = r#"<input id=t><label for=t tabindex=0>Name</label><label for=t>Full name</label>"#;
        assert_eq!(confidences(odd), [Confidence::Certain]);
    }
}

