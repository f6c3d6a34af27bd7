//! tl-types compiles each namespace behind a cargo feature (issue 5: "cargo features per
//! namespace in tl-types, all on by default"). Its Cargo.toml must declare exactly the features
//! the generated code uses, and the namespaces must be usable on their own.

use tl_codegen::SourceFile;

fn api_features() -> Vec<tl_codegen::NamespaceFeature> {
    let api = SourceFile::new("api.tl", include_str!("../../schema/api.tl"));
    tl_codegen::list_namespace_features(&[api]).expect("schema/api.tl generates")
}

/// The `[features]` table of generated/Cargo.toml as (name, value) lines.
fn declared_features() -> Vec<(String, String)> {
    let manifest = include_str!("../../generated/Cargo.toml");
    manifest
        .lines()
        .skip_while(|line| line.trim() != "[features]")
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let (name, value) = line.split_once('=')?;
            let value = value.split('#').next().unwrap_or_default();
            Some((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

#[test]
fn tl_types_declares_one_feature_per_namespace_all_on_by_default() {
    let fix =
        "regenerate the entries with `cargo run -p tl-codegen-cli -- features ../schema/api.tl`";
    let expected = api_features();
    assert!(expected.len() > 20, "{expected:?}");
    let declared = declared_features();
    let value = |name: &str| {
        declared
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("generated/Cargo.toml lacks feature `{name}`: {fix}"))
    };
    for feature in &expected {
        assert_eq!(value(&feature.name), "[]", "{}", feature.name);
    }
    let all: Vec<String> = expected.iter().map(|f| format!("\"{}\"", f.name)).collect();
    assert_eq!(
        value("namespaces"),
        format!("[{}]", all.join(", ")),
        "{fix}"
    );
    assert!(value("default").contains("\"namespaces\""));
    // Off by default for build time (issue 13; README says so).
    let opt_in = ["partial-eq", "deserializable-functions"];
    for feature in opt_in {
        assert_eq!(value(feature), "[]", "{feature}");
        assert!(
            !value("default").contains(feature),
            "{feature} is on by default"
        );
    }
    let others = [
        "default",
        "gzip",
        "serde",
        "namespaces",
        "partial-eq",
        "deserializable-functions",
    ];
    for (name, _) in &declared {
        assert!(
            others.contains(&name.as_str()) || expected.iter().any(|f| &f.name == name),
            "generated/Cargo.toml declares `{name}`, which no namespace has: {fix}"
        );
    }
}

#[test]
fn a_namespace_alone_compiles_a_fraction_of_the_schema() {
    let features = api_features();
    let items = |name: &str| {
        features
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.items)
            .unwrap_or_else(|| panic!("no feature `{name}`"))
    };
    // auth.sendCode reaches auth.SentCode, CodeSettings, ...: a small closed world.
    assert!(items("auth") < items("messages") / 4, "{features:?}");
    assert!(items("messages") > items("upload"), "{features:?}");
}

/// With default features every namespace is compiled: items of several namespaces are usable.
#[test]
fn default_features_compile_every_namespace() {
    use tl_types::Identifiable;
    assert_eq!(
        tl_types::functions::auth::CancelCode::CONSTRUCTOR_ID,
        0x1f040578
    );
    assert_eq!(
        tl_types::functions::help::GetConfig::CONSTRUCTOR_ID,
        0xc4f9186b
    );
    assert_eq!(tl_types::types::storage::FileJpeg::CONSTRUCTOR_ID, 0x7efe0e);
}
