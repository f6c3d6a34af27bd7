//! README's commands, run as README writes them: its first command (the bundled schemas with
//! their documentation) and the `decode` example of its command-line section.

mod common;

use common::{root, text};

use std::path::Path;
use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).expect("README.md")
}

/// The words of a shell command line, without its trailing `# comment` (README's commands
/// quote nothing).
fn words(line: &str) -> Vec<&str> {
    let line = line.split(" #").next().unwrap_or(line);
    line.split_whitespace().collect()
}

/// README's first command (the first line of its first block) writes, with exactly its
/// arguments, what the text after it describes: typed errors (`CancelCodeError`), `BotCallable`
/// from the documentation, and `#[non_exhaustive]` types.
#[test]
fn the_first_command_generates_what_the_readme_describes() {
    let readme = readme();
    let block = readme.split("```sh\n").nth(1).expect("a first sh block");
    let line = block.lines().next().expect("its first line");
    let words = words(line);
    let prefix = ["cargo", "run", "--release", "-p", "tlforge-cli", "--"];
    assert_eq!(&words[..prefix.len()], prefix, "{line}");
    let args = &words[prefix.len()..];
    assert_eq!(args[0], "generate", "{line}");
    let output = args
        .iter()
        .position(|a| *a == "-o" || *a == "--output")
        .map(|i| args[i + 1])
        .expect("an output file");
    // Its files are the repository's own.
    for arg in args.iter().filter(|a| a.starts_with("schema/")) {
        assert!(root().join(arg).is_file(), "{arg} of {line}");
    }

    // Run in a folder of its own, which sees the repository's `schema/`, so that the output
    // lands there and not in the checkout.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-first-command");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    link_or_copy(&root().join("schema"), &dir.join("schema"));
    let out = Command::new(env!("CARGO_BIN_EXE_tlforge"))
        .args(args)
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "{line}: {}", text(&out.stderr));
    let code = std::fs::read_to_string(dir.join(output)).expect("the generated file");
    for expected in [
        "pub enum CancelCodeError",
        "type Error = CancelCodeError;",
        "BotCallable for SendMessage",
        "#[non_exhaustive]",
    ] {
        assert!(
            code.contains(expected),
            "{line}: no `{expected}` in its output"
        );
    }
}

#[cfg(unix)]
fn link_or_copy(from: &Path, to: &Path) {
    std::os::unix::fs::symlink(from, to).expect("a symbolic link");
}

#[cfg(not(unix))]
fn link_or_copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The command-line section's `decode` example is complete (no `…`), names files of the
/// repository and decodes what it says, run as written from the repository's root.
#[test]
fn the_decode_example_runs_as_written() {
    let readme = readme();
    let start = readme
        .find("From the command line")
        .expect("the CLI section");
    let line = readme[start..]
        .lines()
        .find(|line| line.starts_with("tlforge decode "))
        .expect("a decode example");
    assert!(!line.contains('…'), "{line}");
    let words = words(line);
    for (i, word) in words.iter().enumerate() {
        if *word == "--schema" {
            for file in words[i + 1].split(',') {
                assert!(root().join(file).is_file(), "{file} of {line}");
            }
        }
    }
    let out = common::run(&words[1..]);
    assert!(out.status.success(), "{line}: {}", text(&out.stderr));
    let json = text(&out.stdout);
    assert!(
        json.starts_with("{\"_\": \"auth.cancelCode\""),
        "{line}: {json}"
    );
}
