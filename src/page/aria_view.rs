//! A page as WAI-ARIA sees it: the accessibility view the ARIA check kinds
//! (`aria-role`, `aria-attribute`, `aria-reference`, `hidden-focusable`) read.
//!
//! A page fact beside [`super::accname`]: it builds, in one pass over the
//! page, what those kinds need about every element: whether it is left out of the accessibility tree,
//! which element claims it through `aria-owns`, and its semantic role. The ARIA
//! facts (roles, attributes, implicit roles) come from [`crate::aria`]; this
//! module adds only how HTML elements behave (focus, `disabled`, `hidden`).

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use scraper::{ElementRef, Node};

use super::Page;
use super::hidden::leaves_accessibility_tree;
use crate::aria::{Aria, aria};

/// Most steps taken when following parents and `aria-owns` links, so a loop of
/// `aria-owns` references cannot hang a check.
const MAX_STEPS: usize = 4096;

/// Roles that stand for "no role of its own": assistive technology looks
/// through them to what they contain.
const TRANSPARENT_ROLES: &[&str] = &["generic", "none", "presentation"];

/// The accessibility view of one page.
pub(crate) struct AriaView<'p> {
    page: &'p Page,
    aria: &'static Aria,
    /// Elements left out of the accessibility tree: those that
    /// [`leaves_accessibility_tree`] (`hidden`, `inert`, `aria-hidden="true"`,
    /// inline `display:none` or `visibility:hidden`, `<template>`, a closed
    /// `<dialog>` or `<details>` content) and everything inside them.
    hidden: HashSet<NodeId>,
    /// Element to the first element whose `aria-owns` names it.
    owner_of: HashMap<NodeId, NodeId>,
}

impl<'p> AriaView<'p> {
    /// Builds the view of a page in one pass.
    pub(crate) fn new(page: &'p Page) -> Self {
        let mut hidden = HashSet::new();
        let mut owner_of = HashMap::new();
        // Depth-first, carrying "an ancestor is hidden" down the tree.
        let mut stack: Vec<(ego_tree::NodeRef<'_, Node>, bool)> =
            vec![(page.html().tree.root(), false)];
        while let Some((node, inherited)) = stack.pop() {
            let mut now_hidden = inherited;
            if let Some(element) = ElementRef::wrap(node) {
                now_hidden |= leaves_accessibility_tree(element);
                if now_hidden {
                    hidden.insert(node.id());
                }
                if let Some(ids) = element.value().attr("aria-owns") {
                    for id in ids.split_ascii_whitespace() {
                        if let Some(target) = page.element_by_id(id)
                            && target.id() != node.id()
                        {
                            owner_of.entry(target.id()).or_insert(node.id());
                        }
                    }
                }
            }
            for child in node.children().rev() {
                stack.push((child, now_hidden));
            }
        }
        Self {
            page,
            aria: aria(),
            hidden,
            owner_of,
        }
    }

    /// The page.
    pub(crate) fn page(&self) -> &'p Page {
        self.page
    }

    /// The ARIA table.
    pub(crate) fn aria(&self) -> &'static Aria {
        self.aria
    }

    /// Whether the element is left out of the accessibility tree: it or an
    /// ancestor [`leaves_accessibility_tree`]. Unlike [`super::is_hidden`],
    /// this counts `inert` and closed `<dialog>` and `<details>` content, as
    /// ACT's "included in the accessibility tree" does.
    pub(crate) fn is_hidden(&self, element: ElementRef<'_>) -> bool {
        self.hidden.contains(&element.id())
    }

    /// The element whose `aria-owns` claims this one, if any.
    pub(crate) fn owner(&self, element: ElementRef<'_>) -> Option<ElementRef<'p>> {
        self.owner_of
            .get(&element.id())
            .and_then(|id| self.element(*id))
    }

    /// The element with this node id.
    pub(crate) fn element(&self, id: NodeId) -> Option<ElementRef<'p>> {
        self.page.html().tree.get(id).and_then(ElementRef::wrap)
    }

    /// Every element of the page, in document order.
    pub(crate) fn elements(&self) -> impl Iterator<Item = ElementRef<'p>> {
        self.page.root().descendants().filter_map(ElementRef::wrap)
    }

    /// The element's semantic role: its explicit role (the first concrete
    /// WAI-ARIA role in `role`), else its implicit one. A `none` or
    /// `presentation` role is ignored on an element that can take focus or
    /// has a global ARIA attribute, as browsers do (ARIA 1.2, presentational
    /// roles conflict resolution). A `td` in a `grid` or `treegrid` table is a
    /// `gridcell`.
    pub(crate) fn role(&self, element: ElementRef<'_>) -> Option<&'static str> {
        let aria = self.aria;
        let implicit = || {
            let role = aria.implicit_role(element);
            if role == Some("cell") && in_grid(aria, element) {
                return aria.role("gridcell").map(|r| r.name.as_str());
            }
            role
        };
        match aria.explicit_role(element) {
            Some(role @ ("none" | "presentation")) => {
                if is_focusable(element) || has_global_attribute(aria, element) {
                    implicit()
                } else {
                    Some(role)
                }
            }
            Some(role) => Some(role),
            None => implicit(),
        }
    }

    /// Whether a role is one assistive technology looks through (`generic`,
    /// `none`, `presentation`) or there is no role at all.
    pub(crate) fn is_transparent(role: Option<&str>) -> bool {
        role.is_none_or(|r| TRANSPARENT_ROLES.contains(&r))
    }

    /// The nearest element that owns this one in the accessibility tree and
    /// has a role of its own: the parent, or the element whose `aria-owns`
    /// names it, skipping generic and presentational elements. `None` when
    /// there is none (or a loop of `aria-owns`).
    pub(crate) fn context(
        &self,
        element: ElementRef<'_>,
    ) -> Option<(ElementRef<'p>, &'static str)> {
        let mut current = self.element(element.id())?;
        for _ in 0..MAX_STEPS {
            let parent = self
                .owner(current)
                .or_else(|| current.parent().and_then(ElementRef::wrap))?;
            let role = self.role(parent);
            if let Some(role) = role.filter(|r| !Self::is_transparent(Some(r))) {
                return Some((parent, role));
            }
            current = parent;
        }
        None
    }

    /// The elements this one owns in the accessibility tree that have a role
    /// of their own (looking through generic and presentational elements and
    /// elements without a role), with those roles, in document order, then
    /// those named by its `aria-owns`. Also says whether it owns any text
    /// directly (through such transparent elements).
    pub(crate) fn owned(&self, element: ElementRef<'_>) -> Owned<'p> {
        let mut out = Owned::default();
        let Some(start) = self.element(element.id()) else {
            return out;
        };
        let mut stack: Vec<ego_tree::NodeRef<'p, Node>> = start.children().rev().collect();
        if let Some(ids) = start.value().attr("aria-owns") {
            let mut extra: Vec<ego_tree::NodeRef<'p, Node>> = ids
                .split_ascii_whitespace()
                .filter_map(|id| self.page.element_by_id(id))
                .filter(|t| self.owner_of.get(&t.id()) == Some(&start.id()))
                .map(|t| *t)
                .collect();
            extra.reverse();
            // aria-owns children come after the DOM children.
            extra.extend(stack);
            stack = extra;
        }
        let mut steps = 0;
        while let Some(node) = stack.pop() {
            steps += 1;
            if steps > MAX_STEPS * 16 {
                break;
            }
            match node.value() {
                Node::Text(text) if !text.trim().is_empty() => {
                    out.text = true;
                }
                Node::Element(_) => {
                    let Some(child) = ElementRef::wrap(node) else {
                        continue;
                    };
                    // Moved elsewhere by another element's aria-owns.
                    if self
                        .owner_of
                        .get(&child.id())
                        .is_some_and(|o| *o != start.id())
                    {
                        continue;
                    }
                    if self.is_hidden(child)
                        || matches!(
                            child.value().name(),
                            "script" | "style" | "template" | "noscript"
                        )
                    {
                        continue;
                    }
                    let role = self.role(child);
                    match role.filter(|r| !Self::is_transparent(Some(r))) {
                        Some(role) => out.elements.push((child, role)),
                        None => {
                            for grandchild in child.children().rev() {
                                stack.push(grandchild);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// What an element owns: see [`AriaView::owned`].
#[derive(Default)]
pub(crate) struct Owned<'p> {
    /// Owned elements with a role of their own, and their roles.
    pub(crate) elements: Vec<(ElementRef<'p>, &'static str)>,
    /// Whether text sits directly in the element (or in transparent
    /// elements inside it).
    pub(crate) text: bool,
}

/// Whether a `td` sits in a table whose explicit role is `grid` or `treegrid`.
fn in_grid(aria: &Aria, element: ElementRef<'_>) -> bool {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().name() == "table")
        .and_then(|table| aria.explicit_role(table))
        .is_some_and(|r| matches!(r, "grid" | "treegrid"))
}

/// Whether the element has a global ARIA attribute (other than `aria-hidden`),
/// which makes browsers ignore a `none` or `presentation` role on it.
fn has_global_attribute(aria: &Aria, element: ElementRef<'_>) -> bool {
    element.value().attrs().any(|(name, _)| {
        name != "aria-hidden"
            && aria
                .attribute(name)
                .is_some_and(|a| a.global && !a.deprecated)
    })
}

/// The element's `tabindex`, parsed as HTML parses integers (leading spaces,
/// a sign, digits; anything after the digits is ignored).
pub(crate) fn tabindex(element: ElementRef<'_>) -> Option<i64> {
    let value = element.value().attr("tabindex")?.trim_start();
    let (sign, digits) = match value.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, value.strip_prefix('+').unwrap_or(value)),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse::<i64>().ok().map(|n| sign * n)
}

/// Whether a form control is disabled, by its own `disabled` or by a
/// disabled `fieldset` around it (outside that fieldset's first `legend`).
fn is_disabled(element: ElementRef<'_>) -> bool {
    let el = element.value();
    if !matches!(
        el.name(),
        "button" | "input" | "select" | "textarea" | "optgroup" | "option" | "fieldset"
    ) {
        return false;
    }
    if el.attr("disabled").is_some() {
        return true;
    }
    let mut child = element;
    for ancestor in element.ancestors().filter_map(ElementRef::wrap) {
        if ancestor.value().name() == "fieldset" && ancestor.value().attr("disabled").is_some() {
            let first_legend = ancestor
                .children()
                .filter_map(ElementRef::wrap)
                .find(|c| c.value().name() == "legend");
            let in_legend = first_legend.is_some_and(|l| {
                child.id() == l.id() || child.ancestors().any(|a| a.id() == l.id())
            });
            if !in_legend {
                return true;
            }
        }
        child = ancestor;
    }
    false
}

/// What kind of focusable thing an element is, in a few plain words, when
/// it takes focus natively (without `tabindex`).
fn native_focus(element: ElementRef<'_>) -> Option<&'static str> {
    let el = element.value();
    let input_type = || {
        el.attr("type")
            .map(|t| t.trim().to_ascii_lowercase())
            .unwrap_or_default()
    };
    let what = match el.name() {
        "a" | "area" if el.attr("href").is_some() => "a link",
        "button" => "a button",
        "input" if input_type() != "hidden" => match input_type().as_str() {
            "submit" | "reset" | "button" | "image" => "a button",
            "checkbox" => "a tick box",
            "radio" => "a radio button",
            _ => "a form field",
        },
        "select" => "a drop-down list",
        "textarea" => "a text box",
        "iframe" => "an embedded frame",
        "audio" | "video" if el.attr("controls").is_some() => "media player controls",
        "summary" => {
            let first_summary = element
                .parent()
                .and_then(ElementRef::wrap)
                .filter(|p| p.value().name() == "details")
                .and_then(|p| {
                    p.children()
                        .filter_map(ElementRef::wrap)
                        .find(|c| c.value().name() == "summary")
                });
            if first_summary.is_some_and(|s| s.id() == element.id()) {
                "a show-and-hide summary"
            } else {
                return None;
            }
        }
        _ => match el.attr("contenteditable").map(str::trim) {
            Some(v) if !v.eq_ignore_ascii_case("false") => "an editable area",
            _ => return None,
        },
    };
    (!is_disabled(element)).then_some(what)
}

/// Whether the element can take focus by mouse or script (natively, or
/// through any `tabindex`). Rendering (`hidden`, `display:none`) is not
/// looked at.
pub(crate) fn is_focusable(element: ElementRef<'_>) -> bool {
    if is_disabled(element) {
        return false;
    }
    tabindex(element).is_some() || native_focus(element).is_some()
}

/// What the element is, in a few plain words, when the Tab key reaches it
/// (natively focusable without a negative `tabindex`, or `tabindex` of 0 or
/// more). Rendering is not looked at.
pub(crate) fn tab_stop(element: ElementRef<'_>) -> Option<String> {
    if is_disabled(element) {
        return None;
    }
    match (tabindex(element), native_focus(element)) {
        (Some(n), _) if n < 0 => None,
        (_, Some(what)) => Some(what.to_owned()),
        (Some(n), None) => Some(format!("an element with tabindex=\"{n}\"")),
        (None, None) => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn page(body: &str) -> Page {
        crate::page::test_page("", body)
    }

    #[test]
    fn roles_follow_conflict_resolution() {
        let p = page(
            r#"<button id=a role=none>x</button><li id=b role=presentation aria-label="x">y</li>
               <span id=c role=presentation>z</span><table role=grid><tr><td id=d>1</td></tr></table>
               <table><tr><td id=e>1</td></tr></table><div id=f role="foo tab">t</div>"#,
        );
        let view = AriaView::new(&p);
        let role = |id: &str| view.role(p.element_by_id(id).unwrap());
        assert_eq!(role("a"), Some("button"));
        assert_eq!(role("b"), Some("listitem"));
        assert_eq!(role("c"), Some("presentation"));
        assert_eq!(role("d"), Some("gridcell"));
        assert_eq!(role("e"), Some("cell"));
        assert_eq!(role("f"), Some("tab"));
    }

    #[test]
    fn hidden_is_inherited() {
        let p = page(
            r#"<div aria-hidden="true"><a id=a href="/">x</a></div><div hidden><p id=b>x</p></div>
               <p id=c>shown</p><div style="display: none"><span id=d>x</span></div>"#,
        );
        let view = AriaView::new(&p);
        let hidden = |id: &str| view.is_hidden(p.element_by_id(id).unwrap());
        assert!(hidden("a") && hidden("b") && hidden("d"));
        assert!(!hidden("c"));
        let p = page(
            r#"<details><summary id=s>More</summary><p id=p>x</p></details>
               <details open><summary>More</summary><p id=q>x</p></details>
               <dialog><button id=b>Close</button></dialog>"#,
        );
        let view = AriaView::new(&p);
        let hidden = |id: &str| view.is_hidden(p.element_by_id(id).unwrap());
        assert!(!hidden("s") && hidden("p") && !hidden("q") && hidden("b"));
    }

    #[test]
    fn context_skips_generic_and_follows_owns() {
        let p = page(
            r#"<div role=tablist id=l><div><span role=tab id=t>A</span></div></div>
               <div role=list aria-owns="i"></div><div><div role=listitem id=i>x</div></div>"#,
        );
        let view = AriaView::new(&p);
        let (el, role) = view.context(p.element_by_id("t").unwrap()).unwrap();
        assert_eq!((el.value().id(), role), (Some("l"), "tablist"));
        let (_, role) = view.context(p.element_by_id("i").unwrap()).unwrap();
        assert_eq!(role, "list");
    }

    #[test]
    fn owned_looks_through_generic() {
        let p = page(
            r#"<ul id=l role=tablist><li role=presentation><a role=tab href="/a">A</a></li>
               <li><a href="/b">B</a></li></ul><div id=e role=list>   </div>"#,
        );
        let view = AriaView::new(&p);
        let owned = view.owned(p.element_by_id("l").unwrap());
        let roles: Vec<&str> = owned.elements.iter().map(|(_, r)| *r).collect();
        assert_eq!(roles, ["tab", "listitem"]);
        let empty = view.owned(p.element_by_id("e").unwrap());
        assert!(empty.elements.is_empty() && !empty.text);
    }

    #[test]
    fn focus() {
        let p = page(
            r#"<a id=a href="/">x</a><a id=b>x</a><button id=c disabled>x</button>
               <span id=d tabindex="0">x</span><a id=e href="/" tabindex="-1">x</a>
               <fieldset disabled><legend><input id=f></legend><input id=g></fieldset>
               <details><summary id=h>More</summary></details><div id=i contenteditable>x</div>"#,
        );
        let stop = |id: &str| tab_stop(p.element_by_id(id).unwrap());
        assert_eq!(stop("a").as_deref(), Some("a link"));
        assert_eq!(stop("b"), None);
        assert_eq!(stop("c"), None);
        assert_eq!(stop("d").as_deref(), Some("an element with tabindex=\"0\""));
        assert_eq!(stop("e"), None);
        assert!(is_focusable(p.element_by_id("e").unwrap()));
        assert_eq!(stop("f").as_deref(), Some("a form field"));
        assert_eq!(stop("g"), None);
        assert_eq!(stop("h").as_deref(), Some("a show-and-hide summary"));
        assert_eq!(stop("i").as_deref(), Some("an editable area"));
    }
}
