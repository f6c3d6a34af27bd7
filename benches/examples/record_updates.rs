//! Issue 40: writes `client-data/updates.bin`, the recorded updates stream that the two client
//! benchmarks (`client/`, `client-grammers/`) decode.
//!
//! Every constructor of type `Update` in `../schema/api.tl` appears exactly once, as the smallest
//! value the schema allows, built from the schema text alone (no generated code, so neither
//! library under test writes what it then reads): every `#` is 0, so every field behind a flag
//! is absent; `int`, `long`, `double`, `int128` and `int256` are zero; `string` and `bytes` are
//! empty; a `Vector` is empty (its id and a count of 0); `Bool` is `boolFalse`; any other boxed
//! type is the constructor of that type with the smallest minimal encoding (sizes computed to a
//! fixed point first, so the choice never recurses), and a bare type is that constructor's fields
//! without its id.
//!
//! The file is a sequence of frames, each a `u32` little-endian byte length and then the frame:
//!
//! ```text
//! rpc_result#f35c6d01 req_msg_id:long result:Object      req_msg_id = the frame's index (0, 1, …)
//!   result = gzip_packed#3072cfa1 packed_data:bytes      one gzip member (RFC 1952), level 9
//!     inflated = updates#74ae4240 updates:Vector<Update> users:Vector<User> chats:Vector<Chat>
//!                date:int seq:int                        UPDATES_PER_FRAME updates, no users or
//!                                                        chats, DATE, seq = index + 1
//! ```
//!
//! Regenerate it (byte for byte the same file) with
//! `cargo run --manifest-path benches/Cargo.toml --example record_updates`. The two clients are
//! dev-dependencies of this package and `include_bytes!` the file, so it must exist for this
//! example to build: if it is missing, create it empty first (`: > benches/client-data/updates.bin`).

use std::collections::HashMap;
use std::path::Path;

use tlforge_parser::{Category, Definition, ParameterKind, SourceFile, Type};

/// Updates per `updates` object (frame): 170 constructors make frames of 50, 50, 50 and 20.
const UPDATES_PER_FRAME: usize = 50;
/// The `date` of every `updates` object (2023-11-14 22:13:20 UTC).
const DATE: i32 = 1_700_000_000;

const RPC_RESULT_ID: u32 = 0xf35c_6d01;
const GZIP_PACKED_ID: u32 = 0x3072_cfa1;
const UPDATES_ID: u32 = 0x74ae_4240;
const VECTOR_ID: u32 = 0x1cb5_c415;
const BOOL_FALSE_ID: u32 = 0xbc79_9737;

/// The constructors of api.tl, indexed for writing minimal values.
struct Minimal<'a> {
    /// Constructors by the name of the type they build (`storage.FileType`), in schema order.
    by_type: HashMap<String, Vec<&'a Definition>>,
    /// Constructors by their own name, for bare references (`%Type`, `lowercaseName`).
    by_name: HashMap<String, &'a Definition>,
    /// The smallest encoding of each boxed type, id included.
    cost: HashMap<String, usize>,
}

/// The size of a primitive's minimal encoding, or `None` for a type the schema defines.
fn primitive_len(ty: &Type) -> Option<usize> {
    if !ty.name.namespace.is_empty() {
        return None;
    }
    Some(match ty.name.name.as_str() {
        // An empty `string`/`bytes` is its length byte, 0, padded to 4.
        "int" | "string" | "bytes" | "Bool" | "vector" => 4,
        "long" | "double" | "Vector" => 8,
        "int128" => 16,
        "int256" => 32,
        _ => return None,
    })
}

impl<'a> Minimal<'a> {
    fn new(definitions: &'a [Definition]) -> Self {
        let mut minimal = Minimal {
            by_type: HashMap::new(),
            by_name: HashMap::new(),
            cost: HashMap::new(),
        };
        for def in definitions
            .iter()
            .filter(|d| d.category == Category::Constructor && !d.builtin)
        {
            minimal
                .by_type
                .entry(def.result.name.to_string())
                .or_default()
                .push(def);
            minimal.by_name.insert(def.name.to_string(), def);
        }
        // Bellman-Ford style: a type's cost only ever falls, so this ends; types whose every
        // constructor needs a type with no finite cost yet wait for a later round.
        loop {
            let mut changed = false;
            for (ty, defs) in &minimal.by_type {
                let best = defs.iter().filter_map(|d| minimal.fields_cost(d)).min();
                if let Some(best) = best.map(|fields| fields + 4) {
                    if minimal.cost.get(ty).is_none_or(|&old| best < old) {
                        minimal.cost.insert(ty.clone(), best);
                        changed = true;
                    }
                }
            }
            if !changed {
                break minimal;
            }
        }
    }

    /// The minimal size of a constructor's fields (without its id), if every field has one yet.
    fn fields_cost(&self, def: &Definition) -> Option<usize> {
        def.params.iter().try_fold(0, |sum, param| {
            Some(
                sum + match &param.kind {
                    ParameterKind::Nat => 4,
                    ParameterKind::Value { flag: Some(_), .. } => 0,
                    ParameterKind::Value { ty, flag: None } => self.type_cost(ty)?,
                    ParameterKind::Repeated { .. } => return None,
                },
            )
        })
    }

    fn type_cost(&self, ty: &Type) -> Option<usize> {
        if let Some(len) = primitive_len(ty) {
            Some(len)
        } else if ty.percent {
            Some(self.cost.get(&ty.name.to_string())? - 4)
        } else if ty.is_bare() {
            self.fields_cost(self.by_name.get(&ty.name.to_string())?)
        } else {
            self.cost.get(&ty.name.to_string()).copied()
        }
    }

    /// The first constructor, in schema order, of the type's smallest encoding.
    fn cheapest(&self, type_name: &str) -> &'a Definition {
        let cost = self.cost[type_name];
        self.by_type[type_name]
            .iter()
            .copied()
            .find(|d| self.fields_cost(d).map(|f| f + 4) == Some(cost))
            .expect("the cost was computed from one of these constructors")
    }

    /// Writes a constructor's fields with every `#` zero, so that no flagged field is present.
    fn write_fields(&self, def: &Definition, out: &mut Vec<u8>) {
        for param in &def.params {
            match &param.kind {
                ParameterKind::Nat => out.extend(0u32.to_le_bytes()),
                ParameterKind::Value { flag: Some(_), .. } => {}
                ParameterKind::Value { ty, flag: None } => self.write_type(ty, out),
                ParameterKind::Repeated { .. } => unreachable!("only builtin lines repeat"),
            }
        }
    }

    fn write_type(&self, ty: &Type, out: &mut Vec<u8>) {
        let name = ty.name.to_string();
        match name.as_str() {
            "int" | "string" | "bytes" | "vector" => out.extend([0; 4]),
            "long" | "double" => out.extend([0; 8]),
            "int128" => out.extend([0; 16]),
            "int256" => out.extend([0; 32]),
            "Bool" => out.extend(BOOL_FALSE_ID.to_le_bytes()),
            "Vector" => {
                out.extend(VECTOR_ID.to_le_bytes());
                out.extend(0u32.to_le_bytes());
            }
            _ if ty.percent => self.write_fields(self.cheapest(&name), out),
            _ if ty.is_bare() => self.write_fields(self.by_name[&name], out),
            _ => {
                let def = self.cheapest(&name);
                out.extend(def.id.to_le_bytes());
                self.write_fields(def, out);
            }
        }
    }
}

/// Appends a TL `bytes`: a 1-byte length (or 254 and a 3-byte length), the data, zeros to a
/// multiple of 4.
fn write_tl_bytes(data: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    let len = u32::try_from(data.len()).expect("a frame is far below 4 GiB");
    if len < 254 {
        out.push(len as u8);
    } else {
        assert!(len < 1 << 24, "TL bytes hold at most 2^24 - 1 bytes");
        out.push(254);
        out.extend(&len.to_le_bytes()[..3]);
    }
    out.extend(data);
    while (out.len() - start) % 4 != 0 {
        out.push(0);
    }
}

/// One gzip member (RFC 1952) of `data`, best compression, as servers pack large results.
fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(data)
        .expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("../schema/api.tl")).expect("read api.tl");
    let parsed = tlforge_parser::parse_schema(&[SourceFile::new("api.tl", text)])
        .unwrap_or_else(|report| panic!("api.tl: {report}"));
    let minimal = Minimal::new(&parsed.schema.definitions);

    let updates: Vec<Vec<u8>> = minimal.by_type["Update"]
        .iter()
        .map(|def| {
            let mut value = def.id.to_le_bytes().to_vec();
            minimal.write_fields(def, &mut value);
            value
        })
        .collect();

    let mut file = Vec::new();
    for (index, chunk) in updates.chunks(UPDATES_PER_FRAME).enumerate() {
        let count = u32::try_from(chunk.len()).expect("50 per frame");
        let seq = i32::try_from(index + 1).expect("a few frames");
        let mut inner = Vec::new();
        inner.extend(UPDATES_ID.to_le_bytes());
        inner.extend(VECTOR_ID.to_le_bytes());
        inner.extend(count.to_le_bytes());
        chunk.iter().for_each(|update| inner.extend(update));
        for _users_then_chats in 0..2 {
            inner.extend(VECTOR_ID.to_le_bytes());
            inner.extend(0u32.to_le_bytes());
        }
        inner.extend(DATE.to_le_bytes());
        inner.extend(seq.to_le_bytes());

        let mut frame = Vec::new();
        frame.extend(RPC_RESULT_ID.to_le_bytes());
        frame.extend(i64::try_from(index).expect("a few frames").to_le_bytes());
        frame.extend(GZIP_PACKED_ID.to_le_bytes());
        write_tl_bytes(&gzip(&inner), &mut frame);

        let len = u32::try_from(frame.len()).expect("a frame is far below 4 GiB");
        file.extend(len.to_le_bytes());
        file.extend(frame);
    }

    let path = root.join("client-data/updates.bin");
    std::fs::create_dir_all(path.parent().expect("a file in a directory")).expect("mkdir");
    std::fs::write(&path, &file).expect("write updates.bin");
    println!(
        "{}: {} Update constructors in {} frames, {} bytes",
        path.display(),
        updates.len(),
        updates.len().div_ceil(UPDATES_PER_FRAME),
        file.len()
    );
}
