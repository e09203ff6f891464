//! Which URLs belong to the audit: the site's own hosts (and their `www.` twins),
//! `--allow-host` entries, and the `--include`/`--exclude` patterns.

mod patterns;

use ::url::{Host, Url};

use patterns::Patterns;

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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

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
}
