//! tl-types compiles each namespace behind a cargo feature (issue 5: "cargo features per
//! namespace in tl-types, all on by default"). Its Cargo.toml must declare exactly the features
//! the generated code uses, and the namespaces must be usable on their own.

use tl_codegen::SourceFile;

fn api_features() -> Vec<tl_codegen::NamespaceFeature> {
    let api = SourceFile::new("api.tl", include_str!("../../schema/api.tl"));
    tl_codegen::list_namespace_features(&[api]).expect("schema/api.tl generates")
}

/// The crates the API is split into (scripts/generate-tl-types.sh), which tl-types re-exports.
const PARTS: [&str; 3] = ["tl-types-base", "tl-types-half1", "tl-types-half2"];

/// The `[features]` table of generated/Cargo.toml as (name, value) lines.
fn declared_features() -> Vec<(String, String)> {
    features_of(include_str!("../../generated/Cargo.toml"))
}

/// The `[features]` table of `manifest` as (name, value) lines.
fn features_of(manifest: &str) -> Vec<(String, String)> {
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
    let fix = "regenerate the entries with `scripts/update-features.sh`";
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
    // Each namespace turns on the same feature of every part crate.
    let forwarded = |name: &str| {
        let parts: Vec<String> = PARTS.iter().map(|p| format!("\"{p}/{name}\"")).collect();
        format!("[{}]", parts.join(", "))
    };
    for feature in &expected {
        assert_eq!(value(&feature.name), forwarded(&feature.name), "{fix}");
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
        assert_eq!(value(feature), forwarded(feature), "{feature}");
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

/// The part crates declare tl-types' features (the generated code names them in `cfg`s): the
/// base plainly, the halves passing each on to the base, whose items they use.
#[test]
fn the_part_crates_declare_the_same_features() {
    let manifests = [
        include_str!("../../generated/base/Cargo.toml"),
        include_str!("../../generated/half1/Cargo.toml"),
        include_str!("../../generated/half2/Cargo.toml"),
    ];
    let mut names: Vec<String> = api_features().into_iter().map(|f| f.name).collect();
    names.extend(["partial-eq", "deserializable-functions"].map(String::from));
    for (part, manifest) in PARTS.iter().zip(manifests) {
        let declared = features_of(manifest);
        let declared_names: Vec<&str> = declared.iter().map(|(n, _)| n.as_str()).collect();
        let mut expected_names: Vec<&str> = names.iter().map(String::as_str).collect();
        expected_names.push("serde");
        expected_names.sort_unstable();
        let mut sorted = declared_names.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, expected_names, "{part}'s [features]");
        for (name, value) in &declared {
            let expected = match (*part, name.as_str()) {
                ("tl-types-base", "serde") => r#"["dep:serde", "tl-runtime/serde"]"#.to_owned(),
                (_, "serde") => {
                    r#"["dep:serde", "tl-runtime/serde", "tl-types-base/serde"]"#.to_owned()
                }
                ("tl-types-base", _) => "[]".to_owned(),
                _ => format!("[\"tl-types-base/{name}\"]"),
            };
            assert_eq!(value, &expected, "{part}: feature {name}");
        }
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
