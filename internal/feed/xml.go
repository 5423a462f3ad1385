package feed

import (
	"bufio"
	"io"
	"strings"
)

// xmlWriter writes indented XML by hand. encoding/xml cannot choose namespace
// prefixes (dc:, media:, content:), which feed readers match on literally.
// The first write error sticks and every later call does nothing, so callers
// check err once at the end.
type xmlWriter struct {
	w     *bufio.Writer
	depth int
	err   error
}

func newXMLWriter(w io.Writer) *xmlWriter {
	x := &xmlWriter{w: bufio.NewWriter(w)}
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	return x
}

func (x *xmlWriter) raw(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

func (x *xmlWriter) indent() {
	x.raw(strings.Repeat("  ", x.depth))
}

// tag writes "<name a="v"…" without closing it. attrs are name/value pairs;
// a pair whose value is empty after cleaning is left out.
func (x *xmlWriter) tag(name string, attrs []string) {
	x.raw("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		v := clean(attrs[i+1])
		if v == "" {
			continue
		}
		x.raw(" " + attrs[i] + `="`)
		x.raw(escapeXML(v, true))
		x.raw(`"`)
	}
}

// open starts an element whose children follow on their own lines.
func (x *xmlWriter) open(name string, attrs ...string) {
	x.indent()
	x.tag(name, attrs)
	x.raw(">\n")
	x.depth++
}

func (x *xmlWriter) close(name string) {
	x.depth--
	x.indent()
	x.raw("</" + name + ">\n")
}

// elem writes <name attrs>text</name>, or nothing when text is empty after
// cleaning: an empty element says nothing a reader can use.
func (x *xmlWriter) elem(name, text string, attrs ...string) {
	if clean(text) == "" {
		return
	}
	x.required(name, text, attrs...)
}

// required writes <name attrs>text</name> even when text is empty, for
// elements a format demands.
func (x *xmlWriter) required(name, text string, attrs ...string) {
	text = clean(text)
	x.indent()
	x.tag(name, attrs)
	x.raw(">")
	x.raw(escapeXML(text, false))
	x.raw("</" + name + ">\n")
}

// cdata writes <name>text</name> with text in CDATA sections, splitting the
// text wherever it contains "]]>" so the content cannot end the section early.
// Carriage returns go between sections as references, since a parser turns a
// literal one into a newline.
func (x *xmlWriter) cdata(name, text string) {
	text = clean(text)
	if text == "" {
		return
	}
	x.indent()
	x.raw("<" + name + "><![CDATA[")
	x.raw(cdataEscaper.Replace(text))
	x.raw("]]></" + name + ">\n")
}

// empty writes <name attrs/>.
func (x *xmlWriter) empty(name string, attrs ...string) {
	x.indent()
	x.tag(name, attrs)
	x.raw("/>\n")
}

var cdataEscaper = strings.NewReplacer("]]>", "]]]]><![CDATA[>", "\r", "]]>&#xD;<![CDATA[")

func (x *xmlWriter) flush() error {
	if x.err == nil {
		x.err = x.w.Flush()
	}
	return x.err
}

// escapeXML escapes already-cleaned text. In attributes both quote kinds are
// escaped, whatever the delimiter, and whitespace other than space is written
// as a character reference so parsers do not normalize it away.
// Carriage returns are always escaped, since parsers turn a literal CR into LF.
func escapeXML(s string, attr bool) string {
	if !strings.ContainsAny(s, "<>&\"'\r\n\t") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			if attr {
				b.WriteString("&quot;")
			} else {
				b.WriteRune(r)
			}
		case '\'':
			if attr {
				b.WriteString("&apos;")
			} else {
				b.WriteRune(r)
			}
		case '\r':
			b.WriteString("&#xD;")
		case '\n':
			if attr {
				b.WriteString("&#xA;")
			} else {
				b.WriteRune(r)
			}
		case '\t':
			if attr {
				b.WriteString("&#x9;")
			} else {
				b.WriteRune(r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
