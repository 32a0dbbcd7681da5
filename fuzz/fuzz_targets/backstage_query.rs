//! Fuzzes `app::fuzz::backstage_query`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| app::fuzz::backstage_query(data));
