//! Summarising the crawl: its settings, the linked documents (headers only),
//! page weight, and the facts about how the crawl went.

use std::collections::BTreeSet;

use ::url::Url;
use futures_util::StreamExt;

use super::crawler::Crawler;
use super::fetch::{self, Method, Want};
use super::level::Crawled;
use super::links::Frontier;
use super::politeness::Blocked;
use super::{CrawlConfig, CrawlSummary, Document, Observer, Phase};

/// The summary's settings part, before anything is fetched.
pub(super) fn begin(config: &CrawlConfig) -> CrawlSummary {
    CrawlSummary {
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
    }
}

/// After the pages: counts what was found, fetches the headers of linked
/// documents, measures page weight, and notes how the crawl ended.
pub(super) async fn finish<T, O: Observer + ?Sized>(
    crawler: &Crawler<'_, O>,
    frontier: Frontier,
    crawled: &mut Crawled<T>,
    summary: &mut CrawlSummary,
) {
    let config = crawler.config;
    summary.urls_found = crawler.seen.borrow().len() + frontier.documents.len();
    // Links the scope let in (start URLs are fetched whatever --include says).
    summary.include_unmatched = crawler
        .scope
        .borrow()
        .unmatched_includes(&frontier.included);
    // Documents: the headers of same-site ones, in URL order, up to the page
    // limit.
    if crawler.stop.borrow().is_none() && !frontier.documents.is_empty() {
        crawler.bump(|p| p.phase = Phase::Documents);
        let heads: Vec<Document> =
            futures_util::stream::iter(frontier.documents.into_values().take(config.max_pages))
                .map(|(url, found_on)| async move { crawler.document(&url, found_on).await })
                .buffered(config.concurrency.max(1))
                .collect()
                .await;
        summary.documents.extend(heads);
    }
    summary.documents.sort_by(|a, b| a.url.cmp(&b.url));
    crawler.bump(|p| p.phase = Phase::Weight);
    let resources = std::mem::take(&mut crawled.resources);
    crawler
        .measure_assets(&mut crawled.pages, resources, summary)
        .await;
    summary.stopped = crawler.stop.borrow().clone();
    // The hosts of the pages actually checked (a start page may have moved).
    let hosts: BTreeSet<String> = crawled
        .pages
        .iter()
        .filter(|p| p.output.is_some())
        .filter_map(|p| {
            let url = Url::parse(p.fetch.final_url.as_deref().unwrap_or(&p.fetch.url)).ok()?;
            Some(url.host_str()?.to_owned())
        })
        .collect();
    summary.hosts = hosts.into_iter().collect();
    summary.seconds = crawler.began.elapsed().as_secs_f64();
}

impl<O: Observer + ?Sized> Crawler<'_, O> {
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
}
