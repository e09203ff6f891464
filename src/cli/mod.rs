//! The command line: parses arguments, runs the library, prints, and maps the
//! result to an exit code. This is the only module that prints.
//!
//! Exit codes (CONTRACT.md): 0 nothing at or above `--fail-on`; 1 findings at or
//! above it; 2 usage or configuration error; 3 the audit could not be completed.

mod baseline;
mod web;

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::audit::{self, AuditOptions, AuditReport};
use crate::catalogue::Catalogue;
use crate::config::{CheckSettings, ColorChoice, Config, FailOn, Level, Preset};
use crate::finding::Severity;
use crate::report::{self, Audience, Format, RenderOptions, ScopeNote};

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
        /// Output format: text, or a rule card as an HTML page to print or share.
        #[arg(long, value_enum, default_value_t = CardFormat::Text)]
        format: CardFormat,
    },
    /// Accept today's findings so only new ones fail: create, update or check
    /// .carelint-baseline.json.
    Baseline(Box<baseline::BaselineArgs>),
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
    /// Compare two saved JSON reports: new, fixed and unchanged findings.
    Diff(DiffArgs),
    /// Render a saved JSON report again in other formats, without re-checking.
    Report(ReportArgs),
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
    /// One plain HTML page, to print or share.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CardFormat {
    Text,
    Html,
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The earlier report (`carelint check -f json=FILE`).
    #[arg(value_name = "OLD.json")]
    old: String,
    /// The later report.
    #[arg(value_name = "NEW.json")]
    new: String,
    /// Output format, optionally written to a file: text, md, json or html, such
    /// as md=diff.md. Repeat for several outputs.
    #[arg(short = 'f', long = "format", value_name = "FMT[=PATH]")]
    formats: Vec<String>,
    /// Lowest severity of a new finding that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error, env = "CARELINT_FAIL_ON")]
    fail_on: FailOn,
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// A saved JSON report (`carelint check -f json=FILE`), or - for standard input.
    #[arg(value_name = "RESULTS.json")]
    results: String,
    /// Output format, optionally written to a file: text, json, sarif, junit, gitlab,
    /// md, csv or earl, such as sarif=carelint.sarif. Repeat for several outputs.
    #[arg(short = 'f', long = "format", value_name = "FMT[=PATH]")]
    formats: Vec<String>,
    /// Lowest severity that makes the exit code 1, as for `check`.
    #[arg(long, value_enum, default_value_t = FailOn::Error, env = "CARELINT_FAIL_ON")]
    fail_on: FailOn,
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, env = "CARELINT_COLOR")]
    color: ColorChoice,
    /// Who the HTML report is for: public, auditor or developer.
    #[arg(long, value_enum, env = "CARELINT_AUDIENCE")]
    audience: Option<Audience>,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// What to audit: https:// URLs (crawled), sitemap URLs or files (*.xml), .html
    /// files, directories, or - for standard input.
    #[arg(required_unless_present_any = ["urls", "print_config"], value_name = "TARGET")]
    targets: Vec<String>,
    /// Output format, optionally written to a file: text, json, sarif, junit, gitlab,
    /// md, csv, html or earl, such as html=report.html. Repeat for several outputs.
    #[arg(
        short = 'f',
        long = "format",
        value_name = "FMT[=PATH]",
        env = "CARELINT_FORMAT"
    )]
    formats: Vec<String>,
    /// Who the HTML report is for: public (plain words), auditor (adds results
    /// per WCAG criterion) or developer (leads with selectors and fixes).
    /// Default: public, or auditor with the procurement preset.
    #[arg(long, value_enum, env = "CARELINT_AUDIENCE")]
    audience: Option<Audience>,
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
    /// Compare with this baseline of accepted findings (default:
    /// .carelint-baseline.json in the current folder, if there is one).
    #[arg(
        long,
        value_name = "PATH",
        env = "CARELINT_BASELINE",
        help_heading = "Baseline"
    )]
    baseline: Option<PathBuf>,
    /// Use no baseline, even if .carelint-baseline.json is here.
    #[arg(
        long,
        env = "CARELINT_NO_BASELINE",
        value_parser = clap::builder::BoolishValueParser::new(),
        conflicts_with = "baseline",
        help_heading = "Baseline"
    )]
    no_baseline: bool,
    /// Keep every page's HTML as fetched or read in DIR, with a manifest.json of
    /// SHA-256 hashes, as evidence for the audit. Never keeps headers or cookies.
    #[arg(long, value_name = "DIR", env = "CARELINT_ARCHIVE")]
    archive: Option<PathBuf>,
    /// Record in manifest.json when each page was archived (left out by default,
    /// so two archives of an unchanged site are the same).
    #[arg(long, env = "CARELINT_ARCHIVE_TIMES",
        value_parser = clap::builder::BoolishValueParser::new())]
    archive_times: bool,
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
        Command::Baseline(args) => {
            let Some(sub) = matches
                .subcommand_matches("baseline")
                .and_then(|m| m.subcommand().map(|(_, m)| m))
            else {
                return ExitCode::from(2);
            };
            baseline::run(catalogue, *args, sub)
        }
        Command::Init { preset, force } => init(preset, force),
        Command::Diff(args) => diff(&args),
        Command::Report(args) => rerender(&catalogue, &args),
        Command::Rules { format } => print_out(&rules_listing(&catalogue, format)),
        Command::Explain { id, format } => explain(&catalogue, &id, format),
        Command::Guide { format } => print_out(&match format {
            GuideFormat::Text => crate::explain::guide_text(&catalogue),
            GuideFormat::Md => crate::explain::guide_markdown(&catalogue),
            GuideFormat::Html => crate::explain::guide_html(&catalogue),
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

/// The outputs as the writer checks them before any work.
fn planned(outputs: &[Output]) -> Vec<crate::write::Planned<'_>> {
    outputs
        .iter()
        .map(|o| crate::write::Planned {
            label: o.format.name(),
            path: o.path.as_deref(),
        })
        .collect()
}

fn parse_outputs(specs: &[String]) -> Result<Vec<Output>, String> {
    let mut outputs = Vec::new();
    for spec in specs {
        let (name, path) = match spec.split_once('=') {
            // `md=-` is standard output, never a file named `-`.
            Some((n, "-")) => (n, None),
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
        archive: args.archive.clone().filter(|_| g("archive")),
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
    if s.archive.is_some() {
        args.archive = s.archive;
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
    if let Err(e) = crate::write::write_file(path, crate::config::template(preset).as_bytes()) {
        eprintln!("error: {e}");
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
    // Every output, and the archive's manifest, is checked before the first
    // page is read: a twenty-minute crawl must not end with "cannot write".
    let manifest = args
        .archive
        .as_ref()
        .map(|dir| dir.join(crate::archive::MANIFEST));
    let mut planned = planned(&outputs);
    if let Some(manifest) = &manifest {
        planned.push(crate::write::Planned {
            label: "the archive's manifest",
            path: Some(manifest),
        });
    }
    if let Err(e) = crate::write::check_outputs(&planned) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let baseline = match baseline_for(args) {
        Ok(b) => b,
        Err(e) => return fail(2, e.into()),
    };
    let mut report = match run_audit(catalogue, args, config) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Some((path, baseline)) = &baseline {
        // Baseline entries expire by the day the audit ran.
        let day = report
            .audit_date()
            .map_or_else(crate::config::today, str::to_owned);
        let compared = baseline.compare(&mut report, &day);
        if !args.quiet {
            baseline_warnings(path, &compared);
        }
    }
    let ctx = OutputContext::for_check(args, config);
    if let Err(code) = write_outputs(&outputs, &report, catalogue, &ctx) {
        return code;
    }
    ExitCode::from(exit_code(&report, args.fail_on, args.max_page_errors))
}

/// The baseline `check` compares with: `--baseline PATH`, else
/// `.carelint-baseline.json` in the current folder if there is one, unless
/// `--no-baseline`.
fn baseline_for(
    args: &CheckArgs,
) -> Result<Option<(PathBuf, crate::baseline::Baseline)>, crate::error::DataFileError> {
    if args.no_baseline {
        return Ok(None);
    }
    let path = match &args.baseline {
        Some(p) => p.clone(),
        None => {
            let p = PathBuf::from(crate::baseline::FILE_NAME);
            if !p.is_file() {
                return Ok(None);
            }
            p
        }
    };
    crate::baseline::Baseline::load(&path).map(|b| Some((path, b)))
}

fn baseline_warnings(path: &std::path::Path, compared: &crate::baseline::Comparison) {
    for e in &compared.expired {
        eprintln!(
            "warning: {}: the entry for {} on {} expired on {}; it counts as new again",
            path.display(),
            e.rule,
            e.page,
            e.expires.as_deref().unwrap_or_default()
        );
    }
    if !compared.stale.is_empty() {
        eprintln!(
            "note: {} baseline {} no longer found (fixed); run `carelint baseline update` to remove {}",
            compared.stale.len(),
            if compared.stale.len() == 1 {
                "entry is"
            } else {
                "entries are"
            },
            if compared.stale.len() == 1 {
                "it"
            } else {
                "them"
            },
        );
    }
}

/// Runs the audit `check` describes, up to the report (config levels and
/// ignores applied).
fn run_audit(
    catalogue: &Catalogue,
    args: &CheckArgs,
    config: &Config,
) -> Result<AuditReport, ExitCode> {
    let opted_in = config.opted_in(catalogue);
    let rules = match audit::select_rules(catalogue, &args.only, &args.skip, &opted_in) {
        Ok(r) => r,
        Err(e) => return Err(fail(2, e.into())),
    };
    // A rule the config turns off stays off, unless --only names it.
    let rules: Vec<_> = rules
        .into_iter()
        .filter(|r| {
            config.level(&r.id, &r.section) != Some(Level::Off)
                || args
                    .only
                    .iter()
                    .any(|n| audit::find_rule(catalogue, n).is_ok_and(|named| named.id == r.id))
        })
        .collect();
    // The clock is read once: expired ignores, the checks and the report's
    // start time all use this moment.
    let started = crate::clock::now();
    let today = crate::clock::date_of(started).iso();
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
        Err(e) => return Err(fail(3, e.into())),
    };
    let crawl_config = match web::crawl_config(&web_targets, &args.crawl, true) {
        Ok(c) => c,
        Err(e) => return Err(fail(2, e.into())),
    };
    let Some(profile) = crate::readability::Profile::from_name(&args.readability_profile) else {
        eprintln!(
            "error: unknown readability profile `{}`; known profiles: {}",
            args.readability_profile,
            crate::readability::Profile::NAMES.join(", ")
        );
        return Err(ExitCode::from(2));
    };
    let archive = match &args.archive {
        None => None,
        Some(dir) => match crate::archive::Archive::create(dir, args.archive_times) {
            Ok(a) => Some(std::sync::Arc::new(a)),
            Err(e) => {
                eprintln!("error: {e} (the --archive folder {})", dir.display());
                return Err(ExitCode::from(2));
            }
        },
    };
    let options = AuditOptions {
        threads: args.jobs,
        profile,
        archive: archive.clone(),
        started,
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
                Err(e) => return Err(fail(3, e.into())),
            }
        }
    };

    if let Some(archive) = &archive {
        match archive.finish() {
            Ok(entries) => {
                if !args.quiet {
                    eprintln!(
                        "Archived {} pages in {} (see {}).",
                        entries.len(),
                        archive.dir().display(),
                        crate::archive::MANIFEST
                    );
                }
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("error: cannot archive {e}");
                }
                // Evidence that was asked for is missing: the audit is incomplete.
                return Err(ExitCode::from(3));
            }
        }
    }
    config.apply(&mut report, &today);
    // Patterns and sign-in apply to crawls only.
    let scope = scope_of(args);
    if report.crawl.is_some() && !scope.is_empty() {
        report.scope = Some(scope);
    }
    if !args.only.is_empty() || !args.skip.is_empty() || !opted_in.is_empty() {
        report.selection = Some(audit::RuleSelection {
            only: args.only.clone(),
            skip: args.skip.clone(),
            opt_in: opted_in,
        });
    }
    Ok(report)
}

/// What every output of one run shares beyond the report itself.
struct OutputContext<'a> {
    color: bool,
    quiet: bool,
    fail_on: FailOn,
    /// Put before text output (re-rendered reports say what they cannot show).
    text_note: &'a str,
    sarif_url_map: Vec<report::UrlMapEntry>,
    audience: Audience,
    scope: ScopeNote,
}

/// The audit's scope from its flags: what the report keeps and the HTML
/// method box shows.
fn scope_of(args: &CheckArgs) -> ScopeNote {
    ScopeNote {
        include: args.crawl.include.clone(),
        exclude: args.crawl.exclude.clone(),
        // Header names and that a cookies file was used; never their values.
        auth: args
            .crawl
            .header
            .iter()
            .map(|h| {
                format!(
                    "the {} header",
                    h.split(':').next().unwrap_or_default().trim()
                )
            })
            .chain(
                args.crawl
                    .cookies
                    .as_ref()
                    .map(|_| "a cookies file".to_owned()),
            )
            .collect(),
    }
}

impl<'a> OutputContext<'a> {
    /// The context `check` writes with: colour, audience, scope and the SARIF
    /// url map from the flags and config.
    fn for_check(args: &CheckArgs, config: &Config) -> Self {
        Self {
            color: use_color(args.color),
            quiet: args.quiet,
            fail_on: args.fail_on,
            text_note: "",
            sarif_url_map: config.sarif_url_map.clone(),
            // An audit for a buyer is read by auditors.
            audience: args.audience.unwrap_or(
                if args.preset.or(config.preset) == Some(Preset::Procurement) {
                    Audience::Auditor
                } else {
                    Audience::Public
                },
            ),
            scope: scope_of(args),
        }
    }
}

/// Renders and writes every output; `Err(code)` when one could not be written.
fn write_outputs(
    outputs: &[Output],
    report: &AuditReport,
    catalogue: &Catalogue,
    ctx: &OutputContext<'_>,
) -> Result<(), ExitCode> {
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    // The day the audit ran, from the report itself: `report` and `diff` of
    // an old audit show its date, never today's.
    let audit_date = report.audit_date().map(str::to_owned);
    for output in outputs {
        if ctx.quiet && output.format == Format::Text && output.path.is_none() {
            continue;
        }
        let render_options = RenderOptions {
            color: ctx.color && output.path.is_none(),
            width,
            fail_on: threshold(ctx.fail_on),
            base_dir: std::env::current_dir().ok(),
            sarif_url_map: ctx.sarif_url_map.clone(),
            audience: ctx.audience,
            date: audit_date.clone(),
            scope: ctx.scope.clone(),
        };
        let mut text = match report::render(output.format, report, catalogue, &render_options) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot render the report: {e}");
                return Err(ExitCode::from(3));
            }
        };
        if output.format == Format::Text && !ctx.text_note.is_empty() {
            text.insert_str(0, ctx.text_note);
        }
        emit(output.path.as_deref(), &text)?;
    }
    if !ctx.quiet {
        // A run that writes only files still says how it went.
        let text_shown = outputs
            .iter()
            .any(|o| matches!(o.format, Format::Text | Format::Compact) && o.path.is_none());
        if !text_shown {
            eprintln!(
                "Checked {}. {}",
                crate::report::verdict::plural(report.summary.pages, "page", "pages"),
                crate::report::verdict::line(report, threshold(ctx.fail_on))
            );
            // The text report says this too; a run that writes only files
            // must not hide it.
            for pattern in report.crawl.iter().flat_map(|c| &c.include_unmatched) {
                eprintln!(
                    "warning: --include {pattern} matched no URL the crawl found: check it for a typo."
                );
            }
        }
        let written: Vec<String> = outputs
            .iter()
            .filter_map(|o| {
                o.path
                    .as_ref()
                    .map(|p| format!("{} to {}", o.format.name(), p.display()))
            })
            .collect();
        if !written.is_empty() {
            eprintln!("Wrote {}.", written.join(", "));
        }
    }
    Ok(())
}

fn threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

/// Writes text to standard output or to its path (see [`crate::write`]).
fn emit(path: Option<&std::path::Path>, text: &str) -> Result<(), ExitCode> {
    match path {
        None => {
            let code = print_out(text);
            if code == ExitCode::SUCCESS {
                Ok(())
            } else {
                Err(code)
            }
        }
        Some(path) => crate::write::write_file(path, text.as_bytes()).map_err(|e| {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }),
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// `carelint diff OLD NEW`: exit 1 when new findings at or above --fail-on
/// appear, 2 when a report cannot be read.
fn diff(args: &DiffArgs) -> ExitCode {
    let mut outputs = Vec::new();
    for spec in &args.formats {
        let (name, path) = match spec.split_once('=') {
            Some((n, "-")) => (n, None),
            Some((n, p)) if !p.is_empty() => (n, Some(PathBuf::from(p))),
            Some((n, _)) => {
                eprintln!("error: `{spec}`: give a path after `{n}=`, or leave out the `=`");
                return ExitCode::from(2);
            }
            None => (spec.as_str(), None),
        };
        if !["text", "md", "json", "html"].contains(&name) {
            eprintln!("error: unknown diff format `{name}`; known formats: text, md, json, html");
            return ExitCode::from(2);
        }
        outputs.push((name.to_owned(), path));
    }
    if outputs.is_empty() {
        outputs.push(("text".to_owned(), None));
    }
    if outputs.iter().filter(|(_, p)| p.is_none()).count() > 1 {
        eprintln!(
            "error: only one format can be written to standard output; give the others a path, such as -f md=diff.md"
        );
        return ExitCode::from(2);
    }
    let planned: Vec<_> = outputs
        .iter()
        .map(|(name, path)| crate::write::Planned {
            label: name,
            path: path.as_deref(),
        })
        .collect();
    if let Err(e) = crate::write::check_outputs(&planned) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let old = match crate::diff::load_report(&args.old) {
        Ok(r) => r,
        Err(e) => return fail(2, e.into()),
    };
    let new = match crate::diff::load_report(&args.new) {
        Ok(r) => r,
        Err(e) => return fail(2, e.into()),
    };
    let result = crate::diff::compare(&old, &new);
    let threshold = threshold(args.fail_on);
    for (name, path) in &outputs {
        let text = match name.as_str() {
            "md" => crate::diff::render_markdown(&result, threshold),
            "html" => crate::diff::render_html(&result, threshold),
            "json" => match crate::diff::render_json(&result) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: cannot render the diff: {e}");
                    return ExitCode::from(3);
                }
            },
            _ => crate::diff::render_text(&result),
        };
        if let Err(code) = emit(path.as_deref(), &text) {
            return code;
        }
    }
    ExitCode::from(u8::from(result.failing(threshold) > 0))
}

/// `carelint report RESULTS.json -f FMT[=PATH]`: renders saved results again.
fn rerender(catalogue: &Catalogue, args: &ReportArgs) -> ExitCode {
    let outputs = match parse_outputs(&args.formats) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = crate::write::check_outputs(&planned(&outputs)) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let report = match crate::diff::load_report(&args.results) {
        Ok(r) => r,
        Err(e) => return fail(2, e.into()),
    };
    // Saved JSON does not carry the page source, so text output has no
    // source lines under each finding; say so rather than look broken.
    let note = format!(
        "Rendered from {} (saved results): source lines are not shown. Run `carelint check` again to see them.\n\n",
        args.results
    );
    let ctx = OutputContext {
        color: use_color(args.color),
        quiet: false,
        fail_on: args.fail_on,
        text_note: &note,
        sarif_url_map: Vec::new(),
        audience: args.audience.unwrap_or(Audience::Public),
        // The scope the audit ran with, as its report kept it.
        scope: report.scope.clone().unwrap_or_default(),
    };
    if let Err(code) = write_outputs(&outputs, &report, catalogue, &ctx) {
        return code;
    }
    // The same exit code `check` gives for this report (10% is check's
    // default for --max-page-errors).
    ExitCode::from(exit_code(&report, args.fail_on, 10.0))
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
    // Known (baselined) findings never fail the gate; only new ones do.
    let failing = report
        .findings
        .iter()
        .any(|f| f.fails_gate(Some(threshold)));
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
                    "opt_in": r.opt_in,
                    "kind": r.kind,
                    "basis": r.basis,
                    "sources": r.sources.iter().filter_map(|id| catalogue.guide.source(id)).map(|s| serde_json::json!({
                        "id": s.id, "title": s.title, "url": s.url,
                    })).collect::<Vec<_>>(),
                    "our_choice": r.our_choice,
                    "params": serde_json::to_value(r.params()).unwrap_or_default(),
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
                    let opt_in = if r.opt_in { " (opt-in)" } else { "" };
                    out.push_str(&format!(
                        "  {:<id_width$} {:<8} {}{wcag}{opt_in}\n",
                        r.id,
                        r.severity.as_str(),
                        r.title
                    ));
                }
                out.push('\n');
            }
            let opt_in = catalogue.rules().iter().filter(|r| r.opt_in).count();
            out.push_str(&format!(
                "{} rules{}. Run `carelint explain <id>` for a rule card.\n",
                catalogue.rules().len(),
                if opt_in == 0 {
                    String::new()
                } else {
                    format!(
                        "; {opt_in} opt-in (run only when named: `--only <id>`, or a level in carelint.toml)"
                    )
                }
            ));
            out
        }
    }
}

fn explain(catalogue: &Catalogue, id: &str, format: CardFormat) -> ExitCode {
    if let Some(section) = catalogue.guide.section(id.trim()) {
        if format == CardFormat::Html {
            return fail(
                2,
                miette::miette!(
                    "`--format html` makes rule cards; for a section, run `carelint guide --format html`"
                ),
            );
        }
        return print_out(&crate::explain::section_card(catalogue, section));
    }
    match audit::find_rule(catalogue, id) {
        Ok(rule) if format == CardFormat::Html => {
            print_out(&crate::explain::rule_card_html(catalogue, rule))
        }
        Ok(rule) => print_out(&crate::explain::rule_card(catalogue, rule)),
        Err(e) => fail(2, e.into()),
    }
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
