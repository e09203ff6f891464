//! Media queries, judged the way the guide needs: for every screen a person
//! may read the page on, in its default settings.
//!
//! - **Screen size** (`width`, `height`, `orientation`, `aspect-ratio`,
//!   `resolution`, `hover`, `pointer`) differs between a phone and a desktop,
//!   and neither is "the" page: a rule that holds on every screen from 320
//!   to 1920 CSS pixels wide always applies (`min-width: 0`), one that holds
//!   on none never does, and one that holds on some is [`MediaFit::Sometimes`]:
//!   not applied, and a finding it could change goes to review. Judging only
//!   a desktop width would quietly pass text that fails on the phone, the
//!   only device many people have.
//! - **User preferences** (`prefers-color-scheme`, `prefers-contrast`,
//!   `prefers-reduced-motion`, `forced-colors`, `inverted-colors`) are judged
//!   at their defaults (light, no preference, none): a dark theme is another
//!   state of the page, as `:hover` is, and the default must pass on its own.
//! - Media types: `screen` and `all` apply, `print` and `speech` never do.
//!
//! Anything not understood is [`MediaFit::Sometimes`].

use super::css::{MediaFit, split_top_level};

/// The narrowest and widest screens judged, in CSS pixels.
const WIDTHS: (f64, f64) = (320.0, 1920.0);
/// The shortest and tallest.
const HEIGHTS: (f64, f64) = (480.0, 1440.0);
/// `em` and `rem` in media queries are the browser's default font size.
const EM_PX: f64 = 16.0;

/// How a media query list fits the screens judged.
pub(crate) fn fit(list: &str) -> MediaFit {
    let list = list.trim().to_ascii_lowercase();
    if list.is_empty() {
        return MediaFit::Always;
    }
    split_top_level(&list, ',')
        .into_iter()
        .map(query)
        .fold(MediaFit::Never, either)
}

/// One query: `[not|only] type [and (condition)]…`, or conditions alone.
fn query(q: &str) -> MediaFit {
    let q = q.trim();
    if q.is_empty() {
        return MediaFit::Always;
    }
    let (negated, rest) = match q.strip_prefix("not ") {
        Some(rest) => (true, rest.trim_start()),
        None => (false, q.strip_prefix("only ").unwrap_or(q).trim_start()),
    };
    let (media_type, conditions) = if rest.starts_with('(') {
        ("all", rest)
    } else {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let conditions = rest[end..].trim_start();
        let conditions = conditions.strip_prefix("and").unwrap_or(conditions);
        (&rest[..end], conditions.trim_start())
    };
    let type_fit = match media_type {
        "all" | "screen" => MediaFit::Always,
        "print" | "speech" | "aural" | "braille" | "embossed" | "tty" | "tv" | "projection"
        | "handheld" => MediaFit::Never,
        _ => MediaFit::Sometimes,
    };
    let fit = both(type_fit, condition(conditions));
    if negated { not(fit) } else { fit }
}

/// A condition: `(a) and (b)`, `(a) or (b)`, `not (a)`, nested.
fn condition(c: &str) -> MediaFit {
    let c = c.trim();
    if c.is_empty() {
        return MediaFit::Always;
    }
    if let Some(rest) = c.strip_prefix("not ") {
        return not(condition(rest));
    }
    let parts = parts(c);
    if parts.len() > 1 {
        let mut fit = in_parens(parts[0]);
        for pair in parts[1..].chunks(2) {
            let [op, next] = pair else {
                return MediaFit::Sometimes;
            };
            fit = match *op {
                "and" => both(fit, in_parens(next)),
                "or" => either(fit, in_parens(next)),
                _ => return MediaFit::Sometimes,
            };
        }
        return fit;
    }
    in_parens(c)
}

/// Splits `(a) and (b) or (c)` into `["(a)", "and", "(b)", "or", "(c)"]`.
fn parts(c: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0_i32;
    let mut start = 0;
    for (i, ch) in c.char_indices() {
        match ch {
            '(' => {
                if depth == 0 && i > start {
                    out.extend(c[start..i].split_whitespace());
                    start = i;
                }
                depth += 1;
            }
            ')' => {
                depth -= 1;
                if depth == 0 {
                    out.push(&c[start..=i]);
                    start = i + 1;
                }
            }
            _ => {}
        }
    }
    if start < c.len() {
        out.extend(c[start..].split_whitespace());
    }
    out
}

/// `(feature: value)`, `(feature)`, a range, or a nested condition.
fn in_parens(p: &str) -> MediaFit {
    let Some(inner) = p.trim().strip_prefix('(').and_then(|s| s.strip_suffix(')')) else {
        return MediaFit::Sometimes;
    };
    let inner = inner.trim();
    if inner.starts_with('(') || inner.starts_with("not ") {
        return condition(inner);
    }
    if let Some((name, value)) = inner.split_once(':') {
        return feature(name.trim(), Some(value.trim()));
    }
    if inner.contains(['<', '>', '=']) {
        return range(inner);
    }
    feature(inner, None)
}

/// A `name: value` (or bare `name`) feature.
fn feature(name: &str, value: Option<&str>) -> MediaFit {
    let bool_of = |always: bool| {
        if always {
            MediaFit::Always
        } else {
            MediaFit::Never
        }
    };
    match (name, value) {
        ("min-width", Some(v)) => {
            length(v).map_or(MediaFit::Sometimes, |v| span(WIDTHS, v, f64::INFINITY))
        }
        ("max-width", Some(v)) => length(v).map_or(MediaFit::Sometimes, |v| span(WIDTHS, 0.0, v)),
        ("width", Some(v)) => length(v).map_or(MediaFit::Sometimes, |v| span(WIDTHS, v, v)),
        ("min-height", Some(v)) => {
            length(v).map_or(MediaFit::Sometimes, |v| span(HEIGHTS, v, f64::INFINITY))
        }
        ("max-height", Some(v)) => length(v).map_or(MediaFit::Sometimes, |v| span(HEIGHTS, 0.0, v)),
        ("prefers-color-scheme", Some(v)) => bool_of(v == "light"),
        (
            "prefers-contrast"
            | "prefers-reduced-motion"
            | "prefers-reduced-transparency"
            | "prefers-reduced-data",
            Some(v),
        ) => bool_of(v == "no-preference"),
        (
            "prefers-contrast"
            | "prefers-reduced-motion"
            | "prefers-reduced-transparency"
            | "prefers-reduced-data",
            None,
        ) => MediaFit::Never,
        ("forced-colors" | "inverted-colors", Some(v)) => bool_of(v == "none"),
        ("forced-colors" | "inverted-colors" | "monochrome" | "grid", None) => MediaFit::Never,
        ("monochrome" | "grid", Some(v)) => bool_of(v == "0"),
        ("color", _) | ("min-color", Some("1")) => MediaFit::Always,
        ("display-mode", Some(v)) => bool_of(v == "browser"),
        ("width" | "height", None) => MediaFit::Always,
        _ => MediaFit::Sometimes,
    }
}

/// A range such as `width >= 40em` or `400px <= width <= 700px`.
fn range(r: &str) -> MediaFit {
    // Cut into operands and operators (maximal runs of `<`, `>`, `=`).
    let mut items: Vec<&str> = Vec::new();
    let mut start = 0;
    let is_op = |c: char| matches!(c, '<' | '>' | '=');
    let chars: Vec<(usize, char)> = r.char_indices().collect();
    for (n, &(i, c)) in chars.iter().enumerate() {
        let next_is_op = chars.get(n + 1).is_some_and(|&(_, d)| is_op(d));
        if is_op(c) {
            if !r[start..i].trim().is_empty() {
                items.push(r[start..i].trim());
                start = i;
            }
            if !next_is_op {
                items.push(&r[start..=i]);
                start = i + 1;
            }
        }
    }
    if !r[start..].trim().is_empty() {
        items.push(r[start..].trim());
    }
    let Some(at) = items.iter().position(|t| *t == "width" || *t == "height") else {
        return MediaFit::Sometimes;
    };
    let screens = if items[at] == "width" {
        WIDTHS
    } else {
        HEIGHTS
    };
    let (mut low, mut high) = (0.0_f64, f64::INFINITY);
    // `value op name`: the operator reads from the value's side.
    if at >= 2 {
        let Some(v) = length(items[at - 2]) else {
            return MediaFit::Sometimes;
        };
        match items[at - 1] {
            "<" | "<=" => low = v,
            ">" | ">=" => high = v,
            "=" => (low, high) = (v, v),
            _ => return MediaFit::Sometimes,
        }
    } else if at == 1 {
        return MediaFit::Sometimes;
    }
    // `name op value`.
    match items.len() - at - 1 {
        0 => {}
        2 => {
            let Some(v) = length(items[at + 2]) else {
                return MediaFit::Sometimes;
            };
            match items[at + 1] {
                "<" | "<=" => high = high.min(v),
                ">" | ">=" => low = low.max(v),
                "=" => (low, high) = (v, v),
                _ => return MediaFit::Sometimes,
            }
        }
        _ => return MediaFit::Sometimes,
    }
    span(screens, low, high)
}

/// How the screens `[from, to]` sit against the range `[low, high]`.
fn span((from, to): (f64, f64), low: f64, high: f64) -> MediaFit {
    if low <= from && high >= to {
        MediaFit::Always
    } else if high < from || low > to || low > high {
        MediaFit::Never
    } else {
        MediaFit::Sometimes
    }
}

/// A length in CSS pixels (`px`, `em`, `rem`, or a bare 0).
fn length(v: &str) -> Option<f64> {
    let v = v.trim();
    let (number, factor) = if let Some(n) = v.strip_suffix("rem") {
        (n, EM_PX)
    } else if let Some(n) = v.strip_suffix("em") {
        (n, EM_PX)
    } else if let Some(n) = v.strip_suffix("px") {
        (n, 1.0)
    } else if v == "0" {
        ("0", 1.0)
    } else {
        return None;
    };
    number.trim().parse::<f64>().ok().map(|n| n * factor)
}

fn both(a: MediaFit, b: MediaFit) -> MediaFit {
    match (a, b) {
        (MediaFit::Never, _) | (_, MediaFit::Never) => MediaFit::Never,
        (MediaFit::Sometimes, _) | (_, MediaFit::Sometimes) => MediaFit::Sometimes,
        _ => MediaFit::Always,
    }
}

fn either(a: MediaFit, b: MediaFit) -> MediaFit {
    match (a, b) {
        (MediaFit::Always, _) | (_, MediaFit::Always) => MediaFit::Always,
        (MediaFit::Sometimes, _) | (_, MediaFit::Sometimes) => MediaFit::Sometimes,
        _ => MediaFit::Never,
    }
}

fn not(a: MediaFit) -> MediaFit {
    match a {
        MediaFit::Always => MediaFit::Never,
        MediaFit::Never => MediaFit::Always,
        MediaFit::Sometimes => MediaFit::Sometimes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MediaFit::{Always, Never, Sometimes};

    #[test]
    fn types() {
        assert_eq!(fit(""), Always);
        assert_eq!(fit("all"), Always);
        assert_eq!(fit("only screen"), Always);
        assert_eq!(fit("print, screen"), Always);
        assert_eq!(fit("print"), Never);
        assert_eq!(fit("not print"), Always);
        assert_eq!(fit("not screen"), Never);
        assert_eq!(fit("speech and (min-width: 10px)"), Never);
    }

    #[test]
    fn widths_that_vary_between_phone_and_desktop_are_sometimes() {
        assert_eq!(fit("screen and (min-width: 40em)"), Sometimes);
        assert_eq!(fit("(max-width: 40.0525em)"), Sometimes);
        assert_eq!(fit("(width >= 600px)"), Sometimes);
        assert_eq!(fit("(400px <= width <= 700px)"), Sometimes);
        assert_eq!(fit("(orientation: landscape)"), Sometimes);
        assert_eq!(fit("(hover: hover)"), Sometimes);
    }

    #[test]
    fn widths_every_screen_has_or_none_has() {
        assert_eq!(fit("screen and (min-width: 0)"), Always);
        assert_eq!(fit("(min-width: 1px)"), Always);
        assert_eq!(fit("(max-width: 10000px)"), Always);
        assert_eq!(fit("(max-width: 1px)"), Never);
        assert_eq!(fit("(width > 5000px)"), Never);
        assert_eq!(fit("(width)"), Always);
    }

    #[test]
    fn preferences_are_judged_at_their_defaults() {
        assert_eq!(fit("(prefers-color-scheme: dark)"), Never);
        assert_eq!(fit("(prefers-color-scheme: light)"), Always);
        assert_eq!(fit("(prefers-reduced-motion: reduce)"), Never);
        assert_eq!(fit("(prefers-reduced-motion: no-preference)"), Always);
        assert_eq!(fit("(prefers-contrast: more)"), Never);
        assert_eq!(fit("(forced-colors: active)"), Never);
        assert_eq!(fit("not all and (monochrome)"), Always);
        assert_eq!(
            fit("screen and (prefers-color-scheme: dark) and (min-width: 40em)"),
            Never
        );
        assert_eq!(
            fit("(prefers-color-scheme: dark), (min-width: 40em)"),
            Sometimes
        );
        assert_eq!(fit("(prefers-color-scheme: dark) or (color)"), Always);
        assert_eq!(fit("not (prefers-color-scheme: dark)"), Always);
    }

    #[test]
    fn what_is_not_understood_is_sometimes() {
        assert_eq!(fit("(min-resolution: 2dppx)"), Sometimes);
        assert_eq!(fit("(scripting: enabled)"), Sometimes);
        assert_eq!(fit("(min-width: calc(10px + 2em))"), Sometimes);
        assert_eq!(fit("(((("), Sometimes);
    }

    /// Random queries built from the characters media queries use (and a
    /// few multi-byte ones) never panic: a page's CSS is input.
    #[test]
    fn random_queries_never_panic() {
        const PIECES: &[&str] = &[
            "(",
            ")",
            " ",
            "and",
            "or",
            "not",
            "only",
            ",",
            ":",
            "<",
            ">",
            "=",
            "<=",
            "width",
            "min-width",
            "height",
            "40em",
            "0",
            "px",
            "é",
            "—",
            "screen",
            "print",
            "calc(",
            "1",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let mut q = String::new();
            for _ in 0..(seed % 12) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                q.push_str(PIECES[usize::try_from(seed % PIECES.len() as u64).unwrap_or(0)]);
            }
            let _ = fit(&q);
            seed = seed.wrapping_add(1);
        }
    }
}
