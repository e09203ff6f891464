//! The CI output formats (SARIF, JUnit, GitLab Code Quality, Markdown, CSV):
//! snapshots on the demo site, validation against the published SARIF
//! schema, strict structural checks for JUnit and GitLab, and a hostile page
//! whose text tries to break out of each format.

use std::collections::{BTreeMap, HashSet};

use assert_cmd::Command;
use carelint::audit::AuditReport;
use carelint::catalogue::Catalogue;
use carelint::report::{self, Format, RenderOptions, UrlMapEntry};
use quick_xml::events::Event;
use serde_json::Value;

fn carelint() -> Command {
    let mut cmd = Command::cargo_bin("carelint").expect("binary builds");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

fn output_of(args: &[&str]) -> String {
    let out = carelint().args(args).output().expect("runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn demo(format: &str) -> String {
    output_of(&["check", "fixtures/demo-site", "-f", format])
}

/// The SARIF 2.1.0 schema as shipped with Microsoft's SARIF Multitool 5.7.0
/// (`@microsoft/sarif-multitool-linux`, see tests/schemas/README.md).
fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("schemas/sarif-schema-2.1.0.json"))
        .expect("schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn assert_valid_sarif(text: &str) -> Value {
    let value: Value = serde_json::from_str(text).expect("SARIF is JSON");
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");
    // What GitHub code scanning needs beyond the schema.
    let run = &value["runs"][0];
    for rule in run["tool"]["driver"]["rules"].as_array().expect("rules") {
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(
                rule[key]["text"].as_str().is_some_and(|t| !t.is_empty()),
                "{key} in {rule}"
            );
        }
        assert!(rule["helpUri"].as_str().is_some());
        assert!(
            rule["properties"]["tags"]
                .as_array()
                .is_some_and(|t| t.len() <= 20)
        );
    }
    for result in run["results"].as_array().expect("results") {
        assert!(result["message"]["text"].as_str().is_some());
        assert!(result["partialFingerprints"]["carelintFingerprint/v1"].is_string());
        assert!(matches!(
            result["level"].as_str(),
            Some("error" | "warning" | "note")
        ));
    }
    value
}

#[test]
fn sarif_on_the_demo_site_is_valid_and_stable() {
    let text = demo("sarif");
    let value = assert_valid_sarif(&text);
    let results = value["runs"][0]["results"].as_array().expect("results");
    assert!(!results.is_empty());
    // Local files: a relative path and a start line, as GitHub needs.
    for r in results {
        let physical = &r["locations"][0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().unwrap_or("");
        if r["properties"]["page"] == "fixtures/demo-site" {
            continue; // a site finding has no file
        }
        assert!(uri.starts_with("fixtures/demo-site/"), "{r}");
        assert!(
            physical["region"]["startLine"]
                .as_u64()
                .is_some_and(|l| l >= 1)
        );
    }
    insta::assert_snapshot!("demo_sarif", text);
}

/// The demo report with every page moved to a web address, as a crawl would
/// give.
fn crawled_demo_report() -> AuditReport {
    let json = demo("json");
    let mut report: AuditReport = serde_json::from_str(&json).expect("report");
    let to_url = |s: &str| {
        s.strip_prefix("fixtures/demo-site")
            .map_or_else(|| s.to_owned(), |rest| format!("https://gp.example{rest}"))
    };
    for p in &mut report.pages {
        p.url = to_url(&p.url);
    }
    for f in &mut report.findings {
        f.page = to_url(&f.page);
    }
    report
}

#[test]
fn sarif_for_crawled_pages_uses_logical_locations_unless_mapped() {
    let catalogue = Catalogue::embedded().expect("catalogue");
    let report = crawled_demo_report();
    let plain = report::render(
        Format::Sarif,
        &report,
        &catalogue,
        &RenderOptions::default(),
    )
    .expect("renders");
    let value = assert_valid_sarif(&plain);
    for r in value["runs"][0]["results"].as_array().expect("results") {
        let location = &r["locations"][0];
        assert!(location.get("physicalLocation").is_none(), "{r}");
        let page = location["logicalLocations"][0]["fullyQualifiedName"]
            .as_str()
            .expect("logical location");
        assert!(page.starts_with("https://gp.example"));
        assert!(
            r["message"]["text"]
                .as_str()
                .is_some_and(|m| m.contains(page))
        );
    }

    let options = RenderOptions {
        sarif_url_map: vec![
            UrlMapEntry {
                pages: "/appointments/**".into(),
                file: "templates/appointments.njk".into(),
            },
            UrlMapEntry {
                pages: "/**".into(),
                file: "site/{path}".into(),
            },
        ],
        ..RenderOptions::default()
    };
    let mapped = report::render(Format::Sarif, &report, &catalogue, &options).expect("renders");
    let value = assert_valid_sarif(&mapped);
    let uris: HashSet<&str> = value["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(uris.contains("templates/appointments.njk"), "{uris:?}");
    assert!(uris.contains("site/news.html"), "{uris:?}");
}

#[test]
fn fingerprints_ignore_line_numbers() {
    let catalogue = Catalogue::embedded().expect("catalogue");
    let report = crawled_demo_report();
    let mut moved = report.clone();
    for f in &mut moved.findings {
        f.line = f.line.map(|l| l + 7);
    }
    let fingerprints = |r: &AuditReport| -> Vec<Value> {
        let text = report::render(Format::Sarif, r, &catalogue, &RenderOptions::default())
            .expect("renders");
        let v: Value = serde_json::from_str(&text).expect("json");
        v["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect()
    };
    assert_eq!(fingerprints(&report), fingerprints(&moved));
}

/// GitLab publishes no JSON Schema for Code Quality reports, only the field
/// list in its documentation; this checks exactly that list, strictly.
fn assert_valid_gitlab(text: &str) -> Vec<Value> {
    let value: Value = serde_json::from_str(text).expect("GitLab report is JSON");
    let issues = value.as_array().expect("a JSON array").clone();
    let mut fingerprints = HashSet::new();
    for issue in &issues {
        let object = issue.as_object().expect("each issue is an object");
        for key in object.keys() {
            assert!(
                [
                    "type",
                    "description",
                    "check_name",
                    "fingerprint",
                    "severity",
                    "location"
                ]
                .contains(&key.as_str()),
                "unexpected key {key}"
            );
        }
        assert_eq!(issue["type"], "issue");
        assert!(issue["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(
            issue["check_name"]
                .as_str()
                .is_some_and(|c| c.contains('/'))
        );
        let fp = issue["fingerprint"].as_str().expect("fingerprint");
        assert!(
            fingerprints.insert(fp.to_owned()),
            "duplicate fingerprint {fp}"
        );
        assert!(matches!(
            issue["severity"].as_str(),
            Some("info" | "minor" | "major" | "critical" | "blocker")
        ));
        let location = issue["location"].as_object().expect("location");
        assert_eq!(location.len(), 2, "{location:?}");
        assert!(location["path"].as_str().is_some_and(|p| !p.is_empty()));
        let lines = location["lines"].as_object().expect("lines");
        assert_eq!(lines.len(), 1);
        assert!(lines["begin"].as_u64().is_some_and(|b| b >= 1));
    }
    issues
}

#[test]
fn gitlab_on_the_demo_site_is_valid_and_stable() {
    let text = demo("gitlab");
    let issues = assert_valid_gitlab(&text);
    assert!(!issues.is_empty());
    insta::assert_snapshot!("demo_gitlab", text);
}

#[derive(Debug, Default, PartialEq, Eq)]
struct JunitCounts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

/// The text of a quick-xml name.
fn name_of(name: &quick_xml::name::QName<'_>) -> String {
    AsRef::<str>::as_ref(name).to_owned()
}

// `unescape_value` is deprecated for `normalized_value`, which also folds
// whitespace; the raw unescaped value is what is being checked here.
#[allow(deprecated)]
fn attribute(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .map(|a| a.expect("well-formed attribute"))
        .find(|a| name_of(&a.key) == name)
        .map(|a| a.unescape_value().expect("escaped value").into_owned())
}

fn counts_of(e: &quick_xml::events::BytesStart<'_>) -> JunitCounts {
    let n = |name: &str| -> usize {
        attribute(e, name)
            .unwrap_or_else(|| panic!("missing {name}"))
            .parse()
            .expect("a count")
    };
    JunitCounts {
        tests: n("tests"),
        failures: n("failures"),
        errors: n("errors"),
        skipped: n("skipped"),
    }
}

/// A strict structural check of JUnit XML as GitLab and Jenkins read it:
/// `testsuites` > `testsuite` > `testcase` > at most one of `failure`, `error`
/// or `skipped`; counts that add up; unique (classname, name) pairs, since
/// GitLab drops repeats; only characters XML 1.0 allows.
/// Returns each test case's outcome (`pass`, `failure`, `error`, `skipped`)
/// and its message, unescaped.
fn assert_valid_junit(text: &str) -> BTreeMap<(String, String), (String, String)> {
    for c in text.chars() {
        assert!(
            matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..),
            "character U+{:04X} is not allowed in XML 1.0",
            u32::from(c)
        );
    }
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<String> = Vec::new();
    let mut root = None;
    let mut suite_claimed = JunitCounts::default();
    let mut suite_seen = JunitCounts::default();
    let mut total_seen = JunitCounts::default();
    let mut case_outcomes = 0;
    let mut cases: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    let mut current_case = None;
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (element, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = element {
            let name = name_of(&e.name());
            let parent = stack.last().map(String::as_str);
            match (parent, name.as_str()) {
                (None, "testsuites") => root = Some(counts_of(&e)),
                (Some("testsuites"), "testsuite") => {
                    assert!(attribute(&e, "name").is_some_and(|n| !n.is_empty()));
                    suite_claimed = counts_of(&e);
                    suite_seen = JunitCounts::default();
                }
                (Some("testsuite"), "testcase") => {
                    let key = (
                        attribute(&e, "classname").expect("classname"),
                        attribute(&e, "name").expect("name"),
                    );
                    assert!(!cases.contains_key(&key), "repeated test case {key:?}");
                    cases.insert(key.clone(), ("pass".to_owned(), String::new()));
                    current_case = Some(key);
                    suite_seen.tests += 1;
                    case_outcomes = 0;
                }
                (Some("testcase"), outcome @ ("failure" | "error" | "skipped")) => {
                    case_outcomes += 1;
                    assert_eq!(case_outcomes, 1, "more than one outcome in a test case");
                    let message = attribute(&e, "message").expect("message");
                    assert!(!message.is_empty());
                    match outcome {
                        "failure" => suite_seen.failures += 1,
                        "error" => suite_seen.errors += 1,
                        _ => suite_seen.skipped += 1,
                    }
                    if let Some(key) = &current_case {
                        cases.insert(key.clone(), (outcome.to_owned(), message));
                    }
                }
                (parent, name) => panic!("unexpected <{name}> inside {parent:?}"),
            }
            if !empty {
                stack.push(name);
            } else if name == "testsuite" {
                assert_eq!(suite_seen, suite_claimed);
            }
            continue;
        }
        match event {
            Event::End(e) => {
                let name = name_of(&e.name());
                assert_eq!(stack.pop().as_deref(), Some(name.as_str()));
                if name == "testsuite" {
                    assert_eq!(suite_seen, suite_claimed, "suite counts add up");
                    total_seen.tests += suite_seen.tests;
                    total_seen.failures += suite_seen.failures;
                    total_seen.errors += suite_seen.errors;
                    total_seen.skipped += suite_seen.skipped;
                }
            }
            Event::Text(t) => {
                // Text only inside outcomes; whitespace between elements.
                let inside = stack.last().map(String::as_str);
                if !matches!(inside, Some("failure" | "error" | "skipped")) {
                    assert!(
                        t.chars().all(char::is_whitespace),
                        "stray text in {inside:?}"
                    );
                }
            }
            Event::GeneralRef(r) => {
                let inside = stack.last().map(String::as_str);
                assert!(matches!(inside, Some("failure" | "error" | "skipped")));
                let name = (*r).to_owned();
                assert!(
                    ["amp", "lt", "gt", "quot", "apos"].contains(&name.as_str())
                        || name.starts_with('#'),
                    "unknown entity &{name};"
                );
            }
            Event::Eof => break,
            Event::Decl(_) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(stack.is_empty());
    assert_eq!(root, Some(total_seen), "root counts add up");
    cases
}

#[test]
fn junit_on_the_demo_site_lists_every_rule_per_page() {
    let text = demo("junit");
    let cases = assert_valid_junit(&text);
    let catalogue = Catalogue::embedded().expect("catalogue");
    let page_rules = catalogue
        .rules()
        .iter()
        // Opt-in rules do not run unless asked for.
        .filter(|r| r.scope() == carelint::catalogue::Scope::Page && !r.opt_in)
        .count();
    let contact: Vec<_> = cases
        .keys()
        .filter(|(class, _)| class == "fixtures/demo-site/contact.html")
        .collect();
    assert_eq!(contact.len(), page_rules, "one case per page rule");
    assert_eq!(
        cases[&(
            "fixtures/demo-site/conditions/high-blood-pressure.html".to_owned(),
            "accessibility/img-missing-alt".to_owned()
        )]
            .0,
        "failure"
    );
}

#[test]
fn junit_snapshot_for_chosen_rules() {
    // A fixed rule list keeps the snapshot from changing with every new rule.
    let text = output_of(&[
        "check",
        "fixtures/demo-site",
        "-f",
        "junit",
        "--only",
        "accessibility/img-missing-alt,offline-alternatives/no-phone-on-transaction,plain-language/long-sentence,language-access/no-language-route",
    ]);
    assert_valid_junit(&text);
    insta::assert_snapshot!("demo_junit_chosen_rules", text);
}

#[test]
fn markdown_and_csv_on_the_demo_site_are_stable() {
    let md = demo("md");
    assert!(md.starts_with("## carelint: "));
    insta::assert_snapshot!("demo_md", md);
    let csv = demo("csv");
    assert!(csv.starts_with("page,rule,section,wcag,severity,confidence,line,column,"));
    assert!(csv.lines().count() > 1);
    insta::assert_snapshot!("demo_csv", csv);
}

#[test]
fn markdown_verdict_follows_fail_on() {
    let md = output_of(&[
        "check",
        "fixtures/demo-site",
        "-f",
        "md",
        "--fail-on",
        "never",
    ]);
    assert!(md.starts_with("## carelint: ✅ Passed"), "{md}");
    assert!(md.contains("No baseline in use"));
}

/// A page whose text tries to escape from every format.
const HOSTILE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>Hostile ]]> page</title></head>\n<body>\n<main>\n<h1>Contact</h1>\n<img src=\"x.png\" data-x=\"]]&gt; <script>alert(1)</script> &quot;,\">\n<form action=\"/s\"><input type=\"text\" name=\"q\" placeholder=\"]]> <script>alert(3)</script> | *x* \u{1}\"></form>\n<p>=HYPERLINK(\"http://evil.example\",\"click\") and then some words ]]> <script>alert(2)</script> that keep on going in one very long sentence \u{1}\u{b} with a bell and more words to pass the limit of twenty five words here today.</p>\n</main>\n</body>\n</html>\n";

#[test]
fn hostile_text_stays_inside_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("hostile.html");
    std::fs::write(&page, HOSTILE).expect("written");
    let page = page.to_string_lossy().into_owned();
    let only = "accessibility/img-missing-alt,accessibility/input-missing-label,plain-language/long-sentence";
    // The gate at warning, so all three rules' findings are failures.
    let run = |format: &str| {
        output_of(&[
            "check",
            &page,
            "-f",
            format,
            "--only",
            only,
            "--fail-on",
            "warning",
        ])
    };

    let junit = run("junit");
    let cases = assert_valid_junit(&junit);
    // The placeholder-only field is a finding for review, so a skipped case.
    assert_eq!(
        cases.values().filter(|o| o.0 == "failure").count(),
        2,
        "{junit}"
    );
    assert_eq!(
        cases.values().filter(|o| o.0 == "skipped").count(),
        1,
        "{junit}"
    );
    assert!(!junit.contains("<script>"));
    // Escaping loses nothing but what XML cannot carry.
    let label = cases
        .iter()
        .find(|((_, rule), _)| rule == "accessibility/input-missing-label")
        .map(|(_, (_, message))| message.clone())
        .expect("label case");
    assert!(
        label.contains("\"]]> <script>alert(3)</script> | *x* \u{FFFD}\""),
        "{label}"
    );

    assert_valid_sarif(&run("sarif"));
    let gitlab = assert_valid_gitlab(&run("gitlab"));
    assert_eq!(gitlab.len(), 3);

    let md = run("md");
    assert!(!md.contains("<script>"), "{md}");

    let csv = run("csv");
    let sentence_row = csv
        .split("\r\n")
        .find(|row| row.contains("long-sentence"))
        .expect("a long-sentence row");
    assert!(
        sentence_row.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\""),
        "formula guarded and quoted: {sentence_row}"
    );
    // Every record ends in CRLF and quotes balance per record.
    assert!(csv.ends_with("\r\n"));
}

/// JUnit and GitLab follow the baseline: accepted findings are not failures.
#[test]
fn junit_and_gitlab_follow_the_baseline() {
    let dir = tempfile::tempdir().expect("temp dir");
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_string_lossy().into_owned();
    let page = "fixtures/demo-site/news.html";
    let made = carelint()
        .args([
            "baseline",
            "create",
            "--reason",
            "accepted while the practice rewrites it",
        ])
        .args(["--baseline", &baseline, page])
        .output()
        .expect("runs");
    assert_eq!(
        made.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let with_baseline =
        |format: &str| output_of(&["check", page, "-f", format, "--baseline", &baseline]);
    let junit = with_baseline("junit");
    let cases = assert_valid_junit(&junit);
    assert!(cases.values().all(|o| o.0 != "failure"), "{junit}");
    assert!(junit.contains("Known, in the baseline"), "{junit}");
    let gitlab = assert_valid_gitlab(&with_baseline("gitlab"));
    assert!(!gitlab.is_empty());
    assert!(
        gitlab
            .iter()
            .all(|i| i["severity"] != "critical" && i["severity"] != "major"),
        "{gitlab:?}"
    );
    // Without the baseline the same errors fail.
    let junit = output_of(&["check", page, "-f", "junit", "--no-baseline"]);
    assert!(
        assert_valid_junit(&junit)
            .values()
            .any(|o| o.0 == "failure")
    );
}

/// GitHub workflow commands: one well-formed command per finding, levels that
/// follow the gate, files and lines where there is a file, and no raw line
/// breaks inside a command.
#[test]
fn github_annotations_on_the_demo_site() {
    let text = demo("github");
    let json: Value = serde_json::from_str(&demo("json")).expect("json");
    let findings = json["findings"].as_array().expect("findings");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), findings.len(), "one command per finding");
    for (line, f) in lines.iter().zip(findings) {
        let (head, message) = line
            .split_once("::")
            .and_then(|(_, rest)| rest.split_once("::"))
            .expect("::level props::message");
        let level = head.split(' ').next().expect("level");
        let expected = if f["confidence"] == "certain" && f["severity"] == "error" {
            "error"
        } else if f["confidence"] == "certain" && f["severity"] == "warning" {
            "warning"
        } else {
            "notice"
        };
        assert_eq!(level, expected, "{line}");
        assert!(
            head.contains(&format!(
                "title=carelint {}",
                f["rule"].as_str().unwrap_or("")
            )),
            "{line}"
        );
        match f["line"].as_u64() {
            Some(n) => assert!(head.contains(&format!(",line={n}")), "{line}"),
            None => assert!(
                !head.contains("file="),
                "a site finding has no file: {line}"
            ),
        }
        assert!(
            message.contains("%0AFix: "),
            "the fix follows on its own line: {line}"
        );
    }
    let contact = lines
        .iter()
        .find(|l| l.contains("file=fixtures/demo-site/appointments/index.html"))
        .expect("a finding on the appointments page");
    assert!(contact.starts_with("::"), "{contact}");
}

/// The compact format: one line per finding in the JSON's order, each with
/// its place, severity and rule, and the verdict last.
#[test]
fn compact_lines_on_the_demo_site() {
    let text = demo("compact");
    let json: Value = serde_json::from_str(&demo("json")).expect("json");
    let findings = json["findings"].as_array().expect("findings");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), findings.len() + 1);
    for (line, f) in lines.iter().zip(findings) {
        let rule = f["rule"].as_str().expect("rule");
        let severity = f["severity"].as_str().expect("severity");
        assert!(line.contains(&format!(": {severity} {rule}")), "{line}");
        if let (Some(l), Some(c)) = (f["line"].as_u64(), f["column"].as_u64()) {
            assert!(line.contains(&format!(":{l}:{c}: ")), "{line}");
        }
        if f["confidence"] == "review" {
            assert!(line.contains("(check by hand)"), "{line}");
        }
    }
    let verdict = lines.last().expect("verdict");
    assert!(
        verdict.starts_with("Failed: ") || verdict.starts_with("Passed: "),
        "{verdict}"
    );
}
