//! Reading TDLib's JSON: objects field by field as they come, boxed types dispatched on `@type`
//! as soon as it is read (TDLib writes it first), primitives in TDLib's forms.

use std::fmt;
use std::marker::PhantomData;

use serde_core::de::{
    self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::{Depth, Object, ReadFields, Repr, Unknown, Variants, is_strict};

/// The [`DeserializeSeed`] of a field's value in representation `R`.
pub struct Read<R>(PhantomData<R>);

impl<R> Read<R> {
    /// The seed.
    #[inline]
    pub fn new() -> Self {
        Read(PhantomData)
    }
}

impl<R> Default for Read<R> {
    fn default() -> Self {
        Read::new()
    }
}

impl<'de, R: Repr> DeserializeSeed<'de> for Read<R> {
    type Value = R::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<R::Value, D::Error> {
        R::read(deserializer)
    }
}

/// What a key of an object is: a field (its index), `@type`, a key TDLib adds to answers
/// (`@extra`, `@client_id`), or one the object does not have.
const TYPE_KEY: usize = usize::MAX;
const META_KEY: usize = usize::MAX - 1;
const UNKNOWN_KEY: usize = usize::MAX - 2;

struct KeySeed {
    fields: &'static [&'static str],
    object: &'static str,
    /// The field expected next: TDLib writes them in schema order.
    hint: usize,
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = usize;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a key of `{}`", self.object)
    }

    #[inline]
    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        if self.fields.get(self.hint) == Some(&key) {
            return Ok(self.hint);
        }
        if let Some(index) = self.fields.iter().position(|field| *field == key) {
            return Ok(index);
        }
        match key {
            "@type" => Ok(TYPE_KEY),
            "@extra" | "@client_id" => Ok(META_KEY),
            _ if is_strict() => Err(E::custom(format_args!(
                "{}: unknown field `{key}` of `{}`",
                self.object, self.object
            ))),
            _ => Ok(UNKNOWN_KEY),
        }
    }
}

/// A string as read: borrowed from the input when it can be.
pub(crate) enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Text::Borrowed(text) => text,
            Text::Owned(text) => text,
        }
    }
}

impl<'de> de::Deserialize<'de> for Text<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Text<'de>, E> {
                Ok(Text::Borrowed(text))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text<'de>, E> {
                Ok(Text::Owned(text.to_owned()))
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<Text<'de>, E> {
                Ok(Text::Owned(text))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

/// Removes serde_json's " at line N column M" from an inner error's message: the outer error
/// gets the position again.
fn without_position(message: &str) -> &str {
    if let Some(at) = message.rfind(" at line ") {
        let rest = &message[at + " at line ".len()..];
        let mut words = rest.split(' ');
        let is_position = matches!(
            (words.next(), words.next(), words.next(), words.next()),
            (Some(line), Some("column"), Some(column), None)
                if line.bytes().all(|b| b.is_ascii_digit())
                    && column.bytes().all(|b| b.is_ascii_digit())
        );
        if is_position {
            return &message[..at];
        }
    }
    message
}

/// Reads the keys of an object until its end: `read(map, index)` reads the value of field
/// `index` of `T::FIELDS`; `@type` is checked (strictly) or skipped, TDLib's `@extra` and
/// `@client_id` are skipped, unknown keys skipped (or refused, strictly). An error reading a
/// field names the object and the field.
#[inline]
pub fn fields<'de, T: Object, A: MapAccess<'de>>(
    map: &mut A,
    mut read: impl FnMut(&mut A, usize) -> Result<(), A::Error>,
) -> Result<(), A::Error> {
    let mut hint = 0;
    while let Some(key) = map.next_key_seed(KeySeed {
        fields: T::FIELDS,
        object: T::TYPE,
        hint,
    })? {
        if let Some(field) = T::FIELDS.get(key) {
            hint = key + 1;
            if let Err(error) = read(map, key) {
                return Err(de::Error::custom(format_args!(
                    "{}.{field}: {}",
                    T::TYPE,
                    without_position(&error.to_string())
                )));
            }
        } else if key == TYPE_KEY {
            let name: Text<'de> = map.next_value()?;
            if *name != *T::TYPE && is_strict() {
                return Err(de::Error::custom(format_args!(
                    "{}: `@type` is `{}`, expected `{}`",
                    T::TYPE,
                    &*name,
                    T::TYPE
                )));
            }
        } else {
            map.next_value::<IgnoredAny>()?;
        }
    }
    Ok(())
}

/// The `Deserialize` of a generated struct: an object with the struct's fields (`@type`
/// anywhere, or left out as TDLib allows for a constructor named in lowercase).
#[inline]
pub fn read_object<'de, T: ReadFields, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(PhantomData<T>);
    impl<'de, T: ReadFields> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a `{}` object", T::TYPE)
        }
        #[inline]
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let _depth = Depth::enter::<A::Error>(T::TYPE)?;
            T::read_fields(&mut map)
        }
    }
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// One arm of a generated `Variants::read_variant`: the constructor's fields, wrapped in its
/// variant. A call per arm keeps each constructor's value in this frame, not in the enum's
/// decoder, whose frame would otherwise hold a slot per constructor in a debug build (td_api's
/// `Update` has hundreds: megabytes of stack per nesting level).
#[inline]
pub fn variant<'de, T: ReadFields, E, A: MapAccess<'de>>(
    map: &mut A,
    wrap: fn(T) -> E,
) -> Result<E, A::Error> {
    T::read_fields(map).map(wrap)
}

/// [`variant`] for a variant that holds its value in a `Box`.
#[inline]
pub fn boxed_variant<'de, T: ReadFields, E, A: MapAccess<'de>>(
    map: &mut A,
    wrap: fn(Box<T>) -> E,
) -> Result<E, A::Error> {
    T::read_fields(map).map(|value| wrap(Box::new(value)))
}

/// The `Deserialize` of a generated enum: dispatched on `@type` as soon as it is read; when
/// it is not the first key, the object is read whole first (slower, and never what TDLib
/// writes). An unknown `@type` gives [`Variants::unknown`] (refused when strict).
#[inline]
pub fn read_variants<'de, E: Variants, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    deserializer.deserialize_map(VariantsVisitor(PhantomData))
}

struct VariantsVisitor<E>(PhantomData<E>);

/// The first key of an object: `@type` or another (kept, for the slow path).
struct FirstKey;

impl<'de> DeserializeSeed<'de> for FirstKey {
    type Value = Option<String>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for FirstKey {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<String>, E> {
        Ok((key != "@type").then(|| key.to_owned()))
    }
}

impl<'de, E: Variants> Visitor<'de> for VariantsVisitor<E> {
    type Value = E;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object of type `{}` with its `@type`", E::TYPE)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<E, A::Error> {
        let depth = Depth::enter::<A::Error>(E::TYPE)?;
        match map.next_key_seed(FirstKey)? {
            Some(None) => {
                let name: Text<'de> = map.next_value()?;
                dispatch(&name, &mut map)
            }
            Some(Some(first)) => {
                // The object is read again from its text, and counted again there.
                drop(depth);
                reordered::<E, A>(first, map)
            }
            None => Err(de::Error::custom(format_args!(
                "{}: an object without `@type`",
                E::TYPE
            ))),
        }
    }
}

/// The rest of an object whose `@type` is `name`.
fn dispatch<'de, E: Variants, A: MapAccess<'de>>(name: &str, map: &mut A) -> Result<E, A::Error> {
    if let Some(value) = E::read_variant(name, map)? {
        return Ok(value);
    }
    if is_strict() {
        return Err(de::Error::custom(format_args!(
            "{}: unknown `@type` `{name}`",
            E::TYPE
        )));
    }
    let mut fields = serde_json::Map::new();
    while let Some(key) = map.next_key::<String>()? {
        let value: serde_json::Value = map.next_value()?;
        fields.insert(key, value);
    }
    // A second `@type` is left out: written back, it would rename the object.
    let rest = fields.iter().filter(|(key, _)| *key != "@type");
    let json = object_text(&serde_json::Value::from(name), rest).map_err(de::Error::custom)?;
    Ok(E::unknown(Unknown::new(name, json)))
}

/// The slow path: an object whose first key is not `@type`. Its entries are read into JSON
/// values and written again with `@type` first, in this object and in every object inside it,
/// and that text is read (through serde_json's string reader, the one `serde_json::from_str`
/// uses: no other decoder is instantiated). The objects inside never take the slow path again:
/// a chain of objects with `@type` last is copied once, not once per level.
#[cold]
fn reordered<'de, E: Variants, A: MapAccess<'de>>(
    first: String,
    mut map: A,
) -> Result<E, A::Error> {
    let mut entries = vec![(first, map.next_value::<serde_json::Value>()?)];
    while let Some(key) = map.next_key::<String>()? {
        let value: serde_json::Value = map.next_value()?;
        entries.push((key, value));
    }
    let Some(at) = entries.iter().position(|(key, _)| key == "@type") else {
        return Err(de::Error::custom(format_args!(
            "{}: an object without `@type`",
            E::TYPE
        )));
    };
    let (_, name) = entries.remove(at);
    if !name.is_string() {
        return Err(de::Error::custom(format_args!(
            "{}: `@type` is not a string",
            E::TYPE
        )));
    }
    let rest = entries.iter().map(|(key, value)| (key, value));
    let text = object_text(&name, rest).map_err(de::Error::custom)?;
    drop(entries);
    read_variants::<E, _>(&mut serde_json::Deserializer::from_str(&text))
        .map_err(|error| de::Error::custom(without_position(&error.to_string())))
}

/// `{"@type":name,key:value,…}`, with `@type` first in every object inside too
/// ([`write_type_first`]).
pub(crate) fn object_text<'v>(
    name: &serde_json::Value,
    rest: impl Iterator<Item = (&'v String, &'v serde_json::Value)>,
) -> Result<String, String> {
    let mut text = Vec::from(&b"{\"@type\":"[..]);
    let write = |text: &mut Vec<u8>| -> serde_json::Result<()> {
        serde_json::to_writer(&mut *text, name)?;
        for (key, value) in rest {
            text.push(b',');
            serde_json::to_writer(&mut *text, key)?;
            text.push(b':');
            write_type_first(value, text)?;
        }
        Ok(())
    };
    write(&mut text).map_err(|error| error.to_string())?;
    text.push(b'}');
    String::from_utf8(text).map_err(|error| error.to_string())
}

/// Writes `value` as JSON with `@type` first in every object. (serde_json's `Map` keeps its
/// keys sorted, and keys such as `!` or `0` sort before `@type`.) The recursion is as deep as
/// the value, which serde_json read within its limit of 128 levels.
fn write_type_first(value: &serde_json::Value, text: &mut Vec<u8>) -> serde_json::Result<()> {
    match value {
        serde_json::Value::Object(map) => {
            text.push(b'{');
            let typed = map.get_key_value("@type");
            let rest = map.iter().filter(|(key, _)| *key != "@type");
            for (index, (key, value)) in typed.into_iter().chain(rest).enumerate() {
                if index > 0 {
                    text.push(b',');
                }
                serde_json::to_writer(&mut *text, key)?;
                text.push(b':');
                write_type_first(value, text)?;
            }
            text.push(b'}');
        }
        serde_json::Value::Array(items) => {
            text.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    text.push(b',');
                }
                write_type_first(item, text)?;
            }
            text.push(b']');
        }
        scalar => serde_json::to_writer(&mut *text, scalar)?,
    }
    Ok(())
}

/// An integer as TDLib reads one: a JSON number, or a string holding exactly the integer
/// (no sign `+`, no leading zeros, no fraction or exponent), within `min..=max`.
struct IntVisitor {
    min: i64,
    max: i64,
    what: &'static str,
}

impl IntVisitor {
    fn check<E: de::Error>(&self, value: i64) -> Result<i64, E> {
        if value < self.min || value > self.max {
            return Err(E::custom(format_args!(
                "{value} is out of the range of {}",
                self.what
            )));
        }
        Ok(value)
    }
}

/// The integer a string holds, as TDLib's `to_integer_safe` accepts it.
fn parse_exact_integer(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || (digits.len() > 1 && digits.starts_with('0'))
    {
        return None;
    }
    text.parse().ok()
}

impl Visitor<'_> for IntVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (a number or a string of it)", self.what)
    }

    #[inline]
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
        self.check(value)
    }

    #[inline]
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
        let value = i64::try_from(value)
            .map_err(|_| E::custom(format_args!("{value} is out of the range of {}", self.what)))?;
        self.check(value)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<i64, E> {
        match parse_exact_integer(text) {
            Some(value) => self.check(value),
            None => Err(E::invalid_value(de::Unexpected::Str(text), &self)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<i64, E> {
        null_default(&self)
    }
}

/// `null` for a non-object value: its default (TDLib's reading), refused when strict.
fn null_default<T: Default, E: de::Error>(expected: &dyn de::Expected) -> Result<T, E> {
    if is_strict() {
        Err(E::invalid_type(de::Unexpected::Unit, expected))
    } else {
        Ok(T::default())
    }
}

pub(crate) fn read_int<'de, D: Deserializer<'de>>(
    deserializer: D,
    min: i64,
    max: i64,
    what: &'static str,
) -> Result<i64, D::Error> {
    deserializer.deserialize_any(IntVisitor { min, max, what })
}

pub(crate) fn read_double<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    struct DoubleVisitor;
    impl Visitor<'_> for DoubleVisitor {
        type Value = f64;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number")
        }
        fn visit_f64<E: de::Error>(self, value: f64) -> Result<f64, E> {
            Ok(value)
        }
        #[allow(clippy::cast_precision_loss)] // JSON numbers are doubles to TDLib too.
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<f64, E> {
            Ok(value as f64)
        }
        #[allow(clippy::cast_precision_loss)]
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<f64, E> {
            Ok(value as f64)
        }
        fn visit_unit<E: de::Error>(self) -> Result<f64, E> {
            null_default(&self)
        }
    }
    deserializer.deserialize_any(DoubleVisitor)
}

pub(crate) fn read_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    struct BoolVisitor;
    impl Visitor<'_> for BoolVisitor {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("true or false")
        }
        fn visit_bool<E: de::Error>(self, value: bool) -> Result<bool, E> {
            Ok(value)
        }
        // TDLib reads anything that parses as an int32 as a Bool (nonzero is true).
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<bool, E> {
            self.int(value)
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<bool, E> {
            self.int(i64::try_from(value).unwrap_or(i64::MAX))
        }
        fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
            null_default(&self)
        }
    }
    impl BoolVisitor {
        fn int<E: de::Error>(self, value: i64) -> Result<bool, E> {
            if is_strict() || i32::try_from(value).is_err() {
                return Err(E::invalid_type(de::Unexpected::Signed(value), &self));
            }
            Ok(value != 0)
        }
    }
    deserializer.deserialize_any(BoolVisitor)
}

pub(crate) fn read_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct StringVisitor;
    impl Visitor<'_> for StringVisitor {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
            Ok(text.to_owned())
        }
        fn visit_string<E: de::Error>(self, text: String) -> Result<String, E> {
            Ok(text)
        }
        fn visit_unit<E: de::Error>(self) -> Result<String, E> {
            null_default(&self)
        }
    }
    deserializer.deserialize_any(StringVisitor)
}

pub(crate) fn read_bytes<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    struct BytesVisitor;
    impl Visitor<'_> for BytesVisitor {
        type Value = Vec<u8>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a base64 string")
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Vec<u8>, E> {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|error| E::custom(format_args!("invalid base64: {error}")))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Vec<u8>, E> {
            null_default(&self)
        }
    }
    deserializer.deserialize_any(BytesVisitor)
}

pub(crate) fn read_vector<'de, R: Repr, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<R::Value>, D::Error> {
    struct VectorVisitor<R>(PhantomData<R>);
    impl<'de, R: Repr> Visitor<'de> for VectorVisitor<R> {
        type Value = Vec<R::Value>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            // At most 4096 items ahead of the input: allocation stays bounded by what is read.
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(item) = seq.next_element_seed(Read::<R>::new())? {
                items.push(item);
            }
            Ok(items)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            null_default(&self)
        }
    }
    deserializer.deserialize_any(VectorVisitor::<R>(PhantomData))
}

pub(crate) fn read_nullable<'de, R: Repr, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<R::Value>, D::Error> {
    struct NullableVisitor<R>(PhantomData<R>);
    impl<'de, R: Repr> Visitor<'de> for NullableVisitor<R> {
        type Value = Option<R::Value>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            R::read(deserializer).map(Some)
        }
    }
    deserializer.deserialize_option(NullableVisitor::<R>(PhantomData))
}
