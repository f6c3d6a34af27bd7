#!/usr/bin/env bash
# Rewrites the namespace features of tl-types and of its three part crates from schema/api.tl
# (`tl-codegen features`), after a layer adds or removes a namespace:
#
#   scripts/update-features.sh
#
# generated/Cargo.toml turns each namespace on in every part (tl-types-base, -half1, -half2);
# the base declares it plainly and each half passes it on to the base, whose items it uses.
# tests/tests/namespace_features.rs fails while the manifests are stale.
# TL_CODEGEN names the tl-codegen command to run (default: built from this workspace).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${TL_CODEGEN:-}" ]; then
    codegen=("$TL_CODEGEN")
else
    codegen=(cargo run -q --release -p tl-codegen-cli --)
fi
FEATURES=$("${codegen[@]}" features schema/api.tl) python3 - <<'PY'
import os, re

PARTS = ["tl-types-base", "tl-types-half1", "tl-types-half2"]
ENTRY = re.compile(r"^([a-z0-9_-]+) = \[\](.*)$")
printed = os.environ["FEATURES"].rstrip("\n").split("\n")

def block(forward, schema_path, with_namespaces):
    """The features block of one manifest: forward(name) is what a namespace turns on."""
    out = []
    for line in printed:
        line = line.replace("of schema/api.tl", f"of {schema_path}")
        entry = ENTRY.match(line)
        if line.startswith("namespaces ="):
            if with_namespaces:
                out.append(line)
        elif entry:
            name, rest = entry.groups()
            values = ", ".join(f'"{v}"' for v in forward(name))
            out.append(f"{name} = [{values}]{rest}")
        else:
            out.append(line)
    return out

def rewrite(path, lines):
    # The block starts with the features header and ends at the next blank line.
    text = open(path, encoding="utf-8").read().split("\n")
    start = next(i for i, l in enumerate(text) if l.startswith("# Cargo features per TL namespace"))
    end = next(i for i in range(start, len(text)) if text[i].strip() == "")
    text[start:end] = lines
    open(path, "w", encoding="utf-8").write("\n".join(text))

rewrite("generated/Cargo.toml",
        block(lambda n: [f"{p}/{n}" for p in PARTS], "../schema/api.tl", True))
rewrite("generated/base/Cargo.toml", block(lambda n: [], "../../schema/api.tl", False))
for half in ["half1", "half2"]:
    rewrite(f"generated/{half}/Cargo.toml",
            block(lambda n: [f"tl-types-base/{n}"], "../../schema/api.tl", False))
PY
