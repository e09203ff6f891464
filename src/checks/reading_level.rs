//! `reading-level`: flags a page whose main prose is too hard to read.
//!
//! ## What it checks
//! The Flesch-Kincaid grade of the page's scored prose (see `prose`), once the
//! page has at least `min_words` words. A page whose reading age (grade plus 5,
//! rounded, as the message says it) is above the target's (`warning_above` plus
//! 5) gets a finding at the rule's severity: "about 11" against a target of 11
//! is on target, not over it. A SMOG grade above `smog_warning_above`
//! (optional) is a finding too, since SMOG is the measure the NHS used for
//! health text; with the Flesch-Kincaid age on target it is `review`, as the
//! two formulas disagree and a person should judge. `error_above` (optional) makes harder pages errors; the
//! built-in rule leaves it out, so its findings have the severity `rules` and
//! `explain` list.
//!
//! The finding points at the hardest part of the page (the `h2`/`h3` part with
//! the highest grade among parts of at least 100 words, else `<main>`), and
//! quotes that part's longest sentence and its most used long words, so the
//! writer knows where to start.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "reading-level"
//! min_words = 100
//! warning_above = 6.0
//! smog_warning_above = 9.0
//! ```

use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::finding::{Confidence, Severity};
use crate::page::{Block, BlockKind, Page};
use crate::prose::{page_scores, scored_blocks, sections};
use crate::readability::{long_words, score_blocks, sentences};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_min_words")]
    min_words: usize,
    warning_above: Spanned<f64>,
    error_above: Option<Spanned<f64>>,
    smog_warning_above: Option<Spanned<f64>>,
}

/// Parts shorter than this are not named as the hardest: a short part can
/// score anything.
const MIN_PART_WORDS: usize = crate::prose::MIN_WORDS;

fn default_min_words() -> usize {
    crate::prose::MIN_WORDS
}

#[derive(Debug)]
pub(crate) struct ReadingLevel {
    min_words: usize,
    warning_above: f64,
    error_above: Option<f64>,
    smog_warning_above: Option<f64>,
}

impl ReadingLevel {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let warn = *p.warning_above.get_ref();
        if !(0.0..=20.0).contains(&warn) {
            return Err(source.error_at(
                &p.warning_above,
                format!("warning_above must be a grade from 0 to 20, not {warn}"),
            ));
        }
        if let Some(e) = &p.error_above {
            let error = *e.get_ref();
            if !(0.0..=20.0).contains(&error) || error < warn {
                return Err(source.error_at(
                    e,
                    format!("error_above must be a grade from 0 to 20 and not below warning_above ({warn}), not {error}"),
                ));
            }
        }
        let smog = match &p.smog_warning_above {
            Some(s) if !(0.0..=25.0).contains(s.get_ref()) => {
                return Err(source.error_at(
                    s,
                    format!(
                        "smog_warning_above must be a grade from 0 to 25, not {}",
                        s.get_ref()
                    ),
                ));
            }
            Some(s) => Some(*s.get_ref()),
            None => None,
        };
        Ok(Self {
            min_words: p.min_words,
            warning_above: warn,
            error_above: p.error_above.map(|e| *e.get_ref()),
            smog_warning_above: smog,
        })
    }
}

impl PageCheck for ReadingLevel {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let Some(scores) = page_scores(page, self.min_words) else {
            return;
        };
        // Compare grades as they are shown (one decimal), so a page never reads
        // "grade 6.0, aim for 6 or lower" as a failure.
        let grade = (scores.flesch_kincaid_grade * 10.0).round() / 10.0;
        let smog = (scores.smog * 10.0).round() / 10.0;
        let smog_high = self.smog_warning_above.is_some_and(|limit| smog > limit);
        #[allow(clippy::cast_possible_truncation)] // grades are small
        let target_age = (self.warning_above + 5.0).round() as i32;
        // The message says "a reading age of about N": N at the target is on
        // target, whatever the decimals behind it.
        let fk_high = scores.reading_age > target_age;
        if !fk_high && !smog_high {
            return;
        }
        let error = self.error_above.is_some_and(|limit| grade > limit);
        // The hardest part: the highest grade among parts long enough to judge.
        let parts = sections(page);
        let hardest = parts
            .iter()
            .filter_map(|part| {
                let s = score_blocks(part.iter().map(|b| b.text.as_str()))?;
                (s.words >= MIN_PART_WORDS).then_some((s.flesch_kincaid_grade, part))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, part)| part.as_slice());
        let blocks: Vec<&Block> = match hardest {
            Some(part) => part.to_vec(),
            None => scored_blocks(page).collect(),
        };
        let longest = blocks
            .iter()
            .flat_map(|b| {
                sentences(&b.text)
                    .into_iter()
                    .map(move |s| (s.words, &b.text[s.start..s.end]))
            })
            .max_by_key(|(words, _)| *words)
            .map(|(_, text)| text.to_owned())
            .unwrap_or_default();
        let long = long_words(blocks.iter().map(|b| b.text.as_str()), 5)
            .into_iter()
            .map(|(w, _)| w)
            .collect::<Vec<_>>()
            .join(", ");
        let (at, part_name) = match hardest.and_then(|p| p.first()) {
            Some(first) if matches!(first.kind, BlockKind::Heading(2 | 3)) && parts.len() > 1 => {
                (first.element, format!("the part headed \"{}\"", first.text))
            }
            _ => (
                page.main_element()
                    .or_else(|| page.body())
                    .map_or_else(|| page.root().id(), |e| e.id()),
                "the main text".to_owned(),
            ),
        };
        let reason = if fk_high {
            format!(
                "Flesch-Kincaid grade {grade:.1} is above the target of {:.1} (reading age {target_age})",
                self.warning_above
            )
        } else {
            format!(
                "its SMOG grade {smog:.1} is above {:.1}, the level the NHS asked writers to look at again",
                self.smog_warning_above.unwrap_or_default()
            )
        };
        // Flagged by SMOG alone, the age quoted is SMOG's, so the message does
        // not say "about 11" against a target of 11. When the two formulas
        // disagree, a person should judge the page: SMOG counts long words
        // only, and names of conditions and services are long words.
        #[allow(clippy::cast_possible_truncation)] // grades are small
        let age = if fk_high {
            scores.reading_age
        } else {
            (smog + 5.0).round() as i32
        };
        let mut hit = Hit::element(at);
        if error {
            hit = hit.severity(Severity::Error);
        }
        if !fk_high {
            hit = hit.confidence(Confidence::Review);
        }
        out.emit(
            hit.arg("grade", format!("{grade:.1}"))
                .arg("smog", format!("{smog:.1}"))
                .arg("age", age)
                .arg("target_age", target_age)
                .arg("target_grade", format!("{:.1}", self.warning_above))
                .arg("words", scores.words)
                .arg("part", &part_name)
                .arg("reason", reason)
                .arg(
                    "long_words",
                    if long.is_empty() {
                        "none".to_owned()
                    } else {
                        long
                    },
                )
                .arg("longest", &longest)
                .snippet(longest),
        );
    }
}
