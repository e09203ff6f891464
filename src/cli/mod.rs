//! The command line: parses arguments, runs the library, prints, and maps the
//! result to an exit code. This is the only module that prints.
//!
//! Exit codes (CONTRACT.md): 0 nothing at or above `--fail-on`; 1 findings at or
//! above it; 2 usage or configuration error; 3 the audit could not be completed.

mod args;
mod baseline;
mod info;
mod outputs;
mod web;

use args::*;
use info::*;
use outputs::*;

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
    // `init`, `diff` and `readability` need no rules, so they do not pay
    // for loading them.
    match cli.command {
        Command::Init { preset, force } => init(preset, force),
        Command::Diff(args) => diff(&args),
        Command::Readability {
            profile,
            format,
            file,
        } => readability(&profile, format, &file),
        command => match Catalogue::embedded() {
            Ok(catalogue) => with_catalogue(command, catalogue, &matches),
            Err(e) => fail(2, e.into()),
        },
    }
}

/// Runs a command that reads the rule catalogue. (The commands that do not
/// are handled by `main`, but are listed here too, as a `match` must be whole.)
fn with_catalogue(command: Command, catalogue: Catalogue, matches: &ArgMatches) -> ExitCode {
    match command {
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
        Command::Report(args) => rerender(&catalogue, &args),
        Command::Rules { format } => print_out(&rules_listing(&catalogue, format)),
        Command::Explain { id, format } => explain(&catalogue, &id, format),
        Command::Guide { format } => print_out(&match format {
            GuideFormat::Text => crate::explain::guide_text(&catalogue),
            GuideFormat::Md => crate::explain::guide_markdown(&catalogue),
            GuideFormat::Html => crate::explain::guide_html(&catalogue),
        }),
        Command::Init { preset, force } => init(preset, force),
        Command::Diff(args) => diff(&args),
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
    let report = match run_audit(catalogue, args, config, baseline.as_ref().map(|b| &b.1)) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let (Some((path, _)), Some(compared)) = (&baseline, &report.baseline_comparison)
        && !args.quiet
    {
        baseline_warnings(path, compared);
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
    baseline: Option<&crate::baseline::Baseline>,
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
    let render = match start_browser(args, crawl_config.as_ref()) {
        Ok(r) => r,
        Err((code, e)) => return Err(fail(code, e.into())),
    };
    let options = AuditOptions {
        render,
        threads: args.jobs,
        profile,
        archive: archive.clone(),
        started,
        config: Some(std::sync::Arc::new(config.clone())),
        baseline: baseline.map(|b| std::sync::Arc::new(b.clone())),
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

/// Starts the browser for `--render`. Pages may reach only the hosts of
/// the crawl (its start pages, sitemaps and `--allow-host`s); local files
/// none.
fn start_browser(
    args: &CheckArgs,
    crawl: Option<&crate::crawl::CrawlConfig>,
) -> Result<Option<std::sync::Arc<crate::render::Renderer>>, (u8, crate::render::RenderError)> {
    if !args.render {
        return Ok(None);
    }
    let browser = crate::render::find_browser().map_err(|e| (2, e))?;
    let mut hosts = Vec::new();
    if let Some(config) = crawl {
        for url in config.start.iter().chain(&config.sitemap_targets) {
            if let Some(host) = url.host_str() {
                hosts.push(host.to_owned());
                // The crawl treats www. and the bare name as one site.
                match host.strip_prefix("www.") {
                    Some(bare) => hosts.push(bare.to_owned()),
                    None => hosts.push(format!("www.{host}")),
                }
            }
        }
        hosts.extend(config.allow_hosts.iter().cloned());
    }
    hosts.sort();
    hosts.dedup();
    let timeout = if args.render_timeout.is_finite() && args.render_timeout > 0.0 {
        std::time::Duration::from_secs_f64(args.render_timeout.min(3600.0))
    } else {
        crate::render::DEFAULT_TIMEOUT
    };
    let options = crate::render::RenderOptions {
        browser,
        timeout,
        hosts,
    };
    crate::render::Renderer::start(&options)
        .map(|r| Some(std::sync::Arc::new(r)))
        .map_err(|e| (3, e))
}

fn threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
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
    // Known (baselined) findings never fail the gate; only new ones do,
    // listed or past the cap.
    let failing = report
        .findings
        .iter()
        .chain(&report.not_listed)
        .any(|f| f.fails_gate(Some(threshold)));
    u8::from(failing)
}
