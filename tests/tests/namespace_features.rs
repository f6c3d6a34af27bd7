//! tlforge-types compiles each namespace behind a cargo feature (issue 5: "cargo features per
//! namespace in tlforge-types, all on by default"). Its Cargo.toml must declare exactly the features
//! the generated code uses, and the namespaces must be usable on their own.

use tlforge_codegen::SourceFile;

fn api_features() -> Vec<tlforge_codegen::NamespaceFeature> {
    let api = SourceFile::new("api.tl", include_str!("../../schema/api.tl"));
    tlforge_codegen::list_namespace_features(&[api]).expect("schema/api.tl generates")
}

/// The crates the API is split into (scripts/generate-tl-types.sh), which tlforge-types re-exports:
/// three stages of two, named by stage and lane.
const PARTS: [&str; 6] = [
    "tlforge-types-1a",
    "tlforge-types-1b",
    "tlforge-types-2a",
    "tlforge-types-2b",
    "tlforge-types-3a",
    "tlforge-types-3b",
];

/// The parts a part depends on (and turns its features on in): those of earlier stages.
fn dependencies(part: &str) -> Vec<&'static str> {
    let stage = |name: &str| name.as_bytes()["tlforge-types-".len()];
    PARTS
        .into_iter()
        .filter(|p| stage(p) < stage(part))
        .collect()
}

/// `["dep/name", …]` for every part of `to`.
fn forwarded(name: &str, to: &[&str]) -> String {
    let parts: Vec<String> = to.iter().map(|p| format!("\"{p}/{name}\"")).collect();
    format!("[{}]", parts.join(", "))
}

/// `eq-hash` of a crate passing features on to `to`: `partial-eq` and theirs.
fn eq_hash(to: &[&str]) -> String {
    let mut features = vec!["\"partial-eq\"".to_owned()];
    features.extend(to.iter().map(|p| format!("\"{p}/eq-hash\"")));
    format!("[{}]", features.join(", "))
}

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
fn tlforge_types_declares_one_feature_per_namespace_all_on_by_default() {
    let fix = "regenerate them with `scripts/generate-tl-types.sh`";
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
    for feature in &expected {
        assert_eq!(
            value(&feature.name),
            forwarded(&feature.name, &PARTS),
            "{fix}"
        );
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
        assert_eq!(value(feature), forwarded(feature, &PARTS), "{feature}");
        assert!(
            !value("default").contains(feature),
            "{feature} is on by default"
        );
    }
    // Typed errors: on by default, each part's on, and the errors crate (issue 20).
    assert!(value("default").contains("\"errors\""));
    let mut errors = vec!["\"dep:tlforge-types-errors\"".to_owned()];
    errors.extend(PARTS.iter().map(|p| format!("\"{p}/errors\"")));
    assert_eq!(value("errors"), format!("[{}]", errors.join(", ")));
    // `eq-hash` brings `partial-eq`: `Eq` is derived only beside `PartialEq` (issue 27).
    assert_eq!(value("eq-hash"), eq_hash(&PARTS));
    assert!(!value("default").contains("eq-hash"));
    let others = [
        "default",
        "gzip",
        "serde",
        "namespaces",
        "partial-eq",
        "eq-hash",
        "deserializable-functions",
        "errors",
        "init",
    ];
    for (name, _) in &declared {
        assert!(
            others.contains(&name.as_str()) || expected.iter().any(|f| &f.name == name),
            "generated/Cargo.toml declares `{name}`, which no namespace has: {fix}"
        );
    }
}

/// The part crates declare tlforge-types' features (the generated code names them in `cfg`s), each
/// passing it on to the parts it depends on, whose items it uses.
#[test]
fn the_part_crates_declare_the_same_features() {
    let manifests = [
        include_str!("../../generated/1a/Cargo.toml"),
        include_str!("../../generated/1b/Cargo.toml"),
        include_str!("../../generated/2a/Cargo.toml"),
        include_str!("../../generated/2b/Cargo.toml"),
        include_str!("../../generated/3a/Cargo.toml"),
        include_str!("../../generated/3b/Cargo.toml"),
    ];
    let mut names: Vec<String> = api_features().into_iter().map(|f| f.name).collect();
    names.extend(["partial-eq", "eq-hash", "deserializable-functions", "init"].map(String::from));
    for (part, manifest) in PARTS.iter().zip(manifests) {
        let declared = features_of(manifest);
        let mut declared_names: Vec<&str> = declared.iter().map(|(n, _)| n.as_str()).collect();
        let mut expected_names: Vec<&str> = names.iter().map(String::as_str).collect();
        expected_names.extend(["serde", "errors"]);
        expected_names.sort_unstable();
        declared_names.sort_unstable();
        assert_eq!(declared_names, expected_names, "{part}'s [features]");
        let dependencies = dependencies(part);
        for (name, value) in &declared {
            let expected = if name == "serde" {
                let mut serde = vec![
                    "\"dep:serde\"".to_owned(),
                    "\"tlforge-runtime/serde\"".to_owned(),
                ];
                serde.extend(dependencies.iter().map(|p| format!("\"{p}/serde\"")));
                format!("[{}]", serde.join(", "))
            } else if name == "eq-hash" {
                eq_hash(&dependencies)
            } else if name == "errors" {
                let mut errors = vec!["\"dep:tlforge-types-errors\"".to_owned()];
                errors.extend(dependencies.iter().map(|p| format!("\"{p}/errors\"")));
                format!("[{}]", errors.join(", "))
            } else {
                forwarded(name, &dependencies)
            };
            assert_eq!(value, &expected, "{part}: feature {name}");
        }
        for dependency in &dependencies {
            assert!(
                manifest.contains(&format!("\n{dependency}.workspace = true\n")),
                "{part} depends on {dependency}"
            );
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
    use tlforge_types::Identifiable;
    assert_eq!(
        tlforge_types::functions::auth::CancelCode::CONSTRUCTOR_ID,
        0x1f040578
    );
    assert_eq!(
        tlforge_types::functions::help::GetConfig::CONSTRUCTOR_ID,
        0xc4f9186b
    );
    assert_eq!(
        tlforge_types::types::storage::FileJpeg::CONSTRUCTOR_ID,
        0x7efe0e
    );
}
