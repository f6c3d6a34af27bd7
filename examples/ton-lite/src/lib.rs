//! TON's lite-server API (`schema/lite_api.tl`), generated at build time by `build.rs` with
//! `tlforge_codegen::Config`: how a crate uses tlforge-codegen for a schema of its own.
//!
//! ```
//! use ton_lite::functions::lite_server::GetMasterchainInfo;
//! use ton_lite::Identifiable;
//!
//! assert_eq!(GetMasterchainInfo::CONSTRUCTOR_ID, 0x89b5e62e);
//! ```

pub use tlforge_runtime::{
    BareDeserializable, BareSerializable, Deserializable, Identifiable, RemoteCall, Serializable,
};

include!(concat!(env!("OUT_DIR"), "/lite_api.rs"));
