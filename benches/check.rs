//! Throughput of the page model and the full rule set over the fixture pages.
//!
//! Run with `cargo bench`. Divan reports items/s (pages per second) and bytes/s
//! (MB of HTML per second) for each benchmark.

use carelint::audit::{self, AuditOptions};
use carelint::catalogue::Catalogue;
use carelint::input::{PageInput, PageSource, SiteInput};
use carelint::page::{Limits, Page};
use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};

mod common;

fn main() {
    divan::main();
}

/// Every HTML page under `fixtures/`: the demo site and every rule fixture.
fn pages() -> Vec<(String, Vec<u8>)> {
    common::fixture_pages()
}

fn counters(pages: &[(String, Vec<u8>)]) -> (ItemsCount, BytesCount) {
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    (ItemsCount::new(pages.len()), BytesCount::new(bytes))
}

#[divan::bench]
fn parse_page_model(bencher: Bencher<'_, '_>) {
    let pages = pages();
    let (items, bytes) = counters(&pages);
    bencher.counter(items).counter(bytes).bench(|| {
        for (key, bytes) in &pages {
            let page = Page::from_bytes(key.clone(), bytes, None, Limits::default());
            divan::black_box(page.map(|p| p.blocks().len()).ok());
        }
    });
}

fn audit_with(bencher: Bencher<'_, '_>, threads: usize) {
    let pages = pages();
    let (items, bytes) = counters(&pages);
    let catalogue = Catalogue::embedded().expect("embedded rules load");
    let rules: Vec<_> = catalogue.rules().iter().collect();
    let site = SiteInput {
        target: "fixtures".to_owned(),
        pages: pages
            .iter()
            .map(|(key, bytes)| PageInput {
                key: key.clone(),
                source: PageSource::Bytes(bytes.clone()),
            })
            .collect(),
        is_site: true,
    };
    let options = AuditOptions {
        threads,
        ..AuditOptions::default()
    };
    bencher.counter(items).counter(bytes).bench(|| {
        let report = audit::run(std::slice::from_ref(&site), &catalogue, &rules, &options);
        divan::black_box(report.findings.len())
    });
}

/// Parse and run every rule, on one thread.
#[divan::bench(sample_count = 20)]
fn audit_all_rules_one_thread(bencher: Bencher<'_, '_>) {
    audit_with(bencher, 1);
}

/// Parse and run every rule, one thread per core.
#[divan::bench(sample_count = 20)]
fn audit_all_rules_all_cores(bencher: Bencher<'_, '_>) {
    audit_with(bencher, 0);
}
