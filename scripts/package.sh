#!/usr/bin/env bash
# Packages every crate a user would install, as `cargo publish` would, with verification (each
# .crate unpacked and built on its own, the workspace's other crates as if published), and
# checks each against crates.io's 10 MB limit (issue 23). The crates marked `publish = false`
# (tests, examples) are left out: `cargo package --workspace` packages them too, and their
# sources reach outside their directories by design (fixtures, a shared build script).
set -euo pipefail
cd "$(dirname "$0")/.."
excluded=$(cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys
for package in json.load(sys.stdin)["packages"]:
    if package["publish"] == []:
        print("--exclude", package["name"])
')
# A renamed crate must not leave its old .crate to be measured below.
rm -f target/package/*.crate
# Cargo unpacks the packaged crates of its temporary registry (target/package/tmp-registry)
# under $CARGO_HOME/registry/src/-<hash of that path>/ and reuses an unpacked NAME-VERSION it
# finds there: on a machine that packaged this checkout before, verification would build the
# previous run's sources (CI failed so: tlforge-cli against an older tlforge-codegen). Our
# version numbers do not change between commits, so drop those copies first.
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/tlforge-*
# shellcheck disable=SC2086 # one word per argument
cargo package --workspace $excluded "$@" 2>&1 | tee target/package.log
if grep -q '^warning' target/package.log; then
    echo "error: cargo package warned (above)" >&2
    exit 1
fi
limit=$((10 * 1000 * 1000))
for crate in target/package/*.crate; do
    size=$(stat -c %s "$crate")
    echo "$(basename "$crate"): $size bytes"
    if [ "$size" -gt "$limit" ]; then
        echo "error: $crate is over crates.io's 10 MB limit" >&2
        exit 1
    fi
done
