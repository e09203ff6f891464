//! Cookies from a Netscape/curl `cookies.txt` file, for `--cookies FILE`: auditing
//! pages behind a login by sending the cookies a browser session already holds.
//!
//! The jar is read-only: cookies the site sets during the crawl are not stored, so
//! every request carries exactly what the user supplied. Cookie values are
//! secrets, so nothing here (Debug, errors, `domains`) ever shows a name or value.

use std::fmt;

/// The fields of a line, in file order, for error messages.
const FIELDS: &str = "domain, include-subdomains, path, secure, expiry, name, value";

/// What marks an HttpOnly cookie: curl and browser exporters write these lines
/// as comments so that older readers skip them.
const HTTP_ONLY_PREFIX: &str = "#HttpOnly_";

/// One cookie from the file.
#[derive(Clone)]
struct Cookie {
    /// Lower case, without a leading dot.
    domain: String,
    /// Whether subdomains of `domain` get the cookie too.
    include_subdomains: bool,
    path: String,
    secure: bool,
    name: String,
    value: String,
}

/// Cookies loaded from a cookies.txt file. Values are secrets: Debug must not show
/// them.
#[derive(Clone, Default)]
pub struct CookieJar {
    /// In file order, which breaks ties between cookies with equally long paths.
    cookies: Vec<Cookie>,
}

/// A line of a cookies file that cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("line {line}: {message}")]
pub struct CookieFileError {
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong with the line. Never includes a cookie's name or value.
    pub message: String,
}

impl CookieJar {
    /// Parses the file text. `now` is seconds since the Unix epoch (cookies whose
    /// expiry is non-zero and earlier are dropped).
    ///
    /// A cookie listed twice (same domain, subdomain flag, path and name) keeps its
    /// first place with the later line's value, as a browser would have replaced it.
    pub fn parse(text: &str, now: u64) -> Result<CookieJar, CookieFileError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut jar = CookieJar::default();
        for (index, line) in text.lines().enumerate() {
            let error = |message: String| CookieFileError {
                line: index + 1,
                message,
            };
            // Spaces and `\r` only, never tabs: a tab at either end is the edge of
            // an empty field (no domain, or an empty value).
            let line = line.trim_start_matches(' ');
            let line = line.trim_end_matches([' ', '\r']);
            let line = line.strip_prefix(HTTP_ONLY_PREFIX).unwrap_or(line);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (cookie, expiry) = parse_line(line).map_err(error)?;
            if expiry != 0 && expiry < now {
                continue;
            }
            jar.insert(cookie);
        }
        Ok(jar)
    }

    fn insert(&mut self, cookie: Cookie) {
        let same = |c: &&mut Cookie| {
            c.domain == cookie.domain
                && c.include_subdomains == cookie.include_subdomains
                && c.path == cookie.path
                && c.name == cookie.name
        };
        match self.cookies.iter_mut().find(same) {
            Some(existing) => *existing = cookie,
            None => self.cookies.push(cookie),
        }
    }

    /// The `Cookie:` header value for a request to `url` (`"a=1; b=2"`), or None
    /// when no cookie applies.
    ///
    /// Matching follows RFC 6265: the host must equal the cookie's domain, or be a
    /// subdomain of it when the cookie includes subdomains; the request path must
    /// be within the cookie's path; secure cookies go only over https. Cookies
    /// with longer paths come first, then file order.
    pub fn header_for(&self, url: &url::Url) -> Option<String> {
        let https = match url.scheme() {
            "https" => true,
            "http" => false,
            _ => return None,
        };
        let host = url.host_str()?.to_ascii_lowercase();
        // Only a domain name has subdomains: 1.2.3.4 is not "within" 3.4.
        let host_is_domain = matches!(url.host(), Some(url::Host::Domain(_)));
        let path = url.path();

        let mut matching: Vec<&Cookie> = self
            .cookies
            .iter()
            .filter(|c| https || !c.secure)
            .filter(|c| domain_matches(&host, host_is_domain, c))
            .filter(|c| path_matches(path, &c.path))
            .collect();
        if matching.is_empty() {
            return None;
        }
        // A stable sort, so equal paths keep file order.
        matching.sort_by_key(|c| std::cmp::Reverse(c.path.len()));
        let pairs: Vec<String> = matching
            .iter()
            .map(|c| format!("{}={}", c.name, c.value))
            .collect();
        Some(pairs.join("; "))
    }

    /// Number of cookies loaded.
    pub fn len(&self) -> usize {
        self.cookies.len()
    }

    /// Whether no cookies were loaded (an empty file, or every cookie expired).
    pub fn is_empty(&self) -> bool {
        self.cookies.is_empty()
    }

    /// The domains the cookies are for (for the report's method box; no names or
    /// values), sorted and without repeats. A domain whose cookies also go to its
    /// subdomains is written with a leading dot, as in the file format.
    pub fn domains(&self) -> Vec<String> {
        let mut domains: Vec<String> = self
            .cookies
            .iter()
            .map(|c| {
                if c.include_subdomains {
                    format!(".{}", c.domain)
                } else {
                    c.domain.clone()
                }
            })
            .collect();
        domains.sort();
        domains.dedup();
        domains
    }
}

impl fmt::Debug for CookieJar {
    /// Only the count and domains: names and values are secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CookieJar")
            .field("len", &self.len())
            .field("domains", &self.domains())
            .finish()
    }
}

/// One cookie line (comments and blanks already skipped) and its expiry.
///
/// Messages name fields by position, never quoting them: if a line's fields are
/// out of place, the quoted text could be a cookie's value.
fn parse_line(line: &str) -> Result<(Cookie, u64), String> {
    let fields: Vec<&str> = line.split('\t').collect();
    let (domain, include_subdomains, path, secure, expiry, name, value) = match fields[..] {
        [d, i, p, s, e, n, v] => (d, i, p, s, e, n, v),
        // curl reads six fields as a cookie with an empty value: an editor that
        // strips trailing whitespace turns `name\t` into `name`.
        [d, i, p, s, e, n] => (d, i, p, s, e, n, ""),
        _ => {
            let mut message = format!(
                "expected 7 fields separated by tabs ({FIELDS}), found {}",
                fields.len()
            );
            if fields.len() < 6 && line.contains(' ') {
                message.push_str("; has an editor turned the tabs into spaces?");
            }
            return Err(message);
        }
    };

    let domain = domain.trim();
    let (domain, leading_dot) = match domain.strip_prefix('.') {
        Some(rest) => (rest, true),
        None => (domain, false),
    };
    if domain.is_empty() || domain.contains(|c: char| c.is_whitespace() || c == '/') {
        return Err("field 1 (domain) must be a host name such as .example.nhs.uk".to_string());
    }
    let include_subdomains = flag(include_subdomains, "field 2 (include-subdomains)")?;
    let path = match path.trim() {
        "" => "/",
        p if p.starts_with('/') => p,
        _ => return Err("field 3 (path) must start with /".to_string()),
    };
    let secure = flag(secure, "field 4 (secure)")?;
    let expiry: u64 = expiry.trim().parse().map_err(|_| {
        "field 5 (expiry) must be a whole number of seconds since 1970, or 0 for a \
         session cookie"
            .to_string()
    })?;
    // The header is `name=value; ...`, so these characters would corrupt it.
    let bad_in_name = |c: char| c == '=' || c == ';' || c.is_whitespace() || c.is_control();
    if name.is_empty() || name.contains(bad_in_name) {
        return Err("field 6 (name) must be a cookie name, without spaces, `=` or `;`".to_string());
    }
    if value.contains(|c: char| c == ';' || c.is_control()) {
        return Err("field 7 (value) must not contain `;` or control characters".to_string());
    }

    Ok((
        Cookie {
            domain: domain.to_ascii_lowercase(),
            include_subdomains: include_subdomains || leading_dot,
            path: path.to_string(),
            secure,
            name: name.to_string(),
            value: value.to_string(),
        },
        expiry,
    ))
}

/// A TRUE/FALSE field. Case is ignored, as curl ignores it.
fn flag(field: &str, what: &str) -> Result<bool, String> {
    let field = field.trim();
    if field.eq_ignore_ascii_case("TRUE") {
        Ok(true)
    } else if field.eq_ignore_ascii_case("FALSE") {
        Ok(false)
    } else {
        Err(format!("{what} must be TRUE or FALSE"))
    }
}

/// RFC 6265 §5.1.3 domain matching (the host is already lower case).
fn domain_matches(host: &str, host_is_domain: bool, cookie: &Cookie) -> bool {
    if host == cookie.domain {
        return true;
    }
    cookie.include_subdomains
        && host_is_domain
        && host
            .strip_suffix(cookie.domain.as_str())
            .is_some_and(|rest| rest.ends_with('.'))
}

/// RFC 6265 §5.1.4 path matching: `/a` covers `/a` and `/a/b` but not `/ab`.
fn path_matches(request: &str, cookie: &str) -> bool {
    match request.strip_prefix(cookie) {
        None => false,
        Some(rest) => rest.is_empty() || cookie.ends_with('/') || rest.starts_with('/'),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const NOW: u64 = 1_700_000_000;

    fn jar(lines: &[&str]) -> CookieJar {
        CookieJar::parse(&lines.join("\n"), NOW).unwrap()
    }

    fn header(jar: &CookieJar, url: &str) -> Option<String> {
        jar.header_for(&url::Url::parse(url).unwrap())
    }

    fn error_line(text: &str) -> CookieFileError {
        CookieJar::parse(text, NOW).unwrap_err()
    }

    #[test]
    fn parses_a_curl_file() {
        let text = "# Netscape HTTP Cookie File\n\
                    # https://curl.se/docs/http-cookies.html\n\
                    \n\
                    example.nhs.uk\tFALSE\t/\tFALSE\t0\tsession\tabc\n\
                    #HttpOnly_example.nhs.uk\tFALSE\t/\tTRUE\t1800000000\tauth\tsecret\n";
        let jar = CookieJar::parse(text, NOW).unwrap();
        assert_eq!(jar.len(), 2);
        assert!(!jar.is_empty());
        assert_eq!(
            header(&jar, "https://example.nhs.uk/").as_deref(),
            Some("session=abc; auth=secret")
        );
    }

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        let jar = jar(&[
            "# a comment",
            "",
            "   ",
            "#example.nhs.uk\tFALSE\t/\tFALSE\t0\ta\t1",
        ]);
        assert!(jar.is_empty());
        assert_eq!(header(&jar, "https://example.nhs.uk/"), None);
    }

    #[test]
    fn http_only_lines_are_cookies_not_comments() {
        let jar = jar(&["#HttpOnly_.example.nhs.uk\tTRUE\t/\tFALSE\t0\tsid\tx"]);
        assert_eq!(jar.len(), 1);
        assert_eq!(jar.domains(), vec![".example.nhs.uk"]);
        assert_eq!(
            header(&jar, "http://www.example.nhs.uk/").as_deref(),
            Some("sid=x")
        );
    }

    #[test]
    fn expired_cookies_are_dropped_session_cookies_kept() {
        let jar = jar(&[
            "example.nhs.uk\tFALSE\t/\tFALSE\t1600000000\told\t1",
            "example.nhs.uk\tFALSE\t/\tFALSE\t0\tsession\t2",
            "example.nhs.uk\tFALSE\t/\tFALSE\t1800000000\tfresh\t3",
        ]);
        assert_eq!(jar.len(), 2);
        assert_eq!(
            header(&jar, "https://example.nhs.uk/").as_deref(),
            Some("session=2; fresh=3")
        );
    }

    #[test]
    fn host_must_equal_domain_without_subdomains() {
        let jar = jar(&["example.nhs.uk\tFALSE\t/\tFALSE\t0\ta\t1"]);
        assert_eq!(
            header(&jar, "https://EXAMPLE.nhs.uk/").as_deref(),
            Some("a=1")
        );
        assert_eq!(header(&jar, "https://www.example.nhs.uk/"), None);
        assert_eq!(header(&jar, "https://other.nhs.uk/"), None);
    }

    #[test]
    fn domain_is_case_insensitive() {
        let jar = jar(&["Example.NHS.uk\tFALSE\t/\tFALSE\t0\ta\t1"]);
        assert_eq!(
            header(&jar, "https://example.nhs.uk/").as_deref(),
            Some("a=1")
        );
    }

    #[test]
    fn subdomains_by_flag_or_leading_dot() {
        let by_flag = jar(&["example.nhs.uk\tTRUE\t/\tFALSE\t0\ta\t1"]);
        let by_dot = jar(&[".example.nhs.uk\tFALSE\t/\tFALSE\t0\ta\t1"]);
        for jar in [by_flag, by_dot] {
            assert_eq!(
                header(&jar, "https://example.nhs.uk/").as_deref(),
                Some("a=1")
            );
            assert_eq!(
                header(&jar, "https://www.example.nhs.uk/").as_deref(),
                Some("a=1")
            );
            assert_eq!(
                header(&jar, "https://a.b.example.nhs.uk/").as_deref(),
                Some("a=1")
            );
            // A suffix that is not a whole label does not match.
            assert_eq!(header(&jar, "https://badexample.nhs.uk/"), None);
        }
    }

    #[test]
    fn ip_addresses_have_no_subdomains() {
        let jar = jar(&[
            "0.0.1\tTRUE\t/\tFALSE\t0\ta\t1",
            "127.0.0.1\tFALSE\t/\tFALSE\t0\tb\t2",
        ]);
        assert_eq!(
            header(&jar, "http://127.0.0.1:8080/").as_deref(),
            Some("b=2")
        );
    }

    #[test]
    fn path_matching() {
        let jar = jar(&["example.nhs.uk\tFALSE\t/account\tFALSE\t0\ta\t1"]);
        assert_eq!(
            header(&jar, "https://example.nhs.uk/account").as_deref(),
            Some("a=1")
        );
        assert_eq!(
            header(&jar, "https://example.nhs.uk/account/settings").as_deref(),
            Some("a=1")
        );
        assert_eq!(header(&jar, "https://example.nhs.uk/accounts"), None);
        assert_eq!(header(&jar, "https://example.nhs.uk/"), None);

        let slash = self::jar(&["example.nhs.uk\tFALSE\t/account/\tFALSE\t0\ta\t1"]);
        assert_eq!(
            header(&slash, "https://example.nhs.uk/account/x").as_deref(),
            Some("a=1")
        );
        assert_eq!(header(&slash, "https://example.nhs.uk/account"), None);
    }

    #[test]
    fn secure_cookies_only_over_https() {
        let jar = jar(&[
            "example.nhs.uk\tFALSE\t/\tTRUE\t0\tsecure\t1",
            "example.nhs.uk\tFALSE\t/\tFALSE\t0\tplain\t2",
        ]);
        assert_eq!(
            header(&jar, "https://example.nhs.uk/").as_deref(),
            Some("secure=1; plain=2")
        );
        assert_eq!(
            header(&jar, "http://example.nhs.uk/").as_deref(),
            Some("plain=2")
        );
        assert_eq!(header(&jar, "ftp://example.nhs.uk/"), None);
    }

    #[test]
    fn longer_paths_first_then_file_order() {
        let jar = jar(&[
            "example.nhs.uk\tFALSE\t/\tFALSE\t0\troot1\t1",
            "example.nhs.uk\tFALSE\t/a\tFALSE\t0\ta\t2",
            "example.nhs.uk\tFALSE\t/a/b\tFALSE\t0\tab\t3",
            "example.nhs.uk\tFALSE\t/\tFALSE\t0\troot2\t4",
        ]);
        assert_eq!(
            header(&jar, "https://example.nhs.uk/a/b/c").as_deref(),
            Some("ab=3; a=2; root1=1; root2=4")
        );
    }

    #[test]
    fn a_repeated_cookie_keeps_the_later_value() {
        let jar = jar(&[
            "example.nhs.uk\tFALSE\t/\tFALSE\t0\ta\told",
            "example.nhs.uk\tFALSE\t/\tFALSE\t0\tb\t2",
            "example.nhs.uk\tFALSE\t/\tFALSE\t0\ta\tnew",
        ]);
        assert_eq!(jar.len(), 2);
        assert_eq!(
            header(&jar, "https://example.nhs.uk/").as_deref(),
            Some("a=new; b=2")
        );
    }

    #[test]
    fn empty_value_with_or_without_its_tab() {
        let jar = jar(&[
            "example.nhs.uk\tFALSE\t/\tFALSE\t0\ta\t",
            "example.nhs.uk\tFALSE\t/\tFALSE\t0\tb",
        ]);
        assert_eq!(
            header(&jar, "https://example.nhs.uk/").as_deref(),
            Some("a=; b=")
        );
    }

    #[test]
    fn crlf_line_endings() {
        let jar = CookieJar::parse(
            "# comment\r\nexample.nhs.uk\tFALSE\t/\tFALSE\t0\ta\t1\r\n",
            NOW,
        )
        .unwrap();
        assert_eq!(
            header(&jar, "https://example.nhs.uk/").as_deref(),
            Some("a=1")
        );
    }

    #[test]
    fn wrong_field_count_names_the_line_and_the_format() {
        let err = error_line("# comment\n\nexample.nhs.uk FALSE / FALSE 0 a 1\n");
        assert_eq!(err.line, 3);
        assert!(err.message.contains("7 fields separated by tabs"), "{err}");
        assert!(err.message.contains("spaces"), "{err}");

        let err = error_line("example.nhs.uk\tFALSE\t/\tFALSE\t0\ta\t1\textra");
        assert_eq!(err.line, 1);
        assert!(err.message.contains("found 8"), "{err}");
        assert!(err.to_string().starts_with("line 1: "));
    }

    #[test]
    fn bad_flags_and_expiry_are_errors() {
        let err = error_line("example.nhs.uk\tYES\t/\tFALSE\t0\ta\t1");
        assert_eq!(
            (err.line, err.message.contains("include-subdomains")),
            (1, true)
        );

        let err = error_line("\nexample.nhs.uk\tFALSE\t/\tyes\t0\ta\t1");
        assert_eq!((err.line, err.message.contains("secure")), (2, true));

        let err = error_line("example.nhs.uk\tFALSE\t/\tFALSE\tsoon\ta\t1");
        assert_eq!((err.line, err.message.contains("expiry")), (1, true));

        let err = error_line("example.nhs.uk\tFALSE\t/\tFALSE\t-1\ta\t1");
        assert!(err.message.contains("expiry"), "{err}");
    }

    #[test]
    fn lower_case_flags_are_accepted() {
        let jar = jar(&["example.nhs.uk\ttrue\t/\tfalse\t0\ta\t1"]);
        assert_eq!(
            header(&jar, "https://www.example.nhs.uk/").as_deref(),
            Some("a=1")
        );
    }

    #[test]
    fn values_that_would_corrupt_the_header_are_errors() {
        let err = error_line("example.nhs.uk\tFALSE\t/\tFALSE\t0\ta\tx; b=2");
        assert!(err.message.contains("field 7"), "{err}");
        let err = error_line("example.nhs.uk\tFALSE\t/\tFALSE\t0\ta=b\t1");
        assert!(err.message.contains("field 6"), "{err}");
        let err = error_line("\tFALSE\t/\tFALSE\t0\ta\t1");
        assert!(err.message.contains("field 1"), "{err}");
        let err = error_line("example.nhs.uk\tFALSE\taccount\tFALSE\t0\ta\t1");
        assert!(err.message.contains("field 3"), "{err}");
    }

    #[test]
    fn errors_never_quote_names_or_values() {
        for text in [
            "example.nhs.uk\tFALSE\t/\tFALSE\t0\tSECRETNAME\tSECRETVALUE\textra",
            "example.nhs.uk\tFALSE\t/\tFALSE\t0\tSECRETNAME\tSECRET;VALUE",
            "example.nhs.uk\tFALSE\t/\tFALSE\tSECRETVALUE\tSECRETNAME\t1",
        ] {
            let err = error_line(text).to_string();
            assert!(!err.contains("SECRET"), "{err}");
        }
    }

    #[test]
    fn debug_shows_count_and_domains_but_no_secrets() {
        let jar = jar(&[
            "example.nhs.uk\tFALSE\t/\tFALSE\t0\tsessionid\ts3cr3t-value",
            ".nhs.uk\tTRUE\t/\tTRUE\t0\tauth\tanother-s3cr3t",
        ]);
        let debug = format!("{jar:?}");
        assert!(!debug.contains("s3cr3t"), "{debug}");
        assert!(!debug.contains("sessionid"), "{debug}");
        assert!(debug.contains("example.nhs.uk"), "{debug}");
        assert!(debug.contains('2'), "{debug}");
        let pretty = format!("{jar:#?}");
        assert!(!pretty.contains("s3cr3t"), "{pretty}");
    }

    #[test]
    fn domains_are_sorted_and_unique() {
        let jar = jar(&[
            "www.example.nhs.uk\tFALSE\t/\tFALSE\t0\ta\t1",
            ".example.nhs.uk\tTRUE\t/\tFALSE\t0\tb\t2",
            "www.example.nhs.uk\tFALSE\t/x\tFALSE\t0\tc\t3",
        ]);
        assert_eq!(jar.domains(), vec![".example.nhs.uk", "www.example.nhs.uk"]);
    }

    #[test]
    fn empty_file_is_an_empty_jar() {
        let jar = CookieJar::parse("", NOW).unwrap();
        assert!(jar.is_empty());
        assert_eq!(jar.len(), 0);
        assert!(jar.domains().is_empty());
        assert_eq!(header(&jar, "https://example.nhs.uk/"), None);
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let jar =
            CookieJar::parse("\u{feff}example.nhs.uk\tFALSE\t/\tFALSE\t0\ta\t1\n", NOW).unwrap();
        assert_eq!(
            header(&jar, "https://example.nhs.uk/").as_deref(),
            Some("a=1")
        );
    }
}
