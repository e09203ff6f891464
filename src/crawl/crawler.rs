//! The crawl's shared state, and the small bookkeeping every stage does with it:
//! progress counts, claiming a URL so it is visited once, and where secrets may go.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use ::url::Url;
use tokio::sync::OnceCell;
use tokio::time::Instant;

use super::fetch::Fetcher;
use super::robots::Robots;
use super::scope::Scope;
use super::sheets::SheetCache;
use super::{CrawlConfig, CrawlError, Observer, Progress, url};

/// The crawl's shared state; lives on one thread (the runtime is single-threaded),
/// so plain `RefCell`s are enough.
pub(super) struct Crawler<'a, O: Observer + ?Sized> {
    pub(super) config: &'a CrawlConfig,
    pub(super) fetcher: Fetcher,
    pub(super) scope: RefCell<Scope>,
    /// robots.txt per origin, each fetched once however many pages ask at once.
    pub(super) robots: RefCell<HashMap<String, Rc<OnceCell<Robots>>>>,
    /// De-duplication keys of every URL queued or ruled out.
    pub(super) seen: RefCell<HashSet<String>>,
    progress: Cell<Progress>,
    pub(super) began: Instant,
    pub(super) observer: &'a O,
    /// Why the crawl stopped early (Ctrl-C, an expired session); None while it runs.
    pub(super) stop: RefCell<Option<String>>,
    /// `host:port` of each start URL: where secrets may go.
    secret_origins: HashSet<String>,
    /// Style sheets fetched for the pages' workers, each once.
    pub(super) sheets: RefCell<SheetCache>,
}

impl<'a, O: Observer + ?Sized> Crawler<'a, O> {
    /// Sets up the scope and the HTTP client; the clock starts here.
    pub(super) fn new(config: &'a CrawlConfig, observer: &'a O) -> Result<Self, CrawlError> {
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
        Ok(Crawler {
            config,
            fetcher,
            scope: RefCell::new(scope),
            robots: RefCell::new(HashMap::new()),
            seen: RefCell::new(HashSet::new()),
            progress: Cell::new(Progress::default()),
            began,
            observer,
            stop: RefCell::new(None),
            sheets: RefCell::new(SheetCache::default()),
            secret_origins: config
                .start
                .iter()
                .chain(&config.sitemap_targets)
                .filter_map(origin_key)
                .collect(),
        })
    }

    /// Changes the progress counters and tells the observer.
    pub(super) fn bump(&self, change: impl FnOnce(&mut Progress)) {
        let mut p = self.progress.get();
        change(&mut p);
        p.elapsed = self.began.elapsed();
        self.progress.set(p);
        self.observer.progress(&p);
    }

    /// Whether the user's `--header` values may go to this URL: only to the exact
    /// host and port of a start URL, never to another site, another port, or a
    /// host a start page redirected to.
    pub(super) fn secrets_for(&self, url: &Url) -> bool {
        origin_key(url).is_some_and(|key| self.secret_origins.contains(&key))
    }

    /// Marks a URL as seen; false when it already was (so it is not queued twice).
    pub(super) fn claim(&self, url: &Url) -> bool {
        self.seen.borrow_mut().insert(url::dedup_key(url))
    }
}

/// `host:port` (port always given), the unit secrets are bound to.
fn origin_key(url: &Url) -> Option<String> {
    Some(format!(
        "{}:{}",
        url.host_str()?.to_ascii_lowercase(),
        url.port_or_known_default()?
    ))
}
