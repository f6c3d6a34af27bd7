#!/usr/bin/env bash
# Writes tl-types' generated source from the bundled schemas: the one command that refreshes it
# after a change to schema/ or to the generator. CI runs it into a temporary folder and fails on
# any difference (tl-codegen-cli/tests/tl_types_source.rs). The API is split in three crates
# that cargo compiles in parallel (`generate --split-crates`, BENCHMARKS.md "Issue 13"):
# generated/base, generated/half1 and generated/half2 (packages tl-types-base, -half1, -half2),
# re-exported by tl-types' src/api.rs.
#
#   scripts/generate-tl-types.sh            # into generated/
#   scripts/generate-tl-types.sh DIR        # into DIR, same layout (for comparing)
#
# TL_CODEGEN names the tl-codegen command to run (default: built from this workspace).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-generated}
if [ -n "${TL_CODEGEN:-}" ]; then
    codegen=("$TL_CODEGEN")
else
    codegen=(cargo run -q --release -p tl-codegen-cli --)
fi
mkdir -p "$OUT/src" "$OUT/base/src" "$OUT/half1/src" "$OUT/half2/src"
SPLIT=$(mktemp -d)
trap 'rm -rf "$SPLIT"' EXIT
# The API: rustdoc from the documentation JSON, a cargo feature per namespace (listed in
# generated/Cargo.toml), serde behind tl-types' `serde` feature.
"${codegen[@]}" generate schema/api.tl --metadata schema/telegram-docs.json \
    --namespace-features --serde-feature serde --partial-eq-feature partial-eq \
    --function-decoders-feature deserializable-functions \
    --split-crates tl_types_base,tl_types_half1,tl_types_half2 --split-dir "$SPLIT" \
    -o "$OUT/src/api.rs"
for part in base half1 half2; do
    mv "$SPLIT/tl_types_$part.rs" "$OUT/$part/src/api.rs"
done
# MTProto: the service schema plus the envelope lines restored from the service_messages page.
"${codegen[@]}" generate schema/mtproto.tl schema/mtproto-envelope.tl \
    --serde-feature serde --partial-eq-feature partial-eq \
    --function-decoders-feature deserializable-functions -o "$OUT/src/mtproto.rs"
