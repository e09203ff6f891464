//! The fetch queue: one depth level at a time, up to `concurrency` visits in
//! flight, each page handed to the analyser as it arrives and its row placed
//! by queue position, so the page order is the same on every run.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

use super::crawler::Crawler;
use super::links::{Frontier, PageResources, page_resources};
use super::sheets::{SheetRequest, SheetRequester};
use super::visit::{Queued, Visit};
use super::{
    Analysed, Analyser, CrawlError, CrawlSummary, CrawledPage, Document, FetchedPage, Observer,
    PageFetch, Phase,
};
use crate::page::PageLinks;

/// What the levels gathered.
pub(super) struct Crawled<T> {
    /// Every page visited or skipped, in visit order.
    pub(super) pages: Vec<CrawledPage<T>>,
    /// The files each analysed page loads (by page index), resolved where
    /// possible, for measuring page weight.
    pub(super) resources: BTreeMap<usize, PageResources>,
}

/// A page's row, and its body and charset when it is to be analysed.
type Row = (PageFetch, Option<(Vec<u8>, Option<String>)>);

/// What one level gave besides its rows.
struct LevelDone {
    /// Each analysed page's links, by page index (so in page order).
    links: BTreeMap<usize, PageLinks>,
    /// Start pages that failed, with why.
    start_errors: Vec<(String, String)>,
}

/// Fetches and analyses the crawl level by level, from the seeds until no new
/// page is left, the limits are reached, or the crawl is stopped.
///
/// # Errors
/// [`CrawlError::LoginRequired`] when a start page redirects to a sign-in, and
/// [`CrawlError::Unreachable`] when no start page could be checked.
pub(super) async fn run_levels<A: Analyser, O: Observer + ?Sized>(
    crawler: &Crawler<'_, O>,
    analyser: &A,
    mut level: Vec<Queued>,
    frontier: &mut Frontier,
    summary: &mut CrawlSummary,
) -> Result<Crawled<A::Output>, CrawlError> {
    let (tx, rx) = mpsc::unbounded_channel::<Analysed<A::Output>>();
    let (sheet_tx, sheet_rx) = SheetRequester::channel();
    let mut levels = Levels {
        crawler,
        analyser,
        tx,
        rx,
        sheet_tx,
        sheet_rx,
        pages: Vec::new(),
        bodies: HashMap::new(),
    };
    let mut resources = BTreeMap::new();
    // One Ctrl-C listener for the whole crawl, so a press between levels is
    // not lost.
    let interrupt = async {
        if crawler.config.handle_interrupt {
            let _ = tokio::signal::ctrl_c().await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(interrupt);
    let mut depth = 0;
    loop {
        let done = levels.fetch(&level, summary, interrupt.as_mut()).await?;
        if depth == 0 {
            let checked = levels.pages.iter().any(|p| p.output.is_some());
            if !checked && let Some((url, reason)) = done.start_errors.into_iter().next() {
                return Err(CrawlError::Unreachable { url, reason });
            }
        }
        if crawler.stop.borrow().is_some() {
            break;
        }
        resources.extend(page_resources(&levels.pages, &done.links));
        let next = frontier.next_level(crawler, &levels.pages, &done.links, depth, summary);
        if next.is_empty() {
            break;
        }
        level = next;
        depth += 1;
    }
    Ok(Crawled {
        pages: levels.pages,
        resources,
    })
}

/// The pipeline from visits to analysed pages, kept across levels.
struct Levels<'r, 'c, A: Analyser, O: Observer + ?Sized> {
    crawler: &'r Crawler<'c, O>,
    analyser: &'r A,
    /// Cloned into each submitted page; the analyser answers on it.
    tx: UnboundedSender<Analysed<A::Output>>,
    rx: UnboundedReceiver<Analysed<A::Output>>,
    /// Cloned into each submitted page; its worker asks for style sheets.
    sheet_tx: SheetRequester,
    sheet_rx: UnboundedReceiver<SheetRequest>,
    pages: Vec<CrawledPage<A::Output>>,
    /// Digest of each analysed body, and the page it was first seen at.
    bodies: HashMap<u64, String>,
}

impl<A: Analyser, O: Observer + ?Sized> Levels<'_, '_, A, O> {
    /// Visits every URL of one level and waits for every analysis, adding the
    /// level's rows to the pages in queue order.
    async fn fetch(
        &mut self,
        level: &[Queued],
        summary: &mut CrawlSummary,
        mut interrupt: Pin<&mut impl Future<Output = ()>>,
    ) -> Result<LevelDone, CrawlError> {
        // Split borrows: the receiver is polled while the rows are written.
        let Self {
            crawler,
            analyser,
            tx,
            rx,
            sheet_tx,
            sheet_rx,
            pages,
            bodies,
        } = self;
        let crawler = *crawler;
        crawler.bump(|p| {
            p.phase = Phase::Pages;
            p.found = crawler.seen.borrow().len();
        });
        let first_id = pages.len();
        let mut done = LevelDone {
            links: BTreeMap::new(),
            start_errors: Vec::new(),
        };
        let mut pending = 0usize;
        let mut visits = futures_util::stream::iter(level.to_vec())
            .map(|q| crawler.visit(q))
            .buffer_unordered(crawler.config.concurrency.max(1));
        // Results come back in completion order; rows are placed by their
        // queue position so the page order is the same on every run.
        let mut slots: Vec<Option<CrawledPage<A::Output>>> = Vec::new();
        slots.resize_with(level.len(), || None);
        let index_of: HashMap<String, usize> = level
            .iter()
            .enumerate()
            .map(|(i, q)| (q.url.to_string(), first_id + i))
            .collect();
        let mut sheet_fetches = FuturesUnordered::new();
        let mut visits_done = false;
        while !visits_done || pending > 0 {
            tokio::select! {
                visit = visits.next(), if !visits_done => {
                    let Some(visit) = visit else { visits_done = true; continue; };
                    let Some((fetch, page)) = sort_visit(crawler, visit, bodies, summary, &mut visits_done)? else {
                        continue;
                    };
                    let Some(&id) = index_of.get(&fetch.url) else { continue; };
                    let failed = fetch.error.is_some();
                    if failed && fetch.depth == 0 && fetch.found_on.is_none() {
                        done.start_errors.push((fetch.url.clone(), fetch.error.clone().unwrap_or_default()));
                    }
                    crawler.bump(|p| {
                        p.fetched += 1;
                        p.errors += usize::from(failed);
                    });
                    if let Some((body, charset)) = page {
                        pending += 1;
                        analyser.submit(FetchedPage { id, fetch: fetch.clone(), body, charset, sheets: sheet_tx.clone() }, tx.clone());
                    }
                    slots[id - first_id] = Some(CrawledPage { fetch, output: None, resources: Vec::new() });
                }
                analysed = rx.recv(), if pending > 0 => {
                    let Some(analysed) = analysed else { pending = 0; continue; };
                    pending -= 1;
                    crawler.bump(|p| p.checked += 1);
                    if let Some(slot) = slots.get_mut(analysed.id - first_id).and_then(Option::as_mut) {
                        slot.output = Some(analysed.output);
                    }
                    done.links.insert(analysed.id, analysed.links);
                }
                request = sheet_rx.recv() => {
                    let first = request.and_then(|r| crawler.sheets.borrow_mut().ask(r));
                    if let Some(url) = first {
                        sheet_fetches.push(crawler.fetch_sheet(url));
                    }
                }
                Some((url, bytes)) = sheet_fetches.next(), if !sheet_fetches.is_empty() => {
                    crawler.sheets.borrow_mut().answer(&url, bytes);
                }
                () = interrupt.as_mut(), if crawler.stop.borrow().is_none() => {
                    *crawler.stop.borrow_mut() = Some("interrupted (Ctrl-C) before the crawl finished".to_owned());
                    // Stop sending requests; let the pages in hand finish.
                    visits_done = true;
                }
            }
        }
        crawler.sheets.borrow_mut().abandon();
        pages.extend(slots.into_iter().flatten());
        Ok(done)
    }
}

/// Turns a finished visit into its row. A document is listed in the summary
/// and gets no row (None). Sets `stop_sending` when every later request would
/// meet the same sign-in wall.
///
/// # Errors
/// [`CrawlError::LoginRequired`] when a start page redirected to a sign-in.
fn sort_visit<O: Observer + ?Sized>(
    crawler: &Crawler<'_, O>,
    visit: Visit,
    bodies: &mut HashMap<u64, String>,
    summary: &mut CrawlSummary,
    stop_sending: &mut bool,
) -> Result<Option<Row>, CrawlError> {
    let row = match visit {
        Visit::Page(mut fetch, body, charset) => {
            // The same bytes at two addresses (`/` and `/index.html`) are one
            // page: audit it once.
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
            return Ok(None);
        }
        Visit::Login(mut fetch, login) => {
            if fetch.depth == 0 && fetch.found_on.is_none() {
                return Err(CrawlError::LoginRequired {
                    url: fetch.url,
                    login,
                });
            }
            let config = crawler.config;
            if config.cookies.is_some() || !config.http.headers.is_empty() {
                *crawler.stop.borrow_mut() = Some(format!(
                    "{} redirected to the sign-in page {login}: the session given with --cookies or --header has probably expired",
                    fetch.url
                ));
                // Every request from here on would meet the same wall: stop
                // asking.
                *stop_sending = true;
            }
            fetch.error = Some(format!(
                "redirected to a sign-in page ({login}), so it could not be checked"
            ));
            (fetch, None)
        }
    };
    Ok(Some(row))
}

/// A digest of a page body, to spot one page served at two addresses.
fn content_digest(body: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    hasher.finish()
}
