//! The benchmark objects built with tlforge-types (our generated crate).

use tlforge_types::{enums, functions, types};

use crate::spec::{self, Entity};

fn entity(i: usize, (kind, offset, length): Entity) -> enums::MessageEntity {
    match kind {
        0 => types::MessageEntityBold::new(offset, length).into(),
        1 => types::MessageEntityItalic::new(offset, length).into(),
        _ => types::MessageEntityTextUrl::new(offset, length, spec::entity_url(i)).into(),
    }
}

/// `messages.sendMessage` with a 200-character message, three `true` flags, a reply and two
/// entities.
#[must_use]
pub fn send_message() -> functions::messages::SendMessage {
    let peer = types::InputPeerUser::new(spec::SEND_PEER_USER_ID, spec::SEND_PEER_ACCESS_HASH);
    let mut send = functions::messages::SendMessage::new(
        peer.into(),
        spec::send_message_text(),
        spec::SEND_RANDOM_ID,
    );
    send.no_webpage = true;
    send.silent = true;
    send.clear_draft = true;
    send.reply_to = Some(types::InputReplyToMessage::new(spec::SEND_REPLY_TO_MSG_ID).into());
    send.entities = Some(spec::SEND_ENTITIES.iter().map(|&e| entity(0, e)).collect());
    send
}

fn peer_user(user_id: i64) -> enums::Peer {
    types::PeerUser::new(user_id).into()
}

fn message(i: usize) -> enums::Message {
    let spec::MessageFields {
        id,
        from_user_id: from,
        date,
        reply_to_msg_id: reply_to,
        views,
        edit_date,
    } = spec::message_fields(i);
    let mut message = types::Message::new(
        id,
        peer_user(spec::CHAT_USER_ID),
        date,
        spec::message_text(i),
    );
    message.out = i % 4 == 0;
    message.silent = i % 9 == 0;
    message.pinned = i == 0;
    message.from_id = Some(peer_user(from));
    let mut reply_header = types::MessageReplyHeader::new();
    reply_header.reply_to_msg_id = Some(reply_to);
    message.reply_to = Some(reply_header.into());
    message.entities = Some(
        spec::message_entities(i)
            .into_iter()
            .map(|e| entity(i, e))
            .collect(),
    );
    message.views = views.map(|(views, forwards)| types::MessageViewsFields::new(views, forwards));
    message.edit_date = edit_date;
    message.into()
}

fn user(j: usize) -> enums::User {
    let f = spec::user_fields(j);
    let mut user = types::User::new(spec::user_id(j));
    user.contact = f.contact;
    user.mutual_contact = f.contact;
    user.premium = f.premium;
    user.access_hash = Some(f.access_hash);
    user.first_name = Some(f.first_name);
    user.last_name = f.last_name;
    user.username = Some(f.username);
    user.phone = f.phone;
    user.photo = Some(types::UserProfilePhoto::new(f.photo_id, f.dc_id).into());
    user.status = Some(match f.online_until {
        Some(expires) => types::UserStatusOnline::new(expires).into(),
        None => types::UserStatusRecently::new().into(),
    });
    user.lang_code = Some(f.lang_code);
    user.into()
}

/// `messages.messages` with [`spec::N_MESSAGES`] messages and [`spec::N_USERS`] users.
#[must_use]
pub fn messages() -> enums::messages::Messages {
    types::messages::Messages::new(
        (0..spec::N_MESSAGES).map(message).collect(),
        Vec::new(),
        Vec::new(),
        (0..spec::N_USERS).map(user).collect(),
    )
    .into()
}

/// `upload.saveFilePart` with 512 KiB of data.
#[must_use]
pub fn save_file_part() -> functions::upload::SaveFilePart {
    let (file_id, file_part, bytes) = spec::file_part();
    functions::upload::SaveFilePart::new(file_id, file_part, bytes)
}

/// The constructor ids of the objects above whose id differs between layers, as
/// `(TL name, our id)`.
#[must_use]
pub fn layer_dependent_ids() -> Vec<(&'static str, u32)> {
    use tlforge_types::Identifiable;
    vec![
        ("message", types::Message::CONSTRUCTOR_ID),
        ("user", types::User::CONSTRUCTOR_ID),
        (
            "messageReplyHeader",
            types::MessageReplyHeader::CONSTRUCTOR_ID,
        ),
        (
            "messages.sendMessage",
            functions::messages::SendMessage::CONSTRUCTOR_ID,
        ),
        (
            "inputReplyToMessage",
            types::InputReplyToMessage::CONSTRUCTOR_ID,
        ),
    ]
}
