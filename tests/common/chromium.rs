//! Finding Chromium for the tests that need a browser (the HTML report and
//! `--render`). Included with `#[path]` by each such test file.

use std::path::PathBuf;

/// The Chromium binary, or `None` (with a notice) outside CI. In CI a
/// missing Chromium fails the test: `.ci/run` installs it. `what` names the
/// tests that need it, for the messages.
pub fn chromium(what: &str) -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|dir| dir.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed: CI must install it (apt-get install -y chromium) to test {what}"
        );
        eprintln!(
            "NOTICE: chromium not found; skipping {what} (install it with apt-get install -y chromium)"
        );
    }
    found
}
