//! Turns the chunk offsets recorded by `sink` into exact source positions.
//!
//! An element's recorded offset is the start of the chunk in which html5ever
//! created it. Normally that chunk starts with the element's own `<name`. When it
//! does not (a `<` inside an attribute value split the tag, or the tree builder
//! cloned a formatting element), we search back for `<name`. Elements whose tag is
//! not in the source at all (implied `<html>`, `<head>`, `<body>`, `<tbody>`) get
//! no span. Text nodes are checked the same way: their first character must be
//! found where the chunk's markup ends.

use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::{Html, Node};

use super::position::Span;

/// How far back to look for a start tag that was split across chunks.
const SEARCH_BACK: usize = 4096;

pub(super) fn element_spans(
    source: &str,
    html: &Html,
    offsets: &HashMap<NodeId, usize>,
) -> HashMap<NodeId, Span> {
    let mut spans = HashMap::with_capacity(offsets.len());
    // Each source tag belongs to one element only: a cloned formatting element
    // (adoption agency) must not steal its original's position, so walk elements
    // in document order and keep the first claim.
    let mut claimed = std::collections::HashSet::new();
    for node in html.tree.root().descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let Some(&offset) = offsets.get(&node.id()) else {
            continue;
        };
        if let Some(span) = start_tag_span(source, offset, el.name())
            && claimed.insert(span.start)
        {
            spans.insert(node.id(), span);
        }
    }
    spans
}

/// Is there a start tag `<name` at `at`?
fn is_tag_at(source: &str, at: usize, name: &str) -> bool {
    let bytes = source.as_bytes();
    bytes.get(at) == Some(&b'<')
        && source
            .get(at + 1..at + 1 + name.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(name))
        && bytes
            .get(at + 1 + name.len())
            .is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
}

/// Whether byte `at` falls inside an HTML comment.
fn inside_comment(source: &str, at: usize) -> bool {
    let before = &source[..at];
    before
        .rfind("<!--")
        .is_some_and(|open| !before[open + 4..].contains("-->"))
}

/// The byte range of the start tag `<name ...>` at or before `offset`.
fn start_tag_span(source: &str, offset: usize, name: &str) -> Option<Span> {
    let start = if is_tag_at(source, offset, name) {
        offset
    } else {
        let floor = offset.saturating_sub(SEARCH_BACK);
        (floor..offset.min(source.len()))
            .rev()
            .find(|&o| is_tag_at(source, o, name) && !inside_comment(source, o))?
    };
    Some(Span {
        start,
        end: tag_end(source, start),
    })
}

/// One past the `>` that closes the tag starting at `start`: the first `>` that is
/// not inside a quoted attribute value. An unclosed tag runs to the end.
pub(super) fn tag_end(source: &str, start: usize) -> usize {
    let bytes = source.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = start + 1;
    // Quotes only open an attribute value right after `=` (allowing spaces), so a
    // stray quote in a broken tag does not swallow the rest of the page.
    let mut after_equals = false;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'>' => return i + 1,
                b'"' | b'\'' if after_equals => quote = Some(c),
                b'=' => {
                    after_equals = true;
                    i += 1;
                    continue;
                }
                c if c.is_ascii_whitespace() => {
                    i += 1;
                    continue;
                }
                _ => {}
            },
        }
        after_equals = false;
        i += 1;
    }
    bytes.len()
}

/// Where the markup that starts a chunk ends: after a comment, a tag or a doctype.
fn markup_end(source: &str, start: usize) -> usize {
    let rest = &source[start..];
    if rest.starts_with("<!--") {
        return rest
            .get(4..)
            .and_then(|r| r.find("-->"))
            .map_or(source.len(), |i| start + 4 + i + 3);
    }
    let second = rest.as_bytes().get(1).copied().unwrap_or(b' ');
    if second.is_ascii_alphabetic() || second == b'/' || second == b'!' || second == b'?' {
        tag_end(source, start)
    } else {
        start
    }
}

pub(super) fn text_starts(
    source: &str,
    html: &Html,
    offsets: &HashMap<NodeId, usize>,
) -> HashMap<NodeId, usize> {
    let mut starts = HashMap::with_capacity(offsets.len());
    for (&id, &offset) in offsets {
        let Some(node) = html.tree.get(id) else {
            continue;
        };
        let Node::Text(text) = node.value() else {
            continue;
        };
        let Some(first) = text.chars().next() else {
            continue;
        };
        let candidates = [markup_end(source, offset), offset];
        if let Some(at) = candidates
            .into_iter()
            .find(|&at| char_matches_at(source, at, first))
        {
            starts.insert(id, at);
        }
    }
    starts
}

/// Does the source at `at` spell the decoded character `c` (directly, as a
/// character reference, or as a CRLF pair normalised to `\n`)?
fn char_matches_at(source: &str, at: usize, c: char) -> bool {
    let Some(rest) = source.get(at..) else {
        return false;
    };
    rest.starts_with(c) || rest.starts_with('&') || (c == '\n' && rest.starts_with("\r\n"))
}

/// Walks a text node's characters alongside its source, calling `visit` with
/// each character's byte offset in the text and in the source. Stops quietly
/// where the two stop lining up.
pub(crate) fn walk_text(
    source: &str,
    start: usize,
    text: &str,
    mut visit: impl FnMut(usize, usize),
) {
    let bytes = source.as_bytes();
    let mut p = start;
    let mut after_reference = false;
    for (i, c) in text.char_indices() {
        if p >= bytes.len() {
            return;
        }
        if bytes[p] == b'&'
            && let Some(len) = reference_len(&source[p..])
        {
            visit(i, p);
            p += len;
            // A reference can decode to two characters (a few named ones do),
            // or not be one at all ("A&E"); let what follows re-align.
            after_reference = true;
            continue;
        }
        if bytes[p] == b'\r' && c == '\n' {
            after_reference = false;
            visit(i, p);
            p += if bytes.get(p + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            continue;
        }
        if source[p..].starts_with(c) {
            after_reference = false;
            visit(i, p);
            p += c.len_utf8();
            continue;
        }
        // The previous reference produced this character too: skip it.
        if after_reference {
            continue;
        }
        return;
    }
}

/// Length of a character reference (`&amp;`, `&#163;`, `&#x20AC;`) at the start of `s`.
fn reference_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 1;
    if bytes.get(1) == Some(&b'#') {
        i = 2;
        if matches!(bytes.get(2), Some(b'x' | b'X')) {
            i = 3;
        }
    }
    let body_start = i;
    while i < bytes.len() && i < 40 && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == body_start {
        return None;
    }
    if bytes.get(i) == Some(&b';') {
        i += 1;
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_end_skips_quoted_gt() {
        let src = r#"<img alt="a > b" src=x.png>rest"#;
        assert_eq!(&src[..tag_end(src, 0)], r#"<img alt="a > b" src=x.png>"#);
    }

    #[test]
    fn unclosed_tag_runs_to_end() {
        let src = "<p class=x";
        assert_eq!(tag_end(src, 0), src.len());
    }

    #[test]
    fn references_have_lengths() {
        assert_eq!(reference_len("&amp; x"), Some(5));
        assert_eq!(reference_len("&#163;"), Some(6));
        assert_eq!(reference_len("&#x20AC;"), Some(8));
        assert_eq!(reference_len("& x"), None);
    }
}
