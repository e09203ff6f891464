//! `endonym-without-lang`: flags a link or choice whose text is a language's
//! own name (Polski, Română, ਪੰਜਾਬੀ) when nothing marks those words with
//! that language, so screen readers read them with the page's voice.
//!
//! ## What it checks
//! Each visible element matching `selector` (default: links, options, menu
//! items and buttons) whose text, or a part of it ("Polski (Polish)",
//! "ਪੰਜਾਬੀ / Punjabi"), is one of the `endonyms` in `[check.languages]`.
//! The name is marked when the element or an ancestor has a `lang` of that
//! language (its primary subtag; `pa-Guru-IN` is `pa`; no `lang` at all
//! counts as English, so "English" needs marking only on a page in another
//! language), or when an element
//! inside it holding just those words has one. Otherwise it is a finding,
//! one per element. `hreflang` does not count: it says where the link goes,
//! not how to read its words.
//!
//! `scripts` (ISO 15924 codes, such as `Latn`) limits the check to names
//! written in those scripts; other scripts can then be left to
//! `unmarked-script`, which finds any unmarked text in them.
//!
//! `{endonym}` is the name, `{language}` its English name, `{code}` its
//! language code and `{reading_as}` the language the words are read in now.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "endonym-without-lang"
//! scripts = ["Latn"]
//! [check.languages]
//! pl = { name = "Polish", endonyms = ["Polski"] }
//! ro = { name = "Romanian", endonyms = ["Română", "Romana"] }
//! ```

use std::collections::BTreeMap;

use icu_properties::props::Script;
use icu_properties::{CodePointMapData, PropertyParser};
use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::lang_attribute::known_primary_language;
use super::languages::{LanguageParams, Languages, name_parts};
use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, collapse_whitespace, is_english_tag, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    selector: Option<Spanned<String>>,
    #[serde(default)]
    scripts: Vec<Spanned<String>>,
    languages: BTreeMap<String, LanguageParams>,
}

#[derive(Debug)]
pub(crate) struct EndonymWithoutLang {
    selector: Selector,
    languages: Languages,
    /// Lower-cased endonym -> the codes it may be marked with (one name can
    /// belong to several codes, such as a macrolanguage and its member).
    endonyms: BTreeMap<String, Vec<String>>,
}

impl EndonymWithoutLang {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let parser = PropertyParser::<Script>::new();
        let mut scripts = Vec::new();
        for code in &p.scripts {
            let script = parser.get_strict(code.get_ref()).ok_or_else(|| {
                source.error_at(
                    code,
                    format!(
                        "`{}` is not a Unicode script code (ISO 15924, such as `Latn`)",
                        code.get_ref()
                    ),
                )
            })?;
            scripts.push(script);
        }
        let languages = Languages::new(source, p.languages)?;
        let script_of = CodePointMapData::<Script>::new();
        let mut endonyms: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for name in languages.endonyms() {
            let first_letter = name.text.chars().find(|c| c.is_alphabetic());
            let checked = scripts.is_empty()
                || first_letter.is_some_and(|c| scripts.contains(&script_of.get(c)));
            if checked {
                endonyms
                    .entry(name.text.to_lowercase())
                    .or_default()
                    .push(name.tag.clone());
            }
        }
        Ok(Self {
            selector: source.selector_or(
                p.selector.as_ref(),
                "a[href], option, button, [role=menuitem], [role=option], [role=link]",
            )?,
            languages,
            endonyms,
        })
    }

    /// The nearest `lang` at or above an element, trimmed.
    fn nearest_lang(element: ElementRef<'_>) -> Option<String> {
        std::iter::once(element)
            .chain(element.ancestors().filter_map(ElementRef::wrap))
            .find_map(|e| e.value().attr("lang"))
            .map(|l| l.trim().to_owned())
    }

    /// Whether the words `part` in `element` are marked with one of `tags`.
    fn marked(element: ElementRef<'_>, part: &str, tags: &[String]) -> bool {
        let fits = |lang: Option<String>| {
            lang.and_then(|l| known_primary_language(&l))
                .is_some_and(|p| tags.contains(&p))
        };
        // Words with no `lang` above them are read as English (the page's
        // missing `lang` is another rule's finding).
        if fits(Self::nearest_lang(element).or_else(|| Some("en".to_owned()))) {
            return true;
        }
        element
            .descendants()
            .filter_map(ElementRef::wrap)
            .skip(1)
            .filter(|e| e.value().attr("lang").is_some())
            .any(|e| {
                collapse_whitespace(&e.text().collect::<String>()).eq_ignore_ascii_case(part)
                    && fits(e.value().attr("lang").map(str::to_owned))
            })
    }

    /// The language the element's words are read in now, in words.
    fn reading_as(&self, element: ElementRef<'_>, page: &Page) -> String {
        let lang = Self::nearest_lang(element).or_else(|| page.lang().map(str::to_owned));
        match lang {
            None => "English".to_owned(),
            Some(l) if l.is_empty() || is_english_tag(&l) => "English".to_owned(),
            Some(l) => known_primary_language(&l).map_or_else(
                || format!("\u{201c}{l}\u{201d}"),
                |p| self.languages.name(&p).to_owned(),
            ),
        }
    }
}

impl PageCheck for EndonymWithoutLang {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        if self.endonyms.is_empty() {
            return;
        }
        for element in page.html().select(&self.selector) {
            if is_hidden(element) {
                continue;
            }
            let text = collapse_whitespace(&element.text().collect::<String>());
            let unmarked = name_parts(&text).find_map(|part| {
                let tags = self.endonyms.get(&part.to_lowercase())?;
                (!Self::marked(element, part, tags)).then(|| (part.to_owned(), tags[0].clone()))
            });
            if let Some((endonym, tag)) = unmarked {
                out.emit(
                    Hit::element(element.id())
                        .arg("endonym", endonym)
                        .arg("language", self.languages.name(&tag))
                        .arg("reading_as", self.reading_as(element, page))
                        .arg("code", tag),
                );
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;

    #[test]
    fn only_unmarked_names_are_found() {
        let check = crate::checks::build_for_test(
            "endonym-without-lang",
            "scripts = [\"Latn\"]\n[check.languages]\npl = { name = \"Polish\", endonyms = [\"Polski\"] }\npa = { name = \"Punjabi\", endonyms = [\"ਪੰਜਾਬੀ\"] }",
            EndonymWithoutLang::new,
        )
        .unwrap();
        assert!(check.endonyms.contains_key("polski"));
        assert!(!check.endonyms.contains_key("ਪੰਜਾਬੀ"));
        let page = Page::from_text(
            "t.html",
            r#"<html lang="en"><body>
<a href="a" id="a">Polski</a>
<a href="b" lang="pl-PL">Polski</a>
<a href="c"><span lang="pl">Polski</span> (Polish)</a>
<ul lang="pl"><li><a href="d">Polski</a></li></ul>
<a href="e" hreflang="pl">Polski (Polish)</a>
<a href="f">Polski sklep</a>
</body></html>"#,
        )
        .unwrap();
        let catalogue = Catalogue::embedded().unwrap();
        let rule = &catalogue.rules()[0];
        let mut findings = Vec::new();
        let mut suppressed = Vec::new();
        check.check(
            &page,
            &mut Emitter {
                rule,
                page: &page,
                findings: &mut findings,
                suppressed: &mut suppressed,
                today: crate::clock::today(),
            },
        );
        let lines: Vec<Option<u32>> = findings.iter().map(|f| f.line).collect();
        assert_eq!(lines, [Some(2), Some(6)]);
    }
}
