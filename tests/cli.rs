//! The binary as a user runs it: exit codes, output formats, bad input.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// 2026-12-07 17:13:22 UTC.
const SOURCE_DATE_EPOCH: &str = "1796663602";

fn carelint() -> Command {
    let mut cmd = Command::cargo_bin("carelint").expect("binary builds");
    // A carelint.toml above the checkout must not change what these tests see.
    cmd.env("CARELINT_NO_CONFIG", "1");
    // A fixed time, as reproducible builds set it: reports are byte for byte
    // the same from run to run.
    cmd.env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

fn json_of(args: &[&str]) -> (Value, i32) {
    let out = carelint().args(args).output().expect("runs");
    let code = out.status.code().unwrap_or(-1);
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (value, code)
}

#[test]
fn demo_site_json_matches_the_contract() {
    let (report, code) = json_of(&["check", "fixtures/demo-site", "-f", "json"]);
    assert_eq!(code, 1, "the demo site has errors");
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["tool"]["name"], "carelint");
    assert_eq!(report["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(report["guide"]["version"], "2026.1");
    assert_eq!(report["targets"], serde_json::json!(["fixtures/demo-site"]));
    let pages = report["pages"].as_array().expect("pages");
    assert_eq!(pages.len(), 11);
    for page in pages {
        for key in [
            "url",
            "status",
            "error",
            "title",
            "lang",
            "bytes",
            "readability",
        ] {
            assert!(page.get(key).is_some(), "page lacks {key}: {page}");
        }
        assert!(
            page["url"]
                .as_str()
                .expect("url")
                .starts_with("fixtures/demo-site/")
        );
        assert!(page["bytes"].as_u64().expect("bytes") > 0);
        if let Some(r) = page["readability"].as_object() {
            for key in [
                "words",
                "sentences",
                "flesch_reading_ease",
                "flesch_kincaid_grade",
                "smog",
                "reading_age",
            ] {
                assert!(r[key].is_number(), "readability.{key} is a number");
            }
            assert!(r["words"].as_u64().expect("words") >= 100);
        }
    }
    let findings = report["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    let urls: Vec<&str> = pages.iter().filter_map(|p| p["url"].as_str()).collect();
    for f in findings {
        for key in [
            "rule",
            "section",
            "severity",
            "confidence",
            "message",
            "page",
            "selector",
            "snippet",
            "wcag",
            "help",
        ] {
            assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
        }
        let page = f["page"].as_str().expect("page");
        if f.get("line").is_some() {
            assert!(urls.contains(&page), "finding page {page} is a pages[].url");
            assert!(f["line"].as_u64().expect("line") >= 1);
            assert!(f["column"].as_u64().expect("column") >= 1);
        } else {
            assert_eq!(page, "fixtures/demo-site", "site findings name the target");
        }
        assert!(f["rule"].as_str().expect("rule").contains('/'));
        assert!(f["wcag"].is_array());
    }
    let summary = &report["summary"];
    assert_eq!(summary["pages"], 11);
    assert_eq!(summary["pages_failed"], 0);
    assert_eq!(summary["findings"].as_u64(), Some(findings.len() as u64));
    let by_sev = &summary["by_severity"];
    let total: u64 = ["error", "warning", "info"]
        .iter()
        .filter_map(|k| by_sev[k].as_u64())
        .sum();
    assert_eq!(total, findings.len() as u64);
}

#[test]
fn demo_site_shows_the_deliberate_problems_at_their_lines() {
    let (report, _) = json_of(&["check", "fixtures/demo-site", "-f", "json"]);
    let found: Vec<(String, String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["page"]
                    .as_str()
                    .unwrap_or_default()
                    .trim_start_matches("fixtures/demo-site/")
                    .to_owned(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    // From fixtures/demo-site/EXPECTED.md.
    for (rule, page, line) in [
        (
            "offline-alternatives/no-phone-on-transaction",
            "appointments/index.html",
            46,
        ),
        (
            "accessibility/input-missing-label",
            "appointments/index.html",
            67,
        ),
        ("accessibility/page-missing-title", "prescriptions.html", 6),
        ("plain-language/long-sentence", "prescriptions.html", 31),
        (
            "accessibility/img-missing-alt",
            "conditions/high-blood-pressure.html",
            32,
        ),
        (
            "plain-language/reading-age-too-high",
            "conditions/high-blood-pressure.html",
            28,
        ),
        (
            "plain-language/long-sentence",
            "conditions/high-blood-pressure.html",
            35,
        ),
        ("accessibility/html-missing-lang", "news.html", 2),
        ("accessibility/zoom-disabled", "news.html", 5),
        (
            "offline-alternatives/digital-only-wording",
            "appointments/index.html",
            31,
        ),
        ("any-device/browser-lockout", "appointments/index.html", 84),
        ("skills-and-support/captcha", "appointments/index.html", 85),
        ("data-light/large-image", "news.html", 62),
        ("trust-and-safety/tracker-without-consent", "news.html", 78),
        ("accessible-formats/pdf-only", "leaflets.html", 31),
        // Site findings (no line): the page is the target.
        (
            "accessibility-statement/no-statement-link",
            "fixtures/demo-site",
            0,
        ),
        ("community-voice/no-feedback-route", "fixtures/demo-site", 0),
        (
            "language-access/community-languages-missing",
            "fixtures/demo-site",
            0,
        ),
    ] {
        assert!(
            found.contains(&(rule.to_owned(), page.to_owned(), line)),
            "expected {rule} on {page}:{line}; found {found:#?}"
        );
    }
    // Every guide section has something to show on the demo site.
    for section in 1..=11 {
        let id = format!("G{section}");
        assert!(
            report["summary"]["by_section"][&id].as_u64().unwrap_or(0) > 0,
            "no finding in {id}"
        );
    }
    // The good pages have no findings at all: none of the rules in any
    // section cries wolf on them.
    for page in [
        "register.html",
        "contact.html",
        "privacy.html",
        "pa/index.html",
        "index.html",
    ] {
        assert!(
            !found.iter().any(|(_, p, _)| p == page),
            "{page} should have no findings: {found:#?}"
        );
    }
}

#[test]
fn text_output_points_at_the_line_with_rule_section_and_fix() {
    let out = carelint()
        .args(["check", "fixtures/demo-site/news.html", "--color", "never"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    insta::assert_snapshot!("news_text", text);
}

#[test]
fn json_output_is_stable_for_a_page() {
    let out = carelint()
        .args([
            "check",
            "fixtures/demo-site/appointments/index.html",
            "-f",
            "json",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    insta::assert_snapshot!("appointments_json", text);
}

#[test]
fn output_is_identical_with_one_thread_and_many() {
    let run = |jobs: &str| {
        carelint()
            .args(["check", "fixtures/demo-site", "-f", "json", "-j", jobs])
            .output()
            .expect("runs")
            .stdout
    };
    let one = run("1");
    assert_eq!(one, run("4"));
    assert_eq!(one, run("0"));
}

#[test]
fn stdin_is_a_page() {
    let out = carelint()
        .args(["check", "-", "-f", "json"])
        .write_stdin("<!doctype html><html><head><title>Hi</title></head><body><img src=a.png></body></html>")
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"accessibility/img-missing-alt"));
    assert!(rules.contains(&"accessibility/html-missing-lang"));
    assert_eq!(report["pages"][0]["url"], "-");
}

#[test]
fn fail_on_and_exit_codes() {
    let page = "fixtures/demo-site/prescriptions.html";
    carelint().args(["check", page, "-q"]).assert().code(1);
    carelint()
        .args(["check", page, "-q", "--fail-on", "never"])
        .assert()
        .code(0);
    // Only warnings left when errors are skipped: exit 0 by default, 1 with --fail-on warning.
    let only_warnings = [
        "check",
        "fixtures/demo-site/accessibility.html",
        "-q",
        "--only",
        "plain-language/reading-age-too-high",
    ];
    carelint().args(only_warnings).assert().code(0);
    carelint()
        .args(only_warnings)
        .args(["--fail-on", "warning"])
        .assert()
        .code(1);
    carelint()
        .args(["check", "fixtures/demo-site/register.html", "-q"])
        .assert()
        .code(0);
}

#[test]
fn unknown_rule_and_bad_format_are_usage_errors() {
    let out = carelint()
        .args([
            "check",
            "fixtures/demo-site",
            "--only",
            "accessibility/no-such-rule",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("unknown rule or section `accessibility/no-such-rule`")
    );
    let out = carelint()
        .args(["check", "fixtures/demo-site", "-f", "yaml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown format `yaml`"));
    carelint().args(["check", "--bogus", "x"]).assert().code(2);
}

#[test]
fn sections_select_rules() {
    let (report, _) = json_of(&["check", "fixtures/demo-site", "-f", "json", "--only", "G4"]);
    let findings = report["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["section"] == "G4"));
    let (report, _) = json_of(&[
        "check",
        "fixtures/demo-site",
        "-f",
        "json",
        "--skip",
        "accessibility,plain-language",
    ]);
    let findings = report["findings"].as_array().expect("findings");
    assert!(
        findings
            .iter()
            .all(|f| f["section"] != "G4" && f["section"] != "G1")
    );
}

#[test]
fn opt_in_rules_run_only_when_named() {
    const PAGE: &str =
        "fixtures/rules/accessibility/text-contrast-enhanced/fail-grey-body-text.html";
    const RULE: &str = "accessibility/text-contrast-enhanced";
    let count = |report: &Value| {
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["rule"] == RULE)
            .count()
    };
    // Not by default, and not by naming its section.
    let (report, _) = json_of(&["check", PAGE, "-f", "json"]);
    assert_eq!(count(&report), 0);
    let (report, _) = json_of(&["check", PAGE, "-f", "json", "--only", "G4"]);
    assert_eq!(count(&report), 0);
    // By its id or short name.
    let (report, _) = json_of(&["check", PAGE, "-f", "json", "--only", RULE]);
    assert_eq!(count(&report), 2);
    let (report, _) = json_of(&[
        "check",
        PAGE,
        "-f",
        "json",
        "--only",
        "text-contrast-enhanced",
    ]);
    assert_eq!(count(&report), 2);
    // By a level in the config file, which the report records.
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("carelint.toml");
    std::fs::write(&config, format!("[rules]\n\"{RULE}\" = \"warning\"\n")).expect("config");
    let out = carelint()
        .env_remove("CARELINT_NO_CONFIG")
        .args(["check", PAGE, "-f", "json", "--config"])
        .arg(&config)
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(count(&report), 2);
    assert_eq!(report["selection"]["opt_in"][0], RULE);
    assert!(
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["rule"] == RULE)
            .all(|f| f["severity"] == "warning")
    );
    // `rules` says which rules are opt-in.
    let out = carelint().args(["rules"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.contains(RULE)).expect("listed");
    assert!(line.ends_with("(opt-in)"), "{line}");
}

#[test]
fn json_to_a_file_and_text_to_stdout_together() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("report.json");
    let spec = format!("json={}", path.display());
    let out = carelint()
        .args([
            "check",
            "fixtures/demo-site/news.html",
            "-f",
            "text",
            "-f",
            &spec,
            "--color",
            "never",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("accessibility/zoom-disabled"));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("file written")).expect("json");
    assert_eq!(report["summary"]["pages"], 1);
}

#[test]
fn bad_pages_are_reported_and_the_rest_still_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(
        d.join("good.html"),
        "<!doctype html><html lang=en><title>Fine</title><p>Hello</p>",
    )
    .expect("write");
    std::fs::write(d.join("empty.html"), "").expect("write");
    std::fs::write(d.join("binary.html"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    std::fs::write(
        d.join("latin1.html"),
        b"<html lang=en><title>Caf\xe9</title><p>Price \xa35</p>",
    )
    .expect("write");
    std::fs::write(d.join("deep.html"), "<div>".repeat(10_000)).expect("write");
    let target = d.to_string_lossy().into_owned();
    let out = carelint()
        .args(["check", &target, "-f", "json"])
        .output()
        .expect("runs");
    // 3 of 5 pages failed: more than 10%, so the audit is incomplete.
    assert_eq!(out.status.code(), Some(3));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let pages = report["pages"].as_array().expect("pages");
    let error_of = |name: &str| {
        pages
            .iter()
            .find(|p| p["url"].as_str().is_some_and(|u| u.ends_with(name)))
            .map(|p| p["error"].clone())
            .expect("page listed")
    };
    assert!(
        error_of("empty.html")
            .as_str()
            .expect("error")
            .contains("empty")
    );
    assert!(
        error_of("binary.html")
            .as_str()
            .expect("error")
            .contains("binary")
    );
    assert!(
        error_of("deep.html")
            .as_str()
            .expect("error")
            .contains("nested too deeply")
    );
    assert!(error_of("good.html").is_null());
    assert!(error_of("latin1.html").is_null());
    let latin = pages
        .iter()
        .find(|p| {
            p["url"]
                .as_str()
                .is_some_and(|u| u.ends_with("latin1.html"))
        })
        .expect("listed");
    assert_eq!(latin["title"], "Caf\u{e9}");
    assert_eq!(report["summary"]["pages_failed"], 3);
    // The text report says which pages could not be checked.
    let out = carelint()
        .args(["check", &target, "--color", "never"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("could not check"), "{text}");
    assert!(text.contains("empty.html: the page is empty"), "{text}");
}

#[test]
fn missing_path_and_empty_directory_exit_3_with_a_message() {
    let out = carelint()
        .args(["check", "no/such/site"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no/such/site: no such file or directory")
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let out = carelint()
        .args(["check", &dir.path().to_string_lossy()])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no .html or .htm files"));
}

#[test]
fn rules_json_lists_every_rule_with_contract_fields() {
    let (listing, code) = json_of(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(listing["guide"]["version"], "2026.1");
    assert_eq!(listing["sections"].as_array().map(Vec::len), Some(11));
    assert_eq!(listing["sections"][3]["title"], "Everyone can use it");
    let rules = listing["rules"].as_array().expect("rules");
    assert!(rules.len() >= 9);
    let img = rules
        .iter()
        .find(|r| r["id"] == "accessibility/img-missing-alt")
        .expect("img rule");
    assert_eq!(img["section"], "G4");
    assert_eq!(img["severity"], "error");
    assert_eq!(img["confidence"], "certain");
    assert_eq!(img["scope"], "page");
    assert_eq!(img["wcag"], serde_json::json!(["1.1.1"]));
    assert_eq!(img["act"], serde_json::json!(["23a2a8"]));
    let site = rules
        .iter()
        .find(|r| r["id"] == "language-access/no-language-route")
        .expect("site rule");
    assert_eq!(site["scope"], "site");
}

#[test]
fn explain_prints_rule_and_section_cards() {
    let out = carelint()
        .args(["explain", "accessibility/img-missing-alt"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "Images need a text alternative",
        "G4 Everyone can use it",
        "WCAG 2.2: 1.1.1",
        "Who it shuts out:",
        "How to fix it:",
    ] {
        assert!(text.contains(needle), "missing {needle}: {text}");
    }
    let out = carelint().args(["explain", "G3"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Not online only") && text.contains("A person needs to check:"),
        "{text}"
    );
    carelint().args(["explain", "nope"]).assert().code(2);
}

#[test]
fn guide_md_is_up_to_date() {
    let out = carelint()
        .args(["guide", "--format", "md"])
        .output()
        .expect("runs");
    let generated = String::from_utf8_lossy(&out.stdout);
    let committed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("GUIDE.md"))
        .expect("GUIDE.md exists");
    assert!(
        generated == committed,
        "GUIDE.md is stale: run `cargo run -- guide --format md > GUIDE.md`"
    );
}

#[test]
fn readability_scores_text_from_stdin() {
    let out = carelint()
        .args(["readability", "--format", "json"])
        .write_stdin("What piles are\nPiles are lumps inside and around your bottom. They often get better on their own.\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["sentences"], 3);
    assert_eq!(v["words"], 18);
    assert_eq!(v["profile"], "health");
    assert!(
        v["flesch_kincaid_grade"]
            .as_f64()
            .is_some_and(f64::is_finite)
    );
}

#[test]
fn inline_suppressions_need_a_reason_and_are_counted_not_dropped() {
    let (json, code) = json_of(&[
        "check",
        "fixtures/suppressions/find-us.html",
        "--only",
        "accessibility/img-missing-alt",
        "-f",
        "json",
    ]);
    // The map is accepted in writing; the car park comment has no reason, so
    // its image is still reported and still fails the run.
    assert_eq!(code, 1);
    let lines: Vec<i64> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["line"].as_i64())
        .collect();
    assert_eq!(lines, [18]);
    assert_eq!(json["summary"]["suppressed"], 1);
    let suppressed = &json["suppressed"][0];
    assert_eq!(suppressed["line"], 12);
    assert_eq!(suppressed["by"], "inline, line 11");
    assert!(
        suppressed["reason"]
            .as_str()
            .unwrap()
            .starts_with("the map repeats the directions")
    );
    let problems = json["pages"][0]["suppression_problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1);
    assert!(problems[0].as_str().unwrap().starts_with("line 17: "));

    let text = carelint()
        .args([
            "check",
            "fixtures/suppressions/find-us.html",
            "--only",
            "accessibility/img-missing-alt",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("1 finding was accepted with a written reason"),
        "{text}"
    );
    assert!(
        text.contains("line 17: this suppression has no reason"),
        "{text}"
    );
}

#[test]
fn a_template_problem_on_every_page_is_shown_once_in_text_with_one_issue_id() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["index", "contact", "opening-times", "repeat-prescriptions"] {
        std::fs::write(
            dir.path().join(format!("{name}.html")),
            format!(
                r#"<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{name} - Pleck Health Centre</title></head>
<body><header><img src="/logo.png" width="120" height="40"></header>
<main><h1>{name}</h1><p>Call us on 01632 960123.</p></main></body></html>"#
            ),
        )
        .unwrap();
    }
    let target = dir.path().to_string_lossy().into_owned();
    let args = ["check", &target, "--only", "accessibility/img-missing-alt"];
    let (json, _) = json_of(&[&args[..], &["-f", "json"]].concat());
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 4, "JSON keeps every occurrence");
    let ids: Vec<&Value> = findings.iter().map(|f| &f["issue_id"]).collect();
    assert!(
        ids.iter().all(|id| *id == ids[0] && id.is_string()),
        "{ids:?}"
    );
    let prints: std::collections::BTreeSet<&str> = findings
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(
        prints.len(),
        4,
        "each page's occurrence has its own fingerprint"
    );

    let out = carelint().args(args).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.matches("Image has no text alternative").count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("The same problem is on 3 other pages (a shared template)"),
        "{text}"
    );
}

#[test]
fn fingerprints_are_unique_on_the_demo_site() {
    let (json, _) = json_of(&["check", "fixtures/demo-site", "-f", "json"]);
    let findings = json["findings"].as_array().unwrap();
    let prints: std::collections::BTreeSet<(&str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["page"].as_str().unwrap(),
                f["fingerprint"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        prints.len(),
        findings.len(),
        "two findings on a page share a fingerprint"
    );
}

/// A run that writes only files still says how it went, on standard error,
/// with the same verdict as the exit code; `-q` keeps it quiet.
#[test]
fn a_run_writing_only_files_says_how_it_went() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("carelint.json");
    let out = carelint()
        .args(["check", "fixtures/demo-site", "-f"])
        .arg(format!("json={}", json.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing on stdout");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The verdict counts the same errors the report does.
    let report: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let errors = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error" && f["confidence"] == "certain")
        .count();
    assert!(errors > 1, "the demo site has errors");
    assert!(
        stderr.contains(&format!("Checked 11 pages. Failed: {errors} errors")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("Wrote json to {}.", json.display())),
        "{stderr}"
    );

    let quiet = carelint()
        .args(["check", "fixtures/demo-site", "-q", "-f"])
        .arg(format!("json={}", json.display()))
        .output()
        .unwrap();
    assert_eq!(quiet.status.code(), Some(1));
    assert!(
        quiet.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stderr)
    );
}

/// Every text report ends with one verdict line that agrees with the exit code.
#[test]
fn the_text_report_ends_with_the_verdict() {
    let last_line = |args: &[&str]| {
        let out = carelint().args(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        (
            text.lines().last().unwrap_or_default().to_owned(),
            out.status.code(),
        )
    };
    let (line, code) = last_line(&["check", "fixtures/demo-site/news.html", "--color", "never"]);
    assert_eq!(code, Some(1));
    assert!(line.starts_with("Failed: 7 errors"), "{line}");
    let (line, code) = last_line(&[
        "check",
        "fixtures/demo-site/news.html",
        "--fail-on",
        "never",
    ]);
    assert_eq!(code, Some(0));
    assert!(
        line.starts_with("Not gated (--fail-on never): 7 errors"),
        "{line}"
    );
    let (line, code) = last_line(&["check", "fixtures/demo-site/news.html", "--skip", "G4"]);
    assert_eq!(code, Some(0));
    assert!(line.starts_with("Passed: no errors ("), "{line}");
}

/// Only HTML is checked as HTML: a stylesheet named alone is an error that
/// says why; among other targets it is skipped with a note, never scored.
#[test]
fn a_stylesheet_is_never_checked_as_a_page() {
    let alone = carelint()
        .args(["check", "fixtures/demo-site/css/site.css"])
        .output()
        .unwrap();
    assert_eq!(alone.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&alone.stderr);
    assert!(
        stderr.contains("is not an HTML page (a stylesheet)"),
        "{stderr}"
    );

    let (report, code) = json_of(&[
        "check",
        "fixtures/demo-site/css/site.css",
        "fixtures/demo-site/index.html",
        "-f",
        "json",
    ]);
    assert_eq!(
        code, 0,
        "index.html passes; the stylesheet is not a failure"
    );
    let css = &report["pages"][0];
    assert_eq!(css["url"], "fixtures/demo-site/css/site.css");
    assert_eq!(css["skipped"], "not an HTML page (a stylesheet)");
    assert_eq!(report["summary"]["pages_skipped"], 1);
    let on_css = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["page"] == "fixtures/demo-site/css/site.css")
        .count();
    assert_eq!(on_css, 0, "no finding on a stylesheet");
}

/// Rule names work the same in --only, --skip and explain: short names,
/// spaces after commas, and a "did you mean" for a typo.
#[test]
fn rule_names_work_the_same_everywhere() {
    let (report, _) = json_of(&[
        "check",
        "fixtures/demo-site",
        "--only",
        "img-missing-alt, G3",
        "-f",
        "json",
    ]);
    let mut rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    rules.sort_unstable();
    rules.dedup();
    assert!(
        rules.contains(&"accessibility/img-missing-alt"),
        "{rules:?}"
    );
    assert!(
        rules.iter().all(
            |r| *r == "accessibility/img-missing-alt" || r.starts_with("offline-alternatives/")
        ),
        "{rules:?}"
    );

    for args in [
        &["check", "fixtures/demo-site", "--only", "img-mising-alt"][..],
        &["check", "fixtures/demo-site", "--skip", "img-mising-alt"][..],
        &["explain", "img-mising-alt"][..],
    ] {
        let out = carelint().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("did you mean `img-missing-alt`?"),
            "{args:?}: {stderr}"
        );
    }
    let out = carelint()
        .args(["explain", "img-missing-alt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("accessibility/img-missing-alt"));
}

/// A suppression comment with a typo (the ESLint habit `-line`, a misspelt
/// rule) suppresses nothing and says so, with a suggestion.
#[test]
fn suppression_typos_are_warned_about_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("find-us.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Find us - Palfrey Lane Surgery</title></head>\n\
         <body><main><h1>Find us</h1>\n\
         <!-- carelint-disable-next-line img-missing-alt -- the map is described below -->\n\
         <img src=\"map.png\">\n\
         <!-- carelint-disable-next img-mising-alt -- the map is described below -->\n\
         <img src=\"map2.png\">\n\
         <p>We are on Palfrey Lane, next to the library.</p>\n</main></body></html>\n",
    )
    .unwrap();
    let page = page.to_string_lossy().into_owned();
    let (report, _) = json_of(&["check", &page, "-f", "json"]);
    let problems: Vec<&str> = report["pages"][0]["suppression_problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("line 4: ")
            && problems[0].contains("did you mean `carelint-disable-next`?")
    );
    assert!(
        problems[1].starts_with("line 6: ")
            && problems[1].contains("did you mean `img-missing-alt`?")
    );
    let missing_alt = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "accessibility/img-missing-alt")
        .count();
    assert_eq!(missing_alt, 2, "neither comment suppressed anything");
}

/// A checkbox whose `<label for>` elements hold only icons is the CSS toggle
/// idiom: a stylesheet carelint does not read may hide it, so a person must
/// confirm. A field with no label at all stays certain.
#[test]
fn icon_only_labels_make_a_missing_label_a_question() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("menu.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Services - Palfrey Lane Surgery</title></head>\n\
         <body><header>\n<input class=\"toggle\" type=\"checkbox\" id=\"menu-toggle\">\n\
         <label class=\"menu-button\" for=\"menu-toggle\"><svg aria-hidden=\"true\" width=\"24\" height=\"24\"></svg></label>\n\
         </header><main><h1>Services</h1>\n<p>Book a flu jab at reception.</p>\n\
         <input type=\"text\" name=\"postcode\">\n</main></body></html>\n",
    )
    .unwrap();
    let page = page.to_string_lossy().into_owned();
    let (report, _) = json_of(&[
        "check",
        &page,
        "-f",
        "json",
        "--only",
        "input-missing-label",
    ]);
    let found: Vec<(u64, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or(0),
                f["confidence"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(found, vec![(4, "review"), (8, "certain")], "{found:?}");
}

#[test]
fn source_date_epoch_fixes_the_audit_times_and_the_days_rules_use() {
    let (report, _) = json_of(&["check", "fixtures/demo-site/index.html", "-f", "json"]);
    assert_eq!(report["started"], "2026-12-07T17:13:22Z");
    assert_eq!(report["finished"], "2026-12-07T17:13:22Z");
    // Without it, the clock gives a real time with seconds.
    let out = carelint()
        .env_remove("SOURCE_DATE_EPOCH")
        .args(["check", "fixtures/demo-site/index.html", "-f", "json"])
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let started = report["started"].as_str().expect("started");
    assert_eq!(started.len(), "2026-12-07T17:13:22Z".len());
    assert!(started.ends_with('Z') && started >= "2026-12-07");
    // The statement's age is counted to the fixed day: reviewed on
    // 1 December 2023, it is 36 months old on 7 December 2026 and 24 months
    // old on 7 December 2025.
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        "<!doctype html><html lang=\"en\"><head><title>Accessibility statement - Oak Surgery</title></head>\
         <body><main><h1>Accessibility statement for Oak Surgery</h1>\
         <p>This statement was last reviewed on 1 December 2023.</p></main></body></html>",
    )
    .expect("page");
    let ages = |epoch: &str| {
        let out = carelint()
            .env("SOURCE_DATE_EPOCH", epoch)
            .args(["check", "--only", "statement-out-of-date", "-f", "json"])
            .arg(&page)
            .output()
            .expect("runs");
        let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["message"].as_str().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let now = ages(SOURCE_DATE_EPOCH);
    let a_year_ago = ages("1765127602");
    assert!(now.contains("36 months ago"), "{now}");
    assert!(a_year_ago.contains("24 months ago"), "{a_year_ago}");
}

/// A minified page (everything on one line) still gives narrow source
/// windows: the line is cut around the finding.
#[test]
fn source_windows_stay_narrow_on_one_line_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("minified.html");
    let words = "<p>Bring a list of your medicines to your appointment. </p>".repeat(80);
    std::fs::write(
        &page,
        format!(
            "<!doctype html><html lang=\"en\"><head><title>Your visit - Oak Surgery</title></head>\
             <body><main><h1>Your visit</h1>{words}<img src=\"waiting-room.jpg\">{words}</main></body></html>"
        ),
    )
    .expect("page");
    let out = carelint()
        .args(["check", "--only", "img-missing-alt", "--color", "never"])
        .arg(&page)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("img-missing-alt"), "{text}");
    assert!(
        text.contains("waiting-room.jpg"),
        "the window shows the element: {text}"
    );
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest <= 200, "a line of {widest} characters:\n{text}");
}

/// A rule's settings are discoverable: `explain` lists them and how to change
/// them, and `rules --format json` gives them as data.
#[test]
fn explain_and_rules_show_a_rules_settings() {
    let out = carelint()
        .args(["explain", "long-sentence"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Settings (change any of them under [rules.\"plain-language/long-sentence\"] in carelint.toml):"),
        "{text}"
    );
    assert!(text.contains("  warning_above = 25"), "{text}");
    // A long word list is counted, not printed whole.
    let out = carelint()
        .args(["explain", "medical-jargon"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("entries, listed in the rule file"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 110), "{text}");
    let (rules, _) = json_of(&["rules", "--format", "json"]);
    let rule = rules["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "accessibility/text-contrast-too-low")
        .expect("listed");
    assert_eq!(rule["params"]["normal"], 4.5);
    assert!(rule["params"].get("kind").is_none());
}

/// A site folder with a web app manifest (`manifest.json` of its own) is a
/// folder of pages, not an archive: its pages are found as usual.
#[test]
fn a_web_app_manifest_does_not_make_a_folder_an_archive() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("manifest.json"),
        r#"{"name": "Oak Surgery", "short_name": "Oak", "icons": [], "start_url": "/"}"#,
    )
    .expect("manifest");
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><html lang=\"en\"><head><title>Oak Surgery</title></head>\
         <body><main><h1>Oak Surgery</h1><p>Phone 0121 496 0000.</p></main></body></html>",
    )
    .expect("page");
    let out = carelint()
        .args(["check", "-f", "json", "--fail-on", "never"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let pages = report["pages"].as_array().expect("pages");
    assert_eq!(pages.len(), 1);
    assert!(
        pages[0]["url"]
            .as_str()
            .unwrap_or_default()
            .ends_with("index.html")
    );
}
