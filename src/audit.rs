//! The audit engine: runs the selected rules over every page of every site.
//!
//! Pages are independent, so they are parsed and checked in parallel, each inside
//! one worker (scraper's DOM cannot cross threads); a worker sends back only plain
//! data: the page's row, its findings and the small facts site checks need. The
//! result is sorted, so it is identical however many threads ran.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::catalogue::{Catalogue, Rule};
use crate::checks::{Check, Emitter, Fact, SiteEmitter, SiteView};
use crate::crawl::{
    self, Analysed, Analyser, CrawlConfig, CrawlError, CrawlSummary, FetchedPage, Observer,
    PageFetch,
};
use crate::finding::{Finding, Suppressed};
use crate::input::{PageInput, PageSource, SiteInput};
use crate::page::{Limits, Page, PageLinks};
use crate::policy::Policy;
use crate::prose;
use crate::readability::Profile;
use crate::stylesheets::{ArchivedSheets, Attach, Fetch, LocalFiles, Location, Sheets};
use crate::weight::{self, PageWeight};

mod rendered;

// The findings cap is defined with the report model, which reporters read.
pub use crate::report::model::{
    AuditReport, AuditScope, BySeverity, GuideRef, MAX_FINDINGS_PER_RULE, PageInfo, RuleSelection,
    Summary, Tool,
};
pub use crate::selection::{UnknownRule, find_rule, select_rules};

/// Rows and runs that need the engine: a crawled page's row, and the rules
/// a report's recorded selection ran.
impl PageInfo {
    /// A row for a crawled page, from how it was fetched.
    #[must_use]
    pub fn from_fetch(fetch: &PageFetch) -> Self {
        let mut info = Self::new(fetch.url.clone());
        info.status = fetch.status;
        info.error = fetch
            .error
            .clone()
            .or_else(|| fetch.skipped.as_ref().map(|s| format!("not checked: {s}")));
        info.skipped.clone_from(&fetch.skipped);
        info.bytes = fetch.bytes;
        info.final_url.clone_from(&fetch.final_url);
        info.redirects.clone_from(&fetch.redirects);
        info.content_type.clone_from(&fetch.content_type);
        info.time_ms = fetch.time_ms;
        info.depth = Some(fetch.depth);
        info.found_on.clone_from(&fetch.found_on);
        info
    }
}

/// How to run an audit.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// Resource limits per page.
    pub limits: Limits,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// How `pages[].readability` is counted. Rules always use the health
    /// profile, whose thresholds they were set for.
    pub profile: Profile,
    /// Where to keep each page's bytes as evidence (`--archive`).
    pub archive: Option<std::sync::Arc<crate::archive::Archive>>,
    /// Most findings listed for one rule on one page; the rest are counted in
    /// `findings_not_listed`. 0 lists them all.
    pub max_findings_per_rule: usize,
    /// Soft time limit for checking one page. Between rules, a page that has
    /// taken longer stops being checked and is reported as not fully checked.
    /// A rule that has started is never interrupted (threads cannot be safely
    /// killed); the page limits bound how long one rule can take. `None` for
    /// no limit.
    pub page_time: Option<Duration>,
    /// When the audit started, in seconds since 1970-01-01 UTC: read once
    /// (from `SOURCE_DATE_EPOCH` when set), so every check of the run sees
    /// the same day.
    pub started: i64,
    /// The configuration file's levels and ignores, applied by the findings
    /// policy (see [`crate::policy`]).
    pub config: Option<std::sync::Arc<crate::config::Config>>,
    /// The baseline the findings are compared with.
    pub baseline: Option<std::sync::Arc<crate::baseline::Baseline>>,
    /// With `--render`: the browser that loads each page, whose DOM is
    /// audited in place of the bytes as read or fetched.
    pub render: Option<std::sync::Arc<crate::render::Renderer>>,
}

/// Time one page may take to check unless told otherwise.
pub const PAGE_TIME: Duration = Duration::from_secs(10);

impl Default for AuditOptions {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            threads: 0,
            profile: Profile::default(),
            max_findings_per_rule: MAX_FINDINGS_PER_RULE,
            page_time: Some(PAGE_TIME),
            archive: None,
            started: crate::clock::now(),
            config: None,
            baseline: None,
            render: None,
        }
    }
}

/// Adds a problem for each rule name in the page's suppression comments
/// that matches no rule, section or `all` (such a comment suppresses nothing
/// for that name), with a "did you mean".
fn unknown_suppression_names(page: &mut PageInfo, catalogue: &Catalogue) {
    let names = std::mem::take(&mut page.suppression_names);
    if names.is_empty() {
        return;
    }
    let mut known: Vec<&str> = vec!["all"];
    for rule in catalogue.rules() {
        known.push(&rule.id);
        let (slug, short) = rule.id.split_once('/').unwrap_or(("", &rule.id));
        known.extend([slug, short, rule.section.as_str()]);
    }
    known.sort_unstable();
    known.dedup();
    let mut problems = Vec::new();
    for (line, name) in names {
        if known.iter().any(|k| k.eq_ignore_ascii_case(&name)) {
            continue;
        }
        let help = crate::wording::closest(&name, known.iter().copied())
            .map_or_else(String::new, |c| format!("; did you mean `{c}`?"));
        problems.push((
            line,
            format!(
                "line {line}: no rule or section is called `{name}`, so it suppresses nothing{help}"
            ),
        ));
    }
    if problems.is_empty() {
        return;
    }
    let line_of = |p: &str| -> u32 {
        p.strip_prefix("line ")
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let mut all: Vec<(u32, String)> = std::mem::take(&mut page.suppression_problems)
        .into_iter()
        .map(|p| (line_of(&p), p))
        .collect();
    all.extend(problems);
    // Stable: problems on one line keep the order they were found in.
    all.sort_by_key(|(line, _)| *line);
    page.suppression_problems = all.into_iter().map(|(_, p)| p).collect();
}

/// A page's key and the facts its site rules collected.
type PageFacts = (String, Vec<(usize, Fact)>);

/// What one worker sends back for one page: plain data, no DOM.
#[derive(Debug)]
pub struct PageOutcome {
    info: PageInfo,
    findings: Vec<Finding>,
    suppressed: Vec<Suppressed>,
    /// (index into the selected rules, fact) for each site rule.
    facts: Vec<(usize, Fact)>,
}

impl PageOutcome {
    /// A page that was not checked: its row, and nothing found on it.
    fn unchecked(info: PageInfo) -> Self {
        Self {
            info,
            findings: Vec::new(),
            suppressed: Vec::new(),
            facts: Vec::new(),
        }
    }
}

fn load(input: &PageInput) -> Result<Vec<u8>, String> {
    match &input.source {
        PageSource::Bytes(bytes) => Ok(bytes.clone()),
        PageSource::File(path) => {
            std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))
        }
    }
}

/// Parses and checks one page. Never panics on bad input: a page that cannot be
/// checked comes back with its `error` set and no findings. The page's links come
/// back too, for the crawler. `in_site` is false for a single file, whose
/// whole-site checks never run, so their facts are not collected.
fn analyse(
    mut info: PageInfo,
    bytes: &[u8],
    charset: Option<&str>,
    sheets: Option<(&dyn Attach, Location)>,
    rules: &[&Rule],
    in_site: bool,
    options: &AuditOptions,
) -> (PageOutcome, PageLinks) {
    let (limits, profile) = (options.limits, options.profile);
    let mut findings = Vec::new();
    let mut suppressed = Vec::new();
    let mut facts = Vec::new();
    info.bytes = Some(bytes.len() as u64);
    // Kept before parsing, so a page that cannot be parsed is evidence too.
    // A rendered page's caller keeps its source and snapshot together.
    if let Some(archive) = &options.archive
        && !info.rendered
    {
        archive.store(&info.url, bytes);
    }
    let mut page = match Page::from_bytes(info.url.clone(), bytes, charset, limits) {
        Ok(p) => p,
        Err(e) => {
            info.error = Some(e.to_string());
            let outcome = PageOutcome {
                info,
                findings,
                suppressed,
                facts,
            };
            return (outcome, PageLinks::default());
        }
    };
    if let Some((sheets, at)) = sheets {
        sheets.attach(&mut page, &at);
    }
    info.title = page.title();
    info.lang = page.lang().map(str::to_owned);
    info.encoding = Some(page.encoding().to_owned());
    info.readability = prose::page_readability(&page, profile, prose::MIN_WORDS);
    let links = page.links();
    info.canonical.clone_from(&links.canonical);
    let started = Instant::now();
    for (index, rule) in rules.iter().enumerate() {
        if let Some(limit) = options.page_time
            && started.elapsed() > limit
        {
            // Checked is better than half-checked and silent: say so, keep
            // what was found, and give the site checks no partial facts.
            info.error = Some(format!(
                "not fully checked: checking took longer than {} s, so it stopped after {index} of {} rules",
                limit.as_secs_f64(),
                rules.len()
            ));
            facts.clear();
            break;
        }
        match rule.check() {
            Check::Page(check) => {
                let mut out = Emitter {
                    rule,
                    page: &page,
                    findings: &mut findings,
                    suppressed: &mut suppressed,
                    today: crate::clock::date_of(options.started),
                };
                check.check(&page, &mut out);
            }
            Check::Site(check) if in_site || !check.whole_site() => {
                facts.push((index, check.collect(&page)));
            }
            Check::Site(_) => {}
        }
    }
    info.suppression_problems
        .clone_from(&page.suppressions().problems);
    info.suppression_names
        .clone_from(&page.suppressions().names);
    let outcome = PageOutcome {
        info,
        findings,
        suppressed,
        facts,
    };
    (outcome, links)
}

/// Gathers page outcomes and turns them into a report.
struct Collector {
    pages: Vec<PageInfo>,
    findings: Vec<Finding>,
    suppressed: Vec<Suppressed>,
    /// Per site: its target, whether site checks apply, and its pages' facts.
    sites: Vec<(String, bool, Vec<PageFacts>)>,
    crawl: Option<CrawlSummary>,
    policy: Policy,
    started: i64,
}

impl Collector {
    fn new(options: &AuditOptions) -> Self {
        Self {
            pages: Vec::new(),
            findings: Vec::new(),
            suppressed: Vec::new(),
            sites: Vec::new(),
            crawl: None,
            policy: Policy {
                config: options.config.clone(),
                baseline: options.baseline.clone(),
                max_findings_per_rule: options.max_findings_per_rule,
            },
            started: options.started,
        }
    }

    fn add_site(&mut self, target: &str, is_site: bool) -> usize {
        self.sites.push((target.to_owned(), is_site, Vec::new()));
        self.sites.len() - 1
    }

    fn add(&mut self, site: usize, outcome: PageOutcome) {
        self.findings.extend(outcome.findings);
        self.suppressed.extend(outcome.suppressed);
        if outcome.info.error.is_none()
            && let Some(entry) = self.sites.get_mut(site)
        {
            entry.2.push((outcome.info.url.clone(), outcome.facts));
        }
        self.pages.push(outcome.info);
    }

    fn finish(mut self, catalogue: &Catalogue, rules: &[&Rule]) -> AuditReport {
        for page in &mut self.pages {
            unknown_suppression_names(page, catalogue);
        }
        let weights: HashMap<&str, &PageWeight> = self
            .pages
            .iter()
            .filter_map(|p| Some((p.url.as_str(), p.weight.as_ref()?)))
            .collect();
        for (target, is_site, facts) in &self.sites {
            for (index, rule) in rules.iter().enumerate() {
                let Check::Site(check) = rule.check() else {
                    continue;
                };
                if !is_site && check.whole_site() {
                    continue;
                }
                let view = SiteView {
                    weights: &weights,
                    target,
                    pages: facts
                        .iter()
                        .filter_map(|(key, f)| {
                            f.iter()
                                .find(|(i, _)| *i == index)
                                .map(|(_, fact)| (key.as_str(), fact.as_ref()))
                        })
                        .collect(),
                };
                let mut out = SiteEmitter {
                    rule,
                    findings: &mut self.findings,
                    suppressed: &mut self.suppressed,
                };
                check.check(&view, &mut out);
            }
        }
        self.pages.sort_by(|a, b| a.url.cmp(&b.url));
        // The one place findings are changed, dropped or counted after the
        // checks: see `policy`.
        let today = crate::clock::date_of(self.started).iso();
        let settled = self.policy.settle(
            std::mem::take(&mut self.findings),
            std::mem::take(&mut self.suppressed),
            &mut self.pages,
            &today,
        );
        // A fixed time (SOURCE_DATE_EPOCH) asks for the same bytes from the
        // same pages: fetch times would differ from run to run.
        let fixed = crate::clock::fixed();
        if fixed.is_some() {
            for page in &mut self.pages {
                page.time_ms = None;
            }
            if let Some(crawl) = &mut self.crawl {
                crawl.seconds = 0.0;
            }
        }
        let finished = fixed.unwrap_or_else(crate::clock::now).max(self.started);
        AuditReport {
            schema_version: 1,
            tool: Tool {
                name: "carelint".to_owned(),
                version: env!("CARGO_PKG_VERSION").to_owned(),
            },
            guide: GuideRef {
                version: catalogue.guide.version.clone(),
            },
            targets: self.sites.into_iter().map(|s| s.0).collect(),
            pages: self.pages,
            started: Some(crate::clock::timestamp(self.started)),
            finished: Some(crate::clock::timestamp(finished)),
            findings: settled.findings,
            not_listed: settled.not_listed,
            summary: settled.summary,
            crawl: self.crawl,
            suppressed: settled.suppressed,
            baseline_comparison: settled.comparison,
            scope: None,
            selection: None,
        }
    }
}

fn thread_pool(threads: usize) -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .ok()
}

/// Audits every page of local sites (files, directories, stdin) with the given
/// rules.
#[must_use]
pub fn run(
    sites: &[SiteInput],
    catalogue: &Catalogue,
    rules: &[&Rule],
    options: &AuditOptions,
) -> AuditReport {
    let mut collector = Collector::new(options);
    audit_local(&mut collector, sites, rules, options);
    collector.finish(catalogue, rules)
}

fn audit_local(
    collector: &mut Collector,
    sites: &[SiteInput],
    rules: &[&Rule],
    options: &AuditOptions,
) {
    let first_site = collector.sites.len();
    for site in sites {
        collector.add_site(&site.target, site.is_site);
    }
    // Root-relative paths (`/css/site.css`) start at the folder the user named,
    // or at a single file's own folder.
    let roots: Vec<PathBuf> = sites
        .iter()
        .map(|s| {
            let target = Path::new(&s.target);
            if target.is_dir() {
                target.to_path_buf()
            } else {
                target.parent().map(Path::to_path_buf).unwrap_or_default()
            }
        })
        .collect();
    // Each site's own style sheets, each file read once however many pages
    // link it: the folder's files, or the sheets an archive kept.
    let sheets: Vec<SiteSheets> = sites
        .iter()
        .zip(&roots)
        .map(|(site, root)| SiteSheets::new(site, root))
        .collect();
    let work: Vec<(usize, bool, &Path, &PageInput)> = sites
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            let root = roots[i].as_path();
            s.pages
                .iter()
                .map(move |p| (first_site + i, s.is_site, root, p))
        })
        .collect();
    let audit_all = || -> Vec<(usize, PageOutcome)> {
        work.par_iter()
            .map(|(site, in_site, root, input)| {
                let info = PageInfo::new(input.key.clone());
                let outcome = match load(input) {
                    Ok(bytes) => match crate::page::sniff::not_html(&input.key, &bytes) {
                        // A stylesheet or text file among the targets is left
                        // out with a note, never checked as a page.
                        Some(what) => {
                            let mut info = info;
                            let reason = format!("not an HTML page ({what})");
                            info.bytes = Some(bytes.len() as u64);
                            info.error = Some(format!("not checked: {reason}"));
                            info.skipped = Some(reason);
                            PageOutcome::unchecked(info)
                        }
                        None => {
                            let site_sheets = sheets[*site - first_site].place(input);
                            let (mut outcome, links) = match &options.render {
                                Some(renderer) => rendered::analyse_local(
                                    renderer,
                                    info,
                                    input,
                                    &bytes,
                                    rendered::PagePlace(site_sheets, *in_site),
                                    rules,
                                    options,
                                ),
                                None => analyse(
                                    info,
                                    &bytes,
                                    None,
                                    site_sheets,
                                    rules,
                                    *in_site,
                                    options,
                                ),
                            };
                            if let PageSource::File(path) = &input.source
                                && outcome.info.error.is_none()
                            {
                                let sizes = weight::measure_local(root, path, &links.resources);
                                outcome.info.weight =
                                    Some(PageWeight::new(bytes.len() as u64, sizes));
                            }
                            outcome
                        }
                    },
                    Err(e) => {
                        let mut info = info;
                        info.error = Some(e);
                        PageOutcome::unchecked(info)
                    }
                };
                (*site, outcome)
            })
            .collect()
    };
    let outcomes = match thread_pool(options.threads) {
        Some(pool) => pool.install(audit_all),
        None => audit_all(),
    };
    for (site, outcome) in outcomes {
        collector.add(site, outcome);
    }
}

/// Where a local site's pages get their style sheets.
enum SiteSheets {
    /// Files beside the pages, within the folder named.
    Files(Sheets<LocalFiles>),
    /// An `--archive` folder of a crawl: the sheets it kept, by URL.
    Archived(Sheets<ArchivedSheets>),
}

impl SiteSheets {
    fn new(site: &SiteInput, root: &Path) -> Self {
        let target = Path::new(&site.target);
        let kept = if target.is_dir() {
            crate::archive::read_sheets(target)
        } else {
            HashMap::new()
        };
        if kept.is_empty() {
            Self::Files(Sheets::new(LocalFiles {
                root: root.to_path_buf(),
            }))
        } else {
            Self::Archived(Sheets::new(ArchivedSheets { files: kept }))
        }
    }

    /// The sheets for a page, and where the page is; `None` for standard
    /// input, which is nowhere.
    fn place(&self, input: &PageInput) -> Option<(&dyn Attach, Location)> {
        match (self, &input.source) {
            (Self::Files(sheets), PageSource::File(path)) => {
                Some((sheets as &dyn Attach, Location::File(path.clone())))
            }
            // An archived page is known by the URL it was fetched from.
            (Self::Archived(sheets), PageSource::File(_)) => url::Url::parse(&input.key)
                .ok()
                .map(|url| (sheets as &dyn Attach, Location::Web(url))),
            (_, PageSource::Bytes(_)) => None,
        }
    }
}

/// Audits one page given as bytes on the calling thread, site checks
/// included, without a thread pool. For fuzzing and regression tests: the
/// same path a real audit takes, minus file reading and threads.
#[must_use]
pub fn run_one_page(
    key: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
    rules: &[&Rule],
    options: &AuditOptions,
) -> AuditReport {
    let mut collector = Collector::new(options);
    let site = collector.add_site(key, true);
    let (outcome, _links) = analyse(PageInfo::new(key), bytes, None, None, rules, true, options);
    collector.add(site, outcome);
    collector.finish(catalogue, rules)
}

/// Hands crawled pages to the worker pool.
struct PoolAnalyser<'s, 'r> {
    scope: &'s rayon::Scope<'r>,
    rules: &'r [&'r Rule],
    options: AuditOptions,
    /// The crawl's style sheets, kept by the workers too, so a sheet every
    /// page links is folded once; made when the first page comes.
    sheets: Arc<OnceLock<Sheets<CrawlSheets>>>,
}

/// Same-site style sheets through the crawl (which applies the scope and
/// robots.txt, and fetches each once), kept in the `--archive` folder if
/// there is one.
struct CrawlSheets(crawl::SheetRequester, Option<Arc<crate::archive::Archive>>);

impl Fetch for CrawlSheets {
    fn resolve(&self, from: &Location, href: &str) -> Option<Location> {
        let Location::Web(from) = from else {
            return None;
        };
        let url = from.join(href).ok()?;
        matches!(url.scheme(), "http" | "https").then_some(Location::Web(url))
    }

    fn fetch(&self, at: &Location) -> Option<Vec<u8>> {
        let Location::Web(url) = at else {
            return None;
        };
        let bytes = self.0.fetch(url)?;
        if let Some(archive) = &self.1 {
            archive.store_sheet(url.as_str(), &bytes);
        }
        Some(bytes.to_vec())
    }
}

impl Analyser for PoolAnalyser<'_, '_> {
    type Output = PageOutcome;

    fn submit(
        &self,
        page: FetchedPage,
        done: tokio::sync::mpsc::UnboundedSender<Analysed<PageOutcome>>,
    ) {
        let rules = self.rules;
        let options = self.options.clone();
        let sheets = Arc::clone(&self.sheets);
        self.scope.spawn(move |_| {
            let info = PageInfo::from_fetch(&page.fetch);
            let sheets = sheets.get_or_init(|| {
                Sheets::new(CrawlSheets(page.sheets.clone(), options.archive.clone()))
            });
            // Relative hrefs resolve against where the page ended up.
            let at = url::Url::parse(page.fetch.final_url.as_deref().unwrap_or(&page.fetch.url))
                .ok()
                .map(|url| (sheets as &dyn Attach, Location::Web(url)));
            let (outcome, links) = match &options.render {
                Some(renderer) => {
                    rendered::analyse_fetched(renderer, info, &page, at, rules, &options)
                }
                None => analyse(
                    info,
                    &page.body,
                    page.charset.as_deref(),
                    at,
                    rules,
                    true,
                    &options,
                ),
            };
            // The receiver only goes away if the crawl has already failed.
            let _ = done.send(Analysed {
                id: page.id,
                links,
                output: outcome,
            });
        });
    }
}

/// Audits local sites and, when `crawl` is given, a live site crawled from
/// `crawl_target`'s start URLs, into one report.
///
/// # Errors
/// [`CrawlError`] when the crawl cannot start or reaches no page.
pub fn run_with_crawl<'r>(
    sites: &[SiteInput],
    crawl: Option<(&str, &CrawlConfig)>,
    catalogue: &Catalogue,
    rules: &'r [&'r Rule],
    options: &AuditOptions,
    observer: &(dyn Observer + Sync),
) -> Result<AuditReport, CrawlError> {
    let mut collector = Collector::new(options);
    audit_local(&mut collector, sites, rules, options);
    if let Some((target, config)) = crawl {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| CrawlError::Setup(e.to_string()))?;
        let mut page_options = options.clone();
        page_options.limits.max_bytes = config.http.max_body.max(options.limits.max_bytes);
        let crawl_all = |scope: &rayon::Scope<'r>| {
            let analyser = PoolAnalyser {
                scope,
                rules,
                options: page_options.clone(),
                sheets: Arc::new(OnceLock::new()),
            };
            runtime.block_on(crawl::crawl(config, &analyser, observer))
        };
        let outcome = match thread_pool(options.threads) {
            Some(pool) => pool.in_place_scope(crawl_all),
            None => rayon::in_place_scope(crawl_all),
        }?;
        let site = collector.add_site(target, true);
        for page in outcome.pages {
            let mut result = page
                .output
                .unwrap_or_else(|| PageOutcome::unchecked(PageInfo::from_fetch(&page.fetch)));
            if result.info.error.is_none()
                && let Some(html) = result.info.bytes
            {
                result.info.weight = Some(PageWeight::new(html, page.resources));
            }
            collector.add(site, result);
        }
        collector.crawl = Some(outcome.summary);
    }
    Ok(collector.finish(catalogue, rules))
}
