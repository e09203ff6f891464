//! Reporters: one file per output format, each reading only the audit report
//! (findings and page facts), the rule catalogue and the guide.
//!
//! Every format is derived from the one [`AuditReport`], so a saved JSON report
//! can be rendered again later. Machine formats are deterministic: they follow
//! the report's sorted order and carry no timestamps.

pub mod compact;
pub mod csv;
pub mod diff;
pub mod earl;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod model;
pub mod sarif;
pub mod text;
pub mod verdict;

use std::path::{Path, PathBuf};

use crate::catalogue::Catalogue;
use crate::finding::{Confidence, Finding, Severity};
use crate::report::model::AuditReport;

/// An output format for `carelint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable terminal output.
    Text,
    /// The JSON report of CONTRACT.md.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML, for GitLab, Jenkins and other test report viewers.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// A short Markdown summary for pull-request comments and job summaries.
    Md,
    /// One CSV row per finding, for spreadsheets.
    Csv,
    /// A self-contained HTML report for people: verdicts, top issues, method.
    Html,
    /// EARL JSON-LD, for the WCAG-EM Report Tool.
    Earl,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// One line per finding, for terminals and editors.
    Compact,
}

impl Format {
    /// Every format name, for error messages.
    pub const NAMES: &'static [&'static str] = &[
        "text", "json", "sarif", "junit", "gitlab", "md", "csv", "html", "earl", "github",
        "compact",
    ];

    /// The format's name, as written after `-f`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Json => "json",
            Self::Sarif => "sarif",
            Self::Junit => "junit",
            Self::Gitlab => "gitlab",
            Self::Md => "md",
            Self::Csv => "csv",
            Self::Html => "html",
            Self::Earl => "earl",
            Self::Github => "github",
            Self::Compact => "compact",
        }
    }

    /// Parses a format name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "text" => Some(Self::Text),
            "json" => Some(Self::Json),
            "sarif" => Some(Self::Sarif),
            "junit" => Some(Self::Junit),
            "gitlab" => Some(Self::Gitlab),
            "md" => Some(Self::Md),
            "csv" => Some(Self::Csv),
            "html" => Some(Self::Html),
            "earl" => Some(Self::Earl),
            "github" => Some(Self::Github),
            "compact" => Some(Self::Compact),
            _ => None,
        }
    }
}

/// One `[sarif] url_map` entry: crawled pages whose URL path matches `pages`
/// (a glob such as `/appointments/**`) are reported against the source file
/// `file`. In `file`, `{path}` is replaced by the URL path without its leading
/// slash and `{host}` by the host, so one entry can map a whole static site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlMapEntry {
    /// Glob on the URL path.
    pub pages: String,
    /// Repository-relative file, or a template of one.
    pub file: String,
}

/// Who the HTML report is for: it changes wording and depth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Audience {
    /// Champions and residents: short sentences, no markup detail.
    #[default]
    Public,
    /// Auditors and commissioners: adds the per-criterion table and evidence.
    Auditor,
    /// Developers and suppliers: leads with the issues, selectors and fixes.
    Developer,
}

impl Audience {
    /// The name used on the command line.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Auditor => "auditor",
            Self::Developer => "developer",
        }
    }
}

/// What the HTML report's method box says about how pages were chosen and
/// fetched: the audit's own scope, kept in its report.
pub use crate::report::model::AuditScope as ScopeNote;

/// Options shared by reporters.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Use colour and Unicode in text output.
    pub color: bool,
    /// Terminal width for wrapping text output.
    pub width: usize,
    /// The lowest severity that fails the run (`--fail-on`); `None` for never.
    /// The Markdown verdict follows it.
    pub fail_on: Option<Severity>,
    /// The directory file paths are made relative to (the current directory),
    /// so SARIF and GitLab paths match the repository's files.
    pub base_dir: Option<PathBuf>,
    /// Maps crawled page URLs to source files, first match wins.
    pub sarif_url_map: Vec<UrlMapEntry>,
    /// Who the HTML report is for.
    pub audience: Audience,
    /// The audit date (`YYYY-MM-DD`) for the HTML report's method box; the
    /// CLI takes it from the report's `started` time (so a report made again
    /// from an old audit shows that audit's day), tests fix it.
    pub date: Option<String>,
    /// Scope and sign-in facts for the HTML report's method box.
    pub scope: ScopeNote,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
            fail_on: Some(Severity::Error),
            base_dir: None,
            sarif_url_map: Vec::new(),
            audience: Audience::Public,
            date: None,
            scope: ScopeNote::default(),
        }
    }
}

/// Renders a report in a format.
///
/// # Errors
/// Returns an error only if serialisation fails, which would be a bug.
pub fn render(
    format: Format,
    report: &AuditReport,
    catalogue: &Catalogue,
    options: &RenderOptions,
) -> Result<String, serde_json::Error> {
    match format {
        Format::Text => Ok(text::render(report, &catalogue.guide, options)),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report, catalogue, options),
        Format::Junit => Ok(junit::render(report, catalogue, options)),
        Format::Gitlab => gitlab::render(report, options),
        Format::Md => Ok(markdown::render(report, catalogue, options)),
        Format::Csv => Ok(csv::render(report)),
        Format::Html => Ok(html::render(report, catalogue, options)),
        Format::Earl => earl::render(report, catalogue),
        Format::Github => Ok(github::render(report, options)),
        Format::Compact => Ok(compact::render(report, options)),
    }
}

/// Where a finding is, as CI tools want it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place {
    /// A file in the repository, with a 1-based line and column.
    File {
        /// Forward-slash path relative to the base directory.
        path: String,
        /// 1-based line.
        line: u32,
        /// 1-based column, when the position is in this file.
        column: Option<u32>,
    },
    /// Something with no file: a crawled page no map entry matched, or a
    /// whole site.
    Logical {
        /// The URL or target.
        name: String,
    },
}

pub(crate) use model::is_url;

/// "12 findings: 3 errors, 8 warnings, 1 info", for the summaries of the
/// HTML and Markdown reports.
pub(crate) fn counts(s: &model::Summary) -> String {
    use crate::wording::s as plural;
    format!(
        "{} finding{}: {} error{}, {} warning{}, {} info",
        s.findings,
        plural(s.findings),
        s.by_severity.error,
        plural(s.by_severity.error),
        s.by_severity.warning,
        plural(s.by_severity.warning),
        s.by_severity.info,
    )
}

/// Finds where findings are reported: the local file (relative to the base
/// directory), the mapped source file of a crawled page, or a logical place.
/// The url_map globs are compiled once per render, not once per finding.
pub(crate) struct Places<'o> {
    options: &'o RenderOptions,
    map: Vec<(globset::GlobMatcher, &'o str)>,
}

impl<'o> Places<'o> {
    /// Compiles the url_map; an entry whose glob does not compile matches
    /// nothing (the config loader reports bad globs to the user).
    pub(crate) fn new(options: &'o RenderOptions) -> Self {
        let map = options
            .sarif_url_map
            .iter()
            .filter_map(|entry| {
                let glob = globset::GlobBuilder::new(&entry.pages)
                    .literal_separator(true)
                    .build()
                    .ok()?;
                Some((glob.compile_matcher(), entry.file.as_str()))
            })
            .collect();
        Self { options, map }
    }

    /// Where this finding is reported.
    pub(crate) fn of(&self, finding: &Finding) -> Place {
        if is_url(&finding.page) {
            if let Some(file) = self.map_url(&finding.page) {
                // The page's line numbers are positions in the served HTML, not
                // in the template, so the mapped file gets line 1.
                return Place::File {
                    path: file,
                    line: 1,
                    column: None,
                };
            }
            return Place::Logical {
                name: finding.page.clone(),
            };
        }
        // Site findings (no line) are about a whole target such as a directory.
        let Some(line) = finding.line else {
            return Place::Logical {
                name: finding.page.clone(),
            };
        };
        if finding.page == "-" {
            return Place::Logical {
                name: "standard input".to_owned(),
            };
        }
        Place::File {
            path: relative_path(&finding.page, self.options.base_dir.as_deref()),
            line,
            column: finding.column,
        }
    }

    /// The source file a crawled URL maps to, if an entry matches its path.
    fn map_url(&self, page: &str) -> Option<String> {
        if self.map.is_empty() {
            return None;
        }
        let url = url::Url::parse(page).ok()?;
        let path = url.path();
        self.map
            .iter()
            .find(|(glob, _)| glob.is_match(path))
            .map(|(_, file)| {
                file.replace("{path}", path.trim_start_matches('/'))
                    .replace("{host}", url.host_str().unwrap_or(""))
            })
    }
}

/// The page path relative to `base` when it lies below it, with forward
/// slashes and no leading `./`.
fn relative_path(page: &str, base: Option<&Path>) -> String {
    let path = Path::new(page);
    let relative = match base {
        Some(base) if path.is_absolute() => path.strip_prefix(base).unwrap_or(path),
        _ => path,
    };
    let text = relative.to_string_lossy().replace('\\', "/");
    text.trim_start_matches("./").to_owned()
}

/// A finding's severity as a SARIF level; review findings go one step down,
/// since a person must confirm them and they never fail the gate by default.
pub(crate) fn sarif_level(severity: Severity, confidence: Confidence) -> &'static str {
    match (severity, confidence) {
        (Severity::Error, Confidence::Certain) => "error",
        (Severity::Error, Confidence::Review) | (Severity::Warning, Confidence::Certain) => {
            "warning"
        }
        _ => "note",
    }
}

/// The GitHub anchor of a guide section's heading in GUIDE.md (`## G4 Everyone
/// can use it` becomes `g4-everyone-can-use-it`).
pub(crate) fn guide_anchor(section_id: &str, title: &str) -> String {
    let mut anchor = String::new();
    for c in format!("{section_id} {title}").chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            anchor.extend(c.to_lowercase());
        } else if c == ' ' {
            anchor.push('-');
        }
    }
    anchor
}

/// Where a rule's guide section is explained online.
pub(crate) fn help_uri(catalogue: &Catalogue, section_id: &str) -> String {
    let title = catalogue
        .guide
        .section(section_id)
        .map_or("", |s| s.title.as_str());
    format!(
        "{}/blob/main/GUIDE.md#{}",
        env!("CARGO_PKG_REPOSITORY"),
        guide_anchor(section_id, title)
    )
}

/// Rule texts are wrapped in their TOML files; this joins the lines of each
/// paragraph back together, so viewers can wrap them to their own width.
pub(crate) fn unwrap_text(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|para| para.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|para| !para.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Fingerprints for every finding, in report order, made unique: two findings
/// that share rule, page, selector and snippet get `-2`, `-3`… in order, so
/// tools that merge equal fingerprints keep both.
pub(crate) fn unique_fingerprints(findings: &[Finding]) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    findings
        .iter()
        .map(|f| {
            let fp = f.stable_fingerprint();
            let n = seen.entry(fp.clone()).or_insert(0);
            *n += 1;
            if *n == 1 { fp } else { format!("{fp}-{n}") }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwraps_paragraphs() {
        assert_eq!(unwrap_text("one\ntwo\n\nthree\n"), "one two\n\nthree");
    }

    #[test]
    fn anchors_match_github_headings() {
        assert_eq!(
            guide_anchor("G4", "Everyone can use it"),
            "g4-everyone-can-use-it"
        );
        assert_eq!(
            guide_anchor("G10", "Easy Read and large print"),
            "g10-easy-read-and-large-print"
        );
    }

    #[test]
    fn url_map_first_match_wins_and_fills_the_template() {
        let sarif_url_map = vec![
            UrlMapEntry {
                pages: "/appointments/**".into(),
                file: "templates/appointments.html".into(),
            },
            UrlMapEntry {
                pages: "/**".into(),
                file: "site/{path}".into(),
            },
        ];
        let options = RenderOptions {
            sarif_url_map,
            ..RenderOptions::default()
        };
        let places = Places::new(&options);
        assert_eq!(
            places
                .map_url("https://gp.example/appointments/book")
                .as_deref(),
            Some("templates/appointments.html")
        );
        assert_eq!(
            places
                .map_url("https://gp.example/contact/index.html")
                .as_deref(),
            Some("site/contact/index.html")
        );
        let none = RenderOptions::default();
        assert_eq!(Places::new(&none).map_url("https://gp.example/x"), None);
    }

    #[test]
    fn paths_are_relative_with_forward_slashes() {
        let base = Path::new("/repo");
        assert_eq!(
            relative_path("/repo/site/index.html", Some(base)),
            "site/index.html"
        );
        assert_eq!(relative_path("./site/a.html", Some(base)), "site/a.html");
        assert_eq!(
            relative_path("/elsewhere/a.html", Some(base)),
            "/elsewhere/a.html"
        );
    }
}
