//! `lang-attribute`: flags `lang` values that are not language codes, and a
//! page whose `lang` and `xml:lang` name different languages.
//!
//! ## What it checks
//! Elements matching `selector` that have a non-blank `lang` (a blank one is
//! another rule's finding on `<html>`, and means "unknown language" on a part).
//! Elements other than `<html>` count only when they are visible and hold some
//! text, as ACT rule de46e4 says. `problem` picks the test:
//! - `"invalid"`: the value must be a well-formed BCP 47 tag whose primary
//!   language is in the IANA Language Subtag Registry ("english", "en_GB" and
//!   "e" are not). A tag whose language is right but whose region, script or
//!   variant is not in the registry ("en-UK"), or is not written as one
//!   ("en-US-GB"), is reported as a warning for review: screen readers still
//!   find the language (so WCAG 3.1.1 is met), but the code is wrong.
//! - `"xml-lang-mismatch"`: when the element also has a non-blank `xml:lang`
//!   and both values are valid, their primary languages must be the same
//!   ("en-GB" and "en" agree; "en" and "cy" do not).
//!
//! `attribute` names the attribute to judge (default `lang`). With another
//! attribute, such as `hreflang` on links, every matching element counts
//! (visible text or not: the value says where a link goes), and the
//! `x-default` value search engines use is allowed.
//!
//! `{value}` is the attribute's value, `{reason}` why it is wrong, `{suggestion}` a
//! code to use instead (from `suggest`, a table of common wrong values, or
//! the value with `_` made `-`), `{xml_lang}` the `xml:lang` value.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "lang-attribute"
//! selector = "html"
//! problem = "invalid"
//! suggest = { english = "en-GB", punjabi = "pa" }
//! ```
//!
//! ## References
//! WCAG 2.2 SC 3.1.1 and 3.1.2; ACT rules bf051a, de46e4 and 5b7ae0.

use std::collections::BTreeMap;

use language_tags::{LanguageTag, ValidationError};
use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::finding::{Confidence, Severity};
use crate::page::hidden::{hides_from_everyone, is_hidden};
use crate::page::Page;

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum Problem {
    Invalid,
    XmlLangMismatch,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    selector: Spanned<String>,
    problem: Problem,
    #[serde(default)]
    suggest: BTreeMap<String, String>,
    #[serde(default = "lang")]
    attribute: String,
}

fn lang() -> String {
    "lang".to_owned()
}

#[derive(Debug)]
pub(crate) struct LangAttribute {
    selector: Selector,
    problem: Problem,
    /// Lower-cased wrong value -> the code to use.
    suggest: BTreeMap<String, String>,
    /// The attribute judged (`lang`, or `hreflang`).
    attribute: String,
}

impl LangAttribute {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        for code in p.suggest.values() {
            if !matches!(check_tag(code), Verdict::Valid(_)) {
                return Err(DataFileError::at(
                    source.path,
                    source.text,
                    source
                        .text
                        .find(&format!("\"{code}\""))
                        .map(|i| i..i + code.len() + 2),
                    format!("`suggest` names `{code}`, which is not a valid language tag"),
                ));
            }
        }
        Ok(Self {
            selector: source.selector(&p.selector)?,
            problem: p.problem,
            suggest: p
                .suggest
                .into_iter()
                .map(|(k, v)| (k.trim().to_lowercase(), v))
                .collect(),
            attribute: p.attribute.trim().to_ascii_lowercase(),
        })
    }
}

/// Withdrawn "i-" language tags and the codes that replaced them.
const IRREGULAR_REPLACED: &[(&str, &str)] = &[
    ("i-ami", "ami"),
    ("i-bnn", "bnn"),
    ("i-hak", "hak"),
    ("i-klingon", "tlh"),
    ("i-lux", "lb"),
    ("i-navajo", "nv"),
    ("i-pwn", "pwn"),
    ("i-tao", "tao"),
    ("i-tay", "tay"),
    ("i-tsu", "tsu"),
];

/// What a `lang` value is.
enum Verdict {
    /// Well-formed and every subtag registered: the primary language, lower-cased.
    Valid(String),
    /// The language is known but another subtag is not registered.
    BadSubtag(String, String),
    /// Not a usable language tag at all.
    Invalid(String),
}

fn check_tag(value: &str) -> Verdict {
    let value = value.trim();
    // "i-lux", "i-klingon": irregular tags from before language codes were
    // standardised. BCP 47 still parses them, but they are deprecated and
    // screen readers do not know them (ACT bf051a, de46e4).
    if value.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("i-")) {
        return Verdict::Invalid(
            "codes starting \"i-\" are old ones that were withdrawn, and screen readers do not understand them".to_owned(),
        );
    }
    let tag = match LanguageTag::parse(value) {
        Ok(tag) => tag,
        Err(_) => {
            // "en-US-GB": the language is found, the rest is not written
            // right.
            if let Some((first, rest)) = value.split_once('-')
                && rest
                    .split('-')
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
                && let Verdict::Valid(primary) = check_tag(first)
            {
                return Verdict::BadSubtag(
                    primary,
                    "the language is right, but the parts after it are not written as a language code".to_owned(),
                );
            }
            return Verdict::Invalid(parse_reason(value));
        }
    };
    let primary = tag.primary_language().to_ascii_lowercase();
    match tag.validate() {
        Ok(()) => Verdict::Valid(primary),
        Err(ValidationError::PrimaryLanguageNotInRegistry) => Verdict::Invalid(format!(
            "\"{}\" is not one of the standard language codes",
            tag.primary_language()
        )),
        Err(ValidationError::RegionNotInRegistry) => Verdict::BadSubtag(
            primary,
            format!(
                "the language is right, but \"{}\" is not a country or region code",
                tag.region().unwrap_or_default()
            ),
        ),
        Err(ValidationError::ScriptNotInRegistry) => Verdict::BadSubtag(
            primary,
            format!(
                "the language is right, but \"{}\" is not a writing system code",
                tag.script().unwrap_or_default()
            ),
        ),
        Err(_) => Verdict::BadSubtag(
            primary,
            "the language is right, but a later part of the code is not a standard one".to_owned(),
        ),
    }
}

/// Why a value is not even written like a language tag, in plain words.
fn parse_reason(value: &str) -> String {
    if value.trim().is_empty() {
        "it is only spaces".to_owned()
    } else if value.contains('_') {
        "language codes are joined with a hyphen (-), not an underscore (_)".to_owned()
    } else if value.contains(char::is_whitespace) {
        "a language code has no spaces".to_owned()
    } else if !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        "a language code has only letters, digits and hyphens".to_owned()
    } else if value.split('-').next().is_some_and(|p| p.len() < 2) {
        "the language part of a code has 2 or 3 letters, such as \"en\"".to_owned()
    } else {
        "it is not written like a language code, such as \"en-GB\"".to_owned()
    }
}

/// The primary language of a `lang` value when its language part is a real
/// one (lower-cased), for other checks that need to know whether a `lang`
/// can be trusted.
pub(super) fn known_primary_language(value: &str) -> Option<String> {
    match check_tag(value) {
        Verdict::Valid(p) | Verdict::BadSubtag(p, _) => Some(p),
        Verdict::Invalid(_) => None,
    }
}

/// Whether ACT counts this element: `<html>` always; other elements when they
/// are in the body, visible and hold some visible text whose language they
/// set (text inside a descendant with its own `lang` takes that one).
fn applies(element: ElementRef<'_>) -> bool {
    if element.value().name() == "html" {
        return true;
    }
    let in_body = element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "body");
    in_body && !is_hidden(element) && has_own_language_text(element)
}

/// Whether some text in `element` takes its language from it: visible text,
/// or text a screen reader reads (an image's alt). Text hidden from screen
/// readers only (`aria-hidden`) is still read on screen, so it counts.
fn has_own_language_text(element: ElementRef<'_>) -> bool {
    element.descendants().any(|node| {
        let has_text = match node.value() {
            scraper::Node::Text(text) => !text.trim().is_empty(),
            scraper::Node::Element(el) => {
                el.name() == "img" && el.attr("alt").is_some_and(|a| !a.trim().is_empty())
            }
            _ => false,
        };
        if !has_text {
            return false;
        }
        // Walk up to `element`: no other `lang` and nothing hidden between.
        for ancestor in std::iter::once(node)
            .chain(node.ancestors())
            .filter_map(ElementRef::wrap)
        {
            if ancestor.id() == element.id() {
                return true;
            }
            let own_lang = ancestor.value().attr("lang").is_some() && ancestor.id() != node.id();
            if own_lang || hides_from_everyone(ancestor) {
                return false;
            }
        }
        false
    })
}

impl LangAttribute {
    fn suggestion(&self, value: &str) -> Option<String> {
        let key = value.trim().to_lowercase();
        if let Some(code) = self.suggest.get(&key) {
            return Some(code.clone());
        }
        let dashed = value.trim().replace('_', "-");
        if dashed != value.trim() && matches!(check_tag(&dashed), Verdict::Valid(_)) {
            return LanguageTag::parse(&dashed).ok().map(|t| t.to_string());
        }
        // "en-UK" is a common mistake for "en-GB".
        if key == "en-uk" {
            return Some("en-GB".to_owned());
        }
        // The codes that replaced the withdrawn "i-" tags (IANA registry,
        // "Preferred-Value"); the others have no replacement.
        IRREGULAR_REPLACED
            .iter()
            .find(|(old, _)| *old == key)
            .map(|(_, new)| (*new).to_owned())
    }
}

impl PageCheck for LangAttribute {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for element in page.html().select(&self.selector) {
            // An empty lang means "unknown language"; one of only spaces is
            // not a language tag at all (ACT de46e4), except on <html>, where
            // a blank lang is accessibility/html-missing-lang's finding.
            let Some(value) = element.value().attr(&self.attribute).filter(|l| {
                !l.trim().is_empty()
                    || (!l.is_empty()
                        && self.attribute == "lang"
                        && self.problem == Problem::Invalid
                        && element.value().name() != "html")
            }) else {
                continue;
            };
            let is_lang = self.attribute == "lang";
            if is_lang && !applies(element) {
                continue;
            }
            let value = value.trim();
            // `hreflang="x-default"` marks the page for every other language.
            if !is_lang && value.eq_ignore_ascii_case("x-default") {
                continue;
            }
            match self.problem {
                Problem::Invalid => {
                    let (reason, severity) = match check_tag(value) {
                        Verdict::Valid(_) => continue,
                        // Screen readers still find the language, so WCAG
                        // 3.1.1 is met; whether to fix the code is a person's
                        // call.
                        Verdict::BadSubtag(_, why) => (why, Some(Severity::Warning)),
                        Verdict::Invalid(why) => (why, None),
                    };
                    let suggestion = self.suggestion(value).map_or_else(
                        || "the right code, such as \"en-GB\", \"pa\" or \"ur\"".to_owned(),
                        |s| format!("\"{s}\""),
                    );
                    let mut hit = Hit::element(element.id())
                        .arg("value", value)
                        .arg("reason", reason)
                        .arg("suggestion", suggestion);
                    if let Some(severity) = severity {
                        hit = hit.severity(severity).confidence(Confidence::Review);
                    }
                    out.emit(hit);
                }
                Problem::XmlLangMismatch => {
                    let Some(xml_lang) = element
                        .value()
                        .attr("xml:lang")
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                    else {
                        continue;
                    };
                    if let (Some(a), Some(b)) = (
                        known_primary_language(value),
                        known_primary_language(xml_lang),
                    ) && a != b
                    {
                        out.emit(
                            Hit::element(element.id())
                                .arg("value", value)
                                .arg("xml_lang", xml_lang),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_judged_like_bcp_47() {
        for good in [
            "en", "en-GB", "EN-gb", "pa", "pa-Arab", "ur-PK", "zh-Hant", "cy",
        ] {
            assert!(matches!(check_tag(good), Verdict::Valid(_)), "{good}");
        }
        for bad in [
            "english",
            "en_GB",
            "e",
            "en-",
            "123",
            "xx",
            "en GB",
            "i-lux",
            "I-Klingon",
        ] {
            assert!(matches!(check_tag(bad), Verdict::Invalid(_)), "{bad}");
        }
        assert!(matches!(check_tag("en-UK"), Verdict::BadSubtag(..)));
    }
}
