//! Computed values for one element: its text colour, the background painted
//! behind it, its font size and weight, and whether the page's CSS hides it.

use scraper::ElementRef;

use super::colour::{self, BLACK, Rgba, Syntax, TRANSPARENT, WHITE};
use super::values::{
    background_shorthand, default_background, default_colour, default_font_scale, font_shorthand,
    font_size, font_weight, is_image, parse_opacity, px_value,
};
use super::{Font, Layer, Styles, Uncertainty, Unknown, parent};

impl Styles {
    /// The text colour of an element, and whether it may be wrong. `Err`:
    /// unknown (a linked sheet probably sets it).
    /// Where the text colour of `start` was set, when a style sheet rule set
    /// it (on the element or the ancestor it inherits from): a linked
    /// sheet's href as the page writes it, "the page's <style> at line N", or
    /// "a style attribute".
    pub(crate) fn colour_source(&mut self, start: ElementRef<'_>) -> Option<String> {
        let mut current = Some(start);
        while let Some(el) = current {
            if let Some(Ok(declared)) = self.declared(el, "color", None) {
                let keyword = declared.value.trim().to_ascii_lowercase();
                if !matches!(
                    keyword.as_str(),
                    "inherit" | "unset" | "currentcolor" | "revert" | "revert-layer"
                ) {
                    if declared.inline {
                        return Some("a style attribute".to_owned());
                    }
                    return declared.source.map(|s| s.to_string());
                }
            }
            current = parent(el);
        }
        None
    }

    pub(crate) fn foreground(
        &mut self,
        start: ElementRef<'_>,
    ) -> Result<(Rgba, Option<Uncertainty>), Unknown> {
        let mut doubt = None;
        let mut current = Some(start);
        while let Some(el) = current {
            if let Some(declared) = self.declared(el, "color", None) {
                let declared = declared?;
                if !declared.inline && self.sheet.unseen(el) {
                    doubt = Some(Uncertainty::Linked);
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
        doubt: Option<Uncertainty>,
    ) -> Result<(Rgba, Option<Uncertainty>), Unknown> {
        if self.sheet.external {
            Err(Unknown)
        } else {
            Ok((colour, doubt))
        }
    }

    /// One element's background layer, worked out once.
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
    pub(crate) fn paint(
        &mut self,
        start: ElementRef<'_>,
        text: Rgba,
    ) -> Result<(Rgba, Rgba, Option<Uncertainty>), Unknown> {
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
                doubt = Uncertainty::first([doubt, Some(Uncertainty::Image)]);
            }
            if layer.positioned {
                doubt = Uncertainty::first([doubt, Some(Uncertainty::Positioned)]);
            }
            let below_provider = provider.is_none_or(|p| i < p);
            if self.sheet.unseen(*el) && (below_provider || !layer.inline) {
                if provider.is_none() {
                    // Only the default canvas is known: the unseen class may
                    // well give this text its background.
                    return Err(Unknown);
                }
                doubt = Uncertainty::first([doubt, Some(Uncertainty::Linked)]);
            }
        }
        if provider.is_none() && self.sheet.external {
            doubt = Uncertainty::first([doubt, Some(Uncertainty::Linked)]);
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

    /// Whether the page's own CSS hides the element or an ancestor:
    /// `display: none`, `visibility: hidden` (unless a nearer element makes
    /// it visible again), `opacity: 0`, and the usual "visually hidden"
    /// patterns (positioned and clipped, 1px by 1px, or moved far off
    /// screen). The page model's [`crate::page::is_hidden`] covers the
    /// `hidden` and `aria-hidden` attributes.
    pub(crate) fn is_css_hidden(&mut self, start: ElementRef<'_>) -> bool {
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
    pub(crate) fn font(&mut self, el: ElementRef<'_>) -> Font {
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
        if bold == Some(false)
            && let Some(Ok(d)) = self.declared(el, "font-family", Some("font"))
            && names_bold_face(&d.value)
        {
            // `font-family: "Arial Bold"` draws bold letters at a normal
            // weight: whether that is bold text is a judgement.
            bold = None;
        }
        if self.sheet.unseen(el) {
            // A linked sheet may size this element.
            px = None;
            bold = None;
        }
        Font { px, bold }
    }

    /// Whether a rule under a condition could change the colours of the
    /// element or of an ancestor.
    pub(crate) fn conditional(&mut self, start: ElementRef<'_>) -> Option<Uncertainty> {
        if self.sheet.conditional.rules.is_empty() {
            return None;
        }
        for el in std::iter::once(start).chain(start.ancestors().filter_map(ElementRef::wrap)) {
            let ancestors = self.ancestor_bloom(el);
            if self
                .sheet
                .conditional
                .matching(el, ancestors)
                .next()
                .is_some()
            {
                return Some(Uncertainty::Conditional);
            }
        }
        None
    }
}

/// Whether a font family list names a bold face first ("Archivo SemiBold",
/// "Frutiger-Bold", "Roboto Black"): the letters are drawn bold whatever the
/// `font-weight` says.
fn names_bold_face(families: &str) -> bool {
    let first = super::css::split_top_level(families, ',')
        .into_iter()
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    first
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| {
            matches!(
                word,
                "bold" | "semibold" | "demibold" | "extrabold" | "ultrabold" | "black" | "heavy"
            )
        })
}
