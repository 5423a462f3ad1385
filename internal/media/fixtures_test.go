package media

import (
	"bytes"
	"encoding/binary"
	"flag"
	"image"
	"image/color"
	"image/gif"
	"os"
	"path/filepath"
	"testing"

	"github.com/gen2brain/webp"
)

var update = flag.Bool("update", false, "rewrite the files in testdata/ from their generators")

// fixtures are the files under testdata/, each made by its generator here:
// `go test ./internal/media -run TestFixtures -update` writes them again.
var fixtures = map[string]func(testing.TB) []byte{
	"gps.jpg":       fixtureGPSJPEG,
	"meta.png":      fixtureMetaPNG,
	"meta.webp":     fixtureMetaWebP,
	"anim.gif":      fixtureAnimGIF,
	"bomb.png":      func(testing.TB) []byte { return pngBomb(100_000, 100_000) },
	"page.jpg":      func(testing.TB) []byte { return []byte(pageHTML) },
	"drawing.jpg":   func(testing.TB) []byte { return []byte(drawingSVG) },
	"truncated.jpg": fixtureTruncatedJPEG,
}

const pageHTML = "<!DOCTYPE html>\n<html lang=\"ur\"><head><title>تصویر</title></head>" +
	"<body><script>document.location='https://example.invalid/'</script></body></html>\n"

const drawingSVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
<script>alert(document.cookie)</script><circle cx="50" cy="50" r="40" fill="red"/></svg>
`

func TestFixtures(t *testing.T) {
	for name, gen := range fixtures {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, gen(t), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%v: run go test ./internal/media -run TestFixtures -update", err)
		}
	}
}

func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatalf("%v (go test ./internal/media -run TestFixtures -update makes it)", err)
	}
	return b
}

// fixtureGPSJPEG is a 600×400 photo carrying everything a camera, a phone
// and an editing program leave behind: EXIF with a GPS position, XMP with
// the same, an ICC profile, an IPTC caption and a comment.
func fixtureGPSJPEG(tb testing.TB) []byte {
	jpg := encodeJPEG(tb, photo(600, 400, 7), 85)
	return withSegments(jpg,
		exifSegment(exifTIFF(binary.LittleEndian, 1, true)),
		xmpSegment(),
		iccSegment(),
		iptcSegment(),
		segment(0xFE, []byte(jpegComment)),
	)
}

// translucent draws a w×h picture whose corners are transparent and whose
// middle fades from opaque to half transparent.
func translucent(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := x-w/2, y-h/2
			if dx*dx*h*h+dy*dy*w*w > w*w*h*h/4 { // outside the ellipse
				continue
			}
			a := uint8(255 - 127*x/w)
			m.SetNRGBA(x, y, color.NRGBA{uint8(40 + 200*x/w), uint8(160 - 100*y/h), 90, a})
		}
	}
	return m
}

// fixtureMetaPNG is a 700×400 PNG with alpha and text, XMP and EXIF (GPS) chunks.
func fixtureMetaPNG(tb testing.TB) []byte {
	p := encodePNG(tb, translucent(700, 400))
	itxt := append([]byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"), xmpPacket...)
	return withChunks(p,
		chunk("tEXt", []byte("Comment\x00"+pngComment)),
		chunk("iTXt", itxt),
		chunk("eXIf", exifTIFF(binary.BigEndian, 1, true)),
		chunk("tIME", []byte{0x07, 0xE9, 3, 14, 9, 30, 0}),
	)
}

// fixtureMetaWebP is a 400×260 lossy WebP in the extended format, with EXIF
// (GPS) and XMP chunks.
func fixtureMetaWebP(tb testing.TB) []byte {
	var buf bytes.Buffer
	if err := webp.Encode(&buf, photo(400, 260, 3), webp.Options{Quality: 85}); err != nil {
		tb.Fatal(err)
	}
	simple := buf.Bytes() // RIFF, size, WEBP, "VP8 " chunk
	if string(simple[12:16]) != "VP8 " {
		tb.Fatalf("encoder wrote %q, want a simple lossy file", simple[12:16])
	}
	riffChunk := func(id string, data []byte) []byte {
		b := append([]byte(id), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
		b = append(b, data...)
		if len(data)%2 == 1 {
			b = append(b, 0)
		}
		return b
	}
	vp8x := []byte{0x08 | 0x04, 0, 0, 0}                          // EXIF and XMP present
	vp8x = append(vp8x, 399&0xFF, 399>>8, 0, 259&0xFF, 259>>8, 0) // canvas width−1, height−1
	body := []byte("WEBP")
	body = append(body, riffChunk("VP8X", vp8x)...)
	body = append(body, simple[12:]...)
	body = append(body, riffChunk("EXIF", exifTIFF(binary.LittleEndian, 1, true))...)
	body = append(body, riffChunk("XMP ", []byte(xmpPacket))...)
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...)
	return append(out, body...)
}

const gifComment = "animated by the night desk, do not credit"

// fixtureAnimGIF is a 3-frame 480×320 animation (delays 10, 20, 30, looping)
// with a comment and an XMP application extension.
func fixtureAnimGIF(tb testing.TB) []byte {
	pal := color.Palette{color.RGBA{0, 0, 0, 0}, color.RGBA{200, 30, 40, 255},
		color.RGBA{30, 160, 60, 255}, color.RGBA{20, 60, 200, 255}}
	g := &gif.GIF{LoopCount: 0, Config: image.Config{ColorModel: pal, Width: 480, Height: 320}}
	for i := range 3 {
		f := image.NewPaletted(image.Rect(0, 0, 480, 320), pal)
		for y := 0; y < 320; y++ {
			for x := 0; x < 480; x++ {
				if (x/40+y/40+i)%3 != 0 {
					f.SetColorIndex(x, y, uint8(1+(x/40+i)%3))
				}
			}
		}
		g.Image = append(g.Image, f)
		g.Delay = append(g.Delay, 10*(i+1))
		g.Disposal = append(g.Disposal, gif.DisposalNone)
	}
	data := encodeGIF(tb, g)
	at := 13 + 3<<(data[10]&7+1) // after the header and global colour table
	ext := []byte{0x21, 0xFE, byte(len(gifComment))}
	ext = append(ext, gifComment...)
	ext = append(ext, 0)
	ext = append(ext, 0x21, 0xFF, 11)
	ext = append(ext, "XMP DataXMP"...)
	for p := []byte(xmpPacket); len(p) > 0; {
		n := min(len(p), 255)
		ext = append(ext, byte(n))
		ext = append(ext, p[:n]...)
		p = p[n:]
	}
	ext = append(ext, 0)
	out := append([]byte(nil), data[:at]...)
	out = append(out, ext...)
	return append(out, data[at:]...)
}

// fixtureTruncatedJPEG is a photo cut off after 60% of its bytes, as by a
// dropped connection.
func fixtureTruncatedJPEG(tb testing.TB) []byte {
	jpg := encodeJPEG(tb, photo(300, 200, 5), 85)
	return jpg[:len(jpg)*6/10]
}
