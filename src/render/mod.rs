//! `check --render`: pages loaded in headless Chromium, so the audit sees the
//! DOM after scripts ran, as people do.
//!
//! This is the input side, like the crawler: it turns a page's address into
//! bytes (the rendered snapshot, `document.documentElement.outerHTML` with
//! its doctype). The snapshot then goes through the same page model and the
//! same rules as any page; checks never learn that a browser was involved.
//!
//! One browser per run, driven over the Chrome DevTools Protocol
//! (`chromiumoxide`, on a tokio runtime of its own so callers can block on
//! it from the audit's worker threads). Each page gets its own tab; as many
//! tabs are open at once as the audit has worker threads. Only the audited
//! hosts can be reached: every other host name resolves to nothing
//! (Chromium's `--host-resolver-rules`), and such requests are counted.

mod browser;

pub use browser::{Renderer, Snapshot};

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The environment variable naming the browser to use.
pub const BROWSER_VAR: &str = "CARELINT_CHROMIUM";

/// Names the browser is looked for under on `PATH`, in order.
pub const BROWSER_NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome"];

/// How long a page may take to load and settle unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// Why pages cannot be rendered at all.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RenderError {
    /// `CARELINT_CHROMIUM` names a file that is not there.
    #[error("{BROWSER_VAR} is {path}, but there is no such file, so --render cannot load pages")]
    #[diagnostic(
        code(carelint::render::no_browser),
        help(
            "set {BROWSER_VAR} to the path of Chromium or Google Chrome, or unset it to look for `chromium` on PATH; on Debian or Ubuntu install it with `apt-get install chromium`"
        )
    )]
    BadVariable {
        /// The value of the variable.
        path: String,
    },
    /// No browser on `PATH`.
    #[error(
        "--render needs Chromium or Google Chrome, and none was found on PATH (looked for {names})"
    )]
    #[diagnostic(
        code(carelint::render::no_browser),
        help(
            "install it (Debian or Ubuntu: `apt-get install chromium`), or set {BROWSER_VAR} to the browser's path"
        )
    )]
    NotFound {
        /// The names looked for.
        names: String,
    },
    /// The browser was found but would not start.
    #[error("cannot start the browser {path}: {reason}")]
    #[diagnostic(
        code(carelint::render::launch),
        help(
            "check that it runs (`{path} --headless --version`); set {BROWSER_VAR} to choose another browser"
        )
    )]
    Launch {
        /// The browser's path.
        path: String,
        /// What went wrong.
        reason: String,
    },
}

/// Finds the browser: the file `CARELINT_CHROMIUM` names, else the first of
/// [`BROWSER_NAMES`] on `PATH`.
///
/// # Errors
/// [`RenderError`] when the variable names no file, or nothing is on `PATH`.
pub fn find_browser() -> Result<PathBuf, RenderError> {
    if let Some(value) = std::env::var_os(BROWSER_VAR).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(&value);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(RenderError::BadVariable {
                path: path.display().to_string(),
            })
        };
    }
    let dirs = std::env::var_os("PATH").unwrap_or_default();
    for name in BROWSER_NAMES {
        for dir in std::env::split_paths(&dirs) {
            let candidate = dir.join(name);
            if is_executable(&candidate) {
                return Ok(candidate);
            }
        }
    }
    Err(RenderError::NotFound {
        names: BROWSER_NAMES.join(", "),
    })
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// How to render.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The browser to start.
    pub browser: PathBuf,
    /// Longest a page may take to load and settle, per attempt.
    pub timeout: Duration,
    /// Host names pages may reach (the audited sites). Every other host is
    /// blocked; local files may reach none.
    pub hosts: Vec<String>,
}

/// A local file as a `file://` URL, so that its relative styles, scripts
/// and images load as they would from a folder on a server.
#[must_use]
pub fn file_url(path: &Path) -> Option<String> {
    let absolute = std::fs::canonicalize(path).ok()?;
    url::Url::from_file_path(absolute)
        .ok()
        .map(|u| u.to_string())
}

/// Chromium's `--host-resolver-rules` value that lets only `hosts` resolve.
/// A host that does not resolve is never contacted, so a page's scripts
/// cannot reach third parties (analytics, chat widgets) during an audit.
fn resolver_rules(hosts: &[String]) -> String {
    let mut rules = String::from("MAP * ~NOTFOUND");
    for host in hosts {
        // Characters that would change the rule list are never in a host
        // name the URL parser accepted; skip anything odd all the same.
        if host.is_empty() || host.contains([',', ' ']) {
            continue;
        }
        rules.push_str(", EXCLUDE ");
        rules.push_str(host);
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_audited_hosts_resolve() {
        assert_eq!(resolver_rules(&[]), "MAP * ~NOTFOUND");
        assert_eq!(
            resolver_rules(&["example.org".into(), "bad host".into()]),
            "MAP * ~NOTFOUND, EXCLUDE example.org"
        );
    }

    /// One browser, two pages: a script's DOM comes back; a page the
    /// browser cannot load fails at once with the browser's reason, not
    /// after a retry. Skipped (with a notice) where no browser is installed,
    /// except in CI.
    #[test]
    fn the_browser_returns_the_dom_scripts_built() {
        let Ok(browser) = find_browser() else {
            assert!(std::env::var_os("CI").is_none(), "CI must install chromium");
            eprintln!("NOTICE: chromium not found; skipping");
            return;
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let page = dir.path().join("app.html");
        std::fs::write(
            &page,
            "<!DOCTYPE html><title>App</title><div id=app></div>\
             <script>document.getElementById('app').innerHTML = '<p>Built</p>'</script>",
        )
        .expect("write");
        let renderer = Renderer::start(&RenderOptions {
            browser,
            timeout: DEFAULT_TIMEOUT,
            hosts: Vec::new(),
        })
        .expect("the browser starts");
        let url = file_url(&page).expect("a file URL");
        let snapshot = renderer.render(&url).expect("rendered");
        assert!(
            snapshot.html.starts_with("<!DOCTYPE html>"),
            "{}",
            snapshot.html
        );
        assert!(
            snapshot.html.contains("<div id=\"app\"><p>Built</p></div>"),
            "{}",
            snapshot.html
        );
        assert_eq!(snapshot.blocked, 0);
        let missing = url.replace("app.html", "gone.html");
        let error = renderer.render(&missing).expect_err("no such file");
        assert!(
            error.starts_with("the browser could not load it (net::ERR_FILE_NOT_FOUND)"),
            "{error}"
        );
    }

    #[test]
    fn local_files_become_file_urls() {
        let here = file_url(Path::new("Cargo.toml")).expect("a file URL");
        assert!(here.starts_with("file:///"), "{here}");
        assert!(here.ends_with("/Cargo.toml"), "{here}");
        assert!(file_url(Path::new("no/such/file.html")).is_none());
    }
}
