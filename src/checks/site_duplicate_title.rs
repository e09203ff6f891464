//! `site-duplicate-title`: flags a title shared by many pages of one site.
//!
//! ## What it checks
//! The `<title>` of every page of a site (whitespace collapsed, compared
//! without regard to case). Each title that `min_pages` or more pages share is
//! one finding about the site. Pages with no title or a blank one are left to
//! the rule about missing titles. Pages that name the same
//! `<link rel="canonical">` are one page reached by two addresses (`/` and
//! `/index.html`), so they count once.
//!
//! `{title}` is the shared title, `{count}` how many pages have it and
//! `{pages}` names the first few of them.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "site-duplicate-title"
//! min_pages = 3
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Fact, RuleSource, SiteCheck, SiteEmitter, SiteView};
use crate::error::DataFileError;
use crate::page::Page;

/// Pages named in a finding before "and N more".
const NAMED_PAGES: usize = 5;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "three")]
    min_pages: usize,
}

fn three() -> usize {
    3
}

#[derive(Debug)]
pub(crate) struct SiteDuplicateTitle {
    min_pages: usize,
    canonical: scraper::Selector,
}

impl SiteDuplicateTitle {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            min_pages: p.min_pages.max(2),
            canonical: source.fixed_selector("head link[rel~=canonical][href]")?,
        })
    }
}

/// One page's title, whitespace collapsed (`None` when blank or missing),
/// and its canonical address as written.
struct Title {
    title: Option<String>,
    canonical: Option<String>,
}

impl SiteCheck for SiteDuplicateTitle {
    fn collect(&self, page: &Page) -> Fact {
        let canonical = page
            .html()
            .select(&self.canonical)
            .find_map(|l| l.value().attr("href"))
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty());
        Box::new(Title {
            title: page.title().filter(|t| !t.is_empty()),
            canonical,
        })
    }

    fn check(&self, site: &SiteView<'_>, out: &mut SiteEmitter<'_>) {
        // Lower-cased title -> (page, title as written) for each page.
        let mut groups: BTreeMap<String, Vec<(&str, &str)>> = BTreeMap::new();
        let mut seen_canonical = std::collections::HashSet::new();
        // Facts arrive in the order pages finished: sort them so the result
        // does not depend on it.
        let mut facts: Vec<(&str, &Title)> = site.facts::<Title>().collect();
        facts.sort_unstable_by_key(|(page, _)| *page);
        for (page, fact) in facts {
            let Some(title) = &fact.title else { continue };
            let key = title.to_lowercase();
            if let Some(canonical) = &fact.canonical
                && !seen_canonical.insert((key.clone(), canonical.as_str()))
            {
                continue;
            }
            groups.entry(key).or_default().push((page, title.as_str()));
        }
        for mut group in groups.into_values() {
            if group.len() < self.min_pages {
                continue;
            }
            group.sort_unstable();
            // The title as the first page (in name order) writes it.
            let title = group[0].1.to_owned();
            let pages: Vec<&str> = group.iter().map(|(page, _)| *page).collect();
            let named = crate::wording::first_names(&pages, NAMED_PAGES);
            out.emit_site(
                site.target,
                &pages,
                &[
                    ("title", title),
                    ("count", pages.len().to_string()),
                    ("pages", named),
                ],
            );
        }
    }
}
