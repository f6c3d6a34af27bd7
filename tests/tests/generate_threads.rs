//! The generator writes items on every core (issue 24): its output must not depend on the
//! number of threads, and formatting item by item must give what formatting the whole file
//! at once gives (prettyplease breaks lines by indented width, so each item is formatted at
//! its module's depth). Checked on every schema of the corpus, and on the bundled API with its
//! documentation (error enums, links, the `errors` module) as one file and as the split crates.

use tlforge_codegen::{Config, SourceFile, SplitCrates};

const CORPUS: &[(&str, &str)] = &[
    (
        "tdlib-e2e_api.tl",
        include_str!("../fixtures/corpus/tdlib-e2e_api.tl"),
    ),
    (
        "tdlib-mtproto_api.tl",
        include_str!("../fixtures/corpus/tdlib-mtproto_api.tl"),
    ),
    (
        "tdlib-secret_api.tl",
        include_str!("../fixtures/corpus/tdlib-secret_api.tl"),
    ),
    (
        "tdlib-telegram_api.tl",
        include_str!("../fixtures/corpus/tdlib-telegram_api.tl"),
    ),
    (
        "telegram-api-layer-150.tl",
        include_str!("../fixtures/corpus/telegram-api-layer-150.tl"),
    ),
    (
        "telegram-api.tl",
        include_str!("../fixtures/corpus/telegram-api.tl"),
    ),
    (
        "telegram-mtproto.tl",
        include_str!("../fixtures/corpus/telegram-mtproto.tl"),
    ),
    (
        "ton-lite_api.tl",
        include_str!("../fixtures/corpus/ton-lite_api.tl"),
    ),
    (
        "ton-ton_api.tl",
        include_str!("../fixtures/corpus/ton-ton_api.tl"),
    ),
    (
        "ton-tonlib_api.tl",
        include_str!("../fixtures/corpus/ton-tonlib_api.tl"),
    ),
];

fn metadata() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/telegram-docs.json")
}

fn generate(config: &mut Config, sources: &[SourceFile], threads: usize) -> String {
    config
        .threads(threads)
        .generate(sources)
        .unwrap_or_else(|e| panic!("{}: {e}", sources[0].name))
}

/// The line where `a` and `b` first differ, for a readable failure.
fn first_difference(a: &str, b: &str) -> String {
    match a.lines().zip(b.lines()).position(|(x, y)| x != y) {
        Some(line) => format!(
            "line {}:\n  {}\n  {}",
            line + 1,
            a.lines().nth(line).unwrap_or(""),
            b.lines().nth(line).unwrap_or("")
        ),
        None => format!("lengths {} and {}", a.len(), b.len()),
    }
}

/// One thread and several give the same text, formatted and not; the formatted text is what
/// prettyplease makes of the whole unformatted file in one piece.
fn check(name: &str, sources: &[SourceFile], config: &mut Config) {
    config.header(false);
    let unformatted = generate(config.format(false), sources, 1);
    let threaded = generate(config, sources, 3);
    assert!(
        unformatted == threaded,
        "{name}, unformatted: 1 and 3 threads differ at {}",
        first_difference(&unformatted, &threaded)
    );
    let formatted = generate(config.format(true), sources, 1);
    let threaded = generate(config, sources, 3);
    assert!(
        formatted == threaded,
        "{name}, formatted: 1 and 3 threads differ at {}",
        first_difference(&formatted, &threaded)
    );
    let file = syn::parse_file(&unformatted).unwrap_or_else(|e| panic!("{name}: {e}"));
    let whole = prettyplease::unparse(&file);
    assert!(
        formatted == whole,
        "{name}: formatting item by item differs from formatting the file at {}",
        first_difference(&formatted, &whole)
    );
}

#[test]
fn every_corpus_schema_is_generated_the_same_on_any_number_of_threads() {
    for (name, text) in CORPUS {
        let sources = [SourceFile::new(*name, *text)];
        let mut config = Config::new();
        if name.starts_with("ton-") {
            config.strings_as_bytes(true);
        }
        check(name, &sources, &mut config);
    }
}

#[test]
fn the_documented_api_is_generated_the_same_on_any_number_of_threads() {
    let sources = [SourceFile::new(
        "api.tl",
        include_str!("../../schema/api.tl"),
    )];
    let mut config = Config::new();
    config
        .metadata(metadata())
        .reference_url("https://core.telegram.org")
        .namespace_features(true);
    check("api.tl with metadata", &sources, &mut config);
}

#[test]
fn split_crates_are_generated_the_same_on_any_number_of_threads() {
    let sources = [SourceFile::new(
        "api.tl",
        include_str!("../../schema/api.tl"),
    )];
    let crates = SplitCrates {
        parts: ["p1a", "p1b", "p2a", "p2b", "p3a", "p3b"].map(str::to_owned),
        errors: Some("errs".to_owned()),
        plan: None,
    };
    let mut config = Config::new();
    config.metadata(metadata()).format(false);
    let (one, _) = config
        .threads(1)
        .generate_split(&sources, &crates)
        .expect("api.tl splits");
    let (three, _) = config
        .threads(3)
        .generate_split(&sources, &crates)
        .expect("api.tl splits");
    assert!(one.parts == three.parts, "part sources differ");
    assert_eq!(one.facade, three.facade);
    assert_eq!(one.errors, three.errors);
    assert_eq!(one.plan.to_text(), three.plan.to_text());
}
