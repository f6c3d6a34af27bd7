//! Decoding within a memory budget (issue 26): the inputs a review found to decode into memory
//! out of all proportion to their size, or to be accepted in more than one form, each built here
//! and decoded with tlforge-types under a counting global allocator that records the peak of the
//! bytes live on the decoding thread.
//!
//! The bound every decode here must keep: peak heap ≤ max(64 MiB, 16 × input)
//! (`Reader::default_memory_limit`), whether it succeeds or is refused. CI also runs this binary
//! under a 6 GB address-space limit (`.ci/run`), where the 2 GiB inputs of old aborted.
//!
//! The allocator counts per thread, so the tests may run in parallel.

use tlforge_runtime::{
    Deserializable, Error, GZIP_PACKED_ID, Identifiable, MAX_INFLATED_LEN, Object, Reader,
    Serializable, VECTOR_ID,
};
use tlforge_tests::heap::measure;
use tlforge_tests::{gzip, gzip_packed};
use tlforge_types::{enums, types};

#[global_allocator]
static ALLOCATOR: tlforge_tests::heap::Counting = tlforge_tests::heap::Counting;

/// Decodes `input` as a whole `T` (as `from_bytes` does, with the default limits) and checks
/// the peak heap against the budget.
#[track_caller]
fn decode_within_budget<T: Deserializable>(input: &[u8]) -> Result<T, Error> {
    let (result, cost) = measure(|| T::from_bytes(input));
    let budget = Reader::default_memory_limit(input.len());
    assert!(
        cost.peak <= budget,
        "{} bytes in: peak heap {} MiB over the budget of {} MiB",
        input.len(),
        cost.peak >> 20,
        budget >> 20
    );
    result
}

fn word(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// `updates#74ae4240` holding `count` × `updateConfig#a229dd06` (4 bytes each on the wire, a
/// whole `enums::Update` in memory), no users, no chats.
fn updates_of_update_config(count: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(28 + 4 * count as usize);
    word(&mut out, types::Updates::CONSTRUCTOR_ID);
    word(&mut out, VECTOR_ID);
    word(&mut out, count);
    for _ in 0..count {
        word(&mut out, types::UpdateConfig::CONSTRUCTOR_ID);
    }
    for _ in 0..2 {
        word(&mut out, VECTOR_ID);
        word(&mut out, 0);
    }
    word(&mut out, 1_700_000_000); // date
    word(&mut out, 1); // seq
    out
}

/// 4,194,000 items: the most that fit, with the rest of `updates`, in 16 MiB (the most one
/// `gzip_packed` may inflate to).
const AMPLIFYING_COUNT: u32 = 4_194_000;

#[test]
fn a_vector_of_4_byte_items_that_are_large_in_memory_is_refused_by_the_budget() {
    let input = updates_of_update_config(AMPLIFYING_COUNT);
    assert!(input.len() <= MAX_INFLATED_LEN, "{}", input.len());
    let wanted = AMPLIFYING_COUNT as usize * size_of::<enums::Update>();
    let budget = Reader::default_memory_limit(input.len());
    // The premise: the items alone are several times the budget (~1.3 GB against 256 MiB).
    assert!(wanted > 4 * budget, "{wanted} vs {budget}");
    let result = decode_within_budget::<enums::Updates>(&input);
    assert_eq!(
        result.unwrap_err(),
        Error::MemoryLimitExceeded {
            offset: 8,
            limit: budget,
            requested: wanted
        }
    );
}

#[test]
fn the_same_vector_gzip_packed_is_refused_by_the_budget() {
    // 16,380 bytes in, ~2 GiB of values out before the budget.
    let inner = updates_of_update_config(AMPLIFYING_COUNT);
    let input = gzip_packed(&inner);
    assert!(input.len() < 20_000, "{}", input.len());
    let result = decode_within_budget::<enums::Updates>(&input);
    let Err(Error::MemoryLimitExceeded {
        limit, requested, ..
    }) = result
    else {
        panic!("{result:?}")
    };
    assert_eq!(limit, Reader::MIN_MEMORY_LIMIT);
    assert_eq!(
        requested,
        AMPLIFYING_COUNT as usize * size_of::<enums::Update>()
    );
    // A count whose values fit in the budget decodes from the same kind of input: the budget
    // is what refused the large one, nothing else.
    let fitting = (Reader::MIN_MEMORY_LIMIT / 2 / size_of::<enums::Update>()) as u32;
    let input = gzip_packed(&updates_of_update_config(fitting));
    let Ok(enums::Updates::Updates(updates)) = decode_within_budget::<enums::Updates>(&input)
    else {
        panic!("{fitting} updates decode within the budget")
    };
    assert_eq!(updates.updates.len(), fitting as usize);
}

/// `fileHash#f39b035c offset:long limit:int hash:bytes` whose boxed form is `len` bytes long.
fn file_hash_of_len(len: usize) -> Vec<u8> {
    let hash_len = len - 4 - 8 - 4 - 4;
    let value = types::FileHash::new(0, 0, vec![0; hash_len]);
    let bytes = value.to_bytes();
    assert_eq!(bytes.len(), len);
    bytes
}

#[test]
fn a_vector_of_gzip_bombs_is_refused_by_the_budget_not_per_value() {
    // 32 packed values, each inflating to almost 16 MiB (under the per-value cap): 523 KB in,
    // 528 MiB out before the budget counted them together.
    let packed = gzip_packed(&file_hash_of_len(MAX_INFLATED_LEN - 12));
    let mut input = Vec::new();
    word(&mut input, VECTOR_ID);
    word(&mut input, 32);
    for _ in 0..32 {
        input.extend_from_slice(&packed);
    }
    assert!(input.len() < 600_000, "{}", input.len());
    let result = decode_within_budget::<Vec<enums::FileHash>>(&input);
    assert!(
        matches!(
            result,
            Err(Error::MemoryLimitExceeded {
                limit: Reader::MIN_MEMORY_LIMIT,
                ..
            })
        ),
        "{result:?}"
    );
    // One of them alone decodes: the cap per value is not what refused them.
    let one = decode_within_budget::<enums::FileHash>(&packed).expect("one packed fileHash");
    let enums::FileHash::FileHash(one) = one else {
        panic!("{one:?}")
    };
    assert_eq!(one.hash.len(), MAX_INFLATED_LEN - 32);
}

#[test]
fn nested_gzip_packed_is_refused() {
    // 48 layers: each layer's inflated buffer stayed alive while the next was decoded (784 MiB
    // for 53,892 bytes). Telegram never nests them; now the second layer is an error.
    let mut input = updates_of_update_config(1000);
    for _ in 0..48 {
        input = gzip_packed(&input);
    }
    let result = decode_within_budget::<enums::Updates>(&input);
    let Err(Error::Gzip { reason, .. }) = result else {
        panic!("{result:?}")
    };
    assert_eq!(
        reason,
        "a gzip_packed inside the data of another gzip_packed"
    );
    // Two layers are already too many; one is fine.
    let inner = updates_of_update_config(3);
    assert!(enums::Updates::from_bytes(&gzip_packed(&gzip_packed(&inner))).is_err());
    assert!(enums::Updates::from_bytes(&gzip_packed(&inner)).is_ok());
}

/// `gzip_packed` around `packed_data` as given (not necessarily one gzip member).
fn gzip_packed_raw(packed_data: Vec<u8>) -> Vec<u8> {
    let mut out = GZIP_PACKED_ID.to_le_bytes().to_vec();
    packed_data.serialize(&mut out);
    out
}

#[test]
fn trailing_bytes_or_a_second_member_after_the_gzip_member_are_refused() {
    let value = updates_of_update_config(3);
    let other = updates_of_update_config(4);
    assert!(enums::Updates::from_bytes(&gzip_packed_raw(gzip(&value))).is_ok());
    let mut junk = gzip(&value);
    junk.extend_from_slice(b"junk");
    let mut two_members = gzip(&value);
    two_members.extend_from_slice(&gzip(&other));
    let mut one_zero = gzip(&value);
    one_zero.push(0);
    for (what, packed_data) in [
        ("junk", junk),
        ("a second member", two_members),
        ("one zero byte", one_zero),
    ] {
        let result = enums::Updates::from_bytes(&gzip_packed_raw(packed_data));
        assert!(
            matches!(result, Err(Error::Gzip { offset: 0, .. })),
            "{what}: {result:?}"
        );
    }
}

#[test]
fn a_gzip_member_that_lies_about_its_size_or_crc_is_refused() {
    let value = updates_of_update_config(3);
    let member = gzip(&value);
    let n = member.len();
    // ISIZE (the last 4 bytes) one more, one less; the CRC32 (the 4 before) flipped; ISIZE over
    // the per-value cap, which is refused before anything is allocated.
    let mut larger = member.clone();
    larger[n - 4] += 1;
    let mut smaller = member.clone();
    smaller[n - 4] -= 1;
    let mut crc = member.clone();
    crc[n - 8] ^= 1;
    let mut huge = member.clone();
    huge[n - 4..].copy_from_slice(&(MAX_INFLATED_LEN as u32 + 1).to_le_bytes());
    for (what, packed_data) in [
        ("larger", larger),
        ("smaller", smaller),
        ("crc", crc),
        ("huge", huge),
    ] {
        let input = gzip_packed_raw(packed_data);
        let (result, cost) = measure(|| enums::Updates::from_bytes(&input));
        assert!(
            matches!(result, Err(Error::Gzip { offset: 0, .. })),
            "{what}: {result:?}"
        );
        assert!(cost.peak < 1 << 20, "{what}: peak {}", cost.peak);
    }
}

#[test]
fn a_vector_of_tiny_packed_values_sets_up_no_inflater_per_value() {
    // 500,000 packed fileHash values of 20 bytes each. A fresh inflate state per value
    // (allocating and zeroing ~40 KiB) made this take seconds; one state per thread is reset
    // instead. What shows it without timing: no allocation of 32 KiB or more per value.
    const COUNT: usize = 500_000;
    let packed = gzip_packed(&file_hash_of_len(20));
    let mut input = Vec::with_capacity(8 + COUNT * packed.len());
    word(&mut input, VECTOR_ID);
    word(&mut input, COUNT as u32);
    for _ in 0..COUNT {
        input.extend_from_slice(&packed);
    }
    let start = std::time::Instant::now();
    let (result, cost) = measure(|| Vec::<enums::FileHash>::from_bytes(&input));
    let elapsed = start.elapsed();
    assert_eq!(result.expect("decodes").len(), COUNT);
    // The vector's own buffer, and at most the thread's inflate state (once per thread).
    assert!(
        cost.large_allocations <= 2,
        "{} allocations of 32 KiB or more",
        cost.large_allocations
    );
    assert!(cost.peak <= Reader::default_memory_limit(input.len()));
    println!(
        "{COUNT} packed values ({} bytes) decoded in {elapsed:?}",
        input.len()
    );
}

/// `updateShortSentMessage#9015e101 flags:# out:flags.1?true id:int pts:int pts_count:int
/// date:int media:flags.9?MessageMedia entities:flags.7?Vector<MessageEntity>
/// ttl_period:flags.25?int = Updates;` with `flags`, no optional field.
fn short_sent_message(flags: u32) -> Vec<u8> {
    let mut out = Vec::new();
    word(&mut out, types::UpdateShortSentMessage::CONSTRUCTOR_ID);
    word(&mut out, flags);
    for value in [42, 100, 1, 1_700_000_000] {
        word(&mut out, value);
    }
    out
}

#[test]
fn flag_bits_the_schema_does_not_name_round_trip_byte_for_byte() {
    // Bits 0 and 31 are not in the schema (`out` is bit 1); they used to be dropped, so the
    // value re-encoded with flags 0x00000001 … now 0x80000001 comes back as it went in.
    let input = short_sent_message(0x8000_0001);
    let decoded = enums::Updates::from_bytes(&input).expect("decodes");
    let enums::Updates::UpdateShortSentMessage(message) = &decoded else {
        panic!("{decoded:?}")
    };
    assert_eq!(message.unknown_flags, 0x8000_0001);
    assert!(!message.out);
    assert_eq!(decoded.to_bytes(), input);

    // Known and unknown bits together.
    let input = short_sent_message(0x8000_0003);
    let decoded = enums::Updates::from_bytes(&input).expect("decodes");
    assert_eq!(decoded.to_bytes(), input);

    // Bits that fields name come from the fields: set in `unknown_flags` they are not written,
    // so a value built by hand cannot announce a field it does not hold.
    let mut built = types::UpdateShortSentMessage::new(42, 100, 1, 1_700_000_000);
    built.unknown_flags = 0x0200_0200 | 0x4000_0000;
    assert_eq!(built.to_bytes(), short_sent_message(0x4000_0000));
    built.unknown_flags = 0;
    assert_eq!(built.to_bytes(), short_sent_message(0));
}

#[test]
fn object_decode_reads_a_bare_value_that_equals_the_gzip_id_as_itself() {
    // An `int` (bare) whose value is the gzip_packed id is an int; a boxed type still unpacks.
    let as_int = Object(GZIP_PACKED_ID.to_le_bytes().to_vec());
    assert_eq!(as_int.decode::<i32>(), Ok(GZIP_PACKED_ID as i32));
    assert_eq!(as_int.decode::<u32>(), Ok(GZIP_PACKED_ID));
    let packed = Object(gzip_packed(&true.to_bytes()));
    assert_eq!(packed.decode::<bool>(), Ok(true));
    let packed_vector = Object(gzip_packed(&vec![1_i64, 2].to_bytes()));
    assert_eq!(packed_vector.decode::<Vec<i64>>(), Ok(vec![1, 2]));
}
