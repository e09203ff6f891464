//! `web-fonts`: flags a page that makes the browser download more than `max`
//! web font files.
//!
//! ## What it checks
//! Font files the HTML itself asks for, each counted once:
//! - every `@font-face` rule in an inline `<style>` (its first `url(...)`; a
//!   browser downloads one format of each face);
//! - every `<link rel="preload" as="font" href>`;
//! - every stylesheet from a font service, a `<link rel="stylesheet" href>` or
//!   an `@import` in an inline `<style>` whose URL matches one of
//!   `font_stylesheets` (regular expressions, case-insensitive). Google-style
//!   URLs name their fonts (`family=Roboto:wght@400;700` is two files,
//!   `family=Roboto:400,700|Lato` three); a URL that names none (a Typekit
//!   kit) counts as one file, the least it can be.
//!
//! A file asked for twice (a preload of a face an `@font-face` declares) is
//! counted once: files are compared by URL without query and extension. With
//! more than `max`, one finding at the element that asks for the first file
//! past the limit; `{count}` is the number of files and `{max}` the limit.
//! Stylesheets on the site's own server are not read, so the count is the
//! least the page loads.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "web-fonts"
//! max = 2
//! font_stylesheets = ['^(?:https?:)?//fonts\.googleapis\.com/', '^(?:https?:)?//use\.typekit\.net/']
//! ```

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::required_contents::regexes;
use super::{Emitter, Hit, PageCheck, Pattern, RuleSource};
use crate::error::DataFileError;
use crate::page::Page;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "two")]
    max: usize,
    #[serde(default)]
    font_stylesheets: Vec<Spanned<String>>,
}

fn two() -> usize {
    2
}

#[derive(Debug)]
pub(crate) struct WebFonts {
    max: usize,
    font_stylesheets: Vec<Pattern>,
    sources: Selector,
    font_face: Pattern,
    import: Pattern,
}

impl WebFonts {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            max: p.max,
            font_stylesheets: regexes(source, &p.font_stylesheets)?,
            sources: source.fixed_selector("style, link[href]")?,
            font_face: fixed_regex(source, r"(?i)@font-face\s*\{([^}]*)\}")?,
            import: fixed_regex(source, r#"(?i)@import\s+(?:url\(\s*)?["']?([^"')\s;]+)"#)?,
        })
    }

    fn is_font_stylesheet(&self, url: &str) -> bool {
        self.font_stylesheets.iter().any(|r| r.is_match(url))
    }

    /// The font files one `<style>` or `<link>` asks for, as comparable keys.
    fn files_of(&self, element: ElementRef<'_>) -> Vec<String> {
        let el = element.value();
        if el.name() == "style" {
            let css = element.text().collect::<String>();
            let mut files: Vec<String> = self
                .font_face
                .captures_iter(&css)
                .filter_map(|c| first_url(c.get(1)?.as_str()))
                .map(|u| file_key(&u))
                .collect();
            for c in self.import.captures_iter(&css) {
                if let Some(url) = c.get(1).map(|m| m.as_str())
                    && self.is_font_stylesheet(url)
                {
                    files.extend(service_files(url));
                }
            }
            return files;
        }
        let href = el.attr("href").unwrap_or_default().trim();
        let rel = el.attr("rel").unwrap_or_default().to_ascii_lowercase();
        let rels: Vec<&str> = rel.split_ascii_whitespace().collect();
        if rels.contains(&"preload")
            && el
                .attr("as")
                .is_some_and(|a| a.trim().eq_ignore_ascii_case("font"))
            && !href.is_empty()
        {
            return vec![file_key(href)];
        }
        if rels.contains(&"stylesheet") && self.is_font_stylesheet(href) {
            return service_files(href);
        }
        Vec::new()
    }
}

fn fixed_regex(source: &RuleSource<'_>, pattern: &str) -> Result<Pattern, DataFileError> {
    source.pattern(pattern.to_owned(), false, |e| {
        DataFileError::at(
            source.path,
            source.text,
            None,
            format!("built-in expression `{pattern}`: {e}"),
        )
    })
}

/// The first `url(...)` in a CSS declaration block, quotes removed.
fn first_url(block: &str) -> Option<String> {
    let lower = block.to_ascii_lowercase();
    let start = lower.find("url(")? + 4;
    let rest = &block[start..];
    let end = rest.find(')')?;
    let url = rest[..end].trim().trim_matches(['"', '\'']).trim();
    (!url.is_empty()).then(|| url.to_owned())
}

/// A URL without query, fragment and file extension, so `a.woff2` and
/// `a.woff?v=2` are one file.
fn file_key(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or_default();
    let (dir, file) = url.rsplit_once('/').unwrap_or(("", url));
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    format!("{dir}/{stem}").to_ascii_lowercase()
}

/// The font files a font-service stylesheet URL names: one per family and
/// weight in Google-style `family=` parameters, else one.
fn service_files(url: &str) -> Vec<String> {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let base = base.to_ascii_lowercase();
    let mut files = Vec::new();
    for param in query.split('&') {
        let Some(value) = param.strip_prefix("family=") else {
            continue;
        };
        let value = value.replace("%7C", "|").replace("%7c", "|");
        let value = value.replace("%3A", ":").replace("%3a", ":");
        let value = value
            .replace("%40", "@")
            .replace("%3B", ";")
            .replace("%3b", ";");
        for family in value.split('|').filter(|f| !f.is_empty()) {
            let (name, styles) = family.split_once(':').unwrap_or((family, ""));
            let styles: Vec<&str> = match styles.split_once('@') {
                // css2: `ital,wght@0,400;1,700`.
                Some((_, list)) => list.split(';').collect(),
                // css v1: `400,700italic`.
                None => styles.split(',').collect(),
            };
            let styles: Vec<&str> = styles.into_iter().filter(|s| !s.is_empty()).collect();
            if styles.is_empty() {
                files.push(format!("{base}#{name}"));
            } else {
                files.extend(styles.iter().map(|s| format!("{base}#{name}:{s}")));
            }
        }
    }
    if files.is_empty() {
        files.push(base);
    }
    files
}

impl PageCheck for WebFonts {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let mut seen: HashSet<String> = HashSet::new();
        let mut past_limit: Option<NodeId> = None;
        for element in page.html().select(&self.sources) {
            if crate::page::hidden::in_template(element)
            {
                continue;
            }
            for file in self.files_of(element) {
                if seen.insert(file) && seen.len() > self.max && past_limit.is_none() {
                    past_limit = Some(element.id());
                }
            }
        }
        if let Some(at) = past_limit {
            out.emit(
                Hit::element(at)
                    .arg("count", seen.len())
                    .arg("max", self.max),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn google_urls_name_their_files() {
        assert_eq!(
            service_files("https://fonts.googleapis.com/css2?family=Roboto:wght@400;700&family=Lato&display=swap").len(),
            3
        );
        assert_eq!(
            service_files("https://fonts.googleapis.com/css?family=Roboto:400,700|Lato").len(),
            3
        );
        assert_eq!(
            service_files("https://use.typekit.net/abc1234.css").len(),
            1
        );
    }

    #[test]
    fn formats_of_one_face_are_one_file() {
        assert_eq!(file_key("/fonts/a.woff2"), file_key("/fonts/a.woff?v=3"));
        assert_ne!(file_key("/fonts/a.woff2"), file_key("/fonts/b.woff2"));
    }

    #[test]
    fn first_url_strips_quotes() {
        assert_eq!(
            first_url(" font-family: X; src: url('/f/x.woff2') format('woff2'), url(/f/x.woff);")
                .as_deref(),
            Some("/f/x.woff2")
        );
        assert_eq!(first_url("src: local(Arial);"), None);
    }
}
