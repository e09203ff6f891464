//! The crawler against a served copy of the demo site: the same findings as
//! auditing the folder, apart from the page names.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers::any};

/// Serves a folder like a plain static web server: `/` and folders give their
/// `index.html`, unknown paths 404, and there is no robots.txt or sitemap.
struct Folder(PathBuf);

impl Respond for Folder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path().trim_start_matches('/');
        let mut file = self.0.join(path);
        if path.is_empty() || path.ends_with('/') {
            file = file.join("index.html");
        }
        if path.split('/').any(|s| s == "..") {
            return ResponseTemplate::new(403);
        }
        let mime = match file.extension().and_then(|e| e.to_str()) {
            Some("html") => "text/html; charset=utf-8",
            Some("css") => "text/css",
            Some("png") => "image/png",
            Some("svg") => "image/svg+xml",
            _ => "application/octet-stream",
        };
        match std::fs::read(&file) {
            Ok(bytes) => ResponseTemplate::new(200).set_body_raw(bytes, mime),
            Err(_) => ResponseTemplate::new(404).set_body_raw("Not found", "text/plain"),
        }
    }
}

/// The demo site served on 127.0.0.1 like a plain static web server.
async fn serve_demo_site() -> MockServer {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-site");
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Folder(root))
        .mount(&server)
        .await;
    server
}

fn carelint(args: &[&str]) -> (Value, i32) {
    let out = Command::cargo_bin("carelint")
        .expect("binary builds")
        .env("CARELINT_NO_CONFIG", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("runs");
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (report, out.status.code().unwrap_or(-1))
}

/// (page path within the site, rule, line, column, message) for each finding.
fn comparable(report: &Value, prefix: &str) -> Vec<(String, String, i64, i64, String)> {
    let mut out: Vec<_> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let page = f["page"].as_str().unwrap_or_default();
            let mut page = page
                .strip_prefix(prefix)
                .unwrap_or(page)
                .trim_start_matches('/')
                .to_owned();
            if page.is_empty() {
                page = "index.html".to_owned();
            }
            (
                page,
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_i64().unwrap_or(0),
                f["column"].as_i64().unwrap_or(0),
                // Site findings name pages in their message.
                f["message"]
                    .as_str()
                    .unwrap_or_default()
                    .replace(&format!("{prefix}/"), ""),
            )
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn served_demo_site_gives_the_same_findings_as_the_folder() {
    let server = serve_demo_site().await;
    let start = format!("{}/", server.uri());

    let (folder, folder_code) = carelint(&["check", "fixtures/demo-site", "-f", "json"]);
    let (crawled, crawl_code) = carelint(&["check", &start, "-f", "json", "--quiet"]);

    assert_eq!(crawl_code, folder_code, "same exit code");
    let expected = comparable(&folder, "fixtures/demo-site");
    assert!(!expected.is_empty(), "the demo site has known problems");
    assert_eq!(comparable(&crawled, &server.uri()), expected);

    // Every page of the folder was reached by following links; `/` and
    // `/index.html` are the same bytes, so the second is skipped, not re-audited.
    let checked: Vec<&str> = crawled["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .filter(|p| p["error"].is_null())
        .map(|p| p["url"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        checked.len(),
        folder["pages"].as_array().map_or(0, Vec::len)
    );
    assert_eq!(crawled["summary"]["pages_failed"], 0);
    assert_eq!(crawled["summary"]["pages_skipped"], 1);
    let index = crawled["pages"]
        .as_array()
        .and_then(|p| {
            p.iter()
                .find(|p| p["url"] == Value::String(format!("{start}index.html")))
        })
        .expect("index.html row");
    assert!(
        index["skipped"]
            .as_str()
            .is_some_and(|s| s.contains("the same page as")),
        "{index}"
    );
    // Crawled rows carry how they were fetched.
    let contact = crawled["pages"]
        .as_array()
        .and_then(|p| {
            p.iter().find(|p| {
                p["url"]
                    .as_str()
                    .is_some_and(|u| u.ends_with("/contact.html"))
            })
        })
        .expect("contact row");
    assert_eq!(contact["status"], 200);
    assert_eq!(contact["depth"], 1);
    assert_eq!(contact["found_on"], Value::String(start.clone()));
    assert_eq!(contact["content_type"], "text/html; charset=utf-8");
    assert_eq!(crawled["crawl"]["robots"], "obeyed");
    assert_eq!(crawled["targets"], serde_json::json!([start]));
    // The pale news dates are set only in the linked css/site.css: the crawl
    // fetched it once for all 11 pages, and the folder read it from disk.
    assert_eq!(crawled["crawl"]["stylesheets_read"], 1);
    let pale_dates = |report: &Value| {
        report["findings"].as_array().map_or(0, |f| {
            f.iter()
                .filter(|f| {
                    f["rule"] == "accessibility/text-contrast-too-low"
                        && f["page"].as_str().is_some_and(|p| p.ends_with("news.html"))
                })
                .count()
        })
    };
    assert_eq!(pale_dates(&folder), 5);
    assert_eq!(pale_dates(&crawled), 5);
}

/// A `[sarif] url_map` in carelint.toml turns crawled URLs into the source
/// files that make them, so code scanning can annotate the file.
#[tokio::test]
async fn sarif_url_map_from_the_config_points_crawled_findings_at_files() {
    let server = serve_demo_site().await;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("carelint.toml"),
        "[[sarif.url_map]]\npages = \"/conditions/**\"\nfile = \"site/{path}\"\n",
    )
    .expect("config written");
    let out = Command::cargo_bin("carelint")
        .expect("binary builds")
        .current_dir(dir.path())
        .args(["check", &format!("{}/", server.uri()), "-q", "-f", "sarif"])
        .output()
        .expect("runs");
    let sarif: Value = serde_json::from_slice(&out.stdout).expect("SARIF on stdout");
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(
        uris.contains(&"site/conditions/high-blood-pressure.html"),
        "{uris:?}"
    );
    // Pages the map does not cover keep a logical location.
    assert!(
        uris.iter().all(|u| u.starts_with("site/conditions/")),
        "{uris:?}"
    );
}

/// Outside a terminal (a CI log), a crawl says what it is doing: a line at
/// each phase with the page limit as the total, so a long crawl shows life.
#[tokio::test]
async fn crawl_progress_shows_phases_in_a_log() {
    let server = serve_demo_site().await;
    let start = format!("{}/", server.uri());
    let out = Command::cargo_bin("carelint")
        .expect("binary builds")
        .env("CARELINT_NO_CONFIG", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", &start, "--max-pages", "30", "-f", "json"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let progress: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("carelint: "))
        .collect();
    for phase in [
        "reading sitemaps",
        "checking pages",
        "measuring page weight",
    ] {
        assert!(
            progress.iter().any(|l| l.contains(phase)),
            "no `{phase}` line in the log: {progress:#?}"
        );
    }
    assert!(
        progress
            .iter()
            .all(|l| l.contains("of at most 30 pages checked")),
        "{progress:#?}"
    );
    let quiet = Command::cargo_bin("carelint")
        .expect("binary builds")
        .env("CARELINT_NO_CONFIG", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", &start, "-q", "-f", "json"])
        .output()
        .expect("runs");
    assert!(
        !String::from_utf8_lossy(&quiet.stderr).contains("carelint: "),
        "--quiet shows no progress"
    );
}

/// An `--archive` folder keeps the style sheets the crawl read, so auditing
/// the folder later judges the same colours: the same findings, not fewer.
#[tokio::test]
async fn an_archive_keeps_the_style_sheets_so_a_later_audit_finds_the_same() {
    let server = serve_demo_site().await;
    let start = format!("{}/", server.uri());
    let archive = tempfile::tempdir().expect("tempdir");
    let folder = archive.path().to_str().expect("utf-8 path");

    let (crawled, _) = carelint(&[
        "check",
        &start,
        "-f",
        "json",
        "--quiet",
        "--archive",
        folder,
    ]);
    let manifest: Value = serde_json::from_slice(
        &std::fs::read(archive.path().join("manifest.json")).expect("manifest"),
    )
    .expect("manifest is JSON");
    let sheets = manifest["sheets"].as_array().expect("sheets listed");
    assert_eq!(sheets.len(), 1, "{sheets:?}");
    assert_eq!(sheets[0]["url"], format!("{start}css/site.css"));

    let (again, _) = carelint(&["check", folder, "-f", "json", "--quiet"]);
    let contrast = |report: &Value| {
        comparable(report, &server.uri())
            .into_iter()
            .filter(|f| f.1 == "accessibility/text-contrast-too-low")
            .collect::<Vec<_>>()
    };
    assert_eq!(contrast(&crawled).len(), 5);
    assert_eq!(contrast(&again), contrast(&crawled));
}
