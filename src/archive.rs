//! Evidence for an audit (`check --archive DIR`): every page's bytes exactly
//! as fetched or read, each in its own file, and a `manifest.json` listing
//! each page's URL, file, size and SHA-256 hash, so an auditor can show later
//! what the site served (WCAG-EM step 5.2, "record evaluation specifics").
//!
//! Only page bodies are kept: never request or response headers, cookies or
//! anything else a login could leak. File names are a hash of the URL or
//! path, so they are safe on every file system and the same on every run.
//! The manifest has no times unless asked for, so two archives of an
//! unchanged site are identical. Files are written through a temporary file
//! and a rename, so a file in the archive is never half-written.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";

/// One archived page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The page's URL, or its path as reached from the target.
    pub url: String,
    /// The file in the archive folder.
    pub file: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes, in lower-case hex.
    pub sha256: String,
    /// When it was archived (an HTTP date), only when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetched: Option<String>,
    /// With `--render`: the DOM the browser built from it, which is what
    /// was audited, so finding positions point into this file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rendered: Option<RenderedEntry>,
}

/// The rendered snapshot kept beside a page's source (`--render`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenderedEntry {
    /// The file in the archive folder.
    pub file: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes, in lower-case hex.
    pub sha256: String,
}

/// A same-site style sheet kept because a page's colours came from it, so an
/// audit of the archive folder judges the same colours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetEntry {
    /// The sheet's URL.
    pub url: String,
    /// The file in the archive folder (20 hex digits and `.css`).
    pub file: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes, in lower-case hex.
    pub sha256: String,
}

/// An archive folder being filled. Pages arrive from several worker threads.
#[derive(Debug)]
pub struct Archive {
    dir: PathBuf,
    times: bool,
    entries: Mutex<Vec<Entry>>,
    sheets: Mutex<Vec<SheetEntry>>,
    errors: Mutex<Vec<String>>,
}

/// The pages of an archive folder, read back from its manifest: each page's
/// URL (or path) as first audited and its file. `None` when the folder holds
/// no carelint manifest (none at all, or a `manifest.json` of another shape,
/// such as a web app manifest); `Err` with what is wrong when it cannot be used (a
/// file it lists is missing or is not an archive page file, which also keeps
/// a hostile manifest from pointing outside the folder).
#[must_use]
pub fn read_manifest(dir: &Path) -> Option<Result<Vec<(String, PathBuf)>, String>> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        pages: Vec<Page>,
    }
    #[derive(serde::Deserialize)]
    struct Page {
        url: String,
        file: String,
    }
    let text = std::fs::read(dir.join(MANIFEST)).ok()?;
    // Many sites have a manifest.json of their own (a web app manifest): a
    // file of another shape means the folder is not an archive, not that the
    // archive is broken.
    let manifest: Manifest = serde_json::from_slice(&text).ok()?;
    let mut pages = Vec::with_capacity(manifest.pages.len());
    for page in manifest.pages {
        if !is_page_file(&page.file) {
            return Some(Err(format!(
                "{MANIFEST} lists {:?} for {}, which is not an archive page file",
                page.file, page.url
            )));
        }
        let path = dir.join(&page.file);
        if !path.is_file() {
            return Some(Err(format!(
                "{MANIFEST} lists {} for {}, but the folder has no such file",
                page.file, page.url
            )));
        }
        pages.push((page.url, path));
    }
    Some(Ok(pages))
}

/// Why an archive folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The folder cannot be written.
    #[error(transparent)]
    Write(#[from] crate::write::WriteError),
    /// The folder holds something that is not an earlier carelint archive.
    #[error(
        "it holds {file}, which is not part of a carelint archive; give an empty or new folder, so the evidence of two audits is never mixed"
    )]
    Foreign {
        /// The first such file or folder.
        file: String,
    },
    /// An earlier archive's file could not be removed.
    #[error("cannot remove {file} of the earlier archive in it: {error}")]
    Clear {
        /// The file.
        file: String,
        /// What went wrong.
        error: std::io::Error,
    },
}

/// Whether a file name is one an archive writes: the manifest, a page file
/// (20 hex digits and `.html`, or `.rendered.html` for a rendered snapshot), or the temporary file of either that a run
/// stopped mid-write leaves (`.NAME.PID-N.tmp`).
fn is_archive_file(name: &str) -> bool {
    let page = |n: &str| is_page_file(n) || is_sheet_file(n);
    if name == MANIFEST || page(name) {
        return true;
    }
    name.strip_prefix('.')
        .and_then(|n| n.strip_suffix(".tmp"))
        .and_then(|n| n.rsplit_once('.'))
        .is_some_and(|(target, _)| target == MANIFEST || page(target))
}

/// A page file (20 hex digits and `.html`, or `.rendered.html`).
fn is_page_file(name: &str) -> bool {
    name.strip_suffix(".html")
        .map(|h| h.strip_suffix(".rendered").unwrap_or(h))
        .is_some_and(is_digest)
}

/// A style sheet file (20 hex digits and `.css`).
fn is_sheet_file(name: &str) -> bool {
    name.strip_suffix(".css").is_some_and(is_digest)
}

fn is_digest(name: &str) -> bool {
    name.len() == 20 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The style sheets an archive kept, by URL, each with its file. Empty when
/// the folder is no archive or kept none; a listed file that is missing or
/// badly named is left out (its colours are then unknown, as in a crawl that
/// could not read it).
#[must_use]
pub fn read_sheets(dir: &Path) -> std::collections::HashMap<String, PathBuf> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        #[serde(default)]
        sheets: Vec<Sheet>,
    }
    #[derive(serde::Deserialize)]
    struct Sheet {
        url: String,
        file: String,
    }
    let Some(manifest) = std::fs::read(dir.join(MANIFEST))
        .ok()
        .and_then(|text| serde_json::from_slice::<Manifest>(&text).ok())
    else {
        return std::collections::HashMap::new();
    };
    manifest
        .sheets
        .into_iter()
        .filter(|s| is_sheet_file(&s.file) && dir.join(&s.file).is_file())
        .map(|s| (s.url, dir.join(s.file)))
        .collect()
}

/// Removes an earlier archive from `dir`, after checking that everything in
/// it is one (nothing is removed if anything is not). A folder that does not
/// exist yet has nothing to clear.
fn clear_earlier(dir: &Path) -> Result<(), ArchiveError> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    // A manifest.json that is not ours (a web app manifest) is someone's file.
    let manifest = dir.join(MANIFEST);
    if manifest.exists() && read_manifest(dir).is_none() {
        return Err(ArchiveError::Foreign {
            file: manifest.display().to_string(),
        });
    }
    let mut ours = Vec::new();
    for entry in read.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if !is_file || !is_archive_file(&name) {
            return Err(ArchiveError::Foreign {
                file: entry.path().display().to_string(),
            });
        }
        ours.push(entry.path());
    }
    ours.sort();
    for path in ours {
        std::fs::remove_file(&path).map_err(|error| ArchiveError::Clear {
            file: path.display().to_string(),
            error,
        })?;
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Archive {
    /// Opens (creating it when needed) the archive folder. An earlier
    /// carelint archive in it (its manifest and page files, and temporary
    /// files a stopped run left) is removed first, so one folder never mixes
    /// two audits' evidence; a folder holding anything else is refused.
    ///
    /// # Errors
    /// When the folder is a file, files cannot be made in it, or it holds
    /// files carelint did not write.
    pub fn create(dir: &Path, times: bool) -> Result<Self, ArchiveError> {
        // Checked before any page is fetched: the manifest must be writable.
        crate::write::check_writable(&dir.join(MANIFEST))?;
        clear_earlier(dir)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            times,
            entries: Mutex::new(Vec::new()),
            sheets: Mutex::new(Vec::new()),
            errors: Mutex::new(Vec::new()),
        })
    }

    /// The archive folder.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file name a page is kept under: a hash of its URL or path.
    #[must_use]
    pub fn file_name(url: &str) -> String {
        let digest = Sha256::digest(url.as_bytes());
        format!("{}.html", hex(&digest[..10]))
    }

    /// Keeps a style sheet a page's colours were read from, once per URL.
    pub fn store_sheet(&self, url: &str, bytes: &[u8]) {
        let file = Self::file_name(url).replace(".html", ".css");
        if let Err(e) = crate::write::write_file(&self.dir.join(&file), bytes) {
            if let Ok(mut errors) = self.errors.lock() {
                errors.push(format!("{url}: {e}"));
            }
            return;
        }
        if let Ok(mut sheets) = self.sheets.lock() {
            sheets.push(SheetEntry {
                url: url.to_owned(),
                file,
                bytes: bytes.len() as u64,
                sha256: hex(&Sha256::digest(bytes)),
            });
        }
    }

    /// Keeps one page's bytes. A failure is remembered and reported by
    /// [`Archive::finish`], so one bad write does not stop the audit.
    pub fn store(&self, url: &str, bytes: &[u8]) {
        self.store_page(url, bytes, None);
    }

    /// Keeps one page's bytes and, with `--render`, the snapshot of the DOM
    /// the browser built from them, in a file named like the page's with
    /// `.rendered.html`.
    pub fn store_page(&self, url: &str, bytes: &[u8], rendered: Option<&[u8]>) {
        let file = Self::file_name(url);
        let written = crate::write::write_file(&self.dir.join(&file), bytes).and_then(|()| {
            let Some(snapshot) = rendered else {
                return Ok(None);
            };
            let file = file.replace(".html", ".rendered.html");
            crate::write::write_file(&self.dir.join(&file), snapshot)?;
            Ok(Some(RenderedEntry {
                file,
                bytes: snapshot.len() as u64,
                sha256: hex(&Sha256::digest(snapshot)),
            }))
        });
        let rendered = match written {
            Ok(r) => r,
            Err(e) => {
                if let Ok(mut errors) = self.errors.lock() {
                    errors.push(format!("{url}: {e}"));
                }
                return;
            }
        };
        let entry = Entry {
            url: url.to_owned(),
            file,
            bytes: bytes.len() as u64,
            sha256: hex(&Sha256::digest(bytes)),
            fetched: self
                .times
                .then(|| httpdate::fmt_http_date(std::time::SystemTime::now())),
            rendered,
        };
        if let Ok(mut entries) = self.entries.lock() {
            entries.push(entry);
        }
    }

    /// Writes `manifest.json` (entries sorted by URL) and returns the entries.
    ///
    /// # Errors
    /// A message per page that could not be written, or for the manifest.
    pub fn finish(&self) -> Result<Vec<Entry>, Vec<String>> {
        let mut errors = self.errors.lock().map(|e| e.clone()).unwrap_or_default();
        let mut entries = self.entries.lock().map(|e| e.clone()).unwrap_or_default();
        entries.sort_by(|a, b| a.url.cmp(&b.url));
        // A page fetched twice (a redirect back to itself) is kept once.
        entries.dedup_by(|a, b| a.url == b.url);
        let mut sheets = self.sheets.lock().map(|s| s.clone()).unwrap_or_default();
        sheets.sort_by(|a, b| a.url.cmp(&b.url));
        sheets.dedup_by(|a, b| a.url == b.url);
        // Archives without sheets keep the manifest they always had.
        let manifest = if sheets.is_empty() {
            serde_json::json!({ "pages": entries })
        } else {
            serde_json::json!({ "pages": entries, "sheets": sheets })
        };
        let text = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
        if let Err(e) = crate::write::write_file(&self.dir.join(MANIFEST), text.as_bytes()) {
            errors.push(e.to_string());
        }
        if errors.is_empty() {
            Ok(entries)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_pages_and_hashes_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let archive = Archive::create(dir.path(), false).expect("create");
        archive.store("site/b.html", b"<p>b</p>");
        archive.store("site/a.html", b"<p>a</p>");
        let entries = archive.finish().expect("finish");
        assert_eq!(entries[0].url, "site/a.html");
        let kept = std::fs::read(dir.path().join(&entries[0].file)).expect("file");
        assert_eq!(kept, b"<p>a</p>");
        assert_eq!(entries[0].sha256, hex(&Sha256::digest(b"<p>a</p>")));
        assert!(entries[0].fetched.is_none());
        let manifest = std::fs::read_to_string(dir.path().join(MANIFEST)).expect("manifest");
        assert!(!manifest.contains("fetched"));
    }

    #[test]
    fn a_rendered_snapshot_is_kept_beside_its_source() {
        let dir = tempfile::tempdir().expect("tempdir");
        let archive = Archive::create(dir.path(), false).expect("create");
        archive.store_page(
            "https://a.test/",
            b"<div id=app>",
            Some(b"<main>built</main>"),
        );
        let entries = archive.finish().expect("finish");
        let rendered = entries[0].rendered.as_ref().expect("the snapshot");
        assert_eq!(
            rendered.file,
            Archive::file_name("https://a.test/").replace(".html", ".rendered.html")
        );
        let kept = std::fs::read(dir.path().join(&rendered.file)).expect("file");
        assert_eq!(kept, b"<main>built</main>");
        assert_eq!(rendered.sha256, hex(&Sha256::digest(b"<main>built</main>")));
        // A later archive in the same folder clears the snapshot too.
        Archive::create(dir.path(), false).expect("an earlier archive is cleared");
        assert!(!dir.path().join(&rendered.file).exists());
    }

    #[test]
    fn an_earlier_archive_is_cleared_and_anything_else_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = Archive::create(dir.path(), false).expect("create");
        first.store("site/old.html", b"<p>old</p>");
        first.finish().expect("finish");
        // A run stopped mid-write leaves a temporary file too.
        let old_file = Archive::file_name("site/old.html");
        std::fs::write(dir.path().join(format!(".{old_file}.4242-0.tmp")), b"half").expect("temp");
        let second = Archive::create(dir.path(), false).expect("an earlier archive is cleared");
        second.store("site/new.html", b"<p>new</p>");
        second.finish().expect("finish");
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("read")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut expected = vec![Archive::file_name("site/new.html"), MANIFEST.to_owned()];
        expected.sort();
        assert_eq!(names, expected, "nothing of the first audit is left");

        // A web app manifest is not an archive's: refused, not removed.
        let app = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            app.path().join(MANIFEST),
            br#"{"name": "Oak Surgery", "icons": []}"#,
        )
        .expect("write");
        assert!(Archive::create(app.path(), false).is_err());
        assert!(app.path().join(MANIFEST).exists());
        assert!(
            read_manifest(app.path()).is_none(),
            "not an archive to audit either"
        );

        // Someone's own file: refused, and nothing is removed.
        std::fs::write(dir.path().join("notes.txt"), b"mine").expect("write");
        let err = Archive::create(dir.path(), false).expect_err("refused");
        assert!(err.to_string().contains("notes.txt"), "{err}");
        assert!(dir.path().join(MANIFEST).exists());
    }
}
