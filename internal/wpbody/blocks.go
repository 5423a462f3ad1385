package wpbody

import (
	"bytes"
	"encoding/json"
	"html"
	"regexp"
	"strconv"
	"strings"

	"akhbar/internal/embed"
)

// maxBlockDepth bounds the open blocks we track; deeper delimiters are
// dropped and their inner HTML kept. Real posts nest a handful.
const maxBlockDepth = 256

// block is one open Gutenberg block while its inner HTML is written.
type block struct {
	name  string
	attrs map[string]any
	start int // where its inner HTML begins in the output
}

// blocks removes the block delimiters of block-editor content, keeping the
// blocks' saved HTML, and uses block attributes where the HTML alone would
// lose something (an embed's URL, an image's attachment id). Content
// between top-level blocks (a classic-editor remnant) gets wpautop when it
// has no paragraphs of its own.
func (c *converter) blocks(s string) string {
	var out bytes.Buffer
	out.Grow(len(s))
	var stack []block
	open := newFinder(s, "<!--")
	closeComment := newFinder(s, "-->")
	freeform := func(chunk string) {
		if len(stack) > 0 || strings.TrimSpace(chunk) == "" || strings.Contains(chunk, "<p") {
			out.WriteString(chunk)
			return
		}
		out.WriteString(autop(autoembed(chunk)))
	}
	i := 0
	for i < len(s) {
		k := open.next(i)
		if k < 0 {
			break
		}
		d, ok := parseDelimiter(s, k, closeComment)
		if !ok {
			end := closeComment.next(k + 4)
			if end < 0 {
				break
			}
			freeform(s[i : end+3]) // an ordinary comment: the cleaning pass drops it
			i = end + 3
			continue
		}
		freeform(s[i:k])
		i = d.end
		switch {
		case d.void:
			out.WriteString(c.voidBlock(d.name, d.attrs))
		case !d.closer:
			if len(stack) < maxBlockDepth {
				stack = append(stack, block{name: d.name, attrs: d.attrs, start: out.Len()})
			}
		default:
			for j := len(stack) - 1; j >= 0; j-- {
				if stack[j].name != d.name {
					continue
				}
				b := stack[j]
				stack = stack[:j] // blocks left open inside it end here too
				if inner, changed := c.renderBlock(b, out.Bytes()[b.start:]); changed {
					out.Truncate(b.start)
					out.WriteString(inner)
				}
				break
			}
		}
	}
	freeform(s[i:])
	return out.String()
}

// delimiter is one parsed block comment.
type delimiter struct {
	name         string // with namespace: core/paragraph
	attrs        map[string]any
	closer, void bool
	end          int // index after "-->"
}

// parseDelimiter parses the block comment at s[i] ("<!--"), as WordPress's
// block parser does: "<!-- wp:ns/name {json} -->", "<!-- /wp:name -->",
// "<!-- wp:name /-->". Block attributes are JSON that WordPress writes
// without "--", so the first "-->" ends the comment.
func parseDelimiter(s string, i int, closeComment *finder) (delimiter, bool) {
	var d delimiter
	j := i + 4
	ws := j
	for j < len(s) && isSpaceByte(s[j]) {
		j++
	}
	if j == ws {
		return d, false
	}
	if j < len(s) && s[j] == '/' {
		d.closer = true
		j++
	}
	if !strings.HasPrefix(s[j:], "wp:") {
		return d, false
	}
	j += 3
	nameStart := j
	for j < len(s) && (isNameByte(s[j]) || s[j] == '/') {
		j++
	}
	name := s[nameStart:j]
	if name == "" || !isLowerAlpha(name[0]) || strings.Count(name, "/") > 1 ||
		strings.HasSuffix(name, "/") || (strings.Contains(name, "/") && !isLowerAlpha(name[strings.IndexByte(name, '/')+1])) {
		return d, false
	}
	if !strings.Contains(name, "/") {
		name = "core/" + name
	}
	d.name = name
	end := closeComment.next(j)
	if end < 0 || !isSpaceByte(s[j]) { // WordPress requires a space after the name
		return d, false
	}
	rest := strings.TrimSpace(s[j:end])
	if strings.HasSuffix(rest, "/") {
		d.void = true
		rest = strings.TrimSpace(rest[:len(rest)-1])
	}
	if rest != "" {
		if rest[0] != '{' || rest[len(rest)-1] != '}' {
			return d, false
		}
		_ = json.Unmarshal([]byte(rest), &d.attrs) // unreadable attributes: the HTML still holds the block
	}
	if d.closer && d.void {
		return d, false
	}
	d.end = end + 3
	return d, true
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

func isLowerAlpha(c byte) bool { return c >= 'a' && c <= 'z' }

// renderBlock rewrites a closed block's inner HTML where its attributes say
// more than the HTML; changed=false keeps the HTML as saved.
func (c *converter) renderBlock(b block, inner []byte) (string, bool) {
	switch {
	case b.name == "core/image", b.name == "core/media-text", b.name == "core/cover":
		if id := attrInt(b.attrs, "id", "mediaId"); id > 0 {
			if k := bytes.Index(inner, []byte("<img")); k >= 0 {
				return string(inner[:k+4]) + ` data-wp-id="` + strconv.FormatInt(id, 10) + `"` + string(inner[k+4:]), true
			}
		}
	case isEmbed(b.name):
		if u := attrString(b.attrs, "url"); u != "" {
			caption := ""
			if m := figcaptionRe.FindSubmatch(inner); m != nil {
				caption = string(m[1])
			}
			return embedOrLink(u, caption), true
		}
	case b.name == "core/more", b.name == "core/nextpage", b.name == "core/spacer":
		return "", true
	}
	return "", false
}

var figcaptionRe = regexp.MustCompile(`(?is)<figcaption[^>]*>(.*?)</figcaption>`)

// voidBlock renders a block saved without HTML: WordPress draws those at
// view time from their attributes, so only an embed's URL can be kept.
func (c *converter) voidBlock(name string, attrs map[string]any) string {
	switch {
	case isEmbed(name):
		if u := attrString(attrs, "url"); u != "" {
			return embedOrLink(u, "")
		}
	case name == "core/more", name == "core/nextpage", name == "core/spacer":
		return ""
	case name == "core/block":
		c.warn("reusable block %d removed", attrInt(attrs, "ref"))
		return ""
	}
	c.warn("block %s removed (WordPress drew it at view time)", name)
	return ""
}

// isEmbed reports whether a block holds an oEmbed: core/embed, and the
// core-embed/youtube style names of WordPress 5.0–5.5.
func isEmbed(name string) bool {
	return name == "core/embed" || strings.HasPrefix(name, "core-embed/")
}

// linkParagraph is what an embed becomes: an embed block when one of our
// providers hosts it (see embedOrLink), else a paragraph with a link. u
// is unescaped text.
func linkParagraph(u string) string {
	if _, ok := embed.Parse(dropControls(u)); ok {
		return embedOrLink(u, "")
	}
	e := html.EscapeString(u)
	return `<p><a href="` + e + `">` + e + `</a></p>`
}

func attrString(attrs map[string]any, key string) string {
	s, _ := attrs[key].(string)
	return strings.TrimSpace(s)
}

// attrInt returns the first of keys that holds a positive whole number.
func attrInt(attrs map[string]any, keys ...string) int64 {
	for _, k := range keys {
		switch v := attrs[k].(type) {
		case float64:
			if v > 0 && v < 1<<53 && v == float64(int64(v)) {
				return int64(v)
			}
		case string:
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
				return n
			}
		}
	}
	return 0
}
