// Package wpbody turns the content of a WordPress post (classic-editor text,
// Gutenberg blocks, shortcodes) into Akhbar's article body HTML: the text
// and structure WordPress would have shown, in Akhbar's story blocks
// (docs/body-format.md) where WordPress had their like, with images moved to
// our media library and everything we do not store (scripts, forms,
// styling, players of other sites) left out. Its output is meant for
// content.PrepareBody.
//
// What becomes of what:
//   - classic posts (no "<!-- wp:" comment): wpautop, as WordPress shows
//     them: blank lines make paragraphs, single newlines <br>;
//   - block delimiters go, the blocks' saved HTML stays; embed blocks use
//     their URL, dynamic blocks (latest posts…) go;
//   - images found in the library (by attachment id or URL): image blocks,
//     [caption] and figcaptions their captions; several in one figure
//     (gallery blocks, [gallery ids]) a gallery block; a missing image
//     leaves its caption as a paragraph; a link around an image goes;
//   - [embed]URL[/embed], embed blocks, URLs alone on a line, Jetpack's
//     [youtube]…, provider players in iframes and old Flash players, and
//     the embed code of X, Instagram and TikTok: embed blocks when
//     embed.Parse knows the address, else a paragraph with a link; [video]
//     and [audio] files: a link;
//   - data tables keep caption, header row and rows; a table that laid a
//     post out (one column, or pictures in it) becomes a paragraph a row;
//   - wp-block-pullquote: a pull quote block;
//   - other shortcodes go (their enclosed text stays), with a warning;
//     brackets in prose ([1], [ترمیم]) and [[escaped]] ones stay text;
//   - h1 → h2, h5 and h6 → h4; <pre> (poems) → paragraphs with <br>;
//     Word's list paragraphs → lists;
//   - styling, classes, <div>, <span>, <font>, scripts, forms go; text
//     gets urdu.Normalize, except in lang="ar" passages.
package wpbody

import (
	"fmt"
	"strings"
)

// Options connects the conversion to what the importer already knows.
// Every field may be nil.
type Options struct {
	// Image maps an image URL found in the post (the src of an <img>, in
	// [caption], image blocks and galleries) to the imported image. src is
	// as written, entities decoded: absolute, protocol-relative or
	// site-relative, often a resized copy (photo-300x200.jpg; when that is
	// not found, the original's name is tried next). ok=false: the image
	// is not available; its caption stays as a paragraph and no <img>
	// with a foreign src is left behind.
	Image func(src string) (img Image, ok bool)
	// ImageByID maps a WordPress attachment id to the imported image. It is
	// tried first whenever the post names one (wp-image-N classes, image
	// block ids, [caption id="attachment_N"], [gallery ids]); galleries can
	// only be found this way.
	ImageByID func(id int64) (img Image, ok bool)
	// Link maps an href (an old permalink of another post on the same site,
	// say), as written with entities decoded, to its new URL; it returns
	// the input unchanged when unknown. Links made from embeds go through
	// it too.
	Link func(href string) string
}

// Image is an imported image as the body shows it.
type Image struct {
	Src           string // our URL, /media/…, for an image without a MediaID (a dry run's)
	Alt           string // for such an image when the post gives the <img> no alt text
	Width, Height int
	MediaID       int64
}

// Result is one converted post body.
type Result struct {
	HTML     string   // clean body, ready for content.PrepareBody
	Images   []int64  // MediaIDs used, in order of first use, for "where used"
	Warnings []string // what was dropped or replaced, for the import report
}

// maxWarnings bounds the report on pathological input; the last one says so.
const maxWarnings = 100

// Convert turns one post's content:encoded into body HTML. It never fails:
// whatever cannot be carried over is dropped and named in Warnings.
func Convert(raw string, opt Options) Result {
	c := &converter{opt: opt, warned: map[string]bool{}}
	s := strings.ToValidUTF8(raw, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ReplaceAll(s, "\x00", "")
	s = lowerTagNames(s)
	if hasBlocks(s) {
		s = c.blocks(s)
		s = c.shortcodes(s, 0)
	} else {
		s = c.shortcodes(s, 0)
		s = autop(autoembed(s))
	}
	c.res.HTML = c.clean(s)
	return c.res
}

// hasBlocks reports whether s was saved by the block editor, the test
// WordPress's has_blocks() makes; only classic content gets wpautop.
func hasBlocks(s string) bool { return strings.Contains(s, "<!-- wp:") }

// converter carries one conversion's options and findings.
type converter struct {
	opt    Options
	res    Result
	warned map[string]bool
	used   map[int64]bool
}

// warn records a warning once.
func (c *converter) warn(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if c.warned[msg] || len(c.res.Warnings) > maxWarnings {
		return
	}
	c.warned[msg] = true
	if len(c.res.Warnings) == maxWarnings {
		msg = "more warnings left out"
	}
	c.res.Warnings = append(c.res.Warnings, msg)
}

// useImage records a media id for Result.Images.
func (c *converter) useImage(id int64) {
	if id == 0 {
		return
	}
	if c.used == nil {
		c.used = map[int64]bool{}
	}
	if !c.used[id] {
		c.used[id] = true
		c.res.Images = append(c.res.Images, id)
	}
}

// link maps an href through Options.Link.
func (c *converter) link(href string) string {
	if c.opt.Link == nil {
		return href
	}
	return c.opt.Link(href)
}

// finder answers "where is the next sep at or after i" for a scan that
// moves forward, remembering its last answer, so that many starts without
// an end (1 MB of "<!--") cost linear time instead of quadratic.
type finder struct {
	s, sep   string
	from, at int // the last search started at from and found at (-1: nothing)
}

func newFinder(s, sep string) *finder { return &finder{s: s, sep: sep, from: len(s) + 1, at: -1} }

func (f *finder) next(i int) int {
	if i >= f.from && (f.at < 0 || f.at >= i) {
		return f.at
	}
	f.from, f.at = i, -1
	if i <= len(f.s) {
		if k := strings.Index(f.s[i:], f.sep); k >= 0 {
			f.at = i + k
		}
	}
	return f.at
}
