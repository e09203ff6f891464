//! `repeated-attribute`: flags a start tag that gives one attribute twice.
//!
//! ## What it checks
//! Every element whose start tag repeats an attribute name (`alt="" alt="Logo"`,
//! `role="button" role="link"`). Browsers keep the first value and drop the
//! rest, so whatever the author meant by the second one never reaches anyone:
//! a screen reader reads an image as decorative, a field loses its label, a
//! state is not set. The DOM cannot show this; the page model reads it from the
//! source (see `Page::repeated_attributes`). Text inside `<script>` is not
//! markup and is never read as tags.
//!
//! `{tag}` is the element name, `{names}` the repeated attribute names (`alt`,
//! or `x1 and y1`).
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "repeated-attribute"
//! ```

use scraper::ElementRef;
use serde::Deserialize;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::Page;
use crate::wording::and_list;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
}

#[derive(Debug)]
pub(crate) struct RepeatedAttribute;

impl RepeatedAttribute {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let _: Params = source.params()?;
        Ok(Self)
    }
}

impl PageCheck for RepeatedAttribute {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for (node, names) in page.repeated_attributes() {
            let Some(element) = page.html().tree.get(*node).and_then(ElementRef::wrap) else {
                continue;
            };
            out.emit(
                Hit::element(*node)
                    .arg("tag", element.value().name())
                    .arg("names", and_list(names)),
            );
        }
    }
}
