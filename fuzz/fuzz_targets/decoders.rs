//! Any bytes into any boxed type or function of the bundled schemas, chosen by the first two
//! bytes (see `tlforge_fuzz::decode`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tlforge_fuzz::decode(data);
});
