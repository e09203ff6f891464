//! Style sheets for the pages being checked: a page's worker asks for a
//! same-site sheet, the crawl fetches it (robots.txt asked, size-capped,
//! redirects followed within the scope) once per run, and every later asker
//! gets the same bytes. The crawl counts what it read for its summary, and
//! page weight reuses the sizes instead of asking again.

use std::collections::HashMap;
use std::sync::Arc;

use ::url::Url;
use tokio::sync::mpsc;

use super::crawler::Crawler;
use super::fetch::{Method, Want};
use super::scope::OutOfScope;
use super::{CrawlSummary, Observer};
use crate::stylesheets::MAX_SHEET_BYTES;

/// Most redirects followed for one style sheet.
const MAX_SHEET_REDIRECTS: usize = 3;

/// A sheet's bytes as the crawl shares them; `None` when it could not be read.
type SheetBytes = Option<Arc<Vec<u8>>>;

/// Where a worker waits for its sheet.
type Reply = std::sync::mpsc::Sender<SheetBytes>;

/// One worker's request: the sheet's URL, and where to send its bytes.
#[derive(Debug)]
pub struct SheetRequest {
    url: Url,
    reply: Reply,
}

/// A worker's handle for asking the crawl for style sheets. It blocks the
/// worker (never the crawl) until the sheet has come or failed.
#[derive(Debug, Clone)]
pub struct SheetRequester(mpsc::UnboundedSender<SheetRequest>);

impl SheetRequester {
    /// A requester and the receiving end the crawl serves.
    pub(super) fn channel() -> (Self, mpsc::UnboundedReceiver<SheetRequest>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (Self(tx), rx)
    }

    /// The sheet's bytes; `None` when it is on another site, blocked by
    /// robots.txt, too large, failed, or the crawl has ended. Call from a
    /// worker thread, never from the crawl's own runtime.
    #[must_use]
    pub fn fetch(&self, url: &Url) -> Option<Arc<Vec<u8>>> {
        let (reply, answer) = std::sync::mpsc::channel();
        self.0
            .send(SheetRequest {
                url: url.clone(),
                reply,
            })
            .ok()?;
        // The crawl drops the sender if it stops first: then this is None.
        answer.recv().ok().flatten()
    }
}

/// The crawl's record of sheets: fetched bytes (or `None` for a failure) by
/// URL, and the workers waiting for a sheet still on its way.
#[derive(Debug, Default)]
pub(super) struct SheetCache {
    done: HashMap<String, SheetBytes>,
    waiting: HashMap<String, Vec<Reply>>,
}

impl SheetCache {
    /// Answers a request from the cache, or queues it. Gives the URL when
    /// the sheet must be fetched now (the first request for it).
    pub(super) fn ask(&mut self, request: SheetRequest) -> Option<Url> {
        let key = request.url.to_string();
        if let Some(done) = self.done.get(&key) {
            // The worker may have given up: nothing to do then.
            let _ = request.reply.send(done.clone());
            return None;
        }
        let first = !self.waiting.contains_key(&key);
        self.waiting.entry(key).or_default().push(request.reply);
        first.then_some(request.url)
    }

    /// Records a fetched sheet and answers everyone waiting for it.
    pub(super) fn answer(&mut self, url: &Url, bytes: Option<Arc<Vec<u8>>>) {
        let key = url.to_string();
        for reply in self.waiting.remove(&key).unwrap_or_default() {
            let _ = reply.send(bytes.clone());
        }
        self.done.insert(key, bytes);
    }

    /// The size of a sheet already fetched, for page weight.
    pub(super) fn size(&self, url: &Url) -> Option<u64> {
        self.done
            .get(url.as_str())
            .and_then(|b| b.as_ref().map(|b| b.len() as u64))
    }

    /// Lets go of workers still waiting when the level is over (none should
    /// be: a waiting worker keeps its page pending), so none waits forever.
    pub(super) fn abandon(&mut self) {
        self.waiting.clear();
    }

    /// Adds the counts to the crawl summary.
    pub(super) fn count(&self, summary: &mut CrawlSummary) {
        summary.stylesheets_read = self.done.values().filter(|b| b.is_some()).count();
        summary.stylesheets_unread = self.done.len() - summary.stylesheets_read;
    }
}

impl<O: Observer + ?Sized> Crawler<'_, O> {
    /// Fetches one style sheet, if it is in scope and robots.txt allows it.
    pub(super) async fn fetch_sheet(&self, url: Url) -> (Url, Option<Arc<Vec<u8>>>) {
        let mut at = url.clone();
        for _ in 0..=MAX_SHEET_REDIRECTS {
            if matches!(self.scope.borrow().check(&at), Err(OutOfScope::OtherHost))
                || self.robots_block(&at).await.is_err()
            {
                break;
            }
            let secrets = self.secrets_for(&at);
            let Ok(hop) = self.fetcher.get(&at, Method::Get, Want::Any, secrets).await else {
                break;
            };
            if (300..400).contains(&hop.status)
                && let Some(next) = hop.location.as_deref().and_then(|l| at.join(l).ok())
            {
                at = next;
                continue;
            }
            // A page where a sheet should be is a soft "not found".
            let html = hop.media_type().is_some_and(|m| m == "text/html");
            let body = hop.body.filter(|b| {
                (200..300).contains(&hop.status) && !html && b.len() <= MAX_SHEET_BYTES
            });
            return (url, body.map(Arc::new));
        }
        (url, None)
    }
}
