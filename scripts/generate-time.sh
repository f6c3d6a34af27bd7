#!/usr/bin/env bash
# The generator as a user runs it (issue 24): wall time and peak RSS of the whole process
# `tlforge generate schema/api.tl -o FILE` (built with the `dist` profile, as released),
# formatted and not, on every core and on one thread (`--jobs 1`), beside grammers' generator
# on the same file (benches/examples/grammers_generate.rs: grammers-tl-parser + grammers-tl-gen
# with the configuration of grammers-tl-types' default features, writing its four files), in
# one run.
#
#   scripts/generate-time.sh          # ~3 minutes, most of it building both binaries
#
# Environment: ROUNDS (default 21): the commands run one after the other, round after round,
# and each number is the median of its rounds; SCHEMA (default schema/api.tl); BEFORE=PATH adds
# rows for another `tlforge` binary (an earlier commit's), formatted and not.
# Prints a table: median wall time, ratio to grammers' median, median peak RSS.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-21}
SCHEMA=${SCHEMA:-$ROOT/schema/api.tl}

# Ours as released: the workspace's `dist` profile (fat LTO, one codegen unit). grammers' with
# its workspace's release profile (LTO does nothing for it: BENCHMARKS.md, issue 24).
cargo build --quiet --profile dist --manifest-path "$ROOT/Cargo.toml" -p tlforge-cli
cargo build --quiet --release --manifest-path "$ROOT/benches/Cargo.toml" --example grammers_generate
OURS=$ROOT/target/dist/tlforge
THEIRS=$ROOT/benches/target/release/examples/grammers_generate

WORK=$(mktemp -d /tmp/tlforge-generate-time.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

python3 - "$ROUNDS" "$WORK" "$OURS" "$THEIRS" "$SCHEMA" "${BEFORE:-}" <<'EOF'
import os, statistics, subprocess, sys, time

rounds, work, ours, theirs, schema, before = int(sys.argv[1]), *sys.argv[2:]
out = os.path.join(work, "out.rs")
commands = {
    "grammers (parse + generate + write)": [theirs, schema, work],
    "ours, formatted": [ours, "generate", schema, "-o", out],
    "ours, formatted, --jobs 1": [ours, "generate", "--jobs", "1", schema, "-o", out],
    "ours, --no-format": [ours, "generate", "--no-format", schema, "-o", out],
    "ours, --no-format, --jobs 1": [ours, "generate", "--no-format", "--jobs", "1", schema, "-o", out],
}
if before:
    commands["before (BEFORE), formatted"] = [before, "generate", schema, "-o", out]
    commands["before (BEFORE), --no-format"] = [before, "generate", "--no-format", schema, "-o", out]

def run(argv):
    """Wall time (s) and peak RSS (KiB) of one process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed: {' '.join(argv)}")
    return elapsed, usage.ru_maxrss

samples = {name: [] for name in commands}
for name, argv in commands.items():  # warm the page cache
    run(argv)
for _ in range(rounds):
    for name, argv in commands.items():
        samples[name].append(run(argv))

base = statistics.median(t for t, _ in samples["grammers (parse + generate + write)"])
print(f"{'process':<34} {'median':>9} {'/ grammers':>10} {'peak RSS':>10}   ({rounds} rounds)")
for name, values in samples.items():
    wall = statistics.median(t for t, _ in values)
    rss = statistics.median(r for _, r in values) / 1024
    print(f"{name:<34} {wall * 1000:7.1f} ms {wall / base:10.2f} {rss:7.1f} MiB")
EOF
