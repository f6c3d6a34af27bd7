//! Standard output closed by its reader (`tlforge features … | head`): every subcommand that
//! writes to it ends quietly and successfully, as the binary really runs.

mod common;

use common::{root, text};

use std::io::Read as _;
use std::process::{Command, Stdio};

/// Runs the binary with `args`, its standard output a pipe whose reader reads `keep` bytes (none:
/// the pipe is closed before the command writes anything) and then closes it; gives the exit
/// status and standard error.
fn with_stdout_closed(args: &[&str], keep: usize) -> (std::process::ExitStatus, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tlforge"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdout = child.stdout.take().expect("stdout");
    if keep > 0 {
        let mut first = vec![0; keep];
        stdout.read_exact(&mut first).expect("the first bytes");
    }
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr is read");
    (child.wait().expect("the binary ends"), stderr)
}

#[test]
fn a_closed_stdout_ends_every_subcommand_quietly() {
    let docs_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("stdout-closed-docs");
    let _ = std::fs::remove_dir_all(&docs_dir);
    let docs_dir = docs_dir.to_str().expect("a UTF-8 path");
    let commands: [&[&str]; 7] = [
        &["check", "schema/api.tl"],
        &["dump", "schema/api.tl"],
        &[
            "generate",
            "schema/mtproto.tl",
            "schema/mtproto-envelope.tl",
            "-o",
            "-",
        ],
        &["docs", "-o", docs_dir, "schema/mtproto.tl"],
        &["diff", "schema/mtproto.tl", "schema/api.tl"],
        &[
            "decode",
            "--schema",
            "schema/api.tl",
            "7805041f0b37393939313233343536370661626364656600",
        ],
        &["features", "schema/api.tl"],
    ];
    for args in commands {
        let (status, stderr) = with_stdout_closed(args, 0);
        // Each writes nothing to stderr on these files, its output notwithstanding.
        assert_eq!(stderr, "", "{args:?}");
        assert!(status.success(), "{args:?}: {status}");
    }
    // Closed after the first bytes, in the middle of a long output (`| head -c 100`): the
    // schema as JSON is megabytes, far more than a pipe holds.
    let (status, stderr) = with_stdout_closed(&["dump", "schema/api.tl"], 100);
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert!(status.success(), "{status}: {stderr}");
    // And `--help`, which clap writes.
    let (status, stderr) = with_stdout_closed(&["features", "--help"], 0);
    assert_eq!((status.success(), stderr.as_str()), (true, ""));
}

/// A closed standard output is the one write error that is not an error: a file that cannot be
/// written still fails the command.
#[test]
fn other_write_errors_still_fail() {
    let out = common::run(&[
        "generate",
        "schema/mtproto.tl",
        "-o",
        "/nonexistent-dir/out.rs",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("error"), "{}", text(&out.stderr));
}
