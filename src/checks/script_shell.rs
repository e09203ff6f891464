//! `script-shell`: flags a page that is an empty shell filled in by
//! JavaScript, which carelint cannot check.
//!
//! ## What it checks
//! carelint reads pages as the server sends them. A page is a shell when all
//! of these are true:
//! - its visible text (outside `head`, scripts, styles, `noscript` and
//!   templates) has fewer than `max_words` words;
//! - and either it has an element matching `roots`, where an app is mounted
//!   (`#root`, `#app`, `#__next`...), and a script that runs: a `<script>`
//!   with a `src` or with code, and a `type` that is JavaScript (none, a
//!   JavaScript MIME type, or `module`); data blocks such as
//!   `application/ld+json` do not count;
//! - or it has a `<noscript>` that says the page needs JavaScript ("You need
//!   to enable JavaScript to run this app"). The page itself says it is
//!   empty without scripts, so this holds with any mount point or none, and
//!   even when the script tags were stripped from the saved copy.
//!
//! The finding is at the first root element, or else at the `<noscript>`. `{words}` is the number of words
//! found.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "script-shell"
//! roots = "#root, #app, #__next, [data-reactroot]"
//! max_words = 20
//! ```

use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::Page;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    roots: Spanned<String>,
    #[serde(default = "twenty")]
    max_words: usize,
}

fn twenty() -> usize {
    20
}

#[derive(Debug)]
pub(crate) struct ScriptShell {
    roots: Selector,
    scripts: Selector,
    noscripts: Selector,
    max_words: usize,
}

impl ScriptShell {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        Ok(Self {
            roots: source.selector(&p.roots)?,
            scripts: source.fixed_selector("script")?,
            noscripts: source.fixed_selector("noscript")?,
            max_words: p.max_words,
        })
    }
}

/// Whether a `<script>` runs code (rather than holding data or a template).
fn runs(script: ElementRef<'_>) -> bool {
    let el = script.value();
    let kind = el
        .attr("type")
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let javascript = kind.is_empty()
        || kind == "module"
        || matches!(
            kind.split(';').next().map(str::trim),
            Some(
                "text/javascript"
                    | "application/javascript"
                    | "application/ecmascript"
                    | "text/ecmascript"
                    | "text/jsx"
                    | "text/babel"
            )
        );
    javascript
        && (el.attr("src").is_some_and(|s| !s.trim().is_empty())
            || script.text().any(|t| !t.trim().is_empty()))
}

/// Whether a `<noscript>` message says the page needs JavaScript: it names
/// JavaScript (or "scripts") and asks for it to be on ("enable", "turn on",
/// "requires", "need"...). A `<noscript>` holding only a tracking pixel says
/// nothing of the kind.
fn says_javascript_is_needed(text: &str) -> bool {
    let text = text.to_lowercase();
    let names = text.contains("javascript") || text.contains("scripts");
    let asks = [
        "enable",
        "turn on",
        "switch on",
        "allow",
        "require",
        "need",
        "must",
        "without",
        "support",
    ]
    .iter()
    .any(|w| text.contains(w));
    names && asks
}

impl PageCheck for ScriptShell {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let words: usize = page
            .blocks()
            .iter()
            .filter(|b| !b.hidden)
            .map(|b| b.text.split_whitespace().count())
            .sum();
        if words >= self.max_words {
            return;
        }
        let root = page.html().select(&self.roots).next();
        if let Some(root) = root
            && page.html().select(&self.scripts).any(runs)
        {
            out.emit(Hit::element(root.id()).arg("words", words));
            return;
        }
        if let Some(notice) = page
            .html()
            .select(&self.noscripts)
            .find(|n| says_javascript_is_needed(&n.text().collect::<String>()))
        {
            out.emit(Hit::element(root.map_or(notice.id(), |r| r.id())).arg("words", words));
        }
    }
}
