//! Linked style sheets, gathered for the page model on the input side.
//!
//! Most sites keep their colours in linked CSS files, so contrast can only be
//! judged once those are read. The page says what it links
//! ([`Page::stylesheet_refs`]); this module finds each sheet (a file beside
//! the page, or the same site's URL through the crawler), reads it once per
//! run, folds its own `@import`s in, and hands the texts to the page
//! ([`Page::set_linked_styles`]). Checks never learn where a sheet came from.
//!
//! Only same-site sheets are read: a folder's own files (never outside the
//! folder the user named), or the crawl's own hosts. A sheet from elsewhere,
//! one too large, or one that fails stays unread, and the cascade treats
//! what it may set as unknown rather than guessing.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use url::Url;

use crate::page::Page;
use crate::page::style::linked;

/// Largest style sheet read, in bytes. Framework sheets run to a few hundred
/// kilobytes; a larger file is more likely a bundle of everything.
pub const MAX_SHEET_BYTES: usize = 2 * 1024 * 1024;

/// Deepest chain of `@import`s followed.
const MAX_IMPORT_DEPTH: usize = 5;

/// Where a style sheet, or the page that links it, is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Location {
    /// A file on disk.
    File(PathBuf),
    /// A web address.
    Web(Url),
}

/// Finds and reads style sheets for one kind of source (files, or the
/// crawler).
pub trait Fetch: Sync {
    /// Where `href`, written in the document at `from`, points; `None` when
    /// it may not be read (another site, outside the folder).
    fn resolve(&self, from: &Location, href: &str) -> Option<Location>;
    /// The sheet's bytes, or `None` when it cannot be read or is larger
    /// than [`MAX_SHEET_BYTES`].
    fn fetch(&self, at: &Location) -> Option<Vec<u8>>;
}

/// Style sheets from the files of a folder, never outside it.
#[derive(Debug)]
pub struct LocalFiles {
    /// The folder the user named (root-relative hrefs start here).
    pub root: PathBuf,
}

impl Fetch for LocalFiles {
    fn resolve(&self, from: &Location, href: &str) -> Option<Location> {
        let Location::File(from) = from else {
            return None;
        };
        crate::weight::local_path(&self.root, from, href).map(Location::File)
    }

    fn fetch(&self, at: &Location) -> Option<Vec<u8>> {
        let Location::File(path) = at else {
            return None;
        };
        Self::read_capped(path)
    }
}

impl LocalFiles {
    /// A file's bytes, unless it is not a file or is over [`MAX_SHEET_BYTES`].
    fn read_capped(path: &std::path::Path) -> Option<Vec<u8>> {
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() || meta.len() > MAX_SHEET_BYTES as u64 {
            return None;
        }
        std::fs::read(path).ok()
    }
}

/// Gives pages their linked style sheets; object-safe, so the engine can
/// hold any source's sheets the same way.
pub trait Attach: Sync {
    /// Loads the sheets `page` links, as [`Sheets::attach`] does.
    fn attach(&self, page: &mut Page, at: &Location);
}

impl<F: Fetch> Attach for Sheets<F> {
    fn attach(&self, page: &mut Page, at: &Location) {
        Sheets::attach(self, page, at);
    }
}

/// Style sheets an `--archive` folder kept, by URL: an audit of the folder
/// reads the colours the crawl read.
#[derive(Debug)]
pub struct ArchivedSheets {
    /// Each kept sheet's URL and its file in the folder.
    pub files: HashMap<String, PathBuf>,
}

impl Fetch for ArchivedSheets {
    fn resolve(&self, from: &Location, href: &str) -> Option<Location> {
        let Location::Web(from) = from else {
            return None;
        };
        from.join(href).ok().map(Location::Web)
    }

    fn fetch(&self, at: &Location) -> Option<Vec<u8>> {
        let Location::Web(url) = at else {
            return None;
        };
        let path = self.files.get(url.as_str())?;
        LocalFiles::read_capped(path)
    }
}

/// Sheets read so far, each once per run, with their imports folded in.
pub struct Sheets<F: Fetch> {
    fetch: F,
    /// Folded text of each sheet by location; `None` for one that could not
    /// be read.
    cache: Mutex<HashMap<Location, Option<Arc<str>>>>,
    read: AtomicUsize,
    unread: AtomicUsize,
}

impl<F: Fetch> std::fmt::Debug for Sheets<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sheets")
            .field("read", &self.read.load(Ordering::Relaxed))
            .field("unread", &self.unread.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl<F: Fetch> Sheets<F> {
    /// A cache over `fetch`.
    pub fn new(fetch: F) -> Self {
        Self {
            fetch,
            cache: Mutex::new(HashMap::new()),
            read: AtomicUsize::new(0),
            unread: AtomicUsize::new(0),
        }
    }

    /// Different sheets read, and sheets asked for that could not be read
    /// (each counted once).
    pub fn counts(&self) -> (usize, usize) {
        (
            self.read.load(Ordering::Relaxed),
            self.unread.load(Ordering::Relaxed),
        )
    }

    /// Loads the sheets a page links (those it may) and gives them to it.
    /// `at` is where the page is; a web page's `<base href>` is honoured.
    pub fn attach(&self, page: &mut Page, at: &Location) {
        let refs = page.stylesheet_refs();
        if refs.is_empty() {
            return;
        }
        let base = match at {
            Location::Web(url) => page
                .base_href()
                .and_then(|b| url.join(b).ok())
                .map_or_else(|| at.clone(), Location::Web),
            Location::File(_) => at.clone(),
        };
        let mut loaded = HashMap::new();
        for href in refs {
            let Some(location) = self.fetch.resolve(&base, &href) else {
                continue;
            };
            if let Some(text) = self.load(&location, &mut HashSet::new(), 0) {
                loaded.insert(href, text);
            }
        }
        page.set_linked_styles(loaded);
    }

    /// One sheet's text, comments stripped and imports folded in: from the
    /// cache, or read now.
    fn load(&self, at: &Location, chain: &mut HashSet<Location>, depth: usize) -> Option<Arc<str>> {
        if let Some(known) = self.lock().get(at) {
            return known.clone();
        }
        // A sheet that imports itself, directly or round a loop, is read
        // once; the loop is left as an unread import.
        if depth > MAX_IMPORT_DEPTH || !chain.insert(at.clone()) {
            return None;
        }
        let text = self.fetch.fetch(at).map(|bytes| decode(&bytes));
        let folded = text.map(|text| {
            let stripped = crate::page::style::strip_comments(&text);
            let folded = linked::inline_imports(&stripped, &mut |href| {
                let target = self.fetch.resolve(at, href)?;
                self.load(&target, chain, depth + 1).map(|t| t.to_string())
            });
            Arc::<str>::from(folded)
        });
        chain.remove(at);
        let mut cache = self.lock();
        // Another thread may have read it meanwhile: count it once.
        if !cache.contains_key(at) {
            let counter = if folded.is_some() {
                &self.read
            } else {
                &self.unread
            };
            counter.fetch_add(1, Ordering::Relaxed);
            cache.insert(at.clone(), folded.clone());
        }
        folded
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Location, Option<Arc<str>>>> {
        // A panic elsewhere cannot leave the map half-written: inserts are
        // single calls.
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A style sheet's text: a byte order mark or `@charset` names its encoding,
/// otherwise it is UTF-8 (as CSS Syntax says, leaving out the page's own
/// encoding, which same-site sheets rarely depend on).
fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_with_bom_removal(bytes).0.into_owned();
    }
    let declared = bytes
        .strip_prefix(b"@charset \"")
        .and_then(|rest| rest.iter().position(|b| *b == b'"').map(|end| &rest[..end]))
        .and_then(encoding_rs::Encoding::for_label)
        // A sheet cannot really be UTF-16 without a BOM: the declaration is
        // read as ASCII, so it is wrong.
        .filter(|e| *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE);
    declared
        .unwrap_or(encoding_rs::UTF_8)
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sheets_beside_a_page_are_read_once_with_their_imports() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("css")).unwrap();
        std::fs::write(
            root.join("css/site.css"),
            "@import url(\"colours.css\");\n/* a comment */ body { margin: 0 }",
        )
        .unwrap();
        std::fs::write(root.join("css/colours.css"), "p { color: #767676 }").unwrap();
        std::fs::write(
            root.join("css/loop.css"),
            "@import 'loop.css'; h1 { color: red }",
        )
        .unwrap();
        let html = "<html><head><link rel=stylesheet href=\"/css/site.css\">\
                    <link rel=stylesheet href=\"css/loop.css\">\
                    <link rel=stylesheet href=\"https://cdn.example/x.css\">\
                    <link rel=stylesheet href=\"../../outside.css\">\
                    <link rel=stylesheet href=\"css/missing.css\"></head><body><p>Hi</p></body></html>";
        let sheets = Sheets::new(LocalFiles {
            root: root.to_path_buf(),
        });
        let at = Location::File(root.join("index.html"));
        for _ in 0..2 {
            let mut page = Page::from_text("index.html", html).unwrap();
            sheets.attach(&mut page, &at);
            let site = page.linked_style("/css/site.css").unwrap();
            assert!(site.starts_with("p { color: #767676 }"), "{site}");
            assert!(!site.contains("comment"));
            let looped = page.linked_style("css/loop.css").unwrap();
            assert!(looped.contains("@import 'loop.css';"), "{looped}");
            assert!(page.linked_style("https://cdn.example/x.css").is_none());
            assert!(page.linked_style("../../outside.css").is_none());
        }
        // site, colours, loop read; missing.css not; the other two never asked.
        assert_eq!(sheets.counts(), (3, 1));
    }

    #[test]
    fn a_charset_rule_names_the_encoding() {
        let latin1 = b"@charset \"iso-8859-1\"; .a::after { content: \"\xe9\" }";
        assert!(decode(latin1).contains('\u{e9}'));
        assert_eq!(decode(b"p{color:red}"), "p{color:red}");
    }
}
