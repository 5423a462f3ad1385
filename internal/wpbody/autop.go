package wpbody

import (
	"regexp"
	"strconv"
	"strings"
)

// blockNames is wpautop's list of block elements ($allblocks): they are
// never wrapped in a paragraph and always end one.
var blockNames = set("table", "thead", "tfoot", "caption", "col", "colgroup", "tbody", "tr", "td", "th", "div",
	"dl", "dd", "dt", "ul", "ol", "li", "pre", "form", "map", "area", "blockquote", "address", "math", "style", "p",
	"h1", "h2", "h3", "h4", "h5", "h6", "hr", "fieldset", "legend", "section", "article", "aside", "hgroup", "header",
	"footer", "nav", "figure", "figcaption", "details", "menu", "summary")

// The regular steps of WordPress's wpautop() (wp-includes/formatting.php).
// Tag names are lower-cased first (old posts have <P> and <DIV>), so the
// patterns are case-sensitive; the steps that match a block tag anywhere
// are scanners below, as RE2 would try a 45-way alternation at every '<'.
var (
	apBrBr        = regexp.MustCompile(`<br\s*/?>\s*<br\s*/?>`)
	apHr          = regexp.MustCompile(`(<hr\s*?/?>)`)
	apManyBreaks  = regexp.MustCompile(`\n\n+`)
	apSplit       = regexp.MustCompile(`\n\s*\n`)
	apEmptyP      = regexp.MustCompile(`<p>\s*</p>`)
	apUnclosedP   = regexp.MustCompile(`<p>([^<]+)</(div|address|form)>`)
	apPAroundLi   = regexp.MustCompile(`<p>(<li.+?)</p>`)
	apPBlockquote = regexp.MustCompile(`<p><blockquote([^>]*)>`)
	apBrBefore    = regexp.MustCompile(`<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)`)
	apBrVariants  = strings.NewReplacer("<br>", "<br />", "<br/>", "<br />")
)

// autop does what WordPress's wpautop() does to classic-editor posts, which
// are stored without <p>: text separated by blank lines becomes paragraphs,
// remaining newlines become <br />, block elements are left unwrapped and
// <pre> is left alone.
func autop(text string) string {
	if strings.TrimSpace(text) == "" {
		return ""
	}
	text += "\n"

	// <pre> is not touched: it goes behind placeholders until the end.
	var pres []string
	if strings.Contains(text, "<pre") {
		parts := strings.Split(text, "</pre>")
		last := parts[len(parts)-1]
		var b strings.Builder
		for _, part := range parts[:len(parts)-1] {
			start := strings.Index(part, "<pre")
			if start < 0 { // malformed HTML
				b.WriteString(part)
				continue
			}
			name := "<pre wp-pre-tag-" + strconv.Itoa(len(pres)) + "></pre>"
			pres = append(pres, name, part[start:]+"</pre>")
			b.WriteString(part[:start])
			b.WriteString(name)
		}
		b.WriteString(last)
		text = b.String()
	}

	if strings.Contains(text, "<br") {
		text = apBrBr.ReplaceAllString(text, "\n\n")
	}
	text = spaceBlocks(text)
	if strings.Contains(text, "<hr") {
		text = apHr.ReplaceAllString(text, "${1}\n\n")
	}
	// WordPress hides newlines inside tags behind placeholders and puts them
	// back at the end; inside a tag a newline is only a space, so a space
	// does the same for what we keep of tags.
	text = tagNewlines(text)
	if strings.Contains(text, "<figcaption") {
		text = trimAround(text, "<figcaption", "</figcaption>")
	}
	text = apManyBreaks.ReplaceAllString(text, "\n\n")

	var b strings.Builder
	b.Grow(len(text) + len(text)/8)
	for _, p := range apSplit.Split(text, -1) {
		if p == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.Trim(p, "\n"))
		b.WriteString("</p>\n")
	}
	text = b.String()

	text = apEmptyP.ReplaceAllString(text, "")
	if strings.Contains(text, "</div>") || strings.Contains(text, "</address>") || strings.Contains(text, "</form>") {
		text = apUnclosedP.ReplaceAllString(text, "<p>${1}</p></${2}>")
	}
	text = unwrapBlockTags(text, true, true) // <p>\s*(</?block[^>]*>)\s*</p> → $1
	if strings.Contains(text, "<p><li") {
		text = apPAroundLi.ReplaceAllString(text, "${1}")
	}
	if strings.Contains(text, "<p><blockquote") {
		text = apPBlockquote.ReplaceAllString(text, "<blockquote${1}><p>")
		text = strings.ReplaceAll(text, "</blockquote></p>", "</p></blockquote>")
	}
	text = unwrapBlockTags(text, true, false) // <p>\s*(</?block[^>]*>) → $1
	text = dropAfterBlockTags(text, "</p>")   // (</?block[^>]*>)\s*</p> → $1

	text = apBrVariants.Replace(text)
	text = newlinesToBr(text)

	text = dropAfterBlockTags(text, "<br />") // (</?block[^>]*>)\s*<br /> → $1
	text = apBrBefore.ReplaceAllString(text, "${1}")
	if strings.HasSuffix(text, "\n</p>") {
		text = text[:len(text)-len("\n</p>")] + "</p>"
	}

	if len(pres) > 0 {
		text = strings.NewReplacer(pres...).Replace(text)
	}
	return text
}

// blockTagEnd matches wpautop's `</?` + $allblocks + `[^>]*>` at s[i]
// ('<') and returns the index after its '>', or -1. Like the pattern, it
// takes any word that starts with a block name: <param> counts as <p…>.
func blockTagEnd(s string, i int, gt *finder) int {
	j := i + 1
	if j < len(s) && s[j] == '/' {
		j++
	}
	k := j
	for k < len(s) && k-j < 10 && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= '1' && s[k] <= '6') {
		k++
	}
	for n := k; n > j; n-- {
		if blockNames[s[j:n]] {
			return gt.next(n) + 1 // -1+1 = 0 when there is no '>'
		}
	}
	return -1
}

// spaceBlocks puts a blank line before each block's opening tag and after
// each closing tag: `(<block[\s/>])` → "\n\n$1", `(</block>)` → "$1\n\n".
func spaceBlocks(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		closing := i+1 < len(s) && s[i+1] == '/'
		j := i + 1
		if closing {
			j++
		}
		k := j
		for k < len(s) && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= '0' && s[k] <= '9') {
			k++
		}
		if k == j || k == len(s) || !blockNames[s[j:k]] {
			continue
		}
		switch {
		case !closing && (s[k] == '/' || s[k] == '>' || isSpaceByte(s[k])):
			b.WriteString(s[last:i])
			b.WriteString("\n\n")
			last = i
		case closing && s[k] == '>':
			b.WriteString(s[last : k+1])
			b.WriteString("\n\n")
			last = k + 1
		}
	}
	b.WriteString(s[last:])
	return b.String()
}

// unwrapBlockTags drops a <p> just before a block tag (and, with after,
// the </p> just after it): the block is not part of a paragraph.
func unwrapBlockTags(s string, before, after bool) string {
	var b strings.Builder
	gt := newFinder(s, ">")
	last := 0
	for i := 0; ; {
		k := strings.Index(s[i:], "<p>")
		if k < 0 {
			break
		}
		start := i + k
		j := skipSpace(s, start+3)
		end := -1
		if j < len(s) && s[j] == '<' {
			end = blockTagEnd(s, j, gt)
		}
		if end <= 0 {
			i = start + 1
			continue
		}
		if after {
			e := skipSpace(s, end)
			if !strings.HasPrefix(s[e:], "</p>") {
				i = start + 1
				continue
			}
			b.WriteString(s[last:start])
			b.WriteString(s[j:end])
			last, i = e+4, e+4
			continue
		}
		b.WriteString(s[last:start])
		last, i = j, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// dropAfterBlockTags removes lit (</p> or <br />), and the white space
// before it, where it follows a block tag.
func dropAfterBlockTags(s, lit string) string {
	var b strings.Builder
	gt := newFinder(s, ">")
	last := 0
	for i := 0; ; {
		k := strings.IndexByte(s[i:], '<')
		if k < 0 {
			break
		}
		i += k
		end := blockTagEnd(s, i, gt)
		if end <= 0 {
			i++
			continue
		}
		e := skipSpace(s, end)
		if !strings.HasPrefix(s[e:], lit) {
			i++
			continue
		}
		b.WriteString(s[last:end])
		last, i = e+len(lit), e+len(lit)
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func skipSpace(s string, i int) int {
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	return i
}

// trimAround is wpautop's `\s*(<figcaption[^>]*>)` → "$1" and
// `</figcaption>\s*` → "</figcaption>": white space before the opening tag
// and after the closing one goes. (RE2 tries a pattern that starts with
// \s* at every byte.)
func trimAround(s, open, closing string) string {
	var b strings.Builder
	b.Grow(len(s))
	opens, closes := newFinder(s, open), newFinder(s, closing)
	last := 0 // s[:last] is written
	for {
		i, j := opens.next(last), closes.next(last)
		switch {
		case i < 0 && j < 0:
			b.WriteString(s[last:])
			return b.String()
		case i >= 0 && (j < 0 || i < j):
			b.WriteString(strings.TrimRight(s[last:i], " \t\n\r\f\v"))
			b.WriteString(open)
			last = i + len(open)
		default:
			b.WriteString(s[last : j+len(closing)])
			last = skipSpace(s, j+len(closing))
		}
	}
}

// lowerTagNames lower-cases the names of tags (<P> → <p>, </DIV> →
// </div>), which HTML reads without regard to case anyway.
func lowerTagNames(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		j := i + 1
		if j < len(s) && s[j] == '/' {
			j++
		}
		for ; j < len(s) && (isASCIILetter(s[j]) || s[j] >= '0' && s[j] <= '9'); j++ {
			if c := s[j]; c >= 'A' && c <= 'Z' {
				if b == nil {
					b = []byte(s)
				}
				b[j] = c + 'a' - 'A'
			}
		}
		i = j - 1
	}
	if b == nil {
		return s
	}
	return string(b)
}

// newlinesToBr is wpautop's `(?<!<br />)\s*\n` → "<br />\n": every run of
// white space that ends a line becomes a break, unless a break is already
// there. RE2 has no look-behind, hence the loop.
func newlinesToBr(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i := 0; i < len(s); {
		if !isSpaceByte(s[i]) {
			j := i + 1
			for j < len(s) && !isSpaceByte(s[j]) {
				j++
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		j := i // the run of white space s[i:j], its last newline at nl
		nl := -1
		for j < len(s) && isSpaceByte(s[j]) {
			if s[j] == '\n' {
				nl = j
			}
			j++
		}
		if nl < 0 {
			b.WriteString(s[i:j])
			i = j
			continue
		}
		if strings.HasSuffix(s[:i], "<br />") {
			// The look-behind fails here; PCRE retries one byte later,
			// where it holds, unless that byte was the newline itself.
			b.WriteByte(s[i])
			if i == nl {
				i++
				continue
			}
		}
		b.WriteString("<br />\n")
		i = nl + 1
	}
	return b.String()
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// tagNewlines replaces newlines inside HTML tags and comments with spaces,
// so that neither paragraphs nor line breaks are made inside a tag.
func tagNewlines(s string) string {
	if !strings.Contains(s, "\n") || !strings.Contains(s, "<") {
		return s
	}
	gt := newFinder(s, ">")
	endComment := newFinder(s, "-->")
	var b []byte
	for i := 0; i < len(s); {
		k := strings.IndexByte(s[i:], '<')
		if k < 0 {
			break
		}
		start := i + k
		end := tagEnd(s, start, gt, endComment)
		if end < 0 {
			i = start + 1
			continue
		}
		if strings.IndexByte(s[start:end], '\n') >= 0 {
			if b == nil {
				b = []byte(s)
			}
			for j := start; j < end; j++ {
				if b[j] == '\n' {
					b[j] = ' '
				}
			}
		}
		i = end
	}
	if b == nil {
		return s
	}
	return string(b)
}

// tagEnd returns the index after the tag or comment starting at s[i] ('<'),
// or -1 if none starts there: a '<' before a space or digit is text.
func tagEnd(s string, i int, gt, endComment *finder) int {
	if i+1 >= len(s) {
		return -1
	}
	c := s[i+1]
	switch {
	case strings.HasPrefix(s[i:], "<!--"):
		if k := endComment.next(i + 4); k >= 0 {
			return k + 3
		}
		return len(s)
	case c == '/' || c == '!' || c == '?' || (c|0x20 >= 'a' && c|0x20 <= 'z'):
		if k := gt.next(i + 1); k >= 0 {
			return k + 1
		}
	}
	return -1
}

// autoembed gives each URL alone on its line (which WordPress's
// WP_Embed::autoembed turns into an embed) a paragraph of its own; the
// cleaning pass turns a paragraph holding only a URL into a link to it.
func autoembed(s string) string {
	if !strings.Contains(s, "http") {
		return s
	}
	s = tagNewlines(s)
	var b strings.Builder
	last := 0
	for start := 0; start < len(s); {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		line := strings.Trim(s[start:end], " \t")
		if (strings.HasPrefix(line, "http://") || strings.HasPrefix(line, "https://")) && len(line) > len("http://") &&
			!strings.ContainsAny(line, " \t\r\f\v<>\"") {
			b.WriteString(s[last:start])
			b.WriteString("\n\n" + line + "\n\n")
			last = end
		}
		start = end + 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}
