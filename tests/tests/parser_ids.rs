//! Constructor ids: the worked examples of docs/tl.md §4, each rule on its own.

use tlforge_parser::{
    SourceFile, canonical_id, canonical_id_text, parse_schema, telegram_id, telegram_id_bytes_kept,
};

/// Parses `decl` (with stand-in declarations for the types it uses) and returns its model.
fn definition(decl: &str, stand_ins: &str) -> tlforge_parser::Definition {
    let source = SourceFile::new("example.tl", format!("{decl};\n{stand_ins}"));
    match parse_schema(std::slice::from_ref(&source)) {
        Ok(parsed) => parsed.schema.definitions.into_iter().next().unwrap(),
        Err(report) => panic!("{}", report.render(&[source], false)),
    }
}

#[test]
fn worked_examples_telegram_rule() {
    for (decl, stand_ins, id) in [
        ("boolTrue#997275b5 = Bool", "", 0x997275b5),
        (
            "vector#1cb5c415 {t:Type} # [ t ] = Vector t",
            "",
            0x1cb5c415,
        ),
        (
            "auth.cancelCode#1f040578 phone_number:string phone_code_hash:string = Bool",
            "",
            0x1f040578,
        ),
        (
            "invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X",
            "",
            0xda9b0d0d,
        ),
        (
            "inputMessagesFilterPhoneCalls#80c99768 flags:# missed:flags.0?true = MessagesFilter",
            "",
            0x80c99768,
        ),
        (
            "msgs_ack#62d6b459 msg_ids:Vector<long> = MsgsAck",
            "",
            0x62d6b459,
        ),
        (
            "users.getUsers#d91a548 id:Vector<InputUser> = Vector<User>",
            "a = InputUser; b = User;",
            0x0d91a548,
        ),
        ("storage.fileJpeg#7efe0e = storage.FileType", "", 0x007efe0e),
        (
            "gzip_packed#3072cfa1 packed_data:string = Object",
            "",
            0x3072cfa1,
        ),
        (
            "phone.createConferenceCall#7d0444bb flags:# muted:flags.0?true video_stopped:flags.2?true join:flags.3?true random_id:int public_key:flags.3?int256 block:flags.3?bytes params:flags.3?DataJSON = Updates",
            "a = DataJSON; b = Updates;",
            0x7d0444bb,
        ),
        (
            "resPQ#05162463 nonce:int128 server_nonce:int128 pq:string server_public_key_fingerprints:Vector<long> = ResPQ",
            "",
            0x05162463,
        ),
        (
            "user#d23c81a3 id:int first_name:string last_name:string = User",
            "",
            0xd23c81a3,
        ),
        (
            "getUsers#2d84d5f5 (Vector int) = Vector User",
            "a = User;",
            0x2d84d5f5,
        ),
        ("int#a8509bda ? = Int", "", 0xa8509bda),
    ] {
        let def = definition(decl, stand_ins);
        assert_eq!(def.id, id, "{decl}");
        assert_eq!(telegram_id(&def), id, "{decl}");
    }
}

#[test]
fn rules_differ_where_documented() {
    // Needs `bytes` kept: 0x402d9b47 with `string`.
    let def = definition(
        "ipPortSecret#37982646 ipv4:int port:int secret:bytes = IpPort",
        "",
    );
    assert_eq!(telegram_id(&def), 0x402d9b47);
    assert_eq!(telegram_id_bytes_kept(&def), 0x37982646);
    // `?true` kept by the canonical rule: 0x657b85bd.
    let def = definition(
        "inputMessagesFilterPhoneCalls flags:# missed:flags.0?true = MessagesFilter",
        "",
    );
    assert_eq!(canonical_id(&def), 0x657b85bd);
    assert_eq!(
        def.id, 0x657b85bd,
        "a declaration without an id gets the canonical one"
    );
    // `bytes` kept, but `?true` dropped: 0x5fad4385.
    let def = definition(
        "phone.createConferenceCall flags:# muted:flags.0?true video_stopped:flags.2?true join:flags.3?true random_id:int public_key:flags.3?int256 block:flags.3?bytes params:flags.3?DataJSON = Updates",
        "a = DataJSON; b = Updates;",
    );
    assert_eq!(telegram_id_bytes_kept(&def), 0x5fad4385);
    // The service_messages form of msg_container, and tdlib's commented `vector<%Message>` form.
    let def = definition(
        "msg_container#73f1f8dc messages:vector<message> = MessageContainer",
        "message msg_id:long seqno:int bytes:int body:Object = Message;",
    );
    assert_eq!(telegram_id(&def), 0x73f1f8dc);
    let def = definition(
        "msg_container messages:vector<%Message> = MessageContainer",
        "message msg_id:long seqno:int bytes:int body:Object = Message;",
    );
    assert_eq!(canonical_id(&def), 0x29c1636d);
}

#[test]
fn canonical_ids_of_builtin_and_ton_lines() {
    for (decl, stand_ins, text, id) in [
        ("long ? = Long", "", "long ? = Long", 0x22076cba),
        ("string ? = String", "", "string ? = String", 0xb5286e24),
        ("double ? = Double", "", "double ? = Double", 0x2210c154),
        ("bytes = Bytes", "", "bytes = Bytes", 0xe937bb82),
        (
            "int128 4*[ int ] = Int128",
            "",
            "int128 4*[ int ] = Int128",
            0x84ccf7b7,
        ),
        (
            "int256 8*[ int ] = Int256",
            "",
            "int256 8*[ int ] = Int256",
            0x7bedeb5b,
        ),
        (
            "vector {t:Type} # [ t ] = Vector t",
            "",
            "vector t:Type # [ t ] = Vector t",
            0x1cb5c415,
        ),
        (
            "pub.ed25519 key:int256 = PublicKey",
            "",
            "pub.ed25519 key:int256 = PublicKey",
            0x4813b4c6,
        ),
        (
            "adnl.address.udp ip:int port:int = adnl.Address",
            "",
            "adnl.address.udp ip:int port:int = adnl.Address",
            0x670da6e7,
        ),
        (
            "liteServer.lookupBlock mode:# id:tonNode.blockId lt:mode.1?long utime:mode.2?int = liteServer.BlockHeader",
            "tonNode.blockId workchain:int = tonNode.BlockId; liteServer.blockHeader = liteServer.BlockHeader;",
            "liteServer.lookupBlock mode:# id:tonNode.blockId lt:mode.1?long utime:mode.2?int = liteServer.BlockHeader",
            0xfac8f71e,
        ),
        (
            "replyMarkupInlineKeyboard rows:vector<vector<inlineKeyboardButton>> = ReplyMarkup",
            "inlineKeyboardButton text:string = InlineKeyboardButton;",
            "replyMarkupInlineKeyboard rows:vector vector inlineKeyboardButton = ReplyMarkup",
            0xdb15f666,
        ),
        (
            "adnl.addressList addrs:(vector adnl.Address) version:int = adnl.AddressList",
            "adnl.address.udp ip:int port:int = adnl.Address;",
            "adnl.addressList addrs:vector adnl.Address version:int = adnl.AddressList",
            0xd41fbd70,
        ),
    ] {
        let def = definition(decl, stand_ins);
        assert_eq!(canonical_id_text(&def), text);
        assert_eq!(canonical_id(&def), crc32(text), "{decl}");
        assert_eq!(def.id, id, "{decl}: {:#010x}", def.id);
    }
}

/// An independent CRC32 (IEEE, bitwise), so the expected ids above do not rest on crc32fast.
fn crc32(text: &str) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in text.as_bytes() {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
