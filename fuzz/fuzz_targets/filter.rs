//! Fuzz target `filter`: see `callboard::fixtures::fuzz::filter`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| callboard::fixtures::fuzz::filter(data));
