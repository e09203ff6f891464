//! Page weight: how many bytes a page costs to open, from the sizes of the files
//! it loads.
//!
//! The page model lists what a page loads ([`crate::page::Resource`]); the input
//! side measures each file (from disk for local sites, from the server for
//! crawled ones); this module adds them up. Checks read the result through the
//! site view, so they never learn where a size came from.
//!
//! Sizes are of the files as stored, before any compression the server adds:
//! that is what a folder on disk can tell, and it keeps a crawl and a local run of
//! the same site in agreement. Images, video and fonts are already compressed, so
//! for them this is close to what crosses the network.

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::page::{Resource, ResourceKind};

/// One file a page loads, with its size when it could be measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasuredResource {
    /// The URL as written in the page.
    pub href: String,
    /// What it is.
    pub kind: ResourceKind,
    /// Its size in bytes; `None` when it is on another site, missing, or could
    /// not be fetched.
    pub bytes: Option<u64>,
}

/// What a page weighs, by kind of file (the `pages[].weight` object).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PageWeight {
    /// Every byte measured: the HTML and the files it loads.
    pub total: u64,
    /// The page's HTML.
    pub html: u64,
    /// Stylesheets.
    pub styles: u64,
    /// Scripts.
    pub scripts: u64,
    /// Images.
    pub images: u64,
    /// Web fonts.
    pub fonts: u64,
    /// Video and audio that play by themselves.
    pub media: u64,
    /// Files measured.
    pub files: usize,
    /// Files the page loads that could not be measured (other sites, missing
    /// files): the total is then a lower bound.
    pub unmeasured: usize,
    /// Each file, for checks that look at one file (a large image).
    #[serde(skip)]
    pub resources: Vec<MeasuredResource>,
}

impl PageWeight {
    /// Adds up a page's HTML and the files it loads.
    #[must_use]
    pub fn new(html: u64, resources: Vec<MeasuredResource>) -> Self {
        let mut weight = Self {
            html,
            total: html,
            ..Self::default()
        };
        for r in &resources {
            let Some(bytes) = r.bytes else {
                weight.unmeasured += 1;
                continue;
            };
            weight.files += 1;
            weight.total += bytes;
            *match r.kind {
                ResourceKind::Style => &mut weight.styles,
                ResourceKind::Script => &mut weight.scripts,
                ResourceKind::Image => &mut weight.images,
                ResourceKind::Font => &mut weight.fonts,
                ResourceKind::Media => &mut weight.media,
            } += bytes;
        }
        weight.resources = resources;
        weight
    }
}

/// Whether an href names another site or a non-file scheme (`https:`, `//cdn`,
/// `data:`), which a local run cannot measure.
fn is_remote(href: &str) -> bool {
    if href.starts_with("//") {
        return true;
    }
    // A scheme is letters, digits, `+ - .` before the first `:`, with no `/`
    // before it (so `a/b:c.png` is a path).
    href.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// Decodes `%20`-style escapes; invalid escapes are kept as written.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The file on disk a page at `page` loads with `href`: relative to the page's
/// folder, or to `root` for `/`-paths. `None` for other sites and for paths
/// that climb out of `root`.
#[must_use]
pub fn local_path(root: &Path, page: &Path, href: &str) -> Option<PathBuf> {
    if is_remote(href) {
        return None;
    }
    let path = href.split(['?', '#']).next().unwrap_or_default();
    if path.is_empty() {
        return None;
    }
    let path = percent_decode(path);
    let (start, rest) = match path.strip_prefix('/') {
        Some(rest) => (root.to_path_buf(), rest.to_owned()),
        None => (page.parent().unwrap_or(root).to_path_buf(), path),
    };
    let mut out = start;
    for part in Path::new(&rest).components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::ParentDir if !out.pop() => return None,
            _ => {}
        }
    }
    out.starts_with(root).then_some(out)
}

/// Measures a local page's resources from disk.
#[must_use]
pub fn measure_local(root: &Path, page: &Path, resources: &[Resource]) -> Vec<MeasuredResource> {
    resources
        .iter()
        .map(|r| MeasuredResource {
            href: r.href.clone(),
            kind: r.kind,
            bytes: local_path(root, page, &r.href)
                .and_then(|p| std::fs::metadata(p).ok())
                .filter(std::fs::Metadata::is_file)
                .map(|m| m.len()),
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_resolve_like_a_browser_would() {
        let root = Path::new("/site");
        let page = Path::new("/site/contact/index.html");
        let p = |href| local_path(root, page, href);
        assert_eq!(p("map.png"), Some(PathBuf::from("/site/contact/map.png")));
        assert_eq!(
            p("../css/a.css?v=3"),
            Some(PathBuf::from("/site/css/a.css"))
        );
        assert_eq!(
            p("/img/my%20photo.jpg#x"),
            Some(PathBuf::from("/site/img/my photo.jpg"))
        );
        assert_eq!(p("../../etc/passwd"), None);
        assert_eq!(p("https://cdn.example/a.js"), None);
        assert_eq!(p("//cdn.example/a.js"), None);
        assert_eq!(p("?only-a-query"), None);
    }

    #[test]
    fn weight_adds_up_by_kind_and_counts_the_unmeasured() {
        let r = |href: &str, kind, bytes| MeasuredResource {
            href: href.to_owned(),
            kind,
            bytes,
        };
        let w = PageWeight::new(
            10_000,
            vec![
                r("a.css", ResourceKind::Style, Some(20_000)),
                r("a.js", ResourceKind::Script, Some(300_000)),
                r("b.js", ResourceKind::Script, Some(100_000)),
                r("hero.jpg", ResourceKind::Image, Some(700_000)),
                r("https://cdn/x.js", ResourceKind::Script, None),
            ],
        );
        assert_eq!(w.total, 1_130_000);
        assert_eq!(w.scripts, 400_000);
        assert_eq!((w.files, w.unmeasured), (4, 1));
    }
}
