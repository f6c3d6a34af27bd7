//! Round trips over every constructor and function of `tlforge-types` (issue 3, item 6): random
//! encodings built from the schema alone (`tlforge_tests::random_encoding`) must decode, re-encode to
//! exactly the same bytes and decode again to an equal value; every truncation must be an error,
//! not a panic.
//!
//! Failures print the TL name, the seed and the hex. Reproduce with `TL_SEED=<base>` (default 0):
//! the seed of each sample is `seed_for(base, tl_name, sample)`.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

use tlforge_parser::{Category, Definition, Schema};
use tlforge_tests::random_encoding::{Encoder, InnerQuery, Options, Rng, seed_for};
use tlforge_tests::{Entry, dispatch, hex};

/// Random encodings per definition.
const SAMPLES: u64 = 40;
/// Samples per generic function when `!X` is any function.
const ANY_QUERY_SAMPLES: u64 = 200;
/// Failures listed in full before the summary.
const SHOWN: usize = 15;

fn base_seed() -> u64 {
    std::env::var("TL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Boxed types that tlforge-types maps to Rust primitives: their constructors get no struct.
fn is_primitive_result(name: &tlforge_parser::Name) -> bool {
    name.namespace.is_empty()
        && matches!(
            name.name.as_str(),
            "Bool" | "True" | "Vector" | "Int" | "Long" | "Double" | "String" | "Bytes"
        )
}

fn schema(name: &str) -> Schema {
    match name {
        "api.tl" => tlforge_tests::parse(name, tlforge_tests::API_TL),
        "mtproto.tl" => tlforge_tests::parse(name, tlforge_tests::MTPROTO_TL),
        other => unreachable!("{other}"),
    }
}

/// Shortens long hex for messages (the seed reproduces the rest).
fn short_hex(bytes: &[u8]) -> String {
    if bytes.len() <= 2048 {
        hex(bytes)
    } else {
        format!("{}… ({} bytes)", hex(&bytes[..2048]), bytes.len())
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "panic".to_owned())
}

fn report(what: &str, checked: usize, failures: &[String]) {
    if failures.is_empty() {
        eprintln!("{what}: {checked} checks passed");
        return;
    }
    let shown: Vec<&str> = failures.iter().take(SHOWN).map(String::as_str).collect();
    panic!(
        "{what}: {} of {checked} checks failed:\n\n{}\n\n({} more not shown)",
        failures.len(),
        shown.join("\n\n"),
        failures.len().saturating_sub(SHOWN)
    );
}

/// Every non-builtin definition of the parsed schema has exactly one entry (same name, kind and
/// id), except the constructors of primitive types (`boolTrue`, `boolFalse`, `true`).
fn check_coverage(file: &str, table: &[Entry], expected_skipped: &[&str]) {
    let schema = schema(file);
    let mut skipped = Vec::new();
    let mut expected = BTreeSet::new();
    for def in schema.user_definitions() {
        if def.category == Category::Constructor && is_primitive_result(&def.result.name) {
            skipped.push(def.name.to_string());
            continue;
        }
        expected.insert((def.name.to_string(), def.category.as_str(), def.id));
    }
    let actual: BTreeSet<(String, &str, u32)> = table
        .iter()
        .map(|e| (e.tl_name.to_owned(), e.kind.as_str(), e.id))
        .collect();
    assert_eq!(actual.len(), table.len(), "{file}: duplicate entries");
    let missing: Vec<_> = expected.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{file}: table and schema differ\nmissing: {missing:#x?}\nextra: {extra:#x?}"
    );
    assert_eq!(skipped, expected_skipped, "{file}: primitive constructors");
}

#[test]
fn tables_cover_every_definition() {
    check_coverage("api.tl", dispatch::API, &["boolFalse", "boolTrue"]);
    check_coverage("mtproto.tl", dispatch::MTPROTO, &[]);
    assert_eq!(
        dispatch::API_ANY_QUERY.len(),
        dispatch::API
            .iter()
            .filter(|e| e.rust_type.contains("GetConfig>"))
            .count()
    );
}

/// `samples` random encodings of every entry round-trip byte for byte.
/// Each entry of `table` with its definition in `file` (every entry has one).
fn definitions<'a, 's>(
    encoder: &'a Encoder<'s>,
    table: &'a [Entry],
    file: &'a str,
) -> impl Iterator<Item = (&'a Entry, &'s Definition)> + 'a {
    table.iter().map(move |entry| {
        let def = encoder
            .definition(entry.tl_name, entry.kind)
            .unwrap_or_else(|| panic!("{}: not in {file}", entry.tl_name));
        (entry, def)
    })
}

fn check_random(file: &str, table: &[Entry], options: Options, samples: u64) {
    let schema = schema(file);
    let encoder = Encoder::new(&schema, options);
    let base = base_seed();
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut total_bytes = 0;
    for (entry, def) in definitions(&encoder, table, file) {
        if def.id != entry.id {
            failures.push(format!(
                "{}: schema id {:#010x}, tlforge-types id {:#010x}",
                entry.tl_name, def.id, entry.id
            ));
        }
        for sample in 0..samples {
            let seed = seed_for(base, entry.tl_name, sample);
            let bytes = encoder.encode(def, &mut Rng::new(seed));
            total_bytes += bytes.len();
            checked += 1;
            let outcome = catch_unwind(AssertUnwindSafe(|| entry.roundtrip(&bytes)));
            let problem = match outcome {
                Ok(Ok(again)) if again == bytes => continue,
                Ok(Ok(again)) => format!("re-encoded differently:\n    got {}", short_hex(&again)),
                Ok(Err(error)) => format!("decode error: {error}"),
                Err(payload) => format!("panicked: {}", panic_message(&*payload)),
            };
            failures.push(format!(
                "{} ({}), seed {seed} (TL_SEED={base}, sample {sample}): {problem}\n    hex {}",
                entry.tl_name,
                entry.rust_type,
                short_hex(&bytes)
            ));
        }
    }
    eprintln!(
        "{file}: {} entries, {total_bytes} bytes encoded",
        table.len()
    );
    report(&format!("{file} random round trips"), checked, &failures);
}

#[test]
fn api_random_round_trips() {
    check_random("api.tl", dispatch::API, Options::default(), SAMPLES);
}

#[test]
fn mtproto_random_round_trips() {
    check_random("mtproto.tl", dispatch::MTPROTO, Options::default(), SAMPLES);
}

/// The generic functions with `X = AnyFunction`: `!X` holds random functions of the whole API
/// (generic ones included, so `invokeWithLayer(initConnection(…))` shapes appear).
#[test]
fn api_generic_queries_with_any_inner_function() {
    let options = Options {
        inner_query: InnerQuery::AnyFunction,
        ..Options::default()
    };
    check_random(
        "api.tl",
        dispatch::API_ANY_QUERY,
        options,
        ANY_QUERY_SAMPLES,
    );
}

/// One sample per definition (the largest of a few small ones): every proper prefix fails to
/// decode, and so do the bytes with a word appended; nothing panics.
fn check_truncations(file: &str, table: &[Entry]) {
    let schema = schema(file);
    let options = Options {
        budget: 384,
        free_depth: 2,
        ..Options::default()
    };
    let encoder = Encoder::new(&schema, options);
    let base = base_seed();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (entry, def) in definitions(&encoder, table, file) {
        let (seed, bytes) = (0..4)
            .map(|sample| {
                let seed = seed_for(base, entry.tl_name, 1000 + sample);
                (seed, encoder.encode(def, &mut Rng::new(seed)))
            })
            .max_by_key(|(_, bytes)| bytes.len())
            .expect("four samples");
        let mut inputs: Vec<(String, &[u8])> = (0..bytes.len())
            .map(|len| (format!("first {len} bytes"), &bytes[..len]))
            .collect();
        let mut longer = bytes.clone();
        longer.extend_from_slice(&[0; 4]);
        inputs.push(("with 4 zero bytes appended".to_owned(), &longer));
        for (what, input) in inputs {
            checked += 1;
            let outcome = catch_unwind(AssertUnwindSafe(|| entry.reencode(input)));
            let problem = match outcome {
                Ok(Err(_)) => continue,
                Ok(Ok(again)) => format!("decoded, re-encodes to {}", short_hex(&again)),
                Err(payload) => format!("panicked: {}", panic_message(&*payload)),
            };
            failures.push(failure(
                entry,
                &format!("seed {seed}: {what} of"),
                &bytes,
                &problem,
            ));
        }
    }
    report(&format!("{file} truncations"), checked, &failures);
}

/// `name (RustType), {context} {bytes}: {problem}`: one failure of a check.
fn failure(entry: &Entry, context: &str, bytes: &[u8], problem: &str) -> String {
    format!(
        "{} ({}), {context} {}: {problem}",
        entry.tl_name,
        entry.rust_type,
        short_hex(bytes)
    )
}

#[test]
fn truncations_are_errors() {
    check_truncations("api.tl", dispatch::API);
    check_truncations("mtproto.tl", dispatch::MTPROTO);
}

/// Random bit flips in one sample per definition: decoding may succeed or fail but never
/// panics, and whatever decodes re-encodes to bytes that are a fixed point of decode + encode.
fn check_bit_flips(file: &str, table: &[Entry]) {
    let schema = schema(file);
    let encoder = Encoder::new(&schema, Options::default());
    let base = base_seed();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (entry, def) in definitions(&encoder, table, file) {
        let seed = seed_for(base, entry.tl_name, 2000);
        let mut rng = Rng::new(seed);
        let bytes = encoder.encode(def, &mut rng);
        for _ in 0..16 {
            let mut mutated = bytes.clone();
            let bit = rng.below(mutated.len() as u64 * 8) as usize;
            mutated[bit / 8] ^= 1 << (bit % 8);
            checked += 1;
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                let first = entry.reencode(&mutated)?;
                let second = entry.reencode(&first);
                Ok::<_, tlforge_runtime::Error>((first, second))
            }));
            let problem = match outcome {
                Ok(Err(_)) => continue,
                Ok(Ok((first, Ok(second)))) if first == second => continue,
                Ok(Ok((first, second))) => format!(
                    "re-encoding is not stable: {} then {second:02x?}",
                    short_hex(&first)
                ),
                Err(payload) => format!("panicked: {}", panic_message(&*payload)),
            };
            let context = format!("seed {seed}, bit {bit} flipped in");
            failures.push(failure(entry, &context, &bytes, &problem));
        }
    }
    report(&format!("{file} bit flips"), checked, &failures);
}

#[test]
fn bit_flips_never_panic() {
    check_bit_flips("api.tl", dispatch::API);
    check_bit_flips("mtproto.tl", dispatch::MTPROTO);
}
