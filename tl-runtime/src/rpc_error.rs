//! The error a server answers a call with, and the marker of what bots may call.

use core::fmt;
use std::time::Duration;

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
/// use tlforge_runtime::RpcError;
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

/// The number in `message` between `before` and `after`, as in the catalogue name
/// `before%dafter`: `error_number("FILE_PART_3_MISSING", "FILE_PART_", "_MISSING")` is `Some(3)`.
/// `None` unless the part between them is all ASCII digits and fits in a `u32`. Generated error
/// enums use it to read the numbered errors of their catalogue.
#[must_use]
pub fn error_number(message: &str, before: &str, after: &str) -> Option<u32> {
    let digits = message.strip_prefix(before)?.strip_suffix(after)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Writes the message a catalogue name stands for: `name` with its `%d` replaced by `value`
/// (`FLOOD_WAIT_%d` and 30: `FLOOD_WAIT_30`), or `name` itself. For generated error enums'
/// `Display`.
pub fn write_error_message(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    value: Option<u32>,
) -> fmt::Result {
    match (name.split_once("%d"), value) {
        (Some((before, after)), Some(value)) => write!(f, "{before}{value}{after}"),
        _ => f.write_str(name),
    }
}

/// What every error a call can fail with tells, so that code generic over
/// [`RemoteCall`](crate::RemoteCall) can retry, wait or migrate whatever the function's error type:
/// [`RpcError`], the catalogue's `errors::Error` and every function's own error enum
/// (`SendMessageError`) implement it, as does TDLib's `TdError` (feature `json`).
///
/// ```
/// use std::time::Duration;
/// use tlforge_runtime::{RemoteCall, RpcError, RpcErrorInfo};
///
/// /// How long to wait before repeating `R`, if its error says.
/// fn wait_of<R: RemoteCall>(error: &R::Error) -> Option<Duration> {
///     error.flood_wait()
/// }
///
/// let e = RpcError::new(420, "FLOOD_WAIT_30");
/// assert_eq!(e.flood_wait(), Some(Duration::from_secs(30)));
/// assert_eq!(RpcError::new(303, "USER_MIGRATE_4").migrate_dc(), Some(4));
/// ```
pub trait RpcErrorInfo {
    /// The code: as sent for an error from the server; a catalogued error's own code for a
    /// typed variant (the catalogue lists a few names under two codes, `FILE_MIGRATE_%d` under
    /// 303 and 400: the first is given).
    fn code(&self) -> i32;

    /// The name without its number, the same for every type: `FLOOD_WAIT` for `FLOOD_WAIT_30`,
    /// `FILE_PART_MISSING` for `FILE_PART_3_MISSING` (as [`RpcError::name`] splits them).
    fn name(&self) -> &str;

    /// The number the error carries: 30 in `FLOOD_WAIT_30`.
    fn value(&self) -> Option<u32>;

    /// How long to wait before repeating the call, for the errors that say so: `FLOOD_WAIT`,
    /// `FLOOD_PREMIUM_WAIT`, `FLOOD_TEST_PHONE_WAIT`, `SLOWMODE_WAIT` and every other error the
    /// catalogue describes as a wait ([`WAITS`]).
    fn flood_wait(&self) -> Option<Duration> {
        let value = self.value()?;
        let name = self.name();
        WAITS
            .iter()
            .find(|(wait, _)| *wait == name)
            .map(|(_, unit)| Duration::from_secs(u64::from(value) * unit))
    }

    /// The catalogue's facts of a typed error (generated `errors::Error`); `None` otherwise.
    fn catalogue_entry(&self) -> Option<&'static CatalogueEntry> {
        None
    }

    /// The data center to repeat the call in, for the `*_MIGRATE_%d` errors (303 "see other"):
    /// `PHONE_MIGRATE`, `USER_MIGRATE`, `NETWORK_MIGRATE`, `FILE_MIGRATE`, `STATS_MIGRATE`.
    fn migrate_dc(&self) -> Option<i32> {
        let value = self.value()?;
        MIGRATIONS
            .contains(&self.name())
            .then(|| i32::try_from(value).ok())
            .flatten()
    }
}

/// The errors that ask to wait, by name, with the seconds each unit of their number is: the
/// numbered errors of the error catalogue whose description says to wait `%d` seconds (or
/// minutes, `PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_%dMIN`) before trying again.
pub const WAITS: &[(&str, u64)] = &[
    ("FLOOD_WAIT", 1),
    ("FLOOD_PREMIUM_WAIT", 1),
    ("FLOOD_TEST_PHONE_WAIT", 1),
    ("SLOWMODE_WAIT", 1),
    ("2FA_CONFIRM_WAIT", 1),
    ("TAKEOUT_INIT_DELAY", 1),
    ("PASSWORD_TOO_FRESH", 1),
    ("SESSION_TOO_FRESH", 1),
    ("STARGIFT_RESELL_TOO_EARLY", 1),
    ("STARGIFT_TRANSFER_TOO_EARLY", 1),
    ("STORY_SEND_FLOOD_MONTHLY", 1),
    ("STORY_SEND_FLOOD_WEEKLY", 1),
    ("PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_MIN", 60),
];

/// The errors that name the data center to repeat a call in (core.telegram.org/api/errors,
/// 303 SEE_OTHER).
const MIGRATIONS: &[&str] = &[
    "PHONE_MIGRATE",
    "USER_MIGRATE",
    "NETWORK_MIGRATE",
    "FILE_MIGRATE",
    "STATS_MIGRATE",
];

impl RpcErrorInfo for RpcError {
    fn code(&self) -> i32 {
        self.code
    }

    fn name(&self) -> &str {
        RpcError::name(self)
    }

    fn value(&self) -> Option<u32> {
        self.value
    }
}

/// A function's own error enum (`SendMessageError`) as the catalogue's (`errors::Error`):
/// generated code implements this one method, and [`RpcErrorInfo`] comes with it, so that the
/// thousand per-function enums carry no copy of the same three methods.
pub trait Catalogued {
    /// The catalogue's error type (`errors::Error`).
    type Catalogue: RpcErrorInfo;
    /// The catalogue's error a typed variant is (they hold a number at most), or `Other`'s own.
    fn catalogued(&self) -> Result<Self::Catalogue, &Self::Catalogue>;
}

impl<T: Catalogued> RpcErrorInfo for T {
    fn code(&self) -> i32 {
        match self.catalogued() {
            Ok(error) => error.code(),
            Err(other) => other.code(),
        }
    }

    fn name(&self) -> &str {
        match self.catalogued() {
            Ok(error) => error.catalogue_entry().map_or("", |entry| entry.name),
            Err(other) => other.name(),
        }
    }

    fn value(&self) -> Option<u32> {
        match self.catalogued() {
            Ok(error) => error.value(),
            Err(other) => other.value(),
        }
    }

    fn catalogue_entry(&self) -> Option<&'static CatalogueEntry> {
        match self.catalogued() {
            Ok(error) => error.catalogue_entry(),
            Err(other) => other.catalogue_entry(),
        }
    }
}

/// A catalogued error's constant facts, as generated `errors::Error::catalogue_entry` gives
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CatalogueEntry {
    /// The name without its number (`FLOOD_WAIT`): [`RpcErrorInfo::name`].
    pub name: &'static str,
    /// The catalogue's name, `%d` where the number goes (`FLOOD_WAIT_%d`).
    pub catalogue_name: &'static str,
    /// The catalogue's (first) code.
    pub code: i32,
}

impl fmt::Display for RpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RPC error {}: {}", self.code, self.message)
    }
}

impl std::error::Error for RpcError {}

/// A function the Telegram API documentation says bots may call ("Can bots use this method?
/// Yes"). tlforge-codegen implements it from the documentation JSON (`Config::metadata`); functions
/// the documentation says bots may not call, or says nothing about, do not implement it, so a
/// bot framework can refuse them at compile time:
///
/// ```
/// use tlforge_runtime::{BotCallable, RemoteCall};
///
/// /// Sends `request` on behalf of a bot: only what bots may call compiles.
/// fn invoke<R: RemoteCall + BotCallable>(request: &R) -> Vec<u8> {
///     request.to_bytes()
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "bots may not call `{Self}`",
    label = "its documentation does not say bots may use it",
    note = "`BotCallable` is implemented by the functions whose page says \"Bots can use this method\""
)]
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
    fn catalogue_numbers_in_prefix_middle_and_suffix_position() {
        for (message, before, after, number) in [
            ("FLOOD_WAIT_30", "FLOOD_WAIT_", "", Some(30)),
            ("FILE_PART_3_MISSING", "FILE_PART_", "_MISSING", Some(3)),
            // Telegram's `PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_%dMIN`: not a `_`-separated part.
            (
                "PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_5MIN",
                "PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_",
                "MIN",
                Some(5),
            ),
            ("2FA_CONFIRM_WAIT_30", "2FA_CONFIRM_WAIT_", "", Some(30)),
            ("30_SECONDS", "", "_SECONDS", Some(30)),
            ("FLOOD_WAIT_", "FLOOD_WAIT_", "", None),
            ("FLOOD_WAIT_3x", "FLOOD_WAIT_", "", None),
            ("FLOOD_WAIT_+3", "FLOOD_WAIT_", "", None),
            ("FLOOD_WAIT_99999999999", "FLOOD_WAIT_", "", None),
            ("FILE_PART_3_MISSING", "FLOOD_WAIT_", "", None),
            // `before` and `after` overlapping the same characters is no match.
            ("AB", "AB", "B", None),
        ] {
            assert_eq!(error_number(message, before, after), number, "{message}");
        }
    }

    #[test]
    fn catalogue_names_write_their_message() {
        struct Name(&'static str, Option<u32>);
        impl fmt::Display for Name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write_error_message(f, self.0, self.1)
            }
        }
        assert_eq!(Name("FLOOD_WAIT_%d", Some(30)).to_string(), "FLOOD_WAIT_30");
        assert_eq!(
            Name("FILE_PART_%d_MISSING", Some(3)).to_string(),
            "FILE_PART_3_MISSING"
        );
        assert_eq!(
            Name("PHONE_CODE_EXPIRED", None).to_string(),
            "PHONE_CODE_EXPIRED"
        );
    }

    #[test]
    fn waits_and_migrations_are_read_from_name_and_number() {
        let wait = |message: &str| RpcError::new(420, message).flood_wait();
        assert_eq!(wait("FLOOD_WAIT_30"), Some(Duration::from_secs(30)));
        assert_eq!(wait("FLOOD_PREMIUM_WAIT_7"), Some(Duration::from_secs(7)));
        assert_eq!(wait("SLOWMODE_WAIT_60"), Some(Duration::from_secs(60)));
        assert_eq!(wait("2FA_CONFIRM_WAIT_5"), Some(Duration::from_secs(5)));
        assert_eq!(wait("FLOOD_WAIT"), None);
        assert_eq!(wait("USER_MIGRATE_4"), None);
        assert_eq!(wait("PHONE_CODE_EXPIRED"), None);
        let dc = |message: &str| RpcError::new(303, message).migrate_dc();
        for kind in ["PHONE", "USER", "NETWORK", "FILE", "STATS"] {
            assert_eq!(dc(&format!("{kind}_MIGRATE_2")), Some(2), "{kind}");
        }
        assert_eq!(dc("FLOOD_WAIT_2"), None);
        assert_eq!(dc("USER_MIGRATE_4294967295"), None, "past i32");
    }

    #[test]
    fn display_and_error() {
        let e = RpcError::new(303, "USER_MIGRATE_4");
        assert_eq!(e.to_string(), "RPC error 303: USER_MIGRATE_4");
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert_eq!(boxed.to_string(), "RPC error 303: USER_MIGRATE_4");
    }
}
