//! Reads sitemaps (the sitemaps.org protocol): an XML `<urlset>` of pages, an XML
//! `<sitemapindex>` of further sitemaps, or a plain-text list of URLs, any of them
//! possibly gzipped.
//!
//! The parser only lists what the file says. Resolving, validating and filtering
//! the URLs (same site? allowed by robots.txt?) is the crawler's job, so that one
//! place decides what is fetched.

use std::io::Read;

use flate2::read::MultiGzDecoder;
use quick_xml::Reader;
use quick_xml::errors::IllFormedError;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesRef, Event};

/// What one sitemap file lists, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sitemap {
    /// Page URLs from `<urlset><url><loc>` (or lines of a plain-text sitemap),
    /// trimmed, as written (not resolved or validated).
    pub pages: Vec<String>,
    /// Child sitemap URLs from `<sitemapindex><sitemap><loc>`.
    pub sitemaps: Vec<String>,
    /// Entries beyond [`MAX_ENTRIES`] that were dropped (counted, not listed).
    pub dropped: usize,
}

/// The most entries (pages and child sitemaps together) kept from one file: the
/// protocol's own per-file limit.
pub const MAX_ENTRIES: usize = 50_000;

/// Why a sitemap could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SitemapError {
    /// Not well-formed XML (or not UTF-8 text); `line` is 1-based in the
    /// (decompressed) text.
    #[error("line {line}: {message}")]
    Malformed {
        /// The 1-based line where the problem was found.
        line: usize,
        /// What is wrong there.
        message: String,
    },
    /// Neither `<urlset>` nor `<sitemapindex>` at the root (and not a plain-text
    /// list of URLs). The name is the root element's local name, or empty when
    /// the file has no root element at all (an empty file, or text with no URLs).
    #[error("{}", not_a_sitemap_message(.0))]
    NotASitemap(String),
    /// The decompressed size is over the cap (a guard against gzip bombs).
    #[error("the sitemap is larger than {0} bytes once decompressed")]
    TooLarge(usize),
    /// gzip data that cannot be decompressed.
    #[error("cannot decompress the gzip sitemap: {0}")]
    Gzip(String),
}

/// An empty name would read as "the root element is <>", which explains nothing.
fn not_a_sitemap_message(root: &str) -> String {
    if root.is_empty() {
        "this is not a sitemap: it has no root element and lists no URLs".to_string()
    } else {
        format!("this is not a sitemap: the root element is <{root}>")
    }
}

/// The first two bytes of every gzip member (RFC 1952).
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The UTF-8 byte order mark, which some sitemap generators write.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads one sitemap file: XML (`<urlset>` or `<sitemapindex>`) or plain text,
/// gzipped or not.
///
/// `max_bytes` caps the size of the text, after decompression: a small `.xml.gz`
/// can expand to gigabytes, so decompression stops one byte past the cap.
pub fn parse(bytes: &[u8], max_bytes: usize) -> Result<Sitemap, SitemapError> {
    let decompressed;
    let bytes = if bytes.starts_with(&GZIP_MAGIC) {
        decompressed = gunzip(bytes, max_bytes)?;
        decompressed.as_slice()
    } else if bytes.len() > max_bytes {
        return Err(SitemapError::TooLarge(max_bytes));
    } else {
        bytes
    };
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    // The protocol requires UTF-8, and so do both the XML reader and `str`.
    let text = std::str::from_utf8(bytes).map_err(|e| SitemapError::Malformed {
        line: line_at(bytes, e.valid_up_to()),
        message: "the text is not UTF-8, which sitemaps must be".to_string(),
    })?;
    match text.trim_start().as_bytes().first() {
        None => Err(SitemapError::NotASitemap(String::new())),
        Some(b'<') => parse_xml(text),
        Some(_) => parse_text(text),
    }
}

/// Decompresses at most `max_bytes + 1` bytes, so that a bomb costs no more
/// memory than a sitemap just over the cap.
fn gunzip(bytes: &[u8], max_bytes: usize) -> Result<Vec<u8>, SitemapError> {
    // MultiGzDecoder, not GzDecoder: a gzip file may hold several members (as
    // `cat a.gz b.gz` makes), and a single-member decoder silently stops after
    // the first.
    let limit = u64::try_from(max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut out = Vec::new();
    MultiGzDecoder::new(bytes)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| SitemapError::Gzip(e.to_string()))?;
    if out.len() > max_bytes {
        return Err(SitemapError::TooLarge(max_bytes));
    }
    Ok(out)
}

/// The 1-based line holding byte `pos` of `bytes`.
fn line_at(bytes: &[u8], pos: usize) -> usize {
    let end = pos.min(bytes.len());
    bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Gathers entries up to [`MAX_ENTRIES`], counting the rest.
#[derive(Default)]
struct Collector {
    sitemap: Sitemap,
}

/// Which list an entry belongs in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entry {
    Page,
    ChildSitemap,
}

impl Collector {
    fn push(&mut self, entry: Entry, url: &str) {
        let url = url.trim();
        if url.is_empty() {
            return;
        }
        let kept = self.sitemap.pages.len() + self.sitemap.sitemaps.len();
        if kept >= MAX_ENTRIES {
            self.sitemap.dropped += 1;
            return;
        }
        let list = match entry {
            Entry::Page => &mut self.sitemap.pages,
            Entry::ChildSitemap => &mut self.sitemap.sitemaps,
        };
        list.push(url.to_string());
    }
}

/// A plain-text sitemap: one URL per line. Other lines are skipped rather than
/// failing the file, as the protocol's own readers do.
fn parse_text(text: &str) -> Result<Sitemap, SitemapError> {
    let mut collector = Collector::default();
    for line in text.lines() {
        let line = line.trim();
        if has_http_scheme(line) {
            collector.push(Entry::Page, line);
        }
    }
    let sitemap = collector.sitemap;
    if sitemap.pages.is_empty() && sitemap.dropped == 0 {
        // Text with no URLs at all is more likely an error page than a sitemap.
        return Err(SitemapError::NotASitemap(String::new()));
    }
    Ok(sitemap)
}

fn has_http_scheme(line: &str) -> bool {
    let starts = |prefix: &str| {
        line.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    starts("http://") || starts("https://")
}

/// An XML sitemap. Elements are matched by local name, so `<sm:loc>` counts as
/// `<loc>` whatever prefix the file binds to the sitemap namespace.
fn parse_xml(text: &str) -> Result<Sitemap, SitemapError> {
    let mut reader = Reader::from_str(text);
    let malformed = |pos: u64, message: String| SitemapError::Malformed {
        line: line_at(text.as_bytes(), usize::try_from(pos).unwrap_or(usize::MAX)),
        message,
    };

    let mut collector = Collector::default();
    // What the root promises: its entry element (`url` or `sitemap`) and which
    // list their locs go in. None until the root element is seen.
    let mut root: Option<(&'static str, Entry)> = None;
    let mut root_closed = false;
    // Local names of the open elements, root first.
    let mut open: Vec<String> = Vec::new();
    // The text of the `<loc>` being read, when it is one that counts.
    let mut loc: Option<String> = None;

    loop {
        let start = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| malformed(reader.error_position(), reader_message(&e)))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = e.local_name().as_ref().to_string();
                if open.is_empty() {
                    if root_closed {
                        return Err(malformed(
                            start,
                            format!("a second root element <{name}> after the first has closed"),
                        ));
                    }
                    // Decide at the root, before reading further: an HTML page
                    // is rarely well-formed XML, and its error would mislead.
                    root = Some(match name.as_str() {
                        "urlset" => ("url", Entry::Page),
                        "sitemapindex" => ("sitemap", Entry::ChildSitemap),
                        _ => return Err(SitemapError::NotASitemap(name)),
                    });
                }
                if matches!(event, Event::Empty(_)) {
                    // `<urlset/>` is a complete, empty sitemap; an empty `<loc/>`
                    // lists nothing.
                    root_closed |= open.is_empty();
                    continue;
                }
                open.push(name);
                // Only a `<loc>` directly inside an entry counts: an
                // `<image:image><image:loc>` names a picture, not a page.
                if let (Some((entry_name, _)), [_, entry, leaf]) = (root, open.as_slice())
                    && entry == entry_name
                    && leaf == "loc"
                {
                    loc = Some(String::new());
                }
            }
            Event::End(_) => {
                if open.len() == 3
                    && let (Some(url), Some((_, entry))) = (loc.take(), root)
                {
                    collector.push(entry, &url);
                }
                open.pop();
                root_closed |= open.is_empty();
            }
            Event::Text(ref t) => {
                if let Some(url) = loc.as_mut().filter(|_| open.len() == 3) {
                    url.push_str(&t.xml10_content());
                } else if open.is_empty() && !t.trim().is_empty() {
                    return Err(malformed(
                        start,
                        "text outside the root element".to_string(),
                    ));
                }
            }
            Event::CData(ref c) => {
                if let Some(url) = loc.as_mut().filter(|_| open.len() == 3) {
                    url.push_str(&c.xml10_content());
                }
            }
            Event::GeneralRef(ref r) => {
                // Resolved everywhere, not just in `<loc>`, so that a bad
                // reference is reported wherever it is.
                let resolved = resolve_reference(r).map_err(|message| malformed(start, message))?;
                if let Some(url) = loc.as_mut().filter(|_| open.len() == 3) {
                    url.push_str(&resolved);
                }
            }
            Event::Eof => {
                if let Some(name) = open.last() {
                    return Err(malformed(
                        start,
                        format!("the file ends before <{name}> is closed; was it cut short?"),
                    ));
                }
                if root.is_none() {
                    return Err(SitemapError::NotASitemap(String::new()));
                }
                return Ok(collector.sitemap);
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
}

/// The reader's message, with a hint for the commonest sitemap mistake.
fn reader_message(error: &quick_xml::Error) -> String {
    match error {
        // The reader says "`;` not found before end of input", which reads as if
        // the file were cut short; the real cause is a query string's `&`.
        quick_xml::Error::IllFormed(IllFormedError::UnclosedReference) => {
            "a `&` that does not start an entity; a `&` in a URL must be written `&amp;`"
                .to_string()
        }
        other => other.to_string(),
    }
}

/// The text an `&...;` reference stands for. Sitemaps have no DTD, so only the
/// five predefined entities and character references are defined.
fn resolve_reference(reference: &BytesRef<'_>) -> Result<String, String> {
    if reference.is_char_ref() {
        return match reference.resolve_char_ref() {
            Ok(Some(c)) => Ok(c.to_string()),
            Ok(None) | Err(_) => Err(format!(
                "`&{};` is not a valid character reference",
                &**reference
            )),
        };
    }
    resolve_xml_entity(reference)
        .map(str::to_string)
        .ok_or_else(|| {
            format!(
                "unknown entity `&{};` (a bare `&` in a URL must be written `&amp;`)",
                &**reference
            )
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use std::io::Write;

    const CAP: usize = 10 * 1024 * 1024;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn pages(urls: &[&str]) -> Sitemap {
        Sitemap {
            pages: urls.iter().map(|u| u.to_string()).collect(),
            ..Sitemap::default()
        }
    }

    #[test]
    fn urlset_with_entities_cdata_and_whitespace() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://example.nhs.uk/?a=1&amp;b=2</loc><lastmod>2024-01-01</lastmod></url>
  <url><loc><![CDATA[https://example.nhs.uk/a&b]]></loc><priority>0.5</priority></url>
  <url>
    <loc>
      https://example.nhs.uk/contact
    </loc>
  </url>
</urlset>"#;
        assert_eq!(
            parse(xml.as_bytes(), CAP).unwrap(),
            pages(&[
                "https://example.nhs.uk/?a=1&b=2",
                "https://example.nhs.uk/a&b",
                "https://example.nhs.uk/contact",
            ])
        );
    }

    #[test]
    fn character_references_are_resolved() {
        let xml = "<urlset><url><loc>https://example.nhs.uk/&#x61;&#98;</loc></url></urlset>";
        assert_eq!(
            parse(xml.as_bytes(), CAP).unwrap(),
            pages(&["https://example.nhs.uk/ab"])
        );
    }

    #[test]
    fn sitemapindex_lists_child_sitemaps() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://example.nhs.uk/sitemap-1.xml</loc><lastmod>2024-01-01</lastmod></sitemap>
  <sitemap><loc>https://example.nhs.uk/sitemap-2.xml.gz</loc></sitemap>
</sitemapindex>"#;
        assert_eq!(
            parse(xml.as_bytes(), CAP).unwrap(),
            Sitemap {
                pages: vec![],
                sitemaps: vec![
                    "https://example.nhs.uk/sitemap-1.xml".to_string(),
                    "https://example.nhs.uk/sitemap-2.xml.gz".to_string(),
                ],
                dropped: 0,
            }
        );
    }

    #[test]
    fn namespace_prefixes_are_ignored() {
        let xml = r#"<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sm:url><sm:loc>https://example.nhs.uk/</sm:loc></sm:url>
</sm:urlset>"#;
        assert_eq!(
            parse(xml.as_bytes(), CAP).unwrap(),
            pages(&["https://example.nhs.uk/"])
        );
    }

    #[test]
    fn extension_elements_are_not_pages() {
        let xml = r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
        xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url>
    <loc>https://example.nhs.uk/</loc>
    <image:image><image:loc>https://example.nhs.uk/logo.png</image:loc></image:image>
    <xhtml:link rel="alternate" hreflang="cy" href="https://example.nhs.uk/cy/"/>
    <xhtml:link rel="alternate" hreflang="en" href="https://example.nhs.uk/en/"></xhtml:link>
  </url>
</urlset>"#;
        assert_eq!(
            parse(xml.as_bytes(), CAP).unwrap(),
            pages(&["https://example.nhs.uk/"])
        );
    }

    #[test]
    fn loc_outside_an_entry_is_ignored() {
        // A stray <loc> directly in <urlset>, and a <sitemap> entry in a urlset.
        let xml = "<urlset><loc>https://a.example/</loc>\
                   <sitemap><loc>https://b.example/</loc></sitemap>\
                   <url><loc>https://c.example/</loc></url></urlset>";
        assert_eq!(
            parse(xml.as_bytes(), CAP).unwrap(),
            pages(&["https://c.example/"])
        );
    }

    #[test]
    fn empty_locs_are_skipped() {
        let xml = "<urlset><url><loc/></url><url><loc>  </loc></url>\
                   <url><loc>https://a.example/</loc></url></urlset>";
        assert_eq!(
            parse(xml.as_bytes(), CAP).unwrap(),
            pages(&["https://a.example/"])
        );
    }

    #[test]
    fn empty_urlset_is_an_empty_sitemap() {
        assert_eq!(parse(b"<urlset/>", CAP).unwrap(), Sitemap::default());
        assert_eq!(
            parse(b"<urlset></urlset>", CAP).unwrap(),
            Sitemap::default()
        );
    }

    #[test]
    fn gzip_round_trip() {
        let xml = "<urlset><url><loc>https://example.nhs.uk/</loc></url></urlset>";
        assert_eq!(
            parse(&gzip(xml.as_bytes()), CAP).unwrap(),
            pages(&["https://example.nhs.uk/"])
        );
    }

    #[test]
    fn gzip_with_several_members_is_read_whole() {
        let mut bytes = gzip(b"https://a.example/\n");
        bytes.extend(gzip(b"https://b.example/\n"));
        assert_eq!(
            parse(&bytes, CAP).unwrap(),
            pages(&["https://a.example/", "https://b.example/"])
        );
    }

    #[test]
    fn gzip_bomb_is_too_large() {
        let bomb = gzip(&vec![0u8; 20 * 1024 * 1024]);
        assert!(bomb.len() < 1024 * 1024);
        assert_eq!(
            parse(&bomb, 1024 * 1024),
            Err(SitemapError::TooLarge(1024 * 1024))
        );
    }

    #[test]
    fn plain_input_over_the_cap_is_too_large() {
        let xml = "<urlset><url><loc>https://example.nhs.uk/</loc></url></urlset>";
        assert_eq!(parse(xml.as_bytes(), 10), Err(SitemapError::TooLarge(10)));
        assert!(parse(xml.as_bytes(), xml.len()).is_ok());
    }

    #[test]
    fn broken_gzip_is_a_gzip_error() {
        let mut bytes = gzip(b"<urlset></urlset>");
        bytes.truncate(12);
        assert!(matches!(parse(&bytes, CAP), Err(SitemapError::Gzip(_))));
    }

    #[test]
    fn malformed_xml_reports_its_line() {
        let xml = "<urlset>\n  <url>\n    <loc>https://a.example/</loc>\n  </urlset>\n";
        match parse(xml.as_bytes(), CAP) {
            Err(SitemapError::Malformed { line, .. }) => assert_eq!(line, 4),
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    #[test]
    fn bare_ampersand_is_malformed_on_its_line() {
        let xml = "<urlset>\n<url><loc>https://a.example/?a=1&b=2</loc></url>\n</urlset>";
        match parse(xml.as_bytes(), CAP) {
            Err(SitemapError::Malformed { line, message }) => {
                assert_eq!(line, 2);
                assert!(message.contains("&amp;"), "{message}");
            }
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    #[test]
    fn unknown_entity_is_malformed() {
        let xml = "<urlset>\n\n<url><loc>https://a.example/&nbsp;</loc></url></urlset>";
        match parse(xml.as_bytes(), CAP) {
            Err(SitemapError::Malformed { line, message }) => {
                assert_eq!(line, 3);
                assert!(message.contains("&nbsp;"), "{message}");
            }
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    #[test]
    fn truncated_xml_is_malformed() {
        let xml = "<urlset>\n<url><loc>https://a.example/</loc></url>\n<url>";
        match parse(xml.as_bytes(), CAP) {
            Err(SitemapError::Malformed { line, message }) => {
                assert_eq!(line, 3);
                assert!(message.contains("<url>"), "{message}");
            }
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    #[test]
    fn html_page_is_not_a_sitemap() {
        let html = "<!DOCTYPE html>\n<html lang=en><head><title>Not found</title></head>\
                    <body><p>Sorry<br></body></html>";
        let err = parse(html.as_bytes(), CAP).unwrap_err();
        assert_eq!(err, SitemapError::NotASitemap("html".to_string()));
        assert_eq!(
            err.to_string(),
            "this is not a sitemap: the root element is <html>"
        );
    }

    #[test]
    fn empty_input_is_not_a_sitemap() {
        for input in [
            &b""[..],
            b"  \n\t",
            b"\xEF\xBB\xBF",
            b"<?xml version=\"1.0\"?>",
        ] {
            let err = parse(input, CAP).unwrap_err();
            assert_eq!(err, SitemapError::NotASitemap(String::new()));
            assert!(!err.to_string().contains("<>"), "{err}");
        }
    }

    #[test]
    fn text_without_urls_is_not_a_sitemap() {
        assert_eq!(
            parse(b"404 Not Found\n", CAP),
            Err(SitemapError::NotASitemap(String::new()))
        );
    }

    #[test]
    fn plain_text_sitemap() {
        let text = "https://example.nhs.uk/\r\n\n   https://example.nhs.uk/contact  \n\
                    not a url\nftp://example.nhs.uk/file\nHTTP://EXAMPLE.NHS.UK/UPPER\n";
        assert_eq!(
            parse(text.as_bytes(), CAP).unwrap(),
            pages(&[
                "https://example.nhs.uk/",
                "https://example.nhs.uk/contact",
                "HTTP://EXAMPLE.NHS.UK/UPPER",
            ])
        );
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let mut xml = b"\xEF\xBB\xBF".to_vec();
        xml.extend_from_slice(b"<urlset><url><loc>https://a.example/</loc></url></urlset>");
        assert_eq!(parse(&xml, CAP).unwrap(), pages(&["https://a.example/"]));

        let mut text = b"\xEF\xBB\xBF".to_vec();
        text.extend_from_slice(b"https://a.example/\n");
        assert_eq!(parse(&text, CAP).unwrap(), pages(&["https://a.example/"]));
    }

    #[test]
    fn non_utf8_is_malformed() {
        let bytes = b"<urlset>\n<url><loc>https://a.example/\xE9</loc></url></urlset>";
        assert!(matches!(
            parse(bytes, CAP),
            Err(SitemapError::Malformed { line: 2, .. })
        ));
    }

    #[test]
    fn second_root_is_malformed() {
        let xml = "<urlset></urlset>\n<urlset></urlset>";
        assert!(matches!(
            parse(xml.as_bytes(), CAP),
            Err(SitemapError::Malformed { line: 2, .. })
        ));
    }

    #[test]
    fn entries_over_the_limit_are_counted_not_kept() {
        let mut xml = String::from("<urlset>\n");
        for i in 0..MAX_ENTRIES + 10 {
            xml.push_str(&format!("<url><loc>https://a.example/{i}</loc></url>\n"));
        }
        xml.push_str("</urlset>\n");
        let sitemap = parse(xml.as_bytes(), CAP).unwrap();
        assert_eq!(sitemap.pages.len(), MAX_ENTRIES);
        assert_eq!(sitemap.dropped, 10);
        assert_eq!(sitemap.pages[0], "https://a.example/0");
        assert_eq!(
            sitemap.pages[MAX_ENTRIES - 1],
            format!("https://a.example/{}", MAX_ENTRIES - 1)
        );
    }

    #[test]
    fn plain_text_over_the_limit_is_counted_not_kept() {
        let text: String = (0..MAX_ENTRIES + 3)
            .map(|i| format!("https://a.example/{i}\n"))
            .collect();
        let sitemap = parse(text.as_bytes(), CAP).unwrap();
        assert_eq!(sitemap.pages.len(), MAX_ENTRIES);
        assert_eq!(sitemap.dropped, 3);
    }

    #[test]
    fn error_messages_read_well() {
        assert_eq!(
            SitemapError::Malformed {
                line: 3,
                message: "oops".to_string()
            }
            .to_string(),
            "line 3: oops"
        );
        assert_eq!(
            SitemapError::TooLarge(10).to_string(),
            "the sitemap is larger than 10 bytes once decompressed"
        );
    }
}
