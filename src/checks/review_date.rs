//! `review-date`: on a page of a certain kind, flags a review date that is
//! too old, or no review date at all.
//!
//! ## What it checks
//! Only pages whose `<title>` or first `<h1>` matches one of `page`
//! (case-insensitive regular expressions) are checked. In each visible block
//! of text, a phrase matching one of `cue` (such as "last reviewed") followed,
//! within `window` characters, by a date in a UK format: `12 March 2025`,
//! `12th March 2025`, `12/03/2025` (day first), `2025-03-12` or `March 2025`
//! (read as the last day of the month). The newest such date counts. When it
//! is more than `max_age_months` months before today, the finding points at
//! its cue, and `{age}` is `old_text` with `{date}` (as written) and `{months}`
//! (its age in whole months) filled in. A date in the future is not out of
//! date. With no dated cue at all, one finding at the `<h1>` with severity
//! `no_date_severity` and `{age}` set to `no_date_text`.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "review-date"
//! page = ['accessibility statement']
//! cue = ['last reviewed', 'prepared', 'last updated']
//! max_age_months = 12
//! old_text = "was last reviewed {date}, which is {months} months ago"
//! no_date_text = "does not say when it was last reviewed"
//! ```

use std::sync::LazyLock;

use regex::Regex;
use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::required_contents::{heading_matches, regexes};
use super::{Emitter, Hit, PageCheck, Pattern, RuleSource, sentence_at};
use crate::clock::Date;
use crate::error::DataFileError;
use crate::finding::Severity;
use crate::page::Page;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    page: Vec<Spanned<String>>,
    cue: Vec<Spanned<String>>,
    #[serde(default = "twelve")]
    max_age_months: u32,
    #[serde(default = "eighty")]
    window: usize,
    #[serde(default = "info")]
    no_date_severity: Severity,
    old_text: String,
    no_date_text: String,
}

fn twelve() -> u32 {
    12
}

fn eighty() -> usize {
    80
}

fn info() -> Severity {
    Severity::Info
}

#[derive(Debug)]
pub(crate) struct ReviewDate {
    page: Vec<Pattern>,
    cue: Vec<Pattern>,
    max_age_months: u32,
    window: usize,
    no_date_severity: Severity,
    old_text: String,
    no_date_text: String,
    h1: Selector,
}

impl ReviewDate {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            page: regexes(source, &p.page)?,
            cue: regexes(source, &p.cue)?,
            max_age_months: p.max_age_months,
            window: p.window,
            no_date_severity: p.no_date_severity,
            old_text: p.old_text,
            no_date_text: p.no_date_text,
            h1: source.fixed_selector("h1")?,
        })
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

static DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>[a-z]{3,9})\.?,?\s+(?P<y1>\d{4})\b
        | \b(?P<d2>\d{1,2})[/.\-](?P<m2>\d{1,2})[/.\-](?P<y2>\d{4})\b
        | \b(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})\b
        | \b(?P<m4>[a-z]{3,9})\s+(?P<y4>\d{4})\b",
    )
    .ok()
});

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    let prefix = lower.get(..3)?;
    let i = MONTHS.iter().position(|m| *m == prefix)?;
    // The whole word must be the month's name or its abbreviation ("Sept" too).
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][i];
    (full.starts_with(&lower) || lower == "sept").then_some(u32::try_from(i + 1).ok()?)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn make(year: &str, month: u32, day: Option<&str>) -> Option<Date> {
    let year: i64 = year.parse().ok()?;
    if !(1..=12).contains(&month) || !(1990..=2200).contains(&year) {
        return None;
    }
    let day = match day {
        Some(d) => d.parse().ok()?,
        None => days_in_month(year, month),
    };
    (1..=days_in_month(year, month))
        .contains(&day)
        .then_some(Date { year, month, day })
}

/// The first UK-format date in `text`: (date, byte range).
pub(crate) fn first_date(text: &str) -> Option<(Date, std::ops::Range<usize>)> {
    let re = DATE.as_ref()?;
    for c in re.captures_iter(text) {
        let whole = c.get(0)?;
        let date = if let (Some(d), Some(m), Some(y)) = (c.name("d1"), c.name("m1"), c.name("y1")) {
            month_number(m.as_str()).and_then(|m| make(y.as_str(), m, Some(d.as_str())))
        } else if let (Some(d), Some(m), Some(y)) = (c.name("d2"), c.name("m2"), c.name("y2")) {
            m.as_str()
                .parse()
                .ok()
                .and_then(|m| make(y.as_str(), m, Some(d.as_str())))
        } else if let (Some(d), Some(m), Some(y)) = (c.name("d3"), c.name("m3"), c.name("y3")) {
            m.as_str()
                .parse()
                .ok()
                .and_then(|m| make(y.as_str(), m, Some(d.as_str())))
        } else if let (Some(m), Some(y)) = (c.name("m4"), c.name("y4")) {
            month_number(m.as_str()).and_then(|m| make(y.as_str(), m, None))
        } else {
            None
        };
        if let Some(date) = date {
            return Some((date, whole.range()));
        }
    }
    None
}

/// Whole months from `then` to `today` (0 when `then` is not earlier).
pub(crate) fn months_between(then: Date, today: Date) -> i64 {
    let mut months = (today.year - then.year) * 12 + i64::from(today.month) - i64::from(then.month);
    if today.day < then.day {
        months -= 1;
    }
    months.max(0)
}

impl ReviewDate {
    /// Checks the page as if today were `today`.
    fn check_on(&self, page: &Page, today: Date, out: &mut Emitter<'_>) {
        let Some(h1) = heading_matches(page, &self.h1, &self.page) else {
            return;
        };
        // (date, block index, cue start, date as written)
        let mut newest: Option<(Date, usize, usize, String)> = None;
        for (i, block) in page.blocks().iter().enumerate() {
            if block.hidden {
                continue;
            }
            let text = &block.text;
            for cue in &self.cue {
                for m in cue.find_iter(text) {
                    let mut end = (m.end() + self.window).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    let Some((date, range)) = first_date(&text[m.end()..end]) else {
                        continue;
                    };
                    let written = text[m.end() + range.start..m.end() + range.end].to_owned();
                    if newest.as_ref().is_none_or(|(d, ..)| date > *d) {
                        newest = Some((date, i, m.start(), written));
                    }
                }
            }
        }
        match newest {
            None => out.emit(
                Hit::element(h1)
                    .arg("age", &self.no_date_text)
                    .severity(self.no_date_severity),
            ),
            Some((date, i, start, written)) => {
                let months = months_between(date, today);
                if months > i64::from(self.max_age_months) {
                    let block = &page.blocks()[i];
                    out.emit(
                        Hit::at(sentence_at(page, block, start, &block.text[start..])).arg(
                            "age",
                            self.old_text
                                .replace("{date}", &written)
                                .replace("{months}", &months.to_string()),
                        ),
                    );
                }
            }
        }
    }
}

impl PageCheck for ReviewDate {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        self.check_on(page, out.today(), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i64, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn parses_uk_formats() {
        assert_eq!(
            first_date("on 12 March 2025.").map(|x| x.0),
            Some(d(2025, 3, 12))
        );
        assert_eq!(
            first_date("on 1st Sept 2024").map(|x| x.0),
            Some(d(2024, 9, 1))
        );
        assert_eq!(
            first_date("on 12/03/2025").map(|x| x.0),
            Some(d(2025, 3, 12))
        );
        assert_eq!(
            first_date("on 2025-03-12").map(|x| x.0),
            Some(d(2025, 3, 12))
        );
        assert_eq!(
            first_date("in March 2025").map(|x| x.0),
            Some(d(2025, 3, 31))
        );
        assert_eq!(first_date("in Feb 2024").map(|x| x.0), Some(d(2024, 2, 29)));
        assert_eq!(first_date("31/02/2025"), None);
        assert_eq!(first_date("page 2 of 2025 items"), None);
    }

    #[test]
    fn counts_whole_months() {
        assert_eq!(months_between(d(2025, 3, 12), d(2026, 3, 12)), 12);
        assert_eq!(months_between(d(2025, 3, 12), d(2026, 3, 11)), 11);
        assert_eq!(months_between(d(2025, 3, 12), d(2026, 3, 13)), 12);
        assert_eq!(months_between(d(2025, 3, 12), d(2026, 4, 12)), 13);
        assert_eq!(months_between(d(2099, 1, 1), d(2026, 4, 12)), 0);
    }
}
