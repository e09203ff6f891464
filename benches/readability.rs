//! Throughput of the readability engine in words per second, on the prose of
//! every fixture page (NHS-style condition, booking and contact pages), scored
//! block by block as `carelint check` does.
//!
//! Run with `cargo bench --bench readability`; divan reports items/s, where an
//! item is one word.

use carelint::page::Page;
use carelint::prose::scored_blocks;
use carelint::readability::{self, Profile};
use divan::Bencher;
use divan::counter::ItemsCount;

mod common;

fn main() {
    divan::main();
}

/// The scored blocks of every fixture page.
fn blocks() -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in common::fixture_pages() {
        let Ok(page) = Page::from_bytes(path, &bytes, None, Default::default()) else {
            continue;
        };
        out.extend(scored_blocks(&page).map(|b| b.text.clone()));
    }
    out
}

#[divan::bench(args = [Profile::Health])]
fn score(bencher: Bencher<'_, '_>, profile: Profile) {
    let blocks = blocks();
    // Warm the dictionary so the one-off unpacking is not timed.
    let words =
        readability::score(profile, blocks.iter().map(String::as_str)).map_or(0, |s| s.words);
    bencher.counter(ItemsCount::new(words)).bench(|| {
        divan::black_box(readability::score(
            profile,
            blocks.iter().map(String::as_str),
        ))
    });
}
