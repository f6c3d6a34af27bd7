//! `tlforge check` and `tlforge dump`, run as the real binary on the bundled schema and the
//! parser fixtures.

mod common;

use common::{root, run, text};

/// The command's `--help` starts as it did before the command line left the tlforge-codegen
/// package (issue 14: same command, same help).
#[test]
fn help_names_the_command_and_what_it_does() {
    let out = run(&["--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(
        help.starts_with(
            "Generate Rust types, serializers and deserializers from TL (Type Language) schemas\n\n\
             Usage: tlforge <COMMAND>"
        ),
        "{help}"
    );
}

#[test]
fn check_bundled_schema() {
    let out = run(&["check", "schema/api.tl", "schema/mtproto.tl"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        // Layer 230 (1704 + 850 in api.tl, 56 + 10 in mtproto.tl).
        "ok: 1760 constructors, 860 functions, 28 namespaces, layer 230, 0 warnings \
         (schema/api.tl, schema/mtproto.tl)\n"
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn check_every_corpus_file() {
    let dir = root().join("tests/fixtures/corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "tl") {
            let out = run(&["check", path.to_str().unwrap()]);
            assert!(
                out.status.success(),
                "{}: {}",
                path.display(),
                text(&out.stderr)
            );
            n += 1;
        }
    }
    // telegram-* (3), tdlib-* (4: telegram, mtproto, secret, e2e), ton-* (3: ton, lite, tonlib).
    assert_eq!(n, 10);
}

#[test]
fn check_reports_the_missing_type() {
    let out = run(&["check", "tests/fixtures/invalid/undefined_type.tl"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("undefined type `UserPhoto`"), "{stderr}");
    assert!(stderr.contains("undefined_type.tl:2:19"), "{stderr}");
    assert!(stderr.ends_with("error: 1 error in tests/fixtures/invalid/undefined_type.tl\n"));
}

#[test]
fn check_warnings_still_succeed() {
    let out = run(&["check", "tests/fixtures/valid/warnings.tl"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("3 warnings"));
    assert!(text(&out.stderr).contains("have the same id 0xbf9459b7"));
}

#[test]
fn check_malformed_inputs() {
    for (file, line) in [
        ("missing_semicolon.tl", ":2:"),
        ("invalid_utf8.tl", ":3:24"),
        ("nul_byte.tl", ":2:37"),
        ("nesting_too_deep.tl", ":2:"),
        ("unterminated_block_comment.tl", ":2:1"),
    ] {
        let path = format!("tests/fixtures/invalid/{file}");
        let out = run(&["check", &path]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!("{file}{line}")),
            "{file}: {stderr}"
        );
        assert!(!stderr.contains("panicked"));
    }
}

#[test]
fn check_missing_file_and_usage() {
    let out = run(&["check", "no/such/file.tl"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no/such/file.tl"));
    let out = run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn dump_api() {
    let out = run(&["dump", "schema/api.tl"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json["layer"], 230);
    let defs = json["definitions"].as_array().unwrap();
    // `grep -cE '^[a-zA-Z][a-zA-Z0-9_.]*(#[0-9a-f]+)? .*= .*;' schema/api.tl` is 2554 too.
    assert_eq!(defs.len(), 2554);
    let cancel = defs
        .iter()
        .find(|d| d["name"] == "auth.cancelCode")
        .unwrap();
    assert_eq!(
        cancel,
        &serde_json::json!({
            "name": "auth.cancelCode",
            "id": 0x1f040578u32,
            "kind": "function",
            "type_params": [],
            "params": [
                {"name": "phone_number", "type": "string"},
                {"name": "phone_code_hash", "type": "string"}
            ],
            "type": "Bool"
        })
    );
    // Builtin lines are listed, and conditional types are written as in TL.
    let vector = defs.iter().find(|d| d["name"] == "vector").unwrap();
    assert_eq!(vector["id"], 0x1cb5c415u32);
    assert_eq!(vector["params"][1]["type"], "[ t ]");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(r##"{"name": "flags", "type": "#"}"##));
    assert!(text.contains(r#""type": "flags.0?Vector<InputDocument>""#));
    // Every id is the one written in the file.
    let api = std::fs::read_to_string(root().join("schema/api.tl")).unwrap();
    for d in defs {
        let name = d["name"].as_str().unwrap();
        let id = d["id"].as_u64().unwrap();
        assert!(
            api.contains(&format!("\n{name}#{id:08x} "))
                || api.contains(&format!("\n{name}#{id:x} ")),
            "{name} {id:08x}"
        );
    }
}

#[test]
fn dump_without_layer_and_with_errors() {
    let out = run(&["dump", "schema/mtproto.tl"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["layer"].is_null());
    let out = run(&["dump", "tests/fixtures/invalid/duplicate_name.tl"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
}
