//! Inline suppressions written in a page's HTML comments.
//!
//! ```html
//! <!-- carelint-disable-next accessibility/img-missing-alt -- the map is described in the text below -->
//! <img src="map.png">
//!
//! <!-- carelint-disable plain-language/medical-jargon -- a page for clinicians -->
//! ...
//! <!-- carelint-enable plain-language/medical-jargon -->
//! ```
//!
//! `disable-next` covers the next element and everything inside it;
//! `disable` covers the source from the comment to the matching `enable` (or the
//! end of the page). Rules are named by id, by the part after the slash
//! (`img-missing-alt`), by section (`G4`, `accessibility`), or `all`; several can
//! be given, separated by spaces or commas. A reason after ` -- ` is required: a
//! comment without one suppresses nothing and is reported, so that accepting a
//! problem always leaves a written why.

use ego_tree::NodeId;
use scraper::ElementRef;

use super::Page;

/// What one directive covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Covers {
    /// An element and its descendants (`disable-next`).
    Element(NodeId),
    /// Source bytes from `start` to `end` (`disable` … `enable`).
    Range {
        /// First byte covered.
        start: usize,
        /// First byte no longer covered.
        end: usize,
    },
}

/// One inline suppression that applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Rule names as written (ids, short names, sections or `all`).
    pub rules: Vec<String>,
    /// Why the problem is accepted.
    pub reason: String,
    /// The 1-based line of the comment.
    pub line: u32,
    /// What it covers.
    pub covers: Covers,
}

/// The suppressions of a page, and the comments that were not valid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suppressions {
    /// Directives that apply.
    pub active: Vec<Suppression>,
    /// Comments that look like directives but do nothing, with why
    /// (`line 12: ...`).
    pub problems: Vec<String>,
    /// Every rule name written in a directive, with its line, so the engine,
    /// which knows the catalogue, can report names that match no rule.
    pub names: Vec<(u32, String)>,
}

impl Suppression {
    /// Whether this directive names the rule.
    #[must_use]
    pub fn names(&self, rule_id: &str, section: &str) -> bool {
        let (slug, short) = rule_id.split_once('/').unwrap_or(("", rule_id));
        self.rules.iter().any(|r| {
            r == "all" || r == rule_id || r == short || r == slug || r.eq_ignore_ascii_case(section)
        })
    }
}

enum Directive {
    Next,
    Disable,
    Enable,
}

/// Splits `carelint-disable-next a, b -- why` into its parts.
fn parse(body: &str) -> Option<(Directive, Vec<String>, Option<String>)> {
    let body = body.trim();
    let (directive, rest) = if let Some(rest) = body.strip_prefix("carelint-disable-next") {
        (Directive::Next, rest)
    } else if let Some(rest) = body.strip_prefix("carelint-disable") {
        (Directive::Disable, rest)
    } else if let Some(rest) = body.strip_prefix("carelint-enable") {
        (Directive::Enable, rest)
    } else {
        return None;
    };
    // `carelint-disabled` is not a directive.
    if rest.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    let (names, reason) = match rest.split_once("--") {
        Some((names, reason)) => (names, Some(reason.trim().to_owned())),
        None => (rest, None),
    };
    let rules = names
        .split([',', ' ', '\t', '\n', '\r'])
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect();
    Some((directive, rules, reason.filter(|r| !r.is_empty())))
}

/// The directives, for "did you mean".
const DIRECTIVES: [&str; 3] = [
    "carelint-disable-next",
    "carelint-disable",
    "carelint-enable",
];

/// A comment that was meant as a directive but is not one, such as the
/// ESLint habit `carelint-disable-next-line`, and what to write instead.
/// A comment that only mentions carelint ("carelint-disabled for now") is
/// left alone: it counts as meant when it ends in `-line` or gives a reason
/// after `--`, as a directive does.
fn near_miss(body: &str) -> Option<String> {
    let body = body.trim();
    if !body.starts_with("carelint-") {
        return None;
    }
    let word = body.split_whitespace().next().unwrap_or(body);
    let rest = &body[word.len()..];
    let meant = word.ends_with("-line") || rest.contains("--");
    if !meant {
        return None;
    }
    let fixed = word.strip_suffix("-line").unwrap_or(word);
    let suggestion = if DIRECTIVES.contains(&fixed) {
        Some(fixed)
    } else {
        crate::wording::closest(fixed, DIRECTIVES)
    };
    Some(match suggestion {
        Some(d) => format!(
            "`{word}` is not a carelint directive, so this comment does nothing; did you mean `{d}`?"
        ),
        None => format!(
            "`{word}` is not a carelint directive, so this comment does nothing; use carelint-disable-next, carelint-disable or carelint-enable"
        ),
    })
}

impl Page {
    /// The page's inline suppressions (read once, on first use).
    #[must_use]
    pub fn suppressions(&self) -> &Suppressions {
        self.suppressions.get_or_init(|| self.read_suppressions())
    }

    fn read_suppressions(&self) -> Suppressions {
        let mut out = Suppressions::default();
        let source = self.source();
        if !source.contains("carelint-") {
            return out;
        }
        // Open `disable` ranges: (rules, reason, line, start).
        let mut open: Vec<(Vec<String>, String, u32, usize)> = Vec::new();
        let mut from = 0;
        while let Some(i) = source[from..].find("<!--") {
            let start = from + i;
            let body_start = start + 4;
            let Some(len) = source[body_start..].find("-->") else {
                break;
            };
            let end = body_start + len + 3;
            from = end;
            let body = &source[body_start..body_start + len];
            let Some((directive, rules, reason)) = parse(body) else {
                if let Some(help) = near_miss(body) {
                    let line = self.position(start).line;
                    out.problems.push(format!("line {line}: {help}"));
                }
                continue;
            };
            let line = self.position(start).line;
            out.names
                .extend(rules.iter().map(|name| (line, name.clone())));
            let problem = |what: &str| format!("line {line}: {what}");
            match directive {
                Directive::Enable => {
                    let before = open.len();
                    open.retain(|(names, reason, line, begin)| {
                        let closes = rules.is_empty() || names.iter().any(|n| rules.contains(n));
                        if closes {
                            out.active.push(Suppression {
                                rules: names.clone(),
                                reason: reason.clone(),
                                line: *line,
                                covers: Covers::Range {
                                    start: *begin,
                                    end: start,
                                },
                            });
                        }
                        !closes
                    });
                    if open.len() == before {
                        out.problems.push(problem(
                            "carelint-enable has no carelint-disable before it to end",
                        ));
                    }
                }
                _ if rules.is_empty() => out.problems.push(problem(
                    "this suppression names no rule (give a rule id, a section such as G4, or all), so it does nothing",
                )),
                _ if reason.is_none() => out.problems.push(problem(
                    "this suppression has no reason after ` -- `, so it does nothing; say why the problem is accepted",
                )),
                Directive::Disable => {
                    open.push((rules, reason.unwrap_or_default(), line, end));
                }
                Directive::Next => match self.first_element_after(end) {
                    Some(element) => out.active.push(Suppression {
                        rules,
                        reason: reason.unwrap_or_default(),
                        line,
                        covers: Covers::Element(element),
                    }),
                    None => out.problems.push(problem(
                        "carelint-disable-next has no element after it",
                    )),
                },
            }
        }
        for (rules, reason, line, begin) in open {
            out.active.push(Suppression {
                rules,
                reason,
                line,
                covers: Covers::Range {
                    start: begin,
                    end: source.len(),
                },
            });
        }
        out
    }

    /// The first element whose start tag begins at or after `offset`.
    fn first_element_after(&self, offset: usize) -> Option<NodeId> {
        self.root()
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|el| self.span(el.id()).is_some_and(|s| s.start >= offset))
            .map(|el| el.id())
    }

    /// Whether `suppression` covers a finding at `element` (at source byte
    /// `offset`).
    #[must_use]
    pub fn covers(&self, suppression: &Suppression, element: NodeId, offset: usize) -> bool {
        match suppression.covers {
            Covers::Range { start, end } => (start..end).contains(&offset),
            Covers::Element(target) => {
                element == target
                    || self
                        .html()
                        .tree
                        .get(element)
                        .is_some_and(|node| node.ancestors().any(|a| a.id() == target))
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html>
<html lang="en"><body>
<!-- carelint-disable-next accessibility/img-missing-alt -- the map is described below -->
<figure><img src="map.png"></figure>
<img src="other.png">
<!-- carelint-disable medical-jargon, G1 -- a page for clinicians -->
<p>Hypertension</p>
<!-- carelint-enable medical-jargon -->
<p>Hypertension again</p>
<!-- carelint-disable-next img-missing-alt -->
<img src="no-reason.png">
<!-- carelint-disabled is just a comment -->
<!-- carelint-enable G9 -->
<!-- carelint-disable-next-line img-missing-alt -- the ESLint habit -->
<!-- carelint-disbale medical-jargon -- a typo -->
</body></html>"#;

    #[test]
    fn directives_cover_the_next_element_or_a_range() {
        let page = Page::from_text("t", PAGE).unwrap();
        let s = page.suppressions();
        assert_eq!(s.active.len(), 2, "{s:?}");
        let imgs: Vec<NodeId> = page
            .root()
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "img")
            .map(|e| e.id())
            .collect();
        let next = s.active.iter().find(|a| a.line == 3).unwrap();
        assert!(next.names("accessibility/img-missing-alt", "G4"));
        assert!(!next.names("accessibility/input-missing-label", "G4"));
        let off = |id| page.span(id).unwrap().start;
        assert!(
            page.covers(next, imgs[0], off(imgs[0])),
            "inside the figure"
        );
        assert!(!page.covers(next, imgs[1], off(imgs[1])), "the one after");

        let range = s.active.iter().find(|a| a.line == 6).unwrap();
        assert!(range.names("plain-language/medical-jargon", "G1"));
        assert!(
            range.names("plain-language/long-sentence", "G1"),
            "by section"
        );
        let first = PAGE.find("Hypertension</p>").unwrap();
        let second = PAGE.find("Hypertension again").unwrap();
        assert!(page.covers(range, imgs[0], first));
        assert!(!page.covers(range, imgs[0], second));
    }

    #[test]
    fn comments_without_a_reason_or_a_match_are_problems() {
        let page = Page::from_text("t", PAGE).unwrap();
        let problems = &page.suppressions().problems;
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].starts_with("line 10: ") && problems[0].contains("no reason"));
        assert!(
            problems[1].starts_with("line 13: ") && problems[1].contains("no carelint-disable")
        );
        assert!(
            problems[2].starts_with("line 14: ")
                && problems[2].contains("did you mean `carelint-disable-next`?"),
            "{problems:?}"
        );
        assert!(
            problems[3].starts_with("line 15: ")
                && problems[3].contains("did you mean `carelint-disable`?"),
            "{problems:?}"
        );
    }
}
