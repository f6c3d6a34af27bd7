//! The crate names are a contract (issue 35): every package that can be published has one of the
//! names below, all free on crates.io when they were chosen, and nothing of ours is called
//! `tl-…` / `tl_…` again (those names belong to unrelated crates: `tl-types`, `tl-codegen`,
//! `tl-runtime`, `tl-parser`). A new crate fails here until it is named on purpose: published
//! under a `tlforge-` name added to this table, or `publish = false`.

use std::path::Path;
use std::process::Command;

/// Directory → package, as issue 35's table gives them, and the crates later issues add.
const PUBLISHED: &[(&str, &str)] = &[
    ("tl-parser", "tlforge-parser"),
    ("tl-codegen", "tlforge-codegen"),
    ("tl-codegen-cli", "tlforge-cli"),
    ("tl-runtime", "tlforge-runtime"),
    ("generated", "tlforge-types"),
    ("generated/errors", "tlforge-types-errors"),
    ("generated/1a", "tlforge-types-1a"),
    ("generated/1b", "tlforge-types-1b"),
    ("generated/2a", "tlforge-types-2a"),
    ("generated/2b", "tlforge-types-2b"),
    ("generated/3a", "tlforge-types-3a"),
    ("generated/3b", "tlforge-types-3b"),
    // TDLib's td_api in its JSON (issue 36).
    ("generated/tdlib", "tlforge-tdlib"),
    // Its client: libtdjson loaded at run time (issue 37).
    ("tl-tdjson", "tlforge-tdjson"),
];

struct Package {
    name: String,
    /// The manifest's directory, relative to the repository root.
    dir: String,
    publishable: bool,
    /// (kind, name) of each target: lib, bin, test, example, bench, custom-build.
    targets: Vec<(String, String)>,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// `cargo metadata --no-deps` of the workspace whose manifest is `manifest` (offline: no
/// dependency is resolved, only the members are read).
fn packages(manifest: &str) -> Vec<Package> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(root())
        .args([
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
        ])
        .args(["--manifest-path", manifest])
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo metadata --manifest-path {manifest}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let root = root().canonicalize().unwrap();
    metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|package| {
            let manifest = Path::new(package["manifest_path"].as_str().unwrap());
            let dir = manifest.parent().unwrap().canonicalize().unwrap();
            let dir = dir
                .strip_prefix(&root)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            // `publish = false` is an empty list of registries; absent (null) means crates.io.
            let publishable = package["publish"]
                .as_array()
                .is_none_or(|registries| !registries.is_empty());
            let targets = package["targets"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|target| {
                    let name = target["name"].as_str().unwrap().to_owned();
                    target["kind"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(move |kind| (kind.as_str().unwrap().to_owned(), name.clone()))
                })
                .collect();
            Package {
                name: package["name"].as_str().unwrap().to_owned(),
                dir,
                publishable,
                targets,
            }
        })
        .collect()
}

fn is_old_name(name: &str) -> bool {
    name.starts_with("tl-") || name.starts_with("tl_")
}

#[test]
fn publishable_packages_are_exactly_the_tables_names_in_their_directories() {
    let packages = packages("Cargo.toml");
    let mut published: Vec<(&str, &str)> = packages
        .iter()
        .filter(|package| package.publishable)
        .map(|package| (package.dir.as_str(), package.name.as_str()))
        .collect();
    published.sort();
    let mut expected = PUBLISHED.to_vec();
    expected.sort();
    assert_eq!(
        published, expected,
        "publishable packages (directory, name) of the workspace; a new crate is either named in \
         issue 35's table (and here) or `publish = false`"
    );
}

#[test]
fn no_package_or_target_of_any_workspace_has_an_old_name() {
    for manifest in ["Cargo.toml", "benches/Cargo.toml", "fuzz/Cargo.toml"] {
        for package in packages(manifest) {
            assert!(
                !is_old_name(&package.name),
                "{manifest}: package {} ({}) is named tl-…: taken on crates.io by unrelated crates",
                package.name,
                package.dir
            );
            for (kind, target) in &package.targets {
                assert!(
                    !is_old_name(target),
                    "{manifest}: {kind} target {target} of {} is named tl…",
                    package.name
                );
            }
        }
    }
}

#[test]
fn the_command_is_tlforge_and_its_library_tlforge_cli() {
    let packages = packages("Cargo.toml");
    let cli = packages
        .iter()
        .find(|package| package.name == "tlforge-cli")
        .expect("tlforge-cli is a member");
    let mut targets: Vec<(&str, &str)> = cli
        .targets
        .iter()
        .filter(|(kind, _)| kind == "bin" || kind == "lib")
        .map(|(kind, name)| (kind.as_str(), name.as_str()))
        .collect();
    targets.sort();
    assert_eq!(targets, [("bin", "tlforge"), ("lib", "tlforge_cli")]);
}
