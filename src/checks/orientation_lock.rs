//! `orientation-lock`: flags page styles that turn the whole page on its
//! side in one screen orientation, so it only reads one way up (WCAG 2.2 SC
//! 1.3.4 Orientation; ACT rule b33eff).
//!
//! ## What it checks
//! In the page's `<style>` elements, each `@media` block whose condition
//! names `orientation: portrait` or `orientation: landscape` and holds a rule
//! for `html` or `body` (on its own in the selector list) that rotates it:
//! `transform` with `rotate()`, `rotateZ()`, `matrix()` or `matrix3d()`, or the
//! `rotate` property. A turn between 45 and 135 degrees (or the same the
//! other way) puts the page on its side: someone whose tablet is fixed to a
//! wheelchair cannot turn the device to read it. Small tilts, full turns and
//! transforms that do not rotate (`translateX`) are fine.
//!
//! Linked style sheets are not read. The finding is at the `<style>` element;
//! `{orientation}` is the orientation the rotation applies in.
//!
//! ## Example
//! ```toml
//! [check]
//! kind = "orientation-lock"
//! ```

use scraper::Selector;
use serde::Deserialize;

use crate::page::style::{declarations, find_top_level, strip_comments};
use super::{Emitter, Hit, PageCheck, RuleSource};
use crate::error::DataFileError;
use crate::page::Page;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
}

#[derive(Debug)]
pub(crate) struct OrientationLock {
    styles: Selector,
}

impl OrientationLock {
    pub(crate) fn new(source: &RuleSource<'_>) -> Result<Self, DataFileError> {
        let _: Params = source.params()?;
        Ok(Self {
            styles: source.fixed_selector("style")?,
        })
    }
}

/// An angle in degrees from a CSS angle (`90deg`, `1.5708rad`, `0.25turn`,
/// `100grad`).
fn angle(value: &str) -> Option<f64> {
    let v = value.trim().to_ascii_lowercase();
    let number = |s: &str| s.trim().parse::<f64>().ok().filter(|n| n.is_finite());
    if let Some(n) = v.strip_suffix("deg") {
        return number(n);
    }
    if let Some(n) = v.strip_suffix("grad") {
        return number(n).map(|n| n * 0.9);
    }
    if let Some(n) = v.strip_suffix("rad") {
        return number(n).map(f64::to_degrees);
    }
    if let Some(n) = v.strip_suffix("turn") {
        return number(n).map(|n| n * 360.0);
    }
    number(&v).filter(|n| *n == 0.0)
}

/// The rotation a `transform` value applies, in degrees, summed over its
/// functions; `None` when it rotates nothing it can read.
fn transform_rotation(value: &str) -> Option<f64> {
    let mut total = None;
    let lower = value.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(open) = rest.find('(') {
        let name = rest[..open]
            .trim()
            .rsplit([' ', ')'])
            .next()
            .unwrap_or_default();
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        let args: Vec<&str> = rest[open + 1..open + close]
            .split(',')
            .map(str::trim)
            .collect();
        let turn = match name {
            "rotate" | "rotatez" if args.len() == 1 => angle(args[0]),
            // rotate3d(x, y, z, a) about the z axis only.
            "rotate3d" if args.len() == 4 && args[..2].iter().all(|a| angle(a) == Some(0.0)) => {
                angle(args[3])
            }
            "matrix" if args.len() == 6 => matrix_angle(args[0], args[1]),
            "matrix3d" if args.len() == 16 => matrix_angle(args[0], args[1]),
            _ => None,
        };
        if let Some(t) = turn {
            total = Some(total.unwrap_or(0.0) + t);
        }
        rest = &rest[open + close + 1..];
    }
    total
}

/// The rotation of a 2D matrix from its first column (a, b).
fn matrix_angle(a: &str, b: &str) -> Option<f64> {
    let a = a.parse::<f64>().ok()?;
    let b = b.parse::<f64>().ok()?;
    (a.is_finite() && b.is_finite() && (a != 0.0 || b != 0.0)).then(|| b.atan2(a).to_degrees())
}

/// Whether a turn puts the page on its side.
fn sideways(degrees: f64) -> bool {
    let d = degrees.rem_euclid(180.0);
    (45.0..=135.0).contains(&d)
}

/// The orientation a media condition names, if any.
fn orientation(prelude: &str) -> Option<&'static str> {
    let compact: String = prelude
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if compact.contains("orientation:portrait") {
        Some("portrait")
    } else if compact.contains("orientation:landscape") {
        Some("landscape")
    } else {
        None
    }
}

/// Whether a selector list names the root or the body on its own.
fn targets_page(selectors: &str) -> bool {
    selectors.split(',').any(|s| {
        matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "html" | ":root" | "body"
        )
    })
}

/// The orientation of the first `@media` block in `css` that turns the page.
fn locked_orientation(css: &str) -> Option<&'static str> {
    let mut from = 0;
    while let Some(at) = css[from..].find("@media").map(|i| from + i) {
        let open = find_top_level(css, at, &['{'])?;
        let close = find_top_level(css, open + 1, &['}']).unwrap_or(css.len());
        let prelude = &css[at + "@media".len()..open];
        from = close.min(css.len());
        let Some(which) = orientation(prelude) else {
            continue;
        };
        let block = &css[open + 1..close];
        let mut rule_from = 0;
        while let Some(brace) = find_top_level(block, rule_from, &['{']) {
            let end = find_top_level(block, brace + 1, &['}']).unwrap_or(block.len());
            let selectors = &block[rule_from..brace];
            let body = &block[brace + 1..end];
            rule_from = (end + 1).min(block.len());
            if !targets_page(selectors) {
                continue;
            }
            let turned = declarations(body).iter().any(|d| match d.name.as_str() {
                "transform" => transform_rotation(&d.value).is_some_and(sideways),
                "rotate" => {
                    // `rotate: 90deg` or `rotate: z 90deg`.
                    let v = d.value.trim();
                    let last = v.rsplit(' ').next().unwrap_or(v);
                    angle(last).is_some_and(sideways)
                }
                _ => false,
            });
            if turned {
                return Some(which);
            }
            if rule_from >= block.len() {
                break;
            }
        }
    }
    None
}

impl PageCheck for OrientationLock {
    fn check(&self, page: &Page, out: &mut Emitter<'_>) {
        for style in page.html().select(&self.styles) {
            let css = strip_comments(&style.text().collect::<String>());
            if let Some(which) = locked_orientation(&css) {
                out.emit(Hit::element(style.id()).arg("orientation", which));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rotations() {
        assert!(sideways(transform_rotation("rotate(90deg)").unwrap_or(0.0)));
        assert!(sideways(
            transform_rotation("rotate(1.5708rad)").unwrap_or(0.0)
        ));
        assert!(sideways(
            transform_rotation("matrix3d(0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)")
                .unwrap_or(0.0)
        ));
        assert!(!sideways(
            transform_rotation("rotateZ(1turn)").unwrap_or(0.0)
        ));
        assert!(!sideways(
            transform_rotation("matrix(1, -1.22465e-15, 1.22465e-15, 1, 0, 0)").unwrap_or(0.0)
        ));
        assert_eq!(transform_rotation("translateX(100px)"), None);
    }

    #[test]
    fn finds_the_media_block() {
        let css = "body { color: red } @media (orientation: landscape) { body { transform: rotate(92.5deg); } }";
        assert_eq!(locked_orientation(css), Some("landscape"));
        let css = "@media (orientation: lanscape) { body { transform: rotate(90deg); } }";
        assert_eq!(locked_orientation(css), None);
        let css = "@media (orientation: portrait) { .card { transform: rotate(90deg); } }";
        assert_eq!(locked_orientation(css), None);
    }
}
