//! A small CSS reader: just enough of a style sheet to cascade colours.
//!
//! It splits a sheet into rules (selector text and declarations), walks into
//! `@media` blocks, notes `@import`, and skips what it does not understand
//! (`@font-face`, `@keyframes`, nested rules). Selectors themselves are
//! matched by `scraper`; this module only works out their specificity, the
//! key used to index them, and the class and id names they mention.

use std::collections::HashSet;

/// One `name: value` declaration. Custom property names keep their case;
/// other names are lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Declaration {
    pub(crate) name: String,
    pub(crate) value: String,
    pub(crate) important: bool,
}

/// A style rule as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawRule {
    /// Where it was written: a linked sheet's href, or "<style> at line N".
    pub(crate) source: std::rc::Rc<str>,
    /// The selector list, not yet split.
    pub(crate) selectors: String,
    pub(crate) declarations: Vec<Declaration>,
    /// Inside a block that applies only sometimes (`@media (min-width: …)`,
    /// `@supports`, `@layer`…).
    pub(crate) conditional: bool,
}

/// The rules of one or more sheets, in source order.
#[derive(Debug, Default)]
pub(crate) struct RawSheet {
    pub(crate) rules: Vec<RawRule>,
    /// Where the rules being read now were written (see [`RawRule::source`]).
    pub(crate) source: std::rc::Rc<str>,
    /// The sheet imports another that was not loaded.
    pub(crate) imports: bool,
}

/// Removes `/* comments */`, leaving strings alone.
pub(crate) fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.char_indices().peekable();
    let mut quote: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' {
                if let Some((_, next)) = chars.next() {
                    out.push(next);
                }
            } else if c == q {
                quote = None;
            }
            continue;
        }
        if c == '/' && css[i + 1..].starts_with('*') {
            match css[i + 2..].find("*/") {
                Some(end) => {
                    let resume = i + 2 + end + 2;
                    while chars.peek().is_some_and(|(j, _)| *j < resume) {
                        chars.next();
                    }
                    out.push(' ');
                }
                None => break,
            }
            continue;
        }
        if c == '"' || c == '\'' {
            quote = Some(c);
        }
        out.push(c);
    }
    out
}

/// The byte index of the first `targets` character at nesting level zero
/// (outside brackets, parentheses and strings), from `from`.
pub(crate) fn find_top_level(s: &str, from: usize, targets: &[char]) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s[from..].char_indices() {
        let i = from + i;
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' {
            escaped = true;
            continue;
        }
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if depth == 0 && targets.contains(&c) {
            return Some(i);
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The index of the `}` that closes the `{` at `open`.
fn matching_brace(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s[open..].char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' {
            escaped = true;
            continue;
        }
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits at top-level `sep` characters (outside brackets and strings).
pub(crate) fn split_top_level(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut from = 0;
    while let Some(at) = find_top_level(s, from, &[sep]) {
        parts.push(&s[from..at]);
        from = at + sep.len_utf8();
    }
    parts.push(&s[from..]);
    parts
}

/// Deepest `@media` / `@supports` nesting that is read.
const MAX_NESTING: usize = 8;

/// Reads a style sheet (comments already stripped) into `out`.
pub(crate) fn parse_sheet(css: &str, conditional: bool, out: &mut RawSheet) {
    parse_level(css, conditional, out, 0);
}

fn parse_level(css: &str, conditional: bool, out: &mut RawSheet, nesting: usize) {
    let mut at = 0;
    while at < css.len() {
        // Skip whitespace and the HTML comment markers CSS tolerates.
        let rest = &css[at..];
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ';');
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("<!--") {
            at += 4;
            continue;
        }
        if trimmed.starts_with("-->") {
            at += 3;
            continue;
        }
        if trimmed.is_empty() {
            break;
        }
        let Some(end) = find_top_level(css, at, &['{', ';', '}']) else {
            break;
        };
        let prelude = css[at..end].trim();
        let terminator = css[end..].chars().next().unwrap_or(';');
        if terminator != '{' {
            // A statement at-rule (`@import url(…);`) or stray text.
            // One still here was not loaded (or names a layer): a sheet we
            // have not read applies, unless it is print-only or fonts only.
            if let Some(import) = super::linked::import_statement(prelude)
                && import.fit != Some(MediaFit::Never)
                && super::linked::may_set_colours(&import.url)
            {
                out.imports = true;
            }
            at = end + 1;
            continue;
        }
        let Some(close) = matching_brace(css, end) else {
            break;
        };
        let block = &css[end + 1..close];
        at = close + 1;
        if let Some(at_rule) = prelude.strip_prefix('@') {
            let name_len = at_rule
                .find(|c: char| !(c.is_alphanumeric() || c == '-'))
                .unwrap_or(at_rule.len());
            let (name, condition) = at_rule.split_at(name_len);
            let name = name.to_ascii_lowercase();
            let inner_conditional = match name.as_str() {
                "media" => match media_fit(condition) {
                    MediaFit::Always => conditional,
                    MediaFit::Sometimes => true,
                    MediaFit::Never => continue,
                },
                "supports" | "layer" | "container" | "scope" | "document" | "-moz-document" => true,
                _ => continue,
            };
            if nesting < MAX_NESTING {
                parse_level(block, inner_conditional, out, nesting + 1);
            }
            continue;
        }
        if block.contains('{') || prelude.is_empty() {
            // CSS nesting: too much for this reader; skip the whole rule.
            continue;
        }
        out.rules.push(RawRule {
            source: std::rc::Rc::clone(&out.source),
            selectors: prelude.to_owned(),
            declarations: declarations(block),
            conditional,
        });
    }
}

/// Reads the declarations of a block or a `style` attribute.
pub(crate) fn declarations(block: &str) -> Vec<Declaration> {
    let mut out = Vec::new();
    for part in split_top_level(block, ';') {
        let Some(colon) = part.find(':') else {
            continue;
        };
        let name = part[..colon].trim();
        if name.is_empty() || name.contains(char::is_whitespace) {
            continue;
        }
        let name = if name.starts_with("--") {
            name.to_owned()
        } else {
            name.to_ascii_lowercase()
        };
        let mut value = part[colon + 1..].trim();
        let mut important = false;
        if let Some(bang) = value.rfind('!')
            && value[bang + 1..].trim().eq_ignore_ascii_case("important")
        {
            important = true;
            value = value[..bang].trim_end();
        }
        out.push(Declaration {
            name,
            value: value.to_owned(),
            important,
        });
    }
    out
}

/// Whether a media query list applies to a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaFit {
    /// `all`, `screen`, nothing, or conditions every screen judged meets
    /// in its default settings.
    Always,
    /// A condition that holds on some screens (`min-width`, `hover`).
    Sometimes,
    /// Only `print`, `speech` or another non-screen type, or a setting
    /// other than the default (`prefers-color-scheme: dark`).
    Never,
}

/// How a media query list (an `@media` prelude or a `media` attribute) fits
/// the screens judged (see [`super::media`]).
pub(crate) fn media_fit(list: &str) -> MediaFit {
    super::media::fit(list)
}

/// Reads an identifier (with escapes) starting at byte `from`; returns its
/// end.
fn ident_end(s: &str, from: usize) -> usize {
    let mut end = from;
    let mut chars = s[from..].char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            // An escape: take the next character whatever it is.
            match chars.next() {
                Some((j, next)) => end = from + j + next.len_utf8(),
                None => end = from + i + 1,
            }
            continue;
        }
        if c.is_alphanumeric() || c == '-' || c == '_' || !c.is_ascii() {
            end = from + i + c.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// Specificity as (ids, classes, types), packed so that larger is stronger.
pub(crate) fn specificity(selector: &str) -> u32 {
    let (a, b, c) = specificity_parts(selector);
    (a.min(1023) << 20) | (b.min(1023) << 10) | c.min(1023)
}

fn specificity_parts(selector: &str) -> (u32, u32, u32) {
    let (mut a, mut b, mut c) = (0u32, 0u32, 0u32);
    let bytes = selector.as_bytes();
    let mut i = 0;
    while i < selector.len() {
        let ch = bytes[i];
        match ch {
            b'#' => {
                a += 1;
                i = ident_end(selector, i + 1);
            }
            b'.' => {
                b += 1;
                i = ident_end(selector, i + 1);
            }
            b'[' => {
                b += 1;
                i = find_top_level(selector, i + 1, &[']']).map_or(selector.len(), |e| e + 1);
            }
            b':' => {
                if bytes.get(i + 1) == Some(&b':') {
                    c += 1;
                    i = ident_end(selector, i + 2);
                    continue;
                }
                let name_end = ident_end(selector, i + 1);
                let name = selector[i + 1..name_end].to_ascii_lowercase();
                i = name_end;
                let mut argument = None;
                if bytes.get(i) == Some(&b'(') {
                    let close = find_top_level(selector, i + 1, &[')']).unwrap_or(selector.len());
                    argument = Some(&selector[i + 1..close]);
                    i = (close + 1).min(selector.len());
                }
                match (name.as_str(), argument) {
                    ("where", _) => {}
                    ("not" | "is" | "has" | "matches" | "any", Some(list)) => {
                        let most = split_top_level(list, ',')
                            .into_iter()
                            .map(specificity_parts)
                            .max()
                            .unwrap_or_default();
                        a += most.0;
                        b += most.1;
                        c += most.2;
                    }
                    ("before" | "after" | "first-line" | "first-letter", None) => c += 1,
                    _ => b += 1,
                }
            }
            b'"' | b'\'' => {
                i = find_top_level(selector, i, &[' ']).unwrap_or(selector.len());
            }
            b'*' | b'>' | b'+' | b'~' | b' ' | b'\t' | b'\n' | b'\r' | b'|' | b',' | b')' => {
                i += 1;
            }
            _ => {
                let end = ident_end(selector, i);
                if end == i {
                    // Something we do not know; move on by one character.
                    i += selector[i..].chars().next().map_or(1, char::len_utf8);
                } else {
                    c += 1;
                    i = end;
                }
            }
        }
    }
    (a, b, c)
}

/// What a selector's last compound must have, used to find candidate rules
/// for an element quickly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Key {
    Id(String),
    Class(String),
    Tag(String),
    Any,
}

/// Combinators, for [`compounds`].
const COMBINATORS: &[char] = &[' ', '\t', '\n', '\r', '>', '+', '~'];

/// The compounds of one complex selector, each with the combinator before it
/// (`' '` for the first and for descendants).
pub(crate) fn compounds(selector: &str) -> Vec<(char, &str)> {
    let s = selector.trim();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let mut combinator = ' ';
        while let Some(c) = s[i..].chars().next() {
            if c.is_whitespace() {
                i += c.len_utf8();
            } else if matches!(c, '>' | '+' | '~') {
                combinator = c;
                i += 1;
            } else {
                break;
            }
        }
        let end = find_top_level(s, i, COMBINATORS).unwrap_or(s.len());
        if end > i {
            out.push((combinator, &s[i..end]));
        }
        i = end.max(i + 1);
    }
    out
}

/// The index key of one complex selector (no top-level commas).
pub(crate) fn key(selector: &str) -> Key {
    compounds(selector)
        .last()
        .map_or(Key::Any, |(_, compound)| compound_key(compound))
}

/// Class and id names that ancestors of a matching element must have: from
/// each compound left of a descendant or child combinator, while the path
/// from the subject goes only through ancestors.
pub(crate) fn ancestor_names(selector: &str) -> Vec<String> {
    let parts = compounds(selector);
    let mut out = Vec::new();
    for i in (1..parts.len()).rev() {
        if matches!(parts[i].0, '+' | '~') {
            break;
        }
        match compound_key(parts[i - 1].1) {
            Key::Id(id) => out.push(format!("#{id}")),
            Key::Class(class) => out.push(format!(".{class}")),
            Key::Tag(_) | Key::Any => {}
        }
    }
    out
}

/// The key of one compound selector: its id, else its first class, else its
/// type.
fn compound_key(compound: &str) -> Key {
    if compound.contains('\\') {
        return Key::Any;
    }
    let bytes = compound.as_bytes();
    let mut i = 0;
    let mut first_class = None;
    let mut tag = None;
    while i < compound.len() {
        match bytes[i] {
            b'#' => {
                let end = ident_end(compound, i + 1);
                return Key::Id(compound[i + 1..end].to_owned());
            }
            b'.' => {
                let end = ident_end(compound, i + 1);
                if first_class.is_none() {
                    first_class = Some(compound[i + 1..end].to_owned());
                }
                i = end;
            }
            b'[' | b':' => {
                // Skip attribute tests and pseudo-classes with their arguments.
                let close = if bytes[i] == b'[' { ']' } else { ')' };
                let next = if bytes[i] == b'[' {
                    find_top_level(compound, i + 1, &[close]).map(|e| e + 1)
                } else {
                    let mut j = i + 1;
                    if bytes.get(j) == Some(&b':') {
                        j += 1;
                    }
                    let end = ident_end(compound, j);
                    if bytes.get(end) == Some(&b'(') {
                        find_top_level(compound, end + 1, &[close]).map(|e| e + 1)
                    } else {
                        Some(end)
                    }
                };
                i = next.unwrap_or(compound.len());
            }
            _ => {
                let end = ident_end(compound, i);
                if end == i {
                    i += compound[i..].chars().next().map_or(1, char::len_utf8);
                } else {
                    if i == 0 {
                        tag = Some(compound[..end].to_ascii_lowercase());
                    }
                    i = end;
                }
            }
        }
    }
    match (first_class, tag) {
        (Some(class), _) => Key::Class(class),
        (None, Some(tag)) => Key::Tag(tag),
        (None, None) => Key::Any,
    }
}

/// Adds the class (`.name`) and id (`#name`) names a selector mentions.
pub(crate) fn mentioned_names(selector: &str, out: &mut HashSet<String>) {
    let bytes = selector.as_bytes();
    let mut i = 0;
    while i < selector.len() {
        match bytes[i] {
            b'#' | b'.' => {
                let end = ident_end(selector, i + 1);
                if end > i + 1 {
                    out.insert(selector[i..end].to_owned());
                }
                i = end.max(i + 1);
            }
            b'[' => {
                i = find_top_level(selector, i + 1, &[']']).map_or(selector.len(), |e| e + 1);
            }
            _ => i += selector[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(css: &str) -> RawSheet {
        let mut out = RawSheet::default();
        parse_sheet(&strip_comments(css), false, &mut out);
        out
    }

    #[test]
    fn rules_and_declarations() {
        let s = sheet(
            "/* brand */ body { background: #fff } \n\
             .hint, .note { color: #999 !important; font-weight: BOLD }\n\
             a[href$='.pdf']::after { content: ' (PDF; 2 pages)' }\n\
             p{color:red;}",
        );
        assert_eq!(s.rules.len(), 4);
        assert_eq!(s.rules[1].selectors, ".hint, .note");
        assert_eq!(
            s.rules[1].declarations[0],
            Declaration {
                name: "color".into(),
                value: "#999".into(),
                important: true
            }
        );
        assert_eq!(s.rules[1].declarations[1].value, "BOLD");
        assert_eq!(s.rules[2].declarations[0].value, "' (PDF; 2 pages)'");
        assert_eq!(s.rules[3].declarations[0].value, "red");
    }

    #[test]
    fn at_rules() {
        let s = sheet(
            "@import url('nhsuk.css');\n\
             @charset \"utf-8\";\n\
             @font-face { font-family: Frutiger; src: url(f.woff2) }\n\
             @media screen { .a { color: #111 } }\n\
             @media print { .b { color: #222 } }\n\
             @media (min-width: 40em) { .c { color: #333 } }\n\
             @supports (display: grid) { .d { color: #444 } }\n\
             @keyframes spin { from { color: red } to { color: blue } }\n\
             .e { color: #555 }",
        );
        assert!(s.imports);
        let got: Vec<(&str, bool)> = s
            .rules
            .iter()
            .map(|r| (r.selectors.as_str(), r.conditional))
            .collect();
        assert_eq!(
            got,
            [(".a", false), (".c", true), (".d", true), (".e", false)]
        );
    }

    #[test]
    fn comments_inside_strings_stay() {
        assert_eq!(
            strip_comments("a{content:\"/*x*/\"}/* gone */b{}"),
            "a{content:\"/*x*/\"} b{}"
        );
        assert_eq!(strip_comments("a{} /* unterminated"), "a{} ");
    }

    #[test]
    fn nested_rules_are_skipped() {
        let s = sheet(".card { color: #999; & a { color: red } } .ok { color: #000 }");
        assert_eq!(s.rules.len(), 1);
        assert_eq!(s.rules[0].selectors, ".ok");
    }

    #[test]
    fn style_attribute_declarations() {
        let d =
            declarations("color:#FFF; background: url(\"a;b.png\") #78be20 ;--Brand: #005eb8;bad");
        assert_eq!(d.len(), 3);
        assert_eq!(d[1].value, "url(\"a;b.png\") #78be20");
        assert_eq!(d[2].name, "--Brand");
        let d = declarations("color: grey ! IMPORTANT");
        assert!(d[0].important);
        assert_eq!(d[0].value, "grey");
    }

    #[test]
    fn specificities() {
        let s = |sel| specificity_parts(sel);
        assert_eq!(s("p"), (0, 0, 1));
        assert_eq!(s("*"), (0, 0, 0));
        assert_eq!(s(".hint"), (0, 1, 0));
        assert_eq!(s("#main p.hint"), (1, 1, 1));
        assert_eq!(s("ul > li + li a[href^='tel:']"), (0, 1, 4));
        assert_eq!(s("li:first-child"), (0, 1, 1));
        assert_eq!(s("a:not(.button, #x)"), (1, 0, 1));
        assert_eq!(s(":where(.a, #b) p"), (0, 0, 1));
        assert_eq!(s(":is(h1, .title)"), (0, 1, 0));
        assert_eq!(s("p::first-line"), (0, 0, 2));
        assert!(specificity("#a") > specificity(".a.b.c.d"));
        assert!(specificity(".a") > specificity("body div p"));
    }

    #[test]
    fn index_keys() {
        assert_eq!(key("p"), Key::Tag("p".into()));
        assert_eq!(key("DIV.Card"), Key::Class("Card".into()));
        assert_eq!(key("main .card > P"), Key::Tag("p".into()));
        assert_eq!(key(".card p#intro.lead"), Key::Id("intro".into()));
        assert_eq!(key("a[href^='a b']"), Key::Tag("a".into()));
        assert_eq!(key("nav :first-child"), Key::Any);
        assert_eq!(key("*"), Key::Any);
        assert_eq!(key("li:not(.x)"), Key::Tag("li".into()));
        assert_eq!(key("li:nth-child(2n+1)"), Key::Tag("li".into()));
        assert_eq!(key("a[class~=x]"), Key::Tag("a".into()));
        assert_eq!(key(".a>.b"), Key::Class("b".into()));
    }

    #[test]
    fn ancestors_a_match_needs() {
        assert_eq!(
            compounds("main  .card>p + a.x"),
            [(' ', "main"), (' ', ".card"), ('>', "p"), ('+', "a.x")]
        );
        assert_eq!(ancestor_names("#main .card > p.lead"), [".card", "#main"]);
        assert_eq!(ancestor_names("div.card p"), [".card"]);
        // Siblings are not ancestors; nothing left of them is known to be one.
        assert!(ancestor_names(".a .b + p").is_empty());
        assert_eq!(ancestor_names(".a ~ .b p"), [".b"]);
        assert!(ancestor_names("p").is_empty());
        assert!(ancestor_names(":is(.a, .b) p").is_empty());
    }

    #[test]
    fn names() {
        let mut out = HashSet::new();
        mentioned_names("#main .card > p.lead[data-x='.no']", &mut out);
        let mut got: Vec<_> = out.into_iter().collect();
        got.sort();
        assert_eq!(got, ["#main", ".card", ".lead"]);
    }
}
