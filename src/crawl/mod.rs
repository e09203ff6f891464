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
//!
//! Each stage has its own file: `seed` finds the start pages and sitemaps,
//! `level` fetches one depth level at a time (each URL through `visit`, robots.txt
//! asked first in `politeness`), `links` screens a level's links into the next,
//! and `summary` fetches document headers, measures page weight (`assets`) and
//! writes up the crawl's own facts. The shared state is `crawler`.

pub use crate::report::model::{CrawlSummary, Document, RedirectHop, SitemapRead, Skipped};
pub use config::{CrawlConfig, CrawlError, DEFAULT_LOGIN_PATTERN};
pub use progress::{Observer, Phase, Progress, Silent};
pub use sheets::SheetRequester;

pub mod cookies;
pub mod fetch;
pub mod robots;
pub mod scope;
pub mod sitemap;
pub mod trap;
pub mod url;

mod assets;
mod config;
mod crawler;
mod level;
mod links;
mod politeness;
mod progress;
mod seed;
mod sheets;
mod summary;
mod visit;

use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::page::PageLinks;
use crate::weight::MeasuredResource;
use crawler::Crawler;
use links::Frontier;

/// Most redirects followed for one page.
pub const MAX_REDIRECTS: usize = 10;
/// Most sitemap files read in one crawl (an index can name thousands).
pub const MAX_SITEMAP_FILES: usize = 50;
/// Largest sitemap once decompressed (the protocol allows 50 MB).
pub const MAX_SITEMAP_BYTES: usize = 50 * 1024 * 1024;

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
    /// Asks the crawl for the page's same-site style sheets.
    pub sheets: SheetRequester,
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
    let crawler = Crawler::new(config, observer)?;
    let mut summary = summary::begin(config);
    let seeds = seed::seed(&crawler, &mut summary).await;
    let mut frontier = Frontier::new(seeds.from_sitemaps);
    let mut crawled =
        level::run_levels(&crawler, analyser, seeds.level, &mut frontier, &mut summary).await?;
    summary::finish(&crawler, frontier, &mut crawled, &mut summary).await;
    Ok(CrawlOutcome {
        pages: crawled.pages,
        summary,
    })
}
