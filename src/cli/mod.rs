//! The command line: parses arguments, runs the library, prints, and maps the
//! result to an exit code. This is the only module that prints.
//!
//! Exit codes (CONTRACT.md): 0 nothing at or above `--fail-on`; 1 findings at or
//! above it; 2 usage or configuration error; 3 the audit could not be completed.

mod web;

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::audit::{self, AuditOptions, AuditReport};
use crate::catalogue::Catalogue;
use crate::config::{CheckSettings, ColorChoice, Config, FailOn, Level, Preset};
use crate::finding::{Confidence, Severity};
use crate::report::{self, Format, RenderOptions};

/// carelint audits digital health services for inclusion, against the
/// Inclusive Digital Health Guide.
#[derive(Debug, Parser)]
#[command(name = "carelint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Audit pages: http(s) URLs (crawled), sitemaps, .html files, directories or - for stdin.
    Check(Box<CheckArgs>),
    /// List the rule catalogue.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Explain a rule (accessibility/img-missing-alt) or a guide section (G3).
    Explain {
        /// A rule id, a section id (G1 to G11) or a section slug.
        id: String,
    },
    /// Write a commented carelint.toml in the current folder.
    Init {
        /// Start from a preset: ci, procurement or community.
        #[arg(long, value_enum)]
        preset: Option<Preset>,
        /// Replace an existing carelint.toml.
        #[arg(long)]
        force: bool,
    },
    /// Print the whole Inclusive Digital Health Guide.
    Guide {
        /// Output format.
        #[arg(long, value_enum, default_value_t = GuideFormat::Text)]
        format: GuideFormat,
    },
    /// Score plain text for reading age (one block per line).
    Readability {
        /// Scoring profile.
        #[arg(long, default_value = "health")]
        profile: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// A text file, or - for stdin.
        #[arg(default_value = "-")]
        file: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum GuideFormat {
    Text,
    Md,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// What to audit: https:// URLs (crawled), sitemap URLs or files (*.xml), .html
    /// files, directories, or - for standard input.
    #[arg(required_unless_present_any = ["urls", "print_config"], value_name = "TARGET")]
    targets: Vec<String>,
    /// Output format, optionally written to a file: text, json, sarif, junit, gitlab,
    /// md or csv, such as sarif=carelint.sarif. Repeat for several outputs.
    #[arg(
        short = 'f',
        long = "format",
        value_name = "FMT[=PATH]",
        env = "CARELINT_FORMAT"
    )]
    formats: Vec<String>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error, env = "CARELINT_FAIL_ON")]
    fail_on: FailOn,
    /// Run only these rules (ids, section ids such as G4, or section slugs). Comma-separated or repeated.
    #[arg(long, value_delimiter = ',', env = "CARELINT_ONLY")]
    only: Vec<String>,
    /// Skip these rules (ids, section ids or slugs). Comma-separated or repeated.
    #[arg(long, value_delimiter = ',', env = "CARELINT_SKIP")]
    skip: Vec<String>,
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, env = "CARELINT_COLOR")]
    color: ColorChoice,
    /// Print nothing but machine formats and errors.
    #[arg(short, long, env = "CARELINT_QUIET",
        value_parser = clap::builder::BoolishValueParser::new())]
    quiet: bool,
    /// Show no crawl progress on standard error.
    #[arg(long, env = "CARELINT_NO_PROGRESS",
        value_parser = clap::builder::BoolishValueParser::new())]
    no_progress: bool,
    /// Worker threads (0 = one per core).
    #[arg(short, long, default_value_t = 0, env = "CARELINT_JOBS")]
    jobs: usize,
    /// Exit 3 when more than this percentage of pages could not be checked.
    #[arg(
        long,
        default_value_t = 10.0,
        value_name = "PERCENT",
        env = "CARELINT_MAX_PAGE_ERRORS"
    )]
    max_page_errors: f64,
    /// How pages[].readability is counted: health (the NHS method) or textstat
    /// (to compare with textstat). Rules always use health.
    #[arg(
        long,
        default_value = "health",
        value_name = "PROFILE",
        env = "CARELINT_READABILITY_PROFILE"
    )]
    readability_profile: String,
    /// Use this config file instead of looking for carelint.toml.
    #[arg(
        short = 'c',
        long,
        value_name = "PATH",
        env = "CARELINT_CONFIG",
        help_heading = "Configuration"
    )]
    config: Option<PathBuf>,
    /// Use no config file.
    #[arg(
        long,
        env = "CARELINT_NO_CONFIG",
        value_parser = clap::builder::BoolishValueParser::new(),
        conflicts_with = "config",
        help_heading = "Configuration"
    )]
    no_config: bool,
    /// Start from a bundle of settings: ci, procurement or community.
    #[arg(
        long,
        value_enum,
        env = "CARELINT_PRESET",
        help_heading = "Configuration"
    )]
    preset: Option<Preset>,
    /// Print the settings in effect (defaults, preset, file, environment, flags) as TOML and exit.
    #[arg(long, help_heading = "Configuration")]
    print_config: bool,
    #[command(flatten)]
    crawl: web::CrawlArgs,
}

/// Parses the command line and runs carelint.
#[must_use]
pub fn main() -> ExitCode {
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    let catalogue = match Catalogue::embedded() {
        Ok(c) => c,
        Err(e) => return fail(2, e.into()),
    };
    match cli.command {
        Command::Check(mut args) => {
            let Some(check_matches) = matches.subcommand_matches("check") else {
                return ExitCode::from(2);
            };
            let mut catalogue = catalogue;
            match configure(&mut catalogue, &mut args, check_matches) {
                Ok(Configured::Run(config)) => check(&catalogue, &args, &config),
                Ok(Configured::Printed(code)) => code,
                Err(e) => fail(2, e.into()),
            }
        }
        Command::Init { preset, force } => init(preset, force),
        Command::Rules { format } => print_out(&rules_listing(&catalogue, format)),
        Command::Explain { id } => explain(&catalogue, &id),
        Command::Guide { format } => print_out(&match format {
            GuideFormat::Text => crate::explain::guide_text(&catalogue),
            GuideFormat::Md => crate::explain::guide_markdown(&catalogue),
        }),
        Command::Readability {
            profile,
            format,
            file,
        } => readability(&profile, format, &file),
    }
}

/// Prints a diagnostic to stderr and returns the exit code.
fn fail(code: u8, report: miette::Report) -> ExitCode {
    eprintln!("{report:?}");
    ExitCode::from(code)
}

fn print_out(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A closed pipe (`carelint rules | head`) is not an error.
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            ExitCode::from(2)
        }
    }
}

/// Where one output format goes.
struct Output {
    format: Format,
    path: Option<PathBuf>,
}

fn parse_outputs(specs: &[String]) -> Result<Vec<Output>, String> {
    let mut outputs = Vec::new();
    for spec in specs {
        let (name, path) = match spec.split_once('=') {
            Some((n, p)) if !p.is_empty() => (n, Some(PathBuf::from(p))),
            Some((n, _)) => {
                return Err(format!(
                    "`{spec}`: give a path after `{n}=`, or leave out the `=`"
                ));
            }
            None => (spec.as_str(), None),
        };
        let format = Format::from_name(name).ok_or_else(|| {
            format!(
                "unknown format `{name}`; known formats: {}",
                Format::NAMES.join(", ")
            )
        })?;
        outputs.push(Output { format, path });
    }
    if outputs.is_empty() {
        outputs.push(Output {
            format: Format::Text,
            path: None,
        });
    }
    if outputs.iter().filter(|o| o.path.is_none()).count() > 1 {
        return Err("only one format can be written to standard output; give the others a path, such as -f json=report.json".to_owned());
    }
    Ok(outputs)
}

/// What loading the configuration led to.
enum Configured {
    /// Run the audit with this config.
    Run(Box<Config>),
    /// `--print-config` printed the settings; exit with this code.
    Printed(ExitCode),
}

/// Whether the user set this flag, on the command line or through its
/// `CARELINT_*` environment variable (which clap reads), rather than leaving
/// its default.
fn given(matches: &ArgMatches, id: &str) -> bool {
    matches!(
        matches.value_source(id),
        Some(ValueSource::CommandLine | ValueSource::EnvVariable)
    )
}

/// The check settings the flags carry: all of them (the built-in defaults and
/// anything given), or with `only_given`, only those the user set.
fn flag_settings(args: &CheckArgs, matches: &ArgMatches, only_given: bool) -> CheckSettings {
    let g = |id: &str| !only_given || given(matches, id);
    let list = |id: &str, v: &Vec<String>| g(id).then(|| v.clone());
    let c = &args.crawl;
    CheckSettings {
        formats: if only_given {
            list("formats", &args.formats)
        } else if args.formats.is_empty() {
            Some(vec!["text".to_owned()])
        } else {
            Some(args.formats.clone())
        },
        fail_on: g("fail_on").then_some(args.fail_on),
        only: list("only", &args.only),
        skip: list("skip", &args.skip),
        color: g("color").then_some(args.color),
        quiet: g("quiet").then_some(args.quiet),
        progress: g("no_progress").then_some(!args.no_progress),
        jobs: g("jobs").then_some(args.jobs),
        max_page_errors: g("max_page_errors").then_some(args.max_page_errors),
        readability_profile: g("readability_profile").then(|| args.readability_profile.clone()),
        max_pages: g("max_pages").then_some(c.max_pages),
        depth: g("depth").then_some(c.depth),
        concurrency: g("concurrency").then_some(c.concurrency),
        rate: c.rate.filter(|_| g("rate")),
        timeout: g("timeout").then_some(c.timeout),
        include: list("include", &c.include),
        exclude: list("exclude", &c.exclude),
        allow_host: list("allow_host", &c.allow_host),
        header: list("header", &c.header),
        cookies: c.cookies.clone().filter(|_| g("cookies")),
        ignore_robots: g("ignore_robots").then_some(c.ignore_robots),
        no_crawl: g("no_crawl").then_some(c.no_crawl),
        max_page_bytes: g("max_page_bytes").then_some(c.max_page_bytes),
        login_pattern: c.login_pattern.clone().filter(|_| g("login_pattern")),
    }
}

/// Puts the effective settings back into the flags the audit reads.
fn apply_settings(args: &mut CheckArgs, s: CheckSettings) {
    macro_rules! set {
        ($($from:ident => $($to:ident).+),* $(,)?) => {
            $(if let Some(v) = s.$from { args.$($to).+ = v; })*
        };
    }
    set!(
        formats => formats,
        fail_on => fail_on,
        only => only,
        skip => skip,
        color => color,
        quiet => quiet,
        jobs => jobs,
        max_page_errors => max_page_errors,
        readability_profile => readability_profile,
        max_pages => crawl.max_pages,
        depth => crawl.depth,
        concurrency => crawl.concurrency,
        timeout => crawl.timeout,
        include => crawl.include,
        exclude => crawl.exclude,
        allow_host => crawl.allow_host,
        header => crawl.header,
        ignore_robots => crawl.ignore_robots,
        no_crawl => crawl.no_crawl,
        max_page_bytes => crawl.max_page_bytes,
    );
    if let Some(progress) = s.progress {
        args.no_progress = !progress;
    }
    if s.rate.is_some() {
        args.crawl.rate = s.rate;
    }
    if s.cookies.is_some() {
        args.crawl.cookies = s.cookies;
    }
    if s.login_pattern.is_some() {
        args.crawl.login_pattern = s.login_pattern;
    }
}

/// Finds and loads carelint.toml, stacks the settings (defaults, preset, file,
/// environment, flags) into `args`, and applies rule parameters to the
/// catalogue.
fn configure(
    catalogue: &mut Catalogue,
    args: &mut CheckArgs,
    matches: &ArgMatches,
) -> Result<Configured, crate::error::DataFileError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let config = match crate::config::locate(args.config.as_deref(), args.no_config, &cwd)? {
        Some(path) => Config::load(&path, catalogue)?,
        None => Config::default(),
    };
    let preset = args.preset.or(config.preset);
    let settings = flag_settings(args, matches, false)
        .overlay(preset.map(Preset::settings).unwrap_or_default())
        .overlay(config.check.clone())
        .overlay(flag_settings(args, matches, true));
    // Rule parameters are checked before anything is printed, so
    // --print-config also proves the file is right.
    config.configure(catalogue)?;
    if args.print_config {
        return Ok(Configured::Printed(print_out(
            &config.effective_toml(preset, &settings),
        )));
    }
    apply_settings(args, settings);
    Ok(Configured::Run(Box::new(config)))
}

fn init(preset: Option<Preset>, force: bool) -> ExitCode {
    let path = std::path::Path::new(crate::config::FILE_NAME);
    if path.exists() && !force {
        eprintln!(
            "error: {} already exists\n  help: edit it, or run `carelint init --force` to replace it",
            crate::config::FILE_NAME
        );
        return ExitCode::from(2);
    }
    if let Err(e) = write_file(path, &crate::config::template(preset)) {
        eprintln!("error: cannot write {}: {e}", crate::config::FILE_NAME);
        return ExitCode::from(2);
    }
    eprintln!(
        "Wrote {}. Run `carelint check --print-config .` to see the settings in use.",
        crate::config::FILE_NAME
    );
    ExitCode::SUCCESS
}

fn check(catalogue: &Catalogue, args: &CheckArgs, config: &Config) -> ExitCode {
    let outputs = match parse_outputs(&args.formats) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let rules = match audit::select_rules(catalogue, &args.only, &args.skip) {
        Ok(r) => r,
        Err(e) => return fail(2, e.into()),
    };
    // A rule the config turns off stays off, unless --only names it.
    let rules: Vec<_> = rules
        .into_iter()
        .filter(|r| {
            config.level(&r.id, &r.section) != Some(Level::Off) || args.only.contains(&r.id)
        })
        .collect();
    let today = crate::config::today();
    if !args.quiet {
        for entry in config.expired(&today) {
            eprintln!(
                "warning: {} line {}: the [[ignore]] entry for `{}` ended on {}; its findings are reported again",
                config.path.as_ref().map_or_else(
                    || crate::config::FILE_NAME.to_owned(),
                    |p| p.display().to_string()
                ),
                entry.line,
                entry.rule,
                entry.until.as_deref().unwrap_or_default()
            );
        }
    }
    let (sites, web_targets) = match crate::input::gather_all(&args.targets, || {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map(|_| bytes)
    }) {
        Ok(s) => s,
        Err(e) => return fail(3, e.into()),
    };
    let crawl_config = match web::crawl_config(&web_targets, &args.crawl, true) {
        Ok(c) => c,
        Err(e) => return fail(2, e.into()),
    };
    let Some(profile) = crate::readability::Profile::from_name(&args.readability_profile) else {
        eprintln!(
            "error: unknown readability profile `{}`; known profiles: {}",
            args.readability_profile,
            crate::readability::Profile::NAMES.join(", ")
        );
        return ExitCode::from(2);
    };
    let options = AuditOptions {
        threads: args.jobs,
        profile,
        ..AuditOptions::default()
    };
    let mut report = match &crawl_config {
        None => audit::run(&sites, catalogue, &rules, &options),
        Some(config) => {
            let target = web_targets
                .urls
                .first()
                .or_else(|| web_targets.sitemaps.first())
                .or_else(|| web_targets.listed.first())
                .cloned()
                .or_else(|| args.crawl.urls.as_ref().map(|f| f.display().to_string()))
                .unwrap_or_default();
            let display = web::ProgressDisplay::new(args.quiet || args.no_progress);
            let result = audit::run_with_crawl(
                &sites,
                Some((&target, config)),
                catalogue,
                &rules,
                &options,
                &display,
            );
            display.finish();
            match result {
                Ok(r) => r,
                Err(e) => return fail(3, e.into()),
            }
        }
    };

    config.apply(&mut report, &today);
    if !args.only.is_empty() || !args.skip.is_empty() {
        report.selection = Some(audit::RuleSelection {
            only: args.only.clone(),
            skip: args.skip.clone(),
        });
    }

    let stdout_is_terminal = std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    for output in &outputs {
        if args.quiet && output.format == Format::Text && output.path.is_none() {
            continue;
        }
        let render_options = RenderOptions {
            color: color && output.path.is_none(),
            width,
            fail_on: match args.fail_on {
                FailOn::Error => Some(Severity::Error),
                FailOn::Warning => Some(Severity::Warning),
                FailOn::Info => Some(Severity::Info),
                FailOn::Never => None,
            },
            base_dir: std::env::current_dir().ok(),
            // The config file (issue 7, part 2) will fill this in.
            sarif_url_map: Vec::new(),
        };
        let text = match report::render(output.format, &report, catalogue, &render_options) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot render the report: {e}");
                return ExitCode::from(3);
            }
        };
        match &output.path {
            None => {
                let code = print_out(&text);
                if code != ExitCode::SUCCESS {
                    return code;
                }
            }
            Some(path) => {
                if let Err(e) = write_file(path, &text) {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    return ExitCode::from(2);
                }
            }
        }
    }
    ExitCode::from(exit_code(&report, args.fail_on, args.max_page_errors))
}

/// Writes a file through a temporary file in the same folder and a rename, so
/// an interrupted or failed run never leaves a half-written report or
/// baseline: readers see the old file or the whole new one. Creates the
/// folder if needed. The temporary file is removed if writing fails.
///
/// # Errors
/// When the folder cannot be created or the file cannot be written or renamed.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    // A report folder named in carelint.toml (reports/carelint.json) may not
    // exist yet in a fresh CI checkout.
    std::fs::create_dir_all(dir)?;
    let temp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        // On disk before the rename, so a crash cannot leave an empty file
        // under the real name.
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

fn write_file(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    write_atomically(path, text.as_bytes())
}

fn exit_code(report: &AuditReport, fail_on: FailOn, max_page_errors: f64) -> u8 {
    let s = &report.summary;
    // Skipped pages (robots.txt, off-site redirects) were left out on purpose;
    // failed ones were meant to be checked and could not be.
    let attempted = s.pages.saturating_sub(s.pages_skipped);
    let checked = attempted.saturating_sub(s.pages_failed);
    #[allow(clippy::cast_precision_loss)] // page counts are small
    let failed_share = if attempted == 0 {
        100.0
    } else {
        s.pages_failed as f64 * 100.0 / attempted as f64
    };
    if checked == 0 || failed_share > max_page_errors {
        return 3;
    }
    // A crawl that stopped early (Ctrl-C, an expired session) is incomplete.
    if report.crawl.as_ref().is_some_and(|c| c.stopped.is_some()) {
        return 3;
    }
    let threshold = match fail_on {
        FailOn::Never => return 0,
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let failing = report
        .findings
        .iter()
        .any(|f| f.confidence == Confidence::Certain && f.severity >= threshold);
    u8::from(failing)
}

fn rules_listing(catalogue: &Catalogue, format: ListFormat) -> String {
    match format {
        ListFormat::Json => {
            let value = serde_json::json!({
                "guide": { "version": catalogue.guide.version },
                "sections": catalogue.guide.sections.iter().map(|s| serde_json::json!({
                    "id": s.id, "slug": s.slug, "title": s.title,
                })).collect::<Vec<_>>(),
                "rules": catalogue.rules().iter().map(|r| serde_json::json!({
                    "id": r.id,
                    "section": r.section,
                    "severity": r.severity,
                    "confidence": r.confidence,
                    "scope": r.scope(),
                    "title": r.title,
                    "wcag": r.wcag,
                    "act": r.act,
                    "tags": r.tags,
                    "kind": r.kind,
                })).collect::<Vec<_>>(),
            });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            )
        }
        ListFormat::Text => {
            let mut out = String::new();
            let id_width = catalogue
                .rules()
                .iter()
                .map(|r| r.id.len())
                .max()
                .unwrap_or(40);
            for section in &catalogue.guide.sections {
                let rules: Vec<_> = catalogue
                    .rules()
                    .iter()
                    .filter(|r| r.section == section.id)
                    .collect();
                if rules.is_empty() {
                    continue;
                }
                out.push_str(&format!(
                    "{} {} ({})\n",
                    section.id, section.title, section.slug
                ));
                for r in rules {
                    let wcag = if r.wcag.is_empty() {
                        String::new()
                    } else {
                        format!("  WCAG {}", r.wcag.join(", "))
                    };
                    out.push_str(&format!(
                        "  {:<id_width$} {:<8} {}{wcag}\n",
                        r.id,
                        r.severity.as_str(),
                        r.title
                    ));
                }
                out.push('\n');
            }
            out.push_str(&format!(
                "{} rules. Run `carelint explain <id>` for a rule card.\n",
                catalogue.rules().len()
            ));
            out
        }
    }
}

fn explain(catalogue: &Catalogue, id: &str) -> ExitCode {
    if let Some(rule) = catalogue.rule(id) {
        return print_out(&crate::explain::rule_card(catalogue, rule));
    }
    if let Some(section) = catalogue.guide.section(id) {
        return print_out(&crate::explain::section_card(catalogue, section));
    }
    eprintln!(
        "error: no rule or guide section called `{id}`\n  help: run `carelint rules` for rule ids, or use G1 to G11"
    );
    ExitCode::from(2)
}

fn readability(profile_name: &str, format: ListFormat, file: &str) -> ExitCode {
    let Some(profile) = crate::readability::Profile::from_name(profile_name) else {
        eprintln!(
            "error: unknown readability profile `{profile_name}`; known profiles: {}",
            crate::readability::Profile::NAMES.join(", ")
        );
        return ExitCode::from(2);
    };
    let text = if file == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            eprintln!("error: cannot read standard input: {e}");
            return ExitCode::from(2);
        }
        s
    } else {
        match std::fs::read(file) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("error: cannot read {file}: {e}");
                return ExitCode::from(2);
            }
        }
    };
    let scores = crate::readability::score_text(profile, &text);
    match format {
        ListFormat::Json => {
            let value = match scores {
                Some(s) => {
                    let mut v = serde_json::to_value(s).unwrap_or_default();
                    v["profile"] = serde_json::json!(profile.as_str());
                    v
                }
                None => {
                    serde_json::json!({ "profile": profile.as_str(), "words": 0, "sentences": 0, "reading_age": null })
                }
            };
            print_out(&format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            ))
        }
        ListFormat::Text => match scores {
            None => print_out("No words to score.\n"),
            Some(s) => print_out(&format!(
                "Reading age: about {} (UK), Flesch-Kincaid grade {:.1}\n\
                 Words: {}  Sentences: {}  Syllables: {}  Long words (3+ syllables): {}\n\
                 Flesch Reading Ease: {:.1}  SMOG: {:.1}{}  Coleman-Liau: {:.1}  ARI: {:.1}  Gunning Fog: {:.1}\n",
                s.reading_age,
                s.flesch_kincaid_grade,
                s.words,
                s.sentences,
                s.syllables,
                s.polysyllables,
                s.flesch_reading_ease,
                s.smog,
                if s.sentences < 30 {
                    " (less reliable under 30 sentences)"
                } else {
                    ""
                },
                s.coleman_liau,
                s.ari,
                s.gunning_fog
            )),
        },
    }
}
