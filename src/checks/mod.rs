//! Check kinds: the code behind the rules.
//!
//! Each file here is one kind. A kind reads its parameters from a rule file's
//! `[check]` table once, when the rule loads, and then only matches. Page kinds
//! look at one [`Page`]; site kinds collect a small fact from every page and then
//! look at the facts of a whole site, so no DOM outlives its page.

mod languages;
mod pattern;

pub(crate) use pattern::Pattern;

use std::any::Any;
use std::collections::HashMap;
use std::fmt::Debug;

use ego_tree::NodeId;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::error::DataFileError;
use crate::finding::{Confidence, Excerpt, Finding, Severity, Suppressed};
use crate::page::{Page, Span, Suppression, truncate_chars};
use crate::rule::RuleInfo as Rule;
use crate::weight::PageWeight;

/// Registers every check kind once: the name rule files use, the module
/// (named after the kind) and type that implement it, and whether it judges
/// a page or a site. The `mod` lines, [`KINDS`] and [`build`] all come from
/// this one list, so a kind cannot be half added.
macro_rules! check_kinds {
    ($( $name:literal => $module:ident :: $ty:ident as $variant:ident ),* $(,)?) => {
        $( mod $module; )*

        /// Every check kind, by the name rule files use.
        pub const KINDS: &[&str] = &[ $( $name ),* ];

        /// Each kind's name beside its module's, so a test can hold them
        /// to the same word.
        #[cfg(test)]
        const KIND_MODULES: &[(&str, &str)] = &[ $( ($name, stringify!($module)) ),* ];

        /// Builds the check a rule file's `[check]` table asks for.
        pub(crate) fn build(kind: &str, source: &RuleSource<'_>) -> Result<Check, DataFileError> {
            $(
                if kind == $name {
                    return Ok(Check::$variant(Box::new($module::$ty::new(source)?)));
                }
            )*
            let at = source.text.find(&format!("\"{kind}\""));
            Err(DataFileError::at(
                source.path,
                source.text,
                at.map(|i| i..i + kind.len() + 2),
                format!("unknown check kind `{kind}`"),
            )
            .with_help(format!("known kinds: {}", KINDS.join(", "))))
        }
    };
}

check_kinds! {
    "acronym" => acronym::Acronym as Page,
    "alt-repeats-text" => alt_repeats_text::AltRepeatsText as Page,
    "aria-attribute" => aria_attribute::AriaAttribute as Page,
    "aria-reference" => aria_reference::AriaReference as Page,
    "aria-role" => aria_role::AriaRole as Page,
    "attribute-pattern" => attribute_pattern::AttributePattern as Page,
    "autocomplete-value" => autocomplete_value::AutocompleteValue as Page,
    "dense-numbers" => dense_numbers::DenseNumbers as Page,
    "document-links" => document_links::DocumentLinks as Page,
    "duplicate-id" => duplicate_id::DuplicateId as Page,
    "duplicate-value" => duplicate_value::DuplicateValue as Page,
    "element-context" => element_context::ElementContext as Page,
    "element-count" => element_count::ElementCount as Page,
    "endonym-without-lang" => endonym_without_lang::EndonymWithoutLang as Page,
    "heading-levels" => heading_levels::HeadingLevels as Page,
    "hidden-focusable" => hidden_focusable::HiddenFocusable as Page,
    "id-reference" => id_reference::IdReference as Page,
    "important-spacing" => important_spacing::ImportantSpacing as Page,
    "label-in-name" => label_in_name::LabelInName as Page,
    "lang-attribute" => lang_attribute::LangAttribute as Page,
    "link-destinations" => link_destinations::LinkDestinations as Page,
    "link-text" => link_text::LinkText as Page,
    "listed-text" => listed_text::ListedText as Page,
    "matching-element" => matching_element::MatchingElement as Page,
    "meta-refresh" => meta_refresh::MetaRefresh as Page,
    "missing-nearby-text" => missing_nearby_text::MissingNearbyText as Page,
    "missing-page-text" => missing_page_text::MissingPageText as Page,
    "orientation-lock" => orientation_lock::OrientationLock as Page,
    "page-missing-text" => page_missing_text::PageMissingText as Page,
    "page-weight" => page_weight::PageWeightCheck as Site,
    "phone-number" => phone_number::PhoneNumberCheck as Page,
    "phrase-without-nearby" => phrase_without_nearby::PhraseWithoutNearby as Page,
    "reading-level" => reading_level::ReadingLevel as Page,
    "repeated-attribute" => repeated_attribute::RepeatedAttribute as Page,
    "required-contents" => required_contents::RequiredContents as Page,
    "required-element" => required_element::RequiredElement as Page,
    "review-date" => review_date::ReviewDate as Page,
    "script-shell" => script_shell::ScriptShell as Page,
    "sentence-length" => sentence_length::SentenceLength as Page,
    "several-labels" => several_labels::SeveralLabels as Page,
    "site-duplicate-title" => site_duplicate_title::SiteDuplicateTitle as Site,
    "site-language-route" => site_language_route::SiteLanguageRoute as Site,
    "site-missing-link" => site_missing_link::SiteMissingLink as Site,
    "site-missing-page" => site_missing_page::SiteMissingPage as Site,
    "site-phrases" => site_phrases::SitePhrases as Site,
    "skip-link" => skip_link::SkipLink as Page,
    "table-structure" => table_structure::TableStructure as Page,
    "term-list" => term_list::TermList as Page,
    "text-contrast" => text_contrast::TextContrast as Page,
    "text-pattern" => text_pattern::TextPattern as Page,
    "transaction-without-route" => transaction_without_route::TransactionWithoutRoute as Page,
    "unexcused-element" => unexcused_element::UnexcusedElement as Page,
    "ungrouped-choices" => ungrouped_choices::UngroupedChoices as Page,
    "unlabelled-control" => unlabelled_control::UnlabelledControl as Page,
    "unmarked-script" => unmarked_script::UnmarkedScript as Page,
    "unnamed-element" => unnamed_element::UnnamedElement as Page,
    "viewport-zoom" => viewport_zoom::ViewportZoom as Page,
    "web-fonts" => web_fonts::WebFonts as Page,
}

/// A compiled check.
#[derive(Debug)]
pub(crate) enum Check {
    Page(Box<dyn PageCheck>),
    Site(Box<dyn SiteCheck>),
}

/// A check that looks at one page.
pub(crate) trait PageCheck: Send + Sync + Debug {
    fn check(&self, page: &Page, out: &mut Emitter<'_>);
}

/// A per-page fact a site check keeps.
pub(crate) type Fact = Box<dyn Any + Send>;

/// A check that looks at a whole site.
pub(crate) trait SiteCheck: Send + Sync + Debug {
    /// The small fact this check needs from one page.
    fn collect(&self, page: &Page) -> Fact;
    /// Whether the check needs a whole site (a folder or a crawl). Checks that
    /// judge each page from facts only the input side knows (page weight) also
    /// run on a single file.
    fn whole_site(&self) -> bool {
        true
    }
    /// Looks at the facts of every page of a site.
    fn check(&self, site: &SiteView<'_>, out: &mut SiteEmitter<'_>);
}

/// The rule file a check kind is built from.
pub(crate) struct RuleSource<'a> {
    pub(crate) path: &'a str,
    pub(crate) text: &'a str,
    /// Whether regular expressions may wait until a page needs them. Only for
    /// the embedded rules, whose patterns a test compiles; a user's rule
    /// parameters are compiled at once, so a bad pattern is an error at load.
    pub(crate) lazy: bool,
    /// The file's `[check]` table when the catalogue has parsed the file
    /// already, so it is not parsed again; `None` parses `text`.
    pub(crate) check: Option<&'a Spanned<toml::de::DeValue<'a>>>,
}

/// The `[check]` table of a rule file, parsed with its spans.
pub(crate) fn check_table(text: &str) -> Result<Spanned<toml::de::DeValue<'_>>, toml::de::Error> {
    toml::de::DeTable::parse(text)?
        .into_inner()
        .remove("check")
        .ok_or_else(|| serde::de::Error::missing_field("check"))
}

impl RuleSource<'_> {
    /// Reads the `[check]` table as the kind's own parameter type, so type errors
    /// and unknown keys point at the line in the rule file.
    /// The table's `kind` key picked the kind already, so it is not one of
    /// the kind's parameters: it is taken out first (else every parameter
    /// type would declare a `kind` it never reads; they refuse unknown keys,
    /// to catch typos). Spans still point into the file as written.
    pub(crate) fn params<P: DeserializeOwned>(&self) -> Result<P, DataFileError> {
        let error = |e: toml::de::Error| DataFileError::from_toml(self.path, self.text, &e);
        let mut check = match self.check {
            Some(check) => check.clone(),
            None => check_table(self.text).map_err(error)?,
        };
        if let toml::de::DeValue::Table(table) = check.get_mut() {
            table.remove("kind");
        }
        P::deserialize(toml::de::ValueDeserializer::from(check)).map_err(error)
    }

    /// An error when a parameter is given to a test it does not apply to:
    /// `param` names it, `test` is the `test = "..."` value it needs.
    pub(crate) fn only_for<T>(
        &self,
        value: Option<&Spanned<T>>,
        applies: bool,
        param: &str,
        test: &str,
    ) -> Result<(), DataFileError> {
        match value {
            Some(v) if !applies => {
                Err(self.error_at(v, format!("`{param}` only applies to test = \"{test}\"")))
            }
            _ => Ok(()),
        }
    }

    /// An error at a parameter's position.
    pub(crate) fn error_at<T>(
        &self,
        value: &Spanned<T>,
        message: impl Into<String>,
    ) -> DataFileError {
        DataFileError::at(self.path, self.text, Some(value.span()), message)
    }

    /// Compiles a CSS selector parameter.
    pub(crate) fn selector(
        &self,
        value: &Spanned<String>,
    ) -> Result<scraper::Selector, DataFileError> {
        scraper::Selector::parse(value.get_ref())
            .map_err(|e| self.error_at(value, format!("invalid CSS selector: {e}")))
    }

    /// Compiles an optional selector parameter, or the kind's own default
    /// selector when the rule leaves it out.
    pub(crate) fn selector_or(
        &self,
        value: Option<&Spanned<String>>,
        default: &str,
    ) -> Result<scraper::Selector, DataFileError> {
        match value {
            Some(css) => self.selector(css),
            None => self.fixed_selector(default),
        }
    }

    /// For kinds whose one parameter is an optional `selector`: it
    /// compiled, or else the kind's own default.
    pub(crate) fn only_selector(&self, default: &str) -> Result<scraper::Selector, DataFileError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Params {
            #[serde(default)]
            selector: Option<Spanned<String>>,
        }
        let p: Params = self.params()?;
        self.selector_or(p.selector.as_ref(), default)
    }

    /// Compiles a selector that is part of a check kind's own code, not a
    /// parameter. It cannot fail for the selectors we write; if it ever did, the
    /// error names the rule file being loaded.
    pub(crate) fn fixed_selector(&self, css: &str) -> Result<scraper::Selector, DataFileError> {
        scraper::Selector::parse(css).map_err(|e| {
            DataFileError::at(
                self.path,
                self.text,
                None,
                format!("built-in selector `{css}`: {e}"),
            )
        })
    }

    /// Compiles a non-empty list of regular expressions (case-insensitive),
    /// each error pointing at its own entry.
    pub(crate) fn regex_list(
        &self,
        values: &Spanned<Vec<Spanned<String>>>,
    ) -> Result<Vec<Pattern>, DataFileError> {
        if values.get_ref().is_empty() {
            return Err(self.error_at(values, "give at least one pattern"));
        }
        self.regexes(values.get_ref())
    }

    /// Compiles a list of regular expression parameters (case-insensitive).
    pub(crate) fn regexes(
        &self,
        values: &[Spanned<String>],
    ) -> Result<Vec<Pattern>, DataFileError> {
        values.iter().map(|r| self.regex(r)).collect()
    }

    /// Compiles a regular expression parameter, case-insensitive.
    pub(crate) fn regex(&self, value: &Spanned<String>) -> Result<Pattern, DataFileError> {
        self.pattern(value.get_ref().clone(), true, |e| {
            self.error_at(value, format!("invalid regular expression: {e}"))
        })
    }

    /// A regular expression a kind builds from its parameters (or its own
    /// code): compiled now when the rule comes from a user, else on first
    /// use. `error` words a failure.
    pub(crate) fn pattern(
        &self,
        source: String,
        case_insensitive: bool,
        error: impl FnOnce(regex::Error) -> DataFileError,
    ) -> Result<Pattern, DataFileError> {
        if self.lazy {
            Ok(Pattern::lazy(source, case_insensitive))
        } else {
            Pattern::eager(source, case_insensitive).map_err(error)
        }
    }
}

/// Where a finding about a sentence points: its first few words in the source
/// (enough to find it), or the block's element when the text has no source.
pub(crate) fn sentence_at(page: &Page, block: &crate::page::Block, start: usize, text: &str) -> At {
    match block.source_offset(start) {
        Some(start) => {
            let first_words: usize = text
                .split_whitespace()
                .take(4)
                .map(|w| w.len() + 1)
                .sum::<usize>()
                .saturating_sub(1);
            let end = page.source()[start..]
                .find(['<', '\n'])
                .map_or(start + first_words, |i| start + i.min(first_words));
            At::Text {
                element: block.element,
                span: Span { start, end },
            }
        }
        None => At::Element(block.element),
    }
}

/// Where a finding points.
#[derive(Debug, Clone, Copy)]
pub(crate) enum At {
    /// An element's start tag.
    Element(NodeId),
    /// A range of source text that belongs to an element (a sentence in a block).
    Text { element: NodeId, span: Span },
}

/// One hit, before it becomes a [`Finding`].
#[derive(Debug)]
pub(crate) struct Hit {
    at: At,
    args: Vec<(&'static str, String)>,
    severity: Option<Severity>,
    confidence: Option<Confidence>,
    snippet: Option<String>,
}

impl Hit {
    pub(crate) fn at(at: At) -> Self {
        Self {
            at,
            args: Vec::new(),
            severity: None,
            confidence: None,
            snippet: None,
        }
    }

    pub(crate) fn element(id: NodeId) -> Self {
        Self::at(At::Element(id))
    }

    /// Fills `{name}` in the rule's message, label and fix.
    pub(crate) fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// Overrides the rule's default severity for this hit.
    pub(crate) fn severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }

    /// Overrides the rule's default confidence for this hit (a check that is
    /// sure of some findings and not of others).
    pub(crate) fn confidence(mut self, confidence: Confidence) -> Self {
        self.confidence = Some(confidence);
        self
    }

    /// Replaces the default snippet (the element's start tag).
    pub(crate) fn snippet(mut self, snippet: impl Into<String>) -> Self {
        self.snippet = Some(snippet.into());
        self
    }
}

/// The items of an optional list parameter (none when it is left out).
pub(crate) fn listed<T>(value: Option<&Spanned<Vec<T>>>) -> impl Iterator<Item = &T> {
    value.map(Spanned::get_ref).into_iter().flatten()
}

/// Fills `{name}` placeholders.
fn fill(template: &str, args: &[(&'static str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Longest snippet kept in a finding, in characters.
const SNIPPET_CHARS: usize = 200;

/// Turns a page check's hits into findings.
pub(crate) struct Emitter<'a> {
    pub(crate) rule: &'a Rule,
    pub(crate) page: &'a Page,
    pub(crate) findings: &'a mut Vec<Finding>,
    /// Findings an inline comment accepts go here instead.
    pub(crate) suppressed: &'a mut Vec<Suppressed>,
    /// The day the audit runs, read once for the whole run.
    pub(crate) today: crate::clock::Date,
}

impl Emitter<'_> {
    /// The day the audit runs: the same for every page and rule of a run.
    pub(crate) fn today(&self) -> crate::clock::Date {
        self.today
    }

    pub(crate) fn emit(&mut self, hit: Hit) {
        let page = self.page;
        let (element, span) = match hit.at {
            At::Element(id) => (id, page.anchor_span(id)),
            At::Text { element, span } => (element, span),
        };
        let position = page.position(span.start);
        if let Some(s) = page.suppressions().active.iter().find(|s| {
            s.names(&self.rule.id, &self.rule.section) && page.covers(s, element, span.start)
        }) {
            self.suppressed
                .push(suppressed(self.rule, page.key(), position.line, s));
            return;
        }
        let snippet = hit.snippet.map_or_else(
            || page.snippet(element, SNIPPET_CHARS),
            |s| truncate_chars(&s, SNIPPET_CHARS),
        );
        let mut finding = finding(self.rule, page.key(), &hit.args);
        finding.severity = hit.severity.unwrap_or(self.rule.severity);
        finding.confidence = hit.confidence.unwrap_or(self.rule.confidence);
        finding.line = Some(position.line);
        finding.column = Some(position.column);
        finding.selector = Some(page.selector_path(element));
        finding.snippet = Some(snippet);
        finding.excerpt = Some(excerpt(page, span));
        self.findings.push(finding);
    }
}

/// A finding of `rule` on `page` with its message, label and fix filled in,
/// before it is given a place (site findings have none).
fn finding(rule: &Rule, page: &str, args: &[(&'static str, String)]) -> Finding {
    let message = fill(&rule.message, args);
    let label = rule
        .label
        .as_deref()
        .map_or_else(|| message.clone(), |l| fill(l, args));
    Finding {
        rule: rule.id.clone(),
        section: rule.section.clone(),
        severity: rule.severity,
        confidence: rule.confidence,
        label,
        message,
        page: page.to_owned(),
        line: None,
        column: None,
        selector: None,
        snippet: None,
        wcag: rule.wcag.clone(),
        help: fill(&rule.fix, args),
        affects: rule.affects.clone(),
        fingerprint: None,
        issue_id: None,
        baseline: None,
        pages: Vec::new(),
        excerpt: None,
    }
}

/// The record of a finding an inline comment accepts.
fn suppressed(rule: &Rule, page: &str, line: u32, by: &Suppression) -> Suppressed {
    Suppressed {
        rule: rule.id.clone(),
        page: page.to_owned(),
        line: Some(line),
        reason: by.reason.clone(),
        by: format!("inline, line {}", by.line),
    }
}

/// Whole lines around a span, at most a few hundred bytes, for terminal output.
fn excerpt(page: &Page, span: Span) -> Excerpt {
    use crate::page::position::floor_char_boundary;
    // A line longer than this is cut to a window around the label, and a
    // line around it this long is left out, so a terminal shows no
    // 700-character lines (minified pages put everything on one).
    const MAX_LINE: usize = 240;
    // What a cut line keeps before and after the label.
    const AROUND: usize = 70;
    // The longest label a cut line shows.
    const LABEL: usize = 120;
    let src = page.source();
    let lines = page.lines();
    let at = page.position(span.start);
    // Byte range of line `n` without its line break.
    let line = |n: u32| -> Option<(usize, usize)> {
        let start = lines.line_start(n)?;
        let end = lines
            .line_start(n + 1)
            .map_or(src.len(), |e| e.saturating_sub(1))
            .max(start);
        Some((start, end))
    };
    let (line_start, line_end) = line(at.line).unwrap_or((0, src.len()));
    let span_end = span.end.min(src.len()).max(span.start);
    let (start, end) = if line_end - line_start > MAX_LINE {
        let start = floor_char_boundary(src, span.start.saturating_sub(AROUND).max(line_start));
        let label_end = span_end.min(span.start + LABEL);
        let end = floor_char_boundary(src, (label_end + AROUND).min(line_end.max(label_end)));
        (start, end.max(span.start))
    } else {
        let short = |range: Option<(usize, usize)>| range.filter(|(s, e)| e - s <= MAX_LINE);
        let start = short(at.line.checked_sub(1).and_then(line)).map_or(line_start, |(s, _)| s);
        // A label over several lines (a long start tag) ends the excerpt on
        // its last line, plus the next line when that is short.
        let last = page.position(span_end).line.max(at.line);
        let (_, last_end) = line(last).unwrap_or((line_start, line_end));
        let end = short(line(last + 1)).map_or(last_end, |(_, e)| e);
        (start, end.max(span_end).min(src.len()))
    };
    let first = page.position(start);
    let len = span_end.min(end) - span.start;
    Excerpt {
        text: src[start..end].trim_end_matches(['\r', '\n']).to_owned(),
        first_line: first.line,
        first_column: first.column,
        offset: span.start - start,
        len: len.min(SNIPPET_CHARS * 4),
    }
}

/// The facts one site check collected, page by page.
pub(crate) struct SiteView<'a> {
    /// The target that named the site (a directory, a file or a start URL).
    pub(crate) target: &'a str,
    /// (page key, fact) for every page that could be checked.
    pub(crate) pages: Vec<(&'a str, &'a (dyn Any + Send))>,
    /// Page weights by page key, where the input side measured them.
    pub(crate) weights: &'a HashMap<&'a str, &'a PageWeight>,
}

impl SiteView<'_> {
    /// Every page of the site that could be checked: what a finding about
    /// something no page has is about.
    pub(crate) fn page_keys(&self) -> Vec<&str> {
        self.pages.iter().map(|(key, _)| *key).collect()
    }

    /// What a page weighs, if it was measured.
    pub(crate) fn weight(&self, key: &str) -> Option<&PageWeight> {
        self.weights.get(key).copied()
    }

    /// The facts of one type, with their page keys.
    pub(crate) fn facts<T: 'static>(&self) -> impl Iterator<Item = (&str, &T)> {
        self.pages
            .iter()
            .filter_map(|(key, fact)| fact.downcast_ref::<T>().map(|f| (*key, f)))
    }
}

/// Where a site check's finding about one page points, taken while the page
/// was parsed (site checks run after the pages are gone).
pub(crate) struct Anchor {
    line: u32,
    column: u32,
    selector: String,
    snippet: String,
    excerpt: Excerpt,
    /// Inline suppressions that cover the element.
    suppressions: Vec<Suppression>,
}

impl Anchor {
    /// The start tag of `element`.
    pub(crate) fn of(page: &Page, element: scraper::ElementRef<'_>) -> Self {
        let span = page.anchor_span(element.id());
        let position = page.position(span.start);
        Self {
            line: position.line,
            column: position.column,
            selector: page.selector_path(element.id()),
            snippet: page.snippet(element.id(), SNIPPET_CHARS),
            excerpt: excerpt(page, span),
            suppressions: page
                .suppressions()
                .active
                .iter()
                .filter(|s| page.covers(s, element.id(), span.start))
                .cloned()
                .collect(),
        }
    }
}

/// Turns a site check's hits into findings about the site as a whole.
pub(crate) struct SiteEmitter<'a> {
    pub(crate) rule: &'a Rule,
    pub(crate) findings: &'a mut Vec<Finding>,
    /// Findings an inline comment accepts go here instead.
    pub(crate) suppressed: &'a mut Vec<Suppressed>,
}

impl SiteEmitter<'_> {
    /// A finding about one page of the site, at an element found while it was
    /// parsed.
    pub(crate) fn emit_at(
        &mut self,
        page: &str,
        at: &Anchor,
        severity: Severity,
        args: &[(&'static str, String)],
    ) {
        if let Some(s) = at
            .suppressions
            .iter()
            .find(|s| s.names(&self.rule.id, &self.rule.section))
        {
            self.suppressed
                .push(suppressed(self.rule, page, at.line, s));
            return;
        }
        let mut finding = finding(self.rule, page, args);
        finding.severity = severity;
        finding.line = Some(at.line);
        finding.column = Some(at.column);
        finding.selector = Some(at.selector.clone());
        finding.snippet = Some(at.snippet.clone());
        finding.excerpt = Some(at.excerpt.clone());
        self.findings.push(finding);
    }

    /// A finding about the site as a whole, about `pages` (the pages that
    /// lack something, or every page when none has it).
    pub(crate) fn emit_site(
        &mut self,
        target: &str,
        pages: &[&str],
        args: &[(&'static str, String)],
    ) {
        let mut finding = finding(self.rule, target, args);
        let mut pages: Vec<String> = pages.iter().map(|p| (*p).to_owned()).collect();
        pages.sort_unstable();
        pages.dedup();
        finding.pages = pages;
        // Site findings have no spot to label: the label is the message.
        finding.label.clone_from(&finding.message);
        self.findings.push(finding);
    }
}

/// Builds a check kind from a `[check]` table written in a test, as a rule
/// file would give it, with the error as text.
#[cfg(test)]
pub(crate) fn build_for_test<T>(
    kind: &str,
    params: &str,
    new: impl FnOnce(&RuleSource<'_>) -> Result<T, DataFileError>,
) -> Result<T, String> {
    let text = format!("[check]\nkind = \"{kind}\"\n{params}\n");
    new(&RuleSource {
        path: "t.toml",
        text: &text,
        lazy: false,
        check: None,
    })
    .map_err(|e| e.to_string())
}

#[cfg(test)]
mod registry_tests {
    use super::{KIND_MODULES, KINDS};

    /// A kind's name is its file's name, so `kind = "x-y"` in a rule file
    /// leads straight to `src/checks/x_y.rs`.
    #[test]
    fn each_kind_is_named_after_its_file() {
        for (kind, module) in KIND_MODULES {
            assert_eq!(kind.replace('-', "_"), *module, "kind `{kind}`");
        }
    }

    #[test]
    fn kinds_are_listed_once_in_order() {
        let mut sorted = KINDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, KINDS);
    }

    /// Parameter types leave out `kind`; errors still point at the line
    /// of the file as written. The table may be written inline too.
    #[test]
    fn params_skip_the_kind_line_and_keep_positions() {
        use super::RuleSource;
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        struct Params {
            #[allow(dead_code)]
            size: u32,
        }
        let text = "id = \"x/y\"\n\n[check]\nkind = \"x-y\"  # the kind\nsize = \"big\"\n";
        let source = RuleSource {
            path: "r.toml",
            text,
            lazy: false,
            check: None,
        };
        let err = source.params::<Params>().expect_err("size is not a number");
        assert_eq!(err.line(), Some(5), "{err:?}");
        let ok = RuleSource {
            path: "r.toml",
            text: "[check]\nkind = \"x-y\"\nsize = 3\n",
            lazy: false,
            check: None,
        };
        assert!(ok.params::<Params>().is_ok());
        let inline = RuleSource {
            path: "r.toml",
            text: "check = { kind = \"x-y\", size = 3 }\n",
            lazy: false,
            check: None,
        };
        assert!(inline.params::<Params>().is_ok());
        let none = RuleSource {
            path: "r.toml",
            text: "id = \"x/y\"\n",
            lazy: false,
            check: None,
        };
        let err = none.params::<Params>().expect_err("no [check] table");
        assert!(err.message.contains("missing field `check`"), "{err:?}");
    }
}
