#!/usr/bin/env bash
# Writes tlforge-tdlib's generated source from the bundled td_api.tl (TDLib 1.8.66): the one
# command that refreshes it after a change to schema/td_api.tl or to the generator. CI runs it
# into a temporary folder and fails on any difference (tl-codegen-cli/tests/generated_source.rs).
#
# TDLib's JSON interface (`--json tdlib`, issue 36), td_api's own documentation as rustdoc,
# non-exhaustive types (built with `new`, matched with a wildcard arm: a newer td_api breaks no
# code), `PartialEq` and the decoders of functions behind the crate's features.
#
#   scripts/generate-tdlib.sh            # into generated/tdlib/src/td_api.rs and src/td_api/
#   scripts/generate-tdlib.sh DIR        # into DIR/td_api.rs and DIR/td_api/ (for comparing)
#
# A file per module, a large module's items in files by the first letters of their names
# (`--source-tree`): no file over 512 KiB, as for tlforge-types (issue 23).
#
# TLFORGE names the tlforge command to run (default: built from this workspace).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-generated/tdlib/src}
if [ -n "${TLFORGE:-}" ]; then
    codegen=("$TLFORGE")
else
    codegen=(cargo run -q --release -p tlforge-cli --)
fi
mkdir -p "$OUT"
"${codegen[@]}" generate schema/td_api.tl --json tdlib --non-exhaustive \
    --partial-eq-feature partial-eq --function-decoders-feature deserializable-functions \
    --init-structs-feature init \
    --source-tree -o "$OUT/td_api.rs"
