//! The guide holds itself to its own first section: the HTML guide and every
//! rule card must pass carelint's plain-language (G1) checks, and every rule
//! must say where it comes from.

use carelint::audit::{self, AuditOptions, AuditReport};
use carelint::catalogue::Catalogue;

/// Audits one page with the G1 rules: the report, and its findings as lines.
fn g1_audit(catalogue: &Catalogue, name: &str, html: &str) -> (AuditReport, Vec<String>) {
    let rules = audit::select_rules(catalogue, &["G1".to_owned()], &[], &[]).expect("G1 exists");
    let report = audit::run_one_page(
        name,
        html.as_bytes(),
        catalogue,
        &rules,
        &AuditOptions::default(),
    );
    assert_eq!(report.pages.len(), 1, "{name} was checked");
    let found = report
        .findings
        .iter()
        .map(|f| format!("{name}:{} {}: {}", f.line.unwrap_or(0), f.rule, f.message))
        .collect();
    (report, found)
}

#[test]
fn every_rule_names_its_source_and_basis() {
    let catalogue = Catalogue::embedded().expect("rules load");
    let missing: Vec<&str> = catalogue
        .rules()
        .iter()
        .filter(|r| r.sources.is_empty())
        .map(|r| r.path.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "{} rule files lack `source` or `basis`:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn the_html_guide_passes_its_own_plain_language_checks() {
    let catalogue = Catalogue::embedded().expect("rules load");
    let html = carelint::explain::guide_html(&catalogue);
    let (report, found) = g1_audit(&catalogue, "guide.html", &html);
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The reading age a champion would quote: the whole page, scored the way
    // `carelint check` scores any page.
    let age = report.pages[0]
        .readability
        .as_ref()
        .expect("the guide is long enough to score")
        .scores
        .reading_age;
    assert!(age <= 11, "the guide reads at age {age}, above 11");
}

#[test]
fn every_rule_card_passes_the_plain_language_checks() {
    let catalogue = Catalogue::embedded().expect("rules load");
    let mut found = Vec::new();
    for rule in catalogue.rules() {
        let html = carelint::explain::rule_card_html(&catalogue, rule);
        found.extend(g1_audit(&catalogue, &rule.id, &html).1);
    }
    assert!(
        found.is_empty(),
        "{} findings:\n{}",
        found.len(),
        found.join("\n")
    );
}
