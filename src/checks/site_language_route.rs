//! `site-language-route`: what a site offers in other languages: nothing at
//! all, too few of the local community languages, or only machine
//! translation.
//!
//! ## What it checks
//! From every page it collects the languages (other than English) the page
//! offers a route to. Any of these counts:
//! - the page's own `lang` (the page is in that language);
//! - an `hreflang` on a link or on `<link rel="alternate">` (not `x-default`);
//! - a `lang` on a link;
//! - a link whose text, or a part of it ("Polski (Polish)"), is a language's
//!   name from `languages` (an endonym such as ਪੰਜਾਬੀ, or an English name);
//! - a visible block (paragraph, list item, heading...) of at least
//!   `min_block_words` words marked with another language's `lang`;
//! - with `translated_links`: a link whose text names a language and whose
//!   text or `href` matches that pattern (a leaflet in Urdu, a Polish PDF).
//!
//! With `hub_links`, a link to a page of this site (a relative address) whose
//! text matches it ("Other languages", "Information in your language",
//! "Translate this page") leads to a page of languages: for `report = "none"` it is a route, though it does not say
//! which languages (so `"coverage"` does not count it).
//!
//! Links to `#` or `javascript:`, and anything inside a machine-translation
//! widget (`widgets`), are not routes: they only restyle the page.
//!
//! `report` picks the finding (one for the site, at most):
//! - `"none"` (the default): no page offers any other language. `{pages}` is
//!   the pages checked ("1 page", "14 pages").
//! - `"coverage"`: some of the `community` languages (codes), or of the
//!   `extra_routes` (name = pattern matched against visible text and link
//!   `href`s, such as British Sign Language), are offered nowhere.
//!   `{coverage}` says in words what is offered and what is not
//!   ("Information in Polish and Urdu; none in Punjabi or Bengali"),
//!   `{offered}` and `{missing}` list them, `{count}` and `{total}` count them.
//! - `"machine-only"`: some page has a machine-translation widget (an element
//!   matching one of `widgets`, name = CSS selector) and no page offers a
//!   route to another language. `{widgets}` names the widgets and
//!   `{examples}` the first pages that have one.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "site-language-route"
//! report = "coverage"
//! community = ["pa", "ur", "pl", "bn"]
//! translated_links = '\b(leaflets?|PDF)\b|\.pdf$'
//! [check.extra_routes]
//! "British Sign Language" = '\bBSL (video|interpreters?)\b|\bSignVideo\b'
//! [check.widgets]
//! "Google Translate" = "#google_translate_element, script[src*='translate_a/element.js']"
//! [check.languages]
//! pa = { name = "Punjabi", endonyms = ["ਪੰਜਾਬੀ"] }
//! ```

use std::collections::{BTreeMap, BTreeSet, HashSet};

use ego_tree::NodeId;
use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::languages::{LanguageParams, Languages, join_names, link_words, name_parts};
use super::{Fact, Pattern, RuleSource, SiteCheck, SiteEmitter, SiteView};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};
use crate::wording::plural;

/// Pages named in a finding before "and N more".
const NAMED_PAGES: usize = 5;

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
enum Report {
    #[default]
    None,
    Coverage,
    MachineOnly,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    report: Report,
    languages: BTreeMap<String, LanguageParams>,
    #[serde(default)]
    community: Vec<Spanned<String>>,
    #[serde(default)]
    extra_routes: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    widgets: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    translated_links: Option<Spanned<String>>,
    #[serde(default = "eight")]
    min_block_words: usize,
    #[serde(default)]
    hub_links: Option<Spanned<String>>,
}

fn eight() -> usize {
    8
}

#[derive(Debug)]
pub(crate) struct SiteLanguageRoute {
    report: Report,
    languages: Languages,
    community: Vec<String>,
    extra_routes: Vec<(String, Pattern)>,
    widgets: Vec<(String, Selector)>,
    translated_links: Option<Pattern>,
    min_block_words: usize,
    hub_links: Option<Pattern>,
    links: Selector,
}

/// What one page offers.
struct Offered {
    /// Language codes the page offers a route to.
    languages: BTreeSet<String>,
    /// Indexes into `extra_routes` the page mentions.
    extras: BTreeSet<usize>,
    /// Indexes into `widgets` found on the page.
    widgets: BTreeSet<usize>,
    /// The page links to a page of languages (`hub_links`).
    hub: bool,
}

impl SiteLanguageRoute {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let languages = Languages::new(source, p.languages)?;
        let mut community = Vec::new();
        for code in &p.community {
            let tag = code.get_ref().trim().to_ascii_lowercase();
            if !languages.contains(&tag) {
                return Err(source.error_at(
                    code,
                    format!("`{tag}` is not in [check.languages], so it has no name to report"),
                ));
            }
            community.push(tag);
        }
        if p.report == Report::Coverage && community.is_empty() && p.extra_routes.is_empty() {
            return Err(DataFileError::at(
                source.path,
                source.text,
                None,
                "report = \"coverage\" needs `community` languages or `extra_routes`",
            ));
        }
        if p.report == Report::MachineOnly && p.widgets.is_empty() {
            return Err(DataFileError::at(
                source.path,
                source.text,
                None,
                "report = \"machine-only\" needs `[check.widgets]`",
            ));
        }
        Ok(Self {
            report: p.report,
            languages,
            community,
            extra_routes: p
                .extra_routes
                .iter()
                .map(|(name, r)| Ok((name.clone(), source.regex(r)?)))
                .collect::<Result<_, DataFileError>>()?,
            widgets: p
                .widgets
                .iter()
                .map(|(name, css)| Ok((name.clone(), source.selector(css)?)))
                .collect::<Result<_, DataFileError>>()?,
            translated_links: p.translated_links.map(|r| source.regex(&r)).transpose()?,
            hub_links: p.hub_links.map(|r| source.regex(&r)).transpose()?,
            min_block_words: p.min_block_words.max(1),
            links: source.fixed_selector("a[href], area[href], link[rel~=alternate][hreflang]")?,
        })
    }

    /// The languages one page offers a route to, leaving out anything inside
    /// a machine-translation widget, and whether it links to a page of
    /// languages (`hub_links`).
    fn languages(&self, page: &Page, widget_roots: &HashSet<NodeId>) -> (BTreeSet<String>, bool) {
        let mut offered = BTreeSet::new();
        let mut hub = false;
        if let Some(tag) = page
            .lang()
            .and_then(|l| self.languages.language_of_value(l))
        {
            offered.insert(tag);
        }
        let in_widget = |e: ElementRef<'_>| {
            !widget_roots.is_empty()
                && std::iter::once(e.id())
                    .chain(e.ancestors().map(|a| a.id()))
                    .any(|id| widget_roots.contains(&id))
        };
        for link in page.html().select(&self.links) {
            let el = link.value();
            let href = el.attr("href").unwrap_or_default().trim();
            // A link to nowhere (a script's button in disguise) leads to no
            // page in another language.
            let to_nowhere = href.is_empty()
                || href.starts_with('#')
                || href.to_ascii_lowercase().starts_with("javascript:");
            if (el.name() != "link" && to_nowhere) || in_widget(link) {
                continue;
            }
            if let Some(tag) = el
                .attr("hreflang")
                .and_then(|t| self.languages.language_of_value(t))
            {
                offered.insert(tag);
            }
            if el.name() == "link" {
                continue;
            }
            if el.name() == "a"
                && let Some(tag) = el
                    .attr("lang")
                    .and_then(|t| self.languages.language_of_value(t))
            {
                offered.insert(tag);
            }
            let text = link_words(link);
            // Only a page of this site: a link off the site with these words
            // is most often a machine-translation service.
            let off_site = ["http://", "https://", "//"]
                .iter()
                .any(|p| href.to_ascii_lowercase().starts_with(p));
            if !off_site && self.hub_links.as_ref().is_some_and(|h| h.is_match(&text)) {
                hub = true;
            }
            for part in name_parts(&text) {
                if let Some(tag) = self.languages.named(part) {
                    offered.insert(tag.to_owned());
                }
            }
            if let Some(docs) = &self.translated_links
                && (docs.is_match(&text) || docs.is_match(href))
            {
                for tag in self.languages.named_in(&text) {
                    offered.insert(tag.to_owned());
                }
            }
        }
        for block in page.blocks() {
            if block.hidden || block.text.split_whitespace().count() < self.min_block_words {
                continue;
            }
            if let Some(tag) = block
                .lang
                .as_deref()
                .and_then(|l| self.languages.language_of_value(l))
                && page
                    .html()
                    .tree
                    .get(block.element)
                    .and_then(ElementRef::wrap)
                    .is_none_or(|e| !in_widget(e))
            {
                offered.insert(tag);
            }
        }
        (offered, hub)
    }

    /// Which of `extra_routes` a page mentions in its visible text or links.
    fn extras(&self, page: &Page) -> BTreeSet<usize> {
        if self.extra_routes.is_empty() {
            return BTreeSet::new();
        }
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
        self.extra_routes
            .iter()
            .enumerate()
            .filter(|(_, (_, r))| r.is_match(&text))
            .map(|(i, _)| i)
            .collect()
    }

    fn coverage(&self, site: &SiteView<'_>, out: &mut SiteEmitter<'_>) {
        let mut languages = BTreeSet::new();
        let mut extras = BTreeSet::new();
        for (_, fact) in site.facts::<Offered>() {
            languages.extend(fact.languages.iter().cloned());
            extras.extend(fact.extras.iter().copied());
        }
        let mut offered = Vec::new();
        let mut missing = Vec::new();
        for tag in &self.community {
            let name = self.languages.name(tag);
            if languages.contains(tag) {
                offered.push(name);
            } else {
                missing.push(name);
            }
        }
        for (i, (name, _)) in self.extra_routes.iter().enumerate() {
            if extras.contains(&i) {
                offered.push(name);
            } else {
                missing.push(name);
            }
        }
        if missing.is_empty() {
            return;
        }
        let coverage = if offered.is_empty() {
            format!("No information in {}", join_names(&missing, "or"))
        } else {
            format!(
                "Information in {}; none in {}",
                join_names(&offered, "and"),
                join_names(&missing, "or")
            )
        };
        out.emit_site(
            site.target,
            &site.page_keys(),
            &[
                ("coverage", coverage),
                ("offered", join_names(&offered, "and")),
                ("missing", join_names(&missing, "and")),
                ("count", offered.len().to_string()),
                ("total", (offered.len() + missing.len()).to_string()),
                ("pages", plural(site.pages.len(), "page", "pages")),
            ],
        );
    }

    fn machine_only(&self, site: &SiteView<'_>, out: &mut SiteEmitter<'_>) {
        let mut pages: Vec<&str> = Vec::new();
        let mut widgets = BTreeSet::new();
        for (page, fact) in site.facts::<Offered>() {
            if !fact.languages.is_empty() || fact.hub {
                return;
            }
            if !fact.widgets.is_empty() {
                pages.push(page);
                widgets.extend(fact.widgets.iter().copied());
            }
        }
        if pages.is_empty() {
            return;
        }
        pages.sort_unstable();
        // Pages are named as reached from the target; the target itself is in
        // the finding already.
        let pages: Vec<&str> = pages
            .into_iter()
            .map(|p| {
                p.strip_prefix(site.target)
                    .map(|rest| rest.trim_start_matches(['/', '\\']))
                    .filter(|rest| !rest.is_empty())
                    .unwrap_or(p)
            })
            .collect();
        let examples = crate::wording::first_names(&pages, NAMED_PAGES);
        let names: Vec<&str> = widgets
            .iter()
            .filter_map(|i| self.widgets.get(*i))
            .map(|(name, _)| name.as_str())
            .collect();
        out.emit_site(
            site.target,
            &site.page_keys(),
            &[
                ("widgets", join_names(&names, "and")),
                ("examples", examples),
                ("count", pages.len().to_string()),
                ("pages", plural(site.pages.len(), "page", "pages")),
            ],
        );
    }
}

impl SiteCheck for SiteLanguageRoute {
    fn collect(&self, page: &Page) -> Fact {
        let mut widget_roots = HashSet::new();
        let mut widgets = BTreeSet::new();
        for (i, (_, selector)) in self.widgets.iter().enumerate() {
            for element in page.html().select(selector) {
                widget_roots.insert(element.id());
                widgets.insert(i);
            }
        }
        let (languages, hub) = self.languages(page, &widget_roots);
        Box::new(Offered {
            languages,
            extras: self.extras(page),
            widgets,
            hub,
        })
    }

    fn check(&self, site: &SiteView<'_>, out: &mut SiteEmitter<'_>) {
        if site.pages.is_empty() {
            return;
        }
        match self.report {
            Report::None => {
                let any = site
                    .facts::<Offered>()
                    .any(|(_, offered)| !offered.languages.is_empty() || offered.hub);
                if !any {
                    out.emit_site(
                        site.target,
                        &site.page_keys(),
                        &[("pages", plural(site.pages.len(), "page", "pages"))],
                    );
                }
            }
            Report::Coverage => self.coverage(site, out),
            Report::MachineOnly => self.machine_only(site, out),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checks::build_for_test;

    const TABLE: &str = r##"
translated_links = '\b(leaflets?|PDF)\b|\.pdf$'
[check.widgets]
"Google Translate" = "#google_translate_element, .gtranslate_wrapper"
[check.languages]
pa = { name = "Punjabi", endonyms = ["ਪੰਜਾਬੀ"] }
ur = { name = "Urdu", endonyms = ["اردو"] }
pl = { name = "Polish", endonyms = ["Polski"] }
"##;

    fn offered(body: &str) -> BTreeSet<String> {
        let check = build_for_test("site-language-route", TABLE, SiteLanguageRoute::new).unwrap();
        let page = Page::from_text(
            "t.html",
            &format!("<!doctype html><html lang=en><body>{body}</body></html>"),
        )
        .unwrap();
        let fact = check.collect(&page);
        fact.downcast_ref::<Offered>().unwrap().languages.clone()
    }

    #[test]
    fn coverage_and_machine_only_need_their_parameters() {
        let err = build_for_test(
            "site-language-route",
            "report = \"coverage\"\ncommunity = [\"ro\"]\n[check.languages]\npl = { name = \"Polish\" }",
            SiteLanguageRoute::new,
        )
        .unwrap_err();
        assert!(err.contains("not in [check.languages]"), "{err}");
        let err = build_for_test(
            "site-language-route",
            "report = \"machine-only\"\n[check.languages]\npl = { name = \"Polish\" }",
            SiteLanguageRoute::new,
        )
        .unwrap_err();
        assert!(err.contains("needs `[check.widgets]`"), "{err}");
        let err = build_for_test(
            "site-language-route",
            "[check.languages]\npolish = { name = \"Polish\" }",
            SiteLanguageRoute::new,
        )
        .unwrap_err();
        assert!(err.contains("not a language code"), "{err}");
    }

    #[test]
    fn routes_are_recognised() {
        let set = |tags: &[&str]| {
            tags.iter()
                .map(|t| (*t).to_owned())
                .collect::<BTreeSet<_>>()
        };
        assert_eq!(
            offered(r#"<a href="pl/">Polski (Polish)</a>"#),
            set(&["pl"])
        );
        assert_eq!(
            offered(r#"<a href="x" hreflang="urdu">Read</a>"#),
            set(&["ur"])
        );
        assert_eq!(
            offered(r#"<a href="flu-ur.pdf">Flu vaccine leaflet in Urdu</a>"#),
            set(&["ur"])
        );
        assert_eq!(
            offered(r#"<p lang="pa">ਸਾਡਾ ਫ਼ੋਨ ਨੰਬਰ ਹੈ। ਫ਼ੋਨ ਲਾਈਨਾਂ ਸੋਮਵਾਰ ਤੋਂ ਸ਼ੁੱਕਰਵਾਰ ਤੱਕ ਖੁੱਲ੍ਹੀਆਂ ਹਨ।</p>"#),
            set(&["pa"])
        );
        // Not routes: interpreters, a short marked word, a widget's links.
        assert!(
            offered(r#"<a href="i.html">Polish, Punjabi and Urdu interpreters</a>"#).is_empty()
        );
        assert!(offered(r#"<p>Say <span lang="pl">Polski</span> when you call.</p>"#).is_empty());
        assert!(
            offered(r##"<div class="gtranslate_wrapper"><a href="/pl/" hreflang="pl">Polski</a></div><a href="#">اردو</a>"##)
                .is_empty()
        );
    }
}
