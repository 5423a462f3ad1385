#!/usr/bin/env bash
# Validates the content API's OpenAPI 3.1 document with Redocly CLI (MIT,
# from the npm registry, cached), using the rules in redocly.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
version=2.77.0
dir="${XDG_CACHE_HOME:-$HOME/.cache}/akhbar-npm/redocly-$version"
if [ ! -x "$dir/node_modules/.bin/redocly" ]; then
  command -v npm >/dev/null || { echo "lint-openapi: npm is needed (apt-get install npm)" >&2; exit 1; }
  mkdir -p "$dir"
  (cd "$dir" && npm install --silent --no-audit --no-fund "@redocly/cli@$version")
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run ./cmd/akhbar openapi > "$tmp/openapi.json"
"$dir/node_modules/.bin/redocly" lint --config redocly.yaml "$tmp/openapi.json"
