//! `skip-link`: flags a "skip to content" link whose target is not on the page.
//!
//! ## What it checks
//! The first `within_first` focusable elements of the page (links and areas
//! with `href`, buttons, form fields, `summary`, elements with a `tabindex` of 0
//! or more; hidden and disabled ones left out). Each of them that is a link to
//! a place on the same page (`href="#main"`) must find its target: an element
//! with that id, or an `<a name>` with that name, as browsers do. `#` alone,
//! `#top` (which browsers treat as the top of the page) and hash-router paths
//! (`#/book`, `#!/book`) are not skip links.
//!
//! `{target}` is the fragment, without `#`.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "skip-link"
//! within_first = 3
//! ```

use scraper::{ElementRef, Selector};
use serde::Deserialize;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "three")]
    within_first: usize,
}

fn three() -> usize {
    3
}

#[derive(Debug)]
pub(crate) struct SkipLink {
    within_first: usize,
    focusable: Selector,
    named: Selector,
}

impl SkipLink {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            within_first: p.within_first,
            focusable: source.fixed_selector(
                "a[href], area[href], button, input, select, textarea, summary, [tabindex]",
            )?,
            named: source.fixed_selector("a[name]")?,
        })
    }
}

/// Whether keyboard users reach the element with Tab.
fn is_tabbable(element: ElementRef<'_>) -> bool {
    let el = element.value();
    if let Some(tabindex) = el.attr("tabindex").map(str::trim)
        && let Ok(n) = tabindex.parse::<i32>()
    {
        return n >= 0;
    }
    match el.name() {
        "a" | "area" => el.attr("href").is_some(),
        "input" => {
            el.attr("disabled").is_none()
                && !el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("hidden"))
        }
        "button" | "select" | "textarea" => el.attr("disabled").is_none(),
        "summary" => true,
        _ => false,
    }
}

/// Decodes `%XX` escapes; `None` when the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

impl SkipLink {
    fn target_exists(&self, page: &Page, fragment: &str) -> bool {
        let found = |name: &str| {
            page.element_by_id(name).is_some()
                || page
                    .html()
                    .select(&self.named)
                    .any(|a| a.value().attr("name") == Some(name))
        };
        found(fragment) || percent_decode(fragment).is_some_and(|d| d != fragment && found(&d))
    }
}

impl PageCheck for SkipLink {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let Some(body) = page.body() else {
            return;
        };
        let first = body
            .select(&self.focusable)
            .filter(|e| is_tabbable(*e) && !is_hidden(*e))
            .take(self.within_first);
        for element in first {
            let el = element.value();
            if !matches!(el.name(), "a" | "area") {
                continue;
            }
            let Some(fragment) = el
                .attr("href")
                .map(str::trim)
                .and_then(|h| h.strip_prefix('#'))
            else {
                continue;
            };
            if fragment.is_empty()
                || fragment.eq_ignore_ascii_case("top")
                || fragment.starts_with(['/', '!'])
                || self.target_exists(page, fragment)
            {
                continue;
            }
            out.emit(Hit::element(element.id()).arg("target", fragment));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(
            percent_decode("main%20content").as_deref(),
            Some("main content")
        );
        assert_eq!(percent_decode("caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(percent_decode("100%").as_deref(), Some("100%"));
        assert_eq!(percent_decode("%FF"), None);
    }
}
