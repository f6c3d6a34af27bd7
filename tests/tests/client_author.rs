//! Issue 38, "a client author's day": the acceptance program against tlforge-types, and the
//! conversions and named construction it asks for.

use std::time::Duration;

use tlforge_types::functions::messages::{SendMessage, SendMessageError, SendMessageInit};
use tlforge_types::runtime::{MissingField, WrongConstructor};
use tlforge_types::{RemoteCall, RpcError, RpcErrorInfo, Serializable, enums, types};

fn wait_of<R: RemoteCall>(e: &R::Error) -> Option<Duration> {
    e.flood_wait()
}

fn user(access_hash: Option<i64>) -> types::User {
    let mut user = types::User::new(777);
    user.access_hash = access_hash;
    user
}

/// The acceptance program, as written but for one line: `enums::User::User` holds a
/// `Box<types::User>` (large variants are boxed, issue 30), so the enum is built with `into()`.
#[test]
fn acceptance_program() {
    let e: SendMessageError = RpcError::new(420, "FLOOD_WAIT_30").into();
    assert_eq!(wait_of::<SendMessage>(&e), Some(Duration::from_secs(30)));
    assert_eq!(
        (e.code(), e.name(), e.value()),
        (420, "FLOOD_WAIT", Some(30))
    );
    assert_eq!(e.to_string(), "FLOOD_WAIT_30");
    let m: SendMessageError = RpcError::new(303, "USER_MIGRATE_4").into();
    assert_eq!(m.migrate_dc(), Some(4));
    let user_with_hash = user(Some(99));
    let user_without_hash = user(None);
    let peer: enums::InputPeer = (&user_with_hash).try_into().unwrap();
    assert!(matches!(
        &peer,
        enums::InputPeer::InputPeerUser(p) if p.user_id == 777 && p.access_hash == 99
    ));
    assert!(
        (&user_without_hash)
            .try_into()
            .map(|p: enums::InputPeer| p)
            .is_err()
    );
    let boxed: enums::User = user_with_hash.clone().into();
    let u: types::User = boxed.try_into().unwrap();
    assert_eq!((u.id, u.access_hash), (777, Some(99)));
}

#[test]
fn a_wrong_constructor_names_both_and_gives_the_value_back() {
    let empty: enums::User = types::UserEmpty::new(5).into();
    let error: WrongConstructor<enums::User> = types::User::try_from(empty).unwrap_err();
    assert_eq!((error.expected(), error.found()), ("user", "userEmpty"));
    assert_eq!(error.to_string(), "expected `user`, got `userEmpty`");
    assert!(matches!(error.into_inner(), enums::User::UserEmpty(e) if e.id == 5));
}

#[test]
fn input_conversions_from_users_channels_and_chats() {
    let missing: MissingField = enums::InputUser::try_from(&user(None)).unwrap_err();
    assert_eq!(missing.to_string(), "`user` has no `access_hash`");
    let input: enums::InputUser = (&user(Some(3))).try_into().unwrap();
    assert!(
        matches!(input, enums::InputUser::InputUser(u) if (u.user_id, u.access_hash) == (777, 3))
    );

    let mut channel =
        types::Channel::new(10, "title".into(), types::ChatPhotoEmpty::new().into(), 0);
    assert!(enums::InputChannel::try_from(&channel).is_err());
    channel.access_hash = Some(4);
    let peer: enums::InputPeer = (&channel).try_into().unwrap();
    assert!(
        matches!(peer, enums::InputPeer::InputPeerChannel(c) if (c.channel_id, c.access_hash) == (10, 4))
    );

    let chat = types::Chat::new(
        20,
        "group".into(),
        types::ChatPhotoEmpty::new().into(),
        3,
        0,
        1,
    );
    let peer = enums::InputPeer::from(&chat);
    assert!(matches!(peer, enums::InputPeer::InputPeerChat(c) if c.chat_id == 20));
}

#[test]
fn a_field_every_constructor_has_is_an_accessor() {
    let peer: enums::Peer = types::PeerUser::new(1).into();
    let messages: [enums::Message; 3] = [
        types::MessageEmpty::new(1).into(),
        types::Message::new(2, peer.clone(), 0, "hi".into()).into(),
        types::MessageService::new(3, peer, 0, types::MessageActionEmpty::new().into()).into(),
    ];
    let ids: Vec<i32> = messages.iter().map(enums::Message::id).collect();
    assert_eq!(ids, [1, 2, 3]);
}

/// `SendMessage::from(SendMessageInit { peer, message, random_id })` builds the same bytes as
/// `new` (feature `init`, which the tests turn on).
#[test]
fn init_builds_the_same_bytes_as_new() {
    let peer: enums::InputPeer = types::InputPeerUser::new(1, 2).into();
    let by_position = SendMessage::new(peer.clone(), "hi".into(), 42);
    let by_name = SendMessage::from(SendMessageInit {
        peer,
        message: "hi".into(),
        random_id: 42,
    });
    assert_eq!(by_name.to_bytes(), by_position.to_bytes());
}
