//! Progress reports for a display: the crawl's [`Phase`] and counters, told to
//! an [`Observer`].

use std::time::Duration;

/// What the crawl is doing now, for a progress display.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Phase {
    /// Reading robots.txt and sitemaps.
    #[default]
    Sitemaps,
    /// Fetching and checking pages.
    Pages,
    /// Asking for the size of linked documents (PDF, Word).
    Documents,
    /// Measuring the files pages load, for page weight.
    Weight,
}

impl Phase {
    /// A few words for a progress line.
    #[must_use]
    pub fn words(self) -> &'static str {
        match self {
            Self::Sitemaps => "reading sitemaps",
            Self::Pages => "checking pages",
            Self::Documents => "looking at linked documents",
            Self::Weight => "measuring page weight",
        }
    }
}

/// Counters for a progress display.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// What the crawl is doing now.
    pub phase: Phase,
    /// The most pages the crawl will check (`--max-pages`): the total, as
    /// far as it can be known before the crawl ends.
    pub limit: usize,
    /// URLs queued so far.
    pub found: usize,
    /// Responses received.
    pub fetched: usize,
    /// Pages analysed.
    pub checked: usize,
    /// Pages that failed.
    pub errors: usize,
    /// Time since the crawl began.
    pub elapsed: Duration,
}

/// Told about progress; the CLI draws it, tests ignore it.
pub trait Observer {
    /// Called after each page is fetched or analysed, and when the phase
    /// changes.
    fn progress(&self, progress: &Progress);

    /// Called when a page's request starts, with its address.
    fn visiting(&self, _url: &str) {}
}

/// An observer that ignores everything.
#[derive(Debug, Default)]
pub struct Silent;

impl Observer for Silent {
    fn progress(&self, _: &Progress) {}
}
