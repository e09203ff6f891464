//! Reading one start tag's own source: which attribute names it repeats.
//!
//! The DOM keeps only the first of two attributes with one name, so a repeat
//! can only be seen in the source. The tokenizer tells us that a tag repeated
//! a name (see `sink`); this reads the tag to say which.

use std::collections::HashSet;

/// The attribute names a start tag gives more than once, lower-cased, in the
/// order of their second use. `tag` is the tag's source, from `<` to `>`.
///
/// Follows the HTML tokenizer closely enough for well-formed and common broken
/// tags: names end at white space, `/`, `>` or `=`; values are quoted or run to
/// white space or `>`.
pub(crate) fn repeated_attribute_names(tag: &str) -> Vec<String> {
    let bytes = tag.as_bytes();
    let mut i = 0;
    // The tag name.
    if bytes.first() == Some(&b'<') {
        i += 1;
    }
    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
        i += 1;
    }
    let mut seen = HashSet::new();
    let mut repeated: Vec<String> = Vec::new();
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            break;
        }
        let start = i;
        // A name may start with `=`; after that, `=` ends it.
        i += 1;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = tag[start..i].to_ascii_lowercase();
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != q {
                        i += 1;
                    }
                    i += 1;
                }
                _ => {
                    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                        i += 1;
                    }
                }
            }
        }
        if !seen.insert(name.clone()) && !repeated.contains(&name) {
            repeated.push(name);
        }
    }
    repeated
}

/// HTML white space.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

#[cfg(test)]
mod tests {
    use super::repeated_attribute_names as names;

    #[test]
    fn finds_a_repeated_name_in_any_case() {
        assert_eq!(names(r#"<img src="a.png" alt="" ALT="Logo">"#), vec!["alt"]);
        assert_eq!(
            names("<input type=checkbox disabled=disabled disabled readonly>"),
            vec!["disabled"]
        );
        assert_eq!(
            names(r#"<line x1="0" y1="0" x1="200" y1="2"/>"#),
            vec!["x1", "y1"]
        );
    }

    #[test]
    fn values_that_look_like_attributes_are_values() {
        assert!(names(r#"<a title='alt="x" alt="y"' href="/a">"#).is_empty());
        assert!(names(r#"<a title="a > b" href=/a>"#).is_empty());
        assert!(names("<br/>").is_empty());
        assert!(names("<p>").is_empty());
    }

    #[test]
    fn broken_tags_do_not_panic() {
        for tag in [
            "<",
            "<a ",
            "<a b=",
            "<a b='",
            "<a =x =x>",
            "<a b = c b>",
            "<é é é>",
        ] {
            let _ = names(tag);
        }
        assert_eq!(names("<a =x=1 =x=2>"), vec!["=x"]);
        assert_eq!(names("<a b = c b>"), vec!["b"]);
    }
}
