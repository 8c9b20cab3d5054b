//! Fuzz target `config`: see `callboard::fixtures::fuzz::config`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| callboard::fixtures::fuzz::config(data));
