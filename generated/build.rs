//! Generates the Telegram API (schema/api.tl) and MTProto (schema/mtproto.tl plus the envelope
//! lines of schema/mtproto-envelope.tl) types into OUT_DIR.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // The `serde` feature of this crate switches the generator's serde derives on.
    let serde = std::env::var_os("CARGO_FEATURE_SERDE").is_some();
    let api = tl_codegen::Config::new()
        .serde(serde)
        .namespace_features(true)
        .output_file("api.rs")
        .metadata("../schema/telegram-docs.json")
        .compile(&["../schema/api.tl"]);
    let mtproto = tl_codegen::Config::new()
        .serde(serde)
        .output_file("mtproto.rs")
        .compile(&["../schema/mtproto.tl", "../schema/mtproto-envelope.tl"]);
    for result in [api, mtproto] {
        if let Err(error) = result {
            // A readable build error, not a panic backtrace.
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}
