#!/usr/bin/env bash
# Builds the HTML reference site of the bundled schemas with mdBook and checks it (issue 22):
# `tlforge docs` writes the Markdown pages with SUMMARY.md, book.toml and the search's script
# and names, `mdbook build` turns them into a browsable site, and Pagefind indexes its full text
# for the search (issue 39). CI runs it after installing mdbook (MDBOOK_VERSION, below);
# Pagefind comes from scripts/site-tools.sh (npm, pinned), or PAGEFIND names the command.
#
#   scripts/docs-site.sh [DIR]      # default DIR: target/site; the HTML is in DIR/book
#
# TLFORGE names the tlforge command to run (default: built from this workspace).
set -euo pipefail
cd "$(dirname "$0")/.."
# The mdBook version CI installs (`cargo install --locked mdbook --version`).
MDBOOK_VERSION=0.4.48
DIR=${1:-target/site}
if [ "${1:-}" = --mdbook-version ]; then
    echo "$MDBOOK_VERSION"
    exit 0
fi
if ! command -v mdbook >/dev/null; then
    echo "error: needs mdbook: cargo install --locked mdbook --version $MDBOOK_VERSION" >&2
    exit 1
fi
if [ -n "${TLFORGE:-}" ]; then
    codegen=("$TLFORGE")
else
    codegen=(cargo run -q --release -p tlforge-cli --)
fi
rm -rf "$DIR"
"${codegen[@]}" docs --metadata schema/telegram-docs.json --rust-crate tlforge_types --output "$DIR" schema/api.tl \
    --schema schema/mtproto.tl,schema/mtproto-envelope.tl
mdbook build "$DIR" 2>&1 | grep -v '^\s*$' | tail -n 3
# The full-text index of the reference pages (not index.html, toc.html, 404.html: they list
# every page), in $DIR/book/pagefind, read by search/search.js.
pagefind=${PAGEFIND:-$(scripts/site-tools.sh)/node_modules/.bin/pagefind}
"$pagefind" --site "$DIR/book" --root-selector main \
    --glob '{methods,constructors,types,errors,mtproto}/**/*.html' >"$DIR/pagefind.log" 2>&1 || {
    cat "$DIR/pagefind.log" >&2
    exit 1
}
grep -E '^\s*Indexed [0-9]+ pages' "$DIR/pagefind.log" | sed 's/^\s*/pagefind: /'

# The seed page's items in its HTML: description, both parameters with their descriptions,
# the result, both errors with their codes, bot usability.
page="$DIR/book/methods/auth.cancelCode.html"
fail=0
for expected in \
    'Cancel the login verification code' \
    '<code>phone_number</code>' 'Phone number' \
    '<code>phone_code_hash</code>' 'Phone code hash from' \
    'Bool' \
    '400' 'PHONE_CODE_EXPIRED' 'The phone code you provided has expired.' \
    '406' 'PHONE_NUMBER_INVALID' 'The phone number is invalid.' \
    'Can bots use this method?' \
    'href="auth.sendCode.html"' 'href="../errors/PHONE_CODE_EXPIRED.html"'; do
    if ! grep -qF -- "$expected" "$page"; then
        echo "error: $page lacks: $expected" >&2
        fail=1
    fi
done
if ! grep -qF 'src="../search/search.js"' "$page"; then
    echo "error: $page does not load the search (search/search.js)" >&2
    fail=1
fi
for file in "$DIR/book/search/names.js" "$DIR/book/pagefind/pagefind.js" \
    "$DIR/book/pagefind/pagefind-entry.json" "$DIR/book/errors/FLOOD_WAIT_%d.html" \
    "$DIR/book/mtproto/methods/req_pq_multi.html" "$DIR/book/index.html"; do
    if [ ! -s "$file" ]; then
        echo "error: $file is missing or empty" >&2
        fail=1
    fi
done
[ "$fail" = 0 ] || exit 1
pages=$(find "$DIR/book" -name '*.html' | wc -l)
echo "site: $pages HTML pages in $DIR/book ($(du -sh "$DIR/book" | cut -f1); search: names" \
    "$(du -sh "$DIR/book/search/names.js" | cut -f1), full-text index $(du -sh "$DIR/book/pagefind" | cut -f1))"
