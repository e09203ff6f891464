//! `site-phrases`: flags a site that never says something, or that says it
//! with too few of the routes it should offer.
//!
//! ## What it checks
//! From every page it keeps whether the visible text, or the `href` of a link,
//! matches `topic` (a regular expression, case-insensitive), and which of
//! `channels` (name = regular expression) the same text and links match.
//!
//! - Without `channels`: one finding for the site when no page matches
//!   `topic` (such as no page offering Easy Read or large print).
//! - With `channels`: one finding for the site when no page matches `topic`
//!   (`{found}` = "none"), or when the pages that match it name fewer than
//!   `min_channels` channels between them (`{found}` lists the channels
//!   found). Only the pages about the topic count.
//!
//! `{pages}` is the pages checked ("1 page", "14 pages").
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "site-phrases"
//! topic = '\b(feedback|complaints?)\b'
//! min_channels = 2
//!
//! [check.channels]
//! phone = '\bphone\b|\bcall us\b|tel:'
//! email = '\bemail\b|mailto:'
//! ```

use std::collections::BTreeMap;
use std::collections::BTreeSet;

use regex::Regex;
use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::{Fact, RuleSource, SiteCheck, SiteEmitter, SiteView};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};
use crate::wording::plural;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[allow(dead_code)]
    kind: String,
    topic: Spanned<String>,
    #[serde(default)]
    channels: BTreeMap<String, Spanned<String>>,
    #[serde(default = "one")]
    min_channels: usize,
}

fn one() -> usize {
    1
}

#[derive(Debug)]
pub(crate) struct SitePhrases {
    topic: Regex,
    channels: Vec<(String, Regex)>,
    min_channels: usize,
    links: Selector,
}

/// What one page says about the topic: `None` when it does not mention it,
/// or the channels it names.
struct Mentions(Option<BTreeSet<String>>);

impl SitePhrases {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            topic: source.regex(&p.topic)?,
            channels: p
                .channels
                .iter()
                .map(|(name, r)| Ok((name.clone(), source.regex(r)?)))
                .collect::<Result<_, DataFileError>>()?,
            min_channels: p.min_channels,
            links: source.fixed_selector("a[href], area[href]")?,
        })
    }
}

impl SiteCheck for SitePhrases {
    fn collect(&self, page: &Page) -> Fact {
        let mut text = String::new();
        for block in page.blocks().iter().filter(|b| !b.hidden) {
            text.push_str(&block.text);
            text.push('\n');
        }
        for link in page.html().select(&self.links) {
            if let Some(href) = link.value().attr("href").filter(|_| !is_hidden(link)) {
                text.push_str(href);
                text.push('\n');
            }
        }
        let mentions = self.topic.is_match(&text).then(|| {
            self.channels
                .iter()
                .filter(|(_, r)| r.is_match(&text))
                .map(|(name, _)| name.clone())
                .collect()
        });
        Box::new(Mentions(mentions))
    }

    fn check(&self, site: &SiteView<'_>, out: &mut SiteEmitter<'_>) {
        if site.pages.is_empty() {
            return;
        }
        let mut any = false;
        let mut found = BTreeSet::new();
        for (_, mentions) in site.facts::<Mentions>() {
            if let Some(channels) = &mentions.0 {
                any = true;
                found.extend(channels.iter().cloned());
            }
        }
        let pages = ("pages", plural(site.pages.len(), "page", "pages"));
        if !any {
            out.emit_site(
                site.target,
                &site.page_keys(),
                &[pages, ("found", "none".to_owned())],
            );
        } else if !self.channels.is_empty() && found.len() < self.min_channels {
            let list = if found.is_empty() {
                "none".to_owned()
            } else {
                found.into_iter().collect::<Vec<_>>().join(", ")
            };
            out.emit_site(site.target, &site.page_keys(), &[pages, ("found", list)]);
        }
    }
}
