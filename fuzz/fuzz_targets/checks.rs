//! Fuzz target `checks`: see `carelint::fuzzing::checks`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| carelint::fuzzing::checks(data));
