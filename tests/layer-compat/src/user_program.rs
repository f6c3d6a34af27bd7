// A user's program, written once against `tl` and compiled against layer 222 and layer 230
// (src/lib.rs includes it twice). Every value is built with `new` (the required fields) and
// optional fields are set by assignment: between the two layers 7 of the 8 definitions below
// gained optional fields, which broke the same program written with struct literals.

use tl::{enums, functions, types};

fn peer() -> enums::InputPeer {
    types::InputPeerUser::new(1_000, 0x0123_4567_89ab_cdef).into()
}

fn entities() -> Vec<enums::MessageEntity> {
    vec![types::MessageEntityBold::new(0, 5).into()]
}

/// `messages.sendMessage` with a reply and formatting, sent silently.
pub fn send_message() -> functions::messages::SendMessage {
    let mut send = functions::messages::SendMessage::new(peer(), "Hello, world".into(), 7);
    send.silent = true;
    send.no_webpage = true;
    send.reply_to = Some(types::InputReplyToMessage::new(42).into());
    send.entities = Some(entities());
    send
}

/// `messages.editMessage` replacing the text of message 42.
pub fn edit_message() -> functions::messages::EditMessage {
    let mut edit = functions::messages::EditMessage::new(peer(), 42);
    edit.message = Some("Hello again".into());
    edit.entities = Some(entities());
    edit
}

/// `messages.forwardMessages` of two messages, without their author.
pub fn forward_messages() -> functions::messages::ForwardMessages {
    let mut forward = functions::messages::ForwardMessages::new(peer(), vec![1, 2], vec![11, 12], peer());
    forward.drop_author = true;
    forward.silent = true;
    forward
}

/// `messages.saveDraft` of a reply.
pub fn save_draft() -> functions::messages::SaveDraft {
    let mut draft = functions::messages::SaveDraft::new(peer(), "draft".into());
    draft.no_webpage = true;
    draft.reply_to = Some(types::InputReplyToMessage::new(42).into());
    draft
}

/// `messages.sendMedia` of an uploaded photo behind a spoiler.
pub fn send_media() -> functions::messages::SendMedia {
    let file = types::InputFile::new(99, 3, "photo.jpg".into(), String::new());
    let mut photo = types::InputMediaUploadedPhoto::new(file.into());
    photo.spoiler = true;
    photo.ttl_seconds = Some(60);
    let mut send = functions::messages::SendMedia::new(peer(), photo.into(), "caption".into(), 8);
    send.silent = true;
    send
}

/// `contacts.search`.
pub fn contacts_search() -> functions::contacts::Search {
    functions::contacts::Search::new("durov".into(), 10)
}

/// `messages.searchGlobal` in channels only.
pub fn search_global() -> functions::messages::SearchGlobal {
    let mut search = functions::messages::SearchGlobal::new(
        "news".into(),
        types::InputMessagesFilterEmpty::new().into(),
        0,
        0,
        0,
        types::InputPeerEmpty::new().into(),
        0,
        20,
    );
    search.broadcasts_only = true;
    search
}

/// Every request, serialized.
pub fn requests() -> Vec<(&'static str, Vec<u8>)> {
    use tlforge_runtime::Serializable as _;
    vec![
        ("messages.sendMessage", send_message().to_bytes()),
        ("messages.editMessage", edit_message().to_bytes()),
        ("messages.forwardMessages", forward_messages().to_bytes()),
        ("messages.saveDraft", save_draft().to_bytes()),
        ("messages.sendMedia", send_media().to_bytes()),
        ("contacts.search", contacts_search().to_bytes()),
        ("messages.searchGlobal", search_global().to_bytes()),
    ]
}
