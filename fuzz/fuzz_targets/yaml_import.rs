//! Fuzzes `app::fuzz::yaml_import`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| app::fuzz::yaml_import(data));
