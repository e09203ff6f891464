//! `heading-levels`: flags a heading that skips a level, such as an `h4`
//! straight after an `h2`.
//!
//! ## What it checks
//! The visible headings of a page in document order: `h1` to `h6`, and
//! elements with `role="heading"` (their `aria-level`, or 2 when it is missing
//! or not a number from 1 to 9). A heading may go back up any number of levels,
//! or one level down; going down more than `max_step` levels (1 by default)
//! is a finding at that heading. The first heading of the page is not judged:
//! a page without an `h1` is another rule's finding.
//!
//! `{level}` is the heading's level, `{previous}` the level before it and
//! `{expected}` the deepest level that would be fine there.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "heading-levels"
//! ```

use scraper::{ElementRef, Selector};
use serde::Deserialize;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "one")]
    max_step: u8,
}

fn one() -> u8 {
    1
}

#[derive(Debug)]
pub(crate) struct HeadingLevels {
    headings: Selector,
    max_step: u8,
}

impl HeadingLevels {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            headings: source.fixed_selector("h1, h2, h3, h4, h5, h6, [role]")?,
            max_step: p.max_step.max(1),
        })
    }
}

/// The level of a heading, or `None` when the element is not one (an `h2`
/// with `role="presentation"` is not a heading; a `div role="heading"` is, and
/// so is an `h2 role="header"`, as "header" is not an ARIA role).
fn level(element: ElementRef<'_>) -> Option<u8> {
    let el = element.value();
    // The first real ARIA role in the attribute, as browsers pick it: a typo
    // such as role="header" leaves an h2 an h2.
    let role = crate::aria::aria().explicit_role(element);
    let aria_level = || {
        el.attr("aria-level")
            .and_then(|l| l.trim().parse::<u8>().ok())
            .filter(|l| (1..=9).contains(l))
    };
    let tag_level = match el.name() {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(el.name().as_bytes()[1] - b'0'),
        _ => None,
    };
    match role {
        // An explicit aria-level wins over the tag's own level.
        Some("heading") => Some(aria_level().or(tag_level).unwrap_or(2)),
        Some(_) => None,
        None => tag_level.map(|l| aria_level().unwrap_or(l)),
    }
}

impl PageCheck for HeadingLevels {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let mut previous: Option<u8> = None;
        for element in page.html().select(&self.headings) {
            let Some(level) = level(element) else {
                continue;
            };
            if is_hidden(element) {
                continue;
            }
            if let Some(prev) = previous
                && level > prev.saturating_add(self.max_step)
            {
                out.emit(
                    Hit::element(element.id())
                        .arg("level", level)
                        .arg("previous", prev)
                        .arg("expected", prev.saturating_add(self.max_step)),
                );
            }
            previous = Some(level);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::level;
    use crate::page::Page;

    #[test]
    fn levels_come_from_tags_and_roles() {
        let page = Page::from_text(
            "t",
            r#"<html lang=en><body>
            <h3 id=a>x</h3>
            <h3 id=b role=heading>x</h3>
            <h2 id=c aria-level=4>x</h2>
            <div id=d role=heading>x</div>
            <div id=e role=heading aria-level=1>x</div>
            <h2 id=f role=presentation>x</h2>
            <p id=g>x</p>
            <h2 id=h role="header">x</h2>
            </body></html>"#,
        )
        .unwrap();
        let of = |id: &str| level(page.element_by_id(id).unwrap());
        assert_eq!(of("a"), Some(3));
        assert_eq!(of("b"), Some(3));
        assert_eq!(of("c"), Some(4));
        assert_eq!(of("d"), Some(2));
        assert_eq!(of("e"), Some(1));
        assert_eq!(of("f"), None);
        assert_eq!(of("g"), None);
        assert_eq!(of("h"), Some(2));
    }
}
