//! Generates code for every schema in `tests/fixtures/corpus/` so that `src/lib.rs` compiles it with
//! `#![deny(warnings)]` (and CI's clippy checks it): generated code must build, warning-free,
//! with `tlforge-runtime` as its only dependency.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../fixtures/corpus");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut paths: Vec<_> = std::fs::read_dir("../fixtures/corpus")
        .expect("fixtures/corpus exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "tl"))
        .collect();
    paths.sort();
    let mut modules = String::new();
    for path in &paths {
        let stem = module_name(path);
        let file = format!("{stem}.rs");
        // TON's schemas carry binary data in `string` throughout (the README's advice).
        let ton = stem.starts_with("ton_");
        if let Err(error) = tlforge_codegen::Config::new()
            .strings_as_bytes(ton)
            .output_file(&file)
            .compile(&[path])
        {
            eprintln!("{error}");
            std::process::exit(1);
        }
        let _ = writeln!(
            modules,
            "#[doc = \"Generated from `{}`.\"]\npub mod {stem} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{file}\")); }}",
            path.display()
        );
    }
    // The bundled MTProto schema once more, with serde derives (Config::serde).
    let serde_sources = [
        "../../schema/mtproto.tl",
        "../../schema/mtproto-envelope.tl",
    ];
    for source in serde_sources {
        println!("cargo:rerun-if-changed={source}");
    }
    if let Err(error) = tlforge_codegen::Config::new()
        .serde(true)
        .output_file("mtproto_serde.rs")
        .compile(&serde_sources)
    {
        eprintln!("{error}");
        std::process::exit(1);
    }
    modules.push_str(
        "/// The bundled MTProto schema generated with `Config::serde(true)`.\npub mod mtproto_serde { include!(concat!(env!(\"OUT_DIR\"), \"/mtproto_serde.rs\")); }\n",
    );
    // The td_api-like fixture with TDLib's JSON codec (Config::json(Json::Tdlib)).
    let tdlib_fixture = "../fixtures/codegen/tdlib_json.tl";
    println!("cargo:rerun-if-changed={tdlib_fixture}");
    if let Err(error) = tlforge_codegen::Config::new()
        .json(tlforge_codegen::Json::Tdlib)
        .output_file("tdlib_json.rs")
        .compile(&[tdlib_fixture])
    {
        eprintln!("{error}");
        std::process::exit(1);
    }
    modules.push_str(
        "/// `fixtures/codegen/tdlib_json.tl` generated with `Config::json(Json::Tdlib)`.\npub mod tdlib_json { include!(concat!(env!(\"OUT_DIR\"), \"/tdlib_json.rs\")); }\n",
    );
    std::fs::write(Path::new(&out_dir).join("corpus.rs"), modules).expect("OUT_DIR is writable");
}

fn module_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("schema");
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}
