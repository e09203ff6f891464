//! Errors in carelint's own data files (rules, guide, config), as miette
//! diagnostics that point at the line at fault.

use std::ops::Range;

use miette::{Diagnostic, NamedSource, SourceSpan};

/// A mistake in a data file, with the file and the spot.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{path}: {message}")]
#[diagnostic(code(carelint::data_file))]
pub struct DataFileError {
    /// The file the mistake is in.
    pub path: String,
    /// What is wrong.
    pub message: String,
    #[source_code]
    src: NamedSource<String>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
    #[help]
    help: Option<String>,
}

impl DataFileError {
    /// An error at a byte range of `text`.
    #[must_use]
    pub fn at(
        path: &str,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        let message = message.into();
        Self {
            path: path.to_owned(),
            label: short_label(&message),
            message,
            src: NamedSource::new(path, text.to_owned()).with_language("toml"),
            span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
            help: None,
        }
    }

    /// Adds a hint on how to fix it.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Wraps a TOML parse or type error, keeping its span.
    #[must_use]
    pub fn from_toml(path: &str, text: &str, error: &toml::de::Error) -> Self {
        Self::at(path, text, error.span(), error.message().trim().to_owned())
    }

    /// The byte range the error points at, if any.
    #[must_use]
    pub fn range(&self) -> Option<Range<usize>> {
        self.span.map(|s| s.offset()..s.offset() + s.len())
    }

    /// The 1-based line the error points at, if any.
    #[must_use]
    pub fn line(&self) -> Option<usize> {
        let span = self.span?;
        let text = self.src.inner();
        Some(text[..span.offset().min(text.len())].matches('\n').count() + 1)
    }
}

fn short_label(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message);
    if first.chars().count() > 60 {
        "here".to_owned()
    } else {
        first.to_owned()
    }
}

/// An error pointing at the first place `needle` occurs in `text` (or nowhere).
#[must_use]
pub fn located(path: &str, text: &str, needle: &str, message: impl Into<String>) -> DataFileError {
    let span = text.find(needle).map(|i| i..i + needle.len());
    DataFileError::at(path, text, span, message)
}

/// Several data-file errors reported together.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{} problem(s) in rule files", errors.len())]
#[diagnostic(code(carelint::rules), help("fix the rule files listed above"))]
pub struct DataFileErrors {
    /// The individual errors.
    #[related]
    pub errors: Vec<DataFileError>,
}
