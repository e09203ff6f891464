//! Visiting one URL: asking robots.txt, fetching it, following its redirects one
//! hop at a time (each hop checked against the scope and the sign-in pattern),
//! and saying what came back.

use ::url::Url;
use tokio::time::Instant;

use super::crawler::Crawler;
use super::fetch::{Hop, Method, Want};
use super::politeness::Blocked;
use super::scope::OutOfScope;
use super::{MAX_REDIRECTS, Observer, PageFetch, RedirectHop, url};

/// One URL waiting to be visited.
#[derive(Debug, Clone)]
pub(super) struct Queued {
    /// Where to go (normalised).
    pub(super) url: Url,
    /// Link depth from a start page.
    pub(super) depth: usize,
    /// The page that linked here, `sitemap`, or None for a start page.
    pub(super) found_on: Option<String>,
}

impl Queued {
    /// A start page (or a sitemap target's page) is where the site is: it may
    /// move the site to another host, and its failure is the crawl's failure.
    pub(super) fn is_start(&self) -> bool {
        self.depth == 0 && self.found_on.is_none()
    }
}

/// What visiting a URL gave.
pub(super) enum Visit {
    /// An HTML page to analyse.
    Page(PageFetch, Vec<u8>, Option<String>),
    /// Not HTML: listed as a document.
    Document(PageFetch),
    /// No page to analyse (failed or skipped); the row says why.
    Row(PageFetch),
    /// Not fetched because robots.txt disallows it; the row says so.
    Blocked(PageFetch),
    /// A redirect to a sign-in page.
    Login(PageFetch, String),
}

/// Why a redirect is not followed; the reason is already on the row.
enum Unfollowed {
    /// A failed or skipped row.
    Row,
    /// A sign-in page, at this address.
    Login(String),
}

impl<O: Observer + ?Sized> Crawler<'_, O> {
    /// Fetches one page, following redirects one hop at a time.
    pub(super) async fn visit(&self, queued: Queued) -> Visit {
        self.observer.visiting(queued.url.as_str());
        let started = Instant::now();
        let mut fetch = PageFetch {
            url: queued.url.to_string(),
            depth: queued.depth,
            found_on: queued.found_on.clone(),
            ..PageFetch::default()
        };
        let mut url = queued.url.clone();
        // Keys of every address in the redirect chain, to catch loops.
        let mut chain = vec![url::dedup_key(&url)];
        loop {
            match self.robots_block(&url).await {
                Ok(()) => {}
                Err(Blocked::Robots(why)) => {
                    fetch.skipped = Some(format!("not fetched: {why}"));
                    return Visit::Blocked(fetch);
                }
                Err(Blocked::Unreachable(why)) => {
                    fetch.error = Some(why);
                    return Visit::Row(fetch);
                }
            }
            let secrets = self.secrets_for(&url);
            let result = self
                .fetcher
                .get(&url, Method::Get, Want::Html, secrets)
                .await;
            fetch.time_ms = Some(u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
            let hop = match result {
                Ok(hop) => hop,
                Err(e) => {
                    fetch.error = Some(e.to_string());
                    return Visit::Row(fetch);
                }
            };
            fetch.status = Some(hop.status);
            if !(300..400).contains(&hop.status) || hop.status == 304 {
                return answered(fetch, hop);
            }
            match self.redirect(&queued, &mut fetch, &url, &hop, &mut chain) {
                Ok(next) => url = next,
                Err(Unfollowed::Row) => return Visit::Row(fetch),
                Err(Unfollowed::Login(login)) => return Visit::Login(fetch, login),
            }
        }
    }

    /// Records one redirect on the row and gives where it leads, unless it
    /// must not be followed: no usable Location, a loop, too many hops, a
    /// sign-in page, outside the audit, or a page checked on its own.
    fn redirect(
        &self,
        queued: &Queued,
        fetch: &mut PageFetch,
        from: &Url,
        hop: &Hop,
        chain: &mut Vec<String>,
    ) -> Result<Url, Unfollowed> {
        let Some(next) = hop.location.as_deref().and_then(|l| url::resolve(from, l)) else {
            fetch.error = Some(format!(
                "HTTP {} redirect with no usable Location header",
                hop.status
            ));
            return Err(Unfollowed::Row);
        };
        fetch.redirects.push(RedirectHop {
            url: from.to_string(),
            status: hop.status,
        });
        fetch.final_url = Some(next.to_string());
        let key = url::dedup_key(&next);
        if chain.contains(&key) {
            fetch.error = Some(format!(
                "redirect loop: {next} redirects back to a page already in the chain"
            ));
            return Err(Unfollowed::Row);
        }
        chain.push(key);
        if fetch.redirects.len() > MAX_REDIRECTS {
            fetch.error = Some(format!("more than {MAX_REDIRECTS} redirects"));
            return Err(Unfollowed::Row);
        }
        let login_target = format!(
            "{}{}",
            next.path(),
            next.query().map(|q| format!("?{q}")).unwrap_or_default()
        );
        if self.config.login_pattern.is_match(&login_target) {
            return Err(Unfollowed::Login(next.to_string()));
        }
        if let Err(why) = self.redirect_in_scope(queued, &next) {
            fetch.skipped = Some(why);
            return Err(Unfollowed::Row);
        }
        if !self.claim(&next) && queued.found_on.is_some() {
            fetch.skipped = Some(format!(
                "redirects to {next}, which is checked as its own page"
            ));
            return Err(Unfollowed::Row);
        }
        Ok(next)
    }

    /// Whether a redirect target is in the audit; Err with the row's reason when
    /// not. A start page moving to another host (example.org to
    /// www.example.org, http to a new domain) moves the site, so that host is
    /// added to the scope.
    fn redirect_in_scope(&self, queued: &Queued, next: &Url) -> Result<(), String> {
        let in_scope = self.scope.borrow().check(next);
        match in_scope {
            Ok(()) => Ok(()),
            Err(OutOfScope::OtherHost) if queued.is_start() => {
                if let Some(host) = next.host_str() {
                    let host = match next.port() {
                        Some(port) => format!("{host}:{port}"),
                        None => host.to_owned(),
                    };
                    self.scope.borrow_mut().add_host(&host);
                }
                Ok(())
            }
            Err(OutOfScope::OtherHost) => Err(format!(
                "redirects to {next}, which is on another site and outside this audit"
            )),
            Err(_) => Err(format!(
                "redirects to {next}, which --include/--exclude leave out"
            )),
        }
    }
}

/// The visit's outcome from a final (not redirect) response: an error for a
/// status other than 2xx, else a page to analyse or a document to list.
fn answered(mut fetch: PageFetch, hop: Hop) -> Visit {
    fetch.content_type = hop.content_type.clone();
    fetch.bytes = hop.length;
    if hop.status >= 400 || !(200..300).contains(&hop.status) {
        let reason = reqwest::StatusCode::from_u16(hop.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        fetch.error = Some(
            format!("HTTP {} {reason}", hop.status)
                .trim_end()
                .to_owned(),
        );
        return Visit::Row(fetch);
    }
    let charset = hop.charset();
    match hop.body {
        Some(body) if hop.content_type.is_some() || looks_like_html(&body) => {
            Visit::Page(fetch, body, charset)
        }
        _ => Visit::Document(fetch),
    }
}

/// Whether a body with no Content-Type looks like HTML, as a browser would sniff.
fn looks_like_html(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &body[i..]);
    let head = String::from_utf8_lossy(&start[..start.len().min(512)]).to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<!--")
        || head.starts_with("<head")
        || head.starts_with("<body")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_sniffing_for_bodies_without_a_content_type() {
        assert!(looks_like_html(b"\xEF\xBB\xBF  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"\n<html lang=en>"));
        assert!(!looks_like_html(b"%PDF-1.7"));
        assert!(!looks_like_html(b"{\"json\": true}"));
    }
}
