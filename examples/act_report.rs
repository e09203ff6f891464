//! Writes carelint's W3C ACT implementation report.
//!
//! ```text
//! cargo run --release --example act_report -- [SUITE] [--verbose]
//! ```
//!
//! `SUITE` is the ACT Rules test-case folder (default `../shared/data/act-rules`).
//! Writes `docs/act-implementation.md` and `docs/act-implementation.json`, and
//! prints the totals. `--verbose` also lists every wrongly failed and missed
//! example on stderr, to work on.

use std::path::PathBuf;
use std::process::ExitCode;

use carelint::act::{self, Outcome};
use carelint::catalogue::Catalogue;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let suite = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or_else(|| PathBuf::from("../shared/data/act-rules"), PathBuf::from);
    let catalogue = match Catalogue::embedded() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("rules do not load: {e:?}");
            return ExitCode::FAILURE;
        }
    };
    let report = match act::evaluate(&suite, &catalogue) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot read the ACT suite: {e}");
            return ExitCode::FAILURE;
        }
    };
    if verbose {
        for rule in &report.rules {
            for case in &rule.cases {
                let wrong = case.expected != "failed" && case.outcome == Outcome::Failed;
                let missed = case.expected == "failed" && case.outcome == Outcome::Passed;
                if wrong {
                    eprintln!("WRONG  {} by {:?}", case.id, case.rules);
                } else if missed {
                    eprintln!("MISSED {}", case.id);
                }
            }
        }
    }
    let json = match serde_json::to_string_pretty(&report) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("cannot write JSON: {e}");
            return ExitCode::FAILURE;
        }
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs");
    let written = std::fs::create_dir_all(&root)
        .and_then(|()| std::fs::write(root.join("act-implementation.md"), act::markdown(&report)))
        .and_then(|()| std::fs::write(root.join("act-implementation.json"), json + "\n"));
    if let Err(e) = written {
        eprintln!("cannot write the report: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "failed examples detected: {} (+{} cannot tell) of {}; passed/inapplicable reported failed: {}",
        report.failed_detected(),
        report.failed_cant_tell(),
        report.failed_examples(),
        report.false_failures()
    );
    for (status, n) in report.status_counts() {
        println!("{}: {n}", status.as_str());
    }
    ExitCode::SUCCESS
}
