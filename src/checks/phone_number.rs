//! `phone-number`: flags UK phone numbers in the visible text that lack
//! something people need to use them: a `tel:` link to tap, opening hours
//! next to them, or a note of what the call costs.
//!
//! ## What it checks
//! Numbers are found in every visible block of text by [`crate::phone`].
//! Only numbers of the listed `kinds` are looked at (default: full-length
//! numbers, not NHS 111, 999 or 116 helplines). Kinds are `geographic`,
//! `non-geographic`, `mobile`, `freephone`, `charged` (084, 087, 070),
//! `premium` (09), `other`, `nhs-111`, `emergency`, `helpline`, `relay`.
//!
//! Numbers whose label matches `not_after` (a regular expression tried on the
//! text just before the number, such as `\bfax\W*$`) are left out.
//!
//! A number is fine when:
//! - `unless_linked = true` and a visible `tel:` (or `sms:`) link on the
//!   page calls it;
//! - `unless_nearby` matches the text of its block or of the `nearby` blocks
//!   (default 2) before and after it in the same part of the page (main
//!   content, or header / footer / sidebars), at any of its occurrences (a
//!   number in the header is fine when the same number has its hours in the
//!   main text).
//!
//! Each number is reported once per page, at its first occurrence;
//! `{number}` is the number as written and `{kind}` its kind.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "phone-number"
//! kinds = ["charged", "premium"]
//! unless_nearby = '\bfree\b|\bcall charges?\b|\bper minute\b'
//! ```

use std::collections::HashSet;

use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, Pattern, RuleSource, sentence_at};
use crate::error::DataFileError;
use crate::page::{Block, Page, is_hidden};
use crate::phone::{PhoneKind, PhoneNumber, find_phone_numbers, tel_digits};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    kinds: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    unless_linked: bool,
    #[serde(default)]
    unless_nearby: Option<Spanned<String>>,
    #[serde(default = "two")]
    nearby: usize,
    #[serde(default)]
    not_after: Option<Spanned<String>>,
}

fn two() -> usize {
    2
}

/// Reads a `kinds` list of phone-number kind names.
pub(super) fn phone_kinds(
    source: &RuleSource<'_>,
    kinds: Option<&Spanned<Vec<String>>>,
) -> Result<Vec<PhoneKind>, DataFileError> {
    let Some(kinds) = kinds else {
        return Ok(PhoneKind::ALL
            .into_iter()
            .filter(|k| k.is_service_line())
            .collect());
    };
    kinds
        .get_ref()
        .iter()
        .map(|name| {
            PhoneKind::from_name(name).ok_or_else(|| {
                let known: Vec<&str> = PhoneKind::ALL.iter().map(|k| k.name()).collect();
                source.error_at(
                    kinds,
                    format!(
                        "unknown phone-number kind `{name}` (known: {})",
                        known.join(", ")
                    ),
                )
            })
        })
        .collect()
}

/// The national digits of every visible `tel:` or `sms:` link on the page
/// (an `sms:` link is tappable too, for a number meant for texts).
pub(super) fn tel_targets(page: &Page, links: &Selector) -> HashSet<String> {
    page.html()
        .select(links)
        .filter(|a| !is_hidden(*a))
        .filter_map(|a| a.value().attr("href"))
        .filter_map(|h| {
            let h = h.trim_start();
            let scheme = h.get(..4)?;
            (scheme.eq_ignore_ascii_case("tel:") || scheme.eq_ignore_ascii_case("sms:"))
                .then(|| tel_digits(&format!("tel:{}", &h[4..])))
        })
        .collect()
}

#[derive(Debug)]
pub(crate) struct PhoneNumberCheck {
    kinds: Vec<PhoneKind>,
    unless_linked: bool,
    unless_nearby: Option<Pattern>,
    nearby: usize,
    not_after: Option<Pattern>,
    links: Selector,
}

impl PhoneNumberCheck {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        if !p.unless_linked && p.unless_nearby.is_none() {
            return Err(DataFileError::at(
                source.path,
                source.text,
                None,
                "give `unless_linked = true` or `unless_nearby`, or every number is a finding",
            ));
        }
        Ok(Self {
            kinds: phone_kinds(source, p.kinds.as_ref())?,
            unless_linked: p.unless_linked,
            unless_nearby: p
                .unless_nearby
                .as_ref()
                .map(|r| source.regex(r))
                .transpose()?,
            nearby: p.nearby,
            not_after: p.not_after.as_ref().map(|r| source.regex(r)).transpose()?,
            links: source.fixed_selector("a[href]")?,
        })
    }

    /// Whether the blocks round `i` (same part of the page) match `pattern`.
    fn nearby_matches(&self, blocks: &[&Block], i: usize, pattern: &Pattern) -> bool {
        let main = blocks[i].main;
        let from = i.saturating_sub(self.nearby);
        let to = (i + self.nearby + 1).min(blocks.len());
        blocks[from..to]
            .iter()
            .any(|b| b.main == main && pattern.is_match(&b.text))
    }

    /// Whether the text just before the number (up to 30 characters) matches
    /// `not_after`, such as a "Fax:" label.
    fn labelled_out(&self, text: &str, number: &PhoneNumber) -> bool {
        self.not_after.as_ref().is_some_and(|r| {
            let end = number.range.start;
            let from = text[..end]
                .char_indices()
                .rev()
                .nth(29)
                .map_or(0, |(i, _)| i);
            r.is_match(&text[from..end])
        })
    }

    fn linked(targets: &HashSet<String>, number: &PhoneNumber) -> bool {
        targets.iter().any(|t| t.ends_with(&number.digits))
    }
}

impl PageCheck for PhoneNumberCheck {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        let blocks: Vec<&Block> = page.blocks().iter().filter(|b| !b.hidden).collect();
        // Each distinct number: its first occurrence, and whether any
        // occurrence has the nearby text.
        let mut numbers: Vec<(usize, PhoneNumber, bool)> = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            for number in find_phone_numbers(&block.text) {
                if !self.kinds.contains(&number.kind) || self.labelled_out(&block.text, &number) {
                    continue;
                }
                let near = self
                    .unless_nearby
                    .as_ref()
                    .is_some_and(|p| self.nearby_matches(&blocks, i, p));
                match numbers
                    .iter_mut()
                    .find(|(_, n, _)| n.digits == number.digits)
                {
                    Some(seen) => seen.2 |= near,
                    None => numbers.push((i, number, near)),
                }
            }
        }
        if numbers.is_empty() {
            return;
        }
        let targets = if self.unless_linked {
            tel_targets(page, &self.links)
        } else {
            HashSet::new()
        };
        for (i, number, near) in numbers {
            if near || (self.unless_linked && Self::linked(&targets, &number)) {
                continue;
            }
            let block = blocks[i];
            let shown = &block.text[number.range.clone()];
            let at = sentence_at(page, block, number.range.start, shown);
            out.emit(
                Hit::at(at)
                    .arg("number", shown)
                    .arg("kind", number.kind.name()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::build_for_test;

    #[test]
    fn needs_a_reason_to_pass_a_number() {
        let err = build_for_test("phone-number", "", PhoneNumberCheck::new)
            .err()
            .unwrap_or_default();
        assert!(err.contains("unless_linked"), "{err}");
        assert!(
            build_for_test(
                "phone-number",
                "unless_linked = true",
                PhoneNumberCheck::new
            )
            .is_ok()
        );
    }

    #[test]
    fn unknown_kinds_are_named() {
        let err = build_for_test(
            "phone-number",
            "kinds = [\"landline\"]\nunless_linked = true",
            PhoneNumberCheck::new,
        )
        .err()
        .unwrap_or_default();
        assert!(
            err.contains("landline") && err.contains("geographic"),
            "{err}"
        );
    }

    #[test]
    fn fax_labels_are_left_out() {
        let check = build_for_test(
            "phone-number",
            "unless_linked = true\nnot_after = '\\bfax\\b[^.;,0-9]{0,25}$'",
            PhoneNumberCheck::new,
        );
        let Ok(check) = check else {
            panic!("builds");
        };
        let text = "Fax: 01632 960001, phone 01632 960000";
        let numbers = find_phone_numbers(text);
        let out: Vec<bool> = numbers
            .iter()
            .map(|n| check.labelled_out(text, n))
            .collect();
        assert_eq!(out, [true, false]);
    }
}
