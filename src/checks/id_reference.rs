//! `id-reference`: flags attributes that point at an element by id when that
//! element is missing or of the wrong kind.
//!
//! ## What it checks
//! Each visible element matching `selector` that has `attribute`. Its value is
//! one id, matched exactly as browsers do (so `for=" nhs-number"` does not find
//! `id="nhs-number"`), or with `list = true` a space-separated list of ids. It
//! is a finding when the value is blank, when no element has an id, or, with
//! `target = "labelable"`, when the first element with that id is not a form
//! control a `<label>` can name (`input` other than hidden, `select`,
//! `textarea`, `button`, `meter`, `output`, `progress`). The finding fills
//! `{problem}` (what is wrong, in a few words), `{id}` and `{attribute}`.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "id-reference"
//! selector = "label[for]"
//! attribute = "for"
//! target = "labelable"
//! ```

use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::accname::is_labelable;
use crate::page::{Page, is_hidden};

#[derive(Deserialize, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Target {
    /// Any element.
    #[default]
    Any,
    /// A labelable form control.
    Labelable,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    selector: Spanned<String>,
    attribute: String,
    #[serde(default)]
    list: bool,
    #[serde(default)]
    target: Target,
}

#[derive(Debug)]
pub(crate) struct IdReference {
    selector: Selector,
    attribute: String,
    list: bool,
    target: Target,
}

impl IdReference {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            selector: source.selector(&p.selector)?,
            attribute: p.attribute,
            list: p.list,
            target: p.target,
        })
    }

    /// What is wrong with one id, if anything.
    fn problem(&self, page: &Page, id: &str) -> Option<String> {
        let Some(target) = page.element_by_id(id) else {
            return Some(format!("no element on the page has id=\"{id}\""));
        };
        if self.target == Target::Labelable && !is_labelable(target) {
            let tag = target.value().name();
            let what = if tag == "input" {
                "a hidden input".to_owned()
            } else {
                format!("a <{tag}>")
            };
            return Some(format!(
                "id=\"{id}\" is {what}, which is not a form field a label can name"
            ));
        }
        None
    }
}

impl PageCheck for IdReference {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for element in page.html().select(&self.selector) {
            let Some(value) = element.value().attr(&self.attribute) else {
                continue;
            };
            if is_hidden(element) {
                continue;
            }
            let (id, problem) = if value.trim().is_empty() {
                (
                    value.to_owned(),
                    Some(format!("its {} attribute is empty", self.attribute)),
                )
            } else if self.list {
                let problems: Vec<(&str, String)> = value
                    .split_ascii_whitespace()
                    .filter_map(|id| self.problem(page, id).map(|p| (id, p)))
                    .collect();
                match problems.first() {
                    None => (value.to_owned(), None),
                    Some((id, first)) => {
                        let more = problems.len() - 1;
                        let problem = if more == 0 {
                            first.clone()
                        } else {
                            format!("{first} (and {more} more)")
                        };
                        ((*id).to_owned(), Some(problem))
                    }
                }
            } else {
                (value.to_owned(), self.problem(page, value))
            };
            let Some(problem) = problem else {
                continue;
            };
            out.emit(
                Hit::element(element.id())
                    .arg("problem", problem)
                    .arg("id", id)
                    .arg("attribute", &self.attribute),
            );
        }
    }
}
