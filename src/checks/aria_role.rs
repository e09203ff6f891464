//! `aria-role`: checks elements with a `role` attribute against WAI-ARIA 1.2.
//!
//! ## What it checks
//! Visible elements with a `role` attribute (elements hidden from assistive
//! technology are skipped). The `test` says what is checked; the facts (which
//! roles exist, what each requires) come from the ARIA table
//! (`data/aria-1.2.toml`, [`crate::aria`]), not from the rule file.
//!
//! - `valid`: at least one token of `role` is a concrete WAI-ARIA 1.2 role (so
//!   `role="switch checkbox"` is fine), or is in `also_valid` (roles from other
//!   ARIA modules). Abstract roles such as `widget` do not count. Fills
//!   `{value}` (the attribute) and `{reason}`. ACT 674b10.
//! - `required-attributes`: the role's required states and properties are set
//!   and not empty (with those required only when focusable or when
//!   `aria-expanded="true"`). A state the HTML element already has is not required
//!   again: list those as `implicit` entries, each an `attribute` with a
//!   `selector` the element must match and/or a `role` it must have. Elements
//!   whose explicit role is their implicit role are skipped (`<h2
//!   role="heading">` has its level). Fills `{role}` and `{missing}`. ACT
//!   4e8ab6.
//! - `context`: the role's required context role is the nearest ancestor with
//!   a role of its own (looking through generic and presentational elements,
//!   and following `aria-owns`). Fills `{role}`, `{context}` and `{found}`.
//!   ACT ff89c9.
//! - `owned`: the role's required owned elements: an element that owns other
//!   elements or text must own only elements with a required role, and at
//!   least one. Inside an owned `group` the container allows (menu > group),
//!   the same roles are required. `also_owned` lists exceptions as
//!   `"container owned"` role pairs; `other_content` lists containers that
//!   need one of their parts but may hold anything else too. Empty elements (filled in later by
//!   script) and elements inside `aria-busy="true"` are skipped. Fills
//!   `{role}`, `{owned}` and `{found}` (the elements with other roles, or
//!   "text"). ACT bc4a75.
//! - `name`: roles that must have an accessible name have one. Fills `{role}`.
//! - `presentation-conflict`: an element marked `role="none"` or
//!   `role="presentation"` that can take focus or has a global ARIA attribute
//!   with a value. Browsers then ignore the role (ARIA 1.2, presentational
//!   roles conflict resolution), so what was meant to be hidden is announced.
//!   Fills `{role}`, `{tag}` and `{reason}`. ACT 46ca7f.
//!
//! For `context` and `owned`, elements whose explicit role is their implicit
//! role (`<ul role="list">`) are left to the HTML structure rules.
//!
//! Every test takes `roles` (only these roles), `skip_roles` (not these) and
//! `exclude` (a CSS selector for elements to leave alone).
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "aria-role"
//! test = "required-attributes"
//! [[check.implicit]]
//! attribute = "aria-checked"
//! selector = "input[type=checkbox i], input[type=radio i]"
//! [[check.implicit]]
//! attribute = "aria-selected"   # browsers default it to false
//! role = "option"
//! ```

use std::collections::HashSet;

use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::aria_attribute::closest;
use crate::page::aria_view::{AriaView, is_focusable, tab_stop};
use crate::wording::{and_list, or_list};
use super::{Emitter, Hit, PageCheck, RuleSource, listed};
use crate::error::DataFileError;
use crate::page::Page;

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "kebab-case")]
enum Test {
    Valid,
    RequiredAttributes,
    Context,
    Owned,
    Name,
    PresentationConflict,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    test: Test,
    #[serde(default)]
    also_valid: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    implicit: Option<Spanned<Vec<ImplicitParams>>>,
    #[serde(default)]
    roles: Vec<Spanned<String>>,
    #[serde(default)]
    skip_roles: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Option<Spanned<String>>,
    #[serde(default)]
    also_owned: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    other_content: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImplicitParams {
    attribute: Spanned<String>,
    #[serde(default)]
    selector: Option<Spanned<String>>,
    #[serde(default)]
    role: Option<Spanned<String>>,
}

/// A state or property an HTML element provides without the attribute.
#[derive(Debug)]
struct Implicit {
    attribute: String,
    selector: Option<Selector>,
    role: Option<String>,
}

#[derive(Debug)]
pub(crate) struct AriaRole {
    test: Test,
    also_valid: HashSet<String>,
    implicit: Vec<Implicit>,
    roles: Option<HashSet<String>>,
    skip_roles: HashSet<String>,
    exclude: Option<Selector>,
    /// (container, owned) role pairs allowed beyond the specification.
    also_owned: HashSet<(String, String)>,
    /// Containers that need one of their parts but may hold other content.
    other_content: HashSet<String>,
}

impl AriaRole {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let aria = crate::aria::aria();
        let known_role = |r: &Spanned<String>| -> Result<String, DataFileError> {
            match aria.role(r.get_ref()) {
                Some(role) if !role.is_abstract => Ok(role.name.clone()),
                _ => Err(source.error_at(
                    r,
                    format!("`{}` is not a concrete WAI-ARIA 1.2 role", r.get_ref()),
                )),
            }
        };
        source.only_for(p.also_valid.as_ref(), p.test == Test::Valid, "also_valid", "valid")?;
        source.only_for(p.implicit.as_ref(), p.test == Test::RequiredAttributes, "implicit", "required-attributes")?;
        let mut implicit = Vec::new();
        for entry in listed(p.implicit.as_ref())
        {
            if aria.attribute(entry.attribute.get_ref()).is_none() {
                return Err(source.error_at(
                    &entry.attribute,
                    format!(
                        "`{}` is not a WAI-ARIA state or property",
                        entry.attribute.get_ref()
                    ),
                ));
            }
            if entry.selector.is_none() && entry.role.is_none() {
                return Err(source.error_at(
                    &entry.attribute,
                    "an `implicit` entry needs a `selector`, a `role` or both",
                ));
            }
            implicit.push(Implicit {
                attribute: entry.attribute.get_ref().clone(),
                selector: entry
                    .selector
                    .as_ref()
                    .map(|s| source.selector(s))
                    .transpose()?,
                role: entry.role.as_ref().map(known_role).transpose()?,
            });
        }
        source.only_for(p.also_owned.as_ref(), p.test == Test::Owned, "also_owned", "owned")?;
        let mut also_owned = HashSet::new();
        for pair in listed(p.also_owned.as_ref())
        {
            let parsed = pair
                .get_ref()
                .split_once(' ')
                .map(|(c, o)| (c.trim(), o.trim()))
                .filter(|(c, o)| {
                    [c, o]
                        .iter()
                        .all(|r| aria.role(r).is_some_and(|role| !role.is_abstract))
                });
            let Some((container, owned)) = parsed else {
                return Err(source.error_at(
                    pair,
                    "write each exception as \"container owned\", such as \"menu separator\"",
                ));
            };
            also_owned.insert((container.to_owned(), owned.to_owned()));
        }
        source.only_for(p.other_content.as_ref(), p.test == Test::Owned, "other_content", "owned")?;
        let other_content = listed(p.other_content.as_ref())
            .map(known_role)
            .collect::<Result<_, _>>()?;
        let roles = if p.roles.is_empty() {
            None
        } else {
            Some(p.roles.iter().map(known_role).collect::<Result<_, _>>()?)
        };
        Ok(Self {
            test: p.test,
            also_valid: p
                .also_valid
                .map(|a| {
                    a.into_inner()
                        .iter()
                        .map(|r| r.to_ascii_lowercase())
                        .collect()
                })
                .unwrap_or_default(),
            implicit,
            roles,
            skip_roles: p
                .skip_roles
                .iter()
                .map(known_role)
                .collect::<Result<_, _>>()?,
            exclude: p.exclude.as_ref().map(|s| source.selector(s)).transpose()?,
            also_owned,
            other_content,
        })
    }

    /// Whether the rule looks at an element with this explicit role at all.
    fn in_scope(&self, element: ElementRef<'_>, role: Option<&str>) -> bool {
        if self.exclude.as_ref().is_some_and(|s| s.matches(&element)) {
            return false;
        }
        match role {
            Some(role) => {
                self.roles.as_ref().is_none_or(|r| r.contains(role))
                    && !self.skip_roles.contains(role)
            }
            // Only the validity test looks at roles that are not WAI-ARIA 1.2 roles.
            None => self.test == Test::Valid,
        }
    }

    fn check_valid(&self, view: &AriaView<'_>, element: ElementRef<'_>, out: &mut Emitter<'_>) {
        let aria = view.aria();
        let Some(value) = element.value().attr("role") else {
            return;
        };
        let tokens: Vec<String> = value
            .split_ascii_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        if tokens.is_empty() {
            return;
        }
        let valid = tokens
            .iter()
            .any(|t| self.also_valid.contains(t) || aria.role(t).is_some_and(|r| !r.is_abstract));
        if valid {
            return;
        }
        let reasons: Vec<String> = tokens
            .iter()
            .map(|t| match aria.role(t) {
                Some(_) => format!(
                    "\"{t}\" is an abstract role, a category in the ARIA specification that authors must not use"
                ),
                None => {
                    let concrete = aria.roles().filter(|r| !r.is_abstract).map(|r| r.name.as_str());
                    match closest(t, concrete) {
                        Some(guess) => format!("\"{t}\" is not a WAI-ARIA role (did you mean \"{guess}\"?)"),
                        None => format!("\"{t}\" is not a WAI-ARIA role"),
                    }
                }
            })
            .collect();
        out.emit(
            Hit::element(element.id())
                .arg("value", value.trim())
                .arg("reason", reasons.join("; ")),
        );
    }

    fn check_required(
        &self,
        view: &AriaView<'_>,
        element: ElementRef<'_>,
        role: &str,
        out: &mut Emitter<'_>,
    ) {
        let Some(data) = given_role(view, element, role) else {
            return;
        };
        let focusable_extra = if is_focusable(element) {
            data.required_when_focusable.as_slice()
        } else {
            &[]
        };
        let expanded = element
            .value()
            .attr("aria-expanded")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let expanded_extra = if expanded {
            data.required_when_expanded.as_slice()
        } else {
            &[]
        };
        let missing: Vec<&str> = data
            .required
            .iter()
            .chain(focusable_extra)
            .chain(expanded_extra)
            .map(String::as_str)
            .filter(|attr| {
                let set = element
                    .value()
                    .attr(attr)
                    .is_some_and(|v| !v.trim().is_empty());
                !set && !self.implicit.iter().any(|i| {
                    i.attribute == *attr
                        && i.role.as_deref().is_none_or(|r| r == role)
                        && i.selector.as_ref().is_none_or(|s| s.matches(&element))
                })
            })
            .collect();
        if missing.is_empty() {
            return;
        }
        out.emit(
            Hit::element(element.id())
                .arg("role", role)
                .arg("missing", and_list(&missing)),
        );
    }

    fn check_context(
        &self,
        view: &AriaView<'_>,
        element: ElementRef<'_>,
        role: &str,
        out: &mut Emitter<'_>,
    ) {
        let Some(data) = given_role(view, element, role).filter(|d| !d.context.is_empty()) else {
            return;
        };
        let context = view.context(element);
        if let Some((_, found)) = context
            && data.context.iter().any(|c| c == found)
        {
            return;
        }
        let found = match context {
            Some((el, found)) if el.value().name() != "html" => describe(el, found),
            _ => "no container at all".to_owned(),
        };
        out.emit(
            Hit::element(element.id())
                .arg("role", role)
                .arg("context", role_list(view, &data.context))
                .arg("found", found),
        );
    }

    fn check_owned(
        &self,
        view: &AriaView<'_>,
        element: ElementRef<'_>,
        role: &str,
        out: &mut Emitter<'_>,
    ) {
        let Some(data) = given_role(view, element, role).filter(|d| !d.owned.is_empty()) else {
            return;
        };
        let busy = std::iter::once(element)
            .chain(element.ancestors().filter_map(ElementRef::wrap))
            .any(|e| {
                e.value()
                    .attr("aria-busy")
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
            });
        if busy {
            return;
        }
        let owned = view.owned(element);
        if owned.elements.is_empty() && !owned.text {
            return;
        }
        let only_parts = !self.other_content.contains(role);
        let allowed = |r: &str| {
            data.owned.iter().any(|o| o == r)
                || self.also_owned.contains(&(role.to_owned(), r.to_owned()))
        };
        // Every owned element must have an allowed role (ACT bc4a75). A
        // `group` the container allows only groups the same parts (menu >
        // group > menuitem), so look into it for strays too.
        // A stack popped in document order: the owned elements, and those of
        // each allowed group in place of the group.
        let mut stack: Vec<(ElementRef<'_>, &str)> = owned.elements.into_iter().rev().collect();
        let mut found: Vec<String> = Vec::new();
        let mut any_allowed = false;
        let mut steps = 0;
        while let Some((el, r)) = stack.pop() {
            steps += 1;
            if steps > 4096 {
                break;
            }
            if !allowed(r) {
                // Each kind of stray once.
                let d = describe(el, r);
                if !found.contains(&d) {
                    found.push(d);
                }
            } else if r == "group" && role != "group" {
                stack.extend(view.owned(el).elements.into_iter().rev());
            } else {
                any_allowed = true;
            }
        }
        let report = if only_parts {
            !found.is_empty() || (!any_allowed && owned.text)
        } else {
            !any_allowed
        };
        if !report {
            return;
        }
        if !any_allowed && owned.text {
            found.push("text".to_owned());
        }
        out.emit(
            Hit::element(element.id())
                .arg("role", role)
                .arg("owned", role_list(view, &data.owned))
                .arg("found", and_list(&found)),
        );
    }

    fn check_name(
        &self,
        view: &AriaView<'_>,
        element: ElementRef<'_>,
        role: &str,
        out: &mut Emitter<'_>,
    ) {
        let Some(data) = view.aria().role(role) else {
            return;
        };
        if !data.name_required {
            return;
        }
        if view.page().accessible_name(element).is_empty() {
            out.emit(Hit::element(element.id()).arg("role", role));
        }
    }
}

impl AriaRole {
    /// Reports a `none` or `presentation` role that browsers ignore, saying
    /// why: focus first (it wins whatever the attributes), then the global
    /// attributes that have a value. An empty one is left alone: it sets
    /// nothing a screen reader could announce.
    fn check_conflict(&self, element: ElementRef<'_>, marked: &str, out: &mut Emitter<'_>) {
        let aria = crate::aria::aria();
        let reason = if is_focusable(element) {
            match tab_stop(element) {
                Some(what) => format!("it is {what}, which the Tab key reaches"),
                None => "it can take focus (it has a tabindex)".to_owned(),
            }
        } else {
            let attributes: Vec<&str> = element
                .value()
                .attrs()
                .filter(|(name, value)| {
                    *name != "aria-hidden"
                        && !value.trim().is_empty()
                        && aria
                            .attribute(name)
                            .is_some_and(|a| a.global && !a.deprecated)
                })
                .map(|(name, _)| name)
                .collect();
            if attributes.is_empty() {
                return;
            }
            format!("it has {}", and_list(&attributes))
        };
        out.emit(
            Hit::element(element.id())
                .arg("role", marked)
                .arg("tag", element.value().name())
                .arg("reason", reason),
        );
    }
}

/// `role="list"`, or `role="grid", role="table" or role="treegrid"`, leaving
/// out deprecated roles.
fn role_list(view: &AriaView<'_>, roles: &[String]) -> String {
    let shown: Vec<String> = roles
        .iter()
        .filter(|r| view.aria().role(r).is_none_or(|d| !d.deprecated))
        .map(|r| format!("role=\"{r}\""))
        .collect();
    or_list(&shown)
}

/// `a <div role="listitem">`, or `a <nav> (role "navigation")` for an
/// implicit role.
fn describe(element: ElementRef<'_>, role: &str) -> String {
    let tag = element.value().name();
    let explicit = element.value().attr("role").is_some_and(|r| {
        r.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case(role))
    });
    // "an <a>", "an <li>" but "a <ul>": said as letters, u sounds like "you".
    let article = if tag.starts_with(['a', 'e', 'i', 'o']) {
        "an"
    } else {
        "a"
    };
    if explicit {
        format!("{article} <{tag} role=\"{role}\">")
    } else {
        format!("{article} <{tag}> (role \"{role}\")")
    }
}

impl PageCheck for AriaRole {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let view = AriaView::new(page);
        for element in view.elements() {
            if element.value().attr("role").is_none() || view.is_hidden(element) {
                continue;
            }
            let explicit = view.aria().explicit_role(element);
            if self.test == Test::PresentationConflict {
                if let Some(marked @ ("none" | "presentation")) = explicit
                    && !self.exclude.as_ref().is_some_and(|s| s.matches(&element))
                {
                    self.check_conflict(element, marked, out);
                }
                continue;
            }
            // The role that counts: presentational roles on focusable
            // elements give way to the native one.
            let role = match explicit {
                Some(_) => view.role(element),
                None => None,
            };
            if !self.in_scope(element, role) {
                continue;
            }
            match (self.test, role) {
                (Test::Valid, _) => self.check_valid(&view, element, out),
                (Test::RequiredAttributes, Some(role)) => {
                    // Only roles the author chose, not native ones restored
                    // by conflict resolution.
                    if explicit == Some(role) {
                        self.check_required(&view, element, role, out);
                    }
                }
                (Test::Context, Some(role)) => {
                    if explicit == Some(role) {
                        self.check_context(&view, element, role, out);
                    }
                }
                (Test::Owned, Some(role)) => {
                    if explicit == Some(role) {
                        self.check_owned(&view, element, role, out);
                    }
                }
                (Test::PresentationConflict, _) => {}
                (Test::Name, Some(role)) => {
                    if explicit == Some(role) {
                        self.check_name(&view, element, role, out);
                    }
                }
                (_, None) => {}
            }
        }
    }
}

/// What ARIA says of `role` when the markup gives it to the element, and
/// it is not already the element's own (implicit) role: a `<ul>` needs no
/// check that `role=list` would.
fn given_role<'a>(
    view: &AriaView<'a>,
    element: ElementRef<'_>,
    role: &str,
) -> Option<&'a crate::aria::Role> {
    let aria = view.aria();
    aria.role(role)
        .filter(|_| aria.implicit_role(element) != Some(role))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(check: &str) -> Result<AriaRole, String> {
        crate::checks::build_for_test("aria-role", check, AriaRole::new)
    }

    #[test]
    fn parameters_are_checked() {
        assert!(load("test = \"valid\"\nalso_valid = [\"doc-toc\"]").is_ok());
        assert!(load("test = \"owned\"\nalso_valid = [\"doc-toc\"]").is_err());
        assert!(load("test = \"name\"\nroles = [\"dialog\"]").is_ok());
        assert!(load("test = \"name\"\nroles = [\"dialogue\"]").is_err());
        assert!(load("test = \"name\"\nskip_roles = [\"widget\"]").is_err());
        assert!(load("test = \"context\"\nexclude = \"li >> a\"").is_err());
        assert!(load("test = \"wobble\"").is_err());
        assert!(
            load(
                "test = \"required-attributes\"\n[[check.implicit]]\nattribute = \"aria-checked\""
            )
            .is_err(),
            "an implicit entry needs a selector or a role"
        );
        assert!(
            load("test = \"required-attributes\"\n[[check.implicit]]\nattribute = \"aria-chekced\"\nrole = \"option\"")
                .is_err()
        );
    }

    #[test]
    fn describes_containers() {
        let doc = scraper::Html::parse_document(
            r#"<ul id=a><li id=b role="listitem">x</li></ul><nav id=c></nav>"#,
        );
        let find = |id: &str| {
            let sel = Selector::parse(&format!("#{id}")).expect("test selector parses");
            doc.select(&sel).next().expect("test element exists")
        };
        assert_eq!(describe(find("a"), "list"), "a <ul> (role \"list\")");
        assert_eq!(describe(find("b"), "listitem"), "a <li role=\"listitem\">");
        assert_eq!(
            describe(find("c"), "navigation"),
            "a <nav> (role \"navigation\")"
        );
    }
}
