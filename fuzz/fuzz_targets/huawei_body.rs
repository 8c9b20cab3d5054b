//! Fuzz target `huawei_body`: see `callboard::fixtures::fuzz::huawei_body`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| callboard::fixtures::fuzz::huawei_body(data));
