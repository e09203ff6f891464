//! Fuzz target `readability`: see `carelint::fuzzing::readability`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| carelint::fuzzing::readability(data));
