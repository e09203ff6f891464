//! `hidden-focusable`: flags content hidden from screen readers that the Tab
//! key can still reach.
//!
//! ## What it checks
//! Each element matching `selector` (such as `[aria-hidden=true i]`) whose
//! subtree, itself included, holds something in the Tab order: a link with
//! `href`, a button or form field that is not disabled, a `summary`, an
//! `iframe`, media with `controls`, an editable area, or anything with a
//! `tabindex` of 0 or more. A negative `tabindex` takes an element out of the
//! Tab order, and content that is not shown at all (`hidden`, `inert`, inline
//! `display:none` or `visibility:hidden`) cannot take focus. Only the
//! outermost match is reported. Fills `{found}` (what can take focus, such as
//! `a link "Book online"`).
//!
//! A script can move focus on as soon as something hidden gets it (the
//! "focus sentinels" at the edges of a modal dialog). When the tab stop has
//! an `onfocus` handler or a script on the page listens for `focus` events,
//! the finding is sent for review instead of reported as certain.
//!
//! Styles from style sheets are not read: content hidden by a CSS class is
//! treated as shown. Matches that also match `except` are skipped: use it for
//! widgets whose style sheet always hides them while they carry
//! `aria-hidden="true"`, such as closed modal dialogs.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "hidden-focusable"
//! selector = "[aria-hidden=true i]:not(body):not(html)"
//! except = ".modal, [role=dialog i]"
//! ```

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use crate::page::aria_view::tab_stop;
use crate::page::hidden::not_rendered;
use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::finding::Confidence;
use crate::page::{Page, truncate_chars};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    selector: Spanned<String>,
    #[serde(default)]
    except: Option<Spanned<String>>,
}

#[derive(Debug)]
pub(crate) struct HiddenFocusable {
    selector: Selector,
    except: Option<Selector>,
    scripts: Selector,
}

/// Whether a script on the page reacts to elements getting focus.
fn scripts_handle_focus(page: &Page, scripts: &Selector) -> bool {
    page.html().select(scripts).any(|s| {
        let code: String = s.text().collect();
        code.contains("'focus'")
            || code.contains("\"focus\"")
            || code.contains("'focusin'")
            || code.contains("\"focusin\"")
            || code.contains(".onfocus")
    })
}

impl HiddenFocusable {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            selector: source.selector(&p.selector)?,
            except: p.except.as_ref().map(|e| source.selector(e)).transpose()?,
            scripts: source.fixed_selector("script")?,
        })
    }
}

/// The first element in the Tab order in `root`'s subtree, with what it is.
fn first_tab_stop<'a>(root: ElementRef<'a>) -> Option<(ElementRef<'a>, String)> {
    let mut stack = vec![root];
    while let Some(element) = stack.pop() {
        if not_rendered(element) {
            continue;
        }
        if let Some(what) = tab_stop(element) {
            return Some((element, what));
        }
        let children: Vec<ElementRef<'a>> =
            element.children().filter_map(ElementRef::wrap).collect();
        stack.extend(children.into_iter().rev());
    }
    None
}

impl PageCheck for HiddenFocusable {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let matched: HashSet<NodeId> = page
            .html()
            .select(&self.selector)
            .filter(|e| self.except.as_ref().is_none_or(|x| !x.matches(e)))
            .map(|e| e.id())
            .collect();
        if matched.is_empty() {
            return;
        }
        let mut focus_scripts = None;
        // Walk the page once, stopping at each outermost match and at content
        // that is not shown.
        let mut stack = vec![page.root()];
        while let Some(element) = stack.pop() {
            if not_rendered(element) {
                continue;
            }
            if matched.contains(&element.id()) {
                if let Some((found, what)) = first_tab_stop(element) {
                    let name = page.accessible_name(found).text;
                    let found_text = if name.is_empty() {
                        what
                    } else {
                        format!("{what} \"{}\"", truncate_chars(&name, 60))
                    };
                    let mut hit = Hit::element(element.id()).arg("found", found_text);
                    if found.value().attr("onfocus").is_some()
                        || *focus_scripts
                            .get_or_insert_with(|| scripts_handle_focus(page, &self.scripts))
                    {
                        hit = hit.confidence(Confidence::Review);
                    }
                    out.emit(hit);
                }
                continue;
            }
            let children: Vec<ElementRef<'_>> =
                element.children().filter_map(ElementRef::wrap).collect();
            stack.extend(children.into_iter().rev());
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_tab_stop() {
        let page = Page::from_text(
            "t",
            r#"<!doctype html><html lang=en><body><div id=x aria-hidden=true>
               <a href="/a" tabindex="-1">A</a><p hidden><a href="/b">B</a></p>
               <button disabled>C</button><span tabindex="2">D</span></div></body></html>"#,
        )
        .unwrap();
        let (found, what) = first_tab_stop(page.element_by_id("x").unwrap()).unwrap();
        assert_eq!(found.value().name(), "span");
        assert_eq!(what, "an element with tabindex=\"2\"");
    }
}
