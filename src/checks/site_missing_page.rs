//! `site-missing-page`: flags a site where no page is of a certain kind.
//!
//! ## What it checks
//! Whether any page of the site has a `<title>` or first `<h1>` matching one
//! of `heading` (case-insensitive regular expressions). When none does and
//! the site has at least `min_pages` pages, the site gets one finding.
//! `{pages}` is the pages checked ("1 page", "14 pages").
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "site-missing-page"
//! heading = ['\baccessibility\b']
//! min_pages = 2
//! ```

use serde::Deserialize;
use toml::Spanned;

use super::required_contents::heading_matches;
use super::{Fact, Pattern, RuleSource, SiteCheck, SiteEmitter, SiteView};
use crate::error::DataFileError;
use crate::page::Page;
use crate::wording::plural;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    heading: Vec<Spanned<String>>,
    #[serde(default = "two")]
    min_pages: usize,
}

fn two() -> usize {
    2
}

#[derive(Debug)]
pub(crate) struct SiteMissingPage {
    heading: Vec<Pattern>,
    min_pages: usize,
    h1: scraper::Selector,
}

impl SiteMissingPage {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            heading: source.regexes(&p.heading)?,
            min_pages: p.min_pages.max(1),
            h1: source.fixed_selector("h1")?,
        })
    }
}

/// Whether one page is of the kind looked for.
struct IsPage(bool);

impl SiteCheck for SiteMissingPage {
    fn collect(&self, page: &Page) -> Fact {
        Box::new(IsPage(
            heading_matches(page, &self.h1, &self.heading).is_some(),
        ))
    }

    fn check(&self, site: &SiteView<'_>, out: &mut SiteEmitter<'_>) {
        let mut checked = Vec::new();
        for (key, fact) in site.facts::<IsPage>() {
            if fact.0 {
                return;
            }
            checked.push(key);
        }
        if checked.len() >= self.min_pages {
            out.emit_site(
                site.target,
                &checked,
                &[("pages", plural(checked.len(), "page", "pages"))],
            );
        }
    }
}
