//! Fuzz target `page_model`: see `carelint::fuzzing::page_model`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| carelint::fuzzing::page_model(data));
