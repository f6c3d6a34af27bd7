//! Build script of `tlforge-layer-222` and `tlforge-layer-230`: generates the layer the package is named
//! after, as tlforge-types is generated (non-exhaustive types), without what the user program of
//! `tlforge-layer-compat` does not need (`PartialEq`, function decoders, formatting).

fn main() {
    // Layer 222: grammers' api.tl, as in the corpus; layer 230: the bundled schema (the same
    // bytes as schema-corpus/telegram-api-layer-230.tl, see schema/SOURCES.md).
    let schema = match std::env::var("CARGO_PKG_NAME").as_deref() {
        Ok("tlforge-layer-222") => "../../fixtures/corpus/telegram-api.tl",
        Ok("tlforge-layer-230") => "../../../schema/api.tl",
        other => panic!("no layer for package {other:?}"),
    };
    println!("cargo:rerun-if-changed={schema}");
    println!("cargo:rerun-if-changed=../generate.rs");
    if let Err(error) = tlforge_codegen::Config::new()
        .non_exhaustive(true)
        .partial_eq(false)
        .function_decoders(false)
        .format(false)
        .output_file("api.rs")
        .compile(&[schema])
    {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
