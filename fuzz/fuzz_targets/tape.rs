//! Fuzz target `tape`: see `callboard::fixtures::fuzz::tape`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| callboard::fixtures::fuzz::tape(data));
