//! Differential testing against TDLib itself (issue 36): tlforge-tdlib's types, generated from
//! `schema/td_api.tl` (TDLib 1.8.66), against the `libtdjson.so` of that same TDLib (commit
//! 022d60202e446ad1287b9fb68e687c8a0760788b; PyPI's python-telegram 2.0.0 ships it, and
//! `.ci/run` extracts it into target/tdlib/ and sets `TDJSON`). Facts relied on are those of
//! /work/shared/TDLIB-JSON.md (read in TDLib's td/tl/tl_json.h, td/generate/tl_json_converter.cpp
//! and td/telegram/td_json_client.h, then checked against this library).
//!
//! - Every function parses: random values of every function's arguments, drawn from td_api.tl by
//!   [`Gen`] (which never looks at the generated code) as TDLib JSON, decoded strictly into the
//!   function's Rust type, written by our code (which must write the same JSON back) and passed
//!   to `td_execute`, which must never answer "Failed to parse JSON object as TDLib request"
//!   (a request that parses but is not synchronous gets "The method can't be executed
//!   synchronously"). Every constructor reachable from the functions' arguments is written.
//! - Every field name is one TDLib reads: TDLib ignores unknown keys, so each key our encoder
//!   writes (in every object of a request, the function's own fields always) is given a value of
//!   the wrong JSON type (`true`, or `"x"` for a `Bool`, which TDLib also reads from an int32),
//!   and the request must then stop parsing.
//! - Everything TDLib answers decodes strictly and is written back as the same JSON (compared as
//!   `serde_json::Value` without `@extra` and `@client_id`; TDLib's `42.000000` is the number
//!   42): the synchronous functions, the test functions over `td_send`/`td_receive`, and the
//!   updates and answers of a client taken through `setTdlibParameters` (test DC, temporary
//!   directory, offline) to `authorizationStateWaitPhoneNumber`, then closed.
//! - Round trips through TDLib: random JSON through getJsonString → getJsonValue, random
//!   formatted text through getMarkdownText → parseMarkdown and as HTML through
//!   parseTextEntities, random themeParameters through getThemeParametersJsonString.
//!
//! Without the library (`TDJSON` unset or not a file) the test fails when `CI=true` and is
//! skipped, saying why, otherwise. Replay: the base seed is printed (`TL_SEED`, default 0).

use std::collections::{BTreeSet, HashMap};
use std::ffi::{CStr, CString, c_char, c_double, c_int};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};
use tlforge_codegen::rust_model::documents_null;
use tlforge_parser::{Category, Definition, ParameterKind, Schema, Type};
use tlforge_runtime::json::serde::Serialize;
use tlforge_runtime::json::serde::de::DeserializeOwned;
use tlforge_runtime::json::{Object, RemoteCall};
use tlforge_tdlib::{TdError, enums, from_str_strict, functions};
use tlforge_tests::random_encoding::{Rng, random_utf8, seed_for};

const TD_API_TL: &str = include_str!("../../schema/td_api.tl");
/// `getOption` "version" and "commit_hash" of the TDLib td_api.tl was taken from.
const VERSION: &str = "1.8.66";
const COMMIT: &str = "022d60202e446ad1287b9fb68e687c8a0760788b";
/// Functions not sent: they change the process's logging (setLogStream, addLogMessage,
/// setLogVerbosityLevel, setLogTagVerbosityLevel) or a client's state (close, destroy, logOut).
const NOT_SENT: &[&str] = &[
    "setLogStream",
    "addLogMessage",
    "setLogVerbosityLevel",
    "setLogTagVerbosityLevel",
    "close",
    "destroy",
    "logOut",
];
/// Random samples per function.
const SAMPLES: u64 = 4;
const PARSE_FAILURE: &str = "Failed to parse JSON object as TDLib request";
const NOT_SYNCHRONOUS: &str = "The method can't be executed synchronously";

// ---------------------------------------------------------------------------------------------
// The generated functions, by TL name (table written by tests/build.rs).

/// One function of tlforge-tdlib, type-erased.
struct TdFunction {
    tl_name: &'static str,
    /// `Object::FIELDS`: the keys our encoder writes.
    fields: &'static [&'static str],
    /// Decodes a request strictly, checks that writing it and reading that again gives the
    /// same value, and returns what our code writes.
    request: fn(&str) -> Result<String, String>,
    /// Decodes an answer to this function strictly (`RemoteCall::Return`, or `error`) and
    /// returns what our code writes for it, as JSON.
    answer: fn(&str) -> Result<Value, String>,
}

impl TdFunction {
    const fn of<T>(tl_name: &'static str) -> TdFunction
    where
        T: RemoteCall + Object + DeserializeOwned + PartialEq + std::fmt::Debug,
        T::Return: Serialize,
    {
        TdFunction {
            tl_name,
            fields: T::FIELDS,
            request: request::<T>,
            answer: answer::<T>,
        }
    }
}

fn request<T>(json: &str) -> Result<String, String>
where
    T: RemoteCall + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let value: T = from_str_strict(json).map_err(|e| format!("decoding the request: {e}"))?;
    let text = serde_json::to_string(&value).map_err(|e| format!("writing the request: {e}"))?;
    let again: T = from_str_strict(&text).map_err(|e| format!("decoding our request: {e}"))?;
    if again != value {
        return Err(format!("{value:?} became {again:?}"));
    }
    Ok(text)
}

fn answer<T: RemoteCall>(text: &str) -> Result<Value, String>
where
    T::Return: Serialize,
{
    let mut original: Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}: {text}"))?;
    strip_meta(&mut original);
    let stripped = original.to_string();
    let ours = if original["@type"] == "error" {
        let error: TdError = from_str_strict(&stripped).map_err(|e| format!("{e}: {text}"))?;
        serde_json::to_value(&error)
    } else {
        let value: T::Return = from_str_strict(&stripped).map_err(|e| format!("{e}: {text}"))?;
        serde_json::to_value(&value)
    }
    .map_err(|e| format!("writing the answer: {e}"))?;
    if ours != original {
        return Err(format!("TDLib wrote {stripped}\n   we write {ours}"));
    }
    Ok(ours)
}

include!(concat!(env!("OUT_DIR"), "/tdlib_functions.rs"));

fn function(name: &str) -> &'static TdFunction {
    TDLIB_FUNCTIONS
        .iter()
        .find(|f| f.tl_name == name)
        .unwrap_or_else(|| panic!("no function {name}"))
}

/// Removes the keys TDLib adds to answers.
fn strip_meta(value: &mut Value) {
    if let Value::Object(map) = value {
        map.remove("@extra");
        map.remove("@client_id");
    }
}

// ---------------------------------------------------------------------------------------------
// libtdjson, loaded at run time (td/telegram/td_json_client.h).

struct Td {
    create_client_id: unsafe extern "C" fn() -> c_int,
    send: unsafe extern "C" fn(c_int, *const c_char),
    receive: unsafe extern "C" fn(c_double) -> *const c_char,
    execute: unsafe extern "C" fn(*const c_char) -> *const c_char,
}

impl Td {
    fn execute(&self, request: &str) -> String {
        let request = CString::new(request).expect("JSON text has no NUL byte");
        // SAFETY: a NUL-terminated request; the answer stays valid until the next call on this
        // thread, and is copied before that.
        unsafe {
            let answer = (self.execute)(request.as_ptr());
            assert!(!answer.is_null(), "td_execute answered NULL");
            CStr::from_ptr(answer).to_string_lossy().into_owned()
        }
    }

    fn send(&self, client: c_int, request: &str) {
        let request = CString::new(request).expect("JSON text has no NUL byte");
        // SAFETY: as above; td_send copies the request.
        unsafe { (self.send)(client, request.as_ptr()) }
    }

    /// The next answer or update of any client, `None` after `timeout` seconds without one.
    /// Called from one thread only (the client test).
    fn receive(&self, timeout: f64) -> Option<String> {
        // SAFETY: the answer stays valid until the next td_receive; copied at once.
        unsafe {
            let answer = (self.receive)(timeout);
            (!answer.is_null()).then(|| CStr::from_ptr(answer).to_string_lossy().into_owned())
        }
    }
}

/// The library named by `TDJSON`, loaded once and never unloaded (TDLib's threads outlive
/// any test), checked to be TDLib 1.8.66 at commit 022d602; `None` (skipped) when it is
/// missing and `CI` is not `true`.
fn tdjson() -> Option<&'static Td> {
    static TD: OnceLock<Result<Td, String>> = OnceLock::new();
    let td = TD.get_or_init(|| {
        let path = std::env::var_os("TDJSON")
            .ok_or_else(|| "TDJSON is not set (.ci/run sets it)".to_owned())?;
        if !std::path::Path::new(&path).is_file() {
            return Err(format!("TDJSON={} is not a file", path.to_string_lossy()));
        }
        // SAFETY: libtdjson's initialisers only set up TDLib's globals.
        let library = unsafe { libloading::Library::new(&path) }
            .map_err(|e| format!("loading {}: {e}", path.to_string_lossy()))?;
        // SAFETY: the four functions of td_json_client.h, with their C signatures.
        let td = unsafe {
            Td {
                create_client_id: *library.get(b"td_create_client_id\0").map_err(sym)?,
                send: *library.get(b"td_send\0").map_err(sym)?,
                receive: *library.get(b"td_receive\0").map_err(sym)?,
                execute: *library.get(b"td_execute\0").map_err(sym)?,
            }
        };
        std::mem::forget(library);
        // TDLib logs to stderr at level 1 and up by default; the tests read its answers only.
        let quiet = td.execute(r#"{"@type":"setLogVerbosityLevel","new_verbosity_level":0}"#);
        assert_eq!(quiet, r#"{"@type":"ok"}"#);
        for (name, expected) in [("version", VERSION), ("commit_hash", COMMIT)] {
            let request = json!({"@type": "getOption", "name": name}).to_string();
            let answer: Value = serde_json::from_str(&td.execute(&request)).expect("JSON");
            assert_eq!(
                answer,
                json!({"@type": "optionValueString", "value": expected}),
                "libtdjson is not TDLib {VERSION} ({COMMIT})"
            );
        }
        Ok(td)
    });
    match td {
        Ok(td) => Some(td),
        Err(why) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CI=true and no TDLib: {why}")
        }
        Err(why) => {
            println!("skipped (not in CI): {why}");
            None
        }
    }
}

fn sym(error: libloading::Error) -> String {
    format!("libtdjson lacks a function of td_json_client.h: {error}")
}

fn base_seed() -> u64 {
    std::env::var("TL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Random TDLib JSON from td_api.tl.

/// The primitives of td_api.tl's first lines (`double ? = Double;` … `boolTrue = Bool;`).
fn is_primitive(ty: &Type) -> bool {
    matches!(
        ty.name.name.as_str(),
        "int32" | "int53" | "int64" | "double" | "string" | "bytes" | "Bool"
    )
}

fn is_vector(ty: &Type) -> bool {
    matches!(ty.name.name.as_str(), "vector" | "Vector")
}

/// Whether the field is an `Option` in the generated types: an object whose description
/// mentions null (`tlforge_codegen::rust_model::documents_null`, what the generator asks).
fn nullable(def: &Definition, name: &str, ty: &Type) -> bool {
    !is_primitive(ty)
        && !is_vector(ty)
        && def.doc.params.get(name).is_some_and(|d| documents_null(d))
}

fn fields(def: &Definition) -> impl Iterator<Item = (&str, &Type)> {
    def.params.iter().map(|p| match &p.kind {
        ParameterKind::Value { ty, flag: None } => (p.name.as_str(), ty),
        _ => panic!("{}: td_api has plain fields only", def.name),
    })
}

/// How a value is drawn.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Random: nullable objects and vector items half the time.
    Random,
    /// Everything optional present, vectors non-empty: reaching every constructor.
    Explore,
}

struct Gen<'s> {
    constructors_of: HashMap<String, Vec<&'s Definition>>,
    constructor_named: HashMap<String, &'s Definition>,
    /// Least nesting depth of a value of each constructor (nullable objects and vectors left
    /// empty), so that below the free depth every level shrinks.
    rank: HashMap<String, u32>,
    /// Constructors written so far.
    covered: BTreeSet<String>,
    /// What each constructor's fields can hold ([`Gen::explore`]).
    reach_of: HashMap<String, BTreeSet<String>>,
    mode: Mode,
    /// Values written in the current sample: past the budget everything is minimal.
    nodes: usize,
}

/// Below this depth, or past this many values in a sample, values are minimal (random mode;
/// twice as deep and ten times as many when exploring).
const FREE_DEPTH: u32 = 7;
const BUDGET: usize = 300;

impl<'s> Gen<'s> {
    fn new(schema: &'s Schema) -> Gen<'s> {
        let mut generator = Gen {
            constructors_of: HashMap::new(),
            constructor_named: HashMap::new(),
            rank: HashMap::new(),
            covered: BTreeSet::new(),
            reach_of: HashMap::new(),
            mode: Mode::Random,
            nodes: 0,
        };
        for def in schema.user_definitions() {
            if def.category == Category::Constructor {
                generator
                    .constructors_of
                    .entry(def.result.name.to_string())
                    .or_default()
                    .push(def);
                generator
                    .constructor_named
                    .insert(def.name.to_string(), def);
            }
        }
        loop {
            let mut changed = false;
            for def in generator.constructor_named.values() {
                let rank = fields(def)
                    .filter(|(name, ty)| !nullable(def, name, ty))
                    .map(|(_, ty)| generator.type_rank(ty).saturating_add(1))
                    .max()
                    .unwrap_or(1);
                let old = generator.rank.get(&def.name.to_string()).copied();
                if old.is_none_or(|old| rank < old) {
                    generator.rank.insert(def.name.to_string(), rank);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        generator
    }

    fn candidates(&self, ty: &Type) -> Vec<&'s Definition> {
        let name = ty.name.to_string();
        if ty.name.is_uppercase() {
            self.constructors_of.get(&name).cloned().unwrap_or_default()
        } else {
            self.constructor_named
                .get(&name)
                .into_iter()
                .copied()
                .collect()
        }
    }

    fn type_rank(&self, ty: &Type) -> u32 {
        if is_primitive(ty) || is_vector(ty) {
            return 0;
        }
        self.candidates(ty)
            .iter()
            .filter_map(|c| self.rank.get(&c.name.to_string()).copied())
            .min()
            .unwrap_or(u32::MAX)
    }

    /// Every constructor a value of the functions' arguments can hold.
    fn reachable(&self, functions: &[&Definition]) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&Type> = functions
            .iter()
            .flat_map(|f| fields(f))
            .map(|f| f.1)
            .collect();
        while let Some(ty) = stack.pop() {
            if is_vector(ty) {
                stack.push(ty.generic_arg.as_deref().expect("vector<T>"));
            } else if !is_primitive(ty) {
                for c in self.candidates(ty) {
                    if seen.insert(c.name.to_string()) {
                        stack.extend(fields(c).map(|f| f.1));
                    }
                }
            }
        }
        seen
    }

    /// Switches to [`Mode::Explore`]: constructors are chosen among those not written yet or
    /// leading to one.
    fn explore(&mut self) {
        self.mode = Mode::Explore;
        let all: Vec<&Definition> = self.constructor_named.values().copied().collect();
        for def in all {
            let reach = self.reachable(&[def]);
            self.reach_of.insert(def.name.to_string(), reach);
        }
    }

    fn minimal(&self, depth: u32) -> bool {
        match self.mode {
            Mode::Random => depth > FREE_DEPTH || self.nodes > BUDGET,
            Mode::Explore => depth > 2 * FREE_DEPTH || self.nodes > 10 * BUDGET,
        }
    }

    fn object(&mut self, def: &Definition, depth: u32, rng: &mut Rng) -> Value {
        let mut map = Map::new();
        map.insert("@type".into(), Value::from(def.name.to_string()));
        let minimal = self.minimal(depth);
        for (name, ty) in fields(def) {
            if nullable(def, name, ty) {
                let present = !minimal
                    && match self.mode {
                        Mode::Random => rng.percent(50),
                        Mode::Explore => rng.percent(90),
                    };
                if !present {
                    continue;
                }
            }
            let value = self.value(ty, depth + 1, rng);
            map.insert(name.to_owned(), value);
        }
        Value::Object(map)
    }

    fn value(&mut self, ty: &Type, depth: u32, rng: &mut Rng) -> Value {
        self.nodes += 1;
        let minimal = self.minimal(depth);
        if is_vector(ty) {
            let item = ty.generic_arg.as_deref().expect("vector<T>");
            let len = match (minimal, self.mode) {
                (true, _) => 0,
                (false, Mode::Random) => rng.range(0, 2),
                (false, Mode::Explore) => rng.range(1, 2),
            };
            return (0..len).map(|_| self.value(item, depth + 1, rng)).collect();
        }
        match ty.name.name.as_str() {
            "int32" => return Value::from(random_int(rng, 32)),
            // int53: a JSON number; int64: a string (TDLIB-JSON.md).
            "int53" => return Value::from(random_int(rng, 53)),
            "int64" => return Value::from(random_int(rng, 64).to_string()),
            "double" => return random_double(rng),
            "Bool" => return Value::from(rng.percent(50)),
            "string" => {
                let len = if minimal { 0 } else { rng.range(0, 12) };
                return Value::from(random_utf8(len, rng));
            }
            "bytes" => {
                let mut bytes = vec![0; if minimal { 0 } else { rng.range(0, 10) }];
                rng.fill(&mut bytes);
                return Value::from(base64(&bytes));
            }
            _ => {}
        }
        let candidates = self.candidates(ty);
        assert!(!candidates.is_empty(), "no constructor of {ty}");
        let def = if minimal {
            let least = |c: &&Definition| self.rank[&c.name.to_string()];
            let best = candidates.iter().map(least).min().expect("candidates");
            let ties: Vec<_> = candidates.iter().filter(|c| least(c) == best).collect();
            **rng.pick(&ties)
        } else {
            let new: Vec<_> = candidates
                .iter()
                .filter(|c| {
                    let name = c.name.to_string();
                    !self.covered.contains(&name)
                        || self.reach_of.get(&name).is_some_and(|reach| {
                            reach.iter().any(|other| !self.covered.contains(other))
                        })
                })
                .collect();
            if new.is_empty() {
                *rng.pick(&candidates)
            } else {
                **rng.pick(&new)
            }
        };
        self.covered.insert(def.name.to_string());
        self.object(def, depth, rng)
    }
}

/// An integer of `bits` bits, often small, sometimes at the edges.
fn random_int(rng: &mut Rng, bits: u32) -> i64 {
    let max = if bits == 64 {
        i64::MAX
    } else {
        (1 << (bits - 1)) - 1
    };
    match rng.below(6) {
        0 => 0,
        1 => max,
        2 => -max - 1,
        3 => rng.below(2000) as i64 - 1000,
        _ => (rng.next_u64() as i64) >> (64 - bits),
    }
}

/// A finite double: small dyadic fractions, integers, the extremes, subnormals.
fn random_double(rng: &mut Rng) -> Value {
    let value = match rng.below(6) {
        0 => 0.0,
        1 => (rng.below(4000) as f64 - 2000.0) / 64.0,
        2 => f64::MAX,
        3 => f64::from_bits(rng.below(1 << 52)), // subnormal
        _ => loop {
            let v = f64::from_bits(rng.next_u64());
            if v.is_finite() {
                break v;
            }
        },
    };
    Value::from(value)
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The checks.

#[derive(Default)]
struct Counts {
    /// Answers decoded strictly and written back identically.
    answers: usize,
}

/// Decodes `answer` (TDLib's, to `function`) and checks that we write it back identically.
fn decode_answer(function: &TdFunction, answer: &str, counts: &mut Counts) -> Value {
    match (function.answer)(answer) {
        Ok(value) => {
            counts.answers += 1;
            value
        }
        Err(e) => panic!("{}: TDLib's answer: {e}", function.tl_name),
    }
}

/// Sends `request` (JSON of `name`, re-encoded by our code) through td_execute and decodes the
/// answer.
fn execute(td: &Td, name: &str, request: Value, counts: &mut Counts) -> Value {
    let function = function(name);
    let text = (function.request)(&request.to_string())
        .unwrap_or_else(|e| panic!("{name}: {e}: {request}"));
    let answer = td.execute(&text);
    decode_answer(function, &answer, counts)
}

/// The value of a wrong JSON type for a field whose value is `value`: `true`, or for a `Bool`
/// (the only field written as a JSON boolean) a string that is no int32.
fn wrong(value: &Value) -> Value {
    if value.is_boolean() {
        Value::from("x")
    } else {
        Value::Bool(true)
    }
}

/// Every (object, key) of `value` with a path to it, for the wrong-type check.
fn keys(value: &Value, path: &mut Vec<PathStep>, out: &mut Vec<(String, String, Vec<PathStep>)>) {
    match value {
        Value::Object(map) => {
            let ty = map["@type"].as_str().expect("@type").to_owned();
            for (key, item) in map {
                if key == "@type" {
                    continue;
                }
                path.push(PathStep::Key(key.clone()));
                out.push((ty.clone(), key.clone(), path.clone()));
                keys(item, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(PathStep::Index(i));
                keys(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at<'v>(value: &'v mut Value, path: &[PathStep]) -> &'v mut Value {
    path.iter().fold(value, |value, step| match step {
        PathStep::Key(key) => &mut value[key.as_str()],
        PathStep::Index(i) => &mut value[*i],
    })
}

#[test]
fn tdlib_differential() {
    let Some(td) = tdjson() else { return };
    let base = base_seed();
    println!("base seed {base} (TL_SEED)");
    let schema = tlforge_tests::parse("td_api.tl", TD_API_TL);
    let mut counts = Counts::default();

    let sent: Vec<&Definition> = schema
        .user_definitions()
        .filter(|d| d.category == Category::Function)
        .filter(|d| !NOT_SENT.contains(&d.name.to_string().as_str()))
        .collect();
    let mut generator = Gen::new(&schema);
    let reachable = generator.reachable(&sent);

    // 1. Every function parses; 2. every key our encoder writes is read.
    let mut parsed = 0;
    let mut proved: BTreeSet<(String, String)> = BTreeSet::new();
    for def in &sent {
        let name = def.name.to_string();
        let function = function(&name);
        let synchronous = synchronous(def);
        for sample in 0..SAMPLES {
            let seed = seed_for(base, &name, sample);
            let mut rng = Rng::new(seed);
            generator.nodes = 0;
            let request = generator.object(def, 0, &mut rng);
            let ours = send_random(td, function, request, synchronous, &mut counts)
                .unwrap_or_else(|e| panic!("{name}, sample {sample} (seed {seed}): {e}"));
            if sample == 0 {
                prove_keys(td, function, ours, &mut proved);
            }
        }
        parsed += 1;
    }
    // Constructors not drawn yet: more samples of the functions that reach them, with every
    // optional value present.
    generator.explore();
    let reach: Vec<BTreeSet<String>> = sent.iter().map(|def| generator.reachable(&[def])).collect();
    let mut stale = 0;
    for round in 0..1000 {
        let missing: BTreeSet<String> = reachable.difference(&generator.covered).cloned().collect();
        if missing.is_empty() || stale == 5 {
            break;
        }
        let before = generator.covered.len();
        for (def, reach) in sent.iter().zip(&reach) {
            if reach.is_disjoint(&missing) {
                continue;
            }
            let name = def.name.to_string();
            let seed = seed_for(base, &name, 1000 + round);
            let mut rng = Rng::new(seed);
            generator.nodes = 0;
            let request = generator.object(def, 0, &mut rng);
            let ours = send_random(td, function(&name), request, synchronous(def), &mut counts)
                .unwrap_or_else(|e| panic!("{name}, exploring (seed {seed}): {e}"));
            prove_keys(td, function(&name), ours, &mut proved);
        }
        stale = if generator.covered.len() == before {
            stale + 1
        } else {
            0
        };
    }
    let covered = reachable.intersection(&generator.covered).count();
    let missing: Vec<_> = reachable.difference(&generator.covered).cloned().collect();
    for def in &sent {
        for (field, _) in fields(def) {
            let key = (def.name.to_string(), field.to_owned());
            assert!(proved.contains(&key), "{}.{field} never proved", def.name);
        }
    }

    // 3. Answers: synchronous functions, test functions, a client.
    synchronous_answers(td, &mut counts, base);
    round_trips(td, &mut counts, base);
    client(td, &mut counts, base);

    println!(
        "{parsed} functions parsed by TDLib, {covered}/{} argument constructors covered, {} field \
         names proved, {} answers decoded and re-encoded identically",
        reachable.len(),
        proved.len(),
        counts.answers
    );
    assert!(
        missing.is_empty(),
        "constructors never written: {missing:?}"
    );
}

/// Whether td_api.tl documents `def` as "Can be called synchronously" (td_execute runs it).
fn synchronous(def: &Definition) -> bool {
    def.doc
        .description
        .as_deref()
        .is_some_and(|d| d.contains("Can be called synchronously"))
}

/// Decodes the random `request` as `function`, checks that we write it back as it was, sends
/// our text to td_execute: it must parse. Returns our JSON.
fn send_random(
    td: &Td,
    function: &TdFunction,
    mut request: Value,
    synchronous: bool,
    counts: &mut Counts,
) -> Result<Value, String> {
    if function.tl_name == "getLanguagePackString" {
        // A path would make TDLib open (create) a database there.
        request["language_pack_database_path"] = Value::from("");
    }
    let text = (function.request)(&request.to_string()).map_err(|e| format!("{e}: {request}"))?;
    let ours: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if ours != request {
        return Err(format!("we read {request}\n   and wrote {ours}"));
    }
    let answer = td.execute(&text);
    if answer.contains(PARSE_FAILURE) {
        return Err(format!("TDLib: {answer}\nfor {text}"));
    }
    if synchronous {
        decode_answer(function, &answer, counts);
    } else {
        let expected = json!({"@type": "error", "code": 400, "message": NOT_SYNCHRONOUS});
        let got: Value = serde_json::from_str(&answer).map_err(|e| e.to_string())?;
        if got != expected {
            return Err(format!("TDLib: {answer}\nfor {text}"));
        }
    }
    Ok(ours)
}

/// Each key of `request` (ours), given a value of the wrong type, must make the request fail
/// to parse; the function's own fields are tried even when left out (`None`).
fn prove_keys(
    td: &Td,
    function: &TdFunction,
    request: Value,
    proved: &mut BTreeSet<(String, String)>,
) {
    let mut all = Vec::new();
    keys(&request, &mut Vec::new(), &mut all);
    for field in function.fields {
        if request.get(field).is_none() {
            let path = vec![PathStep::Key((*field).to_owned())];
            all.push((function.tl_name.to_owned(), (*field).to_owned(), path));
        }
    }
    for (object, key, path) in all {
        if object == function.tl_name {
            assert!(
                function.fields.contains(&key.as_str()),
                "{object}: we write `{key}`, not a field"
            );
        }
        if proved.contains(&(object.clone(), key.clone())) {
            continue;
        }
        let mut mutated = request.clone();
        let slot = at(&mut mutated, &path);
        *slot = wrong(slot);
        let answer = td.execute(&mutated.to_string());
        assert!(
            answer.contains(PARSE_FAILURE),
            "{object}.{key}: TDLib does not read it (a wrong value was accepted): {mutated}\n\
             answer: {answer}"
        );
        proved.insert((object, key));
    }
}

/// The synchronous functions on varied inputs.
fn synchronous_answers(td: &Td, counts: &mut Counts, base: u64) {
    let mut rng = Rng::new(seed_for(base, "synchronous", 0));
    let texts = [
        "hi @durov".to_owned(),
        "see https://t.me/durov, #tag $USD /start@bot a@b.co +1 212 555 0100 `c`".to_owned(),
        random_utf8(40, &mut rng),
        String::new(),
    ];
    for text in &texts {
        execute(
            td,
            "getTextEntities",
            json!({"@type": "getTextEntities", "text": text}),
            counts,
        );
        for mode in [
            json!({"@type": "textParseModeHTML"}),
            json!({"@type": "textParseModeMarkdown", "version": 2}),
            json!({"@type": "textParseModeMarkdown", "version": 1}),
        ] {
            let request = json!({"@type": "parseTextEntities", "text": text, "parse_mode": mode});
            execute(td, "parseTextEntities", request, counts);
        }
        let formatted = json!({"@type": "formattedText", "text": text, "entities": []});
        execute(
            td,
            "parseMarkdown",
            json!({"@type": "parseMarkdown", "text": formatted}),
            counts,
        );
        execute(
            td,
            "getMarkdownText",
            json!({"@type": "getMarkdownText", "text": formatted}),
            counts,
        );
        execute(
            td,
            "cleanFileName",
            json!({"@type": "cleanFileName", "file_name": text}),
            counts,
        );
        execute(
            td,
            "getJsonValue",
            json!({"@type": "getJsonValue", "json": text}),
            counts,
        );
    }
    let request = json!({"@type": "searchStringsByPrefix", "strings": ["abc", "abd", "x", "ab c"],
        "query": "ab", "limit": 10, "return_none_for_empty_query": true});
    execute(td, "searchStringsByPrefix", request, counts);
    for code in ["US", "de", "", "XX"] {
        let request = json!({"@type": "getCountryFlagEmoji", "country_code": code});
        execute(td, "getCountryFlagEmoji", request, counts);
    }
    for file in ["a.png", "b.mp4", "c", "d.tar.gz"] {
        let request = json!({"@type": "getFileMimeType", "file_name": file});
        execute(td, "getFileMimeType", request, counts);
    }
    for mime in ["image/png", "video/mp4", "x/y", ""] {
        let request = json!({"@type": "getFileExtension", "mime_type": mime});
        execute(td, "getFileExtension", request, counts);
    }
    for (language, prefix) in [
        ("en", "+1 212"),
        ("ru", "7999"),
        ("", "44"),
        ("en", ""),
        ("en", "888"),
    ] {
        let request = json!({"@type": "getPhoneNumberInfoSync", "language_code": language,
            "phone_number_prefix": prefix});
        execute(td, "getPhoneNumberInfoSync", request, counts);
    }
    execute(td, "getLogTags", json!({"@type": "getLogTags"}), counts);
    execute(
        td,
        "getLogVerbosityLevel",
        json!({"@type": "getLogVerbosityLevel"}),
        counts,
    );
    execute(td, "getLogStream", json!({"@type": "getLogStream"}), counts);
    let request = json!({"@type": "getLogTagVerbosityLevel", "tag": "actor"});
    execute(td, "getLogTagVerbosityLevel", request, counts);
    for (code, message) in [(400, "BAD"), (0, ""), (-1, "é")] {
        let request = json!({"@type": "testReturnError",
            "error": {"@type": "error", "code": code, "message": message}});
        let answer = execute(td, "testReturnError", request, counts);
        assert_eq!(
            answer,
            json!({"@type": "error", "code": code, "message": message})
        );
    }
    for name in ["version", "commit_hash", "unknown_option"] {
        execute(
            td,
            "getOption",
            json!({"@type": "getOption", "name": name}),
            counts,
        );
    }
    for name in ["shortcut", "", "a b"] {
        let request = json!({"@type": "checkQuickReplyShortcutName", "name": name});
        execute(td, "checkQuickReplyShortcutName", request, counts);
    }
}

/// A random `JsonValue` in TDLib's form, and the plain JSON it stands for.
fn random_json_value(rng: &mut Rng, depth: u32) -> (Value, Value) {
    let kind = if depth >= 3 {
        rng.below(4)
    } else {
        rng.below(6)
    };
    match kind {
        0 => (json!({"@type": "jsonValueNull"}), Value::Null),
        1 => {
            let b = rng.percent(50);
            (
                json!({"@type": "jsonValueBoolean", "value": b}),
                Value::from(b),
            )
        }
        2 => {
            // Dyadic fractions: TDLib writes numbers with six decimals.
            let n = (rng.below(200_000) as f64 - 100_000.0) / 64.0;
            (
                json!({"@type": "jsonValueNumber", "value": n}),
                Value::from(n),
            )
        }
        3 => {
            let len = rng.range(0, 12);
            let s = random_utf8(len, rng);
            (
                json!({"@type": "jsonValueString", "value": s}),
                Value::from(s),
            )
        }
        4 => {
            let (values, plain): (Vec<_>, Vec<_>) = (0..rng.range(0, 3))
                .map(|_| random_json_value(rng, depth + 1))
                .unzip();
            (
                json!({"@type": "jsonValueArray", "values": values}),
                Value::from(plain),
            )
        }
        _ => {
            let mut members = Vec::new();
            let mut plain = Map::new();
            for i in 0..rng.range(0, 3) {
                let key = format!("{}{i}", random_utf8(rng.range(0, 4), rng));
                let (value, plain_value) = random_json_value(rng, depth + 1);
                members.push(json!({"@type": "jsonObjectMember", "key": key, "value": value}));
                plain.insert(key, plain_value);
            }
            (
                json!({"@type": "jsonValueObject", "members": members}),
                Value::Object(plain),
            )
        }
    }
}

/// Random formatted text: words (ASCII, accented, Cyrillic, astral), some in an entity of their
/// own, an unformatted word between two entities; its HTML form. Offsets in UTF-16 units.
fn random_formatted_text(rng: &mut Rng) -> (Value, String) {
    const WORDS: &[&str] = &["a", "word", "héllo", "жук", "x😀y", "42", "Zz"];
    const TYPES: &[(&str, &str)] = &[
        ("textEntityTypeBold", "b"),
        ("textEntityTypeItalic", "i"),
        ("textEntityTypeUnderline", "u"),
        ("textEntityTypeStrikethrough", "s"),
        ("textEntityTypeCode", "code"),
        ("textEntityTypeSpoiler", "tg-spoiler"),
    ];
    let mut text = String::new();
    let mut html = String::new();
    let mut entities = Vec::new();
    let mut previous_formatted = true;
    for i in 0..rng.range(1, 8) {
        if i > 0 {
            text.push(' ');
            html.push(' ');
        }
        let word = *rng.pick(WORDS);
        let offset = text.encode_utf16().count();
        if !previous_formatted && rng.percent(50) {
            let (ty, tag) = *rng.pick(TYPES);
            entities.push(json!({"@type": "textEntity", "offset": offset,
                "length": word.encode_utf16().count(), "type": {"@type": ty}}));
            html.push_str(&format!("<{tag}>{word}</{tag}>"));
            previous_formatted = true;
        } else {
            html.push_str(word);
            previous_formatted = false;
        }
        text.push_str(word);
    }
    let formatted = json!({"@type": "formattedText", "text": text, "entities": entities});
    (formatted, html)
}

/// Round trips through TDLib whose results are known in advance.
fn round_trips(td: &Td, counts: &mut Counts, base: u64) {
    let mut rng = Rng::new(seed_for(base, "round trips", 0));
    for _ in 0..50 {
        let (value, plain) = random_json_value(&mut rng, 0);
        let request = json!({"@type": "getJsonString", "json_value": value});
        let text = execute(td, "getJsonString", request, counts);
        let string = text["text"].as_str().expect("text").to_owned();
        let parsed: Value = serde_json::from_str(&string).expect("getJsonString gives JSON");
        assert_eq!(parsed, plain, "getJsonString of {value}");
        let back = execute(
            td,
            "getJsonValue",
            json!({"@type": "getJsonValue", "json": string}),
            counts,
        );
        let back: enums::JsonValue = from_str_strict(&back.to_string()).expect("decoded");
        let expected: enums::JsonValue = from_str_strict(&value.to_string()).expect("decoded");
        assert_eq!(back, expected, "getJsonValue(getJsonString({value}))");
    }
    for _ in 0..50 {
        let (formatted, html) = random_formatted_text(&mut rng);
        let expected: enums::FormattedText = from_str_strict(&formatted.to_string()).expect("ok");
        let request = json!({"@type": "getMarkdownText", "text": formatted});
        let markdown = execute(td, "getMarkdownText", request, counts);
        let request = json!({"@type": "parseMarkdown", "text": markdown});
        let parsed = execute(td, "parseMarkdown", request, counts);
        let parsed: enums::FormattedText = from_str_strict(&parsed.to_string()).expect("ok");
        assert_eq!(
            parsed, expected,
            "parseMarkdown(getMarkdownText({formatted}))"
        );
        let request = json!({"@type": "parseTextEntities", "text": html,
            "parse_mode": {"@type": "textParseModeHTML"}});
        let parsed = execute(td, "parseTextEntities", request, counts);
        let parsed: enums::FormattedText = from_str_strict(&parsed.to_string()).expect("ok");
        assert_eq!(parsed, expected, "parseTextEntities of {html}");
    }
    // themeParameters: TDLib's key is the field's name with "background" as "bg" and the
    // color as #rrggbb (td/telegram/ThemeManager.cpp, get_theme_parameters_json_string).
    let schema = tlforge_tests::parse("td_api.tl", TD_API_TL);
    let theme = schema
        .user_definitions()
        .find(|d| d.name.to_string() == "themeParameters")
        .expect("themeParameters");
    for _ in 0..20 {
        let mut parameters = Map::new();
        let mut expected = Map::new();
        parameters.insert("@type".into(), Value::from("themeParameters"));
        for (field, _) in fields(theme) {
            let color = rng.below(0x100_0000);
            parameters.insert(field.to_owned(), Value::from(color));
            expected.insert(
                field.replace("background", "bg"),
                Value::from(format!("#{color:06x}")),
            );
        }
        let request = json!({"@type": "getThemeParametersJsonString", "theme": parameters});
        let text = execute(td, "getThemeParametersJsonString", request, counts);
        let got: Value = serde_json::from_str(text["text"].as_str().expect("text")).expect("JSON");
        assert_eq!(
            got,
            Value::Object(expected),
            "themeParameters {parameters:?}"
        );
    }
}

/// A client over td_send/td_receive: the test functions, then `setTdlibParameters` in a
/// temporary directory up to authorizationStateWaitPhoneNumber, then `close`.
fn client(td: &Td, counts: &mut Counts, base: u64) {
    let mut rng = Rng::new(seed_for(base, "client", 0));
    // SAFETY: no arguments.
    let client = unsafe { (td.create_client_id)() };
    let mut pending: HashMap<u64, (&'static TdFunction, Option<Value>)> = HashMap::new();
    let mut next_extra = 0_u64;
    let mut send = |pending: &mut HashMap<u64, (&'static TdFunction, Option<Value>)>,
                    request: Value,
                    expected: Option<Value>| {
        let function = function(request["@type"].as_str().expect("@type"));
        let text = (function.request)(&request.to_string())
            .unwrap_or_else(|e| panic!("{}: {e}", function.tl_name));
        let mut ours: Value = serde_json::from_str(&text).expect("JSON");
        next_extra += 1;
        ours["@extra"] = Value::from(next_extra);
        td.send(client, &ours.to_string());
        pending.insert(next_extra, (function, expected));
    };
    for _ in 0..20 {
        let len = rng.range(0, 300);
        let s = random_utf8(len, &mut rng);
        send(
            &mut pending,
            json!({"@type": "testCallString", "x": s}),
            Some(json!({"@type": "testString", "value": s})),
        );
    }
    for len in [0, 1, 2, 3, 4, 255, 4096, 1 << 20] {
        let mut bytes = vec![0; len];
        rng.fill(&mut bytes);
        let b = base64(&bytes);
        send(
            &mut pending,
            json!({"@type": "testCallBytes", "x": b}),
            Some(json!({"@type": "testBytes", "value": b})),
        );
    }
    for _ in 0..5 {
        let ints: Vec<i64> = (0..rng.range(0, 6))
            .map(|_| random_int(&mut rng, 32))
            .collect();
        let objects: Vec<Value> = ints
            .iter()
            .map(|i| json!({"@type": "testInt", "value": i}))
            .collect();
        let strings: Vec<String> = (0..rng.range(0, 6))
            .map(|_| random_utf8(rng.range(0, 9), &mut rng))
            .collect();
        let string_objects: Vec<Value> = strings
            .iter()
            .map(|s| json!({"@type": "testString", "value": s}))
            .collect();
        send(
            &mut pending,
            json!({"@type": "testCallVectorInt", "x": ints}),
            Some(json!({"@type": "testVectorInt", "value": ints})),
        );
        send(
            &mut pending,
            json!({"@type": "testCallVectorIntObject", "x": objects}),
            Some(json!({"@type": "testVectorIntObject", "value": objects})),
        );
        send(
            &mut pending,
            json!({"@type": "testCallVectorString", "x": strings}),
            Some(json!({"@type": "testVectorString", "value": strings})),
        );
        send(
            &mut pending,
            json!({"@type": "testCallVectorStringObject", "x": string_objects}),
            Some(json!({"@type": "testVectorStringObject", "value": string_objects})),
        );
        let x = rng.below(40_000) as i64 - 20_000;
        send(
            &mut pending,
            json!({"@type": "testSquareInt", "x": x}),
            Some(json!({"@type": "testInt", "value": x * x})),
        );
        let error = json!({"@type": "error", "code": x, "message": random_utf8(5, &mut rng)});
        send(
            &mut pending,
            json!({"@type": "testReturnError", "error": error}),
            Some(error.clone()),
        );
    }
    send(
        &mut pending,
        json!({"@type": "testCallEmpty"}),
        Some(json!({"@type": "ok"})),
    );
    send(
        &mut pending,
        json!({"@type": "getAuthorizationState"}),
        None,
    );
    send(&mut pending, json!({"@type": "getCurrentState"}), None);
    send(
        &mut pending,
        json!({"@type": "getOption", "name": "version"}),
        Some(json!({"@type": "optionValueString", "value": VERSION})),
    );

    let directory = std::env::temp_dir().join(format!("tlforge-tdlib-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&directory);
    let mut state = String::new();
    let mut parameters_sent = false;
    let mut close_sent = false;
    let deadline = Instant::now() + Duration::from_secs(60);
    while state != "authorizationStateClosed" {
        assert!(
            Instant::now() < deadline,
            "TDLib did not close in time (state {state})"
        );
        if pending.is_empty() && !parameters_sent {
            let request = json!({"@type": "setTdlibParameters", "use_test_dc": true,
                "database_directory": directory.to_str().expect("UTF-8 path"),
                "files_directory": "", "database_encryption_key": "", "use_file_database": false,
                "use_chat_info_database": false, "use_message_database": false,
                "use_secret_chats": false, "api_id": 94575, "api_hash": "a3406de8d171bb422bb6ddf3bbd800e2",
                "system_language_code": "en", "device_model": "tlforge", "system_version": "",
                "application_version": "0.1"});
            send(&mut pending, request, Some(json!({"@type": "ok"})));
            parameters_sent = true;
        }
        if pending.is_empty() && state == "authorizationStateWaitPhoneNumber" && !close_sent {
            send(&mut pending, json!({"@type": "getCurrentState"}), None);
            send(
                &mut pending,
                json!({"@type": "getAuthorizationState"}),
                None,
            );
            send(
                &mut pending,
                json!({"@type": "close"}),
                Some(json!({"@type": "ok"})),
            );
            close_sent = true;
        }
        let Some(text) = td.receive(1.0) else {
            continue;
        };
        let value: Value = serde_json::from_str(&text).expect("TDLib writes JSON");
        assert_eq!(value["@client_id"], Value::from(client), "{text}");
        if let Some(extra) = value.get("@extra") {
            let extra = extra.as_u64().expect("our @extra");
            let (function, expected) = pending.remove(&extra).expect("an answer to a request");
            let answer = decode_answer(function, &text, counts);
            if let Some(expected) = expected {
                assert_eq!(answer, expected, "{}: {text}", function.tl_name);
            }
        } else {
            let mut stripped = value.clone();
            strip_meta(&mut stripped);
            let update: enums::Update = from_str_strict(&stripped.to_string())
                .unwrap_or_else(|e| panic!("update: {e}: {text}"));
            let ours = serde_json::to_value(&update).expect("written");
            assert_eq!(ours, stripped, "update written back differently");
            counts.answers += 1;
            if stripped["@type"] == "updateAuthorizationState" {
                let name = stripped["authorization_state"]["@type"].as_str();
                state = name.expect("a state").to_owned();
            }
        }
    }
    let _ = std::fs::remove_dir_all(&directory);
}

#[test]
fn acceptance() {
    // An update TDLib 1.8.66 does not have: `Unknown` keeps its name; strict reading refuses it.
    let update = r#"{"@type":"updateNewThing","x":1}"#;
    let decoded: enums::Update = serde_json::from_str(update).expect("lenient");
    let enums::Update::Unknown(unknown) = &decoded else {
        panic!("{decoded:?}")
    };
    assert_eq!(unknown.name(), "updateNewThing");
    assert!(from_str_strict::<enums::Update>(update).is_err());

    let Some(td) = tdjson() else { return };
    let request =
        serde_json::to_string(&functions::GetTextEntities::new("hi @durov".into())).expect("ok");
    let answer = td.execute(&request);
    let value: Value = serde_json::from_str(&answer).expect("JSON");
    assert_eq!(value["@type"], "textEntities", "{answer}");
    let entities: enums::TextEntities = from_str_strict(&answer).expect("decodes");
    assert_eq!(serde_json::to_value(&entities).expect("written"), value);
}
