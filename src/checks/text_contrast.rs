//! `text-contrast`: flags text whose colour does not stand out enough from its
//! background (WCAG 2.2 SC 1.4.3 Contrast (Minimum); ACT rule afw4f7).
//!
//! ## What it checks
//! Every element with its own visible text (a child text node with a letter
//! or digit in it) gets its text colour and the colour behind it worked out
//! from the page itself, and the WCAG contrast ratio of the two must be at
//! least `normal` (4.5), or `large` (3) for large text: at least `large_px`
//! (24px, 18pt), or `large_bold_px` (18.66px, 14pt) when bold. The ratio is
//! compared unrounded and reported to 2 decimals, rounded down where rounding
//! would reach the threshold (4.499 fails and shows as "4.49:1", not "4.50:1").
//! Findings are reported once per element, at its start tag.
//!
//! `from_normal` and `from_large` (default 1: no floor) let a stricter rule
//! leave lower ratios to a rule that already reports them: the WCAG 1.4.6
//! (AAA) rule, asking for 7 and 4.5, starts from 4.5 and 3, where the 1.4.3
//! (AA) rule stops, so one pair of colours is never reported twice.
//!
//! Colours come from a small cascade over what the page contains:
//! - `<style>` elements (in document order) and `style` attributes; legacy
//!   `bgcolor`, `<body text>` and `<font color>` attributes as the weakest source;
//! - selectors are matched by `scraper`: type, class, id, attribute, descendant
//!   and child selectors, `:not()`, `:is()`, `:first-child` and the like.
//!   Selectors it cannot parse (`:hover`, `:focus`, `:visited`, `::before`,
//!   `::placeholder`...) are skipped: those are other states or generated text;
//! - specificity, then source order, `!important` (inline `!important` beats
//!   sheet `!important`), `inherit`, `initial`, `unset`, `currentColor`,
//!   custom properties with `var(--name, fallback)`, and the `background` and
//!   `font` shorthands;
//! - `color` inherits; the background is painted layer by layer from the
//!   white canvas down to the element, so semi-transparent backgrounds,
//!   `rgba()` or `#rrggbbaa` text and `opacity` are blended the way a browser
//!   blends them. Browser defaults used: black text on white, blue (`#0000ee`)
//!   links, black on light grey (`#efefef`) buttons, black on yellow `<mark>`,
//!   bold headings sized 2em to 0.67em;
//! - colour syntax: names, hex, `rgb()`, `hsl()`, `hwb()`, `lab()`, `oklch()`
//!   and the other CSS Color 4 forms, through `csscolorparser`;
//! - `@media` blocks for `all` or `screen` apply; `print` ones do not. Rules
//!   under a condition (`min-width`, `prefers-color-scheme`, `@supports`,
//!   `@layer`) are not applied, but if one of them could change the colours of
//!   an element that fails, the finding is only sent for review.
//!
//! **Linked style sheets are not read**: checks never see the network, so the
//! colours a `<link rel="stylesheet">` or an `@import` sets are unknown. On a
//! page that links a sheet:
//! - text whose colour would come from that sheet is not judged: its colour is
//!   not set by any rule the page contains, or it (or an ancestor it inherits
//!   from) has a class that no `<style>` rule on the page mentions (or, for
//!   layout containers such as `div`, `header` and `section`, such an id; ids
//!   on headings, fields and `main` are mostly link targets);
//! - when the colours the page does set fail but a linked sheet could still
//!   change the background (an element in between has a class or id we cannot
//!   see, or only the default white canvas is behind the text), the finding
//!   has confidence `review`.
//!
//! Also sent for review rather than reported as certain: text with a
//! `text-shadow` (set on it or an ancestor by a `style` attribute or a
//! page style rule: an outline can give the letters the contrast their
//! colours lack), text of a single character (often an icon, such as "X" on a
//! close button), a background image or
//! gradient behind the text, text positioned with `absolute` or `fixed` (it may
//! sit over an image or a video), and text whose size could not be worked out
//! (`calc()`, `clamp()`, `vw`, or a class from a linked sheet) when it would
//! pass as large text. Text of unknown size that fails even the large-text
//! ratio is reported as certain, asking for the normal ratio.
//!
//! Not checked (WCAG exempts them, or they are not text in the page): hidden
//! text (the page model's `is_hidden`: `hidden`, `aria-hidden="true"`, inline
//! `display:none`; and `display:none`, `visibility:hidden`, `opacity:0`,
//! `font-size:0` and the usual "visually hidden" patterns in the page's own
//! CSS); disabled
//! controls (`disabled` on a button, field or fieldset, `aria-disabled="true"`)
//! and their labels (by `for`, by wrapping, or by `aria-labelledby`); logos (an element or ancestor with "logo" in its class or
//! id); text that is only symbols (`|`, `›`); text of exactly the background's
//! colour (invisible, so not applicable in ACT afw4f7); the `alt` of images,
//! the value and placeholder of inputs, and the contents of `<select>`,
//! `<textarea>`, `<svg>` and `<noscript>`.
//!
//! The luminance formula uses 0.04045 as its sRGB threshold, as WCAG 2.2 does
//! (2.0 and 2.1 printed 0.03928); with 8-bit colours both give the same ratios.
//!
//! Not handled: CSS nesting (such rules are skipped), cascade layers (`@layer`
//! rules count as conditional), `:link`/`:visited` colours (unparsable, so
//! skipped like `:hover`), text in `<input>` values and placeholders, text
//! drawn over sibling elements by negative margins or transforms, and
//! `mix-blend-mode` and filters.
//!
//! ## Cost
//! The page's `<style>` rules are read once per page, keeping only rules that
//! set a property this check reads, and indexed by the id, class or type their
//! last compound needs; each rule also carries a Bloom filter of the classes
//! and ids its ancestors need, so most descendant rules are rejected without
//! matching. Styles are computed lazily, and remembered, only for elements
//! with their own text and their ancestors.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "text-contrast"
//! normal = 4.5         # WCAG 1.4.3 AA; 7 for 1.4.6 AAA
//! large = 3.0          # 4.5 for 1.4.6 AAA
//! large_px = 24.0      # 18pt
//! large_bold_px = 18.66  # 14pt bold
//! ```

mod colour;
pub(super) mod css;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use ego_tree::NodeId;
use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use self::colour::{BLACK, Rgba, Syntax, TRANSPARENT, WHITE, contrast};
use self::css::{Declaration, Key, MediaFit};
use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::finding::Confidence;
use crate::page::{Page, is_hidden};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[allow(dead_code)]
    kind: String,
    #[serde(default = "default_normal")]
    normal: Spanned<f64>,
    #[serde(default = "default_large")]
    large: Spanned<f64>,
    #[serde(default = "default_large_px")]
    large_px: Spanned<f64>,
    #[serde(default = "default_large_bold_px")]
    large_bold_px: Spanned<f64>,
    /// Ratios below these are left to a stricter rule that already reports
    /// them (the AAA rule leaves AA failures to the AA rule), so one pair of
    /// colours is never reported twice.
    #[serde(default = "default_from")]
    from_normal: Spanned<f64>,
    #[serde(default = "default_from")]
    from_large: Spanned<f64>,
}

fn default_from() -> Spanned<f64> {
    Spanned::new(0..0, 1.0)
}

fn default_normal() -> Spanned<f64> {
    Spanned::new(0..0, 4.5)
}

fn default_large() -> Spanned<f64> {
    Spanned::new(0..0, 3.0)
}

fn default_large_px() -> Spanned<f64> {
    Spanned::new(0..0, 24.0)
}

fn default_large_bold_px() -> Spanned<f64> {
    Spanned::new(0..0, 18.66)
}

#[derive(Debug)]
pub(crate) struct TextContrast {
    normal: f64,
    large: f64,
    from_normal: f64,
    from_large: f64,
    large_px: f64,
    large_bold_px: f64,
    styles: Selector,
    links: Selector,
}

impl TextContrast {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let (normal, large) = (*p.normal.get_ref(), *p.large.get_ref());
        if !(1.0..=21.0).contains(&normal) {
            return Err(source.error_at(
                &p.normal,
                format!("normal must be a contrast ratio from 1 to 21, not {normal}"),
            ));
        }
        if !(1.0..=normal).contains(&large) {
            return Err(source.error_at(
                &p.large,
                format!(
                    "large must be a contrast ratio from 1 to `normal` ({normal}), not {large}"
                ),
            ));
        }
        for size in [&p.large_px, &p.large_bold_px] {
            if !(1.0..=200.0).contains(size.get_ref()) {
                return Err(source.error_at(size, "a text size in CSS pixels, from 1 to 200"));
            }
        }
        for (from, needed, name) in [
            (&p.from_normal, normal, "from_normal"),
            (&p.from_large, large, "from_large"),
        ] {
            let value = *from.get_ref();
            if !(1.0..=needed).contains(&value) {
                return Err(source.error_at(
                    from,
                    format!("{name} must be a contrast ratio from 1 to the one it needs ({needed}), not {value}"),
                ));
            }
        }
        Ok(Self {
            normal,
            large,
            large_px: *p.large_px.get_ref(),
            large_bold_px: *p.large_bold_px.get_ref(),
            from_normal: *p.from_normal.get_ref(),
            from_large: *p.from_large.get_ref(),
            styles: source.fixed_selector("style")?,
            links: source.fixed_selector("link[rel]")?,
        })
    }
}

/// Why a failing pair is sent for review instead of reported as certain, in
/// the order the note prefers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Doubt {
    Shadow,
    Glyph,
    Image,
    Positioned,
    Linked,
    Conditional,
    Size,
}

impl Doubt {
    fn note(self) -> &'static str {
        match self {
            Self::Shadow => {
                " (a text shadow may outline the letters and make them stand out: check it by eye)"
            }
            Self::Glyph => {
                " (a single character, which may be an icon rather than text: check it by eye)"
            }
            Self::Image => {
                " (the background has an image or a gradient, which may change this: check it by eye)"
            }
            Self::Positioned => {
                " (the text is positioned, so it may sit over something else: check it by eye)"
            }
            Self::Linked => {
                " (a linked style sheet, which carelint cannot read, may change these colours: check it by eye)"
            }
            Self::Conditional => {
                " (styles for some screen sizes or settings may change these colours: check it by eye)"
            }
            Self::Size => " (unless it is large text: carelint could not work out its size)",
        }
    }
}

/// The first doubt, by preference.
fn first_doubt(doubts: impl IntoIterator<Item = Option<Doubt>>) -> Option<Doubt> {
    doubts.into_iter().flatten().min()
}

/// Elements whose content is not drawn as text on the page.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "template", "noscript", "title", "svg", "math", "iframe", "object",
    "embed", "canvas", "video", "audio", "select", "datalist", "option", "optgroup", "textarea",
];

/// Elements whose id is likely to be a style hook (`#header`, `#content`).
/// Not `main`: its id is nearly always the target of a skip link.
const CONTAINERS: &[&str] = &[
    "div", "header", "footer", "nav", "aside", "section", "article", "table", "form", "ul", "ol",
    "dl", "figure",
];

/// Properties the cascade keeps (and custom properties).
const PROPERTIES: &[&str] = &[
    "color",
    "background",
    "background-color",
    "background-image",
    "opacity",
    "font",
    "font-size",
    "font-weight",
    "display",
    "visibility",
    "position",
    "clip",
    "clip-path",
    "width",
    "height",
    "left",
    "top",
    "text-indent",
];

/// Properties whose conditional values make a finding doubtful.
const COLOUR_PROPERTIES: &[&str] = &[
    "color",
    "background",
    "background-color",
    "background-image",
    "opacity",
];

fn is_relevant(name: &str) -> bool {
    name.starts_with("--") || PROPERTIES.contains(&name)
}

/// A style rule with one selector.
#[derive(Debug)]
struct StyleRule {
    selector: Selector,
    /// Bloom bits of the classes and ids the element's ancestors must have.
    ancestors: Bloom,
    specificity: u32,
    order: u32,
    declarations: Rc<Vec<Declaration>>,
}

/// A 256-bit Bloom filter of class and id names (`.card`, `#main`), so most
/// rules whose ancestors cannot match are skipped without matching them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Bloom([u64; 4]);

impl Bloom {
    /// This filter with one more name.
    fn with(mut self, name: &str) -> Self {
        // FNV-1a; two bits from different parts of the hash.
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        for bits in [hash & 0xff, (hash >> 16) & 0xff] {
            self.0[usize::try_from(bits >> 6).unwrap_or(0)] |= 1 << (bits & 63);
        }
        self
    }

    /// This filter and another.
    fn union(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] | other.0[i]))
    }

    /// Whether every name in `needed` may be in this filter.
    fn contains(self, needed: Self) -> bool {
        self.0
            .iter()
            .zip(needed.0)
            .all(|(have, need)| have & need == need)
    }

    /// The names an element itself carries.
    fn of(el: ElementRef<'_>) -> Self {
        let value = el.value();
        let mut bloom = value.id().map_or(Self::default(), |id| {
            Self::default().with(&format!("#{id}"))
        });
        for class in value.classes() {
            bloom = bloom.with(&format!(".{class}"));
        }
        bloom
    }
}

/// Style rules indexed by the last compound of their selector, so an element
/// is only matched against rules that can match it.
#[derive(Debug, Default)]
struct RuleSet {
    rules: Vec<StyleRule>,
    by_id: HashMap<String, Vec<usize>>,
    by_class: HashMap<String, Vec<usize>>,
    by_tag: HashMap<String, Vec<usize>>,
    any: Vec<usize>,
}

impl RuleSet {
    fn add(&mut self, key: Key, rule: StyleRule) {
        let index = self.rules.len();
        match key {
            Key::Id(id) => self.by_id.entry(id).or_default().push(index),
            Key::Class(class) => self.by_class.entry(class).or_default().push(index),
            Key::Tag(tag) => self.by_tag.entry(tag).or_default().push(index),
            Key::Any => self.any.push(index),
        }
        self.rules.push(rule);
    }

    /// The rules that match the element, whose ancestors have the classes
    /// and ids in `ancestors`.
    fn matching<'s>(
        &'s self,
        el: ElementRef<'_>,
        ancestors: Bloom,
    ) -> impl Iterator<Item = &'s StyleRule> {
        let value = el.value();
        let by_id = value.id().and_then(|id| self.by_id.get(id));
        let by_class = value.classes().filter_map(|c| self.by_class.get(c));
        let by_tag = self.by_tag.get(value.name());
        self.any
            .iter()
            .chain(by_id.into_iter().flatten())
            .chain(by_class.flatten())
            .chain(by_tag.into_iter().flatten())
            .map(|i| &self.rules[*i])
            .filter(move |rule| ancestors.contains(rule.ancestors) && rule.selector.matches(&el))
    }
}

/// The page's own style sheets.
#[derive(Debug, Default)]
struct Sheet {
    rules: RuleSet,
    /// Rules under a media condition, `@supports` or `@layer` that set colours.
    conditional: RuleSet,
    classes: HashSet<String>,
    ids: HashSet<String>,
    /// The page links a style sheet (or imports one) that we cannot read.
    external: bool,
    /// Selectors of the page's style rules that set a text shadow.
    shadows: Vec<Selector>,
}

impl Sheet {
    fn build(page: &Page, styles: &Selector, links: &Selector) -> Self {
        let mut sheet = Self::default();
        for link in page.html().select(links) {
            let el = link.value();
            let rel = el.attr("rel").unwrap_or_default().to_ascii_lowercase();
            let rel: Vec<&str> = rel.split_whitespace().collect();
            let stylesheet = (rel.contains(&"stylesheet") && !rel.contains(&"alternate"))
                || (rel.contains(&"preload")
                    && el
                        .attr("as")
                        .is_some_and(|a| a.eq_ignore_ascii_case("style")));
            if stylesheet && media_fit(el.attr("media")) != MediaFit::Never {
                sheet.external = true;
            }
        }
        let mut raw = css::RawSheet::default();
        for style in page.html().select(styles) {
            let in_template = style
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().name() == "template");
            let css_type = style
                .value()
                .attr("type")
                .is_none_or(|t| t.trim().is_empty() || t.trim().eq_ignore_ascii_case("text/css"));
            let fit = media_fit(style.value().attr("media"));
            if in_template || !css_type || fit == MediaFit::Never {
                continue;
            }
            let text: String = style.text().collect();
            css::parse_sheet(
                &css::strip_comments(&text),
                fit == MediaFit::Sometimes,
                &mut raw,
            );
        }
        sheet.external |= raw.imports;
        let mut names = HashSet::new();
        for (order, rule) in raw.rules.into_iter().enumerate() {
            css::mentioned_names(&rule.selectors, &mut names);
            if rule
                .declarations
                .iter()
                .any(|d| d.name == "text-shadow" && !d.value.trim().eq_ignore_ascii_case("none"))
                && let Ok(selector) = Selector::parse(&rule.selectors)
            {
                sheet.shadows.push(selector);
            }
            let declarations: Vec<Declaration> = rule
                .declarations
                .into_iter()
                .filter(|d| is_relevant(&d.name))
                .collect();
            if declarations.is_empty() {
                continue;
            }
            let sets_colour = declarations
                .iter()
                .any(|d| d.name.starts_with("--") || COLOUR_PROPERTIES.contains(&d.name.as_str()));
            if rule.conditional && !sets_colour {
                continue;
            }
            let declarations = Rc::new(declarations);
            for one in css::split_top_level(&rule.selectors, ',') {
                let one = one.trim();
                let Ok(selector) = Selector::parse(one) else {
                    continue;
                };
                let style_rule = StyleRule {
                    selector,
                    ancestors: css::ancestor_names(one)
                        .iter()
                        .fold(Bloom::default(), |b, n| b.with(n)),
                    specificity: css::specificity(one),
                    order: u32::try_from(order).unwrap_or(u32::MAX),
                    declarations: Rc::clone(&declarations),
                };
                let key = css::key(one);
                if rule.conditional {
                    sheet.conditional.add(key, style_rule);
                } else {
                    sheet.rules.add(key, style_rule);
                }
            }
        }
        for name in names {
            if let Some(class) = name.strip_prefix('.') {
                sheet.classes.insert(class.to_owned());
            } else if let Some(id) = name.strip_prefix('#') {
                sheet.ids.insert(id.to_owned());
            }
        }
        sheet
    }

    /// Whether a linked sheet we cannot read may style this element: the page
    /// links one, and the element has a class no page rule mentions, or is a
    /// layout container with such an id (ids on headings, paragraphs, fields
    /// and links are mostly link targets, not style hooks).
    fn unseen(&self, el: ElementRef<'_>) -> bool {
        let v = el.value();
        self.external
            && (v.classes().any(|c| !self.classes.contains(c))
                || (CONTAINERS.contains(&v.name())
                    && v.id().is_some_and(|id| !self.ids.contains(id))))
    }
}

fn media_fit(media: Option<&str>) -> MediaFit {
    media.map_or(MediaFit::Always, css::media_fit)
}

/// The declaration that won the cascade for one property of one element.
#[derive(Debug, Clone)]
struct Winner {
    value: String,
    inline: bool,
    /// From an HTML attribute (hex without `#` allowed).
    legacy: bool,
    /// (important, origin: 0 attribute, 1 sheet, 2 style attribute,
    /// specificity, rule order, position in the block).
    key: [u32; 5],
}

/// An element's own cascaded declarations.
#[derive(Debug, Default)]
struct Own {
    values: HashMap<String, Winner>,
}

impl Own {
    fn offer(&mut self, name: &str, winner: Winner) {
        match self.values.get(name) {
            Some(old) if old.key > winner.key => {}
            _ => {
                self.values.insert(name.to_owned(), winner);
            }
        }
    }
}

/// A declared value after `var()` substitution.
#[derive(Debug, Clone)]
struct Declared {
    value: String,
    inline: bool,
    legacy: bool,
    /// From the shorthand (`background`, `font`), not the longhand.
    shorthand: bool,
}

/// A value we could not work out (an unknown custom property, an unreadable
/// colour): the element is not judged.
#[derive(Debug, Clone, Copy)]
struct Unknown;

/// Text size and weight; `None` when unknown.
#[derive(Debug, Clone, Copy)]
struct Font {
    px: Option<f64>,
    bold: Option<bool>,
}

/// One element's background layer.
#[derive(Debug, Clone, Copy)]
struct Layer {
    colour: Rgba,
    image: bool,
    opacity: f64,
    positioned: bool,
    inline: bool,
}

/// Computes styles for the elements that need them, remembering each.
struct Ctx<'a> {
    sheet: &'a Sheet,
    own: HashMap<NodeId, Rc<Own>>,
    fonts: HashMap<NodeId, Font>,
    layers: HashMap<NodeId, Result<Layer, Unknown>>,
    /// For each element, the names its ancestors carry.
    blooms: HashMap<NodeId, Bloom>,
}

/// Deepest chain of `var()` references followed.
const MAX_VAR_DEPTH: usize = 8;

fn parent(el: ElementRef<'_>) -> Option<ElementRef<'_>> {
    el.parent().and_then(ElementRef::wrap)
}

impl<'a> Ctx<'a> {
    fn new(sheet: &'a Sheet) -> Self {
        Self {
            sheet,
            own: HashMap::new(),
            fonts: HashMap::new(),
            layers: HashMap::new(),
            blooms: HashMap::new(),
        }
    }

    fn own(&mut self, el: ElementRef<'_>) -> Rc<Own> {
        if let Some(own) = self.own.get(&el.id()) {
            return Rc::clone(own);
        }
        let mut own = Own::default();
        let value = el.value();
        let legacy = |v: &str| Winner {
            value: v.to_owned(),
            inline: false,
            legacy: true,
            key: [0; 5],
        };
        if let Some(c) = value.attr("color").filter(|_| value.name() == "font") {
            own.offer("color", legacy(c));
        }
        if let Some(c) = value.attr("text").filter(|_| value.name() == "body") {
            own.offer("color", legacy(c));
        }
        if let Some(c) = value
            .attr("bgcolor")
            .filter(|_| matches!(value.name(), "body" | "table" | "tr" | "td" | "th"))
        {
            own.offer("background-color", legacy(c));
        }
        let ancestors = self.ancestor_bloom(el);
        for rule in self.sheet.rules.matching(el, ancestors) {
            for (position, d) in rule.declarations.iter().enumerate() {
                own.offer(
                    &d.name,
                    Winner {
                        value: d.value.clone(),
                        inline: false,
                        legacy: false,
                        key: [
                            u32::from(d.important),
                            1,
                            rule.specificity,
                            rule.order,
                            u32::try_from(position).unwrap_or(u32::MAX),
                        ],
                    },
                );
            }
        }
        if let Some(style) = value.attr("style") {
            for (position, d) in css::declarations(&css::strip_comments(style))
                .into_iter()
                .enumerate()
                .filter(|(_, d)| is_relevant(&d.name))
            {
                own.offer(
                    &d.name,
                    Winner {
                        value: d.value,
                        inline: true,
                        legacy: false,
                        key: [
                            u32::from(d.important),
                            2,
                            0,
                            0,
                            u32::try_from(position).unwrap_or(u32::MAX),
                        ],
                    },
                );
            }
        }
        let own = Rc::new(own);
        self.own.insert(el.id(), Rc::clone(&own));
        own
    }

    /// The class and id names of an element's ancestors.
    fn ancestor_bloom(&mut self, el: ElementRef<'_>) -> Bloom {
        if let Some(bloom) = self.blooms.get(&el.id()) {
            return *bloom;
        }
        // From the nearest ancestor already known down, without recursion.
        let mut todo = vec![el];
        let mut bloom = Bloom::default();
        for a in el.ancestors().filter_map(ElementRef::wrap) {
            if let Some(known) = self.blooms.get(&a.id()) {
                // What `a`'s children inherit: its ancestors' names and its own.
                bloom = known.union(Bloom::of(a));
                break;
            }
            todo.push(a);
        }
        for at in todo.into_iter().rev() {
            self.blooms.insert(at.id(), bloom);
            bloom = bloom.union(Bloom::of(at));
        }
        self.blooms.get(&el.id()).copied().unwrap_or_default()
    }

    /// The declared value of a property (or of its shorthand, whichever won),
    /// with `var()` substituted. `None`: nothing declared.
    fn declared(
        &mut self,
        el: ElementRef<'_>,
        longhand: &str,
        shorthand: Option<&str>,
    ) -> Option<Result<Declared, Unknown>> {
        let own = self.own(el);
        let long = own.values.get(longhand);
        let short = shorthand.and_then(|s| own.values.get(s));
        let (winner, is_short) = match (long, short) {
            (Some(l), Some(s)) if s.key > l.key => (s, true),
            (Some(l), _) => (l, false),
            (None, Some(s)) => (s, true),
            (None, None) => return None,
        };
        let winner = winner.clone();
        let value = if contains_var(&winner.value) {
            match self.substitute(el, &winner.value, 0) {
                Some(v) => v,
                None => return Some(Err(Unknown)),
            }
        } else {
            winner.value
        };
        Some(Ok(Declared {
            value,
            inline: winner.inline,
            legacy: winner.legacy,
            shorthand: is_short,
        }))
    }

    /// Replaces each `var(--name, fallback)`.
    fn substitute(&mut self, el: ElementRef<'_>, value: &str, depth: usize) -> Option<String> {
        if depth > MAX_VAR_DEPTH {
            return None;
        }
        let mut out = String::new();
        let mut rest = value;
        while let Some(at) = find_var(rest) {
            out.push_str(&rest[..at]);
            let open = at + 4;
            let close = css::find_top_level(rest, open, &[')'])?;
            let inner = &rest[open..close];
            let (name, fallback) = match css::find_top_level(inner, 0, &[',']) {
                Some(comma) => (inner[..comma].trim(), Some(inner[comma + 1..].trim())),
                None => (inner.trim(), None),
            };
            let replacement = match self.custom(el, name, depth) {
                Some(v) => v,
                None => self.substitute(el, fallback?, depth + 1)?,
            };
            out.push_str(&replacement);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        Some(out)
    }

    /// The value of a custom property, inherited from the nearest element
    /// that sets it.
    fn custom(&mut self, el: ElementRef<'_>, name: &str, depth: usize) -> Option<String> {
        let mut current = Some(el);
        while let Some(at) = current {
            let own = self.own(at);
            if let Some(w) = own.values.get(name) {
                let value = w.value.clone();
                let keyword = value.trim().to_ascii_lowercase();
                if matches!(keyword.as_str(), "initial" | "") {
                    return None;
                }
                if keyword == "inherit" || keyword == "unset" {
                    current = parent(at);
                    continue;
                }
                return if contains_var(&value) {
                    self.substitute(at, &value, depth + 1)
                } else {
                    Some(value)
                };
            }
            current = parent(at);
        }
        None
    }

    /// The text colour of an element, and whether it may be wrong. `Err`:
    /// unknown (a linked sheet probably sets it).
    fn foreground(&mut self, start: ElementRef<'_>) -> Result<(Rgba, Option<Doubt>), Unknown> {
        let mut doubt = None;
        let mut current = Some(start);
        while let Some(el) = current {
            if let Some(declared) = self.declared(el, "color", None) {
                let declared = declared?;
                if !declared.inline && self.sheet.unseen(el) {
                    doubt = Some(Doubt::Linked);
                }
                let keyword = declared.value.trim().to_ascii_lowercase();
                match keyword.as_str() {
                    "inherit" | "unset" | "currentcolor" | "revert" | "revert-layer" => {
                        current = parent(el);
                        continue;
                    }
                    "initial" => return Ok((BLACK, doubt)),
                    _ => {}
                }
                let syntax = if declared.legacy {
                    Syntax::Attribute
                } else {
                    Syntax::Css
                };
                return colour::parse(&declared.value, syntax)
                    .map(|c| (c, doubt))
                    .ok_or(Unknown);
            }
            if self.sheet.unseen(el) {
                return Err(Unknown);
            }
            if let Some(default) = default_colour(el) {
                return self.default_value(default, doubt);
            }
            current = parent(el);
        }
        self.default_value(BLACK, doubt)
    }

    /// A browser default: unknown when a linked sheet may well replace it.
    fn default_value(
        &self,
        colour: Rgba,
        doubt: Option<Doubt>,
    ) -> Result<(Rgba, Option<Doubt>), Unknown> {
        if self.sheet.external {
            Err(Unknown)
        } else {
            Ok((colour, doubt))
        }
    }

    fn layer(&mut self, el: ElementRef<'_>) -> Result<Layer, Unknown> {
        if let Some(layer) = self.layers.get(&el.id()) {
            return *layer;
        }
        let layer = self.layer_of(el);
        self.layers.insert(el.id(), layer);
        layer
    }

    /// One element's background layer, worked out.
    fn layer_of(&mut self, el: ElementRef<'_>) -> Result<Layer, Unknown> {
        let mut colour = default_background(el);
        let mut image = false;
        let mut inline = false;
        match self.declared(el, "background-color", Some("background")) {
            None => {}
            Some(declared) => {
                let declared = declared?;
                inline = declared.inline;
                let value = if declared.shorthand {
                    let (c, i) = background_shorthand(&declared.value);
                    image |= i;
                    c
                } else {
                    declared.value.trim().to_owned()
                };
                let keyword = value.to_ascii_lowercase();
                colour = match keyword.as_str() {
                    "transparent" | "initial" | "unset" | "none" | "revert" | "revert-layer" => {
                        TRANSPARENT
                    }
                    "currentcolor" => self.foreground(el)?.0,
                    "inherit" => return Err(Unknown),
                    _ => {
                        let syntax = if declared.legacy {
                            Syntax::Attribute
                        } else {
                            Syntax::Css
                        };
                        colour::parse(&value, syntax).ok_or(Unknown)?
                    }
                };
            }
        }
        if let Some(declared) = self.declared(el, "background-image", Some("background")) {
            let declared = declared?;
            if !declared.shorthand {
                image |= is_image(&declared.value);
            }
        }
        let opacity = match self.declared(el, "opacity", None) {
            Some(d) => parse_opacity(&d?.value).ok_or(Unknown)?,
            None => 1.0,
        };
        let positioned = match self.declared(el, "position", None) {
            Some(d) => matches!(
                d?.value.trim().to_ascii_lowercase().as_str(),
                "absolute" | "fixed"
            ),
            None => false,
        };
        Ok(Layer {
            colour,
            image,
            opacity,
            positioned,
            inline,
        })
    }

    /// Paints the element's text and the background around it, from the
    /// canvas down; returns (text, background, doubt).
    fn paint(
        &mut self,
        start: ElementRef<'_>,
        text: Rgba,
    ) -> Result<(Rgba, Rgba, Option<Doubt>), Unknown> {
        // Bottom-up chain: the element first.
        let chain: Vec<ElementRef<'_>> = std::iter::once(start)
            .chain(start.ancestors().filter_map(ElementRef::wrap))
            .collect();
        let mut layers = Vec::with_capacity(chain.len());
        for el in &chain {
            layers.push(self.layer(*el)?);
        }
        let provider = layers.iter().position(|l| l.colour.is_opaque());
        let mut doubt = None;
        let reach = provider.map_or(chain.len(), |p| p + 1);
        for (i, (el, layer)) in chain.iter().zip(&layers).take(reach).enumerate() {
            if layer.image {
                doubt = first_doubt([doubt, Some(Doubt::Image)]);
            }
            if layer.positioned {
                doubt = first_doubt([doubt, Some(Doubt::Positioned)]);
            }
            let below_provider = provider.is_none_or(|p| i < p);
            if self.sheet.unseen(*el) && (below_provider || !layer.inline) {
                if provider.is_none() {
                    // Only the default canvas is known: the unseen class may
                    // well give this text its background.
                    return Err(Unknown);
                }
                doubt = first_doubt([doubt, Some(Doubt::Linked)]);
            }
        }
        if provider.is_none() && self.sheet.external {
            doubt = first_doubt([doubt, Some(Doubt::Linked)]);
        }
        // Top-down: the backdrop each element is painted on.
        let mut backdrops = vec![WHITE; chain.len()];
        let mut below = WHITE;
        for i in (0..chain.len()).rev() {
            backdrops[i] = below;
            below = layers[i].colour.over(below);
        }
        // `below` is now the element's own background; blend opacity groups
        // from the element up.
        let mut fg = text.over(below);
        let mut bg = below;
        for (layer, backdrop) in layers.iter().zip(&backdrops) {
            if layer.opacity < 1.0 {
                fg = fg.fade(layer.opacity).over(*backdrop);
                bg = bg.fade(layer.opacity).over(*backdrop);
            }
        }
        Ok((fg.quantised(), bg.quantised(), doubt))
    }

    /// Whether the page's own CSS hides the element.
    fn css_hidden(&mut self, start: ElementRef<'_>) -> bool {
        let mut visibility_seen = false;
        let mut current = Some(start);
        while let Some(el) = current {
            let own = self.own(el);
            let get = |name: &str| {
                own.values
                    .get(name)
                    .map(|w| w.value.trim().to_ascii_lowercase())
            };
            if get("display").as_deref() == Some("none") {
                return true;
            }
            if !visibility_seen && let Some(v) = get("visibility") {
                match v.as_str() {
                    "hidden" | "collapse" => return true,
                    "inherit" | "unset" => {}
                    _ => visibility_seen = true,
                }
            }
            if get("opacity").and_then(|o| parse_opacity(&o)) == Some(0.0) {
                return true;
            }
            let positioned = matches!(get("position").as_deref(), Some("absolute" | "fixed"));
            let clipped = get("clip").is_some_and(|c| c.starts_with("rect("))
                || get("clip-path")
                    .is_some_and(|c| c.starts_with("inset(50%") || c.starts_with("inset(100%"));
            let tiny = get("width")
                .and_then(|w| px_value(&w))
                .is_some_and(|w| w <= 1.0)
                && get("height")
                    .and_then(|h| px_value(&h))
                    .is_some_and(|h| h <= 1.0);
            let far = |name: &str| {
                get(name)
                    .and_then(|v| px_value(&v))
                    .is_some_and(|v| v <= -999.0)
            };
            if (positioned && (clipped || tiny || far("left") || far("top"))) || far("text-indent")
            {
                return true;
            }
            current = parent(el);
        }
        false
    }

    /// The text size (in CSS pixels) and weight.
    fn font(&mut self, el: ElementRef<'_>) -> Font {
        if let Some(font) = self.fonts.get(&el.id()) {
            return *font;
        }
        // Work from the nearest ancestor already known (or the root) down,
        // so deep pages need no deep recursion.
        let mut todo: Vec<ElementRef<'_>> = vec![el];
        let mut inherited = None;
        for a in el.ancestors().filter_map(ElementRef::wrap) {
            if let Some(font) = self.fonts.get(&a.id()) {
                inherited = Some(*font);
                break;
            }
            todo.push(a);
        }
        let root_px = match todo.last().filter(|t| parent(**t).is_none()) {
            // The root is among those to work out: it comes first.
            Some(_) => None,
            None => el
                .ancestors()
                .filter_map(ElementRef::wrap)
                .last()
                .and_then(|r| self.fonts.get(&r.id()))
                .and_then(|f| f.px),
        };
        let mut root_px = root_px;
        let mut inherited = inherited.unwrap_or(Font {
            px: Some(16.0),
            bold: Some(false),
        });
        for at in todo.into_iter().rev() {
            let is_root = parent(at).is_none();
            let font = self.font_of(at, inherited, if is_root { Some(16.0) } else { root_px });
            if is_root {
                root_px = font.px;
            }
            self.fonts.insert(at.id(), font);
            inherited = font;
        }
        inherited
    }

    /// One element's font, given its parent's and the root's size.
    fn font_of(&mut self, el: ElementRef<'_>, inherited: Font, root_px: Option<f64>) -> Font {
        let name = el.value().name();
        let mut px = match self.declared(el, "font-size", Some("font")) {
            None => inherited
                .px
                .map(|p| p * default_font_scale(name).unwrap_or(1.0)),
            Some(Err(Unknown)) => None,
            Some(Ok(d)) => {
                let size = if d.shorthand {
                    font_shorthand(&d.value).and_then(|(size, _)| size)
                } else {
                    Some(d.value)
                };
                size.and_then(|s| font_size(&s, inherited.px, root_px))
            }
        };
        let mut bold = match self.declared(el, "font-weight", Some("font")) {
            None => {
                if matches!(
                    name,
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "b" | "strong" | "th"
                ) {
                    Some(true)
                } else {
                    inherited.bold
                }
            }
            Some(Err(Unknown)) => None,
            Some(Ok(d)) => {
                let weight = if d.shorthand {
                    font_shorthand(&d.value).map(|(_, w)| w.unwrap_or_else(|| "normal".into()))
                } else {
                    Some(d.value)
                };
                weight.and_then(|w| font_weight(&w, inherited.bold))
            }
        };
        if self.sheet.unseen(el) {
            // A linked sheet may size this element.
            px = None;
            bold = None;
        }
        Font { px, bold }
    }

    /// Whether a rule under a condition could change the colours of the
    /// element or of an ancestor.
    fn conditional_doubt(&mut self, start: ElementRef<'_>) -> Option<Doubt> {
        if self.sheet.conditional.rules.is_empty() {
            return None;
        }
        let sheet = self.sheet;
        std::iter::once(start)
            .chain(start.ancestors().filter_map(ElementRef::wrap))
            .any(|el| {
                let ancestors = self.ancestor_bloom(el);
                sheet.conditional.matching(el, ancestors).next().is_some()
            })
            .then_some(Doubt::Conditional)
    }
}

fn contains_var(value: &str) -> bool {
    find_var(value).is_some()
}

/// The byte index of the next `var(`, in any case.
fn find_var(value: &str) -> Option<usize> {
    value
        .as_bytes()
        .windows(4)
        .position(|w| w.eq_ignore_ascii_case(b"var("))
}

/// The browser's own text colour for elements that do not inherit it.
fn default_colour(el: ElementRef<'_>) -> Option<Rgba> {
    let value = el.value();
    match value.name() {
        "a" | "area" if value.attr("href").is_some() => Some(Rgba::rgb8(0, 0, 0xee)),
        "mark" | "button" | "input" => Some(BLACK),
        _ => None,
    }
}

/// The browser's own background for a few elements.
fn default_background(el: ElementRef<'_>) -> Rgba {
    match el.value().name() {
        "mark" => Rgba::rgb8(0xff, 0xff, 0),
        "button" => Rgba::rgb8(0xef, 0xef, 0xef),
        _ => TRANSPARENT,
    }
}

/// How the browser scales the inherited size for some elements.
fn default_font_scale(name: &str) -> Option<f64> {
    Some(match name {
        "h1" => 2.0,
        "h2" => 1.5,
        "h3" => 1.17,
        "h5" => 0.83,
        "h6" => 0.67,
        "small" | "sub" | "sup" => 1.0 / 1.2,
        "big" => 1.2,
        _ => return None,
    })
}

/// Whether a `background-image` value paints something.
fn is_image(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    [
        "url(",
        "gradient(",
        "image(",
        "image-set(",
        "element(",
        "paint(",
        "cross-fade(",
    ]
    .iter()
    .any(|f| v.contains(f))
}

/// The colour (last layer; `transparent` when none) and whether there is an
/// image, from a `background` shorthand.
fn background_shorthand(value: &str) -> (String, bool) {
    let layers = css::split_top_level(value, ',');
    let image = layers.iter().any(|l| is_image(l));
    let last = layers.last().copied().unwrap_or_default();
    let mut colour = None;
    for token in tokens(last) {
        let lower = token.to_ascii_lowercase();
        if is_image(&lower) {
            continue;
        }
        if matches!(
            lower.as_str(),
            "inherit" | "initial" | "unset" | "none" | "transparent" | "currentcolor"
        ) || colour::parse(token, Syntax::Css).is_some()
        {
            colour = Some(token.to_owned());
        }
    }
    (colour.unwrap_or_else(|| "transparent".to_owned()), image)
}

/// Splits a value at top-level whitespace.
fn tokens(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = css::find_top_level(value, from, &[' ', '\t', '\n', '\r']) {
        if at > from {
            out.push(&value[from..at]);
        }
        from = at + 1;
    }
    if from < value.len() {
        out.push(&value[from..]);
    }
    out
}

/// `opacity: 0.5` or `50%`.
fn parse_opacity(value: &str) -> Option<f64> {
    let v = value.trim();
    let keyword = v.to_ascii_lowercase();
    if matches!(keyword.as_str(), "initial" | "unset" | "inherit" | "revert") {
        return Some(1.0);
    }
    let n = match v.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().ok()? / 100.0,
        None => v.parse::<f64>().ok()?,
    };
    n.is_finite().then(|| n.clamp(0.0, 1.0))
}

/// A length in `px` (or a unitless 0).
fn px_value(value: &str) -> Option<f64> {
    let v = value.trim();
    if v == "0" {
        return Some(0.0);
    }
    v.strip_suffix("px")?.trim().parse().ok()
}

/// A number followed by a unit.
fn number_unit(value: &str) -> Option<(f64, String)> {
    let v = value.trim().to_ascii_lowercase();
    let split = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(v.len());
    let n: f64 = v[..split].parse().ok()?;
    n.is_finite().then(|| (n, v[split..].to_owned()))
}

/// A `font-size` value in pixels, given the parent's and the root's size.
fn font_size(value: &str, parent_px: Option<f64>, root_px: Option<f64>) -> Option<f64> {
    let keyword = value.trim().to_ascii_lowercase();
    let absolute = match keyword.as_str() {
        "xx-small" => Some(9.0),
        "x-small" => Some(10.0),
        "small" => Some(13.0),
        "medium" | "initial" => Some(16.0),
        "large" => Some(18.0),
        "x-large" => Some(24.0),
        "xx-large" => Some(32.0),
        "xxx-large" => Some(48.0),
        _ => None,
    };
    if absolute.is_some() {
        return absolute;
    }
    match keyword.as_str() {
        "inherit" | "unset" | "revert" => return parent_px,
        "smaller" => return parent_px.map(|p| p / 1.2),
        "larger" => return parent_px.map(|p| p * 1.2),
        _ => {}
    }
    let (n, unit) = number_unit(&keyword)?;
    match unit.as_str() {
        "px" => Some(n),
        "" if n == 0.0 => Some(0.0),
        "pt" => Some(n * 4.0 / 3.0),
        "pc" => Some(n * 16.0),
        "in" => Some(n * 96.0),
        "cm" => Some(n * 96.0 / 2.54),
        "mm" => Some(n * 96.0 / 25.4),
        "em" => parent_px.map(|p| p * n),
        "%" => parent_px.map(|p| p * n / 100.0),
        "rem" => root_px.map(|r| r * n),
        _ => None,
    }
}

/// A `font-weight` value as bold or not, given the parent's.
fn font_weight(value: &str, parent_bold: Option<bool>) -> Option<bool> {
    let keyword = value.trim().to_ascii_lowercase();
    match keyword.as_str() {
        "bold" | "bolder" => Some(true),
        "normal" | "lighter" | "initial" => Some(false),
        "inherit" | "unset" | "revert" => parent_bold,
        other => other.parse::<f64>().ok().map(|w| w >= 700.0),
    }
}

/// (size, weight) from a `font` shorthand; `None` when it is not one we can
/// read (a system font keyword, or no size).
fn font_shorthand(value: &str) -> Option<(Option<String>, Option<String>)> {
    let keyword = value.trim().to_ascii_lowercase();
    if matches!(
        keyword.as_str(),
        "inherit" | "initial" | "unset" | "revert" | "revert-layer"
    ) {
        return Some((Some(keyword.clone()), Some(keyword)));
    }
    let mut weight = None;
    for token in tokens(value) {
        let lower = token.to_ascii_lowercase();
        if matches!(lower.as_str(), "bold" | "bolder" | "lighter")
            || (lower.len() == 3 && lower.ends_with("00") && lower.parse::<u32>().is_ok())
        {
            weight = Some(lower);
            continue;
        }
        let size = lower.split('/').next().unwrap_or_default();
        if font_size(size, Some(16.0), Some(16.0)).is_some() && !size.is_empty() {
            return Some((Some(size.to_owned()), weight));
        }
        if lower.starts_with("calc(") || lower.starts_with("clamp(") || lower.starts_with("var(") {
            return Some((None, weight));
        }
    }
    None
}

/// Text that says something: at least one letter or digit.
fn has_own_text(el: ElementRef<'_>) -> bool {
    el.children().any(|c| {
        c.value()
            .as_text()
            .is_some_and(|t| t.chars().any(char::is_alphanumeric))
    })
}

/// Elements named by others.
static LABELLED_BY: std::sync::LazyLock<Selector> = std::sync::LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Selector::parse("[aria-labelledby]").expect("static selector is valid")
});

/// The ids that disabled controls name with `aria-labelledby`, read once per
/// page.
fn labels_of_disabled(page: &Page) -> HashSet<String> {
    page.html()
        .select(&LABELLED_BY)
        .filter(|c| {
            let v = c.value();
            (matches!(
                v.name(),
                "button" | "input" | "select" | "textarea" | "fieldset" | "optgroup" | "option"
            ) && v.attr("disabled").is_some())
                || v.attr("aria-disabled")
                    .is_some_and(|a| a.trim().eq_ignore_ascii_case("true"))
        })
        .flat_map(|c| {
            c.value()
                .attr("aria-labelledby")
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether a text shadow is set on the element or inherited, by its `style`
/// or a page style rule: an outline or halo can give text the contrast its
/// colours lack.
fn has_text_shadow(el: ElementRef<'_>, shadows: &[Selector]) -> bool {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .any(|e| {
            shadows.iter().any(|s| s.matches(&e))
                || e.value().attr("style").is_some_and(|s| {
                    css::declarations(s)
                        .iter()
                        .any(|d| d.name == "text-shadow" && d.value.trim() != "none")
                })
        })
}

/// The element's own text is a single letter, digit or symbol: often an
/// icon ("X" for close) that an aria-label names in words.
fn is_single_glyph(el: ElementRef<'_>) -> bool {
    let text: String = el
        .children()
        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
        .collect();
    text.split_whitespace().collect::<String>().chars().count() == 1
}

/// Inactive controls, their contents and their labels (WCAG exempts them).
fn is_disabled(page: &Page, el: ElementRef<'_>, labels_of_disabled: &HashSet<String>) -> bool {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .any(|e| {
            let v = e.value();
            let disabled = |c: ElementRef<'_>| {
                matches!(
                    c.value().name(),
                    "button" | "input" | "select" | "textarea" | "fieldset" | "optgroup" | "option"
                ) && c.value().attr("disabled").is_some()
            };
            if disabled(e)
                || v.attr("aria-disabled")
                    .is_some_and(|a| a.trim().eq_ignore_ascii_case("true"))
            {
                return true;
            }
            // A label of a disabled control by aria-labelledby.
            if v.id().is_some_and(|id| labels_of_disabled.contains(id)) {
                return true;
            }
            if v.name() == "label" {
                if let Some(target) = v.attr("for").and_then(|id| page.element_by_id(id)) {
                    return disabled(target);
                }
                return e.descendants().filter_map(ElementRef::wrap).any(disabled);
            }
            false
        })
}

/// Text in a logo (WCAG exempts logotypes).
fn is_logo(el: ElementRef<'_>) -> bool {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .any(|e| {
            let v = e.value();
            v.classes().any(|c| c.to_ascii_lowercase().contains("logo"))
                || v.id()
                    .is_some_and(|i| i.to_ascii_lowercase().contains("logo"))
        })
}

/// A failing ratio to two decimals: rounded, but rounded down when rounding
/// would make it look like it reaches the threshold (4.499 is "4.49", not
/// "4.50").
fn ratio_text(ratio: f64, needed: f64) -> String {
    let rounded = (ratio * 100.0).round() / 100.0;
    let shown = if rounded >= needed {
        (ratio * 100.0).floor() / 100.0
    } else {
        rounded
    };
    format!("{shown:.2}")
}

/// A threshold without needless decimals: 4.5, 3, 7.
fn threshold_text(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

impl TextContrast {
    fn judge(&self, ctx: &mut Ctx<'_>, el: ElementRef<'_>) -> Option<Hit> {
        if ctx.css_hidden(el) {
            return None;
        }
        let (text, fg_doubt) = ctx.foreground(el).ok()?;
        let (fg, bg, bg_doubt) = ctx.paint(el, text).ok()?;
        let ratio = contrast(fg, bg);
        if ratio >= self.normal || fg == bg {
            return None;
        }
        let font = ctx.font(el);
        if font.px.is_some_and(|px| px <= 0.0) {
            // `font-size: 0` hides text.
            return None;
        }
        let large = match (font.px, font.bold) {
            (Some(px), _) if px + 1e-6 >= self.large_px => Some(true),
            (Some(px), Some(bold)) => Some(bold && px + 1e-6 >= self.large_bold_px),
            // Too small to be large even if it is bold.
            (Some(px), None) if px + 1e-6 < self.large_bold_px => Some(false),
            _ => None,
        };
        let (needed, size_doubt, size_note) = match large {
            Some(true) => (self.large, None, String::new()),
            Some(false) => (self.normal, None, String::new()),
            // Fails even as large text: certain, and small text needs more.
            None if ratio < self.large => (
                self.normal,
                None,
                format!(
                    " (or {}:1 if it is large text: carelint could not work out its size)",
                    threshold_text(self.large)
                ),
            ),
            None => (self.normal, Some(Doubt::Size), String::new()),
        };
        if ratio >= needed {
            return None;
        }
        let from = if large == Some(true) {
            self.from_large
        } else {
            self.from_normal
        };
        if ratio < from {
            return None;
        }
        let shadow_doubt = has_text_shadow(el, &ctx.sheet.shadows).then_some(Doubt::Shadow);
        let glyph_doubt = is_single_glyph(el).then_some(Doubt::Glyph);
        let doubt = first_doubt([
            shadow_doubt,
            glyph_doubt,
            fg_doubt,
            bg_doubt,
            ctx.conditional_doubt(el),
            size_doubt,
        ]);
        let note = doubt.map_or(size_note, |d| d.note().to_owned());
        let mut hit = Hit::element(el.id())
            .arg("ratio", ratio_text(ratio, needed))
            .arg("needed", threshold_text(needed))
            .arg("fg", fg.hex())
            .arg("bg", bg.hex())
            .arg("note", note);
        if doubt.is_some() {
            hit = hit.confidence(Confidence::Review);
        }
        Some(hit)
    }
}

impl TextContrast {
    /// Every finding on a page, in document order.
    fn hits(&self, page: &Page) -> Vec<Hit> {
        let sheet = Sheet::build(page, &self.styles, &self.links);
        let mut ctx = Ctx::new(&sheet);
        let disabled_labels = labels_of_disabled(page);
        let mut hits = Vec::new();
        let mut stack = vec![page.root()];
        while let Some(el) = stack.pop() {
            let value = el.value();
            if SKIPPED.contains(&value.name())
                || (value.name() == "dialog" && value.attr("open").is_none())
            {
                continue;
            }
            let children: Vec<ElementRef<'_>> =
                el.children().filter_map(ElementRef::wrap).collect();
            stack.extend(children.into_iter().rev());
            if !has_own_text(el)
                || is_hidden(el)
                || is_disabled(page, el, &disabled_labels)
                || is_logo(el)
            {
                continue;
            }
            if let Some(hit) = self.judge(&mut ctx, el) {
                hits.push(hit);
            }
        }
        hits
    }
}

impl PageCheck for TextContrast {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for hit in self.hits(page) {
            out.emit(hit);
        }
    }
}

#[cfg(test)]
mod tests;
