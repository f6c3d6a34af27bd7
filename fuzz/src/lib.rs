//! What the fuzz targets run, as plain functions (the targets in `fuzz_targets/` are one line
//! each), so that a crash can be replayed outside libFuzzer too.
//!
//! - [`parse`]: any bytes through what `tl-codegen check` does: [`SourceFile::from_bytes`],
//!   [`tl_parser::parse_schema`] and the rendering of every diagnostic.
//! - [`decode`]: the first two bytes (little-endian `u16`, modulo [`TARGETS`]`.len()`) choose a
//!   boxed type or function of the bundled schemas; the rest is decoded as that type with
//!   `from_bytes`. Whatever decodes must re-encode to bytes that decode again and re-encode to the
//!   same bytes (a fixed point), so the fuzzer also finds decoders that accept what their encoder
//!   cannot reproduce.

use tl_parser::{Report, SourceFile};
use tl_runtime::{Deserializable, Serializable};

/// One type the `decoders` target can decode.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// TL name: the boxed type (`auth.SentCode`) or the function (`auth.sendCode`).
    pub tl_name: &'static str,
    /// `"enum"` or `"function"`.
    pub kind: &'static str,
    /// The Rust type, generic parameters filled in.
    pub rust_type: &'static str,
    /// Decodes and checks the round trip ([`check`] for this type); true if the bytes decoded.
    pub check: fn(&[u8]) -> bool,
}

#[allow(clippy::all, clippy::pedantic, missing_docs)]
mod generated {
    use super::Target;

    include!(concat!(env!("OUT_DIR"), "/targets.rs"));
}

pub use generated::TARGETS;
pub use tl_tests::dispatch::AnyFunction;

/// What `tl-codegen check` does with one file's bytes, output discarded.
pub fn parse(data: &[u8]) {
    let source = match SourceFile::from_bytes("fuzz.tl", data) {
        Ok(source) => source,
        Err(report) => {
            let lossy = SourceFile::new("fuzz.tl", String::from_utf8_lossy(data));
            std::hint::black_box(report.render(&[lossy], false));
            return;
        }
    };
    let sources = [source];
    let rendered = match tl_parser::parse_schema(&sources) {
        Ok(parsed) => Report::new(parsed.warnings).render(&sources, false),
        Err(report) => report.render(&sources, false),
    };
    std::hint::black_box(rendered);
}

/// The target chosen by the first two bytes of `data`, and the rest of `data`.
pub fn select(data: &[u8]) -> Option<(&'static Target, &[u8])> {
    let (selector, rest) = data.split_first_chunk::<2>()?;
    let index = usize::from(u16::from_le_bytes(*selector)) % TARGETS.len();
    Some((&TARGETS[index], rest))
}

/// The fuzz input that makes [`decode`] decode `bytes` as the target at `index`.
pub fn input_for(index: usize, bytes: &[u8]) -> Vec<u8> {
    let selector = u16::try_from(index).expect("fewer than 65536 targets");
    let mut input = selector.to_le_bytes().to_vec();
    input.extend_from_slice(bytes);
    input
}

/// Decodes `data` after its two selector bytes as the chosen type (see the crate docs); true if
/// it decoded.
pub fn decode(data: &[u8]) -> bool {
    select(data).is_some_and(|(target, rest)| (target.check)(rest))
}

/// Decodes `bytes` as a boxed `T` (all of it), returning whether it decoded. An error must
/// render; a value must re-encode to bytes that decode and re-encode unchanged.
///
/// # Panics
///
/// When the re-encoded bytes do not decode, or re-encode differently: a decoder/encoder mismatch.
pub fn check<T: Deserializable + Serializable>(bytes: &[u8]) -> bool {
    let value = match T::from_bytes(bytes) {
        Ok(value) => value,
        Err(error) => {
            std::hint::black_box(error.to_string());
            return false;
        }
    };
    let first = value.to_bytes();
    let again = match T::from_bytes(&first) {
        Ok(again) => again,
        Err(error) => panic!(
            "{}: the re-encoded bytes do not decode: {error}",
            std::any::type_name::<T>()
        ),
    };
    assert!(
        again.to_bytes() == first,
        "{}: re-encoding is not a fixed point",
        std::any::type_name::<T>()
    );
    true
}
