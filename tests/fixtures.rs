//! Runs every rule on its own fixtures: each `fail-*` fixture must yield that
//! rule's findings at exactly the lines it declares on its first line
//! (`<!-- expect: lines 4, 9 -->`), and each `pass-*` fixture must yield none.
//! Site rules use fixture directories with an `EXPECT` file (`site` or `none`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use carelint::audit::{self, AuditOptions};
use carelint::catalogue::{Catalogue, Scope};
use carelint::input;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

fn fixtures_of(rule_id: &str) -> Vec<PathBuf> {
    let dir = root().join(rule_id);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// Lines declared by `<!-- expect: lines 3, 9 -->`, or `None` for `none`.
fn declared_lines(path: &Path) -> BTreeSet<u32> {
    let text = std::fs::read_to_string(path).expect("fixture is readable UTF-8");
    let first = text.lines().next().unwrap_or_default();
    let spec = first
        .trim()
        .strip_prefix("<!-- expect:")
        .and_then(|s| s.strip_suffix("-->"))
        .unwrap_or_else(|| {
            panic!(
                "{}: first line must be <!-- expect: ... -->",
                path.display()
            )
        })
        .trim();
    if spec == "none" {
        return BTreeSet::new();
    }
    spec.trim_start_matches("lines")
        .trim_start_matches("line")
        .split(',')
        .map(|n| {
            n.trim()
                .parse()
                .unwrap_or_else(|_| panic!("{}: bad line number `{n}`", path.display()))
        })
        .collect()
}

#[test]
fn every_rule_has_fail_and_pass_fixtures() {
    let catalogue = Catalogue::embedded().expect("rules load");
    let mut missing = Vec::new();
    for rule in catalogue.rules() {
        let names: Vec<String> = fixtures_of(&rule.id)
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        if !names.iter().any(|n| n.starts_with("fail-"))
            || !names.iter().any(|n| n.starts_with("pass-"))
        {
            missing.push(rule.id.clone());
        }
        assert!(
            catalogue.guide.section(&rule.section).is_some(),
            "{} names section {} which the guide lacks",
            rule.id,
            rule.section
        );
    }
    assert!(
        missing.is_empty(),
        "rules without fail-* and pass-* fixtures: {missing:?}"
    );
}

#[test]
fn fixtures_produce_exactly_the_declared_findings() {
    let catalogue = Catalogue::embedded().expect("rules load");
    let mut failures = Vec::new();
    let mut ran = 0;
    for rule in catalogue.rules() {
        for fixture in fixtures_of(&rule.id) {
            let name = fixture
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !(name.starts_with("fail-") || name.starts_with("pass-")) {
                continue;
            }
            let target = fixture.to_string_lossy().into_owned();
            let sites = input::gather(std::slice::from_ref(&target), || Ok(Vec::new()))
                .expect("fixture readable");
            let report = audit::run(&sites, &catalogue, &[rule], &AuditOptions::default());
            assert_eq!(
                report.summary.pages_failed, 0,
                "{target}: a page could not be checked"
            );
            ran += 1;
            let ok = match rule.scope() {
                Scope::Site => {
                    let expect =
                        std::fs::read_to_string(fixture.join("EXPECT")).unwrap_or_default();
                    let want = usize::from(expect.trim() == "site");
                    let site_findings = report.findings.iter().filter(|f| f.line.is_none()).count();
                    site_findings == want && report.findings.len() == want
                }
                Scope::Page => {
                    let want = declared_lines(&fixture);
                    let got: BTreeSet<u32> =
                        report.findings.iter().filter_map(|f| f.line).collect();
                    let all_ours = report.findings.iter().all(|f| f.rule == rule.id);
                    if name.starts_with("fail-") && want.is_empty() {
                        failures.push(format!("{target}: a fail fixture must declare lines"));
                    }
                    got == want && all_ours && report.findings.len() == want.len()
                }
            };
            if !ok {
                let got: Vec<String> = report
                    .findings
                    .iter()
                    .map(|f| format!("line {:?}: {}", f.line, f.message))
                    .collect();
                failures.push(format!("{target}: got {got:?}"));
            }
        }
    }
    assert!(ran > 0, "no fixtures ran");
    assert!(
        failures.is_empty(),
        "fixture mismatches:\n{}",
        failures.join("\n")
    );
}
