//! Trait impls for the TL primitives, and the free helpers generated code calls.

use crate::{
    BOOL_FALSE_ID, BOOL_TRUE_ID, Deserializable, MAX_BYTES_LEN, Reader, Result, Serializable,
    VECTOR_ID,
};

macro_rules! word_impls {
    ($($ty:ty => $read:ident),* $(,)?) => {$(
        impl Serializable for $ty {
            #[inline]
            fn serialize(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
        }

        impl Deserializable for $ty {
            const BOXED: bool = false;

            #[inline]
            fn deserialize(reader: &mut Reader<'_>) -> Result<Self> {
                reader.$read()
            }
        }
    )*};
}

word_impls! {
    i32 => read_i32,
    i64 => read_i64,
    f64 => read_f64,
    u32 => read_u32,
}

/// `int128`, `int256` and every other repetition of `int`s or `long`s (`int512 16*[ int ] =
/// Int512;`): N raw bytes in wire order.
impl<const N: usize> Serializable for [u8; N] {
    #[inline]
    fn serialize(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self);
    }
}

impl<const N: usize> Deserializable for [u8; N] {
    const BOXED: bool = false;

    #[inline]
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self> {
        reader.read_array()
    }
}

/// TL `Bool`: `boolTrue#997275b5` or `boolFalse#bc799737`.
impl Serializable for bool {
    #[inline]
    fn serialize(&self, out: &mut Vec<u8>) {
        let id = if *self { BOOL_TRUE_ID } else { BOOL_FALSE_ID };
        out.extend_from_slice(&id.to_le_bytes());
    }
}

/// TL `Bool`; any id other than `boolTrue`/`boolFalse` is an [`Error::UnexpectedConstructor`](crate::Error::UnexpectedConstructor).
impl Deserializable for bool {
    #[inline]
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self> {
        match reader.read_u32()? {
            BOOL_TRUE_ID => Ok(true),
            BOOL_FALSE_ID => Ok(false),
            id => Err(reader.unexpected_constructor(id, "Bool")),
        }
    }
}

/// TL `string`.
impl Serializable for String {
    #[inline]
    fn serialize(&self, out: &mut Vec<u8>) {
        serialize_string(self, out);
    }
}

/// TL `string`; invalid UTF-8 is an [`Error::InvalidUtf8`](crate::Error::InvalidUtf8).
impl Deserializable for String {
    const BOXED: bool = false;

    #[inline]
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self> {
        reader.read_string()
    }
}

/// TL `bytes` (not a vector: `u8` is not a TL type).
impl Serializable for Vec<u8> {
    #[inline]
    fn serialize(&self, out: &mut Vec<u8>) {
        serialize_bytes(self, out);
    }
}

/// TL `bytes` (not a vector: `u8` is not a TL type).
impl Deserializable for Vec<u8> {
    const BOXED: bool = false;

    #[inline]
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self> {
        reader.read_bytes()
    }
}

/// Boxed `Vector<T>`, each item written by `T`'s own impl.
impl<T: Serializable> Serializable for Vec<T> {
    #[inline]
    fn serialize(&self, out: &mut Vec<u8>) {
        serialize_vector(self, out, T::serialize);
    }
}

/// Boxed `Vector<T>`, each item read by `T`'s own impl.
impl<T: Deserializable> Deserializable for Vec<T> {
    #[inline]
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self> {
        deserialize_vector(reader, T::deserialize)
    }
}

/// Writes a TL `string`: the same wire form as [`serialize_bytes`].
///
/// # Panics
///
/// If `s` is longer than [`MAX_BYTES_LEN`] bytes (see the crate documentation).
#[inline]
pub fn serialize_string(s: &str, out: &mut Vec<u8>) {
    serialize_bytes(s.as_bytes(), out);
}

/// Writes a TL `bytes` (or `string`) value: the length (one byte if at most 253, else `0xfe` and
/// 3 bytes little-endian), the payload, then zero bytes up to a multiple of 4.
///
/// # Panics
///
/// If `data` is longer than [`MAX_BYTES_LEN`] bytes, which the wire format cannot express
/// (see the crate documentation).
#[inline]
pub fn serialize_bytes(data: &[u8], out: &mut Vec<u8>) {
    let len = data.len();
    if len <= 253 {
        let padding = 3 - (len & 3);
        out.reserve(1 + len + padding);
        out.push(len as u8);
        out.extend_from_slice(data);
        out.resize(out.len() + padding, 0);
    } else {
        assert!(
            len <= MAX_BYTES_LEN,
            "TL string/bytes of {len} bytes exceeds the maximum of {MAX_BYTES_LEN}"
        );
        let padding = (4 - (len & 3)) & 3;
        out.reserve(4 + len + padding);
        out.extend_from_slice(&((len as u32) << 8 | 0xfe).to_le_bytes());
        out.extend_from_slice(data);
        out.resize(out.len() + padding, 0);
    }
}

/// Reads a TL `bytes` value; the same as [`Reader::read_bytes`].
#[inline]
pub fn deserialize_bytes(reader: &mut Reader<'_>) -> Result<Vec<u8>> {
    reader.read_bytes()
}

/// Writes a vector count.
///
/// # Panics
///
/// If there are more than `i32::MAX` items, which the wire format cannot express.
#[inline]
fn serialize_count(len: usize, out: &mut Vec<u8>) {
    assert!(
        i32::try_from(len).is_ok(),
        "TL vector of {len} items exceeds the maximum of {}",
        i32::MAX
    );
    out.extend_from_slice(&(len as u32).to_le_bytes());
}

/// Writes a boxed `Vector<T>`: [`VECTOR_ID`], the count, then each item through `item`.
///
/// `item` decides whether the items are boxed or bare, e.g. `T::serialize` or
/// `T::serialize_bare`.
///
/// # Panics
///
/// If there are more than `i32::MAX` items.
#[inline]
pub fn serialize_vector<T>(items: &[T], out: &mut Vec<u8>, item: impl Fn(&T, &mut Vec<u8>)) {
    out.extend_from_slice(&VECTOR_ID.to_le_bytes());
    serialize_bare_vector(items, out, item);
}

/// Writes a bare `vector<T>`: the count, then each item through `item`.
///
/// # Panics
///
/// If there are more than `i32::MAX` items.
#[inline]
pub fn serialize_bare_vector<T>(items: &[T], out: &mut Vec<u8>, item: impl Fn(&T, &mut Vec<u8>)) {
    serialize_count(items.len(), out);
    for value in items {
        item(value, out);
    }
}

/// Reads a boxed `Vector<T>`: checks [`VECTOR_ID`] (else [`Error::UnexpectedConstructor`](crate::Error::UnexpectedConstructor)
/// expecting `"Vector"`), then reads as [`deserialize_bare_vector`].
#[inline]
pub fn deserialize_vector<T>(
    reader: &mut Reader<'_>,
    item: impl FnMut(&mut Reader<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    reader.expect_id(VECTOR_ID, "Vector")?;
    deserialize_bare_vector(reader, item)
}

/// Reads a bare `vector<T>`: the count, then that many items through `item`.
///
/// The count is checked with [`Reader::read_vector_len`] assuming each item takes at least 4
/// bytes, which holds for every TL value except a bare constructor with no fields (no real schema
/// has a vector of those). Then `count × size_of::<T>()` is charged to the reader's memory budget
/// ([`Reader::with_memory_limit`]) and allocated at once: a vector of small wire items that are
/// large in memory fails with [`Error::MemoryLimitExceeded`](crate::Error::MemoryLimitExceeded)
/// before it is allocated.
#[inline]
pub fn deserialize_bare_vector<T>(
    reader: &mut Reader<'_>,
    mut item: impl FnMut(&mut Reader<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let offset = reader.position();
    let count = reader.read_vector_len(4)?;
    reader.charge(count.saturating_mul(size_of::<T>()), offset)?;
    let mut items = Vec::with_capacity(count);
    for _ in 0..count {
        items.push(item(reader)?);
    }
    Ok(items)
}
