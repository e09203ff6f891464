//! `aria-reference`: flags ARIA attributes that point at ids no element on the
//! page has.
//!
//! ## What it checks
//! On every element in the accessibility tree, each attribute named in
//! `attributes` (a table of attribute to what it points at, in plain words:
//! "its label") with a non-blank value. Ids are matched exactly, as browsers
//! do. Attributes that take one id (`aria-activedescendant`,
//! `aria-errormessage`, `aria-details`) use the whole value as the id (a value
//! with spaces is invalid and left to the value check); lists
//! (`aria-labelledby`, `aria-describedby`...) are split on spaces.
//!
//! A finding has the rule's severity when no id is found. It is a warning
//! for review when some ids of a list are found, and when a `later` entry
//! says the target is often added by script later: an `attribute` and a CSS selector `when` the
//! element matches (such as a collapsed control, `[aria-expanded=false i]`).
//! Fills `{attribute}`, `{target}` (what it points at), `{missing}` (`id "x"`
//! or `ids "x" and "y"`) and `{note}` (why a warning is only a warning, or
//! nothing).
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "aria-reference"
//! [check.attributes]
//! aria-labelledby = "its label"
//! aria-controls = "the part of the page it controls"
//! [[check.later]]
//! attribute = "aria-controls"
//! when = "[aria-expanded=false i]"
//! ```

use std::collections::BTreeMap;

use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use crate::page::aria_view::AriaView;
use crate::wording::and_list;
use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::aria::AttrType;
use crate::error::DataFileError;
use crate::finding::{Confidence, Severity};
use crate::page::Page;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    attributes: Spanned<BTreeMap<String, String>>,
    #[serde(default)]
    later: Vec<LaterParams>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LaterParams {
    attribute: Spanned<String>,
    when: Spanned<String>,
}

#[derive(Debug)]
struct Later {
    attribute: String,
    when: Selector,
}

#[derive(Debug)]
pub(crate) struct AriaReference {
    /// Attribute, whether it takes a list of ids, and what it points at.
    attributes: Vec<(String, bool, String)>,
    later: Vec<Later>,
}

impl AriaReference {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let aria = crate::aria::aria();
        let mut attributes = Vec::new();
        for (name, target) in p.attributes.get_ref() {
            let list = match aria.attribute(name).map(|a| a.kind) {
                Some(AttrType::IdReference) => false,
                Some(AttrType::IdReferenceList) => true,
                _ => {
                    return Err(source.error_at(
                        &p.attributes,
                        format!("`{name}` is not an ARIA attribute that takes ids"),
                    ));
                }
            };
            attributes.push((name.clone(), list, target.clone()));
        }
        let mut later = Vec::new();
        for entry in &p.later {
            if !attributes
                .iter()
                .any(|(a, _, _)| a == entry.attribute.get_ref())
            {
                return Err(source.error_at(
                    &entry.attribute,
                    format!(
                        "`{}` is not one of this rule's `attributes`",
                        entry.attribute.get_ref()
                    ),
                ));
            }
            later.push(Later {
                attribute: entry.attribute.get_ref().clone(),
                when: source.selector(&entry.when)?,
            });
        }
        Ok(Self { attributes, later })
    }
}

/// `id "x"`, `ids "x" and "y"`.
fn ids_text(ids: &[&str]) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("\"{id}\"")).collect();
    if ids.len() == 1 {
        format!("id {}", quoted.join(""))
    } else {
        format!("ids {}", and_list(&quoted))
    }
}

impl PageCheck for AriaReference {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let view = AriaView::new(page);
        for element in view.elements() {
            if view.is_hidden(element) {
                continue;
            }
            // One finding per element: the first attribute with a problem,
            // the most serious first.
            let mut best: Option<(Severity, Hit)> = None;
            for (name, list, target) in &self.attributes {
                let Some(value) = element.value().attr(name.as_str()) else {
                    continue;
                };
                let value = value.trim_matches(|c: char| c.is_ascii_whitespace());
                if value.is_empty() {
                    continue;
                }
                let ids: Vec<&str> = if *list {
                    value.split_ascii_whitespace().collect()
                } else if value.contains(|c: char| c.is_ascii_whitespace()) {
                    // Several ids where one is allowed: the value is invalid,
                    // which is another rule's finding.
                    continue;
                } else {
                    vec![value]
                };
                let missing: Vec<&str> = ids
                    .iter()
                    .copied()
                    .filter(|id| page.element_by_id(id).is_none())
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                let partly = missing.len() < ids.len();
                let later = self
                    .later
                    .iter()
                    .any(|l| l.attribute == *name && l.when.matches(&element));
                let (severity, note) = if partly {
                    (
                        Some(Severity::Warning),
                        " The other ids are found, so part of it still works.",
                    )
                } else if later {
                    (
                        Some(Severity::Warning),
                        " It may be added by a script when it is needed: check that it then appears.",
                    )
                } else {
                    (None, "")
                };
                let mut hit = Hit::element(element.id())
                    .arg("attribute", name)
                    .arg("target", target)
                    .arg("missing", ids_text(&missing))
                    .arg("note", note);
                if let Some(severity) = severity {
                    // Whether it still works, or will once a script runs,
                    // is for a person to try.
                    hit = hit.severity(severity).confidence(Confidence::Review);
                }
                let rank = severity.unwrap_or(out.rule.severity);
                if best.as_ref().is_none_or(|(s, _)| rank > *s) {
                    best = Some((rank, hit));
                }
            }
            if let Some((_, hit)) = best {
                out.emit(hit);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(check: &str) -> Result<AriaReference, String> {
        crate::checks::build_for_test("aria-reference", check, AriaReference::new)
    }

    #[test]
    fn parameters_are_checked() {
        assert!(load("[check.attributes]\naria-labelledby = \"its label\"").is_ok());
        assert!(load("[check.attributes]\naria-label = \"its label\"").is_err());
        assert!(
            load("[check.attributes]\naria-owns = \"x\"\n[[check.later]]\nattribute = \"aria-controls\"\nwhen = \"*\"")
                .is_err()
        );
    }

    #[test]
    fn ids_read_well() {
        assert_eq!(ids_text(&["a"]), "id \"a\"");
        assert_eq!(ids_text(&["a", "b"]), "ids \"a\" and \"b\"");
    }
}
