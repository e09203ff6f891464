//! Reading single CSS values: lengths, font sizes and weights, opacity, the
//! `background` and `font` shorthands, and the browser's own defaults.

use scraper::ElementRef;

use super::colour::{self, BLACK, Rgba, Syntax, TRANSPARENT};
use super::css;

/// The browser's own text colour for elements that do not inherit it.
pub(super) fn default_colour(el: ElementRef<'_>) -> Option<Rgba> {
    let value = el.value();
    match value.name() {
        "a" | "area" if value.attr("href").is_some() => Some(Rgba::rgb8(0, 0, 0xee)),
        "mark" | "button" | "input" => Some(BLACK),
        _ => None,
    }
}

/// The browser's own background for a few elements.
pub(super) fn default_background(el: ElementRef<'_>) -> Rgba {
    match el.value().name() {
        "mark" => Rgba::rgb8(0xff, 0xff, 0),
        "button" => Rgba::rgb8(0xef, 0xef, 0xef),
        _ => TRANSPARENT,
    }
}

/// How the browser scales the inherited size for some elements.
pub(super) fn default_font_scale(name: &str) -> Option<f64> {
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
pub(super) fn is_image(value: &str) -> bool {
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
pub(super) fn background_shorthand(value: &str) -> (String, bool) {
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
pub(super) fn parse_opacity(value: &str) -> Option<f64> {
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
pub(super) fn px_value(value: &str) -> Option<f64> {
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
pub(super) fn font_size(value: &str, parent_px: Option<f64>, root_px: Option<f64>) -> Option<f64> {
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
pub(super) fn font_weight(value: &str, parent_bold: Option<bool>) -> Option<bool> {
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
pub(super) fn font_shorthand(value: &str) -> Option<(Option<String>, Option<String>)> {
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
