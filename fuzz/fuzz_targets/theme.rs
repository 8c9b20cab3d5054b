//! Fuzz target `theme`: see `callboard::fixtures::fuzz::theme`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| callboard::fixtures::fuzz::theme(data));
