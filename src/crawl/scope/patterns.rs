//! `--include` and `--exclude` patterns, compiled once: globs on the path and
//! `re:` regular expressions on the path and query (the syntax is documented on
//! [`Scope`](super::Scope)).

use std::borrow::Cow;

use ::url::Url;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::Regex;

use super::ScopeError;

/// Compiled `--include` or `--exclude` patterns.
#[derive(Debug, Clone)]
pub(super) struct Patterns {
    globs: GlobSet,
    regexes: Vec<Regex>,
    /// The patterns as given.
    pub(super) given: Vec<String>,
    /// For each glob and each regex, the index of the pattern it came from.
    glob_owner: Vec<usize>,
    regex_owner: Vec<usize>,
}

impl Patterns {
    pub(super) fn new(patterns: &[String]) -> Result<Patterns, ScopeError> {
        let mut globs = GlobSetBuilder::new();
        let mut regexes = Vec::new();
        let (mut glob_owner, mut regex_owner) = (Vec::new(), Vec::new());
        for (index, pattern) in patterns.iter().enumerate() {
            let bad = |reason: String| ScopeError::Pattern {
                pattern: pattern.clone(),
                reason,
            };
            if let Some(re) = pattern.strip_prefix("re:") {
                regexes.push(Regex::new(re).map_err(|e| bad(e.to_string()))?);
                regex_owner.push(index);
                continue;
            }
            if pattern.is_empty() {
                return Err(bad("the pattern is empty".to_string()));
            }
            for glob in glob_forms(pattern) {
                let glob = GlobBuilder::new(&glob)
                    .literal_separator(true)
                    // The default differs on Windows; `\*` should mean a literal `*`
                    // everywhere.
                    .backslash_escape(true)
                    .build()
                    .map_err(|e| bad(e.kind().to_string()))?;
                globs.add(glob);
                glob_owner.push(index);
            }
        }
        let globs = globs.build().map_err(|e| ScopeError::Pattern {
            pattern: patterns.join(" "),
            reason: e.to_string(),
        })?;
        Ok(Patterns {
            globs,
            regexes,
            given: patterns.to_vec(),
            glob_owner,
            regex_owner,
        })
    }

    /// The indexes of the given patterns that match the URL.
    pub(super) fn matched_by(&self, url: &Url) -> Vec<usize> {
        let path = url.path();
        let mut found: Vec<usize> = self
            .globs
            .matches(path)
            .into_iter()
            .filter_map(|i| self.glob_owner.get(i).copied())
            .collect();
        if !self.regexes.is_empty() {
            let target = regex_target(url);
            for (re, owner) in self.regexes.iter().zip(&self.regex_owner) {
                if re.is_match(&target) {
                    found.push(*owner);
                }
            }
        }
        found
    }

    pub(super) fn is_empty(&self) -> bool {
        self.globs.is_empty() && self.regexes.is_empty()
    }

    pub(super) fn matches(&self, url: &Url) -> bool {
        let path = url.path();
        if self.globs.is_match(path) {
            return true;
        }
        if self.regexes.is_empty() {
            return false;
        }
        let target = regex_target(url);
        self.regexes.iter().any(|re| re.is_match(&target))
    }
}

/// What `re:` patterns are matched against: the path, and the query if any.
fn regex_target(url: &Url) -> Cow<'_, str> {
    let path = url.path();
    match url.query() {
        Some(query) => Cow::Owned(format!("{path}?{query}")),
        None => Cow::Borrowed(path),
    }
}

/// The globs one user pattern stands for (see [`Scope`](super::Scope)).
fn glob_forms(pattern: &str) -> Vec<String> {
    let anchored = if pattern.starts_with('/') || pattern.starts_with("**") {
        pattern.to_string()
    } else {
        format!("**/{pattern}")
    };
    match anchored.strip_suffix('/') {
        Some(folder) => {
            let folder = folder.trim_end_matches('/');
            if folder.is_empty() || folder == "**" {
                vec!["/**".to_string()]
            } else {
                vec![folder.to_string(), format!("{folder}/**")]
            }
        }
        None => vec![anchored],
    }
}
