//! Turns the targets a user names into sites and pages to audit.
//!
//! A directory is one site (every `.html`/`.htm` file below it, in sorted order);
//! a file is a single page (site checks do not apply to it); `-` reads one page from standard input. Pages are
//! named by their path as reached from the target, e.g. `site/contact/index.html`.
//! Web addresses and sitemaps are gathered separately for the crawler.

use std::path::{Path, PathBuf};

/// Where a page's bytes come from.
#[derive(Debug, Clone)]
pub enum PageSource {
    /// A file on disk, read by the worker that checks it.
    File(PathBuf),
    /// Bytes already in memory (standard input).
    Bytes(Vec<u8>),
}

/// One page to audit.
#[derive(Debug, Clone)]
pub struct PageInput {
    /// The page's name in reports.
    pub key: String,
    /// Its bytes.
    pub source: PageSource,
}

/// A site: the pages one target names.
#[derive(Debug, Clone)]
pub struct SiteInput {
    /// The target as the user gave it.
    pub target: String,
    /// Its pages, sorted by key.
    pub pages: Vec<PageInput>,
    /// Whether the target is a whole site (a directory, later a crawl), so that
    /// site checks apply. A single file or stdin is one page, not a site.
    pub is_site: bool,
}

/// A target that cannot be audited.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum InputError {
    /// The path does not exist.
    #[error("{0}: no such file or directory")]
    #[diagnostic(
        code(carelint::input::missing),
        help("check the path; carelint takes .html files, directories and -")
    )]
    Missing(String),
    /// A directory with no HTML files.
    #[error("{0}: no .html or .htm files found in this directory")]
    #[diagnostic(code(carelint::input::no_pages))]
    NoPages(String),
    /// A directory could not be read.
    #[error("{path}: cannot read this directory: {reason}")]
    #[diagnostic(code(carelint::input::unreadable))]
    Unreadable {
        /// The directory.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// The only target is not an HTML page (a stylesheet, a text file).
    #[error("{path} is not an HTML page ({what}), so there is nothing to check")]
    #[diagnostic(
        code(carelint::input::not_html),
        help("carelint checks HTML pages: give an .html file, a folder of them, or a URL")
    )]
    NotHtml {
        /// The file, or "standard input".
        path: String,
        /// What it seems to be instead.
        what: &'static str,
    },
    /// Standard input could not be read.
    #[error("cannot read standard input: {0}")]
    #[diagnostic(code(carelint::input::stdin))]
    Stdin(String),
    /// A local sitemap file that cannot be read.
    #[error("{path}: cannot read this sitemap: {reason}")]
    #[diagnostic(
        code(carelint::input::sitemap),
        help(
            "a sitemap is an XML file with <urlset><url><loc>https://...</loc></url></urlset>, or a text file with one URL per line"
        )
    )]
    Sitemap {
        /// The file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Targets that are on the web, for the crawler.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebTargets {
    /// Start URLs to crawl from.
    pub urls: Vec<String>,
    /// Sitemap URLs (`.xml`, `.xml.gz`): their pages are audited.
    pub sitemaps: Vec<String>,
    /// Page URLs listed in local sitemap files.
    pub listed: Vec<String>,
}

impl WebTargets {
    /// Whether there is anything to crawl.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.urls.is_empty() && self.sitemaps.is_empty() && self.listed.is_empty()
    }
}

/// Whether a path or URL names a sitemap.
fn is_sitemap_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or_default();
    path.ends_with(".xml") || path.ends_with(".xml.gz")
}

pub use crate::report::model::is_url;

/// Whether a file name looks like an HTML page.
fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// Every HTML file below `dir`, sorted, without following symbolic links.
fn walk(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = std::fs::read_dir(&current).map_err(|e| InputError::Unreadable {
            path: current.display().to_string(),
            reason: e.to_string(),
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if kind.is_dir() && !hidden {
                stack.push(path);
            } else if kind.is_file() && is_html(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// What a file named alone seems to be, when it is not an HTML page (from
/// its name and its first few kilobytes).
fn sniff_file(path: &Path) -> Option<&'static str> {
    use std::io::Read as _;
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    // An unreadable file is reported by the audit, with its reason.
    read.ok()?;
    crate::page::sniff::not_html(&display(path), &head)
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Resolves targets into local sites and web targets. `read_stdin` is called for
/// the target `-`.
///
/// # Errors
/// Returns an [`InputError`] for the first target that cannot be audited.
pub fn gather(
    targets: &[String],
    read_stdin: impl FnMut() -> std::io::Result<Vec<u8>>,
) -> Result<Vec<SiteInput>, InputError> {
    gather_all(targets, read_stdin).map(|(sites, _)| sites)
}

/// Like [`gather`], but also returns the web targets (URLs, sitemap URLs, and the
/// pages of local sitemap files) instead of leaving them out.
///
/// # Errors
/// Returns an [`InputError`] for the first target that cannot be audited.
pub fn gather_all(
    targets: &[String],
    mut read_stdin: impl FnMut() -> std::io::Result<Vec<u8>>,
) -> Result<(Vec<SiteInput>, WebTargets), InputError> {
    let mut sites = Vec::new();
    let mut web = WebTargets::default();
    // One file named alone that is not a page is an error; among other
    // targets it is skipped with a note in the report.
    let alone = targets.len() == 1;
    for target in targets {
        if target == "-" {
            let bytes = read_stdin().map_err(|e| InputError::Stdin(e.to_string()))?;
            if alone && let Some(what) = crate::page::sniff::not_html("-", &bytes) {
                return Err(InputError::NotHtml {
                    path: "standard input".to_owned(),
                    what,
                });
            }
            sites.push(SiteInput {
                target: "-".to_owned(),
                pages: vec![PageInput {
                    key: "-".to_owned(),
                    source: PageSource::Bytes(bytes),
                }],
                is_site: false,
            });
            continue;
        }
        if is_url(target) {
            if is_sitemap_name(target) {
                web.sitemaps.push(target.clone());
            } else {
                web.urls.push(target.clone());
            }
            continue;
        }
        let path = Path::new(target);
        if path.is_file() && is_sitemap_name(target) {
            let sitemap_error = |reason: String| InputError::Sitemap {
                path: target.clone(),
                reason,
            };
            let bytes = std::fs::read(path).map_err(|e| sitemap_error(e.to_string()))?;
            let map = crate::crawl::sitemap::parse(&bytes, crate::crawl::MAX_SITEMAP_BYTES)
                .map_err(|e| sitemap_error(e.to_string()))?;
            if map.pages.is_empty() {
                return Err(sitemap_error("it lists no pages".to_owned()));
            }
            web.listed.extend(map.pages);
            continue;
        }
        if path.is_dir()
            && let Some(archived) = crate::archive::read_manifest(path)
        {
            // An --archive folder: audited again under the URLs (or paths)
            // its pages were first audited as, so findings and diffs line up.
            let mut pages: Vec<PageInput> = archived
                .map_err(|reason| InputError::Unreadable {
                    path: target.clone(),
                    reason,
                })?
                .into_iter()
                .map(|(key, file)| PageInput {
                    key,
                    source: PageSource::File(file),
                })
                .collect();
            if pages.is_empty() {
                return Err(InputError::NoPages(target.clone()));
            }
            pages.sort_by(|a, b| a.key.cmp(&b.key));
            sites.push(SiteInput {
                target: target.clone(),
                pages,
                is_site: true,
            });
            continue;
        }
        if path.is_dir() {
            let files = walk(path)?;
            if files.is_empty() {
                return Err(InputError::NoPages(target.clone()));
            }
            let pages = files
                .into_iter()
                .map(|f| PageInput {
                    key: display(&f),
                    source: PageSource::File(f),
                })
                .collect();
            sites.push(SiteInput {
                target: target.clone(),
                pages,
                is_site: true,
            });
        } else if path.is_file() {
            if alone && let Some(what) = sniff_file(path) {
                return Err(InputError::NotHtml {
                    path: target.clone(),
                    what,
                });
            }
            sites.push(SiteInput {
                target: target.clone(),
                pages: vec![PageInput {
                    key: display(path),
                    source: PageSource::File(path.to_path_buf()),
                }],
                is_site: false,
            });
        } else {
            return Err(InputError::Missing(target.clone()));
        }
    }
    Ok((sites, web))
}
