//! robots.txt, read with a real parser (`texting_robots`) and the RFC 9309 rules
//! for when the file cannot be read: a missing file (4xx) allows everything; a
//! server error or no answer means "do not crawl", because the site may be telling
//! crawlers to stay away and could not say so.

use std::time::Duration;

use texting_robots::Robot;

use super::fetch::ROBOTS_AGENT;

/// Longest Crawl-delay honoured; a larger one is capped (and said so in the report)
/// rather than stalling the audit for minutes per page.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(30);

/// What one host's robots.txt allows.
#[derive(Debug)]
pub enum Robots {
    /// No robots.txt (4xx), or `--ignore-robots`.
    AllowAll,
    /// robots.txt answered with a server error (5xx): nothing may be fetched.
    Unavailable(String),
    /// The host could not be reached at all (DNS, refused, TLS, timeout): pages on
    /// it fail with this reason rather than being skipped.
    Unreachable(String),
    /// The parsed rules for carelint.
    Rules(Box<Robot>),
}

impl Robots {
    /// Parses a robots.txt body. A body the parser rejects allows everything, as
    /// Google does: an unreadable file says nothing.
    #[must_use]
    pub fn parse(body: &[u8]) -> Self {
        Robot::new(ROBOTS_AGENT, body).map_or(Self::AllowAll, |r| Self::Rules(Box::new(r)))
    }

    /// Whether carelint may fetch this URL.
    #[must_use]
    pub fn allowed(&self, url: &url::Url) -> bool {
        match self {
            Self::AllowAll => true,
            Self::Unavailable(_) | Self::Unreachable(_) => false,
            Self::Rules(robot) => robot.allowed(url.as_str()),
        }
    }

    /// The Crawl-delay for carelint, capped at [`MAX_CRAWL_DELAY`].
    #[must_use]
    pub fn delay(&self) -> Option<Duration> {
        let Self::Rules(robot) = self else {
            return None;
        };
        let secs = robot.delay.filter(|d| d.is_finite() && *d > 0.0)?;
        Some(Duration::from_secs_f32(secs).min(MAX_CRAWL_DELAY))
    }

    /// `Sitemap:` lines.
    #[must_use]
    pub fn sitemaps(&self) -> &[String] {
        match self {
            Self::Rules(robot) => &robot.sitemaps,
            _ => &[],
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn url(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    #[test]
    fn rules_for_carelint_and_for_everyone() {
        let robots = Robots::parse(
            b"User-agent: *\nDisallow: /admin/\nCrawl-delay: 2\n\n\
              User-agent: carelint\nDisallow: /private/\nCrawl-delay: 120\n\n\
              Sitemap: https://gp.example/sitemap.xml\n",
        );
        assert!(!robots.allowed(&url("https://gp.example/private/notes")));
        // The group for carelint replaces the `*` group.
        assert!(robots.allowed(&url("https://gp.example/admin/")));
        assert_eq!(robots.delay(), Some(MAX_CRAWL_DELAY));
        assert_eq!(robots.sitemaps(), ["https://gp.example/sitemap.xml"]);
    }

    #[test]
    fn unavailable_blocks_everything() {
        let robots = Robots::Unavailable("HTTP 503".into());
        assert!(!robots.allowed(&url("https://gp.example/")));
        assert!(Robots::AllowAll.allowed(&url("https://gp.example/")));
    }
}
