//! The command-line arguments: commands, flags and their help text.

use super::*;

/// carelint audits digital health services for inclusion, against the
/// Inclusive Digital Health Guide.
#[derive(Debug, Parser)]
#[command(name = "carelint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub(super) command: Command,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
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
pub(super) enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum GuideFormat {
    Text,
    Md,
    /// One plain HTML page, to print or share.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum CardFormat {
    Text,
    Html,
}

#[derive(Debug, Args)]
pub(super) struct DiffArgs {
    /// The earlier report (`carelint check -f json=FILE`).
    #[arg(value_name = "OLD.json")]
    pub(super) old: String,
    /// The later report.
    #[arg(value_name = "NEW.json")]
    pub(super) new: String,
    /// Output format, optionally written to a file: text, md, json or html, such
    /// as md=diff.md. Repeat for several outputs.
    #[arg(short = 'f', long = "format", value_name = "FMT[=PATH]")]
    pub(super) formats: Vec<String>,
    /// Lowest severity of a new finding that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error, env = "CARELINT_FAIL_ON")]
    pub(super) fail_on: FailOn,
}

#[derive(Debug, Args)]
pub(super) struct ReportArgs {
    /// A saved JSON report (`carelint check -f json=FILE`), or - for standard input.
    #[arg(value_name = "RESULTS.json")]
    pub(super) results: String,
    /// Output format, optionally written to a file: text, json, sarif, junit, gitlab,
    /// md, csv or earl, such as sarif=carelint.sarif. Repeat for several outputs.
    #[arg(short = 'f', long = "format", value_name = "FMT[=PATH]")]
    pub(super) formats: Vec<String>,
    /// Lowest severity that makes the exit code 1, as for `check`.
    #[arg(long, value_enum, default_value_t = FailOn::Error, env = "CARELINT_FAIL_ON")]
    pub(super) fail_on: FailOn,
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, env = "CARELINT_COLOR")]
    pub(super) color: ColorChoice,
    /// Who the HTML report is for: public, auditor or developer.
    #[arg(long, value_enum, env = "CARELINT_AUDIENCE")]
    pub(super) audience: Option<Audience>,
}

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// What to audit: https:// URLs (crawled), sitemap URLs or files (*.xml), .html
    /// files, directories, or - for standard input.
    #[arg(required_unless_present_any = ["urls", "print_config"], value_name = "TARGET")]
    pub(super) targets: Vec<String>,
    /// Output format, optionally written to a file: text, json, sarif, junit, gitlab,
    /// md, csv, html or earl, such as html=report.html. Repeat for several outputs.
    #[arg(
        short = 'f',
        long = "format",
        value_name = "FMT[=PATH]",
        env = "CARELINT_FORMAT"
    )]
    pub(super) formats: Vec<String>,
    /// Who the HTML report is for: public (plain words), auditor (adds results
    /// per WCAG criterion) or developer (leads with selectors and fixes).
    /// Default: public, or auditor with the procurement preset.
    #[arg(long, value_enum, env = "CARELINT_AUDIENCE")]
    pub(super) audience: Option<Audience>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error, env = "CARELINT_FAIL_ON")]
    pub(super) fail_on: FailOn,
    /// Run only these rules (ids, section ids such as G4, or section slugs). Comma-separated or repeated.
    #[arg(long, value_delimiter = ',', env = "CARELINT_ONLY")]
    pub(super) only: Vec<String>,
    /// Skip these rules (ids, section ids or slugs). Comma-separated or repeated.
    #[arg(long, value_delimiter = ',', env = "CARELINT_SKIP")]
    pub(super) skip: Vec<String>,
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, env = "CARELINT_COLOR")]
    pub(super) color: ColorChoice,
    /// Print nothing but machine formats and errors.
    #[arg(short, long, env = "CARELINT_QUIET",
        value_parser = clap::builder::BoolishValueParser::new())]
    pub(super) quiet: bool,
    /// Show no crawl progress on standard error.
    #[arg(long, env = "CARELINT_NO_PROGRESS",
        value_parser = clap::builder::BoolishValueParser::new())]
    pub(super) no_progress: bool,
    /// Worker threads (0 = one per core).
    #[arg(short, long, default_value_t = 0, env = "CARELINT_JOBS")]
    pub(super) jobs: usize,
    /// Exit 3 when more than this percentage of pages could not be checked.
    #[arg(
        long,
        default_value_t = 10.0,
        value_name = "PERCENT",
        env = "CARELINT_MAX_PAGE_ERRORS"
    )]
    pub(super) max_page_errors: f64,
    /// How pages[].readability is counted: health (the NHS method) or textstat
    /// (to compare with textstat). Rules always use health.
    #[arg(
        long,
        default_value = "health",
        value_name = "PROFILE",
        env = "CARELINT_READABILITY_PROFILE"
    )]
    pub(super) readability_profile: String,
    /// Use this config file instead of looking for carelint.toml.
    #[arg(
        short = 'c',
        long,
        value_name = "PATH",
        env = "CARELINT_CONFIG",
        help_heading = "Configuration"
    )]
    pub(super) config: Option<PathBuf>,
    /// Use no config file.
    #[arg(
        long,
        env = "CARELINT_NO_CONFIG",
        value_parser = clap::builder::BoolishValueParser::new(),
        conflicts_with = "config",
        help_heading = "Configuration"
    )]
    pub(super) no_config: bool,
    /// Start from a bundle of settings: ci, procurement or community.
    #[arg(
        long,
        value_enum,
        env = "CARELINT_PRESET",
        help_heading = "Configuration"
    )]
    pub(super) preset: Option<Preset>,
    /// Print the settings in effect (defaults, preset, file, environment, flags) as TOML and exit.
    #[arg(long, help_heading = "Configuration")]
    pub(super) print_config: bool,
    /// Compare with this baseline of accepted findings (default:
    /// .carelint-baseline.json in the current folder, if there is one).
    #[arg(
        long,
        value_name = "PATH",
        env = "CARELINT_BASELINE",
        help_heading = "Baseline"
    )]
    pub(super) baseline: Option<PathBuf>,
    /// Use no baseline, even if .carelint-baseline.json is here.
    #[arg(
        long,
        env = "CARELINT_NO_BASELINE",
        value_parser = clap::builder::BoolishValueParser::new(),
        conflicts_with = "baseline",
        help_heading = "Baseline"
    )]
    pub(super) no_baseline: bool,
    /// Keep every page's HTML as fetched or read in DIR, with a manifest.json of
    /// SHA-256 hashes, as evidence for the audit. Never keeps headers or cookies.
    #[arg(long, value_name = "DIR", env = "CARELINT_ARCHIVE")]
    pub(super) archive: Option<PathBuf>,
    /// Record in manifest.json when each page was archived (left out by default,
    /// so two archives of an unchanged site are the same).
    #[arg(long, env = "CARELINT_ARCHIVE_TIMES",
        value_parser = clap::builder::BoolishValueParser::new())]
    pub(super) archive_times: bool,
    /// Load each page in headless Chromium and audit the DOM after its
    /// scripts ran (for pages built by JavaScript). Needs `chromium` on PATH
    /// or CARELINT_CHROMIUM; only the audited hosts are reached.
    #[arg(long, env = "CARELINT_RENDER",
        value_parser = clap::builder::BoolishValueParser::new())]
    pub(super) render: bool,
    /// With --render: most seconds one page may take to load and settle.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 15.0,
        env = "CARELINT_RENDER_TIMEOUT"
    )]
    pub(super) render_timeout: f64,
    #[command(flatten)]
    pub(super) crawl: web::CrawlArgs,
}
