//! A table of languages and their names, shared by the language-access kinds
//! (`site-language-route`, `endonym-without-lang`).
//!
//! A rule gives it as `[check.languages]`, one entry per language, keyed by
//! its language code (a BCP 47 primary language subtag such as `pa`):
//!
//! ```toml
//! [check.languages]
//! pa = { name = "Punjabi", endonyms = ["ਪੰਜਾਬੀ", "پنجابی"], also = ["Panjabi"] }
//! pl = { name = "Polish", endonyms = ["Polski"] }
//! ```
//!
//! `name` is the English name used in messages, `endonyms` the names of the
//! language written in that language, `also` other English names or
//! spellings. Names are matched without regard to case.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::RuleSource;
use super::lang_attribute::known_primary_language;
use crate::error::DataFileError;
use crate::page::is_english_tag;

/// One entry of `[check.languages]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LanguageParams {
    name: String,
    #[serde(default)]
    endonyms: Vec<String>,
    #[serde(default)]
    also: Vec<String>,
}

/// A name of a language, as found in link text.
#[derive(Debug, Clone)]
pub(super) struct Endonym {
    /// The name as the rule wrote it.
    pub(super) text: String,
    /// The language code it names.
    pub(super) tag: String,
}

/// The compiled table.
#[derive(Debug, Default)]
pub(super) struct Languages {
    /// Code -> English name.
    names: BTreeMap<String, String>,
    /// Lower-cased name (endonym, English name or other spelling) -> code.
    by_name: HashMap<String, String>,
    /// Every endonym, in table order.
    endonyms: Vec<Endonym>,
}

impl Languages {
    /// Compiles the table, refusing codes that are not language codes.
    pub(super) fn new(
        source: &RuleSource<'_>,
        params: BTreeMap<String, LanguageParams>,
    ) -> Result<Self, DataFileError> {
        let mut table = Self::default();
        for (code, entry) in params {
            let Some(tag) = known_primary_language(&code) else {
                return Err(DataFileError::at(
                    source.path,
                    source.text,
                    source.text.find(&code).map(|i| i..i + code.len()),
                    format!("`{code}` is not a language code (such as `pa` or `ur`)"),
                ));
            };
            for name in entry
                .endonyms
                .iter()
                .chain(&entry.also)
                .chain(std::iter::once(&entry.name))
            {
                table
                    .by_name
                    .entry(name.trim().to_lowercase())
                    .or_insert_with(|| tag.clone());
            }
            table
                .endonyms
                .extend(entry.endonyms.into_iter().map(|text| Endonym {
                    text: text.trim().to_owned(),
                    tag: tag.clone(),
                }));
            table.names.insert(tag, entry.name);
        }
        Ok(table)
    }

    /// The English name of a language code, or the code itself.
    pub(super) fn name<'a>(&'a self, tag: &'a str) -> &'a str {
        self.names.get(tag).map_or(tag, String::as_str)
    }

    /// Whether the table has this code.
    pub(super) fn contains(&self, tag: &str) -> bool {
        self.names.contains_key(tag)
    }

    /// The language a text names exactly (an endonym, English name or other
    /// spelling, whole), if any.
    pub(super) fn named(&self, text: &str) -> Option<&str> {
        self.by_name
            .get(&text.trim().to_lowercase())
            .map(String::as_str)
    }

    /// The languages named anywhere in a text, as whole words.
    pub(super) fn named_in(&self, text: &str) -> Vec<&str> {
        let lower = text.to_lowercase();
        let mut found: Vec<&str> = self
            .by_name
            .iter()
            .filter(|(name, _)| contains_word(&lower, name))
            .map(|(_, tag)| tag.as_str())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Every endonym in the table.
    pub(super) fn endonyms(&self) -> &[Endonym] {
        &self.endonyms
    }

    /// The language code a `lang` or `hreflang` value names: its primary
    /// language when it is a real code, or the language whose name it is
    /// (`hreflang="urdu"`). `None` for blank values, `x-default` and English.
    pub(super) fn language_of_value(&self, value: &str) -> Option<String> {
        let value = value.trim();
        if value.is_empty() || value.eq_ignore_ascii_case("x-default") || is_english_tag(value) {
            return None;
        }
        known_primary_language(value).or_else(|| self.named(value).map(str::to_owned))
    }
}

/// Whether `name` occurs in `haystack` as a whole word (both lower-cased).
fn contains_word(haystack: &str, name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    haystack.match_indices(name).any(|(i, m)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The parts of a link's text that could each be a language's name:
/// "Polski (Polish)", "ਪੰਜਾਬੀ / Punjabi" and "اردو - Urdu" have two each.
/// Commas do not split, so "Polish, Punjabi and Urdu interpreters" names no
/// language on its own.
pub(super) fn name_parts(text: &str) -> impl Iterator<Item = &str> {
    text.split(['/', '|', '(', ')', '[', ']', '–', '—', '·', '•'])
        .flat_map(|p| p.split(" - "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// The words a link shows or is named by, cheaply: its `aria-label`, else its
/// text, else the `alt` of an image in it (a flag with alt="Polski").
pub(super) fn link_words(link: scraper::ElementRef<'_>) -> String {
    if let Some(label) = link
        .value()
        .attr("aria-label")
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        return label.to_owned();
    }
    let text = crate::page::collapse_whitespace(&link.text().collect::<String>());
    if !text.is_empty() || link.value().name() != "a" {
        return if text.is_empty() {
            link.value()
                .attr("alt")
                .unwrap_or_default()
                .trim()
                .to_owned()
        } else {
            text
        };
    }
    link.descendants()
        .filter_map(scraper::ElementRef::wrap)
        .find_map(|e| {
            (e.value().name() == "img")
                .then(|| e.value().attr("alt"))
                .flatten()
        })
        .map(|alt| alt.trim().to_owned())
        .unwrap_or_default()
}

/// Joins names in plain English: "A", "A and B", "A, B and C".
pub(super) fn join_names(names: &[&str], last: &str) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., final_one] => format!("{} {last} {final_one}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_words() {
        let parts: Vec<&str> = name_parts("Polski (Polish)").collect();
        assert_eq!(parts, ["Polski", "Polish"]);
        let parts: Vec<&str> = name_parts("ਪੰਜਾਬੀ - Punjabi").collect();
        assert_eq!(parts, ["ਪੰਜਾਬੀ", "Punjabi"]);
        assert_eq!(name_parts("Polish, Punjabi and Urdu").count(), 1);
        assert!(contains_word("leaflet in urdu (pdf)", "urdu"));
        assert!(!contains_word("polishing", "polish"));
        assert_eq!(join_names(&["A", "B", "C"], "or"), "A, B or C");
        assert_eq!(join_names(&["A"], "and"), "A");
    }
}
