//! Runtime for Rust code generated from TL (Telegram Type Language) schemas by tlforge.
//!
//! This crate has no required dependencies (the optional `gzip` feature adds miniz_oxide and
//! crc32fast). It provides the traits that generated types implement, their
//! implementations for the TL primitives, helpers that keep generated code small, and a bounded
//! [`Reader`] that decodes untrusted bytes without panicking.
//!
//! # Wire format
//!
//! A serialized value is a sequence of 32-bit little-endian words. A **boxed** value starts with
//! the 4-byte constructor id of the constructor it was built with, followed by its fields; a
//! **bare** value is the fields alone, with no id. Which form is used is decided by the schema:
//! a field of type `User` (upper case: a boxed type) carries the id, a field of type `user` or
//! `%User` does not. Function calls are always boxed.
//!
//! Vectors come in both forms too: boxed `Vector<T>` is the id [`VECTOR_ID`] (`0x1cb5c415`), an
//! `int` count, then the items; bare `vector<T>` is the count and the items. Each item is itself
//! boxed or bare according to `T` (`Vector<int>` holds bare ints, `Vector<User>` boxed users).
//!
//! # Traits
//!
//! - [`Serializable`] writes the boxed form (the form a value travels in: constructor id first
//!   for generated types), [`Deserializable`] reads it.
//! - [`Identifiable`] gives a generated constructor or function its id and TL name.
//! - [`BareSerializable`] / [`BareDeserializable`] hold the field logic of a constructor without
//!   the id. Generated structs implement these plus [`Identifiable`], and get [`Serializable`] and
//!   [`Deserializable`] from the blanket impls in this crate; generated enums (one per boxed type)
//!   implement [`Serializable`] and [`Deserializable`] directly.
//! - [`RemoteCall`] binds a function to the type of its result and of its error.
//!
//! # Primitive types
//!
//! | TL | Rust | notes |
//! |---|---|---|
//! | `int` | `i32` | |
//! | `long` | `i64` | |
//! | `double` | `f64` | bit-exact |
//! | `#` | `u32` | |
//! | `int128`, `int256`, any `NAME N*[ int ] = T;` | `[u8; 16]`, `[u8; 32]`, `[u8; 4N]` | raw bytes in wire order |
//! | `string` | `String` | must be UTF-8, see below |
//! | `bytes` | `Vec<u8>` | |
//! | `Bool` | `bool` | [`BOOL_TRUE_ID`] / [`BOOL_FALSE_ID`] |
//! | `Vector<T>` | `Vec<T>` | boxed; items through `T`'s own impls |
//!
//! `Vec<u8>` means TL `bytes` and `Vec<T>` for any other `T` means boxed `Vector<T>`. The two
//! impls do not conflict because `u8` is not a TL type and never implements [`Serializable`].
//! So a function returning `Vector<User>` has `Return = Vec<enums::User>`, and `Vector<bytes>`
//! is `Vec<Vec<u8>>`. For vectors whose items are bare constructors, or for bare `vector<T>`,
//! generated code calls [`serialize_vector`], [`serialize_bare_vector`], [`deserialize_vector`]
//! and [`deserialize_bare_vector`] with a closure for the items.
//!
//! There is no impl for `Box<T>`: with the blanket impls it would overlap (downstream crates may
//! implement [`Identifiable`] for `Box<Local>`). Method calls on a `Box<T>` field reach `T`'s impl
//! through auto-deref, and decoding wraps with `Box::new(T::deserialize(reader)?)`.
//!
//! # Strings
//!
//! TL `string` maps to [`String`]. Decoding a `string` whose payload is not valid UTF-8 fails
//! with [`Error::InvalidUtf8`]; it is **not** converted lossily, because replacing bytes with
//! U+FFFD would silently alter the data and re-encoding would no longer reproduce the input.
//! Schemas that carry binary data in a field (as the auth-key exchange does) should declare it
//! `bytes`, which has the same wire form and maps to `Vec<u8>`; the bundled `MTProto` schema does.
//!
//! # Serialization panics
//!
//! Serialization has no error path, so a value the wire format cannot express **panics**
//! rather than being written with a corrupt length or truncated (tdlib's storer aborts in the
//! same case). There are three such cases, all far beyond any Telegram message, so they only
//! fire on a programming error:
//! - a `string` or `bytes` longer than 2^24 − 1 bytes ([`MAX_BYTES_LEN`]);
//! - a vector of more than `i32::MAX` items;
//! - an [`Object`] of more than `i32::MAX` bytes where its length is written
//!   ([`Object::len_prefix`], MTProto's `message`).
//!
//! # Decoding untrusted input
//!
//! [`Reader`] never panics on input: every read is length-checked, vector counts are checked
//! against the remaining bytes before allocating ([`Reader::read_vector_len`]), recursion is
//! bounded ([`Reader::nested`]), and the `string`/`bytes` encoding must be canonical with zero
//! padding. Every [`Error`] carries the byte offset where decoding stopped.
//!
//! **Memory.** One decode (everything a [`Reader`] reads, `gzip_packed` values included) may
//! commit at most a budget of memory: by default max(64 MiB, 16 × the input's length)
//! ([`Reader::default_memory_limit`]), set with [`Reader::with_memory_limit`]. Vectors
//! (`count × size_of::<T>()`), `string`/`bytes` payloads, boxed variants and inflated
//! `gzip_packed` bytes are charged before they are allocated; over the budget, decoding fails
//! with [`Error::MemoryLimitExceeded`]. So a 16 KiB message cannot become 2 GiB of values, and
//! [`Deserializable::from_bytes`] is safe on input from the network as it is.
//!
//! **Canonical form.** An accepted input re-encodes to exactly the bytes it was read from:
//! `string`/`bytes` lengths must use their shortest form and zero padding, and flag bits the
//! schema does not name are kept (tlforge-codegen stores them in a field of their own) and written
//! back. The one exception is `gzip_packed`: a value read from one re-encodes unpacked. Its
//! `packed_data` must be exactly one gzip member with nothing after it, and may not hold another
//! `gzip_packed` ([`read_packed`]).
//!
//! ```
//! use tlforge_runtime::{Deserializable, Serializable};
//!
//! let bytes = vec![1_i32, 2].to_bytes();
//! assert_eq!(bytes, [0x15, 0xc4, 0xb5, 0x1c, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0]);
//! assert_eq!(Vec::<i32>::from_bytes(&bytes), Ok(vec![1, 2]));
//! assert!(Vec::<i32>::from_bytes(&bytes[..15]).is_err());
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

mod conversion;
mod error;
mod hex;
#[cfg(feature = "json")]
pub mod json;
mod object;
mod primitives;
mod reader;
mod rpc_error;
#[cfg(feature = "serde")]
pub mod serde_repr;

pub use conversion::{MissingField, WrongConstructor};
pub use error::Error;
pub use hex::{Hex, HexDebug};
pub use object::{
    GZIP_PACKED_ID, MAX_INFLATED_LEN, Object, decode_maybe_packed, read_boxed_variant, read_packed,
    read_variant, unknown_constructor,
};
pub use primitives::{
    deserialize_bare_vector, deserialize_bytes, deserialize_vector, serialize_bare_vector,
    serialize_bytes, serialize_string, serialize_vector,
};
pub use reader::Reader;
pub use rpc_error::{
    BotCallable, CatalogueEntry, Catalogued, RpcError, RpcErrorInfo, WAITS, error_number,
    write_error_message,
};

/// The result of decoding.
pub type Result<T> = core::result::Result<T, Error>;

/// Constructor id of boxed `Vector<T>` (`vector#1cb5c415 {t:Type} # [ t ] = Vector t;`).
pub const VECTOR_ID: u32 = 0x1cb5_c415;
/// Constructor id of `boolTrue#997275b5 = Bool;`.
pub const BOOL_TRUE_ID: u32 = 0x9972_75b5;
/// Constructor id of `boolFalse#bc799737 = Bool;`.
pub const BOOL_FALSE_ID: u32 = 0xbc79_9737;
/// Initial capacity of [`Serializable::to_bytes`]: MTProto requests are mostly a few hundred
/// bytes, and growing a `Vec` from empty to 284 bytes (a `messages.sendMessage` with a
/// 200-character text) reallocates five times.
pub const TO_BYTES_CAPACITY: usize = 512;

/// The longest `string`/`bytes` payload the wire format can express: 2^24 − 1 bytes.
pub const MAX_BYTES_LEN: usize = (1 << 24) - 1;

/// A value that can be written in TL binary form: the boxed form, constructor id first, for
/// generated types; the plain encoding for primitives.
pub trait Serializable {
    /// Appends the serialized value to `out`.
    fn serialize(&self, out: &mut Vec<u8>);

    /// Returns the serialized value in a new buffer.
    ///
    /// The buffer starts with room for [`TO_BYTES_CAPACITY`] bytes, which holds most requests
    /// without growing; [`Serializable::serialize`] into a reused buffer avoids even that.
    ///
    /// # Hashing a TL object
    ///
    /// These are the bytes to hash where a protocol identifies an object by its hash: the boxed
    /// form, the constructor id (little-endian) then the fields. TON's
    /// `get_tl_object_sha256(obj)` (tl-utils/tl-utils.cpp) is SHA-256 of exactly this: it stores
    /// `obj->get_id()` and then `obj->store(...)`. [`BareSerializable::serialize_bare`] is the
    /// same without the id, for a bare field, not for hashing. (examples/ton-lite's test checks
    /// the layout on a lite-server query.)
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(TO_BYTES_CAPACITY);
        self.serialize(&mut out);
        out
    }
}

/// A value that can be read from TL binary form (the form [`Serializable`] writes).
pub trait Deserializable: Sized {
    /// Whether the encoding starts with a constructor id (a boxed type: generated types, `Bool`,
    /// `Vector<T>`), so that a `gzip_packed` may stand in for it. `false` for the bare
    /// primitives (`int`, `long`, `double`, `#`, `int128`…, `string`, `bytes`).
    const BOXED: bool = true;

    /// Reads one value from `reader`, leaving it just after the value (for nested use).
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self>;

    /// Reads one value that must span all of `bytes`: fails on truncated input and, with
    /// [`Error::TrailingBytes`], on bytes left over. The decode has [`Reader::new`]'s limits
    /// (nesting depth and memory budget); for others, use a [`Reader`] and
    /// [`deserialize`](Self::deserialize) then [`Reader::expect_end`].
    fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut reader = Reader::new(bytes);
        let value = Self::deserialize(&mut reader)?;
        reader.expect_end()?;
        Ok(value)
    }
}

/// A TL constructor or function: its constructor id and its name in the schema.
pub trait Identifiable {
    /// The constructor id, e.g. `0x1f040578` for `auth.cancelCode`.
    const CONSTRUCTOR_ID: u32;
    /// The TL name, e.g. `"auth.cancelCode"`; used in error messages.
    const TL_NAME: &'static str;
}

/// A TL function: serializing it gives the request, [`Return`](Self::Return) decodes the
/// `result` of the `rpc_result` that answers it, and [`Error`](Self::Error) is what an
/// `rpc_error` answer converts into.
pub trait RemoteCall: Serializable {
    /// The result type (`bool` for `Bool`, `Vec<enums::User>` for `Vector<User>`, …).
    type Return: Deserializable;
    /// The error type: [`RpcError`] itself in code generated without an error catalogue;
    /// with one (tlforge-types), an enum of the errors the function's documentation lists, holding
    /// every other error in a variant of its own.
    type Error: From<RpcError> + RpcErrorInfo + std::error::Error + Send + Sync + 'static;
}

/// The fields of a constructor or function without its id (the bare form).
pub trait BareSerializable {
    /// Appends the fields to `out`.
    fn serialize_bare(&self, out: &mut Vec<u8>);
}

/// Reads the fields of a constructor or function without its id (the bare form).
pub trait BareDeserializable: Sized {
    /// Reads the fields from `reader`.
    fn deserialize_bare(reader: &mut Reader<'_>) -> Result<Self>;
}

/// Boxed form of a constructor or function: its id, then its fields.
impl<T: Identifiable + BareSerializable> Serializable for T {
    #[inline]
    fn serialize(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&T::CONSTRUCTOR_ID.to_le_bytes());
        self.serialize_bare(out);
    }
}

/// Boxed form of a constructor or function: checks the id, then reads the fields.
impl<T: Identifiable + BareDeserializable> Deserializable for T {
    #[inline]
    fn deserialize(reader: &mut Reader<'_>) -> Result<Self> {
        reader.expect_id(T::CONSTRUCTOR_ID, T::TL_NAME)?;
        T::deserialize_bare(reader)
    }
}

#[cfg(test)]
mod tests;
