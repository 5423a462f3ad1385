// Package wxr reads WordPress export files (WXR 1.0, 1.1 and 1.2: RSS 2.0
// with WordPress's namespaces) as a stream of records, in bounded memory,
// so a 2 GB export of 200,000 posts imports like a small one.
//
// The reader isolates each top-level element of the <channel> — every
// <item>, wp:author, wp:category, wp:tag and wp:term — before decoding it
// with its own encoding/xml Decoder. A scanner that understands only where
// markup starts and ends (tags, CDATA sections, comments, processing
// instructions) cuts the stream; a fault inside one element therefore
// costs that element alone: Next reports it as an *ItemError with its line
// numbers, and the next call goes on with the next element. A stream that
// is not WXR, or ends before </channel>, gives a *FatalError instead, after
// every complete element before the fault has been returned.
//
// Characters that XML 1.0 forbids but real exports contain (form feeds and
// vertical tabs pasted from Word, other control characters, invalid UTF-8)
// would make a strict XML parser reject the whole item; the reader replaces
// them before decoding and counts them in Item.Repaired, so the importer
// can warn rather than lose the post.
package wxr

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// DefaultMaxItemSize bounds one element of the channel; an item larger than
// this is skipped with an ItemError wrapping ErrTooLarge. Real posts are
// kilobytes; the largest seen in the wild (base64 images pasted into the
// editor) are a few megabytes. Converting a post costs tens of times its
// size in memory for a moment (an 8 MB post: 320 MB peak for the whole
// import, a 52 MB one 2.3 GB), so the bound is low, and an import can
// raise it (akhbar import wordpress --max-item-mb).
const DefaultMaxItemSize = 8 << 20

// maxTag bounds the start tags of <rss> and <channel> and the XML
// declaration, which the reader reads whole to learn the namespaces.
const maxTag = 1 << 20

// Reader reads records from a WXR stream. It is not safe for concurrent use.
type Reader struct {
	// MaxItemSize is the largest element the reader will hold, in bytes;
	// zero means DefaultMaxItemSize. Set it before the first Next.
	MaxItemSize int

	sc         scanner
	state      state
	fatal      error
	site       Site
	siteSent   bool
	ns         map[string]string // prefix → namespace URI, from <rss> and <channel>
	wpDeclared bool              // ns held a WordPress export namespace before defaults were added
	head       []byte            // wrapper start tag declaring ns, put before every piece
	dec        pieceDecoder
	repaired   int
}

type state int

const (
	stProlog  state = iota // before <rss>
	stRSS                  // in <rss>, before <channel>
	stChannel              // in <channel>
	stTail                 // after </channel>
	stDone                 // after </rss>
)

// wrapTail closes the wrapper element of a piece.
var wrapTail = []byte("</wxr>")

// NewReader returns a Reader reading the WXR file r. It buffers r itself.
func NewReader(r io.Reader) *Reader {
	return &Reader{sc: newScanner(r), ns: map[string]string{}}
}

// Next returns the next record: *Site once, before any author, term or
// item, then *Author, *Category, *Tag, *Term and *Item in file order, then
// io.EOF. An element that cannot be read gives a nil record and an
// *ItemError, and Next can be called again. Any other error is a
// *FatalError, which every later call returns again.
//
// Every call consumes input, except the one call that returns the Site:
// a loop over Next cannot spin.
func (r *Reader) Next() (Record, error) {
	if r.fatal != nil {
		return nil, r.fatal
	}
	if r.state == stDone {
		return nil, io.EOF
	}
	if r.MaxItemSize <= 0 {
		r.MaxItemSize = DefaultMaxItemSize
	}
	rec, err := r.next()
	if err != nil && err != io.EOF {
		var ie *ItemError
		if !errors.As(err, &ie) {
			err = &FatalError{Line: r.sc.endLine(), Offset: r.sc.off, Err: err}
			r.fatal = err
		}
	}
	return rec, err
}

// Line returns the line the reader has reached, for progress reports.
func (r *Reader) Line() int { return r.sc.line }

// Offset returns how many bytes the reader has consumed; against the file's
// size it makes a progress bar.
func (r *Reader) Offset() int64 { return r.sc.off }

// Repaired returns how many forbidden characters were replaced so far, in
// items and everywhere else.
func (r *Reader) Repaired() int { return r.repaired }

func (r *Reader) next() (Record, error) {
	for {
		switch r.state {
		case stProlog:
			if err := r.prolog(); err != nil {
				return nil, err
			}
		case stRSS:
			if err := r.beforeChannel(); err != nil {
				return nil, err
			}
		case stChannel:
			rec, err := r.channel()
			if rec != nil || err != nil {
				return rec, err
			}
		case stTail:
			if err := r.tail(); err != nil {
				return nil, err
			}
		case stDone:
			return nil, io.EOF
		}
	}
}

func notWXR(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrNotWXR}, args...)...)
}

func truncated(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrTruncated}, args...)...)
}

// readErr is the error for a stream that ended early: a read error if
// there was one, else the given one.
func (r *Reader) readErr(eof error) error {
	if r.sc.err != nil && r.sc.err != io.EOF {
		return fmt.Errorf("read: %w", r.sc.err)
	}
	return eof
}

// prolog reads up to the <rss> start tag: byte order mark, XML
// declaration, comments. The comment WordPress writes there names the
// generator.
func (r *Reader) prolog() error {
	s := &r.sc
	if s.ensure(3) {
		win := s.window()
		switch {
		case bytes.HasPrefix(win, []byte("\xef\xbb\xbf")):
			s.consume(3)
		case bytes.HasPrefix(win, []byte("\xfe\xff")), bytes.HasPrefix(win, []byte("\xff\xfe")):
			return notWXR("the file is UTF-16; convert it to UTF-8 first")
		}
	}
	for {
		found, text := s.skipText()
		if text {
			return notWXR("text before the first element, so not XML")
		}
		if !found {
			if s.off == 0 {
				return r.readErr(notWXR("the file is empty"))
			}
			return r.readErr(notWXR("no <rss> element"))
		}
		switch m := s.classify(); m {
		case mkPI:
			pi, ok := r.captureMarkup(m)
			if !ok {
				return r.readErr(notWXR("the file ends inside a processing instruction"))
			}
			if err := checkDeclaration(pi); err != nil {
				return err
			}
		case mkComment:
			c, ok := r.captureMarkup(m)
			if !ok {
				return r.readErr(notWXR("the file ends inside a comment"))
			}
			if g := generatorComment(c); g != "" && r.site.Generator == "" {
				r.site.Generator = g
			}
		case mkDecl:
			return notWXR("%s: a document type declaration (an HTML page?); WordPress exports have none", s.quoteStart())
		case mkStart:
			name := s.peekName(1)
			if string(name) != "rss" {
				return notWXR("the root element is <%s>, not <rss>", name)
			}
			selfClosing, err := r.readStartTag("rss")
			if err != nil {
				return err
			}
			r.state = stRSS
			if selfClosing {
				return notWXR("<rss/> is empty")
			}
			return nil
		default:
			return notWXR("%s is not XML", s.quoteStart())
		}
	}
}

// quoteStart shows what is at the scanner's position in an error message.
func (s *scanner) quoteStart() string {
	const n = 40
	s.ensure(n)
	win := s.window()
	if len(win) > n {
		win = win[:n]
	}
	if i := bytes.IndexByte(win, '\n'); i >= 0 {
		win = win[:i]
	}
	return fmt.Sprintf("%q", strings.ToValidUTF8(string(win), "\uFFFD"))
}

// captureMarkup reads a comment or processing instruction of up to maxTag
// bytes and returns it (cut to maxTag if longer).
func (r *Reader) captureMarkup(m markup) ([]byte, bool) {
	s := &r.sc
	s.startCapture(nil, maxTag)
	ok := s.skipMarkup(m)
	return s.endCapture(nil), ok
}

// checkDeclaration refuses an XML declaration naming an encoding other
// than UTF-8 (or its subset ASCII): WordPress writes the blog's charset
// there, and a Latin-1 blog's export mixes encodings beyond repair here.
func checkDeclaration(pi []byte) error {
	if !bytes.HasPrefix(pi, []byte("<?xml")) || len(pi) < 6 || !isXMLSpace(pi[5]) {
		return nil
	}
	i := bytes.Index(pi, []byte("encoding"))
	if i < 0 {
		return nil
	}
	rest := bytes.TrimLeft(pi[i+len("encoding"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return nil
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
		return nil
	}
	end := bytes.IndexByte(rest[1:], rest[0])
	if end < 0 {
		return nil
	}
	enc := string(rest[1 : 1+end])
	switch strings.ToLower(enc) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return nil
	}
	return notWXR("encoding %q is not supported: convert the file to UTF-8 first (iconv -f %s -t UTF-8)", enc, enc)
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// generatorComment returns what the comment WordPress writes before <rss>
// says generated the file: "WordPress/6.4.2" from
// <!-- generator="WordPress/6.4.2" created="2024-05-17 10:00" -->.
func generatorComment(c []byte) string {
	_, after, ok := bytes.Cut(c, []byte(`generator="`))
	if !ok {
		return ""
	}
	v, _, ok := bytes.Cut(after, []byte(`"`))
	if !ok || len(v) > 200 {
		return ""
	}
	return strings.ToValidUTF8(string(v), "\uFFFD")
}

// readStartTag reads the start tag of <rss> or <channel> at the scanner's
// position, records its namespace declarations and reports whether the
// element closes itself.
func (r *Reader) readStartTag(name string) (selfClosing bool, err error) {
	s := &r.sc
	line := s.line
	s.startCapture(nil, maxTag)
	selfClosing, ok := s.skipTag()
	tag := s.endCapture(nil)
	if !ok {
		return false, r.readErr(truncated("it ends inside the <%s> start tag", name))
	}
	if s.overflow {
		return false, notWXR("the <%s> start tag is longer than %d bytes", name, maxTag)
	}
	if !selfClosing {
		tag = append(tag, "</"+name+">"...)
	}
	tag, n := repair(tag, nil)
	r.repaired += n
	d := xml.NewDecoder(bytes.NewReader(tag))
	tok, err := d.Token()
	if err != nil {
		return false, notWXR("line %d: the <%s> start tag is not well-formed: %v", line, name, syntaxMsg(err))
	}
	if se, ok := tok.(xml.StartElement); ok {
		for _, a := range se.Attr {
			if a.Name.Space == "xmlns" && a.Name.Local != "" && a.Name.Local != "xml" && a.Name.Local != "xmlns" {
				r.ns[a.Name.Local] = a.Value
				if roleOf(a.Value) == roleWP {
					r.wpDeclared = true
				}
			}
		}
	}
	return selfClosing, nil
}

// beforeChannel reads from inside <rss> to the <channel> start tag.
func (r *Reader) beforeChannel() error {
	s := &r.sc
	for {
		found, _ := s.skipText()
		if !found {
			return r.readErr(truncated("it ends before <channel>"))
		}
		switch m := s.classify(); m {
		case mkStart:
			name := s.peekName(1)
			if string(name) != "channel" {
				return notWXR("<rss> holds <%s> where <channel> should be", name)
			}
			r.site.Line = s.line
			selfClosing, err := r.readStartTag("channel")
			if err != nil {
				return err
			}
			r.buildHead()
			if selfClosing {
				r.state = stTail
				return r.endChannel()
			}
			r.state = stChannel
			return nil
		case mkEnd:
			return notWXR("<rss> has no <channel>")
		default:
			if !s.skipMarkup(m) {
				return r.readErr(truncated("it ends before <channel>"))
			}
		}
	}
}

// Namespaces WXR uses. WordPress writes the wp and excerpt ones with the
// WXR version in them (http://wordpress.org/export/1.2/); files that use
// a prefix without declaring it get the WordPress importer's defaults.
const (
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsWP      = "http://wordpress.org/export/1.2/"
	nsExcerpt = "http://wordpress.org/export/1.2/excerpt/"
)

var defaultNS = []struct{ prefix, uri string }{
	{"wp", nsWP}, {"excerpt", nsExcerpt}, {"content", nsContent}, {"dc", nsDC},
}

// buildHead makes the wrapper start tag that gives every piece the
// namespace declarations of <rss> and <channel>. It holds no newline, so
// line n of a piece is line n of the wrapped piece.
func (r *Reader) buildHead() {
	for _, d := range defaultNS {
		if _, ok := r.ns[d.prefix]; !ok {
			r.ns[d.prefix] = d.uri
		}
	}
	var b bytes.Buffer
	b.WriteString("<wxr")
	for _, prefix := range slices.Sorted(maps.Keys(r.ns)) {
		uri := r.ns[prefix]
		b.WriteString(" xmlns:")
		b.WriteString(prefix)
		b.WriteString(`="`)
		xml.EscapeText(&b, []byte(uri)) // escapes newlines too
		b.WriteString(`"`)
	}
	b.WriteString(">")
	r.head = b.Bytes()
}

// kind is what an element of the channel is.
type kind int

const (
	kOther kind = iota
	kItem
	kAuthor
	kCategory
	kTag
	kTerm
	kTitle
	kLink
	kDescription
	kLanguage
	kPubDate
	kVersion
	kBaseSiteURL
	kBaseBlogURL
)

func (k kind) isRecord() bool { return k >= kItem && k <= kTerm }

// elementNames name each kind in messages, as WordPress writes them.
var elementNames = [...]string{
	kItem: "item", kAuthor: "wp:author", kCategory: "wp:category", kTag: "wp:tag", kTerm: "wp:term",
	kTitle: "title", kLink: "link", kDescription: "description", kLanguage: "language", kPubDate: "pubDate",
	kVersion: "wp:wxr_version", kBaseSiteURL: "wp:base_site_url", kBaseBlogURL: "wp:base_blog_url",
}

// kindOf classifies a channel element by its name as written (prefix:local).
func (r *Reader) kindOf(name []byte) kind {
	prefix, local := []byte(nil), name
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		prefix, local = name[:i], name[i+1:]
	}
	var ro role
	if len(prefix) == 0 {
		ro = roleRSS
	} else if uri, ok := r.ns[string(prefix)]; ok {
		ro = roleOf(uri)
	} else {
		ro = roleOf(string(prefix))
	}
	switch ro {
	case roleRSS:
		switch string(local) {
		case "item":
			return kItem
		case "title":
			return kTitle
		case "link":
			return kLink
		case "description":
			return kDescription
		case "language":
			return kLanguage
		case "pubDate":
			return kPubDate
		}
	case roleWP:
		switch string(local) {
		case "author":
			return kAuthor
		case "category":
			return kCategory
		case "tag":
			return kTag
		case "term":
			return kTerm
		case "wxr_version":
			return kVersion
		case "base_site_url":
			return kBaseSiteURL
		case "base_blog_url":
			return kBaseBlogURL
		}
	}
	return kOther
}

// isRecordName is kindOf(name).isRecord() without the map lookup for the
// many names that cannot be records.
func (r *Reader) isRecordName(name []byte) bool {
	switch {
	case bytes.HasSuffix(name, []byte("item")), bytes.HasSuffix(name, []byte("author")),
		bytes.HasSuffix(name, []byte("category")), bytes.HasSuffix(name, []byte("tag")),
		bytes.HasSuffix(name, []byte("term")):
		return r.kindOf(name).isRecord()
	}
	return false
}

// channel reads the next element of the channel. It returns a nil record
// and nil error after an element that gives no record (a header field).
func (r *Reader) channel() (Record, error) {
	s := &r.sc
	for {
		found, _ := s.skipText()
		if !found {
			return nil, r.readErr(truncated("it ends before </channel>"))
		}
		switch m := s.classify(); m {
		case mkEnd:
			name := s.peekName(2)
			switch string(name) {
			case "channel", "rss":
				if _, ok := s.skipTag(); !ok {
					return nil, r.readErr(truncated("it ends inside </%s>", name))
				}
				r.state = stTail
				if string(name) == "rss" {
					r.state = stDone
				}
				if err := r.endChannel(); err != nil {
					return nil, err
				}
				if !r.siteSent {
					r.siteSent = true
					site := r.site
					return &site, nil
				}
				return nil, nil
			}
			// A stray end tag in the channel: not WordPress's, nothing lost.
			if _, ok := s.skipTag(); !ok {
				return nil, r.readErr(truncated("it ends inside </%s>", name))
			}
		case mkStart:
			name := s.peekName(1)
			k := r.kindOf(name)
			if k.isRecord() && !r.siteSent {
				// The header is complete: hand it over before consuming
				// anything of the first record.
				if err := r.checkWXR(); err != nil {
					return nil, err
				}
				r.siteSent = true
				site := r.site
				return &site, nil
			}
			elem := string(name)
			if k != kOther {
				elem = elementNames[k]
			}
			return r.element(k, elem)
		default:
			if !s.skipMarkup(m) {
				return nil, r.readErr(truncated("it ends inside a comment or CDATA section in <channel>"))
			}
		}
	}
}

// endChannel checks, at </channel>, that what was read is WXR.
func (r *Reader) endChannel() error {
	if r.siteSent {
		return nil
	}
	return r.checkWXR()
}

// checkWXR refuses a channel without a WXR version, as the WordPress
// importer does: a plain RSS feed is not an export.
func (r *Reader) checkWXR() error {
	v := r.site.Version
	if v == "" {
		if !r.wpDeclared {
			return notWXR("<rss> declares no WordPress namespace and <channel> has no wp:wxr_version: a plain RSS feed, not an export")
		}
		return notWXR("<channel> has no wp:wxr_version")
	}
	if !isVersion(v) {
		return notWXR("wp:wxr_version %q is not a version number", v)
	}
	return nil
}

func isVersion(v string) bool {
	major, minor, ok := strings.Cut(v, ".")
	return ok && isDigits(major) && isDigits(minor)
}

func isDigits(s string) bool {
	if s == "" || len(s) > 4 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// tail reads from </channel> to </rss>. Whatever follows </rss> is never
// read: PHP warnings appended by a plugin must not fail an export whose
// content is complete.
func (r *Reader) tail() error {
	s := &r.sc
	for {
		found, _ := s.skipText()
		if !found {
			// Only </rss> is missing: nothing was lost.
			r.state = stDone
			return r.readErr(nil)
		}
		switch m := s.classify(); m {
		case mkEnd:
			name := s.peekName(2)
			s.skipTag()
			if string(name) == "rss" {
				r.state = stDone
				return nil
			}
		case mkStart:
			// Another element after the channel: skip it whole.
			name := append([]byte(nil), s.peekName(1)...)
			if _, _, err := r.cut(name, false); err != nil {
				return err
			}
		default:
			if !s.skipMarkup(m) {
				r.state = stDone
				return r.readErr(nil)
			}
		}
	}
}

// cutInfo says why a piece ended before its end tag.
type cutInfo struct {
	line   int
	reason string
}

// cut moves over the element whose start tag is at the scanner's position,
// copying it into the scanner's piece when keep is set. The element ends at
// its end tag, or earlier (returned as cutInfo) at the start of a record,
// which cannot nest, or at </channel> or </rss>: so a missing end tag costs
// one element, not the rest of the file. endLine is the line of the
// element's last markup.
func (r *Reader) cut(name []byte, keep bool) (c *cutInfo, endLine int, err error) {
	s := &r.sc
	elem := string(name)
	startLine := s.line
	ended := func() (*cutInfo, int, error) {
		return nil, 0, r.readErr(truncated("it ends inside the <%s> that starts at line %d", elem, startLine))
	}
	if keep {
		s.startCapture(r.head, r.MaxItemSize)
	}
	defer func() { s.capturing = false }()
	selfClosing, ok := s.skipTag()
	if !ok {
		return ended()
	}
	if selfClosing {
		return nil, s.endLine(), nil
	}
	nest := 0
	for {
		endLine = s.endLine()
		if found, _ := s.skipText(); !found {
			return ended()
		}
		switch m := s.classify(); m {
		case mkEnd:
			n := s.peekName(2)
			switch {
			case bytes.Equal(n, name):
				if _, ok := s.skipTag(); !ok {
					return ended()
				}
				if nest == 0 {
					return nil, s.endLine(), nil
				}
				nest--
				continue
			case string(n) == "channel" || string(n) == "rss":
				return &cutInfo{s.line, fmt.Sprintf("<%s> is not closed before </%s> at line %d", elem, n, s.line)}, endLine, nil
			}
			if _, ok := s.skipTag(); !ok {
				return ended()
			}
		case mkStart:
			n := s.peekName(1)
			if r.isRecordName(n) {
				return &cutInfo{s.line, fmt.Sprintf("<%s> is not closed before the <%s> at line %d", elem, n, s.line)}, endLine, nil
			}
			same := bytes.Equal(n, name)
			selfClosing, ok := s.skipTag()
			if !ok {
				return ended()
			}
			if same && !selfClosing {
				nest++
			}
		default:
			if !s.skipMarkup(m) {
				return ended()
			}
		}
	}
}

// element reads one element of the channel and decodes it.
func (r *Reader) element(k kind, elem string) (Record, error) {
	s := &r.sc
	line := s.line
	if k == kOther {
		// Not WXR's (rss2_head output such as <generator>, <image>,
		// <atom:link>): skipped unread.
		name := append([]byte(nil), s.peekName(1)...)
		_, _, err := r.cut(name, false)
		return nil, err
	}
	name := append([]byte(nil), s.peekName(1)...)
	cut, endLine, err := r.cut(name, true)
	if err != nil {
		return nil, err
	}
	piece := s.endCapture(wrapTail)
	if s.overflow {
		e := &ItemError{Element: elem, Line: line, EndLine: endLine,
			Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, r.MaxItemSize)}
		e.Title, e.PostID = sniff(piece[len(r.head):])
		return nil, e
	}
	rec, n, err := r.dec.decode(k, elem, piece, len(r.head), line, cut)
	r.repaired += n
	if err != nil {
		if ie, ok := err.(*ItemError); ok {
			ie.EndLine = endLine
		}
		return nil, err
	}
	if rec == nil {
		r.header(k, r.dec.value)
	}
	return rec, nil
}

// header keeps one channel header field.
func (r *Reader) header(k kind, v string) {
	v = strings.TrimSpace(v)
	switch k {
	case kTitle:
		r.site.Title = v
	case kLink:
		r.site.Link = v
	case kDescription:
		r.site.Description = v
	case kLanguage:
		r.site.Language = v
	case kPubDate:
		r.site.PubDate = v
	case kVersion:
		r.site.Version = v
	case kBaseSiteURL:
		r.site.BaseSiteURL = v
	case kBaseBlogURL:
		r.site.BaseBlogURL = v
	}
}
