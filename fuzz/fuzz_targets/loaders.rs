//! Fuzz target `loaders`: see `carelint::fuzzing::loaders`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| carelint::fuzzing::loaders(data));
