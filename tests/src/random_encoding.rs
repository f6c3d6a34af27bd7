//! Random, valid TL encodings of any definition, produced from the parsed schema and the wire
//! rules of TL (docs/tl.md §5) alone. Nothing here looks at the generated
//! Rust code, so a decoder that disagrees with these bytes disagrees with the schema.
//!
//! - `int`, `long`, `double`, `int128`, `int256`: little-endian words / raw bytes; doubles are any
//!   bit pattern except NaN (NaN is not `==` to itself; [`Options::nan`] allows it where bytes
//!   are compared), with extra weight on `±0.0`, subnormals, the extremes and infinities.
//! - `string`: valid UTF-8 (1- to 4-byte characters, U+0000 included) of an exact byte length,
//!   usually short, sometimes 0, 253, 254 (the first long-form length) or 300; `bytes`: random
//!   bytes with the same lengths. Both use TL's length prefix and zero padding.
//! - `Bool`: `boolTrue#997275b5` / `boolFalse#bc799737`.
//! - `#` that conditional fields refer to: a flags word made of random choices among the bits that
//!   fields use (so fields sharing a bit are present together), or all of them, or none
//!   ([`Options::flags`]); present fields follow in declaration order and `flags.N?true` writes
//!   nothing. A `#` nobody refers to: any `u32` (0 without [`Options::unnamed_bits`]).
//! - a boxed type: the id and fields of a random constructor of that type; a bare type
//!   (lowercase constructor name, or `%T`): the fields only.
//! - `Vector<T>`: `0x1cb5c415`, count, items; `vector<T>`: count, items; items boxed or bare by `T`.
//! - `!X`: a complete boxed function call: `help.getConfig` by default ([`InnerQuery`]).
//!
//! Generation terminates: below [`Options::free_depth`] levels of nesting, or once the output
//! exceeds [`Options::budget`] bytes, vectors are empty, optional fields absent and the
//! constructor is one with the least *rank* (the depth of the smallest value of that constructor,
//! computed as a fixed point over the schema), so every further level strictly shrinks.

use std::collections::HashMap;

use tlforge_parser::{Category, Definition, ParameterKind, Schema, Type};

/// Id of the boxed `Vector` constructor (`vector#1cb5c415 {t:Type} # [ t ] = Vector t`).
pub const VECTOR_ID: u32 = 0x1cb5_c415;
/// `boolTrue#997275b5 = Bool`.
pub const BOOL_TRUE_ID: u32 = 0x9972_75b5;
/// `boolFalse#bc799737 = Bool`.
pub const BOOL_FALSE_ID: u32 = 0xbc79_9737;

const INFINITE: u32 = u32::MAX;

/// A small deterministic generator (splitmix64-seeded xorshift64*), so that every failure
/// reproduces from its seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` (any value, zero included).
    pub fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_f491_4f6c_dd1d } else { z })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below((hi - lo + 1) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A random element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Fills `buf` with random bytes.
    pub fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let word = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }
}

/// The seed of sample `sample` of definition `tl_name`: FNV-1a of the name mixed with the sample
/// number and `base` (tests take `base` from `TL_SEED`, default 0).
pub fn seed_for(base: u64, tl_name: &str, sample: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in tl_name.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash ^ base.rotate_left(32) ^ sample.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// What `!X` (the query of `invokeWithLayer` and friends) is filled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InnerQuery {
    /// Always `help.getConfig` (`6b18f9c4`): matches the `X = GetConfig` instantiation.
    GetConfig,
    /// A random function of the schema, itself random (generic ones nest).
    AnyFunction,
}

/// Which bits of a flags word (`#` that conditional fields refer to) are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagBits {
    /// Each bit a field uses, with probability ½.
    Random,
    /// Every bit a field uses (where choices are free; minimal values set none).
    All,
    /// None.
    None,
}

/// Size controls and value choices.
#[derive(Debug, Clone)]
pub struct Options {
    /// Nesting depth (objects and vectors) up to which choices are free.
    pub free_depth: u32,
    /// Output size after which everything still to write is minimal.
    pub budget: usize,
    /// Largest vector length.
    pub max_vector_len: usize,
    /// What `!X` holds.
    pub inner_query: InnerQuery,
    /// The bits of flags words.
    pub flags: FlagBits,
    /// Whether a `#` that no field refers to holds random bits (else 0). Implementations that
    /// keep no such bits (Telethon) write 0 there.
    pub unnamed_bits: bool,
    /// Whether `double`s may be NaN (quiet, signalling, with payloads): for comparisons of
    /// bytes, where NaN is as good as any value (`==` on values would fail on it).
    pub nan: bool,
    /// The length of every `string` and `bytes` where choices are free, instead of random
    /// ones (e.g. 2^24 − 1, the longest TL length).
    pub blob_len: Option<usize>,
    /// `long` fields drawn from a range instead of all values: (constructor, parameter,
    /// range), for implementations that rewrite some values (see the differential test).
    pub long_ranges: Vec<(&'static str, &'static str, std::ops::RangeInclusive<i64>)>,
    /// Constructors never written in a field: (constructor, parameter, the constructor to
    /// leave out of its type's), for implementations that replace some values.
    pub avoid: Vec<(&'static str, &'static str, &'static str)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            free_depth: 3,
            budget: 4096,
            max_vector_len: 3,
            inner_query: InnerQuery::GetConfig,
            flags: FlagBits::Random,
            unnamed_bits: true,
            nan: false,
            blob_len: None,
            long_ranges: Vec::new(),
            avoid: Vec::new(),
        }
    }
}

/// Produces random encodings for the definitions of one schema.
pub struct Encoder<'s> {
    schema: &'s Schema,
    /// Boxed type name (`auth.SentCode`) → its constructors, in file order.
    constructors_of: HashMap<String, Vec<usize>>,
    /// Constructor name (`future_salt`) → index.
    constructor_named: HashMap<String, usize>,
    /// Every non-builtin function.
    functions: Vec<usize>,
    /// Least nesting depth of a value built with each definition (`INFINITE` for builtins).
    rank: Vec<u32>,
    /// Size controls.
    pub options: Options,
}

impl<'s> Encoder<'s> {
    /// Indexes `schema` and computes the ranks.
    ///
    /// # Panics
    ///
    /// If some definition can never be finished (a type whose every constructor needs itself),
    /// which would make the schema unusable.
    pub fn new(schema: &'s Schema, options: Options) -> Encoder<'s> {
        let mut constructors_of: HashMap<String, Vec<usize>> = HashMap::new();
        let mut constructor_named = HashMap::new();
        let mut functions = Vec::new();
        for (index, def) in schema.definitions.iter().enumerate() {
            if def.builtin {
                continue;
            }
            match def.category {
                Category::Constructor => {
                    constructors_of
                        .entry(def.result.name.to_string())
                        .or_default()
                        .push(index);
                    constructor_named.insert(def.name.to_string(), index);
                }
                Category::Function => functions.push(index),
            }
        }
        let mut encoder = Encoder {
            schema,
            constructors_of,
            constructor_named,
            functions,
            rank: vec![INFINITE; schema.definitions.len()],
            options,
        };
        encoder.compute_ranks();
        for def in schema.user_definitions() {
            let index = encoder.index_of(def);
            assert!(
                encoder.rank[index] != INFINITE,
                "{}: no finite value exists",
                def.name
            );
        }
        encoder
    }

    /// The schema this encoder reads.
    pub fn schema(&self) -> &'s Schema {
        self.schema
    }

    /// The non-builtin definition called `tl_name` in `category`.
    pub fn definition(&self, tl_name: &str, category: Category) -> Option<&'s Definition> {
        self.schema
            .user_definitions()
            .find(|def| def.category == category && def.name.to_string() == tl_name)
    }

    fn index_of(&self, def: &Definition) -> usize {
        self.schema
            .definitions
            .iter()
            .position(|d| std::ptr::eq(d, def))
            .expect("definition of this schema")
    }

    fn compute_ranks(&mut self) {
        loop {
            let mut changed = false;
            for index in 0..self.schema.definitions.len() {
                let def = &self.schema.definitions[index];
                if def.builtin {
                    continue;
                }
                let mut rank = 1_u32;
                for param in &def.params {
                    if let ParameterKind::Value { ty, flag: None } = &param.kind {
                        rank = rank.max(self.type_rank(ty).saturating_add(1));
                    }
                }
                if rank < self.rank[index] {
                    self.rank[index] = rank;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// Least depth of a value of `ty` (0 for primitives and vectors, which may be empty).
    fn type_rank(&self, ty: &Type) -> u32 {
        if ty.type_param {
            // `!X`: help.getConfig, or (AnyFunction) a function without arguments.
            return if ty.bang { 1 } else { INFINITE };
        }
        if is_primitive(ty) || is_vector(ty) {
            return 0;
        }
        self.candidates(ty)
            .iter()
            .map(|&index| self.rank[index])
            .min()
            .unwrap_or(INFINITE)
    }

    /// The constructors a value of `ty` can be built with.
    fn candidates(&self, ty: &Type) -> &[usize] {
        let name = ty.name.to_string();
        if !ty.percent && !ty.name.is_uppercase() {
            return self
                .constructor_named
                .get(&name)
                .map(std::slice::from_ref)
                .unwrap_or_default();
        }
        self.constructors_of
            .get(&name)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// A random encoding of `def` in boxed form: its id, then its fields.
    pub fn encode(&self, def: &Definition, rng: &mut Rng) -> Vec<u8> {
        self.encode_with_lengths(def, rng).0
    }

    /// Like [`encode`](Self::encode) (the same bytes for the same `rng`), plus where every length
    /// field was written: `string`/`bytes` prefixes and vector counts, in output order. For
    /// mutation tests that inflate lengths.
    pub fn encode_with_lengths(
        &self,
        def: &Definition,
        rng: &mut Rng,
    ) -> (Vec<u8>, Vec<LengthField>) {
        let mut out = Out::default();
        self.write_boxed(def, 0, rng, &mut out);
        (out.bytes, out.lengths)
    }

    fn minimal(&self, depth: u32, out: &[u8]) -> bool {
        depth > self.options.free_depth || out.len() > self.options.budget
    }

    fn write_boxed(&self, def: &Definition, depth: u32, rng: &mut Rng, out: &mut Out) {
        out.extend_from_slice(&def.id.to_le_bytes());
        self.write_fields(def, depth, rng, out);
    }

    fn write_fields(&self, def: &Definition, depth: u32, rng: &mut Rng, out: &mut Out) {
        // The value of every `#` field, decided before anything after it is written.
        let mut words: Vec<u32> = vec![0; def.params.len()];
        for (index, param) in def.params.iter().enumerate() {
            if !matches!(param.kind, ParameterKind::Nat) {
                continue;
            }
            let used: Vec<u32> = def
                .params
                .iter()
                .filter_map(|p| match &p.kind {
                    ParameterKind::Value {
                        flag: Some(flag), ..
                    } if flag.field_index == index => Some(flag.bit),
                    _ => None,
                })
                .collect();
            words[index] = if used.is_empty() {
                if self.options.unnamed_bits {
                    rng.next_u64() as u32
                } else {
                    0
                }
            } else if self.minimal(depth, out) {
                0
            } else {
                let flags = self.options.flags;
                used.iter()
                    .filter(|_| match flags {
                        FlagBits::Random => rng.percent(50),
                        FlagBits::All => true,
                        FlagBits::None => false,
                    })
                    .fold(0, |word, bit| word | 1 << bit)
            };
        }
        // The options naming (constructor, parameter) pairs, read only when there are any.
        let named = !self.options.long_ranges.is_empty() || !self.options.avoid.is_empty();
        let def_name = if named {
            def.name.to_string()
        } else {
            String::new()
        };
        for (index, param) in def.params.iter().enumerate() {
            match &param.kind {
                ParameterKind::Nat => out.extend_from_slice(&words[index].to_le_bytes()),
                ParameterKind::Value { ty, flag } => {
                    let present = flag
                        .as_ref()
                        .is_none_or(|flag| words[flag.field_index] & (1 << flag.bit) != 0);
                    if !present {
                        continue;
                    }
                    let this =
                        |name: &str, field: &str| named && field == param.name && name == def_name;
                    let range = self
                        .options
                        .long_ranges
                        .iter()
                        .find(|(name, field, _)| this(name, field));
                    if let Some((_, _, range)) = range {
                        let span = range.end().abs_diff(*range.start()).saturating_add(1);
                        let value = range.start().wrapping_add_unsigned(rng.below(span));
                        out.extend_from_slice(&value.to_le_bytes());
                        continue;
                    }
                    let avoided: Vec<&str> = self
                        .options
                        .avoid
                        .iter()
                        .filter(|(name, field, _)| this(name, field))
                        .map(|(_, _, avoided)| *avoided)
                        .collect();
                    self.write_type_avoiding(ty, &avoided, depth + 1, rng, out);
                }
                ParameterKind::Repeated { .. } => {
                    panic!("{}: repeated arguments outside builtin lines", def.name)
                }
            }
        }
    }

    fn write_type(&self, ty: &Type, depth: u32, rng: &mut Rng, out: &mut Out) {
        self.write_type_avoiding(ty, &[], depth, rng, out);
    }

    /// [`Encoder::write_type`] with none of the constructors named in `avoided`.
    fn write_type_avoiding(
        &self,
        ty: &Type,
        avoided: &[&str],
        depth: u32,
        rng: &mut Rng,
        out: &mut Out,
    ) {
        if ty.type_param {
            assert!(ty.bang, "type variable `{ty}` outside `!X`");
            return self.write_query(depth, rng, out);
        }
        if is_vector(ty) {
            let item = ty
                .generic_arg
                .as_deref()
                .unwrap_or_else(|| panic!("`{ty}` without an item type"));
            if ty.name.name == "Vector" {
                out.extend_from_slice(&VECTOR_ID.to_le_bytes());
            }
            let len = if self.minimal(depth, out) {
                0
            } else {
                rng.range(0, self.options.max_vector_len)
            };
            out.mark(LengthKind::VectorCount);
            out.extend_from_slice(&(len as u32).to_le_bytes());
            for _ in 0..len {
                self.write_type(item, depth + 1, rng, out);
            }
            return;
        }
        if is_primitive(ty) {
            let minimal = self.minimal(depth, out);
            return self.write_primitive(&ty.name.name, minimal, rng, out);
        }
        let candidates: Vec<usize> = self
            .candidates(ty)
            .iter()
            .copied()
            .filter(|&i| {
                let name = self.schema.definitions[i].name.to_string();
                !avoided.contains(&name.as_str())
            })
            .collect();
        assert!(!candidates.is_empty(), "no constructor for type `{ty}`");
        let index = if self.minimal(depth, out) {
            let least = candidates.iter().map(|&i| self.rank[i]).min();
            let cheapest: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&i| Some(self.rank[i]) == least)
                .collect();
            *rng.pick(&cheapest)
        } else {
            *rng.pick(&candidates)
        };
        let def = &self.schema.definitions[index];
        if ty.is_bare() {
            self.write_fields(def, depth, rng, out);
        } else {
            self.write_boxed(def, depth, rng, out);
        }
    }

    /// `!X`: a complete boxed function call.
    fn write_query(&self, depth: u32, rng: &mut Rng, out: &mut Out) {
        let index = match self.options.inner_query {
            InnerQuery::GetConfig => *self
                .schema
                .definitions
                .iter()
                .enumerate()
                .find(|(_, d)| {
                    d.category == Category::Function && d.name.to_string() == "help.getConfig"
                })
                .map(|(i, _)| i)
                .as_ref()
                .expect("!X needs help.getConfig in the schema"),
            InnerQuery::AnyFunction if self.minimal(depth, out) => {
                let least = self.functions.iter().map(|&i| self.rank[i]).min();
                let cheapest: Vec<usize> = self
                    .functions
                    .iter()
                    .copied()
                    .filter(|&i| Some(self.rank[i]) == least)
                    .collect();
                *rng.pick(&cheapest)
            }
            InnerQuery::AnyFunction => *rng.pick(&self.functions),
        };
        self.write_boxed(&self.schema.definitions[index], depth, rng, out);
    }
}

impl Encoder<'_> {
    fn write_primitive(&self, name: &str, minimal: bool, rng: &mut Rng, out: &mut Out) {
        match name {
            "int" => {
                let value = if rng.percent(20) {
                    *rng.pick(&[0, 1, -1, i32::MIN, i32::MAX])
                } else {
                    rng.next_u64() as i32
                };
                out.extend_from_slice(&value.to_le_bytes());
            }
            "long" => {
                let value = if rng.percent(20) {
                    *rng.pick(&[0, 1, -1, i64::MIN, i64::MAX])
                } else {
                    rng.next_u64() as i64
                };
                out.extend_from_slice(&value.to_le_bytes());
            }
            "double" => {
                let value = if self.options.nan && rng.percent(20) {
                    random_nan(rng)
                } else {
                    random_double(rng)
                };
                out.extend_from_slice(&value.to_le_bytes());
            }
            "int128" => random_raw(16, rng, out),
            "int256" => random_raw(32, rng, out),
            "Bool" => {
                let id = if rng.percent(50) {
                    BOOL_TRUE_ID
                } else {
                    BOOL_FALSE_ID
                };
                out.extend_from_slice(&id.to_le_bytes());
            }
            "string" => {
                let len = self.blob_len(minimal, rng);
                out.mark(LengthKind::Blob);
                write_blob(random_utf8(len, rng).as_bytes(), out);
            }
            "bytes" => {
                let mut data = vec![0; self.blob_len(minimal, rng)];
                rng.fill(&mut data);
                out.mark(LengthKind::Blob);
                write_blob(&data, out);
            }
            // `true` (under a flag): present or not, it writes nothing.
            "true" => {}
            other => unreachable!("not a primitive: {other}"),
        }
    }

    fn blob_len(&self, minimal: bool, rng: &mut Rng) -> usize {
        match self.options.blob_len {
            Some(len) if !minimal => len,
            _ => blob_len(minimal, rng),
        }
    }
}

/// Where a length field was written (see [`Encoder::encode_with_lengths`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LengthField {
    /// Byte offset of the field in the encoding.
    pub offset: usize,
    /// Which kind of length it is.
    pub kind: LengthKind,
}

/// The kinds of length fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthKind {
    /// The prefix of a `string` or `bytes`: one byte up to 253, else `fe` + 3 bytes LE.
    Blob,
    /// The `int` count of a `Vector<T>` (after its id) or a bare `vector<T>`.
    VectorCount,
}

/// The output being written, with the positions of its length fields.
#[derive(Default)]
struct Out {
    bytes: Vec<u8>,
    lengths: Vec<LengthField>,
}

impl Out {
    /// Records that a length field of `kind` starts at the current end.
    fn mark(&mut self, kind: LengthKind) {
        self.lengths.push(LengthField {
            offset: self.bytes.len(),
            kind,
        });
    }
}

impl std::ops::Deref for Out {
    type Target = Vec<u8>;

    fn deref(&self) -> &Vec<u8> {
        &self.bytes
    }
}

impl std::ops::DerefMut for Out {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
    }
}

fn is_vector(ty: &Type) -> bool {
    ty.name.namespace.is_empty() && matches!(ty.name.name.as_str(), "Vector" | "vector")
}

fn is_primitive(ty: &Type) -> bool {
    ty.name.namespace.is_empty()
        && !ty.percent
        && matches!(
            ty.name.name.as_str(),
            "int" | "long" | "double" | "string" | "bytes" | "int128" | "int256" | "Bool" | "true"
        )
}

fn random_raw(len: usize, rng: &mut Rng, out: &mut Vec<u8>) {
    let start = out.len();
    out.resize(start + len, 0);
    rng.fill(&mut out[start..]);
}

/// Any double but NaN, with the edge cases weighted up.
pub fn random_double(rng: &mut Rng) -> f64 {
    if rng.percent(30) {
        return *rng.pick(&[
            0.0,
            -0.0,
            1.0,
            -1.5,
            5e-324,
            -5e-324,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.1,
        ]);
    }
    loop {
        let value = f64::from_bits(rng.next_u64());
        if !value.is_nan() {
            return value;
        }
    }
}

/// A NaN: quiet or signalling, either sign, with or without a payload.
pub fn random_nan(rng: &mut Rng) -> f64 {
    let bits = *rng.pick(&[
        0x7ff8_0000_0000_0000_u64, // the quiet NaN of f64::NAN
        0xfff8_0000_0000_0000,     // negative quiet
        0x7ff0_0000_0000_0001,     // signalling, smallest payload
        0x7ff4_0000_0000_0000,     // signalling, highest payload bit
        0xfff0_0000_dead_beef,     // negative signalling with a payload
        0x7fff_ffff_ffff_ffff,     // quiet, every payload bit
    ]);
    let bits = if rng.percent(30) {
        // Any exponent-all-ones pattern but infinity.
        (rng.next_u64() | 0x7ff0_0000_0000_0000) & !(1 << 63) | (rng.next_u64() & (1 << 63))
    } else {
        bits
    };
    let bits = if bits & 0x000f_ffff_ffff_ffff == 0 {
        bits | 1
    } else {
        bits
    };
    f64::from_bits(bits)
}

/// A `string`/`bytes` length: mostly short, sometimes at the edges of the length encoding.
pub fn blob_len(minimal: bool, rng: &mut Rng) -> usize {
    if minimal {
        return rng.range(0, 4);
    }
    match rng.below(100) {
        0..15 => 0,
        15..70 => rng.range(1, 16),
        70..85 => rng.range(17, 120),
        85..91 => 253,
        91..96 => 254,
        96..98 => 255,
        _ => 300,
    }
}

/// Valid UTF-8 of exactly `len` bytes: characters of every encoded length, U+0000 included.
pub fn random_utf8(len: usize, rng: &mut Rng) -> String {
    let mut s = String::with_capacity(len);
    while s.len() < len {
        let room = len - s.len();
        let width = rng.range(1, room.min(4));
        let c = loop {
            let code = match width {
                1 => rng.below(0x80) as u32,
                2 => 0x80 + rng.below(0x800 - 0x80) as u32,
                3 => 0x800 + rng.below(0x1_0000 - 0x800) as u32,
                _ => 0x1_0000 + rng.below(0x11_0000 - 0x1_0000) as u32,
            };
            // Surrogates (3-byte range) are not characters: draw again.
            if let Some(c) = char::from_u32(code) {
                break c;
            }
        };
        s.push(c);
    }
    s
}

/// TL `string`/`bytes`: length (1 byte up to 253, else `fe` + 3 bytes LE), payload, zero padding.
pub fn write_blob(data: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    if data.len() <= 253 {
        out.push(data.len() as u8);
    } else {
        assert!(data.len() < 1 << 24, "blob too long for TL");
        out.push(0xfe);
        out.extend_from_slice(&(data.len() as u32).to_le_bytes()[..3]);
    }
    out.extend_from_slice(data);
    while (out.len() - start) & 3 != 0 {
        out.push(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        crate::hex(bytes)
    }

    #[test]
    fn blobs_follow_the_tl_examples() {
        let mut out = Vec::new();
        write_blob(b"", &mut out);
        assert_eq!(hex(&out), "00000000");
        out.clear();
        write_blob(b"abcd", &mut out);
        assert_eq!(hex(&out), "0461626364000000");
        out.clear();
        write_blob(&[7; 253], &mut out);
        assert_eq!((out.len(), out[0]), (256, 0xfd));
        out.clear();
        write_blob(&[7; 254], &mut out);
        assert_eq!((out.len(), &out[..4]), (260, &[0xfe, 0xfe, 0, 0][..]));
        out.clear();
        write_blob(&[7; 396], &mut out);
        assert_eq!((out.len(), &out[..4]), (400, &[0xfe, 0x8c, 1, 0][..]));
    }

    #[test]
    fn utf8_has_the_exact_length() {
        let mut rng = Rng::new(7);
        for len in [0, 1, 2, 3, 4, 5, 253, 254, 300] {
            assert_eq!(random_utf8(len, &mut rng).len(), len);
        }
    }

    #[test]
    fn get_config_and_invoke_with_layer() {
        let schema = crate::parse("api.tl", crate::API_TL);
        let encoder = Encoder::new(&schema, Options::default());
        let mut rng = Rng::new(1);
        let get_config = encoder
            .definition("help.getConfig", Category::Function)
            .expect("help.getConfig");
        assert_eq!(hex(&encoder.encode(get_config, &mut rng)), "6b18f9c4");
        let invoke = encoder
            .definition("invokeWithLayer", Category::Function)
            .expect("invokeWithLayer");
        let bytes = encoder.encode(invoke, &mut rng);
        assert_eq!(bytes.len(), 12);
        assert_eq!(hex(&bytes[..4]), "0d0d9bda");
        assert_eq!(hex(&bytes[8..]), "6b18f9c4");
    }
}
