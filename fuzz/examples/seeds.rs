//! Writes the seed corpora: `cargo run --example seeds` (from `fuzz/`) fills
//! `corpus/parser/` and `corpus/decoders/` (existing files are kept; names are content hashes).
//!
//! - parser: the schema fixtures of `tests/fixtures/{valid,invalid,codegen}` and the bundled
//!   schemas cut into pieces of 40 lines (libFuzzer works best on small inputs);
//! - decoders: for every target, a few random valid encodings from
//!   `tlforge_tests::random_encoding` (the schema-driven encoder), and hand-made envelope inputs:
//!   `rpc_result` with a `gzip_packed` result, a `msg_container` (one of whose bodies nests two).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use tlforge_fuzz::{TARGETS, input_for};
use tlforge_parser::{Category, Schema};
use tlforge_runtime::{GZIP_PACKED_ID, Serializable};
use tlforge_tests::random_encoding::{Encoder, InnerQuery, Options, Rng, seed_for};

/// Random encodings per target.
const SAMPLES: u64 = 3;
/// Lines per piece of a bundled schema.
const PIECE_LINES: usize = 40;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let parser = write_parser_seeds(root);
    let decoders = write_decoder_seeds(root);
    println!("corpus/parser: {parser} seeds, corpus/decoders: {decoders} seeds");
}

/// FNV-1a, hex: stable file names, so re-running adds nothing twice.
fn name_of(data: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in data {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("seed-{hash:016x}")
}

fn write_all(dir: &Path, inputs: &[Vec<u8>]) -> usize {
    std::fs::create_dir_all(dir).expect("create the corpus directory");
    for input in inputs {
        std::fs::write(dir.join(name_of(input)), input).expect("write a seed");
    }
    inputs.len()
}

fn write_parser_seeds(root: &Path) -> usize {
    let mut inputs = Vec::new();
    for dir in ["valid", "invalid", "codegen"] {
        let dir = root.join("../tests/fixtures").join(dir);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("fixtures directory")
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "tl"))
            .collect();
        files.sort();
        for file in files {
            inputs.push(std::fs::read(file).expect("read a fixture"));
        }
    }
    for text in [tlforge_tests::API_TL, tlforge_tests::MTPROTO_TL] {
        let lines: Vec<&str> = text.lines().collect();
        for piece in lines.chunks(PIECE_LINES) {
            inputs.push(format!("{}\n", piece.join("\n")).into_bytes());
        }
    }
    write_all(&root.join("corpus/parser"), &inputs)
}

fn write_decoder_seeds(root: &Path) -> usize {
    let api = tlforge_tests::parse("api.tl", tlforge_tests::API_TL);
    let mtproto = tlforge_tests::parse("mtproto.tl", tlforge_tests::MTPROTO_TL);
    let options = Options {
        inner_query: InnerQuery::AnyFunction,
        budget: 1024,
        ..Options::default()
    };
    let api_encoder = Encoder::new(&api, options.clone());
    let mtproto_encoder = Encoder::new(&mtproto, options);
    let mut inputs = Vec::new();
    for (index, target) in TARGETS.iter().enumerate() {
        let encoder = if target.rust_type.starts_with("::tlforge_types::mtproto::") {
            &mtproto_encoder
        } else {
            &api_encoder
        };
        let definitions = definitions_of(encoder.schema(), target.tl_name, target.kind);
        for sample in 0..SAMPLES {
            let Some(def) = definitions.get(sample as usize % definitions.len().max(1)) else {
                break;
            };
            let mut rng = Rng::new(seed_for(0, target.tl_name, sample));
            inputs.push(input_for(index, &encoder.encode(def, &mut rng)));
        }
    }
    inputs.extend(envelope_seeds());
    // Every seed is valid: it must decode as its target (the fuzzer mutates from there).
    let failing: Vec<&str> = inputs
        .iter()
        .filter(|input| !tlforge_fuzz::decode(input))
        .filter_map(|input| tlforge_fuzz::select(input).map(|(target, _)| target.tl_name))
        .collect();
    assert!(failing.is_empty(), "seeds that do not decode: {failing:?}");
    write_all(&root.join("corpus/decoders"), &inputs)
}

/// The constructors of boxed type `tl_name` (kind `enum`), or the function `tl_name`.
fn definitions_of<'s>(
    schema: &'s Schema,
    tl_name: &str,
    kind: &str,
) -> Vec<&'s tlforge_parser::Definition> {
    schema
        .user_definitions()
        .filter(|def| match kind {
            "enum" => {
                def.category == Category::Constructor && def.result.name.to_string() == tl_name
            }
            _ => def.category == Category::Function && def.name.to_string() == tl_name,
        })
        .collect()
}

fn target_index(tl_name: &str, kind: &str, rust_type_prefix: &str) -> usize {
    TARGETS
        .iter()
        .position(|t| {
            t.tl_name == tl_name && t.kind == kind && t.rust_type.starts_with(rust_type_prefix)
        })
        .unwrap_or_else(|| panic!("no target {kind} {tl_name}"))
}

fn gzip_packed(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("write to a Vec");
    let packed = encoder.finish().expect("write to a Vec");
    let mut out = GZIP_PACKED_ID.to_le_bytes().to_vec();
    packed.serialize(&mut out);
    out
}

fn envelope_seeds() -> Vec<Vec<u8>> {
    use tlforge_types::{enums, types};

    let mut sent_code = types::auth::SentCode::new(
        types::auth::SentCodeTypeSms::new(5).into(),
        "8a3d5f0e1b".into(),
    );
    sent_code.timeout = Some(120);
    let sent_code: enums::auth::SentCode = sent_code.into();
    let sent_code_index = target_index("auth.SentCode", "enum", "::tlforge_types::enums::");
    let rpc_index = target_index("RpcResult", "enum", "::tlforge_types::mtproto::");
    let container_index = target_index("MessageContainer", "enum", "::tlforge_types::mtproto::");

    let packed = gzip_packed(&sent_code.to_bytes());
    let mut rpc = 0xf35c_6d01_u32.to_le_bytes().to_vec();
    rpc.extend(7_i64.to_le_bytes());
    rpc.extend(&packed);

    let bodies = [packed.clone(), true.to_bytes(), gzip_packed(&packed)];
    let mut container = 0x73f1_f8dc_u32.to_le_bytes().to_vec();
    container.extend(3_i32.to_le_bytes());
    for (i, body) in bodies.iter().enumerate() {
        container.extend((1000 + i as i64).to_le_bytes());
        container.extend((2 * i as i32 + 1).to_le_bytes());
        container.extend(i32::try_from(body.len()).expect("small").to_le_bytes());
        container.extend(body);
    }
    // A packed value inside another is refused (issue 26), so it is no seed; the fuzzer may
    // still find it, and must see it refused within the budget.
    vec![
        input_for(sent_code_index, &packed),
        input_for(rpc_index, &rpc),
        input_for(container_index, &container),
    ]
}
