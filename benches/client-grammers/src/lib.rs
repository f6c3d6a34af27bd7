//! Issue 40: the twin of tlforge-client-bench (`../client`), the same client work written against
//! grammers-tl-types 0.11 the way grammers' own crates and its users write it.
//!
//! [`run`] does, with the API types, what a client does all day:
//! - [`read_updates`]: decodes a recorded stream of `rpc_result`s whose results are
//!   `gzip_packed` `updates`, and dispatches every update on its kind; grammers-tl-types has
//!   neither `rpc_result` nor `gzip_packed` (grammers-mtproto reads them by hand), so this crate
//!   reads them as grammers-mtproto does: the 12-byte header by hand, gzip with flate2;
//! - [`call_methods`]: for the 20 methods clients call most, writes the request, writes the answer
//!   a server would send, reads it back as the method's return type and checks a field, and
//!   matches an error answer by name as grammers users do (`RpcError { name, value, .. }`).
//!
//! It returns the same [`Summary`] as its twin when both libraries do the same work
//! (`tests/client_twins.rs` checks it).

/// Edited by the build-timing script (`sed`) to force an incremental rebuild; [`run`] folds it
/// into [`Summary::checksum`], so the edit changes compiled code, not only text.
pub const EDIT_MARKER: u32 = 0;

use std::io::Write;

use flate2::write::GzDecoder;
use grammers_tl_types::functions::{
    auth, channels, contacts, help, messages, updates, upload, users,
};
use grammers_tl_types::{Cursor, Deserializable, RemoteCall, Serializable, enums, types};

#[path = "../../client-data/shared.rs"]
mod shared;
pub use shared::{Error, HANDLED, Summary, UPDATES_BIN};

/// Does all the work and says what it did.
///
/// # Errors
///
/// If [`UPDATES_BIN`] does not decode.
pub fn run() -> Result<Summary, Error> {
    let mut summary = Summary {
        checksum: 0xcbf2_9ce4_8422_2325,
        ..Summary::default()
    };
    summary.fold(&EDIT_MARKER.to_le_bytes());
    read_updates(UPDATES_BIN, &mut summary)?;
    call_methods(&mut summary);
    Ok(summary)
}

const RPC_RESULT_ID: u32 = 0xf35c_6d01;
const GZIP_PACKED_ID: u32 = 0x3072_cfa1;

/// grammers-mtproto's `RpcResult` reading: the id, `req_msg_id`, and the rest as the result.
fn read_rpc_result(frame: &[u8]) -> Result<(i64, Vec<u8>), Error> {
    let mut cursor = Cursor::from_slice(frame);
    let id = u32::deserialize(&mut cursor)?;
    if id != RPC_RESULT_ID {
        return Err(format!("expected rpc_result, got {id:08x}").into());
    }
    let req_msg_id = i64::deserialize(&mut cursor)?;
    let mut result = Vec::new();
    cursor.read_to_end(&mut result)?;
    Ok((req_msg_id, result))
}

/// grammers-mtproto's `GzipPacked::decompress` of a result that is a `gzip_packed`.
fn unpack(result: Vec<u8>) -> Result<Vec<u8>, Error> {
    if u32::from_bytes(&result)? != GZIP_PACKED_ID {
        return Ok(result);
    }
    let packed = Vec::<u8>::from_bytes(result.get(4..).unwrap_or_default())?;
    let mut decoder = GzDecoder::new(Vec::new());
    decoder.write_all(&packed)?;
    Ok(decoder.finish()?)
}

/// Decodes frames in [`UPDATES_BIN`]'s format and dispatches every update: the `rpc_result`
/// header read by hand, the `gzip_packed` inflated, then the `Updates` the request returned.
///
/// # Errors
///
/// If a frame is cut short or does not decode.
pub fn read_updates(mut stream: &[u8], summary: &mut Summary) -> Result<(), Error> {
    while let Some((len, rest)) = stream.split_first_chunk::<4>() {
        let (frame, rest) = rest
            .split_at_checked(u32::from_le_bytes(*len) as usize)
            .ok_or("a frame is cut short")?;
        stream = rest;
        let (req_msg_id, result) = read_rpc_result(frame)?;
        summary.frames += 1;
        summary.fold(&req_msg_id.to_le_bytes());
        match enums::Updates::from_bytes(&unpack(result)?)? {
            enums::Updates::Updates(batch) => {
                batch.updates.into_iter().for_each(|u| dispatch(u, summary));
            }
            enums::Updates::Combined(batch) => {
                batch.updates.into_iter().for_each(|u| dispatch(u, summary));
            }
            enums::Updates::UpdateShort(short) => dispatch(short.update, summary),
            // updateShortMessage and the like hold no `Update`; the fixture has none.
            _ => {}
        }
    }
    match stream {
        [] => Ok(()),
        _ => Err("bytes after the last frame".into()),
    }
}

/// Handles one update as a client's update loop does: a dozen kinds it acts on, the rest counted.
fn dispatch(update: enums::Update, summary: &mut Summary) {
    use enums::Update as U;
    summary.updates += 1;
    let (kind, field) = match update {
        U::NewMessage(u) => (0, i64::from(u.pts)),
        U::EditMessage(u) => (1, i64::from(u.pts)),
        U::DeleteMessages(u) => (2, i64::from(u.pts_count)),
        U::NewChannelMessage(u) => (3, i64::from(u.pts)),
        U::EditChannelMessage(u) => (4, i64::from(u.pts)),
        U::DeleteChannelMessages(u) => (5, u.channel_id),
        U::UserStatus(u) => (6, u.user_id),
        U::ReadHistoryInbox(u) => (7, i64::from(u.max_id)),
        U::BotCallbackQuery(u) => (8, u.query_id),
        U::Channel(u) => (9, u.channel_id),
        U::DraftMessage(u) => (10, i64::from(u.top_msg_id.unwrap_or(0))),
        U::MessageReactions(u) => (11, i64::from(u.msg_id)),
        _ => {
            summary.unhandled += 1;
            return;
        }
    };
    summary.handled[kind] += 1;
    summary.field_sum = summary.field_sum.wrapping_add(field);
}

/// A server's error as grammers-mtsender keeps it (`grammers_mtsender::RpcError`): the message's
/// first number as `value`, and the message without it as `name` (`FLOOD_WAIT_30` is
/// `FLOOD_WAIT`, `Some(30)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcError {
    /// The code, like an HTTP status.
    pub code: i32,
    /// The message without its number.
    pub name: String,
    /// The number in the message, if any.
    pub value: Option<u32>,
}

impl RpcError {
    /// Splits the message as grammers-mtsender's `From<tl::types::RpcError>` does.
    #[must_use]
    pub fn new(code: i32, message: &str) -> Self {
        let number = message
            .split(|c: char| !c.is_ascii_digit())
            .find_map(|digits| Some((digits, digits.parse::<u32>().ok()?)));
        match number {
            Some((digits, value)) => Self {
                code,
                name: message.replace(&format!("_{digits}"), ""),
                value: Some(value),
            },
            None => Self {
                code,
                name: message.to_owned(),
                value: None,
            },
        }
    }

    /// grammers-mtsender's `RpcError::is`: the name, with `*` at either end as a wildcard.
    #[must_use]
    pub fn is(&self, name: &str) -> bool {
        if let Some(suffix) = name.strip_prefix('*') {
            self.name.ends_with(suffix)
        } else if let Some(prefix) = name.strip_suffix('*') {
            self.name.starts_with(prefix)
        } else {
            self.name == name
        }
    }
}

/// One method call: serializes the request and the answer a server sends, decodes the answer
/// as the method's `Return` and checks it, and reads the wait of a `FLOOD_WAIT_N` answer by its
/// name, as grammers users do. Returns the server's other error answer (`code`, `message`) as
/// grammers-mtsender's `RpcError`, for the caller to match by name.
fn call<R>(
    summary: &mut Summary,
    request: &R,
    answer: &R::Return,
    check: impl FnOnce(&R::Return) -> bool,
    (code, message): (i32, &str),
) -> RpcError
where
    R: RemoteCall,
    R::Return: Serializable,
{
    summary.calls += 1;
    summary.fold(&request.to_bytes());
    let bytes = answer.to_bytes();
    summary.fold(&bytes);
    if R::Return::from_bytes(&bytes).is_ok_and(|decoded| check(&decoded)) {
        summary.answers_checked += 1;
    }
    match RpcError::new(420, &format!("FLOOD_WAIT_{}", summary.calls)) {
        RpcError {
            name,
            value: Some(seconds),
            ..
        } if name == "FLOOD_WAIT" => summary.flood_wait_secs += u64::from(seconds),
        _ => {}
    }
    RpcError::new(code, message)
}

const USER_ID: i64 = 777_000_123;
const USER_HASH: i64 = -5_234_567_890_123;
const CHANNEL_ID: i64 = 1_234_567_890;
const CHANNEL_HASH: i64 = 8_765_432_109_876;
const DATE: i32 = 1_700_000_000;
const PTS: i32 = 41_000;

fn input_peer() -> enums::InputPeer {
    enums::InputPeer::User(types::InputPeerUser {
        user_id: USER_ID,
        access_hash: USER_HASH,
    })
}

fn input_channel() -> enums::InputChannel {
    enums::InputChannel::Channel(types::InputChannel {
        channel_id: CHANNEL_ID,
        access_hash: CHANNEL_HASH,
    })
}

fn peer_user() -> enums::Peer {
    enums::Peer::User(types::PeerUser { user_id: USER_ID })
}

/// An outgoing text message to [`USER_ID`].
fn message(id: i32, text: &str) -> enums::Message {
    enums::Message::Message(types::Message {
        out: true,
        mentioned: false,
        media_unread: false,
        silent: false,
        post: false,
        from_scheduled: false,
        legacy: false,
        edit_hide: false,
        pinned: false,
        noforwards: false,
        invert_media: false,
        offline: false,
        video_processing_pending: false,
        paid_suggested_post_stars: false,
        paid_suggested_post_ton: false,
        id,
        from_id: None,
        from_boosts_applied: None,
        from_rank: None,
        peer_id: peer_user(),
        saved_peer_id: None,
        fwd_from: None,
        via_bot_id: None,
        via_business_bot_id: None,
        guestchat_via_from: None,
        reply_to: None,
        date: DATE,
        message: text.into(),
        media: None,
        reply_markup: None,
        entities: None,
        views: None,
        forwards: None,
        replies: None,
        edit_date: None,
        post_author: None,
        grouped_id: None,
        reactions: None,
        restriction_reason: None,
        ttl_period: None,
        quick_reply_shortcut_id: None,
        effect: None,
        factcheck: None,
        report_delivery_until_date: None,
        paid_message_stars: None,
        suggested_post: None,
        schedule_repeat_period: None,
        summary_from_language: None,
        rich_message: None,
    })
}

/// The `updates` a server answers a send with: one update per message.
fn sent(updates: Vec<enums::Update>) -> enums::Updates {
    enums::Updates::Updates(types::Updates {
        updates,
        users: vec![],
        chats: vec![],
        date: DATE,
        seq: 1,
    })
}

fn new_message(id: i32, text: &str) -> enums::Update {
    enums::Update::NewMessage(types::UpdateNewMessage {
        message: message(id, text),
        pts: PTS + id,
        pts_count: 1,
    })
}

fn notify_settings() -> enums::PeerNotifySettings {
    enums::PeerNotifySettings::Settings(types::PeerNotifySettings {
        show_previews: None,
        silent: None,
        mute_until: None,
        ios_sound: None,
        android_sound: None,
        other_sound: None,
        stories_muted: None,
        stories_hide_sender: None,
        stories_ios_sound: None,
        stories_android_sound: None,
        stories_other_sound: None,
    })
}

/// The 20 methods a client calls most, each with its answer and an error it documents.
pub fn call_methods(s: &mut Summary) {
    use enums::auth::SentCode;
    use enums::messages::{AffectedMessages as Affected, Dialogs, Messages};
    use enums::updates::{ChannelDifference, Difference, State};

    let send = messages::SendMessage {
        no_webpage: false,
        silent: true,
        background: false,
        clear_draft: false,
        noforwards: false,
        update_stickersets_order: false,
        invert_media: false,
        allow_paid_floodskip: false,
        peer: input_peer(),
        reply_to: Some(enums::InputReplyTo::Message(types::InputReplyToMessage {
            reply_to_msg_id: 41,
            top_msg_id: None,
            reply_to_peer_id: None,
            quote_text: None,
            quote_entities: None,
            quote_offset: None,
            monoforum_peer_id: None,
            todo_item_id: None,
            poll_option: None,
        })),
        message: "Hello!".into(),
        random_id: 0x1234_5678_9abc,
        reply_markup: None,
        entities: Some(vec![enums::MessageEntity::Bold(types::MessageEntityBold {
            offset: 0,
            length: 5,
        })]),
        schedule_date: None,
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: None,
        allow_paid_stars: None,
        suggested_post: None,
        rich_message: None,
    };
    let answer = sent(vec![new_message(42, "Hello!")]);
    let one_update =
        |r: &enums::Updates| matches!(r, enums::Updates::Updates(u) if u.updates.len() == 1);
    let error = call(s, &send, &answer, one_update, (400, "PEER_ID_INVALID"));
    s.matched(error.is("PEER_ID_INVALID"));

    let history = messages::GetHistory {
        peer: input_peer(),
        offset_id: 0,
        offset_date: 0,
        add_offset: 0,
        limit: 50,
        max_id: 0,
        min_id: 0,
        hash: 0,
    };
    let answer = Messages::Messages(types::messages::Messages {
        messages: vec![message(1, "a"), message(2, "b")],
        topics: vec![],
        chats: vec![],
        users: vec![],
    });
    let two = |r: &Messages| matches!(r, Messages::Messages(m) if m.messages.len() == 2);
    let error = call(s, &history, &answer, two, (406, "CHANNEL_PRIVATE"));
    s.matched(error.is("CHANNEL_PRIVATE"));

    let dialogs = messages::GetDialogs {
        exclude_pinned: false,
        folder_id: None,
        offset_date: 0,
        offset_id: 0,
        offset_peer: enums::InputPeer::Empty,
        limit: 100,
        hash: 0,
    };
    let dialog = enums::Dialog::Dialog(types::Dialog {
        pinned: false,
        unread_mark: false,
        view_forum_as_messages: false,
        peer: peer_user(),
        top_message: 42,
        read_inbox_max_id: 42,
        read_outbox_max_id: 41,
        unread_count: 0,
        unread_mentions_count: 0,
        unread_reactions_count: 0,
        unread_poll_votes_count: 0,
        notify_settings: notify_settings(),
        pts: None,
        draft: None,
        folder_id: None,
        ttl_period: None,
    });
    let answer = Dialogs::Dialogs(types::messages::Dialogs {
        dialogs: vec![dialog],
        messages: vec![message(42, "Hello!")],
        chats: vec![],
        users: vec![],
    });
    let check = |r: &Dialogs| matches!(r, Dialogs::Dialogs(d) if d.dialogs.len() == 1);
    let error = call(s, &dialogs, &answer, check, (400, "OFFSET_PEER_ID_INVALID"));
    s.matched(error.is("OFFSET_PEER_ID_INVALID"));

    // chatFull rather than channelFull: 21 fields to write out here rather than 68.
    let full_channel = channels::GetFullChannel {
        channel: input_channel(),
    };
    let full = enums::ChatFull::Full(types::ChatFull {
        can_set_username: false,
        has_scheduled: false,
        translations_disabled: false,
        has_welcome_messages: false,
        id: CHANNEL_ID,
        about: "About us".into(),
        participants: enums::ChatParticipants::Forbidden(types::ChatParticipantsForbidden {
            chat_id: CHANNEL_ID,
            self_participant: None,
        }),
        chat_photo: None,
        notify_settings: notify_settings(),
        exported_invite: None,
        bot_info: None,
        pinned_msg_id: None,
        folder_id: None,
        call: None,
        ttl_period: None,
        groupcall_default_join_as: None,
        theme_emoticon: None,
        requests_pending: None,
        recent_requesters: None,
        available_reactions: None,
        reactions_limit: None,
    });
    let answer = enums::messages::ChatFull::Full(types::messages::ChatFull {
        full_chat: full,
        chats: vec![],
        users: vec![],
    });
    let check = |r: &enums::messages::ChatFull| {
        let enums::messages::ChatFull::Full(r) = r;
        matches!(&r.full_chat, enums::ChatFull::Full(f) if f.about == "About us")
    };
    let error = call(s, &full_channel, &answer, check, (406, "CHANNEL_PRIVATE"));
    s.matched(error.is("CHANNEL_PRIVATE"));

    let part = upload::SaveFilePart {
        file_id: 0x5eed,
        file_part: 3,
        bytes: vec![0xab; 512],
    };
    let error = call(s, &part, &true, |ok| *ok, (400, "FILE_PART_INVALID"));
    s.matched(error.is("FILE_PART_INVALID"));

    let location = types::InputDocumentFileLocation {
        id: 99,
        access_hash: 98,
        file_reference: vec![1, 2, 3],
        thumb_size: String::new(),
    };
    let get_file = upload::GetFile {
        precise: false,
        cdn_supported: false,
        location: enums::InputFileLocation::InputDocumentFileLocation(location),
        offset: 0,
        limit: 512 * 1024,
    };
    let answer = enums::upload::File::File(types::upload::File {
        r#type: enums::storage::FileType::FileJpeg,
        mtime: DATE,
        bytes: vec![0xff; 64],
    });
    let check =
        |r: &enums::upload::File| matches!(r, enums::upload::File::File(f) if f.bytes.len() == 64);
    let error = call(
        s,
        &get_file,
        &answer,
        check,
        (400, "FILE_REFERENCE_EXPIRED"),
    );
    s.matched(error.is("FILE_REFERENCE_EXPIRED"));

    let full_user = users::GetFullUser {
        id: enums::InputUser::User(types::InputUser {
            user_id: USER_ID,
            access_hash: USER_HASH,
        }),
    };
    let answer = enums::users::UserFull::Full(types::users::UserFull {
        full_user: user_full(),
        chats: vec![],
        users: vec![],
    });
    let check = |r: &enums::users::UserFull| {
        let enums::users::UserFull::Full(r) = r;
        matches!(&r.full_user, enums::UserFull::Full(f) if f.common_chats_count == 3)
    };
    let error = call(s, &full_user, &answer, check, (400, "USER_ID_INVALID"));
    s.matched(error.is("USER_ID_INVALID"));

    let resolve = contacts::ResolveUsername {
        username: "durov".into(),
        referer: None,
    };
    let answer = enums::contacts::ResolvedPeer::Peer(types::contacts::ResolvedPeer {
        peer: peer_user(),
        chats: vec![],
        users: vec![],
    });
    let check = |r: &enums::contacts::ResolvedPeer| {
        let enums::contacts::ResolvedPeer::Peer(r) = r;
        matches!(&r.peer, enums::Peer::User(p) if p.user_id == USER_ID)
    };
    let error = call(s, &resolve, &answer, check, (400, "USERNAME_NOT_OCCUPIED"));
    s.matched(error.is("USERNAME_NOT_OCCUPIED"));

    let edit = messages::EditMessage {
        no_webpage: true,
        invert_media: false,
        peer: input_peer(),
        id: 42,
        message: Some("Hello, edited".into()),
        media: None,
        reply_markup: None,
        entities: None,
        schedule_date: None,
        schedule_repeat_period: None,
        quick_reply_shortcut_id: None,
        rich_message: None,
    };
    let edited = enums::Update::EditMessage(types::UpdateEditMessage {
        message: message(42, "Hello, edited"),
        pts: PTS + 43,
        pts_count: 1,
    });
    let error = call(
        s,
        &edit,
        &sent(vec![edited]),
        one_update,
        (400, "MESSAGE_NOT_MODIFIED"),
    );
    s.matched(error.is("MESSAGE_NOT_MODIFIED"));

    let delete = messages::DeleteMessages {
        revoke: true,
        id: vec![40, 41, 42],
    };
    let answer = Affected::Messages(types::messages::AffectedMessages {
        pts: PTS + 46,
        pts_count: 3,
    });
    let three = |r: &Affected| matches!(r, Affected::Messages(a) if a.pts_count == 3);
    let error = call(
        s,
        &delete,
        &answer,
        three,
        (403, "MESSAGE_DELETE_FORBIDDEN"),
    );
    s.matched(error.is("MESSAGE_DELETE_FORBIDDEN"));

    let read = messages::ReadHistory {
        peer: input_peer(),
        max_id: 42,
    };
    let answer = Affected::Messages(types::messages::AffectedMessages {
        pts: PTS + 47,
        pts_count: 1,
    });
    let one = |r: &Affected| matches!(r, Affected::Messages(a) if a.pts_count == 1);
    let error = call(s, &read, &answer, one, (400, "PEER_ID_INVALID"));
    s.matched(error.is("PEER_ID_INVALID"));

    let answer = State::State(types::updates::State {
        pts: PTS + 47,
        qts: 10,
        date: DATE,
        seq: 5,
        unread_count: 0,
    });
    let check = |r: &State| {
        let State::State(state) = r;
        state.pts == PTS + 47
    };
    let error = call(
        s,
        &updates::GetState {},
        &answer,
        check,
        (401, "SESSION_PASSWORD_NEEDED"),
    );
    s.matched(error.is("SESSION_PASSWORD_NEEDED"));

    let difference = updates::GetDifference {
        pts: PTS,
        pts_limit: None,
        pts_total_limit: None,
        date: DATE,
        qts: 10,
        qts_limit: None,
    };
    let answer = Difference::Empty(types::updates::DifferenceEmpty { date: DATE, seq: 5 });
    let check = |r: &Difference| matches!(r, Difference::Empty(d) if d.seq == 5);
    let error = call(
        s,
        &difference,
        &answer,
        check,
        (400, "PERSISTENT_TIMESTAMP_INVALID"),
    );
    s.matched(error.is("PERSISTENT_TIMESTAMP_INVALID"));

    let channel_difference = updates::GetChannelDifference {
        force: false,
        channel: input_channel(),
        filter: enums::ChannelMessagesFilter::Empty,
        pts: PTS,
        limit: 100,
    };
    let answer = ChannelDifference::Empty(types::updates::ChannelDifferenceEmpty {
        r#final: true,
        pts: PTS,
        timeout: Some(30),
    });
    let check = |r: &ChannelDifference| matches!(r, ChannelDifference::Empty(d) if d.r#final);
    let error = call(
        s,
        &channel_difference,
        &answer,
        check,
        (500, "PERSISTENT_TIMESTAMP_OUTDATED"),
    );
    s.matched(error.is("PERSISTENT_TIMESTAMP_OUTDATED"));

    let get_messages = messages::GetMessages {
        id: vec![enums::InputMessage::Id(types::InputMessageId { id: 42 })],
    };
    let answer = Messages::Messages(types::messages::Messages {
        messages: vec![message(42, "Hello!")],
        topics: vec![],
        chats: vec![],
        users: vec![],
    });
    let one_message = |r: &Messages| matches!(r, Messages::Messages(m) if m.messages.len() == 1);
    let error = call(
        s,
        &get_messages,
        &answer,
        one_message,
        (400, "MSG_ID_INVALID"),
    );
    s.matched(error.is("MSG_ID_INVALID"));

    let channel_messages = channels::GetMessages {
        channel: input_channel(),
        id: vec![enums::InputMessage::Id(types::InputMessageId { id: 7 })],
    };
    let answer = Messages::ChannelMessages(types::messages::ChannelMessages {
        inexact: false,
        pts: PTS,
        count: 1,
        offset_id_offset: None,
        messages: vec![message(7, "post")],
        topics: vec![],
        chats: vec![],
        users: vec![],
    });
    let check = |r: &Messages| matches!(r, Messages::ChannelMessages(m) if m.count == 1);
    let error = call(
        s,
        &channel_messages,
        &answer,
        check,
        (400, "CHANNEL_INVALID"),
    );
    s.matched(error.is("CHANNEL_INVALID"));

    let forward = messages::ForwardMessages {
        silent: false,
        background: false,
        with_my_score: false,
        drop_author: true,
        drop_media_captions: false,
        noforwards: false,
        allow_paid_floodskip: false,
        from_ephemeral: false,
        from_peer: input_peer(),
        id: vec![41, 42],
        random_id: vec![7, 8],
        to_peer: enums::InputPeer::Channel(types::InputPeerChannel {
            channel_id: CHANNEL_ID,
            access_hash: CHANNEL_HASH,
        }),
        top_msg_id: None,
        reply_to: None,
        schedule_date: None,
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: None,
        video_timestamp: None,
        allow_paid_stars: None,
        suggested_post: None,
    };
    let answer = sent(vec![new_message(50, "a"), new_message(51, "b")]);
    let two_updates =
        |r: &enums::Updates| matches!(r, enums::Updates::Updates(u) if u.updates.len() == 2);
    let error = call(
        s,
        &forward,
        &answer,
        two_updates,
        (403, "CHAT_WRITE_FORBIDDEN"),
    );
    s.matched(error.is("CHAT_WRITE_FORBIDDEN"));

    let media = enums::InputMedia::UploadedDocument(types::InputMediaUploadedDocument {
        nosound_video: false,
        force_file: false,
        spoiler: false,
        file: enums::InputFile::File(types::InputFile {
            id: 0x5eed,
            parts: 4,
            name: "report.pdf".into(),
            md5_checksum: String::new(),
        }),
        thumb: None,
        mime_type: "application/pdf".into(),
        attributes: vec![enums::DocumentAttribute::Filename(
            types::DocumentAttributeFilename {
                file_name: "report.pdf".into(),
            },
        )],
        stickers: None,
        video_cover: None,
        video_timestamp: None,
        ttl_seconds: None,
    });
    let send_media = messages::SendMedia {
        silent: true,
        background: false,
        clear_draft: false,
        noforwards: false,
        update_stickersets_order: false,
        invert_media: false,
        allow_paid_floodskip: false,
        peer: input_peer(),
        reply_to: None,
        media,
        message: "The report".into(),
        random_id: 0x1234_5679,
        reply_markup: None,
        entities: None,
        schedule_date: None,
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: None,
        allow_paid_stars: None,
        suggested_post: None,
    };
    let answer = sent(vec![new_message(52, "The report")]);
    let error = call(s, &send_media, &answer, one_update, (400, "MEDIA_EMPTY"));
    s.matched(error.is("MEDIA_EMPTY"));

    let send_code = auth::SendCode {
        phone_number: "+15550100".into(),
        api_id: 12345,
        api_hash: "0123456789abcdef".into(),
        settings: enums::CodeSettings::Settings(types::CodeSettings {
            allow_flashcall: false,
            current_number: false,
            allow_app_hash: false,
            allow_missed_call: false,
            allow_firebase: false,
            unknown_number: false,
            logout_tokens: None,
            token: None,
            app_sandbox: None,
        }),
    };
    let answer = SentCode::Code(types::auth::SentCode {
        r#type: enums::auth::SentCodeType::Sms(types::auth::SentCodeTypeSms { length: 5 }),
        phone_code_hash: "a1b2c3".into(),
        next_type: None,
        timeout: Some(60),
    });
    let check = |r: &SentCode| matches!(r, SentCode::Code(c) if c.phone_code_hash == "a1b2c3");
    let error = call(s, &send_code, &answer, check, (400, "PHONE_NUMBER_INVALID"));
    s.matched(error.is("PHONE_NUMBER_INVALID"));

    let check = |r: &enums::Config| {
        let enums::Config::Config(config) = r;
        config.this_dc == 2
    };
    let error = call(
        s,
        &help::GetConfig {},
        &config(),
        check,
        (400, "CONNECTION_LAYER_INVALID"),
    );
    s.matched(error.is("CONNECTION_LAYER_INVALID"));
}

/// `users.getFullUser`'s answer: every field written out, as grammers-tl-types has no constructors.
fn user_full() -> enums::UserFull {
    let settings = enums::PeerSettings::Settings(types::PeerSettings {
        report_spam: false,
        add_contact: false,
        block_contact: false,
        share_contact: false,
        need_contacts_exception: false,
        report_geo: false,
        autoarchived: false,
        invite_members: false,
        request_chat_broadcast: false,
        business_bot_paused: false,
        business_bot_can_reply: false,
        geo_distance: None,
        request_chat_title: None,
        request_chat_date: None,
        business_bot_id: None,
        business_bot_manage_url: None,
        charge_paid_message_stars: None,
        registration_month: None,
        phone_country: None,
        name_change_date: None,
        photo_change_date: None,
    });
    enums::UserFull::Full(types::UserFull {
        blocked: false,
        phone_calls_available: false,
        phone_calls_private: false,
        can_pin_message: false,
        has_scheduled: false,
        video_calls_available: false,
        voice_messages_forbidden: false,
        translations_disabled: false,
        stories_pinned_available: false,
        blocked_my_stories_from: false,
        wallpaper_overridden: false,
        contact_require_premium: false,
        read_dates_private: false,
        sponsored_enabled: false,
        can_view_revenue: false,
        bot_can_manage_emoji_status: false,
        display_gifts_button: false,
        noforwards_my_enabled: false,
        noforwards_peer_enabled: false,
        unofficial_security_risk: false,
        id: USER_ID,
        about: None,
        settings,
        personal_photo: None,
        profile_photo: None,
        fallback_photo: None,
        notify_settings: notify_settings(),
        bot_info: None,
        pinned_msg_id: None,
        common_chats_count: 3,
        folder_id: None,
        ttl_period: None,
        theme: None,
        private_forward_name: None,
        bot_group_admin_rights: None,
        bot_broadcast_admin_rights: None,
        wallpaper: None,
        stories: None,
        business_work_hours: None,
        business_location: None,
        business_greeting_message: None,
        business_away_message: None,
        business_intro: None,
        birthday: None,
        personal_channel_id: None,
        personal_channel_message: None,
        stargifts_count: None,
        starref_program: None,
        bot_verification: None,
        send_paid_messages_stars: None,
        disallowed_gifts: None,
        stars_rating: None,
        stars_my_pending_rating: None,
        stars_my_pending_rating_date: None,
        main_tab: None,
        saved_music: None,
        note: None,
        bot_manager_id: None,
    })
}

/// `help.getConfig`'s answer, with the values of the twin's `Config::new` call.
fn config() -> enums::Config {
    enums::Config::Config(types::Config {
        default_p2p_contacts: false,
        preload_featured_stickers: false,
        revoke_pm_inbox: false,
        blocked_mode: false,
        force_try_ipv6: false,
        date: DATE,
        expires: DATE + 3600,
        test_mode: false,
        this_dc: 2,
        dc_options: vec![enums::DcOption::Option(types::DcOption {
            ipv6: false,
            media_only: false,
            tcpo_only: false,
            cdn: false,
            r#static: false,
            this_port_only: false,
            id: 2,
            ip_address: "149.154.167.51".into(),
            port: 443,
            secret: None,
        })],
        dc_txt_domain_name: "apv3.stel.com".into(),
        chat_size_max: 200,
        megagroup_size_max: 200_000,
        forwarded_count_max: 100,
        online_update_period_ms: 210_000,
        offline_blur_timeout_ms: 5000,
        offline_idle_timeout_ms: 30_000,
        online_cloud_timeout_ms: 300_000,
        notify_cloud_delay_ms: 30_000,
        notify_default_delay_ms: 1500,
        push_chat_period_ms: 60_000,
        push_chat_limit: 2,
        edit_time_limit: 172_800,
        revoke_time_limit: 172_800,
        revoke_pm_time_limit: i32::MAX,
        rating_e_decay: 2_419_200,
        stickers_recent_limit: 200,
        channels_read_media_period: 604_800,
        tmp_sessions: None,
        call_receive_timeout_ms: 20_000,
        call_ring_timeout_ms: 90_000,
        call_connect_timeout_ms: 30_000,
        call_packet_timeout_ms: 10_000,
        me_url_prefix: "https://t.me/".into(),
        autoupdate_url_prefix: None,
        gif_search_username: None,
        venue_search_username: None,
        img_search_username: None,
        static_maps_provider: None,
        caption_length_max: 1024,
        message_length_max: 4096,
        webfile_dc_id: 4,
        suggested_lang_code: None,
        lang_pack_version: None,
        base_lang_pack_version: None,
        reactions_default: None,
        autologin_token: None,
    })
}
