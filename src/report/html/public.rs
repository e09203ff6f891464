//! The parts every audience reads, worded first for residents and
//! champions: the summary, the verdict per part of the guide, the biggest
//! problems and what an automatic check cannot tell you.

use std::fmt::Write as _;

use super::context::Ctx;
use super::outcome::{Outcome, Reach};
use super::words::{escape, join_and, long_date, owner_words, plural, sentence};
use crate::catalogue::Rule;
use crate::finding::{Confidence, Finding};
use crate::report::{Audience, unwrap_text};
use crate::wording::capitalise;

pub(super) fn summary(out: &mut String, ctx: &Ctx) {
    let s = &ctx.report.summary;
    let date = ctx
        .options
        .date
        .as_deref()
        .map(|d| format!(" on {}", escape(&long_date(d))))
        .unwrap_or_default();
    let checked = ctx.checked.len();
    let _ = writeln!(
        out,
        "<p>We checked {checked} page{}{date}. We used the {}.</p>",
        plural(checked),
        escape(&ctx.catalogue.guide.title),
    );
    let problems = ctx
        .catalogue
        .guide
        .sections
        .iter()
        .filter(|sec| ctx.section_outcome(sec) == Outcome::Fail)
        .count();
    let line = match ctx.audience {
        Audience::Public => format!(
            "It found problems in {problems} of {} parts of the guide. There were {} problem{} in all.",
            ctx.catalogue.guide.sections.len(),
            s.findings,
            plural(s.findings)
        ),
        _ => format!(
            "{}. {} need a person to confirm. {} accepted in writing.",
            crate::report::counts(s),
            ctx.report
                .findings
                .iter()
                .filter(|f| f.confidence == Confidence::Review)
                .count(),
            s.suppressed
        ),
    };
    let _ = writeln!(out, "<p>{line}</p>");
    if s.pages_failed > 0 {
        let _ = writeln!(
            out,
            "<p><strong>{} page{} could not be checked.</strong> This report does not cover {}.</p>",
            s.pages_failed,
            plural(s.pages_failed),
            if s.pages_failed == 1 { "it" } else { "them" }
        );
    }
}

pub(super) fn verdicts(out: &mut String, ctx: &Ctx) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"verdicts\">\n<h2 id=\"verdicts\">How the site did</h2>"
    );
    let _ = writeln!(
        out,
        "<p>The guide has {} parts. Each part says who it helps.</p>\n<ul class=\"verdicts\">",
        ctx.catalogue.guide.sections.len()
    );
    let total = ctx.checked.len();
    for section in &ctx.catalogue.guide.sections {
        let outcome = ctx.section_outcome(section);
        let _ = write!(
            out,
            "<li class=\"v-{}\"><h3><span class=\"icon {}\" aria-hidden=\"true\">{}</span>{} {}: <span class=\"{}\">{}</span></h3>",
            outcome.class(),
            outcome.class(),
            outcome.icon(),
            escape(&section.id),
            escape(&section.title),
            outcome.class(),
            outcome.words()
        );
        let findings = ctx
            .by_section
            .get(section.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let top = ctx
            .issues
            .iter()
            .find(|i| ctx.rule(i.rule).is_some_and(|r| r.section == section.id));
        match (outcome, top) {
            (Outcome::NotTested, _) => {
                let _ = write!(out, "<p>No checks for this part were run.</p>");
            }
            (Outcome::Pass, _) | (_, None) => {
                let _ = write!(
                    out,
                    "<p>The checks found nothing wrong. This part helps {}.</p>",
                    escape(&join_and(&section.protects))
                );
            }
            (_, Some(issue)) => {
                let reach = match Reach::of(ctx, findings.iter().copied()) {
                    Reach::WholeSite | Reach::Pages(0) => "across the whole site".to_owned(),
                    Reach::Pages(n) => format!("on {n} of {total} page{}", plural(total)),
                };
                let rule = ctx.rule(issue.rule);
                let affects = rule.map_or(String::new(), |r| capitalise(&r.affects));
                let _ = write!(
                    out,
                    "<p>Problems {reach}.</p><dl class=\"about\"><dt>Who may be left out</dt><dd>{}.</dd><dt>Biggest problem</dt><dd>{}.</dd></dl>",
                    escape(&affects),
                    escape(rule.map_or(issue.rule, |r| r.title.as_str()))
                );
            }
        }
        let _ = writeln!(out, "</li>");
    }
    let _ = writeln!(out, "</ul>\n</section>");
}

pub(super) fn top_issues(out: &mut String, ctx: &Ctx) {
    let count = match ctx.audience {
        Audience::Public => 5,
        _ => 10,
    };
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"top-issues\">\n<h2 id=\"top-issues\">The biggest problems</h2>"
    );
    if ctx.issues.is_empty() {
        let _ = writeln!(
            out,
            "<p>The checks found no problems. A person still needs to check the things listed below.</p>\n</section>"
        );
        return;
    }
    let _ = writeln!(
        out,
        "<p>These problems are on the most pages. Fixing them helps the most people.</p>"
    );
    let total = ctx.checked.len();
    for (n, issue) in ctx.issues.iter().take(count).enumerate() {
        let Some(rule) = ctx.rule(issue.rule) else {
            continue;
        };
        let Some(example) = issue.findings.first() else {
            continue;
        };
        let _ = writeln!(
            out,
            "<div class=\"issue\">\n<h3>{}. {}</h3>",
            n + 1,
            escape(&rule.title)
        );
        let on_pages = issue
            .pages
            .iter()
            .filter(|p| ctx.by_page_is_page(p))
            .count();
        let site_wide = issue.findings.iter().all(|f| !ctx.by_page_is_page(&f.page));
        let reach = if on_pages == 0 {
            "It is about the whole site.".to_owned()
        } else if site_wide {
            // One finding about the site: count the pages it is about, not
            // the findings.
            if on_pages == total && total > 1 {
                format!("It is about the whole site: all {total} pages.")
            } else {
                format!("It affects {on_pages} of {total} page{}.", plural(total))
            }
        } else {
            format!(
                "Found on {on_pages} of {total} page{}, {} time{} in all.",
                plural(total),
                issue.findings.len(),
                plural(issue.findings.len())
            )
        };
        let certainty = if example.confidence == Confidence::Review {
            " A person needs to check it."
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<p>{reach}{certainty}{}</p>",
            match ctx.audience {
                Audience::Public => String::new(),
                _ => format!(
                    " Rule <code>{}</code>, {} ({}).{}",
                    escape(&rule.id),
                    issue.severity.as_str(),
                    rule.confidence.as_str(),
                    if rule.wcag.is_empty() {
                        String::new()
                    } else {
                        format!(" WCAG {}.", escape(&rule.wcag.join(", ")))
                    }
                ),
            }
        );
        if issue.repeated > 0 {
            let _ = writeln!(
                out,
                "<p>The same problem repeats on many pages. It is likely in the site's template, so one fix mends them all.</p>"
            );
        }
        // Each part is its own block, so a long list of who it affects
        // never runs into the label as one long sentence.
        let _ = writeln!(
            out,
            "<dl class=\"about\">\n<dt>Who it affects</dt><dd>{}.</dd>",
            escape(&capitalise(&rule.affects))
        );
        let _ = writeln!(
            out,
            "<dt>Who fixes it</dt><dd>{}.</dd>",
            capitalise(owner_words(rule.owner))
        );
        if ctx.audience != Audience::Developer {
            why(out, rule);
        }
        example_block(out, ctx, example);
        if ctx.audience == Audience::Developer {
            why(out, rule);
        }
        let _ = writeln!(out, "</dl>\n</div>");
    }
    if ctx.issues.len() > count {
        let more = ctx.issues.len() - count;
        let _ = writeln!(
            out,
            "<p>There {} {more} more kind{} of problem. See the page by page list.</p>",
            if more == 1 { "is" } else { "are" },
            plural(more)
        );
    }
    let _ = writeln!(out, "</section>");
}

fn why(out: &mut String, rule: &Rule) {
    let why = unwrap_text(&rule.why);
    let first = why.split("\n\n").next().unwrap_or_default();
    let _ = writeln!(
        out,
        "<dt>Why it matters to patients</dt><dd>{}</dd>",
        escape(first)
    );
}

fn example_block(out: &mut String, ctx: &Ctx, f: &Finding) {
    let place = match f.line {
        Some(line) => format!("line {line} of"),
        None => "the whole site:".to_owned(),
    };
    let _ = writeln!(
        out,
        "<dt>Example</dt><dd><p>{} <span class=\"page-url\">{}</span>.</p><p>{}</p>",
        capitalise(&place),
        escape(&f.page),
        escape(&sentence(&f.message))
    );
    if ctx.audience == Audience::Developer
        && let Some(selector) = &f.selector
    {
        let _ = writeln!(
            out,
            "<p><strong>Where:</strong> <code>{}</code></p>",
            escape(selector)
        );
    }
    if let Some(snippet) = &f.snippet {
        let _ = writeln!(
            out,
            "<p><strong>What the page has:</strong></p>\n<pre><code>{}</code></pre>",
            escape(snippet)
        );
    }
    let _ = writeln!(
        out,
        "</dd>\n<dt>How to fix it</dt><dd>{}</dd>",
        escape(&unwrap_text(&f.help))
    );
}

pub(super) fn cannot_tell(out: &mut String, ctx: &Ctx) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"cannot-tell\">\n<h2 id=\"cannot-tell\">What this check cannot tell you</h2>"
    );
    let _ = writeln!(
        out,
        "<p>A computer can only check some things. A clean report does not mean the site is easy for everyone to use. Ask a person to look at these questions, or better, ask people who use the site.</p>"
    );
    for section in &ctx.catalogue.guide.sections {
        if section.checks_need_a_person.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<h3>{} {}</h3>\n<ul>",
            escape(&section.id),
            escape(&section.title)
        );
        for q in &section.checks_need_a_person {
            let _ = writeln!(out, "<li>{}</li>", escape(q));
        }
        let _ = writeln!(out, "</ul>");
    }
    let all = crate::wcag::a_and_aa().count();
    let untested: Vec<_> = crate::wcag::a_and_aa()
        .filter(|c| !ctx.ran.iter().any(|r| r.wcag.iter().any(|w| w == c.number)))
        .map(|c| (c.number, c.name, c.level))
        .collect();
    match ctx.audience {
        Audience::Public => {
            let _ = writeln!(
                out,
                "<p>The law asks public websites to meet a standard called the Web Content Accessibility Guidelines (WCAG). It has {} rules at level AA. carelint has no check for {} of them. A person must test those.</p>",
                all,
                untested.len()
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "<p>Automatic checks cover only part of WCAG 2.2. No carelint rule ran for these {} of the {} level A and AA success criteria, so they are not tested:</p>\n<ul>",
                untested.len(),
                all
            );
            for (sc, name, level) in untested {
                let _ = writeln!(out, "<li>{sc} {} (level {level})</li>", escape(name));
            }
            let _ = writeln!(
                out,
                "</ul>\n<p>Criteria that were checked still need a person: the checks find some failures, never all.</p>"
            );
        }
    }
    let _ = writeln!(out, "</section>");
}
