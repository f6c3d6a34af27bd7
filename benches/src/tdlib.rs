//! Issue 36: tlforge-tdlib against tdlib-rs 1.4.0, on TDLib's JSON.
//!
//! tlforge-tdlib is generated from TDLib 1.8.66's `td_api.tl`, tdlib-rs 1.4.0 from TDLib 1.8.61's
//! (the `tl/api.tl` its crate ships). The messages below are written as TDLib writes them
//! (`@type` first, then the fields in schema order, int64 as strings, bytes in base64, null
//! objects left out, `@client_id` (and `@extra` for answers) last, as `td_receive` adds them),
//! from constructors whose definitions are identical in both schemas, except three whose
//! fields changed between the versions: `message`, `chat` and `chatPermissions` (and
//! `messageReplyToMessage`, one added string). Those are written with the fields of both
//! versions (TDLib 1.8.66's, plus `message.is_paid_ton_suggested_post` of 1.8.61), every field
//! that only one version has holding its default value, so that each library skips the keys
//! it does not know and both read the same meaning ([`check`] proves it).

use std::fmt::Write as _;

use serde_json::Value;

/// A JSON value written in the order given (serde_json's `Value` sorts keys).
#[derive(Debug, Clone)]
pub enum J {
    /// `true` / `false`.
    Bool(bool),
    /// An integer (int32, int53).
    Int(i64),
    /// A double.
    Float(f64),
    /// A string (int64 fields are strings too: [`int64`]).
    Str(String),
    /// An array.
    Arr(Vec<J>),
    /// An object: its keys in order (`@type` first, from [`obj`]).
    Obj(Vec<(&'static str, J)>),
}

/// `{"@type": name, fields…}`.
#[must_use]
pub fn obj(name: &str, fields: Vec<(&'static str, J)>) -> J {
    let mut all = Vec::with_capacity(fields.len() + 1);
    all.push(("@type", J::Str(name.to_owned())));
    all.extend(fields);
    J::Obj(all)
}

/// An int64, as TDLib writes it: a string.
#[must_use]
pub fn int64(value: i64) -> J {
    J::Str(value.to_string())
}

fn s(text: &str) -> J {
    J::Str(text.to_owned())
}

impl J {
    fn write(&self, out: &mut String) {
        match self {
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Int(i) => write!(out, "{i}").expect("a String"),
            J::Float(f) => out.push_str(&serde_json::to_string(f).expect("finite")),
            J::Str(text) => out.push_str(&serde_json::to_string(text).expect("a string")),
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            J::Obj(fields) => {
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(key).expect("a string"));
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// The JSON text.
    #[must_use]
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    /// The same object with TDLib's keys of an answer or update after its fields: `@extra`
    /// (answers to requests only) and `@client_id`.
    #[must_use]
    pub fn received(mut self, extra: Option<&str>) -> J {
        if let J::Obj(fields) = &mut self {
            if let Some(extra) = extra {
                fields.push(("@extra", s(extra)));
            }
            fields.push(("@client_id", J::Int(1)));
        }
        self
    }
}

/// A small deterministic generator (the same messages in every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const WORDS: &[&str] = &[
    "the",
    "meeting",
    "moved",
    "to",
    "tomorrow",
    "at",
    "noon",
    "please",
    "check",
    "release",
    "notes",
    "before",
    "merging",
    "build",
    "is",
    "green",
    "again",
    "thanks",
    "for",
    "review",
    "deploy",
    "server",
    "logs",
    "look",
    "fine",
    "Привет",
    "как",
    "дела",
    "🙂",
    "👍",
    "ok",
];

/// A text of about `len` characters and its entities (offsets in UTF-16 units, as TDLib counts).
fn text_with_entities(rng: &mut Rng, len: usize) -> J {
    let mut text = String::new();
    let mut entities = Vec::new();
    let mut utf16 = 0usize;
    while text.chars().count() < len {
        if !text.is_empty() {
            let sep = if rng.chance(5) { "\n" } else { " " };
            text.push_str(sep);
            utf16 += 1;
        }
        let roll = rng.below(100);
        let (word, kind): (String, Option<J>) = if roll < 4 {
            (
                "https://example.org/docs/page".to_owned(),
                Some(obj("textEntityTypeUrl", vec![])),
            )
        } else if roll < 7 {
            (
                "@someone".to_owned(),
                Some(obj("textEntityTypeMention", vec![])),
            )
        } else if roll < 10 {
            (
                "here".to_owned(),
                Some(obj(
                    "textEntityTypeTextUrl",
                    vec![("url", s("https://telegram.org/blog/tdlib-json"))],
                )),
            )
        } else if roll < 13 {
            (
                "important".to_owned(),
                Some(obj("textEntityTypeBold", vec![])),
            )
        } else if roll < 15 {
            (
                "maybe".to_owned(),
                Some(obj("textEntityTypeItalic", vec![])),
            )
        } else if roll < 17 {
            (
                "cargo bench".to_owned(),
                Some(obj("textEntityTypeCode", vec![])),
            )
        } else {
            let word = WORDS[rng.below(WORDS.len() as u64) as usize];
            (word.to_owned(), None)
        };
        let units = word.encode_utf16().count();
        if let Some(kind) = kind {
            entities.push(obj(
                "textEntity",
                vec![
                    ("offset", J::Int(utf16 as i64)),
                    ("length", J::Int(units as i64)),
                    ("type", kind),
                ],
            ));
        }
        text.push_str(&word);
        utf16 += units;
    }
    obj(
        "formattedText",
        vec![("text", J::Str(text)), ("entities", J::Arr(entities))],
    )
}

fn user_sender(user_id: i64) -> J {
    obj("messageSenderUser", vec![("user_id", J::Int(user_id))])
}

/// A `message` with text content (TDLib 1.8.66's fields, plus 1.8.61's
/// `is_paid_ton_suggested_post`; every field of one version only holds its default).
fn message(rng: &mut Rng, id: i64, chat_id: i64, sender: i64, date: i32) -> J {
    let mut f: Vec<(&'static str, J)> = vec![
        ("id", J::Int(id)),
        ("sender_id", user_sender(sender)),
        ("chat_id", J::Int(chat_id)),
        ("is_outgoing", J::Bool(sender == 1)),
        ("is_pinned", J::Bool(rng.chance(2))),
        ("is_from_offline", J::Bool(false)),
        ("can_be_saved", J::Bool(true)),
        ("has_timestamped_media", J::Bool(true)),
        ("is_channel_post", J::Bool(false)),
        ("is_paid_star_suggested_post", J::Bool(false)),
        // 1.8.61's name of the next field (1.8.66 renamed it): tdlib-rs reads this one.
        ("is_paid_ton_suggested_post", J::Bool(false)),
        ("is_paid_gram_suggested_post", J::Bool(false)),
        ("contains_unread_mention", J::Bool(rng.chance(5))),
        ("contains_unread_poll_votes", J::Bool(false)),
        ("date", J::Int(i64::from(date))),
        (
            "edit_date",
            J::Int(if rng.chance(15) {
                i64::from(date) + 60
            } else {
                0
            }),
        ),
    ];
    if rng.chance(10) {
        f.push((
            "forward_info",
            obj(
                "messageForwardInfo",
                vec![
                    (
                        "origin",
                        obj(
                            "messageOriginUser",
                            vec![("sender_user_id", J::Int(777_000))],
                        ),
                    ),
                    ("date", J::Int(i64::from(date) - 3600)),
                    ("public_service_announcement_type", s("")),
                ],
            ),
        ));
    }
    if rng.chance(40) {
        let mut reactions = Vec::new();
        for emoji in ["👍", "❤", "🔥"].iter().take(rng.below(3) as usize + 1) {
            reactions.push(obj(
                "messageReaction",
                vec![
                    ("type", obj("reactionTypeEmoji", vec![("emoji", s(emoji))])),
                    ("total_count", J::Int(rng.below(20) as i64 + 1)),
                    ("is_chosen", J::Bool(rng.chance(30))),
                    (
                        "recent_sender_ids",
                        J::Arr(vec![user_sender(1000 + rng.below(20) as i64)]),
                    ),
                ],
            ));
        }
        f.push((
            "interaction_info",
            obj(
                "messageInteractionInfo",
                vec![
                    ("view_count", J::Int(rng.below(5000) as i64)),
                    ("forward_count", J::Int(rng.below(50) as i64)),
                    (
                        "reactions",
                        obj(
                            "messageReactions",
                            vec![
                                ("reactions", J::Arr(reactions)),
                                ("are_tags", J::Bool(false)),
                                ("paid_reactors", J::Arr(vec![])),
                                ("can_get_added_reactions", J::Bool(true)),
                            ],
                        ),
                    ),
                ],
            ),
        ));
    }
    f.push(("unread_reactions", J::Arr(vec![])));
    if rng.chance(25) && id > 1 {
        f.push((
            "reply_to",
            obj(
                "messageReplyToMessage",
                vec![
                    ("chat_id", J::Int(chat_id)),
                    (
                        "message_id",
                        J::Int(id - (rng.below(5) as i64 + 1) * 1_048_576),
                    ),
                    ("checklist_task_id", J::Int(0)),
                    // TDLib 1.8.66 only (tdlib-rs skips it).
                    ("poll_option_id", s("")),
                    ("origin_send_date", J::Int(0)),
                ],
            ),
        ));
    }
    f.extend([
        ("self_destruct_in", J::Float(0.0)),
        ("auto_delete_in", J::Float(0.0)),
        ("via_bot_user_id", J::Int(0)),
        ("sender_business_bot_user_id", J::Int(0)),
        ("sender_boost_count", J::Int(0)),
        ("sender_tag", s("")),
        ("paid_message_star_count", J::Int(0)),
        ("author_signature", s("")),
        ("media_album_id", int64(0)),
        ("effect_id", int64(0)),
        ("summary_language_code", s("")),
    ]);
    let len = [20, 60, 150, 400][rng.below(4) as usize];
    f.push((
        "content",
        obj("messageText", vec![("text", text_with_entities(rng, len))]),
    ));
    f.push(("ephemeral_message_id", J::Int(0)));
    obj("message", f)
}

fn file(id: i64, size: i64, remote: &str) -> J {
    obj(
        "file",
        vec![
            ("id", J::Int(id)),
            ("size", J::Int(size)),
            ("expected_size", J::Int(size)),
            (
                "local",
                obj(
                    "localFile",
                    vec![
                        ("path", s("")),
                        ("can_be_downloaded", J::Bool(true)),
                        ("can_be_deleted", J::Bool(false)),
                        ("is_downloading_active", J::Bool(false)),
                        ("is_downloading_completed", J::Bool(false)),
                        ("download_offset", J::Int(0)),
                        ("downloaded_prefix_size", J::Int(0)),
                        ("downloaded_size", J::Int(0)),
                    ],
                ),
            ),
            (
                "remote",
                obj(
                    "remoteFile",
                    vec![
                        ("id", s(remote)),
                        ("unique_id", s(&remote[..remote.len().min(20)])),
                        ("is_uploading_active", J::Bool(false)),
                        ("is_uploading_completed", J::Bool(true)),
                        ("uploaded_size", J::Int(size)),
                    ],
                ),
            ),
        ],
    )
}

/// A minithumbnail: a ~40×40 JPEG of about 600 bytes, base64 (~800 characters).
fn minithumbnail(rng: &mut Rng) -> J {
    let bytes: Vec<u8> = (0..600).map(|_| rng.below(256) as u8).collect();
    // Standard base64 with padding, as TDLib writes bytes.
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                text.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                text.push('=');
            }
        }
    }
    obj(
        "minithumbnail",
        vec![
            ("width", J::Int(40)),
            ("height", J::Int(40)),
            ("data", J::Str(text)),
        ],
    )
}

fn remote_id(rng: &mut Rng) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    (0..64)
        .map(|_| ALPHABET[rng.below(64) as usize] as char)
        .collect()
}

fn chat_position(order: i64, pinned: bool) -> J {
    obj(
        "chatPosition",
        vec![
            ("list", obj("chatListMain", vec![])),
            ("order", int64(order)),
            ("is_pinned", J::Bool(pinned)),
        ],
    )
}

/// A `chat` as getChat answers it (TDLib 1.8.66's fields; `unread_poll_vote_count` and two
/// permissions of 1.8.66 only hold their defaults).
fn chat(rng: &mut Rng, index: i64) -> J {
    let private = index % 3 != 0;
    let id = if private {
        1000 + index
    } else {
        -1_000_000_000_000 - index
    };
    let kind = if private {
        obj("chatTypePrivate", vec![("user_id", J::Int(1000 + index))])
    } else {
        obj(
            "chatTypeSupergroup",
            vec![
                ("supergroup_id", J::Int(index)),
                ("is_channel", J::Bool(index % 2 == 0)),
            ],
        )
    };
    let small = remote_id(rng);
    let big = remote_id(rng);
    let photo = obj(
        "chatPhotoInfo",
        vec![
            ("small", file(index * 2, 0, &small)),
            ("big", file(index * 2 + 1, 0, &big)),
            ("minithumbnail", minithumbnail(rng)),
            ("has_animation", J::Bool(false)),
            ("is_personal", J::Bool(false)),
        ],
    );
    let permissions = obj(
        "chatPermissions",
        [
            "can_send_basic_messages",
            "can_send_audios",
            "can_send_documents",
            "can_send_photos",
            "can_send_videos",
            "can_send_video_notes",
            "can_send_voice_notes",
            "can_send_polls",
            "can_send_other_messages",
            "can_add_link_previews",
            // TDLib 1.8.66 only (tdlib-rs skips them).
            "can_react_to_messages",
            "can_edit_tag",
            "can_change_info",
            "can_invite_users",
            "can_pin_messages",
            "can_create_topics",
        ]
        .into_iter()
        .map(|name| {
            let value = !matches!(name, "can_react_to_messages" | "can_edit_tag")
                && (private || name.starts_with("can_send"));
            (name, J::Bool(value))
        })
        .collect(),
    );
    let notification_settings = obj(
        "chatNotificationSettings",
        vec![
            ("use_default_mute_for", J::Bool(true)),
            ("mute_for", J::Int(0)),
            ("use_default_sound", J::Bool(true)),
            ("sound_id", int64(0)),
            ("use_default_show_preview", J::Bool(true)),
            ("show_preview", J::Bool(true)),
            ("use_default_mute_stories", J::Bool(true)),
            ("mute_stories", J::Bool(false)),
            ("use_default_story_sound", J::Bool(true)),
            ("story_sound_id", int64(0)),
            ("use_default_show_story_poster", J::Bool(true)),
            ("show_story_poster", J::Bool(true)),
            (
                "use_default_disable_pinned_message_notifications",
                J::Bool(true),
            ),
            ("disable_pinned_message_notifications", J::Bool(false)),
            ("use_default_disable_mention_notifications", J::Bool(true)),
            ("disable_mention_notifications", J::Bool(false)),
        ],
    );
    let last_id = 1_048_576 * (500 + index);
    let order = 7_000_000_000_000_000_000 - index * 1_000_003;
    obj(
        "chat",
        vec![
            ("id", J::Int(id)),
            ("type", kind),
            ("title", J::Str(format!("Chat number {index} — команда"))),
            ("photo", photo),
            ("accent_color_id", J::Int(index % 7)),
            ("background_custom_emoji_id", int64(0)),
            ("profile_accent_color_id", J::Int(-1)),
            ("profile_background_custom_emoji_id", int64(0)),
            ("permissions", permissions),
            (
                "last_message",
                message(rng, last_id, id, 1000 + index, 1_765_000_000),
            ),
            ("positions", J::Arr(vec![chat_position(order, index < 2)])),
            ("chat_lists", J::Arr(vec![obj("chatListMain", vec![])])),
            ("has_protected_content", J::Bool(false)),
            ("is_translatable", J::Bool(false)),
            ("is_marked_as_unread", J::Bool(false)),
            ("view_as_topics", J::Bool(false)),
            ("has_scheduled_messages", J::Bool(false)),
            ("can_be_deleted_only_for_self", J::Bool(true)),
            ("can_be_deleted_for_all_users", J::Bool(private)),
            ("can_be_reported", J::Bool(!private)),
            ("default_disable_notification", J::Bool(false)),
            ("unread_count", J::Int(rng.below(30) as i64)),
            ("last_read_inbox_message_id", J::Int(last_id)),
            ("last_read_outbox_message_id", J::Int(last_id - 1_048_576)),
            ("unread_mention_count", J::Int(0)),
            ("unread_reaction_count", J::Int(0)),
            // TDLib 1.8.66 only (tdlib-rs skips it).
            ("unread_poll_vote_count", J::Int(0)),
            ("notification_settings", notification_settings),
            (
                "available_reactions",
                obj(
                    "chatAvailableReactionsAll",
                    vec![("max_reaction_count", J::Int(11))],
                ),
            ),
            ("message_auto_delete_time", J::Int(0)),
            (
                "video_chat",
                obj(
                    "videoChat",
                    vec![
                        ("group_call_id", J::Int(0)),
                        ("has_participants", J::Bool(false)),
                    ],
                ),
            ),
            ("reply_markup_message_id", J::Int(0)),
            ("client_data", s("")),
        ],
    )
}

fn user(rng: &mut Rng, id: i64) -> J {
    let status = match rng.below(3) {
        0 => obj("userStatusOnline", vec![("expires", J::Int(1_765_000_300))]),
        1 => obj(
            "userStatusOffline",
            vec![("was_online", J::Int(1_764_990_000))],
        ),
        _ => obj(
            "userStatusRecently",
            vec![("by_my_privacy_settings", J::Bool(false))],
        ),
    };
    let small = remote_id(rng);
    let big = remote_id(rng);
    obj(
        "user",
        vec![
            ("id", J::Int(id)),
            ("first_name", J::Str(format!("Name{id}"))),
            ("last_name", s("Surname")),
            (
                "usernames",
                obj(
                    "usernames",
                    vec![
                        (
                            "active_usernames",
                            J::Arr(vec![J::Str(format!("user{id}"))]),
                        ),
                        ("disabled_usernames", J::Arr(vec![])),
                        ("editable_username", J::Str(format!("user{id}"))),
                        ("collectible_usernames", J::Arr(vec![])),
                    ],
                ),
            ),
            ("phone_number", s("")),
            ("status", status),
            (
                "profile_photo",
                obj(
                    "profilePhoto",
                    vec![
                        ("id", int64(5_000_000_000_000_000_000 + id)),
                        ("small", file(id * 2, 0, &small)),
                        ("big", file(id * 2 + 1, 0, &big)),
                        ("minithumbnail", minithumbnail(rng)),
                        ("has_animation", J::Bool(false)),
                        ("is_personal", J::Bool(false)),
                    ],
                ),
            ),
            ("accent_color_id", J::Int(id % 7)),
            ("background_custom_emoji_id", int64(0)),
            ("profile_accent_color_id", J::Int(-1)),
            ("profile_background_custom_emoji_id", int64(0)),
            ("is_contact", J::Bool(id % 2 == 0)),
            ("is_mutual_contact", J::Bool(false)),
            ("is_close_friend", J::Bool(false)),
            ("is_premium", J::Bool(id % 5 == 0)),
            ("is_support", J::Bool(false)),
            ("restricts_new_chats", J::Bool(false)),
            ("paid_message_star_count", J::Int(0)),
            ("have_access", J::Bool(true)),
            ("type", obj("userTypeRegular", vec![])),
            ("language_code", s("")),
            ("added_to_attachment_menu", J::Bool(false)),
        ],
    )
}

/// What a document is read as (the boxed type an answer or update has).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `Chats` (getChats' answer).
    Chats,
    /// `Chat` (getChat's answer).
    Chat,
    /// `Messages` (getChatHistory's answer).
    Messages,
    /// `Update`.
    Update,
}

/// A benchmark input: JSON documents as `td_receive` returns them, one after the other.
#[derive(Debug, Clone)]
pub struct Stream {
    /// What it is.
    pub what: &'static str,
    /// Each document and how it is read.
    pub docs: Vec<(Kind, String)>,
}

impl Stream {
    /// The total length of the documents in bytes.
    #[must_use]
    pub fn bytes(&self) -> usize {
        self.docs.iter().map(|(_, doc)| doc.len()).sum()
    }
}

/// The chat list: getChats' `chats` (20 ids) then getChat's answer for each of the 20 chats
/// (photo with a minithumbnail, last message, position, settings).
#[must_use]
pub fn chat_list() -> Stream {
    let mut rng = Rng(36);
    let mut docs = Vec::new();
    let chats: Vec<J> = (0..20).map(|i| chat(&mut rng, i)).collect();
    let ids = chats
        .iter()
        .map(|chat| match chat {
            J::Obj(fields) => fields[1].1.clone(),
            _ => unreachable!(),
        })
        .collect();
    docs.push((
        Kind::Chats,
        obj(
            "chats",
            vec![("total_count", J::Int(20)), ("chat_ids", J::Arr(ids))],
        )
        .received(Some("getChats"))
        .text(),
    ));
    for (i, chat) in chats.into_iter().enumerate() {
        docs.push((
            Kind::Chat,
            chat.received(Some(&format!("getChat{i}"))).text(),
        ));
    }
    Stream {
        what: "chat list: chats (20 ids) + 20 chat",
        docs,
    }
}

/// The message history: getChatHistory's `messages` with 100 text messages from 10 senders.
#[must_use]
pub fn history() -> Stream {
    let mut rng = Rng(3636);
    let chat_id = -1_000_000_000_042;
    let messages: Vec<J> = (0..100)
        .map(|i| {
            let id = 1_048_576 * (1000 - i);
            let sender = if rng.chance(20) {
                1
            } else {
                1000 + rng.below(10) as i64
            };
            message(&mut rng, id, chat_id, sender, 1_765_000_000 - 37 * i as i32)
        })
        .collect();
    let doc = obj(
        "messages",
        vec![("total_count", J::Int(100)), ("messages", J::Arr(messages))],
    )
    .received(Some("getChatHistory"))
    .text();
    Stream {
        what: "message history: messages (100 message)",
        docs: vec![(Kind::Messages, doc)],
    }
}

/// A batch of 60 updates as a client receives them: new messages, last messages of chats,
/// users, statuses, read marks, positions, deletions, interaction info, typing.
#[must_use]
pub fn updates() -> Stream {
    let mut rng = Rng(363_636);
    let mut docs = Vec::new();
    for i in 0..60i64 {
        let chat_id = 1000 + rng.below(20) as i64;
        let id = 1_048_576 * (2000 + i);
        let date = 1_765_000_000 + i as i32;
        let update = match i % 10 {
            0 | 5 => obj(
                "updateNewMessage",
                vec![("message", message(&mut rng, id, chat_id, chat_id, date))],
            ),
            1 | 6 => obj(
                "updateChatLastMessage",
                vec![
                    ("chat_id", J::Int(chat_id)),
                    (
                        "last_message",
                        message(&mut rng, id, chat_id, chat_id, date),
                    ),
                    (
                        "positions",
                        J::Arr(vec![chat_position(7_000_000_000_000_000_000 + i, false)]),
                    ),
                ],
            ),
            2 => obj("updateUser", vec![("user", user(&mut rng, chat_id))]),
            3 => obj(
                "updateUserStatus",
                vec![
                    ("user_id", J::Int(chat_id)),
                    (
                        "status",
                        obj("userStatusOnline", vec![("expires", J::Int(1_765_000_300))]),
                    ),
                ],
            ),
            4 => obj(
                "updateChatReadInbox",
                vec![
                    ("chat_id", J::Int(chat_id)),
                    ("last_read_inbox_message_id", J::Int(id)),
                    ("unread_count", J::Int(0)),
                ],
            ),
            7 => obj(
                "updateChatPosition",
                vec![
                    ("chat_id", J::Int(chat_id)),
                    (
                        "position",
                        chat_position(7_000_000_000_000_000_000 + i, false),
                    ),
                ],
            ),
            8 => {
                if i % 20 == 8 {
                    obj(
                        "updateDeleteMessages",
                        vec![
                            ("chat_id", J::Int(chat_id)),
                            (
                                "message_ids",
                                J::Arr((1..4).map(|k| J::Int(id - k * 1_048_576)).collect()),
                            ),
                            ("is_permanent", J::Bool(true)),
                            ("from_cache", J::Bool(false)),
                        ],
                    )
                } else {
                    obj(
                        "updateMessageInteractionInfo",
                        vec![
                            ("chat_id", J::Int(chat_id)),
                            ("message_id", J::Int(id - 1_048_576)),
                            (
                                "interaction_info",
                                obj(
                                    "messageInteractionInfo",
                                    vec![
                                        ("view_count", J::Int(1234)),
                                        ("forward_count", J::Int(5)),
                                    ],
                                ),
                            ),
                        ],
                    )
                }
            }
            _ => obj(
                "updateChatAction",
                vec![
                    ("chat_id", J::Int(chat_id)),
                    ("sender_id", user_sender(chat_id)),
                    ("action", obj("chatActionTyping", vec![])),
                ],
            ),
        };
        docs.push((Kind::Update, update.received(None).text()));
    }
    Stream {
        what: "updates: 60 (12 updateNewMessage, 12 updateChatLastMessage, 6 updateUser, …)",
        docs,
    }
}

/// The three inputs.
#[must_use]
pub fn streams() -> [Stream; 3] {
    [chat_list(), history(), updates()]
}

/// A document decoded by tlforge-tdlib.
// As large as the library's largest type (`enums::Update`: see `--example sizes`); only
// borrowed by the encoding benchmarks, never moved in a timed loop.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Ours {
    /// `Chats`.
    Chats(tlforge_tdlib::enums::Chats),
    /// `Chat`.
    Chat(tlforge_tdlib::enums::Chat),
    /// `Messages`.
    Messages(tlforge_tdlib::enums::Messages),
    /// `Update`.
    Update(tlforge_tdlib::enums::Update),
}

/// A document decoded by tdlib-rs.
// As large as the library's largest type (`enums::Update`: see `--example sizes`); only
// borrowed by the encoding benchmarks, never moved in a timed loop.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Theirs {
    /// `Chats`.
    Chats(tdlib_rs::enums::Chats),
    /// `Chat`.
    Chat(tdlib_rs::enums::Chat),
    /// `Messages`.
    Messages(tdlib_rs::enums::Messages),
    /// `Update`.
    Update(tdlib_rs::enums::Update),
}

/// `serde_json::from_str` into tlforge-tdlib's type for `kind`.
///
/// # Errors
/// serde_json's.
pub fn decode_ours(kind: Kind, json: &str) -> serde_json::Result<Ours> {
    Ok(match kind {
        Kind::Chats => Ours::Chats(serde_json::from_str(json)?),
        Kind::Chat => Ours::Chat(serde_json::from_str(json)?),
        Kind::Messages => Ours::Messages(serde_json::from_str(json)?),
        Kind::Update => Ours::Update(serde_json::from_str(json)?),
    })
}

/// `serde_json::from_str` into tdlib-rs' type for `kind`.
///
/// # Errors
/// serde_json's.
pub fn decode_theirs(kind: Kind, json: &str) -> serde_json::Result<Theirs> {
    Ok(match kind {
        Kind::Chats => Theirs::Chats(serde_json::from_str(json)?),
        Kind::Chat => Theirs::Chat(serde_json::from_str(json)?),
        Kind::Messages => Theirs::Messages(serde_json::from_str(json)?),
        Kind::Update => Theirs::Update(serde_json::from_str(json)?),
    })
}

fn sink<T>(value: serde_json::Result<T>) {
    let value = value.expect("checked");
    std::hint::black_box(&value);
}

/// What the decoding benchmark times: `serde_json::from_str` into tlforge-tdlib's type for
/// `kind`, the value dropped where it was decoded (no move into [`Ours`]: the types are large,
/// `enums::Update` 26 KB, and moving it would be timed too).
pub fn decode_ours_only(kind: Kind, json: &str) {
    use tlforge_tdlib::enums;
    match kind {
        Kind::Chats => sink(serde_json::from_str::<enums::Chats>(json)),
        Kind::Chat => sink(serde_json::from_str::<enums::Chat>(json)),
        Kind::Messages => sink(serde_json::from_str::<enums::Messages>(json)),
        Kind::Update => sink(serde_json::from_str::<enums::Update>(json)),
    }
}

/// [`decode_ours_only`] for tdlib-rs.
pub fn decode_theirs_only(kind: Kind, json: &str) {
    use tdlib_rs::enums;
    match kind {
        Kind::Chats => sink(serde_json::from_str::<enums::Chats>(json)),
        Kind::Chat => sink(serde_json::from_str::<enums::Chat>(json)),
        Kind::Messages => sink(serde_json::from_str::<enums::Messages>(json)),
        Kind::Update => sink(serde_json::from_str::<enums::Update>(json)),
    }
}

/// `serde_json::to_string` of a value of ours.
///
/// # Errors
/// serde_json's.
pub fn encode_ours(value: &Ours) -> serde_json::Result<String> {
    match value {
        Ours::Chats(v) => serde_json::to_string(v),
        Ours::Chat(v) => serde_json::to_string(v),
        Ours::Messages(v) => serde_json::to_string(v),
        Ours::Update(v) => serde_json::to_string(v),
    }
}

/// `serde_json::to_string` of a value of tdlib-rs.
///
/// # Errors
/// serde_json's.
pub fn encode_theirs(value: &Theirs) -> serde_json::Result<String> {
    match value {
        Theirs::Chats(v) => serde_json::to_string(v),
        Theirs::Chat(v) => serde_json::to_string(v),
        Theirs::Messages(v) => serde_json::to_string(v),
        Theirs::Update(v) => serde_json::to_string(v),
    }
}

/// Keys of the input that tlforge-tdlib (TDLib 1.8.66) does not have: 1.8.61's name of a
/// renamed field, and TDLib's keys of answers and updates.
pub const OURS_SKIPS: &[&str] = &["is_paid_ton_suggested_post", "@extra", "@client_id"];

/// Keys of the input that tdlib-rs (TDLib 1.8.61) does not have: fields added (or renamed) in
/// 1.8.62–1.8.66, all holding their default value here, and TDLib's keys; and `@type` of an
/// object whose field type is a bare constructor (`message`, `formattedText`, `file`, …):
/// tdlib-rs' structs write no `@type` (only its enums do), which TDLib reads as that constructor.
pub const THEIRS_SKIPS: &[&str] = &[
    "@type",
    "is_paid_gram_suggested_post",
    "contains_unread_poll_votes",
    "sender_tag",
    "ephemeral_message_id",
    "poll_option_id",
    "unread_poll_vote_count",
    "can_react_to_messages",
    "can_edit_tag",
    "@extra",
    "@client_id",
];

/// Whether a value is what TDLib reads for a missing field (or writes for a null object).
fn is_default(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(text) => text.is_empty() || text == "0",
        Value::Array(items) => items.is_empty(),
        Value::Object(_) => false,
    }
}

/// Checks that `output` (a library's re-encoding) means what `input` (TDLib's JSON) means:
/// every key of the input is in the output with the same value, except `skips` (keys the
/// library does not know, which must hold defaults); the output's other keys hold defaults
/// (fields of the other version, or `null` for a left-out object: tdlib-rs writes `null`,
/// tlforge-tdlib leaves it out, both as TDLib reads it); numbers compare as numbers (`0` and
/// `0.0`).
///
/// # Errors
/// Where they differ.
pub fn same_meaning(input: &Value, output: &Value, skips: &[&str], at: &str) -> Result<(), String> {
    match (input, output) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let here = format!("{at}.{key}");
                match b.get(key) {
                    Some(out) => same_meaning(value, out, skips, &here)?,
                    None if value.is_null() => {}
                    None if skips.contains(&key.as_str()) => {
                        if !key.starts_with('@') && !is_default(value) {
                            return Err(format!("{here}: skipped but not a default: {value}"));
                        }
                    }
                    None => return Err(format!("{here}: missing from the output")),
                }
            }
            for (key, value) in b {
                if !a.contains_key(key) && !is_default(value) {
                    return Err(format!("{at}.{key}: {value} in the output only"));
                }
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Err(format!("{at}: {} items against {}", a.len(), b.len()));
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                same_meaning(x, y, skips, &format!("{at}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        (a, b) if a == b => Ok(()),
        (a, b) => Err(format!("{at}: {a} against {b}")),
    }
}

/// A stream decoded by both libraries, checked.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// Ours, one per document.
    pub ours: Vec<Ours>,
    /// tdlib-rs', one per document.
    pub theirs: Vec<Theirs>,
    /// The total length of our re-encodings, and of theirs.
    pub encoded_bytes: (usize, usize),
}

/// Decodes every document with both libraries and checks that both mean what the input means
/// (so the same as each other): panics otherwise. Ours also reads each the same way strictly
/// once the keys it does not know are removed, and decodes its own encoding back to the same
/// value; tdlib-rs decodes its own encoding back to the same value.
#[must_use]
pub fn check(stream: &Stream) -> Decoded {
    let mut decoded = Decoded {
        ours: Vec::new(),
        theirs: Vec::new(),
        encoded_bytes: (0, 0),
    };
    for (i, (kind, json)) in stream.docs.iter().enumerate() {
        let at = format!("{} #{i}", stream.what);
        let input: Value = serde_json::from_str(json).expect("valid JSON");
        let ours = decode_ours(*kind, json).unwrap_or_else(|e| panic!("{at}: ours: {e}"));
        let theirs = decode_theirs(*kind, json).unwrap_or_else(|e| panic!("{at}: tdlib-rs: {e}"));
        let ours_json = encode_ours(&ours).expect("encodes");
        let theirs_json = encode_theirs(&theirs).expect("encodes");
        let ours_out: Value = serde_json::from_str(&ours_json).expect("valid JSON");
        let theirs_out: Value = serde_json::from_str(&theirs_json).expect("valid JSON");
        same_meaning(&input, &ours_out, OURS_SKIPS, &at).unwrap_or_else(|e| panic!("ours: {e}"));
        same_meaning(&input, &theirs_out, THEIRS_SKIPS, &at)
            .unwrap_or_else(|e| panic!("tdlib-rs: {e}"));
        // Our encoding has `@type` first, as TDLib writes.
        assert!(
            ours_json.starts_with("{\"@type\":"),
            "{at}: {ours_json:.40}"
        );
        assert_eq!(
            decode_ours(*kind, &ours_json).expect("reads its own"),
            ours,
            "{at}: ours round trip"
        );
        assert_eq!(
            decode_theirs(*kind, &theirs_json).expect("reads its own"),
            theirs,
            "{at}: tdlib-rs round trip"
        );
        // Strictly, with 1.8.61's renamed key removed: nothing else is unknown to ours.
        let stripped = json.replace("\"is_paid_ton_suggested_post\":false,", "");
        let strict = tlforge_runtime_strict(*kind, &stripped)
            .unwrap_or_else(|e| panic!("{at}: ours, strictly: {e}"));
        assert_eq!(strict, ours, "{at}: strict and lenient reading differ");
        decoded.encoded_bytes.0 += ours_json.len();
        decoded.encoded_bytes.1 += theirs_json.len();
        decoded.ours.push(ours);
        decoded.theirs.push(theirs);
    }
    decoded
}

fn tlforge_runtime_strict(kind: Kind, json: &str) -> serde_json::Result<Ours> {
    tlforge_tdlib::strict(|| decode_ours(kind, json))
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_libraries_read_the_same_meaning() {
        for stream in super::streams() {
            let decoded = super::check(&stream);
            assert_eq!(decoded.ours.len(), stream.docs.len());
        }
    }

    #[test]
    fn a_changed_value_is_seen() {
        let input = serde_json::json!({"@type": "x", "a": 1, "b": {"@type": "y", "c": "d"}});
        let output = serde_json::json!({"@type": "x", "a": 1, "b": {"@type": "y", "c": "e"}});
        assert!(super::same_meaning(&input, &output, &[], "").is_err());
        let output =
            serde_json::json!({"@type": "x", "a": 1.0, "b": {"@type": "y", "c": "d"}, "z": null});
        assert!(super::same_meaning(&input, &output, &[], "").is_ok());
    }
}
