//! Snapshots of the code generated for each fixture in `fixtures/codegen/` (one `.snap` per
//! fixture), and of a fixed list of real definitions from the bundled schema.

use tl_codegen::{Config, SourceFile};

/// Generates a fixture; a first line `// tl-codegen-flags: serde namespace_features` turns
/// those `Config` settings on (`serde_feature` is `Config::serde_feature("serde")`).
fn generate(name: &str, text: &str) -> String {
    let mut config = Config::new();
    config.header(false);
    let flags = text
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("// tl-codegen-flags:"))
        .unwrap_or_default();
    for flag in flags.split_whitespace() {
        match flag {
            "serde" => config.serde(true),
            "serde_feature" => config.serde_feature("serde"),
            "namespace_features" => config.namespace_features(true),
            other => panic!("{name}: unknown flag {other}"),
        };
    }
    config
        .generate(&[SourceFile::new(name, text)])
        .unwrap_or_else(|error| panic!("{name}: {error}"))
}

#[test]
fn codegen_fixtures() {
    insta::glob!("../fixtures/codegen", "*.tl", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("fixture.tl");
        insta::assert_snapshot!(generate(name, &text));
    });
}
