//! `reading-level`: flags a page whose main prose is too hard to read.
//!
//! ## What it checks
//! The Flesch-Kincaid grade of the page's scored prose (see `prose`), once the
//! page has at least `min_words` words. Above `warning_above` is a warning, above
//! `error_above` an error. UK reading age is the grade plus 5. The finding points
//! at `<main>` (or `<body>`) and quotes the longest sentence.

use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::finding::Severity;
use crate::page::Page;
use crate::prose::{page_scores, scored_blocks};
use crate::readability::sentences;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[allow(dead_code)]
    kind: String,
    #[serde(default = "default_min_words")]
    min_words: usize,
    warning_above: Spanned<f64>,
    error_above: Spanned<f64>,
}

fn default_min_words() -> usize {
    crate::prose::MIN_WORDS
}

#[derive(Debug)]
pub(crate) struct ReadingLevel {
    min_words: usize,
    warning_above: f64,
    error_above: f64,
}

impl ReadingLevel {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let (warn, error) = (*p.warning_above.get_ref(), *p.error_above.get_ref());
        if !(0.0..=20.0).contains(&warn) {
            return Err(source.error_at(
                &p.warning_above,
                format!("warning_above must be a grade from 0 to 20, not {warn}"),
            ));
        }
        if !(0.0..=20.0).contains(&error) || error < warn {
            return Err(source.error_at(
                &p.error_above,
                format!("error_above must be a grade from 0 to 20 and not below warning_above ({warn}), not {error}"),
            ));
        }
        Ok(Self {
            min_words: p.min_words,
            warning_above: warn,
            error_above: error,
        })
    }
}

impl PageCheck for ReadingLevel {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let Some(scores) = page_scores(page, self.min_words) else {
            return;
        };
        // Compare the grade as it is shown (one decimal), so a page never reads
        // "grade 6.0, aim for 6 or lower" as a failure.
        let grade = (scores.flesch_kincaid_grade * 10.0).round() / 10.0;
        let severity = if grade > self.error_above {
            Severity::Error
        } else if grade > self.warning_above {
            Severity::Warning
        } else {
            return;
        };
        let longest = scored_blocks(page)
            .flat_map(|b| {
                sentences(&b.text)
                    .into_iter()
                    .map(move |s| (s.words, &b.text[s.start..s.end]))
            })
            .max_by_key(|(words, _)| *words)
            .map(|(_, text)| text.to_owned())
            .unwrap_or_default();
        let at = page
            .main_element()
            .or_else(|| page.body())
            .map_or_else(|| page.root().id(), |e| e.id());
        #[allow(clippy::cast_possible_truncation)] // grades are small
        let target_age = (self.warning_above + 5.0).round() as i64;
        out.emit(
            Hit::element(at)
                .severity(severity)
                .arg("grade", format!("{grade:.1}"))
                .arg("age", scores.reading_age)
                .arg("target_age", target_age)
                .arg("target_grade", format!("{:.1}", self.warning_above))
                .arg("words", scores.words)
                .arg("longest", &longest)
                .snippet(longest),
        );
    }
}
