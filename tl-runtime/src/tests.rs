//! Unit tests: the primitive examples of docs/tl.md §5, round trips, and every error variant.

use crate::*;

/// Parses hex, ignoring spaces and `|`.
fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s
        .bytes()
        .filter(|b| b.is_ascii_hexdigit())
        .map(|b| match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            _ => b - b'A' + 10,
        })
        .collect();
    assert_eq!(digits.len() % 2, 0, "odd hex: {s}");
    digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect()
}

/// Checks `value` ⇄ `bytes` exactly, that every strict prefix fails to decode, and that one extra
/// byte is reported as trailing.
#[track_caller]
fn check<T>(value: T, bytes: &[u8])
where
    T: Serializable + Deserializable + PartialEq + std::fmt::Debug,
{
    assert_eq!(value.to_bytes(), bytes, "serialize {value:?}");
    assert_eq!(
        T::from_bytes(bytes).as_ref(),
        Ok(&value),
        "decode {value:?}"
    );

    // `serialize` appends to what is already in the buffer.
    let mut out = vec![0xaa];
    value.serialize(&mut out);
    assert_eq!(out[0], 0xaa);
    assert_eq!(&out[1..], bytes);

    // Nested use leaves the reader just after the value.
    let mut twice = bytes.to_vec();
    twice.extend_from_slice(bytes);
    let mut reader = Reader::new(&twice);
    assert_eq!(T::deserialize(&mut reader).as_ref(), Ok(&value));
    assert_eq!(reader.position(), bytes.len());
    assert_eq!(T::deserialize(&mut reader).as_ref(), Ok(&value));
    assert_eq!(reader.remaining(), 0);

    for cut in 0..bytes.len() {
        let err = T::from_bytes(&bytes[..cut]).expect_err("truncated input must fail");
        assert!(
            matches!(
                err,
                Error::UnexpectedEof { .. } | Error::LengthTooLarge { .. }
            ),
            "{value:?} cut at {cut}: {err:?}"
        );
        assert!(err.offset() <= cut, "{value:?} cut at {cut}: {err:?}");
    }

    let mut longer = bytes.to_vec();
    longer.push(0);
    assert_eq!(
        T::from_bytes(&longer),
        Err(Error::TrailingBytes {
            offset: bytes.len(),
            remaining: 1
        })
    );
}

#[test]
fn int() {
    check(1_i32, &hex("01 00 00 00"));
    check(-1_i32, &hex("ff ff ff ff"));
    check(0x1234_5678_i32, &hex("78 56 34 12"));
    check(i32::MIN, &hex("00 00 00 80"));
}

#[test]
fn long() {
    check(1_i64, &hex("01 00 00 00 00 00 00 00"));
    check(-2_i64, &hex("fe ff ff ff ff ff ff ff"));
    check(i64::MAX, &hex("ff ff ff ff ff ff ff 7f"));
}

#[test]
fn double() {
    check(1.0_f64, &hex("00 00 00 00 00 00 f0 3f"));
    check(-0.5_f64, &hex("00 00 00 00 00 00 e0 bf"));
    check(5e-324_f64, &hex("01 00 00 00 00 00 00 00"));
    // Bit-exact: -0.0 and NaN payloads survive (compared as bits, NaN != NaN).
    for bits in [
        0x8000_0000_0000_0000_u64,
        0x7ff8_0000_0000_0001,
        0xfff0_0000_0000_0000,
    ] {
        let bytes = f64::from_bits(bits).to_bytes();
        assert_eq!(bytes, bits.to_le_bytes());
        assert_eq!(f64::from_bytes(&bytes).map(f64::to_bits), Ok(bits));
    }
}

#[test]
fn nat() {
    check(0_u32, &hex("00 00 00 00"));
    check(3_u32, &hex("03 00 00 00"));
    check(u32::MAX, &hex("ff ff ff ff"));
}

#[test]
fn int128_int256() {
    let a16: [u8; 16] = core::array::from_fn(|i| i as u8);
    check(a16, &hex("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"));
    let a32: [u8; 32] = core::array::from_fn(|i| 0xff - i as u8);
    check(a32, &a32);
}

#[test]
fn strings() {
    check(String::new(), &hex("00 00 00 00"));
    check("a".to_owned(), &hex("01 61 00 00"));
    check("abc".to_owned(), &hex("03 61 62 63"));
    check("abcd".to_owned(), &hex("04 61 62 63 64 00 00 00"));
    check("Peter".to_owned(), &hex("05 50 65 74 65 72 00 00"));
    check("é".to_owned(), &hex("02 c3 a9 00"));
    check("\0\u{1F600}".to_owned(), &hex("05 00 f0 9f 98 80 00 00"));
    // The phone number of the acceptance example of issue 3.
    check(
        "79991234567".to_owned(),
        &hex("0b 37 39 39 39 31 32 33 34 35 36 37"),
    );
}

/// `len` bytes of text and its expected encoding with the given header.
fn long_string(len: usize, header: &[u8], total: usize) -> (String, Vec<u8>) {
    let s: String = (0..len)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let mut bytes = header.to_vec();
    bytes.extend_from_slice(s.as_bytes());
    bytes.resize(total, 0);
    (s, bytes)
}

#[test]
fn string_length_forms() {
    let (s, b) = long_string(253, &[0xfd], 256);
    check(s, &b);
    let (s, b) = long_string(254, &hex("fe fe 00 00"), 260);
    check(s, &b);
    let (s, b) = long_string(396, &hex("fe 8c 01 00"), 400);
    check(s, &b);
    let (s, b) = long_string(70_000, &hex("fe 70 11 01"), 70_004);
    check(s.clone().into_bytes(), &b);
    check(s, &b);
}

#[test]
fn bytes_have_the_string_form() {
    check(Vec::<u8>::new(), &hex("00 00 00 00"));
    check(vec![0xff_u8], &hex("01 ff 00 00"));
    check(vec![0_u8, 1, 2], &hex("03 00 01 02"));
    check(vec![0xc3_u8, 0x28], &hex("02 c3 28 00")); // not UTF-8: fine for bytes
    let mut out = Vec::new();
    serialize_bytes(b"abcd", &mut out);
    serialize_string("abcd", &mut out);
    assert_eq!(out, hex("04 61 62 63 64 00 00 00 04 61 62 63 64 00 00 00"));
    let mut reader = Reader::new(&out);
    assert_eq!(deserialize_bytes(&mut reader), Ok(b"abcd".to_vec()));
    assert_eq!(reader.read_bytes_slice(), Ok(&b"abcd"[..]));
    assert_eq!(reader.expect_end(), Ok(()));
}

#[test]
fn bytes_round_trip_every_length_up_to_600() {
    for len in 0..=600_usize {
        let data: Vec<u8> = (0..len).map(|i| (i * 7 + len) as u8).collect();
        // Into an empty buffer, so that the capacity shows the single reservation.
        let mut bytes = Vec::new();
        data.serialize(&mut bytes);
        assert_eq!(data.to_bytes(), bytes, "len {len}");
        assert_eq!(bytes.len() % 4, 0, "len {len}");
        let header = if len <= 253 { 1 } else { 4 };
        assert_eq!(bytes.len(), (header + len).div_ceil(4) * 4, "len {len}");
        assert_eq!(
            bytes.capacity(),
            bytes.len().max(8),
            "one reservation, len {len}"
        );
        assert_eq!(Vec::<u8>::from_bytes(&bytes), Ok(data));
    }
}

#[test]
#[should_panic(expected = "exceeds the maximum")]
fn bytes_longer_than_the_wire_limit_panic() {
    let mut out = Vec::new();
    serialize_bytes(&vec![0; MAX_BYTES_LEN + 1], &mut out);
}

#[test]
fn bytes_of_the_maximum_length() {
    let data = vec![7_u8; MAX_BYTES_LEN];
    let bytes = data.to_bytes();
    assert_eq!(bytes[..4], hex("fe ff ff ff"));
    assert_eq!(bytes.len(), MAX_BYTES_LEN + 5);
    assert_eq!(Vec::<u8>::from_bytes(&bytes), Ok(data));
}

#[test]
fn bool() {
    check(true, &hex("b5 75 72 99"));
    check(false, &hex("37 97 79 bc"));
    assert_eq!(bool::from_bytes(&[0xb5, 0x75, 0x72, 0x99]), Ok(true));
}

#[test]
fn unknown_bool_id() {
    let err = bool::from_bytes(&hex("39 d3 ed 3f")).unwrap_err(); // boxed `true`, not a Bool
    assert_eq!(
        err,
        Error::UnexpectedConstructor {
            offset: 0,
            id: 0x3fed_d339,
            expected: "Bool"
        }
    );
    assert_eq!(
        err.to_string(),
        "unexpected constructor 0x3fedd339 at byte 0 while reading Bool"
    );
    // Inside a vector the offset is that of the item.
    let err = Vec::<bool>::from_bytes(&hex("15 c4 b5 1c 02 00 00 00 b5 75 72 99 00 00 00 00"));
    assert_eq!(
        err,
        Err(Error::UnexpectedConstructor {
            offset: 12,
            id: 0,
            expected: "Bool"
        })
    );
}

#[test]
fn boxed_vectors() {
    check(
        vec![1_i32, 2],
        &hex("15 c4 b5 1c 02 00 00 00 01 00 00 00 02 00 00 00"),
    );
    check(Vec::<i64>::new(), &hex("15 c4 b5 1c 00 00 00 00"));
    check(
        vec!["a".to_owned()],
        &hex("15 c4 b5 1c 01 00 00 00 01 61 00 00"),
    );
    check(vec![true], &hex("15 c4 b5 1c 01 00 00 00 b5 75 72 99"));
    // The arguments of TL's official `getUsers` example.
    check(
        vec![2_i32, 3, 4],
        &hex("15 c4 b5 1c 03 00 00 00 02 00 00 00 03 00 00 00 04 00 00 00"),
    );
    // `Vector<bytes>` is `Vec<Vec<u8>>`; nested vectors work too.
    check(
        vec![vec![1_u8], vec![]],
        &hex("15 c4 b5 1c 02 00 00 00 01 01 00 00 00 00 00 00"),
    );
    check(
        vec![vec![5_i64]],
        &hex("15 c4 b5 1c 01 00 00 00 15 c4 b5 1c 01 00 00 00 05 00 00 00 00 00 00 00"),
    );
    check(
        vec![[9_u8; 16]],
        &[hex("15 c4 b5 1c 01 00 00 00"), vec![9; 16]].concat(),
    );
}

#[test]
fn bare_vectors() {
    let bytes = hex("02 00 00 00 01 00 00 00 02 00 00 00");
    let mut out = Vec::new();
    serialize_bare_vector(&[1_i32, 2], &mut out, i32::serialize);
    assert_eq!(out, bytes);
    let mut reader = Reader::new(&bytes);
    assert_eq!(
        deserialize_bare_vector(&mut reader, i32::deserialize),
        Ok(vec![1, 2])
    );
    assert_eq!(reader.remaining(), 0);
    for cut in 0..bytes.len() {
        let mut reader = Reader::new(&bytes[..cut]);
        assert!(deserialize_bare_vector(&mut reader, i32::deserialize).is_err());
    }

    // The free boxed form with a closure (here: strings written through the helper).
    let items = ["a".to_owned()];
    let mut out = Vec::new();
    serialize_vector(&items, &mut out, |s, out| serialize_string(s, out));
    assert_eq!(out, hex("15 c4 b5 1c 01 00 00 00 01 61 00 00"));
    let mut reader = Reader::new(&out);
    assert_eq!(
        deserialize_vector(&mut reader, |r| r.read_string()),
        Ok(items.to_vec())
    );
}

#[test]
fn large_vector_beyond_the_preallocation_cap() {
    let values: Vec<i64> = (0..100_000).collect();
    let bytes = values.to_bytes();
    assert_eq!(bytes.len(), 8 + 8 * 100_000);
    assert_eq!(Vec::<i64>::from_bytes(&bytes), Ok(values));
}

#[test]
fn vector_with_the_wrong_id() {
    assert_eq!(
        Vec::<i32>::from_bytes(&hex("15 c4 b5 1d 00 00 00 00")),
        Err(Error::UnexpectedConstructor {
            offset: 0,
            id: 0x1db5_c415,
            expected: "Vector"
        })
    );
}

#[test]
fn huge_vector_count_in_12_bytes() {
    let bytes = hex("15 c4 b5 1c ff ff ff 7f 00 00 00 00");
    let err = Vec::<i32>::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        err,
        Error::LengthTooLarge {
            offset: 4,
            claimed: i64::from(i32::MAX),
            remaining: 4
        }
    );
    assert_eq!(
        err.to_string(),
        "vector count 2147483647 at byte 4 does not fit in the 4 remaining bytes"
    );
    // Also for nested vectors and for items as large in memory as `String`.
    assert!(Vec::<Vec<i32>>::from_bytes(&bytes).is_err());
    assert!(Vec::<String>::from_bytes(&bytes).is_err());
}

#[test]
fn negative_vector_count() {
    assert_eq!(
        Vec::<i32>::from_bytes(&hex("15 c4 b5 1c ff ff ff ff")),
        Err(Error::LengthTooLarge {
            offset: 4,
            claimed: -1,
            remaining: 0
        })
    );
}

#[test]
fn read_vector_len_bounds() {
    let bytes = hex("03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    assert_eq!(Reader::new(&bytes).read_vector_len(4), Ok(3));
    assert_eq!(Reader::new(&bytes).read_vector_len(5), Ok(3));
    assert_eq!(
        Reader::new(&bytes).read_vector_len(6),
        Err(Error::LengthTooLarge {
            offset: 0,
            claimed: 3,
            remaining: 16
        })
    );
    // A minimum of 0 counts as 1: the count can never exceed the remaining bytes.
    let bytes = hex("05 00 00 00 00 00 00 00");
    assert!(matches!(
        Reader::new(&bytes).read_vector_len(0),
        Err(Error::LengthTooLarge { claimed: 5, .. })
    ));
    // No overflow in count * size.
    let bytes = hex("ff ff ff 7f");
    assert!(Reader::new(&bytes).read_vector_len(usize::MAX).is_err());
}

#[test]
fn unexpected_eof_reports_offset_and_size() {
    let bytes = hex("01 00 00 00 02 00");
    let mut reader = Reader::new(&bytes);
    assert_eq!(reader.read_i32(), Ok(1));
    let err = reader.read_i64().unwrap_err();
    assert_eq!(
        err,
        Error::UnexpectedEof {
            offset: 4,
            needed: 8
        }
    );
    assert_eq!(
        err.to_string(),
        "unexpected end of input at byte 4: the value there needs 8 bytes"
    );
    // A failed read consumes nothing.
    assert_eq!(reader.position(), 4);
    assert_eq!(reader.remaining_bytes(), &[2, 0]);

    // A string whose claimed payload is cut short.
    assert_eq!(
        String::from_bytes(&hex("05 61 62 63")),
        Err(Error::UnexpectedEof {
            offset: 0,
            needed: 8
        })
    );
    assert_eq!(
        Vec::<u8>::from_bytes(&hex("fe 00 01 00 00 00 00 00")),
        Err(Error::UnexpectedEof {
            offset: 0,
            needed: 260
        })
    );
    assert_eq!(
        String::from_bytes(&[]),
        Err(Error::UnexpectedEof {
            offset: 0,
            needed: 4
        })
    );
    assert_eq!(
        String::from_bytes(&[0xfe, 0, 1]),
        Err(Error::UnexpectedEof {
            offset: 0,
            needed: 4
        })
    );
}

#[test]
fn invalid_padding() {
    for (input, offset) in [
        ("01 61 01 00", 2),
        ("01 61 00 80", 3),
        ("00 00 01 00", 2),
        ("05 50 65 74 65 72 00 01", 7),
    ] {
        let err = Vec::<u8>::from_bytes(&hex(input)).unwrap_err();
        assert_eq!(err, Error::InvalidPadding { offset }, "{input}");
        assert_eq!(String::from_bytes(&hex(input)), Err(err.clone()));
        assert_eq!(
            err.to_string(),
            format!("non-zero padding byte at byte {offset}")
        );
    }
    let (_, mut long) = long_string(254, &hex("fe fe 00 00"), 260);
    long[259] = 1;
    assert_eq!(
        String::from_bytes(&long),
        Err(Error::InvalidPadding { offset: 259 })
    );
}

#[test]
fn invalid_length_prefix() {
    for input in [
        "ff 00 00 00",
        "ff 00 00 00 00 00 00 00",
        "fe 05 00 00 61 62 63 64 65 00 00 00",
        "fe 00 00 00",
    ] {
        let err = Vec::<u8>::from_bytes(&hex(input)).unwrap_err();
        assert_eq!(err, Error::InvalidLength { offset: 0 }, "{input}");
    }
    let bytes = hex("00 00 00 00 ff 00 00 00");
    let mut reader = Reader::new(&bytes);
    assert_eq!(reader.read_string().as_deref(), Ok(""));
    let err = reader.read_string().unwrap_err();
    assert_eq!(err, Error::InvalidLength { offset: 4 });
    assert_eq!(
        err.to_string(),
        "invalid string/bytes length prefix at byte 4"
    );
}

#[test]
fn invalid_utf8_is_an_error_with_its_offset() {
    let bytes = hex("00 00 00 00 03 61 ff 62");
    let mut reader = Reader::new(&bytes);
    assert_eq!(reader.read_string().as_deref(), Ok(""));
    let err = reader.read_string().unwrap_err();
    assert_eq!(err, Error::InvalidUtf8 { offset: 6 });
    assert_eq!(err.to_string(), "invalid UTF-8 in a string at byte 6");
    // The same bytes decode as `bytes`, and re-encode exactly.
    let payload = Vec::<u8>::from_bytes(&bytes[4..]).unwrap();
    assert_eq!(payload, [0x61, 0xff, 0x62]);
    assert_eq!(payload.to_bytes(), bytes[4..]);
    // A truncated multi-byte sequence at the end.
    assert_eq!(
        String::from_bytes(&hex("02 61 c3 00")),
        Err(Error::InvalidUtf8 { offset: 2 })
    );
}

#[test]
fn trailing_bytes() {
    let err = i32::from_bytes(&hex("01 00 00 00 02 00 00 00")).unwrap_err();
    assert_eq!(
        err,
        Error::TrailingBytes {
            offset: 4,
            remaining: 4
        }
    );
    assert_eq!(
        err.to_string(),
        "4 trailing bytes at byte 4 after a complete value"
    );
}

#[test]
fn nested_depth_limit() {
    fn descend(reader: &mut Reader<'_>, levels: u32) -> Result<u32> {
        if levels == 0 {
            return Ok(reader.depth());
        }
        reader.nested(|r| descend(r, levels - 1))
    }
    let bytes = [0; 8];
    let mut reader = Reader::new(&bytes);
    assert_eq!(reader.max_depth(), Reader::DEFAULT_MAX_DEPTH);
    assert_eq!(descend(&mut reader, 100), Ok(100));
    assert_eq!(reader.depth(), 0);
    let err = descend(&mut reader, 101).unwrap_err();
    assert_eq!(
        err,
        Error::DepthLimitExceeded {
            offset: 0,
            limit: 100
        }
    );
    assert_eq!(err.to_string(), "nesting deeper than 100 levels at byte 0");
    // The depth is restored after an error, so the reader stays usable.
    assert_eq!(reader.depth(), 0);
    assert_eq!(descend(&mut reader, 100), Ok(100));

    let mut reader = Reader::new(&bytes).with_max_depth(2);
    assert_eq!(reader.read_u32(), Ok(0));
    assert_eq!(descend(&mut reader, 2), Ok(2));
    assert_eq!(
        descend(&mut reader, 3),
        Err(Error::DepthLimitExceeded {
            offset: 4,
            limit: 2
        })
    );
    let mut reader = Reader::new(&bytes).with_max_depth(0);
    assert!(reader.nested(|r| r.read_u32()).is_err());
}

#[test]
fn reader_accessors() {
    let bytes = hex("78 56 34 12 aa bb cc dd 01 02");
    let mut reader = Reader::new(&bytes);
    assert_eq!(reader.peek_u32(), Ok(0x1234_5678));
    assert_eq!(reader.position(), 0);
    assert_eq!(reader.expect_id(0x1234_5678, "x"), Ok(()));
    assert_eq!(reader.read_raw(4), Ok(&bytes[4..8]));
    assert_eq!(reader.position(), 8);
    assert_eq!(reader.remaining(), 2);
    assert_eq!(reader.remaining_bytes(), &[1, 2]);
    assert_eq!(
        reader.peek_u32(),
        Err(Error::UnexpectedEof {
            offset: 8,
            needed: 4
        })
    );
    assert_eq!(
        reader.read_raw(3),
        Err(Error::UnexpectedEof {
            offset: 8,
            needed: 3
        })
    );
    assert_eq!(reader.read_array::<2>(), Ok([1, 2]));
    assert_eq!(reader.read_raw(0), Ok(&[][..]));
    assert_eq!(reader.expect_end(), Ok(()));
    assert_eq!(
        reader.read_u32(),
        Err(Error::UnexpectedEof {
            offset: 10,
            needed: 4
        })
    );
}

#[test]
fn expect_id_mismatch() {
    let bytes = hex("00 00 00 00 78 56 34 12");
    let mut reader = Reader::new(&bytes);
    assert_eq!(reader.read_u32(), Ok(0));
    let err = reader.expect_id(0x5e00_2502, "auth.SentCode").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unexpected constructor 0x12345678 at byte 4 while reading auth.SentCode"
    );
    assert_eq!(
        reader.unexpected_constructor(0x1234_5678, "auth.SentCode"),
        err
    );
}

#[test]
fn offset_of_every_variant() {
    let errors = [
        Error::UnexpectedEof {
            offset: 1,
            needed: 4,
        },
        Error::UnexpectedConstructor {
            offset: 2,
            id: 0,
            expected: "X",
        },
        Error::TrailingBytes {
            offset: 3,
            remaining: 1,
        },
        Error::InvalidUtf8 { offset: 4 },
        Error::InvalidPadding { offset: 5 },
        Error::InvalidLength { offset: 6 },
        Error::LengthTooLarge {
            offset: 7,
            claimed: -1,
            remaining: 0,
        },
        Error::DepthLimitExceeded {
            offset: 8,
            limit: 1,
        },
        Error::MemoryLimitExceeded {
            offset: 9,
            limit: 64,
            requested: 65,
        },
        Error::Gzip {
            offset: 10,
            reason: "not a gzip stream",
        },
    ];
    for (i, err) in errors.iter().enumerate() {
        assert_eq!(err.offset(), i + 1);
        assert!(
            err.to_string().contains(&format!("at byte {}", i + 1)),
            "{err}"
        );
        let boxed: Box<dyn std::error::Error> = Box::new(err.clone());
        assert_eq!(boxed.to_string(), err.to_string());
    }
}

#[test]
fn constants() {
    assert_eq!(VECTOR_ID.to_le_bytes(), [0x15, 0xc4, 0xb5, 0x1c]);
    assert_eq!(BOOL_TRUE_ID.to_le_bytes(), [0xb5, 0x75, 0x72, 0x99]);
    assert_eq!(BOOL_FALSE_ID.to_le_bytes(), [0x37, 0x97, 0x79, 0xbc]);
    assert_eq!(MAX_BYTES_LEN, 16_777_215);
}

#[test]
fn the_default_memory_budget() {
    assert_eq!(Reader::default_memory_limit(0), 64 << 20);
    assert_eq!(Reader::default_memory_limit(4 << 20), 64 << 20);
    assert_eq!(Reader::default_memory_limit(5 << 20), 80 << 20);
    assert_eq!(Reader::default_memory_limit(usize::MAX), usize::MAX);
    let reader = Reader::new(&[0; 8]);
    assert_eq!(reader.memory_limit(), 64 << 20);
    assert_eq!(reader.memory_used(), 0);
}

#[test]
fn strings_bytes_and_vectors_are_charged_to_the_budget() {
    let mut bytes = "abcdef".to_owned().to_bytes();
    bytes.extend(vec![0xab_u8; 300].to_bytes());
    bytes.extend(vec![1_i64, 2, 3].to_bytes());
    let mut reader = Reader::new(&bytes);
    assert_eq!(reader.read_string().as_deref(), Ok("abcdef"));
    assert_eq!(reader.memory_used(), 6);
    assert_eq!(reader.read_bytes().map(|b| b.len()), Ok(300));
    assert_eq!(reader.memory_used(), 306);
    assert_eq!(Vec::<i64>::deserialize(&mut reader), Ok(vec![1, 2, 3]));
    assert_eq!(reader.memory_used(), 330);
    // Without copying nothing is charged.
    let mut reader = Reader::new(&bytes);
    assert_eq!(reader.read_bytes_slice(), Ok(&b"abcdef"[..]));
    assert_eq!(reader.memory_used(), 0);

    // One byte short: each is refused at its own offset, with what it asked for.
    let mut reader = Reader::new(&bytes).with_memory_limit(5);
    assert_eq!(
        reader.read_string(),
        Err(Error::MemoryLimitExceeded {
            offset: 1,
            limit: 5,
            requested: 6
        })
    );
    let mut reader = Reader::new(&bytes).with_memory_limit(305);
    assert!(reader.read_string().is_ok());
    assert_eq!(
        reader.read_bytes(),
        Err(Error::MemoryLimitExceeded {
            offset: 12,
            limit: 305,
            requested: 300
        })
    );
    let mut reader = Reader::new(&bytes).with_memory_limit(329);
    assert!(reader.read_string().is_ok());
    assert!(reader.read_bytes().is_ok());
    assert_eq!(
        Vec::<i64>::deserialize(&mut reader),
        Err(Error::MemoryLimitExceeded {
            offset: 316,
            limit: 329,
            requested: 24
        })
    );
    assert_eq!(
        Error::MemoryLimitExceeded {
            offset: 312,
            limit: 329,
            requested: 24
        }
        .to_string(),
        "the value at byte 312 needs 24 bytes, over what is left of the decode's memory budget \
         of 329 bytes"
    );
}

#[test]
fn objects_are_charged_to_the_budget() {
    let bytes = hex("01 02 03 04 05 06 07 08");
    let mut reader = Reader::new(&bytes);
    assert_eq!(
        Object::deserialize_sized(&mut reader, 4),
        Ok(Object(bytes[..4].to_vec()))
    );
    assert_eq!(
        Object::deserialize_rest(&mut reader),
        Ok(Object(bytes[4..].to_vec()))
    );
    assert_eq!(reader.memory_used(), 8);
    let mut reader = Reader::new(&bytes).with_memory_limit(7);
    assert!(Object::deserialize_sized(&mut reader, 4).is_ok());
    assert_eq!(
        Object::deserialize_rest(&mut reader),
        Err(Error::MemoryLimitExceeded {
            offset: 4,
            limit: 7,
            requested: 4
        })
    );
}

#[test]
fn boxed_variants_are_charged_to_the_budget() {
    struct Big([u8; 100]);
    impl BareDeserializable for Big {
        fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self> {
            reader.read_u32().map(|_| Big([0; 100]))
        }
    }
    let bytes = hex("00 00 00 00 01 00 00 00");
    let mut reader = Reader::new(&bytes);
    reader.read_u32().unwrap();
    let boxed = read_boxed_variant(&mut reader, |b: Box<Big>| b.0.len());
    assert_eq!(boxed, Ok(100));
    assert_eq!(reader.memory_used(), 100);
    let mut reader = Reader::new(&bytes).with_memory_limit(99);
    reader.read_u32().unwrap();
    assert_eq!(
        read_boxed_variant(&mut reader, |b: Box<Big>| b.0.len()),
        Err(Error::MemoryLimitExceeded {
            offset: 0,
            limit: 99,
            requested: 100
        })
    );
}

#[test]
#[should_panic(expected = "TL Object of 2147483648 bytes exceeds the maximum of 2147483647")]
fn an_object_over_the_length_field_panics_instead_of_a_corrupt_length() {
    // Zeroed and never touched: the pages are not committed.
    let object = Object(vec![0; 1 << 31]);
    let _ = object.len_prefix();
}

#[test]
fn bare_primitives_are_not_boxed() {
    assert_eq!(
        [
            i32::BOXED,
            i64::BOXED,
            f64::BOXED,
            u32::BOXED,
            <[u8; 16]>::BOXED
        ],
        [false; 5]
    );
    assert_eq!([String::BOXED, Vec::<u8>::BOXED], [false; 2]);
    assert_eq!(
        [bool::BOXED, Vec::<i32>::BOXED, Vec::<String>::BOXED],
        [true; 3]
    );
    // An `int` equal to the gzip_packed id is an int, whatever the `gzip` feature.
    let object = Object(GZIP_PACKED_ID.to_le_bytes().to_vec());
    assert_eq!(object.decode::<i32>(), Ok(0x3072_cfa1));
}

#[cfg(feature = "gzip")]
mod gzip {
    use std::io::Write as _;

    use flate2::{Compression, GzBuilder};

    use crate::*;

    fn member(data: &[u8], builder: GzBuilder) -> Vec<u8> {
        let mut encoder = builder.write(Vec::new(), Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    fn packed(member: Vec<u8>) -> Object {
        let mut bytes = GZIP_PACKED_ID.to_le_bytes().to_vec();
        member.serialize(&mut bytes);
        Object(bytes)
    }

    /// A boxed vector of `n` ints that compresses but not to nothing.
    fn ints(n: i32) -> Vec<i32> {
        (0..n)
            .map(|i| i.wrapping_mul(2_654_435_761_u32 as i32) % 1000)
            .collect()
    }

    #[test]
    fn members_of_every_size_and_header_form_inflate() {
        for n in [0, 1, 100, 20_000, 300_000] {
            let value = ints(n);
            let object = packed(member(&value.to_bytes(), GzBuilder::new()));
            assert_eq!(object.decode::<Vec<i32>>().as_ref(), Ok(&value), "{n}");
        }
        let value = ints(10);
        let builder = GzBuilder::new()
            .filename("a.bin")
            .comment("made by a test")
            .extra(vec![1, 2, 3, 4])
            .mtime(1_700_000_000);
        let object = packed(member(&value.to_bytes(), builder));
        assert_eq!(object.decode::<Vec<i32>>(), Ok(value));
    }

    #[test]
    fn a_header_crc_is_checked() {
        // RFC 1952 §2.3.1: FHCRC (bit 1) announces the low 16 bits of the header's CRC32.
        let value = ints(10);
        let plain = member(&value.to_bytes(), GzBuilder::new());
        let mut header = plain[..10].to_vec();
        header[3] |= 0x02;
        let crc16 = (crc32fast::hash(&header) & 0xffff) as u16;
        let mut with_crc = header.clone();
        with_crc.extend(crc16.to_le_bytes());
        with_crc.extend(&plain[10..]);
        assert_eq!(packed(with_crc.clone()).decode::<Vec<i32>>(), Ok(value));
        with_crc[10] ^= 1;
        assert!(matches!(
            packed(with_crc).decode::<Vec<i32>>(),
            Err(Error::Gzip {
                reason: "not a gzip stream",
                ..
            })
        ));
    }

    #[test]
    fn malformed_members_are_refused_with_a_reason() {
        let value = ints(50).to_bytes();
        let good = member(&value, GzBuilder::new());
        let n = good.len();
        let mut reserved = good.clone();
        reserved[3] |= 0x20;
        let mut method = good.clone();
        method[2] = 7;
        let mut corrupt = good.clone();
        corrupt[12] ^= 0xff;
        // A second member of the same data: the last 8 bytes are a valid trailer for the
        // first, whose deflate stream ends before them.
        let mut second = good.clone();
        second.extend(&good);
        // Junk after the member: its last 8 bytes are no longer the trailer.
        let mut junk = good.clone();
        junk.extend([0; 4]);
        let mut larger = good.clone();
        larger[n - 4] += 1;
        let mut crc = good.clone();
        crc[n - 8] ^= 1;
        let cases: [(&str, Vec<u8>, &str); 9] = [
            ("reserved flag", reserved, "not a gzip stream"),
            ("method", method, "not a gzip stream"),
            ("header only", good[..10].to_vec(), "not a gzip stream"),
            (
                "truncated",
                good[..n - 1].to_vec(),
                "not a valid deflate stream",
            ),
            ("second member", second, "bytes after the gzip member"),
            (
                "junk after",
                junk,
                "inflates to another size than its trailer says",
            ),
            (
                "size",
                larger,
                "inflates to another size than its trailer says",
            ),
            (
                "crc",
                crc,
                "CRC32 of the inflated data does not match the trailer",
            ),
            ("deflate", corrupt, "not a valid deflate stream"),
        ];
        for (what, bytes, reason) in cases {
            let result = packed(bytes).decode::<Vec<i32>>();
            assert_eq!(result, Err(Error::Gzip { offset: 0, reason }), "{what}");
        }
    }

    #[test]
    fn inflated_bytes_are_charged_and_nesting_is_refused() {
        let value = ints(1000);
        let object = packed(member(&value.to_bytes(), GzBuilder::new()));
        let mut reader = Reader::new(&object.0);
        assert_eq!(
            decode_maybe_packed::<Vec<i32>>(&mut reader).as_ref(),
            Ok(&value)
        );
        // The inflated bytes (4,008) and the vector (4,000), charged to the outer reader.
        assert_eq!(reader.memory_used(), 8_008);
        let mut reader = Reader::new(&object.0).with_memory_limit(4_007);
        assert_eq!(
            decode_maybe_packed::<Vec<i32>>(&mut reader),
            Err(Error::MemoryLimitExceeded {
                offset: 0,
                limit: 4_007,
                requested: 4_008
            })
        );
        let mut reader = Reader::new(&object.0).with_memory_limit(8_007);
        assert!(matches!(
            decode_maybe_packed::<Vec<i32>>(&mut reader),
            Err(Error::MemoryLimitExceeded { offset: 4, .. })
        ));

        // A boxed type that unpacks gzip_packed as generated enums do.
        #[derive(Debug, PartialEq)]
        struct Ints(Vec<i32>);
        impl Deserializable for Ints {
            fn deserialize(reader: &mut Reader<'_>) -> Result<Self> {
                match reader.peek_u32()? {
                    VECTOR_ID => Vec::deserialize(reader).map(Ints),
                    id => {
                        reader.read_u32()?;
                        unknown_constructor(reader, id, "Ints")
                    }
                }
            }
        }
        assert_eq!(object.decode::<Ints>(), Ok(Ints(value)));
        let twice = packed(member(&object.0, GzBuilder::new()));
        assert_eq!(
            twice.decode::<Ints>(),
            Err(Error::Gzip {
                offset: 0,
                reason: "a gzip_packed inside the data of another gzip_packed"
            })
        );
    }
}
