package wxr

import (
	"bytes"
	"io"
)

// windowSize is how much of the file the scanner looks at once. Markup is
// consumed in pieces, so nothing (CDATA, comments, tags) has to fit in it
// whole apart from a tag name.
const windowSize = 64 << 10

// maxName bounds a tag name the scanner compares; longer names are never
// WXR's and compare unequal to every name it looks for.
const maxName = 256

var (
	cdataStart   = []byte("<![CDATA[")
	cdataEnd     = []byte("]]>")
	commentStart = []byte("<!--")
	commentEnd   = []byte("-->")
	piEnd        = []byte("?>")
	declEnd      = []byte(">")
)

// markup is what a '<' in the stream starts.
type markup int

const (
	mkText    markup = iota // a '<' that starts nothing: not well-formed
	mkStart                 // <name …> or <name …/>
	mkEnd                   // </name>
	mkCDATA                 // <![CDATA[ … ]]>
	mkComment               // <!-- … -->
	mkPI                    // <? … ?>
	mkDecl                  // <!DOCTYPE …> and other declarations
)

// scanner reads the stream through a fixed window and moves over it one
// piece of markup at a time, counting lines. While capturing, every byte it
// moves over is also appended to piece, up to limit: that is how one
// element is cut out of the file without the scanner understanding more of
// XML than where markup begins and ends.
type scanner struct {
	src  io.Reader
	buf  []byte
	r, w int   // unread bytes are buf[r:w]
	err  error // sticky: io.EOF at the end, or the read error
	line int   // line of buf[r], 1-based
	off  int64 // offset of buf[r]
	last byte  // the last byte consumed

	capturing bool
	piece     []byte
	limit     int  // most bytes piece may hold
	overflow  bool // a byte did not fit: piece is incomplete

	name []byte // scratch for peekName
}

func newScanner(src io.Reader) scanner {
	return scanner{src: src, buf: make([]byte, windowSize), line: 1}
}

// fill moves the unread bytes to the front of the window and reads more.
func (s *scanner) fill() {
	if s.err != nil {
		return
	}
	if s.r > 0 {
		s.w = copy(s.buf, s.buf[s.r:s.w])
		s.r = 0
	}
	// A reader may return 0, nil; a few of those in a row are tolerated.
	for range 100 {
		if s.w == len(s.buf) {
			return
		}
		n, err := s.src.Read(s.buf[s.w:])
		s.w += n
		if err != nil {
			s.err = err
			return
		}
		if n > 0 {
			return
		}
	}
	s.err = io.ErrNoProgress
}

// ensure tries to have n unread bytes in the window (n <= windowSize) and
// reports whether it has.
func (s *scanner) ensure(n int) bool {
	for s.w-s.r < n && s.err == nil {
		s.fill()
	}
	return s.w-s.r >= n
}

func (s *scanner) window() []byte { return s.buf[s.r:s.w] }

// consume moves over n unread bytes.
func (s *scanner) consume(n int) {
	if n == 0 {
		return
	}
	chunk := s.buf[s.r : s.r+n]
	s.line += bytes.Count(chunk, nl)
	s.off += int64(n)
	s.r += n
	s.last = chunk[n-1]
	if s.capturing && !s.overflow {
		if len(s.piece)+n > s.limit {
			s.overflow = true
		} else {
			s.piece = append(s.piece, chunk...)
		}
	}
}

var nl = []byte{'\n'}

// endLine is the line of the last byte consumed: the line a truncated file
// ends on, not the empty one after its final newline.
func (s *scanner) endLine() int {
	if s.last == '\n' && s.line > 1 {
		return s.line - 1
	}
	return s.line
}

// skipText moves to the next '<', and reports whether it found one and
// whether the text before it held anything but XML white space.
func (s *scanner) skipText() (found, nonSpace bool) {
	for {
		win := s.window()
		i := bytes.IndexByte(win, '<')
		end := i
		if i < 0 {
			end = len(win)
		}
		if !nonSpace && !isSpace(win[:end]) {
			nonSpace = true
		}
		s.consume(end)
		if i >= 0 {
			return true, nonSpace
		}
		if s.err != nil {
			return false, nonSpace
		}
		s.fill()
	}
}

func isSpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// skipPast moves past the next delim and reports whether there was one
// before the end of the stream.
func (s *scanner) skipPast(delim []byte) bool {
	for {
		win := s.window()
		if i := bytes.Index(win, delim); i >= 0 {
			s.consume(i + len(delim))
			return true
		}
		if s.err != nil {
			s.consume(len(win))
			return false
		}
		// Keep a possible start of delim for the next round.
		if keep := len(delim) - 1; len(win) > keep {
			s.consume(len(win) - keep)
		}
		s.fill()
	}
}

// classify says what the '<' at the scanner's position starts.
func (s *scanner) classify() markup {
	s.ensure(len(cdataStart))
	win := s.window()
	if len(win) < 2 {
		return mkText
	}
	switch c := win[1]; {
	case c == '/':
		return mkEnd
	case c == '?':
		return mkPI
	case c == '!':
		if bytes.HasPrefix(win, cdataStart) {
			return mkCDATA
		}
		if bytes.HasPrefix(win, commentStart) {
			return mkComment
		}
		return mkDecl
	case isNameStart(c):
		return mkStart
	}
	return mkText
}

// skipMarkup moves over the CDATA section, comment, processing instruction
// or declaration at the scanner's position; false means the stream ended
// inside it.
func (s *scanner) skipMarkup(m markup) bool {
	switch m {
	case mkCDATA:
		s.consume(len(cdataStart))
		return s.skipPast(cdataEnd)
	case mkComment:
		s.consume(len(commentStart))
		return s.skipPast(commentEnd)
	case mkPI:
		s.consume(2)
		return s.skipPast(piEnd)
	case mkDecl:
		s.consume(2)
		return s.skipPast(declEnd)
	}
	s.consume(1)
	return true
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

// peekName returns the tag name that starts at offset at (1 for a start
// tag, 2 for an end tag) without moving. The slice is the scanner's
// scratch, valid until the next peekName. A name longer than maxName is
// returned cut, which matches no WXR name.
func (s *scanner) peekName(at int) []byte {
	end := at
	for {
		win := s.window()
		for end < len(win) && end-at <= maxName {
			if c := win[end]; c <= ' ' || c == '/' || c == '>' {
				s.name = append(s.name[:0], win[at:end]...)
				return s.name
			}
			end++
		}
		if end-at > maxName || s.err != nil {
			break
		}
		s.fill() // the window has room: at+maxName < windowSize
	}
	win := s.window()
	s.name = append(s.name[:0], win[min(at, len(win)):min(end, len(win))]...)
	return s.name
}

// skipTag moves past the start or end tag at the scanner's position,
// honouring quoted attribute values, which may hold '>'. It reports whether
// the tag closes itself (<x/>) and false for ok if the stream ended first.
func (s *scanner) skipTag() (selfClosing, ok bool) {
	var quote, prev byte
	for {
		win := s.window()
		for i, c := range win {
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '>':
				s.consume(i + 1)
				return prev == '/', true
			}
			prev = c
		}
		s.consume(len(win))
		if s.err != nil {
			return false, false
		}
		s.fill()
	}
}

// startCapture begins copying consumed bytes into piece, after head.
func (s *scanner) startCapture(head []byte, limit int) {
	if cap(s.piece) > 8<<20 {
		s.piece = nil // an earlier huge item: do not keep its memory
	}
	s.piece = append(s.piece[:0], head...)
	s.limit = len(head) + limit
	s.capturing, s.overflow = true, false
}

// endCapture stops copying and returns piece with tail appended.
func (s *scanner) endCapture(tail []byte) []byte {
	s.capturing = false
	s.piece = append(s.piece, tail...)
	return s.piece
}
