//! EARL (W3C Evaluation and Report Language) as JSON-LD, for the WCAG-EM
//! Report Tool's "import data from automated tests".
//!
//! One `earl:Assertion` per checked page and WCAG 2.2 success criterion (all
//! level A and AA criteria, and any AAA criterion a rule that ran tests):
//!
//! - `earl:failed`: a finding for that criterion that the check is sure of;
//! - `earl:cantTell`: only findings a person must confirm;
//! - `earl:passed`: a page rule for that criterion ran and found nothing
//!   (automated checks cover only part of a criterion, and the description
//!   says so: the Report Tool imports every result as "cannot tell" for the
//!   auditor to confirm anyway);
//! - `earl:untested`: no carelint rule tests that criterion, or the page
//!   could not be checked. Criteria are never left blank.
//!
//! The test is the criterion's slug in the WCAG 2.2 namespace
//! (`WCAG22:non-text-content`), which is how the Report Tool recognises it;
//! the subject is the page URL (or path, for local files), which must equal
//! a sample page in the evaluation for the Report Tool to take it. Findings
//! about a whole site have the target as their subject and are reported
//! only where they fail. Guide rules with no WCAG criterion are not in EARL.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Value, json};

use crate::catalogue::{Catalogue, Scope};
use crate::finding::{Confidence, Finding};
use crate::report::model::AuditReport;

use crate::wcag::CRITERIA;

/// The slug of a criterion number, if it is a WCAG 2.2 criterion.
#[must_use]
pub fn slug(number: &str) -> Option<&'static str> {
    CRITERIA.iter().find(|c| c.number == number).map(|c| c.slug)
}

/// How many findings a description lists before "and N more".
const LISTED: usize = 5;

/// One EARL outcome.
fn outcome(findings: &[&Finding], tested: bool) -> &'static str {
    if findings.iter().any(|f| f.confidence == Confidence::Certain) {
        "earl:failed"
    } else if !findings.is_empty() {
        "earl:cantTell"
    } else if tested {
        "earl:passed"
    } else {
        "earl:untested"
    }
}

/// What was found, in words, with where.
fn describe(findings: &[&Finding], tested_by: &[&str]) -> String {
    if findings.is_empty() {
        return if tested_by.is_empty() {
            "Not tested by carelint: a person must check this.".to_owned()
        } else {
            format!(
                "carelint found no problem ({}). Automated checks cover only part of this criterion: a person must confirm it.",
                tested_by.join(", ")
            )
        };
    }
    let mut parts: Vec<String> = findings
        .iter()
        .take(LISTED)
        .map(|f| {
            let at = match (f.line, &f.selector) {
                (Some(line), Some(sel)) => format!(" (line {line}, {sel})"),
                (Some(line), None) => format!(" (line {line})"),
                (None, _) => String::new(),
            };
            let check = if f.confidence == Confidence::Review {
                " [check by hand]"
            } else {
                ""
            };
            format!("{}: {}{at}{check}", f.rule, f.message)
        })
        .collect();
    if findings.len() > LISTED {
        parts.push(format!("and {} more", findings.len() - LISTED));
    }
    format!(
        "{} found by carelint. {}",
        if findings.len() == 1 {
            "1 problem".to_owned()
        } else {
            format!("{} problems", findings.len())
        },
        parts.join("; ")
    )
}

/// Pointers to the elements at fault: CSS selectors, with the source line.
fn pointers(findings: &[&Finding]) -> Vec<Value> {
    findings
        .iter()
        .filter_map(|f| {
            let selector = f.selector.as_ref()?;
            let mut p = json!({
                "@type": "ptr:CSSSelectorPointer",
                "ptr:expression": selector,
            });
            if let Some(line) = f.line {
                p["ptr:lineNumber"] = json!(line);
            }
            if let Some(snippet) = &f.snippet {
                p["dct:description"] = json!(snippet);
            }
            Some(p)
        })
        .collect()
}

/// Renders the report as EARL JSON-LD.
///
/// # Errors
/// Only if serialisation fails, which would be a bug.
pub fn render(report: &AuditReport, catalogue: &Catalogue) -> Result<String, serde_json::Error> {
    // Criteria some page rule that ran tests, with the rules.
    let mut tested: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for rule in report.rules_run(catalogue) {
        for sc in &rule.wcag {
            used.insert(sc.as_str());
            if rule.scope() == Scope::Page {
                tested
                    .entry(sc.as_str())
                    .or_default()
                    .push(rule.id.as_str());
            }
        }
    }
    // Findings by subject and criterion.
    let mut found: HashMap<(&str, &str), Vec<&Finding>> = HashMap::new();
    for f in &report.findings {
        for sc in &f.wcag {
            used.insert(sc.as_str());
            found
                .entry((f.page.as_str(), sc.as_str()))
                .or_default()
                .push(f);
        }
    }
    let criteria: Vec<(&str, &str)> = CRITERIA
        .iter()
        .filter(|c| c.level != "AAA" || used.contains(c.number))
        .map(|c| (c.number, c.slug))
        .collect();
    let assertor = json!({
        "@id": env!("CARGO_PKG_REPOSITORY"),
        "@type": "earl:Assertor",
        "dct:title": format!("{} {}", report.tool.name, report.tool.version),
        "dct:description": format!("Inclusive Digital Health Guide {}", report.guide.version),
    });
    let assertion = |page: &str, title: Option<&str>, number: &str, slug: &str, result: Value| {
        let mut subject = json!({
            "@id": page,
            "@type": ["earl:TestSubject", "sch:WebPage"],
        });
        if let Some(title) = title {
            subject["dct:title"] = json!(title);
        }
        json!({
            "@type": "earl:Assertion",
            "earl:assertedBy": assertor,
            "earl:subject": subject,
            "earl:test": {
                "@id": format!("WCAG22:{slug}"),
                "@type": "earl:TestCriterion",
                "dct:identifier": number,
            },
            "earl:mode": { "@id": "earl:automatic" },
            "earl:result": result,
        })
    };
    let mut graph = Vec::new();
    let mut pages: BTreeSet<&str> = BTreeSet::new();
    for page in &report.pages {
        if page.skipped.is_some() {
            continue;
        }
        pages.insert(page.url.as_str());
        for (number, slug) in &criteria {
            let result = if let Some(error) = &page.error {
                json!({
                    "@type": "earl:TestResult",
                    "earl:outcome": { "@id": "earl:untested" },
                    "dct:description": format!("The page could not be checked: {error}"),
                })
            } else {
                let findings = found
                    .get(&(page.url.as_str(), *number))
                    .map_or(&[][..], Vec::as_slice);
                let by = tested.get(number).map_or(&[][..], Vec::as_slice);
                let mut result = json!({
                    "@type": "earl:TestResult",
                    "earl:outcome": { "@id": outcome(findings, !by.is_empty()) },
                    "dct:description": describe(findings, by),
                });
                let pointers = pointers(findings);
                if !pointers.is_empty() {
                    result["earl:pointer"] = Value::Array(pointers);
                }
                result
            };
            graph.push(assertion(
                &page.url,
                page.title.as_deref(),
                number,
                slug,
                result,
            ));
        }
    }
    // Findings about something other than a checked page (a whole site).
    let mut other: BTreeMap<(&str, &str), Vec<&Finding>> = BTreeMap::new();
    for ((page, sc), findings) in &found {
        if !pages.contains(page) {
            other.insert((page, sc), findings.clone());
        }
    }
    for ((page, number), findings) in other {
        let Some(slug) = slug(number) else { continue };
        let result = json!({
            "@type": "earl:TestResult",
            "earl:outcome": { "@id": outcome(&findings, true) },
            "dct:description": describe(&findings, &[]),
        });
        graph.push(assertion(page, None, number, slug, result));
    }
    let doc = json!({
        "@context": {
            "earl": "http://www.w3.org/ns/earl#",
            "dct": "http://purl.org/dc/terms/",
            "sch": "https://schema.org/",
            "ptr": "http://www.w3.org/2009/pointers#",
            "WCAG22": "https://www.w3.org/TR/WCAG22/#",
        },
        "@graph": graph,
    });
    let mut out = serde_json::to_string_pretty(&doc)?;
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_are_unique_and_known() {
        let numbers: BTreeSet<_> = CRITERIA.iter().map(|c| c.number).collect();
        assert_eq!(numbers.len(), CRITERIA.len());
        assert_eq!(slug("1.1.1"), Some("non-text-content"));
        assert_eq!(slug("4.1.1"), None);
        // WCAG 2.2 has 31 level A and 24 level AA criteria (4.1.1 is gone).
        let a = CRITERIA.iter().filter(|c| c.level == "A").count();
        let aa = CRITERIA.iter().filter(|c| c.level == "AA").count();
        assert_eq!(a + aa, 55);
    }

    #[test]
    fn outcomes_follow_confidence() {
        let mut f = Finding {
            confidence: Confidence::Review,
            line: Some(1),
            selector: Some("main".into()),
            wcag: vec!["1.1.1".into()],
            ..crate::finding::test_finding("accessibility/x", "p.html")
        };
        assert_eq!(outcome(&[&f], true), "earl:cantTell");
        let review = f.clone();
        f.confidence = Confidence::Certain;
        assert_eq!(outcome(&[&review, &f], true), "earl:failed");
        assert_eq!(outcome(&[], true), "earl:passed");
        assert_eq!(outcome(&[], false), "earl:untested");
        assert!(describe(&[&review], &[]).contains("[check by hand]"));
    }

    #[test]
    fn every_rule_criterion_has_a_slug() {
        let catalogue = Catalogue::embedded().expect("catalogue");
        for rule in catalogue.rules() {
            for sc in &rule.wcag {
                assert!(slug(sc).is_some(), "{}: unknown criterion {sc}", rule.id);
            }
        }
    }
}
