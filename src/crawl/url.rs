//! URL normalising for the crawler: one spelling per page, so each page is
//! fetched once and two spellings of one address never look like two pages.
//!
//! Which URLs belong to the audit is [`super::scope`]; crawler traps are
//! [`super::trap`].
//!
//! The crate `url` is reached as `::url` here because this module shares its name.

use std::borrow::Cow;
use std::fmt::Write as _;

use ::url::Url;

/// Query parameters that only track where a visitor came from. They never change
/// the page, so keeping them would make one page look like many.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl",
    "yclid", "igshid", "_hsenc", "_hsmi", "mkt_tok",
];

/// Normalises a URL for fetching and de-duplication. None for anything that is not
/// http(s).
///
/// - The fragment is dropped: it never reaches the server.
/// - Scheme and host are lower case, the default port is removed, dot segments are
///   resolved and an empty path is `/` (the `url` crate does these when parsing).
/// - Tracking parameters are removed from the query: any `utm_*`, plus `fbclid`,
///   `gclid`, `dclid`, `gbraid`, `wbraid`, `msclkid`, `mc_cid`, `mc_eid`, `_ga`, `_gl`,
///   `yclid`, `igshid`, `_hsenc`, `_hsmi` and `mkt_tok` (names compared ignoring
///   ASCII case). Other parameters keep their order; empty pieces (`a=1&&b=2`) are
///   dropped, and a query left empty is removed with its `?`.
/// - Percent-escapes in path and query are normalised: hex digits upper case, and
///   escapes of unreserved characters (`A-Z a-z 0-9 - . _ ~`) decoded, so `/%7euser`
///   becomes `/~user` while `/a%2fb` becomes `/a%2Fb` (a reserved character stays
///   escaped, as decoding it could change the meaning).
///
/// ```
/// # use carelint::crawl::url::normalise;
/// let url = url::Url::parse("HTTPS://Www.Example.NHS.uk:443/%7eGP/?utm_source=x&day=mon#book").unwrap();
/// assert_eq!(normalise(&url).unwrap().as_str(), "https://www.example.nhs.uk/~GP/?day=mon");
/// ```
pub fn normalise(url: &Url) -> Option<Url> {
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let mut out = url.clone();
    out.set_fragment(None);

    if let Some(path) = normalise_escapes(out.path()) {
        out.set_path(&path);
    }

    if let Some(query) = out.query() {
        let query = normalise_escapes(query).unwrap_or_else(|| query.to_string());
        // Escapes are normalised first so that `utm%5Fsource` is seen as `utm_source`.
        let kept: Vec<&str> = query
            .split('&')
            .filter(|piece| {
                let name = piece.split('=').next().unwrap_or(piece);
                !piece.is_empty() && !is_tracking_param(name)
            })
            .collect();
        if kept.is_empty() {
            out.set_query(None);
        } else {
            out.set_query(Some(&kept.join("&")));
        }
    }
    Some(out)
}

/// Whether a query parameter name is a known tracking parameter.
fn is_tracking_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_") || TRACKING_PARAMS.contains(&name.as_str())
}

/// Normalises the percent-escapes in an already serialised URL component (which the
/// `url` crate guarantees is ASCII). None when nothing changes, to save a copy.
fn normalise_escapes(s: &str) -> Option<String> {
    if !s.contains('%') {
        return None;
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escape = match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(&hi), Some(&lo)) if b == b'%' => hex_value(hi).zip(hex_value(lo)),
            _ => None,
        };
        match escape {
            Some((hi, lo)) => {
                let decoded = hi << 4 | lo;
                if decoded.is_ascii_alphanumeric() || matches!(decoded, b'-' | b'.' | b'_' | b'~') {
                    out.push(decoded);
                } else {
                    out.extend_from_slice(&[b'%', hex_digit(hi), hex_digit(lo)]);
                }
                i += 3;
            }
            None => {
                // A lone `%` (not followed by two hex digits) is left as it is: the
                // server sees it that way too.
                out.push(b);
                i += 1;
            }
        }
    }
    // Only ASCII was replaced by ASCII, so this cannot fail; fall back to the
    // original rather than panic if it somehow did.
    String::from_utf8(out).ok().filter(|new| new != s)
}

/// The value of one hex digit.
fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// The upper-case hex digit for a value below 16.
fn hex_digit(v: u8) -> u8 {
    b"0123456789ABCDEF"
        .get(usize::from(v))
        .copied()
        .unwrap_or(b'0')
}

/// Resolves an href found in a page against the page's base URL. None for links that
/// are not pages to crawl: empty, fragment-only ("#top"), mailto:, tel:, sms:,
/// javascript:, data:, ftp:, etc. (anything that does not resolve to http(s)).
///
/// Surrounding ASCII whitespace is trimmed and tabs and newlines inside are removed,
/// as browsers do (hand-written HTML often wraps long hrefs). The result is
/// [`normalise`]d. A protocol-relative `//host/path` takes the base's scheme.
///
/// ```
/// # use carelint::crawl::url::resolve;
/// let base = url::Url::parse("https://www.example.nhs.uk/services/").unwrap();
/// assert_eq!(resolve(&base, " flu-jab.html\n").unwrap().as_str(),
///            "https://www.example.nhs.uk/services/flu-jab.html");
/// assert_eq!(resolve(&base, "tel:+441214960000"), None);
/// ```
pub fn resolve(base: &Url, href: &str) -> Option<Url> {
    let trimmed = href.trim_matches(|c: char| c.is_ascii_whitespace());
    let href: Cow<'_, str> = if trimmed.contains(['\t', '\n', '\r']) {
        Cow::Owned(
            trimmed
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect(),
        )
    } else {
        Cow::Borrowed(trimmed)
    };
    // A fragment-only link points back into the page already being read.
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    normalise(&base.join(&href).ok()?)
}

/// The key under which URLs count as the same page: host\[:port\] + path + ?query,
/// ignoring the scheme (http and https of one host are one page) and trailing slashes
/// ("/about/" == "/about"; "/" stays "/"). User name, password and fragment are
/// ignored too. The URL is [`normalise`]d first when it is http(s), so tracking
/// parameters and escape spelling never make two keys differ.
///
/// ```
/// # use carelint::crawl::url::dedup_key;
/// let a = url::Url::parse("http://example.nhs.uk/about/").unwrap();
/// let b = url::Url::parse("https://example.nhs.uk/about").unwrap();
/// assert_eq!(dedup_key(&a), dedup_key(&b));
/// assert_eq!(dedup_key(&a), "example.nhs.uk/about");
/// ```
pub fn dedup_key(url: &Url) -> String {
    let normalised = normalise(url);
    let url = normalised.as_ref().unwrap_or(url);
    let mut key = site_path(url);
    if let Some(query) = url.query() {
        key.push('?');
        key.push_str(query);
    }
    key
}

/// host\[:port\] + path without trailing slashes: the page a URL names, before its
/// query.
pub(super) fn site_path(url: &Url) -> String {
    let mut key = url.host_str().unwrap_or_default().to_ascii_lowercase();
    if let Some(port) = url.port() {
        // Writing to a String cannot fail.
        let _ = write!(key, ":{port}");
    }
    let path = url.path().trim_end_matches('/');
    key.push_str(if path.is_empty() { "/" } else { path });
    key
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn norm(s: &str) -> String {
        normalise(&u(s)).unwrap().to_string()
    }

    // --- normalise ---

    #[test]
    fn normalise_strips_tracking_and_fragment() {
        assert_eq!(
            norm(
                "https://www.palfreylane.example/appointments/?utm_source=newsletter&utm_medium=email&day=mon#book"
            ),
            "https://www.palfreylane.example/appointments/?day=mon"
        );
    }

    #[test]
    fn normalise_removes_every_tracking_parameter() {
        for name in TRACKING_PARAMS
            .iter()
            .chain(&["utm_campaign", "utm_anything", "UTM_Source"])
        {
            let url = format!("https://gp.example/flu/?{name}=abc");
            assert_eq!(norm(&url), "https://gp.example/flu/", "{name}");
        }
    }

    #[test]
    fn normalise_keeps_other_parameters_in_order() {
        assert_eq!(
            norm("https://gp.example/search?q=asthma&fbclid=x&page=2&gclid=y&sort=az"),
            "https://gp.example/search?q=asthma&page=2&sort=az"
        );
        // Parameters that merely look like tracking ones are kept.
        assert_eq!(
            norm("https://gp.example/a?utm=1&ga=2&source=3"),
            "https://gp.example/a?utm=1&ga=2&source=3"
        );
    }

    #[test]
    fn normalise_removes_an_emptied_query_entirely() {
        assert_eq!(
            norm("https://gp.example/contact?utm_source=leaflet"),
            "https://gp.example/contact"
        );
        assert_eq!(
            norm("https://gp.example/contact?"),
            "https://gp.example/contact"
        );
        assert_eq!(
            norm("https://gp.example/contact?&&"),
            "https://gp.example/contact"
        );
        assert_eq!(
            norm("https://gp.example/contact?a=1&&b=2&"),
            "https://gp.example/contact?a=1&b=2"
        );
    }

    #[test]
    fn normalise_lower_cases_and_drops_default_port_and_dot_segments() {
        assert_eq!(
            norm("http://Example.NHS.uk:80/a/../b/./c"),
            "http://example.nhs.uk/b/c"
        );
        assert_eq!(
            norm("HTTPS://WWW.Example.NHS.UK:443/Services"),
            "https://www.example.nhs.uk/Services"
        );
        // A port that is not the default stays; path case is kept.
        assert_eq!(
            norm("http://127.0.0.1:8080/About"),
            "http://127.0.0.1:8080/About"
        );
    }

    #[test]
    fn normalise_gives_empty_path_a_slash() {
        assert_eq!(norm("https://example.nhs.uk"), "https://example.nhs.uk/");
        assert_eq!(
            norm("https://example.nhs.uk?a=1"),
            "https://example.nhs.uk/?a=1"
        );
    }

    #[test]
    fn normalise_decodes_unreserved_escapes() {
        assert_eq!(
            norm("https://gp.example/%7euser"),
            "https://gp.example/~user"
        );
        assert_eq!(
            norm("https://gp.example/%7Euser"),
            norm("https://gp.example/~user")
        );
        assert_eq!(
            norm("https://gp.example/%41%2d%5F%2E?q=%61%62"),
            "https://gp.example/A-_.?q=ab"
        );
        // A decoded `utm%5F` name is still tracking.
        assert_eq!(
            norm("https://gp.example/a?utm%5Fsource=x"),
            "https://gp.example/a"
        );
    }

    #[test]
    fn normalise_keeps_reserved_escapes_upper_cased() {
        assert_eq!(norm("https://gp.example/a%2fb"), "https://gp.example/a%2Fb");
        assert_eq!(
            norm("https://gp.example/leaflets/flu%20jab%3a2026.pdf?q=a%26b%3dc"),
            "https://gp.example/leaflets/flu%20jab%3A2026.pdf?q=a%26b%3Dc"
        );
        // A lone `%` is left alone.
        assert_eq!(norm("https://gp.example/100%"), "https://gp.example/100%");
        assert_eq!(
            norm("https://gp.example/a%zz%4"),
            "https://gp.example/a%zz%4"
        );
    }

    #[test]
    fn normalise_rejects_other_schemes() {
        for s in [
            "mailto:reception@gp.example",
            "ftp://files.example/a",
            "file:///etc/passwd",
            "data:text/plain,hi",
        ] {
            assert_eq!(normalise(&u(s)), None, "{s}");
        }
    }

    #[test]
    fn normalise_is_idempotent() {
        let once = normalise(&u(
            "HTTP://Gp.Example:80/%7ea/%2f/?utm_source=x&b=%c3%a9&a=1#frag",
        ))
        .unwrap();
        assert_eq!(normalise(&once).unwrap(), once);
        assert_eq!(once.as_str(), "http://gp.example/~a/%2F/?b=%C3%A9&a=1");
    }

    // --- resolve ---

    #[test]
    fn resolve_trims_whitespace_and_removes_newlines() {
        let base = u("https://x.example/a/b.html");
        assert_eq!(
            resolve(&base, "  contact.html\n").unwrap().as_str(),
            "https://x.example/a/contact.html"
        );
        assert_eq!(
            resolve(&base, "\t/opening-\n\ttimes/ ").unwrap().as_str(),
            "https://x.example/opening-times/"
        );
    }

    #[test]
    fn resolve_rejects_non_page_links() {
        let base = u("https://x.example/a/b.html");
        for href in [
            "",
            "   ",
            "#top",
            " #main-content",
            "mailto:reception@x.example",
            "tel:+441214960000",
            "sms:+447700900000",
            "javascript:void(0)",
            "JavaScript:void(0)",
            "data:text/html,<p>hi</p>",
            "ftp://files.x.example/leaflet.pdf",
        ] {
            assert_eq!(resolve(&base, href), None, "{href:?}");
        }
    }

    #[test]
    fn resolve_handles_relative_forms() {
        let base = u("https://x.example/a/b.html?page=1");
        assert_eq!(
            resolve(&base, "//cdn.example/x").unwrap().as_str(),
            "https://cdn.example/x"
        );
        assert_eq!(
            resolve(&base, "../services/?utm_source=nav#flu")
                .unwrap()
                .as_str(),
            "https://x.example/services/"
        );
        assert_eq!(
            resolve(&base, "?page=2").unwrap().as_str(),
            "https://x.example/a/b.html?page=2"
        );
        assert_eq!(
            resolve(&base, "http://Other.Example").unwrap().as_str(),
            "http://other.example/"
        );
        // A link with both path and fragment is the page without the fragment.
        assert_eq!(
            resolve(&base, "b.html#top").unwrap().as_str(),
            "https://x.example/a/b.html"
        );
    }

    // --- dedup_key ---

    #[test]
    fn dedup_key_ignores_scheme_and_trailing_slash() {
        let k = dedup_key(&u("https://www.example.nhs.uk/about"));
        assert_eq!(k, "www.example.nhs.uk/about");
        assert_eq!(dedup_key(&u("http://www.example.nhs.uk/about/")), k);
        assert_eq!(dedup_key(&u("https://WWW.example.nhs.uk/about#team")), k);
        assert_eq!(
            dedup_key(&u("https://www.example.nhs.uk/")),
            "www.example.nhs.uk/"
        );
        assert_eq!(
            dedup_key(&u("https://www.example.nhs.uk")),
            "www.example.nhs.uk/"
        );
    }

    #[test]
    fn dedup_key_keeps_query_port_and_normalises() {
        let a = dedup_key(&u("https://gp.example/events?month=1"));
        let b = dedup_key(&u("https://gp.example/events?month=2"));
        assert_ne!(a, b);
        assert_ne!(a, dedup_key(&u("https://gp.example/events")));
        assert_eq!(a, "gp.example/events?month=1");
        assert_eq!(
            dedup_key(&u("http://gp.example/events/?utm_source=x&month=1")),
            a
        );
        assert_eq!(
            dedup_key(&u("http://127.0.0.1:8080/a/")),
            "127.0.0.1:8080/a"
        );
        assert_ne!(
            dedup_key(&u("http://127.0.0.1:8080/a")),
            dedup_key(&u("http://127.0.0.1:9090/a"))
        );
        assert_eq!(
            dedup_key(&u("https://gp.example/%7euser")),
            dedup_key(&u("https://gp.example/~user/"))
        );
    }
}
