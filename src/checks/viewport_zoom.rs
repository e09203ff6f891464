//! `viewport-zoom`: flags a viewport `<meta>` that stops people zooming.
//!
//! ## What it checks
//! `<meta name="viewport">` with `user-scalable=no` (or `0`), or with a
//! `maximum-scale` below `min_maximum_scale` (default 2, as WCAG 1.4.4 asks for
//! text to scale to 200%). Values are read as browsers read them: `yes` is 1,
//! `device-width` is 10, a number between -1 and 1 or any other word turns
//! zoom off for `user-scalable` and is 0.1 for `maximum-scale`, and a
//! negative `maximum-scale` is ignored.
//!
//! ## References
//! WCAG 2.2 SC 1.4.4 Resize Text; ACT rule b4f0c3.

use scraper::Selector;
use serde::Deserialize;
use toml::Spanned;

use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::Page;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_min")]
    min_maximum_scale: Spanned<f64>,
}

fn default_min() -> Spanned<f64> {
    Spanned::new(0..0, 2.0)
}

#[derive(Debug)]
pub(crate) struct ViewportZoom {
    min_maximum_scale: f64,
    selector: Selector,
}

impl ViewportZoom {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let p: Params = source.params()?;
        let min = *p.min_maximum_scale.get_ref();
        if !(1.0..=10.0).contains(&min) {
            return Err(source.error_at(
                &p.min_maximum_scale,
                format!("min_maximum_scale must be between 1 and 10, not {min}"),
            ));
        }
        Ok(Self {
            min_maximum_scale: min,
            selector: source.fixed_selector("meta[name]")?,
        })
    }

    /// What in a viewport `content` value blocks zoom, if anything.
    fn problem(&self, content: &str) -> Option<String> {
        let mut problems = Vec::new();
        for part in content.split([',', ';']) {
            let Some((key, value)) = part.split_once('=') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
            if value.is_empty() {
                continue;
            }
            // Values as browsers translate them (CSS Device Adaptation,
            // "translate a meta viewport element"): yes is 1, device-width and
            // device-height are 10, other words are like "no", and a negative
            // number is ignored.
            let number = match value.as_str() {
                "yes" => Some(1.0),
                "device-width" | "device-height" => Some(10.0),
                _ => value.parse::<f64>().ok().filter(|n| n.is_finite()),
            };
            match key.as_str() {
                "user-scalable" if number.is_none_or(|n| n.abs() < 1.0) => {
                    problems.push(format!("user-scalable={value}"));
                }
                "maximum-scale" => match number {
                    Some(scale) if scale < 0.0 => {}
                    Some(scale) if scale >= self.min_maximum_scale => {}
                    _ => problems.push(format!("maximum-scale={value}")),
                },
                _ => {}
            }
        }
        (!problems.is_empty()).then(|| problems.join(", "))
    }
}

impl PageCheck for ViewportZoom {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for meta in page.html().select(&self.selector) {
            if !meta
                .value()
                .attr("name")
                .is_some_and(|n| n.trim().eq_ignore_ascii_case("viewport"))
            {
                continue;
            }
            let Some(problem) = meta.value().attr("content").and_then(|c| self.problem(c)) else {
                continue;
            };
            out.emit(Hit::element(meta.id()).arg("problem", problem));
        }
    }
}
