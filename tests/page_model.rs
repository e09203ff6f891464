//! The page model maps elements and text back to their place in the source.

use carelint::page::{BlockKind, Page, Position};
use scraper::{ElementRef, Selector};

fn page(src: &str) -> Page {
    Page::from_text("test.html", src).expect("page parses")
}

/// Start tag text and position of every element matching `css`.
fn tags(p: &Page, css: &str) -> Vec<(String, Position)> {
    let sel = Selector::parse(css).expect("selector");
    p.html()
        .select(&sel)
        .map(|e: ElementRef<'_>| {
            let span = p.span(e.id()).expect("element has a span");
            (
                p.source()[span.start..span.end].to_owned(),
                p.position(span.start),
            )
        })
        .collect()
}

fn pos(line: u32, column: u32) -> Position {
    Position { line, column }
}

#[test]
fn implied_tags_have_no_span_but_real_ones_do() {
    let p = page("<title>Hi</title><p>One<p>Two<table><tr><td>x</td></tr></table>");
    let html = p.root();
    assert!(
        p.span(html.id()).is_none(),
        "implied <html> has no source tag"
    );
    let tbody = p
        .html()
        .select(&Selector::parse("tbody").expect("sel"))
        .next()
        .expect("tbody");
    assert!(
        p.span(tbody.id()).is_none(),
        "implied <tbody> has no source tag"
    );
    let ps = tags(&p, "p");
    assert_eq!(
        ps,
        vec![("<p>".into(), pos(1, 18)), ("<p>".into(), pos(1, 24))]
    );
    assert_eq!(tags(&p, "td"), vec![("<td>".into(), pos(1, 41))]);
}

#[test]
fn self_closing_br_comments_and_cdata() {
    let src = "<body>\n<!-- <img src=a.png> in a comment -->\n<p>a<br/>b</p>\n<svg><![CDATA[ <img> ]]></svg>\n<img src=b.png>\n</body>";
    let p = page(src);
    assert_eq!(tags(&p, "br"), vec![("<br/>".into(), pos(3, 5))]);
    // Only the real image, not the one inside the comment or the CDATA section.
    assert_eq!(tags(&p, "img"), vec![("<img src=b.png>".into(), pos(5, 1))]);
}

#[test]
fn uppercase_tags_and_gt_inside_quoted_attributes() {
    let src = "<BODY>\n  <IMG ALT=\"a > b\" SRC=\"x.png\">\n  <a title='1 < 2' href=\"/x\">x</a>\n</BODY>";
    let p = page(src);
    assert_eq!(
        tags(&p, "img"),
        vec![("<IMG ALT=\"a > b\" SRC=\"x.png\">".into(), pos(2, 3))]
    );
    assert_eq!(
        tags(&p, "a"),
        vec![("<a title='1 < 2' href=\"/x\">".into(), pos(3, 3))]
    );
}

#[test]
fn multi_line_tags_and_crlf() {
    let src = "<p>x</p>\r\n<img\r\n  src=\"map.png\"\r\n  width=10>\r\n<p>y</p>";
    let p = page(src);
    let imgs = tags(&p, "img");
    assert_eq!(imgs[0].1, pos(2, 1));
    assert!(imgs[0].0.ends_with("width=10>"));
    assert_eq!(tags(&p, "p")[1].1, pos(5, 1));
}

#[test]
fn unclosed_paragraphs_and_misnested_formatting() {
    let src = "<main><p>First <b>bold <i>both</b> italic</i>\n<p>Second";
    let p = page(src);
    let ps = tags(&p, "p");
    assert_eq!(
        ps,
        vec![("<p>".into(), pos(1, 7)), ("<p>".into(), pos(2, 1))]
    );
    // The adoption agency clones <i>; only one element may claim the source tag.
    let with_span = p
        .html()
        .select(&Selector::parse("i").expect("sel"))
        .filter(|e| p.span(e.id()).is_some())
        .count();
    assert_eq!(with_span, 1);
}

#[test]
fn script_with_less_than_does_not_create_elements() {
    let src = "<script>if (a<b && c>d) {}</script><p>after</p>";
    let p = page(src);
    assert_eq!(tags(&p, "p"), vec![("<p>".into(), pos(1, 36))]);
    assert!(tags(&p, "b").is_empty());
}

#[test]
fn blocks_have_kinds_languages_and_source_positions() {
    let src = "<html lang=\"en-GB\"><body><header><nav><a href=/>Home</a></nav></header>\n<main>\n<h1>Piles</h1>\n<p>Piles are  lumps. They &amp; you\n  can <b>treat</b> them.</p>\n<ul><li>Eat fibre</li></ul>\n<p lang=\"pa\">ਸਤਿ ਸ੍ਰੀ ਅਕਾਲ</p>\n<p hidden>Secret</p>\n</main><footer>Footer text</footer></body></html>";
    let p = page(src);
    let blocks = p.blocks();
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "Home",
            "Piles",
            "Piles are lumps. They & you can treat them.",
            "Eat fibre",
            "ਸਤਿ ਸ੍ਰੀ ਅਕਾਲ",
            "Secret",
            "Footer text"
        ]
    );
    assert!(!blocks[0].main, "nav is not main content");
    assert_eq!(blocks[1].kind, BlockKind::Heading(1));
    assert!(blocks[1].main);
    assert_eq!(blocks[3].kind, BlockKind::ListItem);
    assert_eq!(blocks[4].lang.as_deref(), Some("pa"));
    assert!(!blocks[4].is_english());
    assert!(blocks[2].is_english());
    assert!(blocks[5].hidden);
    assert!(!blocks[6].main);
    // "can" starts on line 5, column 3; "They" comes after a collapsed double space.
    let para = &blocks[2];
    let at = |word: &str| {
        let i = para.text.find(word).expect("word in block");
        p.position(para.source_offset(i).expect("mapped"))
    };
    assert_eq!(at("can"), pos(5, 3));
    assert_eq!(at("They"), pos(4, 22));
    assert_eq!(at("you"), pos(4, 33));
    assert_eq!(at("treat"), pos(5, 10));
}

#[test]
fn page_without_main_excludes_header_nav_footer_aside() {
    let p = page(
        "<body><header>Logo</header><div>Body text<aside>Side</aside></div><footer>F</footer></body>",
    );
    let main: Vec<&str> = p
        .blocks()
        .iter()
        .filter(|b| b.main)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(main, vec!["Body text"]);
}

#[test]
fn selector_paths_are_unique() {
    let p =
        page("<body><main><figure><img src=a></figure><figure><img src=b></figure></main></body>");
    let sel = Selector::parse("img").expect("sel");
    let paths: Vec<String> = p
        .html()
        .select(&sel)
        .map(|e| p.selector_path(e.id()))
        .collect();
    assert_eq!(
        paths,
        vec![
            "main > figure:nth-of-type(1) > img",
            "main > figure:nth-of-type(2) > img"
        ]
    );
    for path in &paths {
        let s = Selector::parse(path).expect("path is a valid selector");
        assert_eq!(p.html().select(&s).count(), 1);
    }
}

#[test]
fn bad_input_is_reported_not_panicked() {
    use carelint::page::{Limits, PageError};
    let limits = Limits::default();
    assert_eq!(
        Page::from_bytes("e", b"", None, limits).err(),
        Some(PageError::Empty)
    );
    assert!(matches!(
        Page::from_bytes("b", b"\x89PNG\r\n\x1a\n\0\0\0", None, limits).err(),
        Some(PageError::Binary(_))
    ));
    let deep = "<div>".repeat(10_000);
    assert!(matches!(
        Page::from_bytes("d", deep.as_bytes(), None, limits).err(),
        Some(PageError::TooDeep { .. })
    ));
    let big = vec![b'a'; limits.max_bytes + 1];
    assert!(matches!(
        Page::from_bytes("big", &big, None, limits).err(),
        Some(PageError::TooLarge { .. })
    ));
    // Invalid UTF-8 still parses (as windows-1252).
    let p = Page::from_bytes("w", b"<p>Don\x92t panic</p>", None, limits).expect("parses");
    assert_eq!(p.blocks()[0].text, "Don\u{2019}t panic");
}
