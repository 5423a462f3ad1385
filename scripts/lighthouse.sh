#!/usr/bin/env bash
# Runs Lighthouse (Apache-2.0, from the npm registry, cached) against the
# demo site in Debian's Chromium: mobile, Lighthouse's default simulated
# throttling (slow 4G, 4× CPU slowdown), one page after another, each in a
# fresh browser. Pages: home, a section, the seed article, one of its tags
# and one of its authors, a search and a 404. It prints the four category
# scores with LCP and CLS per page and exits non-zero when a page misses a
# target:
#
#   Performance 100 and LCP under 2.0 s, Accessibility 100,
#   Best Practices 100, SEO 100.
#
# Some audits fail by design, and are left out on these pages only:
# - the 404: "http-status-code" (any 4xx fails it), "is-crawlable" (an
#   error page is noindex) and "errors-in-console" (Chromium logs the
#   page's own 404 status as an error);
# - search results: "is-crawlable" (result pages are noindex, as search
#   engines ask of a site's own search).
# Every other audit of those categories must pass.
#
# LIGHTHOUSE_MIN_PERF (default 100) and LIGHTHOUSE_MAX_LCP (seconds, default
# 2.0) are the issue's targets, and layout shift must stay under 0.01. The
# Performance score includes Total Blocking Time, which Lighthouse derives
# from the main-thread tasks it observes: on a machine busy with other work
# it climbed to 0.6–1 s and the score to 76–84 for the same pages that
# score 99 on a quiet one. CI therefore enforces the load-proof parts (LCP
# and CLS are simulated from the page's own requests and layout) and prints
# the score (see the README, "First visit").
#
# Like TestBrowserReader, Chromium runs with a fontconfig file that hides
# any installed copy of the vendored font families (CI installs
# fonts-noto-core for the browser tests), so Lighthouse weighs what a phone
# without them downloads.
#
#   bash scripts/lighthouse.sh            # the five pages
#   LIGHTHOUSE_PAGES="home 404" bash …    # only these pages
#   LIGHTHOUSE_KEEP=DIR bash …            # also keep each page's JSON report in DIR
set -euo pipefail
cd "$(dirname "$0")/.."
version=12.8.2 # the newest Lighthouse that runs on Debian 12's Node 18
dir="${XDG_CACHE_HOME:-$HOME/.cache}/akhbar-npm/lighthouse-$version"
if [ ! -x "$dir/node_modules/.bin/lighthouse" ]; then
  command -v npm >/dev/null || { echo "lighthouse: npm is needed (apt-get install npm)" >&2; exit 1; }
  mkdir -p "$dir"
  (cd "$dir" && npm install --silent --no-audit --no-fund "lighthouse@$version")
fi
CHROME_PATH="${CHROME_PATH:-$(command -v chromium || true)}"
[ -n "$CHROME_PATH" ] || { echo "lighthouse: Chromium is needed (apt-get install chromium)" >&2; exit 1; }
export CHROME_PATH

tmp=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

cat > "$tmp/fonts.conf" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont>
    <pattern><patelt name="family"><string>Noto Nastaliq Urdu</string></patelt></pattern>
    <pattern><patelt name="family"><string>Noto Naskh Arabic</string></patelt></pattern>
  </rejectfont></selectfont>
</fontconfig>
EOF
export FONTCONFIG_FILE="$tmp/fonts.conf"

go build -o "$tmp/akhbar" ./cmd/akhbar
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
base="http://127.0.0.1:$port"
"$tmp/akhbar" serve --demo --addr "127.0.0.1:$port" --data "$tmp/data" >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$tmp/server.log" >&2; echo "lighthouse: akhbar did not start" >&2; exit 1; }
  sleep 0.2
done

# The seed article is the demo's first; its address with the slug, so that
# Lighthouse does not measure the redirect from /international/1.
article=$(curl -fsS -o /dev/null -w '%{redirect_url}' "$base/international/1")
[ -n "$article" ] || article="$base/international/1"
# A tag and an author of the seed article: indexable pages of their own.
seedpage=$(curl -fsS "$article")
tag=$(grep -o 'href="/tag/[^"]*"' <<<"$seedpage" | head -1 | cut -d'"' -f2)
author=$(grep -o 'href="/author/[^"]*"' <<<"$seedpage" | head -1 | cut -d'"' -f2)
[ -n "$tag" ] && [ -n "$author" ] || { echo "lighthouse: the seed article links to no tag or author page" >&2; exit 1; }
pages=(
  "home|$base/"
  "section|$base/national/"
  "article|$article"
  "tag|$base$tag"
  "author|$base$author"
  "search|$base/search?q=%D9%BE%D8%A7%DA%A9%D8%B3%D8%AA%D8%A7%D9%86" # پاکستان
  "404|$base/no-such-page"
)

only=" ${LIGHTHOUSE_PAGES:-home section article tag author search 404} "
ran=()
for entry in "${pages[@]}"; do
  name=${entry%%|*} url=${entry#*|}
  [[ "$only" == *" $name "* ]] || continue
  ran+=("$name")
  extra=()
  # Lighthouse stops on an error status unless told the page is meant to be one.
  [ "$name" = 404 ] && extra=(--ignore-status-code)
  "$dir/node_modules/.bin/lighthouse" "$url" --quiet "${extra[@]}" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox" \
    --output=json --output-path="$tmp/$name.json" ||
    { echo "lighthouse: the run on $name ($url) failed" >&2; exit 1; }
done
if [ -n "${LIGHTHOUSE_KEEP:-}" ]; then mkdir -p "$LIGHTHOUSE_KEEP" && cp "$tmp"/*.json "$LIGHTHOUSE_KEEP"/; fi

node - "$tmp" "${LIGHTHOUSE_MIN_PERF:-100}" "${LIGHTHOUSE_MAX_LCP:-2.0}" "${ran[@]}" <<'EOF'
const fs = require("fs");
const [dir, minPerf, maxLCP, ...names] = process.argv.slice(2);
// Audits that fail on these pages by design (see the header).
const byDesign = { "404": new Set(["http-status-code", "is-crawlable", "errors-in-console"]), search: new Set(["is-crawlable"]) };
const exempt = (name, id) => (byDesign[name] || new Set()).has(id);
const pct = (c) => (c.score === null ? "—" : String(Math.round(c.score * 100)));
let failed = [];
console.log("page      perf  a11y  best   seo    LCP s   CLS");
for (const name of names) {
  const r = JSON.parse(fs.readFileSync(`${dir}/${name}.json`, "utf8"));
  const c = r.categories, a = r.audits;
  const lcp = a["largest-contentful-paint"].numericValue / 1000;
  const cls = a["cumulative-layout-shift"].numericValue;
  let seo = pct(c.seo);
  console.log(name.padEnd(8), [pct(c.performance), pct(c.accessibility), pct(c["best-practices"]), seo].map((s) => s.padStart(5)).join(" "),
    lcp.toFixed(2).padStart(8), cls.toFixed(3).padStart(6));
  const below = (id) => {
    for (const ref of c[id].auditRefs) {
      const au = a[ref.id];
      if (ref.weight > 0 && au.score !== null && au.score < 1 && !exempt(name, ref.id))
        failed.push(`${name}: ${id}: ${ref.id}: ${au.title}${au.displayValue ? " (" + au.displayValue + ")" : ""}`);
    }
  };
  const perf = c.performance.score === null ? 0 : Math.round(c.performance.score * 100);
  if (perf < Number(minPerf)) { failed.push(`${name}: performance ${perf}, below ${minPerf}`); below("performance"); }
  // The other categories: 100, every audit passing but those failing by design.
  for (const id of ["accessibility", "best-practices", "seo"]) below(id);
  if (!(lcp < Number(maxLCP))) failed.push(`${name}: LCP ${lcp.toFixed(2)} s, not under ${maxLCP} s`);
  if (!(cls < 0.01)) failed.push(`${name}: CLS ${cls.toFixed(3)}, not under 0.01`);
}
if (failed.length) {
  console.error("\nlighthouse: below target:\n  " + failed.join("\n  "));
  process.exit(1);
}
console.log(`\nall pages meet the targets: performance ≥ ${minPerf}, LCP < ${maxLCP} s, CLS < 0.01, every accessibility, best-practices and SEO audit passing (but those failing by design on the 404 and search)`);
EOF
