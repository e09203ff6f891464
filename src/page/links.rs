//! The links a page makes to other pages, as written in its source.
//!
//! This is page data, not crawling: hrefs are kept exactly as written (trimmed) and
//! the crawler resolves them against the page's URL and `<base href>`. Keeping them
//! raw means the page model stays free of URLs and of any idea of a site.

use scraper::ElementRef;

use super::Page;

/// Where a link was found, which decides whether the crawler follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `<a href>` or `<area href>`.
    Anchor,
    /// `<link rel="alternate" hreflang>`: the page in another language.
    Alternate,
    /// `<iframe src>`.
    Frame,
    /// `<meta http-equiv="refresh" content="0; url=...">`.
    Refresh,
}

/// One link found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The href as written, whitespace trimmed.
    pub href: String,
    /// What kind of element it came from.
    pub kind: LinkKind,
}

/// The links in a page, and the page's own statements about its address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// The first `<base href>`, which relative links resolve against.
    pub base: Option<String>,
    /// `<link rel="canonical" href>`, recorded for the report.
    pub canonical: Option<String>,
    /// Links in document order.
    pub links: Vec<Link>,
}

fn has_rel(element: ElementRef<'_>, wanted: &str) -> bool {
    element.value().attr("rel").is_some_and(|rel| {
        rel.split_ascii_whitespace()
            .any(|r| r.eq_ignore_ascii_case(wanted))
    })
}

/// The URL in a refresh `content` value such as `0; url=/new-page`.
fn refresh_target(content: &str) -> Option<&str> {
    let (_, rest) = content
        .split_once(';')
        .or_else(|| content.split_once(','))?;
    let rest = rest.trim_start();
    let lower = rest.to_ascii_lowercase();
    let value = if lower.starts_with("url") {
        rest[3..].trim_start().strip_prefix('=')?.trim()
    } else {
        rest.trim()
    };
    let value = value.trim_matches(|c| c == '\'' || c == '"');
    (!value.is_empty()).then_some(value)
}

impl Page {
    /// Every link this page makes, with its base and canonical addresses.
    #[must_use]
    pub fn links(&self) -> PageLinks {
        let mut out = PageLinks::default();
        for element in self.root().descendants().filter_map(ElementRef::wrap) {
            let el = element.value();
            let attr = |name: &str| el.attr(name).map(str::trim).filter(|v| !v.is_empty());
            let (href, kind) = match el.name() {
                "a" | "area" => (attr("href"), LinkKind::Anchor),
                "iframe" => (attr("src"), LinkKind::Frame),
                "link" if has_rel(element, "alternate") && el.attr("hreflang").is_some() => {
                    (attr("href"), LinkKind::Alternate)
                }
                "link" if has_rel(element, "canonical") => {
                    if out.canonical.is_none() {
                        out.canonical = attr("href").map(str::to_owned);
                    }
                    continue;
                }
                "base" => {
                    if out.base.is_none() {
                        out.base = attr("href").map(str::to_owned);
                    }
                    continue;
                }
                "meta"
                    if el
                        .attr("http-equiv")
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case("refresh")) =>
                {
                    (
                        el.attr("content").and_then(refresh_target),
                        LinkKind::Refresh,
                    )
                }
                _ => continue,
            };
            if let Some(href) = href {
                out.links.push(Link {
                    href: href.to_owned(),
                    kind,
                });
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_base_and_canonical_in_order() {
        let page = Page::from_text(
            "t",
            r#"<!doctype html><html><head>
<base href="https://gp.example/site/">
<link rel="canonical" href="https://gp.example/site/contact">
<link rel="alternate" hreflang="pl" href="/pl/kontakt">
<link rel="stylesheet" href="style.css">
<meta http-equiv="Refresh" content="5; URL='moved.html'">
</head><body>
<a href=" contact.html ">Contact</a>
<a>No href</a><a href="">Empty</a>
<map><area href="map.html" alt="Map"></map>
<iframe src="/booking/widget"></iframe>
</body></html>"#,
        )
        .unwrap();
        let links = page.links();
        assert_eq!(links.base.as_deref(), Some("https://gp.example/site/"));
        assert_eq!(
            links.canonical.as_deref(),
            Some("https://gp.example/site/contact")
        );
        let found: Vec<(&str, LinkKind)> = links
            .links
            .iter()
            .map(|l| (l.href.as_str(), l.kind))
            .collect();
        assert_eq!(
            found,
            vec![
                ("/pl/kontakt", LinkKind::Alternate),
                ("moved.html", LinkKind::Refresh),
                ("contact.html", LinkKind::Anchor),
                ("map.html", LinkKind::Anchor),
                ("/booking/widget", LinkKind::Frame),
            ]
        );
    }

    #[test]
    fn refresh_forms() {
        assert_eq!(refresh_target("0;url=/a"), Some("/a"));
        assert_eq!(refresh_target("0; URL = \"/b\""), Some("/b"));
        assert_eq!(refresh_target("3, /c"), Some("/c"));
        assert_eq!(refresh_target("30"), None);
    }
}
