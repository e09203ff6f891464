//! Colour values and the WCAG contrast ratio.
//!
//! Colours are parsed with `csscolorparser` (named colours, hex, `rgb()`,
//! `hsl()`, `hwb()`, `lab()`, `oklch()`...), after this module has turned away
//! what CSS itself rejects there: hex without `#` (only legacy HTML attributes
//! such as `bgcolor` allow it), and non-colour words.

/// A colour with straight (not premultiplied) alpha, each channel 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgba {
    pub(crate) r: f64,
    pub(crate) g: f64,
    pub(crate) b: f64,
    pub(crate) a: f64,
}

/// The default canvas colour.
pub(crate) const WHITE: Rgba = Rgba::opaque(1.0, 1.0, 1.0);
/// The default text colour.
pub(crate) const BLACK: Rgba = Rgba::opaque(0.0, 0.0, 0.0);
/// Nothing painted.
pub(crate) const TRANSPARENT: Rgba = Rgba {
    r: 0.0,
    g: 0.0,
    b: 0.0,
    a: 0.0,
};

impl Rgba {
    pub(crate) const fn opaque(r: f64, g: f64, b: f64) -> Self {
        Self { r, g, b, a: 1.0 }
    }

    /// A colour from 8-bit channels.
    pub(crate) fn rgb8(r: u8, g: u8, b: u8) -> Self {
        Self::opaque(
            f64::from(r) / 255.0,
            f64::from(g) / 255.0,
            f64::from(b) / 255.0,
        )
    }

    /// Whether nothing shows through.
    pub(crate) fn is_opaque(self) -> bool {
        self.a >= 0.999
    }

    /// This colour with its alpha multiplied by `factor` (an `opacity`).
    pub(crate) fn fade(self, factor: f64) -> Self {
        Self {
            a: (self.a * factor).clamp(0.0, 1.0),
            ..self
        }
    }

    /// This colour painted over `backdrop` ("source over" compositing). The
    /// result is opaque when the backdrop is.
    pub(crate) fn over(self, backdrop: Self) -> Self {
        let a = self.a + backdrop.a * (1.0 - self.a);
        if a <= 0.0 {
            return TRANSPARENT;
        }
        let mix = |s: f64, d: f64| (s * self.a + d * backdrop.a * (1.0 - self.a)) / a;
        Self {
            r: mix(self.r, backdrop.r),
            g: mix(self.g, backdrop.g),
            b: mix(self.b, backdrop.b),
            a,
        }
    }

    /// The colour a browser shows: opaque and rounded to 8 bits per channel.
    pub(crate) fn quantised(self) -> Self {
        let q = |c: f64| (c.clamp(0.0, 1.0) * 255.0).round() / 255.0;
        Self::opaque(q(self.r), q(self.g), q(self.b))
    }

    /// `#rrggbb`.
    pub(crate) fn hex(self) -> String {
        let q = |c: f64| {
            // Clamped and rounded first, so the cast cannot truncate.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let v = (c.clamp(0.0, 1.0) * 255.0).round() as u8;
            v
        };
        format!("#{:02x}{:02x}{:02x}", q(self.r), q(self.g), q(self.b))
    }

    /// WCAG 2.2 relative luminance of the (opaque) colour.
    ///
    /// WCAG 2.0 and 2.1 printed 0.03928 as the sRGB threshold; 2.2 prints
    /// 0.04045, the value of the sRGB standard. No 8-bit channel value lies
    /// between the two (10/255 is 0.0392, 11/255 is 0.0431), and colours are
    /// rounded to 8 bits before this is used, so both give the same ratios.
    pub(crate) fn luminance(self) -> f64 {
        let lin = |c: f64| {
            let c = c.clamp(0.0, 1.0);
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }
}

/// The WCAG contrast ratio of two opaque colours, from 1 to 21 (not rounded).
pub(crate) fn contrast(a: Rgba, b: Rgba) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Where a colour value in CSS is read from: a property, or a legacy HTML
/// attribute (`bgcolor`, `<font color>`), which also takes hex without `#`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    Css,
    Attribute,
}

/// CSS colour functions csscolorparser understands.
const FUNCTIONS: &[&str] = &[
    "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color",
];

/// Parses one colour value. `None` for anything that is not a plain colour
/// (keywords such as `inherit` and `currentColor` are the caller's business).
pub(crate) fn parse(value: &str, syntax: Syntax) -> Option<Rgba> {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    if let Some(system) = system_colour(&lower) {
        return Some(system);
    }
    let plausible = if let Some(hex) = lower.strip_prefix('#') {
        hex.chars().all(|c| c.is_ascii_hexdigit())
    } else if let Some(open) = lower.find('(') {
        FUNCTIONS.contains(&lower[..open].trim()) && lower.ends_with(')')
    } else if lower.chars().all(|c| c.is_ascii_alphabetic()) {
        true
    } else {
        syntax == Syntax::Attribute
            && matches!(lower.len(), 3 | 6)
            && lower.chars().all(|c| c.is_ascii_hexdigit())
    };
    if !plausible || lower.is_empty() {
        return None;
    }
    let parsed = if syntax == Syntax::Attribute && !lower.starts_with('#') && !is_name(&lower) {
        csscolorparser::parse(&format!("#{lower}")).ok()?
    } else {
        csscolorparser::parse(&lower).ok()?
    };
    let c = |v: f32| f64::from(v).clamp(0.0, 1.0);
    Some(Rgba {
        r: c(parsed.r),
        g: c(parsed.g),
        b: c(parsed.b),
        a: c(parsed.a),
    })
}

fn is_name(value: &str) -> bool {
    value.chars().any(|c| !c.is_ascii_hexdigit())
}

/// The CSS system colours a page is likely to name, as Chrome draws them in
/// light mode.
fn system_colour(value: &str) -> Option<Rgba> {
    Some(match value {
        "canvas" | "field" => WHITE,
        "canvastext" | "fieldtext" | "buttontext" => BLACK,
        "linktext" => Rgba::rgb8(0, 0, 0xee),
        "buttonface" => Rgba::rgb8(0xef, 0xef, 0xef),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn css(v: &str) -> Rgba {
        parse(v, Syntax::Css).expect("a colour")
    }

    fn ratio(fg: &str, bg: &str) -> f64 {
        contrast(css(fg), css(bg))
    }

    #[test]
    fn known_pairs() {
        assert!((ratio("black", "white") - 21.0).abs() < 1e-9);
        assert!((ratio("#fff", "#fff") - 1.0).abs() < 1e-9);
        let grey = ratio("#767676", "white");
        assert!((4.54..4.55).contains(&grey), "{grey}");
        let lighter = ratio("#777", "#ffffff");
        assert!((4.47..4.49).contains(&lighter), "{lighter}");
        assert!(lighter < 4.5 && grey >= 4.5);
        // NHS blue on white is 6.38:1 (on the NHS grey #f0f4f5 it is 5.76:1).
        let nhs_blue = ratio("#005eb8", "#fff");
        assert!((6.37..6.39).contains(&nhs_blue), "{nhs_blue}");
        let on_grey = ratio("#005eb8", "#f0f4f5");
        assert!((5.75..5.77).contains(&on_grey), "{on_grey}");
        let grey99 = ratio("#999", "#fff");
        assert!((2.84..2.86).contains(&grey99), "{grey99}");
        // Order does not matter.
        assert!((ratio("white", "#005eb8") - nhs_blue).abs() < 1e-12);
    }

    #[test]
    fn syntaxes() {
        assert_eq!(css("rgb(153, 153, 153)").hex(), "#999999");
        assert_eq!(css("rgb(153 153 153 / 50%)").a, 0.5);
        assert_eq!(css("hsl(0, 0%, 60%)").hex(), "#999999");
        assert_eq!(css("Grey").hex(), "#808080");
        assert_eq!(css("#005EB8").hex(), "#005eb8");
        assert_eq!(css("transparent").a, 0.0);
        assert_eq!(css("CanvasText").hex(), "#000000");
        assert!(parse("999", Syntax::Css).is_none());
        assert!(parse("inherit", Syntax::Css).is_none());
        assert!(parse("currentColor", Syntax::Css).is_none());
        assert!(parse("var(--x)", Syntax::Css).is_none());
        assert!(parse("url(a.png)", Syntax::Css).is_none());
        assert!(parse("", Syntax::Css).is_none());
        assert_eq!(
            parse("ffcc00", Syntax::Attribute).map(Rgba::hex).as_deref(),
            Some("#ffcc00")
        );
        assert_eq!(
            parse("red", Syntax::Attribute).map(Rgba::hex).as_deref(),
            Some("#ff0000")
        );
    }

    #[test]
    fn alpha_compositing() {
        // 30% black over white: 255 * 0.7 = 178.5, and the parser's f32
        // alpha of 0.3 is a hair above it, so 178 (browsers also get #b2b2b2).
        let faded = css("rgba(0, 0, 0, 0.3)").over(WHITE).quantised();
        assert_eq!(faded.hex(), "#b2b2b2");
        assert!(faded.is_opaque());
        // 50% white over NHS blue.
        let mixed = css("#ffffff80").over(css("#005eb8")).quantised();
        assert_eq!(mixed.hex(), "#80afdc");
        // Transparent over anything is the backdrop.
        assert_eq!(TRANSPARENT.over(css("#123456")).hex(), "#123456");
        // Fading by an opacity.
        assert_eq!(BLACK.fade(0.5).over(WHITE).quantised().hex(), "#808080");
    }

    #[test]
    fn luminance_uses_the_srgb_threshold() {
        // 10/255 (0.0392) is below both 0.03928 and 0.04045: linear part.
        let dark = Rgba::rgb8(10, 10, 10).luminance();
        assert!((dark - 10.0 / 255.0 / 12.92).abs() < 1e-12);
        // 11/255 (0.0431) is above both: the power curve.
        let c = Rgba::rgb8(11, 11, 11).luminance();
        let curve = ((11.0 / 255.0 + 0.055) / 1.055f64).powf(2.4);
        assert!((c - curve).abs() < 1e-12);
        assert!((WHITE.luminance() - 1.0).abs() < 1e-12);
        assert!(BLACK.luminance().abs() < 1e-12);
    }
}
