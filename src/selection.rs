//! Which rules a run uses: names given to `--only`, `--skip` and `explain`
//! (a rule's id or short name, a section's id or slug), the opt-in rules, and
//! the rules a saved report ran. The CLI, the engine and the reporters share
//! this one reading of names.

use crate::catalogue::{Catalogue, Rule};
use crate::report::model::AuditReport;

/// A name given to `--only`, `--skip` or `explain` that selects no rule.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(carelint::unknown_rule))]
pub struct UnknownRule {
    /// What is wrong with the name.
    pub message: String,
    /// A "did you mean", or how to find the names.
    #[help]
    pub help: String,
}

/// What one name given on the command line selects.
enum Named<'a> {
    /// A rule, by its full id or its short name (the part after `/`).
    Rule(&'a str),
    /// A guide section, by id (`G4`) or slug (`accessibility`).
    Section(&'a str),
}

/// Resolves a rule id, a short rule name (`img-missing-alt`, when only one
/// rule has it), a section id or a section slug. Spaces around the name (as
/// in `--only "G4, G1"`) do not count.
fn resolve_name<'a>(catalogue: &'a Catalogue, name: &str) -> Result<Named<'a>, UnknownRule> {
    let name = name.trim();
    let rules = catalogue.rules();
    if let Some(rule) = rules.iter().find(|r| r.id == name) {
        return Ok(Named::Rule(&rule.id));
    }
    if let Some(rule) = rules
        .iter()
        .find(|r| r.section.eq_ignore_ascii_case(name) || r.id.split('/').next() == Some(name))
    {
        return Ok(Named::Section(&rule.section));
    }
    let short: Vec<&Rule> = rules
        .iter()
        .filter(|r| r.id.rsplit('/').next() == Some(name))
        .collect();
    match short.as_slice() {
        [one] => return Ok(Named::Rule(&one.id)),
        [_, ..] => {
            let ids: Vec<&str> = short.iter().map(|r| r.id.as_str()).collect();
            return Err(UnknownRule {
                message: format!("`{name}` is the name of more than one rule"),
                help: format!("give the full id: {}", crate::wording::and_list(&ids)),
            });
        }
        [] => {}
    }
    let mut candidates: Vec<&str> = Vec::new();
    for rule in rules {
        candidates.push(&rule.id);
        if let Some(short) = rule.id.rsplit('/').next() {
            candidates.push(short);
        }
        if let Some(slug) = rule.id.split('/').next() {
            candidates.push(slug);
        }
        candidates.push(&rule.section);
    }
    candidates.sort_unstable();
    candidates.dedup();
    let help = match crate::wording::closest(name, candidates) {
        Some(c) => format!("did you mean `{c}`?"),
        None => "run `carelint rules` to list rule ids; a section id (G4) or slug (accessibility) selects all its rules".to_owned(),
    };
    Err(UnknownRule {
        message: format!("unknown rule or section `{name}`"),
        help,
    })
}

/// Finds one rule by its full id or short name, for `explain`.
///
/// # Errors
/// [`UnknownRule`] with a "did you mean" when nothing (or more than one rule)
/// has that name, or when it names a section.
pub fn find_rule<'a>(catalogue: &'a Catalogue, name: &str) -> Result<&'a Rule, UnknownRule> {
    match resolve_name(catalogue, name)? {
        Named::Rule(id) => catalogue.rule(id).ok_or_else(|| UnknownRule {
            message: format!("no rule called `{name}`"),
            help: String::new(),
        }),
        Named::Section(section) => Err(UnknownRule {
            message: format!("`{name}` is a guide section, not a rule"),
            help: format!("run `carelint explain {section}`"),
        }),
    }
}

/// The rules selected by `--only` and `--skip`, which take rule ids, short
/// rule names, section ids or section slugs.
///
/// An opt-in rule runs only when `--only` names it (by id or short name, not
/// by its section), or when `opted_in` lists it (the config file gave it a
/// level) and `--only`, if given, selects it.
///
/// # Errors
/// Returns [`UnknownRule`] for a name that matches nothing.
pub fn select_rules<'a>(
    catalogue: &'a Catalogue,
    only: &[String],
    skip: &[String],
    opted_in: &[String],
) -> Result<Vec<&'a Rule>, UnknownRule> {
    let resolve_all = |names: &[String]| -> Result<Vec<Named<'a>>, UnknownRule> {
        names
            .iter()
            .filter(|n| !n.trim().is_empty())
            .map(|n| resolve_name(catalogue, n))
            .collect()
    };
    let only = resolve_all(only)?;
    let skip = resolve_all(skip)?;
    let matches = |rule: &Rule, named: &Named<'_>| match named {
        Named::Rule(id) => rule.id == *id,
        Named::Section(section) => rule.section == *section,
    };
    Ok(catalogue
        .rules()
        .iter()
        .filter(|r| {
            let selected = only.is_empty() || only.iter().any(|n| matches(r, n));
            if r.opt_in {
                only.iter()
                    .any(|n| matches!(n, Named::Rule(id) if *id == r.id))
                    || (selected && opted_in.contains(&r.id))
            } else {
                selected
            }
        })
        .filter(|r| !skip.iter().any(|n| matches(r, n)))
        .collect())
}

impl AuditReport {
    /// The rules that ran: the catalogue narrowed by the recorded selection.
    /// A selection naming rules this catalogue no longer has falls back to
    /// every rule, rather than to none.
    #[must_use]
    pub fn rules_run<'c>(&self, catalogue: &'c Catalogue) -> Vec<&'c Rule> {
        let (only, skip, opt_in) = self
            .selection
            .as_ref()
            .map_or((&[][..], &[][..], &[][..]), |s| {
                (&s.only[..], &s.skip[..], &s.opt_in[..])
            });
        select_rules(catalogue, only, skip, opt_in)
            .unwrap_or_else(|_| catalogue.rules().iter().filter(|r| !r.opt_in).collect())
    }
}
