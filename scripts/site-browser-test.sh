#!/usr/bin/env bash
# The reference site in headless Chromium (issue 39): serves the site built by
# scripts/docs-site.sh on 127.0.0.1 and runs scripts/site-browser-test.mjs, which prints one line
# per search query, `QUERY -> FIRST RESULT'S PAGE (N bytes loaded, T ms)`, checks auth.cancelCode's
# rendered page, and fails on a wrong first result, over 3 MB or over 1 s. Screenshots of a
# search and of the page go to target/site-browser/.
#
#   scripts/site-browser-test.sh [SITE_DIR]    # default: target/site (the HTML in SITE_DIR/book)
#
# Needs Chromium's headless shell (Debian: apt-get install chromium-headless-shell; CHROMIUM
# names another binary), Node.js, and python3 for the server.
set -euo pipefail
cd "$(dirname "$0")/.."
site=${1:-target/site}
[ -f "$site/book/index.html" ] && site="$site/book"
if [ ! -f "$site/index.html" ] || [ ! -f "$site/search/search.js" ]; then
    echo "error: $site is not a site built by scripts/docs-site.sh (no index.html and search/search.js)" >&2
    exit 1
fi
chromium=${CHROMIUM:-$(command -v chromium-headless-shell || true)}
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
    echo "error: needs Chromium's headless shell: apt-get install chromium-headless-shell (or CHROMIUM=/path)" >&2
    exit 1
fi
tools=$(scripts/site-tools.sh)
shots=target/site-browser
mkdir -p "$shots"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >"$shots/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/index.html')" 2>/dev/null && break
    sleep 0.1
done
node scripts/site-browser-test.mjs "http://127.0.0.1:$port/" "$chromium" "$shots" "$tools"
echo "site: $(du -sh "$site" | cut -f1) in $(find "$site" -type f | wc -l) files; screenshots in $shots/"
