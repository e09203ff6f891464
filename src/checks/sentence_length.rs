//! `sentence-length`: flags long sentences in the main prose.
//!
//! ## What it checks
//! Each sentence of scored prose (see `prose`), split the way the readability
//! engine splits it. Over `warning_above` words is a warning, over `error_above`
//! an error. The finding points at the first word of the sentence.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "sentence-length"
//! warning_above = 25   # GOV.UK
//! error_above = 30     # NICE
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
    #[allow(dead_code)]
    kind: String,
    warning_above: Spanned<usize>,
    error_above: Spanned<usize>,
}

#[derive(Debug)]
pub(crate) struct SentenceLength {
    warning_above: usize,
    error_above: usize,
}

impl SentenceLength {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let (warn, error) = (*p.warning_above.get_ref(), *p.error_above.get_ref());
        if warn == 0 {
            return Err(source.error_at(&p.warning_above, "warning_above must be at least 1"));
        }
        if error < warn {
            return Err(source.error_at(
                &p.error_above,
                format!("error_above ({error}) must not be below warning_above ({warn})"),
            ));
        }
        Ok(Self {
            warning_above: warn,
            error_above: error,
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
                let (severity, limit) = if sentence.words > self.error_above {
                    (Severity::Error, self.error_above)
                } else {
                    (Severity::Warning, self.warning_above)
                };
                let text = &block.text[sentence.start..sentence.end];
                let at = sentence_at(page, block, sentence.start, text);
                out.emit(
                    Hit::at(at)
                        .severity(severity)
                        .arg("words", sentence.words)
                        .arg("limit", limit)
                        .snippet(text),
                );
            }
        }
    }
}
