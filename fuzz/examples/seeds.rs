//! Writes the seed corpora: `cargo run --example seeds` (from `fuzz/`) fills
//! `corpus/parser/` and `corpus/decoders/` (existing files are kept; names are content hashes).
//!
//! - parser: the schema fixtures of `tests/fixtures/{valid,invalid,codegen}` and the bundled
//!   schemas cut into pieces of 40 lines (libFuzzer works best on small inputs);
//! - decoders: for every target, a few random valid encodings from
//!   `tlforge_tests::random_encoding` (the schema-driven encoder), and hand-made envelope inputs:
//!   `rpc_result` with a `gzip_packed` result, a `msg_container` (one of whose bodies nests two);
//! - tdlib_json: TDLib answers and requests as libtdjson writes them (`updateNewMessage`,
//!   `updateFile`, `webPageInstantView`, `sendMessage`, …), each behind the selector of the
//!   type that reads it, and the same JSON behind every other selector.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use tlforge_fuzz::{JSON_TARGETS, TARGETS, input_for, json_input_for};
use tlforge_parser::{Category, Schema};
use tlforge_runtime::{GZIP_PACKED_ID, Serializable};
use tlforge_tests::random_encoding::{Encoder, InnerQuery, Options, Rng, seed_for};

/// Random encodings per target.
const SAMPLES: u64 = 3;
/// Lines per piece of a bundled schema.
const PIECE_LINES: usize = 40;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let parser = write_parser_seeds(root);
    let decoders = write_decoder_seeds(root);
    let json = write_json_seeds(root);
    println!(
        "corpus/parser: {parser} seeds, corpus/decoders: {decoders} seeds, corpus/tdlib_json: {json} seeds"
    );
}

/// FNV-1a, hex: stable file names, so re-running adds nothing twice.
fn name_of(data: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in data {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("seed-{hash:016x}")
}

fn write_all(dir: &Path, inputs: &[Vec<u8>]) -> usize {
    std::fs::create_dir_all(dir).expect("create the corpus directory");
    for input in inputs {
        std::fs::write(dir.join(name_of(input)), input).expect("write a seed");
    }
    inputs.len()
}

fn write_parser_seeds(root: &Path) -> usize {
    let mut inputs = Vec::new();
    for dir in ["valid", "invalid", "codegen"] {
        let dir = root.join("../tests/fixtures").join(dir);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("fixtures directory")
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "tl"))
            .collect();
        files.sort();
        for file in files {
            inputs.push(std::fs::read(file).expect("read a fixture"));
        }
    }
    for text in [tlforge_tests::API_TL, tlforge_tests::MTPROTO_TL] {
        let lines: Vec<&str> = text.lines().collect();
        for piece in lines.chunks(PIECE_LINES) {
            inputs.push(format!("{}\n", piece.join("\n")).into_bytes());
        }
    }
    write_all(&root.join("corpus/parser"), &inputs)
}

fn write_decoder_seeds(root: &Path) -> usize {
    let api = tlforge_tests::parse("api.tl", tlforge_tests::API_TL);
    let mtproto = tlforge_tests::parse("mtproto.tl", tlforge_tests::MTPROTO_TL);
    let options = Options {
        inner_query: InnerQuery::AnyFunction,
        budget: 1024,
        ..Options::default()
    };
    let api_encoder = Encoder::new(&api, options.clone());
    let mtproto_encoder = Encoder::new(&mtproto, options);
    let mut inputs = Vec::new();
    for (index, target) in TARGETS.iter().enumerate() {
        let encoder = if target.rust_type.starts_with("::tlforge_types::mtproto::") {
            &mtproto_encoder
        } else {
            &api_encoder
        };
        let definitions = definitions_of(encoder.schema(), target.tl_name, target.kind);
        for sample in 0..SAMPLES {
            let Some(def) = definitions.get(sample as usize % definitions.len().max(1)) else {
                break;
            };
            let mut rng = Rng::new(seed_for(0, target.tl_name, sample));
            inputs.push(input_for(index, &encoder.encode(def, &mut rng)));
        }
    }
    inputs.extend(envelope_seeds());
    // Every seed is valid: it must decode as its target (the fuzzer mutates from there).
    let failing: Vec<&str> = inputs
        .iter()
        .filter(|input| !tlforge_fuzz::decode(input))
        .filter_map(|input| tlforge_fuzz::select(input).map(|(target, _)| target.tl_name))
        .collect();
    assert!(failing.is_empty(), "seeds that do not decode: {failing:?}");
    write_all(&root.join("corpus/decoders"), &inputs)
}

/// The constructors of boxed type `tl_name` (kind `enum`), or the function `tl_name`.
fn definitions_of<'s>(
    schema: &'s Schema,
    tl_name: &str,
    kind: &str,
) -> Vec<&'s tlforge_parser::Definition> {
    schema
        .user_definitions()
        .filter(|def| match kind {
            "enum" => {
                def.category == Category::Constructor && def.result.name.to_string() == tl_name
            }
            _ => def.category == Category::Function && def.name.to_string() == tl_name,
        })
        .collect()
}

fn target_index(tl_name: &str, kind: &str, rust_type_prefix: &str) -> usize {
    TARGETS
        .iter()
        .position(|t| {
            t.tl_name == tl_name && t.kind == kind && t.rust_type.starts_with(rust_type_prefix)
        })
        .unwrap_or_else(|| panic!("no target {kind} {tl_name}"))
}

fn gzip_packed(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("write to a Vec");
    let packed = encoder.finish().expect("write to a Vec");
    let mut out = GZIP_PACKED_ID.to_le_bytes().to_vec();
    packed.serialize(&mut out);
    out
}

fn envelope_seeds() -> Vec<Vec<u8>> {
    use tlforge_types::{enums, types};

    let mut sent_code = types::auth::SentCode::new(
        types::auth::SentCodeTypeSms::new(5).into(),
        "8a3d5f0e1b".into(),
    );
    sent_code.timeout = Some(120);
    let sent_code: enums::auth::SentCode = sent_code.into();
    let sent_code_index = target_index("auth.SentCode", "enum", "::tlforge_types::enums::");
    let rpc_index = target_index("RpcResult", "enum", "::tlforge_types::mtproto::");
    let container_index = target_index("MessageContainer", "enum", "::tlforge_types::mtproto::");

    let packed = gzip_packed(&sent_code.to_bytes());
    let mut rpc = 0xf35c_6d01_u32.to_le_bytes().to_vec();
    rpc.extend(7_i64.to_le_bytes());
    rpc.extend(&packed);

    let bodies = [packed.clone(), true.to_bytes(), gzip_packed(&packed)];
    let mut container = 0x73f1_f8dc_u32.to_le_bytes().to_vec();
    container.extend(3_i32.to_le_bytes());
    for (i, body) in bodies.iter().enumerate() {
        container.extend((1000 + i as i64).to_le_bytes());
        container.extend((2 * i as i32 + 1).to_le_bytes());
        container.extend(i32::try_from(body.len()).expect("small").to_le_bytes());
        container.extend(body);
    }
    // A packed value inside another is refused (issue 26), so it is no seed; the fuzzer may
    // still find it, and must see it refused within the budget.
    vec![
        input_for(sent_code_index, &packed),
        input_for(rpc_index, &rpc),
        input_for(container_index, &container),
    ]
}

/// TDLib's JSON, as libtdjson writes it, and the type that reads it.
const JSON_SEEDS: &[(&str, &str)] = &[
    (
        "tlforge_tdlib::enums::Update",
        r#"{"@type":"updateNewMessage","message":{"@type":"message","id":1048576,"sender_id":{"@type":"messageSenderUser","user_id":777000},"chat_id":777000,"is_outgoing":false,"is_pinned":false,"can_be_saved":true,"date":1733600000,"edit_date":0,"interaction_info":{"@type":"messageInteractionInfo","view_count":3,"forward_count":0},"unread_reactions":[],"self_destruct_in":0.0,"auto_delete_in":0.0,"via_bot_user_id":0,"author_signature":"","media_album_id":"0","effect_id":"5104841245755180586","content":{"@type":"messageText","text":{"@type":"formattedText","text":"Login code: 12345. Do not give this code to anyone, even if they say they are from Telegram! \u26a0\ufe0f https://telegram.org","entities":[{"@type":"textEntity","offset":0,"length":11,"type":{"@type":"textEntityTypeBold"}},{"@type":"textEntity","offset":100,"length":20,"type":{"@type":"textEntityTypeTextUrl","url":"https://telegram.org/"}}]},"link_preview_options":{"@type":"linkPreviewOptions","is_disabled":true,"url":"","force_small_media":false,"force_large_media":false,"show_above_text":false}},"reply_markup":{"@type":"replyMarkupInlineKeyboard","rows":[[{"@type":"inlineKeyboardButton","text":"Open \ud83d\ude80","icon_custom_emoji_id":"0","style":{"@type":"buttonStylePrimary"},"type":{"@type":"inlineKeyboardButtonTypeCallback","data":"b3Blbg=="}},{"@type":"inlineKeyboardButton","text":"Site","style":{"@type":"buttonStyleDefault"},"type":{"@type":"inlineKeyboardButtonTypeUrl","url":"https://t.me/"}}]]}},"@client_id":1}"#,
    ),
    (
        "tlforge_tdlib::enums::Update",
        r#"{"@type":"updateFile","file":{"@type":"file","id":42,"size":1048576,"expected_size":1048576,"local":{"@type":"localFile","path":"/var/tdlib/photos/42.jpg","can_be_downloaded":true,"can_be_deleted":true,"is_downloading_active":false,"is_downloading_completed":true,"download_offset":0,"downloaded_prefix_size":1048576,"downloaded_size":1048576},"remote":{"@type":"remoteFile","id":"AgACAgIAAxkBAAIBOmdUabc","unique_id":"AQADZ","is_uploading_active":false,"is_uploading_completed":true,"uploaded_size":1048576}},"@client_id":1}"#,
    ),
    (
        "tlforge_tdlib::enums::Update",
        r#"{"@type":"updateAuthorizationState","authorization_state":{"@type":"authorizationStateWaitTdlibParameters"},"@client_id":1}"#,
    ),
    (
        "tlforge_tdlib::enums::Update",
        r#"{"@type":"updateOption","name":"my_id","value":{"@type":"optionValueInteger","value":"123456789"},"@client_id":1}"#,
    ),
    (
        "tlforge_tdlib::enums::AuthorizationState",
        r#"{"@type":"authorizationStateWaitPhoneNumber"}"#,
    ),
    (
        "tlforge_tdlib::enums::Chats",
        r#"{"@type":"chats","total_count":3,"chat_ids":[-1001234567890,777000,123456789],"@extra":{"request_id":7},"@client_id":1}"#,
    ),
    (
        "tlforge_tdlib::TdError",
        r#"{"@type":"error","code":400,"message":"Chat not found","@extra":7,"@client_id":1}"#,
    ),
    (
        "tlforge_tdlib::enums::JsonValue",
        r#"{"@type":"jsonValueObject","members":[{"@type":"jsonObjectMember","key":"list","value":{"@type":"jsonValueArray","values":[{"@type":"jsonValueNumber","value":1.5},{"@type":"jsonValueString","value":"x"},{"@type":"jsonValueBoolean","value":true},{"@type":"jsonValueNull"}]}}]}"#,
    ),
    (
        "tlforge_tdlib::enums::WebPageInstantView",
        r#"{"@type":"webPageInstantView","blocks":[{"@type":"pageBlockTitle","title":{"@type":"richTextPlain","text":"Title"}},{"@type":"pageBlockParagraph","text":{"@type":"richTexts","texts":[{"@type":"richTextBold","text":{"@type":"richTextPlain","text":"bold"}},{"@type":"richTextUrl","text":{"@type":"richTextPlain","text":"link"},"url":"https://t.me/","is_cached":false}]}},{"@type":"pageBlockDetails","header":{"@type":"richTextPlain","text":"More"},"blocks":[{"@type":"pageBlockDivider"}],"is_open":false}],"view_count":10,"version":2,"is_rtl":false,"is_full":true,"feedback_link":{"@type":"internalLinkTypeUnknownDeepLink","link":"tg://need_update_for_some_feature"}}"#,
    ),
    (
        "tlforge_tdlib::enums::RichText",
        r#"{"@type":"richTextBold","text":{"@type":"richTextPlain","text":"x"}}"#,
    ),
    (
        "tlforge_tdlib::enums::PageBlock",
        r#"{"@type":"pageBlockCover","cover":{"@type":"pageBlockDivider"}}"#,
    ),
    (
        "tlforge_tdlib::functions::SendMessage",
        r#"{"@type":"sendMessage","chat_id":777000,"reply_to":{"@type":"inputMessageReplyToMessage","message_id":1048576},"options":{"@type":"messageSendOptions","disable_notification":true,"from_background":false,"protect_content":false,"sending_id":1},"input_message_content":{"@type":"inputMessageText","text":{"@type":"formattedText","text":"hi","entities":[]},"clear_draft":true},"@extra":"x1"}"#,
    ),
    (
        "tlforge_tdlib::functions::SetTdlibParameters",
        r#"{"@type":"setTdlibParameters","use_test_dc":false,"database_directory":"tdlib","files_directory":"","database_encryption_key":"c2VjcmV0","use_file_database":true,"use_chat_info_database":true,"use_message_database":true,"use_secret_chats":false,"api_id":94575,"api_hash":"a3406de8d171bb422bb6ddf3bbd800e2","system_language_code":"en","device_model":"Desktop","system_version":"","application_version":"1.0"}"#,
    ),
    (
        "tlforge_tdlib::functions::GetChats",
        r#"{"@type":"getChats","chat_list":{"@type":"chatListMain"},"limit":100}"#,
    ),
];

fn write_json_seeds(root: &Path) -> usize {
    let mut inputs = Vec::new();
    for (rust_type, json) in JSON_SEEDS {
        let index = JSON_TARGETS
            .iter()
            .position(|target| target.rust_type.replace(' ', "") == *rust_type)
            .unwrap_or_else(|| panic!("no JSON target {rust_type}"));
        let input = json_input_for(index, json.as_bytes());
        // Every seed is valid for its own type.
        assert!(tlforge_fuzz::tdlib_json(&input), "{rust_type}: {json}");
        inputs.push(input);
        // And the same JSON for every other type (mostly errors, some `Unknown`s).
        for other in (0..JSON_TARGETS.len()).filter(|&other| other != index) {
            inputs.push(json_input_for(other, json.as_bytes()));
        }
    }
    write_all(&root.join("corpus/tdlib_json"), &inputs)
}
