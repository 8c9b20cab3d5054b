//! Fuzz target `key_spec`: see `callboard::fixtures::fuzz::key_spec`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| callboard::fixtures::fuzz::key_spec(data));
