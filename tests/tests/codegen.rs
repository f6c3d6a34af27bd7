//! Snapshots of the code generated for each fixture in `fixtures/codegen/` (one `.snap` per
//! fixture), and of a fixed list of real definitions from the bundled schema.

use tlforge_codegen::{Config, SourceFile};

/// Generates a fixture; a first line `// tlforge-flags: serde namespace_features` turns
/// those `Config` settings on (`serde_feature` is `Config::serde_feature("serde")`, `metadata`
/// reads the JSON file of the fixture's name beside it, `errors_feature` reads errors.json and
/// puts the error types behind feature `errors`).
fn generate(name: &str, text: &str) -> String {
    let mut config = Config::new();
    config.header(false);
    let flags = text
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("// tlforge-flags:"))
        .unwrap_or_default();
    for flag in flags.split_whitespace() {
        match flag {
            "serde" => config.serde(true),
            "serde_feature" => config.serde_feature("serde"),
            "namespace_features" => config.namespace_features(true),
            "non_exhaustive" => config.non_exhaustive(true),
            "eq_hash_feature" => config.eq_hash_feature("eq-hash"),
            "json_tdlib" => config.json(tlforge_codegen::Json::Tdlib),
            "metadata" => config.metadata(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("fixtures/codegen")
                    .join(name.replace(".tl", ".json")),
            ),
            "errors_feature" => config.error_types_feature("errors").metadata(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("fixtures/codegen/errors.json"),
            ),
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

/// A repetition whose element has no fixed size cannot become a byte array: the error names the
/// declaration's file, line and column.
#[test]
fn unmappable_repetitions_are_errors_with_their_location() {
    let text = "string ? = String;\nwords 3*[ string ] = Words;\nphrase w:words = Phrase;\n";
    let error = Config::new()
        .generate(&[SourceFile::new("words.tl", text)])
        .unwrap_err()
        .to_string();
    assert!(
        error.contains(
            "phrase: words.tl:2:1: `words 3*[ string ] = Words` repeats `string`, which has no \
             fixed size"
        ),
        "{error}"
    );
}

/// `Config::strings_as_bytes`: every `string` is `Vec<u8>`; without it only the MTProto
/// auth-key exchange's binary strings are (core.telegram.org/mtproto/auth_key).
#[test]
fn strings_as_bytes() {
    let text = "resPQ#05162463 nonce:int128 server_nonce:int128 pq:string \
                server_public_key_fingerprints:Vector<long> = ResPQ;\n\
                note#11111111 text:string = Note;\n";
    let source = [SourceFile::new("mtproto.tl", text)];
    let default = Config::new().generate(&source).unwrap();
    assert!(
        default.contains("pub pq: ::std::vec::Vec<u8>,"),
        "{default}"
    );
    assert!(
        default.contains("pub text: ::std::string::String,"),
        "{default}"
    );
    let bytes = Config::new()
        .strings_as_bytes(true)
        .generate(&source)
        .unwrap();
    assert!(bytes.contains("pub text: ::std::vec::Vec<u8>,"), "{bytes}");
}

/// TDLib's JSON has no form for TL's flags, `#` or repetitions: `Config::json(Json::Tdlib)` on a
/// schema with them is an error naming each field, not code that cannot speak it.
#[test]
fn json_tdlib_refuses_what_json_cannot_carry() {
    let text = "int128 4*[ int ] = Int128;\n\
                m#11111111 flags:# name:flags.0?string nonce:int128 = M;\n";
    let error = Config::new()
        .json(tlforge_codegen::Json::Tdlib)
        .generate(&[SourceFile::new("m.tl", text)])
        .unwrap_err()
        .to_string();
    for field in ["name", "nonce"] {
        assert!(
            error.contains(&format!("`m`: field `{field}` has no form in TDLib's JSON")),
            "{error}"
        );
    }
    // And serde's derives are not written over it.
    let error = Config::new()
        .json(tlforge_codegen::Json::Tdlib)
        .serde(true)
        .generate(&[SourceFile::new("t.tl", "t#11111111 = T;\n")])
        .unwrap_err()
        .to_string();
    assert!(error.contains("leave Config::serde"), "{error}");
}
