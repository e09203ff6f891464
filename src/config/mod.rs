//! The configuration file, `carelint.toml`.
//!
//! carelint looks for `carelint.toml` in the current folder and then in each
//! parent folder, up to the root of the file system. `--config PATH` (or the
//! `CARELINT_CONFIG` environment variable) names a file instead, and
//! `--no-config` ignores any file. Settings come from four layers; a higher one
//! wins:
//!
//! 1. command-line flags;
//! 2. `CARELINT_<FLAG>` environment variables (`CARELINT_FAIL_ON=warning`);
//! 3. the file (and below it, the preset it or `--preset` names);
//! 4. built-in defaults.
//!
//! ```toml
//! preset = "ci"
//! # fills the `community` parameter of language-access/community-languages-missing
//! community_languages = ["pa", "ur", "pl", "bn"]
//!
//! [check]
//! fail_on = "warning"
//! formats = ["text", "json=reports/carelint.json"]
//! max_pages = 200
//!
//! [rules."plain-language/long-sentence"]
//! level = "warning"          # off, info, warning, error or review
//! warning_above = 30         # any parameter of the rule's [check] table
//!
//! [rules]
//! "accessibility/img-alt-maybe-file-name" = "off"
//!
//! [sections]
//! G6 = "off"                 # a level for every rule of a guide section
//!
//! [[ignore]]
//! rule = "accessibility/text-contrast-too-low"
//! pages = ["/news/**"]
//! selector = ".nhsuk-header__logo"
//! reason = "Trust brand logo; the text beside it says the same"
//! until = 2027-03-31
//! ```
//!
//! Every mistake (an unknown key, a misspelt rule id, a bad value, an
//! `[[ignore]]` without a reason, a parameter the rule does not take) is a
//! [`DataFileError`] pointing at the line, with a "did you mean" where one
//! fits. Nothing here prints: the CLI decides what to show.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::catalogue::Catalogue;
use crate::error::DataFileError;
use crate::finding::Finding;
use crate::wording::closest;

/// The file name carelint looks for.
pub const FILE_NAME: &str = "carelint.toml";

/// The rule parameter that the top-level `community_languages` setting fills in,
/// for every rule whose `[check]` table has it (the G2 coverage rule,
/// `language-access/community-languages-missing`). A rule's own
/// `[rules."<id>"]` value for it wins.
pub const COMMUNITY_LANGUAGES_PARAM: &str = "community";

/// A bundle of defaults for one way of using carelint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Preset {
    /// Continuous integration: fail on errors, no colour, machine reports to files.
    Ci,
    /// Buying or accepting a service: every rule, never fail, reports to files.
    Procurement,
    /// A patient group or volunteer: plain text about reading, languages and
    /// other routes in; never fails.
    Community,
}

impl Preset {
    /// The names `preset =` and `--preset` take.
    pub const NAMES: &[&str] = &["ci", "procurement", "community"];

    /// The preset with this name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "ci" => Some(Self::Ci),
            "procurement" => Some(Self::Procurement),
            "community" => Some(Self::Community),
            _ => None,
        }
    }

    /// Its name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ci => "ci",
            Self::Procurement => "procurement",
            Self::Community => "community",
        }
    }

    /// The settings this preset gives. Output formats that this build of
    /// carelint does not have are left out, so a preset never asks for a
    /// format that does not exist.
    #[must_use]
    pub fn settings(self) -> CheckSettings {
        let formats = |wanted: &[&str]| {
            Some(
                wanted
                    .iter()
                    .filter(|spec| {
                        let name = spec.split_once('=').map_or(**spec, |(n, _)| n);
                        crate::report::Format::from_name(name).is_some()
                    })
                    .map(|s| (*s).to_owned())
                    .collect(),
            )
        };
        match self {
            // The log shows the text report; machine formats go to files that CI
            // keeps as artifacts or uploads (SARIF to code scanning, JUnit to
            // test tabs, GitLab to the Code Quality widget).
            Self::Ci => CheckSettings {
                fail_on: Some(FailOn::Error),
                color: Some(ColorChoice::Never),
                progress: Some(false),
                formats: formats(&[
                    "text",
                    "json=carelint-report.json",
                    "sarif=carelint-report.sarif",
                    "junit=carelint-junit.xml",
                ]),
                ..CheckSettings::default()
            },
            // An audit for a buyer reports everything, including findings a
            // person must confirm, and never "fails": the report is the product.
            Self::Procurement => CheckSettings {
                fail_on: Some(FailOn::Never),
                max_pages: Some(500),
                formats: formats(&[
                    "text",
                    "json=carelint-report.json",
                    "csv=carelint-report.csv",
                    "html=carelint-report.html",
                    "earl=carelint-report.earl.json",
                ]),
                // The pages as served, with hashes: evidence for the report.
                archive: Some(PathBuf::from("carelint-archive")),
                ..CheckSettings::default()
            },
            // The parts of the guide a community group can judge and talk to a
            // practice about, accessibility included (disabled residents are
            // who champions speak for), and the public HTML report to show
            // them: plain words, no markup detail.
            Self::Community => CheckSettings {
                fail_on: Some(FailOn::Never),
                formats: formats(&["text", "html=carelint-report.html"]),
                readability_profile: Some("health".to_owned()),
                only: Some(
                    [
                        "plain-language",
                        "language-access",
                        "offline-alternatives",
                        "accessibility",
                        "skills-and-support",
                        "accessible-formats",
                        "community-voice",
                    ]
                    .map(str::to_owned)
                    .to_vec(),
                ),
                ..CheckSettings::default()
            },
        }
    }
}

/// A level for a rule: `off`, or the severity its findings get, or `review`
/// (a person must confirm them; they never fail the run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The rule does not run.
    Off,
    /// Findings are info.
    Info,
    /// Findings are warnings.
    Warning,
    /// Findings are errors.
    Error,
    /// Findings keep their severity and need a person to confirm them.
    Review,
}

impl Level {
    const NAMES: &[&str] = &["off", "info", "warning", "error", "review"];

    fn from_name(name: &str) -> Option<Self> {
        match name {
            "off" => Some(Self::Off),
            "info" => Some(Self::Info),
            "warning" => Some(Self::Warning),
            "error" => Some(Self::Error),
            "review" => Some(Self::Review),
            _ => None,
        }
    }
}

/// The lowest severity that makes `check` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Errors.
    Error,
    /// Warnings and errors.
    Warning,
    /// Any finding.
    Info,
    /// Never (exit codes 2 and 3 still apply).
    Never,
}

/// Colour in text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    /// When writing to a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Settings for `carelint check`, each optional so layers can be stacked: the
/// `[check]` table of the file, a preset, the flags given.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // each field is the flag of the same name; see `carelint check --help`
pub struct CheckSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formats: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<FailOn>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<ColorChoice>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiet: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jobs: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_page_errors: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readability_profile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_pages: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_host: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cookies: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_robots: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_crawl: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_page_bytes: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive: Option<PathBuf>,
}

impl CheckSettings {
    /// These settings with every value `higher` sets put on top.
    #[must_use]
    pub fn overlay(self, higher: Self) -> Self {
        macro_rules! pick {
            ($($field:ident),* $(,)?) => {
                Self { $($field: higher.$field.or(self.$field)),* }
            };
        }
        pick!(
            formats,
            fail_on,
            only,
            skip,
            color,
            quiet,
            progress,
            jobs,
            max_page_errors,
            readability_profile,
            max_pages,
            depth,
            concurrency,
            rate,
            timeout,
            include,
            exclude,
            allow_host,
            header,
            cookies,
            ignore_robots,
            no_crawl,
            max_page_bytes,
            login_pattern,
            archive,
        )
    }
}

/// One `[[ignore]]` entry: findings it matches are left out of the report and
/// counted in `summary.suppressed`.
#[derive(Debug, Clone)]
pub struct Ignore {
    /// The rule id or glob, as written.
    pub rule: String,
    /// Page globs, as written; empty means every page.
    pub pages: Vec<String>,
    /// A selector the finding's selector must equal or start with.
    pub selector: Option<String>,
    /// Why this is accepted.
    pub reason: String,
    /// The last day (`YYYY-MM-DD`) the entry applies.
    pub until: Option<String>,
    /// The 1-based line of the entry in the file.
    pub line: usize,
    rule_glob: globset::GlobMatcher,
    page_globs: Vec<globset::GlobMatcher>,
}

impl Ignore {
    /// Whether the entry still applies on `today` (`YYYY-MM-DD`).
    #[must_use]
    pub fn in_force(&self, today: &str) -> bool {
        self.until.as_deref().is_none_or(|until| today <= until)
    }

    /// Whether the entry covers this finding.
    #[must_use]
    pub fn matches(&self, finding: &Finding) -> bool {
        if !self.rule_glob.is_match(&finding.rule) {
            return false;
        }
        if let Some(wanted) = &self.selector
            && !finding
                .selector
                .as_deref()
                .is_some_and(|s| s.starts_with(wanted.as_str()))
        {
            return false;
        }
        if self.page_globs.is_empty() {
            return true;
        }
        // A crawled page is a URL: its path alone can match too, so
        // `/appointments/**` works for live sites as well as file paths.
        let path = url::Url::parse(&finding.page)
            .ok()
            .filter(|u| u.has_host())
            .map(|u| u.path().to_owned());
        self.page_globs
            .iter()
            .any(|g| g.is_match(&finding.page) || path.as_deref().is_some_and(|p| g.is_match(p)))
    }
}

/// A rule's settings from `[rules."<id>"]`.
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    /// Its level, if set.
    pub level: Option<Level>,
    /// Parameters merged into the rule's `[check]` table.
    pub params: toml::Table,
    /// Where each parameter is written in the file (`key = value`).
    spans: BTreeMap<String, Range<usize>>,
}

/// A loaded configuration file (or none: every setting default).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file, when there is one.
    pub path: Option<PathBuf>,
    /// The preset the file names.
    pub preset: Option<Preset>,
    /// The `[check]` table, with relative paths made relative to the file's folder.
    pub check: CheckSettings,
    /// Community languages for rules that take them.
    pub community_languages: Option<Vec<String>>,
    /// Per-rule settings, by rule id.
    pub rules: BTreeMap<String, RuleSettings>,
    /// Levels per guide section id.
    pub sections: BTreeMap<String, Level>,
    /// `[[ignore]]` entries.
    pub ignores: Vec<Ignore>,
    /// `[sarif] url_map`: crawled pages mapped to the source files that make
    /// them, so code scanning can annotate the file.
    pub sarif_url_map: Vec<crate::report::UrlMapEntry>,
    community_span: Option<Range<usize>>,
    text: String,
    shown: String,
}

mod parse;
mod template;

use parse::{did_you_mean, level_name, toml_key};
pub use parse::{discover, locate};
pub use template::template;

impl Config {
    /// The level in force for a rule: its own, else its section's.
    #[must_use]
    pub fn level(&self, rule_id: &str, section: &str) -> Option<Level> {
        self.rule_level(rule_id)
            .or_else(|| self.sections.get(section).copied())
    }

    /// The level the file gives this rule by its id (not by its section).
    #[must_use]
    pub fn rule_level(&self, rule_id: &str) -> Option<Level> {
        self.rules.get(rule_id).and_then(|r| r.level)
    }

    /// The opt-in rules of `catalogue` this file turns on, by giving one of
    /// them a level other than `off` under `[rules]`. A level for a whole
    /// section does not turn on its opt-in rules.
    #[must_use]
    pub fn opted_in(&self, catalogue: &Catalogue) -> Vec<String> {
        catalogue
            .rules()
            .iter()
            .filter(|r| r.opt_in && self.rule_level(&r.id).is_some_and(|l| l != Level::Off))
            .map(|r| r.id.clone())
            .collect()
    }

    /// Rebuilds the check of every rule whose parameters the file changes.
    /// A parameter the rule's kind rejects is reported at its line in the
    /// config file.
    ///
    /// # Errors
    /// The first parameter a rule rejects.
    pub fn configure(&self, catalogue: &mut Catalogue) -> Result<(), DataFileError> {
        let ids: Vec<String> = catalogue.rules().iter().map(|r| r.id.clone()).collect();
        for id in ids {
            // Most runs change no parameters: leave those rules as built.
            let has_params = self.rules.get(&id).is_some_and(|r| !r.params.is_empty());
            if !has_params && self.community_languages.is_none() {
                continue;
            }
            let mut params = toml::Table::new();
            let mut spans = BTreeMap::new();
            let Some((path, source)) = catalogue
                .rule(&id)
                .map(|r| (r.path.clone(), r.source().to_owned()))
            else {
                continue;
            };
            let mut original: toml::Table = toml::from_str(&source)
                .map_err(|e| DataFileError::from_toml(&path, &source, &e))?;
            let mut check = match original.remove("check") {
                Some(toml::Value::Table(t)) => t,
                _ => continue,
            };
            if let Some(languages) = &self.community_languages
                && check.contains_key(COMMUNITY_LANGUAGES_PARAM)
            {
                params.insert(
                    COMMUNITY_LANGUAGES_PARAM.to_owned(),
                    toml::Value::Array(
                        languages
                            .iter()
                            .map(|l| toml::Value::String(l.clone()))
                            .collect(),
                    ),
                );
                if let Some(span) = &self.community_span {
                    spans.insert(COMMUNITY_LANGUAGES_PARAM.to_owned(), span.clone());
                }
            }
            if let Some(settings) = self.rules.get(&id) {
                for (key, value) in &settings.params {
                    params.insert(key.clone(), value.clone());
                }
                spans.extend(settings.spans.clone());
            }
            if params.is_empty() {
                continue;
            }
            // The rule file is written out again with the merged [check] table
            // last, one parameter to a line, so an error the kind reports can
            // be traced back to the config line that set it.
            let mut text = format!(
                "# {path}, with parameters from {}\n{}\n[check]\n",
                self.shown,
                toml::to_string(&original).unwrap_or_default()
            );
            let mut lines: Vec<(Range<usize>, String)> = Vec::new();
            for (key, value) in &check {
                if !params.contains_key(key) {
                    text.push_str(&format!("{} = {value}\n", toml_key(key)));
                }
            }
            for (key, value) in &params {
                let start = text.len();
                text.push_str(&format!("{} = {value}\n", toml_key(key)));
                lines.push((start..text.len(), key.clone()));
                check.insert(key.clone(), value.clone());
            }
            let shown = format!("{path} (with {})", self.shown);
            catalogue.rebuild_check(&id, &shown, &text).map_err(|e| {
                let key = e
                    .range()
                    .and_then(|s| lines.iter().find(|(r, _)| r.contains(&s.start)))
                    .map(|(_, key)| key.clone());
                match key.and_then(|k| spans.get(&k).cloned()) {
                    Some(span) => {
                        let (message, help) = match did_you_mean(&e.message) {
                            Some(help) if help.starts_with("did you mean") => (
                                e.message.split(", expected").next().unwrap_or(&e.message),
                                Some(help),
                            ),
                            help => (e.message.as_str(), help),
                        };
                        let error = DataFileError::at(
                            &self.shown,
                            &self.text,
                            Some(span),
                            format!("rule `{id}`: {message}"),
                        );
                        match help {
                            Some(help) => error.with_help(help),
                            None => error,
                        }
                    }
                    None => e,
                }
            })?;
        }
        Ok(())
    }

    /// `[[ignore]]` entries whose `until` date has passed.
    #[must_use]
    pub fn expired(&self, today: &str) -> Vec<&Ignore> {
        self.ignores.iter().filter(|i| !i.in_force(today)).collect()
    }

    /// The effective configuration as TOML, for `--print-config`.
    #[must_use]
    pub fn effective_toml(&self, preset: Option<Preset>, settings: &CheckSettings) -> String {
        #[derive(Serialize)]
        struct Effective<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            preset: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            community_languages: Option<&'a Vec<String>>,
            check: &'a CheckSettings,
            #[serde(skip_serializing_if = "BTreeMap::is_empty")]
            sections: BTreeMap<&'a str, Level>,
            #[serde(skip_serializing_if = "BTreeMap::is_empty")]
            rules: BTreeMap<&'a str, toml::Table>,
            #[serde(skip_serializing_if = "Vec::is_empty")]
            ignore: Vec<toml::Table>,
        }
        let rules = self
            .rules
            .iter()
            .map(|(id, r)| {
                let mut table = toml::Table::new();
                if let Some(level) = r.level {
                    table.insert(
                        "level".to_owned(),
                        toml::Value::String(level_name(level).to_owned()),
                    );
                }
                table.extend(r.params.clone());
                (id.as_str(), table)
            })
            .collect();
        let ignore = self
            .ignores
            .iter()
            .map(|i| {
                let mut t = toml::Table::new();
                t.insert("rule".into(), toml::Value::String(i.rule.clone()));
                if !i.pages.is_empty() {
                    t.insert(
                        "pages".into(),
                        toml::Value::Array(
                            i.pages.iter().cloned().map(toml::Value::String).collect(),
                        ),
                    );
                }
                if let Some(s) = &i.selector {
                    t.insert("selector".into(), toml::Value::String(s.clone()));
                }
                t.insert("reason".into(), toml::Value::String(i.reason.clone()));
                if let Some(u) = &i.until {
                    t.insert("until".into(), toml::Value::String(u.clone()));
                }
                t
            })
            .collect();
        // Header values may be secrets: only `env:VARIABLE` references are shown.
        let mut check = settings.clone();
        if let Some(headers) = &mut check.header {
            for header in headers.iter_mut() {
                if let Some((name, value)) = header.split_once(':')
                    && !value.trim().starts_with("env:")
                {
                    *header = format!("{name}: (hidden)");
                }
            }
        }
        let effective = Effective {
            preset: preset.map(Preset::as_str),
            community_languages: self.community_languages.as_ref(),
            check: &check,
            sections: self
                .sections
                .iter()
                .map(|(k, v)| (k.as_str(), *v))
                .collect(),
            rules,
            ignore,
        };
        let layers = format!(
            "# The settings carelint check uses: built-in defaults, then {}{}, then\n# CARELINT_* environment variables, then command-line flags.\n",
            preset.map_or(String::new(), |p| format!(
                "the {} preset, then ",
                p.as_str()
            )),
            self.path
                .as_ref()
                .map_or("no config file".to_owned(), |p| p.display().to_string()),
        );
        format!(
            "{layers}{}",
            toml::to_string(&effective).unwrap_or_default()
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::embedded().unwrap()
    }

    fn parse(text: &str) -> Result<Config, DataFileError> {
        Config::parse("carelint.toml", text, &catalogue(), None)
    }

    #[test]
    fn layers_stack_in_order() {
        let defaults = CheckSettings {
            fail_on: Some(FailOn::Error),
            max_pages: Some(100),
            depth: Some(5),
            color: Some(ColorChoice::Auto),
            ..CheckSettings::default()
        };
        let file =
            parse("preset = \"ci\"\n[check]\nmax_pages = 20\nfail_on = \"warning\"\n").unwrap();
        let flags = CheckSettings {
            max_pages: Some(7),
            ..CheckSettings::default()
        };
        let effective = defaults
            .overlay(file.preset.unwrap().settings())
            .overlay(file.check.clone())
            .overlay(flags);
        assert_eq!(effective.max_pages, Some(7), "a flag beats the file");
        assert_eq!(
            effective.fail_on,
            Some(FailOn::Warning),
            "the file beats the preset"
        );
        assert_eq!(
            effective.color,
            Some(ColorChoice::Never),
            "the preset beats defaults"
        );
        assert_eq!(effective.depth, Some(5), "defaults fill the rest");
    }

    #[test]
    fn typos_point_at_the_line_with_a_suggestion() {
        let e = parse("[check]\nmax_pages = 3\nfial_on = \"error\"\n").unwrap_err();
        assert_eq!(e.line(), Some(3));
        let text = format!("{:?}", miette::Report::new(e));
        assert!(text.contains("did you mean `fail_on`"), "{text}");

        let e = parse("[rules.\"plain-language/long-sentance\"]\nlevel = \"off\"\n").unwrap_err();
        assert_eq!(e.line(), Some(1));
        assert!(format!("{:?}", miette::Report::new(e)).contains("plain-language/long-sentence"));

        let e = parse("[check]\nfail_on = \"erorr\"\n").unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert!(format!("{:?}", miette::Report::new(e)).contains("did you mean `error`"));

        let e = parse("[rules]\n\"plain-language/long-sentence\" = \"of\"\n").unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert!(e.message.contains("did you mean `off`"), "{}", e.message);

        let e = parse("[sections]\nG66 = \"off\"\n").unwrap_err();
        assert_eq!(e.line(), Some(2));
    }

    #[test]
    fn ignore_needs_a_reason_and_a_known_rule() {
        let e = parse("\n[[ignore]]\nrule = \"accessibility/img-missing-alt\"\n").unwrap_err();
        assert!(e.message.contains("needs a `reason`"), "{}", e.message);
        assert_eq!(e.line(), Some(2));
        let e = parse("[[ignore]]\nrule = \"accesibility/*\"\nreason = \"x\"\n").unwrap_err();
        assert_eq!(e.line(), Some(2));
        let ok =
            parse("[[ignore]]\nrule = \"accessibility/*\"\nreason = \"x\"\nuntil = 2027-03-31\n")
                .unwrap();
        assert_eq!(ok.ignores[0].until.as_deref(), Some("2027-03-31"));
        assert!(ok.ignores[0].in_force("2027-03-31"));
        assert!(!ok.ignores[0].in_force("2027-04-01"));
    }

    #[test]
    fn a_bad_parameter_points_at_the_config_line() {
        let config = parse(
            "[rules.\"plain-language/long-sentence\"]\nlevel = \"warning\"\nwarning_abov = 30\n",
        )
        .unwrap();
        let mut catalogue = catalogue();
        let e = config.configure(&mut catalogue).unwrap_err();
        assert_eq!(e.path, "carelint.toml");
        assert_eq!(e.line(), Some(3));
        assert!(format!("{:?}", miette::Report::new(e)).contains("did you mean `warning_above`"));

        let config =
            parse("[rules.\"plain-language/long-sentence\"]\nwarning_above = \"thirty\"\n")
                .unwrap();
        let e = config.configure(&mut catalogue).unwrap_err();
        assert_eq!(e.line(), Some(2), "{e:?}");

        let config =
            parse("[rules.\"plain-language/long-sentence\"]\nwarning_above = 30\n").unwrap();
        config.configure(&mut catalogue).unwrap();
    }

    #[test]
    fn levels_come_from_the_rule_then_its_section() {
        let config = parse(
            "[sections]\nG1 = \"info\"\nany-device = { level = \"off\" }\n[rules]\n\"plain-language/long-sentence\" = \"error\"\n",
        )
        .unwrap();
        assert_eq!(
            config.level("plain-language/long-sentence", "G1"),
            Some(Level::Error)
        );
        assert_eq!(
            config.level("plain-language/word-to-avoid", "G1"),
            Some(Level::Info)
        );
        assert_eq!(
            config.level("any-device/fixed-width", "G7"),
            Some(Level::Off)
        );
        assert_eq!(config.level("accessibility/img-missing-alt", "G4"), None);
    }

    #[test]
    fn every_template_loads_cleanly() {
        for preset in [
            None,
            Some(Preset::Ci),
            Some(Preset::Procurement),
            Some(Preset::Community),
        ] {
            let config = parse(&template(preset)).unwrap();
            assert_eq!(config.preset, preset);
        }
    }

    #[test]
    fn discovery_walks_up() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&nested), Some(dir.path().join(FILE_NAME)));
        assert_eq!(locate(None, true, &nested).unwrap(), None);
        assert!(locate(Some(&dir.path().join("nope.toml")), false, &nested).is_err());
    }
}
