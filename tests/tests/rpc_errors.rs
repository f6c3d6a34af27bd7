//! Typed RPC errors in tlforge-types (issue 20): the acceptance program, and every error of the
//! catalogue in schema/telegram-docs.json (layer 230) mapped to a variant of its own and back.

use std::collections::{BTreeMap, HashMap};

use tlforge_codegen::metadata::Metadata;
use tlforge_types::errors::Error;
use tlforge_types::functions::auth::{CancelCode, CancelCodeError};
use tlforge_types::{BotCallable, RemoteCall, RpcError, RpcErrorInfo};

const DOCS_JSON: &str = include_str!("../../schema/telegram-docs.json");

#[test]
fn acceptance_program() {
    let e = RpcError::new(420, "FLOOD_WAIT_30");
    assert_eq!(
        (e.code(), e.name(), e.value()),
        (420, "FLOOD_WAIT", Some(30))
    );
    let m: <CancelCode as RemoteCall>::Error = RpcError::new(400, "PHONE_CODE_EXPIRED").into();
    assert!(matches!(m, CancelCodeError::PhoneCodeExpired));
    let f: CancelCodeError = RpcError::new(420, "FLOOD_WAIT_30").into();
    assert!(matches!(f, CancelCodeError::Other(Error::FloodWait(30))));
    assert!(matches!(
        Error::from(RpcError::new(303, "USER_MIGRATE_4")),
        Error::UserMigrate(4)
    ));
    assert!(matches!(
        Error::from(RpcError::new(400, "NEW_THING")),
        Error::Other(_)
    ));
    fn bots<R: RemoteCall + BotCallable>() {}
    bots::<tlforge_types::functions::messages::SendMessage>();
    // `bots::<CancelCode>()` does not compile: the compile_fail doctest in tlforge-types' lib.rs.
}

#[test]
fn numbers_in_middle_and_suffix_position_and_unknown_errors_keep_everything() {
    // `FILE_PART_%d_MISSING`: the number in the middle; `PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_%dMIN`:
    // glued to a word. (No catalogued name has its number first.)
    assert_eq!(
        Error::from(RpcError::new(400, "FILE_PART_3_MISSING")),
        Error::FilePartMissing(3)
    );
    let wait = Error::from(RpcError::new(406, "PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_5MIN"));
    assert_eq!(wait, Error::PreviousChatImportActiveWaitMin(5));
    assert_eq!(wait.name(), "PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_MIN");
    assert_eq!(
        wait.catalogue_name(),
        "PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_%dMIN"
    );
    assert_eq!(wait.value(), Some(5));
    assert_eq!(wait.flood_wait(), Some(std::time::Duration::from_secs(300)));
    assert_eq!(wait.to_string(), "PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_5MIN");
    // The numbered and the plain spelling are distinct errors.
    assert_eq!(
        Error::from(RpcError::new(400, "FILE_REFERENCE_2_EXPIRED")),
        Error::FileReferenceNExpired(2)
    );
    assert_eq!(
        Error::from(RpcError::new(400, "FILE_REFERENCE_EXPIRED")),
        Error::FileReferenceExpired
    );
    // `2FA_CONFIRM_WAIT_%d`: leading digits spelled out.
    assert_eq!(
        Error::from(RpcError::new(420, "2FA_CONFIRM_WAIT_30")),
        Error::TwoFaConfirmWait(30)
    );
    // Not a number: not the numbered error.
    let odd = Error::from(RpcError::new(420, "FLOOD_WAIT_ABC"));
    assert_eq!(odd, Error::Other(RpcError::new(420, "FLOOD_WAIT_ABC")));
    let Error::Other(kept) = &odd else {
        unreachable!()
    };
    assert_eq!((kept.code(), kept.message()), (420, "FLOOD_WAIT_ABC"));
    // Written as the server sent it, as every other variant is (issue 38).
    assert_eq!(odd.to_string(), "FLOOD_WAIT_ABC");
    assert_eq!(odd.code(), 420);
}

#[test]
fn function_errors_convert_both_ways() {
    let own = CancelCodeError::from(RpcError::new(406, "PHONE_NUMBER_INVALID"));
    assert_eq!(own, CancelCodeError::PhoneNumberInvalid);
    assert_eq!(own.to_string(), "PHONE_NUMBER_INVALID");
    assert_eq!(Error::from(own), Error::PhoneNumberInvalid);
    let other = CancelCodeError::from(RpcError::new(420, "FLOOD_WAIT_7"));
    assert_eq!(other.to_string(), "FLOOD_WAIT_7");
    assert_eq!(Error::from(other), Error::FloodWait(7));
    // A function that documents no error answers with the catalogue's enum.
    fn error_type<R: RemoteCall>() -> std::any::TypeId {
        std::any::TypeId::of::<R::Error>()
    }
    let metadata = Metadata::parse("telegram-docs.json", DOCS_JSON).unwrap();
    assert!(metadata.methods["help.getPremiumPromo"].errors.is_empty());
    assert_eq!(
        error_type::<tlforge_types::functions::help::GetPremiumPromo>(),
        std::any::TypeId::of::<Error>()
    );
    // The error is usable with `?` into a boxed error.
    fn call() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        Err(CancelCodeError::from(RpcError::new(
            400,
            "PHONE_CODE_EXPIRED",
        )))?
    }
    assert_eq!(call().unwrap_err().to_string(), "PHONE_CODE_EXPIRED");
}

/// Every catalogued name, with its number written in, converts into a variant that gives the
/// name and the number back; no two names share a variant.
#[test]
fn every_catalogued_error_has_its_own_variant() {
    let metadata = Metadata::parse("telegram-docs.json", DOCS_JSON).unwrap();
    assert_eq!(metadata.errors.len(), 812);
    let mut variants: HashMap<std::mem::Discriminant<Error>, &str> = HashMap::new();
    let mut numbered = 0;
    for (name, entry) in &metadata.errors {
        let code = entry.codes.first().copied().unwrap_or(400);
        // A plain name with a number in it (`FILE_PART_0_MISSING`) carries it, as the message
        // it is read from does.
        let value = name
            .contains("%d")
            .then_some(17u32)
            .or_else(|| RpcError::new(400, name.clone()).value());
        let message = name.replace("%d", "17");
        let error = Error::from(RpcError::new(code, message.clone()));
        assert!(
            !matches!(error, Error::Other(_)),
            "{name} is not catalogued"
        );
        assert_eq!(error.catalogue_name(), name);
        assert_eq!(error.value(), value, "{name}");
        assert_eq!(error.to_string(), message);
        assert_eq!(Error::from_message(&message), Some(error.clone()));
        if let Some(other) = variants.insert(std::mem::discriminant(&error), name) {
            panic!("{name} and {other} share the variant {error:?}");
        }
        numbered += usize::from(name.contains("%d"));
    }
    // README of the metadata: 29 errors carry a number.
    assert_eq!(numbered, 29);
}

/// Each function's enum has one variant per error its documentation lists (aliases such as
/// `FLOOD_WAIT_X` read as the catalogue's name), and they convert back into that error.
#[test]
fn cancel_code_lists_the_errors_of_its_page() {
    let metadata = Metadata::parse("telegram-docs.json", DOCS_JSON).unwrap();
    let documented: BTreeMap<&str, i32> = metadata.methods["auth.cancelCode"]
        .errors
        .iter()
        .map(|e| (e.kind.as_str(), e.code))
        .collect();
    assert_eq!(
        documented,
        BTreeMap::from([("PHONE_CODE_EXPIRED", 400), ("PHONE_NUMBER_INVALID", 406)])
    );
    for (name, code) in documented {
        let own = CancelCodeError::from(RpcError::new(code, name));
        assert!(!matches!(own, CancelCodeError::Other(_)), "{name}");
        assert_eq!(Error::from(own).catalogue_name(), name);
    }
}

/// Issue 38: `name()`, `value()` and `Display` mean the same for `RpcError`, `errors::Error` and
/// a function's own enum, for every catalogued error; `code()` of a typed variant is the
/// catalogue's (its first code), of `Other` the one sent.
#[test]
fn every_error_type_tells_the_same_name_value_and_message() {
    use tlforge_types::functions::messages::SendMessageError;
    let metadata = Metadata::parse("telegram-docs.json", DOCS_JSON).unwrap();
    for (name, entry) in &metadata.errors {
        let message = name.replace("%d", "17");
        // Sent with a code the catalogue does not give it: typed variants answer their own.
        let raw = RpcError::new(599, message.clone());
        let typed = Error::from(raw.clone());
        let own = SendMessageError::from(raw.clone());
        let catalogued = entry.codes[0];
        assert_eq!(typed.code(), catalogued, "{name}");
        assert_eq!(RpcErrorInfo::code(&own), catalogued, "{name}");
        assert_eq!(typed.to_string(), message);
        assert_eq!(own.to_string(), message);
        assert_eq!(RpcErrorInfo::value(&own), typed.value(), "{name}");
        assert_eq!(RpcErrorInfo::name(&own), typed.name(), "{name}");
        assert_eq!(typed.flood_wait(), own.flood_wait(), "{name}");
        assert_eq!(typed.migrate_dc(), own.migrate_dc(), "{name}");
        // `RpcError` splits the number off a `_`-separated part only; the catalogue's one name
        // with its number glued to a word reads the same only once typed.
        if name != "PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_%dMIN" {
            assert_eq!(
                (raw.name(), raw.value()),
                (typed.name(), typed.value()),
                "{name}"
            );
            assert_eq!(raw.flood_wait(), typed.flood_wait(), "{name}");
        }
    }
    let other = SendMessageError::from(RpcError::new(599, "NEW_THING_5"));
    assert_eq!(
        (other.code(), other.name(), other.value()),
        (599, "NEW_THING", Some(5))
    );
    assert_eq!(other.to_string(), "NEW_THING_5");
}

/// Every wait the runtime knows (`WAITS`) and every `*_MIGRATE` is a numbered error of the
/// catalogue, and every numbered catalogued error described as a wait in seconds is a wait.
#[test]
fn waits_and_migrations_are_the_catalogues() {
    let metadata = Metadata::parse("telegram-docs.json", DOCS_JSON).unwrap();
    let numbered: HashMap<String, &str> = metadata
        .errors
        .keys()
        .filter(|name| name.contains("%d"))
        .map(|name| {
            (
                Error::from(RpcError::new(400, name.replace("%d", "1")))
                    .name()
                    .to_owned(),
                name.as_str(),
            )
        })
        .collect();
    for (wait, _) in tlforge_types::runtime::WAITS {
        assert!(
            numbered.contains_key(*wait),
            "{wait} is not a numbered catalogued error"
        );
    }
    for (short, name) in &numbered {
        let description = metadata.errors[*name].description.as_deref().unwrap_or("");
        let says_wait = description.contains("%d seconds") && !description.contains("unixtime");
        let error = Error::from(RpcError::new(420, name.replace("%d", "9")));
        assert_eq!(
            error.flood_wait().is_some(),
            says_wait || short.ends_with("WAIT_MIN"),
            "{name}: {description}"
        );
        assert_eq!(
            error.migrate_dc().is_some(),
            short.ends_with("_MIGRATE"),
            "{name}"
        );
    }
}

/// The bytes a server answers a failed `auth.cancelCode` with: `rpc_result` (req_msg_id 7)
/// holding `rpc_error#2144ca19 error_code:int error_message:string`
/// (core.telegram.org/mtproto/service_messages), decoded and typed.
#[test]
fn an_rpc_error_from_bytes() {
    use tlforge_types::Deserializable;
    use tlforge_types::mtproto::enums;
    use tlforge_types::mtproto::types::RpcResult;

    let mut wire = 0xf35c6d01_u32.to_le_bytes().to_vec();
    wire.extend(7_i64.to_le_bytes());
    wire.extend(0x2144ca19_u32.to_le_bytes());
    wire.extend(400_i32.to_le_bytes());
    let message = b"PHONE_CODE_EXPIRED";
    wire.push(message.len() as u8);
    wire.extend(message);
    wire.resize(wire.len().next_multiple_of(4), 0);

    let result = RpcResult::from_bytes(&wire).expect("rpc_result decodes");
    assert_eq!(result.req_msg_id, 7);
    let Ok(enums::RpcError::RpcError(error)) = result.result.decode::<enums::RpcError>() else {
        panic!("its result is not an rpc_error");
    };
    let error: RpcError = error.into();
    assert_eq!((error.code(), error.message()), (400, "PHONE_CODE_EXPIRED"));
    let typed: <CancelCode as RemoteCall>::Error = error.into();
    assert_eq!(typed, CancelCodeError::PhoneCodeExpired);
}
