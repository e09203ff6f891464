//! `attribute-pattern`: flags elements whose attribute value matches a pattern.
//!
//! ## What it checks
//! Each visible element matching `selector` that has one of `attributes` with
//! a value (trimmed, spaces collapsed) matching one of `patterns` (regular
//! expressions, case-insensitive; anchor them with `^...$` to match the whole
//! value). The first attribute that matches is reported: `{attribute}` is its
//! name, `{found}` its value and `{tag}` the element's tag name.
//!
//! `unless_value` lists patterns that excuse a value even when one of
//! `patterns` matches it, such as values another rule already reports.
//!
//! `unless_name` lists patterns that excuse an element when they match what a
//! screen reader says for it: its accessible name, then its description
//! (the text of the elements its `aria-describedby` points at, and its `title`).
//! Use it for "fine when the name says so", such as a link that opens a new tab
//! and says "opens in a new tab".
//!
//! `only_as_name = true` reports a value only when it is what a screen reader
//! says for the element: an `alt` that `aria-label` or `aria-labelledby`
//! overrides is never read, so it shuts nobody out.
//!
//! Elements hidden from everyone (`hidden`, `aria-hidden="true"`, inline
//! `display:none`) are skipped unless `include_hidden` is set.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "attribute-pattern"
//! selector = "a[href]:not([role=button])"
//! attributes = ["href"]
//! patterns = ['^#$', '^javascript:']
//! unless_name = ['\btop\b']   # href="#" on "Back to top" does go somewhere
//! ```

use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, Pattern, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, collapse_whitespace, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    selector: Spanned<String>,
    attributes: Spanned<Vec<String>>,
    patterns: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    unless_value: Vec<Spanned<String>>,
    #[serde(default)]
    unless_name: Vec<Spanned<String>>,
    #[serde(default)]
    include_hidden: bool,
    #[serde(default)]
    only_as_name: bool,
}

#[derive(Debug)]
pub(crate) struct AttributePattern {
    selector: Selector,
    attributes: Vec<String>,
    patterns: Vec<Pattern>,
    unless_value: Vec<Pattern>,
    unless_name: Vec<Pattern>,
    include_hidden: bool,
    only_as_name: bool,
}

impl AttributePattern {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        if p.attributes.get_ref().is_empty() {
            return Err(source.error_at(&p.attributes, "name at least one attribute"));
        }
        Ok(Self {
            selector: source.selector(&p.selector)?,
            attributes: p
                .attributes
                .into_inner()
                .into_iter()
                .map(|a| a.trim().to_ascii_lowercase())
                .collect(),
            patterns: source.regex_list(&p.patterns)?,
            unless_value: source.regexes(&p.unless_value)?,
            unless_name: source.regexes(&p.unless_name)?,
            include_hidden: p.include_hidden,
            only_as_name: p.only_as_name,
        })
    }

    /// The first listed attribute whose value matches a pattern.
    fn matching(&self, element: ElementRef<'_>) -> Option<(&str, String)> {
        self.attributes.iter().find_map(|name| {
            let value = collapse_whitespace(element.value().attr(name)?);
            let hit = self.patterns.iter().any(|p| p.is_match(&value))
                && !self.unless_value.iter().any(|p| p.is_match(&value));
            hit.then_some((name.as_str(), value))
        })
    }

    fn excused(&self, page: &Page, element: ElementRef<'_>, value: &str) -> bool {
        if self.unless_name.is_empty() && !self.only_as_name {
            return false;
        }
        let name = page.accessible_name(element).text;
        // `aria-label` or `aria-labelledby` names the element instead: a
        // screen reader never reads the value.
        if self.only_as_name && !collapse_whitespace(&name).eq_ignore_ascii_case(value) {
            return true;
        }
        if self.unless_name.iter().any(|p| p.is_match(&name)) {
            return true;
        }
        let description = description(page, element);
        self.unless_name.iter().any(|p| p.is_match(&description))
    }
}

/// What a screen reader reads after the name: the text of the elements
/// `aria-describedby` points at, then the `title`.
fn description(page: &Page, element: ElementRef<'_>) -> String {
    let mut out = String::new();
    if let Some(ids) = element.value().attr("aria-describedby") {
        for target in ids
            .split_whitespace()
            .filter_map(|id| page.element_by_id(id))
        {
            out.extend(target.text());
            out.push(' ');
        }
    }
    if let Some(title) = element.value().attr("title") {
        out.push_str(title);
    }
    collapse_whitespace(&out)
}

impl PageCheck for AttributePattern {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for element in page.html().select(&self.selector) {
            if !self.include_hidden && is_hidden(element) {
                continue;
            }
            let Some((attribute, value)) = self.matching(element) else {
                continue;
            };
            if self.excused(page, element, &value) {
                continue;
            }
            out.emit(
                Hit::element(element.id())
                    .arg("tag", element.value().name())
                    .arg("attribute", attribute)
                    .arg("found", value),
            );
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn check(toml: &str) -> AttributePattern {
        let text = format!("[check]\nkind = \"attribute-pattern\"\n{toml}");
        AttributePattern::new(&RuleSource {
            path: "rules/t.toml",
            text: &text,
            lazy: false,
            check: None,
        })
        .unwrap()
    }

    #[test]
    fn patterns_unless_value_and_unless_name() {
        let page = Page::from_text(
            "t",
            r##"<!doctype html><html lang=en><body>
<img id=a src=a.jpg alt="hero-banner-2"><img id=b src=b.jpg alt="IMG-2024-0001">
<a id=c href="#">Menu</a><a id=d href="#">Back to top</a>
<a id=e href="#" aria-label="Back to the top of the page">&uarr;</a></body></html>"##,
        )
        .unwrap();
        let alts = check(
            "selector = \"img\"\nattributes = [\"alt\"]\npatterns = ['^[a-z0-9]+(-[a-z0-9]+){2,}$']\nunless_value = ['^img-']",
        );
        let hit = |c: &AttributePattern, id: &str| {
            let el = page.element_by_id(id).unwrap();
            c.matching(el)
                .is_some_and(|(_, value)| !c.excused(&page, el, &value))
        };
        assert!(hit(&alts, "a"));
        assert!(!hit(&alts, "b"));
        let links = check(
            "selector = \"a\"\nattributes = [\"href\"]\npatterns = ['^#$']\nunless_name = ['\\btop\\b']",
        );
        assert!(hit(&links, "c"));
        assert!(!hit(&links, "d"));
        assert!(!hit(&links, "e"));
    }

    #[test]
    fn bad_parameters_point_at_the_rule_file() {
        let text = "[check]\nkind = \"attribute-pattern\"\nselector = \"a\"\nattributes = []\npatterns = ['x']";
        let source = RuleSource {
            path: "rules/t.toml",
            text,
            lazy: false,
            check: None,
        };
        assert!(AttributePattern::new(&source).is_err());
        let text = "[check]\nkind = \"attribute-pattern\"\nselector = \"a\"\nattributes = [\"href\"]\npatterns = ['(']";
        let source = RuleSource {
            path: "rules/t.toml",
            text,
            lazy: false,
            check: None,
        };
        assert!(AttributePattern::new(&source).is_err());
    }

    #[test]
    fn description_reads_describedby_then_title() {
        let page = Page::from_text(
            "t",
            r#"<!doctype html><html lang=en><body>
<a id=x href="/leaflet.pdf" target=_blank aria-describedby="d1 d2" title="PDF">Leaflet</a>
<span id=d1>(opens in</span><span id=d2>a new tab)</span></body></html>"#,
        )
        .unwrap();
        let x = page.element_by_id("x").unwrap();
        assert_eq!(description(&page, x), "(opens in a new tab) PDF");
    }
}
