//! The JSON report's format is documented in the repository: a JSON Schema
//! made from the report's types (`schemas/report.schema.json`) and a page made
//! from it (`docs/report-format.md`). This test fails when either is out of
//! date (`UPDATE_SCHEMA=1 cargo test --test report_schema` writes them), and
//! checks real reports against the schema.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_committed_schema_and_page_match_the_code() {
    let schema = carelint::report::json::schema();
    let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let page = carelint::report::json::schema_markdown(&schema);
    let schema_path = root().join("schemas/report.schema.json");
    let page_path = root().join("docs/report-format.md");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::create_dir_all(schema_path.parent().unwrap()).unwrap();
        std::fs::create_dir_all(page_path.parent().unwrap()).unwrap();
        std::fs::write(&schema_path, &text).unwrap();
        std::fs::write(&page_path, &page).unwrap();
    }
    assert!(
        std::fs::read_to_string(&schema_path).unwrap_or_default() == text,
        "schemas/report.schema.json is out of date: run UPDATE_SCHEMA=1 cargo test --test report_schema"
    );
    assert!(
        std::fs::read_to_string(&page_path).unwrap_or_default() == page,
        "docs/report-format.md is out of date: run UPDATE_SCHEMA=1 cargo test --test report_schema"
    );
}

fn report_of(args: &[&str]) -> Value {
    let out = Command::cargo_bin("carelint")
        .unwrap()
        .env("CARELINT_NO_CONFIG", "1")
        .current_dir(root())
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn reports_are_valid_against_the_schema() {
    let schema = carelint::report::json::schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_string_lossy().into_owned();
    let made = Command::cargo_bin("carelint")
        .unwrap()
        .env("CARELINT_NO_CONFIG", "1")
        .current_dir(root())
        .args([
            "baseline",
            "create",
            "--reason",
            "schema test",
            "--baseline",
            &baseline,
        ])
        .arg("fixtures/demo-site/news.html")
        .output()
        .unwrap();
    assert!(made.status.success());
    for report in [
        report_of(&["check", "fixtures/demo-site", "-f", "json"]),
        report_of(&[
            "check",
            "fixtures/demo-site",
            "-f",
            "json",
            "--baseline",
            &baseline,
            "--only",
            "G1,G4",
        ]),
        report_of(&[
            "check",
            "fixtures/demo-site/css/site.css",
            "fixtures/demo-site/index.html",
            "-f",
            "json",
        ]),
    ] {
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // The schema is strict enough to catch a wrong report.
    let mut wrong = report_of(&["check", "fixtures/demo-site/news.html", "-f", "json"]);
    wrong["findings"][0]["severity"] = Value::from("fatal");
    assert!(!validator.is_valid(&wrong));
}
