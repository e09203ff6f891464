//! `aria-attribute`: checks the `aria-*` attributes of every element against
//! WAI-ARIA 1.2.
//!
//! ## What it checks
//! Every `aria-*` attribute outside `<template>`. The `test` says what is
//! checked; the facts come from the ARIA table (`data/aria-1.2.toml`,
//! [`crate::aria`]). Each element gives at most one finding, naming all its
//! problem attributes.
//!
//! - `defined`: the attribute is a WAI-ARIA state or property, or is listed in
//!   `also_known` (newer ones browsers support). Fills `{attributes}` and
//!   `{suggestion}` (" Did you mean ...?" for a likely typing mistake, or
//!   nothing). ACT 5f99a7.
//! - `allowed`: on elements in the accessibility tree, the attribute is global
//!   or supported by the element's role (explicit, else implicit), and the role
//!   does not prohibit it. Elements with no role in the table (`label`,
//!   `summary`, `input type=password`...) are left alone: ARIA in HTML allows
//!   them attributes of roles they resemble; `audio` and `video`, which ARIA
//!   in HTML limits to the attributes of `application`, are checked against
//!   that role. `also_allowed` lists exceptions as `"role attribute"` pairs.
//!   Empty global attributes are not set, so they are skipped; an empty
//!   role-specific one is still reported, as a warning when it is the only
//!   problem, since browsers ignore it. When the only problems are `aria-label` or
//!   `aria-labelledby` on a role that cannot be named, the finding has
//!   `naming_severity` if given. Fills `{attributes}`, `{role}`, `{tag}` and
//!   `{reason}`. ACT 5c01ea.
//! - `value`: a non-empty value is valid for the attribute's type (`true` or
//!   `false`, a token from its list, a whole number...). Empty values mean
//!   "not set" and are skipped. Fills `{attributes}` and `{reason}`. ACT 6a7281.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "aria-attribute"
//! test = "allowed"
//! also_allowed = ["radio aria-expanded"]
//! naming_severity = "warning"
//! ```

use std::collections::HashSet;

use scraper::ElementRef;
use serde::Deserialize;
use toml::Spanned;

use crate::page::aria_view::AriaView;
use crate::wording::and_list;
use super::{Emitter, Hit, PageCheck, RuleSource, listed};
use crate::error::DataFileError;
use crate::finding::Severity;
use crate::page::Page;

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "kebab-case")]
enum Test {
    Defined,
    Allowed,
    Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    test: Test,
    #[serde(default)]
    also_known: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    also_allowed: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    naming_severity: Option<Spanned<Severity>>,
}

#[derive(Debug)]
pub(crate) struct AriaAttribute {
    test: Test,
    also_known: HashSet<String>,
    /// (role, attribute) pairs allowed beyond the specification.
    also_allowed: HashSet<(String, String)>,
    naming_severity: Option<Severity>,
}

impl AriaAttribute {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let aria = crate::aria::aria();
        source.only_for(p.also_known.as_ref(), p.test == Test::Defined, "also_known", "defined")?;
        source.only_for(p.also_allowed.as_ref(), p.test == Test::Allowed, "also_allowed", "allowed")?;
        source.only_for(p.naming_severity.as_ref(), p.test == Test::Allowed, "naming_severity", "allowed")?;
        let mut also_allowed = HashSet::new();
        for pair in listed(p.also_allowed.as_ref())
        {
            let parsed = pair
                .get_ref()
                .split_once(' ')
                .map(|(r, a)| (r.trim(), a.trim()))
                .filter(|(r, a)| {
                    aria.role(r).is_some_and(|role| !role.is_abstract)
                        && aria.attribute(a).is_some()
                });
            let Some((role, attribute)) = parsed else {
                return Err(source.error_at(
                    pair,
                    "write each exception as \"role attribute\", such as \"radio aria-expanded\"",
                ));
            };
            also_allowed.insert((role.to_owned(), attribute.to_owned()));
        }
        Ok(Self {
            test: p.test,
            also_known: p
                .also_known
                .map(|a| {
                    a.into_inner()
                        .iter()
                        .map(|n| n.to_ascii_lowercase())
                        .collect()
                })
                .unwrap_or_default(),
            also_allowed,
            naming_severity: p.naming_severity.map(Spanned::into_inner),
        })
    }

    fn check_defined(&self, view: &AriaView<'_>, element: ElementRef<'_>, out: &mut Emitter<'_>) {
        let aria = view.aria();
        let unknown: Vec<&str> = aria_attributes(element)
            .filter(|(name, _)| aria.attribute(name).is_none() && !self.also_known.contains(*name))
            .map(|(name, _)| name)
            .collect();
        if unknown.is_empty() {
            return;
        }
        let guesses: Vec<String> = unknown
            .iter()
            .filter_map(|name| {
                closest(name, aria.attributes().map(|a| a.name.as_str()))
                    .map(|guess| format!("{guess} instead of {name}"))
            })
            .collect();
        let suggestion = if guesses.is_empty() {
            String::new()
        } else {
            format!(" Did you mean {}?", and_list(&guesses))
        };
        out.emit(
            Hit::element(element.id())
                .arg("attributes", and_list(&unknown))
                .arg("suggestion", suggestion),
        );
    }

    fn check_allowed(&self, view: &AriaView<'_>, element: ElementRef<'_>, out: &mut Emitter<'_>) {
        let aria = view.aria();
        if view.is_hidden(element) {
            return;
        }
        // An element with no role is checked only when ARIA in HTML still
        // limits its attributes (`audio`, `video`): then as if it had the
        // role it may borrow attributes from, but it is named as having none.
        let (role, has_role) = match view.role(element) {
            Some(role) => (role, true),
            None => match aria.attributes_as(element) {
                Some(like) => (like, false),
                None => return,
            },
        };
        let Some(role_data) = aria.role(role) else {
            return;
        };
        let mut wrong: Vec<&str> = Vec::new();
        let mut all_blank = true;
        for (name, value) in aria_attributes(element) {
            let Some(attribute) = aria.attribute(name) else {
                continue;
            };
            // A blank global attribute (aria-label="" left by a template)
            // counts as not set. A blank role-specific one is still on an
            // element that cannot have it (ACT 5c01ea): reported, as a
            // warning when it is all there is, since browsers ignore it.
            if value.trim().is_empty() && attribute.global {
                continue;
            }
            if aria.is_allowed(Some(role), name)
                || self
                    .also_allowed
                    .contains(&(role.to_owned(), name.to_owned()))
            {
                continue;
            }
            all_blank &= value.trim().is_empty();
            wrong.push(name);
        }
        if wrong.is_empty() {
            return;
        }
        let naming_only = !role_data.can_be_named()
            && wrong
                .iter()
                .all(|n| matches!(*n, "aria-label" | "aria-labelledby"));
        let tag = element.value().name();
        let reason = if !has_role {
            format!(
                "a <{tag}> element has no role that supports {}",
                and_list(&wrong)
            )
        } else if naming_only {
            format!(
                "an element with the role \"{role}\" cannot be given a name, so screen readers may not read it out"
            )
        } else {
            let prohibited: Vec<&str> = wrong
                .iter()
                .copied()
                .filter(|n| role_data.prohibited.iter().any(|p| p == n))
                .collect();
            if prohibited.is_empty() {
                format!("the role \"{role}\" does not support {}", and_list(&wrong))
            } else {
                format!(
                    "ARIA forbids {} on the role \"{role}\"",
                    and_list(&prohibited)
                )
            }
        };
        let mut hit = Hit::element(element.id())
            .arg("attributes", and_list(&wrong))
            .arg("role", if has_role { role } else { "none" })
            .arg("tag", tag)
            .arg("reason", reason);
        if naming_only && let Some(severity) = self.naming_severity {
            hit = hit.severity(severity);
        } else if all_blank {
            hit = hit.severity(Severity::Warning);
        }
        out.emit(hit);
    }

    fn check_value(&self, view: &AriaView<'_>, element: ElementRef<'_>, out: &mut Emitter<'_>) {
        let aria = view.aria();
        let mut names = Vec::new();
        let mut reasons = Vec::new();
        for (name, value) in aria_attributes(element) {
            if aria.attribute(name).is_none() || value.trim().is_empty() {
                continue;
            }
            if let Err(reason) = aria.check_value(name, value) {
                names.push(name);
                reasons.push(reason);
            }
        }
        if names.is_empty() {
            return;
        }
        out.emit(
            Hit::element(element.id())
                .arg("attributes", and_list(&names))
                .arg("reason", reasons.join("; ")),
        );
    }
}

/// The element's `aria-*` attributes, names lower-cased by the parser.
fn aria_attributes<'a>(element: ElementRef<'a>) -> impl Iterator<Item = (&'a str, &'a str)> {
    element
        .value()
        .attrs()
        .filter(|(name, _)| name.starts_with("aria-"))
}

impl PageCheck for AriaAttribute {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let view = AriaView::new(page);
        for element in view.elements() {
            if aria_attributes(element).next().is_none() {
                continue;
            }
            if crate::page::hidden::in_template(element)
            {
                continue;
            }
            match self.test {
                Test::Defined => self.check_defined(&view, element, out),
                Test::Allowed => self.check_allowed(&view, element, out),
                Test::Value => self.check_value(&view, element, out),
            }
        }
    }
}

/// The closest of `candidates` to `word` by edit distance, when it is close
/// enough to be a likely typing mistake, for ARIA role and attribute names
/// (a tighter limit than [`crate::wording::closest`] for mid-length words).
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    crate::wording::closest_within(word, candidates, if word.len() > 12 { 3 } else { 2 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let names = ["aria-labelledby", "aria-describedby", "aria-hidden"];
        assert_eq!(
            closest("aria-labeledby", names.iter().copied()),
            Some("aria-labelledby")
        );
        assert_eq!(closest("aria-foo", names.iter().copied()), None);
    }

    fn load(check: &str) -> Result<AriaAttribute, String> {
        crate::checks::build_for_test("aria-attribute", check, AriaAttribute::new)
    }

    #[test]
    fn parameters_are_checked() {
        assert!(load("test = \"allowed\"\nalso_allowed = [\"radio aria-expanded\"]").is_ok());
        assert!(load("test = \"allowed\"\nalso_allowed = [\"radio\"]").is_err());
        assert!(load("test = \"allowed\"\nalso_allowed = [\"radio aria-expandid\"]").is_err());
        assert!(load("test = \"value\"\nalso_allowed = [\"radio aria-expanded\"]").is_err());
        assert!(load("test = \"defined\"\nnaming_severity = \"warning\"").is_err());
        assert!(load("test = \"allowed\"\nnaming_severity = \"loud\"").is_err());
        assert!(load("test = \"defined\"\nalso_known = [\"aria-braillelabel\"]").is_ok());
    }
}
