//! Crawler traps: calendars, faceted search and self-extending links that would
//! otherwise make URLs without end.

use std::collections::{HashMap, HashSet};

use ::url::Url;

use super::url::site_path;

/// Guards against crawler traps: calendars and faceted search that make endless new
/// URLs.
///
/// A URL is refused when, in this order:
/// - the whole URL is longer than `max_url_len` bytes ([`Trap::LongPath`]);
/// - its path has more than `max_segments` non-empty segments ([`Trap::DeepPath`]);
/// - a non-empty path segment occurs 3 or more times ([`Trap::RepeatingSegments`]),
///   which also catches a run of segments repeated in a row (`/a/b/a/b/a/b`);
/// - it has a query, and `max_query_variants` different queries have already been
///   admitted for the same host, port and path ([`Trap::QueryVariants`]). Paths
///   are compared ignoring the scheme and trailing slashes, as
///   [`dedup_key`](super::url::dedup_key) does.
///
/// The defaults are 25 query variants, 500 bytes and 15 segments.
#[derive(Debug)]
pub struct TrapGuard {
    max_query_variants: usize,
    max_url_len: usize,
    max_segments: usize,
    /// Admitted query strings per host\[:port\] + path. Each set stops growing at
    /// `max_query_variants`, so memory is bounded per path.
    queries: HashMap<String, HashSet<String>>,
}

/// Why [`TrapGuard::admit`] refused a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trap {
    /// Too many different query strings on one path.
    QueryVariants,
    /// The whole URL is too long.
    LongPath,
    /// Too many path segments.
    DeepPath,
    /// A path segment repeats.
    RepeatingSegments,
}

impl Trap {
    /// The trap in plain English, for the crawl log and report.
    pub fn describe(self) -> &'static str {
        match self {
            Trap::QueryVariants => {
                "the same path with too many different query strings (a calendar or search page?)"
            }
            Trap::LongPath => "a very long URL (a link that grows each time it is followed?)",
            Trap::DeepPath => "a path with too many folders (links that nest ever deeper?)",
            Trap::RepeatingSegments => {
                "the same folder repeated in the path (a relative link that loops?)"
            }
        }
    }
}

/// How many times one path segment may occur before the path counts as a loop.
const MAX_SEGMENT_REPEATS: usize = 2;

impl Default for TrapGuard {
    fn default() -> TrapGuard {
        TrapGuard::new(25, 500, 15)
    }
}

impl TrapGuard {
    /// A guard with these limits (see [`TrapGuard`]).
    pub fn new(max_query_variants: usize, max_url_len: usize, max_segments: usize) -> TrapGuard {
        TrapGuard {
            max_query_variants,
            max_url_len,
            max_segments,
            queries: HashMap::new(),
        }
    }

    /// Call once per new (already de-duplicated) URL before queueing it. Counts
    /// distinct query strings per (host, path); the first `max_query_variants` pass,
    /// later ones are Err(QueryVariants). URLs without a query never count. A query
    /// already admitted passes again, and a URL refused for another trap does not
    /// use up a query variant.
    ///
    /// # Errors
    ///
    /// The first [`Trap`] the URL falls into (see [`TrapGuard`] for the order).
    pub fn admit(&mut self, url: &Url) -> Result<(), Trap> {
        if url.as_str().len() > self.max_url_len {
            return Err(Trap::LongPath);
        }
        let segments: Vec<&str> = url.path().split('/').filter(|s| !s.is_empty()).collect();
        if segments.len() > self.max_segments {
            return Err(Trap::DeepPath);
        }
        // Counting occurrences anywhere also covers repeated runs: in /a/b/a/b/a/b
        // both `a` and `b` occur three times. Paths are short, so quadratic is fine.
        if segments
            .iter()
            .any(|seg| segments.iter().filter(|other| *other == seg).count() > MAX_SEGMENT_REPEATS)
        {
            return Err(Trap::RepeatingSegments);
        }
        if let Some(query) = url.query().filter(|q| !q.is_empty()) {
            let seen = self.queries.entry(site_path(url)).or_default();
            if !seen.contains(query) {
                if seen.len() >= self.max_query_variants {
                    return Err(Trap::QueryVariants);
                }
                seen.insert(query.to_string());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn trap_guard_limits_query_variants_per_path() {
        let mut guard = TrapGuard::default();
        for month in 1..=25 {
            let url = u(&format!("https://gp.example/events?month={month}"));
            assert_eq!(guard.admit(&url), Ok(()), "month {month}");
        }
        assert_eq!(
            guard.admit(&u("https://gp.example/events?month=26")),
            Err(Trap::QueryVariants)
        );
        // The same path with a trailing slash or another scheme is the same page.
        assert_eq!(
            guard.admit(&u("http://gp.example/events/?month=27")),
            Err(Trap::QueryVariants)
        );
        // An already admitted query passes again; other paths are unaffected.
        assert_eq!(guard.admit(&u("https://gp.example/events?month=3")), Ok(()));
        assert_eq!(guard.admit(&u("https://gp.example/about?x=1")), Ok(()));
        assert_eq!(
            guard.admit(&u("https://other.example/events?month=26")),
            Ok(())
        );
        // URLs without a query never count.
        assert_eq!(guard.admit(&u("https://gp.example/events")), Ok(()));
    }

    #[test]
    fn trap_guard_catches_repeating_segments() {
        let mut guard = TrapGuard::default();
        assert_eq!(
            guard.admit(&u("https://gp.example/a/b/a/b/a/b/")),
            Err(Trap::RepeatingSegments)
        );
        assert_eq!(
            guard.admit(&u("https://gp.example/services/x/y/services/z/services")),
            Err(Trap::RepeatingSegments)
        );
        assert_eq!(
            guard.admit(&u("https://gp.example/news/2026/news/flu")),
            Ok(())
        );
        // Empty segments (`//`) are not counted.
        assert_eq!(guard.admit(&u("https://gp.example/a////b")), Ok(()));
    }

    #[test]
    fn trap_guard_catches_long_and_deep_urls() {
        let mut guard = TrapGuard::default();
        let long = format!("https://gp.example/{}", "x".repeat(600 - 19));
        assert_eq!(long.len(), 600);
        assert_eq!(guard.admit(&u(&long)), Err(Trap::LongPath));
        let just_fits = format!("https://gp.example/{}", "x".repeat(500 - 19));
        assert_eq!(guard.admit(&u(&just_fits)), Ok(()));

        let deep: String = (1..=16).map(|i| format!("/s{i}")).collect();
        assert_eq!(
            guard.admit(&u(&format!("https://gp.example{deep}"))),
            Err(Trap::DeepPath)
        );
        let fifteen: String = (1..=15).map(|i| format!("/s{i}")).collect();
        assert_eq!(
            guard.admit(&u(&format!("https://gp.example{fifteen}/"))),
            Ok(())
        );
    }

    #[test]
    fn trap_guard_other_traps_do_not_use_up_query_variants() {
        let mut guard = TrapGuard::new(1, 500, 15);
        let deep: String = (1..=16).map(|_| "/s").collect();
        assert_eq!(
            guard.admit(&u(&format!("https://gp.example{deep}?a=1"))),
            Err(Trap::DeepPath)
        );
        assert_eq!(guard.admit(&u("https://gp.example/search?q=a")), Ok(()));
        assert_eq!(
            guard.admit(&u("https://gp.example/search?q=b")),
            Err(Trap::QueryVariants)
        );
    }

    #[test]
    fn trap_descriptions_are_plain_english() {
        for trap in [
            Trap::QueryVariants,
            Trap::LongPath,
            Trap::DeepPath,
            Trap::RepeatingSegments,
        ] {
            let text = trap.describe();
            assert!(!text.is_empty() && text.is_ascii(), "{trap:?}");
        }
        assert_eq!(
            Trap::QueryVariants.describe(),
            "the same path with too many different query strings (a calendar or search page?)"
        );
    }
}
