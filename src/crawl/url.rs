//! URLs for the crawler: normalising them so each page is fetched once, deciding
//! which belong to the audit, and spotting crawler traps (calendars, faceted search
//! and self-extending links that would otherwise make URLs without end).
//!
//! The crate `url` is reached as `::url` here because this module shares its name.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use ::url::{Host, Url};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::Regex;

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
fn site_path(url: &Url) -> String {
    let mut key = url.host_str().unwrap_or_default().to_ascii_lowercase();
    if let Some(port) = url.port() {
        // Writing to a String cannot fail.
        let _ = write!(key, ":{port}");
    }
    let path = url.path().trim_end_matches('/');
    key.push_str(if path.is_empty() { "/" } else { path });
    key
}

/// Which URLs belong to the audit.
///
/// A URL is in scope when it is http(s), its host is in scope, no `--exclude`
/// pattern matches it, and (when any `--include` pattern is given) an include pattern
/// matches it. [`Scope::check`] is pure: it applies these rules to every URL alike,
/// so callers that want a start URL fetched even though no include pattern matches
/// its path should check start URLs themselves.
///
/// # Hosts
///
/// - Each start URL's host, with its `www.` twin: start `example.nhs.uk` also admits
///   `www.example.nhs.uk`, and vice versa (no twin for IP addresses). The port must
///   match the start URL's: `127.0.0.1:8080` and `127.0.0.1:9090` are different
///   sites. Ports are compared as written, with default ports counting as none, so
///   an `https://` start admits `http://` links to the same host (which normally
///   redirect to https), but not `http://host:8443/`.
/// - Each `--allow-host`: `nhs.uk` matches that host exactly (ignoring case);
///   `*.nhs.uk` matches `nhs.uk` itself and any subdomain (`www.nhs.uk`,
///   `a.b.nhs.uk`). Allow-host entries match any port.
///
/// # Patterns
///
/// `--include` and `--exclude` patterns are matched against the URL's path exactly
/// as it appears in the normalised URL (still percent-encoded, case-sensitive). An
/// exclude match always wins over an include match.
///
/// A pattern starting with `re:` is a regular expression (the `regex` crate's
/// syntax), searched for (not anchored, so use `^` and `$`) in the path plus
/// `?query` when there is a query: `re:^/calendar\?` excludes `/calendar?month=5`
/// but not `/calendar`.
///
/// Any other pattern is a glob on the path alone (never the query; `?` in a glob
/// means any one character):
///
/// - `*` matches within one path segment and `**` across segments: `/news/*` matches
///   `/news/flu-clinic` and `/news/` but not `/news/2026/flu-clinic` nor `/news`;
///   `/news/**` matches all three of `/news/`, `/news/a` and `/news/2026/a`, but not
///   `/news`. `{a,b}` alternatives and `[abc]` classes work as usual.
/// - A pattern that does not start with `/` may match at any depth (`**/` is put
///   before it): `*.pdf` matches `/leaflet.pdf` and `/docs/2026/leaflet.pdf`;
///   `news/*` matches `/news/a` and `/practice/news/a`.
/// - A pattern ending in `/` means that folder and everything in it: `/news/` matches
///   `/news`, `/news/`, `/news/a` and `/news/2026/a` (but not `/newsletter`).
#[derive(Debug, Clone)]
pub struct Scope {
    /// Start hosts, their `www.` twins and hosts added later.
    site_hosts: Vec<SiteHost>,
    /// `--allow-host` entries.
    allow_hosts: Vec<AllowHost>,
    /// `--include` patterns.
    include: Patterns,
    /// `--exclude` patterns.
    exclude: Patterns,
}

/// Why [`Scope::check`] rejected a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutOfScope {
    /// The host (or port) is not one of the site's, nor allowed by `--allow-host`.
    /// Also given for URLs that are not http(s) or have no host.
    OtherHost,
    /// An `--exclude` pattern matches.
    Excluded,
    /// `--include` patterns were given and none matches.
    NotIncluded,
}

/// A bad `--include`, `--exclude` or `--allow-host` value.
#[derive(Debug, thiserror::Error)]
pub enum ScopeError {
    /// A glob or regular expression that does not parse.
    #[error("bad --include/--exclude pattern `{pattern}`: {reason}")]
    Pattern {
        /// The pattern as the user gave it.
        pattern: String,
        /// What the glob or regex parser said.
        reason: String,
    },
    /// An `--allow-host` value that is not a host name or `*.` host name.
    #[error("bad --allow-host `{0}`: give a host name such as nhs.uk or *.nhs.uk")]
    Host(String),
}

/// One of the site's own hosts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SiteHost {
    /// Lower case, without a trailing dot.
    host: String,
    /// The explicit port; None for the scheme's default.
    port: Option<u16>,
}

/// One `--allow-host` entry.
#[derive(Debug, Clone)]
struct AllowHost {
    /// Lower case (and punycode for international names).
    name: String,
    /// `*.name`: subdomains match too.
    subdomains: bool,
}

impl AllowHost {
    fn parse(raw: &str) -> Result<AllowHost, ScopeError> {
        let bad = || ScopeError::Host(raw.to_string());
        // `:` catches both a scheme (`https://…`) and a port, which would mislead:
        // allow-host entries match every port.
        if raw.is_empty()
            || raw.contains(['/', '\\', ':', '@', '?', '#'])
            || raw.chars().any(char::is_whitespace)
        {
            return Err(bad());
        }
        let (subdomains, name) = match raw.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let name = name.strip_suffix('.').unwrap_or(name);
        if name.is_empty() || name.contains('*') || name.split('.').any(str::is_empty) {
            return Err(bad());
        }
        // Let the url crate validate the name and put it in the form URLs use
        // (lower case, punycode), so comparisons with `host_str` are exact.
        let parsed = Url::parse(&format!("http://{name}/")).map_err(|_| bad())?;
        match parsed.host() {
            Some(Host::Domain(domain)) => Ok(AllowHost {
                name: domain.to_string(),
                subdomains,
            }),
            // A wildcard over an IP address means nothing.
            Some(Host::Ipv4(_) | Host::Ipv6(_)) if !subdomains => Ok(AllowHost {
                name: parsed.host_str().unwrap_or(name).to_string(),
                subdomains,
            }),
            _ => Err(bad()),
        }
    }

    fn matches(&self, host: &str) -> bool {
        host == self.name
            || (self.subdomains
                && host
                    .strip_suffix(self.name.as_str())
                    .is_some_and(|prefix| prefix.ends_with('.')))
    }
}

/// Compiled `--include` or `--exclude` patterns.
#[derive(Debug, Clone)]
struct Patterns {
    globs: GlobSet,
    regexes: Vec<Regex>,
    /// The patterns as given.
    given: Vec<String>,
    /// For each glob and each regex, the index of the pattern it came from.
    glob_owner: Vec<usize>,
    regex_owner: Vec<usize>,
}

impl Patterns {
    fn new(patterns: &[String]) -> Result<Patterns, ScopeError> {
        let mut globs = GlobSetBuilder::new();
        let mut regexes = Vec::new();
        let (mut glob_owner, mut regex_owner) = (Vec::new(), Vec::new());
        for (index, pattern) in patterns.iter().enumerate() {
            let bad = |reason: String| ScopeError::Pattern {
                pattern: pattern.clone(),
                reason,
            };
            if let Some(re) = pattern.strip_prefix("re:") {
                regexes.push(Regex::new(re).map_err(|e| bad(e.to_string()))?);
                regex_owner.push(index);
                continue;
            }
            if pattern.is_empty() {
                return Err(bad("the pattern is empty".to_string()));
            }
            for glob in glob_forms(pattern) {
                let glob = GlobBuilder::new(&glob)
                    .literal_separator(true)
                    // The default differs on Windows; `\*` should mean a literal `*`
                    // everywhere.
                    .backslash_escape(true)
                    .build()
                    .map_err(|e| bad(e.kind().to_string()))?;
                globs.add(glob);
                glob_owner.push(index);
            }
        }
        let globs = globs.build().map_err(|e| ScopeError::Pattern {
            pattern: patterns.join(" "),
            reason: e.to_string(),
        })?;
        Ok(Patterns {
            globs,
            regexes,
            given: patterns.to_vec(),
            glob_owner,
            regex_owner,
        })
    }

    /// The indexes of the given patterns that match the URL.
    fn matched_by(&self, url: &Url) -> Vec<usize> {
        let path = url.path();
        let mut found: Vec<usize> = self
            .globs
            .matches(path)
            .into_iter()
            .filter_map(|i| self.glob_owner.get(i).copied())
            .collect();
        if !self.regexes.is_empty() {
            let target = regex_target(url);
            for (re, owner) in self.regexes.iter().zip(&self.regex_owner) {
                if re.is_match(&target) {
                    found.push(*owner);
                }
            }
        }
        found
    }

    fn is_empty(&self) -> bool {
        self.globs.is_empty() && self.regexes.is_empty()
    }

    fn matches(&self, url: &Url) -> bool {
        let path = url.path();
        if self.globs.is_match(path) {
            return true;
        }
        if self.regexes.is_empty() {
            return false;
        }
        let target = regex_target(url);
        self.regexes.iter().any(|re| re.is_match(&target))
    }
}

/// What `re:` patterns are matched against: the path, and the query if any.
fn regex_target(url: &Url) -> Cow<'_, str> {
    let path = url.path();
    match url.query() {
        Some(query) => Cow::Owned(format!("{path}?{query}")),
        None => Cow::Borrowed(path),
    }
}

/// The globs one user pattern stands for (see [`Scope`]).
fn glob_forms(pattern: &str) -> Vec<String> {
    let anchored = if pattern.starts_with('/') || pattern.starts_with("**") {
        pattern.to_string()
    } else {
        format!("**/{pattern}")
    };
    match anchored.strip_suffix('/') {
        Some(folder) => {
            let folder = folder.trim_end_matches('/');
            if folder.is_empty() || folder == "**" {
                vec!["/**".to_string()]
            } else {
                vec![folder.to_string(), format!("{folder}/**")]
            }
        }
        None => vec![anchored],
    }
}

/// Splits `host`, `host:port`, `[v6]` or `[v6]:port` and puts the host in the form
/// [`Scope`] compares.
fn split_host_port(s: &str) -> (String, Option<u16>) {
    let (host, port) = if s.starts_with('[') {
        match s.split_once(']') {
            Some((v6, rest)) => (format!("{v6}]"), rest.strip_prefix(':')),
            None => (s.to_string(), None),
        }
    } else {
        match s.split_once(':') {
            Some((host, port)) if !port.contains(':') => (host.to_string(), Some(port)),
            _ => (s.to_string(), None),
        }
    };
    // Default ports count as none, as `Url::port` reports them.
    let port = port
        .and_then(|p| p.parse::<u16>().ok())
        .filter(|p| !matches!(p, 80 | 443));
    (host_key(&host), port)
}

/// A host name as Scope compares it: lower case, without a trailing dot.
fn host_key(host: &str) -> String {
    host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase()
}

/// The `www.` twin of a host name, if it has one.
fn www_twin(host: &str) -> Option<String> {
    // IP addresses have no twin.
    if host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok() {
        return None;
    }
    match host.strip_prefix("www.") {
        Some(bare) if !bare.is_empty() => Some(bare.to_string()),
        Some(_) => None,
        None => Some(format!("www.{host}")),
    }
}

impl Scope {
    /// Builds the scope from the start URLs and the `--allow-host`, `--include` and
    /// `--exclude` values. Start URLs that are not http(s) or have no host add no
    /// host.
    ///
    /// # Errors
    ///
    /// [`ScopeError::Host`] for an allow-host that is empty or holds `/`, `:`
    /// (a scheme or port), whitespace or a misplaced `*`;
    /// [`ScopeError::Pattern`] for a glob or `re:` regex that does not parse, or an
    /// empty pattern.
    pub fn new(
        start: &[Url],
        allow_hosts: &[String],
        include: &[String],
        exclude: &[String],
    ) -> Result<Scope, ScopeError> {
        let allow_hosts = allow_hosts
            .iter()
            .map(|raw| AllowHost::parse(raw))
            .collect::<Result<Vec<_>, _>>()?;
        let mut scope = Scope {
            site_hosts: Vec::new(),
            allow_hosts,
            include: Patterns::new(include)?,
            exclude: Patterns::new(exclude)?,
        };
        for url in start {
            if let (true, Some(host)) = (matches!(url.scheme(), "http" | "https"), url.host_str()) {
                scope.add_site_host(host_key(host), url.port());
            }
        }
        Ok(scope)
    }

    /// The `--include` patterns that match none of `urls` (on the site's hosts),
    /// in the order given: usually a typo, or a part of the site no link reaches.
    #[must_use]
    pub fn unmatched_includes<'u>(&self, urls: impl IntoIterator<Item = &'u Url>) -> Vec<String> {
        if self.include.is_empty() {
            return Vec::new();
        }
        let mut matched = vec![false; self.include.given.len()];
        for url in urls {
            if matches!(self.check_host(url), Err(OutOfScope::OtherHost)) {
                continue;
            }
            for i in self.include.matched_by(url) {
                if let Some(m) = matched.get_mut(i) {
                    *m = true;
                }
            }
        }
        self.include
            .given
            .iter()
            .zip(matched)
            .filter(|(_, m)| !m)
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// Ok when the URL is on one of the site's hosts or an allowed one.
    fn check_host(&self, url: &Url) -> Result<(), OutOfScope> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(OutOfScope::OtherHost);
        }
        let host = host_key(url.host_str().ok_or(OutOfScope::OtherHost)?);
        let port = url.port();
        let site = self
            .site_hosts
            .iter()
            .any(|h| h.host == host && h.port == port);
        if !site && !self.allow_hosts.iter().any(|a| a.matches(&host)) {
            return Err(OutOfScope::OtherHost);
        }
        Ok(())
    }

    /// Ok when the URL may be crawled. Pure: start URLs get no special treatment
    /// (see [`Scope`]).
    ///
    /// # Errors
    ///
    /// The first rule the URL breaks, checked in this order: host, exclude, include.
    pub fn check(&self, url: &Url) -> Result<(), OutOfScope> {
        self.check_host(url)?;
        if self.exclude.matches(url) {
            return Err(OutOfScope::Excluded);
        }
        if !self.include.is_empty() && !self.include.matches(url) {
            return Err(OutOfScope::NotIncluded);
        }
        Ok(())
    }

    /// Adds a host (used when a start URL redirects to another host, e.g.
    /// example.org → www.example.org). It counts as a start host from then on, with
    /// its `www.` twin. Give `host` or `host:port` (as [`Url::host_str`] and
    /// [`Url::port`] give them); without a port, or with 80 or 443, only the
    /// default port matches.
    pub fn add_host(&mut self, host: &str) {
        let (host, port) = split_host_port(host);
        if !host.is_empty() {
            self.add_site_host(host, port);
        }
    }

    /// Whether the host is one of the start URLs' own hosts (not an --allow-host
    /// one): only these get the user's --header values. Twins and hosts from
    /// [`Scope::add_host`] count. The port is not considered (a `:port` suffix is
    /// ignored), as with cookies.
    pub fn is_start_host(&self, host: &str) -> bool {
        let (host, _) = split_host_port(host);
        self.site_hosts.iter().any(|h| h.host == host)
    }

    fn add_site_host(&mut self, host: String, port: Option<u16>) {
        let twin = www_twin(&host);
        for host in std::iter::once(host).chain(twin) {
            let entry = SiteHost { host, port };
            if !self.site_hosts.contains(&entry) {
                self.site_hosts.push(entry);
            }
        }
    }
}

/// Guards against crawler traps: calendars and faceted search that make endless new
/// URLs.
///
/// A URL is refused when, in this order:
/// - the whole URL is longer than `max_url_len` bytes ([`Trap::LongPath`]);
/// - its path has more than `max_segments` non-empty segments ([`Trap::DeepPath`]);
/// - a non-empty path segment occurs 3 or more times ([`Trap::RepeatingSegments`]),
///   which also catches a run of segments repeated in a row (`/a/b/a/b/a/b`);
/// - it has a query, and `max_query_variants` different queries have already been
///   admitted for the same host, port and path ([`Trap::QueryVariants`]). Paths
///   are compared ignoring the scheme and trailing slashes, as [`dedup_key`] does.
///
/// The defaults are 25 query variants, 500 bytes and 15 segments.
#[derive(Debug)]
pub struct TrapGuard {
    max_query_variants: usize,
    max_url_len: usize,
    max_segments: usize,
    /// Admitted query strings per host\[:port\] + path. Each set stops growing at
    /// `max_query_variants`, so memory is bounded per path.
    queries: HashMap<String, HashSet<String>>,
}

/// Why [`TrapGuard::admit`] refused a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trap {
    /// Too many different query strings on one path.
    QueryVariants,
    /// The whole URL is too long.
    LongPath,
    /// Too many path segments.
    DeepPath,
    /// A path segment repeats.
    RepeatingSegments,
}

impl Trap {
    /// The trap in plain English, for the crawl log and report.
    pub fn describe(self) -> &'static str {
        match self {
            Trap::QueryVariants => {
                "the same path with too many different query strings (a calendar or search page?)"
            }
            Trap::LongPath => "a very long URL (a link that grows each time it is followed?)",
            Trap::DeepPath => "a path with too many folders (links that nest ever deeper?)",
            Trap::RepeatingSegments => {
                "the same folder repeated in the path (a relative link that loops?)"
            }
        }
    }
}

/// How many times one path segment may occur before the path counts as a loop.
const MAX_SEGMENT_REPEATS: usize = 2;

impl Default for TrapGuard {
    fn default() -> TrapGuard {
        TrapGuard::new(25, 500, 15)
    }
}

impl TrapGuard {
    /// A guard with these limits (see [`TrapGuard`]).
    pub fn new(max_query_variants: usize, max_url_len: usize, max_segments: usize) -> TrapGuard {
        TrapGuard {
            max_query_variants,
            max_url_len,
            max_segments,
            queries: HashMap::new(),
        }
    }

    /// Call once per new (already de-duplicated) URL before queueing it. Counts
    /// distinct query strings per (host, path); the first `max_query_variants` pass,
    /// later ones are Err(QueryVariants). URLs without a query never count. A query
    /// already admitted passes again, and a URL refused for another trap does not
    /// use up a query variant.
    ///
    /// # Errors
    ///
    /// The first [`Trap`] the URL falls into (see [`TrapGuard`] for the order).
    pub fn admit(&mut self, url: &Url) -> Result<(), Trap> {
        if url.as_str().len() > self.max_url_len {
            return Err(Trap::LongPath);
        }
        let segments: Vec<&str> = url.path().split('/').filter(|s| !s.is_empty()).collect();
        if segments.len() > self.max_segments {
            return Err(Trap::DeepPath);
        }
        // Counting occurrences anywhere also covers repeated runs: in /a/b/a/b/a/b
        // both `a` and `b` occur three times. Paths are short, so quadratic is fine.
        if segments
            .iter()
            .any(|seg| segments.iter().filter(|other| *other == seg).count() > MAX_SEGMENT_REPEATS)
        {
            return Err(Trap::RepeatingSegments);
        }
        if let Some(query) = url.query().filter(|q| !q.is_empty()) {
            let seen = self.queries.entry(site_path(url)).or_default();
            if !seen.contains(query) {
                if seen.len() >= self.max_query_variants {
                    return Err(Trap::QueryVariants);
                }
                seen.insert(query.to_string());
            }
        }
        Ok(())
    }
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

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
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

    // --- Scope ---

    #[test]
    fn include_patterns_that_match_nothing_are_named() {
        let s = scope(
            &["https://www.oaksurgery.nhs.uk/"],
            &[],
            &["/appointments/**", "/apointments/**", "re:^/news/\\d+$"],
            &[],
        );
        let urls: Vec<Url> = [
            "https://www.oaksurgery.nhs.uk/appointments/book",
            "https://www.oaksurgery.nhs.uk/news/12",
            // Another site's page never counts as a match.
            "https://example.org/apointments/x",
        ]
        .iter()
        .map(|u| Url::parse(u).unwrap())
        .collect();
        assert_eq!(
            s.unmatched_includes(&urls),
            vec!["/apointments/**".to_owned()]
        );
        assert!(
            scope(&["https://a.test/"], &[], &[], &[])
                .unmatched_includes(&urls)
                .is_empty()
        );
    }

    fn scope(start: &[&str], allow: &[&str], include: &[&str], exclude: &[&str]) -> Scope {
        let start: Vec<Url> = start.iter().map(|s| u(s)).collect();
        Scope::new(
            &start,
            &strings(allow),
            &strings(include),
            &strings(exclude),
        )
        .unwrap()
    }

    fn check(scope: &Scope, url: &str) -> Result<(), OutOfScope> {
        scope.check(&u(url))
    }

    #[test]
    fn scope_admits_start_host_and_www_twin() {
        let s = scope(&["https://example.nhs.uk/"], &[], &[], &[]);
        assert_eq!(check(&s, "https://example.nhs.uk/about"), Ok(()));
        assert_eq!(check(&s, "https://www.example.nhs.uk/about"), Ok(()));
        assert_eq!(check(&s, "http://example.nhs.uk/about"), Ok(()));
        assert_eq!(check(&s, "https://EXAMPLE.nhs.uk./about"), Ok(()));
        assert_eq!(
            check(&s, "https://other.nhs.uk/"),
            Err(OutOfScope::OtherHost)
        );
        assert_eq!(
            check(&s, "https://cdn.example.nhs.uk/"),
            Err(OutOfScope::OtherHost)
        );
        assert_eq!(
            check(&s, "mailto:a@example.nhs.uk"),
            Err(OutOfScope::OtherHost)
        );

        let s = scope(&["https://www.palfreylane.example/"], &[], &[], &[]);
        assert_eq!(check(&s, "https://palfreylane.example/"), Ok(()));
        assert_eq!(
            check(&s, "https://www.www.palfreylane.example/"),
            Err(OutOfScope::OtherHost)
        );
    }

    #[test]
    fn scope_port_must_match_for_start_hosts() {
        let s = scope(&["http://127.0.0.1:8080/"], &[], &[], &[]);
        assert_eq!(check(&s, "http://127.0.0.1:8080/about"), Ok(()));
        assert_eq!(
            check(&s, "http://127.0.0.1:9090/about"),
            Err(OutOfScope::OtherHost)
        );
        assert_eq!(
            check(&s, "http://127.0.0.1/about"),
            Err(OutOfScope::OtherHost)
        );
        assert!(!s.is_start_host("www.127.0.0.1"));

        let s = scope(&["https://example.nhs.uk/"], &[], &[], &[]);
        assert_eq!(
            check(&s, "https://example.nhs.uk:8443/"),
            Err(OutOfScope::OtherHost)
        );
    }

    #[test]
    fn scope_allow_hosts() {
        let s = scope(
            &["https://www.palfreylane.example/"],
            &["*.nhs.uk", "Booking.Example.COM"],
            &[],
            &[],
        );
        assert_eq!(check(&s, "https://nhs.uk/"), Ok(()));
        assert_eq!(check(&s, "https://www.nhs.uk/conditions/"), Ok(()));
        assert_eq!(check(&s, "https://111.nhs.uk/"), Ok(()));
        assert_eq!(check(&s, "https://a.b.nhs.uk:8443/"), Ok(()));
        assert_eq!(check(&s, "https://booking.example.com/"), Ok(()));
        assert_eq!(check(&s, "https://evilnhs.uk/"), Err(OutOfScope::OtherHost));
        assert_eq!(
            check(&s, "https://nhs.uk.evil.example/"),
            Err(OutOfScope::OtherHost)
        );
        // Exact entries do not admit subdomains.
        assert_eq!(
            check(&s, "https://www.booking.example.com/"),
            Err(OutOfScope::OtherHost)
        );
        // Allow-hosts do not get the user's headers.
        assert!(s.is_start_host("www.palfreylane.example"));
        assert!(s.is_start_host("PalfreyLane.example"));
        assert!(!s.is_start_host("www.nhs.uk"));
        assert!(!s.is_start_host("booking.example.com"));
    }

    #[test]
    fn scope_rejects_bad_allow_hosts() {
        for bad in [
            "",
            "https://nhs.uk",
            "nhs.uk/path",
            "nhs.uk:443",
            "nhs uk",
            " nhs.uk",
            "*",
            "*.",
            "*nhs.uk",
            "a.*.nhs.uk",
            ".nhs.uk",
            "nhs..uk",
            "*.127.0.0.1",
        ] {
            let err = Scope::new(&[], &strings(&[bad]), &[], &[]).unwrap_err();
            assert!(
                matches!(&err, ScopeError::Host(h) if h == bad),
                "{bad:?}: {err}"
            );
        }
        let err = Scope::new(&[], &strings(&["nhs uk"]), &[], &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad --allow-host `nhs uk`: give a host name such as nhs.uk or *.nhs.uk"
        );
        // Plain IP addresses and trailing dots are fine.
        let s = scope(&[], &["127.0.0.1", "nhs.uk."], &[], &[]);
        assert_eq!(check(&s, "http://127.0.0.1:3000/"), Ok(()));
        assert_eq!(check(&s, "https://nhs.uk/"), Ok(()));
    }

    #[test]
    fn scope_add_host_follows_redirects() {
        let mut s = scope(&["https://example.org/"], &[], &[], &[]);
        assert_eq!(
            check(&s, "https://practice.example.net/"),
            Err(OutOfScope::OtherHost)
        );
        s.add_host("Practice.Example.NET");
        assert_eq!(check(&s, "https://practice.example.net/"), Ok(()));
        assert_eq!(check(&s, "https://www.practice.example.net/"), Ok(()));
        assert!(s.is_start_host("practice.example.net"));

        s.add_host("localhost:8080");
        assert_eq!(check(&s, "http://localhost:8080/"), Ok(()));
        assert_eq!(
            check(&s, "http://localhost:9090/"),
            Err(OutOfScope::OtherHost)
        );
        assert!(s.is_start_host("localhost"));
        assert!(s.is_start_host("localhost:1234"));

        s.add_host("[::1]:8081");
        assert_eq!(check(&s, "http://[::1]:8081/"), Ok(()));
        assert!(s.is_start_host("[::1]"));
    }

    #[test]
    fn scope_include_and_exclude_globs() {
        let s = scope(&["https://gp.example/"], &[], &["/news/*"], &[]);
        assert_eq!(check(&s, "https://gp.example/news/flu-clinic"), Ok(()));
        assert_eq!(check(&s, "https://gp.example/news/"), Ok(()));
        assert_eq!(
            check(&s, "https://gp.example/news/2026/x"),
            Err(OutOfScope::NotIncluded)
        );
        assert_eq!(
            check(&s, "https://gp.example/news"),
            Err(OutOfScope::NotIncluded)
        );
        assert_eq!(
            check(&s, "https://gp.example/about"),
            Err(OutOfScope::NotIncluded)
        );
        // Host comes first.
        assert_eq!(
            check(&s, "https://other.example/news/a"),
            Err(OutOfScope::OtherHost)
        );

        let s = scope(&["https://gp.example/"], &[], &["/news/**"], &[]);
        assert_eq!(check(&s, "https://gp.example/news/2026/x"), Ok(()));
        assert_eq!(check(&s, "https://gp.example/news/"), Ok(()));
        assert_eq!(
            check(&s, "https://gp.example/news"),
            Err(OutOfScope::NotIncluded)
        );
    }

    #[test]
    fn scope_folder_patterns_end_in_slash() {
        let s = scope(&["https://gp.example/"], &[], &[], &["/news/"]);
        for path in ["/news", "/news/", "/news/a", "/news/2026/a"] {
            assert_eq!(
                check(&s, &format!("https://gp.example{path}")),
                Err(OutOfScope::Excluded),
                "{path}"
            );
        }
        assert_eq!(check(&s, "https://gp.example/newsletter"), Ok(()));
        assert_eq!(check(&s, "https://gp.example/practice/news/a"), Ok(()));

        let s = scope(&["https://gp.example/"], &[], &[], &["news/"]);
        assert_eq!(
            check(&s, "https://gp.example/practice/news/a"),
            Err(OutOfScope::Excluded)
        );
        assert_eq!(check(&s, "https://gp.example/newsletter"), Ok(()));
    }

    #[test]
    fn scope_unanchored_glob_matches_any_depth() {
        let s = scope(&["https://gp.example/"], &[], &[], &["*.pdf"]);
        assert_eq!(
            check(&s, "https://gp.example/leaflet.pdf"),
            Err(OutOfScope::Excluded)
        );
        assert_eq!(
            check(&s, "https://gp.example/docs/2026/leaflet.pdf"),
            Err(OutOfScope::Excluded)
        );
        assert_eq!(
            check(&s, "https://gp.example/docs/leaflet.pdf.html"),
            Ok(())
        );
        // Globs see the path only, never the query.
        assert_eq!(check(&s, "https://gp.example/download?file=a.pdf"), Ok(()));
    }

    #[test]
    fn scope_exclude_wins_over_include() {
        let s = scope(
            &["https://gp.example/"],
            &[],
            &["/services/**"],
            &["/services/private/**"],
        );
        assert_eq!(check(&s, "https://gp.example/services/flu"), Ok(()));
        assert_eq!(
            check(&s, "https://gp.example/services/private/x"),
            Err(OutOfScope::Excluded)
        );
    }

    #[test]
    fn scope_regex_patterns_see_the_query() {
        let s = scope(&["https://gp.example/"], &[], &[], &[r"re:^/calendar\?"]);
        assert_eq!(
            check(&s, "https://gp.example/calendar?month=5"),
            Err(OutOfScope::Excluded)
        );
        assert_eq!(check(&s, "https://gp.example/calendar"), Ok(()));
        assert_eq!(check(&s, "https://gp.example/old/calendar?month=5"), Ok(()));

        // Not anchored unless the regex says so.
        let s = scope(&["https://gp.example/"], &[], &["re:flu|covid"], &[]);
        assert_eq!(check(&s, "https://gp.example/services/flu-jab"), Ok(()));
        assert_eq!(check(&s, "https://gp.example/search?q=covid"), Ok(()));
        assert_eq!(
            check(&s, "https://gp.example/about"),
            Err(OutOfScope::NotIncluded)
        );
    }

    #[test]
    fn scope_rejects_bad_patterns() {
        for (include, exclude, pattern) in [
            (vec!["/news/[a"], vec![], "/news/[a"),
            (vec![], vec!["/a/{b,c"], "/a/{b,c"),
            (vec![], vec!["re:(unclosed"], "re:(unclosed"),
            (vec!["re:a{2,1}"], vec![], "re:a{2,1}"),
            (vec![""], vec![], ""),
        ] {
            let err = Scope::new(
                &[u("https://gp.example/")],
                &[],
                &strings(&include),
                &strings(&exclude),
            )
            .unwrap_err();
            match &err {
                ScopeError::Pattern { pattern: p, reason } => {
                    assert_eq!(p, pattern);
                    assert!(!reason.is_empty());
                }
                ScopeError::Host(_) => panic!("wrong error {err}"),
            }
            assert!(
                err.to_string()
                    .starts_with(&format!("bad --include/--exclude pattern `{pattern}`: ")),
                "{err}"
            );
        }
    }

    // --- TrapGuard ---

    #[test]
    fn trap_guard_limits_query_variants_per_path() {
        let mut guard = TrapGuard::default();
        for month in 1..=25 {
            let url = u(&format!("https://gp.example/events?month={month}"));
            assert_eq!(guard.admit(&url), Ok(()), "month {month}");
        }
        assert_eq!(
            guard.admit(&u("https://gp.example/events?month=26")),
            Err(Trap::QueryVariants)
        );
        // The same path with a trailing slash or another scheme is the same page.
        assert_eq!(
            guard.admit(&u("http://gp.example/events/?month=27")),
            Err(Trap::QueryVariants)
        );
        // An already admitted query passes again; other paths are unaffected.
        assert_eq!(guard.admit(&u("https://gp.example/events?month=3")), Ok(()));
        assert_eq!(guard.admit(&u("https://gp.example/about?x=1")), Ok(()));
        assert_eq!(
            guard.admit(&u("https://other.example/events?month=26")),
            Ok(())
        );
        // URLs without a query never count.
        assert_eq!(guard.admit(&u("https://gp.example/events")), Ok(()));
    }

    #[test]
    fn trap_guard_catches_repeating_segments() {
        let mut guard = TrapGuard::default();
        assert_eq!(
            guard.admit(&u("https://gp.example/a/b/a/b/a/b/")),
            Err(Trap::RepeatingSegments)
        );
        assert_eq!(
            guard.admit(&u("https://gp.example/services/x/y/services/z/services")),
            Err(Trap::RepeatingSegments)
        );
        assert_eq!(
            guard.admit(&u("https://gp.example/news/2026/news/flu")),
            Ok(())
        );
        // Empty segments (`//`) are not counted.
        assert_eq!(guard.admit(&u("https://gp.example/a////b")), Ok(()));
    }

    #[test]
    fn trap_guard_catches_long_and_deep_urls() {
        let mut guard = TrapGuard::default();
        let long = format!("https://gp.example/{}", "x".repeat(600 - 19));
        assert_eq!(long.len(), 600);
        assert_eq!(guard.admit(&u(&long)), Err(Trap::LongPath));
        let just_fits = format!("https://gp.example/{}", "x".repeat(500 - 19));
        assert_eq!(guard.admit(&u(&just_fits)), Ok(()));

        let deep: String = (1..=16).map(|i| format!("/s{i}")).collect();
        assert_eq!(
            guard.admit(&u(&format!("https://gp.example{deep}"))),
            Err(Trap::DeepPath)
        );
        let fifteen: String = (1..=15).map(|i| format!("/s{i}")).collect();
        assert_eq!(
            guard.admit(&u(&format!("https://gp.example{fifteen}/"))),
            Ok(())
        );
    }

    #[test]
    fn trap_guard_other_traps_do_not_use_up_query_variants() {
        let mut guard = TrapGuard::new(1, 500, 15);
        let deep: String = (1..=16).map(|_| "/s").collect();
        assert_eq!(
            guard.admit(&u(&format!("https://gp.example{deep}?a=1"))),
            Err(Trap::DeepPath)
        );
        assert_eq!(guard.admit(&u("https://gp.example/search?q=a")), Ok(()));
        assert_eq!(
            guard.admit(&u("https://gp.example/search?q=b")),
            Err(Trap::QueryVariants)
        );
    }

    #[test]
    fn trap_descriptions_are_plain_english() {
        for trap in [
            Trap::QueryVariants,
            Trap::LongPath,
            Trap::DeepPath,
            Trap::RepeatingSegments,
        ] {
            let text = trap.describe();
            assert!(!text.is_empty() && text.is_ascii(), "{trap:?}");
        }
        assert_eq!(
            Trap::QueryVariants.describe(),
            "the same path with too many different query strings (a calendar or search page?)"
        );
    }
}
