//! The decoding error type.

use core::fmt;

/// Why decoding failed, and where.
///
/// Every variant carries `offset`: a byte position counted from the start of the slice the
/// [`Reader`](crate::Reader) was created over. [`Error::offset`] returns it for any variant.
///
/// Serialization never fails, so this type is only produced by decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input ended inside a value.
    UnexpectedEof {
        /// Where the value that could not be read starts.
        offset: usize,
        /// How many bytes that value needed, counted from `offset`.
        needed: usize,
    },
    /// A constructor id that is not a constructor of the expected type (for example an id from a
    /// newer layer, or a corrupted stream).
    UnexpectedConstructor {
        /// Where the id starts.
        offset: usize,
        /// The id found.
        id: u32,
        /// The TL name of the type or constructor that was expected, e.g. `"auth.SentCode"`.
        expected: &'static str,
    },
    /// A complete value was decoded but input is left over (only
    /// [`Deserializable::from_bytes`](crate::Deserializable::from_bytes) and
    /// [`Reader::expect_end`](crate::Reader::expect_end) check this).
    TrailingBytes {
        /// Where the unread bytes start.
        offset: usize,
        /// How many bytes are unread.
        remaining: usize,
    },
    /// A TL `string` whose payload is not valid UTF-8.
    InvalidUtf8 {
        /// The first byte that is not part of a valid UTF-8 sequence.
        offset: usize,
    },
    /// A padding byte after a `string`/`bytes` payload is not zero. Such input is rejected so that
    /// re-encoding a decoded value always reproduces the input exactly.
    InvalidPadding {
        /// The first non-zero padding byte.
        offset: usize,
    },
    /// A `string`/`bytes` length prefix that is not valid: the first byte is `0xff`, or the long
    /// form (`0xfe` + 3 bytes) encodes a length below 254, which the short form must be used for.
    InvalidLength {
        /// Where the length prefix starts.
        offset: usize,
    },
    /// A vector count that is negative, or larger than the remaining input could possibly hold.
    /// Reported before anything is allocated for the vector.
    LengthTooLarge {
        /// Where the count starts.
        offset: usize,
        /// The count read from the input.
        claimed: i64,
        /// How many bytes were left after the count.
        remaining: usize,
    },
    /// Values are nested deeper than the reader's limit (see
    /// [`Reader::with_max_depth`](crate::Reader::with_max_depth)).
    DepthLimitExceeded {
        /// Where the value that would exceed the limit starts.
        offset: usize,
        /// The limit in force.
        limit: u32,
    },
    /// Decoding would commit more memory than the reader's budget allows (see
    /// [`Reader::with_memory_limit`](crate::Reader::with_memory_limit)); nothing was allocated
    /// for the value that did not fit.
    MemoryLimitExceeded {
        /// Where the value that did not fit starts (its count, length or `gzip_packed` id).
        offset: usize,
        /// The budget in force, in bytes.
        limit: usize,
        /// How many bytes the value asked for.
        requested: usize,
    },
    /// A `gzip_packed` value could not be unpacked or is not in canonical form: `reason` says
    /// why (not one gzip member with nothing after it, inflates past the size limit, a
    /// `gzip_packed` inside another, or the `gzip` feature is off).
    Gzip {
        /// Where the `gzip_packed` value starts.
        offset: usize,
        /// What went wrong.
        reason: &'static str,
    },
}

impl Error {
    /// The byte offset the error refers to (see each variant for its exact meaning).
    #[must_use]
    pub fn offset(&self) -> usize {
        match *self {
            Error::UnexpectedEof { offset, .. }
            | Error::UnexpectedConstructor { offset, .. }
            | Error::TrailingBytes { offset, .. }
            | Error::InvalidUtf8 { offset }
            | Error::InvalidPadding { offset }
            | Error::InvalidLength { offset }
            | Error::LengthTooLarge { offset, .. }
            | Error::DepthLimitExceeded { offset, .. }
            | Error::MemoryLimitExceeded { offset, .. }
            | Error::Gzip { offset, .. } => offset,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::UnexpectedEof { offset, needed } => write!(
                f,
                "unexpected end of input at byte {offset}: the value there needs {needed} bytes"
            ),
            Error::UnexpectedConstructor {
                offset,
                id,
                expected,
            } => write!(
                f,
                "unexpected constructor {id:#010x} at byte {offset} while reading {expected}"
            ),
            Error::TrailingBytes { offset, remaining } => write!(
                f,
                "{remaining} trailing bytes at byte {offset} after a complete value"
            ),
            Error::InvalidUtf8 { offset } => {
                write!(f, "invalid UTF-8 in a string at byte {offset}")
            }
            Error::InvalidPadding { offset } => {
                write!(f, "non-zero padding byte at byte {offset}")
            }
            Error::InvalidLength { offset } => {
                write!(f, "invalid string/bytes length prefix at byte {offset}")
            }
            Error::LengthTooLarge {
                offset,
                claimed,
                remaining,
            } => write!(
                f,
                "vector count {claimed} at byte {offset} does not fit in the {remaining} remaining bytes"
            ),
            Error::DepthLimitExceeded { offset, limit } => {
                write!(f, "nesting deeper than {limit} levels at byte {offset}")
            }
            Error::MemoryLimitExceeded {
                offset,
                limit,
                requested,
            } => write!(
                f,
                "the value at byte {offset} needs {requested} bytes, over what is left of the \
                 decode's memory budget of {limit} bytes"
            ),
            Error::Gzip { offset, reason } => {
                write!(f, "cannot unpack gzip_packed at byte {offset}: {reason}")
            }
        }
    }
}

impl std::error::Error for Error {}
