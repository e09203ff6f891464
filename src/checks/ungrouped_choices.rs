//! `ungrouped-choices`: flags a set of radio buttons or checkboxes that is not
//! grouped under the question it answers.
//!
//! ## What it checks
//! Inputs of the `types` listed (default radio and checkbox) that share a
//! `name` and a form form a set. A set of `min_group` or more (default 2) needs
//! every member inside a `<fieldset>` with an accessible name (a non-empty
//! `<legend>`, or `aria-label`/`aria-labelledby`), or inside an element whose
//! role is one of `group_roles` (default `group` and `radiogroup`) with an
//! accessible name. A set is also fine when every member's `aria-labelledby`
//! includes the same element (the question), so each name says it. Otherwise a screen reader announces "Yes, radio button, 1
//! of 2" without the question. The finding points at the first member that is
//! not grouped and fills `{what}` ("radio buttons" or "checkboxes"),
//! `{count}` and `{name}`. Hidden inputs are left out.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "ungrouped-choices"
//! types = ["radio", "checkbox"]
//! min_group = 2
//! group_roles = ["group", "radiogroup"]
//! ```
//!
//! ## References
//! WCAG 2.2 SC 1.3.1; techniques H71 (fieldset and legend) and ARIA17.

use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_types")]
    types: Vec<String>,
    #[serde(default = "default_min")]
    min_group: Spanned<usize>,
    #[serde(default = "default_roles")]
    group_roles: Vec<String>,
}

fn default_types() -> Vec<String> {
    vec!["radio".to_owned(), "checkbox".to_owned()]
}

fn default_min() -> Spanned<usize> {
    Spanned::new(0..0, 2)
}

fn default_roles() -> Vec<String> {
    vec!["group".to_owned(), "radiogroup".to_owned()]
}

#[derive(Debug)]
pub(crate) struct UngroupedChoices {
    types: Vec<String>,
    min_group: usize,
    group_roles: Vec<String>,
    inputs: Selector,
}

impl UngroupedChoices {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let min_group = *p.min_group.get_ref();
        if min_group < 2 {
            return Err(source.error_at(
                &p.min_group,
                format!("min_group must be 2 or more, not {min_group}"),
            ));
        }
        Ok(Self {
            types: p
                .types
                .iter()
                .map(|t| t.trim().to_ascii_lowercase())
                .collect(),
            min_group,
            group_roles: p
                .group_roles
                .iter()
                .map(|r| r.trim().to_ascii_lowercase())
                .collect(),
            inputs: source.fixed_selector("input[type][name]")?,
        })
    }

    /// Whether an element groups the controls inside it: a fieldset, or an
    /// element with one of the group roles.
    fn is_grouping(&self, element: ElementRef<'_>) -> bool {
        match element
            .value()
            .attr("role")
            .and_then(|r| r.split_ascii_whitespace().next())
        {
            Some(role) => self.group_roles.contains(&role.to_ascii_lowercase()),
            None => element.value().name() == "fieldset",
        }
    }
}

/// The form an input belongs to: its `form` attribute, else the nearest
/// `<form>` around it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Owner {
    Named(String),
    Element(NodeId),
    None,
}

fn owner(input: ElementRef<'_>) -> Owner {
    if let Some(form) = input.value().attr("form") {
        return Owner::Named(form.to_owned());
    }
    input
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().name() == "form")
        .map_or(Owner::None, |f| Owner::Element(f.id()))
}

/// Whether every member names the same other element in its
/// `aria-labelledby`, so the question is part of every name.
fn shares_question(page: &Page, members: &[ElementRef<'_>]) -> bool {
    let ids = |m: &ElementRef<'_>| -> Vec<String> {
        m.value()
            .attr("aria-labelledby")
            .unwrap_or_default()
            .split_ascii_whitespace()
            .map(str::to_owned)
            .collect()
    };
    let Some((first, rest)) = members.split_first() else {
        return false;
    };
    ids(first).iter().any(|id| {
        rest.iter().all(|m| ids(m).contains(id))
            && page.element_by_id(id).is_some_and(|q| {
                !members.iter().any(|m| m.id() == q.id()) && q.text().any(|t| !t.trim().is_empty())
            })
    })
}

struct Set<'a> {
    kind: String,
    name: &'a str,
    members: Vec<ElementRef<'a>>,
}

impl PageCheck for UngroupedChoices {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let mut index: HashMap<(Owner, String, &str), usize> = HashMap::new();
        let mut sets: Vec<Set<'_>> = Vec::new();
        for input in page.html().select(&self.inputs) {
            let el = input.value();
            let kind = el
                .attr("type")
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            let name = el.attr("name").unwrap_or_default();
            if name.is_empty() || !self.types.contains(&kind) || is_hidden(input) {
                continue;
            }
            let key = (owner(input), kind.clone(), name);
            let at = *index.entry(key).or_insert_with(|| {
                sets.push(Set {
                    kind,
                    name,
                    members: Vec::new(),
                });
                sets.len() - 1
            });
            sets[at].members.push(input);
        }
        // Whether a grouping element has a name, worked out once each.
        let mut named: HashMap<NodeId, bool> = HashMap::new();
        for set in sets.iter().filter(|s| s.members.len() >= self.min_group) {
            if shares_question(page, &set.members) {
                continue;
            }
            let ungrouped = set.members.iter().find(|input| {
                !input
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .filter(|a| self.is_grouping(*a))
                    .any(|group| {
                        *named
                            .entry(group.id())
                            .or_insert_with(|| !page.accessible_name(group).is_empty())
                    })
            });
            let Some(first) = ungrouped else {
                continue;
            };
            let what = match set.kind.as_str() {
                "radio" => "radio buttons".to_owned(),
                "checkbox" => "checkboxes".to_owned(),
                other => format!("{other} inputs"),
            };
            out.emit(
                Hit::element(first.id())
                    .arg("what", what)
                    .arg("count", set.members.len())
                    .arg("name", set.name),
            );
        }
    }
}
