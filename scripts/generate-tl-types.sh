#!/usr/bin/env bash
# Writes tlforge-types' generated files from the bundled schemas: the one command that refreshes
# them after a change to schema/ or to the generator. CI runs it into a temporary folder and
# fails on any difference (tl-codegen-cli/tests/generated_source.rs).
#
# The API is split into six part crates, three stages of two that cargo compiles side by side
# (`generate --split-crates`, BENCHMARKS.md "Issue 13"): generated/1a … generated/3b, packages
# tlforge-types-1a … tlforge-types-3b, each depending on the parts of the earlier stages. Below them all,
# generated/errors (tlforge-types-errors) holds `errors::Error`, the documentation's error catalogue,
# which every part's per-function error enums fall back to (issue 20). tlforge-types'
# src/api.rs re-exports them under the usual paths. Besides the sources, this writes each
# part's Cargo.toml and lib.rs, and the namespace features of generated/Cargo.toml (from
# `tlforge features`; tlforge-types turns each feature on in every part, a part in the parts
# it depends on).
#
#   scripts/generate-tl-types.sh            # into generated/
#   scripts/generate-tl-types.sh DIR        # into DIR, same layout (for comparing)
#   REBALANCE=1 scripts/generate-tl-types.sh  # partition afresh (rewrites generated/split-plan.txt)
#
# TLFORGE names the tlforge command to run (default: built from this workspace).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-generated}
PARTS=(1a 1b 2a 2b 3a 3b)
if [ -n "${TLFORGE:-}" ]; then
    codegen=("$TLFORGE")
else
    codegen=(cargo run -q --release -p tlforge-cli --)
fi
mkdir -p "$OUT/src" "$OUT/errors/src"
# The committed plan of which part each item lives in (issue 23): kept across layer updates, so
# that an update moves only what it must; REBALANCE=1 partitions afresh and rewrites it.
if [ "$OUT" != generated ] && [ -f generated/split-plan.txt ]; then
    cp generated/split-plan.txt "$OUT/split-plan.txt"
fi
for part in "${PARTS[@]}"; do
    mkdir -p "$OUT/$part/src"
done
SPLIT=$(mktemp -d)
trap 'rm -rf "$SPLIT"' EXIT
names=$(printf 'tlforge_types_%s,' "${PARTS[@]}")
# The API: rustdoc from the documentation JSON (with its links, and each item's page on
# core.telegram.org), a cargo feature per namespace, serde behind
# tlforge-types' `serde` feature, non-exhaustive types (built with `new` outside the crate, issue 21).
"${codegen[@]}" generate schema/api.tl --metadata schema/telegram-docs.json \
    --namespace-features --serde-feature serde --partial-eq-feature partial-eq --eq-hash-feature eq-hash --init-structs-feature init \
    --function-decoders-feature deserializable-functions --non-exhaustive \
    --error-types-feature errors --reference-url https://core.telegram.org \
    --split-crates "${names%,}" --errors-crate tlforge_types_errors --split-dir "$SPLIT" \
    --split-plan "$OUT/split-plan.txt" ${REBALANCE:+--rebalance} -o "$OUT/src/api.rs"
# Each part's source is a tree: src/api.rs and a file per module under src/api/
# (tlforge_codegen::source_tree), rewritten whole.
for part in "${PARTS[@]}"; do
    mv "$SPLIT/tlforge_types_$part.rs" "$OUT/$part/src/api.rs"
    rm -rf "$OUT/$part/src/api"
    mv "$SPLIT/tlforge_types_$part" "$OUT/$part/src/api"
done
mv "$SPLIT/tlforge_types_errors.rs" "$OUT/errors/src/errors.rs"
# MTProto: the service schema plus the envelope lines restored from the service_messages page.
# It shares nothing with the API, so it compiles in part 1b, beside the first layer of the
# API's shared items (tlforge-types re-exports it as `tlforge_types::mtproto`).
"${codegen[@]}" generate schema/mtproto.tl schema/mtproto-envelope.tl \
    --serde-feature serde --partial-eq-feature partial-eq --eq-hash-feature eq-hash --init-structs-feature init \
    --function-decoders-feature deserializable-functions --non-exhaustive \
    -o "$OUT/1b/src/mtproto.rs"

if [ "$OUT" != generated ]; then
    cp generated/Cargo.toml "$OUT/Cargo.toml"
fi
FEATURES=$("${codegen[@]}" features schema/api.tl) PARTS="${PARTS[*]}" python3 - "$OUT" <<'PY'
import os, re, sys

out = sys.argv[1]
parts = os.environ["PARTS"].split()
printed = os.environ["FEATURES"].rstrip("\n").split("\n")
entry = re.compile(r"^([a-z0-9_-]+) = \[\](.*)$")
namespaces = [m.group(1) for m in map(entry.match, printed) if m]
# What each part holds (tlforge_codegen::split; the two crates of a stage hold the same kinds).
stages = {
    "1": "the first of three stages: the lower layers of the items both halves of the API use, and the items that use none of them",
    "2": "the second of three stages: the other items both halves of the API use, and the items that use only the lower layers",
    "3": "the last of three stages: the rest of the API's functions and of what they use",
}
roles = {part: stages[part[0]] for part in parts}
roles["1b"] += "; and the MTProto schema"

def write(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))

def published(name):
    """What crates.io shows of a part: tlforge-types' README, its docs.rs page and tlforge-types' keywords."""
    return [
        'readme = "../README.md"',
        f'documentation = "https://docs.rs/{name}"',
        'keywords = ["telegram", "mtproto", "tl", "api", "types"]',
        'categories = ["api-bindings"]',
    ]

def dependencies(part):
    """The parts of the earlier stages."""
    stage = int(part[0])
    return [p for p in parts if int(p[0]) < stage]

def forwarded(name, to):
    return "[" + ", ".join(f'"tlforge-types-{p}/{name}"' for p in to) + "]"

def eq_hash(to):
    """`eq-hash`: `Eq` is derived only beside `PartialEq`, so it brings `partial-eq`."""
    return '["partial-eq", ' + forwarded("eq-hash", to)[1:] if to else '["partial-eq"]'

def namespace_block(to, schema_path, with_all):
    """The namespace features as `tlforge features` prints them, each passed on to `to`."""
    lines = []
    for line in printed:
        line = line.replace("of schema/api.tl", f"of {schema_path}")
        m = entry.match(line)
        if line.startswith("namespaces ="):
            if with_all:
                lines.append(line)
        elif m:
            lines.append(f"{m.group(1)} = {forwarded(m.group(1), to)}{m.group(2)}")
        else:
            lines.append(line)
    return lines

for part in parts:
    deps = dependencies(part)
    serde = ", ".join(['"dep:serde"', '"tlforge-runtime/serde"'] + [f'"tlforge-types-{p}/serde"' for p in deps])
    manifest = [
        "[package]",
        f'name = "tlforge-types-{part}"',
        f'description = "Part of tlforge-types ({roles[part]}); use tlforge-types, which re-exports it"',
        "version.workspace = true",
        "edition.workspace = true",
        "license.workspace = true",
        "rust-version.workspace = true",
        *published(f"tlforge-types-{part}"),
        "",
        "# Written by scripts/generate-tl-types.sh, with src/api.rs: one of the six crates the",
        "# Telegram API is split into so that cargo compiles two at a time (BENCHMARKS.md, issue",
        "# 13). Its features are tlforge-types' own, which turns them on here; a part turns each on in",
        "# the parts it depends on.",
        "[features]",
        "## serde Serialize/Deserialize on every type.",
        f"serde = [{serde}]",
        "## `PartialEq` on every type.",
        f"partial-eq = {forwarded('partial-eq', deps)}",
        "## `Eq` and `Hash` on every type that holds no `f64`, with `PartialEq`.",
        f"eq-hash = {eq_hash(deps)}",
        "## Decoders (`from_bytes`) of functions.",
        f"deserializable-functions = {forwarded('deserializable-functions', deps)}",
        "## `<Name>Init` structs: named construction of every struct with required fields.",
        f"init = {forwarded('init', deps)}",
        "## Typed errors: each function's `<Name>Error` over tlforge-types-errors.",
        "errors = [" + ", ".join(['"dep:tlforge-types-errors"'] + [f'"tlforge-types-{p}/errors"' for p in deps]) + "]",
        "",
        *namespace_block(deps, "../../schema/api.tl", False),
        "",
        "[dependencies]",
        "tlforge-runtime.workspace = true",
        "tlforge-types-errors = { workspace = true, optional = true }",
        "serde = { workspace = true, optional = true }",
        *[f"tlforge-types-{p}.workspace = true" for p in deps],
        "",
    ]
    write(f"{out}/{part}/Cargo.toml", manifest)
    lib = [
        f"//! Part of [tlforge-types](https://docs.rs/tlforge-types): {roles[part]}, generated by",
        "//! tlforge-codegen (`generate --split-crates`). Use tlforge-types, which re-exports every item under",
        "//! its usual path; this crate exists so that cargo compiles the API on two cores.",
        "",
        "// Written by scripts/generate-tl-types.sh; CI fails when it is stale. Formatted by",
        "// prettyplease, not rustfmt.",
        "#[rustfmt::skip]",
        "mod api;",
        "",
        "pub use api::*;",
        "",
    ]
    if part == "1b":
        lib += [
            "/// The MTProto service schema (auth-key exchange and service messages).",
            "#[rustfmt::skip]",
            "pub mod mtproto;",
            "",
        ]
    write(f"{out}/{part}/src/lib.rs", lib)

# The errors crate: no features (every error is always there), no dependency but the runtime.
write(f"{out}/errors/Cargo.toml", [
    "[package]",
    'name = "tlforge-types-errors"',
    'description = "Part of tlforge-types (errors::Error, the error catalogue of the Telegram API documentation); use tlforge-types, which re-exports it"',
    "version.workspace = true",
    "edition.workspace = true",
    "license.workspace = true",
    "rust-version.workspace = true",
    *published("tlforge-types-errors"),
    "",
    "# Written by scripts/generate-tl-types.sh, with src/errors.rs: below the six part crates,",
    "# whose per-function error enums hold an `errors::Error` for every error they do not list.",
    "[dependencies]",
    "tlforge-runtime.workspace = true",
    "",
])
write(f"{out}/errors/src/lib.rs", [
    "//! Part of [tlforge-types](https://docs.rs/tlforge-types): `tlforge_types::errors`, the error catalogue of",
    "//! the Telegram API documentation as one enum, generated by tlforge-codegen (`generate",
    "//! --errors-crate`). Use tlforge-types, which re-exports it; this crate exists because every part",
    "//! crate's function error enums fall back to it.",
    "",
    "// Written by scripts/generate-tl-types.sh; CI fails when it is stale. Formatted by",
    "// prettyplease, not rustfmt.",
    "#[rustfmt::skip]",
    "mod errors;",
    "",
    "pub use errors::*;",
    "",
])

# tlforge-types' own manifest: its features block between the namespace header and the next blank
# line, and every feature passed on to all parts.
path = f"{out}/Cargo.toml"
text = open(path, encoding="utf-8").read().split("\n")
start = next(i for i, l in enumerate(text) if l.startswith("# Cargo features per TL namespace"))
end = next(i for i in range(start, len(text)) if text[i].strip() == "")
text[start:end] = namespace_block(parts, "../schema/api.tl", True)
for i, line in enumerate(text):
    if line.startswith("errors = "):
        text[i] = "errors = [" + ", ".join(['"dep:tlforge-types-errors"'] + [f'"tlforge-types-{p}/errors"' for p in parts]) + "]"
    for name in ["partial-eq", "deserializable-functions", "init"]:
        if line.startswith(f"{name} = "):
            text[i] = f"{name} = {forwarded(name, parts)}"
    if line.startswith("eq-hash = "):
        text[i] = f"eq-hash = {eq_hash(parts)}"
    if line.startswith("serde = "):
        text[i] = "serde = [" + ", ".join(['"dep:serde"', '"tlforge-runtime/serde"'] + [f'"tlforge-types-{p}/serde"' for p in parts]) + "]"
deps = next(i for i, l in enumerate(text) if l == "[dependencies]")
end = next(i for i in range(deps, len(text)) if text[i].strip() == "")
text[deps + 1:end] = ["tlforge-runtime.workspace = true", "tlforge-types-errors = { workspace = true, optional = true }"] + [f"tlforge-types-{p}.workspace = true" for p in parts] + ["serde = { workspace = true, optional = true }"]
write(path, text)
PY
