#![doc = include_str!("../README.md")]
//! The modules: [`types`] (one struct per constructor), [`enums`] (one enum per boxed type),
//! [`functions`] (one request struct per function, with its [`RemoteCall::Return`] type),
//! [`errors`] (the documentation's error catalogue as one enum; each function's
//! `RemoteCall::Error` is an enum of its documented errors beside it, `auth::CancelCodeError`),
//! [`mtproto`] (the same for the MTProto schema); the layer is [`LAYER`].
//!
//! # Building values across layer updates
//!
//! Every struct and enum is `#[non_exhaustive]`: build values with `new`, which takes the
//! required fields (those not behind a flag) in schema order, then set optional fields by
//! assignment; match enums with a wildcard arm. A new layer usually adds optional fields and
//! constructors, which then breaks no code written this way.
//!
//! ```
//! use tlforge_types::{enums, functions, types};
//!
//! let peer = types::InputPeerUser::new(1, 2).into();
//! let mut send = functions::messages::SendMessage::new(peer, "hi".into(), 42);
//! send.silent = true;
//! send.reply_to = Some(types::InputReplyToMessage::new(7).into());
//! match send.peer {
//!     enums::InputPeer::InputPeerUser(user) => assert_eq!(user.user_id, 1),
//!     _ => unreachable!(), // required: a later layer may add constructors
//! }
//! ```
//!
//! # Who may call what
//!
//! Functions the documentation says bots may call implement [`BotCallable`]; the others do not,
//! so a bot framework can refuse them at compile time. A server's error answer converts into
//! [`RpcError`] (`tlforge_types::mtproto::types::RpcError` implements `Into<RpcError>`).
//!
//! ```
//! use tlforge_types::{BotCallable, RemoteCall, RpcError};
//!
//! fn bots<R: RemoteCall + BotCallable>() {}
//! bots::<tlforge_types::functions::messages::SendMessage>();
//!
//! let error: RpcError = tlforge_types::mtproto::types::RpcError::new(420, "FLOOD_WAIT_30".into()).into();
//! assert_eq!((error.code(), error.name(), error.value()), (420, "FLOOD_WAIT", Some(30)));
//! ```
//!
//! An error answer converts into the function's `RemoteCall::Error`: an enum of the errors its
//! documentation lists, with [`errors::Error`] (every error of the catalogue, typed) for the
//! rest.
//!
//! ```
//! use tlforge_types::errors::Error;
//! use tlforge_types::functions::auth::{CancelCode, CancelCodeError};
//! use tlforge_types::{RemoteCall, RpcError};
//!
//! fn explain(answer: RpcError) -> String {
//!     match <CancelCode as RemoteCall>::Error::from(answer) {
//!         CancelCodeError::PhoneCodeExpired => "ask for a new code".into(),
//!         CancelCodeError::PhoneNumberInvalid => "check the number".into(),
//!         CancelCodeError::Other(Error::FloodWait(seconds)) => format!("retry in {seconds} s"),
//!         CancelCodeError::Other(other) => format!("failed: {other}"),
//!         _ => "an error a later layer documents".into(),
//!     }
//! }
//! assert_eq!(explain(RpcError::new(400, "PHONE_CODE_EXPIRED")), "ask for a new code");
//! assert_eq!(explain(RpcError::new(420, "FLOOD_WAIT_30")), "retry in 30 s");
//! assert_eq!(explain(RpcError::new(400, "NEW_THING")), "failed: NEW_THING");
//! assert!(matches!(Error::from(RpcError::new(303, "USER_MIGRATE_4")), Error::UserMigrate(4)));
//! ```
//!
//! In code generic over the function, [`RpcErrorInfo`] asks any `RemoteCall::Error` for its
//! code, its name without the number, the number, a flood wait or the data center to migrate
//! to; every error type's `Display` writes the message as the server sent it.
//!
//! ```
//! use std::time::Duration;
//! use tlforge_types::functions::messages::{SendMessage, SendMessageError};
//! use tlforge_types::{RemoteCall, RpcError, RpcErrorInfo};
//!
//! fn wait_of<R: RemoteCall>(e: &R::Error) -> Option<Duration> {
//!     e.flood_wait()
//! }
//! let e: SendMessageError = RpcError::new(420, "FLOOD_WAIT_30").into();
//! assert_eq!(wait_of::<SendMessage>(&e), Some(Duration::from_secs(30)));
//! assert_eq!((e.code(), e.name(), e.value()), (420, "FLOOD_WAIT", Some(30)));
//! assert_eq!(e.to_string(), "FLOOD_WAIT_30");
//! let m: SendMessageError = RpcError::new(303, "USER_MIGRATE_4").into();
//! assert_eq!(m.migrate_dc(), Some(4));
//! ```
//!
//! # One dependency
//!
//! What a client touches besides the generated types is re-exported here ([`Object`],
//! [`Reader`], [`DecodeError`], [`RpcError`], [`RpcErrorInfo`], the traits), and the whole
//! runtime as [`runtime`]: tlforge-types is the only dependency a client needs.
//!
//! ```
//! use tlforge_types::mtproto::{enums, types};
//! use tlforge_types::{Deserializable, Object, Reader, RpcError, RpcErrorInfo, Serializable};
//!
//! // A server's answer to request 5: an rpc_result whose result (an `Object`, read later as
//! // what the request returns) is an rpc_error.
//! let error = types::RpcError::new(420, "FLOOD_WAIT_30".into());
//! let bytes = types::RpcResult::new(5, Object::new(&error)).to_bytes();
//! let mut reader = Reader::new(&bytes).with_memory_limit(1 << 20);
//! let enums::RpcResult::RpcResult(answer) = enums::RpcResult::deserialize(&mut reader)? else {
//!     unreachable!("rpc_result is RpcResult's one constructor")
//! };
//! assert_eq!(answer.req_msg_id, 5);
//! let error: RpcError = answer.result.decode::<enums::RpcError>()?.into();
//! assert_eq!(error.flood_wait(), Some(std::time::Duration::from_secs(30)));
//! # Ok::<(), tlforge_types::DecodeError>(())
//! ```
//!
//! ```compile_fail,E0277
//! fn bots<R: tlforge_types::RemoteCall + tlforge_types::BotCallable>() {}
//! bots::<tlforge_types::functions::auth::CancelCode>(); // "Can bots use this method? No"
//! ```
//!
//! A struct expression outside this crate does not compile (error E0639), so no code depends on
//! the exact set of fields:
//!
//! ```compile_fail,E0639
//! let request = tlforge_types::functions::auth::CancelCode {
//!     phone_number: "79991234567".into(),
//!     phone_code_hash: "abcdef".into(),
//! };
//! ```

pub use tlforge_runtime::{
    BareDeserializable, BareSerializable, BotCallable, CatalogueEntry, Deserializable,
    Error as DecodeError, Identifiable, Object, Reader, RemoteCall, RpcError, RpcErrorInfo,
    Serializable,
};

/// The runtime the generated code is built on, for what the re-exports above leave out: a
/// client needs no second dependency (and so never two versions of it).
pub use tlforge_runtime as runtime;

// Generated by scripts/generate-tl-types.sh; CI fails when it is stale. Formatted by
// prettyplease, not rustfmt.
#[rustfmt::skip]
mod api;

pub use api::{LAYER, enums, functions, types};

#[cfg(feature = "errors")]
pub use api::errors;

pub use tlforge_types_1b::mtproto;

/// The TL name of a constructor or function of either schema, by id.
pub fn name_for_id(id: u32) -> Option<&'static str> {
    api::name_for_id(id).or_else(|| mtproto::name_for_id(id))
}
