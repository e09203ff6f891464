//! The JSON report (schema_version 1), documented in the repository by a
//! JSON Schema made from the report's own types (`schemas/report.schema.json`)
//! and a field-by-field page made from that schema
//! (`docs/report-format.md`); `tests/report_schema.rs` keeps both in step
//! with the code.

use std::fmt::Write as _;

use serde_json::Value;

use crate::report::model::AuditReport;

/// Renders the report as pretty-printed JSON with a trailing newline.
///
/// # Errors
/// Only if serialisation fails, which would be a bug.
pub fn render(report: &AuditReport) -> Result<String, serde_json::Error> {
    let mut out = serde_json::to_string_pretty(report)?;
    out.push('\n');
    Ok(out)
}

/// The JSON Schema (draft 2020-12) of the report, from its types and their
/// documentation comments.
#[must_use]
pub fn schema() -> Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(AuditReport)).unwrap_or_default();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "$id".to_owned(),
            Value::from("https://github.com/carelint/carelint/schemas/report.schema.json"),
        );
        obj.insert(
            "description".to_owned(),
            Value::from(
                "The report `carelint check -f json` writes (schema_version 1). Made from carelint's own types.",
            ),
        );
    }
    schema
}

/// The schema as a Markdown page: one table per object type, one row per
/// field with its type, whether it is always there, and what it means.
#[must_use]
pub fn schema_markdown(schema: &Value) -> String {
    let mut out = String::from(
        "# The JSON report\n\n\
         This page is made from [`schemas/report.schema.json`](../schemas/report.schema.json), \
         which is made from carelint's own types; `tests/report_schema.rs` fails when either \
         is out of date (run it with `UPDATE_SCHEMA=1` to write them again).\n\n\
         `carelint check -f json` writes one `AuditReport`. Pages and findings are sorted, \
         and the report has no timestamps, so the same input gives the same bytes. Fields \
         marked *optional* are left out when they have nothing to say.\n\n",
    );
    let mut types: Vec<(&str, &Value)> = vec![("AuditReport", schema)];
    if let Some(defs) = schema.get("$defs").and_then(Value::as_object) {
        let mut named: Vec<_> = defs.iter().map(|(k, v)| (k.as_str(), v)).collect();
        named.sort_by_key(|(k, _)| *k);
        types.extend(named);
    }
    for (name, def) in types {
        let _ = writeln!(out, "## `{name}`\n");
        if let Some(d) = def.get("description").and_then(Value::as_str)
            && name != "AuditReport"
        {
            let _ = writeln!(out, "{}\n", one_line(d));
        }
        if let Some(props) = def.get("properties").and_then(Value::as_object) {
            let required: Vec<&str> = def
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            out.push_str("| field | type | | meaning |\n|---|---|---|---|\n");
            for (field, prop) in props {
                let _ = writeln!(
                    out,
                    "| `{field}` | {} | {} | {} |",
                    type_of(prop),
                    if required.contains(&field.as_str()) {
                        "always"
                    } else {
                        "optional"
                    },
                    one_line(
                        prop.get("description")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                    )
                );
            }
            out.push('\n');
        } else if let Some(values) = enum_values(def) {
            let _ = writeln!(out, "One of: {values}.\n");
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// The values of a string enum, as schemars writes them (`enum`, or `oneOf`
/// of `const`s with descriptions).
fn enum_values(def: &Value) -> Option<String> {
    if let Some(values) = def.get("enum").and_then(Value::as_array) {
        return Some(
            values
                .iter()
                .map(|v| format!("`{}`", v.as_str().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    let variants = def.get("oneOf").and_then(Value::as_array)?;
    Some(
        variants
            .iter()
            .filter_map(|v| {
                let name = v.get("const").and_then(Value::as_str)?;
                Some(match v.get("description").and_then(Value::as_str) {
                    Some(d) => format!("`{name}` ({})", one_line(d)),
                    None => format!("`{name}`"),
                })
            })
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// A short type for a property: `string`, `integer or null`, a link to a
/// named type, `array of X`, `map of X`.
fn type_of(prop: &Value) -> String {
    if let Some(r) = prop.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        return format!("[`{name}`](#{})", name.to_ascii_lowercase());
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(options) = prop.get(key).and_then(Value::as_array) {
            return options.iter().map(type_of).collect::<Vec<_>>().join(" or ");
        }
    }
    let kinds: Vec<String> = match prop.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ => vec!["any".to_owned()],
    };
    kinds
        .iter()
        .map(|k| match k.as_str() {
            "array" => match prop.get("items") {
                Some(items) if items.is_array() => "array".to_owned(),
                Some(items) => format!("array of {}", type_of(items)),
                None => "array".to_owned(),
            },
            "object" => match prop.get("additionalProperties") {
                Some(v) if v.is_object() => format!("map of {}", type_of(v)),
                _ => "object".to_owned(),
            },
            other => other.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" or ")
}
