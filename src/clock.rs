//! When an audit runs: the one place carelint reads the clock.
//!
//! An audit reads the time once, when it starts, and passes the day on, so
//! every check and every report of one run sees the same day. The
//! reproducible-builds convention `SOURCE_DATE_EPOCH` (seconds since
//! 1970-01-01 UTC) replaces the clock, so two runs over the same pages give
//! byte-identical reports.

use std::time::{SystemTime, UNIX_EPOCH};

/// The environment variable that fixes the time.
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// A calendar date (proleptic Gregorian, UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, such as 2026.
    pub year: i64,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, 1 to 31.
    pub day: u32,
}

impl Date {
    /// `YYYY-MM-DD`.
    #[must_use]
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The time fixed by `SOURCE_DATE_EPOCH`, when it is set to a whole number of
/// seconds. Anything else in it is ignored, as reproducible-builds tools do.
#[must_use]
pub fn fixed() -> Option<i64> {
    std::env::var(SOURCE_DATE_EPOCH)
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
}

/// Seconds since 1970-01-01 UTC: `SOURCE_DATE_EPOCH` when set, else the clock.
#[must_use]
pub fn now() -> i64 {
    fixed().unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    })
}

/// Today's date (UTC): `SOURCE_DATE_EPOCH`'s day when set.
#[must_use]
pub fn today() -> Date {
    date_of(now())
}

/// Whether `s` is a `YYYY-MM-DD` date, as `until` and `expires` dates
/// are written.
#[must_use]
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u8>().unwrap_or(0))
}

/// The date of a time in seconds since 1970-01-01 UTC.
#[must_use]
pub fn date_of(unix: i64) -> Date {
    civil_from_days(unix.div_euclid(86_400))
}

/// A time as RFC 3339 in UTC, to the second: `2026-12-07T17:13:22Z`.
#[must_use]
pub fn timestamp(unix: i64) -> String {
    let secs = unix.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date_of(unix).iso(),
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year,
        month: u32::try_from(month).unwrap_or(1),
        day: u32::try_from(day).unwrap_or(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_timestamps() {
        assert_eq!(date_of(0).iso(), "1970-01-01");
        assert_eq!(date_of(951_782_400).iso(), "2000-02-29");
        assert_eq!(timestamp(1_796_663_602), "2026-12-07T17:13:22Z");
        assert_eq!(date_of(-1).iso(), "1969-12-31");
        assert_eq!(date_of(20_418 * 86_400).iso(), "2025-11-26");
        assert_eq!(timestamp(-1), "1969-12-31T23:59:59Z");
    }
}
