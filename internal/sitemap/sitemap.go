// Package sitemap writes sitemaps (protocol 0.9), sitemap indexes and Google
// News sitemaps, so search engines find every article and news search finds
// the new ones within minutes.
//
// Every writer checks its whole input before writing a byte: a limit broken
// (too many URLs, too many bytes) or a URL a crawler would reject is an error
// and nothing reaches w, so a handler can fall back to splitting the sitemap
// instead of serving half of one.
package sitemap

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of the sitemap protocol, for a sitemap and for an index alike;
// MaxBytes counts the uncompressed file.
const (
	MaxURLs  = 50000
	MaxBytes = 50 * 1024 * 1024
)

// MaxNewsURLs is Google's limit for one news sitemap.
const MaxNewsURLs = 1000

// The sitemap schema's bounds on a loc.
const (
	minLocLen = 12
	maxLocLen = 2048
)

const (
	nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	nsNews    = "http://www.google.com/schemas/sitemap-news/0.9"
)

// Errors a caller can act on by splitting the sitemap.
var (
	ErrTooMany  = errors.New("too many URLs")
	ErrTooLarge = errors.New("larger than MaxBytes")
)

// URL is a page (in a urlset) or a sitemap (in an index).
type URL struct {
	Loc     string // absolute http(s) URL
	LastMod time.Time
}

// NewsURL is an article in a Google News sitemap. Google wants only articles
// published in the last two days; choosing them is the caller's job.
type NewsURL struct {
	Loc             string
	Title           string
	PublicationName string // exactly as on the articles and in Google News
	Language        string // ISO 639 code: "ur"; "ur-PK" is reduced to "ur"
	Published       time.Time
}

// WriteIndex writes a <sitemapindex> of sitemaps.
func WriteIndex(w io.Writer, sitemaps []URL) error {
	if len(sitemaps) > MaxURLs {
		return fmt.Errorf("sitemap: index of %d sitemaps, more than %d: %w", len(sitemaps), MaxURLs, ErrTooMany)
	}
	entries, err := prepareURLs(sitemaps, "sitemap")
	if err != nil {
		return err
	}
	return write(w, "index",
		`<sitemapindex xmlns="`+nsSitemap+`">`+"\n", "</sitemapindex>\n",
		len(entries), func(b []byte, i int) []byte { return appendEntry(b, "sitemap", entries[i]) })
}

// WriteURLSet writes a <urlset> of pages. An empty list gives an empty
// urlset: the schema wants at least one url, but a new site has none and
// crawlers accept it.
func WriteURLSet(w io.Writer, urls []URL) error {
	if len(urls) > MaxURLs {
		return fmt.Errorf("sitemap: %d urls, more than %d: %w", len(urls), MaxURLs, ErrTooMany)
	}
	entries, err := prepareURLs(urls, "url")
	if err != nil {
		return err
	}
	return write(w, "urlset",
		`<urlset xmlns="`+nsSitemap+`">`+"\n", "</urlset>\n",
		len(entries), func(b []byte, i int) []byte { return appendEntry(b, "url", entries[i]) })
}

// WriteNews writes a Google News sitemap: a urlset whose urls carry
// news:news with the publication, its language, the publication date and
// the title. Empty is fine (no news in the last two days).
func WriteNews(w io.Writer, urls []NewsURL) error {
	if len(urls) > MaxNewsURLs {
		return fmt.Errorf("sitemap: news sitemap of %d urls, more than Google's %d: %w", len(urls), MaxNewsURLs, ErrTooMany)
	}
	entries := make([]newsEntry, len(urls))
	for i, u := range urls {
		e, err := prepareNews(u)
		if err != nil {
			return fmt.Errorf("sitemap: news url %d: %w", i, err)
		}
		entries[i] = e
	}
	return write(w, "news",
		`<urlset xmlns="`+nsSitemap+`" xmlns:news="`+nsNews+`">`+"\n", "</urlset>\n",
		len(entries), func(b []byte, i int) []byte { return appendNews(b, entries[i]) })
}

// entry is a URL already escaped for XML.
type entry struct{ loc, lastmod string }

func prepareURLs(urls []URL, what string) ([]entry, error) {
	entries := make([]entry, len(urls))
	for i, u := range urls {
		loc, err := normalizeLoc(u.Loc)
		if err != nil {
			return nil, fmt.Errorf("sitemap: %s %d: %w", what, i, err)
		}
		entries[i].loc = loc
		if !u.LastMod.IsZero() {
			if entries[i].lastmod, err = w3cDatetime(u.LastMod); err != nil {
				return nil, fmt.Errorf("sitemap: %s %d (%s): lastmod: %w", what, i, loc, err)
			}
		}
	}
	return entries, nil
}

func appendEntry(b []byte, tag string, e entry) []byte {
	b = append(b, "  <"+tag+">\n    <loc>"...)
	b = append(b, escape(e.loc)...)
	b = append(b, "</loc>\n"...)
	if e.lastmod != "" {
		b = append(b, "    <lastmod>"+e.lastmod+"</lastmod>\n"...)
	}
	return append(b, "  </"+tag+">\n"...)
}

type newsEntry struct{ loc, name, lang, date, title string }

func prepareNews(u NewsURL) (newsEntry, error) {
	var e newsEntry
	var err error
	if e.loc, err = normalizeLoc(u.Loc); err != nil {
		return e, err
	}
	if e.name = strings.TrimSpace(clean(u.PublicationName)); e.name == "" {
		return e, fmt.Errorf("%s: publication name is empty", e.loc)
	}
	if e.title = strings.TrimSpace(clean(u.Title)); e.title == "" {
		return e, fmt.Errorf("%s: title is empty", e.loc)
	}
	if e.lang, err = newsLanguage(u.Language); err != nil {
		return e, fmt.Errorf("%s: %w", e.loc, err)
	}
	if u.Published.IsZero() {
		return e, fmt.Errorf("%s: publication date is missing", e.loc)
	}
	if e.date, err = w3cDatetime(u.Published); err != nil {
		return e, fmt.Errorf("%s: publication date: %w", e.loc, err)
	}
	return e, nil
}

func appendNews(b []byte, e newsEntry) []byte {
	b = append(b, "  <url>\n    <loc>"...)
	b = append(b, escape(e.loc)...)
	b = append(b, "</loc>\n    <news:news>\n      <news:publication>\n        <news:name>"...)
	b = append(b, escape(e.name)...)
	b = append(b, "</news:name>\n        <news:language>"+e.lang+"</news:language>\n      </news:publication>\n"...)
	b = append(b, "      <news:publication_date>"+e.date+"</news:publication_date>\n      <news:title>"...)
	b = append(b, escape(e.title)...)
	return append(b, "</news:title>\n    </news:news>\n  </url>\n"...)
}

// newsLanguage reduces a BCP 47 tag to what Google News accepts: an ISO 639
// code of two or three letters, or zh-cn / zh-tw.
func newsLanguage(tag string) (string, error) {
	l := strings.ToLower(strings.TrimSpace(clean(tag)))
	l = strings.ReplaceAll(l, "_", "-")
	switch {
	case l == "zh-cn" || l == "zh-hans" || strings.HasPrefix(l, "zh-hans-"):
		return "zh-cn", nil
	case l == "zh-tw" || l == "zh-hant" || strings.HasPrefix(l, "zh-hant-"):
		return "zh-tw", nil
	}
	if i := strings.IndexByte(l, '-'); i >= 0 {
		l = l[:i]
	}
	if len(l) < 2 || len(l) > 3 || strings.Trim(l, "abcdefghijklmnopqrstuvwxyz") != "" {
		return "", fmt.Errorf("language %q is not an ISO 639 code", tag)
	}
	return l, nil
}

// w3cDatetime formats t in the W3C Datetime profile of ISO 8601, to the
// second with the time's own zone: the form both the sitemap and the news
// schema accept (xsd:dateTime), which needs a four-digit year.
func w3cDatetime(t time.Time) (string, error) {
	if y := t.Year(); y < 1 || y > 9999 {
		return "", fmt.Errorf("year %d is outside 0001–9999", y)
	}
	return t.Format(time.RFC3339), nil
}

// normalizeLoc checks that s is an absolute http(s) URL and percent-encodes
// what RFC 3986 does not allow in a URI (non-ASCII such as Urdu, spaces,
// quotes, angle brackets), leaving existing %XX escapes alone: crawlers want
// URIs, not IRIs. The result is not yet XML-escaped.
func normalizeLoc(s string) (string, error) {
	raw := strings.TrimSpace(clean(s))
	loc := percentEncode(raw)
	u, err := url.Parse(loc)
	if err != nil {
		return "", fmt.Errorf("loc %q: %w", raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("loc %q is not an absolute http(s) URL", raw)
	}
	for i := 0; i < len(u.Host); i++ {
		if u.Host[i] >= utf8.RuneSelf {
			return "", fmt.Errorf("loc %q: host must be ASCII (punycode)", raw)
		}
	}
	if len(loc) < minLocLen || len(loc) > maxLocLen {
		return "", fmt.Errorf("loc %q is %d bytes, outside the protocol's %d–%d", loc, len(loc), minLocLen, maxLocLen)
	}
	return loc, nil
}

// percentEncode escapes every byte that may not appear in a URI as %XX and a
// "%" that does not start an escape as %25. It is idempotent.
func percentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		case c != '%' && uriByte(c):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// uriByte reports whether c is an RFC 3986 unreserved or reserved character.
func uriByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0
}

// write checks the document's size, then writes it: head, n entries, tail.
// The first pass only counts, so an oversized sitemap writes nothing.
func write(w io.Writer, what, head, tail string, n int, render func([]byte, int) []byte) error {
	const decl = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	var scratch []byte
	size := int64(len(decl) + len(head) + len(tail))
	for i := 0; i < n; i++ {
		scratch = render(scratch[:0], i)
		if size += int64(len(scratch)); size > MaxBytes {
			return fmt.Errorf("sitemap: %s over %d bytes by entry %d: %w", what, MaxBytes, i, ErrTooLarge)
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(decl)
	bw.WriteString(head)
	for i := 0; i < n; i++ {
		scratch = render(scratch[:0], i)
		if _, err := bw.Write(scratch); err != nil {
			return fmt.Errorf("sitemap: write %s: %w", what, err)
		}
	}
	bw.WriteString(tail)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("sitemap: write %s: %w", what, err)
	}
	return nil
}

// escape escapes the five characters the sitemap protocol names for
// already-cleaned text.
func escape(s string) string {
	if !strings.ContainsAny(s, `<>&"'`) {
		return s
	}
	return xmlEscaper.Replace(s)
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

// clean drops what XML 1.0 cannot carry: invalid UTF-8, control characters
// other than tab, newline and carriage return, C1 controls, surrogates and
// U+FFFE/U+FFFF. (The feed package has the same rule for the same reason.)
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t', r == '\n', r == '\r':
			return r
		case r < 0x20, r >= 0x7f && r <= 0x9f, r >= 0xd800 && r <= 0xdfff, r == 0xfffe, r == 0xffff:
			return -1
		}
		return r
	}, s)
}
