//! Any bytes through `tl-codegen check`: decoding as UTF-8, parsing, validation, diagnostics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tl_fuzz::parse(data));
