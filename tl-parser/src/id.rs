//! Constructor ids: the CRC32 of a normalized declaration text (docs/tl.md §4).
//!
//! Two rules exist and both are needed. Telegram's real ids (§4.2) drop `x:flags.N?true`
//! arguments and read `bytes` as `string`; tdlib's and TON's tlforge-parser (§4.4, "canonical") do
//! neither. Both print `Vector<T>` as `Vector T`, drop braces and parentheses, and hash
//! `name args = Result` with single spaces.

use std::fmt::{self, Write};

use crate::model::{Definition, ParameterKind, Type, TypeParamKind};

/// How to print a declaration for hashing.
#[derive(Clone, Copy)]
struct Rule {
    /// Leave out `x:F.N?true` arguments (Telegram).
    drop_true_flags: bool,
    /// Print an argument of type `bytes` as `string` (Telegram).
    bytes_as_string: bool,
}

const TELEGRAM: Rule = Rule {
    drop_true_flags: true,
    bytes_as_string: true,
};
const TELEGRAM_BYTES_KEPT: Rule = Rule {
    drop_true_flags: true,
    bytes_as_string: false,
};
const CANONICAL: Rule = Rule {
    drop_true_flags: false,
    bytes_as_string: false,
};

/// The id by Telegram's rule (docs/tl.md §4): `flags.N?true` arguments dropped, `bytes`
/// read as `string`. Reproduces 2451 of the 2460 explicit ids of tdlib's telegram_api.tl.
pub fn telegram_id(def: &Definition) -> u32 {
    crc(def, TELEGRAM)
}

/// Telegram's rule with `bytes` kept (`ipPortSecret#37982646`, `decryptedMessageMediaDocument#6abd9782`).
pub fn telegram_id_bytes_kept(def: &Definition) -> u32 {
    crc(def, TELEGRAM_BYTES_KEPT)
}

/// The id by the rule of tdlib's and TON's tlforge-parser (docs/tl.md §4): every argument kept,
/// `bytes` kept. This is the id of a declaration written without one.
pub fn canonical_id(def: &Definition) -> u32 {
    crc(def, CANONICAL)
}

/// The text the canonical rule hashes, e.g. `vector t:Type # [ t ] = Vector t`.
pub fn canonical_id_text(def: &Definition) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_id_text(def, CANONICAL, &mut out);
    out
}

/// True when the explicit id (if any) is what one of the accepted rules computes:
/// Telegram's, Telegram's with `bytes` kept, or the canonical one.
pub fn explicit_id_reproduced(def: &Definition) -> bool {
    match def.explicit_id {
        None => true,
        Some(id) => {
            telegram_id(def) == id || telegram_id_bytes_kept(def) == id || canonical_id(def) == id
        }
    }
}

fn crc(def: &Definition, rule: Rule) -> u32 {
    let mut hasher = Crc(crc32fast::Hasher::new());
    // The sink never fails.
    let _ = write_id_text(def, rule, &mut hasher);
    hasher.0.finalize()
}

/// Feeds formatted text straight into the CRC, so no string is allocated per declaration.
struct Crc(crc32fast::Hasher);

impl Write for Crc {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

fn write_id_text(def: &Definition, rule: Rule, out: &mut impl Write) -> fmt::Result {
    write_name(&def.name, out)?;
    for tp in &def.type_params {
        out.write_str(" ")?;
        out.write_str(&tp.name)?;
        out.write_str(match tp.kind {
            TypeParamKind::Type => ":Type",
            TypeParamKind::Nat => ":#",
        })?;
    }
    if def.builtin_mark {
        out.write_str(" ?")?;
    }
    for p in &def.params {
        match &p.kind {
            ParameterKind::Nat => {
                out.write_str(" ")?;
                if !p.name.is_empty() {
                    out.write_str(&p.name)?;
                    out.write_str(":")?;
                }
                out.write_str("#")?;
            }
            ParameterKind::Value { ty, flag } => {
                if rule.drop_true_flags && flag.is_some() && is_plain(ty, "true") {
                    continue;
                }
                out.write_str(" ")?;
                if !p.name.is_empty() {
                    out.write_str(&p.name)?;
                    out.write_str(":")?;
                }
                if let Some(flag) = flag {
                    out.write_str(&flag.field)?;
                    out.write_str(".")?;
                    write_u32(flag.bit, out)?;
                    out.write_str("?")?;
                }
                if rule.bytes_as_string && is_plain(ty, "bytes") {
                    out.write_str("string")?;
                } else {
                    write_type(ty, out)?;
                }
            }
            ParameterKind::Repeated { multiplicity, ty } => {
                out.write_str(" ")?;
                if !p.name.is_empty() {
                    out.write_str(&p.name)?;
                    out.write_str(":")?;
                }
                if let Some(n) = multiplicity {
                    write_u32(*n, out)?;
                    out.write_str("*")?;
                }
                out.write_str("[ ")?;
                write_type(ty, out)?;
                out.write_str(" ]")?;
            }
        }
    }
    out.write_str(" = ")?;
    write_type(&def.result, out)
}

/// Decimal digits without `fmt` machinery: this runs for every conditional field of every
/// declaration whose id is verified.
fn write_u32(mut n: u32, out: &mut impl Write) -> fmt::Result {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.write_str(std::str::from_utf8(&digits[i..]).unwrap_or("0"))
}

/// `bytes`, `true`: the plain type (no `%`, `!` or argument) named `name`.
fn is_plain(ty: &Type, name: &str) -> bool {
    !ty.percent
        && !ty.bang
        && ty.generic_arg.is_none()
        && ty.name.namespace.is_empty()
        && ty.name.name == name
}

fn write_name(name: &crate::model::Name, out: &mut impl Write) -> fmt::Result {
    for ns in &name.namespace {
        out.write_str(ns)?;
        out.write_str(".")?;
    }
    out.write_str(&name.name)
}

/// `Vector<User>` → `Vector User`; `vector<vector<T>>` → `vector vector T`.
fn write_type(ty: &Type, out: &mut impl Write) -> fmt::Result {
    if ty.bang {
        out.write_str("!")?;
    }
    if ty.percent {
        out.write_str("%")?;
    }
    write_name(&ty.name, out)?;
    if let Some(arg) = &ty.generic_arg {
        out.write_str(" ")?;
        write_type(arg, out)?;
    }
    Ok(())
}

/// An explicit id in a real schema that none of the rules reproduces, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdException {
    /// The declaration's full name.
    pub name: &'static str,
    /// Its explicit id.
    pub id: u32,
    /// Why the id does not match its text.
    pub reason: &'static str,
    /// A declaration that does hash to `id` (the original the line was derived from), if known.
    pub reproduced_by: Option<&'static str>,
}

/// Explicit ids in real schemas that no rule reproduces (docs/tl.md §4). A mismatch on one of
/// these is not reported.
pub const KNOWN_ID_EXCEPTIONS: &[IdException] = &[
    IdException {
        name: "accessPointRule",
        id: 0x4679b65f,
        reason: "reproduces under no known normalization; Telethon whitelists it too",
        reproduced_by: None,
    },
    IdException {
        name: "help.configSimple",
        id: 0x5a592a6c,
        reason: "reproduces under no known normalization; Telethon whitelists it too",
        reproduced_by: None,
    },
    IdException {
        name: "inputPeerPhotoFileLocationLegacy",
        id: 0x27d69997,
        reason: "renamed by tdlib; the id is that of the original inputPeerPhotoFileLocation",
        reproduced_by: Some(
            "inputPeerPhotoFileLocation flags:# big:flags.0?true peer:InputPeer volume_id:long local_id:int = InputFileLocation",
        ),
    },
    IdException {
        name: "inputStickerSetThumbLegacy",
        id: 0x0dbaeae9,
        reason: "renamed by tdlib; the id is that of the original inputStickerSetThumb",
        reproduced_by: Some(
            "inputStickerSetThumb stickerset:InputStickerSet volume_id:long local_id:int = InputFileLocation",
        ),
    },
    IdException {
        name: "invokeWithBusinessConnectionPrefix",
        id: 0xdd289f8e,
        reason: "tdlib pseudo-function carrying the id of the real invokeWithBusinessConnection",
        reproduced_by: Some(
            "invokeWithBusinessConnection {X:Type} connection_id:string query:!X = X",
        ),
    },
    IdException {
        name: "invokeWithGooglePlayIntegrityPrefix",
        id: 0x1df92984,
        reason: "tdlib pseudo-function carrying the id of the real invokeWithGooglePlayIntegrity",
        reproduced_by: Some(
            "invokeWithGooglePlayIntegrity {X:Type} nonce:string token:string query:!X = X",
        ),
    },
    IdException {
        name: "invokeWithApnsSecretPrefix",
        id: 0x0dae54f8,
        reason: "tdlib pseudo-function carrying the id of the real invokeWithApnsSecret",
        reproduced_by: Some(
            "invokeWithApnsSecret {X:Type} nonce:string secret:string query:!X = X",
        ),
    },
    IdException {
        name: "invokeWithReCaptchaPrefix",
        id: 0xadbb0f94,
        reason: "tdlib pseudo-function carrying the id of the real invokeWithReCaptcha",
        reproduced_by: Some("invokeWithReCaptcha {X:Type} token:string query:!X = X"),
    },
    IdException {
        name: "gzip_packed",
        id: 0x3072cfa1,
        reason: "tdlib changed the result type to GzipPacked; the id is that of `= Object`",
        reproduced_by: Some("gzip_packed packed_data:string = Object"),
    },
    // tdlib's secret_api.tl keeps old versions of secret-chat constructors under suffixed names.
    IdException {
        name: "decryptedMessage8",
        id: 0x1f814f1f,
        reason: "tdlib added the layer suffix 8; the id is that of decryptedMessage",
        reproduced_by: Some(
            "decryptedMessage random_id:long random_bytes:bytes message:string media:DecryptedMessageMedia = DecryptedMessage",
        ),
    },
    IdException {
        name: "decryptedMessageService8",
        id: 0xaa48327d,
        reason: "tdlib added the layer suffix 8; the id is that of decryptedMessageService",
        reproduced_by: Some(
            "decryptedMessageService random_id:long random_bytes:bytes action:DecryptedMessageAction = DecryptedMessage",
        ),
    },
    IdException {
        name: "decryptedMessageMediaPhoto8",
        id: 0x32798a8c,
        reason: "tdlib added the layer suffix 8; the id is that of decryptedMessageMediaPhoto",
        reproduced_by: Some(
            "decryptedMessageMediaPhoto thumb:bytes thumb_w:int thumb_h:int w:int h:int size:int key:bytes iv:bytes = DecryptedMessageMedia",
        ),
    },
    IdException {
        name: "decryptedMessageMediaVideo8",
        id: 0x4cee6ef3,
        reason: "tdlib added the layer suffix 8; the id is that of decryptedMessageMediaVideo",
        reproduced_by: Some(
            "decryptedMessageMediaVideo thumb:bytes thumb_w:int thumb_h:int duration:int w:int h:int size:int key:bytes iv:bytes = DecryptedMessageMedia",
        ),
    },
    IdException {
        name: "decryptedMessageMediaDocument8",
        id: 0xb095434b,
        reason: "tdlib added the layer suffix 8; the id is that of decryptedMessageMediaDocument",
        reproduced_by: Some(
            "decryptedMessageMediaDocument thumb:bytes thumb_w:int thumb_h:int file_name:string mime_type:string size:int key:bytes iv:bytes = DecryptedMessageMedia",
        ),
    },
    IdException {
        name: "decryptedMessageMediaAudio8",
        id: 0x6080758f,
        reason: "tdlib added the layer suffix 8; the id is that of decryptedMessageMediaAudio",
        reproduced_by: Some(
            "decryptedMessageMediaAudio duration:int size:int key:bytes iv:bytes = DecryptedMessageMedia",
        ),
    },
    IdException {
        name: "decryptedMessage23",
        id: 0x204d3878,
        reason: "tdlib added the layer suffix 23; the id is that of decryptedMessage",
        reproduced_by: Some(
            "decryptedMessage random_id:long ttl:int message:string media:DecryptedMessageMedia = DecryptedMessage",
        ),
    },
    IdException {
        name: "decryptedMessageMediaVideo23",
        id: 0x524a415d,
        reason: "tdlib added the layer suffix 23; the id is that of decryptedMessageMediaVideo",
        reproduced_by: Some(
            "decryptedMessageMediaVideo thumb:bytes thumb_w:int thumb_h:int duration:int mime_type:string w:int h:int size:int key:bytes iv:bytes = DecryptedMessageMedia",
        ),
    },
    IdException {
        name: "documentAttributeSticker23",
        id: 0xfb0a5727,
        reason: "tdlib added the layer suffix 23; the id is that of documentAttributeSticker",
        reproduced_by: Some("documentAttributeSticker = DocumentAttribute"),
    },
    IdException {
        name: "documentAttributeVideo23",
        id: 0x5910cccb,
        reason: "tdlib added the layer suffix 23; the id is that of documentAttributeVideo",
        reproduced_by: Some("documentAttributeVideo duration:int w:int h:int = DocumentAttribute"),
    },
    IdException {
        name: "documentAttributeAudio23",
        id: 0x051448e5,
        reason: "tdlib added the layer suffix 23; the id is that of documentAttributeAudio",
        reproduced_by: Some("documentAttributeAudio duration:int = DocumentAttribute"),
    },
    IdException {
        name: "documentAttributeAudio45",
        id: 0xded218e0,
        reason: "tdlib added the layer suffix 45; the id is that of documentAttributeAudio",
        reproduced_by: Some(
            "documentAttributeAudio duration:int title:string performer:string = DocumentAttribute",
        ),
    },
    IdException {
        name: "decryptedMessage46",
        id: 0x36b091de,
        reason: "tdlib added the layer suffix 46; the id is that of decryptedMessage",
        reproduced_by: Some(
            "decryptedMessage flags:# random_id:long ttl:int message:string media:flags.9?DecryptedMessageMedia entities:flags.7?Vector<MessageEntity> via_bot_name:flags.11?string reply_to_random_id:flags.3?long = DecryptedMessage",
        ),
    },
    IdException {
        name: "decryptedMessageMediaDocument46",
        id: 0x7afe8ae2,
        reason: "tdlib added the layer suffix 46; the id is that of decryptedMessageMediaDocument",
        reproduced_by: Some(
            "decryptedMessageMediaDocument thumb:bytes thumb_w:int thumb_h:int mime_type:string size:int key:bytes iv:bytes attributes:Vector<DocumentAttribute> caption:string = DecryptedMessageMedia",
        ),
    },
];

/// The known exception for this name and id, if any.
pub fn known_id_exception(name: &str, id: u32) -> Option<&'static IdException> {
    KNOWN_ID_EXCEPTIONS
        .iter()
        .find(|e| e.id == id && e.name == name)
}
