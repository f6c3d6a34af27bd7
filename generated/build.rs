//! Generates the Telegram API (schema/api.tl) and MTProto (schema/mtproto.tl) types.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut config = tl_codegen::Config::new();
    for (schema, output) in [
        ("../schema/api.tl", "api.rs"),
        ("../schema/mtproto.tl", "mtproto.rs"),
    ] {
        if let Err(error) = config.output_file(output).compile(&[schema]) {
            // A readable build error, not a panic backtrace.
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}
