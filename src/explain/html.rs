//! The guide and the rule cards as plain, accessible HTML pages: what a
//! champion prints or opens on a phone, and what CI runs carelint's own
//! plain-language checks on, so the guide is held to the rules it sets.

use std::fmt::Write as _;

use crate::catalogue::{Catalogue, Rule};
use crate::finding::Confidence;
use crate::guide::Section;
use crate::report::html::escape;

use super::strip_placeholders;
use crate::wording::capitalise;

/// Styles kept small and readable: large text, high contrast, no script.
const STYLE: &str = "body{font-family:Arial,Helvetica,sans-serif;font-size:1.1875rem;line-height:1.5;color:#212b32;background:#fff;max-width:44em;margin:0 auto;padding:1rem}a{color:#005eb8}a:visited{color:#330072}a:focus{outline:3px solid #ffeb3b;background:#ffeb3b;color:#212b32}h1,h2,h3{line-height:1.25}code,pre{font-family:Consolas,monospace;font-size:1rem}pre{white-space:pre-wrap;background:#f0f4f5;padding:.5rem}.source{font-size:1rem;color:#4c6272}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape(title)
    )
}

/// Text from a TOML string as paragraphs: blank lines part them, single line
/// breaks are only wrapping.
fn paragraphs(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|p| {
            format!(
                "<p>{}</p>\n",
                escape(&p.split_whitespace().collect::<Vec<_>>().join(" "))
            )
        })
        .collect()
}

fn list(out: &mut String, heading: &str, id: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "<h3 id=\"{id}\">{}</h3>\n<ul>", escape(heading));
    for item in items {
        let _ = writeln!(out, "<li>{}</li>", escape(item));
    }
    let _ = writeln!(out, "</ul>");
}

/// The whole guide as one HTML page.
#[must_use]
pub fn guide_html(catalogue: &Catalogue) -> String {
    let guide = &catalogue.guide;
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>", escape(&guide.title));
    body.push_str(&paragraphs(&guide.intro));
    let _ = writeln!(
        body,
        "<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n<ul>"
    );
    for s in &guide.sections {
        let _ = writeln!(
            body,
            "<li><a href=\"#{}\">{}</a></li>",
            escape(&s.slug),
            escape(&s.title)
        );
    }
    let _ = writeln!(body, "</ul>\n</nav>");
    for s in &guide.sections {
        section(&mut body, catalogue, s);
    }
    let _ = writeln!(
        body,
        "<section aria-labelledby=\"sources\">\n<h2 id=\"sources\">Where our facts come from</h2>\n<ul>"
    );
    for src in &guide.sources {
        let _ = writeln!(
            body,
            "<li><a href=\"{}\">{}</a></li>",
            escape(&src.url),
            escape(&src.title)
        );
    }
    let _ = writeln!(
        body,
        "</ul>\n<p class=\"source\">Guide version {}.</p>\n</section>",
        escape(&guide.version)
    );
    page(&guide.title, &body)
}

fn section(out: &mut String, catalogue: &Catalogue, s: &Section) {
    let guide = &catalogue.guide;
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"{slug}\">\n<h2 id=\"{slug}\">{}</h2>",
        escape(&s.title),
        slug = escape(&s.slug)
    );
    out.push_str(&paragraphs(&s.summary));
    list(
        out,
        "What good looks like",
        &format!("{}-good", s.slug),
        &s.good_looks_like,
    );
    list(
        out,
        "Who this helps",
        &format!("{}-who", s.slug),
        &s.protects,
    );
    let mut rules: Vec<&Rule> = catalogue
        .rules()
        .iter()
        .filter(|r| r.section == s.id && !r.opt_in)
        .collect();
    rules.sort_by_key(|r| std::cmp::Reverse(r.severity));
    let titles: Vec<String> = rules
        .iter()
        .map(|r| {
            if r.confidence == Confidence::Review {
                format!("{} (a person checks what we find)", r.title)
            } else {
                r.title.clone()
            }
        })
        .collect();
    list(
        out,
        "What carelint looks for",
        &format!("{}-checks", s.slug),
        &titles,
    );
    list(
        out,
        "What a person needs to check",
        &format!("{}-person", s.slug),
        &s.checks_need_a_person,
    );
    let _ = writeln!(
        out,
        "<h3 id=\"{}-why\">Why it matters</h3>\n<ul>",
        escape(&s.slug)
    );
    for fact in &s.facts {
        let cite = guide.source(&fact.source).map_or_else(String::new, |src| {
            format!(
                " <span class=\"source\">(From: <a href=\"{}\">{}</a>)</span>",
                escape(&src.url),
                escape(&src.title)
            )
        });
        let _ = writeln!(out, "<li>{}{cite}</li>", escape(fact.text.trim()));
    }
    let _ = writeln!(out, "</ul>\n</section>");
}

/// One rule card as an HTML page: what to look for, who it shuts out, why,
/// how to fix it and where the rule comes from; the developer's detail
/// (severity, WCAG numbers, settings) last.
#[must_use]
pub fn rule_card_html(catalogue: &Catalogue, rule: &Rule) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>", escape(&rule.title));
    if let Some(s) = catalogue.guide.section(&rule.section) {
        let _ = writeln!(body, "<p>Part of the guide: {}.</p>", escape(&s.title));
    }
    let _ = writeln!(
        body,
        "<h2>Who it shuts out</h2>\n<p>{}</p>",
        escape(&capitalise(rule.affects.trim()))
    );
    let _ = writeln!(body, "<h2>Why it matters</h2>");
    body.push_str(&paragraphs(&rule.why));
    let _ = writeln!(body, "<h2>How to fix it</h2>");
    body.push_str(&paragraphs(&strip_placeholders(&rule.fix)));
    let _ = writeln!(body, "<h2>Where this rule comes from</h2>");
    let _ = writeln!(body, "<p>It is based on {}.</p>", rule.basis.plain());
    let sources: Vec<String> = rule
        .sources
        .iter()
        .filter_map(|id| catalogue.guide.source(id))
        .map(|src| {
            format!(
                "<li><a href=\"{}\">{}</a></li>",
                escape(&src.url),
                escape(&src.title)
            )
        })
        .collect();
    if !sources.is_empty() {
        let _ = writeln!(body, "<ul>\n{}\n</ul>", sources.join("\n"));
    }
    if let Some(choice) = &rule.our_choice {
        let _ = writeln!(body, "<p>Our own choice: {}</p>", escape(choice.trim()));
    }
    let _ = writeln!(body, "<h2>For developers</h2>\n<ul>");
    let _ = writeln!(
        body,
        "<li>Rule: <code>{}</code>, check kind <code>{}</code>, file <code>{}</code></li>",
        escape(&rule.id),
        escape(&rule.kind),
        escape(&rule.path)
    );
    let _ = writeln!(
        body,
        "<li>Level: <code>{}</code>, <code>{}</code></li>",
        rule.severity,
        rule.confidence.as_str()
    );
    if !rule.wcag.is_empty() {
        let _ = writeln!(
            body,
            "<li>Web Content Accessibility Guidelines 2.2: <code>{}</code></li>",
            escape(&rule.wcag.join(", "))
        );
    }
    if !rule.act.is_empty() {
        let _ = writeln!(
            body,
            "<li>W3C test rules: <code>{}</code></li>",
            escape(&rule.act.join(", "))
        );
    }
    let _ = writeln!(body, "</ul>");
    let params = rule.params();
    if !params.is_empty() {
        let _ = writeln!(
            body,
            "<p>Settings you can change in <code>carelint.toml</code>:</p>\n<pre><code>{}</code></pre>",
            escape(&toml::to_string(&params).unwrap_or_default())
        );
    }
    page(&rule.title, &body)
}
