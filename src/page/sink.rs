//! A tree sink that records where in the source each node was created.
//!
//! html5ever does not expose source positions. We feed the tokenizer one chunk at a
//! time, each chunk starting at a `<`, so that every element and every text node is
//! created while the chunk that holds its own markup is being processed. This sink
//! wraps scraper's `HtmlTreeSink` and notes the current chunk's start for every
//! element and text node it creates. `super::spans` then turns those offsets into
//! exact byte ranges by checking them against the source.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use ego_tree::NodeId;
use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink, Node};

/// The chunk offsets recorded while parsing.
#[derive(Debug, Default)]
pub(crate) struct Offsets {
    /// Element node -> byte offset of the chunk in which it was created.
    pub(crate) elements: HashMap<NodeId, usize>,
    /// Text node -> byte offset of the chunk in which it was first appended.
    pub(crate) texts: HashMap<NodeId, usize>,
    /// Byte offset of the chunk being read each time the tokenizer met an
    /// attribute given twice in one tag. The chunk starts inside that tag (at
    /// its `<`, or at a `<` inside one of its quoted values), so the offset
    /// falls within the tag's own source.
    pub(crate) duplicate_attributes: Vec<usize>,
}

/// Wraps scraper's sink and records chunk offsets.
pub(crate) struct SpanSink {
    inner: HtmlTreeSink,
    chunk_start: Rc<Cell<usize>>,
    offsets: RefCell<Offsets>,
}

impl SpanSink {
    pub(crate) fn new(chunk_start: Rc<Cell<usize>>) -> Self {
        Self {
            inner: HtmlTreeSink::new(Html::new_document()),
            chunk_start,
            offsets: RefCell::new(Offsets::default()),
        }
    }

    /// Records the text node that now holds text just appended next to `anchor`.
    fn note_text(&self, text_node: Option<NodeId>) {
        if let Some(id) = text_node {
            self.offsets
                .borrow_mut()
                .texts
                .entry(id)
                .or_insert_with(|| self.chunk_start.get());
        }
    }

    fn last_text_child(&self, parent: NodeId) -> Option<NodeId> {
        let html = self.inner.0.borrow();
        let node = html.tree.get(parent)?.last_child()?;
        matches!(node.value(), Node::Text(_)).then(|| node.id())
    }

    fn text_before(&self, sibling: NodeId) -> Option<NodeId> {
        let html = self.inner.0.borrow();
        let node = html.tree.get(sibling)?.prev_sibling()?;
        matches!(node.value(), Node::Text(_)).then(|| node.id())
    }

    fn has_parent(&self, node: NodeId) -> bool {
        let html = self.inner.0.borrow();
        html.tree.get(node).and_then(|n| n.parent()).is_some()
    }
}

impl TreeSink for SpanSink {
    type Handle = NodeId;
    type Output = (Html, Offsets);
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Self::Output {
        (self.inner.finish(), self.offsets.into_inner())
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        // html5ever keeps the first of two attributes with one name and drops
        // the second without a trace in the tree; this error is the only sign.
        if msg == "Duplicate attribute" {
            self.offsets
                .borrow_mut()
                .duplicate_attributes
                .push(self.chunk_start.get());
        }
        self.inner.parse_error(msg);
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        self.inner.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.inner.create_element(name, attrs, flags);
        self.offsets
            .borrow_mut()
            .elements
            .insert(id, self.chunk_start.get());
        id
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let is_text = matches!(child, NodeOrText::AppendText(_));
        self.inner.append(parent, child);
        if is_text {
            self.note_text(self.last_text_child(*parent));
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        // Same decision as scraper's own sink, but routed through our methods so the
        // text offsets are recorded.
        if self.has_parent(*element) {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let is_text = matches!(new_node, NodeOrText::AppendText(_));
        self.inner.append_before_sibling(sibling, new_node);
        if is_text {
            self.note_text(self.text_before(*sibling));
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent);
    }
}
