//! Turns the bytes of a page into text, the way a browser would.
//!
//! Order of precedence follows the HTML encoding-sniffing algorithm in outline:
//! a byte order mark wins, then the charset from the HTTP `Content-Type` header,
//! then a `<meta charset>` (or `http-equiv`) in the first 1024 bytes, then UTF-8 if
//! the bytes are valid UTF-8, and finally windows-1252, which is what browsers
//! assume for unlabelled legacy pages in the UK.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;
use std::sync::LazyLock;

/// Text decoded from a page's bytes.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The page source as text.
    pub text: String,
    /// The WHATWG name of the encoding that was used.
    pub encoding: &'static str,
    /// Whether some bytes could not be decoded and were replaced with U+FFFD.
    pub had_errors: bool,
}

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    // `charset=` inside a <meta ...> tag, quoted or not.
    Regex::new(r#"(?i-u)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#)
        .expect("static regex is valid")
});

/// Finds the encoding a `<meta>` tag declares in the first 1024 bytes.
fn sniff_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let caps = META_CHARSET.captures(head)?;
    let label = caps.get(1)?.as_bytes();
    let enc = Encoding::for_label(label)?;
    // A page that is being read as bytes cannot really be UTF-16 if it declares
    // that in ASCII; the HTML standard says to use UTF-8 then.
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        Some(UTF_8)
    } else {
        Some(enc)
    }
}

/// Decodes page bytes. `http_charset` is the charset parameter of the HTTP
/// `Content-Type` header, when the page came over HTTP.
#[must_use]
pub fn decode(bytes: &[u8], http_charset: Option<&str>) -> Decoded {
    let declared = Encoding::for_bom(bytes)
        .map(|(enc, _)| enc)
        .or_else(|| http_charset.and_then(|c| Encoding::for_label(c.trim().as_bytes())))
        .or_else(|| sniff_meta(bytes));
    let encoding = match declared {
        Some(enc) => enc,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => WINDOWS_1252,
    };
    let (text, used, had_errors) = encoding.decode(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: used.name(),
        had_errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_without_declaration() {
        let d = decode("<p>Caf\u{e9}</p>".as_bytes(), None);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("Caf\u{e9}"));
    }

    #[test]
    fn bom_wins_over_meta() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(b"<meta charset=\"windows-1252\"><p>\xC2\xA3</p>");
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains('\u{a3}'));
        assert!(!d.text.starts_with('\u{feff}'));
    }

    #[test]
    fn meta_charset_latin1_pound_sign() {
        let d = decode(b"<meta charset=iso-8859-1><p>Costs \xA35</p>", None);
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("\u{a3}5"));
    }

    #[test]
    fn http_header_beats_meta() {
        let d = decode(b"<meta charset=utf-8><p>\xA3</p>", Some("windows-1252"));
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains('\u{a3}'));
    }

    #[test]
    fn invalid_utf8_without_label_falls_back_to_windows_1252() {
        let d = decode(b"<p>Don\x92t</p>", None);
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("Don\u{2019}t"));
    }
}
