//! Prints the text carelint scores for reading age on each page given: one
//! scored block a line, with its kind, then the page's scores. For checking
//! by eye what the readability rules see.
//!
//! ```sh
//! cargo run --release --example scored_text -- page.html [more.html...]
//! ```

use std::process::ExitCode;

use carelint::page::Page;
use carelint::prose::{page_scores, scored_blocks};

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in std::env::args().skip(1) {
        let page = match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| Page::from_text(path.clone(), &text).map_err(|e| e.to_string()))
        {
            Ok(page) => page,
            Err(e) => {
                eprintln!("{path}: {e}");
                status = ExitCode::FAILURE;
                continue;
            }
        };
        println!("== {path}");
        for block in scored_blocks(&page) {
            println!("{:?}\t{}", block.kind, block.text.replace('\n', " ⏎ "));
        }
        match page_scores(&page, 1) {
            Some(s) => println!(
                "-- {} words, {} sentences, grade {:.1}, SMOG {:.1}, reading age {}",
                s.words, s.sentences, s.flesch_kincaid_grade, s.smog, s.reading_age
            ),
            None => println!("-- no scored text"),
        }
    }
    status
}
