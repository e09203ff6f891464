//! `check --render`: pages loaded in real headless Chromium (the Debian
//! package; `.ci/run` installs it) and the DOM after scripts ran audited.
//! The pages are a small single-page app written for these tests, served by
//! the test itself on 127.0.0.1 (wiremock) or read from a temporary folder.
#![allow(clippy::unwrap_used)]

#[path = "common/chromium.rs"]
mod common_chromium;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The app's code: it builds a booking form with an unlabelled input, an
/// image without alt text and no phone number, inside an empty `#app`.
const APP_JS: &str = r#"
var app = document.getElementById("app");
var main = document.createElement("main");
main.innerHTML =
  "<h1>Book an appointment</h1>\n" +
  "<p>Choose a day and a time that suits you, and we will send you a text message to remind you the day before your appointment at the surgery.</p>\n" +
  "<img src=\"clinic.png\">\n" +
  "<form action=\"/book\" method=\"post\">\n" +
  "<input type=\"text\" name=\"nhs-number\">\n" +
  "<button type=\"submit\">Book</button>\n" +
  "</form>";
app.appendChild(main);
"#;

/// The app's page: an empty root and a script. `script` is the script tag:
/// inline or a file next to the page.
fn spa(script: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Book an appointment - Palfrey Lane Surgery</title>
<script src="https://analytics.example.com/track.js"></script>
</head>
<body>
<div id="app"></div>
{script}
</body>
</html>
"#
    )
}

/// The Chromium binary, or `None` outside CI (see `common/chromium.rs`).
fn chromium() -> Option<PathBuf> {
    common_chromium::chromium("--render")
}

fn carelint() -> Command {
    let mut cmd = Command::cargo_bin("carelint").unwrap();
    cmd.env("CARELINT_NO_CONFIG", "1")
        .env("CARELINT_NO_BASELINE", "1")
        .env_remove("CARELINT_CHROMIUM")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .timeout(Duration::from_secs(120));
    cmd
}

/// Runs `check` with the JSON report written to a file, and reads it back.
fn check(args: &[&str], dir: &Path) -> Value {
    let json = dir.join("report.json");
    let out = carelint()
        .arg("check")
        .args(args)
        .args(["--fail-on", "never", "--no-progress", "-q", "-f"])
        .arg(format!("json={}", json.display()))
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c == 0),
        "carelint check {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap()
}

/// The lines of one rule's findings on one page.
fn lines(report: &Value, page: &str, rule: &str) -> Vec<u64> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["page"] == page && f["rule"] == rule)
        .filter_map(|f| f["line"].as_u64())
        .collect()
}

fn page_row<'r>(report: &'r Value, url: &str) -> &'r Value {
    report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["url"] == url)
        .unwrap_or_else(|| panic!("no row for {url} in {:#}", report["pages"]))
}

/// Line `n` (from 1) of `text`.
fn line(text: &str, n: u64) -> &str {
    text.lines()
        .nth(usize::try_from(n).unwrap() - 1)
        .unwrap_or_default()
}

#[tokio::test]
async fn a_served_single_page_app_is_audited_as_the_browser_built_it() {
    let Some(_) = chromium() else { return };
    let server = MockServer::start().await;
    let page = spa(&format!("<script>{APP_JS}</script>"));
    Mock::given(method("GET"))
        .and(path("/"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(page.clone(), "text/html; charset=utf-8"),
        )
        .mount(&server)
        .await;
    let start = format!("{}/", server.uri());
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("evidence");

    // Without --render: "needs JavaScript", never clean.
    let plain = check(&[&start], dir.path());
    assert!(
        !lines(&plain, &start, "accessibility/page-needs-javascript").is_empty(),
        "{:#}",
        plain["findings"]
    );
    assert!(lines(&plain, &start, "accessibility/input-missing-label").is_empty());
    assert!(page_row(&plain, &start).get("rendered").is_none());

    let started = std::time::Instant::now();
    let rendered = check(
        &[&start, "--render", "--archive", archive.to_str().unwrap()],
        dir.path(),
    );
    eprintln!(
        "rendered one page in {:?} (with browser start)",
        started.elapsed()
    );
    let row = page_row(&rendered, &start);
    assert_eq!(row["rendered"], true, "{row:#}");
    assert!(row["error"].is_null(), "{row:#}");
    // The analytics script's host is not the audited site's: blocked.
    assert_eq!(row["blocked_requests"], 1, "{row:#}");
    // The page's size is what the server sent, not the snapshot's.
    assert_eq!(row["bytes"], page.len());

    let label = lines(&rendered, &start, "accessibility/input-missing-label");
    let alt = lines(&rendered, &start, "accessibility/img-missing-alt");
    assert_eq!(label.len(), 1, "{:#}", rendered["findings"]);
    assert_eq!(alt.len(), 1, "{:#}", rendered["findings"]);
    assert!(
        !lines(
            &rendered,
            &start,
            "offline-alternatives/no-phone-on-transaction"
        )
        .is_empty(),
        "a form and no phone route: {:#}",
        rendered["findings"]
    );
    assert!(
        lines(&rendered, &start, "accessibility/page-needs-javascript").is_empty(),
        "the built page has its content"
    );

    // The archive keeps the source and, beside it, the snapshot the lines
    // point into.
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(archive.join("manifest.json")).unwrap()).unwrap();
    let entry = &manifest["pages"][0];
    assert_eq!(entry["url"], start.as_str());
    let source = std::fs::read_to_string(archive.join(entry["file"].as_str().unwrap())).unwrap();
    assert_eq!(source, page);
    let snapshot_file = entry["rendered"]["file"].as_str().unwrap();
    assert!(snapshot_file.ends_with(".rendered.html"), "{entry:#}");
    let snapshot = std::fs::read_to_string(archive.join(snapshot_file)).unwrap();
    assert_eq!(entry["rendered"]["bytes"], snapshot.len());
    assert!(snapshot.starts_with("<!DOCTYPE html>"), "{snapshot}");
    assert!(
        line(&snapshot, label[0]).contains("<input type=\"text\" name=\"nhs-number\">"),
        "line {} of {snapshot}",
        label[0]
    );
    assert!(
        line(&snapshot, alt[0]).contains("<img src=\"clinic.png\">"),
        "line {} of {snapshot}",
        alt[0]
    );
}

#[test]
fn a_local_folder_is_rendered_with_its_relative_scripts() {
    let Some(_) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("js")).unwrap();
    std::fs::write(site.join("js/app.js"), APP_JS).unwrap();
    std::fs::write(
        site.join("index.html"),
        spa(r#"<script src="js/app.js"></script>"#),
    )
    .unwrap();
    let site_arg = site.to_str().unwrap();
    let key = format!("{site_arg}/index.html");

    let plain = check(&[site_arg], dir.path());
    assert!(!lines(&plain, &key, "accessibility/page-needs-javascript").is_empty());
    assert!(lines(&plain, &key, "accessibility/input-missing-label").is_empty());

    let rendered = check(&[site_arg, "--render"], dir.path());
    let row = page_row(&rendered, &key);
    assert_eq!(row["rendered"], true, "{row:#}");
    assert!(row["error"].is_null(), "{row:#}");
    assert_eq!(
        lines(&rendered, &key, "accessibility/input-missing-label").len(),
        1,
        "{:#}",
        rendered["findings"]
    );
    assert_eq!(
        lines(&rendered, &key, "accessibility/img-missing-alt").len(),
        1
    );
    assert!(
        !lines(
            &rendered,
            &key,
            "offline-alternatives/no-phone-on-transaction"
        )
        .is_empty()
    );

    // The text report says so; the app's analytics script was blocked.
    let out = carelint()
        .args([
            "check",
            site_arg,
            "--render",
            "--fail-on",
            "never",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Rendered 1 page in a browser: findings point into the page as its scripts left it; 1 request to other sites was blocked."),
        "{text}"
    );
}

#[tokio::test]
async fn a_page_that_never_finishes_loading_is_reported_not_checked() {
    let Some(_) = chromium() else { return };
    let server = MockServer::start().await;
    // The image the script asks for holds up the load event for a minute.
    let page = "<!DOCTYPE html><html lang=en><title>Slow</title><body><div id=app></div>\
        <script>var i = new Image(); i.src = '/slow.png'; document.body.appendChild(i);</script>";
    Mock::given(method("GET"))
        .and(path("/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(page, "text/html"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/slow.png"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(60)))
        .mount(&server)
        .await;
    let start = format!("{}/", server.uri());
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("report.json");
    let out = carelint()
        .args(["check", &start, "--render", "--render-timeout", "1"])
        .args(["--no-progress", "-q", "-f"])
        .arg(format!("json={}", json.display()))
        .output()
        .unwrap();
    // No page could be checked: the audit says so with exit code 3.
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let report: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let row = page_row(&report, &start);
    let error = row["error"].as_str().unwrap_or_default();
    assert!(
        error.starts_with("not checked: the browser could not render it")
            && error.contains("within 1 s")
            && error.contains("tried twice"),
        "{row:#}"
    );
    assert_eq!(report["summary"]["pages_failed"], 1);
}

#[test]
fn a_missing_browser_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), spa("")).unwrap();
    let missing = dir.path().join("no-such-chromium");
    let out = carelint()
        .args(["check", dir.path().to_str().unwrap(), "--render"])
        .env("CARELINT_CHROMIUM", &missing)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("CARELINT_CHROMIUM"), "{stderr}");
    assert!(stderr.contains("no-such-chromium"), "{stderr}");
    assert!(stderr.contains("apt-get install chromium"), "{stderr}");
}
