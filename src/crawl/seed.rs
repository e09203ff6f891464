//! Seeding the crawl: the start pages, the pages of sitemaps named as targets,
//! and the site's own sitemaps (named in robots.txt, else `/sitemap.xml`), whose
//! pages join after the start pages' links.

use std::collections::HashSet;

use ::url::Url;

use super::crawler::Crawler;
use super::fetch::{Method, Want};
use super::politeness::{Blocked, origin};
use super::robots::Robots;
use super::visit::Queued;
use super::{
    CrawlSummary, MAX_SITEMAP_BYTES, MAX_SITEMAP_FILES, Observer, Phase, SitemapRead, sitemap, url,
};

/// Where the crawl begins.
pub(super) struct Seeds {
    /// Level 0: the start pages and the pages of sitemap targets.
    pub(super) level: Vec<Queued>,
    /// Pages listed in the site's own sitemaps, queued after the start pages'
    /// links.
    pub(super) from_sitemaps: Vec<Url>,
}

/// Claims the start pages, reads the sitemaps, and notes the sitemap reads in
/// the summary.
pub(super) async fn seed<O: Observer + ?Sized>(
    crawler: &Crawler<'_, O>,
    summary: &mut CrawlSummary,
) -> Seeds {
    let config = crawler.config;
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
        queue_listed(crawler, listed, &mut level, summary);
    }
    level.truncate(config.max_pages.max(1));
    let mut from_sitemaps = Vec::new();
    if config.discover_sitemaps && config.follow_links {
        let roots = sitemap_roots(crawler).await;
        let quiet = roots.iter().all(|r| r.path() == "/sitemap.xml");
        from_sitemaps = crawler
            .read_sitemaps(roots, quiet, &mut sitemap_reads)
            .await;
    }
    summary.sitemaps = sitemap_reads;
    Seeds {
        level,
        from_sitemaps,
    }
}

/// Queues the pages of sitemap targets as start pages, within `--max-pages`
/// and the scope.
fn queue_listed<O: Observer + ?Sized>(
    crawler: &Crawler<'_, O>,
    listed: Vec<Url>,
    level: &mut Vec<Queued>,
    summary: &mut CrawlSummary,
) {
    for url in listed {
        if level.len() >= crawler.config.max_pages {
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

/// The site's sitemaps: those named in robots.txt, else the conventional
/// `/sitemap.xml`, for each start origin once.
async fn sitemap_roots<O: Observer + ?Sized>(crawler: &Crawler<'_, O>) -> Vec<Url> {
    let mut roots = Vec::new();
    let mut origins = HashSet::new();
    for url in &crawler.config.start {
        if !origins.insert(origin(url)) {
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
    roots
}

impl<O: Observer + ?Sized> Crawler<'_, O> {
    /// Reads a sitemap and the sitemaps it names, breadth first.
    pub(super) async fn read_sitemaps(
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
            let body = match self.sitemap_body(&at, quiet_if_missing).await {
                Some(Ok(body)) => body,
                Some(Err(why)) => {
                    reads.push(SitemapRead {
                        url: at.to_string(),
                        pages: 0,
                        error: Some(why),
                    });
                    continue;
                }
                None => continue,
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
    /// The body of one sitemap, or why it could not be read. None for a
    /// missing `/sitemap.xml` that was only guessed at: most sites have none,
    /// and that is not worth a line in the report.
    async fn sitemap_body(
        &self,
        at: &Url,
        quiet_if_missing: bool,
    ) -> Option<Result<Vec<u8>, String>> {
        if let Err(Blocked::Robots(why) | Blocked::Unreachable(why)) = self.robots_block(at).await {
            return Some(Err(why));
        }
        let secrets = self.secrets_for(at);
        match self.fetcher.get(at, Method::Get, Want::Any, secrets).await {
            Ok(hop) if (200..300).contains(&hop.status) => Some(Ok(hop.body.unwrap_or_default())),
            Ok(hop) if hop.status == 404 && quiet_if_missing => None,
            Ok(hop) => Some(Err(format!("HTTP {}", hop.status))),
            Err(e) => Some(Err(e.to_string())),
        }
    }
}
