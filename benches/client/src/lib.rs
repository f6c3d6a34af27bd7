//! Issue 40: a Telegram client's everyday use of tlforge-types, to time cold and incremental
//! builds of a crate that depends on it.
//!
//! [`run`] does, with the API types, what a client does all day:
//! - [`read_updates`]: decodes a recorded stream of `rpc_result`s whose results are
//!   `gzip_packed` `updates`, and dispatches every update on its kind;
//! - [`call_methods`]: for the 20 methods clients call most, writes the request, writes the answer
//!   a server would send, reads it back as the method's return type and checks a field, and turns
//!   an error answer into the method's typed error and matches it.
//!
//! Its twin, grammers-client-bench (`../client-grammers`), does the same work with
//! grammers-tl-types 0.11 and returns the same [`Summary`] (`tests/client_twins.rs` checks it).

/// Edited by the build-timing script (`sed`) to force an incremental rebuild; [`run`] folds it
/// into [`Summary::checksum`], so the edit changes compiled code, not only text.
pub const EDIT_MARKER: u32 = 0;

use tlforge_types::functions::{auth, channels, contacts, help, messages, updates, upload, users};
use tlforge_types::{Deserializable, RemoteCall, RpcError, RpcErrorInfo, Serializable};
use tlforge_types::{enums, mtproto, types};

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

/// Decodes frames in [`UPDATES_BIN`]'s format and dispatches every update: tlforge-types reads
/// `rpc_result` (`mtproto::types::RpcResult`, its result kept as an `Object`), and
/// `Object::decode` unpacks the `gzip_packed` while reading the `Updates` the request returned.
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
        let answer = mtproto::types::RpcResult::from_bytes(frame)?;
        summary.frames += 1;
        summary.fold(&answer.req_msg_id.to_le_bytes());
        match answer.result.decode::<enums::Updates>()? {
            enums::Updates::Updates(batch) => {
                batch.updates.into_iter().for_each(|u| dispatch(u, summary));
            }
            enums::Updates::UpdatesCombined(batch) => {
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
        U::UpdateNewMessage(u) => (0, i64::from(u.pts)),
        U::UpdateEditMessage(u) => (1, i64::from(u.pts)),
        U::UpdateDeleteMessages(u) => (2, i64::from(u.pts_count)),
        U::UpdateNewChannelMessage(u) => (3, i64::from(u.pts)),
        U::UpdateEditChannelMessage(u) => (4, i64::from(u.pts)),
        U::UpdateDeleteChannelMessages(u) => (5, u.channel_id),
        U::UpdateUserStatus(u) => (6, u.user_id),
        U::UpdateReadHistoryInbox(u) => (7, i64::from(u.max_id)),
        U::UpdateBotCallbackQuery(u) => (8, u.query_id),
        U::UpdateChannel(u) => (9, u.channel_id),
        U::UpdateDraftMessage(u) => (10, i64::from(u.top_msg_id.unwrap_or(0))),
        U::UpdateMessageReactions(u) => (11, i64::from(u.msg_id)),
        _ => {
            summary.unhandled += 1;
            return;
        }
    };
    summary.handled[kind] += 1;
    summary.field_sum = summary.field_sum.wrapping_add(field);
}

/// One method call: serializes the request and the answer a server sends, decodes the answer
/// as the method's `Return` and checks it, and reads the wait of a `FLOOD_WAIT_N` answer through
/// `RpcErrorInfo`, as code generic over the method does. Returns the server's other error
/// answer (`code`, `message`) as the method's typed `RemoteCall::Error`, for the caller to match.
fn call<R>(
    summary: &mut Summary,
    request: &R,
    answer: &R::Return,
    check: impl FnOnce(&R::Return) -> bool,
    (code, message): (i32, &str),
) -> R::Error
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
    let flood = R::Error::from(RpcError::new(420, format!("FLOOD_WAIT_{}", summary.calls)));
    if let Some(wait) = flood.flood_wait() {
        summary.flood_wait_secs += wait.as_secs();
    }
    RpcError::new(code, message).into()
}

const USER_ID: i64 = 777_000_123;
const USER_HASH: i64 = -5_234_567_890_123;
const CHANNEL_ID: i64 = 1_234_567_890;
const CHANNEL_HASH: i64 = 8_765_432_109_876;
const DATE: i32 = 1_700_000_000;
const PTS: i32 = 41_000;

fn input_peer() -> enums::InputPeer {
    types::InputPeerUser::new(USER_ID, USER_HASH).into()
}

fn input_channel() -> enums::InputChannel {
    types::InputChannel::new(CHANNEL_ID, CHANNEL_HASH).into()
}

/// An outgoing text message to [`USER_ID`].
fn message(id: i32, text: &str) -> enums::Message {
    let mut message =
        types::Message::new(id, types::PeerUser::new(USER_ID).into(), DATE, text.into());
    message.out = true;
    message.into()
}

/// The `updates` a server answers a send with: one update per message.
fn sent(updates: Vec<enums::Update>) -> enums::Updates {
    types::Updates::new(updates, vec![], vec![], DATE, 1).into()
}

fn new_message(id: i32, text: &str) -> enums::Update {
    types::UpdateNewMessage::new(message(id, text), PTS + id, 1).into()
}

fn notify_settings() -> enums::PeerNotifySettings {
    types::PeerNotifySettings::new().into()
}

/// The 20 methods a client calls most, each with its answer and an error it documents.
pub fn call_methods(s: &mut Summary) {
    use auth::SendCodeError;
    use channels::GetFullChannelError;
    use contacts::ResolveUsernameError;
    use enums::auth::SentCode;
    use enums::messages::{AffectedMessages as Affected, Dialogs, Messages};
    use enums::updates::{ChannelDifference, Difference, State};
    use help::GetConfigError;
    use messages::{
        DeleteMessagesError, EditMessageError, ForwardMessagesError, GetDialogsError,
        GetHistoryError, GetMessagesError, ReadHistoryError, SendMediaError, SendMessageError,
    };
    use updates::{GetChannelDifferenceError, GetDifferenceError, GetStateError};
    use upload::{GetFileError, SaveFilePartError};
    use users::GetFullUserError;

    let mut send = messages::SendMessage::new(input_peer(), "Hello!".into(), 0x1234_5678_9abc);
    send.silent = true;
    send.reply_to = Some(types::InputReplyToMessage::new(41).into());
    send.entities = Some(vec![types::MessageEntityBold::new(0, 5).into()]);
    let answer = sent(vec![new_message(42, "Hello!")]);
    let one_update =
        |r: &enums::Updates| matches!(r, enums::Updates::Updates(u) if u.updates.len() == 1);
    let error = call(s, &send, &answer, one_update, (400, "PEER_ID_INVALID"));
    s.matched(matches!(error, SendMessageError::PeerIdInvalid));

    let history = messages::GetHistory::new(input_peer(), 0, 0, 0, 50, 0, 0, 0);
    let answer = types::messages::Messages::new(
        vec![message(1, "a"), message(2, "b")],
        vec![],
        vec![],
        vec![],
    )
    .into();
    let two = |r: &Messages| matches!(r, Messages::Messages(m) if m.messages.len() == 2);
    let error = call(s, &history, &answer, two, (406, "CHANNEL_PRIVATE"));
    s.matched(matches!(error, GetHistoryError::ChannelPrivate));

    let dialogs = messages::GetDialogs::new(0, 0, types::InputPeerEmpty::new().into(), 100, 0);
    let dialog = types::Dialog::new(
        types::PeerUser::new(USER_ID).into(),
        42,
        42,
        41,
        0,
        0,
        0,
        0,
        notify_settings(),
    );
    let answer = types::messages::Dialogs::new(
        vec![dialog.into()],
        vec![message(42, "Hello!")],
        vec![],
        vec![],
    )
    .into();
    let check = |r: &Dialogs| matches!(r, Dialogs::Dialogs(d) if d.dialogs.len() == 1);
    let error = call(s, &dialogs, &answer, check, (400, "OFFSET_PEER_ID_INVALID"));
    s.matched(matches!(error, GetDialogsError::OffsetPeerIdInvalid));

    // chatFull rather than channelFull: a smaller literal in the twin, the same work here.
    let full_channel = channels::GetFullChannel::new(input_channel());
    let participants = types::ChatParticipantsForbidden::new(CHANNEL_ID).into();
    let full = types::ChatFull::new(
        CHANNEL_ID,
        "About us".into(),
        participants,
        notify_settings(),
    );
    let answer = types::messages::ChatFull::new(full.into(), vec![], vec![]).into();
    let check = |r: &enums::messages::ChatFull| {
        matches!(r, enums::messages::ChatFull::ChatFull(r)
            if matches!(&r.full_chat, enums::ChatFull::ChatFull(f) if f.about == "About us"))
    };
    let error = call(s, &full_channel, &answer, check, (406, "CHANNEL_PRIVATE"));
    s.matched(matches!(error, GetFullChannelError::ChannelPrivate));

    let part = upload::SaveFilePart::new(0x5eed, 3, vec![0xab; 512]);
    let error = call(s, &part, &true, |ok| *ok, (400, "FILE_PART_INVALID"));
    s.matched(matches!(error, SaveFilePartError::FilePartInvalid));

    let location = types::InputDocumentFileLocation::new(99, 98, vec![1, 2, 3], String::new());
    let get_file = upload::GetFile::new(location.into(), 0, 512 * 1024);
    let answer =
        types::upload::File::new(types::storage::FileJpeg::new().into(), DATE, vec![0xff; 64])
            .into();
    let check =
        |r: &enums::upload::File| matches!(r, enums::upload::File::File(f) if f.bytes.len() == 64);
    let error = call(
        s,
        &get_file,
        &answer,
        check,
        (400, "FILE_REFERENCE_EXPIRED"),
    );
    s.matched(matches!(error, GetFileError::FileReferenceExpired));

    let full_user = users::GetFullUser::new(types::InputUser::new(USER_ID, USER_HASH).into());
    let full = types::UserFull::new(
        USER_ID,
        types::PeerSettings::new().into(),
        notify_settings(),
        3,
    );
    let answer = types::users::UserFull::new(full.into(), vec![], vec![]).into();
    let check = |r: &enums::users::UserFull| {
        matches!(r, enums::users::UserFull::UserFull(r)
            if matches!(&r.full_user, enums::UserFull::UserFull(f) if f.common_chats_count == 3))
    };
    let error = call(s, &full_user, &answer, check, (400, "USER_ID_INVALID"));
    s.matched(matches!(error, GetFullUserError::UserIdInvalid));

    let resolve = contacts::ResolveUsername::new("durov".into());
    let answer =
        types::contacts::ResolvedPeer::new(types::PeerUser::new(USER_ID).into(), vec![], vec![])
            .into();
    let check = |r: &enums::contacts::ResolvedPeer| {
        matches!(r, enums::contacts::ResolvedPeer::ResolvedPeer(r)
            if matches!(&r.peer, enums::Peer::PeerUser(p) if p.user_id == USER_ID))
    };
    let error = call(s, &resolve, &answer, check, (400, "USERNAME_NOT_OCCUPIED"));
    s.matched(matches!(error, ResolveUsernameError::UsernameNotOccupied));

    let mut edit = messages::EditMessage::new(input_peer(), 42);
    edit.message = Some("Hello, edited".into());
    edit.no_webpage = true;
    let edited = types::UpdateEditMessage::new(message(42, "Hello, edited"), PTS + 43, 1).into();
    let error = call(
        s,
        &edit,
        &sent(vec![edited]),
        one_update,
        (400, "MESSAGE_NOT_MODIFIED"),
    );
    s.matched(matches!(error, EditMessageError::MessageNotModified));

    let mut delete = messages::DeleteMessages::new(vec![40, 41, 42]);
    delete.revoke = true;
    let answer = types::messages::AffectedMessages::new(PTS + 46, 3).into();
    let three = |r: &Affected| matches!(r, Affected::AffectedMessages(a) if a.pts_count == 3);
    let error = call(
        s,
        &delete,
        &answer,
        three,
        (403, "MESSAGE_DELETE_FORBIDDEN"),
    );
    s.matched(matches!(error, DeleteMessagesError::MessageDeleteForbidden));

    let read = messages::ReadHistory::new(input_peer(), 42);
    let answer = types::messages::AffectedMessages::new(PTS + 47, 1).into();
    let one = |r: &Affected| matches!(r, Affected::AffectedMessages(a) if a.pts_count == 1);
    let error = call(s, &read, &answer, one, (400, "PEER_ID_INVALID"));
    s.matched(matches!(error, ReadHistoryError::PeerIdInvalid));

    let answer = types::updates::State::new(PTS + 47, 10, DATE, 5, 0).into();
    let check = |r: &State| matches!(r, State::State(state) if state.pts == PTS + 47);
    let error = call(
        s,
        &updates::GetState::new(),
        &answer,
        check,
        (401, "SESSION_PASSWORD_NEEDED"),
    );
    s.matched(matches!(error, GetStateError::SessionPasswordNeeded));

    let difference = updates::GetDifference::new(PTS, DATE, 10);
    let answer = types::updates::DifferenceEmpty::new(DATE, 5).into();
    let check = |r: &Difference| matches!(r, Difference::DifferenceEmpty(d) if d.seq == 5);
    let error = call(
        s,
        &difference,
        &answer,
        check,
        (400, "PERSISTENT_TIMESTAMP_INVALID"),
    );
    s.matched(matches!(
        error,
        GetDifferenceError::PersistentTimestampInvalid
    ));

    let filter = types::ChannelMessagesFilterEmpty::new().into();
    let channel_difference = updates::GetChannelDifference::new(input_channel(), filter, PTS, 100);
    let mut empty = types::updates::ChannelDifferenceEmpty::new(PTS);
    empty.r#final = true;
    empty.timeout = Some(30);
    let check = |r: &ChannelDifference| match r {
        ChannelDifference::ChannelDifferenceEmpty(d) => d.r#final,
        _ => false,
    };
    let error = call(
        s,
        &channel_difference,
        &empty.into(),
        check,
        (500, "PERSISTENT_TIMESTAMP_OUTDATED"),
    );
    s.matched(matches!(
        error,
        GetChannelDifferenceError::PersistentTimestampOutdated
    ));

    let get_messages = messages::GetMessages::new(vec![types::InputMessageId::new(42).into()]);
    let answer =
        types::messages::Messages::new(vec![message(42, "Hello!")], vec![], vec![], vec![]).into();
    let one_message = |r: &Messages| matches!(r, Messages::Messages(m) if m.messages.len() == 1);
    let error = call(
        s,
        &get_messages,
        &answer,
        one_message,
        (400, "MSG_ID_INVALID"),
    );
    s.matched(matches!(error, GetMessagesError::MsgIdInvalid));

    let ids = vec![types::InputMessageId::new(7).into()];
    let channel_messages = channels::GetMessages::new(input_channel(), ids);
    let answer = types::messages::ChannelMessages::new(
        PTS,
        1,
        vec![message(7, "post")],
        vec![],
        vec![],
        vec![],
    )
    .into();
    let check = |r: &Messages| matches!(r, Messages::ChannelMessages(m) if m.count == 1);
    let error = call(
        s,
        &channel_messages,
        &answer,
        check,
        (400, "CHANNEL_INVALID"),
    );
    s.matched(matches!(error, channels::GetMessagesError::ChannelInvalid));

    let to_peer = types::InputPeerChannel::new(CHANNEL_ID, CHANNEL_HASH).into();
    let mut forward =
        messages::ForwardMessages::new(input_peer(), vec![41, 42], vec![7, 8], to_peer);
    forward.drop_author = true;
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
    s.matched(matches!(error, ForwardMessagesError::ChatWriteForbidden));

    let file = types::InputFile::new(0x5eed, 4, "report.pdf".into(), String::new()).into();
    let attributes = vec![types::DocumentAttributeFilename::new("report.pdf".into()).into()];
    let media = types::InputMediaUploadedDocument::new(file, "application/pdf".into(), attributes);
    let mut send_media =
        messages::SendMedia::new(input_peer(), media.into(), "The report".into(), 0x1234_5679);
    send_media.silent = true;
    let answer = sent(vec![new_message(52, "The report")]);
    let error = call(s, &send_media, &answer, one_update, (400, "MEDIA_EMPTY"));
    s.matched(matches!(error, SendMediaError::MediaEmpty));

    let settings = types::CodeSettings::new().into();
    let send_code = auth::SendCode::new(
        "+15550100".into(),
        12345,
        "0123456789abcdef".into(),
        settings,
    );
    let mut code =
        types::auth::SentCode::new(types::auth::SentCodeTypeSms::new(5).into(), "a1b2c3".into());
    code.timeout = Some(60);
    let check = |r: &SentCode| matches!(r, SentCode::SentCode(c) if c.phone_code_hash == "a1b2c3");
    let error = call(
        s,
        &send_code,
        &code.into(),
        check,
        (400, "PHONE_NUMBER_INVALID"),
    );
    s.matched(matches!(error, SendCodeError::PhoneNumberInvalid));

    let dc = types::DcOption::new(2, "149.154.167.51".into(), 443).into();
    let config = types::Config::new(
        DATE,
        DATE + 3600,
        false,
        2,
        vec![dc],
        "apv3.stel.com".into(),
        200,
        200_000,
        100,
        210_000,
        5000,
        30_000,
        300_000,
        30_000,
        1500,
        60_000,
        2,
        172_800,
        172_800,
        i32::MAX,
        2_419_200,
        200,
        604_800,
        20_000,
        90_000,
        30_000,
        10_000,
        "https://t.me/".into(),
        1024,
        4096,
        4,
    );
    let check = |r: &enums::Config| matches!(r, enums::Config::Config(c) if c.this_dc == 2);
    let error = call(
        s,
        &help::GetConfig::new(),
        &config.into(),
        check,
        (400, "CONNECTION_LAYER_INVALID"),
    );
    s.matched(matches!(error, GetConfigError::ConnectionLayerInvalid));
}
