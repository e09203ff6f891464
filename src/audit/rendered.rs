//! `--render`: each page is loaded in the browser and the DOM its scripts
//! built is audited, through the same [`analyse`] as any page. The browser
//! work itself is in [`crate::render`]; this only chooses what to audit.

use super::{PageInfo, PageOutcome, analyse};
use crate::catalogue::Rule;
use crate::crawl::FetchedPage;
use crate::input::{PageInput, PageSource};
use crate::page::{Page, PageLinks};
use crate::render::Renderer;
use crate::stylesheets::{Attach, Location};

use super::AuditOptions;

/// Where a page sits for its style sheets, and whether it is part of a
/// site (whose whole-site checks collect facts from it).
pub(super) struct PagePlace<'a>(
    pub(super) Option<(&'a dyn Attach, Location)>,
    pub(super) bool,
);

/// A local page (a file, or a page of an archive folder), opened as a
/// `file://` URL so its relative styles, scripts and images load.
pub(super) fn analyse_local(
    renderer: &Renderer,
    info: PageInfo,
    input: &PageInput,
    source: &[u8],
    page: PagePlace<'_>,
    rules: &[&Rule],
    options: &AuditOptions,
) -> (PageOutcome, PageLinks) {
    let address = match &input.source {
        PageSource::File(path) => crate::render::file_url(path)
            .ok_or_else(|| "its path cannot be made into a file:// URL".to_owned()),
        // A browser needs an address to load assets from; standard input
        // has none.
        PageSource::Bytes(_) => {
            Err("standard input cannot be rendered; save the page to a file".to_owned())
        }
    };
    let (outcome, links) = audit(
        renderer,
        info,
        address,
        (source, None),
        page,
        rules,
        options,
    );
    // Local pages' files are measured from what the folder holds, which
    // the static links name.
    (outcome, links.unwrap_or_default())
}

/// A crawled page: the browser loads its URL (where redirects ended)
/// again. Links for the crawl are still read from the HTML the crawler
/// fetched, so the crawl finds the same pages with or without `--render`.
pub(super) fn analyse_fetched(
    renderer: &Renderer,
    info: PageInfo,
    page: &FetchedPage,
    sheets: Option<(&dyn Attach, Location)>,
    rules: &[&Rule],
    options: &AuditOptions,
) -> (PageOutcome, PageLinks) {
    let url = page
        .fetch
        .final_url
        .clone()
        .unwrap_or_else(|| page.fetch.url.clone());
    let charset = page.charset.as_deref();
    let (outcome, links) = audit(
        renderer,
        info,
        Ok(url),
        (&page.body, charset),
        PagePlace(sheets, true),
        rules,
        options,
    );
    (outcome, links.unwrap_or_default())
}

/// Renders `address` and audits the snapshot. Returns the outcome and the
/// links of the page as read or fetched (`None` if it cannot be parsed).
fn audit(
    renderer: &Renderer,
    mut info: PageInfo,
    address: Result<String, String>,
    (source, charset): (&[u8], Option<&str>),
    PagePlace(sheets, in_site): PagePlace<'_>,
    rules: &[&Rule],
    options: &AuditOptions,
) -> (PageOutcome, Option<PageLinks>) {
    let links = Page::from_bytes(info.url.clone(), source, charset, options.limits)
        .ok()
        .map(|p| p.links());
    let snapshot = address.and_then(|a| renderer.render(&a));
    let snapshot = match snapshot {
        Ok(s) => s,
        Err(reason) => {
            // The source is still evidence of what was served.
            if let Some(archive) = &options.archive {
                archive.store(&info.url, source);
            }
            info.bytes = Some(source.len() as u64);
            info.error = Some(format!(
                "not checked: the browser could not render it: {reason}"
            ));
            return (PageOutcome::unchecked(info), links);
        }
    };
    if let Some(archive) = &options.archive {
        archive.store_page(&info.url, source, Some(snapshot.html.as_bytes()));
    }
    info.rendered = true;
    info.blocked_requests = snapshot.blocked;
    // The browser hands back text, so the snapshot is UTF-8 whatever the
    // page declared.
    let (mut outcome, _) = analyse(
        info,
        snapshot.html.as_bytes(),
        Some("utf-8"),
        sheets,
        rules,
        in_site,
        options,
    );
    // The page's size is what was served, not the size of the snapshot.
    outcome.info.bytes = Some(source.len() as u64);
    (outcome, links)
}
