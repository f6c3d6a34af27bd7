//! The benchmark objects built with tl-types (our generated crate).

use tl_types::{enums, functions, types};

use crate::spec::{self, Entity};

fn entity(i: usize, (kind, offset, length): Entity) -> enums::MessageEntity {
    match kind {
        0 => enums::MessageEntity::from(types::MessageEntityBold { offset, length }),
        1 => enums::MessageEntity::from(types::MessageEntityItalic { offset, length }),
        _ => enums::MessageEntity::from(types::MessageEntityTextUrl {
            offset,
            length,
            url: spec::entity_url(i),
        }),
    }
}

/// `messages.sendMessage` with a 200-character message, three `true` flags, a reply and two
/// entities.
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
        peer: enums::InputPeer::from(types::InputPeerUser {
            user_id: spec::SEND_PEER_USER_ID,
            access_hash: spec::SEND_PEER_ACCESS_HASH,
        }),
        reply_to: Some(enums::InputReplyTo::from(types::InputReplyToMessage {
            reply_to_msg_id: spec::SEND_REPLY_TO_MSG_ID,
            top_msg_id: None,
            reply_to_peer_id: None,
            quote_text: None,
            quote_entities: None,
            quote_offset: None,
            monoforum_peer_id: None,
            todo_item_id: None,
            poll_option: None,
            unknown_flags: 0,
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
        unknown_flags: 0,
    }
}

fn peer_user(user_id: i64) -> enums::Peer {
    enums::Peer::from(types::PeerUser { user_id })
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
    enums::Message::from(types::Message {
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
        peer_id: peer_user(spec::CHAT_USER_ID),
        saved_peer_id: None,
        fwd_from: None,
        from_rank: None,
        guestchat_via_from: None,
        via_bot_id: None,
        via_business_bot_id: None,
        reply_to: Some(enums::MessageReplyHeader::from(types::MessageReplyHeader {
            reply_to_scheduled: false,
            reply_to_ephemeral: false,
            forum_topic: false,
            quote: false,
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
            unknown_flags: 0,
        })),
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
        views: views.map(|(views, forwards)| types::MessageViewsFields { views, forwards }),
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
        rich_message: None,
        schedule_repeat_period: None,
        summary_from_language: None,
        unknown_flags: 0,
        unknown_flags2: 0,
    })
}

fn user(j: usize) -> enums::User {
    let f = spec::user_fields(j);
    enums::User::from(types::User {
        self_: false,
        contact: f.contact,
        mutual_contact: f.contact,
        deleted: false,
        bot: None,
        bot_chat_history: false,
        bot_nochats: false,
        verified: false,
        restricted: None,
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
        linked_community_id: None,
        id: spec::user_id(j),
        access_hash: Some(f.access_hash),
        first_name: Some(f.first_name),
        last_name: f.last_name,
        username: Some(f.username),
        phone: f.phone,
        photo: Some(enums::UserProfilePhoto::from(types::UserProfilePhoto {
            has_video: false,
            personal: false,
            photo_id: f.photo_id,
            stripped_thumb: None,
            dc_id: f.dc_id,
            unknown_flags: 0,
        })),
        status: Some(match f.online_until {
            Some(expires) => enums::UserStatus::from(types::UserStatusOnline { expires }),
            None => enums::UserStatus::from(types::UserStatusRecently {
                by_me: false,
                unknown_flags: 0,
            }),
        }),
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
        unknown_flags: 0,
        unknown_flags2: 0,
    })
}

/// `messages.messages` with [`spec::N_MESSAGES`] messages and [`spec::N_USERS`] users.
#[must_use]
pub fn messages() -> enums::messages::Messages {
    enums::messages::Messages::from(types::messages::Messages {
        messages: (0..spec::N_MESSAGES).map(message).collect(),
        topics: Vec::new(),
        chats: Vec::new(),
        users: (0..spec::N_USERS).map(user).collect(),
    })
}

/// `upload.saveFilePart` with 512 KiB of data.
#[must_use]
pub fn save_file_part() -> functions::upload::SaveFilePart {
    let (file_id, file_part, bytes) = spec::file_part();
    functions::upload::SaveFilePart {
        file_id,
        file_part,
        bytes,
    }
}

/// The constructor ids of the objects above whose id differs between layers, as
/// `(TL name, our id)`.
#[must_use]
pub fn layer_dependent_ids() -> Vec<(&'static str, u32)> {
    use tl_types::Identifiable;
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
