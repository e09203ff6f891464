//! "At a glance": inline SVG bar charts of the pages each part of the guide
//! (and, for auditors, each WCAG principle) has problems on, each followed by
//! a table of the same numbers.

use std::fmt::Write as _;

use super::context::Ctx;
use super::outcome::{Outcome, Reach};
use super::words::escape;
use crate::finding::Finding;
use crate::report::Audience;

/// One bar of a chart: a label, an outcome and how many pages it reaches.
struct Bar {
    label: String,
    outcome: Outcome,
    pages: usize,
}

/// Bar colours: each has at least 3:1 contrast with white (WCAG 1.4.11),
/// and the words beside each bar say the same thing.
fn bar_colour(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Fail => "#b3200f",
        Outcome::Review => "#7a4d00",
        Outcome::Pass => "#00662f",
        Outcome::NotTested => "#4c6272",
    }
}

/// An inline SVG bar chart with its own title and description, followed by a
/// table of the same numbers: the picture for people who take things in at a
/// glance, the table for screen readers and for anyone who wants the figures.
fn bar_chart(out: &mut String, id: &str, title: &str, bars: &[Bar], total: usize, head: &str) {
    const ROW: usize = 34;
    const LABEL: usize = 250;
    const TRACK: usize = 280;
    let height = ROW * bars.len() + 8;
    let worst = bars
        .iter()
        .max_by_key(|b| b.pages)
        .filter(|b| b.pages > 0)
        .map_or_else(
            || "No part has problems on any page.".to_owned(),
            |b| {
                format!(
                    "The most pages with problems: {}, {} of {total}.",
                    b.label, b.pages
                )
            },
        );
    let _ = writeln!(
        out,
        "<figure class=\"chart\" id=\"{id}\">\n<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 640 {height}\" width=\"640\" height=\"{height}\" preserveAspectRatio=\"xMinYMin meet\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(&worst)
    );
    for (n, bar) in bars.iter().enumerate() {
        let y = n * ROW + 4;
        let width = if total == 0 {
            0
        } else {
            (bar.pages * TRACK).div_ceil(total)
        };
        let value = match bar.outcome {
            Outcome::NotTested => "not checked".to_owned(),
            Outcome::Pass => "none found".to_owned(),
            _ => format!("{} of {total}", bar.pages),
        };
        let _ = writeln!(
            out,
            "<text x=\"0\" y=\"{}\" font-size=\"15\" fill=\"#212b32\">{}</text><rect x=\"{LABEL}\" y=\"{}\" width=\"{TRACK}\" height=\"20\" fill=\"#ffffff\" stroke=\"#4c6272\"/><rect x=\"{LABEL}\" y=\"{}\" width=\"{width}\" height=\"20\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"15\" fill=\"#212b32\">{}</text>",
            y + 16,
            escape(&bar.label),
            y + 2,
            y + 2,
            bar_colour(bar.outcome),
            LABEL + TRACK + 8,
            y + 16,
            escape(&value)
        );
    }
    let _ = writeln!(
        out,
        "</svg>\n<figcaption>{} Red bars: problems found. Brown bars: a person needs to check. An empty bar: no problems found.</figcaption>\n</figure>",
        if total == 1 {
            "Each bar shows whether the page checked has a problem in that part.".to_owned()
        } else {
            format!(
                "Each bar shows how many of the {total} pages checked have a problem in that part."
            )
        }
    );
    let _ = writeln!(
        out,
        "<details>\n<summary>The numbers in this chart, as a table</summary>\n<div class=\"scroll\">\n<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">Result</th><th scope=\"col\">Pages with a problem</th></tr></thead>\n<tbody>",
        escape(title),
        escape(head)
    );
    for bar in bars {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"{}\"><span aria-hidden=\"true\">{} </span>{}</td><td class=\"num\">{}</td></tr>",
            escape(&bar.label),
            bar.outcome.class(),
            bar.outcome.icon(),
            bar.outcome.words(),
            bar.pages
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</div>\n</details>");
}

/// "At a glance": the parts of the guide with their results and a bar chart
/// of the pages each part's problems reach. The auditor also gets the same
/// picture by WCAG principle.
pub(super) fn glance(out: &mut String, ctx: &Ctx) {
    let total = ctx.checked.len();
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"glance\">\n<h2 id=\"glance\">At a glance</h2>"
    );
    let bars: Vec<Bar> = ctx
        .catalogue
        .guide
        .sections
        .iter()
        .map(|s| Bar {
            label: format!("{} {}", s.id, s.title),
            outcome: ctx.section_outcome(s),
            pages: Reach::of(
                ctx,
                ctx.by_section
                    .get(s.id.as_str())
                    .into_iter()
                    .flatten()
                    .copied(),
            )
            .pages(ctx),
        })
        .collect();
    bar_chart(
        out,
        "chart-sections",
        "Pages with a problem, for each part of the guide",
        &bars,
        total,
        "Part of the guide",
    );
    if ctx.audience == Audience::Auditor {
        const PRINCIPLES: [(&str, &str); 4] = [
            ("1", "Perceivable"),
            ("2", "Operable"),
            ("3", "Understandable"),
            ("4", "Robust"),
        ];
        let bars: Vec<Bar> = PRINCIPLES
            .iter()
            .map(|(n, name)| {
                let prefix = format!("{n}.");
                let under = |wcag: &[String]| wcag.iter().any(|c| c.starts_with(&prefix));
                let ran = ctx.ran.iter().any(|r| under(&r.wcag));
                let findings: Vec<&Finding> = ctx
                    .report
                    .findings
                    .iter()
                    .filter(|f| under(&f.wcag))
                    .collect();
                Bar {
                    label: format!("{n} {name}"),
                    outcome: if ran {
                        Outcome::of(findings.iter().copied())
                    } else {
                        Outcome::NotTested
                    },
                    pages: Reach::of(ctx, findings.iter().copied()).pages(ctx),
                }
            })
            .collect();
        bar_chart(
            out,
            "chart-principles",
            "Pages with a problem, for each WCAG 2.2 principle",
            &bars,
            total,
            "WCAG 2.2 principle",
        );
    }
    let _ = writeln!(out, "</section>");
}
