//! `carelint diff`, `carelint report`, the EARL format and `--archive`, run as
//! a user runs them.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use sha2::{Digest, Sha256};

fn carelint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("carelint").expect("binary builds");
    cmd.env("CARELINT_NO_CONFIG", "1");
    cmd.env_remove("CARELINT_FAIL_ON");
    cmd.current_dir(dir);
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

fn demo() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-site")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Audits `dir/site` from inside `dir` (as a supplier's re-test would run the
/// same command in the same place) and returns the JSON report's path.
/// `epoch` fixes the time (`SOURCE_DATE_EPOCH`), as a dated audit.
fn audit_on(dir: &Path, epoch: &str) -> std::path::PathBuf {
    let out = dir.join("report.json");
    carelint(dir)
        .env("SOURCE_DATE_EPOCH", epoch)
        .args(["check", "site", "-q", "-f"])
        .arg(format!("json={}", out.display()))
        .assert()
        .code(1);
    out
}

#[test]
fn diff_of_a_retest_finds_the_fix_and_the_new_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let (old_dir, new_dir) = (tmp.path().join("old"), tmp.path().join("new"));
    copy_dir(&demo(), &old_dir.join("site"));
    copy_dir(&demo(), &new_dir.join("site"));
    // Fixed: the condition page's image gets a text alternative.
    edit(
        &new_dir.join("site/conditions/high-blood-pressure.html"),
        r#"<img src="../images/bp-monitor.svg" width="320""#,
        r#"<img src="../images/bp-monitor.svg" alt="A blood pressure monitor on an arm" width="320""#,
    );
    // New: an image without one on the contact page.
    edit(
        &new_dir.join("site/contact.html"),
        r#"<main id="main">"#,
        "<main id=\"main\">\n  <img src=\"images/practice-front.svg\" width=\"480\" height=\"300\">",
    );
    // The supplier's first audit on 1 December 2026, the re-test a week later.
    let old = audit_on(&old_dir, "1796140800");
    let new = audit_on(&new_dir, "1796745600");
    let old_count =
        serde_json::from_slice::<Value>(&std::fs::read(&old).unwrap()).unwrap()["findings"]
            .as_array()
            .unwrap()
            .len();

    let out = carelint(tmp.path())
        .arg("diff")
        .args([&old, &new])
        .args(["-f", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a new error fails the diff");
    let diff: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(diff["summary"]["new"], 1);
    assert_eq!(diff["summary"]["fixed"], 1);
    assert_eq!(diff["summary"]["unchanged"], old_count - 1);
    assert_eq!(diff["summary"]["pages_added"], 0);
    assert_eq!(diff["summary"]["pages_removed"], 0);
    assert_eq!(diff["new"][0]["rule"], "accessibility/img-missing-alt");
    assert_eq!(diff["new"][0]["page"], "site/contact.html");
    assert_eq!(diff["fixed"][0]["rule"], "accessibility/img-missing-alt");
    assert_eq!(
        diff["fixed"][0]["page"],
        "site/conditions/high-blood-pressure.html"
    );

    // Text: counts first.
    let out = carelint(tmp.path())
        .arg("diff")
        .args([&old, &new])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!("1 new, 1 fixed, {} unchanged\n", old_count - 1)),
        "{text}"
    );
    // --fail-on never: the diff is reported but does not fail.
    carelint(tmp.path())
        .arg("diff")
        .args([&old, &new])
        .args(["--fail-on", "never", "-f", "md"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("| 1 | 1 |"));
    // HTML for people: the verdict in words, the counts, and a page that is
    // itself accessible.
    let html_path = tmp.path().join("diff.html");
    carelint(tmp.path())
        .arg("diff")
        .args([&old, &new])
        .arg("-f")
        .arg(format!("html={}", html_path.display()))
        .assert()
        .code(1);
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(
        html.contains("Not fixed: 1 new problem that must be fixed."),
        "{html}"
    );
    assert!(html.contains("Content-Security-Policy"));
    assert!(!html.contains("<script"));
    // When each audit ran, from the reports, and what is still open.
    assert!(html.contains("checked on 1 December 2026"), "{html}");
    assert!(html.contains("checked on 8 December 2026"), "{html}");
    assert!(
        html.contains(&format!("<h2>Still there ({})</h2>", old_count - 1)),
        "{html}"
    );
    let out = carelint(tmp.path())
        .arg("check")
        .arg(&html_path)
        .args(["--only", "accessibility", "-f", "json", "-q"])
        .output()
        .unwrap();
    let own: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(own["findings"].as_array().unwrap().len(), 0, "{own}");
    // A report against itself: nothing new, nothing fixed.
    carelint(tmp.path())
        .arg("diff")
        .args([&old, &old])
        .assert()
        .code(0)
        .stdout(predicates::str::starts_with(format!(
            "0 new, 0 fixed, {old_count} unchanged"
        )));
}

#[test]
fn diff_matches_audits_of_folders_with_other_names() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&demo(), &tmp.path().join("v1"));
    copy_dir(&demo(), &tmp.path().join("v2"));
    for (dir, file) in [("v1", "a.json"), ("v2", "b.json")] {
        carelint(tmp.path())
            .args(["check", dir, "-q", "-f"])
            .arg(format!("json={file}"))
            .assert()
            .code(1);
    }
    carelint(tmp.path())
        .args(["diff", "a.json", "b.json"])
        .assert()
        .code(0)
        .stdout(predicates::str::starts_with("0 new, 0 fixed, "));
}

#[test]
fn diff_refuses_bad_json_and_unknown_schemas() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("bad.json"),
        "{\n  \"schema_version\": 1,\n  x\n}",
    )
    .unwrap();
    std::fs::write(tmp.path().join("v9.json"), r#"{"schema_version": 9}"#).unwrap();
    carelint(tmp.path())
        .args(["diff", "bad.json", "v9.json"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.json"))
        .stderr(predicates::str::contains("bad.json:3:3"));
    std::fs::copy(tmp.path().join("v9.json"), tmp.path().join("v9b.json")).unwrap();
    carelint(tmp.path())
        .args(["diff", "v9.json", "v9b.json"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("schema_version 9"));
    carelint(tmp.path())
        .args(["diff", "missing.json", "v9.json"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("missing.json"));
}

#[test]
fn report_renders_saved_results_as_check_did() {
    let tmp = tempfile::tempdir().unwrap();
    let site = demo();
    let direct = |name: &str| tmp.path().join(format!("direct.{name}"));
    carelint(Path::new(env!("CARGO_MANIFEST_DIR")))
        .arg("check")
        .arg(&site)
        .args(["-q", "-f"])
        .arg(format!("json={}", direct("json").display()))
        .arg("-f")
        .arg(format!("sarif={}", direct("sarif").display()))
        .arg("-f")
        .arg(format!("csv={}", direct("csv").display()))
        .arg("-f")
        .arg(format!("earl={}", direct("earl").display()))
        .assert()
        .code(1);
    for name in ["json", "sarif", "csv", "earl"] {
        let out = carelint(Path::new(env!("CARGO_MANIFEST_DIR")))
            .arg("report")
            .arg(direct("json"))
            .args(["-f", name])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: same exit code as check"
        );
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            std::fs::read_to_string(direct(name)).unwrap(),
            "{name} differs when rendered again"
        );
    }
    // Exit codes follow --fail-on as in check.
    carelint(tmp.path())
        .arg("report")
        .arg(direct("json"))
        .args(["-f", "json", "--fail-on", "never"])
        .assert()
        .code(0);
    // Text output says it has no source lines.
    carelint(tmp.path())
        .arg("report")
        .arg(direct("json"))
        .args(["--color", "never"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("source lines are not shown"))
        .stdout(predicates::str::contains("accessibility/img-missing-alt"));
}

#[test]
fn earl_outcomes_match_the_findings_on_the_demo_site() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let report: Value = serde_json::from_slice(
        &carelint(root)
            .args(["check", "fixtures/demo-site", "-f", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let out = carelint(root)
        .args(["check", "fixtures/demo-site", "-f", "earl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let earl: Value = serde_json::from_slice(&out.stdout).unwrap();
    // JSON-LD shape: a context with the EARL and WCAG 2.2 namespaces, a graph
    // of assertions each with subject, test, mode and result.outcome.
    assert_eq!(earl["@context"]["earl"], "http://www.w3.org/ns/earl#");
    assert_eq!(earl["@context"]["WCAG22"], "https://www.w3.org/TR/WCAG22/#");
    let graph = earl["@graph"].as_array().unwrap();
    let outcomes = [
        "earl:passed",
        "earl:failed",
        "earl:cantTell",
        "earl:inapplicable",
        "earl:untested",
    ];
    let mut failed = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for a in graph {
        assert_eq!(a["@type"], "earl:Assertion");
        assert_eq!(a["earl:mode"]["@id"], "earl:automatic");
        assert!(
            a["earl:assertedBy"]["dct:title"]
                .as_str()
                .unwrap()
                .starts_with("carelint ")
        );
        let subject = a["earl:subject"]["@id"].as_str().unwrap().to_owned();
        let test = a["earl:test"]["@id"].as_str().unwrap();
        assert!(test.starts_with("WCAG22:"), "{test}");
        let number = a["earl:test"]["dct:identifier"]
            .as_str()
            .unwrap()
            .to_owned();
        let result = &a["earl:result"];
        assert_eq!(result["@type"], "earl:TestResult");
        let outcome = result["earl:outcome"]["@id"].as_str().unwrap();
        assert!(outcomes.contains(&outcome), "{outcome}");
        assert!(!result["dct:description"].as_str().unwrap().is_empty());
        assert!(
            seen.insert((subject.clone(), number.clone())),
            "one assertion per page and criterion"
        );
        if outcome == "earl:failed" {
            failed.insert((subject, number));
        }
    }
    // Failed exactly where a certain finding names the criterion.
    let expected: BTreeSet<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["confidence"] == "certain")
        .flat_map(|f| {
            f["wcag"].as_array().unwrap().iter().map(|sc| {
                (
                    f["page"].as_str().unwrap().to_owned(),
                    sc.as_str().unwrap().to_owned(),
                )
            })
        })
        .collect();
    assert_eq!(failed, expected);
    let outcome_of = |page: &str, number: &str| {
        graph
            .iter()
            .find(|a| {
                a["earl:subject"]["@id"] == page && a["earl:test"]["dct:identifier"] == number
            })
            .map(|a| a["earl:result"]["earl:outcome"]["@id"].clone())
    };
    // news.html has no lang; the home page has one, and a rule tested it.
    assert_eq!(
        outcome_of("fixtures/demo-site/news.html", "3.1.1").unwrap(),
        "earl:failed"
    );
    assert_eq!(
        outcome_of("fixtures/demo-site/index.html", "3.1.1").unwrap(),
        "earl:passed"
    );
    // No rule tests flashing: untested, never left out.
    assert_eq!(
        outcome_of("fixtures/demo-site/index.html", "2.3.1").unwrap(),
        "earl:untested"
    );
    // Every page has every level A and AA criterion.
    let pages = report["pages"].as_array().unwrap().len();
    let aa = seen.iter().filter(|(_, n)| n.as_str() == "2.4.11").count();
    assert_eq!(aa, pages);
}

#[test]
fn archive_keeps_each_page_with_its_hash() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let archive = tmp.path().join("evidence");
    carelint(root)
        .args(["check", "fixtures/demo-site", "-q", "--archive"])
        .arg(&archive)
        .assert()
        .code(1);
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(archive.join("manifest.json")).unwrap()).unwrap();
    let pages = manifest["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 11);
    let mut files = BTreeSet::new();
    for page in pages {
        let url = page["url"].as_str().unwrap();
        let file = page["file"].as_str().unwrap();
        assert!(files.insert(file.to_owned()), "one file per page");
        let bytes = std::fs::read(archive.join(file)).unwrap();
        // The archived bytes are the page as read, and the hash is theirs.
        assert_eq!(bytes, std::fs::read(root.join(url)).unwrap(), "{url}");
        assert_eq!(page["bytes"], bytes.len());
        let hash: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(page["sha256"], hash.as_str());
        assert!(page.get("fetched").is_none(), "no times unless asked");
    }
    // The same run again gives the same manifest (no temp files left over).
    let first = std::fs::read(archive.join("manifest.json")).unwrap();
    carelint(root)
        .args(["check", "fixtures/demo-site", "-q", "--archive"])
        .arg(&archive)
        .assert()
        .code(1);
    assert_eq!(first, std::fs::read(archive.join("manifest.json")).unwrap());
    assert_eq!(
        std::fs::read_dir(&archive).unwrap().count(),
        12,
        "11 pages and the manifest"
    );
    // The archive audited again: the same pages, under the names they were
    // first audited as, with the same page findings.
    let json_of = |target: &Path| -> Value {
        let out = carelint(root)
            .args(["check", "-f", "json", "--fail-on", "never"])
            .arg(target)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let original = json_of(&root.join("fixtures/demo-site"));
    let again = json_of(&archive);
    let urls = |report: &Value| -> BTreeSet<String> {
        report["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p["url"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches(&format!("{}/", root.display()))
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(urls(&again), urls(&original));
    let alt = |report: &Value| -> Vec<(String, u64)> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "accessibility/img-missing-alt")
            .map(|f| {
                (
                    f["page"]
                        .as_str()
                        .unwrap()
                        .trim_start_matches(&format!("{}/", root.display()))
                        .to_owned(),
                    f["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert!(!alt(&original).is_empty());
    assert_eq!(alt(&again), alt(&original));
    // A narrower audit into the same folder replaces the earlier archive:
    // its pages are not left beside the new ones.
    carelint(root)
        .args(["check", "fixtures/demo-site/index.html", "-q", "--archive"])
        .arg(&archive)
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_dir(&archive).unwrap().count(),
        2,
        "1 page and the manifest"
    );
    // A folder holding someone's own files is refused before any work.
    std::fs::write(archive.join("notes.txt"), "audit notes").unwrap();
    let out = carelint(root)
        .args(["check", "fixtures/demo-site", "-q", "--archive"])
        .arg(&archive)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("notes.txt") && stderr.contains("never mixed"),
        "{stderr}"
    );
    assert!(
        archive.join("manifest.json").exists(),
        "nothing was removed"
    );
}
