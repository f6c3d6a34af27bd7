//! `tlforge docs`, `diff`, `decode`, `features` and `generate --split-crates`, run as the real
//! binary on the bundled schema.

mod common;

use common::{decode_api, docs_api_and_mtproto, files_under, run, run_with_stdin, text};

use std::path::{Path, PathBuf};

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    out.extend(
        files_under(dir)
            .into_iter()
            .filter(|path| path.extension().is_some_and(|e| e == "md")),
    );
}

/// The README's command: the API, and MTProto with its envelope as a second schema.
#[test]
fn docs_writes_the_reference_with_links_that_resolve() {
    let out_dir = std::env::temp_dir().join(format!("tl-codegen-docs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out_dir);
    let out = docs_api_and_mtproto(&["--metadata", "schema/telegram-docs.json"], &out_dir);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The documentation JSON is layer 230's, as the schema: no name it has is unknown.
    assert_eq!(text(&out.stderr), "");
    let page = std::fs::read_to_string(out_dir.join("methods/auth.cancelCode.md")).unwrap();
    for expected in [
        "Cancel the login verification code",
        "`phone_number` | `string` | Phone number |",
        "`phone_code_hash` | `string` | Phone code hash from [auth.sendCode](auth.sendCode.md) |",
        "[Bool](../types/Bool.md)",
        "| 400 | [`PHONE_CODE_EXPIRED`](../errors/PHONE_CODE_EXPIRED.md) | The phone code you provided has expired. |",
        "| 406 | [`PHONE_NUMBER_INVALID`](../errors/PHONE_NUMBER_INVALID.md) | The phone number is invalid. |",
        "## Can bots use this method?\n\nNo\n",
    ] {
        assert!(page.contains(expected), "missing {expected:?}:\n{page}");
    }
    // The error pages, named by the catalogue (`%d` kept).
    assert!(out_dir.join("errors/index.md").is_file());
    assert!(out_dir.join("errors/PHONE_CODE_EXPIRED.md").is_file());
    assert!(out_dir.join("errors/FLOOD_WAIT_%d.md").is_file());
    assert!(out_dir.join("mtproto/methods/req_pq_multi.md").is_file());
    assert!(out_dir.join("mtproto/constructors/message.md").is_file());
    assert!(out_dir.join("constructors/message.md").is_file());
    // mdBook's files: `mdbook build DIR` makes the HTML site (scripts/docs-site.sh).
    assert!(out_dir.join("SUMMARY.md").is_file() && out_dir.join("book.toml").is_file());

    let mut files = Vec::new();
    markdown_files(&out_dir, &mut files);
    assert!(files.len() > 2900, "{} pages", files.len());
    let mut checked = 0;
    let mut broken = Vec::new();
    for file in &files {
        let page = std::fs::read_to_string(file).unwrap();
        let mut rest = page.as_str();
        while let Some(i) = rest.find("](") {
            rest = &rest[i + 2..];
            let end = rest.find(')').expect("closed link");
            let target = &rest[..end];
            // `[Methods]()`: a chapter of SUMMARY.md without a page.
            if !target.starts_with("http") && !target.is_empty() {
                checked += 1;
                if !file.parent().unwrap().join(target).is_file() {
                    broken.push(format!("{}: {target}", file.display()));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out_dir);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(checked > 15_000, "only {checked} links");
}

#[test]
fn diff_of_two_layers() {
    let old = "tests/fixtures/corpus/telegram-api-layer-150.tl";
    let new = "tests/fixtures/corpus/telegram-api.tl";
    let out = run(&["diff", old, new, "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let count = |key: &str| json[key].as_array().map(Vec::len);
    assert_eq!(
        (count("added"), count("removed"), count("changed")),
        (Some(773), Some(25), Some(191))
    );
    let out = run(&["diff", old, new]);
    assert!(out.status.success());
    let report = text(&out.stdout);
    assert!(report.starts_with("layer 150 -> layer 222: 773 added, 25 removed, 191 changed\n"));
    assert!(report.contains("      id changed: 0xf392b7f4 -> 0x6a1dc4be\n"));
    let same = run(&["diff", new, new]);
    assert_eq!(
        text(&same.stdout),
        "layer 222 -> layer 222: 0 added, 0 removed, 0 changed\n"
    );
}

#[test]
fn decode_from_an_argument_and_from_stdin() {
    // auth.cancelCode("+1", "abc")
    let hex = "7805041f 022b3100 03616263";
    let expected =
        "{\"_\": \"auth.cancelCode\", \"phone_number\": \"+1\", \"phone_code_hash\": \"abc\"}\n";
    let out = decode_api(&[hex]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), expected);
    // Two schemas (`--schema` repeated, the files of one separated by commas), hex words after
    // them, and on stdin.
    let out = decode_api(&[
        "--schema",
        "schema/mtproto.tl,schema/mtproto-envelope.tl",
        "7805041f",
        "022b3100",
        "03616263",
    ]);
    assert_eq!(text(&out.stdout), expected, "{}", text(&out.stderr));
    let out = run_with_stdin(
        &[
            "decode",
            "--schema",
            "schema/api.tl",
            "--type",
            "auth.cancelCode",
        ],
        "7805041f\n022b3100\n03616263\n",
    );
    assert_eq!(text(&out.stdout), expected, "{}", text(&out.stderr));
}

/// An `rpc_error` inside an `rpc_result` (MTProto, core.telegram.org/mtproto/service_messages)
/// is named from the error catalogue: numbered, plain and unknown messages.
#[test]
fn decode_names_rpc_errors_from_the_catalogue() {
    let rpc_result = |code: i32, message: &str| {
        let mut bytes = 0xf35c6d01u32.to_le_bytes().to_vec();
        bytes.extend(12345i64.to_le_bytes());
        bytes.extend(0x2144ca19u32.to_le_bytes());
        bytes.extend(code.to_le_bytes());
        bytes.push(message.len() as u8);
        bytes.extend(message.as_bytes());
        while bytes.len() % 4 != 0 {
            bytes.push(0);
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let decode = |hex: &str| {
        run(&[
            "decode",
            "--schema",
            "schema/mtproto.tl,schema/mtproto-envelope.tl",
            "--metadata",
            "schema/telegram-docs.json",
            hex,
        ])
    };
    let out = decode(&rpc_result(420, "FLOOD_WAIT_30"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("\"error_message\": \"FLOOD_WAIT_30\""));
    assert_eq!(
        text(&out.stderr),
        "note: rpc_error 420 FLOOD_WAIT_30 is `FLOOD_WAIT_%d` (codes 420; \
         errors::Error::FloodWait): A wait of %d seconds is required (any method may \
         return it)\n"
    );
    let out = decode(&rpc_result(400, "PHONE_CODE_EXPIRED"));
    let note = text(&out.stderr);
    assert!(
        note.starts_with(
            "note: rpc_error 400 PHONE_CODE_EXPIRED is `PHONE_CODE_EXPIRED` (codes 400; \
             errors::Error::PhoneCodeExpired): The phone code you provided has expired. \
             (documented for account.changePhone,"
        ),
        "{note}"
    );
    let out = decode(&rpc_result(400, "NEW_THING"));
    assert_eq!(
        text(&out.stderr),
        "note: rpc_error 400 NEW_THING is not in the error catalogue\n"
    );
    // Without --metadata: the JSON alone.
    let out = run(&[
        "decode",
        "--schema",
        "schema/mtproto.tl,schema/mtproto-envelope.tl",
        &rpc_result(420, "FLOOD_WAIT_30"),
    ]);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn decode_errors_give_the_offset() {
    // Truncated in the second string.
    let out = decode_api(&["7805041f022b310003"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error: unexpected end of input at byte 8"),
        "{stderr}"
    );
    assert!(
        stderr.contains("byte 8 of 9: 7805041f022b3100 | 03"),
        "{stderr}"
    );
    // The wrong type.
    let out = decode_api(&["--type", "auth.SentCode", "7805041f022b310003616263"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with(
            "error: unexpected constructor 0x1f040578 at byte 0 while reading auth.SentCode"
        ),
        "{}",
        text(&out.stderr)
    );
    let out = decode_api(&["7805041"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("invalid hex"));
}

/// `features --all` is a flag (it used to take the name of the feature that turns every
/// namespace on, so `features --all schema/api.tl` read the file as that name): it adds the
/// `default` line; `--all-feature NAME` names that feature.
#[test]
fn features_all_is_a_flag() {
    let plain = run(&["features", "schema/api.tl"]);
    assert!(plain.status.success(), "{}", text(&plain.stderr));
    let plain = text(&plain.stdout);
    assert!(!plain.contains("default ="), "{plain}");
    assert!(plain.contains("\nnamespaces = [\"account\", "), "{plain}");

    let all = run(&["features", "--all", "schema/api.tl"]);
    assert!(all.status.success(), "{}", text(&all.stderr));
    let all = text(&all.stdout);
    // The same entries, with `default` before them.
    assert_eq!(
        all.replacen("default = [\"namespaces\"]\n", "", 1),
        plain,
        "{all}"
    );
    assert!(
        all.contains("\ndefault = [\"namespaces\"]\nnamespaces = ["),
        "{all}"
    );

    let named = run(&[
        "features",
        "schema/api.tl",
        "--all",
        "--all-feature",
        "every",
    ]);
    assert!(named.status.success(), "{}", text(&named.stderr));
    let named = text(&named.stdout);
    assert!(
        named.contains("\ndefault = [\"every\"]\nevery = [\"account\", "),
        "{named}"
    );
}

/// `features` prints Cargo.toml entries for exactly the features that `generate
/// --namespace-features` writes cfg attributes for.
#[test]
fn features_lists_what_generate_namespace_features_uses() {
    let out = run(&["features", "schema/api.tl"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed: Vec<String> = text(&out.stdout)
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with("namespaces ="))
        .filter_map(|line| line.split_once(" = []").map(|(name, _)| name.to_owned()))
        .collect();
    assert!(listed.contains(&"messages".to_owned()), "{listed:?}");
    assert!(listed.contains(&"auth".to_owned()), "{listed:?}");

    let out = run(&[
        "generate",
        "--namespace-features",
        "schema/api.tl",
        "-o",
        "-",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let code = text(&out.stdout);
    let mut used: Vec<String> = code
        .split("feature = \"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(name, _)| name.to_owned()))
        .collect();
    used.sort();
    used.dedup();
    assert_eq!(used, listed);
    // Without the flag, nothing is conditional.
    let out = run(&["generate", "schema/api.tl", "-o", "-"]);
    assert!(!text(&out.stdout).contains("#[cfg("));
}

/// `generate --split-crates` writes each part as a tree of files into --split-dir and the facade
/// to -o;
/// the facade re-exports every part, and a wrong number of names is an error, not a panic.
#[test]
fn generate_split_crates_writes_every_part_and_a_facade() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("split-crates");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let dir_arg = dir.to_str().expect("UTF-8 path");
    let names = ["p1a", "p1b", "p2a", "p2b", "p3a", "p3b"];
    let out = run(&[
        "generate",
        "schema/api.tl",
        "--split-crates",
        &names.join(","),
        "--split-dir",
        dir_arg,
        "-o",
        "-",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let facade = text(&out.stdout);
    for name in names {
        let part = std::fs::read_to_string(dir.join(format!("{name}.rs"))).expect("part written");
        assert!(
            part.contains("pub mod types;"),
            "{name} declares its modules"
        );
        assert!(
            dir.join(name).join("types.rs").is_file(),
            "{name}'s modules are files of their own"
        );
        assert!(
            facade.contains(&format!("::{name}::")),
            "the facade re-exports {name}"
        );
    }
    // Stage 3 builds on stage 1 and 2.
    let last = std::fs::read_to_string(dir.join("p3b/functions/messages.rs")).expect("written");
    assert!(last.contains("::p1a::") && last.contains("::p2a::"));
    // A file per module, and a large module's items in files by name: none over 512 KiB
    // (issue 23); `types::User` in the file of its letter, included by `types.rs`.
    let files = files_under(&dir);
    assert!(files.len() > 100, "{} files", files.len());
    for file in &files {
        let size = std::fs::metadata(file).unwrap().len();
        assert!(size <= 512 * 1024, "{} is {size} bytes", file.display());
    }
    let holder = names
        .iter()
        .map(|name| dir.join(name).join("types/items-u.rs"))
        .find(|file| {
            std::fs::read_to_string(file).is_ok_and(|code| code.contains("pub struct User {"))
        })
        .expect("types::User in types/items-u.rs of one part");
    let types = std::fs::read_to_string(holder.parent().unwrap().with_extension("rs")).unwrap();
    assert!(types.contains("include!(\"types/items-u.rs\");"), "{types}");
    // A file of a module that is gone does not stay behind.
    std::fs::write(dir.join("p1a/types/items-zz.rs"), "stale").unwrap();
    let again = [
        "generate",
        "schema/api.tl",
        "--no-format",
        "--split-crates",
        "p1a,p1b,p2a,p2b,p3a,p3b",
        "--split-dir",
        dir_arg,
        "-o",
        "-",
    ];
    assert!(run(&again).status.success());
    assert!(!dir.join("p1a/types/items-zz.rs").exists());

    let out = run(&[
        "generate",
        "schema/api.tl",
        "--split-crates",
        "a,b,c",
        "--split-dir",
        dir_arg,
        "-o",
        "-",
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--split-crates takes 6 crate names, not 3"),
        "{}",
        text(&out.stderr)
    );
}

/// `--split-plan FILE` writes where each item went; given again, it is read and the output is
/// the same; a plan with a mistake is an error naming the file and line; `--rebalance`
/// ignores it (issue 23).
#[test]
fn generate_split_plan_is_written_then_kept() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("split-plan");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let plan = dir.join("plan.txt");
    let (dir_arg, plan_arg) = (dir.to_str().unwrap(), plan.to_str().unwrap());
    let generate = |extra: &[&str]| {
        let mut args = vec![
            "generate",
            "schema/api.tl",
            "--split-crates",
            "p1a,p1b,p2a,p2b,p3a,p3b",
            "--split-dir",
            dir_arg,
            "--split-plan",
            plan_arg,
            "-o",
            "-",
        ];
        args.extend(extra);
        run(&args)
    };
    let first = generate(&[]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let written = std::fs::read_to_string(&plan).expect("plan written");
    assert!(
        written.contains("\n1a constructor account.chatThemesNotModified\n"),
        "{written}"
    );
    assert_eq!(
        written
            .lines()
            .filter(|l| !l.starts_with('#') && !l.contains(" files "))
            .count(),
        3_197
    );
    // The large modules' files by name: `types::User` is in part 1b's `types/items-u.rs`.
    assert!(
        written
            .lines()
            .any(|l| l.starts_with("1b files types ") && l.contains(" u ")),
        "{written}"
    );
    let second = generate(&[]);
    assert_eq!(text(&second.stdout), text(&first.stdout));
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), written);

    std::fs::write(&plan, "# hand-edited\n9z type User\n").unwrap();
    let out = generate(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: {plan_arg}: line 2: the part is not one of 1a 1b 2a 2b 3a 3b: `9z type User`\n"
        )
    );
    let out = generate(&["--rebalance"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), written);
}

/// Changed lines (removed + added) between two generated trees, file by file.
fn changed_lines(old: &Path, new: &Path) -> usize {
    let relative = |root: &Path| -> Vec<PathBuf> {
        files_under(root)
            .into_iter()
            .map(|p| p.strip_prefix(root).unwrap().to_path_buf())
            .collect()
    };
    let mut names = relative(old);
    names.extend(relative(new));
    names.sort();
    names.dedup();
    names
        .iter()
        .map(|name| {
            let read = |root: &Path| std::fs::read_to_string(root.join(name)).unwrap_or_default();
            let (a, b) = (read(old), read(new));
            similar::TextDiff::from_lines(&a, &b)
                .iter_all_changes()
                .filter(|c| c.tag() != similar::ChangeTag::Equal)
                .count()
        })
        .sum()
}

/// Issue 23's replay of a layer update, 222 → 230 (tests/fixtures/corpus/telegram-api.tl is
/// layer 222; schema/api.tl layer 230): with the plan kept, the split output changes at most
/// 1.25× as many lines as the unsplit output does (items stay in their crates). Formatted, as
/// the CLI writes by default, the same replay gives 0.96× (CONTRIBUTING.md).
#[test]
fn a_kept_split_plan_keeps_a_layer_update_diff_close_to_the_unsplit_one() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("split-replay");
    let _ = std::fs::remove_dir_all(&root);
    let plan = root.join("plan.txt");
    let generate = |schema: &str, name: &str, split: bool| {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let out_file = dir.join("api.rs");
        let (dir_arg, out_arg, plan_arg) = (
            dir.to_str().unwrap().to_owned(),
            out_file.to_str().unwrap().to_owned(),
            plan.to_str().unwrap().to_owned(),
        );
        // Unformatted (a line per `;` and block): prettyplease in this debug binary would take
        // minutes; the measure of the CLI's default options is in CONTRIBUTING.md.
        let mut args = vec![
            "generate",
            schema,
            "--namespace-features",
            "--no-format",
            "-o",
            &out_arg,
        ];
        if split {
            args.extend([
                "--split-crates",
                "p1a,p1b,p2a,p2b,p3a,p3b",
                "--split-dir",
                &dir_arg,
                "--split-plan",
                &plan_arg,
            ]);
        }
        let out = run(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        dir
    };
    let old = "tests/fixtures/corpus/telegram-api.tl";
    let new = "schema/api.tl";
    let unsplit = changed_lines(&generate(old, "u222", false), &generate(new, "u230", false));
    // The first split run writes the plan (it is absent), the second keeps it.
    let split = changed_lines(&generate(old, "s222", true), &generate(new, "s230", true));
    assert!(unsplit > 10_000, "{unsplit}");
    assert!(
        split * 4 <= unsplit * 5,
        "split {split} changed lines against {unsplit} unsplit"
    );
    let _ = std::fs::remove_dir_all(&root);
}
