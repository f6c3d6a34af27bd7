//! Writing TDLib's JSON: `@type` first, then the fields in schema order, `None` left out.

use std::marker::PhantomData;

use serde_core::Serialize;
use serde_core::ser::{Error as _, SerializeMap, SerializeSeq, Serializer};

use super::{Object, Repr};

/// A field's value written in representation `R` (`Write::<Int64>::new(&id)` is a string).
pub struct Write<'a, R: Repr>(&'a R::Value, PhantomData<R>);

impl<'a, R: Repr> Write<'a, R> {
    /// Writes `value`.
    #[inline]
    pub fn new(value: &'a R::Value) -> Self {
        Write(value, PhantomData)
    }
}

impl<R: Repr> Serialize for Write<'_, R> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        R::write(self.0, serializer)
    }
}

/// The `Serialize` of a generated struct: `{"@type": T::TYPE, fields…}`.
#[inline]
pub fn write_object<T: Object, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    map.serialize_entry("@type", T::TYPE)?;
    value.write_fields(&mut map)?;
    map.end()
}

pub(crate) fn write_int64<S: Serializer>(value: i64, serializer: S) -> Result<S::Ok, S::Error> {
    // A string, as TDLib writes int64 (JSON readers lose precision past 2^53).
    let mut buffer = itoa::Buffer::new();
    serializer.serialize_str(buffer.format(value))
}

pub(crate) fn write_double<S: Serializer>(value: f64, serializer: S) -> Result<S::Ok, S::Error> {
    if !value.is_finite() {
        return Err(S::Error::custom(format_args!(
            "{value} is not a JSON number (TDLib's `double` must be finite)"
        )));
    }
    serializer.serialize_f64(value)
}

pub(crate) fn write_bytes<S: Serializer>(value: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    let text =
        base64::display::Base64Display::new(value, &base64::engine::general_purpose::STANDARD);
    serializer.collect_str(&text)
}

pub(crate) fn write_vector<R: Repr, S: Serializer>(
    items: &[R::Value],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(items.len()))?;
    for item in items {
        seq.serialize_element(&Write::<R>::new(item))?;
    }
    seq.end()
}
