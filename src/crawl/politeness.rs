//! Politeness: robots.txt is fetched once per origin and asked before every
//! request. (The per-host pace, including robots.txt's Crawl-delay, is kept by
//! the [`Fetcher`](super::fetch::Fetcher).)

use std::rc::Rc;

use ::url::Url;
use tokio::sync::OnceCell;

use super::Observer;
use super::crawler::Crawler;
use super::fetch::{Method, Want};
use super::robots::Robots;

/// Why a URL may not be fetched.
pub(super) enum Blocked {
    /// robots.txt says no: the page is skipped.
    Robots(String),
    /// The host cannot be reached: the page failed.
    Unreachable(String),
}

/// `scheme://host:port`, the key robots.txt is cached under.
pub(super) fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

impl<O: Observer + ?Sized> Crawler<'_, O> {
    /// The robots.txt of a URL's origin, fetched once.
    pub(super) async fn robots_for(&self, url: &Url) -> Rc<OnceCell<Robots>> {
        let cell = self
            .robots
            .borrow_mut()
            .entry(origin(url))
            .or_default()
            .clone();
        cell.get_or_init(|| self.load_robots(url)).await;
        cell
    }

    /// Fetches and parses robots.txt, applying its Crawl-delay to the host.
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
    pub(super) async fn robots_block(&self, url: &Url) -> Result<(), Blocked> {
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
}
