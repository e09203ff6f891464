//! `dense-numbers`: flags a sentence that packs in several statistics.
//!
//! ## What it checks
//! Each sentence of the page's scored prose (see `prose`) with `min_numbers` or
//! more statistical numbers: percentages ("45%", "45 per cent"), ratios ("1 in
//! 20", "3 out of 10", "1:1000") and decimals ("2.5", "0.3"). Times ("9.30am",
//! "10:15"), money ("£9.90"), phone numbers, dates and plain counts ("3 tablets")
//! are not statistics and do not count.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "dense-numbers"
//! min_numbers = 3
//! ```

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource, sentence_at};
use crate::error::DataFileError;
use crate::page::Page;
use crate::prose::scored_blocks;
use crate::readability::sentences;

/// Percentages, then ratios, then decimals: the alternation takes the longest
/// reading first, so "12.5%" is one percentage, not a decimal too.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(
        r"(?ix)
        (?P<money>[£$€]\s?\d[\d,]*(?:\.\d+)?)
      | (?P<percent>\b\d+(?:\.\d+)?\s?(?:%|per\s?cent\b))
      | (?P<ratio>\b\d[\d,]*\s+(?:in|out\s+of)\s+\d[\d,]*\b)
      | (?P<colon>\b\d+:\d+\b(?:\s?[ap]\.?m\b)?)
      | (?P<decimal>\b\d+\.\d+\b(?:\s?[ap]\.?m\b)?)",
    )
    .expect("static regex is valid")
});

/// Whether `h:mm` / `h.mm` text (with any am/pm) is a clock time.
fn is_time(text: &str) -> bool {
    let lower = text.to_ascii_lowercase().replace('.', ":");
    if lower.ends_with("am")
        || lower.ends_with("pm")
        || lower.ends_with("a:m")
        || lower.ends_with("p:m")
    {
        return true;
    }
    let Some((h, mm)) = lower.split_once(':') else {
        return false;
    };
    mm.len() == 2
        && h.parse::<u32>().is_ok_and(|h| h <= 24)
        && mm.parse::<u32>().is_ok_and(|m| m < 60)
}

/// The statistical numbers in a sentence.
fn statistics(sentence: &str) -> usize {
    NUMBER
        .captures_iter(sentence)
        .filter(|c| {
            if c.name("money").is_some() {
                return false;
            }
            if let Some(m) = c.name("colon").or_else(|| c.name("decimal")) {
                // A ratio such as 1:1000 counts; a time such as 10:15 does not.
                return !is_time(m.as_str());
            }
            true
        })
        .count()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    min_numbers: Spanned<usize>,
}

#[derive(Debug)]
pub(crate) struct DenseNumbers {
    min_numbers: usize,
}

impl DenseNumbers {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let min = *p.min_numbers.get_ref();
        if !(2..=20).contains(&min) {
            return Err(source.error_at(
                &p.min_numbers,
                format!("min_numbers must be from 2 to 20, not {min}"),
            ));
        }
        Ok(Self { min_numbers: min })
    }
}

impl PageCheck for DenseNumbers {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for block in scored_blocks(page) {
            for sentence in sentences(&block.text) {
                let text = &block.text[sentence.start..sentence.end];
                let count = statistics(text);
                if count < self.min_numbers {
                    continue;
                }
                out.emit(
                    Hit::at(sentence_at(page, block, sentence.start, text))
                        .arg("count", count)
                        .snippet(text),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_statistics_not_times_money_or_counts() {
        assert_eq!(
            statistics("About 45% of people, or 9 in 20, have it, and 12.5 per cent need tablets."),
            3
        );
        assert_eq!(
            statistics(
                "We are open 8.30am to 6.30pm and 10:15 to 12:00; a prescription costs £9.90."
            ),
            0
        );
        assert_eq!(statistics("Take 2 tablets 3 times a day for 5 days."), 0);
        assert_eq!(statistics("The risk is 1:1000, or 0.1%."), 2);
    }
}
