//! The serialization vectors of `tests/fixtures/vectors/` (Telethon 1.45.0, layer 229, and
//! Telegram's auth-key example page; see `SOURCES.md` there): every line that layer 230 (the
//! bundled schema) did not change decodes with `tlforge-types` and re-encodes byte for byte, and
//! decoding reads the right fields; every line also round-trips with the layer-229 schema the
//! vectors were written with.
//!
//! Generic queries (`invokeAfterMsg`, …) are decoded with the instantiation their inner query
//! needs: `X = help.getConfig`, `X = AnyFunction` (any function of the bundled layer), or, for an
//! inner function the bundled layer does not have, `X = RawQuery` (the inner call kept as bytes;
//! only the wrapper's own fields are checked then).

use serde_json::Value;
use tlforge_parser::{Category, Definition, ParameterKind, Schema};
use tlforge_runtime::{Deserializable, Error};
use tlforge_tests::{Entry, Kind, dispatch, find, hex, unhex};

const FILES: [(&str, &str); 2] = [
    (
        "telethon-sample.jsonl",
        include_str!("../fixtures/vectors/telethon-sample.jsonl"),
    ),
    (
        "mtproto-doc-vectors.jsonl",
        include_str!("../fixtures/vectors/mtproto-doc-vectors.jsonl"),
    ),
];

struct Vector {
    file: &'static str,
    line: usize,
    json: Value,
}

impl Vector {
    fn str(&self, key: &str) -> &str {
        self.json[key]
            .as_str()
            .unwrap_or_else(|| panic!("{}:{}: no `{key}`", self.file, self.line))
    }

    fn tl_name(&self) -> &str {
        self.str("tl_name")
    }

    fn kind(&self) -> Kind {
        match self.str("kind") {
            "constructor" => Kind::Constructor,
            "function" => Kind::Function,
            other => panic!("{}:{}: kind {other}", self.file, self.line),
        }
    }

    fn bytes(&self) -> Vec<u8> {
        unhex(self.str("hex"))
    }

    /// The constructor id the vector gives (`"0x5e002502"`).
    fn id(&self) -> u32 {
        u32::from_str_radix(self.str("id").trim_start_matches("0x"), 16).expect("hex id")
    }

    fn fields(&self) -> &serde_json::Map<String, Value> {
        self.json["fields"].as_object().expect("`fields` object")
    }

    fn at(&self) -> String {
        format!("{}:{} {}", self.file, self.line, self.tl_name())
    }
}

/// Fails with every failure listed, if there is any.
fn assert_none_failed(failures: &[String], total: usize) {
    assert!(
        failures.is_empty(),
        "{} of {total} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn vectors() -> Vec<Vector> {
    let mut all = Vec::new();
    for (file, text) in FILES {
        for (index, line) in text.lines().enumerate() {
            let json =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{file}:{}: {e}", index + 1));
            all.push(Vector {
                file,
                line: index + 1,
                json,
            });
        }
    }
    all
}

/// Vectors whose own schema line layer 230 changed since layer 229 (so the id differs), by line
/// of `telethon-sample.jsonl`: tlforge-types cannot decode them, and the test checks that each fails
/// in exactly that way; every other line must round-trip byte for byte.
const CHANGED_IN_LAYER_230: &[(usize, &str)] = &[
    // bots.setCustomVerification#8b89dfbd … custom_description:flags.2?string = Bool; is
    // bots.setCustomVerification#f4946757 … custom_description:flags.2?TextWithEntities in 230.
    (63, "bots.setCustomVerification"),
];

fn changed_in_layer_230(vector: &Vector) -> bool {
    vector.file == "telethon-sample.jsonl"
        && CHANGED_IN_LAYER_230
            .iter()
            .any(|&(line, name)| line == vector.line && name == vector.tl_name())
}

/// Which table entry decodes a vector.
#[derive(Clone, Copy)]
enum Plan {
    /// The main tables (generic functions with `X = help.getConfig`).
    Direct(&'static Entry),
    /// A generic function whose inner query is a function of the bundled layer.
    AnyQuery(&'static Entry),
    /// A generic function whose inner query the bundled layer does not know.
    RawQuery(&'static Entry),
}

impl Plan {
    fn entry(self) -> &'static Entry {
        let (Plan::Direct(entry) | Plan::AnyQuery(entry) | Plan::RawQuery(entry)) = self;
        entry
    }
}

fn plan(vector: &Vector) -> Result<Plan, String> {
    let (name, kind) = (vector.tl_name(), vector.kind());
    let api = find(dispatch::API, name, kind);
    let mtproto = find(dispatch::MTPROTO, name, kind);
    let entry = match (api, mtproto) {
        (Some(entry), None) | (None, Some(entry)) => entry,
        (None, None) => return Err("no tlforge-types item with this name and kind".to_owned()),
        (Some(_), Some(_)) => return Err("in both schemas".to_owned()),
    };
    let Some(any) = find(dispatch::API_ANY_QUERY, name, kind) else {
        return Ok(Plan::Direct(entry));
    };
    let inner = vector.fields()["query"]["_"]
        .as_str()
        .ok_or("generic query without `query._`")?;
    if inner == "help.getConfig" {
        return Ok(Plan::Direct(entry));
    }
    match any.roundtrip(&vector.bytes()) {
        Err(Error::UnexpectedConstructor { id, expected, .. })
            if expected == "any API function" && tlforge_types::name_for_id(id).is_none() =>
        {
            let raw = find(dispatch::API_RAW_QUERY, name, kind).ok_or("not in API_RAW_QUERY")?;
            Ok(Plan::RawQuery(raw))
        }
        _ => Ok(Plan::AnyQuery(any)),
    }
}

#[test]
fn every_vector_decodes_and_reencodes_byte_for_byte() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 499, "479 Telethon + 20 doc vectors");
    let mut failures = Vec::new();
    let (mut exact, mut changed) = (0, 0);
    let mut raw_inner = Vec::new();
    let mut any_inner = Vec::new();
    for vector in &vectors {
        let bytes = vector.bytes();
        let plan = match plan(vector) {
            Ok(plan) => plan,
            Err(why) => {
                failures.push(format!("{}: {why}", vector.at()));
                continue;
            }
        };
        let entry = plan.entry();
        let inner = || vector.fields()["query"]["_"].as_str().unwrap_or("?");
        match plan {
            Plan::Direct(_) => {}
            Plan::AnyQuery(_) => any_inner.push(format!("{} ({})", vector.at(), inner())),
            Plan::RawQuery(_) => raw_inner.push(inner()),
        }
        let id = vector.id();
        let outcome = entry.roundtrip(&bytes);
        if changed_in_layer_230(vector) {
            // Another id in layer 230: decoding stops at the vector's own id.
            match outcome {
                Err(Error::UnexpectedConstructor {
                    id: got, offset: 0, ..
                }) if got == id && entry.id != id => {
                    changed += 1;
                }
                other => failures.push(format!(
                    "{}: listed as changed in layer 230, but gives {other:?}",
                    vector.at()
                )),
            }
            continue;
        }
        if entry.id != id {
            failures.push(format!(
                "{}: vector id {id:#010x}, tlforge-types id {:#010x}",
                vector.at(),
                entry.id
            ));
            continue;
        }
        let problem = match outcome {
            Ok(again) if again == bytes => {
                exact += 1;
                continue;
            }
            Ok(again) => format!(
                "re-encoded differently\n  vector {}\n  ours   {}",
                hex(&bytes),
                hex(&again)
            ),
            Err(error) => format!("{error}\n  hex {}", hex(&bytes)),
        };
        failures.push(format!(
            "{} ({}): {problem}\n  tl_line {}",
            vector.at(),
            entry.rust_type,
            vector.str("tl_line"),
        ));
    }
    eprintln!(
        "inner queries decoded with X = AnyFunction: {}",
        any_inner.join(", ")
    );
    assert_none_failed(&failures, vectors.len());
    assert_eq!(changed, CHANGED_IN_LAYER_230.len());
    assert_eq!(exact + changed, 499, "every vector checked, none skipped");
    // Every inner query of the vectors is a function of layer 230.
    assert_eq!(raw_inner, Vec::<&str>::new());
    eprintln!(
        "{exact} vectors apply to layer 230 and decode and re-encode byte for byte with tlforge-types; \
         {changed} changed in layer 230 and fail exactly as listed"
    );
}

/// Every vector with the schema it was written with (`fixtures/vectors/telethon-layer-229.tl`,
/// generated in tests/build.rs through `Config`): all 499 decode and re-encode byte for byte,
/// none skipped, none expected to fail. Generic queries nest `AnyFunction229`, so any inner query
/// of that layer decodes. The auth-key exchange constructors there declare their binary fields
/// `string` (Telethon's mtproto.tl), as tdesktop's do.
#[test]
fn every_vector_round_trips_with_the_layer_229_schema() {
    let vectors = vectors();
    let mut failures = Vec::new();
    let mut exact = 0;
    for vector in &vectors {
        let Some(entry) = find(dispatch::LAYER_229, vector.tl_name(), vector.kind()) else {
            failures.push(format!("{}: not in the layer-229 schema", vector.at()));
            continue;
        };
        let id = vector.id();
        let bytes = vector.bytes();
        match entry.roundtrip(&bytes) {
            Ok(again) if again == bytes && entry.id == id => exact += 1,
            Ok(again) => failures.push(format!(
                "{} (id {:#010x} vs {id:#010x}): re-encoded differently\n  vector {}\n  ours   {}",
                vector.at(),
                entry.id,
                hex(&bytes),
                hex(&again)
            )),
            Err(error) => failures.push(format!("{}: {error}\n  hex {}", vector.at(), hex(&bytes))),
        }
    }
    assert_none_failed(&failures, vectors.len());
    assert_eq!(
        exact, 499,
        "479 Telethon + 20 doc vectors, every one checked"
    );
    eprintln!(
        "{exact}/{} vectors round-trip byte for byte against layer 229",
        vectors.len()
    );
}

/// Telethon's `p_q_inner_data_dc` and the other auth-key exchange vectors, through the layer-229
/// code whose schema line says `pq:string p:string q:string`: the fields are bytes (any value
/// decodes, none becomes `InvalidUtf8`) and equal the vectors' hex.
#[test]
fn auth_key_exchange_strings_are_bytes_in_a_string_declared_schema() {
    use tlforge_tests::layer229::types::{PQInnerDataDc, ServerDhInnerData};
    let v = vector("p_q_inner_data_dc");
    assert!(v.str("tl_line").contains("pq:string p:string q:string"));
    let bytes = v.bytes();
    let r: PQInnerDataDc = decode(&v);
    let f = v.fields();
    assert_eq!(r.pq, json_hex(&f["pq"]));
    assert_eq!(r.p, json_hex(&f["p"]));
    assert_eq!(r.q, json_hex(&f["q"]));
    assert_eq!(tlforge_runtime::Serializable::to_bytes(&r), bytes);
    let v = vector("server_DH_inner_data");
    let r: ServerDhInnerData = decode(&v);
    assert_eq!(r.dh_prime, json_hex(&v.fields()["dh_prime"]));
    assert_eq!(r.dh_prime.len(), 256);
}

/// A generic query whose inner call the bundled layer does not know keeps it as bytes with
/// `X = RawQuery` (the next layer's calls, sent through an older tlforge-types): the `invokeAfterMsg`
/// vector with its inner id replaced by one no layer has.
#[test]
fn an_unknown_inner_query_is_kept_raw() {
    use tlforge_tests::RawQuery;
    use tlforge_types::functions::InvokeAfterMsg;
    let v = vector("invokeAfterMsg");
    let mut bytes = v.bytes();
    // invokeAfterMsg#cb9f372d msg_id:long query:!X: the inner id follows 4 + 8 bytes.
    let unknown: u32 = 0xdead_beef;
    assert_eq!(tlforge_types::name_for_id(unknown), None);
    bytes[12..16].copy_from_slice(&unknown.to_le_bytes());
    let r = InvokeAfterMsg::<RawQuery>::from_bytes(&bytes).expect("decodes");
    assert_eq!(r.msg_id, json_long(&v.fields()["msg_id"]));
    assert_eq!(r.query.id(), unknown);
    assert_eq!(tlforge_runtime::Serializable::to_bytes(&r), bytes);
}

/// The `invokeAfterMsg` vector's inner query, a layer-229 call that layer 230 has too.
#[test]
fn invoke_after_msg_reads_its_inner_query() {
    use tlforge_types::functions::InvokeAfterMsg;
    let v = vector("invokeAfterMsg");
    let r: InvokeAfterMsg<dispatch::AnyFunction> = decode(&v);
    assert_eq!(r.msg_id, json_long(&v.fields()["msg_id"]));
    assert_eq!(v.fields()["query"]["_"], "account.updateWebBrowserSettings");
    assert!(matches!(
        r.query,
        dispatch::AnyFunction::account_UpdateWebBrowserSettings(_)
    ));
}

fn vector(tl_name: &str) -> Vector {
    vectors()
        .into_iter()
        .find(|v| v.tl_name() == tl_name)
        .unwrap_or_else(|| panic!("no vector for {tl_name}"))
}

fn decode<T: Deserializable>(v: &Vector) -> T {
    T::from_bytes(&v.bytes()).unwrap_or_else(|e| panic!("{}: {e}", v.at()))
}

fn json_long(value: &Value) -> i64 {
    value
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("long as decimal string")
}

fn json_hex(value: &Value) -> Vec<u8> {
    match value {
        Value::String(s) => unhex(s),
        other => unhex(other["hex"].as_str().expect("{hex}")),
    }
}

/// A few vectors read through the typed structs, field by field.
#[test]
fn typed_fields_match_the_vectors() {
    use tlforge_types::enums::InputNotifyPeer;
    use tlforge_types::mtproto::types::{ResPq, ServerDhInnerData};
    use tlforge_types::types::DocumentAttributeVideo;

    // auth.cancelCode#1f040578 phone_number:string phone_code_hash:string = Bool;
    let v = vector("auth.cancelCode");
    let f = v.fields();
    let r: tlforge_types::functions::auth::CancelCode = decode(&v);
    assert_eq!(r.phone_number, f["phone_number"].as_str().unwrap());
    assert_eq!(r.phone_code_hash, f["phone_code_hash"].as_str().unwrap());
    assert!(r.phone_number.contains('\0'), "U+0000 survives");

    // auth.importAuthorization#a57a7dad id:long bytes:bytes = auth.Authorization;
    let v = vector("auth.importAuthorization");
    let r: tlforge_types::functions::auth::ImportAuthorization = decode(&v);
    assert_eq!(r.id, json_long(&v.fields()["id"]));
    assert_eq!(r.bytes, json_hex(&v.fields()["bytes"]));

    // documentAttributeVideo: flags.N?true, a double, optional int/double/string.
    let v = vector("documentAttributeVideo");
    let f = v.fields();
    let r: DocumentAttributeVideo = decode(&v);
    assert_eq!(r.round_message, f["round_message"] == true);
    assert_eq!(r.supports_streaming, f["supports_streaming"] == true);
    assert_eq!(r.nosound, f["nosound"] == true);
    assert_eq!(
        r.duration.to_bits(),
        f["duration"].as_f64().unwrap().to_bits()
    );
    assert_eq!(i64::from(r.w), f["w"].as_i64().unwrap());
    assert_eq!(i64::from(r.h), f["h"].as_i64().unwrap());
    assert_eq!(
        r.preload_prefix_size.map(i64::from),
        f["preload_prefix_size"].as_i64()
    );
    assert_eq!(r.video_start_ts, f["video_start_ts"].as_f64());
    assert_eq!(r.video_codec.as_deref(), f["video_codec"].as_str());

    // account.getNotifyExceptions#53577479 flags:# compare_sound:flags.1?true
    //   compare_stories:flags.2?true peer:flags.0?InputNotifyPeer = Updates;
    let v = vector("account.getNotifyExceptions");
    let f = v.fields();
    let r: tlforge_types::functions::account::GetNotifyExceptions = decode(&v);
    assert_eq!(r.compare_sound, f["compare_sound"] == true);
    assert_eq!(r.compare_stories, f["compare_stories"] == true);
    assert_eq!(f["peer"]["_"], "inputNotifyBroadcasts");
    assert!(matches!(
        r.peer,
        Some(InputNotifyPeer::InputNotifyBroadcasts(_))
    ));

    // resPQ (Telegram's auth-key example): int128s, bytes (`string` in the docs), Vector<long>.
    let v = vector("resPQ");
    let f = v.fields();
    let r: ResPq = decode(&v);
    assert_eq!(r.nonce.to_vec(), json_hex(&f["nonce"]));
    assert_eq!(r.server_nonce.to_vec(), json_hex(&f["server_nonce"]));
    assert_eq!(r.pq, json_hex(&f["pq"]));
    let fingerprints: Vec<i64> = f["server_public_key_fingerprints"]
        .as_array()
        .unwrap()
        .iter()
        .map(json_long)
        .collect();
    assert_eq!(r.server_public_key_fingerprints, fingerprints);

    // server_DH_inner_data: a 256-byte dh_prime (long length form).
    let v = vector("server_DH_inner_data");
    let f = v.fields();
    let r: ServerDhInnerData = decode(&v);
    assert_eq!(i64::from(r.g), f["g"].as_i64().unwrap());
    assert_eq!(r.dh_prime, json_hex(&f["dh_prime"]));
    assert_eq!(r.dh_prime.len(), 256);
    assert_eq!(r.g_a, json_hex(&f["g_a"]));
    assert_eq!(i64::from(r.server_time), f["server_time"].as_i64().unwrap());

    // invokeWithReCaptcha#adbb0f94 {X:Type} token:string query:!X = X, with a real inner query.
    let v = vector("invokeWithReCaptcha");
    let f = v.fields();
    let r: tlforge_types::functions::InvokeWithReCaptcha<dispatch::AnyFunction> = decode(&v);
    assert_eq!(r.token, f["token"].as_str().unwrap());
    assert_eq!(f["query"]["_"], "account.sendVerifyPhoneCode");
    assert!(matches!(
        r.query,
        dispatch::AnyFunction::account_SendVerifyPhoneCode(_)
    ));
}

/// For every vector, every top-level field of a primitive type (`int`, `long`, `double`,
/// `string`, `bytes`, `int128`, `int256`, `Bool`, `flags.N?true`) appears in the decoded value's
/// `Debug` form with the vector's value: `name: value` or `name: Some(value)`.
#[test]
fn primitive_fields_of_every_vector_decode_to_the_vector_values() {
    let api = tlforge_tests::parse("api.tl", tlforge_tests::API_TL);
    let mtproto = tlforge_tests::parse("mtproto.tl", tlforge_tests::MTPROTO_TL);
    let mut checked = 0;
    let mut failures = Vec::new();
    for vector in vectors() {
        if changed_in_layer_230(&vector) {
            continue; // does not decode with layer 230 (checked above)
        }
        let entry = plan(&vector).expect("planned").entry();
        let category = match vector.kind() {
            Kind::Constructor => Category::Constructor,
            Kind::Function => Category::Function,
        };
        let def = definition(&api, &mtproto, vector.tl_name(), category);
        let debug = entry
            .describe(&vector.bytes())
            .expect("decodes (see the byte-for-byte test)");
        for param in &def.params {
            let ParameterKind::Value { ty, flag } = &param.kind else {
                continue;
            };
            // Primitive types only, and names whose Rust field name is the TL name.
            let plain_name = param
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            // (`self`, `crate`, `super` get a suffix in Rust.)
            let keyword = matches!(param.name.as_str(), "self" | "crate" | "super");
            if !ty.name.namespace.is_empty() || ty.generic_arg.is_some() || !plain_name || keyword {
                continue;
            }
            let value = &vector.fields()[&param.name];
            let rendered = match (ty.name.name.as_str(), value) {
                (_, Value::Null) => continue,
                ("true", Value::Bool(set)) => {
                    // A `true` that leads a shared-bit group is the group's Option.
                    let alt = if *set { "Some(" } else { "None" };
                    let name = &param.name;
                    checked += 1;
                    if !debug.contains(&format!("{name}: {set}"))
                        && !debug.contains(&format!("{name}: {alt}"))
                    {
                        failures.push(format!("{}: {name} should be {set}", vector.at()));
                    }
                    continue;
                }
                ("int", Value::Number(n)) => format!("{:?}", n.as_i64().unwrap() as i32),
                ("long", Value::String(s)) => format!("{:?}", s.parse::<i64>().unwrap()),
                ("double", Value::Number(n)) => format!("{:?}", n.as_f64().unwrap()),
                ("string", Value::String(s)) => format!("{s:?}"),
                ("string" | "bytes", v) => format!("{:?}", json_hex(v)),
                // `Debug` of fixed-size byte arrays is one hex number (tlforge_runtime::Hex).
                ("int128" | "int256", v) => format!("{:?}", tlforge_runtime::Hex(&json_hex(v)[..])),
                ("Bool", Value::Bool(b)) => format!("{b:?}"),
                _ => continue,
            };
            let name = &param.name;
            checked += 1;
            let plain = format!("{name}: {rendered}");
            let optional = format!("{name}: Some({rendered})");
            let found = if flag.is_some() {
                debug.contains(&optional) || debug.contains(&plain)
            } else {
                debug.contains(&plain)
            };
            if !found {
                failures.push(format!(
                    "{}: `{name}` should be {}",
                    vector.at(),
                    &rendered[..rendered.len().min(120)]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} field values differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 900, "only {checked} field values checked");
    eprintln!("{checked} primitive field values match the vectors");
}

fn definition<'s>(
    api: &'s Schema,
    mtproto: &'s Schema,
    name: &str,
    category: Category,
) -> &'s Definition {
    api.user_definitions()
        .chain(mtproto.user_definitions())
        .find(|d| d.category == category && d.name.to_string() == name)
        .unwrap_or_else(|| panic!("{name} is in neither schema"))
}
