//! serde representations for TL values whose natural JSON form loses or hides data (feature
//! `serde`): `long` as a decimal string (JSON numbers are doubles in most readers and lose
//! precision past 2^53), `bytes` as `{"hex": "…"}`, `int128`/`int256` as hex strings. Other types
//! use their ordinary serde form. Generated code points fields at [`serialize`]/[`deserialize`]
//! only where the field's type contains one of these.
//!
//! In formats that are not human-readable (bincode and the like) the plain forms are used.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A TL value with a representation of its own.
pub trait TlSerde: Sized {
    /// Writes the value.
    fn tl_serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads the value.
    fn tl_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// `#[serde(serialize_with = "…")]` entry point.
pub fn serialize<T: TlSerde, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.tl_serialize(serializer)
}

/// `#[serde(deserialize_with = "…")]` entry point.
pub fn deserialize<'de, T: TlSerde, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::tl_deserialize(deserializer)
}

/// `#[serde(skip_serializing_if = "…")]` of the fields keeping unknown flag bits: they appear
/// in the serialized form only when some bit is set.
#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes a reference.
pub fn is_zero(bits: &u32) -> bool {
    *bits == 0
}

fn to_hex(bytes: &[u8]) -> String {
    let digit = |nibble: u8| char::from_digit(u32::from(nibble), 16).unwrap_or('0');
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(digit(b >> 4));
        out.push(digit(b & 15));
    }
    out
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| {
        char::from(c)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let text = text.as_bytes();
    if text.len() % 2 != 0 {
        return None;
    }
    text.chunks_exact(2)
        .map(|pair| match pair {
            [high, low] => Some(digit(*high)? << 4 | digit(*low)?),
            _ => None,
        })
        .collect()
}

impl TlSerde for i64 {
    fn tl_serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_i64(*self)
        }
    }

    fn tl_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            #[derive(Deserialize)]
            #[serde(untagged)]
            enum Long<'a> {
                Text(&'a str),
                Owned(String),
                Number(i64),
            }
            match Long::deserialize(deserializer)? {
                Long::Text(text) => text.parse().map_err(D::Error::custom),
                Long::Owned(text) => text.parse().map_err(D::Error::custom),
                Long::Number(n) => Ok(n),
            }
        } else {
            i64::deserialize(deserializer)
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Hex {
    hex: String,
}

impl TlSerde for Vec<u8> {
    fn tl_serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            Hex { hex: to_hex(self) }.serialize(serializer)
        } else {
            serializer.serialize_bytes(self)
        }
    }

    fn tl_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let Hex { hex } = Hex::deserialize(deserializer)?;
            from_hex(&hex).ok_or_else(|| D::Error::custom("invalid hex in bytes"))
        } else {
            Vec::<u8>::deserialize(deserializer)
        }
    }
}

impl<const N: usize> TlSerde for [u8; N] {
    fn tl_serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&to_hex(self))
        } else {
            serializer.serialize_bytes(self)
        }
    }

    fn tl_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes = if deserializer.is_human_readable() {
            let text = String::deserialize(deserializer)?;
            from_hex(&text).ok_or_else(|| D::Error::custom("invalid hex"))?
        } else {
            Vec::<u8>::deserialize(deserializer)?
        };
        <[u8; N]>::try_from(bytes)
            .map_err(|b| D::Error::custom(format!("expected {N} bytes, got {}", b.len())))
    }
}

impl<T: TlSerde> TlSerde for Option<T> {
    fn tl_serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&With(value)),
            None => serializer.serialize_none(),
        }
    }

    fn tl_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<Owned<T>>::deserialize(deserializer)?.map(|owned| owned.0))
    }
}

impl<T: TlSerde> TlSerde for Vec<T> {
    fn tl_serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(With))
    }

    fn tl_deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<Owned<T>>::deserialize(deserializer)?
            .into_iter()
            .map(|owned| owned.0)
            .collect())
    }
}

/// Borrows a value to serialize it through [`TlSerde`].
struct With<'a, T>(&'a T);

impl<T: TlSerde> Serialize for With<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.tl_serialize(serializer)
    }
}

/// Deserializes a value through [`TlSerde`].
struct Owned<T>(T);

impl<'de, T: TlSerde> Deserialize<'de> for Owned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::tl_deserialize(deserializer).map(Owned)
    }
}

/// `Object` as `{"hex": …}` of its raw bytes.
impl Serialize for crate::Object {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.tl_serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for crate::Object {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<u8>::tl_deserialize(deserializer).map(crate::Object)
    }
}

#[cfg(test)]
mod tests {
    use super::{from_hex, to_hex};

    #[test]
    fn hex_round_trips() {
        assert_eq!(to_hex(&[0, 0xab, 0xff]), "00abff");
        assert_eq!(from_hex("00ABff"), Some(vec![0, 0xab, 0xff]));
        assert_eq!(from_hex("0"), None);
        assert_eq!(from_hex("zz"), None);
    }
}
