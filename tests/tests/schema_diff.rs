//! `tlforge diff` (`tlforge_cli::diff`) on two layers of the Telegram API from the corpus,
//! 150 and 222, checked against an independent count: a line-based reading of `name#id rest;`
//! written here, which knows nothing of the parser or the diff code.

use std::collections::{BTreeMap, BTreeSet};

use tlforge_cli::diff::{Change, diff};

const LAYER_150: &str = include_str!("../fixtures/corpus/telegram-api-layer-150.tl");
const LAYER_222: &str = include_str!("../fixtures/corpus/telegram-api.tl");

/// (section, name) → (id, the rest of the line with whitespace collapsed), for every
/// `name#id … ;` line outside comments.
fn lines(text: &str) -> BTreeMap<(bool, String), (u32, String)> {
    let mut functions = false;
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with("---") {
            functions = line.contains("functions");
            continue;
        }
        let Some((name, rest)) = line.split_once('#') else {
            continue; // `int ? = Int;` and such
        };
        let (id, rest) = rest.split_once(' ').unwrap_or((rest, ""));
        let rest = rest
            .trim_end_matches(';')
            .split_whitespace()
            .collect::<Vec<_>>();
        let id = u32::from_str_radix(id, 16).expect("hex id");
        let previous = out.insert((functions, name.to_owned()), (id, rest.join(" ")));
        assert!(previous.is_none(), "{name} twice");
    }
    out
}

fn parse(name: &str, text: &str) -> tlforge_parser::Schema {
    tlforge_tests::parse(name, text)
}

#[test]
fn layers_150_and_222_match_an_independent_count() {
    let (old, new) = (lines(LAYER_150), lines(LAYER_222));
    let names = |keys: Vec<&(bool, String)>| -> BTreeSet<String> {
        keys.into_iter().map(|(_, n)| n.clone()).collect()
    };
    let added = names(new.keys().filter(|k| !old.contains_key(*k)).collect());
    let removed = names(old.keys().filter(|k| !new.contains_key(*k)).collect());
    let changed = names(
        new.iter()
            .filter(|(k, v)| old.get(*k).is_some_and(|o| o != *v))
            .map(|(k, _)| k)
            .collect(),
    );
    assert_eq!(
        (added.len(), removed.len(), changed.len()),
        (773, 25, 191),
        "the independent count itself"
    );

    let d = diff(
        &parse("telegram-api-layer-150.tl", LAYER_150),
        &parse("telegram-api.tl", LAYER_222),
    );
    let set = |list: Vec<&String>| list.into_iter().cloned().collect::<BTreeSet<_>>();
    assert_eq!(set(d.added.iter().map(|s| &s.name).collect()), added);
    assert_eq!(set(d.removed.iter().map(|s| &s.name).collect()), removed);
    assert_eq!(set(d.changed.iter().map(|c| &c.name).collect()), changed);
    assert_eq!(
        (d.added.len(), d.removed.len(), d.changed.len()),
        (773, 25, 191)
    );
    assert_eq!((d.old_layer, d.new_layer), (Some(150), Some(222)));

    // The JSON names the same sets.
    let json: serde_json::Value = serde_json::from_str(&d.to_json()).expect("JSON");
    let json_set = |key: &str| -> BTreeSet<String> {
        json[key]
            .as_array()
            .expect("array")
            .iter()
            .map(|v| v.as_str().expect("name").to_owned())
            .collect()
    };
    assert_eq!(json_set("added"), added);
    assert_eq!(json_set("removed"), removed);
    assert_eq!(json_set("changed"), changed);

    // Every change whose id differs says so, with both ids.
    let id_changes = d
        .changed
        .iter()
        .filter(|c| {
            c.changes
                .iter()
                .any(|ch| matches!(ch, Change::IdChanged { .. }))
        })
        .count();
    let independent_id_changes = new
        .iter()
        .filter(|(k, (id, _))| old.get(*k).is_some_and(|(old_id, _)| old_id != id))
        .count();
    assert_eq!(id_changes, independent_id_changes);
}

#[test]
fn change_details_name_what_moved() {
    let d = diff(
        &parse("telegram-api-layer-150.tl", LAYER_150),
        &parse("telegram-api.tl", LAYER_222),
    );
    let changes = |name: &str| -> Vec<String> {
        d.changed
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("{name} not changed"))
            .changes
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    // A `true` flag added: the id stays (flags.N?true fields do not change it).
    assert_eq!(
        changes("inputMediaUploadedPhoto"),
        ["parameter added: `spoiler:flags.2?true`"]
    );
    assert_eq!(
        changes("inputPhoneContact"),
        [
            "id changed: 0xf392b7f4 -> 0x6a1dc4be",
            "parameter added: `flags:#`",
            "parameter added: `note:flags.0?TextWithEntities`",
        ]
    );
    let text = d.render();
    assert!(text.starts_with("layer 150 -> layer 222: 773 added, 25 removed, 191 changed\n"));
    assert!(text.contains("\n  ~ constructor inputPhoneContact\n"));
}
