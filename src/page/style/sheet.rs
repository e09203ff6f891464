//! The page's own style sheets, read once: `<style>` rules indexed for fast
//! matching, and what the page says about sheets it links but we cannot read.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use scraper::{ElementRef, Selector};

use super::css::{self, Declaration, Key, MediaFit};
use super::linked;
use crate::page::Page;

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
    "font-family",
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

/// Whether the cascade keeps a property: one it reads, or a custom property
/// (any of which a `var()` may name).
pub(super) fn is_relevant(name: &str) -> bool {
    name.starts_with("--") || PROPERTIES.contains(&name)
}

/// A style rule with one selector.
#[derive(Debug)]
pub(super) struct StyleRule {
    selector: Selector,
    /// Bloom bits of the classes and ids the element's ancestors must have.
    ancestors: Bloom,
    pub(super) specificity: u32,
    pub(super) order: u32,
    pub(super) declarations: Rc<Vec<Declaration>>,
    /// Where the rule was written (a sheet's href, or the page's `<style>`).
    pub(super) source: Rc<str>,
}

/// A 256-bit Bloom filter of class and id names (`.card`, `#main`), so most
/// rules whose ancestors cannot match are skipped without matching them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Bloom([u64; 4]);

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
    pub(super) fn union(self, other: Self) -> Self {
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
    pub(super) fn of(el: ElementRef<'_>) -> Self {
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
pub(super) struct RuleSet {
    pub(super) rules: Vec<StyleRule>,
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
    pub(super) fn matching<'s>(
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
pub(super) struct Sheet {
    pub(super) rules: RuleSet,
    /// Rules under a media condition, `@supports` or `@layer` that set colours.
    pub(super) conditional: RuleSet,
    classes: HashSet<String>,
    ids: HashSet<String>,
    /// The page links a style sheet (or imports one) that we cannot read.
    pub(super) external: bool,
    /// Selectors of the page's style rules that set a text shadow.
    pub(super) shadows: Vec<Selector>,
}

impl Sheet {
    /// Reads the page's style sheets in cascade order: its `<style>` elements
    /// and the linked sheets the input side loaded, and notes the sheets it
    /// links or imports that were not loaded.
    pub(super) fn build(page: &Page) -> Self {
        let mut sheet = Self::default();
        let mut raw = css::RawSheet::default();
        for el in page.html().select(&linked::LINKS_AND_STYLES) {
            if el.value().name() == "link" {
                let Some((href, fit)) = linked::linked_sheet(el) else {
                    continue;
                };
                match page.linked_style(href) {
                    Some(text) => {
                        raw.source = Rc::from(href);
                        css::parse_sheet(text, fit == MediaFit::Sometimes, &mut raw);
                    }
                    None => sheet.external |= linked::may_set_colours(href),
                }
                continue;
            }
            let Some(fit) = linked::applied_style(el) else {
                continue;
            };
            let line = page
                .span(el.id())
                .map_or(0, |span| page.position(span.start).line);
            raw.source = Rc::from(format!("the page's <style> at line {line}"));
            let text: String = el.text().collect();
            let text = linked::inline_imports(&css::strip_comments(&text), &mut |href| {
                page.linked_style(href).map(str::to_owned)
            });
            css::parse_sheet(&text, fit == MediaFit::Sometimes, &mut raw);
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
                    source: Rc::clone(&rule.source),
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
    pub(super) fn unseen(&self, el: ElementRef<'_>) -> bool {
        let v = el.value();
        self.external
            && (v.classes().any(|c| !self.classes.contains(c))
                || (CONTAINERS.contains(&v.name())
                    && v.id().is_some_and(|id| !self.ids.contains(id))))
    }
}
