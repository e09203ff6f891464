//! Cuts a page's text into blocks.
//!
//! A block is a run of text that a reader sees as one unit: a heading, a
//! paragraph, a list item, a table cell, a term or definition, a summary, caption,
//! figcaption, label, legend or button. Every block ends a sentence (the NHS "full
//! stop after every heading and bullet" method), so the readability engine can
//! take blocks as they are. Each block knows its language, whether it is part of
//! the main content, whether it is hidden, and where each of its words starts in
//! the source.

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

use super::Page;
use super::hidden::hides_content;
use super::spans::walk_text;

/// What kind of element a block's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// `h1` to `h6` (or `role="heading"`), with its level.
    Heading(u8),
    /// `p`.
    Paragraph,
    /// `li`.
    ListItem,
    /// `td`.
    Cell,
    /// `th`.
    HeaderCell,
    /// `dt`.
    Term,
    /// `dd`.
    Definition,
    /// `summary`.
    Summary,
    /// `caption` or `figcaption`.
    Caption,
    /// `label` or `legend`.
    Label,
    /// `button`.
    Button,
    /// Text straight inside a `div`, `section`, `body` or other container.
    Other,
}

impl BlockKind {
    /// Whether a block of this kind is running text (what reading-age formulas
    /// are meant for), rather than a heading, label or control.
    #[must_use]
    pub fn is_running_text(self) -> bool {
        matches!(
            self,
            Self::Paragraph | Self::ListItem | Self::Cell | Self::Definition | Self::Other
        )
    }
}

/// A run of text the reader sees as one unit.
#[derive(Debug, Clone)]
pub struct Block {
    /// The text, with whitespace collapsed to single spaces, except that in
    /// running text a space before a bullet item ("- ", "•") typed into one
    /// paragraph, or before a capital after a `<br>`, is a line break (`\n`),
    /// so each line reads as its own sentence.
    pub text: String,
    /// What kind of element it comes from.
    pub kind: BlockKind,
    /// The nearest `lang` attribute at or above the block's element.
    pub lang: Option<String>,
    /// Whether the block is main content: inside `<main>` but not in a `nav`,
    /// `footer` or `aside` there, or, on a page without `<main>`, outside
    /// `header`, `nav`, `footer` and `aside`.
    pub main: bool,
    /// Whether the block is hidden (`hidden`, `aria-hidden="true"`, inline
    /// `display:none` or `visibility:hidden` on it or an ancestor).
    pub hidden: bool,
    /// The element that owns the block.
    pub element: NodeId,
    /// (byte offset in `text`, byte offset in the page source) at each word start.
    anchors: Vec<(usize, usize)>,
}

impl Block {
    /// The source byte offset of the word that starts at `text_offset` in
    /// [`Block::text`], or of the nearest word start before it.
    #[must_use]
    pub fn source_offset(&self, text_offset: usize) -> Option<usize> {
        let i = self.anchors.partition_point(|(t, _)| *t <= text_offset);
        self.anchors.get(i.checked_sub(1)?).map(|(_, s)| *s)
    }

    /// Whether the block's language is English: `en` or `en-*`, or no language
    /// given at all (then the page is assumed to be English).
    #[must_use]
    pub fn is_english(&self) -> bool {
        self.lang.as_deref().is_none_or(is_english_tag)
    }
}

/// Whether a BCP 47 tag names English.
#[must_use]
pub fn is_english_tag(tag: &str) -> bool {
    let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
    primary.eq_ignore_ascii_case("en")
}

/// Elements that start and end a block.
#[must_use]
pub fn is_block_element(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "button"
            | "caption"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "label"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Elements whose text is not prose a reader reads as part of the page.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "template"
            | "noscript"
            | "textarea"
            | "select"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "code"
            | "kbd"
            | "samp"
    )
}

fn kind_of(element: ElementRef<'_>) -> BlockKind {
    let name = element.value().name();
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            BlockKind::Heading(name.as_bytes()[1].saturating_sub(b'0'))
        }
        "p" => BlockKind::Paragraph,
        "li" => BlockKind::ListItem,
        "td" => BlockKind::Cell,
        "th" => BlockKind::HeaderCell,
        "dt" => BlockKind::Term,
        "dd" => BlockKind::Definition,
        "summary" => BlockKind::Summary,
        "caption" | "figcaption" => BlockKind::Caption,
        "label" | "legend" => BlockKind::Label,
        "button" => BlockKind::Button,
        _ => match element.value().attr("role").map(str::trim) {
            Some("heading") => {
                let level = element
                    .value()
                    .attr("aria-level")
                    .and_then(|l| l.trim().parse().ok())
                    .unwrap_or(2);
                BlockKind::Heading(level)
            }
            Some("listitem") => BlockKind::ListItem,
            Some("button") => BlockKind::Button,
            _ => BlockKind::Other,
        },
    }
}

/// Landmarks that are not main content on a page without `<main>`.
fn is_page_furniture(element: ElementRef<'_>) -> bool {
    matches!(
        element.value().name(),
        "header" | "nav" | "footer" | "aside"
    ) || element.value().attr("role").is_some_and(|r| {
        matches!(
            r.trim(),
            "banner" | "navigation" | "contentinfo" | "complementary"
        )
    })
}

/// Parts of `<main>` that are not its prose: a contents list, an aside, an
/// article footer. (A `header` inside main usually holds the page's `h1`, so it stays.)
fn is_aside_in_main(element: ElementRef<'_>) -> bool {
    matches!(element.value().name(), "nav" | "footer" | "aside")
        || element
            .value()
            .attr("role")
            .is_some_and(|r| matches!(r.trim(), "navigation" | "contentinfo" | "complementary"))
}

#[derive(Clone)]
struct Context {
    lang: Option<String>,
    hidden: bool,
    main: bool,
    skipped: bool,
    owner: NodeId,
    owner_kind: BlockKind,
    owner_hidden: bool,
    block_element: bool,
}

struct Builder {
    text: String,
    anchors: Vec<(usize, usize)>,
    pending_space: bool,
    /// The pending space holds a line break: a newline in the source or a
    /// `<br>`.
    pending_break: bool,
    /// The pending space holds a `<br>`, a line break the reader sees.
    pending_br: bool,
}

pub(super) fn extract(page: &Page) -> Vec<Block> {
    let root = page.html.tree.root();
    let has_main = page.main.is_some();
    let mut blocks = Vec::new();
    let mut stack: Vec<Context> = vec![Context {
        lang: None,
        hidden: false,
        main: !has_main,
        skipped: false,
        owner: root.id(),
        owner_kind: BlockKind::Other,
        owner_hidden: false,
        block_element: false,
    }];
    let mut builder: Option<Builder> = None;

    let flush = |builder: &mut Option<Builder>, ctx: &Context, blocks: &mut Vec<Block>| {
        if let Some(b) = builder.take() {
            let mut text = b.text.trim_end().to_owned();
            // Line breaks only split running text into items; a heading or a
            // label broken over two lines is still one name.
            if !ctx.owner_kind.is_running_text() {
                text = text.replace('\n', " ");
            }
            if !text.is_empty() && !ctx.skipped {
                blocks.push(Block {
                    text,
                    kind: ctx.owner_kind,
                    lang: ctx.lang.clone(),
                    main: ctx.main,
                    hidden: ctx.owner_hidden,
                    element: ctx.owner,
                    anchors: b.anchors,
                });
            }
        }
    };

    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let Some(element) = ElementRef::wrap(node) else {
                        continue;
                    };
                    let parent = stack.last().cloned().unwrap_or_else(|| stack[0].clone());
                    let name = el.name();
                    let lang = el
                        .attr("lang")
                        .map(|l| l.trim().to_owned())
                        .or(parent.lang.clone());
                    let hidden = parent.hidden || hides_content(element);
                    let main = if has_main {
                        (parent.main || Some(node.id()) == page.main) && !is_aside_in_main(element)
                    } else {
                        parent.main && !is_page_furniture(element)
                    };
                    let skipped = parent.skipped || is_skipped(name);
                    let block_element = is_block_element(name)
                        || el
                            .attr("role")
                            .is_some_and(|r| matches!(r.trim(), "heading" | "listitem" | "button"));
                    if matches!(name, "br" | "img" | "input")
                        && let Some(b) = builder.as_mut()
                    {
                        b.pending_space = true;
                        b.pending_break |= name == "br";
                        b.pending_br |= name == "br";
                    }
                    let mut ctx = Context {
                        lang,
                        hidden,
                        main,
                        skipped,
                        block_element,
                        ..parent.clone()
                    };
                    if block_element {
                        flush(&mut builder, &parent, &mut blocks);
                        ctx.owner = node.id();
                        ctx.owner_kind = kind_of(element);
                        ctx.owner_hidden = hidden;
                    }
                    stack.push(ctx);
                }
                Node::Text(text) => {
                    let Some(ctx) = stack.last() else { continue };
                    // Inline hidden text is not part of what sighted or screen
                    // reader users meet; skip it unless the whole block is hidden.
                    if ctx.skipped || (ctx.hidden && !ctx.owner_hidden) {
                        continue;
                    }
                    let b = builder.get_or_insert_with(|| Builder {
                        text: String::new(),
                        anchors: Vec::new(),
                        pending_space: false,
                        pending_break: false,
                        pending_br: false,
                    });
                    append_text(page, node.id(), text, b);
                }
                _ => {}
            },
            Edge::Close(node) => {
                if matches!(node.value(), Node::Element(_)) {
                    let Some(ctx) = stack.pop() else { continue };
                    if ctx.block_element {
                        flush(&mut builder, &ctx, &mut blocks);
                    }
                }
            }
        }
    }
    if let Some(ctx) = stack.last() {
        flush(&mut builder, ctx, &mut blocks);
    }
    blocks
}

fn append_text(page: &Page, id: NodeId, text: &str, b: &mut Builder) {
    let mut offsets: Vec<(usize, usize)> = Vec::new();
    if let Some(start) = page.text_start(id) {
        walk_text(page.source(), start, text, |t, s| offsets.push((t, s)));
    }
    let mut next = offsets.iter().peekable();
    for (i, c) in text.char_indices() {
        let mut source_at = None;
        while let Some(&&(t, s)) = next.peek() {
            if t < i {
                next.next();
            } else {
                if t == i {
                    source_at = Some(s);
                }
                break;
            }
        }
        if c.is_whitespace() {
            b.pending_space = true;
            b.pending_break |= c == '\n';
            continue;
        }
        let word_start = b.text.is_empty() || b.pending_space;
        if b.pending_space && !b.text.is_empty() {
            // A line that starts with a bullet ("- Flu jabs", "• Smear tests")
            // is a list item typed into one paragraph, and a line after a
            // `<br>` that starts with a capital is a line of its own ("To be
            // told about new services<br>For our services to grow"): keep the
            // line break, so sentence and reading-age counts see separate
            // items. A bullet after a space is a separator too; it never
            // joins a sentence.
            let item = (b.pending_break && matches!(c, '-' | '\u{2022}'))
                || (b.pending_br && c.is_uppercase())
                || matches!(c, '\u{2022}' | '\u{25aa}');
            b.text.push(if item { '\n' } else { ' ' });
        }
        b.pending_space = false;
        b.pending_break = false;
        b.pending_br = false;
        if word_start && let Some(s) = source_at {
            b.anchors.push((b.text.len(), s));
        }
        b.text.push(c);
    }
}
