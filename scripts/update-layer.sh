#!/usr/bin/env bash
# Updates the bundled Telegram API schema (schema/api.tl) to a new layer with the project's own
# tools, as a user of tlforge would update theirs:
#
#   scripts/update-layer.sh path/to/new/api.tl      # e.g. grammers-tl-types' tl/api.tl
#
# 1. `tlforge check` the new file (errors stop here; warnings are shown);
# 2. `tlforge diff` it against schema/api.tl: what the layer adds, removes and changes;
# 3. copy it to schema/api.tl, regenerate tlforge-types' committed source
#    (scripts/generate-tl-types.sh, which writes the namespace features of
#    generated/Cargo.toml and its part crates too, from `tlforge features`);
# 4. `cargo test --workspace` (NO_TEST=1 skips it), then `git diff --stat` of what changed.
#
# Fetching is not part of it (CI has no network): download the file first. A file equal to
# schema/api.tl prints "no changes" and touches nothing. Afterwards: update schema/SOURCES.md
# (origin, sha256), review the diff of generated/**/src, fix the tests that name changed items.
# TLFORGE names the tlforge command to run (default: built from this workspace).
set -euo pipefail
if [ $# -ne 1 ]; then
    echo "usage: $0 NEW_API.tl" >&2
    exit 2
fi
new=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
if [ -n "${TLFORGE:-}" ]; then
    codegen=("$TLFORGE")
else
    cargo build -q --release -p tlforge-cli
    codegen=(target/release/tlforge)
fi

echo "== check $new"
"${codegen[@]}" check "$new"
if cmp -s "$new" schema/api.tl; then
    echo "no changes: $new is schema/api.tl"
    exit 0
fi
echo "== diff schema/api.tl $new"
"${codegen[@]}" diff schema/api.tl "$new" | head -n 1
"${codegen[@]}" diff schema/api.tl "$new" >target/layer-update.diff.txt || true
echo "(full list: target/layer-update.diff.txt)"

echo "== schema/api.tl, generated/**/src, generated/**/Cargo.toml"
cp "$new" schema/api.tl
TLFORGE="${codegen[*]}" scripts/generate-tl-types.sh

if [ "${NO_TEST:-0}" != 1 ]; then
    echo "== cargo test --workspace"
    cargo test -q --workspace
fi
echo "== changed"
git diff --stat
