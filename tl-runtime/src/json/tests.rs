//! The codec on hand-written types shaped like generated ones (issue 36, item 6): TDLib's forms
//! of each primitive, lenient and strict reading, `@type` anywhere, unknown constructors, the
//! depth limit, and errors that name the object and the field. Hostile input never panics.

use serde_core::de::MapAccess;
use serde_core::{Deserialize, Deserializer, Serialize, Serializer};

use super::*;

/// One field of every primitive representation: `prims a:int32 b:int53 c:int64 d:double e:Bool
/// f:string g:bytes h:vector<int64> = Node;`.
#[derive(Debug, Clone, PartialEq, Default)]
struct Prims {
    a: i32,
    b: i64,
    c: i64,
    d: f64,
    e: bool,
    f: String,
    g: Vec<u8>,
    h: Vec<i64>,
}

impl Object for Prims {
    const TYPE: &'static str = "prims";
    const FIELDS: &'static [&'static str] = &["a", "b", "c", "d", "e", "f", "g", "h"];

    fn write_fields<S: serde_core::ser::SerializeMap>(&self, map: &mut S) -> Result<(), S::Error> {
        map.serialize_entry("a", &Write::<Int32>::new(&self.a))?;
        map.serialize_entry("b", &Write::<Int53>::new(&self.b))?;
        map.serialize_entry("c", &Write::<Int64>::new(&self.c))?;
        map.serialize_entry("d", &Write::<Double>::new(&self.d))?;
        map.serialize_entry("e", &Write::<Bool>::new(&self.e))?;
        map.serialize_entry("f", &Write::<Str>::new(&self.f))?;
        map.serialize_entry("g", &Write::<Bytes>::new(&self.g))?;
        map.serialize_entry("h", &Write::<Vector<Int64>>::new(&self.h))
    }
}

impl ReadFields for Prims {
    fn read_fields<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error> {
        let (mut a, mut b, mut c, mut d) = (None, None, None, None);
        let (mut e, mut f, mut g, mut h) = (None, None, None, None);
        fields::<Self, A>(map, |map, field| {
            match field {
                0 => a = Some(map.next_value_seed(Read::<Int32>::new())?),
                1 => b = Some(map.next_value_seed(Read::<Int53>::new())?),
                2 => c = Some(map.next_value_seed(Read::<Int64>::new())?),
                3 => d = Some(map.next_value_seed(Read::<Double>::new())?),
                4 => e = Some(map.next_value_seed(Read::<Bool>::new())?),
                5 => f = Some(map.next_value_seed(Read::<Str>::new())?),
                6 => g = Some(map.next_value_seed(Read::<Bytes>::new())?),
                _ => h = Some(map.next_value_seed(Read::<Vector<Int64>>::new())?),
            }
            Ok(())
        })?;
        Ok(Prims {
            a: value::<Int32, A::Error>(a, Self::TYPE, "a")?,
            b: value::<Int53, A::Error>(b, Self::TYPE, "b")?,
            c: value::<Int64, A::Error>(c, Self::TYPE, "c")?,
            d: value::<Double, A::Error>(d, Self::TYPE, "d")?,
            e: value::<Bool, A::Error>(e, Self::TYPE, "e")?,
            f: value::<Str, A::Error>(f, Self::TYPE, "f")?,
            g: value::<Bytes, A::Error>(g, Self::TYPE, "g")?,
            h: value::<Vector<Int64>, A::Error>(h, Self::TYPE, "h")?,
        })
    }
}

/// `wrap inner:Node next:Node items:vector<Node> = Node;`, `next` documented "may be null".
#[derive(Debug, Clone, PartialEq)]
struct Wrap {
    inner: Node,
    next: Option<Node>,
    items: Vec<Node>,
}

impl Object for Wrap {
    const TYPE: &'static str = "wrap";
    const FIELDS: &'static [&'static str] = &["inner", "next", "items"];

    fn write_fields<S: serde_core::ser::SerializeMap>(&self, map: &mut S) -> Result<(), S::Error> {
        map.serialize_entry("inner", &Write::<Obj<Node>>::new(&self.inner))?;
        if self.next.is_some() {
            map.serialize_entry("next", &Write::<Nullable<Obj<Node>>>::new(&self.next))?;
        }
        map.serialize_entry("items", &Write::<Vector<Obj<Node>>>::new(&self.items))
    }
}

impl ReadFields for Wrap {
    fn read_fields<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error> {
        let (mut inner, mut next, mut items) = (None, None, None);
        fields::<Self, A>(map, |map, field| {
            match field {
                0 => inner = Some(map.next_value_seed(Read::<Obj<Node>>::new())?),
                1 => next = Some(map.next_value_seed(Read::<Nullable<Obj<Node>>>::new())?),
                _ => items = Some(map.next_value_seed(Read::<Vector<Obj<Node>>>::new())?),
            }
            Ok(())
        })?;
        Ok(Wrap {
            inner: value::<Obj<Node>, A::Error>(inner, Self::TYPE, "inner")?,
            next: value::<Nullable<Obj<Node>>, A::Error>(next, Self::TYPE, "next")?,
            items: value::<Vector<Obj<Node>>, A::Error>(items, Self::TYPE, "items")?,
        })
    }
}

/// The boxed type `Node`: `prims`, `wrap`, or an unknown constructor.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Prims(Prims),
    Wrap(Box<Wrap>),
    Unknown(Unknown),
}

impl Variants for Node {
    const TYPE: &'static str = "Node";

    fn read_variant<'de, A: MapAccess<'de>>(
        name: &str,
        map: &mut A,
    ) -> Result<Option<Self>, A::Error> {
        Ok(Some(match name {
            "prims" => Node::Prims(ReadFields::read_fields(map)?),
            "wrap" => Node::Wrap(Box::new(ReadFields::read_fields(map)?)),
            _ => return Ok(None),
        }))
    }

    fn unknown(unknown: Unknown) -> Self {
        Node::Unknown(unknown)
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Prims(value) => write_object(value, serializer),
            Node::Wrap(value) => write_object(&**value, serializer),
            Node::Unknown(value) => value.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_variants(deserializer)
    }
}

/// `textEntity offset:int32 length:int32 = TextEntity;` (a bare struct, as a vector's items).
#[derive(Debug, Clone, PartialEq)]
struct TextEntity {
    offset: i32,
    length: i32,
}

impl Object for TextEntity {
    const TYPE: &'static str = "textEntity";
    const FIELDS: &'static [&'static str] = &["offset", "length"];

    fn write_fields<S: serde_core::ser::SerializeMap>(&self, map: &mut S) -> Result<(), S::Error> {
        map.serialize_entry("offset", &Write::<Int32>::new(&self.offset))?;
        map.serialize_entry("length", &Write::<Int32>::new(&self.length))
    }
}

impl ReadFields for TextEntity {
    fn read_fields<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error> {
        let (mut offset, mut length) = (None, None);
        fields::<Self, A>(map, |map, field| {
            if field == 0 {
                offset = Some(map.next_value_seed(Read::<Int32>::new())?);
            } else {
                length = Some(map.next_value_seed(Read::<Int32>::new())?);
            }
            Ok(())
        })?;
        Ok(TextEntity {
            offset: value::<Int32, A::Error>(offset, Self::TYPE, "offset")?,
            length: value::<Int32, A::Error>(length, Self::TYPE, "length")?,
        })
    }
}

impl<'de> Deserialize<'de> for TextEntity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_object(deserializer)
    }
}

impl Serialize for TextEntity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_object(self, serializer)
    }
}

/// `formattedText text:string entities:vector<textEntity> = FormattedText;`.
#[derive(Debug, Clone, PartialEq)]
struct FormattedText {
    text: String,
    entities: Vec<TextEntity>,
}

impl Object for FormattedText {
    const TYPE: &'static str = "formattedText";
    const FIELDS: &'static [&'static str] = &["text", "entities"];

    fn write_fields<S: serde_core::ser::SerializeMap>(&self, map: &mut S) -> Result<(), S::Error> {
        map.serialize_entry("text", &Write::<Str>::new(&self.text))?;
        map.serialize_entry(
            "entities",
            &Write::<Vector<Obj<TextEntity>>>::new(&self.entities),
        )
    }
}

impl ReadFields for FormattedText {
    fn read_fields<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error> {
        let (mut text, mut entities) = (None, None);
        fields::<Self, A>(map, |map, field| {
            if field == 0 {
                text = Some(map.next_value_seed(Read::<Str>::new())?);
            } else {
                entities = Some(map.next_value_seed(Read::<Vector<Obj<TextEntity>>>::new())?);
            }
            Ok(())
        })?;
        Ok(FormattedText {
            text: value::<Str, A::Error>(text, Self::TYPE, "text")?,
            entities: value::<Vector<Obj<TextEntity>>, A::Error>(entities, Self::TYPE, "entities")?,
        })
    }
}

impl<'de> Deserialize<'de> for FormattedText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_object(deserializer)
    }
}

impl Serialize for FormattedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_object(self, serializer)
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers.

fn read<T: for<'de> Deserialize<'de>>(json: &str) -> Result<T, String> {
    serde_json::from_str::<T>(json).map_err(|error| error.to_string())
}

fn read_strict<T: for<'de> Deserialize<'de>>(json: &str) -> Result<T, String> {
    from_str_strict::<T>(json).map_err(|error| error.to_string())
}

/// `prims` with field `key` set to the JSON `value` (the others absent).
fn prims_with(key: &str, value: &str) -> String {
    format!(r#"{{"@type":"prims","{key}":{value}}}"#)
}

/// `{"@type":"prims", …}` with every field present (what TDLib writes).
const FULL: &str = r#"{"@type":"prims","a":-7,"b":9007199254740993,"c":"-9223372036854775808","d":0.5,"e":true,"f":"h\u00e9","g":"AAEC/w==","h":["1","2"]}"#;

fn full() -> Prims {
    Prims {
        a: -7,
        b: 9_007_199_254_740_993,
        c: i64::MIN,
        d: 0.5,
        e: true,
        f: "hé".into(),
        g: vec![0, 1, 2, 255],
        h: vec![1, 2],
    }
}

/// The value of `a` (`int32`) read from `json`.
fn int32(json: &str) -> Result<i32, String> {
    read::<Node>(&prims_with("a", json)).map(|node| match node {
        Node::Prims(prims) => prims.a,
        other => panic!("{other:?}"),
    })
}

/// The value of `c` (`int64`) read from `json`.
fn int64(json: &str) -> Result<i64, String> {
    read::<Node>(&prims_with("c", json)).map(|node| match node {
        Node::Prims(prims) => prims.c,
        other => panic!("{other:?}"),
    })
}

fn prims(json: &str) -> Result<Prims, String> {
    read::<Node>(json).map(|node| match node {
        Node::Prims(prims) => prims,
        other => panic!("{other:?}"),
    })
}

fn prims_strict(json: &str) -> Result<Prims, String> {
    read_strict::<Node>(json).map(|node| match node {
        Node::Prims(prims) => prims,
        other => panic!("{other:?}"),
    })
}

/// `levels` nested `wrap`s around a `prims`, `@type` first or last in every object.
fn nested(levels: usize, type_first: bool) -> String {
    let mut json = String::new();
    for _ in 0..levels {
        json.push_str(if type_first {
            r#"{"@type":"wrap","items":[],"inner":"#
        } else {
            r#"{"items":[],"inner":"#
        });
    }
    json.push_str(r#"{"@type":"prims"}"#);
    for _ in 0..levels {
        json.push_str(if type_first {
            "}"
        } else {
            r#","@type":"wrap"}"#
        });
    }
    json
}

// ---------------------------------------------------------------------------------------------
// Round trip and the written form.

#[test]
fn writes_type_first_int64_as_string_bytes_as_base64() {
    let json = serde_json::to_string(&Node::Prims(full())).unwrap();
    assert_eq!(
        json,
        r#"{"@type":"prims","a":-7,"b":9007199254740993,"c":"-9223372036854775808","d":0.5,"e":true,"f":"hé","g":"AAEC/w==","h":["1","2"]}"#
    );
    assert_eq!(prims(&json).unwrap(), full());
    assert_eq!(prims(FULL).unwrap(), full());
    assert_eq!(prims_strict(FULL).unwrap(), full());
}

#[test]
fn int64_is_written_as_a_string_at_both_ends_of_its_range() {
    for value in [i64::MIN, -1, 0, 1, i64::MAX] {
        let node = Node::Prims(Prims {
            c: value,
            ..Prims::default()
        });
        let json = serde_json::to_string(&node).unwrap();
        assert!(json.contains(&format!(r#""c":"{value}""#)), "{json}");
        assert_eq!(read::<Node>(&json).unwrap(), node);
    }
}

#[test]
fn wrapped_values_round_trip() {
    let node = Node::Wrap(Box::new(Wrap {
        inner: Node::Prims(full()),
        next: Some(Node::Wrap(Box::new(Wrap {
            inner: Node::Prims(Prims::default()),
            next: None,
            items: vec![],
        }))),
        items: vec![Node::Prims(full()), Node::Prims(Prims::default())],
    }));
    let json = serde_json::to_string(&node).unwrap();
    // `None` is left out.
    assert_eq!(json.matches("\"next\"").count(), 1, "{json}");
    assert_eq!(read::<Node>(&json).unwrap(), node);
    assert_eq!(read_strict::<Node>(&json).unwrap(), node);
}

#[test]
fn td_error_round_trips_and_names_its_fields() {
    let error = TdError::new(400, "Bad Request: chat not found");
    let json = serde_json::to_string(&error).unwrap();
    assert_eq!(
        json,
        r#"{"@type":"error","code":400,"message":"Bad Request: chat not found"}"#
    );
    assert_eq!(read::<TdError>(&json).unwrap(), error);
    assert_eq!(
        read::<TdError>(
            r#"{"@type":"error","code":500,"message":"x","@extra":{"a":[1]},"@client_id":1}"#
        )
        .unwrap(),
        TdError::new(500, "x")
    );
    let message = read::<TdError>(r#"{"@type":"error","code":"4x","message":"m"}"#).unwrap_err();
    assert!(message.starts_with("error.code: "), "{message}");
    let message = read::<TdError>(r#"{"@type":"error","code":1,"message":5}"#).unwrap_err();
    assert!(message.starts_with("error.message: "), "{message}");
    let message = read_strict::<TdError>(r#"{"@type":"error","code":1}"#).unwrap_err();
    assert!(
        message.starts_with("error.message: missing field `message` of `error`"),
        "{message}"
    );
    assert_eq!(
        read::<TdError>(r#"{"@type":"error"}"#).unwrap(),
        TdError::new(0, "")
    );
}

// ---------------------------------------------------------------------------------------------
// Integers as TDLib reads them.

#[test]
fn ints_are_numbers_or_strings_of_the_exact_integer() {
    assert_eq!(int32("0"), Ok(0));
    assert_eq!(int32("-2147483648"), Ok(i32::MIN));
    assert_eq!(int32("2147483647"), Ok(i32::MAX));
    assert_eq!(int32(r#""2147483647""#), Ok(i32::MAX));
    assert_eq!(int32(r#""-2147483648""#), Ok(i32::MIN));
    assert_eq!(int32(r#""0""#), Ok(0));
    assert_eq!(int32(r#""-12""#), Ok(-12));
    assert_eq!(int32("null"), Ok(0));
    assert_eq!(int64(r#""9223372036854775807""#), Ok(i64::MAX));
    assert_eq!(int64("9223372036854775807"), Ok(i64::MAX));
    assert_eq!(int64("-9223372036854775808"), Ok(i64::MIN));
    assert_eq!(int64(r#""-9223372036854775808""#), Ok(i64::MIN));
}

#[test]
fn ints_that_are_not_exact_integers_or_out_of_range_are_refused() {
    for json in [
        "1.0",
        "1e3",
        "1E3",
        "-1.5",
        "0.0",
        r#""+1""#,
        r#""01""#,
        r#""-01""#,
        r#""00""#,
        r#""""#,
        r#""-""#,
        r#"" 1""#,
        r#""1 ""#,
        r#""1.0""#,
        r#""1e3""#,
        r#""0x10""#,
        r#""١""#,
        "2147483648",
        "-2147483649",
        r#""2147483648""#,
        r#""-2147483649""#,
        "9223372036854775808",
        "18446744073709551616",
        "1e400",
        "true",
        "[]",
        "{}",
        r#"[1]"#,
    ] {
        let error = int32(json).expect_err(json);
        assert!(error.starts_with("prims.a: "), "{json}: {error}");
    }
    for json in [
        "9223372036854775808",
        "-9223372036854775809",
        r#""9223372036854775808""#,
        r#""-9223372036854775809""#,
        r#""99999999999999999999999""#,
        "1.5",
        r#""+5""#,
        r#""05""#,
    ] {
        let error = int64(json).expect_err(json);
        assert!(error.starts_with("prims.c: "), "{json}: {error}");
    }
    let error = int32("2147483648").unwrap_err();
    assert!(
        error.contains("2147483648 is out of the range of int32"),
        "{error}"
    );
}

#[test]
fn int53_is_written_as_a_number() {
    let node = Node::Prims(Prims {
        b: -(1 << 53),
        ..Prims::default()
    });
    let json = serde_json::to_string(&node).unwrap();
    assert!(json.contains(r#""b":-9007199254740992"#), "{json}");
    assert_eq!(read::<Node>(&json).unwrap(), node);
}

// ---------------------------------------------------------------------------------------------
// Doubles, Bools, strings, bytes.

#[test]
fn doubles_are_numbers_and_must_be_finite_when_written() {
    assert_eq!(prims(&prims_with("d", "3")).unwrap().d, 3.0);
    assert_eq!(prims(&prims_with("d", "-1e-3")).unwrap().d, -1e-3);
    assert_eq!(
        prims(&prims_with("d", "18446744073709551615")).unwrap().d,
        1.8446744073709552e19
    );
    assert_eq!(prims(&prims_with("d", "null")).unwrap().d, 0.0);
    for json in [r#""1.5""#, "true", "[]", "{}", "1e999"] {
        let error = prims(&prims_with("d", json)).expect_err(json);
        assert!(
            error.starts_with("prims.d: ") || json == "1e999",
            "{json}: {error}"
        );
    }
    for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let node = Node::Prims(Prims {
            d: value,
            ..Prims::default()
        });
        let error = serde_json::to_string(&node).unwrap_err().to_string();
        assert!(error.contains("is not a JSON number"), "{error}");
    }
    let node = Node::Prims(Prims {
        d: f64::MIN_POSITIVE,
        ..Prims::default()
    });
    let json = serde_json::to_string(&node).unwrap();
    assert_eq!(read::<Node>(&json).unwrap(), node);
    // serde_json's `float_roundtrip`: without it this reads as …457e20 (one ulp off), and a
    // double (or one kept in an `Unknown`) did not survive a round trip (found by
    // generated/tdlib/tests/hostile_json.rs).
    let text = "-1.0012345678123455e20";
    let d = prims(&prims_with("d", text)).unwrap().d;
    assert_eq!(d, -1.0012345678123455e20);
    assert_eq!(
        serde_json::to_string(&d).unwrap(),
        "-1.0012345678123455e+20"
    );
}

#[test]
fn bools_are_read_from_ints_only_when_lenient() {
    assert!(prims(&prims_with("e", "true")).unwrap().e);
    assert!(!prims(&prims_with("e", "false")).unwrap().e);
    assert!(prims(&prims_with("e", "1")).unwrap().e);
    assert!(prims(&prims_with("e", "-5")).unwrap().e);
    assert!(!prims(&prims_with("e", "0")).unwrap().e);
    assert!(!prims(&prims_with("e", "null")).unwrap().e);
    for json in ["1", "0", "null"] {
        let error = prims_strict(&format!(
            r#"{{"@type":"prims","a":0,"b":0,"c":"0","d":0,"e":{json},"f":"","g":"","h":[]}}"#
        ))
        .expect_err(json);
        assert!(error.starts_with("prims.e: "), "{json}: {error}");
    }
    for json in [
        "2147483648",
        "-2147483649",
        "18446744073709551615",
        "1.0",
        r#""true""#,
        r#""1""#,
        "[]",
    ] {
        let error = prims(&prims_with("e", json)).expect_err(json);
        assert!(error.starts_with("prims.e: "), "{json}: {error}");
    }
}

#[test]
fn strings_are_strings() {
    assert_eq!(
        prims(&prims_with("f", r#""a\"\\\/\b\f\n\r\t\u0000\ud83d\ude00""#))
            .unwrap()
            .f,
        "a\"\\/\u{8}\u{c}\n\r\t\u{0}😀"
    );
    for json in ["1", "true", "[]", "{}", r#""\ud800""#, r#""\x""#] {
        let error = prims(&prims_with("f", json)).expect_err(json);
        assert!(
            error.contains("prims.f") || json.contains('\\'),
            "{json}: {error}"
        );
    }
    // Invalid UTF-8 in the bytes of the input.
    let mut bytes = prims_with("f", "\"ab\"").into_bytes();
    let at = bytes.iter().position(|&b| b == b'b').unwrap();
    bytes[at] = 0xff;
    assert!(serde_json::from_slice::<Node>(&bytes).is_err());
}

#[test]
fn bytes_are_standard_padded_base64() {
    assert_eq!(prims(&prims_with("g", r#""""#)).unwrap().g, b"");
    assert_eq!(prims(&prims_with("g", r#""YQ==""#)).unwrap().g, b"a");
    assert_eq!(prims(&prims_with("g", r#""YWI=""#)).unwrap().g, b"ab");
    assert_eq!(prims(&prims_with("g", r#""YWJj""#)).unwrap().g, b"abc");
    assert_eq!(
        prims(&prims_with("g", r#""+/+/""#)).unwrap().g,
        [0xfb, 0xff, 0xbf]
    );
    assert_eq!(prims(&prims_with("g", "null")).unwrap().g, b"");
    for json in [
        r#""YQ""#,
        r#""YWI""#,
        r#""YQ=""#,
        r#""YQ===""#,
        r#""-_-_""#,
        r#""YW I=""#,
        r#""YWJj\n""#,
        r#""Y""#,
        r#""=""#,
        r#""YR==""#,
        r#""ÿÿÿÿ""#,
        "[1,2]",
        "12",
    ] {
        let error = prims(&prims_with("g", json)).expect_err(json);
        assert!(error.starts_with("prims.g: "), "{json}: {error}");
    }
    let error = prims(&prims_with("g", r#""-_-_""#)).unwrap_err();
    assert!(error.contains("invalid base64"), "{error}");
    // Every length and every byte survives a round trip.
    for len in 0..7 {
        let data: Vec<u8> = (0..len).map(|i| 251 - i * 37).collect();
        let node = Node::Prims(Prims {
            g: data,
            ..Prims::default()
        });
        let json = serde_json::to_string(&node).unwrap();
        assert_eq!(read_strict::<Node>(&json), Ok(node));
    }
}

#[test]
fn vectors_are_arrays() {
    assert_eq!(
        prims(&prims_with("h", r#"[1,"-2",3]"#)).unwrap().h,
        [1, -2, 3]
    );
    assert_eq!(
        prims(&prims_with("h", "null")).unwrap().h,
        Vec::<i64>::new()
    );
    for json in [
        r#""1""#,
        "1",
        "{}",
        r#"[1,"x"]"#,
        "[1,]",
        "[1 2]",
        "[1.5]",
        "[[1]]",
    ] {
        let error = prims(&prims_with("h", json)).expect_err(json);
        assert!(
            error.starts_with("prims.h: ") || json.contains(",]") || json.contains("1 2"),
            "{json}: {error}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Lenient and strict reading.

#[test]
fn missing_fields_default_when_lenient_and_are_refused_when_strict() {
    assert_eq!(prims(r#"{"@type":"prims"}"#).unwrap(), Prims::default());
    for (index, field) in Prims::FIELDS.iter().enumerate() {
        // FULL without `field`.
        let mut value: serde_json::Value = serde_json::from_str(FULL).unwrap();
        value.as_object_mut().unwrap().remove(*field);
        let mut json = String::from(r#"{"@type":"prims""#);
        for (key, value) in value.as_object().unwrap() {
            if key != "@type" {
                json.push_str(&format!(",\"{key}\":{value}"));
            }
        }
        json.push('}');
        let lenient = prims(&json).unwrap();
        assert_ne!(lenient, full(), "{index}");
        let error = prims_strict(&json).unwrap_err();
        assert!(
            error.starts_with(&format!(
                "prims.{field}: missing field `{field}` of `prims`"
            )),
            "{error}"
        );
    }
    // A missing object field is refused in both modes; a nullable one is `None`.
    for json in [r#"{"@type":"wrap"}"#, r#"{"@type":"wrap","items":[]}"#] {
        let error = read::<Node>(json).unwrap_err();
        assert!(
            error.starts_with("wrap.inner: missing field `inner` of `wrap`"),
            "{error}"
        );
        assert!(read_strict::<Node>(json).is_err());
    }
    let json = r#"{"@type":"wrap","inner":{"@type":"prims"}}"#;
    let Node::Wrap(wrap) = read::<Node>(json).unwrap() else {
        panic!()
    };
    assert_eq!(wrap.next, None);
    assert_eq!(wrap.items, []);
    let error = read_strict::<Node>(json).unwrap_err();
    assert!(
        error.contains("wrap.inner: prims.a: missing field"),
        "{error}"
    );
    // A null object where one is required.
    let error = read::<Node>(r#"{"@type":"wrap","inner":null,"items":[]}"#).unwrap_err();
    assert!(error.starts_with("wrap.inner: "), "{error}");
    assert!(read::<Node>(r#"{"@type":"wrap","inner":{"@type":"prims"},"next":null}"#).is_ok());
}

#[test]
fn unknown_keys_are_skipped_when_lenient_and_refused_when_strict() {
    let json = r#"{"@type":"prims","zz":{"deep":[1,{"x":null}]},"a":-7,"b":9007199254740993,"c":"-9223372036854775808","d":0.5,"e":true,"f":"h\u00e9","g":"AAEC/w==","h":["1","2"],"new_field":"x"}"#;
    assert_eq!(prims(json).unwrap(), full());
    let error = prims_strict(json).unwrap_err();
    assert!(
        error.starts_with("prims: unknown field `zz` of `prims`"),
        "{error}"
    );
    // TDLib's `@extra` and `@client_id` are never unknown.
    let json = FULL.replace(
        r#""a":"#,
        r#""@extra":{"request":[1,2]},"@client_id":3,"a":"#,
    );
    assert_eq!(prims_strict(&json).unwrap(), full());
    // A skipped value must still be well-formed JSON.
    assert!(prims(r#"{"@type":"prims","zz":[1,}"#).is_err());
    assert!(prims(r#"{"@type":"prims","zz":tru}"#).is_err());
}

#[test]
fn type_not_first_gives_the_same_value() {
    let first = read::<Node>(FULL).unwrap();
    let last = FULL
        .replace(r#""@type":"prims","#, "")
        .replace('}', r#","@type":"prims"}"#);
    assert!(last.ends_with(r#""@type":"prims"}"#), "{last}");
    assert_eq!(read::<Node>(&last).unwrap(), first);
    assert_eq!(read_strict::<Node>(&last).unwrap(), first);
    let middle = FULL
        .replace(r#""@type":"prims","#, "")
        .replace(r#""e":true,"#, r#""e":true,"@type":"prims","#);
    assert_eq!(read::<Node>(&middle).unwrap(), first);

    let node = Node::Wrap(Box::new(Wrap {
        inner: Node::Prims(full()),
        next: Some(Node::Prims(Prims::default())),
        items: vec![Node::Prims(full())],
    }));
    let json = r#"{"items":[{"a":-7,"b":9007199254740993,"c":"-9223372036854775808","d":0.5,"e":true,"f":"h\u00e9","g":"AAEC/w==","h":["1","2"],"@type":"prims"}],"next":{"@type":"prims"},"inner":{"h":["1","2"],"g":"AAEC/w==","f":"h\u00e9","e":true,"d":0.5,"c":"-9223372036854775808","b":9007199254740993,"a":-7,"@type":"prims"},"@type":"wrap"}"#;
    assert_eq!(read::<Node>(json).unwrap(), node);
    // Strict reading is strict on the slow path too.
    assert!(read_strict::<Node>(json).is_err());

    // Errors on the slow path name the object and field too.
    let error = read::<Node>(r#"{"a":1.5,"@type":"prims"}"#).unwrap_err();
    assert!(error.starts_with("prims.a: "), "{error}");
    let error = read::<Node>(r#"{"a":1}"#).unwrap_err();
    assert!(
        error.starts_with("Node: an object without `@type`"),
        "{error}"
    );
    let error = read::<Node>(r#"{"a":1,"@type":7}"#).unwrap_err();
    assert!(
        error.starts_with("Node: `@type` is not a string"),
        "{error}"
    );
    let error = read::<Node>(r#"{}"#).unwrap_err();
    assert!(
        error.starts_with("Node: an object without `@type`"),
        "{error}"
    );
    assert!(read::<Node>(r#"{"@type":7}"#).is_err());
    assert!(read::<Node>(r#"{"@type":null}"#).is_err());
    // A struct reads its `@type` anywhere, or none.
    let entity = TextEntity {
        offset: 1,
        length: 2,
    };
    for json in [
        r#"{"@type":"textEntity","offset":1,"length":2}"#,
        r#"{"offset":1,"length":2,"@type":"textEntity"}"#,
        r#"{"offset":1,"length":2}"#,
        r#"{"length":2,"offset":1}"#,
    ] {
        assert_eq!(read::<TextEntity>(json), Ok(entity.clone()), "{json}");
        assert_eq!(
            read_strict::<TextEntity>(json),
            Ok(entity.clone()),
            "{json}"
        );
    }
    // A struct's `@type` of another name: ignored when lenient, refused when strict.
    let json = r#"{"@type":"textEntityX","offset":1,"length":2}"#;
    assert_eq!(read::<TextEntity>(json), Ok(entity.clone()));
    let error = read_strict::<TextEntity>(json).unwrap_err();
    assert!(
        error.starts_with("textEntity: `@type` is `textEntityX`, expected `textEntity`"),
        "{error}"
    );
    assert!(read::<TextEntity>(r#"{"@type":1,"offset":1,"length":2}"#).is_err());
}

#[test]
fn unknown_type_is_kept_when_lenient_and_refused_when_strict() {
    let json = r#"{"@type":"prims2","x":[1,{"@type":"y","z":"w"}],"a":null}"#;
    let Node::Unknown(unknown) = read::<Node>(json).unwrap() else {
        panic!()
    };
    assert_eq!(unknown.name(), "prims2");
    let back: serde_json::Value = serde_json::from_str(unknown.json()).unwrap();
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(json).unwrap()
    );
    assert!(unknown.json().starts_with(r#"{"@type":"prims2","#));
    // Written back as its JSON.
    let written = serde_json::to_string(&Node::Unknown(unknown.clone())).unwrap();
    let again: Node = serde_json::from_str(&written).unwrap();
    assert_eq!(again, Node::Unknown(unknown));
    let error = read_strict::<Node>(json).unwrap_err();
    assert!(
        error.starts_with("Node: unknown `@type` `prims2`"),
        "{error}"
    );
    // Nested, on the slow path, and with a name that needs escaping.
    let json = r#"{"items":[{"k":1,"@type":"new\"thing\u0000"}],"inner":{"@type":"prims"},"@type":"wrap"}"#;
    let Node::Wrap(wrap) = read::<Node>(json).unwrap() else {
        panic!()
    };
    let Node::Unknown(unknown) = &wrap.items[0] else {
        panic!()
    };
    assert_eq!(unknown.name(), "new\"thing\u{0}");
    let written = serde_json::to_string(&wrap.items[0]).unwrap();
    assert_eq!(
        serde_json::from_str::<Node>(&written).unwrap(),
        wrap.items[0]
    );
    let error = read_strict::<Node>(json).unwrap_err();
    assert!(
        error.contains("wrap.items: Node: unknown `@type`"),
        "{error}"
    );
    // An unknown constructor's body must still be well-formed.
    assert!(read::<Node>(r#"{"@type":"prims2","x":[1,}"#).is_err());
    assert!(read::<Node>(r#"{"@type":"prims2","x"}"#).is_err());
}

#[test]
fn errors_name_the_objects_and_fields_on_the_way() {
    let json = r#"{"@type":"formattedText","text":"hi","entities":[{"@type":"textEntity","offset":0,"length":2},{"@type":"textEntity","offset":"x","length":2}]}"#;
    let error = read::<FormattedText>(json).unwrap_err();
    assert!(
        error.starts_with("formattedText.entities: textEntity.offset: invalid value: string \"x\""),
        "{error}"
    );
    // Only one position, at the end.
    assert_eq!(error.matches(" at line ").count(), 1, "{error}");
    assert!(error.ends_with("line 1 column 129"), "{error}");

    let json = r#"{"@type":"wrap","inner":{"@type":"wrap","inner":{"@type":"prims","g":"!!"},"items":[]},"items":[]}"#;
    let error = read::<Node>(json).unwrap_err();
    assert!(
        error.starts_with("wrap.inner: wrap.inner: prims.g: invalid base64"),
        "{error}"
    );
    let error = read::<FormattedText>(r#"{"text":"hi","entities":{}}"#).unwrap_err();
    assert!(
        error.starts_with("formattedText.entities: invalid type: map"),
        "{error}"
    );
    let error = read::<FormattedText>(r#"[]"#).unwrap_err();
    assert!(error.contains("a `formattedText` object"), "{error}");
    let error = read::<Node>(r#""wrap""#).unwrap_err();
    assert!(error.contains("an object of type `Node`"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Nesting.

#[test]
fn nesting_up_to_max_depth_is_read_and_deeper_is_refused() {
    let limit = MAX_DEPTH as usize;
    // `limit - 1` wraps around a prims: `limit` objects.
    for type_first in [true, false] {
        let json = nested(limit - 1, type_first);
        let node = read::<Node>(&json).unwrap_or_else(|error| panic!("{type_first}: {error}"));
        let written = serde_json::to_string(&node).unwrap();
        assert_eq!(read::<Node>(&written).unwrap(), node);
        let error = read::<Node>(&nested(limit, type_first)).unwrap_err();
        assert!(
            error.contains(&format!("objects nested deeper than {MAX_DEPTH}")),
            "{type_first}: {error}"
        );
        assert!(error.starts_with("wrap.inner: wrap.inner: "), "{error}");
    }
    // A failed read leaves nothing behind: the next one starts from depth 0 again.
    for _ in 0..3 {
        assert!(read::<Node>(&nested(limit, true)).is_err());
        assert!(read::<Node>(&nested(limit - 1, true)).is_ok());
    }
    // An unknown key's value is skipped without recursion (serde_json's `ignore_value` loops),
    // however deep; unbalanced, it is an error.
    let deep_array = format!(
        r#"{{"@type":"prims","zz":{}1{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert_eq!(prims(&deep_array), Ok(Prims::default()));
    assert!(prims(&deep_array[..deep_array.len() - 2]).is_err());
    // Deeper than serde_json's own limit in an unknown constructor's body, and on the slow path.
    let deep_unknown = format!(
        r#"{{"@type":"other","zz":{}1{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(read::<Node>(&deep_unknown).is_err());
    let deep_object = format!(
        r#"{{"@type":"other","zz":{}1{}}}"#,
        r#"{"a":"#.repeat(10_000),
        "}".repeat(10_000)
    );
    assert!(read::<Node>(&deep_object).is_err());
    let deep_slow = format!(
        r#"{{"zz":{}1{},"@type":"prims"}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(read::<Node>(&deep_slow).is_err());
    // Objects nested in items of arrays: serde_json's limit (128 arrays and objects) comes
    // first.
    let mut json = String::new();
    for _ in 0..limit {
        json.push_str(r#"{"@type":"wrap","inner":{"@type":"prims"},"items":["#);
    }
    json.push_str(r#"{"@type":"prims"}"#);
    json.push_str(&"]}".repeat(limit));
    let error = read::<Node>(&json).unwrap_err();
    assert!(error.contains("recursion limit exceeded"), "{error}");
    assert!(error.starts_with("wrap.items: wrap.items: "), "{error}");
}

#[test]
fn truncations_of_valid_json_are_errors() {
    let node = Node::Wrap(Box::new(Wrap {
        inner: Node::Prims(full()),
        next: Some(Node::Prims(Prims::default())),
        items: vec![Node::Prims(full())],
    }));
    let json = serde_json::to_string(&node).unwrap();
    for end in 0..json.len() {
        if json.is_char_boundary(end) {
            assert!(read::<Node>(&json[..end]).is_err(), "{}", &json[..end]);
            assert!(
                read_strict::<Node>(&json[..end]).is_err(),
                "{}",
                &json[..end]
            );
        }
    }
    // Bytes, cut anywhere (also inside a character).
    for end in 0..json.len() {
        assert!(serde_json::from_slice::<Node>(&json.as_bytes()[..end]).is_err());
    }
}

#[test]
fn strict_reading_is_restored_after_a_panic_and_nests() {
    assert!(!is_strict());
    let result = std::panic::catch_unwind(|| strict(|| panic!("inside")));
    assert!(result.is_err());
    assert!(!is_strict());
    strict(|| {
        assert!(is_strict());
        strict(|| assert!(is_strict()));
        assert!(is_strict());
    });
    assert!(!is_strict());
}

#[test]
fn a_second_type_key_does_not_rename_an_unknown_object() {
    // Found by the mutation test of tlforge-tdlib: the second `@type` was kept in the JSON, and
    // written back the object was read as `x`.
    for json in [
        r#"{"@type":"other","@type":"x","k":1}"#,
        r#"{"k":1,"@type":"other","@type":"x"}"#,
    ] {
        let node = read::<Node>(json).unwrap();
        let Node::Unknown(unknown) = &node else {
            panic!("{node:?}")
        };
        assert_eq!(unknown.name(), "other");
        assert_eq!(unknown.json(), r#"{"@type":"other","k":1}"#);
        let written = serde_json::to_string(&node).unwrap();
        assert_eq!(read::<Node>(&written).unwrap(), node);
    }
}

#[test]
fn type_after_keys_that_sort_before_it_reads_the_same_at_every_level() {
    // serde_json's map sorts `!` and `0` before `@type`: the slow path writes `@type` first in
    // every nested object, so each level is read once.
    let json = r#"{"!":1,"inner":{"0":[],"@type":"prims","a":3},"items":[{"!":null,"@type":"prims"}],"@type":"wrap"}"#;
    let expected = Node::Wrap(Box::new(Wrap {
        inner: Node::Prims(Prims {
            a: 3,
            ..Prims::default()
        }),
        next: None,
        items: vec![Node::Prims(Prims::default())],
    }));
    assert_eq!(read::<Node>(json).unwrap(), expected);
    let levels = MAX_DEPTH as usize - 1;
    let mut json = String::new();
    for _ in 0..levels {
        json.push_str(r#"{"!":0,"items":[],"inner":"#);
    }
    json.push_str(r#"{"!":0,"@type":"prims"}"#);
    json.push_str(&r#","@type":"wrap"}"#.repeat(levels));
    let node = read::<Node>(&json).unwrap();
    assert_eq!(read::<Node>(&nested(levels, true)).unwrap(), node);
}
