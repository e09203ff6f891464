//! The crawler: finds a live site's pages and fetches them politely, handing each
//! page's bytes to an [`Analyser`] as it arrives.
//!
//! The crawl goes breadth first, one depth level at a time: every page at depth
//! *d* is fetched and analysed before the links it makes are turned into level
//! *d + 1*, in page order then link order. So the pages that fit under
//! `--max-pages` are the same on every run, whatever order the responses come back
//! in. Within a level, up to `concurrency` requests are in flight, each host at its
//! own pace.
//!
//! The crawler never parses HTML itself: the analyser (the audit) parses each page
//! once, checks it, and sends back the page's links with its results. The DOM is
//! dropped as soon as that is done, so memory grows with findings, not with pages.

pub use crate::report::model::{CrawlSummary, Document, RedirectHop, SitemapRead, Skipped};

pub mod cookies;
pub mod fetch;
pub mod robots;
pub mod scope;
pub mod sitemap;
pub mod trap;
pub mod url;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
use std::time::Duration;

use ::url::Url;
use futures_util::StreamExt;
use regex::Regex;
use serde::{Deserialize, Serialize};
use tokio::sync::{OnceCell, mpsc};
use tokio::time::Instant;

use crate::page::{PageLinks, Resource};
use crate::weight::MeasuredResource;
use cookies::CookieJar;
use fetch::{Fetcher, HttpConfig, Method, Want};
use robots::Robots;
use scope::{OutOfScope, Scope, ScopeError};
use trap::{Trap, TrapGuard};

/// Most redirects followed for one page.
pub const MAX_REDIRECTS: usize = 10;
/// Most sitemap files read in one crawl (an index can name thousands).
pub const MAX_SITEMAP_FILES: usize = 50;
/// Largest sitemap once decompressed (the protocol allows 50 MB).
pub const MAX_SITEMAP_BYTES: usize = 50 * 1024 * 1024;

/// The default pattern for a sign-in page that a redirect may lead to.
pub const DEFAULT_LOGIN_PATTERN: &str = r"(?i)/(log-?in|log-?on|sign-?in|signin|auth|authenticate|sso|oauth2?|saml|cas/login)(/|\.|\?|$)";

/// File extensions of documents (listed for the accessible-formats checks; their
/// headers are fetched, not their bodies).
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "csv", "ppt", "pptx", "odp", "epub",
];

/// File extensions that are never pages, so links to them are not followed.
const ASSET_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "ico", "bmp", "tif", "tiff", "css", "js",
    "mjs", "json", "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "m4a", "wav", "ogg", "webm",
    "mov", "avi", "zip", "gz", "tgz", "rar", "7z", "exe", "dmg", "msi", "apk", "ics", "vcf", "xml",
    "rss", "atom",
];

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

/// How the fetch of one page went (the crawl's part of a `pages[]` row).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageFetch {
    /// The URL as linked (normalised).
    pub url: String,
    /// The final HTTP status.
    pub status: Option<u16>,
    /// Where redirects ended, when they did.
    pub final_url: Option<String>,
    /// The redirects followed, in order.
    pub redirects: Vec<RedirectHop>,
    /// The Content-Type header.
    pub content_type: Option<String>,
    /// Bytes of the body after decompression.
    pub bytes: Option<u64>,
    /// Milliseconds from the first request to the last byte, including redirects.
    pub time_ms: Option<u64>,
    /// Link depth from a start page.
    pub depth: usize,
    /// The first page that linked here (or `sitemap`, or nothing for start pages).
    pub found_on: Option<String>,
    /// Why the page could not be checked.
    pub error: Option<String>,
    /// Why the page was deliberately not fetched (robots.txt, off-site redirect).
    pub skipped: Option<String>,
}

/// A page fetched and ready to analyse.
#[derive(Debug)]
pub struct FetchedPage {
    /// Index of this page in the crawl's page list.
    pub id: usize,
    /// How it was fetched.
    pub fetch: PageFetch,
    /// The raw body.
    pub body: Vec<u8>,
    /// The charset from the Content-Type header.
    pub charset: Option<String>,
}

/// What an analyser sends back for a page.
#[derive(Debug)]
pub struct Analysed<T> {
    /// The [`FetchedPage::id`].
    pub id: usize,
    /// The page's links (empty if it could not be parsed).
    pub links: PageLinks,
    /// The analyser's own result.
    pub output: T,
}

/// Checks pages as they arrive. `submit` must, sooner or later, send exactly one
/// [`Analysed`] for the page on `done`; it may do the work on another thread.
pub trait Analyser {
    /// The result for one page.
    type Output: Send;
    /// Starts analysing a page.
    fn submit(&self, page: FetchedPage, done: mpsc::UnboundedSender<Analysed<Self::Output>>);
}

/// A page of the crawl and, if it was analysed, the analyser's result.
#[derive(Debug)]
pub struct CrawledPage<T> {
    /// How it was fetched.
    pub fetch: PageFetch,
    /// The analysis, for pages that were fetched as HTML.
    pub output: Option<T>,
    /// The files the page loads, with their sizes where they were measured
    /// (same-site files only).
    pub resources: Vec<MeasuredResource>,
}

/// The whole result of a crawl.
#[derive(Debug)]
pub struct CrawlOutcome<T> {
    /// Every page visited or skipped, in visit order.
    pub pages: Vec<CrawledPage<T>>,
    /// The crawl's own facts.
    pub summary: CrawlSummary,
}

/// What the crawl is doing now, for a progress display.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Phase {
    /// Reading robots.txt and sitemaps.
    #[default]
    Sitemaps,
    /// Fetching and checking pages.
    Pages,
    /// Asking for the size of linked documents (PDF, Word).
    Documents,
    /// Measuring the files pages load, for page weight.
    Weight,
}

impl Phase {
    /// A few words for a progress line.
    #[must_use]
    pub fn words(self) -> &'static str {
        match self {
            Self::Sitemaps => "reading sitemaps",
            Self::Pages => "checking pages",
            Self::Documents => "looking at linked documents",
            Self::Weight => "measuring page weight",
        }
    }
}

/// Counters for a progress display.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// What the crawl is doing now.
    pub phase: Phase,
    /// The most pages the crawl will check (`--max-pages`): the total, as
    /// far as it can be known before the crawl ends.
    pub limit: usize,
    /// URLs queued so far.
    pub found: usize,
    /// Responses received.
    pub fetched: usize,
    /// Pages analysed.
    pub checked: usize,
    /// Pages that failed.
    pub errors: usize,
    /// Time since the crawl began.
    pub elapsed: Duration,
}

/// Told about progress; the CLI draws it, tests ignore it.
pub trait Observer {
    /// Called after each page is fetched or analysed, and when the phase
    /// changes.
    fn progress(&self, progress: &Progress);

    /// Called when a page's request starts, with its address.
    fn visiting(&self, _url: &str) {}
}

/// An observer that ignores everything.
#[derive(Debug, Default)]
pub struct Silent;

impl Observer for Silent {
    fn progress(&self, _: &Progress) {}
}

/// One URL waiting to be visited.
#[derive(Debug, Clone)]
struct Queued {
    url: Url,
    depth: usize,
    found_on: Option<String>,
}

/// Why a URL may not be fetched.
enum Blocked {
    /// robots.txt says no: the page is skipped.
    Robots(String),
    /// The host cannot be reached: the page failed.
    Unreachable(String),
}

/// What visiting a URL gave.
enum Visit {
    /// An HTML page to analyse.
    Page(PageFetch, Vec<u8>, Option<String>),
    /// Not HTML: listed as a document.
    Document(PageFetch),
    /// No page to analyse (failed or skipped); the row says why.
    Row(PageFetch),
    /// Not fetched because robots.txt disallows it; the row says so.
    Blocked(PageFetch),
    /// A redirect to a sign-in page.
    Login(PageFetch, String),
}

/// The address a page's relative links resolve against: its `<base href>`
/// resolved against where it was fetched from (after redirects).
fn page_base(fetch: &PageFetch, base: Option<&str>) -> Option<Url> {
    let page_url = Url::parse(fetch.final_url.as_deref().unwrap_or(&fetch.url)).ok()?;
    Some(base.and_then(|b| page_url.join(b).ok()).unwrap_or(page_url))
}

/// The file extension of a URL's last path segment, lower case.
fn extension(url: &Url) -> Option<String> {
    let last = url.path_segments()?.next_back()?;
    let (_, ext) = last.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

/// Whether a body with no Content-Type looks like HTML, as a browser would sniff.
fn looks_like_html(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &body[i..]);
    let head = String::from_utf8_lossy(&start[..start.len().min(512)]).to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<!--")
        || head.starts_with("<head")
        || head.starts_with("<body")
}

/// `host:port` (port always given), the unit secrets are bound to.
fn origin_key(url: &Url) -> Option<String> {
    Some(format!(
        "{}:{}",
        url.host_str()?.to_ascii_lowercase(),
        url.port_or_known_default()?
    ))
}

/// A digest of a page body, to spot one page served at two addresses.
fn content_digest(body: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    hasher.finish()
}

/// The crawl's shared state; lives on one thread (the runtime is single-threaded),
/// so plain `RefCell`s are enough.
struct Crawler<'a, O: Observer + ?Sized> {
    config: &'a CrawlConfig,
    fetcher: Fetcher,
    scope: RefCell<Scope>,
    robots: RefCell<HashMap<String, Rc<OnceCell<Robots>>>>,
    seen: RefCell<HashSet<String>>,
    progress: Cell<Progress>,
    began: Instant,
    observer: &'a O,
    stop: RefCell<Option<String>>,
    /// `host:port` of each start URL: where secrets may go.
    secret_origins: HashSet<String>,
}

impl<O: Observer + ?Sized> Crawler<'_, O> {
    fn bump(&self, change: impl FnOnce(&mut Progress)) {
        let mut p = self.progress.get();
        change(&mut p);
        p.elapsed = self.began.elapsed();
        self.progress.set(p);
        self.observer.progress(&p);
    }

    /// `scheme://host:port`, the key robots.txt is cached under.
    fn origin(url: &Url) -> String {
        url.origin().ascii_serialization()
    }

    /// The robots.txt of a URL's origin, fetched once.
    async fn robots_for(&self, url: &Url) -> Rc<OnceCell<Robots>> {
        let cell = self
            .robots
            .borrow_mut()
            .entry(Self::origin(url))
            .or_default()
            .clone();
        cell.get_or_init(|| self.load_robots(url)).await;
        cell
    }

    async fn load_robots(&self, url: &Url) -> Robots {
        let Ok(mut at) = url.join("/robots.txt") else {
            return Robots::AllowAll;
        };
        // RFC 9309 asks crawlers to follow at least five redirects for robots.txt.
        for _ in 0..5 {
            let secrets = self.secrets_for(&at);
            match self.fetcher.get(&at, Method::Get, Want::Any, secrets).await {
                Ok(hop) if (300..400).contains(&hop.status) => {
                    match hop.location.as_deref().and_then(|l| at.join(l).ok()) {
                        Some(next) => at = next,
                        None => return Robots::AllowAll,
                    }
                }
                Ok(hop) if (200..300).contains(&hop.status) => {
                    let robots = Robots::parse(hop.body.as_deref().unwrap_or_default());
                    if let Some(delay) = robots.delay() {
                        self.fetcher.set_crawl_delay(url, delay);
                    }
                    return robots;
                }
                Ok(hop) if (400..500).contains(&hop.status) => return Robots::AllowAll,
                Ok(hop) => {
                    return Robots::Unavailable(format!("robots.txt answered HTTP {}", hop.status));
                }
                Err(e) => return Robots::Unreachable(e.to_string()),
            }
        }
        Robots::AllowAll
    }

    /// `Ok(())` when robots.txt allows the URL; `Err(Blocked)` with the reason
    /// when it does not, or when the host cannot be reached at all.
    async fn robots_block(&self, url: &Url) -> Result<(), Blocked> {
        let cell = self.robots_for(url).await;
        let Some(robots) = cell.get() else {
            return Ok(());
        };
        if let Robots::Unreachable(why) = robots {
            return Err(Blocked::Unreachable(why.clone()));
        }
        if self.config.ignore_robots || robots.allowed(url) {
            return Ok(());
        }
        Err(Blocked::Robots(match robots {
            Robots::Unavailable(why) => format!(
                "{why}, which tells crawlers to stay away (RFC 9309); use --ignore-robots to audit anyway"
            ),
            _ => "robots.txt disallows it (use --ignore-robots to audit it anyway)".to_owned(),
        }))
    }

    /// Whether the user's `--header` values may go to this URL: only to the exact
    /// host and port of a start URL, never to another site, another port, or a
    /// host a start page redirected to.
    fn secrets_for(&self, url: &Url) -> bool {
        origin_key(url).is_some_and(|key| self.secret_origins.contains(&key))
    }

    fn claim(&self, url: &Url) -> bool {
        self.seen.borrow_mut().insert(url::dedup_key(url))
    }

    /// Fetches one page, following redirects one hop at a time.
    async fn visit(&self, queued: Queued) -> Visit {
        self.observer.visiting(queued.url.as_str());
        let started = Instant::now();
        let mut fetch = PageFetch {
            url: queued.url.to_string(),
            depth: queued.depth,
            found_on: queued.found_on.clone(),
            ..PageFetch::default()
        };
        let mut url = queued.url.clone();
        let mut chain = vec![url::dedup_key(&url)];
        loop {
            match self.robots_block(&url).await {
                Ok(()) => {}
                Err(Blocked::Robots(why)) => {
                    fetch.skipped = Some(format!("not fetched: {why}"));
                    return Visit::Blocked(fetch);
                }
                Err(Blocked::Unreachable(why)) => {
                    fetch.error = Some(why);
                    return Visit::Row(fetch);
                }
            }
            let secrets = self.secrets_for(&url);
            let result = self
                .fetcher
                .get(&url, Method::Get, Want::Html, secrets)
                .await;
            fetch.time_ms = Some(u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
            let hop = match result {
                Ok(hop) => hop,
                Err(e) => {
                    fetch.error = Some(e.to_string());
                    return Visit::Row(fetch);
                }
            };
            fetch.status = Some(hop.status);
            if (300..400).contains(&hop.status) && hop.status != 304 {
                let Some(next) = hop.location.as_deref().and_then(|l| url::resolve(&url, l)) else {
                    fetch.error = Some(format!(
                        "HTTP {} redirect with no usable Location header",
                        hop.status
                    ));
                    return Visit::Row(fetch);
                };
                fetch.redirects.push(RedirectHop {
                    url: url.to_string(),
                    status: hop.status,
                });
                fetch.final_url = Some(next.to_string());
                let key = url::dedup_key(&next);
                if chain.contains(&key) {
                    fetch.error = Some(format!(
                        "redirect loop: {next} redirects back to a page already in the chain"
                    ));
                    return Visit::Row(fetch);
                }
                chain.push(key);
                if fetch.redirects.len() > MAX_REDIRECTS {
                    fetch.error = Some(format!("more than {MAX_REDIRECTS} redirects"));
                    return Visit::Row(fetch);
                }
                let login_target = format!(
                    "{}{}",
                    next.path(),
                    next.query().map(|q| format!("?{q}")).unwrap_or_default()
                );
                if self.config.login_pattern.is_match(&login_target) {
                    return Visit::Login(fetch, next.to_string());
                }
                let in_scope = self.scope.borrow().check(&next);
                match in_scope {
                    Ok(()) => {}
                    Err(OutOfScope::OtherHost)
                        if queued.depth == 0 && queued.found_on.is_none() =>
                    {
                        // A start page moving to another host (example.org to
                        // www.example.org, http to a new domain) moves the site.
                        if let Some(host) = next.host_str() {
                            let host = match next.port() {
                                Some(port) => format!("{host}:{port}"),
                                None => host.to_owned(),
                            };
                            self.scope.borrow_mut().add_host(&host);
                        }
                    }
                    Err(OutOfScope::OtherHost) => {
                        fetch.skipped = Some(format!(
                            "redirects to {next}, which is on another site and outside this audit"
                        ));
                        return Visit::Row(fetch);
                    }
                    Err(_) => {
                        fetch.skipped = Some(format!(
                            "redirects to {next}, which --include/--exclude leave out"
                        ));
                        return Visit::Row(fetch);
                    }
                }
                if !self.claim(&next) && queued.found_on.is_some() {
                    fetch.skipped = Some(format!(
                        "redirects to {next}, which is checked as its own page"
                    ));
                    return Visit::Row(fetch);
                }
                url = next;
                continue;
            }
            fetch.content_type = hop.content_type.clone();
            fetch.bytes = hop.length;
            if hop.status >= 400 || !(200..300).contains(&hop.status) {
                let reason = reqwest::StatusCode::from_u16(hop.status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("");
                fetch.error = Some(
                    format!("HTTP {} {reason}", hop.status)
                        .trim_end()
                        .to_owned(),
                );
                return Visit::Row(fetch);
            }
            let charset = hop.charset();
            return match hop.body {
                Some(body) if hop.content_type.is_some() || looks_like_html(&body) => {
                    Visit::Page(fetch, body, charset)
                }
                _ => Visit::Document(fetch),
            };
        }
    }

    /// HEAD of a linked document, for its type and size.
    async fn document(&self, url: &Url, found_on: Option<String>) -> Document {
        let mut doc = Document {
            url: url.to_string(),
            found_on,
            status: None,
            content_type: None,
            bytes: None,
            error: None,
        };
        if self.scope.borrow().check(url).is_err() {
            return doc;
        }
        if let Err(Blocked::Robots(why) | Blocked::Unreachable(why)) = self.robots_block(url).await
        {
            doc.error = Some(why);
            return doc;
        }
        let secrets = self.secrets_for(url);
        match self
            .fetcher
            .get(url, Method::Head, Want::Html, secrets)
            .await
        {
            Ok(hop) => {
                doc.status = Some(hop.status);
                doc.content_type = hop.content_type;
                doc.bytes = hop.length;
            }
            Err(e) => doc.error = Some(e.to_string()),
        }
        doc
    }

    /// The size of one same-site file: Content-Length from a HEAD request, or,
    /// when the server does not say (or compresses it), the bytes of a GET.
    async fn asset_size(&self, url: &Url) -> Option<u64> {
        if self.robots_block(url).await.is_err() {
            return None;
        }
        let secrets = self.secrets_for(url);
        let head = self
            .fetcher
            .get(url, Method::Head, Want::Any, secrets)
            .await
            .ok()?;
        if !(200..300).contains(&head.status) {
            return None;
        }
        if let Some(length) = head.length.filter(|&l| l > 0) {
            return Some(length);
        }
        let get = self
            .fetcher
            .get(url, Method::Get, Want::Any, secrets)
            .await
            .ok()?;
        (200..300)
            .contains(&get.status)
            .then(|| get.body.map(|b| b.len() as u64))
            .flatten()
    }

    /// Measures the same-site files the pages load (each once, in URL order, up
    /// to `max_assets`) and gives every page its list with sizes.
    async fn measure_assets<T>(
        &self,
        pages: &mut [CrawledPage<T>],
        resources: BTreeMap<usize, Vec<(Resource, Option<Url>)>>,
        summary: &mut CrawlSummary,
    ) {
        let stopped = self.stop.borrow().is_some();
        let wanted: std::collections::BTreeSet<String> = resources
            .values()
            .flatten()
            .filter_map(|(_, url)| url.as_ref())
            .filter(|url| !matches!(self.scope.borrow().check(url), Err(OutOfScope::OtherHost)))
            .map(Url::to_string)
            .collect();
        let limit = if stopped { 0 } else { self.config.max_assets };
        let sizes: HashMap<String, Option<u64>> =
            futures_util::stream::iter(wanted.into_iter().take(limit))
                .map(|key| async move {
                    let size = match Url::parse(&key) {
                        Ok(url) => self.asset_size(&url).await,
                        Err(_) => None,
                    };
                    (key, size)
                })
                .buffered(self.config.concurrency.max(1))
                .collect()
                .await;
        // Each file counts once, however many pages load it.
        let mut unmeasured = HashSet::new();
        for (id, list) in resources {
            let Some(page) = pages.get_mut(id) else {
                continue;
            };
            page.resources = list
                .into_iter()
                .map(|(r, url)| {
                    let bytes = url
                        .as_ref()
                        .and_then(|u| sizes.get(u.as_str()).copied().flatten());
                    if bytes.is_none() {
                        unmeasured.insert(url.map_or_else(|| r.href.clone(), |u| u.to_string()));
                    }
                    MeasuredResource {
                        bytes,
                        href: r.href,
                        kind: r.kind,
                    }
                })
                .collect();
        }
        summary.assets_measured = sizes.values().filter(|s| s.is_some()).count();
        summary.assets_unmeasured = unmeasured.len();
    }

    /// Reads a sitemap and the sitemaps it names, breadth first.
    async fn read_sitemaps(
        &self,
        roots: Vec<Url>,
        quiet_if_missing: bool,
        reads: &mut Vec<SitemapRead>,
    ) -> Vec<Url> {
        let mut pages = Vec::new();
        let mut queue: std::collections::VecDeque<Url> = roots.into();
        let mut done = HashSet::new();
        while let Some(at) = queue.pop_front() {
            if reads.len() >= MAX_SITEMAP_FILES || !done.insert(at.to_string()) {
                continue;
            }
            if let Err(Blocked::Robots(why) | Blocked::Unreachable(why)) =
                self.robots_block(&at).await
            {
                reads.push(SitemapRead {
                    url: at.to_string(),
                    pages: 0,
                    error: Some(why),
                });
                continue;
            }
            let secrets = self.secrets_for(&at);
            let hop = self.fetcher.get(&at, Method::Get, Want::Any, secrets).await;
            let body = match hop {
                Ok(hop) if (200..300).contains(&hop.status) => hop.body.unwrap_or_default(),
                Ok(hop) if hop.status == 404 && quiet_if_missing => continue,
                Ok(hop) => {
                    reads.push(SitemapRead {
                        url: at.to_string(),
                        pages: 0,
                        error: Some(format!("HTTP {}", hop.status)),
                    });
                    continue;
                }
                Err(e) => {
                    reads.push(SitemapRead {
                        url: at.to_string(),
                        pages: 0,
                        error: Some(e.to_string()),
                    });
                    continue;
                }
            };
            match sitemap::parse(&body, MAX_SITEMAP_BYTES) {
                Ok(map) => {
                    let found: Vec<Url> = map
                        .pages
                        .iter()
                        .filter_map(|p| url::resolve(&at, p))
                        .collect();
                    reads.push(SitemapRead {
                        url: at.to_string(),
                        pages: found.len(),
                        error: None,
                    });
                    pages.extend(found);
                    queue.extend(map.sitemaps.iter().filter_map(|s| url::resolve(&at, s)));
                }
                Err(e) => reads.push(SitemapRead {
                    url: at.to_string(),
                    pages: 0,
                    error: Some(e.to_string()),
                }),
            }
        }
        pages
    }
}

/// Crawls a site, analysing each HTML page as it arrives.
///
/// # Errors
/// [`CrawlError`] when the crawl cannot start, no start page can be fetched, or a
/// start page is behind a sign-in.
pub async fn crawl<A: Analyser, O: Observer + ?Sized>(
    config: &CrawlConfig,
    analyser: &A,
    observer: &O,
) -> Result<CrawlOutcome<A::Output>, CrawlError> {
    let began = Instant::now();
    let scope = Scope::new(
        &config
            .start
            .iter()
            .chain(&config.sitemap_targets)
            .cloned()
            .collect::<Vec<_>>(),
        &config.allow_hosts,
        &config.include,
        &config.exclude,
    )?;
    let fetcher = Fetcher::new(config.http.clone(), config.cookies.clone())
        .map_err(|e| CrawlError::Setup(e.to_string()))?;
    let crawler = Crawler {
        config,
        fetcher,
        scope: RefCell::new(scope),
        robots: RefCell::new(HashMap::new()),
        seen: RefCell::new(HashSet::new()),
        progress: Cell::new(Progress::default()),
        began,
        observer,
        stop: RefCell::new(None),
        secret_origins: config
            .start
            .iter()
            .chain(&config.sitemap_targets)
            .filter_map(origin_key)
            .collect(),
    };
    let mut summary = CrawlSummary {
        user_agent: fetch::USER_AGENT.to_owned(),
        robots: if config.ignore_robots {
            "ignored (--ignore-robots)".to_owned()
        } else {
            "obeyed".to_owned()
        },
        max_pages: config.max_pages,
        max_depth: config.max_depth,
        followed_links: config.follow_links,
        ..CrawlSummary::default()
    };
    let mut trap = TrapGuard::default();
    let mut documents: BTreeMap<String, (Url, Option<String>)> = BTreeMap::new();
    // In-scope links, kept only to tell which --include patterns matched.
    let mut included: Vec<Url> = Vec::new();
    let mut pages: Vec<CrawledPage<A::Output>> = Vec::new();
    let mut bodies: HashMap<u64, String> = HashMap::new();
    let mut resources: BTreeMap<usize, Vec<(Resource, Option<Url>)>> = BTreeMap::new();
    let mut statements_beyond_limit = 0usize;

    // Level 0: the start pages and the pages of sitemap targets.
    let mut level: Vec<Queued> = Vec::new();
    for url in &config.start {
        if crawler.claim(url) {
            level.push(Queued {
                url: url.clone(),
                depth: 0,
                found_on: None,
            });
        }
    }
    let mut sitemap_reads = Vec::new();
    crawler.bump(|p| {
        p.phase = Phase::Sitemaps;
        p.limit = config.max_pages;
    });
    if !config.sitemap_targets.is_empty() {
        let listed = crawler
            .read_sitemaps(config.sitemap_targets.clone(), false, &mut sitemap_reads)
            .await;
        for url in listed {
            if level.len() >= config.max_pages {
                summary.skipped.max_pages += 1;
                summary.limit_reached = true;
            } else if crawler.scope.borrow().check(&url).is_err() {
                summary.skipped.out_of_scope += 1;
            } else if crawler.claim(&url) {
                level.push(Queued {
                    url,
                    depth: 0,
                    found_on: Some("sitemap".to_owned()),
                });
            }
        }
    }
    level.truncate(config.max_pages.max(1));
    let mut from_sitemaps = Vec::new();
    if config.discover_sitemaps && config.follow_links {
        // Sitemaps named in robots.txt, else the conventional /sitemap.xml.
        let mut roots = Vec::new();
        let mut origins = HashSet::new();
        for url in &config.start {
            if !origins.insert(Crawler::<O>::origin(url)) {
                continue;
            }
            let cell = crawler.robots_for(url).await;
            match cell.get().map(Robots::sitemaps) {
                Some(named) if !named.is_empty() => {
                    roots.extend(named.iter().filter_map(|s| url::resolve(url, s)));
                }
                _ => roots.extend(url.join("/sitemap.xml").ok()),
            }
        }
        let quiet = roots.iter().all(|r| r.path() == "/sitemap.xml");
        from_sitemaps = crawler
            .read_sitemaps(roots, quiet, &mut sitemap_reads)
            .await;
    }
    summary.sitemaps = sitemap_reads;

    let (tx, mut rx) = mpsc::unbounded_channel::<Analysed<A::Output>>();
    let interrupt = async {
        if config.handle_interrupt {
            let _ = tokio::signal::ctrl_c().await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(interrupt);
    let mut depth = 0;
    let mut first_level = true;
    let mut start_errors: Vec<(String, String)> = Vec::new();
    loop {
        crawler.bump(|p| {
            p.phase = Phase::Pages;
            p.found = crawler.seen.borrow().len();
        });
        let first_id = pages.len();
        let mut links: BTreeMap<usize, PageLinks> = BTreeMap::new();
        let mut pending = 0usize;
        {
            let mut visits = futures_util::stream::iter(level.clone())
                .map(|q| crawler.visit(q))
                .buffer_unordered(config.concurrency.max(1));
            // Results come back in completion order; rows are placed by their
            // queue position so the page order is the same on every run.
            let mut slots: Vec<Option<CrawledPage<A::Output>>> = Vec::new();
            slots.resize_with(level.len(), || None);
            let index_of: HashMap<String, usize> = level
                .iter()
                .enumerate()
                .map(|(i, q)| (q.url.to_string(), first_id + i))
                .collect();
            let mut visits_done = false;
            while !visits_done || pending > 0 {
                tokio::select! {
                    visit = visits.next(), if !visits_done => {
                        let Some(visit) = visit else { visits_done = true; continue; };
                        let (fetch, page) = match visit {
                            Visit::Page(mut fetch, body, charset) => {
                                // The same bytes at two addresses (`/` and
                                // `/index.html`) are one page: audit it once.
                                let digest = content_digest(&body);
                                match bodies.get(&digest) {
                                    Some(first) => {
                                        fetch.skipped = Some(format!("the same page as {first}, which is checked"));
                                        (fetch, None)
                                    }
                                    None => {
                                        bodies.insert(digest, fetch.url.clone());
                                        (fetch, Some((body, charset)))
                                    }
                                }
                            }
                            Visit::Row(fetch) => (fetch, None),
                            Visit::Blocked(fetch) => {
                                summary.skipped.robots += 1;
                                (fetch, None)
                            }
                            Visit::Document(fetch) => {
                                summary.documents.push(Document {
                                    url: fetch.url.clone(),
                                    found_on: fetch.found_on.clone(),
                                    status: fetch.status,
                                    content_type: fetch.content_type.clone(),
                                    bytes: fetch.bytes,
                                    error: None,
                                });
                                crawler.bump(|p| p.fetched += 1);
                                continue;
                            }
                            Visit::Login(mut fetch, login) => {
                                if fetch.depth == 0 && fetch.found_on.is_none() {
                                    return Err(CrawlError::LoginRequired { url: fetch.url, login });
                                }
                                if config.cookies.is_some() || !config.http.headers.is_empty() {
                                    *crawler.stop.borrow_mut() = Some(format!(
                                        "{} redirected to the sign-in page {login}: the session given with --cookies or --header has probably expired",
                                        fetch.url
                                    ));
                                    // Every request from here on would meet the
                                    // same wall: stop asking.
                                    visits_done = true;
                                }
                                fetch.error = Some(format!("redirected to a sign-in page ({login}), so it could not be checked"));
                                (fetch, None)
                            }
                        };
                        let Some(&id) = index_of.get(&fetch.url) else { continue; };
                        let failed = fetch.error.is_some();
                        if failed && fetch.depth == 0 && fetch.found_on.is_none() {
                            start_errors.push((fetch.url.clone(), fetch.error.clone().unwrap_or_default()));
                        }
                        crawler.bump(|p| {
                            p.fetched += 1;
                            p.errors += usize::from(failed);
                        });
                        if let Some((body, charset)) = page {
                            pending += 1;
                            analyser.submit(FetchedPage { id, fetch: fetch.clone(), body, charset }, tx.clone());
                        }

                        slots[id - first_id] = Some(CrawledPage { fetch, output: None, resources: Vec::new() });
                    }
                    done = rx.recv(), if pending > 0 => {
                        let Some(done) = done else { pending = 0; continue; };
                        pending -= 1;
                        crawler.bump(|p| p.checked += 1);
                        if let Some(slot) = slots.get_mut(done.id - first_id).and_then(Option::as_mut) {
                            slot.output = Some(done.output);
                        }
                        links.insert(done.id, done.links);
                    }
                    () = &mut interrupt, if crawler.stop.borrow().is_none() => {
                        *crawler.stop.borrow_mut() = Some("interrupted (Ctrl-C) before the crawl finished".to_owned());
                        // Stop sending requests; let the pages in hand finish.
                        visits_done = true;
                    }
                }
            }
            pages.extend(slots.into_iter().flatten());
        }
        if first_level {
            first_level = false;
            let checked = pages.iter().any(|p| p.output.is_some());
            if !checked && let Some((url, reason)) = start_errors.into_iter().next() {
                return Err(CrawlError::Unreachable { url, reason });
            }
            start_errors = Vec::new();
        }
        if crawler.stop.borrow().is_some() {
            break;
        }

        for (id, page_links) in &links {
            if let Some(page) = pages.get(*id) {
                let base = page_base(&page.fetch, page_links.base.as_deref());
                let resolved = page_links
                    .resources
                    .iter()
                    .map(|r| {
                        (
                            r.clone(),
                            base.as_ref().and_then(|b| url::resolve(b, &r.href)),
                        )
                    })
                    .collect();
                resources.insert(*id, resolved);
            }
        }

        // The next level: links of this level's pages in page order, then (after
        // the start pages) the sitemap's pages.
        let mut candidates: Vec<(Url, Option<String>, bool)> = Vec::new();
        if config.follow_links {
            for (id, page_links) in &links {
                let Some(page) = pages.get(*id) else { continue };
                let Some(base) = page_base(&page.fetch, page_links.base.as_deref()) else {
                    continue;
                };
                for link in &page_links.links {
                    let Some(target) = url::resolve(&base, &link.href) else {
                        continue;
                    };
                    // Frames, refreshes and language alternates are followed
                    // like links: each is a page a visitor can reach.
                    candidates.push((target, Some(page.fetch.url.clone()), link.statement));
                }
            }
        }
        if depth == 0 {
            candidates.extend(
                from_sitemaps
                    .drain(..)
                    .map(|u| (u, Some("sitemap".to_owned()), false)),
            );
        }
        let mut next = Vec::new();
        let visited = pages.len();
        for (target, found_on, statement) in candidates {
            let key = url::dedup_key(&target);
            if crawler.seen.borrow().contains(&key) || documents.contains_key(&key) {
                continue;
            }
            let ext = extension(&target);
            let is_document = ext
                .as_deref()
                .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e));
            if is_document {
                documents.insert(key, (target, found_on));
                continue;
            }
            if crawler.scope.borrow().check(&target).is_err() {
                crawler.seen.borrow_mut().insert(key);
                summary.skipped.out_of_scope += 1;
                continue;
            }
            if !config.include.is_empty() {
                included.push(target.clone());
            }
            if ext
                .as_deref()
                .is_some_and(|e| ASSET_EXTENSIONS.contains(&e))
            {
                crawler.seen.borrow_mut().insert(key);
                summary.skipped.assets += 1;
                continue;
            }
            if let Err(t) = trap.admit(&target) {
                crawler.seen.borrow_mut().insert(key);
                summary.skipped.trap += 1;
                if summary.trap_examples.len() < 5 {
                    summary
                        .trap_examples
                        .push(format!("{target}: {}", Trap::describe(t)));
                }
                continue;
            }
            crawler.seen.borrow_mut().insert(key);
            // The accessibility statement is checked even beyond the limits
            // (at most two candidates), since the statement rules need it.
            let limited = depth + 1 > config.max_depth || visited + next.len() >= config.max_pages;
            if statement && limited && statements_beyond_limit < 2 {
                statements_beyond_limit += 1;
                summary.statements_beyond_limits.push(target.to_string());
                next.push(Queued {
                    url: target,
                    depth: depth + 1,
                    found_on,
                });
                continue;
            }
            if depth + 1 > config.max_depth {
                summary.skipped.depth += 1;
                continue;
            }
            if visited + next.len() >= config.max_pages {
                summary.skipped.max_pages += 1;
                summary.limit_reached = true;
                continue;
            }
            next.push(Queued {
                url: target,
                depth: depth + 1,
                found_on,
            });
        }
        if next.is_empty() {
            break;
        }
        level = next;
        depth += 1;
    }
    drop(tx);

    // Documents: the headers of same-site ones, in URL order, up to the page limit.
    summary.urls_found = crawler.seen.borrow().len() + documents.len();
    // Links the scope let in (start URLs are fetched whatever --include says).
    summary.include_unmatched = crawler.scope.borrow().unmatched_includes(&included);
    if crawler.stop.borrow().is_none() && !documents.is_empty() {
        crawler.bump(|p| p.phase = Phase::Documents);
        let heads: Vec<Document> =
            futures_util::stream::iter(documents.into_values().take(config.max_pages))
                .map(|(url, found_on)| {
                    let crawler = &crawler;
                    async move { crawler.document(&url, found_on).await }
                })
                .buffered(config.concurrency.max(1))
                .collect()
                .await;
        summary.documents.extend(heads);
    }
    summary.documents.sort_by(|a, b| a.url.cmp(&b.url));
    crawler.bump(|p| p.phase = Phase::Weight);
    crawler
        .measure_assets(&mut pages, resources, &mut summary)
        .await;
    summary.stopped = crawler.stop.borrow().clone();
    let hosts: std::collections::BTreeSet<String> = pages
        .iter()
        .filter(|p| p.output.is_some())
        .filter_map(|p| {
            let url = Url::parse(p.fetch.final_url.as_deref().unwrap_or(&p.fetch.url)).ok()?;
            Some(url.host_str()?.to_owned())
        })
        .collect();
    summary.hosts = hosts.into_iter().collect();
    summary.seconds = began.elapsed().as_secs_f64();
    Ok(CrawlOutcome { pages, summary })
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
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

    #[test]
    fn document_and_asset_extensions() {
        let url = |s: &str| Url::parse(s).unwrap();
        assert_eq!(
            extension(&url("https://gp.example/leaflets/Asthma-Plan.PDF")).as_deref(),
            Some("pdf")
        );
        assert_eq!(extension(&url("https://gp.example/contact")), None);
        assert_eq!(extension(&url("https://gp.example/v1.2/")), None);
    }

    #[test]
    fn html_sniffing_for_bodies_without_a_content_type() {
        assert!(looks_like_html(b"\xEF\xBB\xBF  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"\n<html lang=en>"));
        assert!(!looks_like_html(b"%PDF-1.7"));
        assert!(!looks_like_html(b"{\"json\": true}"));
    }
}
