//! `sentence-length`: flags long sentences in the main prose.
//!
//! ## What it checks
//! Each sentence of scored prose (see `prose`), split the way the readability
//! engine splits it. Over `warning_above` words is a finding at the rule's
//! severity. `error_above` (optional) makes longer sentences errors; the
//! built-in rule leaves it out, so its findings have the severity `rules` and
//! `explain` list. The finding points at the first word of the sentence.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "sentence-length"
//! warning_above = 25   # GOV.UK
//! error_above = 35     # optional
//! ```

use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource, sentence_at};
use crate::error::DataFileError;
use crate::finding::Severity;
use crate::page::Page;
use crate::prose::scored_blocks;
use crate::readability::sentences;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    warning_above: Spanned<usize>,
    error_above: Option<Spanned<usize>>,
}

#[derive(Debug)]
pub(crate) struct SentenceLength {
    warning_above: usize,
    error_above: Option<usize>,
}

impl SentenceLength {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let warn = *p.warning_above.get_ref();
        if warn == 0 {
            return Err(source.error_at(&p.warning_above, "warning_above must be at least 1"));
        }
        if let Some(error) = &p.error_above
            && *error.get_ref() < warn
        {
            return Err(source.error_at(
                error,
                format!(
                    "error_above ({}) must not be below warning_above ({warn})",
                    error.get_ref()
                ),
            ));
        }
        Ok(Self {
            warning_above: warn,
            error_above: p.error_above.map(|e| *e.get_ref()),
        })
    }
}

impl PageCheck for SentenceLength {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for block in scored_blocks(page) {
            for sentence in sentences(&block.text) {
                if sentence.words <= self.warning_above {
                    continue;
                }
                let text = &block.text[sentence.start..sentence.end];
                let at = sentence_at(page, block, sentence.start, text);
                let mut hit = Hit::at(at);
                let mut limit = self.warning_above;
                if let Some(error) = self.error_above.filter(|e| sentence.words > *e) {
                    hit = hit.severity(Severity::Error);
                    limit = error;
                }
                out.emit(
                    hit.arg("words", sentence.words)
                        .arg("limit", limit)
                        .snippet(text),
                );
            }
        }
    }
}
