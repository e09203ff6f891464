//! From one level's links to the next level: resolving each page's links and
//! the files it loads, and screening every new URL (seen before, a document, out
//! of scope, an asset, a crawler trap, beyond the limits) before it is queued.

use std::collections::BTreeMap;

use ::url::Url;

use super::crawler::Crawler;
use super::trap::{Trap, TrapGuard};
use super::visit::Queued;
use super::{CrawlSummary, CrawledPage, Observer, PageFetch, url};
use crate::page::{PageLinks, Resource};

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

/// How many accessibility statements may be checked beyond the limits.
const MAX_STATEMENTS_BEYOND_LIMIT: usize = 2;

/// The files one page loads, each with its resolved address (None where the
/// href does not resolve).
pub(super) type PageResources = Vec<(Resource, Option<Url>)>;

/// A link found on a page: where it goes, the page it was found on (or
/// `sitemap`), and whether it is marked as the accessibility statement.
type Candidate = (Url, Option<String>, bool);

/// What the crawl has decided about the URLs it has found so far, beyond the
/// `seen` set the crawler keeps.
pub(super) struct Frontier {
    trap: TrapGuard,
    /// Linked documents by de-duplication key, with the first page linking
    /// each; their headers are fetched after the pages.
    pub(super) documents: BTreeMap<String, (Url, Option<String>)>,
    /// In-scope links, kept only to tell which --include patterns matched.
    pub(super) included: Vec<Url>,
    /// Pages from the site's sitemaps, queued after the start pages' links.
    from_sitemaps: Vec<Url>,
    statements_beyond_limit: usize,
}

impl Frontier {
    /// A frontier that will add these sitemap pages after the start pages.
    pub(super) fn new(from_sitemaps: Vec<Url>) -> Self {
        Frontier {
            trap: TrapGuard::default(),
            documents: BTreeMap::new(),
            included: Vec::new(),
            from_sitemaps,
            statements_beyond_limit: 0,
        }
    }

    /// The next level: links of this level's pages in page order, then (after
    /// the start pages) the sitemap's pages, each screened and within the
    /// limits.
    pub(super) fn next_level<T, O: Observer + ?Sized>(
        &mut self,
        crawler: &Crawler<'_, O>,
        pages: &[CrawledPage<T>],
        links: &BTreeMap<usize, PageLinks>,
        depth: usize,
        summary: &mut CrawlSummary,
    ) -> Vec<Queued> {
        let config = crawler.config;
        let mut candidates: Vec<Candidate> = Vec::new();
        if config.follow_links {
            candidates.extend(link_targets(pages, links));
        }
        if depth == 0 {
            candidates.extend(
                self.from_sitemaps
                    .drain(..)
                    .map(|u| (u, Some("sitemap".to_owned()), false)),
            );
        }
        let mut next = Vec::new();
        let visited = pages.len();
        for (target, found_on, statement) in candidates {
            let Some((url, found_on)) = self.screen(crawler, target, found_on, summary) else {
                continue;
            };
            let queued = Queued {
                url,
                depth: depth + 1,
                found_on,
            };
            let too_deep = depth + 1 > config.max_depth;
            let full = visited + next.len() >= config.max_pages;
            // The accessibility statement is checked even beyond the limits
            // (at most two candidates), since the statement rules need it.
            if statement
                && (too_deep || full)
                && self.statements_beyond_limit < MAX_STATEMENTS_BEYOND_LIMIT
            {
                self.statements_beyond_limit += 1;
                summary
                    .statements_beyond_limits
                    .push(queued.url.to_string());
                next.push(queued);
                continue;
            }
            if too_deep {
                summary.skipped.depth += 1;
                continue;
            }
            if full {
                summary.skipped.max_pages += 1;
                summary.limit_reached = true;
                continue;
            }
            next.push(queued);
        }
        next
    }

    /// Gives back a new in-scope page to queue (marked seen), or None for a URL
    /// seen before, a document (kept for later), or one ruled out (counted in
    /// the summary and marked seen, so it is ruled out once).
    fn screen<O: Observer + ?Sized>(
        &mut self,
        crawler: &Crawler<'_, O>,
        target: Url,
        found_on: Option<String>,
        summary: &mut CrawlSummary,
    ) -> Option<(Url, Option<String>)> {
        let key = url::dedup_key(&target);
        if crawler.seen.borrow().contains(&key) || self.documents.contains_key(&key) {
            return None;
        }
        let ext = extension(&target);
        if ext
            .as_deref()
            .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e))
        {
            self.documents.insert(key, (target, found_on));
            return None;
        }
        if crawler.scope.borrow().check(&target).is_err() {
            crawler.seen.borrow_mut().insert(key);
            summary.skipped.out_of_scope += 1;
            return None;
        }
        if !crawler.config.include.is_empty() {
            self.included.push(target.clone());
        }
        if ext
            .as_deref()
            .is_some_and(|e| ASSET_EXTENSIONS.contains(&e))
        {
            crawler.seen.borrow_mut().insert(key);
            summary.skipped.assets += 1;
            return None;
        }
        if let Err(t) = self.trap.admit(&target) {
            crawler.seen.borrow_mut().insert(key);
            summary.skipped.trap += 1;
            if summary.trap_examples.len() < 5 {
                summary
                    .trap_examples
                    .push(format!("{target}: {}", Trap::describe(t)));
            }
            return None;
        }
        crawler.seen.borrow_mut().insert(key);
        Some((target, found_on))
    }
}

/// Every link of the analysed pages, resolved, in page order then link order.
fn link_targets<T>(pages: &[CrawledPage<T>], links: &BTreeMap<usize, PageLinks>) -> Vec<Candidate> {
    let mut candidates = Vec::new();
    for (id, page_links) in links {
        let Some(page) = pages.get(*id) else { continue };
        let Some(base) = page_base(&page.fetch, page_links.base.as_deref()) else {
            continue;
        };
        for link in &page_links.links {
            let Some(target) = url::resolve(&base, &link.href) else {
                continue;
            };
            // Frames, refreshes and language alternates are followed like
            // links: each is a page a visitor can reach.
            candidates.push((target, Some(page.fetch.url.clone()), link.statement));
        }
    }
    candidates
}

/// The files each analysed page loads, resolved against the page (None where
/// the href does not resolve), by page index.
pub(super) fn page_resources<T>(
    pages: &[CrawledPage<T>],
    links: &BTreeMap<usize, PageLinks>,
) -> Vec<(usize, PageResources)> {
    let mut resources = Vec::new();
    for (id, page_links) in links {
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
            resources.push((*id, resolved));
        }
    }
    resources
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
}
