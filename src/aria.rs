//! WAI-ARIA 1.2 knowledge for static rules: roles, states and properties, and the
//! implicit roles of HTML elements.
//!
//! The facts live in `data/aria-1.2.toml`, our own summary of the WAI-ARIA 1.2
//! Recommendation and HTML-AAM, embedded at build time and parsed once. Role
//! lists there are already resolved through the superclass chain, so nothing
//! here walks the role taxonomy. Use [`aria()`] for the shared table:
//! `aria().is_allowed(Some("button"), "aria-pressed")` is true, and
//! `aria().check_value("aria-hidden", "yes")` explains why `yes` is wrong.

use std::collections::HashMap;
use std::sync::LazyLock;

use scraper::ElementRef;
use serde::Deserialize;

/// The ARIA data file, embedded at build time.
pub const ARIA_TOML: &str = include_str!("../data/aria-1.2.toml");

/// The parsed table, built on first use.
static ARIA: LazyLock<Aria> = LazyLock::new(|| parse(ARIA_TOML).unwrap_or_default());

/// The whole ARIA table, parsed once from the embedded data file.
///
/// Never panics. A data file that does not parse is a build defect that the
/// unit tests catch; if one slipped through, this returns an empty table, which
/// knows no roles or attributes.
pub fn aria() -> &'static Aria {
    &ARIA
}

/// Parses an ARIA data file in the format of `data/aria-1.2.toml`.
pub(crate) fn parse(text: &str) -> Result<Aria, toml::de::Error> {
    let file: File = toml::from_str(text)?;
    let roles = file
        .roles
        .into_iter()
        .map(|(name, mut role)| {
            role.name.clone_from(&name);
            (name, role)
        })
        .collect();
    let attributes = file
        .attributes
        .into_iter()
        .map(|(name, mut attribute)| {
            attribute.name.clone_from(&name);
            (name, attribute)
        })
        .collect();
    Ok(Aria {
        roles,
        attributes,
        elements: file.elements,
        attributes_as: file.attributes_as,
    })
}

/// The data file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    attributes: HashMap<String, Attribute>,
    roles: HashMap<String, Role>,
    elements: HashMap<String, String>,
    #[serde(default)]
    attributes_as: HashMap<String, String>,
}

/// WAI-ARIA 1.2 roles, states and properties, and HTML implicit roles.
#[derive(Debug, Default)]
pub struct Aria {
    roles: HashMap<String, Role>,
    attributes: HashMap<String, Attribute>,
    /// Element key (see the data file) to implicit role.
    elements: HashMap<String, String>,
    /// Element name to the role whose attributes it may have, for elements
    /// with no role (`audio` may have those of `application`).
    attributes_as: HashMap<String, String>,
}

/// One WAI-ARIA role, concrete or abstract.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// The role name, such as `button`.
    #[serde(skip)]
    pub name: String,
    /// Abstract roles (such as `widget` or `landmark`) organise the taxonomy;
    /// authors must not use them.
    #[serde(default, rename = "abstract")]
    pub is_abstract: bool,
    /// WAI-ARIA 1.2 deprecates the role (only `directory`).
    #[serde(default)]
    pub deprecated: bool,
    /// Direct superclass roles, for reference. The lists below already include
    /// what the role inherits.
    #[serde(default)]
    pub superclass: Vec<String>,
    /// States and properties the author must set.
    #[serde(default)]
    pub required: Vec<String>,
    /// States and properties required only when the element is focusable
    /// (`aria-valuenow` on a focusable `separator`).
    #[serde(default)]
    pub required_when_focusable: Vec<String>,
    /// States and properties required only when `aria-expanded="true"`
    /// (`aria-controls` on an open `combobox`, naming its popup).
    #[serde(default)]
    pub required_when_expanded: Vec<String>,
    /// Role-specific states and properties the role supports, inherited ones
    /// included. Global ones are not listed, except `aria-disabled`,
    /// `aria-errormessage`, `aria-haspopup` and `aria-invalid` where 1.2 names them
    /// for the role (see [`Attribute::deprecated_as_global`]).
    #[serde(default)]
    pub supported: Vec<String>,
    /// States and properties the author must not set on this role.
    #[serde(default)]
    pub prohibited: Vec<String>,
    /// Where the accessible name may come from: `author`, `contents`, or
    /// `prohibited` (the role cannot be named).
    #[serde(default)]
    pub name_from: Vec<String>,
    /// The role must have an accessible name.
    #[serde(default)]
    pub name_required: bool,
    /// Required context roles: an element with this role must be owned by an
    /// element with one of these roles.
    #[serde(default)]
    pub context: Vec<String>,
    /// Required owned elements: an element with this role must own at least
    /// one element with one of these roles.
    #[serde(default)]
    pub owned: Vec<String>,
    /// Descendants are presentational: assistive technology sees only the
    /// element itself, so nested interactive content is lost.
    #[serde(default)]
    pub children_presentational: bool,
    /// In the WAI-ARIA 1.2 "Widget Roles" category (interactive, standalone or
    /// composite). `progressbar` and `tabpanel` are in it but are not operated
    /// by the user; a focusable `separator` is a widget but is not marked.
    #[serde(default)]
    pub widget: bool,
    /// One of the eight landmark roles.
    #[serde(default)]
    pub landmark: bool,
}

impl Role {
    /// Whether the role may be named by `aria-label` or `aria-labelledby`, that
    /// is, its name is not prohibited.
    pub fn can_be_named(&self) -> bool {
        !self.name_from.iter().any(|n| n == "prohibited")
    }
}

/// One WAI-ARIA state or property.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribute {
    /// The attribute name, such as `aria-expanded`.
    #[serde(skip)]
    pub name: String,
    /// The value type.
    #[serde(rename = "type")]
    pub kind: AttrType,
    /// Allowed tokens, for [`AttrType::Token`] and [`AttrType::TokenList`].
    #[serde(default)]
    pub values: Vec<String>,
    /// Smallest allowed value, for some integers (`aria-level` is at least 1).
    #[serde(default)]
    pub min: Option<i64>,
    /// Any role may use it, unless the role prohibits it.
    #[serde(default)]
    pub global: bool,
    /// WAI-ARIA 1.2 deprecates it altogether (`aria-grabbed`, `aria-dropeffect`).
    #[serde(default)]
    pub deprecated: bool,
    /// Still global in 1.2, but deprecated on roles whose
    /// [`Role::supported`] list does not name it (`aria-disabled`,
    /// `aria-errormessage`, `aria-haspopup`, `aria-invalid`).
    #[serde(default)]
    pub deprecated_as_global: bool,
    /// Not in 1.2 but in the ARIA 1.3 draft and supported by browsers
    /// (`aria-description`); listed so it is not reported as unknown.
    #[serde(default)]
    pub draft: bool,
}

/// The value type of a state or property, as WAI-ARIA 1.2 defines them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttrType {
    /// `true` or `false`.
    TrueFalse,
    /// `true`, `false` or `undefined`.
    TrueFalseUndefined,
    /// `true`, `false`, `mixed` or `undefined`.
    Tristate,
    /// The id of one element.
    IdReference,
    /// Ids of elements, separated by spaces.
    IdReferenceList,
    /// A whole number.
    Integer,
    /// Any real number.
    Number,
    /// Free text.
    String,
    /// One of a fixed set of tokens.
    Token,
    /// One or more of a fixed set of tokens, separated by spaces.
    TokenList,
}

impl Aria {
    /// The role with this name, concrete or abstract. Names are case-sensitive
    /// here; lower-case a `role` attribute's tokens before looking them up.
    pub fn role(&self, name: &str) -> Option<&Role> {
        self.roles.get(name)
    }

    /// The state or property with this name, such as `aria-checked`.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.get(name)
    }

    /// Every role, in no particular order.
    pub fn roles(&self) -> impl Iterator<Item = &Role> {
        self.roles.values()
    }

    /// Every state and property, in no particular order.
    pub fn attributes(&self) -> impl Iterator<Item = &Attribute> {
        self.attributes.values()
    }

    /// Whether `attribute` may be used on an element with `role`: it is global
    /// or the role supports or requires it, and the role does not prohibit it.
    /// `None` means the element has no role (or an unknown one), so only global
    /// attributes are allowed. Unknown attributes are never allowed.
    pub fn is_allowed(&self, role: Option<&str>, attribute: &str) -> bool {
        let Some(attr) = self.attribute(attribute) else {
            return false;
        };
        let Some(role) = role.and_then(|r| self.role(r)) else {
            return attr.global;
        };
        if role.prohibited.iter().any(|p| p == attribute) {
            return false;
        }
        attr.global
            || [
                &role.supported,
                &role.required,
                &role.required_when_focusable,
                &role.required_when_expanded,
            ]
            .iter()
            .any(|list| list.iter().any(|a| a == attribute))
    }

    /// Checks the syntax of a value for `attribute`, with a plain-English reason
    /// when it is invalid, such as
    /// `aria-expanded must be true, false or undefined, not "yes"`.
    ///
    /// Surrounding spaces are ignored and tokens are matched without regard to
    /// case, as browsers do. An empty value is invalid except for text
    /// attributes. Id references are checked for form only (not empty, and no
    /// spaces in a single id); whether the ids exist is for the caller.
    pub fn check_value(&self, attribute: &str, value: &str) -> Result<(), String> {
        let Some(attr) = self.attribute(attribute) else {
            return Err(format!(
                "{attribute} is not a WAI-ARIA 1.2 state or property"
            ));
        };
        let v = value.trim_matches(|c: char| c.is_ascii_whitespace());
        let name = &attr.name;
        let one_of = |allowed: &[&str]| {
            if allowed.iter().any(|a| a.eq_ignore_ascii_case(v)) {
                Ok(())
            } else {
                Err(format!(
                    "{name} must be {}, not \"{value}\"",
                    or_list(allowed)
                ))
            }
        };
        match attr.kind {
            AttrType::String => Ok(()),
            AttrType::TrueFalse => one_of(&["true", "false"]),
            AttrType::TrueFalseUndefined => one_of(&["true", "false", "undefined"]),
            AttrType::Tristate => one_of(&["true", "false", "mixed", "undefined"]),
            AttrType::Token => {
                let allowed: Vec<&str> = attr.values.iter().map(String::as_str).collect();
                one_of(&allowed)
            }
            AttrType::TokenList => {
                let allowed: Vec<&str> = attr.values.iter().map(String::as_str).collect();
                let ok = !v.is_empty()
                    && v.split_ascii_whitespace()
                        .all(|t| allowed.iter().any(|a| a.eq_ignore_ascii_case(t)));
                if ok {
                    Ok(())
                } else {
                    Err(format!(
                        "{name} must be one or more of {}, separated by spaces, not \"{value}\"",
                        or_list(&allowed)
                    ))
                }
            }
            AttrType::IdReference => {
                if v.is_empty() {
                    Err(format!("{name} must be the id of an element, not empty"))
                } else if v.contains(|c: char| c.is_ascii_whitespace()) {
                    Err(format!(
                        "{name} must be a single id with no spaces, not \"{value}\""
                    ))
                } else {
                    Ok(())
                }
            }
            AttrType::IdReferenceList => {
                if v.is_empty() {
                    Err(format!(
                        "{name} must be one or more ids separated by spaces, not empty"
                    ))
                } else {
                    Ok(())
                }
            }
            AttrType::Integer => match v.parse::<i64>() {
                Ok(n) if attr.min.is_none_or(|min| n >= min) => Ok(()),
                Ok(_) | Err(_) => Err(match attr.min {
                    Some(min) => {
                        format!("{name} must be a whole number of {min} or more, not \"{value}\"")
                    }
                    None => format!("{name} must be a whole number, not \"{value}\""),
                }),
            },
            AttrType::Number => {
                let numeric = !v.is_empty()
                    && v.chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'))
                    && v.parse::<f64>().is_ok_and(f64::is_finite);
                if numeric {
                    Ok(())
                } else {
                    Err(format!("{name} must be a number, not \"{value}\""))
                }
            }
        }
    }

    /// The first token of the element's `role` attribute that names a concrete
    /// WAI-ARIA 1.2 role, lower-cased, as browsers pick it. `None` when there
    /// is no such token (the element then falls back to its implicit role).
    pub fn explicit_role<'a>(&'a self, element: ElementRef<'_>) -> Option<&'a str> {
        let value = element.value().attr("role")?;
        value.split_ascii_whitespace().find_map(|token| {
            let role = self.role(&token.to_ascii_lowercase())?;
            (!role.is_abstract).then_some(role.name.as_str())
        })
    }

    /// The implicit role of an HTML element (HTML-AAM), ignoring any `role`
    /// attribute. Uses `href`, `type`, `alt`, `multiple`, `size`, `list` and
    /// `scope`, the element's name (`aria-label`, `aria-labelledby`, `title`)
    /// for `section`, `form` and nested `aside`, and its ancestors for `header`,
    /// `footer` and `aside`.
    ///
    /// Returns `Some("generic")` for elements such as `div`, `span`, `a` without
    /// `href` and a `header` inside an `article`, and `None` for elements with no
    /// role (`label`, `input type=password`) or whose role depends on a name they
    /// lack (`section`, `form`).
    pub fn implicit_role<'a>(&'a self, element: ElementRef<'_>) -> Option<&'a str> {
        let key = self.element_key(element);
        self.elements.get(key.as_ref()).map(String::as_str)
    }

    /// For an element with no role that ARIA in HTML still limits (`audio`,
    /// `video`), the role whose states and properties it may have besides the
    /// global ones. `None` for every other element.
    pub fn attributes_as(&self, element: ElementRef<'_>) -> Option<&str> {
        self.attributes_as
            .get(element.value().name())
            .map(String::as_str)
    }

    /// The `[elements]` key for an element: its name, or its name and a condition.
    fn element_key<'e>(&self, element: ElementRef<'e>) -> std::borrow::Cow<'e, str> {
        use std::borrow::Cow;
        let el = element.value();
        let name = el.name();
        let with = |suffix: &str| Cow::Owned(format!("{name}_{suffix}"));
        match name {
            "a" | "area" if el.attr("href").is_some() => with("href"),
            "img" if el.attr("alt").is_some_and(str::is_empty) => with("alt_empty"),
            "input" => {
                let kind = el
                    .attr("type")
                    .map(|t| t.trim().to_ascii_lowercase())
                    .filter(|t| INPUT_TYPES.contains(&t.as_str()))
                    .unwrap_or_else(|| "text".to_owned());
                let suggests = matches!(kind.as_str(), "text" | "search" | "email" | "tel" | "url")
                    && el.attr("list").is_some();
                if suggests {
                    Cow::Owned(format!("input_{kind}_list"))
                } else {
                    Cow::Owned(format!("input_{kind}"))
                }
            }
            "select" => {
                let size = el
                    .attr("size")
                    .and_then(|s| s.trim().parse::<u32>().ok())
                    .unwrap_or(0);
                if el.attr("multiple").is_some() || size > 1 {
                    with("multiple")
                } else {
                    Cow::Borrowed(name)
                }
            }
            "header" | "footer" if self.is_scoped(element, HEADER_SCOPES) => with("scoped"),
            "aside" if !has_name(element) && self.is_scoped(element, ASIDE_SCOPES) => {
                with("scoped")
            }
            "section" | "form" if has_name(element) => with("named"),
            "th" if el.attr("scope").is_some_and(|s| {
                matches!(s.trim().to_ascii_lowercase().as_str(), "row" | "rowgroup")
            }) =>
            {
                with("row")
            }
            _ => Cow::Borrowed(name),
        }
    }

    /// Whether an ancestor is one of `scopes`: an element with one of its names,
    /// or an element whose explicit role is one of its roles.
    fn is_scoped(&self, element: ElementRef<'_>, scopes: &Scopes) -> bool {
        element.ancestors().filter_map(ElementRef::wrap).any(|a| {
            scopes.elements.contains(&a.value().name())
                || self
                    .explicit_role(a)
                    .is_some_and(|r| scopes.roles.contains(&r))
        })
    }
}

/// Input types HTML defines; any other value (or none) means `text`.
const INPUT_TYPES: &[&str] = &[
    "button",
    "checkbox",
    "color",
    "date",
    "datetime-local",
    "email",
    "file",
    "hidden",
    "image",
    "month",
    "number",
    "password",
    "radio",
    "range",
    "reset",
    "search",
    "submit",
    "tel",
    "text",
    "time",
    "url",
    "week",
];

/// Ancestors that stop an element being a page-level landmark.
struct Scopes {
    elements: &'static [&'static str],
    roles: &'static [&'static str],
}

/// `header` and `footer` inside these are not banner or contentinfo (HTML-AAM).
const HEADER_SCOPES: &Scopes = &Scopes {
    elements: &["article", "aside", "main", "nav", "section"],
    roles: &["article", "complementary", "main", "navigation", "region"],
};

/// An unnamed `aside` inside these is not complementary (HTML-AAM).
const ASIDE_SCOPES: &Scopes = &Scopes {
    elements: &["article", "aside", "nav", "section"],
    roles: &["article", "complementary", "navigation", "region"],
};

/// Whether the element has a non-empty `aria-label`, `aria-labelledby` or
/// `title`. The ids in `aria-labelledby` are not resolved.
fn has_name(element: ElementRef<'_>) -> bool {
    ["aria-label", "aria-labelledby", "title"].iter().any(|a| {
        element
            .value()
            .attr(a)
            .is_some_and(|v| !v.trim().is_empty())
    })
}

/// `a, b or c`.
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn table() -> Aria {
        parse(ARIA_TOML).expect("data/aria-1.2.toml parses")
    }

    #[test]
    fn data_file_parses() {
        let aria = table();
        assert!(!aria.roles.is_empty());
        assert!(!aria.attributes.is_empty());
        assert!(!aria.elements.is_empty());
        // The shared table is the same file.
        assert_eq!(super::aria().roles.len(), aria.roles.len());
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let text = "[attributes]\n[elements]\n[roles.x]\nwidgit = true\n";
        assert!(parse(text).is_err());
        assert!(
            parse("[attributes]\n[roles]\n").is_err(),
            "elements is required"
        );
    }

    #[test]
    fn every_name_is_defined() {
        let aria = table();
        let mut missing = Vec::new();
        for role in aria.roles.values() {
            for attr in role
                .required
                .iter()
                .chain(&role.required_when_focusable)
                .chain(&role.required_when_expanded)
                .chain(&role.supported)
                .chain(&role.prohibited)
            {
                if aria.attribute(attr).is_none() {
                    missing.push(format!("{}: attribute {attr}", role.name));
                }
            }
            for other in role
                .context
                .iter()
                .chain(&role.owned)
                .chain(&role.superclass)
            {
                if aria.role(other).is_none() {
                    missing.push(format!("{}: role {other}", role.name));
                }
            }
            for from in &role.name_from {
                if !matches!(from.as_str(), "author" | "contents" | "prohibited") {
                    missing.push(format!("{}: name_from {from}", role.name));
                }
            }
        }
        for (key, role) in aria.elements.iter().chain(&aria.attributes_as) {
            match aria.role(role) {
                Some(r) if !r.is_abstract => {}
                _ => missing.push(format!("element {key}: role {role}")),
            }
        }
        assert!(missing.is_empty(), "undefined names: {missing:?}");
    }

    #[test]
    fn lists_are_consistent() {
        let aria = table();
        for role in aria.roles.values() {
            for attr in &role.supported {
                let a = &aria.attributes[attr];
                assert!(
                    !a.global || a.deprecated_as_global,
                    "{}: global {attr} listed as supported",
                    role.name
                );
                assert!(!role.required.contains(attr), "{}: {attr} twice", role.name);
            }
            for attr in &role.prohibited {
                assert!(
                    !role.required.contains(attr) && !role.supported.contains(attr),
                    "{}: {attr} both allowed and prohibited",
                    role.name
                );
            }
            if role.is_abstract {
                assert!(!role.widget && !role.landmark, "{}", role.name);
            }
            assert_eq!(
                role.can_be_named(),
                role.prohibited.iter().all(|p| p != "aria-label"),
                "{}: name_from and prohibited disagree",
                role.name
            );
        }
        for attr in aria.attributes.values() {
            let tokens = matches!(attr.kind, AttrType::Token | AttrType::TokenList);
            assert_eq!(tokens, !attr.values.is_empty(), "{}", attr.name);
            assert!(
                attr.min.is_none() || attr.kind == AttrType::Integer,
                "{}",
                attr.name
            );
        }
    }

    #[test]
    fn counts() {
        let aria = table();
        let abstract_roles = aria.roles.values().filter(|r| r.is_abstract).count();
        // WAI-ARIA 1.2: 82 concrete roles (none and presentation counted
        // separately, directory included) and 12 abstract ones.
        assert_eq!(abstract_roles, 12);
        assert_eq!(aria.roles.len() - abstract_roles, 82);
        // 48 states and properties in 1.2, plus aria-description from the 1.3 draft.
        assert_eq!(aria.attributes.len(), 49);
        assert_eq!(aria.attributes.values().filter(|a| a.draft).count(), 1);
        assert_eq!(aria.roles.values().filter(|r| r.landmark).count(), 8);
        assert_eq!(aria.elements.len(), 98);
    }

    #[test]
    fn spec_points() {
        let aria = table();
        let role = |n: &str| aria.role(n).expect("role exists");
        assert_eq!(role("checkbox").required, ["aria-checked"]);
        assert_eq!(role("combobox").required, ["aria-expanded"]);
        assert_eq!(role("heading").required, ["aria-level"]);
        assert_eq!(
            role("scrollbar").required,
            ["aria-controls", "aria-valuenow"]
        );
        assert_eq!(role("separator").required_when_focusable, ["aria-valuenow"]);
        assert_eq!(role("combobox").required_when_expanded, ["aria-controls"]);
        assert_eq!(role("listitem").context, ["directory", "list"]);
        assert_eq!(role("radiogroup").owned, ["radio"]);
        assert!(role("button").children_presentational && role("button").widget);
        assert!(role("navigation").landmark && !role("navigation").widget);
        assert!(role("widget").is_abstract && role("directory").deprecated);
        assert!(!role("generic").can_be_named() && role("generic").name_from == ["prohibited"]);
        assert!(role("img").name_required && !role("generic").name_required);
        let attr = |n: &str| aria.attribute(n).expect("attribute exists");
        assert!(attr("aria-grabbed").deprecated && attr("aria-dropeffect").deprecated);
        assert!(attr("aria-invalid").global && attr("aria-invalid").deprecated_as_global);
        assert_eq!(attr("aria-relevant").kind, AttrType::TokenList);
        assert_eq!(attr("aria-checked").kind, AttrType::Tristate);
    }

    #[test]
    fn allowed_attributes() {
        let aria = aria();
        assert!(aria.is_allowed(Some("button"), "aria-pressed"));
        assert!(!aria.is_allowed(Some("link"), "aria-checked"));
        assert!(aria.is_allowed(None, "aria-label"));
        assert!(!aria.is_allowed(None, "aria-checked"));
        assert!(!aria.is_allowed(Some("generic"), "aria-label"));
        assert!(!aria.is_allowed(Some("presentation"), "aria-labelledby"));
        assert!(aria.is_allowed(Some("generic"), "aria-hidden"));
        assert!(aria.is_allowed(Some("checkbox"), "aria-checked"));
        assert!(aria.is_allowed(Some("treeitem"), "aria-selected"));
        assert!(aria.is_allowed(Some("separator"), "aria-valuenow"));
        assert!(aria.is_allowed(Some("slider"), "aria-valuetext"));
        assert!(!aria.is_allowed(Some("button"), "aria-foo"));
        assert!(!aria.is_allowed(Some("notarole"), "aria-checked"));
        assert!(aria.is_allowed(Some("notarole"), "aria-describedby"));
    }

    #[test]
    fn values() {
        let aria = aria();
        assert!(aria.check_value("aria-hidden", "yes").is_err());
        assert_eq!(
            aria.check_value("aria-expanded", "yes"),
            Err("aria-expanded must be true, false or undefined, not \"yes\"".to_owned())
        );
        assert!(aria.check_value("aria-level", "2").is_ok());
        assert!(aria.check_value("aria-level", "0").is_err());
        assert!(aria.check_value("aria-level", "two").is_err());
        assert!(aria.check_value("aria-current", "page").is_ok());
        assert_eq!(
            aria.check_value("aria-current", "nope"),
            Err(
                "aria-current must be page, step, location, date, time, true or false, not \"nope\""
                    .to_owned()
            )
        );
        assert!(aria.check_value("aria-sort", "ascending").is_ok());
        assert!(aria.check_value("aria-hidden", " TRUE ").is_ok());
        assert!(aria.check_value("aria-hidden", "").is_err());
        assert!(aria.check_value("aria-checked", "mixed").is_ok());
        assert!(aria.check_value("aria-selected", "mixed").is_err());
        assert!(aria.check_value("aria-modal", "undefined").is_err());
        assert!(aria.check_value("aria-relevant", "additions text").is_ok());
        assert!(aria.check_value("aria-relevant", "additions nope").is_err());
        assert!(aria.check_value("aria-labelledby", "a b").is_ok());
        assert!(aria.check_value("aria-labelledby", "  ").is_err());
        assert!(aria.check_value("aria-activedescendant", "a b").is_err());
        assert!(aria.check_value("aria-activedescendant", "opt-1").is_ok());
        assert!(aria.check_value("aria-setsize", "-1").is_ok());
        assert!(aria.check_value("aria-valuenow", "-2.5").is_ok());
        assert!(aria.check_value("aria-valuenow", "1e3").is_ok());
        assert!(aria.check_value("aria-valuenow", "NaN").is_err());
        assert!(aria.check_value("aria-valuenow", "50%").is_err());
        assert!(aria.check_value("aria-label", "").is_ok());
        assert!(aria.check_value("aria-labeledby", "x").is_err());
    }

    /// The implicit role of the first element matching `selector` in `html`.
    fn implicit(html: &str, selector: &str) -> Option<&'static str> {
        let doc = Html::parse_document(html);
        let sel = Selector::parse(selector).expect("test selector parses");
        let el = doc.select(&sel).next().expect("test element exists");
        aria().implicit_role(el)
    }

    #[test]
    fn implicit_roles() {
        assert_eq!(implicit(r#"<a href="/x">x</a>"#, "a"), Some("link"));
        assert_eq!(implicit("<a>x</a>", "a"), Some("generic"));
        assert_eq!(
            implicit(r#"<img src="x.png" alt="">"#, "img"),
            Some("presentation")
        );
        assert_eq!(
            implicit(r#"<img src="x.png" alt="A map">"#, "img"),
            Some("img")
        );
        assert_eq!(
            implicit(r#"<input type="checkbox">"#, "input"),
            Some("checkbox")
        );
        assert_eq!(
            implicit(r#"<input type="CheckBox">"#, "input"),
            Some("checkbox")
        );
        assert_eq!(implicit("<input>", "input"), Some("textbox"));
        assert_eq!(
            implicit(r#"<input type="wobble">"#, "input"),
            Some("textbox")
        );
        assert_eq!(
            implicit(r#"<input type="email" list="l">"#, "input"),
            Some("combobox")
        );
        assert_eq!(
            implicit(r#"<input type="search">"#, "input"),
            Some("searchbox")
        );
        assert_eq!(
            implicit(r#"<input type="submit">"#, "input"),
            Some("button")
        );
        assert_eq!(implicit(r#"<input type="password">"#, "input"), None);
        assert_eq!(implicit("<header>Site</header>", "header"), Some("banner"));
        assert_eq!(
            implicit("<article><header>Post</header></article>", "header"),
            Some("generic")
        );
        assert_eq!(
            implicit(r#"<div role="main"><footer>x</footer></div>"#, "footer"),
            Some("generic")
        );
        assert_eq!(
            implicit("<footer>x</footer>", "footer"),
            Some("contentinfo")
        );
        assert_eq!(
            implicit("<main><aside>x</aside></main>", "aside"),
            Some("complementary")
        );
        assert_eq!(
            implicit("<section><aside>x</aside></section>", "aside"),
            Some("generic")
        );
        assert_eq!(
            implicit("<select><option>a</option></select>", "select"),
            Some("combobox")
        );
        assert_eq!(
            implicit("<select multiple></select>", "select"),
            Some("listbox")
        );
        assert_eq!(
            implicit(r#"<select size="4"></select>"#, "select"),
            Some("listbox")
        );
        assert_eq!(
            implicit(r#"<section aria-label="x">y</section>"#, "section"),
            Some("region")
        );
        assert_eq!(implicit("<section>y</section>", "section"), None);
        assert_eq!(
            implicit(r#"<form title="Search"></form>"#, "form"),
            Some("form")
        );
        assert_eq!(implicit("<form></form>", "form"), None);
        assert_eq!(implicit("<h3>x</h3>", "h3"), Some("heading"));
        assert_eq!(
            implicit(r#"<table><tr><th scope="row">x</th></tr></table>"#, "th"),
            Some("rowheader")
        );
        assert_eq!(
            implicit("<table><tr><th>x</th></tr></table>", "th"),
            Some("columnheader")
        );
        assert_eq!(
            implicit("<table><tr><td>x</td></tr></table>", "tbody"),
            Some("rowgroup")
        );
        assert_eq!(implicit("<ul><li>x</li></ul>", "li"), Some("listitem"));
        assert_eq!(implicit("<label>x</label>", "label"), None);
    }

    #[test]
    fn media_borrow_application_attributes() {
        let doc = Html::parse_document("<audio controls></audio><video></video><label>x</label>");
        let like = |tag: &str| {
            let sel = Selector::parse(tag).expect("test selector parses");
            let el = doc.select(&sel).next().expect("test element exists");
            aria().attributes_as(el)
        };
        assert_eq!(like("audio"), Some("application"));
        assert_eq!(like("video"), Some("application"));
        assert_eq!(like("label"), None);
        assert!(!aria().is_allowed(Some("application"), "aria-orientation"));
        assert!(aria().is_allowed(Some("application"), "aria-expanded"));
    }

    #[test]
    fn explicit_roles() {
        let doc = Html::parse_document(
            r#"<div id="a" role="Button"></div><div id="b" role="widget link"></div>
               <div id="c" role="wobble"></div>"#,
        );
        let role_of = |id: &str| {
            let sel = Selector::parse(&format!("#{id}")).expect("test selector parses");
            let el = doc.select(&sel).next().expect("test element exists");
            aria().explicit_role(el)
        };
        assert_eq!(role_of("a"), Some("button"));
        assert_eq!(role_of("b"), Some("link"));
        assert_eq!(role_of("c"), None);
    }
}
