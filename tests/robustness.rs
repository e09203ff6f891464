//! Robustness and security (issue 9): page limits are reported, not silently
//! half-checked; findings past the cap are counted; secrets given with
//! `--header` never reach any output; Ctrl-C during a crawl still writes a
//! report marked incomplete; reports are byte-identical run to run.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use carelint::audit::{self, AuditOptions};
use carelint::catalogue::Catalogue;
use carelint::page::Limits;
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn carelint() -> Command {
    let mut cmd = Command::cargo_bin("carelint").unwrap();
    cmd.env("CARELINT_NO_CONFIG", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "100")
        .timeout(Duration::from_secs(120));
    cmd
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title} - Palfrey Lane Surgery</title>\n</head>\n<body>\n<main>\n\
         <h1>{title}</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )
}

/// Runs `carelint check -f json` on one file and returns the exit code and report.
fn check_file(file: &Path) -> (i32, Value) {
    let out = carelint()
        .args(["check", "--fail-on", "never", "-f", "json"])
        .arg(file)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), json)
}

// ---------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------

#[track_caller]
fn assert_not_checked(file: &Path, says: &str) {
    let (code, json) = check_file(file);
    assert_eq!(code, 3, "no page could be checked: exit 3");
    let row = &json["pages"][0];
    let error = row["error"].as_str().unwrap_or_default();
    assert!(error.contains(says), "error {error:?} should say {says:?}");
    assert_eq!(json["summary"]["pages_failed"], 1);
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn page_nested_too_deeply_is_reported_not_half_checked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.html");
    let body = format!("{}x{}", "<div>".repeat(2000), "</div>".repeat(2000));
    std::fs::write(&file, page("Deep", &body)).unwrap();
    assert_not_checked(&file, "nested too deeply to check");
}

#[test]
fn page_with_too_many_elements_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.html");
    std::fs::write(&file, page("Many", &"<b></b>".repeat(500_001))).unwrap();
    assert_not_checked(&file, "too many elements to check");
}

#[test]
fn page_over_the_size_limit_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.html");
    let text = "<p>Call the surgery to book.</p>\n".repeat(11 * 1024 * 1024 / 32);
    std::fs::write(&file, page("Big", &text)).unwrap();
    assert_not_checked(&file, "too large to check");
}

#[test]
fn library_limits_are_enforced_as_given() {
    let catalogue = Catalogue::embedded().unwrap();
    let rules: Vec<_> = catalogue.rules().iter().collect();
    let html = page("Limits", &"<div><span>text</span></div>".repeat(40));
    let cases = [
        (
            Limits {
                max_bytes: 100,
                ..Limits::default()
            },
            "too large to check",
        ),
        (
            Limits {
                max_depth: 4,
                ..Limits::default()
            },
            "nested too deeply",
        ),
        (
            Limits {
                max_elements: 50,
                ..Limits::default()
            },
            "too many elements",
        ),
    ];
    for (limits, says) in cases {
        let options = AuditOptions {
            limits,
            ..AuditOptions::default()
        };
        let report = audit::run_one_page("p.html", html.as_bytes(), &catalogue, &rules, &options);
        let error = report.pages[0].error.clone().unwrap_or_default();
        assert!(error.contains(says), "{error:?} should say {says:?}");
        assert!(report.findings.is_empty());
    }
}

#[test]
fn page_over_its_time_is_reported_as_not_fully_checked() {
    let catalogue = Catalogue::embedded().unwrap();
    let rules: Vec<_> = catalogue.rules().iter().collect();
    let html = page("Slow", "<img src=\"a.png\">");
    let options = AuditOptions {
        page_time: Some(Duration::ZERO),
        ..AuditOptions::default()
    };
    let report = audit::run_one_page("p.html", html.as_bytes(), &catalogue, &rules, &options);
    let error = report.pages[0].error.clone().unwrap_or_default();
    assert!(error.starts_with("not fully checked"), "{error}");
    assert_eq!(report.summary.pages_failed, 1);
    // Without the limit the same page is checked fully.
    let options = AuditOptions {
        page_time: None,
        ..AuditOptions::default()
    };
    let report = audit::run_one_page("p.html", html.as_bytes(), &catalogue, &rules, &options);
    assert_eq!(report.pages[0].error, None);
}

// ---------------------------------------------------------------------------
// Findings cap
// ---------------------------------------------------------------------------

/// A gallery page with 65 images and no alt text: more findings of one rule
/// than the cap lists.
fn gallery(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("gallery.html");
    let images: String = (0..65)
        .map(|i| format!("<img src=\"/photos/surgery-{i}.jpg\">\n"))
        .collect();
    std::fs::write(&file, page("Our surgery in pictures", &images)).unwrap();
    file
}

#[test]
fn findings_past_the_cap_are_counted_not_listed() {
    let dir = tempfile::tempdir().unwrap();
    let file = gallery(dir.path());
    let (_, json) = check_file(&file);
    let rule = "accessibility/img-missing-alt";
    let listed = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .count();
    assert_eq!(listed, audit::MAX_FINDINGS_PER_RULE);
    let not_listed = json["summary"]["findings_not_listed"].as_u64().unwrap();
    assert!(not_listed >= 15, "{not_listed}");
    assert_eq!(
        json["pages"][0]["findings_not_listed"].as_u64(),
        Some(not_listed)
    );
    // The cap shortens the list, never the counts.
    let all_listed = json["findings"].as_array().unwrap().len() as u64;
    let summary = &json["summary"];
    assert_eq!(summary["findings"].as_u64(), Some(all_listed + not_listed));
    let by_severity: u64 = ["error", "warning", "info"]
        .iter()
        .map(|s| summary["by_severity"][s].as_u64().unwrap())
        .sum();
    assert_eq!(by_severity, all_listed + not_listed);
    assert!(summary["by_section"]["G4"].as_u64().unwrap() >= not_listed);
    // The first findings in page order are the ones listed.
    let first_line = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .filter_map(|f| f["line"].as_u64())
        .min();
    assert_eq!(first_line, Some(10));

    let out = carelint()
        .args(["check", "--fail-on", "never", "--color", "never"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("not listed"), "{text}");

    // A page under the cap says nothing about it.
    let small = dir.path().join("small.html");
    std::fs::write(&small, page("One picture", "<img src=\"a.jpg\">")).unwrap();
    let (_, json) = check_file(&small);
    assert!(json["summary"].get("findings_not_listed").is_none());
    assert!(json["pages"][0].get("findings_not_listed").is_none());
}

/// A carelint.toml with levels and ignores changes findings after the cap:
/// the count of what the cap left out must survive it.
#[test]
fn findings_not_listed_survive_a_config_with_levels_and_ignores() {
    let dir = tempfile::tempdir().unwrap();
    let file = gallery(dir.path());
    let config = dir.path().join("carelint.toml");
    std::fs::write(
        &config,
        "[rules]\n\"accessibility/img-missing-alt\" = \"warning\"\n\n\
         [[ignore]]\nrule = \"plain-language/*\"\nreason = \"copy is checked by the content team\"\n",
    )
    .unwrap();
    let out = carelint()
        .env_remove("CARELINT_NO_CONFIG")
        .args(["check", "--fail-on", "never", "-f", "json", "-c"])
        .arg(&config)
        .arg(&file)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let capped = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "accessibility/img-missing-alt")
        .collect::<Vec<_>>();
    assert!(
        capped.iter().all(|f| f["severity"] == "warning"),
        "the level applied"
    );
    let not_listed = json["summary"]["findings_not_listed"].as_u64();
    assert!(not_listed.is_some_and(|n| n >= 15), "{not_listed:?}");
    assert_eq!(json["pages"][0]["findings_not_listed"].as_u64(), not_listed);
    // The level applies to the findings left out of the list too: every
    // missing alt, listed or not, is counted as a warning.
    let warnings = json["summary"]["by_severity"]["warning"].as_u64().unwrap();
    assert!(
        warnings >= capped.len() as u64 + not_listed.unwrap_or(0),
        "{warnings} warnings"
    );
    assert_eq!(
        json["summary"]["by_severity"]["error"].as_u64(),
        Some(
            json["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["severity"] == "error")
                .count() as u64
        )
    );
}

/// An `[[ignore]]` entry runs before the cap: findings it accepts leave
/// room in the list for the next ones, rather than a gap.
#[test]
fn an_ignore_runs_before_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    // Ten decorative pictures with ids first, then 60 photos: 70 missing alts.
    let decor: String = ('a'..='j')
        .map(|c| format!("<img id=\"decor-{c}\" src=\"/art/{c}.png\">\n"))
        .collect();
    let photos: String = (0..60)
        .map(|i| format!("<img src=\"/photos/surgery-{i}.jpg\">\n"))
        .collect();
    let file = dir.path().join("gallery.html");
    std::fs::write(&file, page("Our surgery", &format!("{decor}{photos}"))).unwrap();
    let rule = "accessibility/img-missing-alt";
    let (_, before) = check_file(&file);
    assert_eq!(before["summary"]["findings_not_listed"], 20);
    let config: String = ('a'..='j')
        .map(|c| {
            format!(
                "[[ignore]]\nrule = \"{rule}\"\nselector = \"img#decor-{c}\"\nreason = \"decorative\"\n\n"
            )
        })
        .collect();
    let path = dir.path().join("carelint.toml");
    std::fs::write(&path, config).unwrap();
    let out = carelint()
        .env_remove("CARELINT_NO_CONFIG")
        .args(["check", "--fail-on", "never", "-f", "json", "-c"])
        .arg(&path)
        .arg(&file)
        .output()
        .unwrap();
    let after: Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed = after["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .count();
    assert_eq!(after["summary"]["suppressed"], 10);
    assert_eq!(
        listed,
        audit::MAX_FINDINGS_PER_RULE,
        "the list is full again"
    );
    assert_eq!(
        after["summary"]["findings_not_listed"], 10,
        "the accepted ones came off the count of those not listed"
    );
    assert_eq!(after["pages"][0]["findings_not_listed"], 10);
}

/// A baseline made from a capped page accepts every finding, listed or not;
/// the next run finds nothing new and no entry "fixed", and a new problem
/// past the cap still fails the gate.
#[test]
fn a_baseline_covers_findings_past_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let file = gallery(dir.path());
    let baseline = dir.path().join("baseline.json");
    let status = carelint()
        .args([
            "baseline",
            "create",
            "--reason",
            "known gallery",
            "--baseline",
        ])
        .arg(&baseline)
        .arg(&file)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let run = |extra: &[&str]| {
        let out = carelint()
            .args(["check", "-f", "json", "--baseline"])
            .arg(&baseline)
            .args(extra)
            .arg(&file)
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), json)
    };
    let (code, json) = run(&[]);
    let counts = &json["summary"]["baseline"];
    assert_eq!(counts["fixed"], 0, "{counts}");
    assert_eq!(counts["new"], 0, "{counts}");
    assert_eq!(
        counts["known"].as_u64(),
        json["summary"]["findings"].as_u64(),
        "every finding found is known"
    );
    assert_eq!(code, Some(0));
    // One more picture without alt text, at the end: past the cap.
    let html = std::fs::read_to_string(&file).unwrap().replace(
        "</main>",
        "<img src=\"/photos/new-waiting-room.jpg\">\n</main>",
    );
    std::fs::write(&file, html).unwrap();
    let (code, json) = run(&[]);
    assert_eq!(json["summary"]["baseline"]["new"], 1);
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["baseline"] == "known"),
        "the new one is past the cap, not listed"
    );
    assert_eq!(code, Some(1), "a new problem past the cap still fails");
}

// ---------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------

const SECRET: &str = "Bearer 9d1c-carelint-secret-e77a";
const SECRET_PART: &str = "9d1c-carelint-secret-e77a";

async fn practice_site() -> MockServer {
    let server = MockServer::start().await;
    let home = page(
        "Home",
        "<p>Call 0121 496 0000.</p><a href=\"/appointments\">Appointments</a>\n\
         <a href=\"/login/start\">Sign in</a><a href=\"/missing\">Old page</a>",
    );
    let appointments = page("Appointments", "<p>Book online.</p><img src=\"/x.png\">");
    for (at, body) in [("/", home), ("/appointments", appointments)] {
        Mock::given(method("GET"))
            .and(path(at))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/html; charset=utf-8"))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/missing"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    server
}

#[track_caller]
fn assert_secret_free(what: &str, text: &str) {
    assert!(
        !text.contains(SECRET_PART),
        "the secret is in {what}:\n{text}"
    );
}

#[tokio::test]
async fn header_secrets_never_appear_in_any_output() {
    let server = practice_site().await;
    let dir = tempfile::tempdir().unwrap();
    let formats = ["json", "sarif", "junit", "gitlab", "md", "csv", "text"];
    for header in [
        "Authorization: env:CARELINT_TEST_TOKEN",
        &format!("Authorization: {SECRET}"),
    ] {
        let mut cmd = carelint();
        cmd.env("CARELINT_TEST_TOKEN", SECRET).args([
            "check",
            "--fail-on",
            "never",
            "-j",
            "1",
            "--header",
            header,
        ]);
        for f in formats {
            cmd.arg("-f").arg(format!(
                "{f}={}",
                dir.path().join(format!("report.{f}")).display()
            ));
        }
        let out = cmd.arg(server.uri()).output().unwrap();
        assert_secret_free("stdout", &String::from_utf8_lossy(&out.stdout));
        assert_secret_free("stderr", &String::from_utf8_lossy(&out.stderr));
        for f in formats {
            let file = dir.path().join(format!("report.{f}"));
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{} missing: {e}", file.display()));
            // The Markdown summary names no pages; the others list the crawl's.
            assert!(
                f == "md" || text.contains("appointments"),
                "{f} report covers the crawl:\n{text}"
            );
            assert_secret_free(f, &text);
        }
        // Nothing else was written beside the reports (no logs, no temp files).
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            formats.len()
        );

        let out = carelint()
            .env("CARELINT_TEST_TOKEN", SECRET)
            .args(["check", "--print-config", "--header", header])
            .arg(server.uri())
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&out.stdout);
        assert_secret_free("--print-config", &printed);
        assert_secret_free(
            "--print-config stderr",
            &String::from_utf8_lossy(&out.stderr),
        );
    }
    // The header did reach the site, so the test proves something.
    let requests = server.received_requests().await.unwrap();
    assert!(requests.iter().any(|r| {
        r.headers
            .get("authorization")
            .is_some_and(|v| v.as_bytes() == SECRET.as_bytes())
    }));
}

#[tokio::test]
async fn bad_header_errors_do_not_echo_the_value() {
    for header in [
        format!("Bad Name: {SECRET}"),
        format!("Authorization: {SECRET}\u{7}"),
        SECRET.replace(' ', "-"),
    ] {
        let out = carelint()
            .args(["check", "--header", &header, "http://127.0.0.1:9/"])
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(0));
        assert_secret_free("stdout", &String::from_utf8_lossy(&out.stdout));
        assert_secret_free("stderr", &String::from_utf8_lossy(&out.stderr));
    }
}

// ---------------------------------------------------------------------------
// Interruption and write safety
// ---------------------------------------------------------------------------

#[tokio::test]
async fn ctrl_c_during_a_crawl_writes_a_report_marked_incomplete() {
    let server = MockServer::start().await;
    let links: String = (0..40)
        .map(|i| format!("<li><a href=\"/news/{i}\">News item {i}</a></li>\n"))
        .collect();
    Mock::given(method("GET"))
        .and(path("/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            page("Home", &format!("<ul>{links}</ul>")),
            "text/html; charset=utf-8",
        ))
        .mount(&server)
        .await;
    // Every other page is slow, so the crawl is still running when Ctrl-C comes.
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(page("News", "<p>The flu clinic is open.</p>"), "text/html")
                .set_delay(Duration::from_millis(700)),
        )
        .mount(&server)
        .await;

    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let binary = assert_cmd::cargo::cargo_bin("carelint");
    let mut child = std::process::Command::new(binary)
        .env("CARELINT_NO_CONFIG", "1")
        .args([
            "check",
            "--quiet",
            "--fail-on",
            "never",
            "--concurrency",
            "1",
            "-f",
        ])
        .arg(format!("json={}", report.display()))
        .arg(server.uri())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the crawl has gone past the home page.
    let start = Instant::now();
    loop {
        let seen = server.received_requests().await.unwrap_or_default();
        if seen
            .iter()
            .filter(|r| r.url.path().starts_with("/news/"))
            .count()
            >= 2
        {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the crawl never started"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let waited = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "carelint did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    // Incomplete: exit 3, and the report says so.
    assert_eq!(status.code(), Some(3));
    let json: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let stopped = json["crawl"]["stopped"].as_str().unwrap_or_default();
    assert!(stopped.contains("interrupted"), "{stopped:?}");
    let pages = json["pages"].as_array().unwrap();
    assert!(
        !pages.is_empty() && pages.len() < 41,
        "{} pages",
        pages.len()
    );
    // Far fewer pages than the 41 were fetched: the crawl really stopped.
    let fetched = server.received_requests().await.unwrap().len();
    assert!(fetched < 20, "{fetched} requests after Ctrl-C");
    // Only the finished report is left: no temporary file.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("report.json")]);
}

#[test]
fn write_file_replaces_whole_files_and_leaves_no_temp() {
    use carelint::write::write_file;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("reports").join("baseline.json");
    write_file(&file, b"{\"old\": true}").unwrap();
    write_file(&file, b"{\"new\": true}").unwrap();
    assert_eq!(std::fs::read(&file).unwrap(), b"{\"new\": true}");
    let names: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    // A write that fails (the target is a folder) leaves no temp file behind.
    let folder = dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("keep"), "x").unwrap();
    assert!(write_file(&folder, b"data").is_err());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.iter().all(|n| !n.contains(".tmp")), "{left:?}");
}

// ---------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------

#[test]
fn reports_are_byte_identical_across_runs_and_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, jobs: Option<&str>| {
        let mut cmd = carelint();
        // Start and end times are the only things that change between runs;
        // SOURCE_DATE_EPOCH fixes them, as reproducible builds do.
        cmd.env("SOURCE_DATE_EPOCH", "1796663602");
        cmd.args(["check", "--fail-on", "never", "fixtures/demo-site"]);
        if let Some(j) = jobs {
            cmd.args(["-j", j]);
        }
        for f in ["json", "sarif", "junit"] {
            cmd.arg("-f").arg(format!(
                "{f}={}",
                dir.path().join(format!("{name}.{f}")).display()
            ));
        }
        cmd.assert().success();
    };
    run("first", None);
    run("second", None);
    run("one-thread", Some("1"));
    for f in ["json", "sarif", "junit"] {
        let read = |name: &str| std::fs::read(dir.path().join(format!("{name}.{f}"))).unwrap();
        let first = read("first");
        assert!(!first.is_empty());
        assert!(first == read("second"), "{f} differs between two runs");
        assert!(first == read("one-thread"), "{f} differs with -j 1");
    }
}
