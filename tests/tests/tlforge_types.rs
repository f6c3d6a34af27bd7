//! The ready crate `tlforge-types`: the acceptance program, written as tests.

use tlforge_types::functions::auth::CancelCode;
use tlforge_types::{Deserializable, Identifiable, RemoteCall, Serializable};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn cancel_code() -> CancelCode {
    CancelCode::new("79991234567".into(), "abcdef".into())
}

#[test]
fn cancel_code_has_its_schema_id() {
    assert_eq!(CancelCode::CONSTRUCTOR_ID, 0x1f040578);
}

#[test]
fn cancel_code_serializes_boxed() {
    // auth.cancelCode#1f040578 phone_number:string phone_code_hash:string = Bool;
    assert_eq!(
        hex(&cancel_code().to_bytes()),
        "7805041f0b37393939313233343536370661626364656600"
    );
}

#[test]
fn cancel_code_round_trips_and_rejects_truncation() {
    let bytes = cancel_code().to_bytes();
    assert_eq!(CancelCode::from_bytes(&bytes), Ok(cancel_code()));
    for len in 0..bytes.len() {
        assert!(
            CancelCode::from_bytes(&bytes[..len]).is_err(),
            "{len} bytes decoded"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(CancelCode::from_bytes(&longer).is_err());
}

#[test]
fn cancel_code_returns_bool() {
    fn same<T: 'static>(_: std::marker::PhantomData<T>) -> std::any::TypeId {
        std::any::TypeId::of::<T>()
    }
    assert_eq!(
        same(std::marker::PhantomData::<<CancelCode as RemoteCall>::Return>),
        std::any::TypeId::of::<bool>()
    );
    assert_eq!(bool::from_bytes(&[0xb5, 0x75, 0x72, 0x99]), Ok(true));
}

#[test]
fn name_for_id_and_layer() {
    assert_eq!(
        tlforge_types::name_for_id(0x1f040578),
        Some("auth.cancelCode")
    );
    assert_eq!(tlforge_types::name_for_id(0x347773c5), Some("pong"));
    assert_eq!(tlforge_types::name_for_id(0xdeadbeef), None);
    // schema/api.tl line 1: `// LAYER 230`.
    assert_eq!(tlforge_types::LAYER, 230);
    // Added in layer 230: `textMath#9d2eac97 source:string = RichText;`.
    assert_eq!(tlforge_types::name_for_id(0x9d2eac97), Some("textMath"));
}

/// tlforge-types' front page (its README, the crate docs) names the layer it holds, its cargo
/// features, and the feature `assert_eq!` needs (issue 27).
#[test]
fn the_front_page_names_the_layer_and_the_features() {
    let readme = include_str!("../../generated/README.md");
    assert!(
        readme.contains(&format!("(layer {})", tlforge_types::LAYER)),
        "generated/README.md names another layer than {}",
        tlforge_types::LAYER
    );
    let manifest = include_str!("../../generated/Cargo.toml");
    let features = &manifest[manifest.find("[features]").unwrap()..];
    for feature in [
        "namespaces",
        "errors",
        "gzip",
        "partial-eq",
        "deserializable-functions",
        "serde",
    ] {
        assert!(
            features.contains(&format!("\n{feature} = ")),
            "{feature} in Cargo.toml"
        );
        assert!(
            readme.contains(&format!("| `{feature}` |")),
            "{feature} in the features table"
        );
    }
    assert!(readme.contains("does not implement `PartialEq`"));
}

#[test]
fn invoke_with_layer_wraps_a_query_and_returns_its_result() {
    // docs/tl.md §5: invokeWithLayer(225, help.getConfig) → 0d0d9bda e1000000 6b18f9c4
    let call = tlforge_types::functions::InvokeWithLayer::new(
        225,
        tlforge_types::functions::help::GetConfig::new(),
    );
    assert_eq!(hex(&call.to_bytes()), "0d0d9bdae10000006b18f9c4");
    let _: Option<<tlforge_types::functions::InvokeWithLayer<tlforge_types::functions::help::GetConfig> as RemoteCall>::Return> =
        None::<tlforge_types::enums::Config>;
}

/// tlforge-types' rustdoc keeps the links of the documentation's texts (issue 22): links to
/// Telegram's guide pages, and each item's reference page on core.telegram.org.
#[test]
fn rustdoc_carries_telegrams_links() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let mut guide = 0;
    let mut reference = 0;
    let parts = ["1a", "1b", "2a", "2b", "3a", "3b"];
    // Each part's source is a tree of files (src/api.rs, src/api/types/auth.rs, …).
    let sources: Vec<String> = parts
        .iter()
        .flat_map(|part| rust_files(&root.join(part).join("src")))
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    for source in &sources {
        for line in source.lines().filter(|l| l.trim_start().starts_with("///")) {
            for section in ["api", "mtproto", "bots"] {
                guide += line
                    .matches(&format!("](https://core.telegram.org/{section}/"))
                    .count();
                guide += line
                    .matches(&format!("(<https://core.telegram.org/{section}/"))
                    .count();
            }
            reference += line
                .matches("Reference page: <https://core.telegram.org/")
                .count();
        }
    }
    assert!(guide >= 2_000, "{guide} links to guide pages");
    // One per function, constructor and type of api.tl (layer 230: 850 + 1,702 + 648 items,
    // less the built-in ones tlforge-types does not generate).
    assert!(reference >= 3_000, "{reference} reference-page links");
    // A method's reference page and a link of its parameter's text, as intra-doc links where
    // the target is generated (`auth.sendCode` from auth.cancelCode's `phone_code_hash`).
    assert!(sources.iter().any(|source| {
        source.contains("Reference page: <https://core.telegram.org/method/auth.cancelCode>")
    }));
}

/// The `.rs` files below `dir`.
fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// Whether `$ty` implements `Eq` and `Hash`, decided by method resolution: the inherent method
/// exists only where the bounds hold, the trait's is the fallback.
macro_rules! has_eq_hash {
    ($ty:ty) => {{
        struct Probe<T>(std::marker::PhantomData<T>);
        // Only one of the two methods is called for a given type.
        #[allow(dead_code)]
        trait Fallback {
            fn eq_hash(&self) -> bool {
                false
            }
        }
        impl<T> Fallback for Probe<T> {}
        #[allow(dead_code)]
        impl<T: Eq + std::hash::Hash> Probe<T> {
            fn eq_hash(&self) -> bool {
                true
            }
        }
        Probe::<$ty>(std::marker::PhantomData).eq_hash()
    }};
}

/// Issue 27: with `eq-hash`, values are keys of a `HashSet`; the types that can hold a `double`
/// (`geoPoint#b2a2f663 long:double lat:double access_hash:long flags:# accuracy_radius:flags.0?int
/// = GeoPoint;` and what may hold one) have neither `Eq` nor `Hash`.
#[test]
fn eq_hash_on_every_type_that_holds_no_double() {
    use std::collections::HashSet;
    use tlforge_types::{enums, types};

    let peers: HashSet<enums::InputPeer> = [
        types::InputPeerUser::new(1, 2).into(),
        types::InputPeerUser::new(1, 2).into(),
        types::InputPeerUser::new(1, 3).into(),
        types::InputPeerSelf::new().into(),
    ]
    .into_iter()
    .collect();
    assert_eq!(peers.len(), 3);

    assert!(has_eq_hash!(types::InputPeerUser));
    assert!(has_eq_hash!(types::User));
    assert!(has_eq_hash!(enums::Peer));
    assert!(has_eq_hash!(tlforge_types::mtproto::types::ResPq));
    assert!(!has_eq_hash!(types::GeoPoint));
    assert!(!has_eq_hash!(enums::GeoPoint));
    assert!(!has_eq_hash!(enums::MessageMedia));
    assert!(!has_eq_hash!(types::Message));
}

/// Issue 27: `int128`/`int256` fields show as one hex number in `Debug`, in wire order.
#[test]
fn debug_shows_fixed_size_byte_arrays_in_hex() {
    use tlforge_types::mtproto::types::ResPq;

    let nonce: [u8; 16] = core::array::from_fn(|i| 0xf0 | i as u8);
    let res_pq = ResPq::new(nonce, [0; 16], vec![1, 2], vec![7]);
    assert_eq!(
        format!("{res_pq:?}"),
        "ResPq { nonce: 0xf0f1f2f3f4f5f6f7f8f9fafbfcfdfeff, \
         server_nonce: 0x00000000000000000000000000000000, pq: [1, 2], \
         server_public_key_fingerprints: [7] }"
    );
    let pretty = format!("{res_pq:#?}");
    assert!(
        pretty.contains("    nonce: 0xf0f1f2f3f4f5f6f7f8f9fafbfcfdfeff,\n"),
        "{pretty}"
    );
}
