//! Entry points for the fuzz targets under `fuzz/` and their regression tests.
//!
//! Each function takes arbitrary bytes, runs them through the same code a real
//! audit runs, and must never panic, whatever the input. The fuzz targets call
//! these on nightly (libFuzzer); `tests/fuzz_regressions.rs` replays the saved
//! crashing inputs under `fuzz/regressions/<target>/` through them on stable.

use std::sync::OnceLock;

use crate::audit::{self, AuditOptions};
use crate::catalogue::Catalogue;
use crate::config::Config;
use crate::crawl::{robots::Robots, sitemap};
use crate::guide::Guide;
use crate::page::{Limits, Page};
use crate::readability::{self, Profile};
use crate::report::{self, Format, RenderOptions};

/// The fuzz targets, by name: the folder names under `fuzz/fuzz_targets` and
/// `fuzz/regressions`.
pub const TARGETS: &[&str] = &[
    "page_model",
    "checks",
    "readability",
    "loaders",
    "crawl_files",
];

/// Runs the named target over `data`. Unknown names do nothing.
pub fn run(target: &str, data: &[u8]) {
    match target {
        "page_model" => page_model(data),
        "checks" => checks(data),
        "readability" => readability(data),
        "loaders" => loaders(data),
        "crawl_files" => crawl_files(data),
        _ => {}
    }
}

/// Small limits, so the fuzzer also reaches the "too large to check" paths.
fn fuzz_limits() -> Limits {
    Limits {
        max_bytes: 1 << 20,
        max_depth: 256,
        max_elements: 20_000,
    }
}

fn catalogue() -> Option<&'static Catalogue> {
    static CATALOGUE: OnceLock<Option<Catalogue>> = OnceLock::new();
    CATALOGUE
        .get_or_init(|| Catalogue::embedded().ok())
        .as_ref()
}

/// The page model: HTML bytes in, blocks, positions, spans and links out.
pub fn page_model(data: &[u8]) {
    // The first byte picks an HTTP charset, as a server might send one.
    let (charset, bytes) = match data.split_first() {
        Some((b, rest)) if b % 4 == 1 => (Some("windows-1252"), rest),
        Some((b, rest)) if b % 4 == 2 => (Some("utf-16le"), rest),
        Some((b, rest)) if b % 4 == 3 => (Some("x-no-such-charset"), rest),
        Some((_, rest)) => (None, rest),
        None => (None, data),
    };
    let Ok(page) = Page::from_bytes("fuzz.html", bytes, charset, fuzz_limits()) else {
        return;
    };
    let source_len = page.source().len();
    for block in page.blocks() {
        let _ = page.span(block.element);
        for (i, _) in block.text.char_indices() {
            if let Some(at) = block.source_offset(i) {
                assert!(at <= source_len, "block offset past the source");
                let _ = page.position(at);
            }
        }
    }
    for node in page.html().tree.nodes() {
        if let Some(span) = page.span(node.id()) {
            assert!(span.end <= source_len, "element span past the source");
            let _ = page.position(span.start);
        }
        if node.value().is_element() {
            let _ = page.anchor_span(node.id());
            let _ = page.selector_path(node.id());
            let _ = page.snippet(node.id(), 80);
        }
        if let Some(start) = page.text_start(node.id()) {
            let _ = page.position(start);
        }
    }
    let _ = page.position(source_len);
    let _ = page.position(source_len + 10);
    let _ = (page.title(), page.lang(), page.main_element(), page.body());
    let _ = page.links();
    let _ = page.suppressions();
}

/// Every check (page and site) over arbitrary HTML, then every report format.
pub fn checks(data: &[u8]) {
    let Some(catalogue) = catalogue() else {
        return;
    };
    let rules: Vec<_> = catalogue.rules().iter().collect();
    let options = AuditOptions {
        limits: fuzz_limits(),
        threads: 1,
        ..AuditOptions::default()
    };
    let report = audit::run_one_page("fuzz.html", data, catalogue, &rules, &options);
    let render = RenderOptions::default();
    for name in Format::NAMES {
        if let Some(format) = Format::from_name(name) {
            let _ = report::render(format, &report, catalogue, &render);
        }
    }
}

/// The readability engine over arbitrary text.
pub fn readability(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for profile in [Profile::Health, Profile::Textstat] {
        let _ = readability::score_text(profile, &text);
    }
    let _ = readability::score_blocks(text.split("\n\n"));
    let _ = readability::long_words([text.as_ref()], 3);
    let _ = readability::sentences(&text);
    let _ = readability::words(&text).count();
}

/// The rule and config loaders over arbitrary TOML. The first byte picks which.
pub fn loaders(data: &[u8]) {
    let Some((which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match which % 3 {
        0 => {
            if let Ok(guide) = Guide::embedded() {
                let _ = Catalogue::from_files(guide, [("rules/fuzz/fuzz.toml", text.as_ref())]);
            }
        }
        1 => {
            let _ = Guide::parse("guide.toml", &text);
        }
        _ => {
            if let Ok(mut catalogue) = Catalogue::embedded()
                && let Ok(config) = Config::parse("carelint.toml", &text, &catalogue, None)
            {
                let _ = config.configure(&mut catalogue);
                let _ = config.effective_toml(None, &config.check);
            }
        }
    }
}

/// robots.txt and sitemap parsing over arbitrary bytes.
pub fn crawl_files(data: &[u8]) {
    let robots = Robots::parse(data);
    let _ = robots.delay();
    let _ = robots.sitemaps();
    if let Ok(url) = url::Url::parse("https://practice.example/appointments/book?x=1") {
        let _ = robots.allowed(&url);
    }
    let _ = sitemap::parse(data, 1 << 20);
}
