//! Linked style sheets, as the page names them: which sheets a page links or
//! imports, and how a sheet's own `@import`s are folded into its text.
//!
//! The page model never reads a file or the network. The input side asks
//! [`stylesheet_refs`] what to load, loads it (same-site only, size-capped),
//! folds each sheet's imports in with [`inline_imports`], and hands the texts
//! to the page ([`Page::set_linked_styles`]); the cascade then reads them in
//! document order, between the page's `<style>` elements.

use std::sync::LazyLock;

use scraper::{ElementRef, Selector};

use super::css::{self, MediaFit};
use crate::page::Page;

/// `<link>` elements with a `rel`, and `<style>` elements, in document order:
/// the order their rules cascade in.
pub(super) static LINKS_AND_STYLES: LazyLock<Selector> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Selector::parse("link[rel], style").expect("static selector is valid")
});

/// Hosts of web font services, whose style sheets only declare `@font-face`
/// rules and font families: a sheet from one cannot change a colour, so it
/// leaves no doubt about the page's colours even though it is not read.
const FONT_SERVICES: &[&str] = &[
    "fonts.googleapis.com",
    "fonts.bunny.net",
    "use.typekit.net",
    "p.typekit.net",
    "fast.fonts.net",
    "cloud.typography.com",
    "use.fontawesome.com",
];

/// How a `<link>` element loads a style sheet, if it does, and the media its
/// `media` attribute gives.
pub(super) fn linked_sheet(link: ElementRef<'_>) -> Option<(&str, MediaFit)> {
    let el = link.value();
    let rel = el.attr("rel").unwrap_or_default().to_ascii_lowercase();
    let rel: Vec<&str> = rel.split_whitespace().collect();
    // A preload `as=style` is nearly always the loadCSS pattern, which turns
    // into a style sheet when it has loaded.
    let stylesheet = (rel.contains(&"stylesheet") && !rel.contains(&"alternate"))
        || (rel.contains(&"preload")
            && el
                .attr("as")
                .is_some_and(|a| a.eq_ignore_ascii_case("style")));
    if !stylesheet || crate::page::hidden::in_template(link) {
        return None;
    }
    let href = el.attr("href")?.trim();
    let fit = el.attr("media").map_or(MediaFit::Always, css::media_fit);
    (!href.is_empty() && fit != MediaFit::Never).then_some((href, fit))
}

/// Whether an unread sheet at `href` could set colours: not when it comes
/// from a web font service.
pub(super) fn may_set_colours(href: &str) -> bool {
    let lower = href.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https:")
        .or_else(|| lower.strip_prefix("http:"))
        .unwrap_or(&lower);
    let Some(rest) = rest.strip_prefix("//") else {
        return true;
    };
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or_default();
    !FONT_SERVICES.contains(&host)
}

/// Whether a `<style>` element's text is CSS a browser applies.
pub(super) fn applied_style(style: ElementRef<'_>) -> Option<MediaFit> {
    let css_type = style
        .value()
        .attr("type")
        .is_none_or(|t| t.trim().is_empty() || t.trim().eq_ignore_ascii_case("text/css"));
    let fit = style
        .value()
        .attr("media")
        .map_or(MediaFit::Always, css::media_fit);
    (css_type && fit != MediaFit::Never && !crate::page::hidden::in_template(style)).then_some(fit)
}

/// The style sheets a page loads, as written in its source, in document
/// order, each once: `<link rel=stylesheet>` hrefs (and `preload as=style`),
/// then the `@import`s of its `<style>` elements. Print-only sheets are left
/// out. The input side loads these and gives them back with
/// [`Page::set_linked_styles`].
#[must_use]
pub(crate) fn stylesheet_refs(page: &Page) -> Vec<String> {
    let mut refs: Vec<String> = Vec::new();
    let mut add = |href: &str| {
        if !refs.iter().any(|r| r == href) {
            refs.push(href.to_owned());
        }
    };
    for el in page.html().select(&LINKS_AND_STYLES) {
        if el.value().name() == "link" {
            if let Some((href, _)) = linked_sheet(el) {
                add(href);
            }
        } else if applied_style(el).is_some() {
            let text: String = el.text().collect();
            for import in imports(&css::strip_comments(&text)) {
                if import.fit.is_some_and(|f| f != MediaFit::Never) {
                    add(&import.url);
                }
            }
        }
    }
    refs
}

/// One `@import` statement at the top of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Import {
    /// The byte range of the whole statement, `;` included.
    pub(crate) range: std::ops::Range<usize>,
    /// The URL as written.
    pub(crate) url: String,
    /// The media it applies to; `None` for a `layer()` or `supports()`
    /// import, which is not folded in.
    pub(crate) fit: Option<MediaFit>,
    /// The media query list as written (empty for all media).
    pub(crate) media: String,
}

/// The `@import` statements of a sheet whose comments are already stripped.
/// Imports must come before every other rule (after `@charset` and `@layer`
/// statements), so reading stops at the first block.
#[must_use]
pub(crate) fn imports(css: &str) -> Vec<Import> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < css.len() {
        let rest = &css[at..];
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ';');
        at += rest.len() - trimmed.len();
        let Some(end) = css::find_top_level(css, at, &['{', ';', '}']) else {
            // The last statement may lack its `;`.
            if let Some(import) = import_statement(&css[at..]) {
                out.push(Import {
                    range: at..css.len(),
                    ..import
                });
            }
            break;
        };
        if !css[end..].starts_with(';') {
            break;
        }
        if let Some(import) = import_statement(&css[at..end]) {
            out.push(Import {
                range: at..end + 1,
                ..import
            });
        }
        at = end + 1;
    }
    out
}

/// Reads `@import url("a.css") screen` (without its `;`).
pub(super) fn import_statement(statement: &str) -> Option<Import> {
    let statement = statement.trim();
    let head = statement.get(..7)?;
    if !head.eq_ignore_ascii_case("@import") {
        return None;
    }
    let rest = statement[7..].trim_start();
    let (url, after) = if rest
        .get(..4)
        .is_some_and(|h| h.eq_ignore_ascii_case("url("))
    {
        let close = rest.find(')')?;
        (unquote(&rest[4..close]), &rest[close + 1..])
    } else {
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let close = rest[1..].find(quote)? + 1;
        (&rest[1..close], &rest[close + 1..])
    };
    let media = after.trim();
    let lower = media.to_ascii_lowercase();
    let fit = (!lower.starts_with("layer") && !lower.starts_with("supports("))
        .then(|| css::media_fit(media));
    let url = url.trim();
    (!url.is_empty()).then(|| Import {
        range: 0..0,
        url: url.to_owned(),
        fit,
        media: media.to_owned(),
    })
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(s)
}

/// Folds a sheet's `@import`s into its text, in their place (so their rules
/// come first, as in a browser): `load` gives an imported sheet's text
/// (already folded) or `None`. An import for some media only becomes an
/// `@media` block; a print-only import is dropped; one that cannot be loaded,
/// or that names a layer or a `supports()` condition, stays as written, so
/// the cascade still knows a sheet it has not read may apply.
#[must_use]
pub(crate) fn inline_imports(css: &str, load: &mut dyn FnMut(&str) -> Option<String>) -> String {
    let found = imports(css);
    if found.is_empty() {
        return css.to_owned();
    }
    let mut out = String::with_capacity(css.len());
    let mut from = 0;
    for import in found {
        out.push_str(&css[from..import.range.start]);
        from = import.range.end;
        let statement = &css[import.range.clone()];
        match import.fit {
            Some(MediaFit::Never) => {}
            Some(fit) => match load(&import.url) {
                Some(text) if fit == MediaFit::Always => {
                    out.push_str(&text);
                    out.push('\n');
                }
                Some(text) => {
                    out.push_str(&format!("@media {} {{\n{text}\n}}\n", import.media));
                }
                None => out.push_str(statement),
            },
            None => out.push_str(statement),
        }
    }
    out.push_str(&css[from..]);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn imports_are_read_from_the_top_of_a_sheet() {
        let css = "@charset \"utf-8\";\n@import url(\"base.css\");\n@import 'print.css' print;\n\
                   @import url(wide.css) screen and (min-width: 40em);\n@import url(l.css) layer(x);\n\
                   body { color: red }\n@import url(late.css);";
        let found = imports(css);
        let urls: Vec<&str> = found.iter().map(|i| i.url.as_str()).collect();
        assert_eq!(urls, ["base.css", "print.css", "wide.css", "l.css"]);
        assert_eq!(found[0].fit, Some(MediaFit::Always));
        assert_eq!(found[1].fit, Some(MediaFit::Never));
        assert_eq!(found[2].fit, Some(MediaFit::Sometimes));
        assert_eq!(found[3].fit, None);
        assert_eq!(&css[found[0].range.clone()], "@import url(\"base.css\");");
        // Not an import, and no panic on a character cut in two.
        assert!(imports("@import aaaé;").is_empty());
        assert!(imports("@importé").is_empty());
    }

    #[test]
    fn imports_fold_in_where_they_stand() {
        let css = "@import url(a.css);\n@import url(b.css) (min-width: 40em);\n@import url(gone.css);\n@import 'p.css' print;\np { color: #333 }";
        let mut load = |url: &str| match url {
            "a.css" => Some("h1 { color: navy }".to_owned()),
            "b.css" => Some("h2 { color: teal }".to_owned()),
            _ => None,
        };
        let out = inline_imports(css, &mut load);
        assert!(out.starts_with("h1 { color: navy }"), "{out}");
        assert!(out.contains("@media (min-width: 40em) {\nh2 { color: teal }\n}"));
        assert!(
            out.contains("@import url(gone.css);"),
            "unloaded imports stay"
        );
        assert!(!out.contains("p.css"), "print imports go");
        assert!(out.ends_with("p { color: #333 }"));
    }

    #[test]
    fn font_services_set_no_colours() {
        assert!(!may_set_colours(
            "https://fonts.googleapis.com/css?family=Frutiger"
        ));
        assert!(!may_set_colours("//use.typekit.net/abc.css"));
        assert!(may_set_colours("https://assets.nhs.uk/nhsuk.css"));
        assert!(may_set_colours("/css/site.css"));
    }

    /// Random sheet openings never panic in the import reader or folder.
    #[test]
    fn random_imports_never_panic() {
        const PIECES: &[&str] = &[
            "@import",
            " ",
            "url(",
            ")",
            "\"",
            "'",
            ";",
            "a.css",
            "screen",
            "layer(x)",
            "{",
            "}",
            "é",
            "@charset",
            "supports(",
            "(min-width: 40em)",
            "\n",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut css = String::new();
            for _ in 0..(seed % 14) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                css.push_str(PIECES[usize::try_from(seed % PIECES.len() as u64).unwrap_or(0)]);
            }
            let _ = inline_imports(&css, &mut |_| Some("p { color: red }".to_owned()));
            seed = seed.wrapping_add(1);
        }
    }
}
