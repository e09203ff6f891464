//! The report page by page: the matrix of pages against parts of the guide,
//! then each page's problems. Page titles are the page's own words, so they
//! are escaped and keep the page's language.

use std::fmt::Write as _;

use super::context::Ctx;
use super::outcome::Outcome;
use super::words::{escape, plural, sentence};
use crate::finding::{Confidence, Finding};
use crate::report::model::PageInfo;
use crate::report::{Audience, unwrap_text};

/// Findings listed per page before "and N more".
const PER_PAGE: usize = 100;

pub(super) fn matrix(out: &mut String, ctx: &Ctx) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"matrix\">\n<h2 id=\"matrix\">Pages and parts of the guide</h2>"
    );
    let _ = writeln!(
        out,
        "<p>Each row is a page. Each column is a part of the guide. A cell shows how many problems the checks found.</p>"
    );
    let sections = &ctx.catalogue.guide.sections;
    let _ = write!(out, "<ul>");
    for s in sections {
        let _ = write!(out, "<li>{}: {}</li>", escape(&s.id), escape(&s.title));
    }
    let _ = writeln!(out, "</ul>");
    let _ = write!(
        out,
        "<div class=\"scroll\">\n<table>\n<caption>Problems found on each page, by part of the guide</caption>\n<thead><tr><th scope=\"col\">Page</th>"
    );
    for s in sections {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&s.id));
    }
    let _ = writeln!(out, "</tr></thead>\n<tbody>");
    let mut clean = 0;
    for (n, page) in ctx.report.pages.iter().enumerate() {
        if ctx.audience == Audience::Public
            && page.error.is_none()
            && !ctx.by_page.contains_key(page.url.as_str())
        {
            clean += 1;
            continue;
        }
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#page-{}\" class=\"page-url\">{}</a></th>",
            n + 1,
            page_title_html(page)
        );
        if page.error.is_some() {
            let _ = writeln!(
                out,
                "<td colspan=\"{}\">Not checked</td></tr>",
                sections.len()
            );
            continue;
        }
        let findings = ctx
            .by_page
            .get(page.url.as_str())
            .map_or(&[][..], Vec::as_slice);
        for s in sections {
            let here: Vec<&Finding> = findings
                .iter()
                .copied()
                .filter(|f| f.section == s.id)
                .collect();
            let outcome = if ctx.ran.iter().any(|r| r.section == s.id) {
                Outcome::of(here.iter().copied())
            } else {
                Outcome::NotTested
            };
            let text = match outcome {
                Outcome::Pass => "none".to_owned(),
                Outcome::NotTested => "not checked".to_owned(),
                _ => here.len().to_string(),
            };
            let _ = write!(
                out,
                "<td class=\"{}\"><span aria-hidden=\"true\">{} </span>{text}</td>",
                outcome.class(),
                outcome.icon()
            );
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</div>");
    if clean > 0 {
        let _ = writeln!(
            out,
            "<p>{clean} more page{} had no problems found. They are listed at the end of the next part.</p>",
            plural(clean)
        );
    }
    let _ = writeln!(out, "</section>");
}

/// A page's title as HTML, in the page's own language when that is not
/// English, so screen readers read a Punjabi title in Punjabi.
fn page_title_html(page: &PageInfo) -> String {
    let name = escape(&page_name(page));
    if page.title.is_none() {
        return name;
    }
    match page.lang.as_deref().map(str::trim) {
        // Only a well-formed language tag is copied; the value is hostile.
        Some(lang)
            if !lang.is_empty()
                && lang.len() <= 35
                && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !lang.to_ascii_lowercase().starts_with("en") =>
        {
            format!("<span lang=\"{lang}\">{name}</span>")
        }
        _ => name,
    }
}

/// A page's title, or its address when it has none.
fn page_name(page: &PageInfo) -> String {
    page.title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(|| page.url.clone(), str::to_owned)
}

pub(super) fn page_details(out: &mut String, ctx: &Ctx) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"pages\">\n<h2 id=\"pages\">Page by page</h2>"
    );
    let mut clean: Vec<String> = Vec::new();
    for (n, page) in ctx.report.pages.iter().enumerate() {
        let findings = ctx
            .by_page
            .get(page.url.as_str())
            .map_or(&[][..], Vec::as_slice);
        // Residents look for the problems: a page with none is one name in a
        // list at the end, not a heading of its own.
        if ctx.audience == Audience::Public && page.error.is_none() && findings.is_empty() {
            clean.push(page_title_html(page));
            continue;
        }
        let _ = writeln!(
            out,
            "<h3 id=\"page-{}\">{}</h3>\n<p>Address: <span class=\"page-url\">{}</span></p>",
            n + 1,
            page_title_html(page),
            escape(&page.url)
        );
        if let Some(error) = &page.error {
            let _ = writeln!(
                out,
                "<p>This page could not be checked: {}</p>",
                escape(error)
            );
            continue;
        }
        if let Some(r) = &page.readability {
            let words = reading_age_words(r.scores.reading_age);
            let _ = match ctx.audience {
                Audience::Public => writeln!(out, "<p>How hard it is to read: {words}.</p>"),
                _ => writeln!(
                    out,
                    "<p>Reading age: about {}, {words} (the guide aims for 11 or lower).</p>",
                    r.scores.reading_age
                ),
            };
        }
        if findings.is_empty() {
            let _ = writeln!(out, "<p>The checks found no problems on this page.</p>");
            continue;
        }
        let _ = writeln!(
            out,
            "<p>{} problem{} found:</p>\n<ul>",
            findings.len(),
            plural(findings.len())
        );
        if ctx.audience == Audience::Public {
            // Residents need the kinds of problem, not every quote of the
            // page's own hard words; the top issues show examples.
            let mut kinds: Vec<(&str, usize)> = Vec::new();
            for f in findings {
                match kinds.iter_mut().find(|(rule, _)| *rule == f.rule) {
                    Some((_, n)) => *n += 1,
                    None => kinds.push((f.rule.as_str(), 1)),
                }
            }
            for (rule, n) in kinds {
                let title = ctx.rule(rule).map_or(rule, |r| r.title.as_str());
                let times = if n == 1 {
                    String::new()
                } else {
                    format!(" ({n} times)")
                };
                let _ = writeln!(out, "<li>{}{times}.</li>", escape(title));
            }
            let _ = writeln!(out, "</ul>");
            continue;
        }
        for f in findings.iter().take(PER_PAGE) {
            let title = ctx
                .rule(&f.rule)
                .map_or(f.rule.as_str(), |r| r.title.as_str());
            let _ = write!(out, "<li><strong>{}</strong>", escape(title));
            if f.page != page.url {
                let _ = write!(out, " (a problem across the site)");
            }
            if f.confidence == Confidence::Review {
                let _ = write!(out, " (a person needs to check)");
            }
            let _ = write!(out, ". {}", escape(&sentence(&f.message)));
            if ctx.audience != Audience::Public {
                let _ = write!(
                    out,
                    " <br>Rule <code>{}</code>{}",
                    escape(&f.rule),
                    f.line.map(|l| format!(", line {l}")).unwrap_or_default()
                );
                if let Some(selector) = &f.selector {
                    let _ = write!(out, ", <code>{}</code>", escape(selector));
                }
                if let Some(snippet) = &f.snippet {
                    let _ = write!(out, "<pre><code>{}</code></pre>", escape(snippet));
                }
                if ctx.audience == Audience::Developer {
                    let _ = write!(out, "Fix: {}", escape(&unwrap_text(&f.help)));
                }
            }
            let _ = writeln!(out, "</li>");
        }
        let _ = writeln!(out, "</ul>");
        if findings.len() > PER_PAGE {
            let _ = writeln!(
                out,
                "<p>And {} more. The full data report lists them all.</p>",
                findings.len() - PER_PAGE
            );
        }
    }
    if !clean.is_empty() {
        let _ = writeln!(
            out,
            "<h3 id=\"clean-pages\">Pages with no problems found</h3>\n<p>{} page{}: {}.</p>",
            clean.len(),
            plural(clean.len()),
            clean.join(", ")
        );
    }
    // Findings about a whole site name a target, not a page.
    let site: Vec<&Finding> = ctx
        .report
        .findings
        .iter()
        .filter(|f| !ctx.by_page_is_page(&f.page))
        .collect();
    if !site.is_empty() {
        let _ = writeln!(out, "<h3 id=\"whole-site\">The whole site</h3>\n<ul>");
        for f in site {
            let title = ctx
                .rule(&f.rule)
                .map_or(f.rule.as_str(), |r| r.title.as_str());
            let _ = writeln!(
                out,
                "<li><strong>{}</strong>. {}</li>",
                escape(title),
                escape(&sentence(&f.message))
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "</section>");
}

/// A reading age in words people use, not a number: "reading age 22" means
/// little to a resident.
fn reading_age_words(age: i32) -> &'static str {
    match age {
        ..=11 => "easy for most people to read",
        12..=13 => "a little harder than the NHS aims for",
        14..=16 => "harder than most adults find easy to read",
        _ => "very hard: many adults would struggle to read it",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_titles_carry_only_well_formed_languages() {
        let mut page = PageInfo::new("https://gp.example/pa");
        page.title = Some("<b>ਪੰਜਾਬੀ</b>".to_owned());
        page.lang = Some("pa".to_owned());
        assert_eq!(
            page_title_html(&page),
            "<span lang=\"pa\">&lt;b&gt;ਪੰਜਾਬੀ&lt;/b&gt;</span>"
        );
        page.lang = Some("pa\" onmouseover=\"alert(1)".to_owned());
        assert_eq!(page_title_html(&page), "&lt;b&gt;ਪੰਜਾਬੀ&lt;/b&gt;");
        page.lang = Some("en-GB".to_owned());
        assert_eq!(page_title_html(&page), "&lt;b&gt;ਪੰਜਾਬੀ&lt;/b&gt;");
    }
}
