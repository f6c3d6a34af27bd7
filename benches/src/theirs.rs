//! The benchmark objects built with grammers-tl-types, from the same values as [`crate::ours`].

use grammers_tl_types::{enums, functions, types};

use crate::spec::{self, Entity};

fn entity(i: usize, (kind, offset, length): Entity) -> enums::MessageEntity {
    match kind {
        0 => enums::MessageEntity::Bold(types::MessageEntityBold { offset, length }),
        1 => enums::MessageEntity::Italic(types::MessageEntityItalic { offset, length }),
        _ => enums::MessageEntity::TextUrl(types::MessageEntityTextUrl {
            offset,
            length,
            url: spec::entity_url(i),
        }),
    }
}

/// See [`crate::ours::send_message`].
#[must_use]
pub fn send_message() -> functions::messages::SendMessage {
    functions::messages::SendMessage {
        no_webpage: true,
        silent: true,
        background: false,
        clear_draft: true,
        noforwards: false,
        update_stickersets_order: false,
        invert_media: false,
        allow_paid_floodskip: false,
        peer: enums::InputPeer::User(types::InputPeerUser {
            user_id: spec::SEND_PEER_USER_ID,
            access_hash: spec::SEND_PEER_ACCESS_HASH,
        }),
        reply_to: Some(enums::InputReplyTo::Message(types::InputReplyToMessage {
            reply_to_msg_id: spec::SEND_REPLY_TO_MSG_ID,
            top_msg_id: None,
            reply_to_peer_id: None,
            quote_text: None,
            quote_entities: None,
            quote_offset: None,
            monoforum_peer_id: None,
            todo_item_id: None,
            poll_option: None,
        })),
        message: spec::send_message_text(),
        random_id: spec::SEND_RANDOM_ID,
        reply_markup: None,
        entities: Some(spec::SEND_ENTITIES.iter().map(|&e| entity(0, e)).collect()),
        schedule_date: None,
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: None,
        allow_paid_stars: None,
        suggested_post: None,
        rich_message: None,
    }
}

fn peer_user(user_id: i64) -> enums::Peer {
    enums::Peer::User(types::PeerUser { user_id })
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
    enums::Message::Message(types::Message {
        out: i % 4 == 0,
        mentioned: false,
        media_unread: false,
        silent: i % 9 == 0,
        post: false,
        from_scheduled: false,
        legacy: false,
        edit_hide: false,
        pinned: i == 0,
        noforwards: false,
        invert_media: false,
        offline: false,
        video_processing_pending: false,
        paid_suggested_post_stars: false,
        paid_suggested_post_ton: false,
        id,
        from_id: Some(peer_user(from)),
        from_boosts_applied: None,
        from_rank: None,
        peer_id: peer_user(spec::CHAT_USER_ID),
        saved_peer_id: None,
        fwd_from: None,
        via_bot_id: None,
        via_business_bot_id: None,
        guestchat_via_from: None,
        reply_to: Some(enums::MessageReplyHeader::Header(
            types::MessageReplyHeader {
                reply_to_scheduled: false,
                forum_topic: false,
                quote: false,
                reply_to_ephemeral: false,
                reply_to_msg_id: Some(reply_to),
                reply_to_peer_id: None,
                reply_from: None,
                reply_media: None,
                reply_to_top_id: None,
                quote_text: None,
                quote_entities: None,
                quote_offset: None,
                todo_item_id: None,
                poll_option: None,
            },
        )),
        date,
        message: spec::message_text(i),
        media: None,
        reply_markup: None,
        entities: Some(
            spec::message_entities(i)
                .into_iter()
                .map(|e| entity(i, e))
                .collect(),
        ),
        views: views.map(|(views, _)| views),
        forwards: views.map(|(_, forwards)| forwards),
        replies: None,
        edit_date,
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

fn user(j: usize) -> enums::User {
    let f = spec::user_fields(j);
    enums::User::User(types::User {
        is_self: false,
        contact: f.contact,
        mutual_contact: f.contact,
        deleted: false,
        bot: false,
        bot_chat_history: false,
        bot_nochats: false,
        verified: false,
        restricted: false,
        min: false,
        bot_inline_geo: false,
        support: false,
        scam: false,
        apply_min_photo: false,
        fake: false,
        bot_attach_menu: false,
        premium: f.premium,
        attach_menu_enabled: false,
        bot_can_edit: false,
        close_friend: false,
        stories_hidden: false,
        stories_unavailable: false,
        contact_require_premium: false,
        bot_business: false,
        bot_has_main_app: false,
        bot_forum_view: false,
        bot_forum_can_manage_topics: false,
        bot_can_manage_bots: false,
        bot_guestchat: false,
        bot_guard: false,
        id: spec::user_id(j),
        access_hash: Some(f.access_hash),
        first_name: Some(f.first_name),
        last_name: f.last_name,
        username: Some(f.username),
        phone: f.phone,
        photo: Some(enums::UserProfilePhoto::Photo(types::UserProfilePhoto {
            has_video: false,
            personal: false,
            photo_id: f.photo_id,
            stripped_thumb: None,
            dc_id: f.dc_id,
        })),
        status: Some(match f.online_until {
            Some(expires) => enums::UserStatus::Online(types::UserStatusOnline { expires }),
            None => enums::UserStatus::Recently(types::UserStatusRecently { by_me: false }),
        }),
        bot_info_version: None,
        restriction_reason: None,
        bot_inline_placeholder: None,
        lang_code: Some(f.lang_code),
        emoji_status: None,
        usernames: None,
        stories_max_id: None,
        color: None,
        profile_color: None,
        bot_active_users: None,
        bot_verification_icon: None,
        send_paid_messages_stars: None,
        linked_community_id: None,
    })
}

/// See [`crate::ours::messages`].
#[must_use]
pub fn messages() -> enums::messages::Messages {
    enums::messages::Messages::Messages(types::messages::Messages {
        messages: (0..spec::N_MESSAGES).map(message).collect(),
        topics: Vec::new(),
        chats: Vec::new(),
        users: (0..spec::N_USERS).map(user).collect(),
    })
}

/// See [`crate::ours::save_file_part`].
#[must_use]
pub fn save_file_part() -> functions::upload::SaveFilePart {
    let (file_id, file_part, bytes) = spec::file_part();
    functions::upload::SaveFilePart {
        file_id,
        file_part,
        bytes,
    }
}

/// grammers' ids for the names of [`crate::ours::layer_dependent_ids`].
#[must_use]
pub fn id_of(name: &str) -> u32 {
    use grammers_tl_types::Identifiable;
    match name {
        "message" => types::Message::CONSTRUCTOR_ID,
        "user" => types::User::CONSTRUCTOR_ID,
        "messageReplyHeader" => types::MessageReplyHeader::CONSTRUCTOR_ID,
        "messages.sendMessage" => functions::messages::SendMessage::CONSTRUCTOR_ID,
        "inputReplyToMessage" => types::InputReplyToMessage::CONSTRUCTOR_ID,
        _ => panic!("no grammers id for {name}"),
    }
}

/// Decodes a boxed function call (constructor id, then the fields).
///
/// grammers' `Deserializable` for functions (feature `deserializable-functions`) reads the bare
/// fields only, as its boxed types' struct impls do: the id is read by whoever dispatches on it.
/// This checks the id first, which is what our `Deserializable` does for any boxed value.
pub fn decode_function<T>(bytes: &[u8]) -> grammers_tl_types::deserialize::Result<T>
where
    T: grammers_tl_types::Identifiable + grammers_tl_types::Deserializable,
{
    use grammers_tl_types::deserialize::Error;
    let (id, body) = bytes.split_first_chunk::<4>().ok_or(Error::UnexpectedEof)?;
    let id = u32::from_le_bytes(*id);
    if id != T::CONSTRUCTOR_ID {
        return Err(Error::UnexpectedConstructor { id });
    }
    T::from_bytes(body)
}
