//! `tlforge decode` (the run-time decoder `tlforge_cli::dynamic`) agrees with the generated
//! decoders of tlforge-types:
//!
//! - on every serialization vector of `tests/fixtures/vectors/`: both decode, and the decoder's
//!   JSON is the vector's `{"_": tl_name, ...fields}` (fields only one of layers 229 and 230 has
//!   absent); or both fail at the same byte offset, with the same unknown constructor id (a call
//!   whose id layer 230 changed);
//! - on random encodings of every constructor and function (built from the schema alone), and on
//!   every truncation of them: both fail at the same offset.
//!
//! Generic functions are compared with `X = AnyFunction` (any function of the bundled layer), the
//! generated counterpart of reading `!X` by its id.

use serde_json::{Map, Value};
use tlforge_cli::dynamic::{DecodeError, Decoder};
use tlforge_parser::{Schema, SourceFile};
use tlforge_runtime::Error;
use tlforge_tests::random_encoding::{Encoder, Options, Rng, seed_for};
use tlforge_tests::{Entry, Kind, dispatch, find, hex, unhex};

const VECTOR_FILES: [(&str, &str); 2] = [
    (
        "telethon-sample.jsonl",
        include_str!("../fixtures/vectors/telethon-sample.jsonl"),
    ),
    (
        "mtproto-doc-vectors.jsonl",
        include_str!("../fixtures/vectors/mtproto-doc-vectors.jsonl"),
    ),
];

const ENVELOPE_TL: &str = include_str!("../../schema/mtproto-envelope.tl");

/// The schemas as tlforge-types reads them: the API, and MTProto with its envelope lines.
fn schemas() -> (Schema, Schema) {
    let api = tlforge_tests::parse("api.tl", tlforge_tests::API_TL);
    let mtproto = tlforge_parser::parse_schema(&[
        SourceFile::new("mtproto.tl", tlforge_tests::MTPROTO_TL),
        SourceFile::new("mtproto-envelope.tl", ENVELOPE_TL),
    ])
    .expect("mtproto.tl with its envelope parses")
    .schema;
    (api, mtproto)
}

/// The generated decoder of a vector's object: the API or MTProto table, or for generic
/// functions the one with `X = AnyFunction`.
fn entry(tl_name: &str, kind: Kind) -> &'static Entry {
    find(dispatch::API_ANY_QUERY, tl_name, kind)
        .or_else(|| find(dispatch::API, tl_name, kind))
        .or_else(|| find(dispatch::MTPROTO, tl_name, kind))
        .unwrap_or_else(|| panic!("{tl_name}: no tlforge-types item"))
}

/// `expected` holds every key of `actual` with the same value, recursively (it may have more:
/// fields of a newer layer).
fn is_subset(actual: &Value, expected: &Value, extra: &mut Vec<String>) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            for key in e.keys() {
                if !a.contains_key(key) {
                    extra.push(key.clone());
                }
            }
            a.iter().all(|(k, v)| match e.get(k) {
                Some(ev) => is_subset(v, ev, extra),
                // A field of the bundled layer that the vector's older layer lacks: absent.
                None => matches!(v, Value::Null | Value::Bool(false)),
            })
        }
        (Value::Array(a), Value::Array(e)) => {
            a.len() == e.len() && a.iter().zip(e).all(|(x, y)| is_subset(x, y, extra))
        }
        _ => actual == expected,
    }
}

/// The same outcome, whether the decoder was told the name or read the id: for an unknown
/// constructor, the same id at the same offset (what was expected differs: the name, or "any").
fn same_outcome(
    by_name: &Result<tlforge_cli::dynamic::Value, DecodeError>,
    by_id: &Result<tlforge_cli::dynamic::Value, DecodeError>,
) -> bool {
    match (by_name, by_id) {
        (
            Err(DecodeError::UnexpectedConstructor { id, offset, .. }),
            Err(DecodeError::UnexpectedConstructor {
                id: id2,
                offset: offset2,
                ..
            }),
        ) => id == id2 && offset == offset2,
        _ => by_name == by_id,
    }
}

/// Every value of `key` in objects anywhere inside `value`.
fn collect_values<'v>(value: &'v Value, key: &str, out: &mut Vec<&'v Value>) {
    match value {
        Value::Object(map) => {
            if let Some(v) = map.get(key) {
                out.push(v);
            }
            for v in map.values() {
                collect_values(v, key, out);
            }
        }
        Value::Array(items) => {
            for v in items {
                collect_values(v, key, out);
            }
        }
        _ => {}
    }
}

#[test]
fn decode_agrees_with_generated_decoders_on_every_vector() {
    let (api, mtproto) = schemas();
    let decoder = Decoder::new(&[&api, &mtproto]);
    let mut failures = Vec::new();
    let (mut exact, mut newer_flag_bits, mut both_fail) = (0, 0, Vec::new());
    let mut newer_absent = Vec::new();
    let mut total = 0;
    for (file, text) in VECTOR_FILES {
        for (line, json) in text.lines().enumerate() {
            total += 1;
            let vector: Value = serde_json::from_str(json).expect("JSON line");
            let tl_name = vector["tl_name"].as_str().expect("tl_name");
            let kind = match vector["kind"].as_str() {
                Some("constructor") => Kind::Constructor,
                _ => Kind::Function,
            };
            let at = format!("{file}:{} {tl_name}", line + 1);
            let bytes = unhex(vector["hex"].as_str().expect("hex"));
            let generated = entry(tl_name, kind).roundtrip(&bytes);
            let dynamic = decoder.decode(&bytes, Some(tl_name));
            let by_id = decoder.decode(&bytes, None);
            if !same_outcome(&dynamic, &by_id) {
                failures.push(format!("{at}: by name {dynamic:?}, by id {by_id:?}"));
                continue;
            }
            match (generated, dynamic) {
                (Ok(again), Ok(value)) => {
                    let ours: Value = serde_json::from_str(&value.to_json())
                        .unwrap_or_else(|e| panic!("{at}: invalid JSON {e}: {}", value.to_json()));
                    let mut theirs = Map::new();
                    theirs.insert("_".into(), Value::String(tl_name.into()));
                    theirs.extend(vector["fields"].as_object().expect("fields").clone());
                    let theirs = Value::Object(theirs);
                    if again == bytes {
                        // The vector may also list optional fields of a newer layer, absent.
                        let mut extra = Vec::new();
                        let absent = |key: &String| {
                            let mut found = Vec::new();
                            collect_values(&theirs, key, &mut found);
                            found
                                .iter()
                                .all(|v| matches!(v, Value::Null | Value::Bool(false)))
                        };
                        if is_subset(&ours, &theirs, &mut extra) && extra.iter().all(absent) {
                            exact += 1;
                            newer_absent.extend(extra);
                        } else {
                            failures.push(format!(
                                "{at}: JSON differs\n  ours   {ours}\n  vector {theirs}"
                            ));
                        }
                    } else {
                        // tlforge-types drops flag bits only a newer layer defines; so does decode.
                        let mut extra = Vec::new();
                        if is_subset(&ours, &theirs, &mut extra) && !extra.is_empty() {
                            newer_flag_bits += 1;
                        } else {
                            failures.push(format!(
                                "{at}: re-encodes differently, and the JSON is not the vector's \
                                 without newer fields\n  ours   {ours}\n  vector {theirs}"
                            ));
                        }
                    }
                }
                (Err(theirs), Err(ours)) => {
                    let same = match (&theirs, &ours) {
                        (
                            Error::UnexpectedConstructor { id, offset, .. },
                            DecodeError::UnexpectedConstructor {
                                id: our_id,
                                offset: our_offset,
                                ..
                            },
                        ) => {
                            // Both report the offset of the unknown id itself.
                            id == our_id
                                && bytes.get(*our_offset..our_offset + 4)
                                    == Some(&id.to_le_bytes()[..])
                                && offset == our_offset
                        }
                        (Error::UnexpectedConstructor { .. }, _)
                        | (_, DecodeError::UnexpectedConstructor { .. }) => false,
                        _ => Some(theirs.offset()) == ours.offset(),
                    };
                    if same {
                        both_fail.push(at);
                    } else {
                        failures.push(format!("{at}: tlforge-types: {theirs}; decode: {ours}"));
                    }
                }
                (Ok(_), Err(ours)) => failures.push(format!(
                    "{at}: tlforge-types decodes it, decode fails: {ours}\n  hex {}",
                    hex(&bytes)
                )),
                (Err(theirs), Ok(value)) => failures.push(format!(
                    "{at}: tlforge-types fails ({theirs}), decode gives {}",
                    value.to_json()
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} vectors disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Layer 230 is newer than the vectors' 229: 498 decode to their JSON (fields 230 added are
    // absent, `null`/`false`); one is a call whose id layer 230 changed
    // (bots.setCustomVerification), which neither decoder knows (see vectors.rs).
    assert_eq!(total, 499);
    assert_eq!(exact, 498, "JSON equal to the vector's fields");
    assert_eq!(newer_flag_bits, 0);
    assert_eq!(
        both_fail,
        ["telethon-sample.jsonl:63 bots.setCustomVerification"]
    );
    assert_eq!(
        newer_absent,
        Vec::<String>::new(),
        "absent fields of a newer layer"
    );
    eprintln!(
        "{exact} vectors decode to their JSON, {newer_flag_bits} without newer flag bits, {} \
         fail like tlforge-types",
        both_fail.len()
    );
}

/// Random encodings of every definition decode, to an object of that name; every proper
/// prefix, and the bytes with a word appended, fail at the offset the generated decoder reports.
fn check_random(schema: &Schema, decoder: &Decoder<'_>, table: &[Entry]) -> usize {
    let options = Options {
        budget: 512,
        free_depth: 2,
        ..Options::default()
    };
    let encoder = Encoder::new(schema, options);
    let mut failures = Vec::new();
    let mut checked = 0;
    for entry in table {
        let def = encoder
            .definition(entry.tl_name, entry.kind)
            .unwrap_or_else(|| panic!("{}: not in the schema", entry.tl_name));
        for sample in 0..3 {
            let seed = seed_for(7, entry.tl_name, sample);
            let bytes = encoder.encode(def, &mut Rng::new(seed));
            match decoder.decode(&bytes, None) {
                Ok(value) => {
                    let json: Value = serde_json::from_str(&value.to_json()).expect("valid JSON");
                    if json["_"] != entry.tl_name {
                        failures.push(format!("{}: decoded as {}", entry.tl_name, json["_"]));
                    }
                }
                Err(e) => failures.push(format!(
                    "{} (seed {seed}): {e}\n  hex {}",
                    entry.tl_name,
                    hex(&bytes)
                )),
            }
            if sample > 0 {
                continue;
            }
            let mut longer = bytes.clone();
            longer.extend_from_slice(&[0; 4]);
            let inputs = (0..bytes.len())
                .map(|len| &bytes[..len])
                .chain([&longer[..]]);
            for input in inputs {
                checked += 1;
                let theirs = entry.reencode(input);
                let ours = decoder.decode(input, Some(entry.tl_name));
                match (theirs, ours) {
                    (Err(t), Err(o)) if Some(t.offset()) == o.offset() => {}
                    (t, o) => failures.push(format!(
                        "{} (seed {seed}), {} of {} bytes: tlforge-types {t:?}, decode {o:?}",
                        entry.tl_name,
                        input.len(),
                        bytes.len()
                    )),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    checked
}

#[test]
fn decode_agrees_on_random_encodings_and_truncations() {
    let (api, mtproto) = schemas();
    let api_mtproto = tlforge_tests::parse("mtproto.tl", tlforge_tests::MTPROTO_TL);
    let n = check_random(&api, &Decoder::new(&[&api, &mtproto]), dispatch::API);
    let m = check_random(
        &api_mtproto,
        &Decoder::new(&[&mtproto, &api]),
        dispatch::MTPROTO,
    );
    eprintln!("{n} API and {m} MTProto truncations fail at the same offset");
}

/// An `rpc_result` whose result is gzip-packed: decode unpacks it, and reads the API object
/// inside with the API schema.
#[test]
fn gzip_packed_results_are_unpacked() {
    use std::io::Write as _;
    let (api, mtproto) = schemas();
    let decoder = Decoder::new(&[&mtproto, &api]);
    // auth.cancelCode("+1", "abc") stands in for any API object.
    let inner = unhex("7805041f022b310003616263");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&inner).unwrap();
    let packed = gz.finish().unwrap();
    let mut bytes = unhex("016d5cf3"); // rpc_result
    bytes.extend_from_slice(&42i64.to_le_bytes());
    bytes.extend_from_slice(&unhex("a1cf7230")); // gzip_packed
    tlforge_runtime::serialize_bytes(&packed, &mut bytes);
    let value = decoder.decode(&bytes, None).expect("decodes");
    assert_eq!(
        value.to_json(),
        r#"{"_": "rpc_result", "req_msg_id": "42", "result": {"_": "auth.cancelCode", "phone_number": "+1", "phone_code_hash": "abc"}}"#
    );
    // A corrupt stream is an error at the gzip_packed, not a panic.
    let mut bad = bytes.clone();
    let at = 17 + packed.len() - 6; // in the CRC of the gzip trailer
    bad[at] ^= 0xff;
    let err = decoder.decode(&bad, None).unwrap_err();
    assert_eq!(err.offset(), Some(12), "{err}");
}

/// `message msg_id:long seqno:int bytes:int body:Object`: the length is checked against the
/// object, and left out of the JSON.
#[test]
fn sized_objects_in_the_envelope() {
    let (api, mtproto) = schemas();
    let decoder = Decoder::new(&[&mtproto, &api]);
    let body = unhex("7805041f022b310003616263");
    let mut bytes = unhex("dcf8f173"); // msg_container
    bytes.extend_from_slice(&1i32.to_le_bytes());
    bytes.extend_from_slice(&7i64.to_le_bytes());
    bytes.extend_from_slice(&3i32.to_le_bytes());
    bytes.extend_from_slice(&(body.len() as i32).to_le_bytes());
    bytes.extend_from_slice(&body);
    let value = decoder.decode(&bytes, Some("MessageContainer")).unwrap();
    assert_eq!(
        value.to_json(),
        r#"{"_": "msg_container", "messages": [{"_": "message", "msg_id": "7", "seqno": 3, "body": {"_": "auth.cancelCode", "phone_number": "+1", "phone_code_hash": "abc"}}]}"#
    );
    let len_at = 4 + 4 + 8 + 4;
    let mut wrong = bytes.clone();
    wrong[len_at] = 8;
    let err = decoder.decode(&wrong, None).unwrap_err();
    assert!(
        matches!(
            err,
            DecodeError::ObjectLength {
                offset: 24,
                given: 8,
                read: 12
            }
        ),
        "{err:?}"
    );
}
