//! Generates the Telegram API (schema/api.tl) and MTProto (schema/mtproto.tl plus the envelope
//! lines of schema/mtproto-envelope.tl) types into OUT_DIR.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let schemas: [(&[&str], &str); 2] = [
        (&["../schema/api.tl"], "api.rs"),
        (
            &["../schema/mtproto.tl", "../schema/mtproto-envelope.tl"],
            "mtproto.rs",
        ),
    ];
    let mut config = tl_codegen::Config::new();
    for (files, output) in schemas {
        if let Err(error) = config.output_file(output).compile(files) {
            // A readable build error, not a panic backtrace.
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}
