//! Fuzzes `app::fuzz::request_bodies`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| app::fuzz::request_bodies(data));
