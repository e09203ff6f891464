//! Reading `carelint.toml`: finding the file, parsing it, and checking every
//! key and value, with errors that point at the line.

use super::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    preset: Option<Spanned<String>>,
    community_languages: Option<Vec<String>>,
    #[serde(default)]
    check: CheckSettings,
    #[serde(default)]
    rules: BTreeMap<String, toml::Value>,
    #[serde(default)]
    sections: BTreeMap<String, toml::Value>,
    #[serde(default)]
    ignore: Vec<RawIgnore>,
    #[serde(default)]
    sarif: RawSarif,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSarif {
    #[serde(default)]
    url_map: Vec<RawUrlMap>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUrlMap {
    pages: String,
    file: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    rule: Option<String>,
    pages: Option<toml::Value>,
    selector: Option<String>,
    reason: Option<String>,
    until: Option<toml::Value>,
}

/// Finds the file to use: `explicit` when given, none with `no_config`, else
/// the first `carelint.toml` in `start` or a folder above it.
///
/// # Errors
/// When `explicit` names a file that does not exist.
pub fn locate(
    explicit: Option<&Path>,
    no_config: bool,
    start: &Path,
) -> Result<Option<PathBuf>, DataFileError> {
    if no_config {
        return Ok(None);
    }
    if let Some(path) = explicit {
        if path.is_file() {
            return Ok(Some(path.to_owned()));
        }
        let shown = path.display().to_string();
        return Err(DataFileError::at(&shown, "", None, "no such config file")
            .with_help("check the path given to --config or CARELINT_CONFIG"));
    }
    Ok(discover(start))
}

/// The first `carelint.toml` in `start` or one of its parent folders.
#[must_use]
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

impl Config {
    /// Reads and checks a config file against the rule catalogue.
    ///
    /// # Errors
    /// The first mistake in the file, pointing at its line.
    pub fn load(path: &Path, catalogue: &Catalogue) -> Result<Self, DataFileError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| DataFileError::at(&shown, "", None, format!("cannot read it: {e}")))?;
        let base = path.parent().map(Path::to_owned);
        let mut config = Self::parse(&shown, &text, catalogue, base.as_deref())?;
        config.path = Some(path.to_owned());
        Ok(config)
    }

    /// Parses config text. `base` is the folder relative paths in it start from.
    ///
    /// # Errors
    /// The first mistake, pointing at its line.
    pub fn parse(
        shown: &str,
        text: &str,
        catalogue: &Catalogue,
        base: Option<&Path>,
    ) -> Result<Self, DataFileError> {
        let err = |span: Option<Range<usize>>, message: String| {
            DataFileError::at(shown, text, span, message)
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| toml_error(shown, text, &e))?;
        let tree = DeTable::parse(text).map_err(|e| DataFileError::from_toml(shown, text, &e))?;
        let span_of = |path: &[Key<'_>]| find_span(tree.get_ref(), path);

        let preset = match &raw.preset {
            None => None,
            Some(name) => Some(Preset::from_name(name.get_ref()).ok_or_else(|| {
                with_suggestion(
                    err(
                        Some(name.span()),
                        format!("unknown preset `{}`", name.get_ref()),
                    ),
                    name.get_ref(),
                    Preset::NAMES.iter().copied(),
                    &format!("use one of {}", Preset::NAMES.join(", ")),
                )
            })?),
        };

        let mut check = raw.check;
        validate_check(&check, |key, message| {
            err(span_of(&[Key::Name("check"), Key::Name(key)]), message)
        })?;
        if let Some(base) = base.filter(|b| !b.as_os_str().is_empty()) {
            if let Some(file) = &mut check.cookies
                && file.is_relative()
            {
                *file = base.join(&*file);
            }
            if let Some(dir) = &mut check.archive
                && dir.is_relative()
            {
                *dir = base.join(&*dir);
            }
            if let Some(formats) = &mut check.formats {
                for spec in formats.iter_mut() {
                    if let Some((name, file)) = spec.split_once('=')
                        && Path::new(file).is_relative()
                    {
                        *spec = format!("{name}={}", base.join(file).display());
                    }
                }
            }
        }

        let mut rules = BTreeMap::new();
        for (id, value) in raw.rules {
            let id_span = span_of(&[Key::Name("rules"), Key::Name(&id)]);
            let Some(rule) = catalogue.rule(&id) else {
                return Err(with_suggestion(
                    err(id_span, format!("unknown rule `{id}`")),
                    &id,
                    catalogue.rules().iter().map(|r| r.id.as_str()),
                    "run `carelint rules` to list rule ids",
                ));
            };
            let mut settings = RuleSettings::default();
            match value {
                toml::Value::String(level) => {
                    settings.level = Some(parse_level(&level).map_err(|m| err(id_span, m))?);
                }
                toml::Value::Table(table) => {
                    for (key, value) in table {
                        let key_path = [Key::Name("rules"), Key::Name(&id), Key::Name(&key)];
                        let span = span_of(&key_path);
                        if key == "level" {
                            let level = value.as_str().ok_or_else(|| {
                                err(span.clone(), "`level` must be a string".to_owned())
                            })?;
                            settings.level = Some(parse_level(level).map_err(|m| err(span, m))?);
                        } else if key == "kind" {
                            return Err(err(
                                span,
                                format!(
                                    "a rule's check kind cannot be changed (`{id}` uses `{}`)",
                                    rule.kind
                                ),
                            ));
                        } else {
                            let whole = key_value_span(tree.get_ref(), &key_path).or(span);
                            if let Some(whole) = whole {
                                settings.spans.insert(key.clone(), whole);
                            }
                            settings.params.insert(key, value);
                        }
                    }
                }
                _ => {
                    return Err(err(
                        id_span,
                        format!(
                            "write a level (\"off\") or a table ({{ level = \"warning\" }}) for `{id}`"
                        ),
                    ));
                }
            }
            rules.insert(id, settings);
        }

        let mut sections = BTreeMap::new();
        for (name, value) in raw.sections {
            let span = span_of(&[Key::Name("sections"), Key::Name(&name)]);
            let Some(section) = catalogue.guide.section(&name) else {
                return Err(with_suggestion(
                    err(span, format!("unknown guide section `{name}`")),
                    &name,
                    catalogue
                        .guide
                        .sections
                        .iter()
                        .flat_map(|s| [s.id.as_str(), s.slug.as_str()]),
                    "use a section id from G1 to G11, or its slug (see `carelint guide`)",
                ));
            };
            let level = match &value {
                toml::Value::String(level) => Some(level.as_str()),
                toml::Value::Table(t) if t.len() == 1 => t.get("level").and_then(|l| l.as_str()),
                _ => None,
            }
            .ok_or_else(|| {
                err(
                    span.clone(),
                    format!("write a level for {name}, such as {name} = \"off\""),
                )
            })?;
            let level_span =
                span_of(&[Key::Name("sections"), Key::Name(&name), Key::Name("level")]).or(span);
            sections.insert(
                section.id.clone(),
                parse_level(level).map_err(|m| err(level_span, m))?,
            );
        }

        let mut ignores = Vec::new();
        for (index, entry) in raw.ignore.into_iter().enumerate() {
            let at = |key: &str| span_of(&[Key::Name("ignore"), Key::Index(index), Key::Name(key)]);
            let entry_span = span_of(&[Key::Name("ignore"), Key::Index(index)]);
            let line = entry_span.as_ref().map_or(0, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            });
            let Some(rule) = entry.rule else {
                return Err(err(
                    entry_span,
                    "this [[ignore]] entry needs a `rule` (a rule id, or a glob such as accessibility/*)".to_owned(),
                ));
            };
            let reason = entry
                .reason
                .map(|r| r.trim().to_owned())
                .unwrap_or_default();
            if reason.is_empty() {
                return Err(err(
                    at("reason").or(entry_span),
                    format!("the [[ignore]] entry for `{rule}` needs a `reason`"),
                )
                .with_help("say why the finding is accepted, such as reason = \"Supplier widget; fix promised in the March release\""));
            }
            let rule_glob = compile_glob(&rule).map_err(|m| err(at("rule"), m))?;
            let known = catalogue.rules().iter().any(|r| rule_glob.is_match(&r.id));
            if !known {
                return Err(with_suggestion(
                    err(at("rule"), format!("`{rule}` matches no rule")),
                    &rule,
                    catalogue.rules().iter().map(|r| r.id.as_str()),
                    "run `carelint rules` to list rule ids",
                ));
            }
            let pages = match entry.pages {
                None => Vec::new(),
                Some(toml::Value::String(p)) => vec![p],
                Some(toml::Value::Array(items)) if items.iter().all(toml::Value::is_str) => items
                    .into_iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                Some(_) => {
                    return Err(err(
                        at("pages"),
                        "`pages` must be a glob or a list of globs, such as [\"**/news/**\"]"
                            .to_owned(),
                    ));
                }
            };
            let mut page_globs = Vec::new();
            for pattern in &pages {
                page_globs.push(compile_glob(pattern).map_err(|m| err(at("pages"), m))?);
            }
            let until = match entry.until {
                None => None,
                Some(toml::Value::Datetime(d)) if d.date.is_some() && d.time.is_none() => {
                    Some(d.to_string())
                }
                Some(toml::Value::String(s)) if crate::clock::is_date(&s) => Some(s),
                Some(_) => {
                    return Err(err(
                        at("until"),
                        "`until` must be a date such as 2027-03-31".to_owned(),
                    ));
                }
            };
            ignores.push(Ignore {
                rule,
                pages,
                selector: entry.selector,
                reason,
                until,
                line,
                rule_glob,
                page_globs,
            });
        }

        let mut sarif_url_map = Vec::new();
        for (index, m) in raw.sarif.url_map.into_iter().enumerate() {
            compile_glob(&m.pages).map_err(|msg| {
                err(
                    span_of(&[
                        Key::Name("sarif"),
                        Key::Name("url_map"),
                        Key::Index(index),
                        Key::Name("pages"),
                    ]),
                    msg,
                )
            })?;
            sarif_url_map.push(crate::report::UrlMapEntry {
                pages: m.pages,
                file: m.file,
            });
        }
        Ok(Self {
            path: None,
            preset,
            check,
            community_languages: raw.community_languages,
            community_span: span_of(&[Key::Name("community_languages")]),
            rules,
            sections,
            ignores,
            sarif_url_map,
            text: text.to_owned(),
            shown: shown.to_owned(),
        })
    }
}

pub(super) fn level_name(level: Level) -> &'static str {
    match level {
        Level::Off => "off",
        Level::Info => "info",
        Level::Warning => "warning",
        Level::Error => "error",
        Level::Review => "review",
    }
}

fn parse_level(name: &str) -> Result<Level, String> {
    Level::from_name(name).ok_or_else(|| {
        let hint = closest(name, Level::NAMES.iter().copied())
            .map_or(String::new(), |c| format!(" (did you mean `{c}`?)"));
        format!(
            "unknown level `{name}`{hint}; use one of {}",
            Level::NAMES.join(", ")
        )
    })
}

/// A key written so TOML reads it back (quoted when it has to be).
pub(super) fn toml_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_owned()
    } else {
        toml::Value::String(key.to_owned()).to_string()
    }
}

fn compile_glob(pattern: &str) -> Result<globset::GlobMatcher, String> {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("`{pattern}` is not a valid glob: {e}"))
}

/// Checks values serde cannot: names that must be one of a list, numbers in range.
fn validate_check(
    check: &CheckSettings,
    err: impl Fn(&str, String) -> DataFileError,
) -> Result<(), DataFileError> {
    if let Some(formats) = &check.formats {
        for spec in formats {
            let name = spec.split_once('=').map_or(spec.as_str(), |(n, _)| n);
            if crate::report::Format::from_name(name).is_none() {
                return Err(with_suggestion(
                    err("formats", format!("unknown format `{name}`")),
                    name,
                    crate::report::Format::NAMES.iter().copied(),
                    &format!("known formats: {}", crate::report::Format::NAMES.join(", ")),
                ));
            }
        }
    }
    if let Some(profile) = &check.readability_profile
        && crate::readability::Profile::from_name(profile).is_none()
    {
        return Err(with_suggestion(
            err(
                "readability_profile",
                format!("unknown readability profile `{profile}`"),
            ),
            profile,
            crate::readability::Profile::NAMES.iter().copied(),
            &format!(
                "known profiles: {}",
                crate::readability::Profile::NAMES.join(", ")
            ),
        ));
    }
    for (key, value) in [
        ("timeout", check.timeout),
        ("rate", check.rate),
        ("max_page_errors", check.max_page_errors),
    ] {
        if let Some(v) = value
            && !(v.is_finite() && v >= 0.0)
        {
            return Err(err(key, format!("`{key}` must be a number of 0 or more")));
        }
    }
    Ok(())
}

/// A step in a path through a TOML document.
#[derive(Debug, Clone, Copy)]
enum Key<'a> {
    Name(&'a str),
    Index(usize),
}

fn lookup<'t, 'i>(
    table: &'t DeTable<'i>,
    name: &str,
) -> Option<(
    &'t Spanned<std::borrow::Cow<'i, str>>,
    &'t Spanned<DeValue<'i>>,
)> {
    table.iter().find(|(k, _)| k.get_ref() == name)
}

/// The span of the value (or table) at `path`; for a key naming a table, the
/// key itself, which is where a reader looks.
fn find_span(root: &DeTable<'_>, path: &[Key<'_>]) -> Option<Range<usize>> {
    let (Key::Name(first), rest) = path.split_first()? else {
        return None;
    };
    let (key, mut current) = lookup(root, first)?;
    let mut key_span = Some(key.span());
    for step in rest {
        match (step, current.get_ref()) {
            (Key::Name(name), DeValue::Table(table)) => {
                let (key, value) = lookup(table, name)?;
                key_span = Some(key.span());
                current = value;
            }
            (Key::Index(n), DeValue::Array(items)) => {
                key_span = None;
                current = items.get(*n)?;
            }
            _ => return None,
        }
    }
    Some(match current.get_ref() {
        DeValue::Table(_) => key_span.unwrap_or_else(|| current.span()),
        _ => current.span(),
    })
}

/// The span from the key to the end of the value at `path`.
fn key_value_span(root: &DeTable<'_>, path: &[Key<'_>]) -> Option<Range<usize>> {
    let (last, parents) = path.split_last()?;
    let Key::Name(name) = last else { return None };
    let mut table = root;
    for step in parents {
        let Key::Name(n) = step else { return None };
        match lookup(table, n)?.1.get_ref() {
            DeValue::Table(t) => table = t,
            _ => return None,
        }
    }
    let (k, v) = lookup(table, name)?;
    Some(k.span().start..v.span().end)
}

fn with_suggestion<'a>(
    error: DataFileError,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> DataFileError {
    match closest(word, candidates) {
        Some(c) => error.with_help(format!("did you mean `{c}`?")),
        None => error.with_help(otherwise.to_owned()),
    }
}

/// A "did you mean" for serde's "unknown field `x`, expected one of `a`, `b`"
/// and "unknown variant" messages.
pub(super) fn did_you_mean(message: &str) -> Option<String> {
    if !message.contains("unknown field") && !message.contains("unknown variant") {
        return None;
    }
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let (word, candidates) = quoted.split_first()?;
    match closest(word, candidates.iter().copied()) {
        Some(c) => Some(format!("did you mean `{c}`?")),
        None if !candidates.is_empty() => Some(format!(
            "use one of: {}",
            candidates
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => None,
    }
}

/// A TOML or serde error at its span; a misspelt key or value gets a "did you
/// mean" instead of the whole list of what is allowed.
fn toml_error(shown: &str, text: &str, e: &toml::de::Error) -> DataFileError {
    let message = e.message().trim();
    match did_you_mean(message) {
        Some(help) if help.starts_with("did you mean") => {
            let short = message.split(", expected").next().unwrap_or(message);
            DataFileError::at(shown, text, e.span(), short.to_owned()).with_help(help)
        }
        Some(help) => DataFileError::from_toml(shown, text, e).with_help(help),
        None => DataFileError::from_toml(shown, text, e),
    }
}
