//! Plain-English cards for `carelint explain`, and the whole guide for
//! `carelint guide` (text, Markdown and HTML; GUIDE.md is generated from the
//! Markdown).

use std::fmt::Write as _;

mod html;

pub use html::{guide_html, rule_card_html};

use crate::catalogue::{Catalogue, Rule};
use crate::guide::Section;
use crate::wording::capitalise;

/// Wraps text to `width` columns with an indent.
fn wrap(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    for paragraph in text.trim().split("\n\n") {
        let mut line = String::from(indent);
        for word in paragraph.split_whitespace() {
            if line.len() > indent.len() && line.len() + 1 + word.len() > width {
                out.push_str(line.trim_end());
                out.push('\n');
                line = String::from(indent);
            }
            if line.len() > indent.len() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(line.trim_end());
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// A wrapped list item: `  - ` on the first line, four spaces after.
fn bullet(text: &str) -> String {
    let wrapped = wrap(text, "    ", 80);
    format!("  - {}", wrapped.trim_start())
}

/// A rule card: what, who it affects, why, how to fix, and where it comes from.
#[must_use]
pub fn rule_card(catalogue: &Catalogue, rule: &Rule) -> String {
    let mut out = String::new();
    let section = catalogue.guide.section(&rule.section);
    let _ = writeln!(out, "{}\n{}\n", rule.id, rule.title);
    if let Some(s) = section {
        let _ = writeln!(out, "Guide section: {} {} ({})", s.id, s.title, s.slug);
    }
    let _ = write!(
        out,
        "Severity: {} ({})",
        rule.severity,
        rule.confidence.as_str()
    );
    if !rule.wcag.is_empty() {
        let _ = write!(out, " \u{b7} WCAG 2.2: {}", rule.wcag.join(", "));
    }
    if !rule.act.is_empty() {
        let _ = write!(out, " \u{b7} ACT: {}", rule.act.join(", "));
    }
    let _ = writeln!(
        out,
        "\nChecks a whole {}.\n",
        match rule.scope() {
            crate::catalogue::Scope::Page => "page at a time",
            crate::catalogue::Scope::Site => "site at once",
        }
    );
    if rule.opt_in {
        let text = format!(
            "Opt-in: runs only when asked for, with `--only {}` or a level for it under [rules] in carelint.toml.",
            rule.id
        );
        let _ = writeln!(out, "{}", wrap(&text, "", 80));
    }
    let _ = writeln!(out, "Who it shuts out:\n{}", wrap(&rule.affects, "  ", 80));
    let _ = writeln!(out, "Why it matters:\n{}", wrap(&rule.why, "  ", 80));
    let _ = writeln!(
        out,
        "How to fix it:\n{}",
        wrap(&strip_placeholders(&rule.fix), "  ", 80)
    );
    let _ = write!(out, "{}", provenance_text(catalogue, rule));
    let params = rule.params();
    if !params.is_empty() {
        let _ = writeln!(
            out,
            "Settings (change any of them under [rules.\"{}\"] in carelint.toml):",
            rule.id
        );
        for (key, value) in &params {
            let _ = writeln!(out, "  {key} = {}", setting(value));
        }
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &format!(
                    "Settings the rule file does not give keep the `{}` check's defaults (documented in src/checks/ in the carelint repository).",
                    rule.kind
                ),
                "",
                80
            )
        );
    }
    let _ = writeln!(out, "Rule file: {} (check kind `{}`)", rule.path, rule.kind);
    out
}

/// "Where this rule comes from": its basis, its sources with their
/// addresses, and which part of it is our own choice.
fn provenance_text(catalogue: &Catalogue, rule: &Rule) -> String {
    let mut out = String::from("Where this rule comes from:\n");
    let _ = writeln!(
        out,
        "  Based on {} ({}).",
        rule.basis.plain(),
        rule.basis.as_str()
    );
    for id in &rule.sources {
        if let Some(source) = catalogue.guide.source(id) {
            let _ = write!(
                out,
                "{}",
                bullet(&format!("{} ({})", source.title, source.url))
            );
        }
    }
    if let Some(choice) = &rule.our_choice {
        let _ = write!(
            out,
            "{}",
            wrap(&format!("Our own choice: {choice}"), "  ", 80)
        );
    }
    out.push('\n');
    out
}

/// A setting's value as TOML, or for a long list or table how many entries
/// it has: the rule file holds them all.
fn setting(value: &toml::Value) -> String {
    const SHORT: usize = 60;
    let text = match value {
        toml::Value::Array(items) => {
            let inline = toml::Value::Array(items.clone()).to_string();
            if inline.chars().count() <= SHORT {
                return inline;
            }
            return format!("[...] ({} entries, listed in the rule file)", items.len());
        }
        toml::Value::Table(t) => {
            return format!("{{...}} ({} settings, in the rule file)", t.len());
        }
        other => other.to_string(),
    };
    if text.chars().count() <= SHORT {
        text
    } else {
        format!("{}...", text.chars().take(SHORT).collect::<String>())
    }
}

/// Template placeholders make no sense outside a finding.
fn strip_placeholders(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str("...");
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.replace("\"...\"", "...")
}

/// A section card, laid out to be read aloud or held up: what good looks
/// like, who it protects, what carelint looks for, what a person must still
/// check, and last the facts behind it with their sources.
#[must_use]
pub fn section_card(catalogue: &Catalogue, section: &Section) -> String {
    let guide = &catalogue.guide;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}
",
        section.id, section.title
    );
    let _ = writeln!(out, "{}", wrap(&section.summary, "", 80));
    if !section.good_looks_like.is_empty() {
        let _ = writeln!(out, "What good looks like:");
        for good in &section.good_looks_like {
            let _ = write!(out, "{}", bullet(good));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "This protects:");
    for who in &section.protects {
        let _ = writeln!(out, "  - {who}");
    }
    let mut rules: Vec<&Rule> = catalogue
        .rules()
        .iter()
        .filter(|r| r.section == section.id)
        .collect();
    // The most serious first, so the card starts with what matters most.
    rules.sort_by_key(|r| std::cmp::Reverse(r.severity));
    let _ = writeln!(out, "\ncarelint checks:");
    if rules.is_empty() {
        let _ = writeln!(out, "  (no automatic checks yet)");
    }
    for rule in rules {
        let review = if rule.confidence == crate::finding::Confidence::Review {
            ", a person confirms"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  - {} ({}{review})\n      {}",
            rule.title, rule.severity, rule.id
        );
    }
    let _ = writeln!(out, "\nA person needs to check:");
    for question in &section.checks_need_a_person {
        let _ = write!(out, "{}", bullet(question));
    }
    let _ = writeln!(out, "\nWhy it matters:");
    for fact in &section.facts {
        let source = guide.source(&fact.source).map_or("", |s| s.title.as_str());
        let _ = write!(out, "{}", bullet(&format!("{} ({source})", fact.text)));
    }
    out
}

/// The whole guide as plain text.
#[must_use]
pub fn guide_text(catalogue: &Catalogue) -> String {
    let guide = &catalogue.guide;
    let mut out = format!(
        "{} (version {})\n\n{}\n",
        guide.title,
        guide.version,
        wrap(&guide.intro, "", 80)
    );
    for section in &guide.sections {
        out.push_str(&"-".repeat(80));
        out.push('\n');
        out.push_str(&section_card(catalogue, section));
        out.push('\n');
    }
    out
}

/// The whole guide as Markdown (this is GUIDE.md).
#[must_use]
pub fn guide_markdown(catalogue: &Catalogue) -> String {
    let guide = &catalogue.guide;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", guide.title);
    let _ = writeln!(
        out,
        "<!-- Generated from rules/guide.toml and rules/**/*.toml by `carelint guide --format md`. Do not edit by hand. -->\n"
    );
    let _ = writeln!(
        out,
        "Version {}.\n\n{}\n",
        guide.version,
        guide.intro.trim()
    );
    let _ = writeln!(out, "| Section | Title | Rules |\n|---|---|---|");
    for s in &guide.sections {
        let n = catalogue
            .rules()
            .iter()
            .filter(|r| r.section == s.id)
            .count();
        let _ = writeln!(out, "| [{}](#{}) | {} | {} |", s.id, anchor(s), s.title, n);
    }
    out.push('\n');
    for s in &guide.sections {
        let _ = writeln!(out, "## {} {}\n", s.id, s.title);
        let _ = writeln!(out, "Slug: `{}`\n\n{}\n", s.slug, s.summary.trim());
        if !s.good_looks_like.is_empty() {
            let _ = writeln!(out, "**What good looks like:**\n");
            for good in &s.good_looks_like {
                let _ = writeln!(out, "- {good}");
            }
            out.push('\n');
        }
        let _ = writeln!(out, "**This protects:**\n");
        for who in &s.protects {
            let _ = writeln!(out, "- {who}");
        }
        let _ = writeln!(out, "\n**Why it matters:**\n");
        for fact in &s.facts {
            let source = guide.source(&fact.source);
            let cite = source.map_or_else(String::new, |src| {
                format!(" ([{}]({}), {})", src.title, src.url, fact.kind)
            });
            let _ = writeln!(out, "- {}{cite}", fact.text);
        }
        let _ = writeln!(out, "\n**carelint checks:**\n");
        let rules: Vec<&Rule> = catalogue
            .rules()
            .iter()
            .filter(|r| r.section == s.id)
            .collect();
        if rules.is_empty() {
            let _ = writeln!(out, "- No automatic checks yet.");
        }
        for r in rules {
            let wcag = if r.wcag.is_empty() {
                String::new()
            } else {
                format!(" (WCAG {})", r.wcag.join(", "))
            };
            let _ = writeln!(out, "- `{}`: {}{wcag}, {}.", r.id, r.title, r.severity);
            let _ = writeln!(out, "  {}", provenance_markdown(catalogue, r));
        }
        let _ = writeln!(out, "\n**A person needs to check:**\n");
        for q in &s.checks_need_a_person {
            let _ = writeln!(out, "- {q}");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Sources\n");
    for src in &guide.sources {
        let _ = writeln!(out, "- [{}]({}) ({})", src.title, src.url, src.kind);
    }
    out
}

/// One line for GUIDE.md: the basis and linked sources of a rule, and its
/// own-choice note.
fn provenance_markdown(catalogue: &Catalogue, rule: &Rule) -> String {
    let basis = rule.basis.plain();
    let mut line = capitalise(basis);
    let links: Vec<String> = rule
        .sources
        .iter()
        .filter_map(|id| catalogue.guide.source(id))
        .map(|s| format!("[{}]({})", s.title, s.url))
        .collect();
    if !links.is_empty() {
        let _ = write!(line, ": {}", links.join("; "));
    }
    line.push('.');
    if let Some(choice) = &rule.our_choice {
        let _ = write!(
            line,
            " Our own choice: {}",
            choice.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    line
}

fn anchor(section: &Section) -> String {
    format!("{} {}", section.id, section.title)
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'a'..='z' | '0'..='9' | '-' => Some(c),
            ' ' => Some('-'),
            _ => None,
        })
        .collect()
}
