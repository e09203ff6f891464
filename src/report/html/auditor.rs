//! The auditor's tables: every WCAG 2.2 level A and AA criterion and every
//! guide rule with its outcome, basis and first piece of evidence.

use std::fmt::Write as _;

use super::context::Ctx;
use super::outcome::Outcome;
use super::words::escape;
use crate::catalogue::Rule;
use crate::finding::Finding;

pub(super) fn criteria(out: &mut String, ctx: &Ctx) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"criteria\">\n<h2 id=\"criteria\">Results by criterion</h2>"
    );
    let _ = writeln!(
        out,
        "<p>Outcomes: Fail (a check is sure), Needs review (a person must confirm), Pass (automatic checks found nothing; a person must still test), Not tested (no check ran).</p>"
    );
    let _ = writeln!(
        out,
        "<div class=\"scroll\">\n<table>\n<caption>WCAG 2.2 level A and AA success criteria</caption>\n<thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\">Level</th><th scope=\"col\">Outcome</th><th scope=\"col\">Rules</th><th scope=\"col\">Evidence</th></tr></thead>\n<tbody>"
    );
    for c in crate::wcag::a_and_aa() {
        let (sc, name, level) = (c.number, c.name, c.level);
        let rules: Vec<&Rule> = ctx
            .ran
            .iter()
            .copied()
            .filter(|r| r.wcag.iter().any(|w| w == sc))
            .collect();
        let findings: Vec<&Finding> = ctx
            .report
            .findings
            .iter()
            .filter(|f| f.wcag.iter().any(|w| w == sc))
            .collect();
        let outcome = if rules.is_empty() {
            Outcome::NotTested
        } else {
            Outcome::of(findings.iter().copied())
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{sc} {}</th><td>{level}</td><td class=\"{}\"><span aria-hidden=\"true\">{} </span>{}</td><td>{}</td><td>{}</td></tr>",
            escape(name),
            outcome.class(),
            outcome.icon(),
            outcome.audit_words(),
            rules.len(),
            evidence(&findings)
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</div>");
    let _ = writeln!(
        out,
        "<div class=\"scroll\">\n<table>\n<caption>Guide rules</caption>\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Part</th><th scope=\"col\">WCAG</th><th scope=\"col\">Based on</th><th scope=\"col\">Outcome</th><th scope=\"col\">Pages</th><th scope=\"col\">Evidence</th></tr></thead>\n<tbody>"
    );
    for rule in ctx.catalogue.rules() {
        let ran = ctx.ran.iter().any(|r| r.id == rule.id);
        let issue = ctx.issues.iter().find(|i| i.rule == rule.id);
        let findings: Vec<&Finding> = issue.map(|i| i.findings.clone()).unwrap_or_default();
        let outcome = if ran {
            Outcome::of(findings.iter().copied())
        } else {
            Outcome::NotTested
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\"><span aria-hidden=\"true\">{} </span>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&rule.id),
            escape(&rule.section),
            escape(&rule.wcag.join(", ")),
            based_on(ctx, rule),
            outcome.class(),
            outcome.icon(),
            outcome.audit_words(),
            issue.map_or(0, |i| i.pages.len()),
            evidence(&findings)
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</div>\n</section>");
}

/// A rule's basis and its main source, linked, for the auditor's table: a
/// buyer quoting a finding needs to know whether it is law, a standard or
/// our own limit.
fn based_on(ctx: &Ctx, rule: &Rule) -> String {
    let basis = rule.basis;
    let mut text = escape(basis.plain());
    if let Some(source) = rule
        .sources
        .first()
        .and_then(|id| ctx.catalogue.guide.source(id))
    {
        // The title, not a link: the report links to nothing outside
        // itself; `carelint explain` and GUIDE.md give the address.
        let _ = write!(text, ": {}", escape(&source.title));
    }
    if rule.our_choice.is_some() {
        text.push_str(" (limit is our choice)");
    }
    text
}

/// The first finding as evidence: page, line, selector and snippet.
fn evidence(findings: &[&Finding]) -> String {
    let Some(f) = findings.first() else {
        return String::new();
    };
    let mut text = format!(
        "<span class=\"page-url\">{}</span>{}",
        escape(&f.page),
        f.line.map(|l| format!(", line {l}")).unwrap_or_default()
    );
    if let Some(selector) = &f.selector {
        let _ = write!(text, "<br><code>{}</code>", escape(selector));
    }
    if let Some(snippet) = &f.snippet {
        let _ = write!(text, "<pre><code>{}</code></pre>", escape(snippet));
    }
    if findings.len() > 1 {
        let _ = write!(text, "and {} more", findings.len() - 1);
    }
    text
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    #[test]
    fn lists_every_level_a_and_aa_criterion_once() {
        let set: BTreeSet<&str> = crate::wcag::a_and_aa().map(|c| c.number).collect();
        assert_eq!(set.len(), 55);
        assert!(
            !set.contains("4.1.1"),
            "4.1.1 Parsing is gone from WCAG 2.2"
        );
    }
}
