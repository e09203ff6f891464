//! SARIF 2.1.0, the format GitHub code scanning reads.
//!
//! `tool.driver.rules` holds every rule with a result (id, title, why, fix,
//! a link to its guide section, default level, and tags naming the guide
//! section and WCAG criteria). Each finding is one result with a level, a
//! fully written message, a location and `partialFingerprints` that do not
//! depend on line numbers, so alerts survive edits above them.
//!
//! Local pages are physical locations (the path relative to the current
//! directory, with line and column). Crawled pages have no file: unless the
//! `[sarif] url_map` maps their URL to a source file, they get a logical
//! location and the URL in the message.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{
    Place, Places, RenderOptions, help_uri, sarif_level, unique_fingerprints, unwrap_text,
};
use crate::catalogue::{Catalogue, Rule};
use crate::finding::{BaselineStatus, Finding, Severity};
use crate::report::model::AuditReport;

/// The final SARIF 2.1.0 schema (OASIS errata 01), the one validators expect.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of our fingerprint in `partialFingerprints`; the version lets the
/// recipe change later without clashing with old alerts.
const FINGERPRINT_KEY: &str = "carelintFingerprint/v1";

/// Renders the report as a SARIF log with one run.
///
/// # Errors
/// Only if serialisation fails, which would be a bug.
pub fn render(
    report: &AuditReport,
    catalogue: &Catalogue,
    options: &RenderOptions,
) -> Result<String, serde_json::Error> {
    // Only rules with results are described: the log stays small, and it does
    // not change when rules are added that found nothing.
    let mut used: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &report.findings {
        used.entry(f.rule.as_str()).or_insert(0);
    }
    let rules: Vec<&Rule> = used.keys().filter_map(|id| catalogue.rule(id)).collect();
    for (index, rule) in rules.iter().enumerate() {
        used.insert(rule.id.as_str(), index);
    }
    let fingerprints = unique_fingerprints(&report.findings);
    let places = Places::new(options);
    let results: Vec<Value> = report
        .findings
        .iter()
        .zip(&fingerprints)
        .map(|(f, fp)| result(f, fp, used.get(f.rule.as_str()).copied(), &places))
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules.iter().map(|r| descriptor(r, catalogue)).collect::<Vec<_>>(),
                "properties": { "guideVersion": report.guide.version },
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log)?;
    out.push('\n');
    Ok(out)
}

fn level_of(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A rule as a SARIF `reportingDescriptor`.
fn descriptor(rule: &Rule, catalogue: &Catalogue) -> Value {
    let section = catalogue.guide.section(&rule.section);
    let section_title = section.map_or("", |s| s.title.as_str());
    // GitHub keeps at most 10 tags and accepts 20: the guide section and the
    // WCAG criteria first, since those are what people filter by.
    let mut tags = vec![format!("guide/{}", rule.section)];
    if !rule.wcag.is_empty() {
        tags.push("accessibility".to_owned());
    }
    tags.extend(rule.wcag.iter().map(|sc| format!("wcag/{sc}")));
    for tag in &rule.tags {
        if !tags.contains(tag) {
            tags.push(tag.clone());
        }
    }
    tags.truncate(20);
    let wcag = if rule.wcag.is_empty() {
        String::new()
    } else {
        format!("\n\nWCAG 2.2: {}.", rule.wcag.join(", "))
    };
    let (fix, affects, why) = (
        unwrap_text(&rule.fix),
        unwrap_text(&rule.affects),
        unwrap_text(&rule.why),
    );
    let help_text = format!(
        "{fix}\n\nWho this affects: {affects}.\n\nGuide section {} {section_title}.{wcag}",
        rule.section
    );
    let help_markdown = format!(
        "**How to fix:** {}\n\n**Who this affects:** {}\n\n**Why it matters:** {}\n\nGuide section [{} {}]({}).{wcag}",
        html_escape(&fix),
        html_escape(&affects),
        html_escape(&why),
        rule.section,
        section_title,
        help_uri(catalogue, &rule.section)
    );
    json!({
        "id": rule.id,
        "name": pascal_name(&rule.id),
        "shortDescription": { "text": rule.title },
        "fullDescription": { "text": why },
        "help": { "text": help_text, "markdown": help_markdown },
        "helpUri": help_uri(catalogue, &rule.section),
        "defaultConfiguration": { "level": level_of(rule.severity) },
        "properties": {
            "tags": tags,
            "section": rule.section,
            "sectionTitle": section_title,
            "wcag": rule.wcag,
            "confidence": rule.confidence.as_str(),
        },
    })
}

/// Rule texts quote markup (`<html lang>`); in Markdown that would be taken
/// as HTML and vanish.
fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// SARIF wants `name` to be an identifier; `accessibility/img-missing-alt`
/// becomes `ImgMissingAlt`.
fn pascal_name(id: &str) -> String {
    let tail = id.rsplit('/').next().unwrap_or(id);
    tail.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

fn result(
    finding: &Finding,
    fingerprint: &str,
    rule_index: Option<usize>,
    places: &Places<'_>,
) -> Value {
    let place = places.of(finding);
    let mut message = finding.message.clone();
    let mut location = serde_json::Map::new();
    match &place {
        Place::File { path, line, column } => {
            let mut region = serde_json::Map::new();
            region.insert("startLine".into(), json!(line));
            if let Some(column) = column {
                region.insert("startColumn".into(), json!(column));
            }
            if let Some(snippet) = &finding.snippet {
                // Only when the region is in this very file: a mapped template
                // does not contain the served markup.
                if column.is_some() {
                    region.insert("snippet".into(), json!({ "text": snippet }));
                }
            }
            location.insert(
                "physicalLocation".into(),
                json!({ "artifactLocation": { "uri": artifact_uri(path) }, "region": region }),
            );
            if super::is_url(&finding.page) {
                message = format!("{message} (on {})", finding.page);
                location.insert(
                    "logicalLocations".into(),
                    json!([{ "fullyQualifiedName": finding.page, "kind": "resource" }]),
                );
            }
        }
        Place::Logical { name } => {
            message = format!("{message} (on {name})");
            location.insert(
                "logicalLocations".into(),
                json!([{ "fullyQualifiedName": name, "kind": "resource" }]),
            );
        }
    }
    let mut properties = serde_json::Map::new();
    properties.insert("page".into(), json!(finding.page));
    properties.insert("section".into(), json!(finding.section));
    properties.insert("confidence".into(), json!(finding.confidence.as_str()));
    properties.insert("severity".into(), json!(finding.severity.as_str()));
    if let Some(selector) = &finding.selector {
        properties.insert("selector".into(), json!(selector));
    }
    if !finding.wcag.is_empty() {
        properties.insert("wcag".into(), json!(finding.wcag));
    }
    let mut value = json!({
        "ruleId": finding.rule,
        "level": sarif_level(finding.severity, finding.confidence),
        "message": { "text": message },
        "locations": [location],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
        "properties": properties,
    });
    if let Some(index) = rule_index {
        value["ruleIndex"] = json!(index);
    }
    if let Some(status) = finding.baseline {
        value["baselineState"] = json!(match status {
            BaselineStatus::New => "new",
            BaselineStatus::Known => "unchanged",
        });
    }
    value
}

/// A relative path as a URI reference: characters outside the unreserved set
/// and `/` are percent-encoded, so spaces, `#` and `?` in file names survive.
/// Absolute paths become `file://` URIs.
fn artifact_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(
            pascal_name("accessibility/img-missing-alt"),
            "ImgMissingAlt"
        );
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            artifact_uri("site/my page#1.html"),
            "site/my%20page%231.html"
        );
        assert_eq!(artifact_uri("/abs/a.html"), "file:///abs/a.html");
    }
}
