//! The generator workloads: parse (+ validate) and parse + generate (+ format) the bundled
//! `schema/api.tl` and `schema/mtproto.tl`, with each library doing what its own generation
//! does.
//!
//! - Ours: `tlforge_parser::parse_schema` / `tlforge_codegen::Config::generate`, once per file, as
//!   `scripts/generate-tl-types.sh` does (api.rs and mtproto.rs are separate schemas).
//!   `generate` parses, validates, builds `quote!` token streams and formats them with
//!   prettyplease (or writes the tokens unformatted, `Config::format(false)`).
//! - grammers: `grammers_tl_parser::parse_tl_file` on each file (it checks syntax and ids, with no
//!   cross-definition validation), then one `grammers_tl_gen::generate_rust_code` on the
//!   definitions of both files into four in-memory buffers, with the configuration
//!   grammers-tl-types' build.rs uses for its default features; it writes formatted text
//!   directly, so there is no separate formatting step.

use grammers_tl_parser::tl::Definition;
use tlforge_parser::SourceFile;

/// The bundled API schema.
pub const API_TL: &str = include_str!("../../schema/api.tl");
/// The bundled MTProto schema.
pub const MTPROTO_TL: &str = include_str!("../../schema/mtproto.tl");

/// The two schema files as our parser takes them.
#[must_use]
pub fn sources() -> [SourceFile; 2] {
    [
        SourceFile::new("api.tl", API_TL),
        SourceFile::new("mtproto.tl", MTPROTO_TL),
    ]
}

/// The `// LAYER N` number of the API schema (grammers' generator takes it as an argument).
#[must_use]
pub fn layer() -> i32 {
    layer_of(API_TL).expect("api.tl has a `// LAYER N` line")
}

/// The number of a schema text's `// LAYER N` line, if it has one.
#[must_use]
pub fn layer_of(text: &str) -> Option<i32> {
    text.lines().find_map(|line| {
        line.trim()
            .strip_prefix("//")?
            .split_once("LAYER")?
            .1
            .trim()
            .parse()
            .ok()
    })
}

/// Ours: parses and validates each file; returns the number of definitions.
#[must_use]
pub fn ours_parse(sources: &[SourceFile]) -> usize {
    sources
        .iter()
        .map(|source| {
            let parsed = tlforge_parser::parse_schema(std::slice::from_ref(source))
                .unwrap_or_else(|e| panic!("{}: {e:?}", source.name));
            parsed.schema.definitions.len()
        })
        .sum()
}

/// Ours: generates and formats the code of each file; returns the bytes of code.
#[must_use]
pub fn ours_generate(sources: &[SourceFile]) -> usize {
    generate_each(&tlforge_codegen::Config::new(), sources)
}

/// Ours without prettyplease (`Config::format(false)`, the fast path of a build script).
#[must_use]
pub fn ours_generate_unformatted(sources: &[SourceFile]) -> usize {
    generate_each(tlforge_codegen::Config::new().format(false), sources)
}

fn generate_each(config: &tlforge_codegen::Config, sources: &[SourceFile]) -> usize {
    sources
        .iter()
        .map(|source| {
            config
                .generate(std::slice::from_ref(source))
                .unwrap_or_else(|e| panic!("{}: {e}", source.name))
                .len()
        })
        .sum()
}

/// grammers: parses each file; returns the definitions and how many lines failed to parse (those
/// are skipped, as grammers-tl-types' build.rs does).
#[must_use]
pub fn theirs_parse(texts: &[&str]) -> (Vec<Definition>, usize) {
    let mut definitions = Vec::new();
    let mut errors = 0;
    for text in texts {
        for result in grammers_tl_parser::parse_tl_file(text) {
            match result {
                Ok(definition) => definitions.push(definition),
                Err(_) => errors += 1,
            }
        }
    }
    (definitions, errors)
}

/// grammers: parses both files and generates the code; returns the bytes of code.
#[must_use]
pub fn theirs_generate(texts: &[&str], layer: i32) -> usize {
    let outputs = theirs_outputs(texts, layer);
    outputs.common.len() + outputs.types.len() + outputs.functions.len() + outputs.enums.len()
}

/// grammers: parses the files and generates the code into its four in-memory files, with the
/// configuration of grammers-tl-types' build.rs for its default features.
#[must_use]
pub fn theirs_outputs(texts: &[&str], layer: i32) -> grammers_tl_gen::Outputs<Vec<u8>> {
    let (definitions, _) = theirs_parse(texts);
    let mut outputs = grammers_tl_gen::Outputs {
        common: Vec::new(),
        types: Vec::new(),
        functions: Vec::new(),
        enums: Vec::new(),
    };
    let config = grammers_tl_gen::Config {
        gen_name_for_id: true,
        deserializable_functions: false,
        impl_debug: true,
        impl_from_enum: true,
        impl_from_type: true,
        impl_serde: false,
    };
    grammers_tl_gen::generate_rust_code(&mut outputs, &definitions, layer, &config)
        .expect("writing to memory cannot fail");
    outputs
}

/// The documentation JSON that `scripts/generate-tl-types.sh` passes to the API's generation.
#[must_use]
pub fn docs_json() -> Option<std::path::PathBuf> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/telegram-docs.json");
    path.exists().then_some(path)
}

/// Ours as `scripts/generate-tl-types.sh` runs it: the API with the documentation JSON
/// (descriptions go into the rustdoc), MTProto without; returns the bytes of code.
#[must_use]
pub fn ours_generate_with_docs(sources: &[SourceFile], docs: &std::path::Path) -> usize {
    let [api, rest @ ..] = sources else {
        return 0;
    };
    let with_docs = tlforge_codegen::Config::new()
        .metadata(docs)
        .generate(std::slice::from_ref(api))
        .unwrap_or_else(|e| panic!("{}: {e}", api.name))
        .len();
    with_docs + ours_generate(rest)
}
