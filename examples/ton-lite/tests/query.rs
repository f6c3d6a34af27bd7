//! A lite-server query built, encoded and decoded with the code build.rs generated.

use ton_lite::functions::lite_server::{GetMasterchainInfo, Query};
use ton_lite::{Deserializable, Identifiable, Serializable};

/// `liteServer.query data:bytes = Object;` wrapping `liteServer.getMasterchainInfo`, the first
/// query every lite client sends. Lite clients put the bytes `df 06 8c 79` and `2e e6 b5 89` on
/// the wire for these two ids; here they are computed from the schema lines by the canonical
/// rule.
#[test]
fn masterchain_info_query_round_trips() {
    let query = Query {
        data: GetMasterchainInfo {}.to_bytes(),
    };
    let bytes = query.to_bytes();
    assert_eq!(Query::CONSTRUCTOR_ID, 0x798c06df);
    assert_eq!(GetMasterchainInfo::CONSTRUCTOR_ID, 0x89b5e62e);
    // id, then `bytes` of length 4 (one length byte, the 4 bytes, 3 bytes of padding).
    assert_eq!(
        bytes,
        [
            0xdf, 0x06, 0x8c, 0x79, 0x04, 0x2e, 0xe6, 0xb5, 0x89, 0x00, 0x00, 0x00
        ]
    );
    assert_eq!(Query::from_bytes(&bytes).unwrap(), query);
    assert!(GetMasterchainInfo::from_bytes(&query.data).is_ok());
    for cut in 0..bytes.len() {
        assert!(Query::from_bytes(&bytes[..cut]).is_err(), "{cut} bytes");
    }
}

/// The bytes TON hashes to identify a TL object (`get_tl_object_sha256`: SHA-256 of the id,
/// little-endian, then the fields) are `to_bytes()`: the id, then `serialize_bare`'s bytes.
#[test]
fn the_bytes_an_object_hash_covers_are_the_boxed_form() {
    use ton_lite::BareSerializable;
    let query = Query {
        data: GetMasterchainInfo {}.to_bytes(),
    };
    let mut expected = Query::CONSTRUCTOR_ID.to_le_bytes().to_vec();
    query.serialize_bare(&mut expected);
    assert_eq!(query.to_bytes(), expected);
    assert_eq!(&expected[..4], &[0xdf, 0x06, 0x8c, 0x79]);
}

/// `Config::eq_hash`: a block id is a set key; its hashes (`int256`) show in hex in `Debug`.
#[test]
fn block_ids_are_set_keys_and_show_their_hashes_in_hex() {
    use std::collections::HashSet;
    use ton_lite::types::ton_node::BlockIdExt;

    let block = |seqno| BlockIdExt {
        workchain: -1,
        shard: i64::MIN,
        seqno,
        root_hash: [0xab; 32],
        file_hash: [0x01; 32],
    };
    let seen: HashSet<BlockIdExt> = [block(1), block(2), block(1)].into_iter().collect();
    assert_eq!(seen.len(), 2);
    let debug = format!("{:?}", block(1));
    assert!(
        debug.contains(&format!("root_hash: 0x{}", "ab".repeat(32))),
        "{debug}"
    );
}
