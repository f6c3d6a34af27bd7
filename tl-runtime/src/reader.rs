//! The bounded cursor that all decoding goes through.

use crate::{Deserializable, Error, Result};

/// A cursor over a byte slice that decodes TL values without panicking.
///
/// Every read checks the remaining length first and returns an [`Error`] carrying the byte
/// offset; nothing is copied until a value needs owned data (`String`, `Vec<u8>`). Vector counts
/// are checked against the remaining input before anything is allocated
/// ([`read_vector_len`](Self::read_vector_len)), recursion is bounded by
/// [`nested`](Self::nested), and the memory one decode may commit is bounded by a budget
/// ([`with_memory_limit`](Self::with_memory_limit)): a small input cannot become a large value.
///
/// ```
/// use tlforge_runtime::Reader;
///
/// let mut r = Reader::new(&[0x01, 0x00, 0x00, 0x00, 0x03, 0x61, 0x62, 0x63]);
/// assert_eq!(r.read_i32(), Ok(1));
/// assert_eq!(r.read_string().as_deref(), Ok("abc"));
/// assert_eq!(r.remaining(), 0);
/// ```
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    /// The whole input, for offsets.
    buf: &'a [u8],
    /// The unread tail of `buf`.
    rest: &'a [u8],
    /// How many [`nested`](Self::nested) calls are active.
    depth: u32,
    /// The most [`nested`](Self::nested) calls that may be active at once.
    max_depth: u32,
    /// The memory budget of the whole decode, in bytes.
    memory_limit: usize,
    /// How much of `memory_limit` is committed so far.
    memory_used: usize,
    /// Whether this reader reads the inflated bytes of a `gzip_packed` (which may not hold
    /// another one).
    in_packed: bool,
}

#[cold]
#[inline(never)]
fn eof(offset: usize, needed: usize) -> Error {
    Error::UnexpectedEof { offset, needed }
}

impl<'a> Reader<'a> {
    /// The default nesting limit.
    ///
    /// Real messages nest far less: the deepest recursive types of the Telegram API are `RichText`
    /// (`textBold(textItalic(textUrl(…)))`) and `PageBlock` (lists, details and collages of blocks
    /// inside an instant-view page), which stay within a few dozen levels even counting the
    /// `messages.Messages → Message → MessageMedia → WebPage → Page` chain above them. 100 leaves a
    /// wide margin for valid input while keeping the stack used by a hostile input (a million
    /// nested `textBold`s) small, even in debug builds and on 2 MiB thread stacks.
    pub const DEFAULT_MAX_DEPTH: u32 = 100;

    /// The smallest default memory budget: 64 MiB, so that a short message may still unpack a
    /// `gzip_packed` of the size Telegram sends (a few MiB) and decode it.
    pub const MIN_MEMORY_LIMIT: usize = 64 << 20;

    /// The default memory budget per input byte, over [`MIN_MEMORY_LIMIT`](Self::MIN_MEMORY_LIMIT):
    /// a decoded value takes a few times its wire size (an `int` field of 4 bytes is 4 bytes, a
    /// `string` of 1 byte a 24-byte `String`), 16× leaves room for every real message.
    pub const MEMORY_LIMIT_PER_INPUT_BYTE: usize = 16;

    /// The default memory budget for an input of `input_len` bytes:
    /// max([`MIN_MEMORY_LIMIT`](Self::MIN_MEMORY_LIMIT),
    /// [`MEMORY_LIMIT_PER_INPUT_BYTE`](Self::MEMORY_LIMIT_PER_INPUT_BYTE) × `input_len`).
    #[inline]
    #[must_use]
    pub const fn default_memory_limit(input_len: usize) -> usize {
        let scaled = input_len.saturating_mul(Self::MEMORY_LIMIT_PER_INPUT_BYTE);
        if scaled > Self::MIN_MEMORY_LIMIT {
            scaled
        } else {
            Self::MIN_MEMORY_LIMIT
        }
    }

    /// A reader at the start of `bytes`, with [`DEFAULT_MAX_DEPTH`](Self::DEFAULT_MAX_DEPTH) and
    /// the [default memory budget](Self::default_memory_limit) for `bytes.len()`.
    #[inline]
    #[must_use]
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader {
            buf: bytes,
            rest: bytes,
            depth: 0,
            max_depth: Self::DEFAULT_MAX_DEPTH,
            memory_limit: Self::default_memory_limit(bytes.len()),
            memory_used: 0,
            in_packed: false,
        }
    }

    /// A reader over the inflated bytes of a `gzip_packed` read by `outer`: it goes on with
    /// `outer`'s nesting depth and memory budget (hand the budget back with
    /// [`finish_packed`](Self::finish_packed)), and may not hold another `gzip_packed`.
    #[inline]
    pub(crate) fn packed(bytes: &'a [u8], outer: &Reader<'_>) -> Self {
        Reader {
            buf: bytes,
            rest: bytes,
            depth: outer.depth,
            max_depth: outer.max_depth,
            memory_limit: outer.memory_limit,
            memory_used: outer.memory_used,
            in_packed: true,
        }
    }

    /// Charges what the reader over a `gzip_packed`'s bytes committed to `self`, its outer reader.
    #[inline]
    pub(crate) fn finish_packed(&mut self, inner: &Reader<'_>) {
        self.memory_used = inner.memory_used;
    }

    /// Whether this reader reads the inflated bytes of a `gzip_packed`.
    #[inline]
    pub(crate) fn in_packed(&self) -> bool {
        self.in_packed
    }

    /// Sets the memory budget of the decode: how many bytes the decoded value may take, counting
    /// each vector's items (`count × size_of::<T>()`, charged before the vector is allocated),
    /// `string`/`bytes` payloads, boxed enum variants and the inflated bytes of `gzip_packed`
    /// values. A decode that would go over it fails with [`Error::MemoryLimitExceeded`] before
    /// allocating. The budget is shared by everything the decode reads, packed values included.
    ///
    /// ```
    /// use tlforge_runtime::{Deserializable, Error, Reader, Serializable};
    ///
    /// let bytes = vec![7_i64; 100].to_bytes(); // 808 bytes, 800 of them items
    /// let mut reader = Reader::new(&bytes).with_memory_limit(799);
    /// assert!(matches!(
    ///     Vec::<i64>::deserialize(&mut reader),
    ///     Err(Error::MemoryLimitExceeded { limit: 799, .. })
    /// ));
    /// let mut reader = Reader::new(&bytes).with_memory_limit(800);
    /// assert_eq!(Vec::<i64>::deserialize(&mut reader), Ok(vec![7; 100]));
    /// assert_eq!(reader.memory_used(), 800);
    /// ```
    #[inline]
    #[must_use]
    pub fn with_memory_limit(mut self, bytes: usize) -> Self {
        self.memory_limit = bytes;
        self
    }

    /// The memory budget of this reader (see [`with_memory_limit`](Self::with_memory_limit)).
    #[inline]
    #[must_use]
    pub fn memory_limit(&self) -> usize {
        self.memory_limit
    }

    /// How many bytes of the memory budget the values read so far have committed.
    #[inline]
    #[must_use]
    pub fn memory_used(&self) -> usize {
        self.memory_used
    }

    /// Commits `bytes` of the memory budget, or fails with [`Error::MemoryLimitExceeded`] (at
    /// `offset`) if they do not fit in what is left. Decoders call it before they allocate.
    #[inline]
    pub fn charge(&mut self, bytes: usize, offset: usize) -> Result<()> {
        match self.memory_used.checked_add(bytes) {
            Some(used) if used <= self.memory_limit => {
                self.memory_used = used;
                Ok(())
            }
            _ => Err(memory_exceeded(offset, self.memory_limit, bytes)),
        }
    }

    /// Sets how many [`nested`](Self::nested) calls may be active at once (0 forbids any).
    #[inline]
    #[must_use]
    pub fn with_max_depth(mut self, max_depth: u32) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// The nesting limit of this reader.
    #[inline]
    #[must_use]
    pub fn max_depth(&self) -> u32 {
        self.max_depth
    }

    /// How many [`nested`](Self::nested) calls are active.
    #[inline]
    #[must_use]
    pub fn depth(&self) -> u32 {
        self.depth
    }

    /// How many bytes have been consumed: the offset of the next byte to read.
    #[inline]
    #[must_use]
    pub fn position(&self) -> usize {
        self.buf.len() - self.rest.len()
    }

    /// How many bytes are left.
    #[inline]
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.rest.len()
    }

    /// The unread bytes, without consuming them.
    #[inline]
    #[must_use]
    pub fn remaining_bytes(&self) -> &'a [u8] {
        self.rest
    }

    /// Fails with [`Error::TrailingBytes`] unless every byte has been consumed.
    #[inline]
    pub fn expect_end(&self) -> Result<()> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(Error::TrailingBytes {
                offset: self.position(),
                remaining: self.rest.len(),
            })
        }
    }

    /// Reads a value in its boxed form: `T::deserialize(reader)` as a method, the one call
    /// generated decoders make per field.
    #[inline]
    pub fn read<T: Deserializable>(&mut self) -> Result<T> {
        T::deserialize(self)
    }

    /// Reads a value if `present` (its flag bit is set), else reads nothing: a conditional
    /// field (`name:flags.N?T`) of a generated decoder.
    #[inline]
    pub fn read_if<T: Deserializable>(&mut self, present: bool) -> Result<Option<T>> {
        if present {
            T::deserialize(self).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Reads `N` raw bytes (`int128` is `N = 16`, `int256` is `N = 32`).
    #[inline]
    pub fn read_array<const N: usize>(&mut self) -> Result<[u8; N]> {
        match self.rest.split_first_chunk::<N>() {
            Some((head, tail)) => {
                self.rest = tail;
                Ok(*head)
            }
            None => Err(eof(self.position(), N)),
        }
    }

    /// Reads `len` raw bytes without any length prefix or padding (e.g. an `Object` body whose
    /// size is given by an enclosing field).
    #[inline]
    pub fn read_raw(&mut self, len: usize) -> Result<&'a [u8]> {
        match self.rest.split_at_checked(len) {
            Some((head, tail)) => {
                self.rest = tail;
                Ok(head)
            }
            None => Err(eof(self.position(), len)),
        }
    }

    /// Reads a 32-bit little-endian word as unsigned: a constructor id or a `#` (nat).
    #[inline]
    pub fn read_u32(&mut self) -> Result<u32> {
        self.read_array().map(u32::from_le_bytes)
    }

    /// Reads the next 32-bit word without consuming it (e.g. to look at a constructor id).
    #[inline]
    pub fn peek_u32(&self) -> Result<u32> {
        match self.rest.first_chunk::<4>() {
            Some(word) => Ok(u32::from_le_bytes(*word)),
            None => Err(eof(self.position(), 4)),
        }
    }

    /// Reads a TL `int`.
    #[inline]
    pub fn read_i32(&mut self) -> Result<i32> {
        self.read_array().map(i32::from_le_bytes)
    }

    /// Reads a TL `long`.
    #[inline]
    pub fn read_i64(&mut self) -> Result<i64> {
        self.read_array().map(i64::from_le_bytes)
    }

    /// Reads a TL `double` (bit-exact: NaN payloads and `-0.0` are kept).
    #[inline]
    pub fn read_f64(&mut self) -> Result<f64> {
        self.read_array().map(f64::from_le_bytes)
    }

    /// Reads a constructor id and fails with [`Error::UnexpectedConstructor`] (naming
    /// `type_name`) unless it is `expected`.
    #[inline]
    pub fn expect_id(&mut self, expected: u32, type_name: &'static str) -> Result<()> {
        let offset = self.position();
        let id = self.read_u32()?;
        if id == expected {
            Ok(())
        } else {
            Err(Error::UnexpectedConstructor {
                offset,
                id,
                expected: type_name,
            })
        }
    }

    /// The error for a constructor id `id` that is not one of `type_name`'s, assuming the id is
    /// the 4 bytes just read (the offset reported is [`position`](Self::position) − 4).
    ///
    /// Generated enums call it from the fallback arm of their `match` on the id.
    #[cold]
    #[must_use]
    pub fn unexpected_constructor(&self, id: u32, type_name: &'static str) -> Error {
        Error::UnexpectedConstructor {
            offset: self.position().saturating_sub(4),
            id,
            expected: type_name,
        }
    }

    /// Reads the payload of a TL `string` or `bytes` value, returning it with its offset.
    #[inline]
    fn read_bytes_with_offset(&mut self) -> Result<(&'a [u8], usize)> {
        let start = self.position();
        let (header, len) = match self.rest.first() {
            None => return Err(eof(start, 4)),
            Some(&short @ 0..=253) => (1, usize::from(short)),
            Some(254) => {
                let Some(word) = self.rest.first_chunk::<4>() else {
                    return Err(eof(start, 4));
                };
                let len = (u32::from_le_bytes(*word) >> 8) as usize;
                if len < 254 {
                    return Err(Error::InvalidLength { offset: start });
                }
                (4, len)
            }
            Some(_) => return Err(Error::InvalidLength { offset: start }),
        };
        // header + len < 2^24 + 4: no overflow.
        let padded = (header + len + 3) & !3;
        let Some((chunk, tail)) = self.rest.split_at_checked(padded) else {
            return Err(eof(start, padded));
        };
        let Some((payload, padding)) = chunk
            .split_at_checked(header)
            .and_then(|(_, body)| body.split_at_checked(len))
        else {
            // Unreachable: `chunk` is `padded >= header + len` bytes long.
            return Err(eof(start, padded));
        };
        if let Some(i) = padding.iter().position(|&b| b != 0) {
            return Err(Error::InvalidPadding {
                offset: start + header + len + i,
            });
        }
        self.rest = tail;
        Ok((payload, start + header))
    }

    /// Reads the payload of a TL `string` or `bytes` value without copying it (so nothing is
    /// charged to the memory budget).
    ///
    /// The length prefix must be canonical (one byte for lengths up to 253, `0xfe` + 3 bytes
    /// little-endian for 254 up to 2^24 − 1; otherwise [`Error::InvalidLength`]) and the 0–3
    /// padding bytes must be zero ([`Error::InvalidPadding`]). Both rules mean that any value
    /// this reader accepts re-encodes to exactly the bytes it was read from.
    #[inline]
    pub fn read_bytes_slice(&mut self) -> Result<&'a [u8]> {
        self.read_bytes_with_offset().map(|(payload, _)| payload)
    }

    /// Reads a TL `bytes` value, charging its length to the memory budget.
    #[inline]
    pub fn read_bytes(&mut self) -> Result<Vec<u8>> {
        let (payload, offset) = self.read_bytes_with_offset()?;
        self.charge(payload.len(), offset)?;
        Ok(payload.to_vec())
    }

    /// Reads a TL `string` value; a payload that is not valid UTF-8 is an
    /// [`Error::InvalidUtf8`] (see the crate documentation for why it is not converted lossily).
    /// Its length is charged to the memory budget.
    #[inline]
    pub fn read_string(&mut self) -> Result<String> {
        let (payload, offset) = self.read_bytes_with_offset()?;
        self.charge(payload.len(), offset)?;
        match core::str::from_utf8(payload) {
            Ok(s) => Ok(s.to_owned()),
            Err(e) => Err(Error::InvalidUtf8 {
                offset: offset + e.valid_up_to(),
            }),
        }
    }

    /// Reads a vector count (an `int`) and checks it before anything is allocated.
    ///
    /// Fails with [`Error::LengthTooLarge`] when the count is negative or when
    /// `count * max(min_item_size, 1)` exceeds the remaining bytes, so a claimed length can never
    /// cause an allocation or a loop larger than the input itself. `min_item_size` is the
    /// smallest encoding of one item (4 for `int` or any boxed value, 8 for `long`, …).
    #[inline]
    pub fn read_vector_len(&mut self, min_item_size: usize) -> Result<usize> {
        let offset = self.position();
        let claimed = self.read_i32()?;
        let remaining = self.rest.len();
        match usize::try_from(claimed) {
            Ok(count) if count.saturating_mul(min_item_size.max(1)) <= remaining => Ok(count),
            _ => Err(Error::LengthTooLarge {
                offset,
                claimed: i64::from(claimed),
                remaining,
            }),
        }
    }

    /// Runs `f` one nesting level deeper, failing with [`Error::DepthLimitExceeded`] instead if
    /// [`max_depth`](Self::max_depth) levels are already active.
    ///
    /// Decoders of recursive types (generated enums) wrap their body in this, so hostile input
    /// cannot overflow the stack. The depth is restored afterwards, whether `f` succeeds or not.
    #[inline]
    pub fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.depth >= self.max_depth {
            return Err(depth_exceeded(self.position(), self.max_depth));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }
}

#[cold]
#[inline(never)]
fn memory_exceeded(offset: usize, limit: usize, requested: usize) -> Error {
    Error::MemoryLimitExceeded {
        offset,
        limit,
        requested,
    }
}

#[cold]
#[inline(never)]
fn depth_exceeded(offset: usize, limit: u32) -> Error {
    Error::DepthLimitExceeded { offset, limit }
}
