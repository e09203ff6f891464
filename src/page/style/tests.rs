//! Cascade tests: the colours, fonts and doubts the page's CSS gives an
//! element.

use scraper::ElementRef;

use super::{Styles, Uncertainty};
use crate::page::Page;

use crate::page::test_page as page;

fn element<'p>(page: &'p Page, id: &str) -> ElementRef<'p> {
    page.element_by_id(id).expect("the element exists")
}

/// (text, background) as the cascade works them out for the element `#t`,
/// or "unknown".
fn colours(head: &str, body: &str) -> String {
    let page = page(head, body);
    let mut styles = Styles::new(&page);
    let el = element(&page, "t");
    let Ok((text, fg_doubt)) = styles.foreground(el) else {
        return "unknown".into();
    };
    let Ok((fg, bg, bg_doubt)) = styles.paint(el, text) else {
        return "unknown".into();
    };
    let doubt = Uncertainty::first([fg_doubt, bg_doubt, styles.conditional(el)]);
    match doubt {
        Some(d) => format!("{} on {} ({d:?})", fg.hex(), bg.hex()),
        None => format!("{} on {}", fg.hex(), bg.hex()),
    }
}

#[test]
fn defaults_are_black_on_white() {
    assert_eq!(colours("", "<p id=t>Hello</p>"), "#000000 on #ffffff");
    assert_eq!(colours("", "<a id=t href=/>Home</a>"), "#0000ee on #ffffff");
    assert_eq!(
        colours("", "<button id=t>Book</button>"),
        "#000000 on #efefef"
    );
    assert_eq!(colours("", "<mark id=t>new</mark>"), "#000000 on #ffff00");
}

#[test]
fn specificity_beats_order() {
    let head = "<style>#t { color: #111 } .a.b { color: #222 } p.a { color: #333 } p { color: #444 }</style>";
    assert_eq!(
        colours(head, "<p id=t class='a b'>Hi</p>"),
        "#111111 on #ffffff"
    );
    let head = "<style>.a.b { color: #222 } #x p { color: #333 }</style>";
    assert_eq!(
        colours(head, "<div id=x><p id=t class='a b'>Hi</p></div>"),
        "#333333 on #ffffff"
    );
}

#[test]
fn later_rules_win_ties() {
    let head =
        "<style>.a { color: #111 } .a { color: #222 }</style><style>.a { color: #333 }</style>";
    assert_eq!(
        colours(head, "<p id=t class=a>Hi</p>"),
        "#333333 on #ffffff"
    );
    // Within one block, the last declaration wins, shorthand or not.
    let head = "<style>.a { background-color: #111; background: #222 }</style>";
    assert_eq!(
        colours(head, "<p id=t class=a>Hi</p>"),
        "#000000 on #222222"
    );
}

#[test]
fn important_wins() {
    let head = "<style>.a { color: #111 !important } #t { color: #222 }</style>";
    assert_eq!(
        colours(head, "<p id=t class=a style='color:#333'>Hi</p>"),
        "#111111 on #ffffff"
    );
    // An important style attribute beats an important rule.
    assert_eq!(
        colours(head, "<p id=t class=a style='color:#333 !important'>Hi</p>"),
        "#333333 on #ffffff"
    );
    // A style attribute beats any selector.
    let head = "<style>#t#t { color: #222 }</style>";
    assert_eq!(
        colours(head, "<p id=t style='color: #333'>Hi</p>"),
        "#333333 on #ffffff"
    );
}

#[test]
fn colour_inherits_and_background_shows_through() {
    let head =
        "<style>.card { color: #fff; background: #005eb8 } .inner { color: inherit }</style>";
    assert_eq!(
        colours(
            head,
            "<div class=card><section><p id=t>Hi</p></section></div>"
        ),
        "#ffffff on #005eb8"
    );
    assert_eq!(
        colours(
            head,
            "<div class=card><p id=t class=inner style='color: currentColor'>Hi</p></div>"
        ),
        "#ffffff on #005eb8"
    );
    // `initial` is black again; the background of a nearer ancestor wins.
    assert_eq!(
        colours(
            head,
            "<div class=card><div style='background:#eee'><p id=t style='color:initial'>Hi</p></div></div>"
        ),
        "#000000 on #eeeeee"
    );
    // A link does not inherit the colour.
    assert_eq!(
        colours(head, "<div class=card><a id=t href=/>Hi</a></div>"),
        "#0000ee on #005eb8"
    );
}

#[test]
fn alpha_and_opacity_blend() {
    assert_eq!(
        colours("", "<p id=t style='color: rgba(0, 0, 0, .3)'>Hi</p>"),
        "#b2b2b2 on #ffffff"
    );
    // 50% black over white is grey; white text on it.
    assert_eq!(
        colours(
            "",
            "<div style='background: rgb(0 0 0 / 50%)'><p id=t style='color:#fff'>Hi</p></div>"
        ),
        "#ffffff on #808080"
    );
    // Opacity fades text and its own background together over what is behind.
    assert_eq!(
        colours(
            "",
            "<div style='background:#000'><p id=t style='opacity:.5; color:#fff; background:#fff'>Hi</p></div>"
        ),
        "#808080 on #808080"
    );
    assert_eq!(
        colours("", "<div style='opacity: 50%'><p id=t>Hi</p></div>"),
        "#808080 on #ffffff"
    );
}

#[test]
fn custom_properties() {
    let head = "<style>:root { --text: #595959; --brand: var(--blue); --blue: #005eb8 } .x { color: var(--text); background: var(--brand) }</style>";
    assert_eq!(
        colours(head, "<p id=t class=x>Hi</p>"),
        "#595959 on #005eb8"
    );
    let head = "<style>.x { color: var(--missing, #767676) }</style>";
    assert_eq!(
        colours(head, "<p id=t class=x>Hi</p>"),
        "#767676 on #ffffff"
    );
    let head = "<style>.x { color: var(--missing) }</style>";
    assert_eq!(colours(head, "<p id=t class=x>Hi</p>"), "unknown");
}

#[test]
fn legacy_attributes_are_the_weakest() {
    assert_eq!(
        colours(
            "",
            "<table bgcolor=333333><tr><td><font id=t color=999999>Hi</font></td></tr></table>"
        ),
        "#999999 on #333333"
    );
    assert_eq!(
        colours(
            "<style>font { color: #000 }</style>",
            "<font id=t color=red>Hi</font>"
        ),
        "#000000 on #ffffff"
    );
}

#[test]
fn selectors_for_other_states_are_skipped() {
    let head = "<style>a:hover, a:focus { color: #fff } p::first-line { color: #eee } p { color: #222 } @media print { p { color: #ddd } }</style>";
    assert_eq!(colours(head, "<p id=t>Hi</p>"), "#222222 on #ffffff");
    assert_eq!(colours(head, "<a id=t href=/>Hi</a>"), "#0000ee on #ffffff");
}

#[test]
fn conditional_rules_make_it_doubtful() {
    let head =
        "<style>p { color: #999 } @media (min-width: 40em) { .wide p { color: #222 } }</style>";
    assert_eq!(
        colours(head, "<div class=wide><p id=t>Hi</p></div>"),
        "#999999 on #ffffff (Conditional)"
    );
    assert_eq!(
        colours(head, "<div><p id=t>Hi</p></div>"),
        "#999999 on #ffffff"
    );
}

#[test]
fn linked_sheets() {
    let link = "<link rel=stylesheet href=/site.css>";
    // Nothing on the page sets the colour: unknown.
    assert_eq!(colours(link, "<p id=t>Hi</p>"), "unknown");
    // A class no page rule mentions: the linked sheet may colour it.
    let head = format!("{link}<style>.note {{ color: #999 }}</style>");
    // With only the canvas behind it, the unseen class may give it a
    // background too: unknown.
    assert_eq!(
        colours(&head, "<p id=t class='note nhsuk-body-s'>Hi</p>"),
        "unknown"
    );
    // With a known background, the colours the page sets are worth a review.
    assert_eq!(
        colours(
            &head,
            "<div style='background:#fff'><p id=t class='note nhsuk-body-s'>Hi</p></div>"
        ),
        "#999999 on #ffffff (Linked)"
    );
    assert_eq!(
        colours(
            &head,
            "<div style='background:#fff'><div class=nhsuk-card><p id=t class=note>Hi</p></div></div>"
        ),
        "#999999 on #ffffff (Linked)"
    );
    // Only the canvas, but nothing unseen: the linked sheet may still paint
    // the page's background.
    assert_eq!(
        colours(&head, "<p id=t class=note>Hi</p>"),
        "#999999 on #ffffff (Linked)"
    );
    assert_eq!(
        colours(&head, "<div class=nhsuk-card><p id=t>Hi</p></div>"),
        "unknown"
    );
    // Inline colours on both: certain.
    assert_eq!(
        colours(
            link,
            "<div style='background:#fff'><p id=t style='color:#999'>Hi</p></div>"
        ),
        "#999999 on #ffffff"
    );
    // White text whose background only a linked class can give: unknown.
    assert_eq!(
        colours(
            link,
            "<div class=nhsuk-header><p id=t style='color:#fff'>Hi</p></div>"
        ),
        "unknown"
    );
    // Ids count on layout containers, not on headings or `main` (link targets).
    assert_eq!(
        colours(
            &head,
            "<main id=main><div style='background:#fff'><h2 id=t class=note>Hi</h2></div></main>"
        ),
        "#999999 on #ffffff"
    );
    assert_eq!(
        colours(
            &head,
            "<div style='background:#fff'><div id=content><p id=t class=note>Hi</p></div></div>"
        ),
        "#999999 on #ffffff (Linked)"
    );
    // A print sheet is not a screen sheet.
    assert_eq!(
        colours(
            "<link rel=stylesheet href=/p.css media=print>",
            "<p id=t>Hi</p>"
        ),
        "#000000 on #ffffff"
    );
    // An imported sheet counts as linked.
    assert_eq!(
        colours("<style>@import url(/site.css);</style>", "<p id=t>Hi</p>"),
        "unknown"
    );
}

#[test]
fn images_and_positioning_make_it_doubtful() {
    assert_eq!(
        colours(
            "",
            "<div style='background: #fff url(hero.jpg) no-repeat'><p id=t style='color:#999'>Hi</p></div>"
        ),
        "#999999 on #ffffff (Image)"
    );
    assert_eq!(
        colours(
            "",
            "<div style='background-image: linear-gradient(#000, #fff)'><p id=t style='color:#999'>Hi</p></div>"
        ),
        "#999999 on #ffffff (Image)"
    );
    // An image under an opaque background is covered.
    assert_eq!(
        colours(
            "",
            "<div style='background-image: url(a.png)'><div style='background:#fff'><p id=t style='color:#999'>Hi</p></div></div>"
        ),
        "#999999 on #ffffff"
    );
    assert_eq!(
        colours(
            "",
            "<figure><img src=a.jpg alt=''><p id=t style='position:absolute; color:#fff'>Hi</p></figure>"
        ),
        "#ffffff on #ffffff (Positioned)"
    );
}

#[test]
fn font_sizes() {
    let head = "<style>html { font-size: 62.5% } .big { font-size: 2.4rem } .pt { font: bold 14pt/1.4 Arial, sans-serif } .calc { font-size: clamp(1rem, 4vw, 2rem) }</style>";
    let page = page(
        head,
        "<h1 id=a>A</h1><p id=b class=big>B</p><p id=c class=pt>C</p><h3 id=d>D</h3><p id=e><small id=f>F</small></p><p id=g class=calc>G</p>",
    );
    let mut styles = Styles::new(&page);
    let mut font = |id: &str| {
        let f = styles.font(element(&page, id));
        (f.px.map(|p| (p * 100.0).round() / 100.0), f.bold)
    };
    assert_eq!(font("a"), (Some(20.0), Some(true)));
    assert_eq!(font("b"), (Some(24.0), Some(false)));
    assert_eq!(font("c"), (Some(18.67), Some(true)));
    assert_eq!(font("d"), (Some(11.7), Some(true)));
    assert_eq!(font("f"), (Some(8.33), Some(false)));
    assert_eq!(font("g"), (None, Some(false)));
}

#[test]
fn font_shorthand_keywords_inherit() {
    let head = "<style>.x { font: bold 20px Arial } .x span { font: inherit } .x em { font: 12px serif }</style>";
    let page = page(head, "<p class=x><span id=a>A</span><em id=b>B</em></p>");
    let mut styles = Styles::new(&page);
    let a = styles.font(element(&page, "a"));
    assert_eq!((a.px, a.bold), (Some(20.0), Some(true)));
    // The shorthand resets the weight to normal.
    let b = styles.font(element(&page, "b"));
    assert_eq!((b.px, b.bold), (Some(12.0), Some(false)));
}

#[test]
fn a_bold_face_by_name_leaves_the_weight_in_doubt() {
    let head = "<style>.btn { font-family: \"Archivo SemiBold\", \"Arial Bold\", sans-serif } .plain { font-family: Arial, sans-serif } .strong { font-weight: 700 }</style>";
    let page = page(
        head,
        "<p class=btn><span id=a>A</span><b id=b>B</b></p><p id=c class=plain>C</p><p id=d class='btn strong'>D</p>",
    );
    let mut styles = Styles::new(&page);
    let mut bold = |id: &str| styles.font(element(&page, id)).bold;
    assert_eq!(bold("a"), None, "inherited from the bold face");
    assert_eq!(bold("b"), Some(true));
    assert_eq!(bold("c"), Some(false));
    assert_eq!(bold("d"), Some(true));
}

#[test]
fn css_hiding() {
    let head = "<style>.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0) } .gone { display: none } .ghost { visibility: hidden } .back { visibility: visible } .off { text-indent: -9999px }</style>";
    let page = page(
        head,
        "<p id=a class=gone>A</p><div class=gone><p id=b>B</p></div><span id=c class=sr>C</span>\
         <div class=ghost><p id=d>D</p><p id=e class=back>E</p></div>\
         <p id=f style='opacity:0'>F</p><p id=g class=off>G</p><p id=h>H</p><p id=i hidden>I</p>",
    );
    let mut styles = Styles::new(&page);
    let hidden: Vec<&str> = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        .into_iter()
        .filter(|id| styles.is_css_hidden(element(&page, id)))
        .collect();
    // `hidden` is the page model's business (`page::is_hidden`), not CSS's.
    assert_eq!(hidden, ["a", "b", "c", "d", "f", "g"]);
}
