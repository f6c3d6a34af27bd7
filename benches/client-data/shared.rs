//! What both clients of issue 40 share, word for word: the recorded stream, the update kinds
//! they handle and the [`Summary`] they return. Each includes this file as its module
//! `shared` (`#[path]`), so both compile the same definitions against their own library.

/// The recorded stream: frames, each a `u32` little-endian length then
/// `rpc_result#f35c6d01 req_msg_id:long result:Object` whose result is
/// `gzip_packed#3072cfa1 packed_data:bytes` holding an `updates#74ae4240` of 50 updates (fewer in
/// the last frame), every `Update` constructor of the schema once, as its minimal value. Written
/// by `cargo run --manifest-path benches/Cargo.toml --example record_updates`.
pub const UPDATES_BIN: &[u8] = include_bytes!("updates.bin");

/// The update kinds [`read_updates`](crate::read_updates) handles, in the order of [`Summary::handled`].
pub const HANDLED: [&str; 12] = [
    "updateNewMessage",
    "updateEditMessage",
    "updateDeleteMessages",
    "updateNewChannelMessage",
    "updateEditChannelMessage",
    "updateDeleteChannelMessages",
    "updateUserStatus",
    "updateReadHistoryInbox",
    "updateBotCallbackQuery",
    "updateChannel",
    "updateDraftMessage",
    "updateMessageReactions",
];

/// What [`run`](crate::run) did, the same in both twins when both libraries do the same work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// `rpc_result` frames decoded.
    pub frames: usize,
    /// Updates decoded, whatever their kind.
    pub updates: usize,
    /// Updates of each kind of [`HANDLED`].
    pub handled: [usize; 12],
    /// Updates left to the `_` arm.
    pub unhandled: usize,
    /// The sum of one numeric field read from each handled update (pts, ids).
    pub field_sum: i64,
    /// Methods called (requests serialized).
    pub calls: usize,
    /// Answers decoded as the method's return type with the value that was written.
    pub answers_checked: usize,
    /// Error answers that matched the error expected of the method.
    pub errors_matched: usize,
    /// The seconds of the `FLOOD_WAIT_N` answers recognized.
    pub flood_wait_secs: u64,
    /// FNV-1a of [`EDIT_MARKER`](crate::EDIT_MARKER), every frame's `req_msg_id` and every byte serialized.
    pub checksum: u64,
}

impl Summary {
    /// Counts an error answer that matched the error expected.
    pub(crate) fn matched(&mut self, matched: bool) {
        self.errors_matched += usize::from(matched);
    }

    /// Folds bytes into [`Summary::checksum`] (64-bit FNV-1a).
    pub(crate) fn fold(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.checksum = (self.checksum ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// An error of [`run`](crate::run): the fixture did not decode.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
