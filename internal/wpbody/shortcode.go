package wpbody

import (
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"akhbar/internal/embed"
)

// maxShortcodeDepth bounds how deep enclosed content is searched for more
// shortcodes; each level costs a pass over its content.
const maxShortcodeDepth = 8

// maxShortcodeAttrs bounds the bytes between a shortcode's name and its
// "]": real attribute lists are short, and a '[' in prose must not pair
// with a ']' paragraphs later.
const maxShortcodeAttrs = 4096

// removedShortcodes are plugins' shortcodes that are recognised wherever
// they stand, even without attributes; other unknown names need evidence
// (see strongShortcode).
var removedShortcodes = map[string]bool{
	"ad": true, "ads": true, "adsense": true, "adrotate": true, "advert": true,
	"related": true, "poll": true, "polldaddy": true, "toc": true, "sharethis": true,
	"addtoany": true, "form": true, "newsletter": true, "subscribe": true,
}

// embedShortcodes are Jetpack's embed shortcodes: [youtube URL],
// [youtube=URL], [tweet URL], [vimeo 123]…; they become embed blocks
// where one of our providers hosts the post, else links.
var embedShortcodes = map[string]bool{
	"youtube": true, "vimeo": true, "dailymotion": true, "tweet": true, "twitter": true,
	"instagram": true, "facebook": true, "soundcloud": true, "spotify": true, "ted": true,
	"slideshare": true, "flickr": true, "gist": true, "googlemaps": true, "scribd": true,
}

// mediaAttrs are the attributes [video] and [audio] take a file URL in.
var mediaAttrs = []string{"src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "ogg", "oga", "m4a", "wav", "wma", "flac"}

// shortcode is one shortcode found in the text.
type shortcode struct {
	name      string
	attrs     string // raw text between the name and "]" (or "/]")
	content   string // enclosed content, for [name]…[/name]
	enclosing bool
	selfClose bool // written [name /]
	start     int  // its '['
	end       int  // index after it (after "[/name]" when enclosing)
}

// scScanner finds shortcodes in one string.
type scScanner struct {
	c       *converter
	s       string
	depth   int
	rb      *finder          // next ']'
	closers map[string][]int // name → where each "[/name]" starts, ascending
}

// shortcodes expands or removes the shortcodes in s as the conversion
// needs: [caption] → figure, [embed], [video], [audio] → link paragraph,
// [gallery] → figures, others removed (their enclosed text kept).
// Brackets that are not shortcodes ([1], [ترمیم], [citation needed]) stay;
// [[tag]] is WordPress's escape and shows as [tag].
func (c *converter) shortcodes(s string, depth int) string {
	if strings.IndexByte(s, '[') < 0 {
		return s
	}
	if depth > maxShortcodeDepth {
		c.warn("shortcodes nested more than %d deep left as text", maxShortcodeDepth)
		return s
	}
	p := &scScanner{c: c, s: s, depth: depth, rb: newFinder(s, "]"), closers: map[string][]int{}}
	p.indexClosers()
	gt, endComment := newFinder(s, ">"), newFinder(s, "-->")
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		k := strings.IndexAny(s[i:], "[<")
		if k < 0 {
			break
		}
		i += k
		if s[i] == '<' { // shortcodes inside tags are left alone
			if e := tagEnd(s, i, gt, endComment); e > 0 {
				i = e
			} else {
				i++
			}
			continue
		}
		out, end, ok := p.at(i)
		if !ok {
			i++
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(out)
		last, i = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// indexClosers records every "[/name]" once, so finding the end of an
// enclosing shortcode is a binary search instead of a scan.
func (p *scScanner) indexClosers() {
	s := p.s
	for i := 0; ; {
		k := strings.Index(s[i:], "[/")
		if k < 0 {
			return
		}
		i += k
		n := nameLen(s[i+2:])
		if n > 0 && i+2+n < len(s) && s[i+2+n] == ']' {
			name := s[i+2 : i+2+n]
			p.closers[name] = append(p.closers[name], i)
		}
		i += 2
	}
}

// nameLen returns the length of the shortcode name at the start of s:
// [A-Za-z0-9_-]+ starting with a letter, or 0.
func nameLen(s string) int {
	if s == "" || !isASCIILetter(s[0]) {
		return 0
	}
	n := 1
	for n < len(s) && (isASCIILetter(s[n]) || s[n] >= '0' && s[n] <= '9' || s[n] == '_' || s[n] == '-') {
		n++
	}
	return n
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// at handles the '[' at s[i]: what replaces it and where the text resumes.
func (p *scScanner) at(i int) (out string, end int, ok bool) {
	s := p.s
	if strings.HasPrefix(s[i:], "[/") { // a closer without its opener
		n := nameLen(s[i+2:])
		if n > 0 && i+2+n < len(s) && s[i+2+n] == ']' {
			if name := s[i+2 : i+2+n]; p.handled(name) || strings.ContainsAny(name, "_-") {
				return "", i + 3 + n, true
			}
		}
		return "", 0, false
	}
	if strings.HasPrefix(s[i:], "[[") {
		sc, found := p.parse(i + 1)
		if !found || !p.strong(sc) {
			return "", 0, false // not ours; the next '[' is tried on its own
		}
		if sc.end < len(s) && s[sc.end] == ']' { // [[tag]]: shown as [tag]
			return s[i+1 : sc.end], sc.end + 1, true
		}
		return "[" + p.render(sc), sc.end, true
	}
	sc, found := p.parse(i)
	if !found || !(p.strong(sc) || p.weak(sc)) {
		return "", 0, false
	}
	return p.render(sc), sc.end, true
}

// parse reads the shortcode whose '[' is s[i], the way WordPress's
// get_shortcode_regex() does, without deciding yet whether it is one.
func (p *scScanner) parse(i int) (shortcode, bool) {
	s := p.s
	n := nameLen(s[i+1:])
	if n == 0 {
		return shortcode{}, false
	}
	nameEnd := i + 1 + n
	rb := p.rb.next(nameEnd)
	if rb < 0 || rb-nameEnd > maxShortcodeAttrs {
		return shortcode{}, false
	}
	sc := shortcode{name: s[i+1 : nameEnd], attrs: s[nameEnd:rb], start: i, end: rb + 1}
	if strings.IndexByte(sc.attrs, '[') >= 0 && !p.handled(sc.name) {
		return shortcode{}, false // "[see [1]": prose around a bracket
	}
	if strings.HasSuffix(sc.attrs, "/") {
		sc.attrs = sc.attrs[:len(sc.attrs)-1]
		// "[name /]" or "[name a="b"/]"; "[http://x.com/]" is prose
		sc.selfClose = sc.attrs == "" || strings.IndexByte(" \t\n\"'", sc.attrs[len(sc.attrs)-1]) >= 0
		return sc, true
	}
	list := p.closers[sc.name]
	if k := sort.SearchInts(list, sc.end); k < len(list) {
		sc.enclosing = true
		sc.content = s[sc.end:list[k]]
		sc.end = list[k] + len("[/]") + len(sc.name)
	}
	return sc, true
}

// handled reports whether name is one we convert or always remove.
func (p *scScanner) handled(name string) bool {
	switch name {
	case "caption", "wp_caption", "embed", "gallery", "video", "audio", "playlist":
		return true
	}
	return removedShortcodes[name] || embedShortcodes[name] || strings.HasPrefix(name, "contact-form")
}

// strong reports whether sc is a shortcode beyond doubt: a name we know,
// a closing tag, "/]", key=value attributes, or a plugin-style name with
// '_' or '-'. Prose in brackets has none of these.
func (p *scScanner) strong(sc shortcode) bool {
	if p.handled(sc.name) || sc.enclosing || sc.selfClose || strings.ContainsAny(sc.name, "_-") {
		return true
	}
	a := strings.TrimSpace(sc.attrs)
	return strings.HasPrefix(a, "=") || keyValue.MatchString(a)
}

var keyValue = regexp.MustCompile(`(?:^|\s)[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s'"]+)`)

// weak reports whether sc is a lower-case ASCII tag standing alone on its
// line, as a plugin's [adsense] or [related] does; "[sic]" in a sentence
// or "[ترمیم]" are text.
func (p *scScanner) weak(sc shortcode) bool {
	for i := 0; i < len(sc.name); i++ {
		if c := sc.name[i]; c >= 'A' && c <= 'Z' {
			return false
		}
	}
	for i := 0; i < len(sc.attrs); i++ {
		if sc.attrs[i] >= 0x80 {
			return false
		}
	}
	return aloneOnLine(p.s, sc.start, sc.end)
}

// aloneOnLine reports whether s[start:end] has nothing but white space and
// tags between it and the line's ends, looking no further than 256 bytes.
func aloneOnLine(s string, start, end int) bool {
	const limit = 256
	for i, n := start-1, 0; i >= 0 && s[i] != '\n'; i, n = i-1, n+1 {
		switch {
		case n > limit:
			return false
		case s[i] == '>':
			for i > 0 && s[i] != '<' && n <= limit {
				i, n = i-1, n+1
			}
		case !isSpaceByte(s[i]):
			return false
		}
	}
	for i, n := end, 0; i < len(s) && s[i] != '\n'; i, n = i+1, n+1 {
		switch {
		case n > limit:
			return false
		case s[i] == '<':
			for i < len(s)-1 && s[i] != '>' && n <= limit {
				i, n = i+1, n+1
			}
		case !isSpaceByte(s[i]):
			return false
		}
	}
	return true
}

// render returns what a recognised shortcode becomes.
func (p *scScanner) render(sc shortcode) string {
	c := p.c
	switch {
	case sc.name == "caption" || sc.name == "wp_caption":
		return p.caption(sc)
	case sc.name == "embed":
		if u := bareURL(sc.content); u != "" {
			return embedOrLink(u, "")
		}
		if u := firstURL(sc.attrs); u != "" {
			return embedOrLink(u, "")
		}
		c.warn("shortcode [embed] without a URL removed")
		return c.shortcodes(sc.content, p.depth+1)
	case sc.name == "gallery":
		return p.gallery(sc)
	case sc.name == "video" || sc.name == "audio":
		atts, _ := parseAtts(sc.attrs)
		u := ""
		for _, k := range mediaAttrs {
			if u = strings.TrimSpace(html.UnescapeString(atts[k])); u != "" {
				break
			}
		}
		if u == "" {
			u = bareURL(sc.content)
		}
		if u == "" {
			c.warn("shortcode [%s] without a file removed", sc.name)
			return ""
		}
		if _, ok := embed.Parse(u); !ok {
			c.warn("shortcode [%s] replaced by a link to %s", sc.name, u)
		}
		return linkParagraph(u)
	case embedShortcodes[sc.name]:
		if u := embedURL(sc); u != "" {
			if _, ok := embed.Parse(u); !ok {
				c.warn("shortcode [%s] replaced by a link to %s", sc.name, u)
			}
			return linkParagraph(u)
		}
	}
	if sc.enclosing && strings.TrimSpace(sc.content) != "" {
		c.warn("shortcode [%s] removed, its text kept", sc.name)
		return c.shortcodes(sc.content, p.depth+1)
	}
	c.warn("shortcode [%s] removed", sc.name)
	return ""
}

// captionImage is img_caption_shortcode's split of [caption] content into
// the image (perhaps inside a link) and the caption text after it.
var captionImage = regexp.MustCompile(`(?is)((?:<a\s[^>]+>\s*)?<img\s[^>]+>(?:\s*</a>)?)(.*)`)

// caption turns [caption]<img …> text[/caption], or the older
// [caption caption="text"]<img …>[/caption], into a figure; the
// attachment id from id="attachment_N" goes along for ImageByID.
func (p *scScanner) caption(sc shortcode) string {
	atts, _ := parseAtts(sc.attrs)
	content := p.c.shortcodes(sc.content, p.depth+1)
	caption, hasCaption := atts["caption"]
	body := content
	if m := captionImage.FindStringSubmatch(content); m != nil {
		if !hasCaption {
			body, caption = m[1], strings.TrimSpace(m[2])
		}
	} else {
		if strings.TrimSpace(caption) != "" {
			content += "<p>" + caption + "</p>"
		}
		return content
	}
	id := ""
	if n, err := strconv.ParseInt(strings.TrimPrefix(atts["id"], "attachment_"), 10, 64); err == nil && n > 0 {
		id = ` data-wp-id="` + strconv.FormatInt(n, 10) + `"`
	}
	return "<figure" + id + ">" + body + "<figcaption>" + caption + "</figcaption></figure>"
}

// gallery turns [gallery ids="1,2,3"] into a figure of its attachments,
// which the cleaning pass makes a gallery block. A gallery without ids
// showed the post's attached images, which the body does not name: it is
// reported and dropped.
func (p *scScanner) gallery(sc shortcode) string {
	atts, _ := parseAtts(sc.attrs)
	ids := atts["ids"]
	if ids == "" {
		ids = atts["include"]
	}
	var b strings.Builder
	for f := range strings.SplitSeq(ids, ",") {
		if n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil && n > 0 {
			b.WriteString(`<img data-wp-id="` + strconv.FormatInt(n, 10) + `">`)
		}
	}
	if b.Len() == 0 {
		p.c.warn("shortcode [gallery] without ids removed")
		return ""
	}
	return "<figure>" + b.String() + "</figure>"
}

var urlInText = regexp.MustCompile(`https?://[^\s"'\]<>]+`)

// bareURL returns s (tags and entities removed) when it is a single URL.
func bareURL(s string) string {
	s = strings.TrimSpace(html.UnescapeString(stripTags(s)))
	if (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")) && !strings.ContainsAny(s, " \t\n<>\"") {
		return s
	}
	return ""
}

// firstURL returns the first http(s) URL in a shortcode's attribute text.
func firstURL(attrs string) string {
	return urlInText.FindString(html.UnescapeString(attrs))
}

// embedURL finds what a Jetpack embed shortcode points to.
func embedURL(sc shortcode) string {
	if u := firstURL(sc.attrs); u != "" {
		return u
	}
	if u := bareURL(sc.content); u != "" {
		return u
	}
	atts, pos := parseAtts(strings.TrimPrefix(strings.TrimSpace(sc.attrs), "="))
	id := atts["id"]
	if id == "" && len(pos) > 0 {
		id = pos[0]
	}
	if id == "" || strings.ContainsAny(id, "/?#&\"'<> ") {
		return ""
	}
	switch sc.name {
	case "vimeo":
		return "https://vimeo.com/" + id
	case "dailymotion":
		return "https://www.dailymotion.com/video/" + id
	case "youtube":
		return "https://www.youtube.com/watch?v=" + id
	case "tweet", "twitter":
		return "https://twitter.com/i/status/" + id
	}
	return ""
}

// attsPattern is shortcode_parse_atts()'s: name="v", name='v', name=v,
// "v", 'v' and bare words.
var attsPattern = regexp.MustCompile(`([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)`)

// parseAtts parses shortcode attributes: named ones (names lower-cased)
// and positional ones in order.
func parseAtts(text string) (map[string]string, []string) {
	atts := map[string]string{}
	var pos []string
	text = strings.NewReplacer("\u00a0", " ", "\u200b", " ").Replace(text)
	for _, m := range attsPattern.FindAllStringSubmatch(text, -1) {
		switch {
		case m[1] != "":
			atts[strings.ToLower(m[1])] = m[2]
		case m[3] != "":
			atts[strings.ToLower(m[3])] = m[4]
		case m[5] != "":
			atts[strings.ToLower(m[5])] = m[6]
		case m[7] != "":
			pos = append(pos, m[7])
		case m[8] != "":
			pos = append(pos, m[8])
		case m[9] != "":
			pos = append(pos, m[9])
		}
	}
	return atts, pos
}

var anyTag = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string {
	if strings.IndexByte(s, '<') < 0 {
		return s
	}
	return anyTag.ReplaceAllString(s, "")
}
