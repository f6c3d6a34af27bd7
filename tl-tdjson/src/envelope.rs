//! What the receiver reads of every object TDLib sends before handing it on: its `@type`, the
//! `@extra` that ties an answer to its request, the `@client_id`, and, for
//! `updateAuthorizationState`, the state's `@type` (a closed client is forgotten). Everything
//! else is skipped unread; the request's future or the update stream decodes the object.

use std::fmt;

use serde_core::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

/// The `@type` of the update that ends a client (td_api.tl: "TDLib client is in its final
/// state. All databases are closed and all resources are released. No other updates will be
/// received after this").
pub(crate) const UPDATE_AUTHORIZATION_STATE: &str = "updateAuthorizationState";
pub(crate) const AUTHORIZATION_STATE_CLOSED: &str = "authorizationStateClosed";

#[derive(Debug, Default, PartialEq)]
pub(crate) struct Envelope {
    pub(crate) type_name: String,
    /// `@extra` when it is a number this crate could have sent (it sends only those).
    pub(crate) extra: Option<u64>,
    pub(crate) client_id: Option<i32>,
    /// The `@type` of the object under `authorization_state`, if any.
    pub(crate) authorization_state: Option<String>,
}

impl Envelope {
    pub(crate) fn read(text: &str) -> Result<Envelope, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The closing update of its client.
    pub(crate) fn closes_client(&self) -> bool {
        self.type_name == UPDATE_AUTHORIZATION_STATE
            && self.authorization_state.as_deref() == Some(AUTHORIZATION_STATE_CLOSED)
    }

    /// What can still be found in text that is not JSON: `"@extra":N` and `"@client_id":N`
    /// (TDLib writes them as the last keys, so they survive in a truncated answer only by
    /// luck; when they do, the request gets its error instead of waiting forever).
    pub(crate) fn salvage(text: &str) -> Envelope {
        Envelope {
            type_name: String::new(),
            extra: number_after(text, "\"@extra\":"),
            client_id: number_after(text, "\"@client_id\":").and_then(|id| i32::try_from(id).ok()),
            authorization_state: None,
        }
    }
}

fn number_after(text: &str, key: &str) -> Option<u64> {
    let at = text.rfind(key)? + key.len();
    let rest = text[at..].trim_start();
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

enum Key {
    Type,
    Extra,
    ClientId,
    AuthorizationState,
    Other,
}

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "@type" => Key::Type,
                    "@extra" => Key::Extra,
                    "@client_id" => Key::ClientId,
                    "authorization_state" => Key::AuthorizationState,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

impl<'de> de::Deserialize<'de> for Envelope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EnvelopeVisitor;
        impl<'de> Visitor<'de> for EnvelopeVisitor {
            type Value = Envelope;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a TDLib object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Envelope, A::Error> {
                let mut envelope = Envelope::default();
                let mut type_seen = false;
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::Type => {
                            envelope.type_name = map.next_value()?;
                            type_seen = true;
                        }
                        Key::Extra => {
                            let extra: serde_json::Value = map.next_value()?;
                            envelope.extra = extra.as_u64();
                        }
                        Key::ClientId => {
                            let id: serde_json::Value = map.next_value()?;
                            envelope.client_id = id.as_i64().and_then(|id| i32::try_from(id).ok());
                        }
                        Key::AuthorizationState => {
                            envelope.authorization_state = map.next_value::<TypeOnly>()?.0;
                        }
                        Key::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                if !type_seen {
                    return Err(de::Error::missing_field("@type"));
                }
                Ok(envelope)
            }
        }
        deserializer.deserialize_map(EnvelopeVisitor)
    }
}

/// The `@type` of a value, if it is an object that has one.
struct TypeOnly(Option<String>);

impl<'de> de::Deserialize<'de> for TypeOnly {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TypeVisitor;
        impl<'de> Visitor<'de> for TypeVisitor {
            type Value = TypeOnly;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TypeOnly, A::Error> {
                let mut name = None;
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::Type if name.is_none() => name = map.next_value::<Option<String>>()?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(TypeOnly(name))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<TypeOnly, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(TypeOnly(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<TypeOnly, E> {
                Ok(TypeOnly(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<TypeOnly, E> {
                Ok(TypeOnly(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<TypeOnly, E> {
                Ok(TypeOnly(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<TypeOnly, E> {
                Ok(TypeOnly(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<TypeOnly, E> {
                Ok(TypeOnly(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<TypeOnly, E> {
                Ok(TypeOnly(None))
            }
        }
        deserializer.deserialize_any(TypeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_routing_needs_and_skips_the_rest() {
        let text = r#"{"@type":"updateAuthorizationState","authorization_state":{"@type":"authorizationStateClosed"},"x":[1,{"a":null}],"@client_id":3}"#;
        let envelope = Envelope::read(text).unwrap();
        assert_eq!(envelope.type_name, "updateAuthorizationState");
        assert_eq!(envelope.client_id, Some(3));
        assert_eq!(envelope.extra, None);
        assert!(envelope.closes_client());
        let answer =
            Envelope::read(r#"{"@type":"testInt","value":49,"@extra":17,"@client_id":1}"#).unwrap();
        assert_eq!((answer.extra, answer.client_id), (Some(17), Some(1)));
        assert!(!answer.closes_client());
    }

    #[test]
    fn an_extra_this_crate_did_not_send_is_none() {
        for extra in [r#""17""#, "-1", "1.5", "{}", "[1]", "null"] {
            let text = format!(r#"{{"@type":"ok","@extra":{extra},"@client_id":1}}"#);
            assert_eq!(Envelope::read(&text).unwrap().extra, None, "{text}");
        }
    }

    #[test]
    fn not_an_object_or_no_type_is_an_error() {
        for text in ["", "[]", "1", "{", r#"{"@extra":1}"#, r#"{"@type":1}"#] {
            assert!(Envelope::read(text).is_err(), "{text}");
        }
    }

    #[test]
    fn salvage_finds_extra_and_client_id_in_broken_text() {
        let envelope =
            Envelope::salvage(r#"{"@type":"testInt","value":[,"@extra": 42,"@client_id":7}"#);
        assert_eq!((envelope.extra, envelope.client_id), (Some(42), Some(7)));
        assert_eq!(Envelope::salvage("garbage").extra, None);
        assert_eq!(
            Envelope::salvage(r#""@client_id":99999999999"#).client_id,
            None
        );
    }
}
