//! `autocomplete-value`: flags `autocomplete` attributes that browsers and
//! assistive technology cannot understand.
//!
//! ## What it checks
//! The `autocomplete` attribute of visible, enabled `input`, `select` and
//! `textarea` elements (not hidden inputs or buttons), when it is not blank.
//! The value must follow the HTML autofill grammar, case-insensitively:
//!
//! 1. a single word from `alone` (`on`, `off`); or
//! 2. an optional word starting with `section_prefix` (`section-`), then an
//!    optional word from `address_scopes` (`shipping`, `billing`), then an
//!    optional word from `contact_scopes` (`home`, `work`, `mobile`...) that is
//!    only allowed before a word from `contact_fields`, then one field name
//!    from `fields` or `contact_fields`, then an optional word from
//!    `after_field` (`webauthn`).
//!
//! The word lists are data in the rule file, and so is `suggest`, a table of
//! common mistakes and the word meant (`dob = "bday"`), offered in the reason.
//! The finding fills `{value}` and `{reason}` (what is wrong, in plain words).
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "autocomplete-value"
//! alone = ["on", "off"]
//! section_prefix = "section-"
//! address_scopes = ["shipping", "billing"]
//! contact_scopes = ["home", "work", "mobile", "fax", "pager"]
//! fields = ["name", "given-name", "family-name", "bday", "postal-code"]
//! contact_fields = ["tel", "email"]
//! after_field = ["webauthn"]
//!
//! [check.suggest]
//! dob = "bday"
//! ```
//!
//! ## References
//! WCAG 2.2 SC 1.3.5; ACT rule 73f2c2; HTML "autofill detail tokens".

use std::collections::{HashMap, HashSet};

use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    alone: Vec<String>,
    section_prefix: String,
    address_scopes: Vec<String>,
    contact_scopes: Vec<String>,
    fields: Vec<String>,
    contact_fields: Vec<String>,
    #[serde(default)]
    after_field: Vec<String>,
    #[serde(default)]
    suggest: HashMap<String, Spanned<String>>,
}

fn set(words: Vec<String>) -> HashSet<String> {
    words
        .into_iter()
        .map(|w| w.trim().to_ascii_lowercase())
        .collect()
}

#[derive(Debug)]
pub(crate) struct AutocompleteValue {
    alone: HashSet<String>,
    section_prefix: String,
    address_scopes: HashSet<String>,
    contact_scopes: HashSet<String>,
    fields: HashSet<String>,
    contact_fields: HashSet<String>,
    after_field: HashSet<String>,
    suggest: HashMap<String, String>,
    controls: Selector,
}

/// Words people use when they mean `off`.
const OFF_LOOKALIKES: &[&str] = &[
    "false", "no", "none", "nope", "disabled", "disable", "null", "0",
];

impl AutocompleteValue {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let fields = set(p.fields);
        let contact_fields = set(p.contact_fields);
        let mut suggest = HashMap::new();
        for (wrong, better) in p.suggest {
            let word = better.get_ref().trim().to_ascii_lowercase();
            if !fields.contains(&word) && !contact_fields.contains(&word) {
                return Err(source.error_at(
                    &better,
                    format!("suggestion `{word}` is not in `fields` or `contact_fields`"),
                ));
            }
            suggest.insert(wrong.trim().to_ascii_lowercase(), word);
        }
        Ok(Self {
            alone: set(p.alone),
            section_prefix: p.section_prefix.trim().to_ascii_lowercase(),
            address_scopes: set(p.address_scopes),
            contact_scopes: set(p.contact_scopes),
            fields,
            contact_fields,
            after_field: set(p.after_field),
            suggest,
            controls: source.fixed_selector(
                "input[autocomplete], select[autocomplete], textarea[autocomplete]",
            )?,
        })
    }

    fn is_known(&self, word: &str) -> bool {
        word.starts_with(&self.section_prefix)
            || self.alone.contains(word)
            || self.address_scopes.contains(word)
            || self.contact_scopes.contains(word)
            || self.fields.contains(word)
            || self.contact_fields.contains(word)
            || self.after_field.contains(word)
    }

    /// Why a word cannot be the field name here.
    fn bad_field(&self, word: &str, contact: Option<&str>) -> String {
        if let Some(scope) = contact
            && self.fields.contains(word)
        {
            return format!(
                "\"{scope}\" can only come before a phone number, email or instant messaging field, not \"{word}\""
            );
        }
        if self.alone.contains(word) {
            return format!("\"{word}\" must be used on its own");
        }
        if self.is_known(word) {
            return format!(
                "\"{word}\" is in the wrong place: the field name, such as \"email\", comes last"
            );
        }
        if OFF_LOOKALIKES.contains(&word) {
            return format!(
                "\"{word}\" is not an autocomplete word: use \"off\" to turn autofill off"
            );
        }
        match self.suggest.get(word) {
            Some(better) => format!("\"{word}\" is not an autocomplete word: use \"{better}\""),
            None => format!("\"{word}\" is not one of the autocomplete field names"),
        }
    }

    /// What is wrong with a value, if anything.
    fn problem(&self, value: &str) -> Option<String> {
        if value.contains(',') {
            return Some("separate the words with spaces, not commas".to_owned());
        }
        let words: Vec<String> = value
            .split_ascii_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        if words.len() == 1 && self.alone.contains(&words[0]) {
            return None;
        }
        let mut at = 0;
        if words
            .get(at)
            .is_some_and(|w| w.starts_with(&self.section_prefix))
        {
            at += 1;
        }
        if words
            .get(at)
            .is_some_and(|w| self.address_scopes.contains(w))
        {
            at += 1;
        }
        let contact = words
            .get(at)
            .filter(|w| self.contact_scopes.contains(*w))
            .map(String::as_str);
        if contact.is_some() {
            at += 1;
        }
        let Some(field) = words.get(at) else {
            return Some(match contact {
                Some(scope) => format!(
                    "\"{scope}\" must be followed by a phone number or email field, such as \"{scope} tel\""
                ),
                None => "it has no field name, such as \"email\" or \"postal-code\"".to_owned(),
            });
        };
        let ok = self.contact_fields.contains(field)
            || (contact.is_none() && self.fields.contains(field));
        if !ok {
            return Some(self.bad_field(field, contact));
        }
        at += 1;
        if words.get(at).is_some_and(|w| self.after_field.contains(w)) {
            at += 1;
        }
        words.get(at).map(|extra| {
            if self.is_known(extra) {
                format!(
                    "\"{extra}\" is in the wrong place: the field name \"{field}\" should come last"
                )
            } else {
                format!("\"{extra}\" is not an autocomplete word")
            }
        })
    }
}

/// Whether a control is out of scope: hidden inputs and buttons have fixed
/// values, and disabled controls cannot be filled in.
fn skipped(control: ElementRef<'_>) -> bool {
    let el = control.value();
    let fixed = el.name() == "input"
        && el.attr("type").is_some_and(|t| {
            matches!(
                t.trim().to_ascii_lowercase().as_str(),
                "hidden" | "button" | "submit" | "reset" | "image"
            )
        });
    let in_disabled_fieldset = control
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "fieldset" && a.value().attr("disabled").is_some());
    fixed
        || el.attr("disabled").is_some()
        || in_disabled_fieldset
        || el
            .attr("aria-disabled")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        || is_hidden(control)
}

impl PageCheck for AutocompleteValue {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for control in page.html().select(&self.controls) {
            let Some(value) = control.value().attr("autocomplete") else {
                continue;
            };
            if value.trim().is_empty() || skipped(control) {
                continue;
            }
            if let Some(reason) = self.problem(value) {
                out.emit(
                    Hit::element(control.id())
                        .arg("value", value.trim())
                        .arg("reason", reason),
                );
            }
        }
    }
}
