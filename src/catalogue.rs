//! The rule catalogue: every rule, loaded from the TOML files under `rules/`.
//!
//! A rule file names its guide section, severity, confidence, WCAG criteria,
//! wording (title, message, who it affects, why, fix) and a `[check]` table that
//! picks a check kind and sets its parameters. Rules are embedded at build time
//! and checked when loaded: an unknown kind, an unknown section, a duplicate id
//! or a bad parameter is a diagnostic that points at the line in the rule file.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;

use crate::checks::{self, Check};
use crate::error::{DataFileError, DataFileErrors};
use crate::finding::{Confidence, Severity};
use crate::guide::{Guide, Owner};
pub use crate::rule::{Basis, RuleInfo};

include!(concat!(env!("OUT_DIR"), "/rule_files.rs"));

/// Whether a rule looks at one page at a time or at a whole site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Runs on each page.
    Page,
    /// Runs once over small facts from every page of a site.
    Site,
}

/// One rule: what it says (its [`RuleInfo`], reached through `Deref`, so
/// `rule.id` works) plus the compiled check.
#[derive(Debug)]
pub struct Rule {
    /// The rule's data from its file.
    pub info: RuleInfo,
    /// The rule file's text, to rebuild the check with other parameters.
    file_text: String,
    /// The check: built at load for rules from other files or with a
    /// config's parameters, and on first use for the embedded rules, as
    /// listing or explaining rules needs none (issue 19).
    check: OnceLock<Check>,
    /// An embedded rule's `[check]` table, parsed at load, until the check
    /// is built from it.
    pending: Option<Spanned<toml::de::DeValue<'static>>>,
}

impl std::ops::Deref for Rule {
    type Target = RuleInfo;
    fn deref(&self) -> &RuleInfo {
        &self.info
    }
}

impl Rule {
    /// Page or site rule.
    #[must_use]
    pub fn scope(&self) -> Scope {
        match self.check() {
            Check::Page(_) => Scope::Page,
            // Page weight runs after the pages are read, but judges each page.
            Check::Site(check) if !check.whole_site() => Scope::Page,
            Check::Site(_) => Scope::Site,
        }
    }

    /// The compiled check, built now if it was left for first use.
    pub(crate) fn check(&self) -> &Check {
        self.check.get_or_init(|| {
            let source = checks::RuleSource {
                path: &self.path,
                text: &self.file_text,
                lazy: true,
                check: self.pending.as_ref(),
            };
            // Only embedded rules wait, and every one of them builds: the
            // `every_embedded_pattern_compiles` test builds them all.
            checks::build(&self.kind, &source).expect("embedded rules are checked by a test")
        })
    }

    /// The text of the rule file.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.file_text
    }

    /// The settings the rule file gives its check (its `[check]` table
    /// without `kind`): what `[rules."<id>"]` in `carelint.toml` can change.
    #[must_use]
    pub fn params(&self) -> toml::Table {
        let mut table = toml::from_str::<toml::Table>(&self.file_text)
            .ok()
            .and_then(|mut t| t.remove("check"))
            .and_then(|c| match c {
                toml::Value::Table(t) => Some(t),
                _ => None,
            })
            .unwrap_or_default();
        table.remove("kind");
        table
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: Spanned<String>,
    section: Spanned<String>,
    severity: Severity,
    confidence: Confidence,
    #[serde(default)]
    wcag: Vec<Spanned<String>>,
    #[serde(default)]
    act: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    opt_in: bool,
    title: String,
    message: String,
    #[serde(default)]
    label: Option<String>,
    affects: String,
    why: String,
    fix: String,
    #[serde(default)]
    owner: Option<Owner>,
    #[serde(default)]
    source: Option<Spanned<SourceIds>>,
    #[serde(default)]
    basis: Option<Basis>,
    #[serde(default)]
    our_choice: Option<String>,
    check: Spanned<toml::Table>,
}

/// `source = "id"` or `source = ["id", "id"]` in a rule file.
#[derive(Deserialize)]
#[serde(untagged)]
enum SourceIds {
    One(String),
    Many(Vec<String>),
}

impl SourceIds {
    fn into_vec(self) -> Vec<String> {
        match self {
            Self::One(id) => vec![id],
            Self::Many(ids) => ids,
        }
    }
}

/// All rules, in id order, with the guide they come from.
#[derive(Debug)]
pub struct Catalogue {
    /// The guide.
    pub guide: Guide,
    rules: Vec<Rule>,
}

impl Catalogue {
    /// Loads the guide and the rules embedded in the binary.
    ///
    /// # Errors
    /// Returns every problem found in the guide or rule files.
    pub fn embedded() -> Result<Self, DataFileErrors> {
        let guide = Guide::embedded().map_err(|e| DataFileErrors { errors: vec![e] })?;
        // The embedded rules' checks and patterns are built when first
        // needed: a test (`every_embedded_pattern_compiles`) has built them
        // all already. Their text lives as long as the program, so the
        // parsed `[check]` tables can wait in the rules as they are.
        Self::load(guide, RULE_FILES.iter().copied(), Some(|table| table))
    }

    /// Loads rules from (path, text) pairs.
    ///
    /// # Errors
    /// Returns every problem found, each pointing into its file.
    pub fn from_files<'a>(
        guide: Guide,
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, DataFileErrors> {
        Self::load(guide, files, None)
    }

    /// Loads rules. With `lazy`, which keeps a parsed `[check]` table for
    /// later, each rule's check and patterns wait until first needed.
    fn load<'a>(
        guide: Guide,
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
        lazy: Option<Keep<'a>>,
    ) -> Result<Self, DataFileErrors> {
        let mut rules: Vec<Rule> = Vec::new();
        let mut errors = Vec::new();
        let mut seen: HashMap<String, String> = HashMap::new();
        for (path, text) in files {
            match load_rule(&guide, path, text, lazy) {
                Ok(rule) => {
                    if let Some(first) = seen.get(&rule.id) {
                        let at = text.find(&format!("\"{}\"", rule.id));
                        errors.push(DataFileError::at(
                            path,
                            text,
                            at.map(|i| i..i + rule.id.len() + 2),
                            format!(
                                "duplicate rule id `{}`, already defined in {first}",
                                rule.id
                            ),
                        ));
                        continue;
                    }
                    seen.insert(rule.id.clone(), path.to_owned());
                    rules.push(rule);
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(DataFileErrors { errors });
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Self { guide, rules })
    }

    /// Every rule, in id order.
    #[must_use]
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with this id.
    #[must_use]
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Builds a rule's check again from `text`, a copy of its rule file with
    /// other parameters (from a config file). `path` names it in errors. The
    /// rule keeps its kind; its wording and severity are not read again. Its
    /// patterns are compiled now, so a bad one is an error here, not later.
    ///
    /// # Errors
    /// When the kind rejects the parameters, pointing into `text`.
    pub fn rebuild_check(&mut self, id: &str, path: &str, text: &str) -> Result<(), DataFileError> {
        let Some(rule) = self.rules.iter_mut().find(|r| r.id == id) else {
            return Ok(());
        };
        let check = checks::build(
            &rule.kind,
            &checks::RuleSource {
                path,
                text,
                lazy: false,
                check: None,
            },
        )?;
        rule.check = OnceLock::from(check);
        rule.pending = None;
        Ok(())
    }
}

/// Keeps a parsed `[check]` table in a rule, to build its check later: only
/// possible for text that lives as long as the program.
type Keep<'a> = fn(Spanned<toml::de::DeValue<'a>>) -> Spanned<toml::de::DeValue<'static>>;

fn load_rule<'a>(
    guide: &Guide,
    path: &'a str,
    text: &'a str,
    lazy: Option<Keep<'a>>,
) -> Result<Rule, DataFileError> {
    // Parsed once: the kind reads its parameters from the same `[check]`
    // table, spans and all.
    let to_error = |e: toml::de::Error| DataFileError::from_toml(path, text, &e);
    let table = toml::de::DeTable::parse(text).map_err(to_error)?;
    let check_table = table.get_ref().get("check").cloned();
    let file = RuleFile::deserialize(toml::de::Deserializer::from(table)).map_err(to_error)?;
    let id = file.id.get_ref();
    let section_id = file.section.get_ref();
    let Some(section) = guide.section(section_id).filter(|s| s.id == *section_id) else {
        return Err(DataFileError::at(
            path,
            text,
            Some(file.section.span()),
            format!("unknown guide section `{section_id}`"),
        )
        .with_help("use a section id from G1 to G11 (see `carelint guide`)"));
    };
    let valid_id = id.split_once('/').is_some_and(|(slug, name)| {
        slug == section.slug
            && !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    });
    if !valid_id {
        return Err(DataFileError::at(
            path,
            text,
            Some(file.id.span()),
            format!(
                "rule id `{id}` must be `{}/<what-is-wrong>` in kebab-case",
                section.slug
            ),
        ));
    }
    let expected_path = format!("rules/{id}.toml");
    if path.starts_with("rules/") && path != expected_path {
        return Err(DataFileError::at(
            path,
            text,
            Some(file.id.span()),
            format!("rule `{id}` must live in {expected_path}"),
        ));
    }
    for sc in &file.wcag {
        let ok = sc.get_ref().split('.').count() == 3
            && sc
                .get_ref()
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            return Err(DataFileError::at(
                path,
                text,
                Some(sc.span()),
                format!(
                    "`{}` is not a WCAG success criterion number like \"1.1.1\"",
                    sc.get_ref()
                ),
            ));
        }
    }
    let check_span = file.check.span();
    let kind = match file.check.get_ref().get("kind") {
        Some(toml::Value::String(kind)) => kind.clone(),
        _ => {
            return Err(DataFileError::at(
                path,
                text,
                Some(check_span),
                "the [check] table needs a `kind`",
            ));
        }
    };
    // An embedded rule (`lazy`) keeps its parsed table to build the check
    // on first use; any other is built now, so its errors show at load.
    let (check, pending) = if let Some(keep) = lazy {
        (OnceLock::new(), check_table.map(keep))
    } else {
        let source = checks::RuleSource {
            path,
            text,
            lazy: false,
            check: check_table.as_ref(),
        };
        (OnceLock::from(checks::build(&kind, &source)?), None)
    };
    let sources = match file.source {
        Some(ids) => {
            let span = ids.span();
            let ids = ids.into_inner().into_vec();
            if let Some(bad) = ids.iter().find(|id| guide.source(id).is_none()) {
                return Err(DataFileError::at(
                    path,
                    text,
                    Some(span),
                    format!("`{bad}` is not a source in rules/guide.toml"),
                )
                .with_help(
                    "add it under [[sources]] in rules/guide.toml, or use an id listed there",
                ));
            }
            if ids.is_empty() {
                return Err(DataFileError::at(
                    path,
                    text,
                    Some(span),
                    "`source` needs at least one source id",
                ));
            }
            ids
        }
        None => {
            return Err(DataFileError::at(
                path,
                text,
                Some(file.id.span()),
                "the rule file needs `source`: the id of a [[sources]] entry in rules/guide.toml",
            )
            .with_help("a reader must be able to check where a rule comes from; add `source = \"wcag-22\"` or another id before [check]"));
        }
    };
    let Some(basis) = file.basis else {
        return Err(DataFileError::at(
            path,
            text,
            Some(file.id.span()),
            "the rule file needs `basis`: law, standard, guidance, evidence or choice",
        )
        .with_help("say what the rule stands on; a limit we set ourselves is `choice`, with `our_choice` saying which part"));
    };
    Ok(Rule {
        info: RuleInfo {
            id: id.clone(),
            section: section.id.clone(),
            severity: file.severity,
            confidence: file.confidence,
            wcag: file.wcag.into_iter().map(Spanned::into_inner).collect(),
            act: file.act,
            tags: file.tags,
            opt_in: file.opt_in,
            title: file.title,
            message: file.message,
            label: file.label,
            affects: file.affects,
            why: file.why,
            fix: file.fix,
            owner: file.owner.unwrap_or(section.owner),
            kind,
            path: path.to_owned(),
            sources,
            basis,
            our_choice: file.our_choice.map(|t| t.trim().to_owned()),
        },
        file_text: text.to_owned(),
        check,
        pending,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Catalogue::embedded`] leaves the rules' checks to be built, and
    /// their regular expressions compiled, when a page first needs them;
    /// both trust this test: loading every embedded rule file with its check
    /// built and its patterns compiled at once must succeed.
    #[test]
    fn every_embedded_pattern_compiles() {
        let guide = Guide::embedded().expect("the embedded guide loads");
        let loaded = Catalogue::load(guide, RULE_FILES.iter().copied(), None);
        let errors = loaded
            .err()
            .map(|e| format!("{:?}", miette::Report::new(e)));
        assert_eq!(errors, None);
    }
}
