//! Hostile JSON for the generated TDLib types (issue 36, item 6): whatever the bytes, decoding is
//! an error or a value, never a panic, a stack overflow or an allocation the input does not pay
//! for; errors name the objects and fields on the way.
//!
//! - every prefix of a few realistic TDLib answers and requests, as text and as bytes;
//! - a wrong type in every position of them (lenient and strict), the error naming the field;
//! - nesting deeper than `MAX_DEPTH` (`richText`, `pageBlock`, `jsonValue`) and deeper than
//!   serde_json's own limit (every test runs on a thread with a known stack: see `STACK`);
//! - huge arrays and strings, complete or cut, under a counting allocator;
//! - invalid base64, out-of-range integers, invalid UTF-8;
//! - a property test mutating the realistic answers (bytes and JSON tokens), every decoded value
//!   re-encoding to JSON that decodes to the same value.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Debug;
use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use serde_core::Serialize;
use serde_core::de::DeserializeOwned;
use serde_json::Value;
use tlforge_tdlib::{MAX_DEPTH, TdError, enums, functions, strict, types};

// ---------------------------------------------------------------------------------------------
// A counting allocator: per thread, the largest single allocation and the peak of live bytes.

struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

fn grew(size: usize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + size;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
    let _ = LARGEST.try_with(|largest| largest.set(largest.get().max(size)));
}

fn shrank(size: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(size)));
}

// SAFETY: every call is forwarded to `System` unchanged; the counters are plain thread-locals
// without destructors.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrank(layout.size());
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        shrank(layout.size());
        grew(new_size);
        // SAFETY: the caller's contract, forwarded.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What `f` allocated on this thread: (largest single allocation, peak of live bytes above what
/// was live before).
fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(base));
    LARGEST.with(|largest| largest.set(0));
    let result = f();
    let peak = PEAK.with(Cell::get) - base;
    (result, LARGEST.with(Cell::get), peak)
}

/// Runs `f` on a new thread with a `stack`-byte stack (a stack overflow aborts the test binary,
/// so passing proves the stack was enough).
fn on_stack<R: Send + 'static>(stack: usize, f: impl FnOnce() -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(f)
        .expect("spawn a thread")
        .join()
        .expect("the thread does not panic")
}

// ---------------------------------------------------------------------------------------------
// Decoding helpers.

fn decode<T: DeserializeOwned>(bytes: &[u8], strictly: bool) -> Result<T, String> {
    let read = || serde_json::from_slice::<T>(bytes).map_err(|error| error.to_string());
    if strictly { strict(read) } else { read() }
}

fn decode_str<T: DeserializeOwned>(text: &str, strictly: bool) -> Result<T, String> {
    let read = || serde_json::from_str::<T>(text).map_err(|error| error.to_string());
    if strictly { strict(read) } else { read() }
}

/// Decodes `bytes` as `T`; a value must re-encode to JSON that decodes (in the same mode) to the
/// same value and re-encodes to the same text. Returns the error, if any.
fn check<T>(bytes: &[u8], strictly: bool) -> Result<(), String>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let value: T = decode(bytes, strictly)?;
    let json = serde_json::to_string(&value)
        .unwrap_or_else(|error| panic!("{value:?} does not encode: {error}"));
    let again: T = decode(json.as_bytes(), strictly)
        .unwrap_or_else(|error| panic!("{json} does not decode again: {error}"));
    assert_eq!(again, value, "{json}");
    assert_eq!(serde_json::to_string(&again).unwrap(), json);
    Ok(())
}

type Check = fn(&[u8], bool) -> Result<(), String>;

/// The entry types the hostile inputs are decoded as.
const ENTRIES: &[(&str, Check)] = &[
    ("Update", check::<enums::Update>),
    ("Message", check::<types::Message>),
    ("enums::Message", check::<enums::Message>),
    ("Chats", check::<enums::Chats>),
    ("JsonValue", check::<enums::JsonValue>),
    ("PageBlock", check::<enums::PageBlock>),
    ("RichText", check::<enums::RichText>),
    ("WebPageInstantView", check::<enums::WebPageInstantView>),
    ("TdError", check::<TdError>),
    ("SendMessage", check::<functions::SendMessage>),
    ("SetTdlibParameters", check::<functions::SetTdlibParameters>),
    ("GetChats", check::<functions::GetChats>),
];

/// `bytes` through every entry type, lenient and strict; nothing may panic.
fn through_every_entry(bytes: &[u8]) -> usize {
    let mut decoded = 0;
    for (_, check) in ENTRIES {
        for strictly in [false, true] {
            decoded += usize::from(check(bytes, strictly).is_ok());
        }
    }
    decoded
}

// ---------------------------------------------------------------------------------------------
// Realistic answers. Each is written here as TDLib sends it (with `@extra`, some fields left
// out), read leniently, and written again: the samples are the complete JSON the types write,
// which strict reading accepts.

const UPDATE_NEW_MESSAGE: &str = r#"{"@type":"updateNewMessage","message":{"@type":"message","id":1048576,"sender_id":{"@type":"messageSenderUser","user_id":777000},"chat_id":777000,"is_outgoing":false,"is_pinned":false,"can_be_saved":true,"date":1733600000,"edit_date":0,"interaction_info":{"@type":"messageInteractionInfo","view_count":3,"forward_count":0},"unread_reactions":[],"self_destruct_in":0.0,"auto_delete_in":0.0,"via_bot_user_id":0,"author_signature":"","media_album_id":"0","effect_id":"5104841245755180586","content":{"@type":"messageText","text":{"@type":"formattedText","text":"Login code: 12345. Do not give this code to anyone, even if they say they are from Telegram! \u26a0\ufe0f https://telegram.org","entities":[{"@type":"textEntity","offset":0,"length":11,"type":{"@type":"textEntityTypeBold"}},{"@type":"textEntity","offset":100,"length":20,"type":{"@type":"textEntityTypeTextUrl","url":"https://telegram.org/"}}]},"link_preview_options":{"@type":"linkPreviewOptions","is_disabled":true,"url":"","force_small_media":false,"force_large_media":false,"show_above_text":false}},"reply_markup":{"@type":"replyMarkupInlineKeyboard","rows":[[{"@type":"inlineKeyboardButton","text":"Open \ud83d\ude80","icon_custom_emoji_id":"0","style":{"@type":"buttonStylePrimary"},"type":{"@type":"inlineKeyboardButtonTypeCallback","data":"b3Blbg=="}},{"@type":"inlineKeyboardButton","text":"Site","style":{"@type":"buttonStyleDefault"},"type":{"@type":"inlineKeyboardButtonTypeUrl","url":"https://t.me/"}}]]}},"@client_id":1}"#;

const UPDATE_FILE: &str = r#"{"@type":"updateFile","file":{"@type":"file","id":42,"size":1048576,"expected_size":1048576,"local":{"@type":"localFile","path":"/var/tdlib/photos/42.jpg","can_be_downloaded":true,"can_be_deleted":true,"is_downloading_active":false,"is_downloading_completed":true,"download_offset":0,"downloaded_prefix_size":1048576,"downloaded_size":1048576},"remote":{"@type":"remoteFile","id":"AgACAgIAAxkBAAIBOmdUabc","unique_id":"AQADZ","is_uploading_active":false,"is_uploading_completed":true,"uploaded_size":1048576}},"@client_id":1}"#;

const UPDATE_AUTHORIZATION_STATE: &str = r#"{"@type":"updateAuthorizationState","authorization_state":{"@type":"authorizationStateWaitTdlibParameters"},"@client_id":1}"#;

const UPDATE_OPTION: &str = r#"{"@type":"updateOption","name":"my_id","value":{"@type":"optionValueInteger","value":"123456789"},"@client_id":1}"#;

const CHATS: &str = r#"{"@type":"chats","total_count":3,"chat_ids":[-1001234567890,777000,123456789],"@extra":{"request_id":7},"@client_id":1}"#;

const ERROR: &str =
    r#"{"@type":"error","code":400,"message":"Chat not found","@extra":7,"@client_id":1}"#;

const JSON_VALUE: &str = r#"{"@type":"jsonValueObject","members":[{"@type":"jsonObjectMember","key":"list","value":{"@type":"jsonValueArray","values":[{"@type":"jsonValueNumber","value":1.5},{"@type":"jsonValueString","value":"x"},{"@type":"jsonValueBoolean","value":true},{"@type":"jsonValueNull"}]}}]}"#;

const INSTANT_VIEW: &str = r#"{"@type":"webPageInstantView","blocks":[{"@type":"pageBlockTitle","title":{"@type":"richTextPlain","text":"Title"}},{"@type":"pageBlockParagraph","text":{"@type":"richTexts","texts":[{"@type":"richTextBold","text":{"@type":"richTextPlain","text":"bold"}},{"@type":"richTextUrl","text":{"@type":"richTextPlain","text":"link"},"url":"https://t.me/","is_cached":false}]}},{"@type":"pageBlockDetails","header":{"@type":"richTextPlain","text":"More"},"blocks":[{"@type":"pageBlockDivider"}],"is_open":false}],"view_count":10,"version":2,"is_rtl":false,"is_full":true,"feedback_link":{"@type":"internalLinkTypeUnknownDeepLink","link":"tg://need_update_for_some_feature"}}"#;

const SEND_MESSAGE: &str = r#"{"@type":"sendMessage","chat_id":777000,"reply_to":{"@type":"inputMessageReplyToMessage","message_id":1048576},"options":{"@type":"messageSendOptions","disable_notification":true,"from_background":false,"protect_content":false,"sending_id":1},"input_message_content":{"@type":"inputMessageText","text":{"@type":"formattedText","text":"hi","entities":[]},"clear_draft":true},"@extra":"x1"}"#;

const SET_TDLIB_PARAMETERS: &str = r#"{"@type":"setTdlibParameters","use_test_dc":false,"database_directory":"tdlib","files_directory":"","database_encryption_key":"c2VjcmV0","use_file_database":true,"use_chat_info_database":true,"use_message_database":true,"use_secret_chats":false,"api_id":94575,"api_hash":"a3406de8d171bb422bb6ddf3bbd800e2","system_language_code":"en","device_model":"Desktop","system_version":"","application_version":"1.0"}"#;

const GET_CHATS: &str = r#"{"@type":"getChats","chat_list":{"@type":"chatListMain"},"limit":100}"#;

/// A sample: its name, its complete JSON, and the entry type that reads it.
struct Sample {
    name: &'static str,
    json: String,
    check: Check,
}

fn complete<T: DeserializeOwned + Serialize>(json: &str) -> String {
    let value: T = decode_str(json, false).unwrap_or_else(|error| panic!("{json}: {error}"));
    serde_json::to_string(&value).unwrap()
}

static SAMPLES: LazyLock<Vec<Sample>> = LazyLock::new(|| {
    fn sample<T>(name: &'static str, json: &str) -> Sample
    where
        T: DeserializeOwned + Serialize + PartialEq + Debug,
    {
        Sample {
            name,
            json: complete::<T>(json),
            check: check::<T>,
        }
    }
    vec![
        sample::<enums::Update>("updateNewMessage", UPDATE_NEW_MESSAGE),
        sample::<enums::Update>("updateFile", UPDATE_FILE),
        sample::<enums::Update>("updateAuthorizationState", UPDATE_AUTHORIZATION_STATE),
        sample::<enums::Update>("updateOption", UPDATE_OPTION),
        sample::<enums::Chats>("chats", CHATS),
        sample::<TdError>("error", ERROR),
        sample::<enums::JsonValue>("jsonValue", JSON_VALUE),
        sample::<enums::WebPageInstantView>("webPageInstantView", INSTANT_VIEW),
        sample::<functions::SendMessage>("sendMessage", SEND_MESSAGE),
        sample::<functions::SetTdlibParameters>("setTdlibParameters", SET_TDLIB_PARAMETERS),
        sample::<functions::GetChats>("getChats", GET_CHATS),
    ]
});

#[test]
fn samples_decode_strictly_and_round_trip() {
    on_stack(STACK, || {
        for sample in SAMPLES.iter() {
            (sample.check)(sample.json.as_bytes(), true)
                .unwrap_or_else(|error| panic!("{}: {error}", sample.name));
            (sample.check)(sample.json.as_bytes(), false)
                .unwrap_or_else(|error| panic!("{}: {error}", sample.name));
        }
        // As sent (fields left out, `@extra`), they decode leniently and are refused strictly.
        for (json, check) in [
            (UPDATE_NEW_MESSAGE, check::<enums::Update> as Check),
            (SEND_MESSAGE, check::<functions::SendMessage>),
        ] {
            check(json.as_bytes(), false).unwrap();
            let error = check(json.as_bytes(), true).unwrap_err();
            assert!(error.contains("missing field"), "{error}");
        }
        let update: enums::Update = decode_str(UPDATE_NEW_MESSAGE, false).unwrap();
        let enums::Update::UpdateNewMessage(update) = update else {
            panic!("{update:?}")
        };
        assert_eq!(update.message.effect_id, 5_104_841_245_755_180_586);
    });
}

// ---------------------------------------------------------------------------------------------
// Truncation.

#[test]
fn every_prefix_of_a_sample_is_an_error() {
    on_stack(STACK, || {
        for sample in SAMPLES.iter() {
            let bytes = sample.json.as_bytes();
            for end in 0..bytes.len() {
                for strictly in [false, true] {
                    assert!(
                        (sample.check)(&bytes[..end], strictly).is_err(),
                        "{}: {}",
                        sample.name,
                        String::from_utf8_lossy(&bytes[..end])
                    );
                }
                if let Ok(text) = std::str::from_utf8(&bytes[..end]) {
                    assert!(decode_str::<enums::Update>(text, false).is_err());
                }
            }
            // Trailing garbage after a complete value.
            for tail in [" x", "}", "]", ",", "{}", "\"", "\u{0}"] {
                let json = format!("{}{tail}", sample.json);
                assert!((sample.check)(json.as_bytes(), false).is_err(), "{json}");
            }
            // Trailing whitespace is fine.
            let json = format!(" \n{}\t\r\n ", sample.json);
            (sample.check)(json.as_bytes(), true).unwrap();
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Wrong types in every position.

/// Every value of `value` with its path: the keys and indexes on the way, and the `@type` of
/// the object holding the last key.
fn positions(value: &Value, path: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    match value {
        Value::Object(map) => {
            let owner = map.get("@type").and_then(Value::as_str).unwrap_or("");
            for (key, child) in map {
                path.push(PathStep::Key(owner.to_owned(), key.clone()));
                out.push(path.clone());
                positions(child, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                path.push(PathStep::Index(index));
                out.push(path.clone());
                positions(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum PathStep {
    /// The key, in an object whose `@type` is the first string.
    Key(String, String),
    Index(usize),
}

fn at_path<'v>(value: &'v mut Value, path: &[PathStep]) -> &'v mut Value {
    path.iter().fold(value, |value, step| match step {
        PathStep::Key(_, key) => &mut value[key.as_str()],
        PathStep::Index(index) => &mut value[*index],
    })
}

/// The last `object.field` on `path`.
fn last_field(path: &[PathStep]) -> Option<String> {
    path.iter().rev().find_map(|step| match step {
        PathStep::Key(owner, key) if key != "@type" => Some(format!("{owner}.{key}: ")),
        _ => None,
    })
}

const WRONG: &[&str] = &[
    "null",
    "true",
    "0",
    "-1",
    "1.5",
    "1e999",
    "18446744073709551616",
    "\"\"",
    "\"x\"",
    "\"12\"",
    "[]",
    "[null]",
    "[{}]",
    "{}",
    r#"{"@type":"updateNewThing"}"#,
    r#"{"@type":7}"#,
];

#[test]
fn a_wrong_type_in_every_position_is_an_error_naming_the_field() {
    on_stack(STACK, || {
        let mut errors = 0;
        let mut named = 0;
        for sample in SAMPLES.iter() {
            let value: Value = serde_json::from_str(&sample.json).unwrap();
            let mut paths = Vec::new();
            positions(&value, &mut Vec::new(), &mut paths);
            for path in &paths {
                for wrong in WRONG {
                    let mut hostile = value.clone();
                    *at_path(&mut hostile, path) =
                        serde_json::from_str(wrong).unwrap_or_else(|_| {
                            // `1e999` is no serde_json number: splice it in as text.
                            Value::String("\u{1}splice\u{1}".into())
                        });
                    let json = serde_json::to_string(&hostile)
                        .unwrap()
                        .replace("\"\\u0001splice\\u0001\"", wrong);
                    for strictly in [false, true] {
                        let Err(error) = (sample.check)(json.as_bytes(), strictly) else {
                            continue;
                        };
                        errors += 1;
                        // The error names the field, unless the wrong value is `@type` itself or
                        // the number is not one serde_json reads (a syntax error).
                        let Some(field) = last_field(path) else {
                            continue;
                        };
                        let is_type =
                            matches!(path.last(), Some(PathStep::Key(_, key)) if key == "@type");
                        if !is_type && *wrong != "1e999" {
                            assert!(
                                error.contains(&field),
                                "{}: {json}: {error} (expected {field})",
                                sample.name
                            );
                            named += 1;
                        }
                    }
                }
            }
        }
        assert!(
            errors > 1000 && named > 1000,
            "{errors} errors, {named} named"
        );
    });
}

#[test]
fn errors_name_the_objects_and_fields_on_the_way() {
    on_stack(STACK, || {
        let update = &SAMPLES[0].json;
        let cases = [
            (
                update.replace(r#""date":1733600000"#, r#""date":2147483648"#),
                "updateNewMessage.message: message.date: 2147483648 is out of the range of int32",
            ),
            (
                update.replace(r#""date":1733600000"#, r#""date":"01""#),
                "updateNewMessage.message: message.date: invalid value: string \"01\"",
            ),
            (
                update.replace(r#""date":1733600000"#, r#""date":1e3"#),
                "updateNewMessage.message: message.date: invalid type: floating point `1000.0`",
            ),
            (
                update.replace(r#""data":"b3Blbg==""#, r#""data":"b3Blbg""#),
                "updateNewMessage.message: message.reply_markup: replyMarkupInlineKeyboard.rows: inlineKeyboardButton.type: inlineKeyboardButtonTypeCallback.data: invalid base64",
            ),
            (
                update.replace(r#""data":"b3Blbg==""#, r#""data":"b3-_bg==""#),
                "inlineKeyboardButtonTypeCallback.data: invalid base64",
            ),
            (
                update.replace(
                    r#""effect_id":"5104841245755180586""#,
                    r#""effect_id":"9223372036854775808""#,
                ),
                "updateNewMessage.message: message.effect_id: invalid value: string \"9223372036854775808\"",
            ),
            (
                update.replace(
                    r#""effect_id":"5104841245755180586""#,
                    r#""effect_id":18446744073709551615"#,
                ),
                "updateNewMessage.message: message.effect_id: 18446744073709551615 is out of the range of int64",
            ),
            (
                update.replace(r#""offset":0,"#, r#""offset":-2147483649,"#),
                "updateNewMessage.message: message.content: messageText.text: formattedText.entities: textEntity.offset: -2147483649 is out of the range of int32",
            ),
            (
                update.replace(
                    r#"{"@type":"textEntityTypeBold"}"#,
                    r#"{"@type":"textEntityTypeBold","x":1}"#,
                ),
                "",
            ),
            (
                update.replace(r#""is_pinned":false"#, r#""is_pinned":"false""#),
                "updateNewMessage.message: message.is_pinned: invalid type: string \"false\", expected true or false",
            ),
            (
                update.replace(r#""self_destruct_in":0.0"#, r#""self_destruct_in":"0""#),
                "updateNewMessage.message: message.self_destruct_in: invalid type: string",
            ),
            (
                update.replace(r#"{"@type":"messageSenderUser","user_id":777000}"#, "null"),
                "updateNewMessage.message: message.sender_id: ",
            ),
        ];
        for (json, expected) in cases {
            let result = decode::<enums::Update>(json.as_bytes(), false);
            if expected.is_empty() {
                result.unwrap();
                let error = decode::<enums::Update>(json.as_bytes(), true).unwrap_err();
                assert!(
                    error.starts_with("updateNewMessage.message: message.content: messageText.text: formattedText.entities: textEntity.type: textEntityTypeBold: unknown field `x` of `textEntityTypeBold`"),
                    "{error}"
                );
                continue;
            }
            let error = result.unwrap_err();
            assert!(error.contains(expected), "{error}\n(expected {expected})");
            assert!(error.starts_with("updateNewMessage.message: "), "{error}");
            // One position, at the end.
            assert_eq!(error.matches(" at line ").count(), 1, "{error}");
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Nesting.

/// `levels` objects of `open`…`close`, around `leaf`.
fn nest(levels: usize, open: &str, leaf: &str, close: &str) -> String {
    let mut json = String::with_capacity(levels * (open.len() + close.len()) + leaf.len());
    for _ in 0..levels {
        json.push_str(open);
    }
    json.push_str(leaf);
    for _ in 0..levels {
        json.push_str(close);
    }
    json
}

fn rich_text(objects: usize) -> String {
    nest(
        objects - 1,
        r#"{"@type":"richTextBold","text":"#,
        r#"{"@type":"richTextPlain","text":"x"}"#,
        "}",
    )
}

fn page_block(objects: usize) -> String {
    nest(
        objects - 1,
        r#"{"@type":"pageBlockCover","cover":"#,
        r#"{"@type":"pageBlockDivider"}"#,
        "}",
    )
}

fn page_block_details(objects: usize) -> String {
    // Each level is a details block and the plain header: the header is at the same depth.
    nest(
        objects - 1,
        r#"{"@type":"pageBlockDetails","header":{"@type":"richTextPlain","text":"h"},"is_open":true,"blocks":["#,
        r#"{"@type":"pageBlockDivider"}"#,
        "]}",
    )
}

fn json_value(objects: usize) -> String {
    nest(
        objects - 1,
        r#"{"@type":"jsonValueObject","members":[{"@type":"jsonObjectMember","key":"k","value":"#,
        r#"{"@type":"jsonValueNull"}"#,
        "}]}",
    )
}

/// The stack every test runs on. Optimized, 2 MiB (what Rust gives a new thread and a test by
/// default): 100 nested `richTextBold` need about 1.6 MB there. Unoptimized, 16 MiB: the
/// generated enum decoders keep a stack slot per constructor in their `match` (in a debug build
/// `Update`'s alone takes about 1.3 MB, a realistic `updateNewMessage` about 2 MB, and 100
/// nested `pageBlockCover` about 9.8 MB, more than a main thread's 8 MiB).
const STACK: usize = if cfg!(debug_assertions) {
    16 << 20
} else {
    2 << 20
};

#[test]
fn nesting_up_to_max_depth_is_read_and_deeper_is_refused() {
    on_stack(STACK, || {
        let limit = MAX_DEPTH as usize;
        let limit_message = format!("objects nested deeper than {MAX_DEPTH}");
        for strictly in [false, true] {
            let json = rich_text(limit);
            check::<enums::RichText>(json.as_bytes(), strictly).unwrap();
            let error =
                check::<enums::RichText>(rich_text(limit + 1).as_bytes(), strictly).unwrap_err();
            assert!(error.contains(&limit_message), "{error}");
            assert!(
                error.starts_with("richTextBold.text: richTextBold.text: "),
                "{error}"
            );

            check::<enums::PageBlock>(page_block(limit).as_bytes(), strictly).unwrap();
            let error =
                check::<enums::PageBlock>(page_block(limit + 1).as_bytes(), strictly).unwrap_err();
            assert!(error.contains(&limit_message), "{error}");
            assert!(error.starts_with("pageBlockCover.cover: "), "{error}");

            // Objects within arrays: serde_json's limit of 128 (arrays and objects) comes first.
            check::<enums::PageBlock>(page_block_details(60).as_bytes(), strictly).unwrap();
            let error =
                check::<enums::PageBlock>(page_block_details(70).as_bytes(), strictly).unwrap_err();
            assert!(error.contains("recursion limit exceeded"), "{error}");
            assert!(error.starts_with("pageBlockDetails.blocks: "), "{error}");

            // Two objects and an array a level.
            check::<enums::JsonValue>(json_value(40).as_bytes(), strictly).unwrap();
            let error = check::<enums::JsonValue>(json_value(50).as_bytes(), strictly).unwrap_err();
            assert!(
                error.contains(&limit_message) || error.contains("recursion limit exceeded"),
                "{error}"
            );
            assert!(error.starts_with("jsonValueObject.members: "), "{error}");
        }
    });
}

#[test]
fn nesting_far_deeper_is_refused_without_exhausting_the_stack() {
    on_stack(STACK, || {
        for levels in [1_000, 100_000] {
            for json in [
                rich_text(levels),
                page_block(levels),
                page_block_details(levels),
                json_value(levels),
                nest(levels, "[", "", "]"),
                // `@type` last: the slow path.
                nest(
                    levels,
                    r#"{"text":"#,
                    r#"{"text":"x","@type":"richTextPlain"}"#,
                    r#","@type":"richTextBold"}"#,
                ),
                // An unknown constructor: its body is kept as JSON.
                nest(levels, r#"{"@type":"richTextNew","text":"#, "1", "}"),
                // Unclosed.
                nest(levels, r#"{"@type":"richTextBold","text":"#, "", ""),
            ] {
                for strictly in [false, true] {
                    assert!(check::<enums::RichText>(json.as_bytes(), strictly).is_err());
                    assert!(check::<enums::PageBlock>(json.as_bytes(), strictly).is_err());
                    assert!(check::<enums::JsonValue>(json.as_bytes(), strictly).is_err());
                    assert!(check::<enums::Update>(json.as_bytes(), strictly).is_err());
                }
                // The types without object fields skip unknown keys without recursion.
                assert!(through_every_entry(json.as_bytes()) <= 3, "{}", &json[..60]);
            }
            // Deep in an unknown key: skipped without recursion (serde_json's `ignore_value`
            // loops), so the types without object fields read it leniently.
            let json = nest(levels, r#"{"a":"#, "1", "}");
            assert_eq!(
                decode::<TdError>(json.as_bytes(), false),
                Ok(TdError::new(0, ""))
            );
            assert!(decode::<TdError>(json.as_bytes(), true).is_err());
            assert_eq!(through_every_entry(json.as_bytes()), 3);
        }
        // Inside a realistic update, as the value of an unknown key (skipped without recursion)
        // and as a message's content.
        let deep = nest(100_000, "[", "", "]");
        let update = SAMPLES[0].json.replacen(
            "{\"@type\":\"message\",",
            &format!("{{\"@type\":\"message\",\"x\":{deep},"),
            1,
        );
        check::<enums::Update>(update.as_bytes(), false).unwrap();
        assert!(check::<enums::Update>(update.as_bytes(), true).is_err());
    });
}

/// The slow path (`@type` not first) re-reads an object from its text: objects nested in it
/// are written with `@type` first, so that a deep chain of such objects is not copied once per
/// level.
#[test]
fn type_last_in_nested_objects_reads_the_same_in_bounded_memory() {
    on_stack(STACK, || {
        let levels = MAX_DEPTH as usize - 1;
        let first = rich_text(levels + 1);
        // `@type` last everywhere, after a key that sorts before it.
        let last = nest(
            levels,
            r#"{"!":0,"text":"#,
            &format!(
                r#"{{"!":0,"text":"{}","@type":"richTextPlain"}}"#,
                "x".repeat(100_000)
            ),
            r#","@type":"richTextBold"}"#,
        );
        let expected: enums::RichText = decode_str(
            &first.replace(
                r#""text":"x""#,
                &format!(r#""text":"{}""#, "x".repeat(100_000)),
            ),
            true,
        )
        .unwrap();
        let (value, _, peak) = allocations(|| decode::<enums::RichText>(last.as_bytes(), false));
        assert_eq!(value.unwrap(), expected);
        assert!(
            peak < 16 * last.len(),
            "peak {peak} bytes for {} bytes of input",
            last.len()
        );
    });
}

// ---------------------------------------------------------------------------------------------
// Size: huge arrays and strings.

#[test]
fn huge_arrays_and_strings_allocate_what_the_input_pays_for() {
    on_stack(STACK, || {
        let items = 1_000_000;
        let mut json = String::from(r#"{"@type":"chats","total_count":1,"chat_ids":["#);
        for i in 0..items {
            if i > 0 {
                json.push(',');
            }
            json.push('1');
        }
        json.push_str("]}");
        let (chats, largest, peak) = allocations(|| decode::<enums::Chats>(json.as_bytes(), true));
        let enums::Chats::Chats(chats) = chats.unwrap() else {
            panic!()
        };
        assert_eq!(chats.chat_ids.len(), items);
        // Vec doubling: at most twice the items' 8 bytes, for 2 bytes of input each.
        assert!(
            largest <= 8 * json.len(),
            "{largest} for {} bytes",
            json.len()
        );
        assert!(peak <= 16 * json.len(), "{peak} for {} bytes", json.len());
        drop(chats);

        // Cut before the end, or broken at the end: an error, within the same bounds.
        for end in [json.len() - 2, json.len() / 2] {
            let (result, largest, _) =
                allocations(|| decode::<enums::Chats>(&json.as_bytes()[..end], false));
            assert!(result.is_err());
            assert!(largest <= 8 * json.len());
        }
        let broken = format!("{}x]}}", &json[..json.len() - 2]);
        let (result, largest, _) = allocations(|| decode::<enums::Chats>(broken.as_bytes(), false));
        assert!(result.unwrap_err().starts_with("chats.chat_ids: "));
        assert!(largest <= 8 * json.len());

        // A few bytes never allocate much, whatever they claim.
        for small in [
            r#"{"@type":"chats","chat_ids":["#,
            r#"{"@type":"chats","chat_ids":[1,"#,
            r#"{"@type":"chats","total_count":2147483647,"chat_ids":[]}"#,
            r#"{"@type":"messages","total_count":2147483647,"messages":[{},{},{}]}"#,
            r#"{"@type":"updateFile","file":{"@type":"file","size":9007199254740991,"local":{},"remote":{}}}"#,
        ] {
            let (_, largest, peak) = allocations(|| through_every_entry(small.as_bytes()));
            assert!(largest < 64 << 10, "{small}: {largest}");
            assert!(peak < 1 << 20, "{small}: {peak}");
        }

        // A vector of objects: `{}`s for a struct whose fields all default (lenient).
        let mut json = String::from(r#"{"@type":"jsonValueArray","values":["#);
        for i in 0..100_000 {
            if i > 0 {
                json.push(',');
            }
            json.push_str(r#"{"@type":"jsonValueNull"}"#);
        }
        json.push_str("]}");
        let (value, largest, peak) =
            allocations(|| decode::<enums::JsonValue>(json.as_bytes(), true));
        value.unwrap();
        assert!(
            largest <= 8 * json.len(),
            "{largest} for {} bytes",
            json.len()
        );
        assert!(peak <= 16 * json.len(), "{peak} for {} bytes", json.len());

        // Strings and bytes: what they hold, no more.
        let text = "é".repeat(1 << 20);
        let json = format!(r#"{{"@type":"error","code":1,"message":"{text}"}}"#);
        let (error, largest, _) = allocations(|| decode::<TdError>(json.as_bytes(), true));
        assert_eq!(error.unwrap().message(), text);
        assert!(largest <= 2 * json.len(), "{largest}");
        let unterminated = &json[..json.len() - 2];
        let (error, largest, _) = allocations(|| decode::<TdError>(unterminated.as_bytes(), true));
        assert!(error.is_err());
        assert!(largest <= 2 * json.len(), "{largest}");
        // Escapes are read into a scratch buffer: still bounded by the input.
        let escaped = format!(
            r#"{{"@type":"error","code":1,"message":"{}"}}"#,
            "\\u00e9".repeat(1 << 18)
        );
        let (error, largest, _) = allocations(|| decode::<TdError>(escaped.as_bytes(), true));
        assert_eq!(error.unwrap().message().len(), 2 << 18);
        assert!(largest <= escaped.len(), "{largest}");

        let key = "QUJD".repeat(1 << 18);
        let json = SET_TDLIB_PARAMETERS.replace("c2VjcmV0", &key);
        let (request, largest, _) =
            allocations(|| decode::<functions::SetTdlibParameters>(json.as_bytes(), false));
        assert_eq!(request.unwrap().database_encryption_key.len(), 3 << 18);
        assert!(largest <= 2 * key.len(), "{largest}");
        let bad = SET_TDLIB_PARAMETERS.replace("c2VjcmV0", &format!("{key}!"));
        let (request, largest, _) =
            allocations(|| decode::<functions::SetTdlibParameters>(bad.as_bytes(), false));
        let error = request.unwrap_err();
        assert!(
            error.starts_with("setTdlibParameters.database_encryption_key: invalid base64"),
            "{error}"
        );
        assert!(largest <= 2 * key.len(), "{largest}");
    });
}

// ---------------------------------------------------------------------------------------------
// Invalid base64, out-of-range integers, invalid UTF-8.

#[test]
fn invalid_base64_is_refused() {
    on_stack(STACK, || {
        for key in [
            "c2VjcmV0=",
            "c2VjcmV",
            "c2VjcmV0====",
            "c2Vj\\ncmV0",
            "c2Vj cmV0",
            "c2Vj-_V0",
            "====",
            "c2VjcmV0\\u0000",
            "\u{e9}\u{e9}\u{e9}\u{e9}",
            "YR==",
        ] {
            let json = SET_TDLIB_PARAMETERS.replace("c2VjcmV0", key);
            for strictly in [false, true] {
                let error = decode::<functions::SetTdlibParameters>(json.as_bytes(), strictly)
                    .expect_err(key);
                assert!(
                    error.starts_with("setTdlibParameters.database_encryption_key: invalid base64"),
                    "{key}: {error}"
                );
            }
        }
        let json = SET_TDLIB_PARAMETERS.replace(r#""c2VjcmV0""#, "[1,2]");
        let error = decode::<functions::SetTdlibParameters>(json.as_bytes(), false).unwrap_err();
        assert!(error.starts_with("setTdlibParameters.database_encryption_key: invalid type"));
    });
}

#[test]
fn out_of_range_integers_are_refused() {
    on_stack(STACK, || {
        let cases: &[(&str, &str, &[&str])] = &[
            // int32
            (
                r#""limit":100"#,
                "getChats.limit: ",
                &[
                    "2147483648",
                    "-2147483649",
                    "4294967296",
                    "\"2147483648\"",
                    "9223372036854775808",
                    "-9223372036854775809",
                    "1e2",
                    "100.0",
                    "\"1e2\"",
                    "\"+100\"",
                    "\"0100\"",
                    "\"100 \"",
                ],
            ),
        ];
        for (field, prefix, values) in cases {
            for value in *values {
                let json = GET_CHATS.replace(field, &format!(r#""limit":{value}"#));
                for strictly in [false, true] {
                    let error =
                        decode::<functions::GetChats>(json.as_bytes(), strictly).expect_err(value);
                    assert!(error.starts_with(prefix), "{value}: {error}");
                }
            }
        }
        // int53 and int64.
        let update = &SAMPLES[0].json;
        for (from, to, expected) in [
            (
                r#""chat_id":777000"#,
                r#""chat_id":9223372036854775808"#,
                "message.chat_id: ",
            ),
            (
                r#""chat_id":777000"#,
                r#""chat_id":-9223372036854775809"#,
                "message.chat_id: ",
            ),
            (
                r#""chat_id":777000"#,
                r#""chat_id":"-9223372036854775809""#,
                "message.chat_id: ",
            ),
            (r#""media_album_id":"0""#, r#""media_album_id":"-0""#, ""),
            (
                r#""media_album_id":"0""#,
                r#""media_album_id":"00""#,
                "message.media_album_id: ",
            ),
            (
                r#""media_album_id":"0""#,
                r#""media_album_id":"0x0""#,
                "message.media_album_id: ",
            ),
            (
                r#""media_album_id":"0""#,
                r#""media_album_id":"""#,
                "message.media_album_id: ",
            ),
            (
                r#""media_album_id":"0""#,
                r#""media_album_id":"18446744073709551615""#,
                "message.media_album_id: ",
            ),
        ] {
            assert!(update.contains(from), "{from}");
            let json = update.replacen(from, to, 1);
            let result = decode::<enums::Update>(json.as_bytes(), false);
            if expected.is_empty() {
                // `"-0"` is the integer 0 as TDLib reads it.
                result.unwrap();
                continue;
            }
            let error = result.unwrap_err();
            assert!(
                error.starts_with(&format!("updateNewMessage.message: {expected}")),
                "{to}: {error}"
            );
        }
    });
}

#[test]
fn invalid_utf8_is_refused() {
    on_stack(STACK, || {
        let update = SAMPLES[0].json.as_bytes();
        let in_string = update
            .windows(5)
            .position(|window| window == b"Login")
            .unwrap();
        let in_key = update
            .windows(9)
            .position(|window| window == b"\"chat_id\"")
            .unwrap()
            + 2;
        let in_type = update
            .windows(10)
            .position(|window| window == b"\"@type\":\"m")
            .unwrap()
            + 9;
        for at in [in_string, in_key, in_type] {
            for bad in [
                &[0xff][..],
                &[0xc0, 0x80],
                &[0x80],
                &[0xed, 0xa0, 0x80],
                &[0xf4, 0x90, 0x80, 0x80],
                &[0xe2, 0x82],
            ] {
                let mut bytes = update.to_vec();
                bytes.splice(at..at, bad.iter().copied());
                for strictly in [false, true] {
                    let error = decode::<enums::Update>(&bytes, strictly).unwrap_err();
                    assert!(error.contains("invalid unicode code point"), "{error}");
                }
                // No panic; the types that skip the whole message (`error`, `chats`, …) may read
                // it leniently: serde_json does not check UTF-8 in strings it skips.
                through_every_entry(&bytes);
            }
        }
        // Lone surrogates in escapes.
        for escape in [r"\ud800", r"\udc00", r"\ud800\u0041", r"\uZZZZ", r"\u12"] {
            let json = SAMPLES[0].json.replacen("Login", escape, 1);
            assert!(
                decode::<enums::Update>(json.as_bytes(), false).is_err(),
                "{escape}"
            );
        }
    });
}

#[test]
fn unknown_constructors_are_kept_or_refused() {
    on_stack(STACK, || {
        let json = SAMPLES[0].json.replace(
            r#"{"@type":"textEntityTypeBold"}"#,
            r#"{"@type":"textEntityTypeNew","x":[1,{"y":null}]}"#,
        );
        let update: enums::Update = decode(json.as_bytes(), false).unwrap();
        check::<enums::Update>(json.as_bytes(), false).unwrap();
        let written = serde_json::to_string(&update).unwrap();
        assert!(
            written.contains(r#"{"@type":"textEntityTypeNew","x":[1,{"y":null}]}"#),
            "{written}"
        );
        let error = decode::<enums::Update>(json.as_bytes(), true).unwrap_err();
        assert!(
            error.contains("textEntity.type: TextEntityType: unknown `@type` `textEntityTypeNew`"),
            "{error}"
        );

        let json = r#"{"@type":"updateNewThing","payload":{"@type":"x","n":"1"},"@client_id":1}"#;
        let update: enums::Update = decode_str(json, false).unwrap();
        let enums::Update::Unknown(unknown) = &update else {
            panic!("{update:?}")
        };
        assert_eq!(unknown.name(), "updateNewThing");
        check::<enums::Update>(json.as_bytes(), false).unwrap();
        // A request with an unknown `@type` has no `Unknown`: refused.
        assert!(decode_str::<functions::GetChats>(r#"{"@type":"getChats2"}"#, true).is_err());
    });
}

// ---------------------------------------------------------------------------------------------
// Random mutations of the samples.

/// JSON tokens and fragments the mutations insert.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1.5",
    "1e999",
    "-0",
    "2147483648",
    "18446744073709551616",
    "\"9223372036854775808\"",
    "\"01\"",
    "\"+1\"",
    "\"@type\"",
    "\"@type\":\"x\",",
    "\"@type\":\"richTextBold\",\"text\":",
    "\"@extra\":",
    "{\"@type\":\"jsonValueArray\",\"values\":[",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "\"AA==\"",
    "\"!!\"",
    "\"-_\"",
    "\u{e9}",
    "\u{ff}",
    "\\",
    "\"x\":",
    "{}",
    "[]",
    "[[[[",
    "]]]]",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete(Index, u8),
    Flip(Index, u8),
    SetByte(Index, u8),
    InsertToken(Index, Index),
    Duplicate(Index, u8),
    Truncate(Index),
    /// Replace a value (a number, string or literal starting at the index) with a token.
    ReplaceValue(Index, Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 1..8u8).prop_map(|(at, len)| Mutation::Delete(at, len)),
        (any::<Index>(), any::<u8>()).prop_map(|(at, bit)| Mutation::Flip(at, bit)),
        (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Mutation::SetByte(at, byte)),
        (any::<Index>(), any::<Index>()).prop_map(|(at, token)| Mutation::InsertToken(at, token)),
        (any::<Index>(), 1..64u8).prop_map(|(at, len)| Mutation::Duplicate(at, len)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), any::<Index>()).prop_map(|(at, token)| Mutation::ReplaceValue(at, token)),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    match mutation {
        Mutation::Delete(at, len) => {
            let at = at.index(bytes.len());
            let end = (at + usize::from(*len)).min(bytes.len());
            bytes.drain(at..end);
        }
        Mutation::Flip(at, bit) => {
            let at = at.index(bytes.len());
            bytes[at] ^= 1 << (bit % 8);
        }
        Mutation::SetByte(at, byte) => {
            let at = at.index(bytes.len());
            bytes[at] = *byte;
        }
        Mutation::InsertToken(at, token) => {
            let at = at.index(bytes.len() + 1);
            let token = TOKENS[token.index(TOKENS.len())].as_bytes();
            bytes.splice(at..at, token.iter().copied());
        }
        Mutation::Duplicate(at, len) => {
            let at = at.index(bytes.len());
            let end = (at + usize::from(*len)).min(bytes.len());
            let piece = bytes[at..end].to_vec();
            bytes.splice(end..end, piece);
        }
        Mutation::Truncate(at) => {
            let at = at.index(bytes.len());
            bytes.truncate(at);
        }
        Mutation::ReplaceValue(at, token) => {
            let at = at.index(bytes.len());
            // The value after the next `:`.
            let Some(colon) = bytes[at..].iter().position(|&b| b == b':') else {
                return;
            };
            let start = at + colon + 1;
            let len = value_len(&bytes[start..]);
            let token = TOKENS[token.index(TOKENS.len())].as_bytes();
            bytes.splice(start..start + len, token.iter().copied());
        }
    }
}

/// The length of the scalar or string at the start of `bytes` (0 before an object or array).
fn value_len(bytes: &[u8]) -> usize {
    match bytes.first() {
        Some(b'"') => {
            let mut escaped = false;
            for (i, &b) in bytes.iter().enumerate().skip(1) {
                match b {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => return i + 1,
                    _ => {}
                }
            }
            bytes.len()
        }
        Some(b'{' | b'[') | None => 0,
        Some(_) => bytes
            .iter()
            .position(|&b| matches!(b, b',' | b'}' | b']'))
            .unwrap_or(bytes.len()),
    }
}

/// A mutated sample decodes or is refused, as its own type and as every entry type, lenient
/// and strict; what decodes re-encodes to JSON that decodes to the same value (4,000 cases).
#[test]
fn mutated_samples_never_panic() {
    on_stack(STACK, || {
        let config = ProptestConfig {
            cases: 4000,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        let strategy = (any::<Index>(), proptest::collection::vec(mutation(), 1..6));
        let mut runner = proptest::test_runner::TestRunner::new(config);
        let result = runner.run(&strategy, |(sample, mutations)| {
            let sample = &SAMPLES[sample.index(SAMPLES.len())];
            let mut bytes = sample.json.clone().into_bytes();
            for mutation in &mutations {
                apply(&mut bytes, mutation);
            }
            for strictly in [false, true] {
                let _ = (sample.check)(&bytes, strictly);
            }
            through_every_entry(&bytes);
            Ok(())
        });
        if let Err(error) = result {
            panic!("{error}");
        }
    });
}

/// The mutations reach beyond syntax errors: a fixed-seed run counts how many mutated samples
/// still decode (so that the property test is not only testing serde_json's parser).
#[test]
fn mutations_often_still_decode() {
    on_stack(STACK, || {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = (any::<Index>(), proptest::collection::vec(mutation(), 1..3));
        let (mut decoded, mut total) = (0, 0);
        for _ in 0..2000 {
            let (sample, mutations) = strategy.new_tree(&mut runner).unwrap().current();
            let sample = &SAMPLES[sample.index(SAMPLES.len())];
            let mut bytes = sample.json.clone().into_bytes();
            for mutation in &mutations {
                apply(&mut bytes, mutation);
            }
            total += 1;
            decoded += usize::from((sample.check)(&bytes, false).is_ok());
        }
        assert!(decoded * 20 > total, "{decoded} of {total} decoded");
    });
}
