//! Any bytes through `tlforge check`: decoding as UTF-8, parsing, validation, diagnostics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlforge_fuzz::parse(data));
