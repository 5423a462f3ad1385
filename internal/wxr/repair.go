package wxr

import (
	"bytes"
	"unicode/utf8"
)

// repair returns p with every character XML 1.0 forbids replaced, and how
// many there were. encoding/xml rightly rejects them, yet real exports hold
// them: WordPress stores what was pasted, and Word pastes vertical tabs
// (its line break) and form feeds (its page break). Those two become a
// space, which is what they are to a browser; other control characters,
// U+FFFE, U+FFFF and bytes that are not UTF-8 become U+FFFD, so the damage
// stays visible to an editor instead of silently joining words. Newlines
// are never touched, so line numbers stay true. p is returned as is when
// clean; otherwise the result is built in dst's memory.
func repair(p, dst []byte) ([]byte, int) {
	if clean(p) {
		return p, 0
	}
	i := firstForbidden(p)
	if i < 0 {
		return p, 0
	}
	out := append(dst[:0], p[:i]...)
	n := 0
	for i < len(p) {
		c := p[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 0x20 || c == '\t' || c == '\n' || c == '\r':
				out = append(out, c)
			case c == '\v' || c == '\f':
				out = append(out, ' ')
				n++
			default:
				out = append(out, "\uFFFD"...)
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if forbiddenRune(r, size) {
			out = append(out, "\uFFFD"...)
			n++
		} else {
			out = append(out, p[i:i+size]...)
		}
		i += size
	}
	return out, n
}

// clean reports whether p holds no character XML forbids. It is the fast
// path of repair, which every element goes through: one byte loop and
// utf8.Valid, rather than decoding each Urdu letter.
func clean(p []byte) bool {
	for _, c := range p {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return utf8.Valid(p) && !bytes.Contains(p, uFFFE) && !bytes.Contains(p, uFFFF)
}

var uFFFE, uFFFF = []byte("\uFFFE"), []byte("\uFFFF")

// firstForbidden returns the index of the first character XML forbids, or -1.
func firstForbidden(p []byte) int {
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if forbiddenRune(r, size) {
			return i
		}
		i += size
	}
	return -1
}

func forbiddenRune(r rune, size int) bool {
	return r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF
}
