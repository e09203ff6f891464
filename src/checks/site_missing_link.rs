//! `site-missing-link`: flags a site where many pages lack a certain link.
//!
//! ## What it checks
//! On every page, whether some link (`a[href]` or `area[href]`) has an
//! accessible name matching one of `link_text` (case-insensitive regular
//! expressions), or, when `link_href` is given, an `href` matching one of
//! those (for links written in another language). When more than `max_missing_share` of the site's pages (and at
//! least `min_missing` pages) have no such link, the site gets one finding.
//!
//! `{count}` is how many pages lack the link, `{pages}` the pages checked
//! ("1 page", "14 pages"), `{have}` is "has" or "have" to agree with
//! `{count}`, and `{examples}` names the first few pages without it.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "site-missing-link"
//! link_text = ['\baccessibility\b']
//! max_missing_share = 0.25
//! ```

use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::{Fact, Pattern, RuleSource, SiteCheck, SiteEmitter, SiteView};
use crate::error::DataFileError;
use crate::page::Page;
use crate::wording::plural;

/// Pages named in a finding before "and N more".
const NAMED_PAGES: usize = 5;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    link_text: Vec<Spanned<String>>,
    #[serde(default)]
    link_href: Vec<Spanned<String>>,
    #[serde(default = "quarter")]
    max_missing_share: f64,
    #[serde(default = "one")]
    min_missing: usize,
}

fn quarter() -> f64 {
    0.25
}

fn one() -> usize {
    1
}

#[derive(Debug)]
pub(crate) struct SiteMissingLink {
    link_text: Vec<Pattern>,
    link_href: Vec<Pattern>,
    max_missing_share: f64,
    min_missing: usize,
    links: Selector,
}

impl SiteMissingLink {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            link_text: source.regexes(&p.link_text)?,
            link_href: source.regexes(&p.link_href)?,
            max_missing_share: p.max_missing_share.clamp(0.0, 1.0),
            min_missing: p.min_missing.max(1),
            links: source.fixed_selector("a[href], area[href]")?,
        })
    }
}

/// Whether one page has the link.
struct HasLink(bool);

impl SiteCheck for SiteMissingLink {
    fn collect(&self, page: &Page) -> Fact {
        let found = page.html().select(&self.links).any(|link| {
            let href = link.value().attr("href").unwrap_or_default();
            if self.link_href.iter().any(|r| r.is_match(href)) {
                return true;
            }
            let name = page.accessible_name(link).text;
            self.link_text.iter().any(|r| r.is_match(&name))
        });
        Box::new(HasLink(found))
    }

    fn check(&self, site: &SiteView<'_>, out: &mut SiteEmitter<'_>) {
        let facts: Vec<(&str, &HasLink)> = site.facts::<HasLink>().collect();
        if facts.is_empty() {
            return;
        }
        let mut missing: Vec<&str> = facts
            .iter()
            .filter(|(_, f)| !f.0)
            .map(|(page, _)| *page)
            .collect();
        missing.sort_unstable();
        #[allow(clippy::cast_precision_loss)]
        let share = missing.len() as f64 / facts.len() as f64;
        if missing.len() < self.min_missing || share <= self.max_missing_share {
            return;
        }
        let named = crate::wording::first_names(&missing, NAMED_PAGES);
        out.emit_site(
            site.target,
            &missing,
            &[
                ("count", missing.len().to_string()),
                ("pages", plural(facts.len(), "page", "pages")),
                (
                    "have",
                    (if missing.len() == 1 { "has" } else { "have" }).to_owned(),
                ),
                ("examples", named),
            ],
        );
    }
}
