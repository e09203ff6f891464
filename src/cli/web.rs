//! The command-line side of crawling: turning flags into a [`CrawlConfig`], and
//! drawing progress on standard error.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::Args;
use reqwest::header::{HeaderName, HeaderValue};
use url::Url;

use crate::crawl::cookies::CookieJar;
use crate::crawl::fetch::HttpConfig;
use crate::crawl::{CrawlConfig, Observer, Phase, Progress};
use crate::input::WebTargets;

/// Flags for auditing live sites.
#[derive(Debug, Args)]
#[command(next_help_heading = "Crawling live sites")]
pub struct CrawlArgs {
    /// Most pages to visit.
    #[arg(
        long,
        default_value_t = 100,
        value_name = "N",
        env = "CARELINT_MAX_PAGES"
    )]
    pub max_pages: usize,
    /// How many links deep to follow from the start pages.
    #[arg(long, default_value_t = 5, value_name = "N", env = "CARELINT_DEPTH")]
    pub depth: usize,
    /// Requests in flight at once.
    #[arg(
        long,
        default_value_t = 8,
        value_name = "N",
        env = "CARELINT_CONCURRENCY"
    )]
    pub concurrency: usize,
    /// Most requests per second to one host [default: 2, no limit for localhost; 0 = no limit].
    #[arg(long, value_name = "PER_SECOND", env = "CARELINT_RATE")]
    pub rate: Option<f64>,
    /// Seconds to wait for one response.
    #[arg(
        long,
        default_value_t = 30.0,
        value_name = "SECONDS",
        env = "CARELINT_TIMEOUT"
    )]
    pub timeout: f64,
    /// Only audit pages whose path matches (glob such as /services/**, or re:REGEX). Repeatable.
    #[arg(long, value_name = "PATTERN", env = "CARELINT_INCLUDE")]
    pub include: Vec<String>,
    /// Never audit pages whose path matches (glob, or re:REGEX). Repeatable.
    #[arg(long, value_name = "PATTERN", env = "CARELINT_EXCLUDE")]
    pub exclude: Vec<String>,
    /// Also crawl this host (nhs.uk, or *.nhs.uk for its subdomains). Repeatable.
    #[arg(long, value_name = "HOST", env = "CARELINT_ALLOW_HOST")]
    pub allow_host: Vec<String>,
    /// Send a header to the start site only: 'Name: value' or 'Name: env:VAR'. Never printed.
    #[arg(
        long,
        value_name = "HEADER",
        env = "CARELINT_HEADER",
        hide_env_values = true
    )]
    pub header: Vec<String>,
    /// Cookies for a signed-in audit, in the cookies.txt format browsers and curl export.
    #[arg(long, value_name = "FILE", env = "CARELINT_COOKIES")]
    pub cookies: Option<std::path::PathBuf>,
    /// Fetch pages that robots.txt disallows (stated in every report).
    #[arg(long, env = "CARELINT_IGNORE_ROBOTS",
        value_parser = clap::builder::BoolishValueParser::new())]
    pub ignore_robots: bool,
    /// Also start from the URLs in this file (one per line, # for comments).
    #[arg(long, value_name = "FILE")]
    pub urls: Option<std::path::PathBuf>,
    /// Audit only the given URLs: follow no links and read no sitemaps.
    #[arg(long, env = "CARELINT_NO_CRAWL",
        value_parser = clap::builder::BoolishValueParser::new())]
    pub no_crawl: bool,
    /// Largest page read, in bytes, counted after decompression.
    #[arg(long, default_value_t = 10 * 1024 * 1024, value_name = "BYTES", env = "CARELINT_MAX_PAGE_BYTES")]
    pub max_page_bytes: usize,
    /// A redirect to a URL matching this regex means a sign-in page.
    #[arg(long, value_name = "REGEX", env = "CARELINT_LOGIN_PATTERN")]
    pub login_pattern: Option<String>,
}

/// A crawl flag that cannot be used. The message never contains a secret.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CrawlArgError {
    /// A start URL that does not parse.
    #[error("`{0}` is not a web address carelint can crawl: {1}")]
    #[diagnostic(code(carelint::crawl::bad_url))]
    BadUrl(String, String),
    /// A `--urls` file line that does not parse.
    #[error("{file}:{line}: `{text}` is not an http(s) address")]
    #[diagnostic(
        code(carelint::crawl::urls_file),
        help(
            "write one URL per line, starting with https:// or http://; lines starting with # are comments"
        )
    )]
    UrlsLine {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// The line's text.
        text: String,
    },
    /// A file that cannot be read.
    #[error("cannot read {0}: {1}")]
    #[diagnostic(code(carelint::crawl::file))]
    File(String, String),
    /// A bad `--header`.
    #[error("--header `{name}`: {reason}")]
    #[diagnostic(
        code(carelint::crawl::header),
        help(
            "write --header 'Name: value', or --header 'Name: env:VARIABLE' to read the value from the environment"
        )
    )]
    Header {
        /// The header name as given (never the value).
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// A cookies file with a bad line.
    #[error("{file}: {reason}")]
    #[diagnostic(
        code(carelint::crawl::cookies),
        help("export cookies in the Netscape cookies.txt format: 7 fields separated by tabs")
    )]
    Cookies {
        /// The file.
        file: String,
        /// The line and what is wrong (never a cookie value).
        reason: String,
    },
    /// A bad number or pattern.
    #[error("{0}")]
    #[diagnostic(code(carelint::crawl::option))]
    Option(String),
}

fn parse_header(spec: &str) -> Result<(HeaderName, HeaderValue), CrawlArgError> {
    // Without a colon there is no telling name from value, so nothing of it is
    // echoed: it may be the secret itself.
    let (name, value) = spec.split_once(':').ok_or_else(|| CrawlArgError::Header {
        name: "(no colon)".to_owned(),
        reason: "write it as 'Name: value'".to_owned(),
    })?;
    let name = name.trim();
    let bad = |reason: String| CrawlArgError::Header {
        name: name.to_owned(),
        reason,
    };
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| bad("not a valid header name".to_owned()))?;
    let value = value.trim();
    let value = match value.strip_prefix("env:") {
        Some(var) => std::env::var(var)
            .map_err(|_| bad(format!("the environment variable {var} is not set")))?,
        None => value.to_owned(),
    };
    let mut header_value = HeaderValue::from_str(&value)
        .map_err(|_| bad("the value has characters a header cannot carry".to_owned()))?;
    header_value.set_sensitive(true);
    Ok((header_name, header_value))
}

fn parse_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| e.to_string())?;
    crate::crawl::url::normalise(&url)
        .ok_or_else(|| "only http and https addresses can be crawled".to_owned())
}

/// Builds the crawl from the web targets and flags. `None` when there is nothing
/// on the web to audit.
///
/// # Errors
/// A [`CrawlArgError`] naming the flag or file at fault.
pub fn crawl_config(
    web: &WebTargets,
    args: &CrawlArgs,
    handle_interrupt: bool,
) -> Result<Option<CrawlConfig>, CrawlArgError> {
    let mut start = Vec::new();
    for target in &web.urls {
        start.push(parse_url(target).map_err(|e| CrawlArgError::BadUrl(target.clone(), e))?);
    }
    let mut sitemap_targets = Vec::new();
    for target in &web.sitemaps {
        sitemap_targets
            .push(parse_url(target).map_err(|e| CrawlArgError::BadUrl(target.clone(), e))?);
    }
    let mut listed = Vec::new();
    for target in &web.listed {
        // A bad entry in a sitemap file is the site's problem, not a usage error.
        if let Ok(url) = parse_url(target) {
            listed.push(url);
        }
    }
    if let Some(file) = &args.urls {
        let shown = file.display().to_string();
        let text = std::fs::read_to_string(file)
            .map_err(|e| CrawlArgError::File(shown.clone(), e.to_string()))?;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let url = parse_url(line).map_err(|_| CrawlArgError::UrlsLine {
                file: shown.clone(),
                line: n + 1,
                text: line.to_owned(),
            })?;
            start.push(url);
        }
    }
    let only_lists = start.is_empty();
    start.extend(listed);
    if start.is_empty() && sitemap_targets.is_empty() {
        return Ok(None);
    }
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        return Err(CrawlArgError::Option(format!(
            "--timeout {}: give a number of seconds above 0",
            args.timeout
        )));
    }
    let mut http = HttpConfig {
        timeout: Duration::from_secs_f64(args.timeout),
        max_body: args.max_page_bytes.max(1),
        ..HttpConfig::default()
    };
    match args.rate {
        Some(r) if !(r.is_finite() && r >= 0.0) => {
            return Err(CrawlArgError::Option(format!(
                "--rate {r}: give requests per second, 0 for no limit"
            )));
        }
        Some(0.0) => http.min_interval = Duration::ZERO,
        Some(r) => {
            http.min_interval = Duration::from_secs_f64(1.0 / r);
            http.loopback_interval = http.min_interval;
        }
        None => {}
    }
    for spec in &args.header {
        http.headers.push(parse_header(spec)?);
    }
    let cookies = match &args.cookies {
        None => None,
        Some(file) => {
            let shown = file.display().to_string();
            let text = std::fs::read_to_string(file)
                .map_err(|e| CrawlArgError::File(shown.clone(), e.to_string()))?;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            Some(
                CookieJar::parse(&text, now).map_err(|e| CrawlArgError::Cookies {
                    file: shown,
                    reason: e.to_string(),
                })?,
            )
        }
    };
    let mut config = CrawlConfig::new(start);
    config.sitemap_targets = sitemap_targets;
    // Sitemaps and sitemap files list the pages to audit; links are followed
    // only from start pages the user named.
    config.follow_links = !args.no_crawl && !only_lists && web.sitemaps.is_empty();
    config.discover_sitemaps = config.follow_links;
    config.max_pages = args.max_pages.max(1);
    config.max_depth = args.depth;
    config.allow_hosts.clone_from(&args.allow_host);
    config.include.clone_from(&args.include);
    config.exclude.clone_from(&args.exclude);
    config.ignore_robots = args.ignore_robots;
    config.concurrency = args.concurrency.max(1);
    config.http = http;
    config.cookies = cookies;
    config.handle_interrupt = handle_interrupt;
    if let Some(pattern) = &args.login_pattern {
        config.login_pattern = regex::Regex::new(pattern)
            .map_err(|e| CrawlArgError::Option(format!("--login-pattern: {e}")))?;
    }
    Ok(Some(config))
}

/// Shows crawl progress on standard error: a bar on a terminal, a line every
/// few seconds and at each change of phase otherwise (CI logs show life),
/// nothing when quiet.
pub struct ProgressDisplay {
    bar: Option<indicatif::ProgressBar>,
    plain: bool,
    state: Mutex<PlainState>,
}

/// What the plain display remembers between calls.
struct PlainState {
    last_line: Instant,
    phase: Option<Phase>,
    current: String,
}

/// How often a plain progress line is written outside a terminal.
const PLAIN_EVERY: Duration = Duration::from_secs(5);

impl ProgressDisplay {
    /// A display suited to where standard error goes.
    #[must_use]
    pub fn new(quiet: bool) -> Self {
        let terminal = std::io::stderr().is_terminal();
        let bar = (!quiet && terminal).then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Self {
            bar,
            plain: !quiet && !terminal,
            state: Mutex::new(PlainState {
                last_line: Instant::now(),
                phase: None,
                current: String::new(),
            }),
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// One progress line: the phase, pages checked out of the most there can be,
/// the counts, and the page being fetched.
fn describe(p: &Progress, current: &str) -> String {
    let secs = p.elapsed.as_secs_f64().max(0.001);
    #[allow(clippy::cast_precision_loss)] // page counts are small
    let rate = p.fetched as f64 / secs;
    let mut line = format!(
        "{}: {} of at most {} pages checked, {} found, {} fetched, {} {} ({rate:.1} pages/s)",
        p.phase.words(),
        p.checked,
        p.limit,
        p.found,
        p.fetched,
        p.errors,
        if p.errors == 1 { "error" } else { "errors" }
    );
    if p.phase == Phase::Pages && !current.is_empty() {
        line.push_str(", now ");
        line.push_str(&crate::page::truncate_chars(current, 80));
    }
    line
}

impl Observer for ProgressDisplay {
    fn progress(&self, progress: &Progress) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        if let Some(bar) = &self.bar {
            bar.set_message(describe(progress, &state.current));
        } else if self.plain {
            let new_phase = state.phase != Some(progress.phase);
            if new_phase || state.last_line.elapsed() >= PLAIN_EVERY {
                state.last_line = Instant::now();
                state.phase = Some(progress.phase);
                eprintln!("carelint: {}", describe(progress, &state.current));
            }
        }
    }

    fn visiting(&self, url: &str) {
        if let Ok(mut state) = self.state.lock() {
            url.clone_into(&mut state.current);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn header_values_come_from_the_environment_and_stay_secret() {
        let (name, value) = parse_header("Authorization: Bearer abc123").unwrap();
        assert_eq!(name.as_str(), "authorization");
        assert!(value.is_sensitive());
        let err = parse_header("X-Token: env:CARELINT_TEST_UNSET_VARIABLE_42").unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("CARELINT_TEST_UNSET_VARIABLE_42 is not set"),
            "{text}"
        );
        let err = parse_header("Bad Name: secret-value").unwrap_err();
        assert!(!err.to_string().contains("secret-value"));
        let err = parse_header("secret-token-without-colon").unwrap_err();
        assert!(!err.to_string().contains("secret-token"));
    }
}
