use super::*;
use crate::checks::At;
use crate::page::style::css;

fn check() -> TextContrast {
    TextContrast::new(&RuleSource {
        path: "rules/t.toml",
        text: "[check]\nkind = \"text-contrast\"\n",
        lazy: false,
        check: None,
    })
    .expect("the check builds")
}

use crate::page::test_page as page;

/// Findings as "id ratio needed [review]".
fn findings(head: &str, body: &str) -> Vec<String> {
    let page = page(head, body);
    check()
        .hits(&page)
        .into_iter()
        .map(|hit| {
            let At::Element(node) = hit.at else {
                panic!("findings point at elements")
            };
            let el = page
                .html()
                .tree
                .get(node)
                .and_then(ElementRef::wrap)
                .expect("an element");
            let arg = |name: &str| {
                hit.args
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let review = if hit.confidence == Some(Confidence::Review) {
                " review"
            } else {
                ""
            };
            format!(
                "{} {} {}{review}",
                el.value().id().unwrap_or(el.value().name()),
                arg("ratio"),
                arg("needed")
            )
        })
        .collect()
}

#[test]
fn thresholds_follow_text_size() {
    // #999 on white is 2.85:1, #949494 3.03:1, #767676 4.54:1, #777 4.48:1.
    let body = "<p id=small style='color:#777'>Small</p>\
        <p id=ok style='color:#767676'>Fine</p>\
        <h2 id=h2 style='color:#949494'>Large heading</h2>\
        <h2 id=h2fail style='color:#999'>Too light even when large</h2>\
        <p id=almost style='color:#949494; font-size:18px; font-weight:bold'>Not quite large</p>\
        <p id=bold14 style='color:#949494; font-size:14pt; font-weight:700'>Large bold</p>\
        <p id=unsized style='color:#949494; font-size:calc(1rem + 1vw)'>Maybe large</p>\
        <p id=unsized2 style='color:#999; font-size:calc(1rem + 1vw)'>Fails anyway</p>";
    assert_eq!(
        findings("", body),
        [
            "small 4.48 4.5",
            "h2fail 2.85 3",
            "almost 3.03 4.5",
            "unsized 3.03 4.5 review",
            "unsized2 2.85 4.5",
        ]
    );
}

#[test]
fn exempt_and_hidden_text_is_skipped() {
    let head = "<style>.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0) } .gone { display: none } .pale { color: #ccc }</style>";
    let body = "<button disabled class=pale>Book</button>\
        <fieldset disabled><legend class=pale>Old</legend><label for=x class=pale>Name</label><input id=x></fieldset>\
        <label class=pale for=y>Disabled field</label><input id=y disabled>\
        <a class=pale aria-disabled=true>Next</a>\
        <p hidden class=pale>Hidden</p><p class='pale gone'>Gone</p><span class='pale sr'>Visually hidden</span>\
        <p aria-hidden=true class=pale>Decoration</p>\
        <div class=site-logo><span class=pale>Palfrey Lane</span></div>\
        <p class=pale>|</p>\
        <p class=pale style='font-size:0'>Image replacement</p>\
        <p style='color:#fff'>White on white: invisible, not applicable</p>\
        <img alt='Light text in an image'>\
        <select class=pale><option>One</option></select>\
        <p id=real class=pale>Real</p>";
    assert_eq!(findings(head, body), ["real 1.61 4.5"]);
}

#[test]
fn one_finding_per_element_with_own_text() {
    let head = "<style>.muted { color: #aaa }</style>";
    let body = "<div class=muted><p id=one>Text <a href=/ id=two style='color:inherit'>link</a> <span>more</span></p></div>";
    assert_eq!(
        findings(head, body),
        ["one 2.32 4.5", "two 2.32 4.5", "span 2.32 4.5"]
    );
}

#[test]
fn descendant_rules_match_siblings_alike() {
    // The second paragraph's ancestors are already known when it is matched.
    let head = "<style>.card p, #box .x span { color: #999 }</style>";
    let body = "<div id=box class=card><p>One</p><p>Two</p><div class=x><span>Three</span><span>Four</span></div></div>";
    assert_eq!(
        findings(head, body),
        ["p 2.85 4.5", "p 2.85 4.5", "span 2.85 4.5", "span 2.85 4.5"]
    );
}

#[test]
fn odd_css_does_not_panic() {
    // A small deterministic generator over CSS-ish pieces, multibyte
    // characters included.
    let pieces = [
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        "\"",
        "'",
        "\\",
        "/*",
        "*/",
        ";",
        ":",
        "!important",
        "@media",
        "@import",
        " ",
        ">",
        "+",
        "~",
        ",",
        ".a",
        "#b",
        "p",
        "é",
        "ਪੰ",
        "var(--x",
        "--x:",
        "color",
        "background",
        "#fff",
        "rgb(",
        "1px",
        "%",
        "url(",
        "::",
        ":not(",
        "*",
        "|",
        "\n",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..400 {
        let len = usize::try_from(next() % 40).unwrap_or(0);
        let css: String = (0..len)
            .map(|_| pieces[usize::try_from(next() % pieces.len() as u64).unwrap_or(0)])
            .collect();
        let head = format!("<style>{css}</style>");
        let body = format!(
            "<div class=a id=b style=\"{}\"><p>Text</p></div>",
            css.replace('"', "'")
        );
        let _ = findings(&head, &body);
        for one in css::split_top_level(&css, ',') {
            let _ = (
                css::specificity(one),
                css::key(one),
                css::ancestor_names(one),
            );
        }
    }
}
