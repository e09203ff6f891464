//! Accessible names: what a screen reader announces for an element.
//!
//! A subset of W3C "Accessible Name and Description Computation 1.2" with the
//! HTML-AAM rules for native elements, enough for static checks:
//!
//! 1. hidden elements have no name, unless reached through `aria-labelledby`;
//! 2. `aria-labelledby` (ids in order, each element's text, hidden or not);
//! 3. `aria-label`;
//! 4. the native source: `<label>` for form controls (by `for` and by
//!    wrapping), `alt` for images and image inputs and areas, `value` for
//!    button inputs (and the browser's "Submit"/"Reset" defaults), `<legend>`
//!    for a fieldset, `<caption>` for a table, `<title>` for an `svg`;
//! 5. the element's own content, for roles named from content (links,
//!    buttons, headings, cells, options, summaries...) and inside other names;
//! 6. `title`, then `placeholder` for text inputs, as a last resort.
//!
//! Not covered: CSS generated content, `aria-owns` reordering, the values of
//! embedded widgets beyond text inputs and selects, and `aria-describedby`.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Node};

use super::{Page, collapse_whitespace, hides_content};

/// Where an element's name came from: checks use it to tell a real label
/// from a placeholder or a tooltip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    /// `aria-labelledby`.
    LabelledBy,
    /// `aria-label`.
    AriaLabel,
    /// A `<label>` element.
    Label,
    /// `alt` text.
    Alt,
    /// A `value` attribute, or a browser default such as "Submit".
    Value,
    /// `<legend>`, `<caption>`, an svg `<title>` and similar child elements.
    Child,
    /// The element's own text content.
    Contents,
    /// The `title` attribute.
    Title,
    /// The `placeholder` attribute.
    Placeholder,
}

/// An accessible name and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessibleName {
    /// The name with whitespace collapsed; empty when there is none.
    pub text: String,
    /// Its source, when there is a name.
    pub source: Option<NameSource>,
}

impl AccessibleName {
    fn none() -> Self {
        Self {
            text: String::new(),
            source: None,
        }
    }

    fn from(text: String, source: NameSource) -> Option<Self> {
        let text = collapse_whitespace(&text);
        (!text.is_empty()).then_some(Self {
            text,
            source: Some(source),
        })
    }

    /// Whether there is a non-empty name.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// The namespace html5ever gives elements inside `<svg>`.
const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";

/// Roles whose name comes from their content when they are the element being
/// named (ARIA 1.2 "name from: contents").
const NAME_FROM_CONTENT_ROLES: &[&str] = &[
    "button",
    "cell",
    "checkbox",
    "columnheader",
    "gridcell",
    "heading",
    "link",
    "menuitem",
    "menuitemcheckbox",
    "menuitemradio",
    "option",
    "radio",
    "row",
    "rowheader",
    "sectionhead",
    "switch",
    "tab",
    "tooltip",
    "treeitem",
];

/// Elements whose implicit role is named from content.
fn native_name_from_content(element: ElementRef<'_>) -> bool {
    let el = element.value();
    match el.name() {
        "a" | "area" => el.attr("href").is_some(),
        "button" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "summary" | "td" | "th" | "option"
        | "caption" | "label" | "legend" | "figcaption" => true,
        _ => false,
    }
}

fn names_from_content(element: ElementRef<'_>) -> bool {
    // The first role token ARIA knows wins; an unknown one ("doc-noteref" in a
    // checker without DPUB roles, or a typo) leaves the element's own role.
    match crate::aria::aria().explicit_role(element) {
        Some(role) => NAME_FROM_CONTENT_ROLES.contains(&role),
        None => native_name_from_content(element),
    }
}

/// Elements that break a line, so text on either side does not run together.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "br"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "main"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "dl"
            | "dt"
            | "dd"
            | "form"
            | "fieldset"
            | "legend"
            | "label"
            | "option"
    )
}

fn attr_text(element: ElementRef<'_>, name: &str) -> Option<String> {
    element
        .value()
        .attr(name)
        .map(collapse_whitespace)
        .filter(|v| !v.is_empty())
}

fn input_type(element: ElementRef<'_>) -> String {
    element
        .value()
        .attr("type")
        .map_or_else(|| "text".to_owned(), |t| t.trim().to_ascii_lowercase())
}

/// Whether an element is a labelable form control (HTML "labelable elements").
#[must_use]
pub fn is_labelable(element: ElementRef<'_>) -> bool {
    match element.value().name() {
        "input" => input_type(element) != "hidden",
        "button" | "meter" | "output" | "progress" | "select" | "textarea" => true,
        _ => false,
    }
}

struct Walk<'p> {
    page: &'p Page,
    visited: HashSet<NodeId>,
}

impl Walk<'_> {
    /// The name of `element`; `root` is true for the element being named.
    fn name(
        &mut self,
        element: ElementRef<'_>,
        root: bool,
        via_labelledby: bool,
    ) -> AccessibleName {
        if !self.visited.insert(element.id()) {
            return AccessibleName::none();
        }
        // 2A: hidden content has no name, unless it was pointed at directly.
        if !via_labelledby && (hides_content(element) || input_type_hidden(element)) {
            return AccessibleName::none();
        }
        // 2B: aria-labelledby, not followed twice.
        if !via_labelledby && let Some(ids) = element.value().attr("aria-labelledby") {
            let parts: Vec<String> = ids
                .split_whitespace()
                .filter_map(|id| self.page.element_by_id(id))
                .map(|target| self.text_for_reference(target))
                .filter(|t| !t.is_empty())
                .collect();
            if let Some(name) = AccessibleName::from(parts.join(" "), NameSource::LabelledBy) {
                return name;
            }
        }
        // 2C: aria-label (an embedded control's value would win inside a
        // label; carelint does not model that).
        if let Some(label) = attr_text(element, "aria-label")
            && let Some(name) = AccessibleName::from(label, NameSource::AriaLabel)
        {
            return name;
        }
        // 2D: native sources.
        if let Some(name) = self.native(element) {
            return name;
        }
        // Inside a name, embedded controls contribute their value.
        if !root && let Some(value) = embedded_value(element) {
            return AccessibleName::from(value, NameSource::Value)
                .unwrap_or_else(AccessibleName::none);
        }
        // 2F/2G: content.
        if !root || names_from_content(element) {
            let text = self.contents(element);
            if let Some(name) = AccessibleName::from(text, NameSource::Contents) {
                return name;
            }
        }
        // 2I: tooltip, then placeholder.
        if let Some(name) =
            attr_text(element, "title").and_then(|t| AccessibleName::from(t, NameSource::Title))
        {
            return name;
        }
        if matches!(element.value().name(), "input" | "textarea")
            && let Some(name) = attr_text(element, "placeholder")
                .and_then(|t| AccessibleName::from(t, NameSource::Placeholder))
        {
            return name;
        }
        AccessibleName::none()
    }

    /// Text of an element reached through `aria-labelledby`.
    fn text_for_reference(&mut self, target: ElementRef<'_>) -> String {
        // A referenced element is named from its content even when its role
        // would not be, and even when it is hidden.
        let name = self.name(target, false, true);
        name.text
    }

    fn native(&mut self, element: ElementRef<'_>) -> Option<AccessibleName> {
        let el = element.value();
        match el.name() {
            // An image marked as decoration has no name, whatever its alt
            // says (ACT ffd0e9): browsers leave it out of the tree, unless it
            // can take focus, when the role is ignored.
            "img"
                if matches!(
                    crate::aria::aria().explicit_role(element),
                    Some("none" | "presentation")
                ) && el
                    .attr("tabindex")
                    .is_none_or(|t| t.trim().starts_with('-')) =>
            {
                return Some(AccessibleName::none());
            }
            "img" | "area" => {
                return el.attr("alt").map(|alt| {
                    AccessibleName::from(alt.to_owned(), NameSource::Alt)
                        .unwrap_or_else(AccessibleName::none)
                });
            }
            "input" => {
                let kind = input_type(element);
                match kind.as_str() {
                    "image" => {
                        return attr_text(element, "alt")
                            .and_then(|a| AccessibleName::from(a, NameSource::Alt))
                            .or_else(|| {
                                attr_text(element, "value")
                                    .and_then(|v| AccessibleName::from(v, NameSource::Value))
                            });
                    }
                    "submit" | "reset" | "button" => {
                        if let Some(v) = el.attr("value") {
                            return AccessibleName::from(v.to_owned(), NameSource::Value);
                        }
                        return match kind.as_str() {
                            "submit" => {
                                AccessibleName::from("Submit".to_owned(), NameSource::Value)
                            }
                            "reset" => AccessibleName::from("Reset".to_owned(), NameSource::Value),
                            _ => None,
                        };
                    }
                    _ => {}
                }
            }
            "fieldset" => return self.child_named(element, "legend"),
            "table" => return self.child_named(element, "caption"),
            "figure" => return self.child_named(element, "figcaption"),
            "svg" => return self.child_named(element, "title"),
            // Any SVG shape or group takes its name from a <title> child too
            // (SVG-AAM), as a <circle role="graphics-symbol"> may.
            _ if &*el.name.ns == SVG_NAMESPACE => return self.child_named(element, "title"),
            _ => {}
        }
        if is_labelable(element) {
            let labels = self.labels_of(element);
            if !labels.is_empty() {
                return AccessibleName::from(labels.join(" "), NameSource::Label);
            }
        }
        None
    }

    fn child_named(&mut self, element: ElementRef<'_>, child: &str) -> Option<AccessibleName> {
        let found = element
            .children()
            .filter_map(ElementRef::wrap)
            .find(|c| c.value().name() == child)?;
        let text = self.contents(found);
        AccessibleName::from(text, NameSource::Child)
    }

    /// The text of the `<label>`s of a control ([`Page::labels_of`]) that
    /// are not hidden themselves.
    fn labels_of(&mut self, control: ElementRef<'_>) -> Vec<String> {
        let labels = self.page.labels_of(control);
        labels
            .into_iter()
            .filter(|l| !hides_content(*l))
            .map(|l| {
                // The control itself is not part of its own label.
                self.visited.insert(control.id());
                self.contents(l)
            })
            .filter(|t| !t.trim().is_empty())
            .collect()
    }

    /// The text of an element's children, each named in turn.
    fn contents(&mut self, element: ElementRef<'_>) -> String {
        let mut out = String::new();
        for child in element.children() {
            match child.value() {
                Node::Text(text) => out.push_str(text),
                Node::Element(el) => {
                    let Some(child_el) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if matches!(el.name(), "script" | "style" | "template" | "noscript") {
                        continue;
                    }
                    let block = is_block(el.name());
                    if block {
                        out.push(' ');
                    }
                    out.push_str(&self.name(child_el, false, false).text);
                    if block || matches!(el.name(), "img" | "input" | "select") {
                        out.push(' ');
                    }
                }
                _ => {}
            }
        }
        out
    }
}

fn input_type_hidden(element: ElementRef<'_>) -> bool {
    element.value().name() == "input" && input_type(element) == "hidden"
}

/// The value an embedded control adds to the name of what contains it.
fn embedded_value(element: ElementRef<'_>) -> Option<String> {
    let el = element.value();
    match el.name() {
        "input"
            if matches!(
                input_type(element).as_str(),
                "text" | "email" | "tel" | "url" | "search" | "number"
            ) =>
        {
            Some(el.attr("value").unwrap_or_default().to_owned())
        }
        "select" => {
            let options: Vec<ElementRef<'_>> = element
                .descendants()
                .filter_map(ElementRef::wrap)
                .filter(|o| o.value().name() == "option")
                .collect();
            let chosen = options
                .iter()
                .find(|o| o.value().attr("selected").is_some())
                .or_else(|| options.first())?;
            Some(chosen.text().collect())
        }
        "textarea" => Some(element.text().collect()),
        _ => None,
    }
}

impl Page {
    /// The accessible name of an element, as a screen reader would announce it.
    #[must_use]
    pub fn accessible_name(&self, element: ElementRef<'_>) -> AccessibleName {
        let mut walk = Walk {
            page: self,
            visited: HashSet::new(),
        };
        walk.name(element, true, false)
    }

    /// The `<label>` elements of a form control, in the order their texts
    /// join into its name: those whose `for` is the control's id, in document
    /// order, then the `<label>` around it (unless that one's `for` names
    /// another element). Hidden labels are included: the caller decides.
    #[must_use]
    pub fn labels_of<'a>(&'a self, control: ElementRef<'a>) -> Vec<ElementRef<'a>> {
        let mut labels: Vec<ElementRef<'a>> = Vec::new();
        if let Some(id) = control.value().id() {
            labels.extend(self.labels_for(id));
        }
        if let Some(wrapping) = control
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| a.value().name() == "label")
            && wrapping
                .value()
                .attr("for")
                .is_none_or(|f| Some(f) == control.value().id())
            && !labels.iter().any(|l| l.id() == wrapping.id())
        {
            labels.push(wrapping);
        }
        labels
    }

    /// The text one `<label>` gives `control`'s accessible name: its content
    /// as the name computation reads it (hidden parts left out, images by
    /// their `alt`, other embedded controls by their value), without the
    /// control itself; whitespace collapsed. Empty for a label with no text.
    #[must_use]
    pub fn label_text(&self, label: ElementRef<'_>, control: ElementRef<'_>) -> String {
        let mut walk = Walk {
            page: self,
            visited: HashSet::from([control.id()]),
        };
        collapse_whitespace(&walk.contents(label))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// (markup inside <body>, id of the element to name, expected name, source)
    const CASES: &[(&str, &str, &str, Option<NameSource>)] = &[
        (
            r#"<a id=x href="/book">Book an appointment</a>"#,
            "x",
            "Book an appointment",
            Some(NameSource::Contents),
        ),
        (
            r#"<a id=x href="/"><img src=logo.png alt="Palfrey Lane Medical Centre home"></a>"#,
            "x",
            "Palfrey Lane Medical Centre home",
            Some(NameSource::Contents),
        ),
        (r#"<a id=x href="/"><img src=logo.png></a>"#, "x", "", None),
        (
            r#"<a id=x href="/" aria-label="Home">⌂</a>"#,
            "x",
            "Home",
            Some(NameSource::AriaLabel),
        ),
        (
            r#"<span id=l1>Date of</span><span id=l2 hidden>birth</span><input id=x aria-labelledby="l1 l2">"#,
            "x",
            "Date of birth",
            Some(NameSource::LabelledBy),
        ),
        (
            r#"<label for=x>NHS number</label><input id=x>"#,
            "x",
            "NHS number",
            Some(NameSource::Label),
        ),
        (
            r#"<label>Full name <input id=x></label>"#,
            "x",
            "Full name",
            Some(NameSource::Label),
        ),
        (
            r#"<label for=x>Email</label><label for=x>(optional)</label><input id=x type=email>"#,
            "x",
            "Email (optional)",
            Some(NameSource::Label),
        ),
        (
            r#"<input id=x placeholder="Search this site">"#,
            "x",
            "Search this site",
            Some(NameSource::Placeholder),
        ),
        (
            r#"<input id=x title="Postcode">"#,
            "x",
            "Postcode",
            Some(NameSource::Title),
        ),
        (
            r#"<input id=x type=submit>"#,
            "x",
            "Submit",
            Some(NameSource::Value),
        ),
        (
            r#"<input id=x type=submit value="Send request">"#,
            "x",
            "Send request",
            Some(NameSource::Value),
        ),
        (
            r#"<input id=x type=image src=go.png alt="Search">"#,
            "x",
            "Search",
            Some(NameSource::Alt),
        ),
        (r#"<input id=x type=image src=go.png>"#, "x", "", None),
        (
            r#"<button id=x><svg aria-hidden="true"></svg></button>"#,
            "x",
            "",
            None,
        ),
        (
            r#"<button id=x><svg role=img><title>Close</title></svg></button>"#,
            "x",
            "Close",
            Some(NameSource::Contents),
        ),
        (
            r#"<button id=x>Send <span hidden>now</span></button>"#,
            "x",
            "Send",
            Some(NameSource::Contents),
        ),
        (
            r#"<div id=x role=button>Next</div>"#,
            "x",
            "Next",
            Some(NameSource::Contents),
        ),
        (r#"<div id=x>Just text</div>"#, "x", "", None),
        (
            r##"<a id=x href="#n1" role="made-up">1</a>"##,
            "x",
            "1",
            Some(NameSource::Contents),
        ),
        (r#"<img id=x src=a.png alt="">"#, "x", "", None),
        (
            r#"<h1 id=x><img src=logo.png alt="Elmfield Surgery" role="presentation"></h1>"#,
            "x",
            "",
            None,
        ),
        (
            r#"<fieldset id=x><legend>Contact preference</legend><input type=radio></fieldset>"#,
            "x",
            "Contact preference",
            Some(NameSource::Child),
        ),
        (
            r#"<table id=x><caption>Opening hours</caption><tr><td>Mon</td></tr></table>"#,
            "x",
            "Opening hours",
            Some(NameSource::Child),
        ),
        (
            r#"<h2 id=x>Before <em>your</em> visit</h2>"#,
            "x",
            "Before your visit",
            Some(NameSource::Contents),
        ),
        (
            r#"<label for=x>Day <select><option>Mon<option selected>Tue</select></label><input id=x>"#,
            "x",
            "Day Tue",
            Some(NameSource::Label),
        ),
        // A self-reference is not followed twice; the content still names it.
        (
            r#"<a id=x href="/a" aria-labelledby="x">Loop</a>"#,
            "x",
            "Loop",
            Some(NameSource::Contents),
        ),
    ];

    #[test]
    fn labels_one_by_one() {
        let page = Page::from_text(
            "t",
            r#"<!doctype html><html lang=en><body><label for=x>Email <span hidden>x</span></label>
               <label>(optional) <img src=i.png alt="info"> <input id=x type=email></label>
               <label for=y>Other</label><label for=y>Not <select><option>this</select></label>
               <label for=z>Phone <input id=y></label></body></html>"#,
        )
        .unwrap();
        let texts = |id: &str| {
            let control = page.element_by_id(id).unwrap();
            page.labels_of(control)
                .into_iter()
                .map(|l| page.label_text(l, control))
                .collect::<Vec<_>>()
        };
        assert_eq!(texts("x"), ["Email", "(optional) info"]);
        // The label around y names z: only the `for` labels count.
        assert_eq!(texts("y"), ["Other", "Not this"]);
    }

    #[test]
    fn accessible_name_table() {
        for (markup, id, want, source) in CASES {
            let page = Page::from_text(
                "t",
                &format!("<!doctype html><html lang=en><body>{markup}</body></html>"),
            )
            .unwrap();
            let element = page.element_by_id(id).unwrap();
            let name = page.accessible_name(element);
            assert_eq!(
                (name.text.as_str(), name.source),
                (*want, *source),
                "{markup}"
            );
        }
    }
}
