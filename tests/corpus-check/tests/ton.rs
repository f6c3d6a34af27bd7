//! TON's schemas through the generated code: `Object` and `Function` as field types (an enum
//! over every constructor / every function of the schema), `string` as bytes.

use tlforge_corpus_check::ton_ton_api;
use tlforge_corpus_check::ton_tonlib_api::{enums, functions, types};
use tlforge_runtime::{Deserializable, Identifiable, Serializable};

/// tonlib_api.tl: `withBlock id:ton.blockIdExt function:Function = Object;` wrapping
/// `getAccountState account_address:accountAddress = FullAccountState;`.
#[test]
fn with_block_wraps_any_function_and_round_trips() {
    let inner = functions::GetAccountState {
        account_address: types::AccountAddress {
            account_address: b"EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N".to_vec(),
        },
    };
    let call = functions::WithBlock {
        id: types::ton::BlockIdExt {
            workchain: -1,
            shard: i64::MIN,
            seqno: 34_000_000,
            root_hash: vec![0xab; 32],
            file_hash: vec![0xcd; 32],
        },
        function: enums::Function::from(inner.clone()),
    };
    let bytes = call.to_bytes();
    assert_eq!(
        &bytes[..4],
        &functions::WithBlock::CONSTRUCTOR_ID.to_le_bytes()
    );
    // The inner call is boxed: its own id follows the block id's fields.
    let inner_bytes = inner.to_bytes();
    assert!(bytes.ends_with(&inner_bytes));
    assert_eq!(functions::WithBlock::from_bytes(&bytes).unwrap(), call);
    // Any function decodes by its id.
    assert_eq!(
        enums::Function::from_bytes(&inner_bytes).unwrap(),
        enums::Function::from(inner)
    );
    for cut in 0..bytes.len() {
        assert!(functions::WithBlock::from_bytes(&bytes[..cut]).is_err());
    }
}

/// `withBlock … = Object`: its result is any constructor of the schema.
#[test]
fn functions_returning_object_return_the_any_object_enum() {
    fn returns<T: tlforge_runtime::RemoteCall<Return = enums::Object>>() {}
    returns::<functions::WithBlock>();
    let ok = enums::Object::from(types::Ok {});
    let bytes = ok.to_bytes();
    assert_eq!(bytes, types::Ok::CONSTRUCTOR_ID.to_le_bytes());
    assert_eq!(enums::Object::from_bytes(&bytes).unwrap(), ok);
}

/// ton_api.tl: `testObject value:int o:object f:function = TestObject;`, an object and a function
/// in the middle of a constructor.
#[test]
fn test_object_holds_an_object_and_a_function() {
    use ton_ton_api::{enums as e, types as t};
    let value = t::TestObject {
        value: 7,
        o: e::Object::from(t::TestString {
            value: b"any bytes \xff".to_vec(),
        }),
        f: e::Function::from(ton_ton_api::functions::GetTestObject {}),
    };
    let bytes = value.to_bytes();
    assert_eq!(t::TestObject::from_bytes(&bytes).unwrap(), value);
}
