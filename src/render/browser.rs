//! The one browser of a run, and one tab per page.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chromiumoxide::cdp::browser_protocol::network::{
    EventLoadingFailed, EventLoadingFinished, EventRequestWillBeSent,
};
use chromiumoxide::cdp::browser_protocol::page::NavigateParams;
use chromiumoxide::{Browser, BrowserConfig, Page};
use futures_util::StreamExt as _;
use tokio::time::{Instant, timeout, timeout_at};

use super::{RenderError, RenderOptions, resolver_rules};

/// What a browser made of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The DOM after scripts ran, serialised with its doctype: what the
    /// audit reads, and what `--archive` keeps.
    pub html: String,
    /// Requests the page made to hosts outside the audit, which were blocked.
    pub blocked: u64,
}

/// Arguments for a browser that starts clean, stays quiet and talks to
/// nothing but the pages it is sent to. `--no-sandbox` because audits often
/// run as root in a container, where Chromium's sandbox cannot start; the
/// pages are the user's own audit targets, and only their hosts resolve.
/// (Written without their leading `--`, as `chromiumoxide` adds it.)
const ARGS: &[&str] = &[
    "headless",
    "no-sandbox",
    "disable-gpu",
    "disable-quic",
    "no-first-run",
    "disable-background-networking",
    "disable-component-update",
    "disable-sync",
    "disable-extensions",
    "disable-default-apps",
    "disable-breakpad",
    "disable-dev-shm-usage",
    "mute-audio",
    "hide-scrollbars",
    "use-mock-keychain",
];

/// Longest the snapshot may take once the page has loaded, and the time
/// allowed to close a tab.
const SNAPSHOT_TIME: Duration = Duration::from_secs(5);

/// A fresh profile folder per run, removed when the run ends, so no state
/// (cookies, cache, service workers) passes from one audit to the next.
#[derive(Debug)]
struct Profile(PathBuf);

impl Profile {
    fn create() -> std::io::Result<Self> {
        static COUNT: AtomicU64 = AtomicU64::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("carelint-chromium-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(Self(dir))
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        // Best effort: a temporary folder left behind is harmless.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running headless browser. Dropping it closes the browser and removes
/// its profile.
pub struct Renderer {
    // Field order is drop order: the browser goes before its runtime and
    // its profile folder.
    browser: Option<Browser>,
    runtime: tokio::runtime::Runtime,
    timeout: Duration,
    _profile: Profile,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Renderer {
    /// Starts the browser.
    ///
    /// # Errors
    /// [`RenderError::Launch`] when it cannot be started or does not answer.
    pub fn start(options: &RenderOptions) -> Result<Self, RenderError> {
        let launch_error = |reason: String| RenderError::Launch {
            path: options.browser.display().to_string(),
            reason,
        };
        // Two threads drive the protocol; the pages themselves run in the
        // browser's own processes.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| launch_error(e.to_string()))?;
        let profile = Profile::create().map_err(|e| launch_error(e.to_string()))?;
        let rules = resolver_rules(&options.hosts);
        let config = BrowserConfig::builder()
            .chrome_executable(&options.browser)
            .disable_default_args()
            .args(ARGS.iter().copied())
            .arg(("password-store", "basic"))
            .arg(("host-resolver-rules", rules.as_str()))
            .user_data_dir(&profile.0)
            .launch_timeout(Duration::from_secs(30))
            .build()
            .map_err(launch_error)?;
        let browser = runtime.block_on(async {
            let (browser, mut handler) = Browser::launch(config)
                .await
                .map_err(|e| launch_error(e.to_string()))?;
            // The handler carries every message between browser and tabs. An
            // error here is one message it could not read (a newer protocol
            // event); the connection goes on until it ends.
            tokio::spawn(async move { while handler.next().await.is_some() {} });
            Ok::<_, RenderError>(browser)
        })?;
        Ok(Self {
            browser: Some(browser),
            runtime,
            timeout: options.timeout,
            _profile: profile,
        })
    }

    /// Loads `url` in a new tab and returns its DOM once the page has loaded
    /// and the network has been idle for half a second, or the time limit
    /// came first. A tab that crashes or hangs is tried once more. Blocks the
    /// calling thread, which must not be inside a tokio runtime.
    ///
    /// # Errors
    /// Why the page could not be rendered, in words for the report.
    pub fn render(&self, url: &str) -> Result<Snapshot, String> {
        let Some(browser) = &self.browser else {
            return Err("the browser has closed".to_owned());
        };
        let first = self.runtime.block_on(attempt(browser, url, self.timeout));
        match first {
            Ok(snapshot) => Ok(snapshot),
            // A page the browser refused (no such file, a refused connection)
            // fails the same way twice: say so at once.
            Err(Failure::Page(reason)) => Err(reason),
            Err(Failure::Tab(_)) => {
                match self.runtime.block_on(attempt(browser, url, self.timeout)) {
                    Ok(snapshot) => Ok(snapshot),
                    Err(Failure::Page(reason)) => Err(reason),
                    Err(Failure::Tab(reason)) => Err(format!("{reason} (tried twice)")),
                }
            }
        }
    }
}

impl Drop for Renderer {
    fn drop(&mut self) {
        if let Some(mut browser) = self.browser.take() {
            // Blocking inside another runtime would panic; there, dropping
            // the browser kills its process (chromiumoxide sets kill-on-drop).
            if tokio::runtime::Handle::try_current().is_ok() {
                return;
            }
            // Ask politely, then make sure: no browser outlives the run.
            self.runtime.block_on(async {
                let _ = timeout(SNAPSHOT_TIME, browser.close()).await;
                let _ = timeout(SNAPSHOT_TIME, browser.wait()).await;
                let _ = browser.kill().await;
            });
        }
    }
}

/// Why one attempt failed.
enum Failure {
    /// The page itself cannot be loaded; trying again will not help.
    Page(String),
    /// The tab crashed, hung or lost its connection; worth one more try.
    Tab(String),
}

async fn attempt(browser: &Browser, url: &str, limit: Duration) -> Result<Snapshot, Failure> {
    let deadline = Instant::now() + limit;
    let tab = timeout_at(deadline, browser.new_page("about:blank"))
        .await
        .map_err(|_| Failure::Tab("the browser did not open a tab in time".to_owned()))?
        .map_err(|e| Failure::Tab(format!("the browser could not open a tab: {e}")))?;
    let result = load(&tab, url, deadline, limit).await;
    // Closed in the background: a hung tab must not hold up the next page.
    tokio::spawn(async move {
        let _ = timeout(SNAPSHOT_TIME, tab.close()).await;
    });
    result
}

/// Quiet time after which the network counts as idle.
const IDLE: Duration = Duration::from_millis(500);

async fn load(
    tab: &Page,
    url: &str,
    deadline: Instant,
    limit: Duration,
) -> Result<Snapshot, Failure> {
    let tab_error =
        |e: chromiumoxide::error::CdpError| Failure::Tab(format!("the tab failed: {e}"));
    // Listening starts before the page is asked for, so no request is missed.
    let mut sent = tab
        .event_listener::<EventRequestWillBeSent>()
        .await
        .map_err(tab_error)?;
    let mut finished = tab
        .event_listener::<EventLoadingFinished>()
        .await
        .map_err(tab_error)?;
    let mut failed = tab
        .event_listener::<EventLoadingFailed>()
        .await
        .map_err(tab_error)?;
    let hung = || {
        Failure::Tab(format!(
            "the page did not finish loading within {} s",
            limit.as_secs_f64()
        ))
    };
    // The navigation resolves at the load event. Requests are followed
    // meanwhile and after it, until none has been in flight for `IDLE`, or
    // the time limit: a page that polls for ever is audited as it stands
    // then. (Chromium's own "networkIdle" event waits about twice as long.)
    let navigate = tab.execute(NavigateParams::new(url));
    tokio::pin!(navigate);
    let mut loaded = false;
    let mut in_flight = HashSet::new();
    let mut last = Instant::now();
    let mut blocked = 0;
    loop {
        let quiet = if loaded && in_flight.is_empty() {
            last + IDLE
        } else {
            deadline
        };
        tokio::select! {
            navigated = &mut navigate, if !loaded => {
                let navigated = navigated.map_err(tab_error)?;
                if let Some(error) = navigated.result.error_text.as_deref() {
                    return Err(Failure::Page(format!("the browser could not load it ({error})")));
                }
                loaded = true;
            }
            Some(event) = sent.next() => {
                in_flight.insert(event.request_id.clone());
                last = Instant::now();
            }
            Some(event) = finished.next() => {
                in_flight.remove(&event.request_id);
                last = Instant::now();
            }
            Some(event) = failed.next() => {
                in_flight.remove(&event.request_id);
                last = Instant::now();
                if event.error_text.contains("ERR_NAME_NOT_RESOLVED") {
                    blocked += 1;
                }
            }
            () = tokio::time::sleep_until(quiet.min(deadline)) => {
                if !loaded {
                    return Err(hung());
                }
                break;
            }
        }
    }
    let html = timeout(SNAPSHOT_TIME, tab.content())
        .await
        .map_err(|_| Failure::Tab("the page did not answer when its DOM was read".to_owned()))?
        .map_err(tab_error)?;
    Ok(Snapshot { html, blocked })
}
