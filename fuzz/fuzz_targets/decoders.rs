//! Any bytes into any boxed type or function of the bundled schemas, chosen by the first two
//! bytes (see `tl_fuzz::decode`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tl_fuzz::decode(data);
});
