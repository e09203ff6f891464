//! Regular expressions from rule parameters, compiled when a page first needs
//! them.
//!
//! Compiling the patterns of every rule took most of carelint's start-up
//! (issue 19): `carelint rules` needs none of them, and a page without prose
//! needs few. So a rule from the embedded catalogue keeps each pattern as text
//! and compiles it on first use. That cannot fail at run time: a unit test in
//! `catalogue` loads every embedded rule with its patterns compiled at once.
//! Patterns a user gives in `carelint.toml` are compiled when the config is
//! read (see [`super::RuleSource::lazy`]), so a bad one is an error pointing
//! at its line before any page is read, never a failure later.

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

/// A regular expression, compiled now or on first use. It dereferences to
/// the compiled [`Regex`], so it matches like one.
pub(crate) struct Pattern {
    source: String,
    case_insensitive: bool,
    compiled: OnceLock<Regex>,
}

impl Pattern {
    /// Compiles `source` now.
    pub(crate) fn eager(source: String, case_insensitive: bool) -> Result<Self, regex::Error> {
        let compiled = compile(&source, case_insensitive)?;
        Ok(Self {
            source,
            case_insensitive,
            compiled: OnceLock::from(compiled),
        })
    }

    /// Keeps `source` to compile on first use. Only for patterns known to
    /// compile: the embedded rules' (checked by a test) and our own.
    pub(crate) fn lazy(source: String, case_insensitive: bool) -> Self {
        Self {
            source,
            case_insensitive,
            compiled: OnceLock::new(),
        }
    }

    /// The compiled expression.
    pub(crate) fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // Only `lazy` patterns get here, and those compile: the embedded
            // rules' are compiled by the `every_embedded_pattern_compiles`
            // test, and a user's are compiled by `eager` when loaded.
            compile(&self.source, self.case_insensitive)
                .expect("embedded rule patterns are checked by a test")
        })
    }
}

fn compile(source: &str, case_insensitive: bool) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source)
        .case_insensitive(case_insensitive)
        .build()
}

impl Deref for Pattern {
    type Target = Regex;
    fn deref(&self) -> &Regex {
        self.regex()
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The text, not the compiled form: printing a rule must not compile it.
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lazy_and_eager_match_alike() {
        let lazy = Pattern::lazy("^make an appointment$".to_owned(), true);
        let eager = Pattern::eager("^make an appointment$".to_owned(), true);
        assert!(matches!(eager, Ok(ref e) if e.is_match("Make an Appointment")));
        assert!(lazy.is_match("Make an Appointment"));
        assert!(!Pattern::lazy("^a$".to_owned(), false).is_match("A"));
    }

    #[test]
    fn eager_reports_a_bad_pattern() {
        assert!(Pattern::eager("(unclosed".to_owned(), true).is_err());
    }
}
