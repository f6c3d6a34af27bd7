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

/// The most bytes one `gzip_packed` value may inflate to. MTProto messages are at most a few
/// MiB, so anything bigger is a decompression bomb, not data. What all the packed values of one
/// decode inflate to together is bounded by the reader's memory budget
/// ([`Reader::with_memory_limit`]).
pub const MAX_INFLATED_LEN: usize = 16 << 20;

/// The raw bytes of one boxed value (constructor id first) of a type the schema leaves open.
///
/// `Object` implements [`Serializable`] but not [`Deserializable`]: its length is not in its
/// bytes, so it is read either sized by a preceding length field
/// ([`deserialize_sized`](Object::deserialize_sized), MTProto's `message`) or as the rest of
/// its enclosing value ([`deserialize_rest`](Object::deserialize_rest), `rpc_result`). For the
/// same reason it cannot be a vector item: `Vec<Object>` does not decode (a compile error), and
/// tlforge-codegen rejects a schema with `Vector<Object>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
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

    /// Decodes the bytes as a `T`, unpacking `gzip_packed` first if they are one and `T` is a
    /// boxed type (one whose encoding starts with a constructor id; see
    /// [`Deserializable::BOXED`]), with the default limits of [`Reader::new`].
    pub fn decode<T: Deserializable>(&self) -> Result<T> {
        let mut reader = Reader::new(&self.0);
        let value = decode_maybe_packed(&mut reader)?;
        reader.expect_end()?;
        Ok(value)
    }

    /// Reads an object whose byte length was given by a preceding `int` field, charging it to
    /// the reader's memory budget.
    pub fn deserialize_sized(reader: &mut Reader<'_>, len: i32) -> Result<Object> {
        let offset = reader.position();
        let len = usize::try_from(len).map_err(|_| Error::InvalidLength { offset })?;
        let bytes = reader.read_raw(len)?;
        reader.charge(len, offset)?;
        Ok(Object(bytes.to_vec()))
    }

    /// Reads every remaining byte, charging them to the reader's memory budget: an `Object`
    /// not sized by a preceding length field is the last thing in its enclosing value (as in
    /// `rpc_result#f35c6d01 req_msg_id:long result:Object`).
    pub fn deserialize_rest(reader: &mut Reader<'_>) -> Result<Object> {
        let offset = reader.position();
        let len = reader.remaining();
        let bytes = reader.read_raw(len)?;
        reader.charge(len, offset)?;
        Ok(Object(bytes.to_vec()))
    }

    /// The `int` length prefix that [`Object::deserialize_sized`] expects.
    ///
    /// # Panics
    ///
    /// If the object is longer than `i32::MAX` bytes, which the length field cannot express
    /// (as serializing an oversized `string` panics; see the crate documentation).
    pub fn len_prefix(&self) -> i32 {
        let len = self.0.len();
        match i32::try_from(len) {
            Ok(prefix) => prefix,
            Err(_) => too_long(len),
        }
    }
}

#[cold]
#[inline(never)]
#[allow(clippy::panic)] // documented: serialization has no error path.
fn too_long(len: usize) -> ! {
    panic!(
        "TL Object of {len} bytes exceeds the maximum of {}",
        i32::MAX
    )
}

/// Writes the raw bytes unchanged.
impl Serializable for Object {
    fn serialize(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0);
    }
}

/// Reads a `T` where a boxed value is expected, accepting a `gzip_packed` wrapper around it
/// when `T` is boxed ([`Deserializable::BOXED`]); a bare `T` (an `int`, a `string`) is read
/// as it is, so an `int` that happens to equal [`GZIP_PACKED_ID`] is still an `int`.
pub fn decode_maybe_packed<T: Deserializable>(reader: &mut Reader<'_>) -> Result<T> {
    if T::BOXED && reader.peek_u32()? == GZIP_PACKED_ID {
        reader.read_u32()?;
        return read_packed(reader, T::deserialize);
    }
    T::deserialize(reader)
}

/// One arm of a generated enum decoder: reads the constructor `T` (its id already read) and
/// wraps it in its variant (`Self::TextBold`).
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

/// [`read_variant`] for a variant that holds its constructor in a `Box` (a large or cyclic
/// one): charges the box's `size_of::<T>()` bytes to the memory budget before reading, so a
/// vector of 4-byte constructors cannot allocate hundreds of bytes each unaccounted.
#[inline]
pub fn read_boxed_variant<T: BareDeserializable, E>(
    reader: &mut Reader<'_>,
    wrap: impl FnOnce(Box<T>) -> E,
) -> Result<E> {
    let offset = reader.position().saturating_sub(4);
    reader.charge(size_of::<T>(), offset)?;
    T::deserialize_bare(reader).map(|value| wrap(Box::new(value)))
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
        read_packed(reader, T::deserialize)
    } else {
        Err(reader.unexpected_constructor(id, expected))
    }
}

/// Unpacks the `gzip_packed` whose id was just read from `reader` and reads all of its
/// inflated bytes with `read`.
///
/// The rules (the same for generated decoders, [`Object::decode`] and tlforge-codegen's run-time
/// decoder, which all come here):
/// - `packed_data` must be exactly one gzip member (RFC 1952) with nothing after it, so that
///   trailing junk or a second member cannot ride along unread ([`Error::Gzip`]);
/// - a `gzip_packed` inside the inflated bytes of another is an [`Error::Gzip`] (Telegram never
///   nests them, and each layer's buffer would stay alive while the next is decoded);
/// - the inflated size, read from the member's trailer, is charged to `reader`'s memory budget
///   and must be at most [`MAX_INFLATED_LEN`] before anything is allocated; the reader over the
///   inflated bytes goes on with the same budget and one nesting level deeper;
/// - `read` must consume every inflated byte ([`Error::TrailingBytes`]).
pub fn read_packed<T, E: From<Error>>(
    reader: &mut Reader<'_>,
    read: impl FnOnce(&mut Reader<'_>) -> core::result::Result<T, E>,
) -> core::result::Result<T, E> {
    // Only the call of `read` depends on `T`: the rest is compiled once, not per boxed type.
    let data = inflate_packed(reader)?;
    let mut inner = Reader::packed(&data, reader);
    let value = inner.nested(|inner| Ok(read(inner)))??;
    inner.expect_end()?;
    reader.finish_packed(&inner);
    Ok(value)
}

/// The inflated bytes of the `gzip_packed` whose id was just read, after the checks of
/// [`read_packed`] that come before decoding them.
#[inline(never)]
fn inflate_packed(reader: &mut Reader<'_>) -> Result<Vec<u8>> {
    let offset = reader.position().saturating_sub(4);
    if reader.in_packed() {
        return Err(Error::Gzip {
            offset,
            reason: "a gzip_packed inside the data of another gzip_packed",
        });
    }
    if reader.depth() + 1 >= reader.max_depth() {
        return Err(Error::DepthLimitExceeded {
            offset,
            limit: reader.max_depth(),
        });
    }
    let packed = reader.read_bytes_slice()?;
    inflate(packed, offset, reader)
}

#[cfg(feature = "gzip")]
fn inflate(packed: &[u8], offset: usize, reader: &mut Reader<'_>) -> Result<Vec<u8>> {
    gzip::inflate_member(packed, offset, reader)
}

#[cfg(not(feature = "gzip"))]
fn inflate(_packed: &[u8], offset: usize, _reader: &mut Reader<'_>) -> Result<Vec<u8>> {
    Err(Error::Gzip {
        offset,
        reason: "tlforge-runtime was built without the `gzip` feature",
    })
}

/// One gzip member (RFC 1952), inflated into a buffer of exactly the size its trailer gives.
///
/// Written on miniz_oxide's core inflater (the deflate implementation behind flate2's pure-Rust
/// backend) rather than flate2's readers for two reasons: its state can be reset for each
/// member in O(1) (flate2's `Decompress` allocates and zeroes a 32 KiB window per member, and
/// its reset zeroes it again, which made a vector of 500,000 tiny packed values take seconds),
/// and it inflates straight into the final buffer, sized before anything is inflated.
#[cfg(feature = "gzip")]
mod gzip {
    use std::cell::RefCell;

    use miniz_oxide::inflate::TINFLStatus;
    use miniz_oxide::inflate::core::inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    use miniz_oxide::inflate::core::{DecompressorOxide, decompress};

    use super::MAX_INFLATED_LEN;
    use crate::{Error, Reader, Result};

    thread_local! {
        /// One inflater per thread (~11 KiB of Huffman tables), set back to its start state for
        /// each member.
        static INFLATER: RefCell<Option<Box<DecompressorOxide>>> = const { RefCell::new(None) };
    }

    // RFC 1952 §2.3.1: ID1 ID2 CM FLG MTIME(4) XFL OS, then the optional fields FLG announces.
    const MAGIC: [u8; 3] = [0x1f, 0x8b, 8];
    const FHCRC: u8 = 0x02;
    const FEXTRA: u8 = 0x04;
    const FNAME: u8 = 0x08;
    const FCOMMENT: u8 = 0x10;
    const FRESERVED: u8 = 0xe0;
    const FIXED_HEADER_LEN: usize = 10;
    /// CRC32 and ISIZE, both little-endian.
    const TRAILER_LEN: usize = 8;

    /// The length of the member header at the start of `member`, or `None` if it is not one.
    fn header_len(member: &[u8]) -> Option<usize> {
        let (fixed, _) = member.split_first_chunk::<FIXED_HEADER_LEN>()?;
        let flags = fixed[3];
        if fixed[..3] != MAGIC || flags & FRESERVED != 0 {
            return None;
        }
        let mut len = FIXED_HEADER_LEN;
        if flags & FEXTRA != 0 {
            let (xlen, _) = member.get(len..)?.split_first_chunk::<2>()?;
            len += 2 + usize::from(u16::from_le_bytes(*xlen));
        }
        for field in [FNAME, FCOMMENT] {
            if flags & field != 0 {
                // Zero-terminated.
                len += member.get(len..)?.iter().position(|&b| b == 0)? + 1;
            }
        }
        if flags & FHCRC != 0 {
            let (crc16, _) = member.get(len..)?.split_first_chunk::<2>()?;
            let crc = crc32fast::hash(member.get(..len)?);
            if u32::from(u16::from_le_bytes(*crc16)) != crc & 0xffff {
                return None;
            }
            len += 2;
        }
        (len <= member.len()).then_some(len)
    }

    pub(super) fn inflate_member(
        member: &[u8],
        offset: usize,
        reader: &mut Reader<'_>,
    ) -> Result<Vec<u8>> {
        let error = |reason| Error::Gzip { offset, reason };
        let not_gzip = || error("not a gzip stream");
        let header = header_len(member).ok_or_else(not_gzip)?;
        let (body, trailer) = member
            .split_last_chunk::<TRAILER_LEN>()
            .ok_or_else(not_gzip)?;
        let deflate = body.get(header..).ok_or_else(not_gzip)?;
        let [c0, c1, c2, c3, s0, s1, s2, s3] = *trailer;
        let crc = u32::from_le_bytes([c0, c1, c2, c3]);
        // The size modulo 2^32; sizes past the cap are refused anyway.
        let size = u32::from_le_bytes([s0, s1, s2, s3]) as usize;
        if size > MAX_INFLATED_LEN {
            return Err(error("inflates to more than 16 MiB"));
        }
        reader.charge(size, offset)?;
        let mut data = vec![0; size];
        let reused = INFLATER.try_with(|cell| {
            cell.try_borrow_mut().ok().map(|mut slot| {
                let inflater = slot.get_or_insert_with(Box::default);
                inflater.init();
                run(inflater, deflate, &mut data)
            })
        });
        let (status, consumed, written) = match reused {
            Ok(Some(outcome)) => outcome,
            _ => run(&mut Box::default(), deflate, &mut data),
        };
        match status {
            TINFLStatus::Done if consumed == deflate.len() && written == size => {}
            // The deflate stream ended before the last 8 bytes: what follows it is a second
            // member or junk, which a canonical value does not have.
            TINFLStatus::Done if consumed < deflate.len() => {
                return Err(error("bytes after the gzip member"));
            }
            TINFLStatus::Done | TINFLStatus::HasMoreOutput => {
                return Err(error("inflates to another size than its trailer says"));
            }
            _ => return Err(error("not a valid deflate stream")),
        }
        if crc32fast::hash(&data) != crc {
            return Err(error(
                "CRC32 of the inflated data does not match the trailer",
            ));
        }
        Ok(data)
    }

    /// Inflates all of `deflate` into `out` (never beyond it): the status, the input consumed
    /// and the bytes written.
    fn run(
        inflater: &mut DecompressorOxide,
        deflate: &[u8],
        out: &mut [u8],
    ) -> (TINFLStatus, usize, usize) {
        decompress(
            inflater,
            deflate,
            out,
            0,
            TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
        )
    }
}
