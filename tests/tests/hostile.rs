//! Hostile input for the generated decoders (issue 4): every malformed input is an error, never a
//! panic, a stack overflow or an allocation sized by a claimed length.
//!
//! - item 4: 1,000,000 nested `textBold`, a vector claiming 2^31 − 1 items in 12 bytes, a flag
//!   bit without its payload, trailing bytes, an unknown constructor id;
//! - item 3: a bounded property test that truncates, flips bits in and inflates the length
//!   fields of random valid encodings of every constructor and function (`tests/roundtrip.rs`
//!   already checks every truncation and some bit flips of one sample per definition; this adds
//!   length inflation and random combinations, with fresh samples on every run);
//! - the place for regression tests of inputs found by the fuzzers of `fuzz/` (see the end).
//!
//! A counting global allocator records the allocations of the thread that asks for it, so the
//! tests can assert that nothing large is allocated while other tests run in parallel.

use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::Index;
use tlforge_parser::{Category, Schema};
use tlforge_runtime::{Deserializable, Error, Identifiable, Reader, Serializable};
use tlforge_tests::random_encoding::{
    Encoder, InnerQuery, LengthField, LengthKind, Options, Rng, seed_for,
};
use tlforge_tests::{Entry, dispatch, gzip_packed, hex, msg_container};
use tlforge_types::{enums, types};

#[global_allocator]
static ALLOCATOR: tlforge_tests::heap::Counting = tlforge_tests::heap::Counting;

/// Runs `f` and returns its result with the largest single allocation it made on this thread.
fn largest_allocation<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let (result, cost) = tlforge_tests::heap::measure(f);
    (result, cost.largest)
}

/// Runs `f` on a new thread with a `stack`-byte stack and returns its result (a stack overflow
/// aborts the whole test binary, so passing proves the stack was enough).
fn on_small_stack<R: Send + 'static>(stack: usize, f: impl FnOnce() -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(f)
        .expect("spawn a thread")
        .join()
        .expect("the thread does not panic")
}

/// The stack of the small-stack threads: 256 KiB, an eighth of Rust's default for new threads,
/// in optimized and unoptimized builds alike. Enum decoders call `tlforge_runtime::read_variant` per
/// constructor, so a level's frame does not grow with the number of constructors: with layer
/// 230's 32 `RichText` constructors, 100 levels fit here even in a debug build (before, a debug
/// `match` kept a slot per constructor and 16 constructors needed 512 KiB).
const SMALL_STACK: usize = 256 * 1024;

// ---------------------------------------------------------------------------------------------
// Item 4: specific hostile inputs.

/// `textBold#6724abc4 text:RichText = RichText;` on the wire: the id little-endian.
const TEXT_BOLD: [u8; 4] = [0xc4, 0xab, 0x24, 0x67];
/// `textEmpty#dc3d824f = RichText;` on the wire.
const TEXT_EMPTY: [u8; 4] = [0x4f, 0x82, 0x3d, 0xdc];

/// `levels` times `textBold`, then `textEmpty`.
fn nested_bold(levels: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(4 * levels + 4);
    for _ in 0..levels {
        bytes.extend_from_slice(&TEXT_BOLD);
    }
    bytes.extend_from_slice(&TEXT_EMPTY);
    bytes
}

#[test]
fn the_wire_ids_are_those_of_the_schema() {
    assert_eq!(types::TextBold::CONSTRUCTOR_ID.to_le_bytes(), TEXT_BOLD);
    assert_eq!(types::TextEmpty::CONSTRUCTOR_ID.to_le_bytes(), TEXT_EMPTY);
    assert_eq!(
        enums::RichText::from(types::TextEmpty::new()).to_bytes(),
        TEXT_EMPTY
    );
    assert_eq!(hex(&nested_bold(1)), "c4ab24674f823ddc");
}

/// The error for a million nested `textBold`s: the 101st level is refused at byte 400.
fn million_bold_error() -> Error {
    let bytes = nested_bold(1_000_000);
    match enums::RichText::from_bytes(&bytes) {
        Ok(_) => panic!("a million nested textBold decoded"),
        Err(error) => error,
    }
}

#[test]
fn a_million_nested_text_bold_is_a_depth_error() {
    let limit = Reader::DEFAULT_MAX_DEPTH;
    let expected = Error::DepthLimitExceeded {
        offset: 4 * limit as usize,
        limit,
    };
    assert_eq!(million_bold_error(), expected);
    assert_eq!(
        expected.to_string(),
        "nesting deeper than 100 levels at byte 400"
    );
    // The same on a 256 KiB stack: the depth limit, not the stack size, stops the recursion.
    assert_eq!(on_small_stack(SMALL_STACK, million_bold_error), expected);
}

#[test]
fn a_million_nested_page_block_covers_are_a_depth_error_on_a_small_stack() {
    // pageBlockCover#39f23300 cover:PageBlock, a recursive type with many constructors, then
    // pageBlockUnsupported#13567e8a. Up to 10 KiB per level in a debug build before enum
    // decoders called `read_variant` (a 2 MiB thread stack was needed); now 256 KiB suffice.
    let mut bytes = Vec::with_capacity(4_000_004);
    for _ in 0..1_000_000 {
        bytes.extend(types::PageBlockCover::CONSTRUCTOR_ID.to_le_bytes());
    }
    bytes.extend(types::PageBlockUnsupported::CONSTRUCTOR_ID.to_le_bytes());
    let result = on_small_stack(SMALL_STACK, move || enums::PageBlock::from_bytes(&bytes));
    assert_eq!(
        result,
        Err(Error::DepthLimitExceeded {
            offset: 400,
            limit: 100
        })
    );
}

#[test]
fn nesting_up_to_the_limit_decodes_even_on_a_small_stack() {
    // 99 textBold + textEmpty: 100 levels, exactly the default limit.
    let levels = Reader::DEFAULT_MAX_DEPTH as usize - 1;
    let value = on_small_stack(SMALL_STACK, move || {
        enums::RichText::from_bytes(&nested_bold(levels)).expect("100 levels decode")
    });
    let mut depth = 0;
    let mut text = &value;
    while let enums::RichText::TextBold(bold) = text {
        depth += 1;
        text = &bold.text;
    }
    assert_eq!(
        (depth, text),
        (levels, &enums::RichText::TextEmpty(types::TextEmpty::new()))
    );
    assert_eq!(value.to_bytes(), nested_bold(levels));
    assert!(matches!(
        enums::RichText::from_bytes(&nested_bold(levels + 1)),
        Err(Error::DepthLimitExceeded { .. })
    ));
}

#[test]
fn the_depth_limit_is_set_per_reader() {
    let bytes = nested_bold(10);
    let mut reader = Reader::new(&bytes).with_max_depth(10);
    assert_eq!(
        enums::RichText::deserialize(&mut reader),
        Err(Error::DepthLimitExceeded {
            offset: 40,
            limit: 10
        })
    );
    let mut reader = Reader::new(&bytes).with_max_depth(11);
    assert!(enums::RichText::deserialize(&mut reader).is_ok());
    assert_eq!(reader.remaining(), 0);
    // A raised limit, for a caller that trusts its input and has the stack for it.
    let deep = on_small_stack(64 << 20, || {
        let bytes = nested_bold(5000);
        let mut reader = Reader::new(&bytes).with_max_depth(6000);
        enums::RichText::deserialize(&mut reader).map(|value| value.to_bytes() == bytes)
    });
    assert_eq!(deep, Ok(true));
}

#[test]
fn nesting_through_gzip_packed_counts_towards_the_limit() {
    // textBold(gzip_packed(a million textBold)): the packed levels continue the count.
    let mut bytes = TEXT_BOLD.to_vec();
    bytes.extend(gzip_packed(&nested_bold(1_000_000)));
    let result = on_small_stack(SMALL_STACK, move || enums::RichText::from_bytes(&bytes));
    assert!(
        // The limit is the outer reader's, and fewer than 100 packed levels fit under it.
        matches!(result, Err(Error::DepthLimitExceeded { limit: 100, offset }) if offset < 4 * 99),
        "{result:?}"
    );
    // gzip_packed inside gzip_packed inside …: refused at the second layer (issue 26: each
    // layer's buffer stayed alive while the next was decoded), at any depth.
    let mut packed = TEXT_EMPTY.to_vec();
    for _ in 0..150 {
        packed = gzip_packed(&packed);
    }
    let result = on_small_stack(SMALL_STACK, move || enums::RichText::from_bytes(&packed));
    assert!(
        matches!(result, Err(Error::Gzip { offset: 0, .. })),
        "{result:?}"
    );
    // One layer is fine, at any level of the nesting within the limit.
    let mut packed = TEXT_BOLD.repeat(90);
    let mut inner = TEXT_BOLD.repeat(5);
    inner.extend(TEXT_EMPTY);
    packed.extend(gzip_packed(&inner));
    assert!(enums::RichText::from_bytes(&packed).is_ok());
}

/// `messages.messages#1d73e7ea`, then the `Vector<Message>` id and a count of 2^31 − 1.
const MESSAGES_CLAIMING_I32_MAX: [u8; 12] = [
    0xea, 0xe7, 0x73, 0x1d, // messages.messages
    0x15, 0xc4, 0xb5, 0x1c, // vector
    0xff, 0xff, 0xff, 0x7f, // 2^31 - 1 items
];

#[test]
fn a_vector_claiming_i32_max_items_in_12_bytes_fails_at_once_without_allocating() {
    assert_eq!(
        types::messages::Messages::CONSTRUCTOR_ID.to_le_bytes(),
        MESSAGES_CLAIMING_I32_MAX[..4]
    );
    let start = std::time::Instant::now();
    let (result, largest) =
        largest_allocation(|| enums::messages::Messages::from_bytes(&MESSAGES_CLAIMING_I32_MAX));
    let elapsed = start.elapsed();
    assert_eq!(
        result,
        Err(Error::LengthTooLarge {
            offset: 8,
            claimed: i64::from(i32::MAX),
            remaining: 0
        })
    );
    assert_eq!(
        largest, 0,
        "nothing is allocated before the count is refused"
    );
    assert!(elapsed.as_millis() < 100, "took {elapsed:?}");
    assert_eq!(
        result.expect_err("checked").to_string(),
        "vector count 2147483647 at byte 8 does not fit in the 0 remaining bytes"
    );

    // The struct directly, and with 1 MiB of zeros after the count: still refused at once.
    let mut padded = MESSAGES_CLAIMING_I32_MAX.to_vec();
    padded.resize(12 + (1 << 20), 0);
    let (result, largest) = largest_allocation(|| types::messages::Messages::from_bytes(&padded));
    assert!(
        matches!(result, Err(Error::LengthTooLarge { offset: 8, .. })),
        "{result:?}"
    );
    assert_eq!(largest, 0);
}

#[test]
fn a_count_the_input_could_hold_allocates_within_the_memory_budget() {
    // 256 Ki items claimed, 1 MiB of garbage behind them (4 bytes per item passes the count
    // check): the vector is charged (count × size_of::<Message>()) and allocated at once, within
    // the default budget of 64 MiB, and decoding fails at the first item. Under a budget that
    // cannot hold it, it is refused before anything is allocated.
    let count: u32 = 1 << 18;
    let mut bytes = MESSAGES_CLAIMING_I32_MAX.to_vec();
    bytes[8..12].copy_from_slice(&count.to_le_bytes());
    bytes.resize(12 + 4 * count as usize, 0xee);
    let items = count as usize * size_of::<enums::Message>();
    let (result, largest) = largest_allocation(|| enums::messages::Messages::from_bytes(&bytes));
    assert_eq!(
        result,
        Err(Error::UnexpectedConstructor {
            offset: 12,
            id: 0xeeee_eeee,
            expected: "Message"
        })
    );
    assert_eq!(largest, items);
    assert!(largest <= Reader::default_memory_limit(bytes.len()));

    let (result, largest) = largest_allocation(|| {
        let mut reader = Reader::new(&bytes).with_memory_limit(items - 1);
        enums::messages::Messages::deserialize(&mut reader)
    });
    assert_eq!(
        result,
        Err(Error::MemoryLimitExceeded {
            offset: 8,
            limit: items - 1,
            requested: items
        })
    );
    assert_eq!(largest, 0);
}

/// `auth.sentCode` with neither optional field, its bytes and the offset of its flags word.
fn sent_code_without_options() -> Vec<u8> {
    let code: enums::auth::SentCode = types::auth::SentCode::new(
        types::auth::SentCodeTypeSms::new(5).into(),
        "8a3d5f0e1b".into(),
    )
    .into();
    let bytes = code.to_bytes();
    assert_eq!(bytes[4..8], [0, 0, 0, 0], "flags word after the id");
    bytes
}

#[test]
fn a_flag_bit_without_its_payload_is_an_error() {
    let bytes = sent_code_without_options();
    let end = bytes.len();
    // flags.2?int timeout: the int is missing.
    let mut timeout = bytes.clone();
    timeout[4] = 0b100;
    assert_eq!(
        enums::auth::SentCode::from_bytes(&timeout),
        Err(Error::UnexpectedEof {
            offset: end,
            needed: 4
        })
    );
    // flags.1?auth.CodeType next_type: the boxed value is missing.
    let mut next_type = bytes.clone();
    next_type[4] = 0b10;
    assert_eq!(
        enums::auth::SentCode::from_bytes(&next_type),
        Err(Error::UnexpectedEof {
            offset: end,
            needed: 4
        })
    );
    // Both, with only the timeout's 4 bytes present: they are read as a CodeType id.
    let mut both = bytes.clone();
    both[4] = 0b110;
    both.extend(120_i32.to_le_bytes());
    assert_eq!(
        enums::auth::SentCode::from_bytes(&both),
        Err(Error::UnexpectedConstructor {
            offset: end,
            id: 120,
            expected: "auth.CodeType"
        })
    );
    // The unmodified bytes decode.
    assert!(enums::auth::SentCode::from_bytes(&bytes).is_ok());
}

#[test]
fn trailing_bytes_are_an_error_for_from_bytes() {
    let bytes = sent_code_without_options();
    for extra in [&[0_u8][..], &[0, 0, 0, 0], &TEXT_EMPTY] {
        let mut longer = bytes.clone();
        longer.extend_from_slice(extra);
        let expected = Error::TrailingBytes {
            offset: bytes.len(),
            remaining: extra.len(),
        };
        assert_eq!(
            enums::auth::SentCode::from_bytes(&longer),
            Err(expected.clone())
        );
        assert_eq!(
            types::auth::SentCode::from_bytes(&longer).map(|_| ()),
            Err(expected)
        );
    }
    // A function call too; `deserialize` on a reader leaves the rest for the caller instead.
    let mut call = tlforge_types::functions::help::GetConfig::new().to_bytes();
    call.extend([1, 2, 3, 4]);
    assert_eq!(
        tlforge_types::functions::help::GetConfig::from_bytes(&call),
        Err(Error::TrailingBytes {
            offset: 4,
            remaining: 4
        })
    );
    let mut reader = Reader::new(&call);
    assert!(tlforge_types::functions::help::GetConfig::deserialize(&mut reader).is_ok());
    assert_eq!(reader.remaining(), 4);
    assert_eq!(
        Error::TrailingBytes {
            offset: 4,
            remaining: 4
        }
        .to_string(),
        "4 trailing bytes at byte 4 after a complete value"
    );
}

#[test]
fn an_unknown_constructor_id_names_the_id_and_the_expected_type() {
    let unknown = 0xdead_beef_u32.to_le_bytes();
    let error = enums::RichText::from_bytes(&unknown).expect_err("not a RichText");
    assert_eq!(
        error,
        Error::UnexpectedConstructor {
            offset: 0,
            id: 0xdead_beef,
            expected: "RichText"
        }
    );
    assert_eq!(
        error.to_string(),
        "unexpected constructor 0xdeadbeef at byte 0 while reading RichText"
    );
    // Nested: the offset is the id's, the type the field's.
    let mut nested = TEXT_BOLD.to_vec();
    nested.extend(unknown);
    assert_eq!(
        enums::RichText::from_bytes(&nested)
            .expect_err("not a RichText")
            .to_string(),
        "unexpected constructor 0xdeadbeef at byte 4 while reading RichText"
    );
    let mut code = sent_code_without_options();
    code[8..12].copy_from_slice(&unknown);
    assert_eq!(
        enums::auth::SentCode::from_bytes(&code)
            .expect_err("bad SentCodeType")
            .to_string(),
        "unexpected constructor 0xdeadbeef at byte 8 while reading auth.SentCodeType"
    );
    // A struct checks its own id and names its constructor.
    assert_eq!(
        types::TextBold::from_bytes(&TEXT_EMPTY)
            .expect_err("not textBold")
            .to_string(),
        "unexpected constructor 0xdc3d824f at byte 0 while reading textBold"
    );
    // In a vector of a namespaced type, deep inside a message.
    let mut messages = MESSAGES_CLAIMING_I32_MAX.to_vec();
    messages[8..12].copy_from_slice(&1_i32.to_le_bytes());
    messages.extend(unknown);
    assert_eq!(
        enums::messages::Messages::from_bytes(&messages),
        Err(Error::UnexpectedConstructor {
            offset: 12,
            id: 0xdead_beef,
            expected: "Message"
        })
    );
}

#[test]
fn inflated_message_lengths_in_a_container_are_errors() {
    use tlforge_types::mtproto::types::MsgContainer;

    let bodies = [
        TEXT_EMPTY.to_vec(),
        gzip_packed(&sent_code_without_options()),
        true.to_bytes(),
    ];
    let container = msg_container(&bodies, 1000, |i| i as i32);
    let wire = container.to_bytes();
    assert_eq!(MsgContainer::from_bytes(&wire).as_ref(), Ok(&container));
    // Offsets of the three `bytes:int` fields: id, count, then msg_id + seqno before each.
    let mut at = 8;
    let mut length_fields = Vec::new();
    for body in &bodies {
        length_fields.push(at + 12);
        at += 16 + body.len();
    }
    assert_eq!(at, wire.len());
    for &field in &length_fields {
        let original = i32::from_le_bytes(wire[field..field + 4].try_into().expect("4 bytes"));
        for claimed in [original + 4, original + 1, i32::MAX, -1, i32::MIN, 1 << 24] {
            let mut mutated = wire.clone();
            mutated[field..field + 4].copy_from_slice(&claimed.to_le_bytes());
            let (result, largest) = largest_allocation(|| MsgContainer::from_bytes(&mutated));
            assert!(
                result.is_err(),
                "bytes {claimed} at {field} decoded: {result:?}"
            );
            assert!(largest <= 4096, "bytes {claimed}: allocated {largest}");
        }
        // Shorter: the body is cut and the rest misread; whatever happens, no panic, and a
        // decoded container re-encodes.
        let mut shorter = wire.clone();
        shorter[field..field + 4].copy_from_slice(&(original - 4).to_le_bytes());
        if let Ok(decoded) = MsgContainer::from_bytes(&shorter) {
            assert_eq!(decoded.to_bytes(), shorter);
        }
    }
    // A container claiming more messages than its bytes hold.
    let mut many = wire.clone();
    many[4..8].copy_from_slice(&i32::MAX.to_le_bytes());
    let (result, largest) = largest_allocation(|| MsgContainer::from_bytes(&many));
    assert!(
        matches!(result, Err(Error::LengthTooLarge { offset: 4, .. })),
        "{result:?}"
    );
    assert_eq!(largest, 0);
}

// ---------------------------------------------------------------------------------------------
// Item 3: truncated, bit-flipped and length-inflated random encodings (proptest).

static API: LazyLock<Schema> =
    LazyLock::new(|| tlforge_tests::parse("api.tl", tlforge_tests::API_TL));
static MTPROTO: LazyLock<Schema> =
    LazyLock::new(|| tlforge_tests::parse("mtproto.tl", tlforge_tests::MTPROTO_TL));

fn small_options() -> Options {
    Options {
        free_depth: 3,
        budget: 1024,
        max_vector_len: 3,
        inner_query: InnerQuery::GetConfig,
        ..Options::default()
    }
}

static API_ENCODER: LazyLock<Encoder<'static>> =
    LazyLock::new(|| Encoder::new(&API, small_options()));
static API_ANY_QUERY_ENCODER: LazyLock<Encoder<'static>> = LazyLock::new(|| {
    let options = Options {
        inner_query: InnerQuery::AnyFunction,
        ..small_options()
    };
    Encoder::new(&API, options)
});
static MTPROTO_ENCODER: LazyLock<Encoder<'static>> =
    LazyLock::new(|| Encoder::new(&MTPROTO, small_options()));

/// Entry `index` over `API`, `API_ANY_QUERY` and `MTPROTO` in turn, with its encoder.
fn entry(index: usize) -> (&'static Entry, &'static Encoder<'static>) {
    let tables: [(&'static [Entry], &'static Encoder<'static>); 3] = [
        (dispatch::API, &API_ENCODER),
        (dispatch::API_ANY_QUERY, &API_ANY_QUERY_ENCODER),
        (dispatch::MTPROTO, &MTPROTO_ENCODER),
    ];
    let mut index = index;
    for (table, encoder) in tables {
        match table.get(index) {
            Some(entry) => return (entry, encoder),
            None => index -= table.len(),
        }
    }
    unreachable!("index below entry_count()")
}

fn entry_count() -> usize {
    dispatch::API.len() + dispatch::API_ANY_QUERY.len() + dispatch::MTPROTO.len()
}

/// How a length field is inflated.
#[derive(Debug, Clone, Copy)]
enum Inflation {
    /// Add 1..=64 to the length (a `string` prefix stays in its short or long form).
    Add(u8),
    /// The largest value of the field's form (253 or 2^24 − 1 for strings, 2^31 − 1 for counts).
    Max,
    /// A string prefix of `0xfe`/`0xff` in place of a short one; a negative count.
    Invalid,
    /// The largest count the rest of the input passes the 4-bytes-per-item check with.
    Remaining,
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Keep a prefix.
    Truncate(Index),
    /// Flip one bit.
    FlipBit(Index),
    /// Inflate one of the length fields of the encoding.
    Inflate(Index, Inflation),
}

fn inflation() -> impl Strategy<Value = Inflation> {
    prop_oneof![
        (1..=64_u8).prop_map(Inflation::Add),
        Just(Inflation::Max),
        Just(Inflation::Invalid),
        Just(Inflation::Remaining),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => any::<Index>().prop_map(Mutation::FlipBit),
        3 => (any::<Index>(), inflation()).prop_map(|(i, how)| Mutation::Inflate(i, how)),
    ]
}

fn inflate(bytes: &mut [u8], field: LengthField, how: Inflation) {
    let at = field.offset;
    match field.kind {
        LengthKind::VectorCount => {
            let Some(word) = bytes.get(at..at + 4) else {
                return;
            };
            let count = i32::from_le_bytes(word.try_into().expect("4 bytes"));
            let rest = bytes.len() - at - 4;
            let new = match how {
                Inflation::Add(n) => count.saturating_add(i32::from(n)),
                Inflation::Max => i32::MAX,
                Inflation::Invalid => -1 - count,
                Inflation::Remaining => i32::try_from(rest / 4).unwrap_or(i32::MAX),
            };
            bytes[at..at + 4].copy_from_slice(&new.to_le_bytes());
        }
        LengthKind::Blob => {
            let Some(&first) = bytes.get(at) else {
                return;
            };
            if first < 254 {
                bytes[at] = match how {
                    Inflation::Add(n) => first.saturating_add(n).min(253),
                    Inflation::Max => 253,
                    Inflation::Invalid => 0xff,
                    Inflation::Remaining => 0xfe,
                };
            } else if let Some(len) = bytes.get(at + 1..at + 4) {
                let len = u32::from_le_bytes([len[0], len[1], len[2], 0]);
                let new = match how {
                    Inflation::Add(n) => (len + u32::from(n)).min(0xff_ffff),
                    Inflation::Max | Inflation::Remaining => 0xff_ffff,
                    Inflation::Invalid => 253,
                };
                bytes[at + 1..at + 4].copy_from_slice(&new.to_le_bytes()[..3]);
            }
        }
    }
}

fn mutate(bytes: &mut Vec<u8>, lengths: &[LengthField], mutations: &[Mutation]) {
    for mutation in mutations {
        match mutation {
            Mutation::Truncate(at) if !bytes.is_empty() => {
                let keep = at.index(bytes.len());
                bytes.truncate(keep);
            }
            Mutation::FlipBit(bit) if !bytes.is_empty() => {
                let bit = bit.index(bytes.len() * 8);
                bytes[bit / 8] ^= 1 << (bit % 8);
            }
            Mutation::Inflate(field, how) if !lengths.is_empty() => {
                inflate(bytes, lengths[field.index(lengths.len())], *how);
            }
            Mutation::Truncate(_) | Mutation::FlipBit(_) | Mutation::Inflate(..) => {}
        }
    }
}

/// Cases of the property test; `PROPTEST_CASES` overrides (the default keeps it to a few
/// seconds in a debug build).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(1500)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        // Failures print the minimal input; no regression file is written into the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A random valid encoding of a random constructor or function, mutated 1–3 times: decoding
    /// gives an error or a value (never a panic), and a value re-encodes to a fixed point.
    #[test]
    fn mutated_encodings_decode_or_fail(
        pick in 0..entry_count(),
        seed in any::<u64>(),
        mutations in prop::collection::vec(mutation(), 1..=3),
    ) {
        let (entry, encoder) = entry(pick);
        let def = encoder
            .definition(entry.tl_name, entry.kind)
            .expect("every entry is in its schema");
        let (original, lengths) = encoder.encode_with_lengths(def, &mut Rng::new(seed));
        let mut bytes = original.clone();
        mutate(&mut bytes, &lengths, &mutations);
        // A single count set to 2^31 - 1 or negative can never be satisfied.
        let impossible_count = match &mutations[..] {
            [Mutation::Inflate(field, Inflation::Max | Inflation::Invalid)] => {
                !lengths.is_empty()
                    && lengths[field.index(lengths.len())].kind == LengthKind::VectorCount
            }
            _ => false,
        };
        let (result, cost) = tlforge_tests::heap::measure(|| entry.reencode(&bytes));
        // The peak is the decoded value, within the decode's memory budget (issue 26), and its
        // re-encoding, about the input's size: at most twice the budget. A vector count the
        // bytes could hold is allocated at once, as charged, so a mutated count may take up
        // to the budget before the decode fails.
        let budget = Reader::default_memory_limit(bytes.len());
        prop_assert!(
            cost.peak <= 2 * budget,
            "{}: peak heap {} for {} input bytes", entry.tl_name, cost.peak, bytes.len()
        );
        if let Ok(first) = result {
            prop_assert!(!impossible_count, "{}: decoded with an impossible count", entry.tl_name);
            let second = entry.reencode(&first);
            prop_assert_eq!(second.as_ref(), Ok(&first), "{}: not a fixed point", entry.tl_name);
        }
    }
}

#[test]
fn the_encoder_reports_every_length_field() {
    // messages.messages: four vectors of messages, chats and users, full of strings.
    let def = API_ENCODER
        .definition("messages.messages", Category::Constructor)
        .expect("messages.messages");
    let (bytes, lengths) = API_ENCODER.encode_with_lengths(def, &mut Rng::new(seed_for(0, "x", 0)));
    assert_eq!(
        bytes,
        API_ENCODER.encode(def, &mut Rng::new(seed_for(0, "x", 0)))
    );
    let counts: Vec<usize> = lengths
        .iter()
        .filter(|field| field.kind == LengthKind::VectorCount)
        .map(|field| field.offset)
        .collect();
    assert!(counts.len() >= 4, "{lengths:?}");
    assert_eq!(counts[0], 8, "the first count follows the ids");
    assert_eq!(bytes[4..8], tlforge_runtime::VECTOR_ID.to_le_bytes());
    for field in &lengths {
        let at = field.offset;
        match field.kind {
            // Counts are at most `max_vector_len`.
            LengthKind::VectorCount => {
                let count = u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
                assert!(count <= 3, "count {count} at {at}");
            }
            // A short prefix, or `fe` and a long length.
            LengthKind::Blob => {
                let long = u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) >> 8;
                assert!(
                    bytes[at] < 254 || (bytes[at] == 254 && long >= 254),
                    "prefix at {at}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Regression tests for inputs found by the fuzzers (`fuzz/`, see `fuzz/README.md`): each crash
// becomes a test here, the input as hex and decoded as the type the fuzzer chose. The first runs
// found none: `parser` 16 minutes (1.3 million inputs), `decoders` twice 16 minutes (22 million
// inputs, then 12 million with `-use_value_profile=1` after the generator boxed large variants).
