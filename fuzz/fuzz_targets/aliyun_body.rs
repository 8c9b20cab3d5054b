//! Fuzz target `aliyun_body`: see `callboard::fixtures::fuzz::aliyun_body`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| callboard::fixtures::fuzz::aliyun_body(data));
