//! The error a server answers a call with, and the marker of what bots may call.

use core::fmt;

use crate::RemoteCall;

/// The error a server answers a call with: MTProto's
/// `rpc_error#2144ca19 error_code:int error_message:string = RpcError;`
/// (core.telegram.org/api/errors), any schema.
///
/// The message is kept as sent; [`name`](Self::name) and [`value`](Self::value) split off the
/// number some errors carry, as grammers and gotd do: `FLOOD_WAIT_30` is `FLOOD_WAIT` with 30,
/// `FILE_PART_3_MISSING` is `FILE_PART_MISSING` with 3. Only a part of the message between
/// underscores that is all digits is a number, so `2FA_CONFIRM_WAIT_30` is `2FA_CONFIRM_WAIT`
/// with 30.
///
/// ```
/// use tl_runtime::RpcError;
///
/// let e = RpcError::new(420, "FLOOD_WAIT_30");
/// assert_eq!((e.code(), e.name(), e.value()), (420, "FLOOD_WAIT", Some(30)));
/// assert_eq!(e.message(), "FLOOD_WAIT_30");
/// assert_eq!(e.to_string(), "RPC error 420: FLOOD_WAIT_30");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RpcError {
    code: i32,
    message: String,
    /// `message` without its number, when it has one.
    name: Option<String>,
    value: Option<u32>,
}

impl RpcError {
    /// An error with the code and message the server sent.
    pub fn new(code: i32, message: impl Into<String>) -> RpcError {
        let message = message.into();
        let (name, value) = match split_number(&message) {
            Some((name, value)) => (Some(name), Some(value)),
            None => (None, None),
        };
        RpcError {
            code,
            message,
            name,
            value,
        }
    }

    /// The HTTP-like code: 303 (see other data center), 400, 401, 403, 406, 420 (flood), 500, …
    #[must_use]
    pub fn code(&self) -> i32 {
        self.code
    }

    /// The message as sent, number included: `FLOOD_WAIT_30`.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The message without its number: `FLOOD_WAIT`, `FILE_PART_MISSING`; the whole message
    /// when it carries none.
    #[must_use]
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.message)
    }

    /// The number the message carries: 30 in `FLOOD_WAIT_30`, 3 in `FILE_PART_3_MISSING`.
    #[must_use]
    pub fn value(&self) -> Option<u32> {
        self.value
    }
}

/// The first `_`-separated part of `message` that is all ASCII digits (and fits in a `u32`),
/// and the message without it.
fn split_number(message: &str) -> Option<(String, u32)> {
    let mut parts = message.split('_');
    let index = parts
        .clone()
        .position(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))?;
    let value = parts.nth(index)?.parse().ok()?;
    let name: Vec<&str> = message
        .split('_')
        .enumerate()
        .filter(|&(i, _)| i != index)
        .map(|(_, part)| part)
        .collect();
    Some((name.join("_"), value))
}

impl fmt::Display for RpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RPC error {}: {}", self.code, self.message)
    }
}

impl std::error::Error for RpcError {}

/// A function the Telegram API documentation says bots may call ("Can bots use this method?
/// Yes"). tl-codegen implements it from the documentation JSON (`Config::metadata`); functions
/// the documentation says bots may not call, or says nothing about, do not implement it, so a
/// bot framework can refuse them at compile time:
///
/// ```
/// use tl_runtime::{BotCallable, RemoteCall};
///
/// /// Sends `request` on behalf of a bot: only what bots may call compiles.
/// fn invoke<R: RemoteCall + BotCallable>(request: &R) -> Vec<u8> {
///     request.to_bytes()
/// }
/// ```
pub trait BotCallable: RemoteCall {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_suffix_middle_and_prefix_position() {
        let cases: [(&str, &str, Option<u32>); 8] = [
            ("FLOOD_WAIT_30", "FLOOD_WAIT", Some(30)),
            ("FILE_PART_3_MISSING", "FILE_PART_MISSING", Some(3)),
            ("USER_MIGRATE_4", "USER_MIGRATE", Some(4)),
            // The digits of `2FA` are part of the name.
            ("2FA_CONFIRM_WAIT_30", "2FA_CONFIRM_WAIT", Some(30)),
            ("PHONE_CODE_EXPIRED", "PHONE_CODE_EXPIRED", None),
            // A number as the first part (none in the catalogue, but the rule is positional).
            ("30_SECONDS", "SECONDS", Some(30)),
            // Past u32: no number, the message is the name.
            ("WAIT_99999999999", "WAIT_99999999999", None),
            ("", "", None),
        ];
        for (message, name, value) in cases {
            let e = RpcError::new(400, message);
            assert_eq!((e.name(), e.value()), (name, value), "{message}");
            assert_eq!(e.message(), message);
            assert_eq!(e.code(), 400);
        }
    }

    #[test]
    fn display_and_error() {
        let e = RpcError::new(303, "USER_MIGRATE_4");
        assert_eq!(e.to_string(), "RPC error 303: USER_MIGRATE_4");
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert_eq!(boxed.to_string(), "RPC error 303: USER_MIGRATE_4");
    }
}
