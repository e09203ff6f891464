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
    /// Whether it looks like the way to the accessibility statement ("accessib"
    /// in its text or address): the crawler fetches that page even beyond its
    /// page limit, since the statement checks need it.
    pub statement: bool,
}

/// What a page loads without anyone clicking, by what it costs to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResourceKind {
    /// A stylesheet (`link rel=stylesheet`, `preload as=style`).
    Style,
    /// A script (`script src`, `modulepreload`, `preload as=script`).
    Script,
    /// An image (`img src`, `input type=image`, `video poster`, `preload as=image`).
    Image,
    /// A web font (`preload as=font`).
    Font,
    /// Video or audio that starts by itself (`autoplay`).
    Media,
}

/// One file a page loads, as written in its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The URL as written, whitespace trimmed.
    pub href: String,
    /// What it is.
    pub kind: ResourceKind,
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
    /// Files the page loads as it opens (styles, scripts, images, fonts,
    /// autoplaying media), in document order, each href once. `data:` URLs are
    /// left out: their bytes are already in the HTML.
    pub resources: Vec<Resource>,
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

/// The files an element makes the browser download as the page opens.
fn resources_of<'a>(element: ElementRef<'a>) -> Vec<(&'a str, ResourceKind)> {
    fn nonempty(value: Option<&str>) -> Option<&str> {
        value.map(str::trim).filter(|v| !v.is_empty())
    }
    let el = element.value();
    let attr = |name: &str| nonempty(el.attr(name));
    let mut found = Vec::new();
    let mut add =
        |value: Option<&'a str>, kind: ResourceKind| found.extend(value.map(|v| (v, kind)));
    match el.name() {
        "link" if has_rel(element, "stylesheet") => add(attr("href"), ResourceKind::Style),
        "link" if has_rel(element, "modulepreload") => add(attr("href"), ResourceKind::Script),
        "link" if has_rel(element, "preload") => {
            let kind = match el.attr("as").map(str::trim) {
                Some(a) if a.eq_ignore_ascii_case("style") => Some(ResourceKind::Style),
                Some(a) if a.eq_ignore_ascii_case("script") => Some(ResourceKind::Script),
                Some(a) if a.eq_ignore_ascii_case("image") => Some(ResourceKind::Image),
                Some(a) if a.eq_ignore_ascii_case("font") => Some(ResourceKind::Font),
                _ => None,
            };
            if let Some(kind) = kind {
                add(attr("href"), kind);
            }
        }
        "script" => add(attr("src"), ResourceKind::Script),
        "img" => add(attr("src"), ResourceKind::Image),
        "input"
            if el
                .attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("image")) =>
        {
            add(attr("src"), ResourceKind::Image);
        }
        "video" | "audio" => {
            add(attr("poster"), ResourceKind::Image);
            // Without autoplay a browser fetches little more than the
            // headers until someone presses play.
            if el.attr("autoplay").is_some() {
                add(attr("src"), ResourceKind::Media);
                if let Some(source) = element
                    .children()
                    .filter_map(ElementRef::wrap)
                    .find(|c| c.value().name() == "source")
                {
                    add(nonempty(source.value().attr("src")), ResourceKind::Media);
                }
            }
        }
        _ => {}
    }
    found
}

impl Page {
    /// The first `<base href>`, as [`PageLinks::base`] has it, without
    /// walking every link.
    #[must_use]
    pub fn base_href(&self) -> Option<&str> {
        self.root()
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "base")
            .find_map(|e| {
                e.value()
                    .attr("href")
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
            })
    }

    /// Every link this page makes, with its base and canonical addresses.
    #[must_use]
    pub fn links(&self) -> PageLinks {
        let mut out = PageLinks::default();
        let mut seen_resources = std::collections::HashSet::new();
        for element in self.root().descendants().filter_map(ElementRef::wrap) {
            let el = element.value();
            for (href, kind) in resources_of(element) {
                let is_data = href
                    .get(..5)
                    .is_some_and(|p| p.eq_ignore_ascii_case("data:"));
                if !is_data && seen_resources.insert(href) {
                    out.resources.push(Resource {
                        href: href.to_owned(),
                        kind,
                    });
                }
            }
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
                let mentions = |s: &str| s.to_ascii_lowercase().contains("accessib");
                let statement = kind == LinkKind::Anchor
                    && (mentions(href) || mentions(&element.text().collect::<String>()));
                out.links.push(Link {
                    href: href.to_owned(),
                    kind,
                    statement,
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
        assert_eq!(page.base_href(), links.base.as_deref());
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
    fn resources_the_page_loads_as_it_opens() {
        let page = Page::from_text(
            "t",
            r#"<!doctype html><html><head>
<link rel="stylesheet" href="/css/main.css">
<link rel="preload" as="font" href="/fonts/frutiger.woff2" crossorigin>
<link rel="preload" href="/no-as.bin">
<link rel="modulepreload" href="/js/app.mjs">
<script src="/js/app.js"></script><script>inline()</script>
</head><body>
<img src="/img/hero.jpg" alt=""><img src="/img/hero.jpg" alt="">
<img src="data:image/png;base64,AAAA" alt="">
<video poster="/img/poster.jpg" src="/video/tour.mp4"></video>
<video autoplay muted><source src="/video/loop.mp4" type="video/mp4"></video>
<input type="image" src="/img/go.png" alt="Search">
</body></html>"#,
        )
        .unwrap();
        let links = page.links();
        let found: Vec<(&str, ResourceKind)> = links
            .resources
            .iter()
            .map(|r| (r.href.as_str(), r.kind))
            .collect();
        assert_eq!(
            found,
            vec![
                ("/css/main.css", ResourceKind::Style),
                ("/fonts/frutiger.woff2", ResourceKind::Font),
                ("/js/app.mjs", ResourceKind::Script),
                ("/js/app.js", ResourceKind::Script),
                ("/img/hero.jpg", ResourceKind::Image),
                ("/img/poster.jpg", ResourceKind::Image),
                ("/video/loop.mp4", ResourceKind::Media),
                ("/img/go.png", ResourceKind::Image),
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
