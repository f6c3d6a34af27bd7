#!/usr/bin/env bash
# Writes tl-types' generated source (generated/src/api.rs and generated/src/mtproto.rs) from the
# bundled schemas: the one command that refreshes it after a change to schema/ or to the
# generator. CI runs it into a temporary folder and fails on any difference
# (tl-codegen-cli/tests/tl_types_source.rs).
#
#   scripts/generate-tl-types.sh            # into generated/src
#   scripts/generate-tl-types.sh DIR        # into DIR (for comparing)
#
# TL_CODEGEN names the tl-codegen command to run (default: built from this workspace).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-generated/src}
if [ -n "${TL_CODEGEN:-}" ]; then
    codegen=("$TL_CODEGEN")
else
    codegen=(cargo run -q --release -p tl-codegen-cli --)
fi
mkdir -p "$OUT"
# The API: rustdoc from the documentation JSON, a cargo feature per namespace (listed in
# generated/Cargo.toml), serde behind tl-types' `serde` feature.
"${codegen[@]}" generate schema/api.tl --metadata schema/telegram-docs.json \
    --namespace-features --serde-feature serde --partial-eq-feature partial-eq \
    --function-decoders-feature deserializable-functions -o "$OUT/api.rs"
# MTProto: the service schema plus the envelope lines restored from the service_messages page.
"${codegen[@]}" generate schema/mtproto.tl schema/mtproto-envelope.tl \
    --serde-feature serde --partial-eq-feature partial-eq \
    --function-decoders-feature deserializable-functions -o "$OUT/mtproto.rs"
