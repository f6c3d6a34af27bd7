//! tlforge-types and tlforge-tdlib ship their generated files. tlforge-types': the facade generated/src/api.rs, the six crates the API
//! is split into (generated/1a … 3b: src/api.rs and a file per module under src/api/,
//! Cargo.toml, src/lib.rs; MTProto is
//! generated/1b/src/mtproto.rs) and the features of generated/Cargo.toml. This regenerates them
//! with the documented command, scripts/generate-tl-types.sh, run with this build's binary, and
//! fails with a unified diff naming the items when a committed file is stale.

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use common::{files_under, root};
use similar::{DiffTag, TextDiff};

/// tlforge-types' own files under generated/, which the script does not write.
const HAND_WRITTEN: [&str; 2] = ["src/lib.rs", "README.md"];

/// Hunks shown per stale file; the rest are counted.
const HUNKS_SHOWN: usize = 8;

#[test]
fn tlforge_types_source_is_fresh() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tlforge-types-source");
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new("bash")
        .arg(root().join("scripts/generate-tl-types.sh"))
        .arg(&out)
        .env("TLFORGE", env!("CARGO_BIN_EXE_tlforge"))
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    assert!(
        run.status.success(),
        "scripts/generate-tl-types.sh failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut report = String::new();
    // Relative to `out`, with `/` separators.
    let files: Vec<String> = files_under(&out)
        .iter()
        .map(|path| {
            let relative = path.strip_prefix(&out).expect("below out");
            let parts: Vec<_> = relative.iter().map(|p| p.to_string_lossy()).collect();
            parts.join("/")
        })
        .collect();
    // The sources, the part crates' manifests and lib.rs, tlforge-types' Cargo.toml.
    assert!(files.len() >= 3 * 6 + 3, "{files:?}");
    for file in &files {
        let committed_path = root().join("generated").join(file);
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        let fresh = std::fs::read_to_string(out.join(file)).expect("the script wrote it");
        if committed != fresh {
            report.push_str(&stale(&format!("generated/{file}"), &committed, &fresh));
        }
    }
    // A file the script no longer writes (a module that is gone) must not stay committed.
    // (tlforge-types' own files are written by hand.)
    let generated = root().join("generated");
    for path in files_under(&generated) {
        let relative = path.strip_prefix(&generated).expect("below generated");
        // tlforge-tdlib: scripts/generate-tdlib.sh, below.
        if relative.starts_with("tdlib") {
            continue;
        }
        let parts: Vec<_> = relative.iter().map(|p| p.to_string_lossy()).collect();
        let file = parts.join("/");
        if !HAND_WRITTEN.contains(&file.as_str()) && !files.contains(&file) {
            let _ = writeln!(report, "generated/{file}: no longer generated; delete it");
        }
        // Issue 23: forges render, and reviewers read, files up to this size; a file that
        // grew past it over layer updates is regrouped by `REBALANCE=1` (CONTRIBUTING.md).
        let size = std::fs::metadata(&path).expect("readable file").len();
        if size > 512 * 1024 {
            let _ = writeln!(
                report,
                "generated/{file}: {size} bytes, over 512 KiB; rebalance (CONTRIBUTING.md)"
            );
        }
    }
    assert!(
        report.is_empty(),
        "tlforge-types' generated source is stale; refresh it with `scripts/generate-tl-types.sh` \
         and review the diff:\n{report}"
    );
}

/// tlforge-tdlib's source (generated/tdlib/src: td_api.rs and a file per module under td_api/),
/// regenerated with scripts/generate-tdlib.sh: stale, missing or extra files fail with a diff.
#[test]
fn tlforge_tdlib_source_is_fresh() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tlforge-tdlib-source");
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new("bash")
        .arg(root().join("scripts/generate-tdlib.sh"))
        .arg(&out)
        .env("TLFORGE", env!("CARGO_BIN_EXE_tlforge"))
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    assert!(
        run.status.success(),
        "scripts/generate-tdlib.sh failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let relative = |base: &Path, path: &Path| {
        let parts: Vec<_> = path
            .strip_prefix(base)
            .expect("below its base")
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        parts.join("/")
    };
    let files: Vec<String> = files_under(&out)
        .iter()
        .map(|p| relative(&out, p))
        .collect();
    assert!(files.len() > 100, "{files:?}");
    let committed_dir = root().join("generated/tdlib/src");
    let mut report = String::new();
    for file in &files {
        let committed = std::fs::read_to_string(committed_dir.join(file)).unwrap_or_default();
        let fresh = std::fs::read_to_string(out.join(file)).expect("the script wrote it");
        if committed != fresh {
            report.push_str(&stale(
                &format!("generated/tdlib/src/{file}"),
                &committed,
                &fresh,
            ));
        }
    }
    for path in files_under(&committed_dir) {
        let file = relative(&committed_dir, &path);
        if file != "lib.rs" && !files.contains(&file) {
            let _ = writeln!(
                report,
                "generated/tdlib/src/{file}: no longer generated; delete it"
            );
        }
        let size = std::fs::metadata(&path).expect("readable file").len();
        if size > 512 * 1024 {
            let _ = writeln!(
                report,
                "generated/tdlib/src/{file}: {size} bytes, over 512 KiB"
            );
        }
    }
    assert!(
        report.is_empty(),
        "tlforge-tdlib's generated source is stale; refresh it with `scripts/generate-tdlib.sh` \
         and review the diff:\n{report}"
    );
}

/// A unified diff of `committed` → `fresh`, each hunk headed by the item it is in.
fn stale(name: &str, committed: &str, fresh: &str) -> String {
    let diff = TextDiff::from_lines(committed, fresh);
    let lines: Vec<&str> = committed.lines().collect();
    let mut out = format!("--- {name} (committed)\n+++ {name} (regenerated)\n");
    let unified = diff.unified_diff();
    let hunks: Vec<_> = unified.iter_hunks().collect();
    for hunk in hunks.iter().take(HUNKS_SHOWN) {
        // The first changed line, not the context before it.
        let start = hunk
            .ops()
            .iter()
            .find(|op| op.tag() != DiffTag::Equal)
            .map_or(0, |op| op.old_range().start)
            .min(lines.len());
        let item = item_of(&lines, start);
        let _ = write!(out, "in `{item}`:\n{hunk}");
    }
    if hunks.len() > HUNKS_SHOWN {
        let _ = writeln!(out, "... and {} more hunks", hunks.len() - HUNKS_SHOWN);
    }
    out
}

/// The item that line `at` belongs to: the one its docs and attributes stand on, or else the
/// one it is inside.
fn item_of<'a>(lines: &[&'a str], at: usize) -> &'a str {
    let mut below = lines[at..].iter().map(|line| line.trim());
    let attached = below
        .find(|line| !(line.starts_with("///") || line.starts_with("#[")))
        .filter(|line| is_item_start(line));
    attached
        .or_else(|| {
            lines[..at]
                .iter()
                .rev()
                .map(|line| line.trim())
                .find(|line| is_item_start(line))
        })
        .unwrap_or("(file start)")
}

fn is_item_start(line: &str) -> bool {
    ["pub struct ", "pub enum ", "pub mod ", "pub fn ", "impl"]
        .iter()
        .any(|start| line.starts_with(start))
}

#[test]
fn stale_report_names_the_item() {
    let committed = "pub mod functions {\n    pub struct CancelCode {\n        pub phone_number: String,\n        pub phone_code_hash: String,\n    }\n}\n";
    let fresh = committed.replace("phone_number", "phone");
    let report = stale("api.rs", committed, &fresh);
    assert!(report.contains("in `pub struct CancelCode {`:"), "{report}");
    assert!(
        report.contains("-        pub phone_number: String,"),
        "{report}"
    );
    assert!(report.contains("+        pub phone: String,"), "{report}");
    // A change in the docs of an item is reported as that item's.
    let committed = "pub struct A {}\n/// Old doc.\n#[derive(Debug)]\npub struct B {}\n";
    let report = stale("api.rs", committed, &committed.replace("Old", "New"));
    assert!(report.contains("in `pub struct B {}`:"), "{report}");
}
