#!/usr/bin/env bash
# Installs the site's Node tools pinned in scripts/site-tools/package-lock.json (Pagefind, which
# indexes the reference site's full text, and playwright-core, which drives Chromium in
# scripts/site-browser-test.sh) into target/site-tools, once per lock file: CI caches them there.
# Prints the directory whose node_modules/.bin holds `pagefind`.
#
#   scripts/site-tools.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/site-tools
if ! command -v npm >/dev/null; then
    echo "error: scripts/site-tools.sh needs Node.js and npm (Debian: apt-get install npm)" >&2
    exit 1
fi
mkdir -p "$dir"
if ! cmp -s scripts/site-tools/package-lock.json "$dir/package-lock.json" ||
    [ ! -x "$dir/node_modules/.bin/pagefind" ]; then
    cp scripts/site-tools/package.json scripts/site-tools/package-lock.json "$dir/"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
echo "$PWD/$dir"
