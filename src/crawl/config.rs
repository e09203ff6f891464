//! What the crawl is asked to do ([`CrawlConfig`]) and why it may fail to
//! start ([`CrawlError`]).

use ::url::Url;
use regex::Regex;

use super::cookies::CookieJar;
use super::fetch::HttpConfig;
use super::scope::ScopeError;

/// The default pattern for a sign-in page that a redirect may lead to.
pub const DEFAULT_LOGIN_PATTERN: &str = r"(?i)/(log-?in|log-?on|sign-?in|signin|auth|authenticate|sso|oauth2?|saml|cas/login)(/|\.|\?|$)";

/// What the crawl should do.
#[derive(Debug)]
pub struct CrawlConfig {
    /// Start pages (depth 0).
    pub start: Vec<Url>,
    /// Sitemaps named as targets: their pages are audited as start pages.
    pub sitemap_targets: Vec<Url>,
    /// Follow links from pages (off with `--no-crawl`).
    pub follow_links: bool,
    /// Read the site's sitemaps (from robots.txt, else `/sitemap.xml`).
    pub discover_sitemaps: bool,
    /// Most pages visited (fetched or tried), not counting documents.
    pub max_pages: usize,
    /// Deepest link level followed from a start page.
    pub max_depth: usize,
    /// `--allow-host` values.
    pub allow_hosts: Vec<String>,
    /// `--include` patterns.
    pub include: Vec<String>,
    /// `--exclude` patterns.
    pub exclude: Vec<String>,
    /// `--ignore-robots`.
    pub ignore_robots: bool,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// HTTP settings, including the secret headers.
    pub http: HttpConfig,
    /// Cookies from `--cookies`.
    pub cookies: Option<CookieJar>,
    /// A redirect to a URL whose path matches this is a sign-in wall.
    pub login_pattern: Regex,
    /// Stop cleanly on Ctrl-C, keeping what was checked.
    pub handle_interrupt: bool,
    /// Most same-site files (styles, scripts, images) measured for page
    /// weight; 0 measures none.
    pub max_assets: usize,
}

impl CrawlConfig {
    /// A configuration with carelint's defaults for these start URLs.
    ///
    /// # Panics
    /// Never: the default login pattern is a valid regex (tested).
    #[must_use]
    pub fn new(start: Vec<Url>) -> Self {
        #[allow(clippy::expect_used)]
        let login_pattern = Regex::new(DEFAULT_LOGIN_PATTERN).expect("built-in regex is valid");
        Self {
            start,
            sitemap_targets: Vec::new(),
            follow_links: true,
            discover_sitemaps: true,
            max_pages: 100,
            max_depth: 5,
            allow_hosts: Vec::new(),
            include: Vec::new(),
            exclude: Vec::new(),
            ignore_robots: false,
            concurrency: 8,
            http: HttpConfig::default(),
            cookies: None,
            login_pattern,
            handle_interrupt: false,
            max_assets: 2000,
        }
    }
}

/// A crawl that could not start or had to stop with nothing to show.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CrawlError {
    /// Bad scope patterns or hosts.
    #[error(transparent)]
    #[diagnostic(code(carelint::crawl::scope))]
    Scope(#[from] ScopeError),
    /// The HTTP client could not be set up.
    #[error("cannot start the crawler: {0}")]
    #[diagnostic(code(carelint::crawl::setup))]
    Setup(String),
    /// No start page could be fetched.
    #[error("cannot audit {url}: {reason}")]
    #[diagnostic(
        code(carelint::crawl::unreachable),
        help(
            "check the address opens in a browser on this machine; for a site behind a login, give --header or --cookies"
        )
    )]
    Unreachable {
        /// The start URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// A start page redirected to a sign-in page.
    #[error("{url} redirected to a sign-in page ({login}), so there is nothing public to audit")]
    #[diagnostic(
        code(carelint::crawl::login),
        help(
            "to audit pages behind a login, pass a session cookie with --cookies FILE or a header with --header 'Cookie: env:SESSION'"
        )
    )]
    LoginRequired {
        /// The start URL.
        url: String,
        /// Where it redirected.
        login: String,
    },
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn login_pattern_finds_sign_in_pages_only() {
        let config = CrawlConfig::new(Vec::new());
        for path in [
            "/login",
            "/account/login?next=/",
            "/Sign-In",
            "/signin.aspx",
            "/auth/",
            "/oauth2/authorize",
            "/saml?SAMLRequest=x",
            "/users/log-on",
        ] {
            assert!(config.login_pattern.is_match(path), "{path}");
        }
        for path in ["/authors", "/blog/logins-explained", "/signing-up", "/"] {
            assert!(!config.login_pattern.is_match(path), "{path}");
        }
    }
}
