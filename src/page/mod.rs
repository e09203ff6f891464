//! The page model: a parsed HTML page that remembers where everything came from.
//!
//! A [`Page`] holds the decoded source, the scraper DOM, the byte range of every
//! element's start tag, the byte offset of every text node, and the page's text cut
//! into [`Block`]s. Checks read pages only through this module, so they never need to
//! know whether a page came from disk, stdin or the crawler.
//!
//! A `Page` is not `Send` (scraper's DOM uses non-atomic reference counts): build and
//! check a page on one thread and send out plain findings.

pub mod accname;
pub(crate) mod aria_view;
mod blocks;
pub mod decode;
pub mod hidden;
pub mod links;
pub mod position;
mod sink;
pub mod sniff;
mod spans;
pub mod style;
pub mod suppress;
mod tag;

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use ego_tree::NodeId;
use html5ever::ParseOpts;
use html5ever::tendril::{StrTendril, TendrilSink};
use scraper::{ElementRef, Html, Node};

pub use blocks::{Block, BlockKind, is_block_element, is_english_tag};
pub use hidden::{hides_content, is_hidden};
pub use links::{Link, LinkKind, PageLinks, Resource, ResourceKind};
pub use position::{LineIndex, Position, Span};
pub use suppress::{Suppression, Suppressions};

/// Limits that keep one hostile page from stalling an audit.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest page source, in bytes, that is parsed.
    pub max_bytes: usize,
    /// Deepest element nesting that is checked.
    pub max_depth: usize,
    /// Most elements in one page that are checked.
    pub max_elements: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            max_depth: 1024,
            max_elements: 500_000,
        }
    }
}

/// Why a page could not be turned into a [`Page`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    /// The file is empty.
    #[error("the page is empty")]
    Empty,
    /// The bytes look like a binary file, not HTML.
    #[error("this is not an HTML page: it looks like a binary file (found a NUL byte at byte {0})")]
    Binary(usize),
    /// The page is larger than the limit.
    #[error("the page is too large to check ({size} bytes; the limit is {limit} bytes)")]
    TooLarge {
        /// The page's size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// Elements are nested deeper than the limit.
    #[error("the page is nested too deeply to check (depth over {limit})")]
    TooDeep {
        /// The depth limit.
        limit: usize,
    },
    /// The page has more elements than the limit.
    #[error("the page has too many elements to check ({count}; the limit is {limit})")]
    TooManyElements {
        /// Number of elements found.
        count: usize,
        /// The limit.
        limit: usize,
    },
}

/// A parsed page.
pub struct Page {
    key: String,
    source: String,
    encoding: &'static str,
    html: Html,
    element_spans: HashMap<NodeId, Span>,
    text_starts: HashMap<NodeId, usize>,
    lines: LineIndex,
    blocks: Vec<Block>,
    main: Option<NodeId>,
    /// Elements whose start tag gives one attribute name twice, with the names.
    repeated_attributes: Vec<(NodeId, Vec<String>)>,
    /// Elements by id (the first of each), built on first use.
    ids: std::cell::OnceCell<HashMap<String, NodeId>>,
    /// `<label for>` elements by their `for` value, in document order, built
    /// on first use.
    labels_for: std::cell::OnceCell<HashMap<String, Vec<NodeId>>>,
    /// Inline suppressions, read on first use.
    suppressions: std::cell::OnceCell<suppress::Suppressions>,
    /// The linked style sheets the input side loaded, by their href as the
    /// page writes it, each with its own imports folded in.
    linked_styles: HashMap<String, Arc<str>>,
}

impl std::fmt::Debug for Page {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Page")
            .field("key", &self.key)
            .field("bytes", &self.source.len())
            .field("blocks", &self.blocks.len())
            .finish_non_exhaustive()
    }
}

impl Page {
    /// Decodes and parses page bytes. `key` is how the page is named in reports
    /// (its URL, or its path as reached from the target).
    ///
    /// # Errors
    /// Returns a [`PageError`] when the bytes are empty, binary, too large or too deep.
    pub fn from_bytes(
        key: impl Into<String>,
        bytes: &[u8],
        http_charset: Option<&str>,
        limits: Limits,
    ) -> Result<Self, PageError> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(PageError::Empty);
        }
        if bytes.len() > limits.max_bytes {
            return Err(PageError::TooLarge {
                size: bytes.len(),
                limit: limits.max_bytes,
            });
        }
        // UTF-16 pages legitimately contain NUL bytes; only sniff the rest.
        if encoding_rs::Encoding::for_bom(bytes).is_none() {
            let head = &bytes[..bytes.len().min(8192)];
            if let Some(at) = head.iter().position(|b| *b == 0) {
                return Err(PageError::Binary(at));
            }
        }
        let decoded = decode::decode(bytes, http_charset);
        Self::parse(key, decoded.text, decoded.encoding, limits)
    }

    /// Parses page text that is already decoded.
    ///
    /// # Errors
    /// Returns a [`PageError`] when the text is too large or too deeply nested.
    pub fn from_text(key: impl Into<String>, text: &str) -> Result<Self, PageError> {
        Self::parse(key, text.to_owned(), "UTF-8", Limits::default())
    }

    fn parse(
        key: impl Into<String>,
        source: String,
        encoding: &'static str,
        limits: Limits,
    ) -> Result<Self, PageError> {
        if source.len() > limits.max_bytes {
            return Err(PageError::TooLarge {
                size: source.len(),
                limit: limits.max_bytes,
            });
        }
        let chunk_start = Rc::new(Cell::new(0));
        let sink = sink::SpanSink::new(Rc::clone(&chunk_start));
        let mut parser = html5ever::parse_document(sink, ParseOpts::default());
        // Feed the tokenizer one chunk per `<` so every node is created while the
        // chunk holding its own markup is processed (see `sink`).
        let mut from = 0;
        for (i, _) in source.match_indices('<') {
            if i > from {
                chunk_start.set(from);
                parser.process(StrTendril::from_slice(&source[from..i]));
                from = i;
            }
        }
        chunk_start.set(from);
        parser.process(StrTendril::from_slice(&source[from..]));
        let (html, offsets) = parser.finish();

        check_shape(&html, limits)?;
        let element_spans = spans::element_spans(&source, &html, &offsets.elements);
        let text_starts = spans::text_starts(&source, &html, &offsets.texts);
        let repeated_attributes =
            repeated_attributes(&source, &element_spans, &offsets.duplicate_attributes);
        let lines = LineIndex::new(&source);
        let main = find_main(&html);
        let mut page = Self {
            key: key.into(),
            source,
            encoding,
            html,
            element_spans,
            text_starts,
            lines,
            blocks: Vec::new(),
            main,
            repeated_attributes,
            ids: std::cell::OnceCell::new(),
            labels_for: std::cell::OnceCell::new(),
            suppressions: std::cell::OnceCell::new(),
            linked_styles: HashMap::new(),
        };
        page.blocks = blocks::extract(&page);
        Ok(page)
    }

    /// The style sheets the page loads, as written in its source, in
    /// document order: `<link rel=stylesheet>` hrefs, then the `@import`s of
    /// its `<style>` elements (print-only ones left out). The input side
    /// loads what it may and gives them back with
    /// [`set_linked_styles`](Self::set_linked_styles).
    #[must_use]
    pub fn stylesheet_refs(&self) -> Vec<String> {
        style::linked::stylesheet_refs(self)
    }

    /// Gives the page the texts of linked style sheets, keyed by the href
    /// [`stylesheet_refs`](Self::stylesheet_refs) gave, each with its own
    /// `@import`s already folded in. A sheet left out counts as not read:
    /// colours it may set are doubtful, never guessed.
    pub fn set_linked_styles(&mut self, styles: HashMap<String, Arc<str>>) {
        self.linked_styles = styles;
    }

    /// A loaded linked style sheet's text, by its href as written.
    pub(crate) fn linked_style(&self, href: &str) -> Option<&str> {
        self.linked_styles.get(href.trim()).map(|s| &**s)
    }

    /// Elements whose start tag gives an attribute name more than once, with
    /// the repeated names (lower-cased), in document order. The DOM keeps only
    /// the first value of each, as browsers do.
    #[must_use]
    pub fn repeated_attributes(&self) -> &[(NodeId, Vec<String>)] {
        &self.repeated_attributes
    }

    /// The first element with this id, if any.
    #[must_use]
    pub fn element_by_id(&self, id: &str) -> Option<ElementRef<'_>> {
        let ids = self.ids.get_or_init(|| {
            let mut map = HashMap::new();
            for node in self.html.tree.nodes() {
                if let Some(id) = node.value().as_element().and_then(|e| e.id()) {
                    map.entry(id.to_owned()).or_insert(node.id());
                }
            }
            map
        });
        ids.get(id)
            .and_then(|n| self.html.tree.get(*n))
            .and_then(ElementRef::wrap)
    }

    /// The `<label>` elements whose `for` is exactly `id`, in document order.
    /// The index is built once per page, on first use.
    #[must_use = "the labels are returned, not stored"]
    pub fn labels_for(&self, id: &str) -> impl Iterator<Item = ElementRef<'_>> {
        let index = self.labels_for.get_or_init(|| {
            let mut map: HashMap<String, Vec<NodeId>> = HashMap::new();
            for node in self.html.tree.nodes() {
                if let Some(el) = node.value().as_element()
                    && el.name() == "label"
                    && let Some(target) = el.attr("for")
                {
                    map.entry(target.to_owned()).or_default().push(node.id());
                }
            }
            map
        });
        index
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|n| self.html.tree.get(*n))
            .filter_map(ElementRef::wrap)
    }

    /// How many elements carry this id (more than one is a defect).
    #[must_use]
    pub fn id_count(&self, id: &str) -> usize {
        self.html
            .tree
            .nodes()
            .filter(|n| n.value().as_element().and_then(|e| e.id()) == Some(id))
            .count()
    }

    /// The page's name in reports.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The decoded source.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The encoding the source was decoded from.
    #[must_use]
    pub fn encoding(&self) -> &'static str {
        self.encoding
    }

    /// The parsed document.
    #[must_use]
    pub fn html(&self) -> &Html {
        &self.html
    }

    /// The root `<html>` element.
    #[must_use]
    pub fn root(&self) -> ElementRef<'_> {
        self.html.root_element()
    }

    /// The text blocks of the page, in document order.
    #[must_use]
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The element that holds the main content: `<main>` (or `role="main"`) when the
    /// page has one.
    #[must_use]
    pub fn main_element(&self) -> Option<ElementRef<'_>> {
        self.main
            .and_then(|id| self.html.tree.get(id))
            .and_then(ElementRef::wrap)
    }

    /// The `<body>` element.
    #[must_use]
    pub fn body(&self) -> Option<ElementRef<'_>> {
        self.root()
            .children()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "body")
    }

    /// The byte range of an element's start tag, if the tag is in the source
    /// (implied elements such as a missing `<tbody>` have none).
    #[must_use]
    pub fn span(&self, element: NodeId) -> Option<Span> {
        self.element_spans.get(&element).copied()
    }

    /// The best source range to point at for an element: its own start tag, else
    /// the first descendant that has one, else the nearest ancestor that has one.
    #[must_use]
    pub fn anchor_span(&self, element: NodeId) -> Span {
        if let Some(span) = self.span(element) {
            return span;
        }
        if let Some(node) = self.html.tree.get(element) {
            if let Some(span) = node.descendants().find_map(|d| self.span(d.id())) {
                return span;
            }
            if let Some(span) = node.ancestors().find_map(|a| self.span(a.id())) {
                return span;
            }
        }
        Span { start: 0, end: 0 }
    }

    /// Byte offset in the source where a text node's text starts, when known.
    #[must_use]
    pub fn text_start(&self, text_node: NodeId) -> Option<usize> {
        self.text_starts.get(&text_node).copied()
    }

    /// Line and column of a byte offset.
    #[must_use]
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.source, offset)
    }

    /// The line index of the source.
    #[must_use]
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// The `lang` of the `<html>` element, trimmed, if it has a non-blank one.
    #[must_use]
    pub fn lang(&self) -> Option<&str> {
        self.root()
            .value()
            .attr("lang")
            .map(str::trim)
            .filter(|l| !l.is_empty())
    }

    /// The text of the first `<title>` in the document, with whitespace collapsed.
    #[must_use]
    pub fn title(&self) -> Option<String> {
        let title = self
            .root()
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "title")?;
        Some(collapse_whitespace(&title.text().collect::<String>()))
    }

    /// A CSS selector path to an element, unique within the page, such as
    /// `main > figure:nth-of-type(2) > img`.
    #[must_use]
    pub fn selector_path(&self, element: NodeId) -> String {
        let mut parts = Vec::new();
        let mut current = self.html.tree.get(element);
        while let Some(node) = current {
            let Some(el) = ElementRef::wrap(node) else {
                break;
            };
            let name = el.value().name();
            if let Some(id) = el.value().id().filter(|id| is_simple_ident(id)) {
                parts.push(format!("{name}#{id}"));
                break;
            }
            if matches!(name, "html" | "body") && !parts.is_empty() {
                break;
            }
            let same_before = node
                .prev_siblings()
                .filter_map(ElementRef::wrap)
                .filter(|s| s.value().name() == name)
                .count();
            let same_after = node
                .next_siblings()
                .filter_map(ElementRef::wrap)
                .any(|s| s.value().name() == name);
            if same_before > 0 || same_after {
                parts.push(format!("{name}:nth-of-type({})", same_before + 1));
            } else {
                parts.push(name.to_owned());
            }
            current = node.parent();
        }
        parts.reverse();
        parts.join(" > ")
    }

    /// The start tag of an element as written in the source, cut to `max` characters.
    #[must_use]
    pub fn snippet(&self, element: NodeId, max: usize) -> String {
        let span = self.anchor_span(element);
        let text = self.source.get(span.start..span.end).unwrap_or_default();
        truncate_chars(text, max)
    }
}

/// Collapses runs of whitespace into single spaces and trims the ends.
#[must_use]
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts text to at most `max` characters, marking a cut with an ellipsis.
#[must_use]
pub fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('\u{2026}');
    out
}

fn is_simple_ident(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The first visible `<main>` (or `role="main"`): HTML allows several `main`
/// elements as long as only one is shown.
fn find_main(html: &Html) -> Option<NodeId> {
    html.root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| {
            (e.value().name() == "main"
                || e.value()
                    .attr("role")
                    .is_some_and(|r| r.trim().eq_ignore_ascii_case("main")))
                && !is_hidden(*e)
        })
        .map(|e| e.id())
}

/// Rejects trees too deep or too large to check in reasonable time.
fn check_shape(html: &Html, limits: Limits) -> Result<(), PageError> {
    let mut count = 0usize;
    let mut depth = 0usize;
    for edge in html.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => {
                if matches!(node.value(), Node::Element(_)) {
                    count += 1;
                    depth += 1;
                    if depth > limits.max_depth {
                        return Err(PageError::TooDeep {
                            limit: limits.max_depth,
                        });
                    }
                }
            }
            ego_tree::iter::Edge::Close(node) => {
                if matches!(node.value(), Node::Element(_)) {
                    depth -= 1;
                }
            }
        }
    }
    if count > limits.max_elements {
        return Err(PageError::TooManyElements {
            count,
            limit: limits.max_elements,
        });
    }
    Ok(())
}

/// Turns the offsets where the tokenizer met a repeated attribute into the
/// elements whose start tags hold them. An offset in an end tag, or in a tag
/// that made no element, matches nothing and is dropped.
fn repeated_attributes(
    source: &str,
    spans: &HashMap<NodeId, Span>,
    offsets: &[usize],
) -> Vec<(NodeId, Vec<String>)> {
    if offsets.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(usize, NodeId, Vec<String>)> = Vec::new();
    for (node, span) in spans {
        if !offsets.iter().any(|o| (span.start..span.end).contains(o)) {
            continue;
        }
        let Some(tag) = source.get(span.start..span.end) else {
            continue;
        };
        let names = tag::repeated_attribute_names(tag);
        if !names.is_empty() {
            found.push((span.start, *node, names));
        }
    }
    found.sort_by_key(|(start, ..)| *start);
    found
        .into_iter()
        .map(|(_, node, names)| (node, names))
        .collect()
}
/// A page for unit tests: `head` and `body` in a small English document.
#[cfg(test)]
#[allow(clippy::expect_used)]
pub(crate) fn test_page(head: &str, body: &str) -> Page {
    Page::from_text(
        "t.html",
        &format!(
            "<!doctype html><html lang=\"en-GB\"><head><title>t</title>{head}</head><body>{body}</body></html>"
        ),
    )
    .expect("the page parses")
}
