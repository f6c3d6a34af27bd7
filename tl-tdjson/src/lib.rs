//! A TDLib client for the td_api types tlforge generates (`tlforge-tdlib` re-exports it as
//! `tlforge_tdlib::{Tdjson, Client, Updates}`, with its `Update` enum filled in).
//!
//! - **Nothing to link.** [`Tdjson::open`] loads libtdjson when the program runs (the four
//!   functions of td/telegram/td_json_client.h, through libloading); [`Tdjson::open_default`]
//!   tries `$TDJSON`, then the platform's library name. A build never needs TDLib.
//! - **Typed requests.** [`Tdjson::execute`] takes only the functions TDLib runs synchronously
//!   (the generated `Synchronous` trait: anything else does not compile) and returns the
//!   function's own answer type; [`Client::send`] returns a future of the answer or a
//!   [`TdError`], matched to its request by `@extra` whatever order TDLib answers in.
//! - **One receiver thread per library** calls `td_receive` (only one thread may) for every
//!   client and wakes the futures, so they work on any executor (tokio, async-std,
//!   `futures::executor::block_on`) and no async runtime is a dependency.
//! - **Typed updates.** [`Client::updates`] is a queue of the td_api crate's `Update` enum, read
//!   blocking ([`Updates::recv_timeout`]) or as a `futures` `Stream`; what the schema lacks
//!   comes as its `Unknown` variant.
//! - **Closed on drop.** Dropping a client's last handle closes it and waits (bounded) for
//!   TDLib to say so: a program that ends normally never makes TDLib abort at exit.
//! - **No panics on what TDLib sends.** An answer that is not what the request returns (read
//!   leniently, or strictly with [`Tdjson::strict`]) is that request's error; an update that
//!   cannot be read is `Unknown`; the receiver thread goes on.
//!
//! With tlforge-tdlib (whose documentation runs this against TDLib):
//!
//! ```ignore
//! use tlforge_tdlib::{Client, Tdjson, enums, functions};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let td = Tdjson::open_default()?;
//! let entities: enums::TextEntities =
//!     td.execute(&functions::GetTextEntities::new("hi @durov".into()))?;
//! let client: Client = td.client();
//! let square = futures::executor::block_on(client.send(functions::TestSquareInt::new(7)))?;
//! let updates = client.updates();
//! let first: Option<enums::Update> = updates.recv_timeout(std::time::Duration::from_secs(5));
//! # let _ = (entities, square, first);
//! # Ok(())
//! # }
//! ```

mod client;
mod envelope;
mod library;
mod receiver;
mod updates;

#[cfg(test)]
mod tests;

pub use client::{CLOSE_TIMEOUT, Client, Closed, LOCAL_ERROR_CODE, Pending, Tdjson};
pub use library::{DEFAULT_NAMES, OpenError, TDJSON_VARIABLE};
pub use tlforge_runtime::RpcErrorInfo;
pub use tlforge_runtime::json::{RemoteCall, Synchronous, TdError, Variants};
pub use updates::Updates;
