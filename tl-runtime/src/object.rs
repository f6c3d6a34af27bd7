//! TL `Object`: a boxed value whose type is known only from context, and `gzip_packed`.
//!
//! MTProto's envelope carries such values: `rpc_result#f35c6d01 req_msg_id:long result:Object`
//! (the result's type is the request's `Return`) and `message msg_id:long seqno:int bytes:int
//! body:Object` (sized by `bytes`), per core.telegram.org/mtproto/service_messages. An [`Object`]
//! keeps the raw bytes, bounded by the enclosing length, and [`Object::decode`] reads them later
//! as the type the caller expects, unpacking `gzip_packed#3072cfa1 packed_data:bytes = Object`
//! on the way when the `gzip` feature is on.

use crate::{BareDeserializable, Deserializable, Error, Reader, Result, Serializable};

/// Constructor id of `gzip_packed#3072cfa1 packed_data:bytes = Object;`.
pub const GZIP_PACKED_ID: u32 = 0x3072_cfa1;

/// The most bytes a `gzip_packed` value may inflate to. MTProto messages are at most a few
/// MiB, so anything bigger is a decompression bomb, not data.
pub const MAX_INFLATED_LEN: usize = 16 << 20;

/// The raw bytes of one boxed value (constructor id first) of a type the schema leaves open.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Object(pub Vec<u8>);

impl Object {
    /// Wraps the serialized form of `value`.
    pub fn new(value: &impl Serializable) -> Object {
        Object(value.to_bytes())
    }

    /// The constructor id the bytes start with, if there are at least four.
    pub fn id(&self) -> Option<u32> {
        let (id, _) = self.0.split_first_chunk::<4>()?;
        Some(u32::from_le_bytes(*id))
    }

    /// Decodes the bytes as a `T`, unpacking `gzip_packed` first if they are one.
    pub fn decode<T: Deserializable>(&self) -> Result<T> {
        let mut reader = Reader::new(&self.0);
        let value = decode_maybe_packed(&mut reader)?;
        reader.expect_end()?;
        Ok(value)
    }

    /// Reads an object whose byte length was given by a preceding `int` field.
    pub fn deserialize_sized(reader: &mut Reader<'_>, len: i32) -> Result<Object> {
        let offset = reader.position();
        let len = usize::try_from(len).map_err(|_| Error::InvalidLength { offset })?;
        Ok(Object(reader.read_raw(len)?.to_vec()))
    }

    /// The `int` length prefix that [`Object::deserialize_sized`] expects.
    pub fn len_prefix(&self) -> i32 {
        // Objects are built from decoded input or `to_bytes`, both far below 2 GiB.
        i32::try_from(self.0.len()).unwrap_or(i32::MAX)
    }
}

/// Writes the raw bytes unchanged.
impl Serializable for Object {
    fn serialize(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0);
    }
}

/// Takes every remaining byte: an `Object` that is not sized by a preceding length field is
/// the last thing in its enclosing value (as in `rpc_result`).
impl Deserializable for Object {
    fn deserialize(reader: &mut Reader<'_>) -> Result<Object> {
        let rest = reader.remaining();
        Ok(Object(reader.read_raw(rest)?.to_vec()))
    }
}

/// Reads a `T` where a boxed value is expected, accepting a `gzip_packed` wrapper around it.
pub fn decode_maybe_packed<T: Deserializable>(reader: &mut Reader<'_>) -> Result<T> {
    if reader.peek_u32()? == GZIP_PACKED_ID {
        reader.read_u32()?;
        return unpack(reader);
    }
    T::deserialize(reader)
}

/// One arm of a generated enum decoder: reads the constructor `T` (its id already read) and
/// wraps it in its variant (`Self::TextBold`, or a closure that boxes).
///
/// The arms call this rather than decoding in place so that the decoder's frame does not grow
/// with its number of constructors: in an unoptimized build every arm's temporaries get a stack
/// slot of their own, and a `match` over 32 `RichText` constructors took ~8 KiB per nesting level,
/// so 100 hostile levels overflowed a 512 KiB stack. Here the temporaries live in this
/// function's frame, one arm at a time, and the arm's result goes straight to the return place.
#[inline]
pub fn read_variant<T: BareDeserializable, E>(
    reader: &mut Reader<'_>,
    wrap: impl FnOnce(T) -> E,
) -> Result<E> {
    T::deserialize_bare(reader).map(wrap)
}

/// Decoder fallback for an id no constructor of the expected type has: unpacks `gzip_packed`
/// (servers may compress any boxed value) or reports the unexpected constructor.
/// `reader` is positioned just after the 4-byte id.
pub fn unknown_constructor<T: Deserializable>(
    reader: &mut Reader<'_>,
    id: u32,
    expected: &'static str,
) -> Result<T> {
    if id == GZIP_PACKED_ID {
        unpack(reader)
    } else {
        Err(reader.unexpected_constructor(id, expected))
    }
}

/// Inflates the `packed_data` of a `gzip_packed` whose id was just read, and decodes it as a
/// whole `T`. The packed value counts towards the nesting limit of the outer reader, so
/// packing inside packing cannot recurse without bound.
fn unpack<T: Deserializable>(reader: &mut Reader<'_>) -> Result<T> {
    // Only this line depends on `T`: everything else is compiled once, not per boxed type.
    let (data, depth_left) = inflate_packed(reader)?;
    let mut inner = Reader::new(&data).with_max_depth(depth_left);
    let value = T::deserialize(&mut inner)?;
    inner.expect_end()?;
    Ok(value)
}

/// The inflated bytes of the `gzip_packed` whose id was just read, and the nesting depth left
/// for decoding them.
#[inline(never)]
fn inflate_packed(reader: &mut Reader<'_>) -> Result<(Vec<u8>, u32)> {
    let offset = reader.position().saturating_sub(4);
    let packed = reader.read_bytes_slice()?;
    let data = inflate(packed, offset)?;
    let depth_left = reader.max_depth().saturating_sub(reader.depth() + 1);
    if depth_left == 0 {
        return Err(Error::DepthLimitExceeded {
            offset,
            limit: reader.max_depth(),
        });
    }
    Ok((data, depth_left))
}

#[cfg(feature = "gzip")]
fn inflate(packed: &[u8], offset: usize) -> Result<Vec<u8>> {
    use std::io::Read;

    let mut data = Vec::new();
    let limit = MAX_INFLATED_LEN as u64 + 1;
    flate2::read::GzDecoder::new(packed)
        .take(limit)
        .read_to_end(&mut data)
        .map_err(|_| Error::Gzip {
            offset,
            reason: "not a valid gzip stream",
        })?;
    if data.len() > MAX_INFLATED_LEN {
        return Err(Error::Gzip {
            offset,
            reason: "inflates to more than 16 MiB",
        });
    }
    Ok(data)
}

#[cfg(not(feature = "gzip"))]
fn inflate(_packed: &[u8], offset: usize) -> Result<Vec<u8>> {
    Err(Error::Gzip {
        offset,
        reason: "tl-runtime was built without the `gzip` feature",
    })
}
