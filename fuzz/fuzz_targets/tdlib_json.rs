//! Any bytes as TDLib's JSON: the first byte picks the type (see `tlforge_fuzz::tdlib_json`), the
//! rest is decoded leniently and strictly.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tlforge_fuzz::tdlib_json(data);
});
