package media

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		f         Format
		mime, ext string
	}{
		{JPEG, "image/jpeg", ".jpg"},
		{PNG, "image/png", ".png"},
		{GIF, "image/gif", ".gif"},
		{WebP, "image/webp", ".webp"},
		{"svg", "application/octet-stream", ""},
	}
	for _, tt := range tests {
		if got := tt.f.ContentType(); got != tt.mime {
			t.Errorf("%q.ContentType() = %q, want %q", tt.f, got, tt.mime)
		}
		if got := tt.f.Ext(); got != tt.ext {
			t.Errorf("%q.Ext() = %q, want %q", tt.f, got, tt.ext)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want Format // "" for ErrUnsupported
	}{
		{"jpeg", "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", JPEG},
		{"jpeg exif", "\xFF\xD8\xFF\xE1\x12\x34Exif\x00\x00", JPEG},
		{"png", "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", PNG},
		{"gif87a", "GIF87a\x01\x00\x01\x00", GIF},
		{"gif89a", "GIF89a\x01\x00\x01\x00", GIF},
		{"webp", "RIFF\x24\x00\x00\x00WEBPVP8 ", WebP},
		{"riff wave", "RIFF\x24\x00\x00\x00WAVEfmt ", ""},
		{"html", "<!DOCTYPE html><html>", ""},
		{"svg", `<?xml version="1.0"?><svg`, ""},
		{"bare svg", `<svg xmlns="http://www.w3.org/2000/svg">`, ""},
		{"heic", "\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", ""},
		{"avif", "\x00\x00\x00\x1CftypavifA", ""},
		{"bmp", "BM\x36\x00\x0C\x00\x00\x00\x00\x00", ""},
		{"tiff le", "II*\x00\x08\x00\x00\x00", ""},
		{"tiff be", "MM\x00*\x00\x00\x00\x08", ""},
		{"pdf", "%PDF-1.7\n", ""},
		{"gif bad version", "GIF88a\x01\x00", ""},
		{"png without its tail", "\x89PNG\r\n\x00\n", ""},
		{"empty", "", ""},
		{"short jpeg", "\xFF\xD8", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Sniff([]byte(tt.head))
			if tt.want == "" {
				if !errors.Is(err, ErrUnsupported) {
					t.Fatalf("Sniff = %q, %v; want ErrUnsupported", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Sniff = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestUrduMessage(t *testing.T) {
	small := Limits{MaxBytes: 5 << 20, MaxPixels: 24_000_000, MaxSide: 8000}
	tests := []struct {
		name string
		err  error
		want []string // all in the message
	}{
		{"too large", tooLarge(DefaultLimits), []string{"یہ فائل بہت بڑی ہے؛ زیادہ سے زیادہ 25 MB کی تصویر اپ لوڈ کریں۔"}},
		{"too large, own limit", tooLarge(small.withDefaults()), []string{"زیادہ سے زیادہ 5 MB کی"}},
		{"bare too large", fmt.Errorf("upload: %w", ErrTooLarge), []string{"25 MB"}},
		{"too many pixels", &limitError{err: ErrTooManyPixels, lim: small}, []string{"بہت زیادہ پکسلز", "24 میگا پکسل", "8000 پکسل"}},
		{"gif frames", &limitError{err: ErrTooManyPixels, lim: small, frames: true}, []string{"GIF", "فریم"}},
		{"unsupported", fmt.Errorf("x: %w", ErrUnsupported), []string{"یہ فائل JPEG، PNG، WebP یا GIF تصویر نہیں۔"}},
		{"corrupt", fmt.Errorf("x: %w", ErrCorrupt), []string{"تصویر خراب ہے یا پوری اپ لوڈ نہیں ہوئی۔"}},
		{"other", io.ErrUnexpectedEOF, []string{"تصویر پر کارروائی نہیں ہو سکی"}},
	}
	for _, tt := range tests {
		got := UrduMessage(tt.err)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: UrduMessage = %q, want it to contain %q", tt.name, got, w)
			}
		}
	}
	if got := UrduMessage(nil); got != "" {
		t.Errorf("UrduMessage(nil) = %q, want empty", got)
	}
}

func TestTIFFOrientation(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	// entry builds IFD0 holding one orientation entry of the given type and count.
	entry := func(bo order, typ uint16, count uint32, value []byte) []byte {
		return tiff(bo, []tiffEntry{{0x0112, typ, count, value}}, nil)
	}
	tests := []struct {
		name string
		tiff []byte
		want int
	}{
		{"little endian 6", exifTIFF(le, 6, false), 6},
		{"big endian 8", exifTIFF(be, 8, false), 8},
		{"with gps", exifTIFF(le, 3, true), 3},
		{"no orientation tag", exifTIFF(be, 0, true), 1},
		{"value 0", entry(le, 3, 1, short(le, 0)), 1},
		{"value 9", entry(le, 3, 1, short(le, 9)), 1},
		{"long value", entry(be, 4, 1, be.AppendUint32(nil, 5)), 5},
		{"ascii type", entry(le, 2, 1, []byte("6")), 1},
		{"two values", entry(le, 3, 2, append(short(le, 6), short(le, 6)...)), 1},
		{"wrong byte order read", entry(le, 3, 1, short(be, 6)), 1},
		{"bad magic", append([]byte("IX*\x00"), exifTIFF(le, 6, false)[4:]...), 1},
		{"ifd offset past end", append([]byte("II*\x00\xFF\xFF\x00\x00"), make([]byte, 20)...), 1},
		{"ifd offset inside header", []byte("II*\x00\x02\x00\x00\x00\x01\x00"), 1},
		{"huge entry count", []byte("MM\x00*\x00\x00\x00\x08\xFF\xFF\x01\x12"), 1},
		{"truncated entry", exifTIFF(le, 6, false)[:8+2+12+6], 1},
		{"empty", nil, 1},
	}
	for _, tt := range tests {
		if got := tiffOrientation(tt.tiff); got != tt.want {
			t.Errorf("%s: tiffOrientation = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestExifOrientation(t *testing.T) {
	le := binary.LittleEndian
	jpg := encodeJPEG(t, quadrants(16, 8), 90)
	exif6 := exifSegment(exifTIFF(le, 6, false))
	exif3 := exifSegment(exifTIFF(le, 3, false))
	sos := []byte{0xFF, 0xDA} // where Go's encoder starts the scan
	at := strings.Index(string(jpg), string(sos))
	afterScan := append(append(append([]byte(nil), jpg[:len(jpg)-2]...), exif6...), 0xFF, 0xD9)
	tests := []struct {
		name string
		jpeg []byte
		want int
	}{
		{"none", jpg, 1},
		{"exif first", withSegments(jpg, exif6), 6},
		{"after jfif and xmp", withSegments(jpg, segment(0xE0, []byte("JFIF\x00\x01\x01")), xmpSegment(), exif3), 3},
		{"first exif wins", withSegments(jpg, exif3, exif6), 3},
		{"fill bytes", withSegments(jpg, []byte{0xFF, 0xFF}, exif6), 6},
		{"xmp app1 is not exif", withSegments(jpg, segment(0xE1, append([]byte("http://ns.adobe.com/xap/1.0/\x00"), exifTIFF(le, 6, false)...))), 1},
		{"exif after the scan", afterScan, 1},
		{"segment length past end", append(withSegments(jpg[:at], []byte{0xFF, 0xE1, 0xFF, 0xFF}), "Exif\x00\x00"...), 1},
		{"segment length 0", withSegments(jpg, []byte{0xFF, 0xE1, 0x00, 0x00}, exif6), 1},
		{"not a jpeg", exif6, 1},
		{"empty", nil, 1},
	}
	for _, tt := range tests {
		if got := exifOrientation(tt.jpeg); got != tt.want {
			t.Errorf("%s: exifOrientation = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestReadJPEGScans(t *testing.T) {
	jpg := encodeJPEG(t, photo(64, 48, 2), 80)
	if got := readJPEG(jpg).scans; got != 1 {
		t.Errorf("baseline jpeg: %d scans, want 1", got)
	}
	// A scan header repeated after the first scan's data, as a progressive
	// file has them.
	sos := strings.Index(string(jpg), "\xFF\xDA")
	n := int(jpg[sos+2])<<8 | int(jpg[sos+3])
	hdr := jpg[sos : sos+2+n]
	many := append([]byte(nil), jpg[:len(jpg)-2]...)
	for range 300 {
		many = append(many, hdr...)
		many = append(many, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56)
	}
	many = append(many, 0xFF, 0xD9)
	if got := readJPEG(many).scans; got != 301 {
		t.Errorf("301 scans counted as %d", got)
	}
}

func TestGIFFrames(t *testing.T) {
	anim := readFixture(t, "anim.gif")
	if f, a := gifFrames(anim, 1000, 1<<40); f != 3 || a != 3*480*320 {
		t.Errorf("anim.gif: %d frames of %d pixels, want 3 of %d", f, a, 3*480*320)
	}
	bomb := gifBomb(t, 100, 100, 50)
	if f, _ := gifFrames(bomb, 10, 1<<40); f != 11 {
		t.Errorf("stopped after %d frames, want 11 (one past the limit)", f)
	}
	for n := 0; n < len(anim); n += 97 { // cut anywhere: no panic, no more frames
		if f, _ := gifFrames(anim[:n], 1000, 1<<40); f > 3 {
			t.Fatalf("cut at %d: %d frames", n, f)
		}
	}
}
