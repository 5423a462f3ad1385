#!/usr/bin/env bash
# Fetches axe-core (MPL-2.0), the accessibility checker the browser tests
# run in each page, from the npm registry into a cache, checks its hash,
# and prints the path of axe.min.js. CI exports it as AKHBAR_AXE.
set -euo pipefail
version=4.14.1
sum=29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c
dir="${XDG_CACHE_HOME:-$HOME/.cache}/akhbar-npm/axe-core-$version"
file="$dir/axe.min.js"
if [ ! -f "$file" ] || ! echo "$sum  $file" | sha256sum -c --quiet - 2>/dev/null; then
  command -v npm >/dev/null || { echo "fetch-axe: npm is needed (apt-get install npm)" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "axe-core@$version" >/dev/null && tar xzf "axe-core-$version.tgz")
  mkdir -p "$dir"
  cp "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$dir/"
  echo "$sum  $file" | sha256sum -c --quiet - || { echo "fetch-axe: axe.min.js does not match its known hash" >&2; exit 1; }
fi
echo "$file"
