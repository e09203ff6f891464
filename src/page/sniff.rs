//! Is this file an HTML page at all? A stylesheet, a script or a text file
//! named on the command line must never be scored for reading age or checked
//! for headings: every finding on it would be wrong.

/// Extensions that are never HTML pages, with a name for each in messages.
const NOT_HTML: &[(&str, &str)] = &[
    ("css", "a stylesheet"),
    ("js", "a script"),
    ("mjs", "a script"),
    ("json", "a JSON file"),
    ("txt", "a text file"),
    ("md", "a Markdown file"),
    ("csv", "a CSV file"),
    ("pdf", "a PDF"),
    ("png", "an image"),
    ("jpg", "an image"),
    ("jpeg", "an image"),
    ("gif", "an image"),
    ("webp", "an image"),
    ("svg", "an image"),
    ("ico", "an image"),
    ("woff", "a font"),
    ("woff2", "a font"),
    ("ttf", "a font"),
    ("zip", "an archive"),
    ("docx", "a Word document"),
    ("doc", "a Word document"),
];

/// Extensions of files that are pages (a site saved to disk may keep its
/// server-side names).
const HTML: &[&str] = &[
    "html", "htm", "xhtml", "shtml", "php", "asp", "aspx", "jsp", "cfm",
];

/// `None` when `name` and `bytes` look like an HTML page; otherwise what the
/// file seems to be ("a stylesheet"), for a "skipped" note.
#[must_use]
pub fn not_html(name: &str, bytes: &[u8]) -> Option<&'static str> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let ext = file
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if HTML.contains(&ext.as_str()) {
        return None;
    }
    if let Some((_, what)) = NOT_HTML.iter().find(|(e, _)| *e == ext) {
        return Some(what);
    }
    // No telling name (stdin, a file without an extension): look at the start.
    if starts_like_markup(bytes) {
        None
    } else {
        Some("it does not start with HTML markup")
    }
}

/// Whether the first non-blank character (after a byte-order mark) is `<`,
/// as in every HTML document or fragment, and the file is not binary.
fn starts_like_markup(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    if head.contains(&0) && !head.starts_with(&[0xFF, 0xFE]) && !head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let text = String::from_utf8_lossy(head);
    let text = text
        .trim_start_matches('\u{feff}')
        .trim_start_matches(['\0']);
    text.trim_start().starts_with('<')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_html() {
        assert_eq!(not_html("site/index.html", b"body{}"), None);
        assert_eq!(not_html("contact.aspx", b""), None);
        assert_eq!(not_html("-", b"\xEF\xBB\xBF  <!DOCTYPE html><p>Hi"), None);
        assert_eq!(not_html("page", b"<p>Call 01632 960000</p>"), None);
    }

    #[test]
    fn other_files_are_not() {
        assert_eq!(
            not_html("css/site.css", b"body { color: red }"),
            Some("a stylesheet")
        );
        assert_eq!(not_html("notes.TXT", b"<b>hi</b>"), Some("a text file"));
        assert_eq!(
            not_html("-", b"Book an appointment online."),
            Some("it does not start with HTML markup")
        );
        assert_eq!(
            not_html("logo", b"\x89PNG\r\n\x1a\n\0\0"),
            Some("it does not start with HTML markup")
        );
    }
}
