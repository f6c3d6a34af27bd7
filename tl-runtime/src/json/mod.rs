//! TDLib's JSON interface (feature `json`): what code generated with
//! `Config::json(Json::Tdlib)` calls, and the types its users meet ([`TdError`], [`Unknown`],
//! [`RemoteCall`], [`Synchronous`]).
//!
//! TDLib is driven through `libtdjson` in JSON whose objects are the constructors and functions
//! of `td_api.tl`. The conventions, as TDLib writes and reads them (td/generate/tl_json_converter.cpp
//! and td/tl/tl_json.h of TDLib 1.8.66, checked against its `libtdjson.so`):
//!
//! | td_api | Rust | JSON |
//! |---|---|---|
//! | `int32` | `i32` | a number (a string of the exact integer is read too) |
//! | `int53` | `i64` | a number (or such a string) |
//! | `int64` | `i64` | a **string** of the integer, read from a string or a number |
//! | `double` | `f64` | a number; NaN and infinities are refused when writing (not JSON) |
//! | `Bool` | `bool` | `true` / `false` |
//! | `string` | `String` | a string (always UTF-8: invalid UTF-8 aborts TDLib) |
//! | `bytes` | `Vec<u8>` | standard base64 (`+/`) with `=` padding |
//! | `vector<T>` | `Vec<T>` | an array |
//! | an object | a struct or enum | `{"@type": "name", fields…}`, `@type` first |
//!
//! An object field that may be null (documented "may be null", "pass null …") is an `Option`,
//! left out when `None`, as TDLib leaves out null objects.
//!
//! # Reading: lenient by default, strict on request
//!
//! A TDLib newer or older than the schema the types were generated from writes keys, objects
//! and constructors the types do not know, or leaves out fields they have. The default reading
//! survives that, as TDLib's own reader does: unknown keys are skipped; a missing field that is
//! not an object takes TDLib's default (0, `false`, `""`, `[]`); an unknown `@type` where a
//! boxed type is expected decodes into that enum's `Unknown` variant ([`Unknown`]: the name and
//! the JSON). A missing object field that is not documented nullable is an error in both modes.
//! [`strict`] (and [`from_str_strict`]) refuses all three, so that tests see any skew.
//!
//! Decoding never panics: malformed JSON, wrong types, out-of-range integers, invalid base64
//! and objects nested deeper than [`MAX_DEPTH`] are errors naming the objects and fields on the
//! way (`message.content: messageText.text: formattedText.entities: …`). What a decode
//! allocates is bounded by the length of its input (serde_json reads arrays element by element;
//! base64 decodes to three quarters of its text).
//!
//! # Writing
//!
//! `@type` first, then the fields in schema order; `None` fields are left out.

use std::cell::Cell;
use std::fmt;

pub use serde_core as serde;
pub use serde_json;

mod read;
mod unknown;
mod write;

pub use read::{Read, boxed_variant, fields, read_object, read_variants, variant};
pub use unknown::Unknown;
pub use write::{Write, write_object};

use serde_core::{Deserialize, Deserializer, Serialize, Serializer};

/// The deepest nesting of objects a decode accepts (TDLib refuses JSON nested deeper than 100).
pub const MAX_DEPTH: u32 = 100;

thread_local! {
    static STRICT: Cell<bool> = const { Cell::new(false) };
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Runs `read` with strict reading on this thread: unknown keys, missing fields and unknown
/// `@type`s are errors instead of being skipped, defaulted or kept as [`Unknown`].
pub fn strict<R>(read: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            STRICT.with(|strict| strict.set(self.0));
        }
    }
    let _restore = Restore(STRICT.with(|strict| strict.replace(true)));
    read()
}

/// Whether reading on this thread is strict ([`strict`]).
pub fn is_strict() -> bool {
    STRICT.with(Cell::get)
}

/// `serde_json::from_str` with strict reading ([`strict`]).
pub fn from_str_strict<'a, T: Deserialize<'a>>(json: &'a str) -> serde_json::Result<T> {
    strict(|| serde_json::from_str(json))
}

/// A generated constructor or function: its TDLib name and fields, and how they are written
/// (generated code; [`write_object`] does the rest).
pub trait Object {
    /// The `@type`: the constructor's or function's name in td_api.tl (`formattedText`).
    const TYPE: &'static str;
    /// The JSON keys of the fields, in schema order.
    const FIELDS: &'static [&'static str];
    /// Writes the fields after `@type`.
    fn write_fields<S: serde_core::ser::SerializeMap>(&self, map: &mut S) -> Result<(), S::Error>;
}

/// How a generated constructor (or function, with the function decoders) reads its fields
/// (generated code; [`read_object`] and [`read_variants`] call it).
pub trait ReadFields: Object + Sized {
    /// Reads the fields of an object whose `{` (and possibly `@type`) has been read, up to and
    /// including its `}`.
    fn read_fields<'de, A: serde_core::de::MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error>;
}

/// A generated enum of a boxed type: which constructor a `@type` names.
pub trait Variants: Sized {
    /// The boxed type's name in td_api.tl (`Update`), for errors.
    const TYPE: &'static str;
    /// Reads the rest of an object whose `@type` was `name`; `Ok(None)` when no constructor of
    /// this type has that name (nothing was read then).
    fn read_variant<'de, A: serde_core::de::MapAccess<'de>>(
        name: &str,
        map: &mut A,
    ) -> Result<Option<Self>, A::Error>;
    /// The value of an object whose `@type` this type does not know.
    fn unknown(unknown: Unknown) -> Self;
}

/// A TDLib function: serializing it gives the request, [`Return`](Self::Return) is what TDLib
/// answers it with, and [`Error`](Self::Error) what an `error` answer converts into.
pub trait RemoteCall: Serialize {
    /// The answer's type (`enums::TextEntities` for `getTextEntities`, `enums::Ok` for `ok`).
    type Return: serde_core::de::DeserializeOwned;
    /// [`TdError`] in generated code.
    type Error: From<TdError> + crate::RpcErrorInfo + std::error::Error + Send + Sync + 'static;
}

/// Functions td_api.tl documents as "Can be called synchronously": TDLib answers them through
/// `td_execute`, without a client.
#[diagnostic::on_unimplemented(
    message = "TDLib does not run `{Self}` synchronously",
    label = "not \"Can be called synchronously\" in td_api.tl",
    note = "send it through a client instead (`Client::send`)"
)]
pub trait Synchronous: RemoteCall {}

/// TDLib's `error` object (`error code:int32 message:string = Error;`): what a request fails
/// with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TdError {
    code: i32,
    message: String,
}

impl TdError {
    /// An error with TDLib's code and message.
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        TdError {
            code,
            message: message.into(),
        }
    }

    /// The code: 400 for a bad request, 401 unauthorized, 404 not found, 429 too many
    /// requests, 500 internal, 406 for errors that must not be shown to the user, …
    pub fn code(&self) -> i32 {
        self.code
    }

    /// The message, as TDLib wrote it ("Failed to parse JSON object as TDLib request: …").
    pub fn message(&self) -> &str {
        &self.message
    }

    /// How long to wait before repeating the request, for TDLib's flood limit: code 429 with
    /// "Too Many Requests: retry after N" (what TDLib makes of the server's `FLOOD_WAIT_N`;
    /// td/telegram/NetQueryDispatcher.cpp and td_api.tl's `error`: "If the error code is 429,
    /// then the request must be repeated after the specified number of seconds").
    ///
    /// ```
    /// # use tlforge_runtime::json::TdError;
    /// # use std::time::Duration;
    /// let error = TdError::new(429, "Too Many Requests: retry after 30");
    /// assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
    /// assert_eq!(TdError::new(400, "Bad Request: retry after 30").retry_after(), None);
    /// ```
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        const MARKER: &str = "retry after ";
        if self.code != 429 {
            return None;
        }
        let at = self.message.find(MARKER)? + MARKER.len();
        let digits = &self.message[at..];
        let end = digits
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(digits.len());
        let seconds: u64 = digits[..end].parse().ok()?;
        Some(std::time::Duration::from_secs(seconds))
    }
}

impl fmt::Display for TdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TDLib error {}: {}", self.code, self.message)
    }
}

impl std::error::Error for TdError {}

/// TDLib's errors as the server's: `name()` is the message (TDLib passes the server's error
/// names on, `PHONE_CODE_INVALID`), and TDLib's flood wait, 429 "Too Many Requests: retry after
/// N", is [`flood_wait`](crate::RpcErrorInfo::flood_wait) with `value()` N. TDLib migrates
/// between data centers itself: `migrate_dc()` is always `None`.
impl crate::RpcErrorInfo for TdError {
    fn code(&self) -> i32 {
        self.code
    }

    fn name(&self) -> &str {
        &self.message
    }

    fn value(&self) -> Option<u32> {
        self.retry_after()
            .and_then(|wait| u32::try_from(wait.as_secs()).ok())
    }

    fn flood_wait(&self) -> Option<std::time::Duration> {
        self.retry_after()
    }

    fn migrate_dc(&self) -> Option<i32> {
        None
    }
}

impl Object for TdError {
    const TYPE: &'static str = "error";
    const FIELDS: &'static [&'static str] = &["code", "message"];

    fn write_fields<S: serde_core::ser::SerializeMap>(&self, map: &mut S) -> Result<(), S::Error> {
        map.serialize_entry("code", &self.code)?;
        map.serialize_entry("message", &self.message)
    }
}

impl ReadFields for TdError {
    fn read_fields<'de, A: serde_core::de::MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error> {
        let (mut code, mut message) = (None, None);
        fields::<Self, A>(map, |map, field| {
            if field == 0 {
                code = Some(map.next_value_seed(Read::<Int32>::new())?);
            } else {
                message = Some(map.next_value_seed(Read::<Str>::new())?);
            }
            Ok(())
        })?;
        Ok(TdError {
            code: value::<Int32, A::Error>(code, Self::TYPE, "code")?,
            message: value::<Str, A::Error>(message, Self::TYPE, "message")?,
        })
    }
}

impl<'de> Deserialize<'de> for TdError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_object(deserializer)
    }
}

impl Serialize for TdError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_object(self, serializer)
    }
}

/// How a td_api type travels in JSON: read, written, and what a missing field is worth.
/// Generated code names one per field (`Vector<Int64>`, `Nullable<Obj<types::Photo>>`).
pub trait Repr {
    /// The Rust type.
    type Value;
    /// Reads a value.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self::Value, D::Error>;
    /// Writes a value.
    fn write<S: Serializer>(value: &Self::Value, serializer: S) -> Result<S::Ok, S::Error>;
    /// The value of a field that is absent: TDLib's default, or an error in strict reading
    /// and for objects.
    fn missing<E: serde_core::de::Error>(
        object: &'static str,
        field: &'static str,
    ) -> Result<Self::Value, E>;
}

/// The value read for a field, or [`Repr::missing`]'s when the key was absent.
#[inline]
pub fn value<R: Repr, E: serde_core::de::Error>(
    read: Option<R::Value>,
    object: &'static str,
    field: &'static str,
) -> Result<R::Value, E> {
    match read {
        Some(value) => Ok(value),
        None => R::missing(object, field),
    }
}

fn missing_field<E: serde_core::de::Error>(object: &str, field: &str) -> E {
    E::custom(format_args!(
        "{object}.{field}: missing field `{field}` of `{object}`"
    ))
}

/// TDLib's default for an absent non-object field, or the error of a strict reading.
fn default_or_missing<T: Default, E: serde_core::de::Error>(
    object: &str,
    field: &str,
) -> Result<T, E> {
    if is_strict() {
        Err(missing_field(object, field))
    } else {
        Ok(T::default())
    }
}

macro_rules! repr {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name;
    };
}

repr!(
    /// `int32`: `i32`, a JSON number.
    Int32
);
repr!(
    /// `int53`: `i64`, a JSON number.
    Int53
);
repr!(
    /// `int64`: `i64`, a JSON string.
    Int64
);
repr!(
    /// `double`: `f64`, a JSON number (never NaN or infinite).
    Double
);
repr!(
    /// `Bool`: `bool`.
    Bool
);
repr!(
    /// `string`: `String`.
    Str
);
repr!(
    /// `bytes`: `Vec<u8>`, standard padded base64.
    Bytes
);

/// A generated struct or enum, through its own `Serialize`/`Deserialize`.
pub struct Obj<T>(std::marker::PhantomData<T>);
/// `vector<T>`: an array of `R`'s values.
pub struct Vector<R>(std::marker::PhantomData<R>);
/// An object field that may be null: `Option`, left out when `None`, `None` when absent.
pub struct Nullable<R>(std::marker::PhantomData<R>);

/// Entering one more nested object: fails past [`MAX_DEPTH`]; the guard leaves it on drop.
pub(crate) struct Depth;

impl Depth {
    pub(crate) fn enter<E: serde_core::de::Error>(object: &str) -> Result<Depth, E> {
        let depth = DEPTH.with(|depth| {
            let next = depth.get() + 1;
            depth.set(next);
            next
        });
        let guard = Depth;
        if depth > MAX_DEPTH {
            return Err(E::custom(format_args!(
                "{object}: objects nested deeper than {MAX_DEPTH}"
            )));
        }
        Ok(guard)
    }
}

impl Drop for Depth {
    fn drop(&mut self) {
        DEPTH.with(|depth| depth.set(depth.get().saturating_sub(1)));
    }
}

macro_rules! primitive_repr {
    ($repr:ty, $value:ty, |$d:ident| $read:expr, |$v:ident, $s:ident| $write:expr) => {
        impl Repr for $repr {
            type Value = $value;
            #[inline]
            fn read<'de, D: Deserializer<'de>>($d: D) -> Result<$value, D::Error> {
                $read
            }
            #[inline]
            fn write<S: Serializer>($v: &$value, $s: S) -> Result<S::Ok, S::Error> {
                $write
            }
            fn missing<E: serde_core::de::Error>(
                object: &'static str,
                field: &'static str,
            ) -> Result<$value, E> {
                default_or_missing(object, field)
            }
        }
    };
}

primitive_repr!(
    Int32,
    i32,
    |d| read::read_int(d, i32::MIN.into(), i32::MAX.into(), "int32").map(|v| v as i32),
    |v, s| s.serialize_i32(*v)
);
primitive_repr!(
    Int53,
    i64,
    |d| read::read_int(d, i64::MIN, i64::MAX, "int53"),
    |v, s| s.serialize_i64(*v)
);
primitive_repr!(
    Int64,
    i64,
    |d| read::read_int(d, i64::MIN, i64::MAX, "int64"),
    |v, s| write::write_int64(*v, s)
);
primitive_repr!(Double, f64, |d| read::read_double(d), |v, s| {
    write::write_double(*v, s)
});
primitive_repr!(Bool, bool, |d| read::read_bool(d), |v, s| s
    .serialize_bool(*v));
primitive_repr!(Str, String, |d| read::read_string(d), |v, s| s
    .serialize_str(v));
primitive_repr!(Bytes, Vec<u8>, |d| read::read_bytes(d), |v, s| {
    write::write_bytes(v, s)
});

impl<R: Repr> Repr for Vector<R> {
    type Value = Vec<R::Value>;
    #[inline]
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self::Value, D::Error> {
        read::read_vector::<R, D>(deserializer)
    }
    #[inline]
    fn write<S: Serializer>(value: &Self::Value, serializer: S) -> Result<S::Ok, S::Error> {
        write::write_vector::<R, S>(value, serializer)
    }
    fn missing<E: serde_core::de::Error>(
        object: &'static str,
        field: &'static str,
    ) -> Result<Self::Value, E> {
        default_or_missing(object, field)
    }
}

impl<T: Serialize + for<'de> Deserialize<'de>> Repr for Obj<T> {
    type Value = T;
    #[inline]
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
    #[inline]
    fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
    fn missing<E: serde_core::de::Error>(
        object: &'static str,
        field: &'static str,
    ) -> Result<T, E> {
        // TDLib would read a null object here; the types say it is never null.
        Err(missing_field(object, field))
    }
}

impl<R: Repr> Repr for Nullable<R> {
    type Value = Option<R::Value>;
    #[inline]
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self::Value, D::Error> {
        read::read_nullable::<R, D>(deserializer)
    }
    #[inline]
    fn write<S: Serializer>(value: &Self::Value, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => R::write(value, serializer),
            None => serializer.serialize_none(),
        }
    }
    fn missing<E: serde_core::de::Error>(
        _object: &'static str,
        _field: &'static str,
    ) -> Result<Self::Value, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests;
