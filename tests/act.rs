//! W3C ACT Rules conformance: every carelint rule mapped to an ACT rule
//! (`act = [...]` in its rule file) is run over that ACT rule's examples in
//! `../shared/data/act-rules` (beside the repository; never copied into it).
//!
//! - No passed or inapplicable example may get a certain finding from a rule
//!   mapped to its ACT rule: W3C calls that an inconsistent implementation.
//! - At least `FLOOR` failed examples must get a finding (certain or review).
//!
//! `cargo run --release --example act_report` writes the full report to
//! `docs/act-implementation.md`.

use std::path::{Path, PathBuf};

use carelint::act::{self, Outcome, Status};
use carelint::catalogue::Catalogue;

/// Failed examples that carelint's mapped rules report as failed (certain),
/// measured when this floor was set; it may only go up.
const FLOOR_FAILED: usize = 203;

/// Failed examples reported as failed or cannot tell.
const FLOOR_FOUND: usize = 241;

fn suite() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/act-rules");
    if dir.join("expected.json").is_file() {
        Some(dir)
    } else {
        println!(
            "SKIPPED: the W3C ACT test cases are not at {} (CI has them beside the clone)",
            dir.display()
        );
        None
    }
}

#[test]
fn act_rules_are_consistent_and_find_the_floor() {
    let Some(dir) = suite() else { return };
    let catalogue = Catalogue::embedded().expect("rules load");
    let report = act::evaluate(&dir, &catalogue).expect("expected.json reads");

    let mapped = report
        .rules
        .iter()
        .filter(|r| r.status != Status::NotImplemented)
        .count();
    assert!(mapped > 30, "only {mapped} ACT rules are mapped");

    let wrong: Vec<String> = report
        .rules
        .iter()
        .flat_map(|r| r.cases.iter())
        .filter(|c| c.expected != "failed" && c.outcome == Outcome::Failed)
        .map(|c| format!("{} (expected {}) by {:?}", c.id, c.expected, c.rules))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} passed or inapplicable ACT examples got a certain finding:\n{}",
        wrong.len(),
        wrong.join("\n")
    );

    let failed = report.failed_detected();
    let found = failed + report.failed_cant_tell();
    println!(
        "ACT: {failed} failed examples reported as failed, {found} with a finding, of {}",
        report.failed_examples()
    );
    assert!(
        failed >= FLOOR_FAILED,
        "only {failed} ACT failed examples reported as failed (floor {FLOOR_FAILED})"
    );
    assert!(
        found >= FLOOR_FOUND,
        "only {found} ACT failed examples got a finding (floor {FLOOR_FOUND})"
    );
}

#[test]
fn mapped_act_ids_exist_in_the_suite() {
    let Some(dir) = suite() else { return };
    let (rules, _) = act::load(&dir).expect("expected.json reads");
    let catalogue = Catalogue::embedded().expect("rules load");
    for rule in catalogue.rules() {
        for id in &rule.act {
            assert!(
                rules.iter().any(|r| &r.rule_id == id),
                "{} maps to ACT rule {id}, which the suite does not have",
                rule.id
            );
        }
    }
}
