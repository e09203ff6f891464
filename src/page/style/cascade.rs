//! The cascade for one element: which declaration wins each property (legacy
//! attributes, then page rules by importance, specificity and order, then the
//! `style` attribute), and `var()` substitution from inherited custom
//! properties.

use std::collections::HashMap;
use std::rc::Rc;

use scraper::ElementRef;

use super::sheet::{Bloom, is_relevant};
use super::{Styles, Unknown, css, parent};

/// The declaration that won the cascade for one property of one element.
#[derive(Debug, Clone)]
pub(super) struct Winner {
    pub(super) value: String,
    inline: bool,
    /// From an HTML attribute (hex without `#` allowed).
    legacy: bool,
    /// (important, origin: 0 attribute, 1 sheet, 2 style attribute,
    /// specificity, rule order, position in the block).
    key: [u32; 5],
    /// Where a sheet's rule was written, for "set in css/site.css".
    source: Option<Rc<str>>,
}

/// An element's own cascaded declarations.
#[derive(Debug, Default)]
pub(super) struct Own {
    pub(super) values: HashMap<String, Winner>,
}

impl Own {
    /// Keeps `winner` unless the value already held outranks it.
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
pub(super) struct Declared {
    pub(super) value: String,
    /// From the `style` attribute.
    pub(super) inline: bool,
    /// From an HTML attribute (hex without `#` allowed).
    pub(super) legacy: bool,
    /// From the shorthand (`background`, `font`), not the longhand.
    pub(super) shorthand: bool,
    /// The sheet its rule is in, for a rule from a sheet.
    pub(super) source: Option<Rc<str>>,
}

/// Deepest chain of `var()` references followed.
const MAX_VAR_DEPTH: usize = 8;

impl Styles {
    /// The element's own cascaded declarations, worked out once.
    pub(super) fn own(&mut self, el: ElementRef<'_>) -> Rc<Own> {
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
            source: None,
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
                        source: Some(Rc::clone(&rule.source)),
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
                        source: None,
                    },
                );
            }
        }
        let own = Rc::new(own);
        self.own.insert(el.id(), Rc::clone(&own));
        own
    }

    /// The class and id names of an element's ancestors.
    pub(super) fn ancestor_bloom(&mut self, el: ElementRef<'_>) -> Bloom {
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
    pub(super) fn declared(
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
            source: winner.source,
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
}

/// Whether a value uses a custom property.
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
