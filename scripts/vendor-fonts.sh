#!/usr/bin/env bash
# Vendors the public site's web fonts from npm (Fontsource packages, OFL-1.1)
# into web/static/fonts/ and rewrites the generated @font-face block of
# web/static/css/site.css. To upgrade, change the versions below, run this
# script from anywhere (it needs npm, node, the npm registry and Python 3
# with fontTools and brotli: apt-get install python3-fonttools
# python3-brotli), look at the site in a browser, and commit the changed
# files. `go build` and CI need none of these: the output is committed.
#
# What is vendored, and nothing more:
#   Noto Nastaliq Urdu  400, normal: subset "ur" (made here from Fontsource's
#                       "arabic" subset, see URDU_RANGE) and Fontsource's "latin"
#   Noto Naskh Arabic   400, normal, subset "arabic" (a fallback family only)
#
# The "ur" subset: Fontsource's "arabic" file holds every Arabic-script
# letter the font draws (Sindhi, Pashto, Kashmiri, African, Qur'anic marks),
# about 159 KB. Urdu needs a third of those letters, and the font's
# contextual forms multiply per letter, so pyftsubset cuts it to URDU_RANGE
# with every OpenType layout feature kept (--layout-features='*') and the
# glyphs reachable through GSUB (ligatures, positional and contextual forms,
# the dots and marks that ccmp splits letters into) kept by its closure.
# Text outside URDU_RANGE (Sindhi or Pashto letters, Qur'anic annotation
# marks) falls back to Noto Naskh Arabic, glyph by glyph, as before.
#
# No bold: Urdu papers set headlines larger rather than bolder, a second
# weight doubles the download, and site.css turns off faux bold
# (font-synthesis) so the 400 face is drawn as it is.
#
# local() comes first in every src, so a device that has the family
# installed (Android ships Noto Nastaliq Urdu) downloads nothing; the names
# are the full and PostScript names of the current font and of its older
# releases (which named the regular face "Noto Nastaliq Urdu"/"NotoNastaliqUrdu").
#
# Why the @font-face rules are generated: web.LoadAssets serves every static
# file flat under /static/<base>.<first 12 hex of sha256>.<ext>, and the
# public pages' CSP (style-src 'self') forbids an inline <style>, so the
# rules live in site.css and name the hashed files by relative URL. The hash
# is computed here exactly as web.LoadAssets computes it. Each subset keeps
# Fontsource's unicode-range (from the package's unicode.json), so a page
# downloads only the subsets its text uses.
#
# Base names must be unique across web/static/ (files are served by base
# name), hence OFL-NotoNastaliqUrdu.txt rather than LICENSE.
set -euo pipefail

NASTALIQ_VERSION=5.3.0 # @fontsource/noto-nastaliq-urdu
NASKH_VERSION=5.3.0    # @fontsource/noto-naskh-arabic

# URDU_RANGE: what the "ur" subset of Noto Nastaliq Urdu maps, and its
# unicode-range. Urdu letters (the Arabic base letters, also for Arabic and
# Persian words, and ٹ پ چ ڈ ڑ ژ ک گ ں ھ ۀ ہ ۂ ۃ ی ے ۓ, ٱ for quotations),
# tatweel; the marks Urdu writes (U+064B–0658: zabar, zer, pesh, tanwin,
# tashdid, jazm, madd, hamza above and below, khari zer, ulta pesh, noon
# ghunna mark; U+0670 khari zabar; U+06E1 jazm) and the honorific signs
# U+0610–0615 (ؐ ؑ ؒ ؓ ؔ); punctuation ، ؛ ؟ ۔ ٪ ٫ ٬ ٭ ؍ ؎ ؏ and the
# number signs U+0600–0604; digits ٠–٩ and ۰–۹; ALM, ZWNJ, ZWJ, LRM,
# hyphens; ornate parentheses ﴾ ﴿. Space and no-break space are kept in the
# file as Fontsource had them, but the "latin" face draws them.
URDU_RANGE="U+0600-0604,U+060C-0615,U+061B-061C,U+061F,U+0621-063A,U+0640-0658,U+0660-0671,U+0679,U+067E,U+0686,U+0688,U+0691,U+0698,U+06A9,U+06AF,U+06BA,U+06BE,U+06C0-06C3,U+06CC,U+06D2-06D4,U+06E1,U+06F0-06F9,U+200C-200E,U+2010-2011,U+FD3E-FD3F"

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest="$root/web/static/fonts"
css="$root/web/static/css/site.css"
newsroom_css="$root/web/static/css/newsroom.css" # the same faces: the newsroom shows stories as readers see them
command -v npm >/dev/null && command -v node >/dev/null || {
	echo "vendor-fonts: npm and node are needed (apt-get install npm)" >&2
	exit 1
}
# A Python 3 with fontTools and brotli (pyenv and venvs may hide Debian's).
python=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null && "$p" -c 'import fontTools.subset, brotli' 2>/dev/null; then
		python=$p
		break
	fi
done
[ -n "$python" ] || {
	echo "vendor-fonts: Python 3 with fontTools and brotli is needed (apt-get install python3-fonttools python3-brotli)" >&2
	exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fetch PACKAGE VERSION DIR: npm pack the exact version and unpack it in DIR.
fetch() {
	mkdir -p "$tmp/$3"
	(cd "$tmp/$3" && npm pack --silent "$1@$2" >/dev/null && tar xzf ./*.tgz)
	local got
	got=$(node -p 'require(process.argv[1]).version' "$tmp/$3/package/package.json")
	[ "$got" = "$2" ] || { echo "vendor-fonts: expected $1 $2, got $got" >&2; exit 1; }
}
fetch @fontsource/noto-nastaliq-urdu "$NASTALIQ_VERSION" nastaliq
fetch @fontsource/noto-naskh-arabic "$NASKH_VERSION" naskh

# integrity DIR: the npm integrity string (sha512) of the tarball in DIR.
integrity() {
	node -e 'const c = require("crypto"), fs = require("fs"); console.log("sha512-" + c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"))' "$(ls "$tmp/$1"/*.tgz)"
}

# The faces: package folder, family, weight, subset, local() names. Subset
# "ur" is made here from Fontsource's "arabic" file; the others are copied.
faces=(
	"nastaliq|Noto Nastaliq Urdu|400|ur|Noto Nastaliq Urdu Regular,NotoNastaliqUrdu-Regular,Noto Nastaliq Urdu,NotoNastaliqUrdu"
	"nastaliq|Noto Nastaliq Urdu|400|latin|Noto Nastaliq Urdu Regular,NotoNastaliqUrdu-Regular,Noto Nastaliq Urdu,NotoNastaliqUrdu"
	"naskh|Noto Naskh Arabic|400|arabic|Noto Naskh Arabic Regular,NotoNaskhArabic-Regular,Noto Naskh Arabic,NotoNaskhArabic"
)

rm -f "$dest"/*.woff2
mkdir -p "$dest"
files=()
for f in "${faces[@]}"; do
	IFS='|' read -r dir family weight subset locals <<<"$f"
	id=$(node -p 'require(process.argv[1]).id' "$tmp/$dir/package/metadata.json")
	file="$id-$subset-$weight-normal.woff2"
	if [ "$subset" = ur ]; then
		"$python" -m fontTools.subset "$tmp/$dir/package/files/$id-arabic-$weight-normal.woff2" \
			--unicodes="U+0000,U+000D,U+0020,U+00A0,$URDU_RANGE" \
			--layout-features='*' --flavor=woff2 --output-file="$dest/$file"
	else
		cp "$tmp/$dir/package/files/$file" "$dest/$file"
	fi
	files+=("$file")
done
cp "$tmp/nastaliq/package/LICENSE" "$dest/OFL-NotoNastaliqUrdu.txt"
cp "$tmp/naskh/package/LICENSE" "$dest/OFL-NotoNaskhArabic.txt"

# The @font-face block, between its markers in site.css and newsroom.css.
# font-display: optional, and no preload: a phone that ships the family
# (local() first) downloads nothing, and one that does not shows its own
# Naskh on a first visit over a slow line rather than shifting the whole
# page when Nastaliq, with its taller lines, arrives (Lighthouse measured
# CLS 0.15–0.20 with swap); the file is cached for the next page.
# The Naskh face's unicode-range leaves out what the Urdu subset covers, so
# that it is fetched only for a character Nastaliq lacks: listed in full,
# Chromium fetched its 52 KB on every first visit to draw the text while
# Nastaliq was loading (LCP 2.1 s against 1.8 s without it, Lighthouse).
node - "$tmp" "$dest" "$css,$newsroom_css" "$URDU_RANGE" "${faces[@]}" <<'EOF'
const fs = require("fs"), path = require("path"), crypto = require("crypto");
const [tmp, dest, cssFiles, urduRange, ...faces] = process.argv.slice(2);
// minusRange is the unicode-range a without the code points of b.
function minusRange(a, b) {
  const points = (r) => new Set(r.split(",").flatMap((part) => {
    const [lo, hi] = part.trim().slice(2).split("-").map((h) => parseInt(h, 16));
    return Array.from({ length: (hi ?? lo) - lo + 1 }, (_, i) => lo + i);
  }));
  const drop = points(b), keep = [...points(a)].filter((c) => !drop.has(c)).sort((x, y) => x - y);
  const out = [], hex = (c) => c.toString(16).toUpperCase().padStart(4, "0");
  for (let i = 0; i < keep.length; ) {
    let j = i;
    while (j + 1 < keep.length && keep[j + 1] === keep[j] + 1) j++;
    out.push(i === j ? `U+${hex(keep[i])}` : `U+${hex(keep[i])}-${hex(keep[j])}`);
    i = j + 1;
  }
  return out.join(",");
}
let out = "/* @font-face: generated by scripts/vendor-fonts.sh; do not edit by hand.\n" +
  "   URLs are the files' hashed names (web.LoadAssets), relative to this file. */\n";
for (const f of faces) {
  const [dir, family, weight, subset, locals] = f.split("|");
  const pkg = path.join(tmp, dir, "package");
  const id = JSON.parse(fs.readFileSync(path.join(pkg, "metadata.json"))).id;
  let range = subset === "ur" ? urduRange : JSON.parse(fs.readFileSync(path.join(pkg, "unicode.json")))[subset];
  if (!range) throw new Error(`${id}: no subset ${subset} in unicode.json`);
  if (family === "Noto Naskh Arabic") range = minusRange(range, urduRange);
  const base = `${id}-${subset}-${weight}-normal`;
  const hash = crypto.createHash("sha256").update(fs.readFileSync(path.join(dest, base + ".woff2"))).digest("hex").slice(0, 12);
  const local = locals.split(",").map(n => `local("${n}")`).join(", ");
  out += `@font-face { font-family: "${family}"; font-style: normal; font-weight: ${weight}; font-display: optional;\n` +
    `  src: ${local},\n    url(${base}.${hash}.woff2) format("woff2");\n  unicode-range: ${range}; }\n`;
}
out += "/* end @font-face */";
for (const css of cssFiles.split(",")) {
  const text = fs.readFileSync(css, "utf8");
  const re = /\/\* @font-face: generated[\s\S]*?\/\* end @font-face \*\//;
  if (!re.test(text)) throw new Error(`${css}: no generated @font-face block to replace`);
  fs.writeFileSync(css, text.replace(re, () => out));
}
EOF

cat >"$dest/README.md" <<EOF
# Web fonts of the public site

Vendored by \`scripts/vendor-fonts.sh\` from npm; do not edit by hand. The
script also writes the @font-face block of \`web/static/css/site.css\` and
\`web/static/css/newsroom.css\`.

| package | licence | files |
|---|---|---|
| @fontsource/noto-nastaliq-urdu@$NASTALIQ_VERSION | SIL OFL 1.1, \`OFL-NotoNastaliqUrdu.txt\` | \`${files[0]}\`<br>\`${files[1]}\` |
| @fontsource/noto-naskh-arabic@$NASKH_VERSION | SIL OFL 1.1, \`OFL-NotoNaskhArabic.txt\` | \`${files[2]}\` (fallback family only) |

npm integrity: nastaliq \`$(integrity nastaliq)\`, naskh \`$(integrity naskh)\`.

Noto Nastaliq Urdu: weight 400 only (headlines are set larger, not bolder;
site.css turns faux bold off), normal style. \`${files[0]}\` is made by the
script from Fontsource's \`arabic\` file with fontTools' pyftsubset
(fontTools $("$python" -c 'import fontTools; print(fontTools.version)')): the characters Urdu text uses (URDU_RANGE in
the script, also its unicode-range), every OpenType layout feature kept
and the glyphs reachable through GSUB with them. The OFL allows modified
versions; the Noto fonts reserve no font name. \`${files[1]}\` is
Fontsource's \`latin\` file as it is. Every src lists local() first, so a
device with the family installed downloads nothing. Noto Naskh Arabic 400
(arabic subset) stands behind it for any Arabic-script character the
subset lacks (Sindhi and Pashto letters, Qur'anic marks).

Sizes (bytes):

$(cd "$dest" && for f in "${files[@]}"; do printf -- '- `%s`: %s\n' "$f" "$(wc -c <"$f" | tr -d ' ')"; done)
EOF

echo "vendored fonts into ${dest#"$root"/} and rewrote the @font-face block of ${css#"$root"/}"
ls -l "$dest"
