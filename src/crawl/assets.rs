//! Page weight: the same-site files pages load (styles, scripts, images),
//! each measured once, with a HEAD request where the server gives a length.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use ::url::Url;
use futures_util::StreamExt;

use super::crawler::Crawler;
use super::fetch::{Method, Want};
use super::scope::OutOfScope;
use super::{CrawlSummary, CrawledPage, Observer};
use crate::page::Resource;
use crate::weight::MeasuredResource;

impl<O: Observer + ?Sized> Crawler<'_, O> {
    /// The size of one same-site file: Content-Length from a HEAD request, or,
    /// when the server does not say (or compresses it), the bytes of a GET.
    async fn asset_size(&self, url: &Url) -> Option<u64> {
        // A style sheet fetched for its colours is not asked for again.
        if let Some(size) = self.sheets.borrow().size(url) {
            return Some(size);
        }
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
    pub(super) async fn measure_assets<T>(
        &self,
        pages: &mut [CrawledPage<T>],
        resources: BTreeMap<usize, Vec<(Resource, Option<Url>)>>,
        summary: &mut CrawlSummary,
    ) {
        let stopped = self.stop.borrow().is_some();
        let wanted: BTreeSet<String> = resources
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
        self.sheets.borrow().count(summary);
    }
}
