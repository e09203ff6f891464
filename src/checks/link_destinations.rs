//! `link-destinations`: flags links with the same name that go to different
//! places.
//!
//! ## What it checks
//! Visible links (`selector`, by default `a[href]` and `area[href]` without
//! another role, and `role="link"`) are grouped by their accessible name,
//! ignoring case, punctuation and spacing. A group whose links go to two or
//! more different destinations gets one finding, at the first link that goes
//! somewhere other than the first one. `{found}` is the name, `{count}` the
//! number of destinations, `{first}` and `{other}` the two hrefs as written.
//!
//! ## Destinations
//! Differences that do not change where a link goes are ignored: the
//! fragment (`#section`), a trailing slash, a final `index.html`,
//! `http` against `https`, `www.`, and how a telephone number is written
//! (`tel:+44 121…` is `tel:0121…`). Links to a part of the same page (`#main`)
//! all go to "this page". When the page was fetched from the web, hrefs are
//! resolved against its address (and `<base href>`). For a page read from a
//! file its address is not known, so relative and root-relative paths are
//! compared without their leading `./`, `../` or `/`, and a path matches an
//! absolute URL with the same path on any site. That errs towards "the same
//! place": this check must not cry wolf. `href="#"` and `javascript:` links
//! go nowhere and are left to other rules.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "link-destinations"
//! ```

use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::Selector;
use url::Url;

use super::link_text::{LINKS, normalise};
use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::{Page, is_hidden};

#[derive(Debug)]
pub(crate) struct LinkDestinations {
    selector: Selector,
}

impl LinkDestinations {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let selector = source.only_selector(LINKS)?;
        Ok(Self { selector })
    }
}

/// Where a link goes, normalised for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Destination {
    /// A web page: its host when known (lower case, no `www.`), and its path
    /// and query without leading or trailing slashes or a final `index.html`.
    Web { host: Option<String>, path: String },
    /// This same page (a fragment-only link).
    ThisPage,
    /// Anything else (`mailto:`, `tel:`, `sms:`, a file scheme...), normalised.
    Other(String),
}

impl Destination {
    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Web { host: h1, path: p1 }, Self::Web { host: h2, path: p2 }) => {
                p1 == p2 && (h1.is_none() || h2.is_none() || h1 == h2)
            }
            _ => self == other,
        }
    }
}

/// A path (with its query) cut down to what tells pages apart.
fn tidy_path(path: &str) -> String {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let mut path = path;
    loop {
        let before = path.len();
        path = path.trim_start_matches("./");
        path = path.trim_start_matches("../");
        path = path.trim_start_matches('/');
        if path.len() == before {
            break;
        }
    }
    let mut path = path.trim_end_matches('/');
    for index in ["index.html", "index.htm", "index.php", "default.aspx"] {
        if path == index {
            path = "";
        } else if let Some(dir) = path.strip_suffix(index).and_then(|p| p.strip_suffix('/')) {
            path = dir;
        }
    }
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

fn web(url: &Url) -> Destination {
    let host = url
        .host_str()
        .map(|h| h.trim_start_matches("www.").to_ascii_lowercase());
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    Destination::Web {
        host,
        path: tidy_path(&path),
    }
}

/// A non-web URL: telephone numbers by their digits (+44 as 0), email
/// addresses in lower case without `?subject=`.
fn other(href: &str) -> Destination {
    let (scheme, rest) = href.split_once(':').unwrap_or((href, ""));
    let scheme = scheme.to_ascii_lowercase();
    let rest = match scheme.as_str() {
        "tel" | "sms" => {
            let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
            match digits.strip_prefix("44") {
                Some(national) if rest.trim_start().starts_with('+') => format!("0{national}"),
                _ => digits,
            }
        }
        "mailto" => rest
            .split('?')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase(),
        _ => rest.to_owned(),
    };
    Destination::Other(format!("{scheme}:{rest}"))
}

fn has_scheme(href: &str) -> bool {
    let mut chars = href.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && href.split_once(':').is_some_and(|(scheme, _)| {
            scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        })
}

/// Where `href` goes, or `None` when it goes nowhere (`#`, `javascript:`, empty).
fn destination(href: &str, base: Option<&Url>) -> Option<Destination> {
    let href = href.trim();
    if href.is_empty() || href == "#" || href.to_ascii_lowercase().starts_with("javascript:") {
        return None;
    }
    if href.starts_with('#') {
        return Some(Destination::ThisPage);
    }
    let without_fragment = href.split('#').next().unwrap_or_default();
    if let Some(base) = base {
        let url = base.join(without_fragment).ok()?;
        return Some(match url.scheme() {
            "http" | "https" => web(&url),
            _ => other(url.as_str()),
        });
    }
    if has_scheme(without_fragment) {
        let scheme = without_fragment
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if scheme == "http" || scheme == "https" {
            return Url::parse(without_fragment).ok().map(|u| web(&u));
        }
        return Some(other(without_fragment));
    }
    if let Some(rest) = without_fragment.strip_prefix("//") {
        return Url::parse(&format!("https://{rest}")).ok().map(|u| web(&u));
    }
    Some(Destination::Web {
        host: None,
        path: tidy_path(without_fragment),
    })
}

/// The address relative links on this page resolve against, when the page
/// came from the web.
fn page_base(page: &Page) -> Option<Url> {
    let address = Url::parse(page.key()).ok()?;
    if !matches!(address.scheme(), "http" | "https") {
        return None;
    }
    match page.links().base {
        Some(base) => address.join(&base).ok().or(Some(address)),
        None => Some(address),
    }
}

struct Named {
    element: NodeId,
    href: String,
    destination: Destination,
}

impl PageCheck for LinkDestinations {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let base = page_base(page);
        let mut order: Vec<String> = Vec::new();
        let mut groups: HashMap<String, (String, Vec<Named>)> = HashMap::new();
        for link in page.html().select(&self.selector) {
            let Some(href) = link.value().attr("href") else {
                continue;
            };
            if is_hidden(link) {
                continue;
            }
            let Some(destination) = destination(href, base.as_ref()) else {
                continue;
            };
            let name = page.accessible_name(link).text;
            let key = normalise(&name);
            if key.is_empty() {
                continue;
            }
            let entry = groups.entry(key.clone()).or_insert_with(|| {
                order.push(key);
                (name, Vec::new())
            });
            entry.1.push(Named {
                element: link.id(),
                href: href.trim().to_owned(),
                destination,
            });
        }
        for key in order {
            let Some((name, links)) = groups.get(&key) else {
                continue;
            };
            let Some(first) = links.first() else {
                continue;
            };
            let Some(differs) = links
                .iter()
                .find(|l| !l.destination.same(&first.destination))
            else {
                continue;
            };
            let mut distinct: Vec<&Destination> = Vec::new();
            for link in links {
                if !distinct.iter().any(|d| d.same(&link.destination)) {
                    distinct.push(&link.destination);
                }
            }
            out.emit(
                Hit::element(differs.element)
                    .arg("found", name)
                    .arg("count", distinct.len())
                    .arg("first", &first.href)
                    .arg("other", &differs.href),
            );
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str, base: Option<&str>) -> bool {
        let base = base.map(|b| Url::parse(b).unwrap());
        let a = destination(a, base.as_ref()).unwrap();
        let b = destination(b, base.as_ref()).unwrap();
        a.same(&b)
    }

    #[test]
    fn differences_that_go_to_the_same_place() {
        for (a, b) in [
            ("contact.html", "contact.html#feedback"),
            ("/contact/", "/contact"),
            ("../contact.html", "/contact.html"),
            ("./", "/index.html"),
            (
                "https://www.nhs.uk/conditions/flu/",
                "http://nhs.uk/conditions/flu",
            ),
            ("https://www.nhs.uk/nhs-app/", "/nhs-app"),
            ("tel:+441214960470", "tel:0121 496 0470"),
            (
                "mailto:Reception@Palfrey.example",
                "mailto:reception@palfrey.example?subject=Hi",
            ),
            ("#main", "#top"),
        ] {
            assert!(same(a, b, None), "{a} and {b}");
        }
        assert!(same(
            "contact.html",
            "https://gp.example/site/contact.html",
            Some("https://gp.example/site/index.html")
        ));
    }

    #[test]
    fn different_places() {
        for (a, b) in [
            ("contact.html", "register.html"),
            ("/leaflets/flu.pdf", "/leaflets/covid.pdf"),
            ("https://www.nhs.uk/a", "https://111.nhs.uk/a"),
            ("search?q=flu", "search?q=covid"),
            ("tel:01214960470", "tel:01214960471"),
            ("contact.html", "#main"),
        ] {
            assert!(!same(a, b, None), "{a} and {b}");
        }
        assert!(!same(
            "/contact.html",
            "https://other.example/contact.html",
            Some("https://gp.example/index.html")
        ));
    }

    #[test]
    fn nowhere_is_not_a_destination() {
        for href in ["", "#", " javascript:void(0)", "JavaScript:openMenu()"] {
            assert_eq!(destination(href, None), None, "{href}");
        }
    }
}
