//! The command line as a new user meets it: warnings that CI can deny, diagnostics in the order
//! that helps, `diff --exit-code`, an empty schema, and `decode`'s arguments.

mod common;

use common::{decode_api, docs_api_and_mtproto, root, run, text};

use std::path::{Path, PathBuf};

/// A file in this test's temporary directory.
fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-warnings");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// schema/api.tl with one hex digit of auth.cancelCode's id changed (…78 → …79).
fn changed_id_schema() -> PathBuf {
    let api = std::fs::read_to_string(root().join("schema/api.tl")).unwrap();
    let line = "auth.cancelCode#1f040578 ";
    assert!(api.contains(line));
    temp_file(
        "changed-id.tl",
        &api.replace(line, "auth.cancelCode#1f040579 "),
    )
}

#[test]
fn deny_warnings_fails_on_a_changed_id_and_passes_the_bundled_schema() {
    let bad = changed_id_schema();
    let bad = bad.to_str().unwrap();
    // Without the flag the wrong id is a warning and check succeeds, as before.
    let out = run(&["check", bad]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for args in [
        vec!["check", "--deny-warnings", bad],
        vec!["check", "--strict", bad],
        vec!["generate", "--deny-warnings", bad, "-o", "-"],
    ] {
        let out = run(&args);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}",
            text(&out.stderr)
        );
        let err = text(&out.stderr);
        assert!(err.contains("id 0x1f040579 of `auth.cancelCode`"), "{err}");
        assert!(
            err.contains("error: 1 warning denied by --deny-warnings"),
            "{err}"
        );
        assert!(out.stdout.is_empty(), "{args:?}: nothing is written");
    }
    let out = run(&["check", "--deny-warnings", "schema/api.tl"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A known upstream mismatch can be accepted by name.
    let out = run(&[
        "check",
        "--deny-warnings",
        "--allow-id-mismatch",
        "auth.cancelCode",
        bad,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}

/// Issue 27: the mismatch warning names the option; an accepted mismatch is silent beside
/// errors too; a misspelt accepted name is a warning with the closest name; `decode`, `diff`
/// and `dump` take the option.
#[test]
fn accepted_id_mismatches_are_silent_everywhere_and_misspellings_are_warned() {
    let bad = changed_id_schema();
    let bad = bad.to_str().unwrap();
    let err = text(&run(&["check", bad]).stderr);
    assert!(
        err.contains("--allow-id-mismatch auth.cancelCode"),
        "the warning names the option: {err}"
    );

    let typo = run(&["check", "--allow-id-mismatch", "auth.cancelCod", bad]);
    let err = text(&typo.stderr);
    assert!(
        err.contains(
            "warning: --allow-id-mismatch auth.cancelCod: the schema defines no \
             `auth.cancelCod`; did you mean `auth.cancelCode`?"
        ),
        "{err}"
    );
    let denied = run(&[
        "check",
        "--deny-warnings",
        "--allow-id-mismatch",
        "auth.cancelCode",
        "--allow-id-mismatch",
        "auth.cancelCod",
        bad,
    ]);
    assert_eq!(denied.status.code(), Some(1), "{}", text(&denied.stderr));

    // A schema with an error and an accepted mismatch: only the error is reported.
    let broken = temp_file(
        "broken-and-allowed.tl",
        "a#00000001 = A;\nb x:Undefined = B;\n",
    );
    let out = run(&[
        "check",
        "--allow-id-mismatch",
        "a",
        broken.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("undefined type `Undefined`"), "{err}");
    assert!(
        !err.contains("0x00000001"),
        "the accepted mismatch is silent: {err}"
    );

    let ton = root().join("tests/fixtures/corpus/ton-lite_api.tl");
    let ton = ton.to_str().unwrap();
    let allow = [
        "--allow-id-mismatch",
        "liteServer.transactionId",
        "--allow-id-mismatch",
        "liteServer.getValidatorStats",
    ];
    // liteServer.getTime#16ad5a34 = liteServer.CurrentTime (no fields).
    let mut decode = vec!["decode", "--schema", ton];
    decode.extend(allow);
    decode.push("345aad16");
    let out = run(&decode);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "decode: no warning");
    let mut diff = vec!["diff", ton, ton];
    diff.extend(allow);
    let out = run(&diff);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "diff: no warning");
    let mut dump = vec!["dump", ton];
    dump.extend(allow);
    let out = run(&dump);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "dump: no warning");
}

#[test]
fn config_names_allow_id_mismatch_and_warns_of_unknown_names() {
    let source = tlforge_codegen::SourceFile::new("a.tl", "apple#00000001 = A;\n");
    let (_, warnings) = tlforge_codegen::Config::new()
        .generate_with_warnings(std::slice::from_ref(&source))
        .unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .to_string()
            .contains("Config::allow_id_mismatch(\"apple\")"),
        "{}",
        warnings[0]
    );
    let (_, warnings) = tlforge_codegen::Config::new()
        .allow_id_mismatch("apple")
        .allow_id_mismatch("appel")
        .generate_with_warnings(std::slice::from_ref(&source))
        .unwrap();
    let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "Config::allow_id_mismatch(\"appel\"): the schema defines no `appel`; did you mean \
             `apple`?"
        ]
    );
    // An error report leaves the accepted mismatch out.
    let broken = tlforge_codegen::SourceFile::new("b.tl", "apple#00000001 = A;\nb x:Nope = B;\n");
    let error = tlforge_codegen::Config::new()
        .allow_id_mismatch("apple")
        .generate(&[broken])
        .unwrap_err()
        .to_string();
    assert!(error.contains("Nope"), "{error}");
    assert!(!error.contains("0x00000001"), "{error}");
}

#[test]
fn config_deny_warnings_is_an_error() {
    let source = tlforge_codegen::SourceFile::new("a.tl", "a#00000001 = A;\n");
    let error = tlforge_codegen::Config::new()
        .deny_warnings(true)
        .generate(std::slice::from_ref(&source))
        .unwrap_err();
    assert!(matches!(error, tlforge_codegen::Error::DeniedWarnings(ref w) if w.len() == 1));
    assert!(
        error.to_string().contains("id 0x00000001 of `a`"),
        "{error}"
    );
    let allowed = tlforge_codegen::Config::new()
        .deny_warnings(true)
        .allow_id_mismatch("a")
        .generate(&[source]);
    assert!(allowed.is_ok());
}

#[test]
fn errors_come_first_and_typos_draw_no_id_warning() {
    // An explicit id on a line with a typo: its CRC changed with the typo, so the id warning
    // would only distract from the error.
    for (name, line, error) in [
        (
            "strng.tl",
            "a#1f040578 x:strng = A;\n",
            "undefined type `strng`",
        ),
        (
            "boool.tl",
            "b#1f040578 x:Boool = B;\n",
            "undefined type `Boool`",
        ),
    ] {
        let path = temp_file(name, line);
        let out = run(&["check", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(err.contains(error), "{err}");
        assert!(!err.contains("does not match its text"), "{err}");
    }
    // Line 1: a wrong id (a warning). Line 2: a wrong id and a flag bit past 31 (an error):
    // the error is shown, its line's id warning is not, and line 1's warning comes first.
    let path = temp_file(
        "both.tl",
        "c#00000001 x:int = C;\nd#00000002 flags:# y:flags.40?int = D;\n",
    );
    let err = text(&run(&["check", path.to_str().unwrap()]).stderr);
    assert_eq!(err.matches("does not match its text").count(), 1, "{err}");
    assert!(err.contains("id 0x00000001 of `c`"), "{err}");
    let (warning, error) = (err.find("⚠ ").unwrap(), err.find("× ").unwrap());
    assert!(warning < error, "source order: {err}");
    let path = temp_file("one.tl", "c#00000001 x:int = C;\n");
    let err = text(&run(&["check", path.to_str().unwrap()]).stderr);
    assert!(
        err.contains("does not match its text: both id rules give 0x"),
        "{err}"
    );
    assert!(!err.contains("Telegram's rule gives"), "{err}");
}

#[test]
fn metadata_warnings_are_one_line_and_verbose_lists_them() {
    // schema/telegram-docs.json documents layer 230, the bundled schema's, but no public source
    // has text for 269 of its definitions (93 methods, 176 constructors; its README).
    let out = run(&[
        "generate",
        "schema/api.tl",
        "--metadata",
        "schema/telegram-docs.json",
        "-o",
        "-",
    ]);
    assert!(out.status.success());
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("269 definitions of the schema have no description in the metadata"),
        "{err}"
    );
    let verbose = run(&[
        "generate",
        "schema/api.tl",
        "--metadata",
        "schema/telegram-docs.json",
        "--verbose",
        "-o",
        "-",
    ]);
    let err = text(&verbose.stderr);
    assert_eq!(err.lines().count(), 1 + 269, "{err}");
    assert!(
        err.contains("\n  constructor `textMath`\n"),
        "an undocumented layer-230 name is listed"
    );
}

#[test]
fn diff_exit_code_and_empty_schemas() {
    let layer_150 = "../tests/fixtures/corpus/telegram-api-layer-150.tl";
    let out = run(&[
        "diff",
        "--exit-code",
        "tests/fixtures/corpus/telegram-api-layer-150.tl",
        "schema/api.tl",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{layer_150}: {}",
        text(&out.stderr)
    );
    let out = run(&["diff", "--exit-code", "schema/api.tl", "schema/api.tl"]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&[
        "diff",
        "tests/fixtures/corpus/telegram-api-layer-150.tl",
        "schema/api.tl",
    ]);
    assert_eq!(out.status.code(), Some(0), "without --exit-code, as before");

    let empty = temp_file("empty.tl", "// nothing here\n");
    let empty = empty.to_str().unwrap();
    let out = run(&["check", empty]);
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("declares no constructor or function"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).ends_with(", 1 warning (".to_owned().as_str())
            || text(&out.stdout).contains("1 warning")
    );
    let out = run(&["generate", empty, "-o", "-"]);
    assert!(
        text(&out.stderr).contains("the output has no items"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        run(&["check", "--deny-warnings", empty]).status.code(),
        Some(1)
    );
}

const CANCEL_CODE: &str = "7805041f0b37393939313233343536370661626364656600";
const CANCEL_CODE_JSON: &str = "{\"_\": \"auth.cancelCode\", \"phone_number\": \"79991234567\", \"phone_code_hash\": \"abcdef\"}\n";

#[test]
fn decode_takes_hex_anywhere_bare_bodies_and_suggests_types() {
    for args in [
        vec!["decode", "--schema", "schema/api.tl", CANCEL_CODE],
        vec!["decode", CANCEL_CODE, "--schema", "schema/api.tl"],
        vec!["decode", "--schema", "schema/api.tl", "--hex", CANCEL_CODE],
        vec![
            "decode",
            "--schema",
            "schema/api.tl",
            "--schema",
            "schema/mtproto.tl",
            CANCEL_CODE,
        ],
    ] {
        let out = run(&args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), CANCEL_CODE_JSON, "{args:?}");
    }
    // The body without the id, said explicitly.
    let out = decode_api(&["--type", "auth.cancelCode", "--bare", &CANCEL_CODE[8..]]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), CANCEL_CODE_JSON);
    // --type alone still expects the id.
    let out = decode_api(&["--type", "auth.cancelCode", &CANCEL_CODE[8..]]);
    assert_eq!(out.status.code(), Some(1));
    // A misspelt type.
    let out = decode_api(&["--type", "auth.cancelCod", CANCEL_CODE]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("did you mean `auth.cancelCode`?"),
        "{}",
        text(&out.stderr)
    );
    // The help says each of these.
    let help = text(&run(&["decode", "--help"]).stdout);
    for expected in [
        "--bare",
        "--hex",
        "without its id",
        "Repeat it",
        "before or after the options",
    ] {
        assert!(help.contains(expected), "{expected}: {help}");
    }
}

/// `dump --format telegram-json` gives the entries Telegram publishes (core.telegram.org/schema/json),
/// compared with a copy of the real file (fixtures/SOURCES.md); the default dump keeps `{X:Type}`.
#[test]
fn dump_in_telegram_json_matches_the_published_file() {
    let out = run(&[
        "dump",
        "--format",
        "telegram-json",
        "tl-codegen-cli/tests/fixtures/telegram-schema-excerpt.tl",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ours: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let published: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/telegram-schema-excerpt.json")).unwrap();
    let published = published["constructors"].as_array().unwrap();
    let ours_constructors = ours["constructors"].as_array().unwrap();
    let mut compared = 0;
    for entry in published {
        let predicate = &entry["predicate"];
        let mine = ours_constructors
            .iter()
            .find(|c| c["predicate"] == *predicate)
            .unwrap_or_else(|| panic!("{predicate} missing"));
        assert_eq!(mine, entry, "{predicate}");
        compared += 1;
    }
    assert_eq!(compared, 14);
    let method = &ours["methods"][0];
    assert_eq!(method["method"], "invokeWithLayer");
    assert_eq!(
        method["id"], "-627372787",
        "0xda9b0d0d as a signed decimal string"
    );
    assert_eq!(
        method["params"],
        serde_json::json!([{"name": "layer", "type": "int"}, {"name": "query", "type": "!X"}])
    );
    assert_eq!(method["type"], "X");

    let out = run(&[
        "dump",
        "tl-codegen-cli/tests/fixtures/telegram-schema-excerpt.tl",
    ]);
    let ours: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let invoke = ours["definitions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "invokeWithLayer")
        .unwrap();
    assert_eq!(
        invoke["type_params"],
        serde_json::json!([{"name": "X", "type": "Type"}])
    );
}

/// The docs index names the schema files without the absolute path they were read from.
#[test]
fn docs_index_shows_no_absolute_path() {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("docs-absolute");
    let _ = std::fs::remove_dir_all(&out_dir);
    let api = root().join("schema/api.tl").canonicalize().unwrap();
    let out = run(&[
        "docs",
        "--rust-crate",
        "tlforge_types",
        "-o",
        out_dir.to_str().unwrap(),
        api.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let index = std::fs::read_to_string(out_dir.join("index.md")).unwrap();
    assert!(index.contains("\n## api.tl (layer 230)\n"), "{index}");
    assert!(
        !index.contains(api.parent().unwrap().to_str().unwrap()),
        "{index}"
    );
    // The example fills fields with plausible values and decodes the bytes it encodes; related
    // pages include other methods of the namespace with the same result.
    let page = std::fs::read_to_string(out_dir.join("methods/auth.cancelCode.md")).unwrap();
    assert!(
        page.contains("\"phone_number\".to_owned(), // phone_number"),
        "{page}"
    );
    assert!(!page.contains("String::new()"), "{page}");
    assert!(
        page.contains(
            "assert_eq!(<CancelCode as Deserializable>::from_bytes(&bytes), Ok(request));"
        ),
        "{page}"
    );
    assert!(
        !page.contains("&[]"),
        "no decoding of an empty slice: {page}"
    );
    assert!(
        page.contains("[auth.resetAuthorizations](auth.resetAuthorizations.md)"),
        "{page}"
    );
}

/// Without `--rust-crate` the pages of a schema name no Rust item: a TON user has no `tlforge_types`
/// (issue 27).
#[test]
fn docs_name_rust_items_only_with_a_rust_crate() {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("docs-no-crate");
    let _ = std::fs::remove_dir_all(&out_dir);
    let ton = root().join("tests/fixtures/corpus/ton-lite_api.tl");
    let out = run(&[
        "docs",
        "--allow-id-mismatch",
        "liteServer.transactionId",
        "--allow-id-mismatch",
        "liteServer.getValidatorStats",
        "-o",
        out_dir.to_str().unwrap(),
        ton.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(out_dir.join("methods/liteServer.getTime.md")).unwrap();
    assert!(page.contains("liteServer.getTime"), "{page}");
    for text in ["tlforge_types", "Rust", "```rust"] {
        assert!(!page.contains(text), "{text} in {page}");
    }
}

/// Every option that a subcommand's `--help` lists is named in the README's command-line section.
#[test]
fn the_readme_names_every_option_of_every_subcommand() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("From the command line")
        .expect("the CLI section");
    let section = &readme[start..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    for command in [
        "check", "dump", "generate", "docs", "diff", "decode", "features",
    ] {
        let help = text(&run(&[command, "--help"]).stdout);
        assert!(
            section.contains(&format!("tlforge {command} ")),
            "{command}"
        );
        for word in help.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
            let is_option = word.starts_with("--") && word.len() > 2 && word != "--help";
            if is_option {
                assert!(section.contains(word), "README lacks `{command} {word}`");
            }
        }
    }
}

/// Files given together are one schema; when two of them declare the same name, the error says
/// how to read them as separate schemas, and `docs` reads the same files that way.
#[test]
fn a_name_declared_in_two_files_suggests_separate_schemas() {
    let files = [
        "schema/api.tl",
        "schema/mtproto.tl",
        "schema/mtproto-envelope.tl",
    ];
    let mut args = vec!["check"];
    args.extend(files);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("`message` is declared twice"), "{err}");
    assert!(
        err.contains("note: files given together are read as one schema"),
        "{err}"
    );
    // One file alone, or a real duplicate inside one file, gets no such note.
    let dup = temp_file("dup.tl", "a#00000001 = A;\na#00000002 = A;\n");
    let err = text(&run(&["check", dup.to_str().unwrap()]).stderr);
    assert!(
        err.contains("declared twice") && !err.contains("note:"),
        "{err}"
    );
    // Every subcommand's help states the one rule.
    for command in ["check", "dump", "generate", "docs", "decode", "features"] {
        let help = text(&run(&[command, "--help"]).stdout);
        assert!(
            help.contains("Files given together are one schema"),
            "{command}: {help}"
        );
    }
    // The same files as separate schemas: `docs` with a second --schema.
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("docs-two-schemas");
    let _ = std::fs::remove_dir_all(&out_dir);
    let out = docs_api_and_mtproto(&[], &out_dir);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out_dir.join("methods/auth.cancelCode.md").exists());
    assert!(out_dir.join("mtproto/methods/req_pq_multi.md").exists());
}
