//! serde on generated code (`Config::serde(true)`): the JSON of a decoded MTProto object is the
//! JSON of the shared vectors (the format `tlforge decode` prints), and it converts back to
//! the same value and the same bytes.

use serde::Serialize;
use serde::de::DeserializeOwned;
use tlforge_corpus_check::mtproto_serde::{functions, types};
use tlforge_runtime::{Deserializable, Serializable};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("vector hex is valid"))
        .collect()
}

/// Decodes the vector's bytes as `T`, compares its JSON with the vector's fields, and goes
/// back from JSON to the same value and bytes.
fn check<T>(vector: &serde_json::Value)
where
    T: Deserializable + Serializable + Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let name = vector["tl_name"].as_str().expect("tl_name");
    let bytes = unhex(vector["hex"].as_str().expect("hex"));
    let value = T::from_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let json = serde_json::to_value(&value).expect("serializes");
    let mut expected = serde_json::json!({ "_": name });
    for (key, field) in vector["fields"].as_object().expect("fields") {
        expected[key] = field.clone();
    }
    assert_eq!(json, expected, "{name}");
    let back: T = serde_json::from_value(json).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(back, value, "{name}");
    assert_eq!(hex(&back.to_bytes()), hex(&bytes), "{name}");
}

#[test]
fn mtproto_doc_vectors_as_json() {
    let text = include_str!("../../fixtures/vectors/mtproto-doc-vectors.jsonl");
    let mut checked = 0;
    for line in text.lines() {
        let vector: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        match vector["tl_name"].as_str().expect("tl_name") {
            "req_pq_multi" => check::<functions::ReqPqMulti>(&vector),
            "resPQ" => check::<types::ResPq>(&vector),
            "p_q_inner_data_dc" => check::<types::PQInnerDataDc>(&vector),
            "req_DH_params" => check::<functions::ReqDhParams>(&vector),
            "server_DH_params_ok" => check::<types::ServerDhParamsOk>(&vector),
            "server_DH_inner_data" => check::<types::ServerDhInnerData>(&vector),
            "client_DH_inner_data" => check::<types::ClientDhInnerData>(&vector),
            "set_client_DH_params" => check::<functions::SetClientDhParams>(&vector),
            "dh_gen_ok" => check::<types::DhGenOk>(&vector),
            other => panic!("no check for {other}"),
        }
        checked += 1;
    }
    assert_eq!(checked, 20);
}

#[test]
fn boxed_types_serialize_with_their_constructor_tag() {
    use tlforge_corpus_check::mtproto_serde::enums;
    let value: enums::DestroySessionRes = types::DestroySessionOk { session_id: -5 }.into();
    let json = serde_json::to_string(&value).expect("serializes");
    assert_eq!(json, r#"{"_":"destroy_session_ok","session_id":"-5"}"#);
    let back: enums::DestroySessionRes = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, value);
    let other: enums::DestroySessionRes =
        serde_json::from_str(r#"{"_":"destroy_session_none","session_id":"7"}"#).expect("other");
    assert_eq!(other, types::DestroySessionNone { session_id: 7 }.into());
    assert!(
        serde_json::from_str::<enums::DestroySessionRes>(r#"{"_":"pong","session_id":"7"}"#)
            .is_err()
    );
}
