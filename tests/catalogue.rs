//! The rule and guide files are data, and they are checked like code: mistakes
//! give diagnostics that name the file and point at the line.

use carelint::catalogue::Catalogue;
use carelint::guide::Guide;

const GOOD: &str = r#"id = "accessibility/test-rule"
section = "G4"
severity = "error"
confidence = "certain"
wcag = ["1.1.1"]
title = "A test rule"
message = "Found a {tag}"
affects = "testers"
why = "Because."
fix = "Fix it."

source = "wcag-22"
basis = "standard"

[check]
kind = "matching-element"
selector = "img"
"#;

fn load(files: &[(&str, &str)]) -> Result<Catalogue, String> {
    let guide = Guide::embedded().expect("guide loads");
    Catalogue::from_files(guide, files.iter().copied()).map_err(|e| {
        e.errors
            .iter()
            .map(|err| format!("{}|{}|{:?}", err.path, err.message, err.line()))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

#[test]
fn embedded_rules_and_guide_load() {
    let catalogue = Catalogue::embedded().expect("embedded rules load");
    assert!(catalogue.rules().len() >= 9);
    assert_eq!(catalogue.guide.sections.len(), 11);
    for rule in catalogue.rules() {
        assert!(
            !rule.why.trim().is_empty()
                && !rule.fix.trim().is_empty()
                && !rule.affects.trim().is_empty(),
            "{}",
            rule.id
        );
    }
}

#[test]
fn a_good_rule_file_loads() {
    let catalogue = load(&[("custom/test-rule.toml", GOOD)]).expect("loads");
    assert_eq!(catalogue.rules()[0].id, "accessibility/test-rule");
}

#[test]
fn a_rule_without_source_or_basis_is_refused() {
    let no_source = GOOD.replace("source = \"wcag-22\"\n", "");
    let err = load(&[("custom/test-rule.toml", &no_source)]).expect_err("refused");
    assert!(err.contains("needs `source`"), "{err}");
    let no_basis = GOOD.replace("basis = \"standard\"\n", "");
    let err = load(&[("custom/test-rule.toml", &no_basis)]).expect_err("refused");
    assert!(err.contains("needs `basis`"), "{err}");
    let unknown = GOOD.replace("\"wcag-22\"", "\"wcag-23\"");
    let err = load(&[("custom/test-rule.toml", &unknown)]).expect_err("refused");
    assert!(err.contains("`wcag-23` is not a source"), "{err}");
    let bad_basis = GOOD.replace("\"standard\"", "\"hunch\"");
    assert!(load(&[("custom/test-rule.toml", &bad_basis)]).is_err());
}

#[test]
fn unknown_check_kind_points_at_its_line() {
    let bad = GOOD.replace("matching-element", "matching-elephant");
    let err = load(&[("custom/a.toml", &bad)]).expect_err("must fail");
    assert!(
        err.contains("unknown check kind `matching-elephant`"),
        "{err}"
    );
    assert!(err.ends_with("Some(16)"), "{err}");
}

#[test]
fn missing_section_points_at_its_line() {
    let bad = GOOD.replace("section = \"G4\"", "section = \"G12\"");
    let err = load(&[("custom/a.toml", &bad)]).expect_err("must fail");
    assert!(err.contains("unknown guide section `G12`"), "{err}");
    assert!(err.ends_with("Some(2)"), "{err}");
}

#[test]
fn duplicate_ids_are_refused() {
    let err = load(&[("custom/a.toml", GOOD), ("custom/b.toml", GOOD)]).expect_err("must fail");
    assert!(err.contains("custom/b.toml|duplicate rule id `accessibility/test-rule`, already defined in custom/a.toml|Some(1)"), "{err}");
}

#[test]
fn bad_threshold_points_at_its_line() {
    let bad = GOOD.replace(
        "kind = \"matching-element\"\nselector = \"img\"",
        "kind = \"sentence-length\"\nwarning_above = 25\nerror_above = 20",
    );
    let err = load(&[("custom/a.toml", &bad)]).expect_err("must fail");
    assert!(
        err.contains("error_above (20) must not be below warning_above (25)"),
        "{err}"
    );
    assert!(err.ends_with("Some(18)"), "{err}");
}

#[test]
fn typo_in_a_key_is_an_error_not_ignored() {
    let bad = GOOD.replace("selector = \"img\"", "selecter = \"img\"");
    let err = load(&[("custom/a.toml", &bad)]).expect_err("must fail");
    assert!(err.contains("selecter"), "{err}");
    assert!(err.ends_with("Some(17)"), "{err}");
}

#[test]
fn bad_selector_and_bad_wcag_number_point_at_their_lines() {
    let bad = GOOD.replace("selector = \"img\"", "selector = \"img >> p\"");
    let err = load(&[("custom/a.toml", &bad)]).expect_err("must fail");
    assert!(err.contains("invalid CSS selector"), "{err}");
    assert!(err.ends_with("Some(17)"), "{err}");
    let bad = GOOD.replace("[\"1.1.1\"]", "[\"1.1\"]");
    let err = load(&[("custom/a.toml", &bad)]).expect_err("must fail");
    assert!(err.contains("not a WCAG success criterion"), "{err}");
    assert!(err.ends_with("Some(5)"), "{err}");
}

#[test]
fn rule_ids_must_match_their_section_slug() {
    let bad = GOOD.replace("accessibility/test-rule", "plain-language/test-rule");
    let err = load(&[("custom/a.toml", &bad)]).expect_err("must fail");
    assert!(
        err.contains("must be `accessibility/<what-is-wrong>`"),
        "{err}"
    );
}

#[test]
fn guide_facts_must_cite_known_sources() {
    let text = carelint::guide::GUIDE_TOML.replacen("source = \"", "source = \"no-such-", 1);
    let err = Guide::parse("rules/guide.toml", &text).expect_err("must fail");
    assert!(
        err.message.contains("unknown source `no-such-"),
        "{}",
        err.message
    );
    assert!(err.line().is_some());
}

/// Every part of the guide speaks to the Black Country with at least one
/// sourced local fact, and tells a champion what good looks like and what a
/// person must check that a tool cannot.
#[test]
fn every_section_has_a_local_fact_good_looks_like_and_checks_for_a_person() {
    let guide = Guide::embedded().expect("guide loads");
    for section in &guide.sections {
        let local: Vec<&str> = section
            .facts
            .iter()
            .filter(|f| f.kind == "LOCAL")
            .map(|f| f.source.as_str())
            .collect();
        assert!(
            !local.is_empty(),
            "{} has no local (Black Country) fact",
            section.id
        );
        for id in local {
            let source = guide.source(id).expect("cited sources exist");
            assert_eq!(
                source.kind, "LOCAL",
                "{}: {id} is not a local source",
                section.id
            );
        }
        assert!(
            section.good_looks_like.len() >= 3,
            "{} needs a 'what good looks like' list",
            section.id
        );
        assert!(
            !section.checks_need_a_person.is_empty(),
            "{} says nothing a person must check",
            section.id
        );
    }
}
