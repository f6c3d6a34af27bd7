//! Rust types for the Telegram API (layer [`LAYER`]) and the MTProto service schema, generated
//! by tl-codegen from the bundled `schema/api.tl` and `schema/mtproto.tl`.
//!
//! - [`types`]: one struct per constructor, [`enums`]: one enum per boxed type,
//!   [`functions`]: one request struct per function, with its [`RemoteCall::Return`] type.
//! - [`mtproto`]: the same for the MTProto schema.
//!
//! ```
//! use tl_types::functions::auth::CancelCode;
//! use tl_types::{Identifiable, Serializable};
//!
//! let request = CancelCode { phone_number: "79991234567".into(), phone_code_hash: "abcdef".into() };
//! assert_eq!(CancelCode::CONSTRUCTOR_ID, 0x1f040578);
//! assert_eq!(&request.to_bytes()[..4], &[0x78, 0x05, 0x04, 0x1f]);
//! ```

pub use tl_runtime::{
    BareDeserializable, BareSerializable, Deserializable, Identifiable, RemoteCall, Serializable,
};

mod api {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}

pub use api::{LAYER, enums, functions, types};

/// The MTProto service schema (auth-key exchange and service messages).
pub mod mtproto {
    include!(concat!(env!("OUT_DIR"), "/mtproto.rs"));
}

/// The TL name of a constructor or function of either schema, by id.
pub fn name_for_id(id: u32) -> Option<&'static str> {
    api::name_for_id(id).or_else(|| mtproto::name_for_id(id))
}
