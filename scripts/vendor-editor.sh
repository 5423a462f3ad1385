#!/usr/bin/env bash
# Vendors the Trix rich-text editor (npm package "trix", MIT) for the newsroom.
#
# Why vendored: the built files are committed under web/static/vendor/trix/ and
# embedded into the Go binary with the rest of web/static, so `go build` and CI
# need no Node, no npm and no network. To upgrade, change TRIX_VERSION below,
# run this script from anywhere (it needs npm and the npm registry), check the
# editor in a browser, and commit the changed files.
#
# Base names must be unique across web/static/ (the server serves every file by
# base name plus a content hash), hence trix-LICENSE.txt, not LICENSE.
#
# trix.umd.min.js bundles DOMPurify (dual licensed MPL-2.0 / Apache-2.0); its
# licence text is copied alongside as dompurify-LICENSE.txt.
set -euo pipefail

TRIX_VERSION=2.1.19

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest="$root/web/static/vendor/trix"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

npm install --no-save --no-audit --no-fund --ignore-scripts --prefix "$tmp" "trix@$TRIX_VERSION" >/dev/null
pkg="$tmp/node_modules/trix"

installed=$(node -p 'require(process.argv[1]).version' "$pkg/package.json")
if [ "$installed" != "$TRIX_VERSION" ]; then
	echo "expected trix $TRIX_VERSION, npm installed $installed" >&2
	exit 1
fi
integrity=$(npm view "trix@$TRIX_VERSION" dist.integrity)
# Which DOMPurify the minified bundle carries (from its @license banner).
purify=$(grep -o 'DOMPurify [0-9][0-9.]*' "$pkg/dist/trix.umd.min.js" | head -n1 || true)

mkdir -p "$dest"
cp "$pkg/dist/trix.umd.min.js" "$dest/trix.umd.min.js"
cp "$pkg/dist/trix.css" "$dest/trix.css"
cp "$pkg/LICENSE" "$dest/trix-LICENSE.txt"
if [ -f "$tmp/node_modules/dompurify/LICENSE" ]; then
	cp "$tmp/node_modules/dompurify/LICENSE" "$dest/dompurify-LICENSE.txt"
fi
cat >"$dest/trix-VERSION.txt" <<EOF
trix $TRIX_VERSION
integrity $integrity
bundles ${purify:-DOMPurify (version unknown)}
files dist/trix.umd.min.js dist/trix.css LICENSE
refresh scripts/vendor-editor.sh
EOF

echo "vendored trix $TRIX_VERSION into ${dest#"$root"/}"
ls -l "$dest"
