//! `matching-element`: flags every element that matches a selector, optionally
//! only when it lacks an attribute.
//!
//! ## What it checks
//! Each element matching `selector`. With `missing_attribute`, only elements
//! without that attribute (or with a blank value, unless `blank_allowed`).
//! With `spaces_only` as well, only elements whose attribute is there but holds
//! nothing except spaces (not empty): `alt=" "` is not the `alt=""` that marks
//! an image as decoration, so screen readers may still announce the image.
//! Elements hidden from everyone (`hidden`, `aria-hidden="true"`,
//! `display:none`) are skipped unless `include_hidden` is set. The content of
//! a `<template>` is never checked: it is inert until a script copies it.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "matching-element"
//! selector = "img"
//! missing_attribute = "alt"
//! blank_allowed = true   # alt="" marks a decorative image
//! ```

use scraper::{ElementRef, Selector};
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::Page;
use crate::page::is_hidden;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    selector: Spanned<String>,
    #[serde(default)]
    missing_attribute: Option<String>,
    #[serde(default)]
    blank_allowed: bool,
    #[serde(default)]
    spaces_only: Option<Spanned<bool>>,
    #[serde(default)]
    include_hidden: bool,
}

#[derive(Debug)]
pub(crate) struct MatchingElement {
    selector: Selector,
    missing_attribute: Option<String>,
    blank_allowed: bool,
    spaces_only: bool,
    include_hidden: bool,
}

impl MatchingElement {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        if let Some(flag) = &p.spaces_only
            && p.missing_attribute.is_none()
        {
            return Err(source.error_at(flag, "`spaces_only` needs `missing_attribute`"));
        }
        Ok(Self {
            selector: source.selector(&p.selector)?,
            missing_attribute: p.missing_attribute,
            blank_allowed: p.blank_allowed,
            spaces_only: p.spaces_only.is_some_and(Spanned::into_inner),
            include_hidden: p.include_hidden,
        })
    }

    fn is_hit(&self, element: ElementRef<'_>) -> bool {
        let Some(attribute) = &self.missing_attribute else {
            return true;
        };
        let value = element.value().attr(attribute);
        if self.spaces_only {
            return value.is_some_and(|v| !v.is_empty() && v.trim().is_empty());
        }
        match value {
            None => true,
            Some(value) => value.trim().is_empty() && !self.blank_allowed,
        }
    }
}

impl PageCheck for MatchingElement {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for element in page.html().select(&self.selector) {
            if !self.is_hit(element) || (!self.include_hidden && is_hidden(element)) {
                continue;
            }
            let in_template = crate::page::hidden::in_template(element);
            if in_template {
                continue;
            }
            out.emit(
                Hit::element(element.id())
                    .arg("tag", element.value().name())
                    .arg(
                        "attribute",
                        self.missing_attribute.as_deref().unwrap_or_default(),
                    ),
            );
        }
    }
}
