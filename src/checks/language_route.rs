//! `site-language-route`: flags a site where no page offers another language.
//!
//! ## What it checks
//! Across every page of a site, any of: a link or `<link rel="alternate">` with
//! an `hreflang` that is not English; a link marked with a non-English `lang`;
//! a link whose text is a language's own name (an endonym such as ਪੰਜਾਬੀ, اردو,
//! Polski, বাংলা); or a page whose own `lang` is not English. When no page has
//! any of these, the site gets one finding.

use std::collections::BTreeSet;

use scraper::Selector;
use serde::Deserialize;

use super::{Fact, RuleSource, SiteCheck, SiteEmitter, SiteView};
use crate::error::DataFileError;
use crate::page::{Page, collapse_whitespace, is_english_tag};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[allow(dead_code)]
    kind: String,
    /// Language tag -> names of the language in that language (and in English).
    endonyms: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Debug)]
pub(crate) struct SiteLanguageRoute {
    /// (lower-cased name, language tag).
    names: Vec<(String, String)>,
    links: Selector,
}

/// The languages one page offers a route to.
struct Offered(BTreeSet<String>);

impl SiteLanguageRoute {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let names = p
            .endonyms
            .into_iter()
            .flat_map(|(tag, names)| {
                names
                    .into_iter()
                    .map(move |n| (n.to_lowercase(), tag.clone()))
            })
            .collect();
        Ok(Self {
            names,
            links: source.fixed_selector("a[href], link[rel~=alternate][hreflang], area[href]")?,
        })
    }
}

fn primary(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

impl SiteCheck for SiteLanguageRoute {
    fn collect(&self, page: &Page) -> Fact {
        let mut offered = BTreeSet::new();
        if let Some(lang) = page.lang().filter(|l| !is_english_tag(l)) {
            offered.insert(primary(lang));
        }
        for link in page.html().select(&self.links) {
            let el = link.value();
            for attr in ["hreflang", "lang"] {
                if let Some(tag) = el.attr(attr).filter(|t| !t.trim().is_empty())
                    && !is_english_tag(tag)
                    && !tag.trim().eq_ignore_ascii_case("x-default")
                    && (attr == "hreflang" || el.name() == "a")
                {
                    offered.insert(primary(tag));
                }
            }
            if el.name() == "a" {
                let text = collapse_whitespace(&link.text().collect::<String>()).to_lowercase();
                if let Some((_, tag)) = self.names.iter().find(|(name, _)| *name == text) {
                    offered.insert(tag.clone());
                }
            }
        }
        Box::new(Offered(offered))
    }

    fn check(&self, site: &SiteView<'_>, out: &mut SiteEmitter<'_>) {
        if site.pages.is_empty() {
            return;
        }
        let any = site
            .facts::<Offered>()
            .any(|(_, offered)| !offered.0.is_empty());
        if !any {
            out.emit_site(site.target, &[("pages", site.pages.len().to_string())]);
        }
    }
}
