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
//! With `when` (a regular expression), the site is judged only when some page's
//! visible text or a link's `href` matches it, such as a site that says it
//! sends text messages or has a sign-in: a site with nothing to warn about is
//! not asked to warn.
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

use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::{Fact, Pattern, RuleSource, SiteCheck, SiteEmitter, SiteView};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};
use crate::wording::plural;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    topic: Spanned<String>,
    #[serde(default)]
    channels: BTreeMap<String, Spanned<String>>,
    #[serde(default = "one")]
    min_channels: usize,
    #[serde(default)]
    when: Option<Spanned<String>>,
}

fn one() -> usize {
    1
}

#[derive(Debug)]
pub(crate) struct SitePhrases {
    topic: Pattern,
    channels: Vec<(String, Pattern)>,
    min_channels: usize,
    when: Option<Pattern>,
    links: Selector,
}

/// What one page says about the topic.
struct Mentions {
    /// `None` when the page does not mention the topic, or the channels it names.
    topic: Option<BTreeSet<String>>,
    /// Whether the page matches `when` (always true without `when`).
    when: bool,
}

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
            when: p.when.as_ref().map(|r| source.regex(r)).transpose()?,
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
        let when = self.when.as_ref().is_none_or(|r| r.is_match(&text));
        Box::new(Mentions {
            topic: mentions,
            when,
        })
    }

    fn check(&self, site: &SiteView<'_>, out: &mut SiteEmitter<'_>) {
        if site.pages.is_empty() {
            return;
        }
        let facts: Vec<&Mentions> = site.facts::<Mentions>().map(|(_, m)| m).collect();
        if let Some(found) = self.verdict(&facts) {
            let pages = ("pages", plural(site.pages.len(), "page", "pages"));
            out.emit_site(site.target, &site.page_keys(), &[pages, ("found", found)]);
        }
    }
}

impl SitePhrases {
    /// `Some(found)` when the site fails: no page mentions the topic
    /// (`"none"`), or the pages that do name too few channels (the list).
    /// `None` when it passes, or when no page matches `when`.
    fn verdict(&self, facts: &[&Mentions]) -> Option<String> {
        if !facts.iter().any(|m| m.when) {
            return None;
        }
        let mut any = false;
        let mut found = BTreeSet::new();
        for mentions in facts {
            if let Some(channels) = &mentions.topic {
                any = true;
                found.extend(channels.iter().cloned());
            }
        }
        if !any {
            Some("none".to_owned())
        } else if !self.channels.is_empty() && found.len() < self.min_channels {
            Some(if found.is_empty() {
                "none".to_owned()
            } else {
                found.into_iter().collect::<Vec<_>>().join(", ")
            })
        } else {
            None
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checks::build_for_test;

    fn verdict(params: &str, pages: &[&str]) -> Option<String> {
        let check = build_for_test("site-phrases", params, SitePhrases::new).unwrap();
        let facts: Vec<Fact> = pages
            .iter()
            .map(|body| {
                let page = Page::from_text(
                    "t.html",
                    &format!("<!doctype html><html lang=en><body>{body}</body></html>"),
                )
                .unwrap();
                check.collect(&page)
            })
            .collect();
        let mentions: Vec<&Mentions> = facts
            .iter()
            .map(|f| f.downcast_ref::<Mentions>().unwrap())
            .collect();
        check.verdict(&mentions)
    }

    #[test]
    fn a_site_that_never_says_it_fails() {
        let params = r"topic = '\bscams?\b'";
        assert_eq!(
            verdict(params, &["<p>Hello</p>", "<p>Opening times</p>"]).as_deref(),
            Some("none")
        );
        assert_eq!(
            verdict(params, &["<p>Hello</p>", "<p>Beware of scams.</p>"]),
            None
        );
    }

    #[test]
    fn when_limits_the_sites_judged() {
        let params = "topic = '\\bscams?\\b'\nwhen = '\\btext messages?\\b|\\bsign in\\b'";
        // Nothing to warn about: not judged.
        assert_eq!(verdict(params, &["<p>Hello</p>"]), None);
        // A page says the site sends texts, and no page warns.
        assert_eq!(
            verdict(params, &["<p>We send text messages.</p>", "<p>Hello</p>"]).as_deref(),
            Some("none")
        );
        // A link counts too.
        assert_eq!(
            verdict(params, &["<a href='/account/sign in'>Go</a>"]).as_deref(),
            Some("none")
        );
        assert_eq!(
            verdict(
                params,
                &[
                    "<p>We send text messages.</p>",
                    "<p>Scams: how to check.</p>"
                ]
            ),
            None
        );
    }

    #[test]
    fn channels_are_counted_on_topic_pages_only() {
        let params = "topic = 'feedback'\nmin_channels = 2\n[check.channels]\nphone = 'phone'\nemail = 'email'";
        assert_eq!(
            verdict(params, &["<p>feedback by phone</p>", "<p>email us</p>"]).as_deref(),
            Some("phone")
        );
        assert_eq!(
            verdict(params, &["<p>feedback by phone or email</p>"]),
            None
        );
    }
}
