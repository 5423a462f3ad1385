package media

import "fmt"

// SniffLen is how many leading bytes Sniff needs to tell every format apart.
const SniffLen = 12

var magics = []struct {
	format Format
	prefix string // "?" matches any byte
}{
	{JPEG, "\xFF\xD8\xFF"},
	{PNG, "\x89PNG\r\n\x1A\n"},
	{GIF, "GIF87a"},
	{GIF, "GIF89a"},
	{WebP, "RIFF????WEBP"},
}

// Sniff tells the real format from the first bytes (magic numbers), never
// from a file name: an HTML page or an SVG called photo.jpg is ErrUnsupported,
// and so are HEIC, BMP and TIFF.
func Sniff(head []byte) (Format, error) {
	for _, m := range magics {
		if len(head) >= len(m.prefix) && matchMagic(head, m.prefix) {
			return m.format, nil
		}
	}
	n := min(len(head), 8)
	return "", fmt.Errorf("media: unknown file starting %q: %w", head[:n], ErrUnsupported)
}

func matchMagic(b []byte, magic string) bool {
	for i := 0; i < len(magic) && i < len(b); i++ {
		if magic[i] != '?' && magic[i] != b[i] {
			return false
		}
	}
	return true
}

// truncatedMagic reports whether b is shorter than a magic number it begins
// to match: the start of an image cut off, rather than something else.
func truncatedMagic(b []byte) bool {
	for _, m := range magics {
		if len(b) > 0 && len(b) < len(m.prefix) && matchMagic(b, m.prefix) {
			return true
		}
	}
	return false
}
