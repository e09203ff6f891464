//! Check kinds: the code behind the rules.
//!
//! Each file here is one kind. A kind reads its parameters from a rule file's
//! `[check]` table once, when the rule loads, and then only matches. Page kinds
//! look at one [`Page`]; site kinds collect a small fact from every page and then
//! look at the facts of a whole site, so no DOM outlives its page.

mod acronym;
mod alt_repeats_text;
mod aria_attribute;
mod aria_reference;
mod aria_role;
mod aria_view;
mod attribute_pattern;
mod autocomplete_value;
mod dense_numbers;
mod document_links;
mod duplicate_id;
mod duplicate_title;
mod duplicate_value;
mod element_context;
mod element_count;
mod endonym_lang;
mod heading_levels;
mod hidden_focusable;
mod id_reference;
mod important_spacing;
mod label_in_name;
mod lang_attribute;
mod language_route;
mod languages;
mod link_destinations;
mod link_text;
mod listed_text;
mod matching_element;
mod meta_refresh;
mod missing_nearby_text;
mod missing_page_text;
mod orientation_lock;
mod page_missing_text;
mod page_weight;
mod phone_number;
mod phrase_without_nearby;
mod reading_level;
mod repeated_attribute;
mod required_contents;
mod required_element;
mod review_date;
mod script_shell;
mod sentence_length;
mod several_labels;
mod site_missing_link;
mod site_missing_page;
mod site_phrases;
mod skip_link;
mod table_structure;
mod term_list;
mod text_contrast;
mod text_pattern;
mod transaction_route;
mod unexcused_element;
mod ungrouped_choices;
mod unlabelled_control;
mod unmarked_script;
mod unnamed_element;
mod viewport_zoom;
mod web_fonts;

use std::any::Any;
use std::collections::HashMap;
use std::fmt::Debug;

use ego_tree::NodeId;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::catalogue::Rule;
use crate::error::DataFileError;
use crate::finding::{Confidence, Excerpt, Finding, Severity, Suppressed};
use crate::page::{Page, Span, Suppression, truncate_chars};
use crate::weight::PageWeight;

/// Every check kind, by the name rule files use.
pub const KINDS: &[&str] = &[
    "acronym",
    "alt-repeats-text",
    "aria-attribute",
    "aria-reference",
    "aria-role",
    "attribute-pattern",
    "autocomplete-value",
    "dense-numbers",
    "document-links",
    "duplicate-id",
    "duplicate-value",
    "element-context",
    "element-count",
    "endonym-without-lang",
    "heading-levels",
    "hidden-focusable",
    "id-reference",
    "important-spacing",
    "label-in-name",
    "lang-attribute",
    "link-destinations",
    "link-text",
    "listed-text",
    "matching-element",
    "meta-refresh",
    "missing-nearby-text",
    "missing-page-text",
    "orientation-lock",
    "page-missing-text",
    "page-weight",
    "phone-number",
    "phrase-without-nearby",
    "reading-level",
    "repeated-attribute",
    "required-contents",
    "required-element",
    "review-date",
    "script-shell",
    "sentence-length",
    "several-labels",
    "site-duplicate-title",
    "site-language-route",
    "site-missing-link",
    "site-missing-page",
    "site-phrases",
    "skip-link",
    "table-structure",
    "term-list",
    "text-contrast",
    "text-pattern",
    "transaction-without-route",
    "unexcused-element",
    "ungrouped-choices",
    "unlabelled-control",
    "unmarked-script",
    "unnamed-element",
    "viewport-zoom",
    "web-fonts",
];

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
}

#[derive(Deserialize)]
struct Wrapper<P> {
    check: P,
}

impl RuleSource<'_> {
    /// Reads the `[check]` table as the kind's own parameter type, so type errors
    /// and unknown keys point at the line in the rule file.
    pub(crate) fn params<P: DeserializeOwned>(&self) -> Result<P, DataFileError> {
        toml::from_str::<Wrapper<P>>(self.text)
            .map(|w| w.check)
            .map_err(|e| DataFileError::from_toml(self.path, self.text, &e))
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
    ) -> Result<Vec<regex::Regex>, DataFileError> {
        if values.get_ref().is_empty() {
            return Err(self.error_at(values, "give at least one pattern"));
        }
        values.get_ref().iter().map(|r| self.regex(r)).collect()
    }

    /// Compiles a regular expression parameter (case-insensitive).
    pub(crate) fn regex(&self, value: &Spanned<String>) -> Result<regex::Regex, DataFileError> {
        regex::RegexBuilder::new(value.get_ref())
            .case_insensitive(true)
            .build()
            .map_err(|e| self.error_at(value, format!("invalid regular expression: {e}")))
    }
}

/// Builds the check for a rule of `kind`.
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

pub(crate) fn build(kind: &str, source: &RuleSource<'_>) -> Result<Check, DataFileError> {
    Ok(match kind {
        "matching-element" => {
            Check::Page(Box::new(matching_element::MatchingElement::new(source)?))
        }
        "required-element" => {
            Check::Page(Box::new(required_element::RequiredElement::new(source)?))
        }
        "unlabelled-control" => Check::Page(Box::new(unlabelled_control::UnlabelledControl::new(
            source,
        )?)),
        "viewport-zoom" => Check::Page(Box::new(viewport_zoom::ViewportZoom::new(source)?)),
        "sentence-length" => Check::Page(Box::new(sentence_length::SentenceLength::new(source)?)),
        "reading-level" => Check::Page(Box::new(reading_level::ReadingLevel::new(source)?)),
        "transaction-without-route" => Check::Page(Box::new(
            transaction_route::TransactionWithoutRoute::new(source)?,
        )),
        "phone-number" => Check::Page(Box::new(phone_number::PhoneNumberCheck::new(source)?)),
        "phrase-without-nearby" => Check::Page(Box::new(
            phrase_without_nearby::PhraseWithoutNearby::new(source)?,
        )),
        "term-list" => Check::Page(Box::new(term_list::TermList::new(source)?)),
        "site-missing-link" => {
            Check::Site(Box::new(site_missing_link::SiteMissingLink::new(source)?))
        }
        "site-missing-page" => {
            Check::Site(Box::new(site_missing_page::SiteMissingPage::new(source)?))
        }
        "required-contents" => {
            Check::Page(Box::new(required_contents::RequiredContents::new(source)?))
        }
        "review-date" => Check::Page(Box::new(review_date::ReviewDate::new(source)?)),
        "text-pattern" => Check::Page(Box::new(text_pattern::TextPattern::new(source)?)),
        "unexcused-element" => {
            Check::Page(Box::new(unexcused_element::UnexcusedElement::new(source)?))
        }
        "document-links" => Check::Page(Box::new(document_links::DocumentLinks::new(source)?)),
        "site-phrases" => Check::Site(Box::new(site_phrases::SitePhrases::new(source)?)),
        "text-contrast" => Check::Page(Box::new(text_contrast::TextContrast::new(source)?)),
        "autocomplete-value" => Check::Page(Box::new(autocomplete_value::AutocompleteValue::new(
            source,
        )?)),
        "duplicate-value" => Check::Page(Box::new(duplicate_value::DuplicateValue::new(source)?)),
        "id-reference" => Check::Page(Box::new(id_reference::IdReference::new(source)?)),
        "meta-refresh" => Check::Page(Box::new(meta_refresh::MetaRefresh::new(source)?)),
        "orientation-lock" => {
            Check::Page(Box::new(orientation_lock::OrientationLock::new(source)?))
        }
        "missing-nearby-text" => Check::Page(Box::new(
            missing_nearby_text::MissingNearbyText::new(source)?,
        )),
        "several-labels" => Check::Page(Box::new(several_labels::SeveralLabels::new(source)?)),
        "ungrouped-choices" => {
            Check::Page(Box::new(ungrouped_choices::UngroupedChoices::new(source)?))
        }
        "aria-role" => Check::Page(Box::new(aria_role::AriaRole::new(source)?)),
        "aria-attribute" => Check::Page(Box::new(aria_attribute::AriaAttribute::new(source)?)),
        "aria-reference" => Check::Page(Box::new(aria_reference::AriaReference::new(source)?)),
        "hidden-focusable" => {
            Check::Page(Box::new(hidden_focusable::HiddenFocusable::new(source)?))
        }
        "acronym" => Check::Page(Box::new(acronym::Acronym::new(source)?)),
        "dense-numbers" => Check::Page(Box::new(dense_numbers::DenseNumbers::new(source)?)),
        "unnamed-element" => Check::Page(Box::new(unnamed_element::UnnamedElement::new(source)?)),
        "attribute-pattern" => {
            Check::Page(Box::new(attribute_pattern::AttributePattern::new(source)?))
        }
        "link-text" => Check::Page(Box::new(link_text::LinkText::new(source)?)),
        "important-spacing" => {
            Check::Page(Box::new(important_spacing::ImportantSpacing::new(source)?))
        }
        "label-in-name" => Check::Page(Box::new(label_in_name::LabelInName::new(source)?)),
        "link-destinations" => {
            Check::Page(Box::new(link_destinations::LinkDestinations::new(source)?))
        }
        "alt-repeats-text" => Check::Page(Box::new(alt_repeats_text::AltRepeatsText::new(source)?)),
        "site-language-route" => {
            Check::Site(Box::new(language_route::SiteLanguageRoute::new(source)?))
        }
        "endonym-without-lang" => {
            Check::Page(Box::new(endonym_lang::EndonymWithoutLang::new(source)?))
        }
        "page-missing-text" => {
            Check::Page(Box::new(page_missing_text::PageMissingText::new(source)?))
        }
        "duplicate-id" => Check::Page(Box::new(duplicate_id::DuplicateId::new(source)?)),
        "page-weight" => Check::Site(Box::new(page_weight::PageWeightCheck::new(source)?)),
        "element-context" => Check::Page(Box::new(element_context::ElementContext::new(source)?)),
        "element-count" => Check::Page(Box::new(element_count::ElementCount::new(source)?)),
        "heading-levels" => Check::Page(Box::new(heading_levels::HeadingLevels::new(source)?)),
        "lang-attribute" => Check::Page(Box::new(lang_attribute::LangAttribute::new(source)?)),
        "listed-text" => Check::Page(Box::new(listed_text::ListedText::new(source)?)),
        "script-shell" => Check::Page(Box::new(script_shell::ScriptShell::new(source)?)),
        "site-duplicate-title" => {
            Check::Site(Box::new(duplicate_title::SiteDuplicateTitle::new(source)?))
        }
        "skip-link" => Check::Page(Box::new(skip_link::SkipLink::new(source)?)),
        "repeated-attribute" => Check::Page(Box::new(repeated_attribute::RepeatedAttribute::new(
            source,
        )?)),
        "table-structure" => Check::Page(Box::new(table_structure::TableStructure::new(source)?)),
        "unmarked-script" => Check::Page(Box::new(unmarked_script::UnmarkedScript::new(source)?)),
        "missing-page-text" => {
            Check::Page(Box::new(missing_page_text::MissingPageText::new(source)?))
        }
        "web-fonts" => Check::Page(Box::new(web_fonts::WebFonts::new(source)?)),
        other => {
            let at = source.text.find(&format!("\"{other}\""));
            return Err(DataFileError::at(
                source.path,
                source.text,
                at.map(|i| i..i + other.len() + 2),
                format!("unknown check kind `{other}`"),
            )
            .with_help(format!("known kinds: {}", KINDS.join(", "))));
        }
    })
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
    })
    .map_err(|e| e.to_string())
}
