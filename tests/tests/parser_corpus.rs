//! Every file of the schema corpus (`fixtures/corpus`, real schemas, their origins in SOURCES.md there)
//! parses, with counts checked independently (a line-based count of the files, see SOURCES.md),
//! and every explicit id is reproduced by one of the id rules or is a listed exception.

use std::collections::BTreeSet;

use tlforge_parser::{
    Category, Definition, KNOWN_ID_EXCEPTIONS, Parsed, Severity, SourceFile, canonical_id,
    explicit_id_reproduced, known_id_exception, parse_schema, telegram_id, telegram_id_bytes_kept,
};

struct Expected {
    file: &'static str,
    text: &'static str,
    constructors: usize,
    functions: usize,
    explicit_ids: usize,
    namespaces: usize,
    conditional_fields: usize,
    layer: Option<u32>,
    /// Warnings expected (shared ids of tdlib's pseudo-functions).
    warnings: usize,
}

/// Counts from a separate line-based count of each file (non-comment lines ending in `;`, the
/// category from the last section marker, names with `#`, distinct namespace prefixes,
/// `:name.N?` occurrences) — not from this parser.
const CORPUS: &[Expected] = &[
    Expected {
        file: "telegram-api.tl",
        text: include_str!("../fixtures/corpus/telegram-api.tl"),
        constructors: 1541,
        functions: 754,
        explicit_ids: 2295,
        namespaces: 23,
        conditional_fields: 2390,
        layer: Some(222),
        warnings: 0,
    },
    Expected {
        file: "telegram-mtproto.tl",
        text: include_str!("../fixtures/corpus/telegram-mtproto.tl"),
        constructors: 56,
        functions: 10,
        explicit_ids: 51,
        namespaces: 1,
        conditional_fields: 0,
        layer: None,
        warnings: 0,
    },
    Expected {
        file: "telegram-api-layer-150.tl",
        text: include_str!("../fixtures/corpus/telegram-api-layer-150.tl"),
        constructors: 1071,
        functions: 476,
        explicit_ids: 1547,
        namespaces: 18,
        conditional_fields: 1208,
        layer: Some(150),
        warnings: 0,
    },
    Expected {
        file: "tdlib-telegram_api.tl",
        text: include_str!("../fixtures/corpus/tdlib-telegram_api.tl"),
        constructors: 1655,
        functions: 813,
        explicit_ids: 2460,
        namespaces: 27,
        conditional_fields: 2629,
        layer: None,
        warnings: 4,
    },
    Expected {
        file: "tdlib-mtproto_api.tl",
        text: include_str!("../fixtures/corpus/tdlib-mtproto_api.tl"),
        constructors: 40,
        functions: 8,
        explicit_ids: 39,
        namespaces: 0,
        conditional_fields: 0,
        layer: None,
        warnings: 0,
    },
    Expected {
        file: "tdlib-secret_api.tl",
        text: include_str!("../fixtures/corpus/tdlib-secret_api.tl"),
        constructors: 94,
        functions: 1,
        explicit_ids: 86,
        namespaces: 1,
        conditional_fields: 15,
        layer: None,
        warnings: 0,
    },
];

fn parse(file: &str, text: &str) -> Parsed {
    let source = SourceFile::new(file, text);
    match parse_schema(std::slice::from_ref(&source)) {
        Ok(parsed) => parsed,
        Err(report) => panic!("{file}:\n{}", report.render(&[source], false)),
    }
}

#[test]
fn corpus_counts() {
    for e in CORPUS {
        let parsed = parse(e.file, e.text);
        let defs = &parsed.schema.definitions;
        let count = |c: Category| defs.iter().filter(|d| d.category == c).count();
        assert_eq!(count(Category::Constructor), e.constructors, "{}", e.file);
        assert_eq!(count(Category::Function), e.functions, "{}", e.file);
        let ids = defs.iter().filter(|d| d.explicit_id.is_some()).count();
        assert_eq!(ids, e.explicit_ids, "{}", e.file);
        let namespaces: BTreeSet<_> = defs
            .iter()
            .filter(|d| !d.name.namespace.is_empty())
            .map(|d| d.name.namespace.clone())
            .collect();
        assert_eq!(namespaces.len(), e.namespaces, "{}", e.file);
        let conditional = defs
            .iter()
            .flat_map(|d| &d.params)
            .filter(|p| {
                matches!(
                    &p.kind,
                    tlforge_parser::ParameterKind::Value { flag: Some(_), .. }
                )
            })
            .count();
        assert_eq!(conditional, e.conditional_fields, "{}", e.file);
        assert_eq!(parsed.schema.layer, e.layer, "{}", e.file);
        assert_eq!(parsed.warnings.len(), e.warnings, "{}", e.file);
        assert!(
            parsed
                .warnings
                .iter()
                .all(|w| w.severity == Severity::Warning)
        );
    }
}

/// The explicit ids no rule reproduces, per file: exactly the listed exceptions.
#[test]
fn every_explicit_id_is_reproduced_or_a_known_exception() {
    let mut used = BTreeSet::new();
    for e in CORPUS {
        let parsed = parse(e.file, e.text);
        for def in &parsed.schema.definitions {
            let Some(id) = def.explicit_id else { continue };
            assert_eq!(def.id, id);
            if explicit_id_reproduced(def) {
                continue;
            }
            let name = def.name.to_string();
            let exception = known_id_exception(&name, id).unwrap_or_else(|| {
                panic!(
                    "{}: {name}#{id:08x} is neither reproduced (telegram {:08x}, canonical {:08x}) nor a known exception",
                    e.file,
                    telegram_id(def),
                    canonical_id(def)
                )
            });
            assert!(!exception.reason.is_empty());
            used.insert(exception.name);
        }
    }
    // No stale entries: every exception is needed by some corpus file.
    let listed: BTreeSet<_> = KNOWN_ID_EXCEPTIONS.iter().map(|e| e.name).collect();
    assert_eq!(used, listed);
}

/// How many ids each rule reproduces in tdlib's telegram_api.tl (docs/tl.md §4; 2451 of 2460
/// by Telegram's rule; `ipPortSecret` only with `bytes` kept).
#[test]
fn telegram_rule_reproduces_2451_tdlib_ids() {
    let e = CORPUS
        .iter()
        .find(|e| e.file == "tdlib-telegram_api.tl")
        .unwrap();
    let parsed = parse(e.file, e.text);
    let explicit: Vec<&Definition> = parsed
        .schema
        .definitions
        .iter()
        .filter(|d| d.explicit_id.is_some())
        .collect();
    let by_telegram = explicit.iter().filter(|d| telegram_id(d) == d.id).count();
    assert_eq!(by_telegram, 2451);
    let only_bytes_kept: Vec<String> = explicit
        .iter()
        .filter(|d| telegram_id(d) != d.id && telegram_id_bytes_kept(d) == d.id)
        .map(|d| d.name.to_string())
        .collect();
    assert_eq!(only_bytes_kept, ["ipPortSecret"]);
}

/// Each exception that names the declaration it came from really has that declaration's id.
#[test]
fn exceptions_are_explained() {
    for exception in KNOWN_ID_EXCEPTIONS {
        let Some(original) = exception.reproduced_by else {
            continue;
        };
        // The original uses types the snippet does not declare; declare stand-ins for them.
        let stand_ins: String = [
            "InputPeer",
            "InputStickerSet",
            "InputFileLocation",
            "DecryptedMessageMedia",
            "DecryptedMessageAction",
            "DecryptedMessage",
            "MessageEntity",
            "DocumentAttribute",
        ]
        .iter()
        .enumerate()
        .map(|(i, ty)| format!("standIn{i} = {ty};\n"))
        .collect();
        let text = format!("{original};\n{stand_ins}");
        let source = SourceFile::new("original.tl", text);
        let parsed = match parse_schema(std::slice::from_ref(&source)) {
            Ok(p) => p,
            Err(report) => panic!("{}", report.render(&[source], false)),
        };
        let def = &parsed.schema.definitions[0];
        assert!(
            telegram_id(def) == exception.id
                || telegram_id_bytes_kept(def) == exception.id
                || canonical_id(def) == exception.id,
            "{}: {original} hashes to {:08x}",
            exception.name,
            telegram_id(def)
        );
    }
}

/// The acceptance pair: api.tl and mtproto.tl read together, as `tlforge check` does.
#[test]
fn api_and_mtproto_together() {
    let sources = [
        SourceFile::new("api.tl", CORPUS[0].text),
        SourceFile::new("mtproto.tl", CORPUS[1].text),
    ];
    let parsed = parse_schema(&sources).expect("valid together");
    assert!(parsed.warnings.is_empty());
    assert_eq!(parsed.schema.definitions.len(), 2295 + 66);
    assert_eq!(parsed.schema.layer, Some(222));
    let cancel = parsed
        .schema
        .definitions
        .iter()
        .find(|d| d.name.to_string() == "auth.cancelCode")
        .unwrap();
    assert_eq!(cancel.id, 0x1f040578);
    assert_eq!(cancel.category, Category::Function);
    let params: Vec<(String, String)> = cancel
        .params
        .iter()
        .map(|p| (p.name.clone(), p.type_text()))
        .collect();
    assert_eq!(
        params,
        [
            ("phone_number".to_owned(), "string".to_owned()),
            ("phone_code_hash".to_owned(), "string".to_owned())
        ]
    );
    // `vector` is declared by both files; the same builtin twice is accepted.
    let vectors = parsed
        .schema
        .definitions
        .iter()
        .filter(|d| d.name.name == "vector")
        .count();
    assert_eq!(vectors, 2);
}
