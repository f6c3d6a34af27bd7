#!/usr/bin/env bash
# Cold-build cost of tlforge-types against grammers-tl-types (issue 5), measured in one run:
# wall time and peak RSS of a cold `cargo build -j2` (debug and release), the time of the crate
# itself (its build script's compilation and run, i.e. code generation, plus the crate's own
# rustc), the size of the generated source and of the rlib, and the ratios ours / grammers.
#
#   scripts/build-time.sh            # takes ~15 minutes on 2 cores (ROUNDS=1: ~9)
#
# Environment: JOBS (default 2), ROUNDS (default 3: every build is repeated, ours and grammers
# alternating, and each number is the median of its rounds), BUILDRS_ONLY=1 (only the build.rs
# routes and grammers' debug build, ~4 minutes), GRAMMERS_VERSION (default =0.11.0), BOT_FEATURES (default
# gzip,auth,bots,help,messages,updates,upload: the namespaces a typical bot calls), KEEP=1 keeps
# the temporary target directories (printed at the end). TDLIB=0 skips, and TDLIB_ONLY=1 runs only,
# issue 36's builds (below; debug only, a few minutes a round). CLIENT=0 skips, and CLIENT_ONLY=1
# runs only, issue 40's client builds (below; debug, about 2 minutes a round).
#
# What is built:
# - ours: `cargo build -p tlforge-types` in this workspace (its Cargo.lock): tlforge-types ships its
#   generated source (api.tl and mtproto.tl, with rustdoc from the documentation JSON), so the
#   build is tlforge-runtime, the six part crates (tlforge-types-1a … -3b, three stages of two that
#   compile side by side) and the tlforge-types facade, no build script; default features (no `partial-eq`,
#   no `deserializable-functions`).
#   "ours-bot" is the same with only the cargo features of a bot's namespaces and typed errors
#   (`--no-default-features --features $BOT_FEATURES`); "ours-noerrors" the default features
#   less `errors` (typed RPC errors, issue 20).
# - ours-buildrs / ours-buildrs-nofmt / ours-buildrs-lean: a throwaway crate whose build.rs
#   generates api.tl (no documentation JSON and no function decoders, as grammers) with
#   `tlforge_codegen::Config`, formatted by prettyplease (feature `format`) or not (default features
#   off, `Config::format(false)`: no syn, no serde), with PartialEq (as grammers) or without
#   (-lean: tlforge-types' default features), and `include!`s it: the route
#   of a user with a schema of their own, against grammers' own build.rs route (debug only).
# - grammers: a throwaway crate under /tmp depending on grammers-tl-types from crates.io with
#   its default features (api.tl only, Debug, From/TryFrom between types and enums, no function
#   decoders), built with `cargo build -p grammers-tl-types`: grammers-tl-types with its build
#   dependencies grammers-tl-gen and grammers-tl-parser.
# - ours-tdlib (issue 36): `cargo build -p tlforge-tdlib` in this workspace: tlforge-runtime with
#   its feature `json` (serde_core without derive, serde_json, base64, itoa) and tlforge-tdlib,
#   whose generated source (TDLib 1.8.66's td_api.tl) is on disk, no build script, default
#   features (no `partial-eq`, no `deserializable-functions`); "ours-tdlib-eq" the same with
#   `partial-eq` (tdlib-rs always derives PartialEq).
# - tdlib-rs: a throwaway crate under /tmp depending on tdlib-rs $TDLIB_RS_VERSION with
#   `default-features = false, features = ["docs"]` (its build script then links no libtdjson;
#   its `extern "C"` block has no `#[link]`), built with `cargo build -p tdlib-rs`: the build
#   script (tdlib-rs-parser and tdlib-rs-gen parse TDLib 1.8.61's td_api.tl and write the
#   source), serde's derive (serde_derive, serde_with and its macros, darling), dirs,
#   futures-channel, log, once_cell, and the crate.
# - client / client-grammers (issue 40): benches/client (tlforge-client-bench) and its twin
#   benches/client-grammers (grammers-client-bench, on grammers-tl-types 0.11 and flate2), the same
#   client work in each (a recorded Updates stream through rpc_result and gzip_packed, 20 methods'
#   requests and answers, their errors matched), built as a user builds their program:
#   "cold" from an empty target directory with CARGO_INCREMENTAL=0 (the library included, as a
#   dependency is built), then, after one untimed incremental build, "incremental": the time of
#   `cargo build` after a one-line edit of the client's own source (its EDIT_MARKER constant), with
#   cargo's default incremental compilation of the client. The `#[inline]` bodies of a library are
#   compiled in the crate that calls them, so this is where a user pays for them on every edit.
# Both start from an empty target directory (sources already downloaded: `cargo fetch` runs
# first, untimed), with the same cargo and CARGO_INCREMENTAL=0 (what a user building either crate
# as a dependency gets). "total" is the whole cold build, dependencies included; "crate" is
# the span of the crate's own units in cargo's --timings report, from the first start to the
# last end (grammers: build script compile + run + lib, one after the other; ours: the parts and
# the facade). Peak RSS is the largest single process (GNU time's maximum
# resident set size over all children), which is the crate's own rustc for both.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JOBS=${JOBS:-2}
ROUNDS=${ROUNDS:-3}
GRAMMERS_VERSION=${GRAMMERS_VERSION:-=0.11.0}
BOT_FEATURES=${BOT_FEATURES:-gzip,errors,auth,bots,help,messages,updates,upload}
# tlforge-types' default features less `errors` (the typed RPC errors, issue 20), to show their cost.
NO_ERRORS_FEATURES=gzip,namespaces
TDLIB_RS_VERSION=${TDLIB_RS_VERSION:-=1.4.0}
TDLIB=${TDLIB:-1}
TDLIB_ONLY=${TDLIB_ONLY:-0}
[ "$TDLIB_ONLY" = 1 ] && TDLIB=1
CLIENT=${CLIENT:-1}
CLIENT_ONLY=${CLIENT_ONLY:-0}
if [ "$CLIENT_ONLY" = 1 ]; then
    CLIENT=1
    TDLIB=0
fi

if [ ! -x /usr/bin/time ] || ! /usr/bin/time -v true >/dev/null 2>&1; then
    echo "error: needs GNU time at /usr/bin/time (Debian: apt-get install -y time)" >&2
    exit 1
fi
if ! command -v python3 >/dev/null; then
    echo "error: needs python3 (to read cargo's --timings report)" >&2
    exit 1
fi

WORK=$(mktemp -d /tmp/tlforge-build-time.XXXXXX)
if [ "${KEEP:-0}" != 1 ]; then
    trap 'rm -rf "$WORK"' EXIT
fi

# The throwaway crate that depends on grammers-tl-types.
mkdir -p "$WORK/grammers-user/src"
cat >"$WORK/grammers-user/Cargo.toml" <<EOF
[package]
name = "grammers-user"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
grammers-tl-types = "$GRAMMERS_VERSION"

[workspace]
EOF
echo 'pub use grammers_tl_types;' >"$WORK/grammers-user/src/lib.rs"

# The throwaway crate that depends on tdlib-rs (issue 36).
mkdir -p "$WORK/tdlib-rs-user/src"
cat >"$WORK/tdlib-rs-user/Cargo.toml" <<EOF
[package]
name = "tdlib-rs-user"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
tdlib-rs = { version = "$TDLIB_RS_VERSION", default-features = false, features = ["docs"] }

[workspace]
EOF
echo 'pub use tdlib_rs;' >"$WORK/tdlib-rs-user/src/lib.rs"

# buildrs_crate NAME FORMAT PARTIAL_EQ: a crate generating ../schema/api.tl in its build.rs.
buildrs_crate() {
    local dir="$WORK/$1" features=""
    # prettyplease is tlforge-codegen's `format` feature; without it no syn is compiled.
    [ "$2" = true ] && features=', features = ["format"]'
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
tlforge-runtime = { path = "$ROOT/tl-runtime" }

[build-dependencies]
tlforge-codegen = { path = "$ROOT/tl-codegen", default-features = false$features }

[workspace]
EOF
    cat >"$dir/build.rs" <<EOF
fn main() {
    // No function decoders, as grammers-tl-types by default; PartialEq as grammers (true) or
    // as tlforge-types' default features (false).
    tlforge_codegen::Config::new()
        .format($2)
        .partial_eq($3)
        .function_decoders(false)
        .output_file("api.rs")
        .compile(&["$ROOT/schema/api.tl"])
        .unwrap();
}
EOF
    echo 'include!(concat!(env!("OUT_DIR"), "/api.rs"));' >"$dir/src/lib.rs"
    # The workspace's versions, so both routes build the same dependencies.
    cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
}
buildrs_crate ours-buildrs true true
buildrs_crate ours-buildrs-nofmt false true
buildrs_crate ours-buildrs-lean false false

echo "fetching sources (untimed)..." >&2
(cd "$ROOT" && cargo fetch -q)
(cd "$WORK/grammers-user" && cargo fetch -q)
(cd "$WORK/ours-buildrs" && cargo fetch -q)
(cd "$WORK/ours-buildrs-nofmt" && cargo fetch -q)
(cd "$WORK/ours-buildrs-lean" && cargo fetch -q)
if [ "$TDLIB" = 1 ]; then
    (cd "$WORK/tdlib-rs-user" && cargo fetch -q)
    TDLIB_RS_RESOLVED=$(cd "$WORK/tdlib-rs-user" &&
        cargo tree -q -p tdlib-rs --depth 0 | awk '{print $2}')
fi
if [ "$CLIENT" = 1 ]; then
    (cd "$ROOT/benches" && cargo fetch -q)
fi
GRAMMERS_RESOLVED=$(cd "$WORK/grammers-user" &&
    cargo tree -q -p grammers-tl-types --depth 0 | awk '{print $2}')

# rustc wrapper: logs "package crate-name wall-seconds max-rss-kb" for each rustc run.
cat >"$WORK/rustc-wrap.sh" <<'EOF'
#!/usr/bin/env bash
name=-
prev=
for arg in "$@"; do
    [ "$prev" = "--crate-name" ] && name=$arg
    prev=$arg
done
stats=$(mktemp)
rc=0
/usr/bin/time -f "%e %M" -o "$stats" "$@" || rc=$?
echo "${CARGO_PKG_NAME:--} $name $(tail -n 1 "$stats")" >>"$BUILD_TIME_RUSTC_LOG"
rm -f "$stats"
exit $rc
EOF
chmod +x "$WORK/rustc-wrap.sh"

# sample_rss_sum OUT: every 0.1 s, the RSS of all rustc processes running at that moment, summed
# (tlforge-types' halves are two rustc at once); OUT holds the largest sum in KB.
sample_rss_sum() {
    local max=0 sum
    while :; do
        # ps fails while no rustc runs; that sum is 0.
        sum=$({ ps -C rustc -o rss= || true; } | awk '{ s += $1 } END { print s + 0 }')
        if [ "$sum" -gt "$max" ]; then
            max=$sum
            echo "$max" >"$1"
        fi
        sleep 0.1
    done
}

# measure NAME PROFILE DIR PACKAGE [FEATURES]: cold build (with only FEATURES, if given);
# writes $WORK/NAME-PROFILE.{time,rustc,units}.
measure() {
    local name=$1 profile=$2 dir=$3 package=$4 features=${5:-}
    local target="$WORK/target-$name-$profile"
    local flags=()
    [ "$profile" = release ] && flags=(--release)
    [ -n "$features" ] && flags+=(--no-default-features --features "$features")
    echo "cold build: $name $profile (-j$JOBS)..." >&2
    rm -rf "$target"
    echo 0 >"$WORK/$name-$profile.rss-sum"
    sample_rss_sum "$WORK/$name-$profile.rss-sum" &
    local sampler=$!
    (
        cd "$dir"
        # Cargo's default release profile, as a crate depending on tlforge-types builds it (the
        # workspace's `release` is cargo's default; the LTO of the tlforge binary is `dist`'s).
        CARGO_TARGET_DIR="$target" CARGO_INCREMENTAL=0 RUSTC_WRAPPER="$WORK/rustc-wrap.sh" \
            BUILD_TIME_RUSTC_LOG="$WORK/$name-$profile.rustc" \
            /usr/bin/time -v -o "$WORK/$name-$profile.time" \
            cargo build -q --offline -j "$JOBS" -p "$package" "${flags[@]}" --timings
    )
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    # The units of cargo's timing report, as "package mode seconds start".
    python3 - "$target/cargo-timings/cargo-timing.html" >"$WORK/$name-$profile.units" <<'EOF'
import json, sys
html = open(sys.argv[1], encoding="utf-8").read()
start = html.index("const UNIT_DATA = ") + len("const UNIT_DATA = ")
end = html.index("];", start) + 1
for unit in json.loads(html[start:end]):
    print(unit["name"], unit["mode"], unit["duration"], unit["start"])
EOF
}

# value FILE KEY: a field of GNU time's -v output.
value() { grep -F "$2" "$1" | sed 's/.*: //'; }
wall_seconds() { # "h:mm:ss" or "m:ss.ss" to seconds
    value "$1" "Elapsed (wall clock)" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'
}
# A crate's packages: tlforge-types is a facade over six part crates (tlforge-types-1a … -3b, two at a
# time); grammers-tl-types and the build.rs crates are one package each.
packages_of() { [ "$1" = tlforge-types ] && echo '^tlforge-types(-[123][ab])?$' || echo "^$1\$"; }
crate_seconds() { # units package: from the first start of its packages' units to the last end
    # (build script compile + run + lib one after the other; tlforge-types' halves side by side).
    awk -v p="$(packages_of "$2")" '$1 ~ p {
        if (n++ == 0 || $4 < first) first = $4
        if ($4 + $3 > last) last = $4 + $3
    } END { printf "%.1f", last - first }' "$1"
}
crate_rss_kb() { # rustc-log package: max RSS of its packages' lib rustc
    awk -v p="$(packages_of "$2")" '$1 ~ p && $2 != "build_script_build" && $4 > m { m = $4 } END { print m + 0 }' "$1"
}
bytes_of() { # files...: total size in bytes of those that exist (an unmatched glob counts 0)
    local files=() file
    for file in "$@"; do [ -e "$file" ] && files+=("$file"); done
    if [ ${#files[@]} -eq 0 ]; then echo 0; else du -cb "${files[@]}" | tail -n 1 | cut -f1; fi
}

declare -A R

# client_measure NAME PACKAGE: issue 40's client (a package of the benches/ workspace) cold, then
# incremental after a one-line edit; records R[NAME.cold_s] and R[NAME.incr_s] for this round.
client_measure() {
    local name=$1 package=$2 target="$WORK/target-$1"
    local lib="$ROOT/benches/${3}/src/lib.rs"
    rm -rf "$target"
    echo "cold build: $name (-j$JOBS)..." >&2
    (cd "$ROOT/benches" && CARGO_TARGET_DIR="$target" CARGO_INCREMENTAL=0 \
        /usr/bin/time -v -o "$WORK/$name.cold.time" cargo build -q --offline -j "$JOBS" -p "$package")
    # Untimed: the same with cargo's default incremental compilation, as a user's `cargo build`.
    (cd "$ROOT/benches" && CARGO_TARGET_DIR="$target" cargo build -q --offline -j "$JOBS" -p "$package")
    echo "incremental build after an edit: $name..." >&2
    cp "$lib" "$WORK/$name.lib.rs"
    sed -i 's/^pub const EDIT_MARKER: u32 = [0-9]*;/pub const EDIT_MARKER: u32 = 1;/' "$lib"
    if cmp -s "$lib" "$WORK/$name.lib.rs"; then
        echo "error: $lib has no line \`pub const EDIT_MARKER: u32 = 0;\` to edit" >&2
        exit 1
    fi
    local rc=0
    (cd "$ROOT/benches" && CARGO_TARGET_DIR="$target" \
        /usr/bin/time -v -o "$WORK/$name.incr.time" cargo build -q --offline -j "$JOBS" -p "$package") || rc=$?
    cp "$WORK/$name.lib.rs" "$lib"
    [ "$rc" = 0 ] || exit "$rc"
    R[$name.cold_s]=$(wall_seconds "$WORK/$name.cold.time")
    R[$name.incr_s]=$(wall_seconds "$WORK/$name.incr.time")
    R[$name.cold_s.rounds]+="${R[$name.cold_s]} "
    R[$name.incr_s.rounds]+="${R[$name.incr_s]} "
    [ "${KEEP:-0}" = 1 ] || rm -rf "$target"
}
collect() { # NAME PROFILE PACKAGE OUT_GLOB RLIB_NAME
    local name=$1 profile=$2 package=$3 out_glob=$4 rlib=$5
    local target="$WORK/target-$name-$profile/$profile"
    local key="$name-$profile"
    R[$key.total_s]=$(wall_seconds "$WORK/$key.time")
    R[$key.rss_kb]=$(value "$WORK/$key.time" "Maximum resident set size")
    R[$key.crate_s]=$(crate_seconds "$WORK/$key.units" "$package")
    R[$key.crate_rss_kb]=$(crate_rss_kb "$WORK/$key.rustc" "$package")
    R[$key.rss_sum_kb]=$(cat "$WORK/$key.rss-sum")
    # shellcheck disable=SC2086 # the glob is meant to expand
    R[$key.src_b]=$(bytes_of $target/build/$out_glob)
    R[$key.rlib_b]=$(bytes_of "$target"/deps/lib"$rlib"-*.rlib "$target"/deps/lib"$rlib"_[123][ab]-*.rlib)
    local field
    for field in total_s rss_kb crate_s crate_rss_kb rss_sum_kb; do
        R[$key.$field.rounds]+="${R[$key.$field]} "
    done
}

median() { # numbers...: their median (the lower middle one of an even count)
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

for round in $(seq "$ROUNDS"); do
    echo "round $round of $ROUNDS" >&2
    if [ "$CLIENT" = 1 ]; then
        # Issue 40: ours and the grammers twin alternate.
        client_measure client tlforge-client-bench client
        client_measure client-grammers grammers-client-bench client-grammers
        [ "$CLIENT_ONLY" = 1 ] && continue
    fi
    if [ "$TDLIB" = 1 ]; then
        # Issue 36: ours and tdlib-rs alternate, so that a change of load hits both.
        measure ours-tdlib debug "$ROOT" tlforge-tdlib
        collect ours-tdlib debug tlforge-tdlib 'tlforge-tdlib-*/out/*.rs' tlforge_tdlib
        measure tdlib-rs debug "$WORK/tdlib-rs-user" tdlib-rs
        collect tdlib-rs debug tdlib-rs 'tdlib-rs-*/out/*.rs' tdlib_rs
        measure ours-tdlib-eq debug "$ROOT" tlforge-tdlib partial-eq
        collect ours-tdlib-eq debug tlforge-tdlib 'tlforge-tdlib-*/out/*.rs' tlforge_tdlib
        [ "$TDLIB_ONLY" = 1 ] && continue
    fi
    for profile in debug release; do
        if [ "${BUILDRS_ONLY:-0}" = 1 ]; then
            # Only what the build.rs rows compare: grammers' debug build.
            [ "$profile" = debug ] || continue
            measure grammers "$profile" "$WORK/grammers-user" grammers-tl-types
            collect grammers "$profile" grammers-tl-types 'grammers-tl-types-*/out/*.rs' \
                grammers_tl_types
            continue
        fi
        measure ours "$profile" "$ROOT" tlforge-types
        collect ours "$profile" tlforge-types 'tlforge-types-*/out/*.rs' tlforge_types
        measure grammers "$profile" "$WORK/grammers-user" grammers-tl-types
        collect grammers "$profile" grammers-tl-types 'grammers-tl-types-*/out/*.rs' \
            grammers_tl_types
        measure ours-bot "$profile" "$ROOT" tlforge-types "$BOT_FEATURES"
        collect ours-bot "$profile" tlforge-types 'tlforge-types-*/out/*.rs' tlforge_types
        measure ours-noerrors "$profile" "$ROOT" tlforge-types "$NO_ERRORS_FEATURES"
        collect ours-noerrors "$profile" tlforge-types 'tlforge-types-*/out/*.rs' tlforge_types
    done
    for name in ours-buildrs ours-buildrs-nofmt ours-buildrs-lean; do
        measure "$name" debug "$WORK/$name" "$name"
        collect "$name" debug "$name" "$name-*/out/*.rs" "${name//-/_}"
    done
done
# Each time and RSS: the median of its rounds (sizes are the same in every round).
for key in "${!R[@]}"; do
    case $key in
        *.rounds)
            # shellcheck disable=SC2086 # one number per word
            R[${key%.rounds}]=$(median ${R[$key]})
            ;;
    esac
done
# The parts' sources are trees of files (src/api.rs, src/api/types/auth.rs, …).
mapfile -t generated_sources < <(find "$ROOT"/generated/[123][ab]/src "$ROOT"/generated/errors/src -name '*.rs')
R[ours-debug.src_b]=$(bytes_of "$ROOT"/generated/src/api.rs "${generated_sources[@]}")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
gib_from_kb() { awk -v k="$1" 'BEGIN { printf "%.2f GiB", k / 1048576 }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t) ? "yes" : "**no**" }'; }

row() { # label ours theirs ours-display theirs-display target
    local r
    r=$(ratio "$2" "$3")
    local target="–" met="–"
    if [ -n "${6:-}" ]; then
        target="≤ $6"
        met=$(verdict "$r" "$6")
    fi
    echo "| $1 | $4 | $5 | $r | $target | $met |"
}

echo
echo "cargo: $(cargo --version); -j$JOBS; CARGO_INCREMENTAL=0; medians of $ROUNDS rounds; tlforge-types from $ROOT" \
    "($(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo 'no git')); grammers-tl-types $GRAMMERS_RESOLVED"
if [ "$TDLIB" = 1 ]; then
    echo
    echo "Issue 36: tlforge-tdlib (TDLib 1.8.66) against tdlib-rs $TDLIB_RS_RESOLVED (feature docs), cold debug" \
        "builds, -j$JOBS, CARGO_INCREMENTAL=0, medians of $ROUNDS rounds (ours, tdlib-rs, ours with partial-eq, in turn)"
    echo
    echo "| measure | tlforge-tdlib | tdlib-rs | ratio | target | met |"
    echo "|---|---:|---:|---:|---|---|"
    o=ours-tdlib-debug e=ours-tdlib-eq-debug t=tdlib-rs-debug
    row "cold build debug, total (wall)" "${R[$o.total_s]}" "${R[$t.total_s]}" \
        "${R[$o.total_s]} s" "${R[$t.total_s]} s" 0.5
    row "cold build debug, the crate itself (tdlib-rs: build script + rustc)" "${R[$o.crate_s]}" \
        "${R[$t.crate_s]}" "${R[$o.crate_s]} s" "${R[$t.crate_s]} s"
    row "peak RSS debug (largest process)" "${R[$o.rss_kb]}" "${R[$t.rss_kb]}" \
        "$(gib_from_kb "${R[$o.rss_kb]}")" "$(gib_from_kb "${R[$t.rss_kb]}")"
    row "rlib size debug" "${R[$o.rlib_b]}" "${R[$t.rlib_b]}" \
        "$(mib "${R[$o.rlib_b]}")" "$(mib "${R[$t.rlib_b]}")"
    row "cold build debug, total, tlforge-tdlib with partial-eq" "${R[$e.total_s]}" "${R[$t.total_s]}" \
        "${R[$e.total_s]} s" "${R[$t.total_s]} s"
    row "cold build debug, the crate itself, with partial-eq" "${R[$e.crate_s]}" "${R[$t.crate_s]}" \
        "${R[$e.crate_s]} s" "${R[$t.crate_s]} s"
    # The generated source: src/td_api.rs, and the tree of files it includes (src/td_api/**).
    mapfile -t tdlib_sources < <(find "$ROOT"/generated/tdlib/src -name '*.rs' ! -name lib.rs)
    tdlib_src=$(bytes_of "${tdlib_sources[@]}")
    row "generated source (ours: generated/tdlib/src/td_api{.rs,/**}; tdlib-rs: OUT_DIR)" "$tdlib_src" \
        "${R[$t.src_b]}" "$(mib "$tdlib_src")" "$(mib "${R[$t.src_b]}")"
    echo
    # shellcheck disable=SC2086 # one number per word
    echo "Rounds (total s): ours" ${R[$o.total_s.rounds]} "; tdlib-rs" ${R[$t.total_s.rounds]} \
        "; ours with partial-eq" ${R[$e.total_s.rounds]}
    # The ratio of each round (ours and tdlib-rs built one after the other, so a change of load
    # hits both alike) and their median: steadier than the ratio of two medians on a shared machine.
    # shellcheck disable=SC2086 # one number per word
    per_round=$(paste -d' ' <(printf '%s\n' ${R[$o.total_s.rounds]}) <(printf '%s\n' ${R[$t.total_s.rounds]}) |
        awk '{ printf "%.2f ", $1 / $2 }')
    # shellcheck disable=SC2086 # one number per word
    per_round_eq=$(paste -d' ' <(printf '%s\n' ${R[$e.total_s.rounds]}) <(printf '%s\n' ${R[$t.total_s.rounds]}) |
        awk '{ printf "%.2f ", $1 / $2 }')
    # shellcheck disable=SC2086 # one number per word
    echo "Ratio per round (total): ${per_round}(median $(median $per_round)); with partial-eq:" \
        "${per_round_eq}(median $(median $per_round_eq))"
    for key in "$o" "$t"; do
        echo "  slowest units of $key: $(sort -k3 -g -r "$WORK/$key.units" | head -n 5 | awk '{ printf "%s %.1f; ", $1, $3 }')"
    done
fi
if [ "$CLIENT" = 1 ]; then
    echo
    echo "Issue 40: a client crate (benches/client) against its twin on grammers-tl-types" \
        "(benches/client-grammers), debug, -j$JOBS, medians of $ROUNDS rounds (ours, twin, in turn)"
    echo
    echo "| measure | tlforge-types client | grammers-tl-types client | ratio | target | met |"
    echo "|---|---:|---:|---:|---|---|"
    o=client t=client-grammers
    row "client cold (library included, CARGO_INCREMENTAL=0)" "${R[$o.cold_s]}" "${R[$t.cold_s]}" \
        "${R[$o.cold_s]} s" "${R[$t.cold_s]} s" 0.40
    row "client rebuilt after a one-line edit (incremental)" "${R[$o.incr_s]}" "${R[$t.incr_s]}" \
        "${R[$o.incr_s]} s" "${R[$t.incr_s]} s" 1.0
    echo
    # shellcheck disable=SC2086 # one number per word
    echo "Rounds (s): cold ours" ${R[$o.cold_s.rounds]} "; twin" ${R[$t.cold_s.rounds]} \
        "; incremental ours" ${R[$o.incr_s.rounds]} "; twin" ${R[$t.incr_s.rounds]}
fi
if [ "$TDLIB_ONLY" = 1 ] || [ "$CLIENT_ONLY" = 1 ]; then
    if [ "${KEEP:-0}" = 1 ]; then
        echo "kept: $WORK"
    fi
    exit 0
fi
echo
echo "| measure | tlforge-types | grammers-tl-types | ratio | target | met |"
echo "|---|---:|---:|---:|---|---|"
for profile in debug release; do
    [ "${BUILDRS_ONLY:-0}" = 1 ] && continue
    o=ours-$profile g=grammers-$profile
    # Issue 40's targets: 0.30 of grammers in debug, 0.25 in release.
    total_target=0.30
    [ "$profile" = release ] && total_target=0.25
    row "cold build $profile, total (wall)" "${R[$o.total_s]}" "${R[$g.total_s]}" \
        "${R[$o.total_s]} s" "${R[$g.total_s]} s" "$total_target"
    row "cold build $profile, the crate itself (codegen + rustc)" "${R[$o.crate_s]}" "${R[$g.crate_s]}" \
        "${R[$o.crate_s]} s" "${R[$g.crate_s]} s"
    row "peak RSS $profile (largest process)" "${R[$o.rss_kb]}" "${R[$g.rss_kb]}" \
        "$(gib_from_kb "${R[$o.rss_kb]}")" "$(gib_from_kb "${R[$g.rss_kb]}")" 0.5
    row "peak RSS $profile, the crate's rustc" "${R[$o.crate_rss_kb]}" "${R[$g.crate_rss_kb]}" \
        "$(gib_from_kb "${R[$o.crate_rss_kb]}")" "$(gib_from_kb "${R[$g.crate_rss_kb]}")"
    row "peak RSS $profile, all rustc at once (sampled)" "${R[$o.rss_sum_kb]}" "${R[$g.rss_sum_kb]}" \
        "$(gib_from_kb "${R[$o.rss_sum_kb]}")" "$(gib_from_kb "${R[$g.rss_sum_kb]}")"
    row "rlib size $profile" "${R[$o.rlib_b]}" "${R[$g.rlib_b]}" \
        "$(mib "${R[$o.rlib_b]}")" "$(mib "${R[$g.rlib_b]}")"
    b=ours-bot-$profile
    # Issue 40's bot target (issue 13's was 0.35) is for debug builds.
    bot_target=""
    [ "$profile" = debug ] && bot_target=0.25
    row "cold build $profile, total, tlforge-types with a bot's features only" \
        "${R[$b.total_s]}" "${R[$g.total_s]}" "${R[$b.total_s]} s" "${R[$g.total_s]} s" "$bot_target"
    row "cold build $profile, the crate itself, a bot's features only" \
        "${R[$b.crate_s]}" "${R[$g.crate_s]}" "${R[$b.crate_s]} s" "${R[$g.crate_s]} s"
    row "peak RSS $profile, a bot's features only" "${R[$b.rss_kb]}" "${R[$g.rss_kb]}" \
        "$(gib_from_kb "${R[$b.rss_kb]}")" "$(gib_from_kb "${R[$g.rss_kb]}")" 0.5
    n=ours-noerrors-$profile
    row "cold build $profile, total, tlforge-types without \`errors\` ($NO_ERRORS_FEATURES)" \
        "${R[$n.total_s]}" "${R[$g.total_s]}" "${R[$n.total_s]} s" "${R[$g.total_s]} s"
    row "peak RSS $profile, without \`errors\`" "${R[$n.rss_kb]}" "${R[$g.rss_kb]}" \
        "$(gib_from_kb "${R[$n.rss_kb]}")" "$(gib_from_kb "${R[$g.rss_kb]}")"
done
for name in ours-buildrs ours-buildrs-nofmt ours-buildrs-lean; do
    b=$name-debug g=grammers-debug
    case $name in
        ours-buildrs) label="format on, PartialEq" ;;
        ours-buildrs-nofmt) label="format off, PartialEq" ;;
        *) label="format off, no PartialEq (tlforge-types' defaults)" ;;
    esac
    label="build.rs route: api.tl through Config, $label"
    row "cold build debug, total, $label" "${R[$b.total_s]}" "${R[$g.total_s]}" \
        "${R[$b.total_s]} s" "${R[$g.total_s]} s" 1.0
    row "cold build debug, the crate itself, $label" "${R[$b.crate_s]}" "${R[$g.crate_s]}" \
        "${R[$b.crate_s]} s" "${R[$g.crate_s]} s"
    row "peak RSS debug, $label" "${R[$b.rss_kb]}" "${R[$g.rss_kb]}" \
        "$(gib_from_kb "${R[$b.rss_kb]}")" "$(gib_from_kb "${R[$g.rss_kb]}")"
done
row "generated source (ours: generated/**/src; grammers: OUT_DIR *.rs)" "${R[ours-debug.src_b]}" \
    "${R[grammers-debug.src_b]}" "$(mib "${R[ours-debug.src_b]}")" "$(mib "${R[grammers-debug.src_b]}")"
echo
echo "A bot's features: $BOT_FEATURES (grammers-tl-types has no per-namespace features)."
echo
echo "Slowest units (seconds) of each build:"
for key in ours-debug ours-bot-debug grammers-debug ours-release ours-bot-release grammers-release; do
    [ -e "$WORK/$key.units" ] || continue
    echo "  $key: $(sort -k3 -g -r "$WORK/$key.units" | head -n 5 | awk '{ printf "%s %.1f; ", $1, $3 }')"
done
if [ "${KEEP:-0}" = 1 ]; then
    echo "kept: $WORK"
fi
