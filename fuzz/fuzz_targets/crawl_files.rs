//! Fuzz target `crawl_files`: see `carelint::fuzzing::crawl_files`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| carelint::fuzzing::crawl_files(data));
