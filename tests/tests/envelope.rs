//! The MTProto envelope from `tlforge_types::mtproto`, end to end (service_messages: rpc_result,
//! msg_container/message, gzip_packed).

use tlforge_runtime::{Error, GZIP_PACKED_ID, Object};
use tlforge_tests::{gzip, gzip_packed, msg_container};
use tlforge_types::mtproto::types::{MsgContainer, RpcResult};
use tlforge_types::{Deserializable, RemoteCall, Serializable, enums, types};

fn sent_code() -> enums::auth::SentCode {
    let mut code = types::auth::SentCode::new(
        types::auth::SentCodeTypeSms::new(5).into(),
        "8a3d5f0e1b".into(),
    );
    code.next_type = Some(types::auth::CodeTypeCall::new().into());
    code.timeout = Some(120);
    code.into()
}

#[test]
fn rpc_result_with_gzip_packed_sent_code_decodes_as_the_request_return_type() {
    let inner = gzip_packed(&sent_code().to_bytes());
    let mut wire = 0xf35c6d01_u32.to_le_bytes().to_vec();
    wire.extend(7_i64.to_le_bytes());
    wire.extend(&inner);

    let rpc = RpcResult::from_bytes(&wire).expect("rpc_result decodes");
    assert_eq!(rpc.req_msg_id, 7);
    assert_eq!(rpc.result.id(), Some(GZIP_PACKED_ID));
    type Return = <tlforge_types::functions::auth::SendCode as RemoteCall>::Return;
    let decoded: Return = rpc.result.decode().expect("the packed sentCode decodes");
    assert_eq!(decoded, sent_code());
    // Re-encoding the envelope gives the received bytes back.
    assert_eq!(rpc.to_bytes(), wire);
}

#[test]
fn gzip_packed_is_unpacked_where_a_nested_boxed_value_is_expected() {
    // messages.getMessagesViews-style: a boxed field whose value arrives gzip_packed.
    let mut wire = 0x5e002502_u32.to_le_bytes().to_vec(); // auth.sentCode
    wire.extend(2_u32.to_le_bytes()); // flags: next_type only
    wire.extend(gzip_packed(
        &enums::auth::SentCodeType::from(types::auth::SentCodeTypeSms::new(6)).to_bytes(),
    ));
    "hash".to_owned().serialize(&mut wire);
    types::auth::CodeTypeSms::new().serialize(&mut wire);
    let decoded = enums::auth::SentCode::from_bytes(&wire).expect("decodes through gzip_packed");
    let enums::auth::SentCode::SentCode(code) = decoded else {
        panic!("expected auth.sentCode, got {decoded:?}");
    };
    assert_eq!(code.r#type, types::auth::SentCodeTypeSms::new(6).into());
    assert_eq!(code.next_type, Some(types::auth::CodeTypeSms::new().into()));
}

#[test]
fn msg_container_of_three_messages() {
    let bodies: Vec<Vec<u8>> = vec![
        tlforge_types::mtproto::types::Pong::new(1, 2).to_bytes(),
        true.to_bytes(),
        sent_code().to_bytes(),
    ];
    let container = msg_container(&bodies, 1000, |i| 2 * i as i32 + 1);
    let wire = container.to_bytes();
    // msg_container#73f1f8dc, then a bare vector of bare messages, each body sized by `bytes`.
    assert_eq!(&wire[..8], &[0xdc, 0xf8, 0xf1, 0x73, 3, 0, 0, 0]);
    assert_eq!(
        &wire[8..24],
        &[
            0xe8, 3, 0, 0, 0, 0, 0, 0, // msg_id 1000
            1, 0, 0, 0, // seqno 1
            20, 0, 0, 0, // bytes: pong is 4 + 8 + 8
        ]
    );
    let decoded = MsgContainer::from_bytes(&wire).expect("container decodes");
    assert_eq!(decoded, container);
    let pong: tlforge_types::mtproto::enums::Pong =
        decoded.messages[0].body.decode().expect("pong");
    assert_eq!(pong, tlforge_types::mtproto::types::Pong::new(1, 2).into());
    assert!(decoded.messages[1].body.decode::<bool>().expect("Bool"));
    let code: enums::auth::SentCode = decoded.messages[2].body.decode().expect("sentCode");
    assert_eq!(code, sent_code());
}

#[test]
fn message_body_longer_than_the_container_is_an_error() {
    let mut wire = 0x73f1f8dc_u32.to_le_bytes().to_vec();
    wire.extend(1_i32.to_le_bytes());
    wire.extend(5_i64.to_le_bytes());
    wire.extend(1_i32.to_le_bytes());
    wire.extend(1000_i32.to_le_bytes()); // claims 1000 body bytes
    wire.extend([0; 8]);
    assert!(matches!(
        MsgContainer::from_bytes(&wire),
        Err(Error::UnexpectedEof { .. })
    ));
    let mut negative = wire.clone();
    negative[20..24].copy_from_slice(&(-4_i32).to_le_bytes());
    assert!(MsgContainer::from_bytes(&negative).is_err());
}

#[test]
fn gzip_bomb_is_an_error() {
    // 64 MiB of zeros compress to about 64 KiB; unpacking stops at the 16 MiB limit.
    let bomb = gzip(&vec![0; 64 << 20]);
    assert!(bomb.len() < 1 << 20);
    let mut packed = GZIP_PACKED_ID.to_le_bytes().to_vec();
    bomb.serialize(&mut packed);
    let result = Object(packed).decode::<enums::auth::SentCode>();
    assert!(matches!(result, Err(Error::Gzip { .. })), "{result:?}");
}

#[test]
fn corrupt_gzip_is_an_error() {
    let mut packed = GZIP_PACKED_ID.to_le_bytes().to_vec();
    vec![0x1f, 0x8b, 8, 0, 1, 2, 3, 4].serialize(&mut packed);
    let result = Object(packed).decode::<enums::auth::SentCode>();
    assert!(matches!(result, Err(Error::Gzip { .. })), "{result:?}");
}

#[test]
fn container_of_packed_bodies_and_an_rpc_result_decodes_each_as_the_expected_type() {
    // What a server sends: a container whose messages carry gzip_packed values of any type
    // (a bare `Vector<long>`, a `Bool`) and an rpc_result whose result is itself packed.
    let mut rpc = 0xf35c6d01_u32.to_le_bytes().to_vec();
    rpc.extend(42_i64.to_le_bytes());
    rpc.extend(gzip_packed(&sent_code().to_bytes()));
    let bodies = [
        gzip_packed(&vec![1_i64, 2, 3].to_bytes()),
        gzip_packed(&false.to_bytes()),
        rpc,
    ];
    let container = msg_container(&bodies, 7000, |i| i as i32);
    let wire = container.to_bytes();
    let decoded = MsgContainer::from_bytes(&wire).expect("container decodes");
    assert_eq!(decoded.to_bytes(), wire);
    let [ids, flag, result] = &decoded.messages[..] else {
        panic!("three messages");
    };
    assert_eq!(ids.body.decode::<Vec<i64>>(), Ok(vec![1, 2, 3]));
    assert_eq!(flag.body.decode::<bool>(), Ok(false));
    let rpc: RpcResult = result.body.decode().expect("rpc_result");
    assert_eq!(rpc.req_msg_id, 42);
    assert_eq!(
        rpc.result.decode::<enums::auth::SentCode>(),
        Ok(sent_code())
    );
    // The same bodies read as the wrong type are errors naming what was expected.
    let error = flag
        .body
        .decode::<enums::auth::SentCode>()
        .expect_err("a Bool");
    assert_eq!(
        error.to_string(),
        "unexpected constructor 0xbc799737 at byte 0 while reading auth.SentCode"
    );
}
