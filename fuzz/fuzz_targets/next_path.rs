//! Fuzzes `app::fuzz::next_path`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| app::fuzz::next_path(data));
