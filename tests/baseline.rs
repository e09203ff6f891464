//! The baseline as a CI user meets it: accept today's findings, then only new
//! problems fail the build; fixed entries and expired ones are called out.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn carelint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("carelint").unwrap();
    cmd.current_dir(dir)
        .env("CARELINT_NO_CONFIG", "1")
        .env_remove("CARELINT_BASELINE");
    cmd
}

/// A copy of the demo site in a fresh folder, with a baseline accepting all
/// its findings.
fn demo_with_baseline() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-site"),
        &dir.path().join("site"),
    );
    let out = carelint(dir.path())
        .args([
            "baseline",
            "create",
            "site",
            "--reason",
            "Known before the redesign",
        ])
        .args(["--owner", "web team", "--expires", "2099-12-31"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn check_json(dir: &Path) -> (Value, i32) {
    let out = carelint(dir)
        .args(["check", "site", "-f", "json", "-q"])
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    (json, out.status.code().unwrap_or(-1))
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_baseline_passes_the_next_run_and_only_a_new_problem_fails() {
    let dir = demo_with_baseline();
    let (json, code) = check_json(dir.path());
    assert_eq!(code, 0, "every finding is known");
    let counts = &json["summary"]["baseline"];
    assert_eq!(counts["new"], 0);
    assert!(counts["known"].as_u64().unwrap() > 10, "{counts}");
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["baseline"] == "known")
    );

    // An edit above every problem on the page moves their lines but not their
    // fingerprints; a new image without alt text is the one new finding.
    edit(
        &dir.path().join("site/contact.html"),
        "<h1>Contact us</h1>",
        "<h1>Contact us</h1>\n<p>We have moved our reception desk.</p>\n<img src=\"new-map.png\">",
    );
    let (json, code) = check_json(dir.path());
    assert_eq!(code, 1);
    let new: Vec<&Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["baseline"] == "new")
        .collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0]["rule"], "accessibility/img-missing-alt");
    assert_eq!(new[0]["page"], "site/contact.html");
    assert_eq!(json["summary"]["baseline"]["new"], 1);

    // The text report shows the new one and counts the rest.
    let out = carelint(dir.path())
        .args(["check", "site"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.matches("  × ").count() + text.matches("  ⚠ ").count() + text.matches("  ☞ ").count(),
        1,
        "{text}"
    );
    assert!(text.contains("Baseline: 1 new,"), "{text}");

    // --no-baseline sees everything again.
    let out = carelint(dir.path())
        .args(["check", "site", "--no-baseline", "-f", "json", "-q"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["summary"].get("baseline").is_none());
}

#[test]
fn fixed_entries_make_baseline_check_fail_until_updated() {
    let dir = demo_with_baseline();
    let before = std::fs::read_to_string(dir.path().join(".carelint-baseline.json")).unwrap();
    // Fix the missing alt text on the blood pressure page.
    edit(
        &dir.path().join("site/conditions/high-blood-pressure.html"),
        "<img src=\"../images/bp-monitor.svg\"",
        "<img alt=\"A blood pressure monitor on an arm\" src=\"../images/bp-monitor.svg\"",
    );
    let (json, code) = check_json(dir.path());
    assert_eq!(code, 0, "fixing a problem never fails the build");
    assert_eq!(json["summary"]["baseline"]["fixed"], 1);

    let out = carelint(dir.path())
        .args(["baseline", "check", "site"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(
            "fixed: accessibility/img-missing-alt on site/conditions/high-blood-pressure.html"
        ),
        "{text}"
    );

    let out = carelint(dir.path())
        .args(["baseline", "update", "site"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = std::fs::read_to_string(dir.path().join(".carelint-baseline.json")).unwrap();
    assert_eq!(
        before.matches("\"fingerprint\"").count() - 1,
        after.matches("\"fingerprint\"").count()
    );
    // Kept entries keep their reason, owner and expiry.
    assert!(after.contains("\"owner\": \"web team\""));
    let out = carelint(dir.path())
        .args(["baseline", "check", "site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));

    // An update with nothing changed rewrites the file byte for byte.
    let out = carelint(dir.path())
        .args(["baseline", "update", "site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        after,
        std::fs::read_to_string(dir.path().join(".carelint-baseline.json")).unwrap()
    );
}

#[test]
fn an_expired_entry_fails_again() {
    let dir = demo_with_baseline();
    let path = dir.path().join(".carelint-baseline.json");
    let text = std::fs::read_to_string(&path).unwrap();
    // Expire the entry for the image without alt text only.
    let mut json: Value = serde_json::from_str(&text).unwrap();
    for e in json["entries"].as_array_mut().unwrap() {
        if e["rule"] == "accessibility/img-missing-alt" {
            e["expires"] = "2020-01-31".into();
        }
    }
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let out = carelint(dir.path())
        .args(["check", "site", "-f", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["baseline"]["expired"], 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("expired on 2020-01-31"), "{stderr}");
    let out = carelint(dir.path())
        .args(["baseline", "check", "site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_broken_baseline_is_a_pointed_usage_error() {
    let dir = demo_with_baseline();
    let path = dir.path().join(".carelint-baseline.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("\"reason\"", "\"reasons\"", 1)).unwrap();
    let out = carelint(dir.path())
        .args(["check", "site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown field `reasons`"), "{stderr}");
    assert!(stderr.contains(".carelint-baseline.json"), "{stderr}");
    // create refuses to overwrite, and needs a reason.
    let out = carelint(dir.path())
        .args(["baseline", "create", "site", "--reason", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_file(&path).unwrap();
    let out = carelint(dir.path())
        .args(["baseline", "create", "site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--reason"));
}
