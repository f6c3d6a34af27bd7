//! Running the `tlforge` binary from the integration tests: from the workspace root, without
//! colour, its output as text.

#![allow(dead_code)] // Each test file uses its own subset.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The workspace root, where `schema/` is.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tlforge"));
    command.args(args).current_dir(root()).env("NO_COLOR", "1");
    command
}

/// Runs the binary with `args`.
pub fn run(args: &[&str]) -> Output {
    command(args).output().expect("the binary runs")
}

/// Runs `tlforge decode --schema schema/api.tl` with `args` after it.
pub fn decode_api(args: &[&str]) -> Output {
    let mut all = vec!["decode", "--schema", "schema/api.tl"];
    all.extend_from_slice(args);
    run(&all)
}

/// Runs `tlforge docs` on the bundled API and, as a second schema, MTProto, into `out_dir`,
/// with `options` first.
pub fn docs_api_and_mtproto(options: &[&str], out_dir: &Path) -> Output {
    let mut all = vec!["docs"];
    all.extend_from_slice(options);
    let out_dir = out_dir.to_str().expect("a UTF-8 path");
    all.extend([
        "-o",
        out_dir,
        "schema/api.tl",
        "--schema",
        "schema/mtproto.tl,schema/mtproto-envelope.tl",
    ]);
    run(&all)
}

/// Runs the binary with `args` and `stdin` on its standard input.
pub fn run_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("written");
    child.wait_with_output().expect("finishes")
}

/// Every file below `dir` (recursively), sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable folder") {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
