//! What the fuzz targets run, as plain functions (the targets in `fuzz_targets/` are one line
//! each), so that a crash can be replayed outside libFuzzer too.
//!
//! - [`parse`]: any bytes through what `tlforge check` does: [`SourceFile::from_bytes`],
//!   [`tlforge_parser::parse_schema`] and the rendering of every diagnostic.
//! - [`decode`]: the first two bytes (little-endian `u16`, modulo [`TARGETS`]`.len()`) choose a
//!   boxed type or function of the bundled schemas; the rest is decoded as that type with
//!   `from_bytes`. Whatever decodes must re-encode to bytes that decode again and re-encode to the
//!   same bytes (a fixed point), so the fuzzer also finds decoders that accept what their encoder
//!   cannot reproduce. Before that, the bytes are decoded once more under a tight memory budget
//!   (16 bytes per input byte, without the usual 64 MiB floor) while a counting global allocator
//!   records the peak heap: it must stay within the budget (issue 26), so the fuzzer also finds
//!   allocations the budget does not see.
//! - [`tdlib_json`]: the first byte (modulo [`JSON_TARGETS`]`.len()`) chooses a td_api type of
//!   `tlforge-tdlib`; the rest is decoded as TDLib's JSON with `serde_json::from_slice`, leniently
//!   and strictly, and what decodes must round-trip ([`check_json`]).

use tlforge_parser::{Report, SourceFile};
use tlforge_runtime::{Deserializable, Reader, Serializable};

#[global_allocator]
static ALLOCATOR: tlforge_tests::heap::Counting = tlforge_tests::heap::Counting;

/// What a decode may allocate besides its budget: the per-thread inflate state of `gzip_packed`
/// (~11 KiB, once).
const UNCHARGED_SLACK: usize = 64 << 10;

/// Decodes `bytes` as a whole `T` under a budget of 16 bytes per input byte and checks that the
/// peak heap stayed within it.
///
/// # Panics
///
/// When the peak heap exceeds the budget: an allocation the budget does not charge.
pub fn check_budget<T: Deserializable>(bytes: &[u8]) {
    let limit = bytes.len() * Reader::MEMORY_LIMIT_PER_INPUT_BYTE;
    let (result, cost) = tlforge_tests::heap::measure(|| {
        let mut reader = Reader::new(bytes).with_memory_limit(limit);
        T::deserialize(&mut reader).and_then(|value| reader.expect_end().map(|()| value))
    });
    drop(result);
    let peak = cost.peak;
    assert!(
        peak <= limit + UNCHARGED_SLACK,
        "{}: {} bytes in, peak heap {peak} bytes over the budget of {limit}",
        std::any::type_name::<T>(),
        bytes.len()
    );
}

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
pub use tlforge_tests::dispatch::AnyFunction;

/// What `tlforge check` does with one file's bytes, output discarded.
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
    let rendered = match tlforge_parser::parse_schema(&sources) {
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
/// render; a value must re-encode to bytes that decode and re-encode unchanged; and under a tight
/// budget the decode stays within it ([`check_budget`]).
///
/// # Panics
///
/// When the re-encoded bytes do not decode, or re-encode differently: a decoder/encoder mismatch;
/// or when the peak heap exceeds the budget.
pub fn check<T: Deserializable + Serializable>(bytes: &[u8]) -> bool {
    check_budget::<T>(bytes);
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

/// One type the `tdlib_json` target can decode: a td_api type of `tlforge-tdlib`.
#[derive(Debug, Clone, Copy)]
pub struct JsonTarget {
    /// The Rust type.
    pub rust_type: &'static str,
    /// Decodes leniently and strictly and checks the round trip ([`check_json`] for this type);
    /// true if the bytes decoded either way.
    pub check: fn(&[u8]) -> bool,
}

macro_rules! json_targets {
    ($($ty:ty),* $(,)?) => {
        /// The entry types of the `tdlib_json` target: the update stream, the answers and
        /// requests a client or a proxy reads, and the deepest recursive types.
        pub static JSON_TARGETS: &[JsonTarget] = &[$(JsonTarget {
            rust_type: stringify!($ty),
            check: check_json::<$ty>,
        }),*];
    };
}

json_targets!(
    tlforge_tdlib::enums::Update,
    tlforge_tdlib::types::Message,
    tlforge_tdlib::enums::Chat,
    tlforge_tdlib::enums::User,
    tlforge_tdlib::enums::AuthorizationState,
    tlforge_tdlib::enums::WebPageInstantView,
    tlforge_tdlib::enums::PageBlock,
    tlforge_tdlib::enums::RichText,
    tlforge_tdlib::enums::JsonValue,
    tlforge_tdlib::enums::Chats,
    tlforge_tdlib::TdError,
    tlforge_tdlib::functions::SendMessage,
    tlforge_tdlib::functions::SetTdlibParameters,
    tlforge_tdlib::functions::GetChats,
);

/// The JSON target chosen by the first byte of `data`, and the rest of `data`.
pub fn select_json(data: &[u8]) -> Option<(&'static JsonTarget, &[u8])> {
    let (selector, rest) = data.split_first()?;
    Some((
        &JSON_TARGETS[usize::from(*selector) % JSON_TARGETS.len()],
        rest,
    ))
}

/// The fuzz input that makes [`tdlib_json`] decode `json` as the JSON target at `index`.
pub fn json_input_for(index: usize, json: &[u8]) -> Vec<u8> {
    let mut input = vec![u8::try_from(index).expect("fewer than 256 JSON targets")];
    input.extend_from_slice(json);
    input
}

/// Decodes `data` after its selector byte as the chosen td_api type (lenient and strict); true
/// if it decoded.
pub fn tdlib_json(data: &[u8]) -> bool {
    select_json(data).is_some_and(|(target, rest)| (target.check)(rest))
}

/// Decodes `json` as `T` with `serde_json::from_slice`, leniently and strictly (strict reading
/// accepts nothing lenient reading refuses). A value must re-encode to JSON that decodes (in the
/// same mode) to the same value and re-encodes to the same text. Returns whether it decoded.
///
/// # Panics
///
/// On a decoder/encoder mismatch, or when strict reading accepts what lenient reading refuses.
pub fn check_json<T>(json: &[u8]) -> bool
where
    T: serde_core::de::DeserializeOwned + serde_core::Serialize + PartialEq + std::fmt::Debug,
{
    let mut decoded = false;
    for strict in [false, true] {
        let read = |bytes: &[u8]| {
            if strict {
                tlforge_tdlib::strict(|| serde_json::from_slice::<T>(bytes))
            } else {
                serde_json::from_slice::<T>(bytes)
            }
        };
        let value = match read(json) {
            Ok(value) => value,
            Err(error) => {
                std::hint::black_box(error.to_string());
                continue;
            }
        };
        assert!(
            !strict || decoded,
            "strict reading accepts what lenient reading refuses"
        );
        decoded = true;
        let text = serde_json::to_string(&value)
            .unwrap_or_else(|error| panic!("{value:?} does not encode: {error}"));
        let again = read(text.as_bytes())
            .unwrap_or_else(|error| panic!("{text} does not decode again: {error}"));
        assert!(
            again == value,
            "{text}: decodes to {again:?}, not {value:?}"
        );
        let text_again = serde_json::to_string(&again).expect("encoded once");
        assert!(
            text_again == text,
            "re-encoding is not a fixed point: {text}"
        );
    }
    decoded
}
