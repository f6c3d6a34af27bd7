//! grammers' generator as a process, as its build script runs it: reads the schema files given
//! as arguments, parses them (skipping lines it cannot parse, as grammers-tl-types' build.rs
//! does), generates the code with the configuration of grammers-tl-types' default features and
//! writes its four files into the directory given last. `scripts/generate-time.sh` times it
//! beside `tlforge generate` (issue 24).
//!
//! `cargo run --manifest-path benches/Cargo.toml --release --example grammers_generate -- \
//!     schema/api.tl OUT_DIR`

use std::io::Write as _;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out_dir) = args.pop().filter(|_| !args.is_empty()) else {
        eprintln!("usage: grammers_generate FILE.tl... OUT_DIR");
        std::process::exit(2);
    };
    let texts: Vec<String> = args
        .iter()
        .map(|path| {
            std::fs::read_to_string(path).unwrap_or_else(|e| {
                eprintln!("{path}: {e}");
                std::process::exit(1)
            })
        })
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let layer = texts
        .iter()
        .find_map(|text| tlforge_benches::schema::layer_of(text))
        .unwrap_or(0);
    let outputs = tlforge_benches::schema::theirs_outputs(&texts, layer);
    let out_dir = std::path::Path::new(&out_dir);
    for (name, code) in [
        ("generated_common.rs", &outputs.common),
        ("generated_types.rs", &outputs.types),
        ("generated_functions.rs", &outputs.functions),
        ("generated_enums.rs", &outputs.enums),
    ] {
        let written = std::fs::File::create(out_dir.join(name)).and_then(|mut f| f.write_all(code));
        if let Err(e) = written {
            eprintln!("{}: {e}", out_dir.join(name).display());
            std::process::exit(1);
        }
    }
}
