//! `duplicate-id`: flags an id used by more than one element.
//!
//! ## What it checks
//! Every non-empty `id` on the page (template content left out, hidden
//! elements counted: a duplicate still breaks what points at it). Each id used
//! twice or more is one finding, at its second element.
//!
//! `referenced` picks which duplicates a rule reports, so two rules can split
//! them without reporting any twice:
//! - `true`: only ids that another element points at, through `for` (on
//!   `label` and `output`), `aria-labelledby`, `aria-describedby`,
//!   `aria-controls`, `aria-owns`, `aria-flowto`, `aria-activedescendant`,
//!   `aria-details`, `aria-errormessage`, `headers`, `list` or `form`. A
//!   browser follows such a reference to the first element with the id only,
//!   so a label, a description or a table header goes to the wrong place.
//! - `false` (the default): only ids nothing points at.
//!
//! `{id}` is the id, `{count}` how many elements have it and `{used_by}` the
//! attributes that point at it.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "duplicate-id"
//! referenced = true
//! ```

use std::collections::{BTreeSet, HashMap};

use ego_tree::NodeId;
use scraper::ElementRef;
use serde::Deserialize;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::Page;

/// Attributes whose value is one id or a list of ids.
const REFERENCES: &[&str] = &[
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "aria-flowto",
    "aria-activedescendant",
    "aria-details",
    "aria-errormessage",
    "headers",
    "list",
    "form",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    referenced: bool,
}

#[derive(Debug)]
pub(crate) struct DuplicateId {
    referenced: bool,
}

impl DuplicateId {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            referenced: p.referenced,
        })
    }
}


impl PageCheck for DuplicateId {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        // One walk: elements by id, and what points at each id.
        let mut by_id: HashMap<&str, Vec<NodeId>> = HashMap::new();
        let mut used_by: HashMap<&str, BTreeSet<&'static str>> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for element in page.root().descendants().filter_map(ElementRef::wrap) {
            let el = element.value();
            if let Some(id) = el.id().filter(|id| !id.is_empty()) {
                let ids = by_id.entry(id).or_default();
                if ids.is_empty() {
                    order.push(id);
                }
                ids.push(element.id());
            }
            for (name, value) in el.attrs() {
                let name: &'static str = if name == "for" {
                    if !matches!(el.name(), "label" | "output") {
                        continue;
                    }
                    "for"
                } else if let Some(known) = REFERENCES.iter().find(|r| **r == name) {
                    known
                } else {
                    continue;
                };
                for id in value.split_whitespace() {
                    used_by.entry(id).or_default().insert(name);
                }
            }
        }
        for id in order {
            let Some(elements) = by_id.get(id) else {
                continue;
            };
            // Template content is not part of the page until a script uses it.
            let live: Vec<NodeId> = elements
                .iter()
                .copied()
                .filter(|n| {
                    page.html()
                        .tree
                        .get(*n)
                        .and_then(ElementRef::wrap)
                        .is_some_and(|e| !crate::page::hidden::in_template(e))
                })
                .collect();
            if live.len() < 2 {
                continue;
            }
            let refs = used_by.get(id);
            if refs.is_some() != self.referenced {
                continue;
            }
            let used = refs.map_or_else(String::new, |r| {
                r.iter().copied().collect::<Vec<_>>().join(", ")
            });
            out.emit(
                Hit::element(live[1])
                    .arg("id", id)
                    .arg("count", live.len())
                    .arg("used_by", used),
            );
        }
    }
}
