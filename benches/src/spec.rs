//! The field values both libraries build their objects from, so that the objects are the same.

/// Messages in the `messages.messages` decode benchmark.
pub const N_MESSAGES: usize = 100;
/// Users in the `messages.messages` decode benchmark.
pub const N_USERS: usize = 20;
/// Size of the `bytes` field of `upload.saveFilePart`.
pub const FILE_PART_LEN: usize = 512 * 1024;

/// The chat every message is in (`peer_id`).
pub const CHAT_USER_ID: i64 = 777_000;
/// `messages.sendMessage`: the peer, its access hash, the message replied to, the random id.
pub const SEND_PEER_USER_ID: i64 = 123_456_789;
pub const SEND_PEER_ACCESS_HASH: i64 = -5_123_456_789_012_345;
pub const SEND_REPLY_TO_MSG_ID: i32 = 4242;
pub const SEND_RANDOM_ID: i64 = 0x1234_5678_9abc_def0;

/// The 200-character text of the `messages.sendMessage` benchmark.
#[must_use]
pub fn send_message_text() -> String {
    let text: String = "The quick brown fox jumps over the lazy dog; "
        .chars()
        .cycle()
        .take(200)
        .collect();
    assert_eq!(text.chars().count(), 200);
    text
}

/// One message entity: `(kind, offset, length)`; kind 0 bold, 1 italic, 2 text URL.
pub type Entity = (u8, i32, i32);

/// The entities of `messages.sendMessage`.
pub const SEND_ENTITIES: [Entity; 2] = [(0, 0, 3), (1, 4, 5)];

/// The text of message `i` of the `messages.messages` benchmark (60–130 bytes, some of them
/// non-ASCII).
#[must_use]
pub fn message_text(i: usize) -> String {
    let mut text = format!(
        "Message number {i}: see https://example.com/page/{i} — it has bold and italic words."
    );
    for _ in 0..i % 4 {
        text.push_str(" More text…");
    }
    text
}

/// The entities of message `i`.
#[must_use]
pub fn message_entities(i: usize) -> Vec<Entity> {
    let mut entities = vec![(0, 0, 7), (1, 8, 6), (2, 24, 28)];
    if i % 2 == 0 {
        entities.push((0, 60, 4));
    }
    entities
}

/// The URL of a text-URL entity of message `i`.
#[must_use]
pub fn entity_url(i: usize) -> String {
    format!("https://example.com/page/{i}")
}

/// The scalar fields of message `i` of the `messages.messages` benchmark.
#[derive(Debug, Clone, Copy)]
pub struct MessageFields {
    pub id: i32,
    pub from_user_id: i64,
    pub date: i32,
    pub reply_to_msg_id: i32,
    /// `(views, forwards)`, which share one flag bit.
    pub views: Option<(i32, i32)>,
    pub edit_date: Option<i32>,
}

/// See [`MessageFields`].
#[must_use]
pub fn message_fields(i: usize) -> MessageFields {
    let i32_i = i32::try_from(i).expect("small index");
    let id = 10_000 + i32_i;
    let date = 1_700_000_000 + 60 * i32_i;
    MessageFields {
        id,
        from_user_id: user_id(i % N_USERS),
        date,
        reply_to_msg_id: id - 1 - (i32_i % 7),
        views: (i % 3 == 0).then_some((100 + i32_i, i32_i)),
        edit_date: (i % 5 == 0).then_some(date + 30),
    }
}

/// The id of user `j`.
#[must_use]
pub fn user_id(j: usize) -> i64 {
    1_000_000 + i64::try_from(j).expect("small index") * 7919
}

/// The fields of user `j`.
#[must_use]
pub fn user_fields(j: usize) -> UserFields {
    let j64 = i64::try_from(j).expect("small index");
    UserFields {
        contact: j % 2 == 0,
        premium: j % 3 == 0,
        access_hash: -0x0123_4567_89ab_cdef + j64 * 1_000_003,
        first_name: format!("Firstname{j}"),
        last_name: (j % 2 == 0).then(|| format!("Lastname{j}")),
        username: format!("user_{j}"),
        phone: (j % 4 == 0).then(|| format!("7999{j:07}")),
        photo_id: 5_000_000_000 + j64,
        dc_id: 2,
        online_until: (j % 2 == 1).then_some(1_700_000_600 + i32::try_from(j).expect("small")),
        lang_code: "en".to_owned(),
    }
}

/// See [`user_fields`].
#[derive(Debug, Clone)]
pub struct UserFields {
    pub contact: bool,
    pub premium: bool,
    pub access_hash: i64,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: String,
    pub phone: Option<String>,
    pub photo_id: i64,
    pub dc_id: i32,
    /// `userStatusOnline` until then, or `userStatusRecently` when `None`.
    pub online_until: Option<i32>,
    pub lang_code: String,
}

/// `upload.saveFilePart`: file id, part number and the 512 KiB of data (not all zeros, so that
/// nothing can take a shortcut).
#[must_use]
pub fn file_part() -> (i64, i32, Vec<u8>) {
    let data = (0..FILE_PART_LEN)
        .map(|i| u8::try_from((i * 31 + i / 251) % 256).expect("below 256"))
        .collect();
    (0x0fed_cba9_8765_4321, 17, data)
}
