//! `meta-refresh`: flags a `<meta http-equiv="refresh">` that reloads the page
//! or sends people to another page after a delay.
//!
//! ## What it checks
//! The first `<meta http-equiv="refresh">` whose `content` browsers can read
//! (HTML "shared declarative refresh steps": a whole number of seconds,
//! optionally followed by `;` or `,` and a URL). Browsers ignore the others.
//! It is a finding when the delay is from `min_delay` (default 1) to
//! `max_delay` (default 72000, 20 hours) seconds. A delay of 0 is an instant
//! redirect, which is fine. The finding fills `{delay}` (in seconds),
//! `{wait}` (the delay in words, such as "30 seconds" or "5 minutes") and
//! `{action}` ("reloads itself" or "sends people to another page").
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "meta-refresh"
//! min_delay = 1
//! max_delay = 72000
//! ```
//!
//! ## References
//! WCAG 2.2 SC 2.2.1 (and 2.2.4, 3.2.5 at AAA); ACT rules bc659a and bisz58;
//! failures F40 and F41.

use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::Page;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_min")]
    min_delay: Spanned<u64>,
    #[serde(default = "default_max")]
    max_delay: Spanned<u64>,
}

fn default_min() -> Spanned<u64> {
    Spanned::new(0..0, 1)
}

fn default_max() -> Spanned<u64> {
    Spanned::new(0..0, 72_000)
}

#[derive(Debug)]
pub(crate) struct MetaRefresh {
    min_delay: u64,
    max_delay: u64,
    selector: Selector,
}

impl MetaRefresh {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let (min, max) = (*p.min_delay.get_ref(), *p.max_delay.get_ref());
        if min == 0 {
            return Err(source.error_at(
                &p.min_delay,
                "min_delay must be 1 or more: a delay of 0 is an instant redirect, which is fine",
            ));
        }
        if max < min {
            return Err(source.error_at(
                &p.max_delay,
                format!("max_delay ({max}) must not be below min_delay ({min})"),
            ));
        }
        Ok(Self {
            min_delay: min,
            max_delay: max,
            selector: source.fixed_selector("meta[http-equiv][content]")?,
        })
    }
}

/// A refresh a browser would act on: its delay in seconds and whether it
/// goes to a URL (a redirect) or reloads the page.
#[derive(Debug, PartialEq, Eq)]
struct Refresh {
    delay: u64,
    redirect: bool,
}

fn is_ascii_ws(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0C' | '\r' | ' ')
}

/// Parses a refresh `content` value as browsers do; `None` when they would
/// ignore it.
fn parse(content: &str) -> Option<Refresh> {
    let rest = content.trim_start_matches(is_ascii_ws);
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (digits, rest) = rest.split_at(digits_end);
    if digits.is_empty() && !rest.starts_with('.') {
        return None;
    }
    // Only the whole seconds count; fractions are read and dropped.
    let delay = digits.chars().fold(0u64, |n, c| {
        n.saturating_mul(10)
            .saturating_add(u64::from(c.to_digit(10).unwrap_or(0)))
    });
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let mut rest = rest;
    if let Some(c) = rest.chars().next() {
        if !(c == ';' || c == ',' || is_ascii_ws(c)) {
            return None;
        }
        rest = rest.trim_start_matches(is_ascii_ws);
        if let Some(after) = rest.strip_prefix([';', ',']) {
            rest = after;
        }
        rest = rest.trim_start_matches(is_ascii_ws);
    }
    Some(Refresh {
        delay,
        redirect: !rest.is_empty(),
    })
}

/// "30 seconds", "1 minute", "5 minutes", "2 hours".
fn in_words(seconds: u64) -> String {
    let plural = |n: u64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    if seconds >= 3600 && seconds.is_multiple_of(3600) {
        plural(seconds / 3600, "hour")
    } else if seconds >= 60 && seconds.is_multiple_of(60) {
        plural(seconds / 60, "minute")
    } else {
        plural(seconds, "second")
    }
}

impl PageCheck for MetaRefresh {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let first = page
            .html()
            .select(&self.selector)
            .filter(|m| {
                m.value()
                    .attr("http-equiv")
                    .is_some_and(|h| h.trim().eq_ignore_ascii_case("refresh"))
            })
            .find_map(|m| parse(m.value().attr("content").unwrap_or_default()).map(|r| (m, r)));
        let Some((meta, refresh)) = first else {
            return;
        };
        if !(self.min_delay..=self.max_delay).contains(&refresh.delay) {
            return;
        }
        let action = if refresh.redirect {
            "sends people to another page"
        } else {
            "reloads itself"
        };
        out.emit(
            Hit::element(meta.id())
                .arg("delay", refresh.delay)
                .arg("wait", in_words(refresh.delay))
                .arg("action", action),
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_browsers() {
        let r = |delay, redirect| Some(Refresh { delay, redirect });
        assert_eq!(parse("30"), r(30, false));
        assert_eq!(parse(" 30 "), r(30, false));
        assert_eq!(parse("30; URL='https://example.org'"), r(30, true));
        assert_eq!(parse("5, /next"), r(5, true));
        assert_eq!(parse("5 /next"), r(5, true));
        assert_eq!(parse("0; url=/"), r(0, true));
        assert_eq!(parse("1.9"), r(1, false));
        assert_eq!(parse(".5; /x"), r(0, true));
        assert_eq!(parse("72001; /x"), r(72001, true));
        assert_eq!(parse("99999999999999999999999"), r(u64::MAX, false));
        // ACT bc659a's inapplicable examples: browsers ignore these.
        for bad in [
            "0: http://example.com",
            "-00.12 foo",
            "; 30",
            "",
            "+5; /x",
            "foo; URL='/'",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn delays_in_words() {
        assert_eq!(in_words(1), "1 second");
        assert_eq!(in_words(30), "30 seconds");
        assert_eq!(in_words(60), "1 minute");
        assert_eq!(in_words(300), "5 minutes");
        assert_eq!(in_words(90), "90 seconds");
        assert_eq!(in_words(7200), "2 hours");
    }
}
