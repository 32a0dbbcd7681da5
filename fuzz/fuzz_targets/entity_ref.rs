//! Fuzzes `app::fuzz::entity_ref`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| app::fuzz::entity_ref(data));
