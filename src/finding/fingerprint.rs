//! Stable names for findings: a fingerprint per finding (for baselines, SARIF and
//! GitLab) and an issue id shared by findings that repeat one template problem.
//!
//! A fingerprint must survive edits elsewhere on the page, so it is built from
//! what the finding is about, never from where it is:
//!
//! - the rule id;
//! - the page key with its origin dropped and ids and dates in the path
//!   collapsed (`/news/2025-03-01/clinic-4411` → `/news/{date}/clinic-{id}`), so
//!   `localhost:8080` and the live site, or two news posts from one template,
//!   share keys;
//! - the element's selector without positions (`main > p:nth-of-type(4)` →
//!   `main > p`), so a new paragraph above does not renumber everything;
//! - a short hash of the snippet (the markup or words at fault), whitespace
//!   collapsed;
//! - and, only when all of that is the same for several findings on one page,
//!   their order among themselves.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use super::Finding;

/// Hex of the first `bytes` bytes of SHA-256 over the parts, each ended by a
/// NUL so that ("ab", "c") and ("a", "bc") differ.
fn hash(parts: &[&str], bytes: usize) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .take(bytes)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether a path segment part is an id: all digits (2 or more), a UUID, or a
/// long hex string.
fn is_id(s: &str) -> bool {
    let digits = s.len() >= 2 && s.bytes().all(|b| b.is_ascii_digit());
    let hexish = s.len() >= 12
        && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
        && s.bytes().any(|b| b.is_ascii_digit());
    digits || hexish
}

/// Whether `s` starts with a date `yyyy-mm-dd`, `yyyy/mm/dd` or `yyyymmdd`;
/// returns its length.
fn date_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let year = (0..4).all(digit) && matches!(b.first(), Some(b'1' | b'2'));
    if !year {
        return None;
    }
    if matches!(b.get(4), Some(b'-' | b'/' | b'_'))
        && digit(5)
        && digit(6)
        && b.get(7) == b.get(4)
        && digit(8)
        && digit(9)
        && !digit(10)
    {
        return Some(10);
    }
    ((4..8).all(digit) && !digit(8)).then_some(8)
}

/// The page part of a fingerprint: no scheme or host, fragment dropped, and
/// ids and dates in the path replaced by `{id}` and `{date}`.
#[must_use]
pub fn page_key(page: &str) -> String {
    let without_origin = match page.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => page,
    };
    let path = without_origin.split('#').next().unwrap_or_default();
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(n) = date_len(rest) {
            out.push_str("{date}");
            rest = &rest[n..];
            continue;
        }
        // The next word: letters and digits up to a separator.
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if end == 0 {
            let c = rest.chars().next().map_or(1, char::len_utf8);
            out.push_str(&rest[..c]);
            rest = &rest[c..];
            continue;
        }
        let word = &rest[..end];
        // A UUID runs over dashes: take the whole dashed run when it is one.
        let dashed_end = rest
            .find(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
            .unwrap_or(rest.len());
        if dashed_end > end && is_id(&rest[..dashed_end]) && rest[..dashed_end].contains('-') {
            out.push_str("{id}");
            rest = &rest[dashed_end..];
        } else if is_id(word) {
            out.push_str("{id}");
            rest = &rest[end..];
        } else {
            out.push_str(word);
            rest = &rest[end..];
        }
    }
    out
}

/// The selector without positions: `:nth-of-type(3)` and `:nth-child(2)` go.
#[must_use]
pub fn element_key(selector: &str) -> String {
    let mut out = String::with_capacity(selector.len());
    let mut rest = selector;
    while let Some(i) = rest.find(":nth-") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find(')').map_or("", |j| &rest[i + j + 1..]);
    }
    out.push_str(rest);
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fingerprint of one finding before ties are broken: rule, page key,
/// element key and snippet hash.
#[must_use]
pub fn base(f: &Finding) -> String {
    let page = page_key(&f.page);
    let element = element_key(f.selector.as_deref().unwrap_or_default());
    let snippet = collapse(f.snippet.as_deref().unwrap_or_default());
    let content = hash(&[&snippet], 4);
    hash(&[&f.rule, &page, &element, &content], 8)
}

/// Sets every finding's `fingerprint` and `issue_id`.
///
/// Findings must be in report order (by page and position): the order breaks
/// ties between otherwise identical findings.
pub fn assign(findings: &mut [Finding]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for f in findings.iter_mut() {
        let snippet = collapse(f.snippet.as_deref().unwrap_or_default());
        let base = base(f);
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        f.fingerprint = Some(if *n == 1 {
            base
        } else {
            hash(&[&base, &n.to_string()], 8)
        });
        // One template problem: the same rule at the same element with the same
        // markup, whatever the page. Site findings are their own issue.
        f.issue_id = Some(match &f.selector {
            Some(selector) => hash(&[&f.rule, selector, &snippet], 6),
            None => hash(&[&f.rule, &f.page], 6),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_keys_drop_the_origin_and_collapse_ids_and_dates() {
        assert_eq!(page_key("https://gp.example/contact"), "/contact");
        assert_eq!(page_key("http://127.0.0.1:8765/contact#map"), "/contact");
        assert_eq!(page_key("https://gp.example"), "/");
        assert_eq!(
            page_key("https://gp.example/news/2025-03-01/flu-clinic-4411"),
            "/news/{date}/flu-clinic-{id}"
        );
        assert_eq!(
            page_key("/forms/9f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b/start"),
            "/forms/{id}/start"
        );
        assert_eq!(
            page_key("/blog/20240115/post?id=778"),
            "/blog/{date}/post?id={id}"
        );
        assert_eq!(
            page_key("site/conditions/high-blood-pressure.html"),
            "site/conditions/high-blood-pressure.html"
        );
        // Numbers of two or more digits count as ids; single digits (steps) stay.
        assert_eq!(page_key("/nhs-111"), "/nhs-{id}");
        assert_eq!(page_key("/step-2"), "/step-2");
    }

    #[test]
    fn element_keys_drop_positions() {
        assert_eq!(
            element_key("main#main > p:nth-of-type(4) > a:nth-child(2)"),
            "main#main > p > a"
        );
        assert_eq!(element_key("html"), "html");
    }
}
