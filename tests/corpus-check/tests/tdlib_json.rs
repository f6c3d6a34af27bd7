//! The code of `fixtures/codegen/tdlib_json.tl` (lines of td_api.tl) generated with
//! `Config::json(Json::Tdlib)`: the JSON TDLib writes and reads (../shared/TDLIB-JSON.md,
//! td/tl/tl_json.h of TDLib 1.8.66), through the generated impls.

use serde_json::{Value, json};
use tlforge_corpus_check::tdlib_json::{enums, functions, types};
use tlforge_runtime::json::{RemoteCall, Synchronous, from_str_strict, strict};

fn chat() -> types::Chat {
    let mut chat = types::Chat::new(
        -100,
        types::ChatTypePrivate::new(7).into(),
        "title".into(),
        vec![i64::MAX, -1],
        true,
    );
    chat.photo = Some(types::File::new(1, 1 << 40, vec![0xff, 0, 1], 0.5));
    chat
}

#[test]
fn writes_type_first_then_fields_in_schema_order_int64_as_strings_bytes_as_base64() {
    let text = serde_json::to_string(&chat()).unwrap();
    assert_eq!(
        text,
        r#"{"@type":"chat","id":-100,"type":{"@type":"chatTypePrivate","user_id":7},"title":"title","photo":{"@type":"file","id":1,"size":1099511627776,"remote_data":"/wAB","expected_size":0.5},"member_ids":["9223372036854775807","-1"],"is_marked_as_unread":true}"#
    );
}

#[test]
fn a_null_object_is_left_out_and_reads_back_as_none() {
    let mut chat = chat();
    chat.photo = None;
    let text = serde_json::to_string(&chat).unwrap();
    assert!(!text.contains("photo"), "{text}");
    let back: types::Chat = from_str_strict(&text).unwrap();
    assert_eq!(back, chat);
    // `null` is none too.
    let with_null = text.replace(r#""title":"title""#, r#""title":"title","photo":null"#);
    assert_eq!(from_str_strict::<types::Chat>(&with_null).unwrap(), chat);
}

#[test]
fn reads_what_it_writes_strictly() {
    let chat = chat();
    let text = serde_json::to_string(&chat).unwrap();
    assert_eq!(from_str_strict::<types::Chat>(&text).unwrap(), chat);
    let boxed: enums::Chat = from_str_strict(&text).unwrap();
    assert_eq!(boxed, enums::Chat::from(chat));
}

#[test]
fn int64_reads_from_a_string_or_a_number_and_int53_from_a_number() {
    let value = json!({"@type": "chat", "id": "-100", "type": {"@type": "chatTypeBasicGroup", "basic_group_id": 5},
        "title": "", "member_ids": [1, "2"], "is_marked_as_unread": false});
    let chat: types::Chat = from_str_strict(&value.to_string()).unwrap();
    assert_eq!((chat.id, chat.member_ids), (-100, vec![1, 2]));
    assert!(
        matches!(chat.r#type, enums::ChatType::ChatTypeBasicGroup(ref g) if g.basic_group_id == 5)
    );
    // Not the exact integer: refused, as TDLib refuses it.
    for id in [
        json!(1.5),
        json!("+1"),
        json!("01"),
        json!("1e3"),
        json!("9223372036854775808"),
    ] {
        let mut bad = value.clone();
        bad["id"] = id.clone();
        let error = serde_json::from_str::<types::Chat>(&bad.to_string()).unwrap_err();
        assert!(error.to_string().starts_with("chat.id: "), "{id}: {error}");
    }
}

#[test]
fn lenient_reading_skips_unknown_keys_and_defaults_missing_values_strict_refuses() {
    let text = r#"{"@type":"chat","new_field":{"a":[1]},"type":{"@type":"chatTypePrivate"}}"#;
    let chat: types::Chat = serde_json::from_str(text).unwrap();
    assert_eq!(
        (chat.id, chat.title.as_str(), chat.member_ids.len()),
        (0, "", 0)
    );
    assert!(!chat.is_marked_as_unread);
    let error = from_str_strict::<types::Chat>(text)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("unknown field `new_field` of `chat`"),
        "{error}"
    );
    // A missing object that is not nullable is an error either way.
    let error = serde_json::from_str::<types::Chat>(r#"{"@type":"chat","id":1}"#)
        .unwrap_err()
        .to_string();
    assert!(error.contains("missing field `type` of `chat`"), "{error}");
}

#[test]
fn an_unknown_constructor_is_kept_leniently_and_refused_strictly() {
    let text = r#"{"@type":"chatTypeSecret","secret_chat_id":3,"user_id":"4"}"#;
    let kind: enums::ChatType = serde_json::from_str(text).unwrap();
    let enums::ChatType::Unknown(unknown) = &kind else {
        panic!("{kind:?}")
    };
    assert_eq!(unknown.name(), "chatTypeSecret");
    let written: Value = serde_json::from_str(&serde_json::to_string(&kind).unwrap()).unwrap();
    assert_eq!(written, serde_json::from_str::<Value>(text).unwrap());
    let error = from_str_strict::<enums::ChatType>(text)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("ChatType: unknown `@type` `chatTypeSecret`"),
        "{error}"
    );
}

#[test]
fn type_after_the_fields_reads_the_same_value() {
    let first = r#"{"@type":"chatTypePrivate","user_id":9}"#;
    let later = r#"{"user_id":9,"@extra":"x","@type":"chatTypePrivate"}"#;
    let (first, later): (enums::ChatType, enums::ChatType) = strict(|| {
        (
            serde_json::from_str(first).unwrap(),
            serde_json::from_str(later).unwrap(),
        )
    });
    assert_eq!(first, later);
}

#[test]
fn functions_write_their_own_type_and_bind_their_answer() {
    let request = functions::SetChatPhoto::new(5, vec![1, 2, 3]);
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"@type":"setChatPhoto","chat_id":5,"data":"AQID"}"#
    );
    fn answers<R: RemoteCall<Return = enums::Chat>>(_: &R) {}
    answers(&request);
    fn synchronous<R: Synchronous>(_: &R) {}
    synchronous(&functions::GetTextEntities::new("hi".into()));
}

#[test]
fn non_finite_doubles_are_not_written() {
    let mut file = types::File::new(1, 2, Vec::new(), f64::NAN);
    let error = serde_json::to_string(&file).unwrap_err().to_string();
    assert!(error.contains("not a JSON number"), "{error}");
    file.expected_size = f64::INFINITY;
    assert!(serde_json::to_string(&file).is_err());
}
