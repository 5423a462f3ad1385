package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"testing"

	"github.com/gen2brain/webp"
)

// FuzzExifOrientation feeds garbage to the EXIF reader both as a whole JPEG
// and as the TIFF body of an EXIF segment: it must never panic, must answer
// 1–8, and must read a TIFF body the same way wherever it sits.
func FuzzExifOrientation(f *testing.F) {
	le, be := binary.LittleEndian, binary.BigEndian
	jpg := encodeJPEG(f, quadrants(16, 8), 80)
	for _, seed := range [][]byte{
		exifTIFF(le, 6, true), exifTIFF(be, 8, false), exifTIFF(le, 0, true),
		withSegments(jpg, exifSegment(exifTIFF(be, 3, true))),
		withSegments(jpg, xmpSegment(), exifSegment(exifTIFF(le, 5, false)), iptcSegment()),
		[]byte("II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00"),
		[]byte("MM\x00*\x00\x00\x00\x08\xFF\xFF"),
		readFixture(f, "gps.jpg")[:2048],
		{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0x00, 0xFF, 0xD9},
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		facts := readJPEG(data)
		if facts.orientation < 1 || facts.orientation > 8 || facts.scans < 0 {
			t.Fatalf("readJPEG = %+v", facts)
		}
		o := tiffOrientation(data)
		if o < 1 || o > 8 {
			t.Fatalf("tiffOrientation = %d", o)
		}
		if len(data) > 0xFFFF-2-6 {
			return
		}
		wrapped := append(withSegments([]byte{0xFF, 0xD8}, exifSegment(data)), 0xFF, 0xD9)
		if got := exifOrientation(wrapped); got != o {
			t.Fatalf("in a JPEG the TIFF body reads %d, alone %d", got, o)
		}
	})
}

// fuzzLimits keep FuzzProcess fast while leaving room for one variant (320).
var fuzzLimits = Limits{MaxBytes: 64 << 10, MaxPixels: 400 * 300, MaxSide: 400}

// FuzzProcess feeds small files of every format to Process (without the
// optional WebP renditions, the slow part). It must never panic; an error
// must be one of the four the newsroom gets a message for; a success must
// respect the limits and give renditions that decode at the size they say.
func FuzzProcess(f *testing.F) {
	le := binary.LittleEndian
	small := photo(340, 60, 11)
	pal := color.Palette{color.Transparent, color.RGBA{200, 0, 0, 255}, color.RGBA{0, 0, 200, 255}}
	anim := &gif.GIF{Config: image.Config{ColorModel: pal, Width: 330, Height: 20}, Delay: []int{5, 5}}
	for i := range 2 {
		fr := image.NewPaletted(image.Rect(i*10, 0, 330, 20), pal)
		for j := range fr.Pix {
			fr.Pix[j] = uint8((j/7 + i) % 3)
		}
		anim.Image = append(anim.Image, fr)
	}
	var lossless, lossy bytes.Buffer
	if err := webp.Encode(&lossless, translucent(40, 30), webp.Options{Lossless: true}); err != nil {
		f.Fatal(err)
	}
	if err := webp.Encode(&lossy, small, webp.Options{Quality: 50}); err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][]byte{
		withSegments(encodeJPEG(f, small, 60), exifSegment(exifTIFF(le, 6, true))),
		withSegments(encodeJPEG(f, quadrants(24, 16), 60), exifSegment(exifTIFF(le, 7, false))),
		encodeJPEG(f, image.NewGray(image.Rect(0, 0, 8, 8)), 50),
		encodePNG(f, translucent(330, 40)),
		encodePNG(f, image.NewPaletted(image.Rect(0, 0, 4, 4), pal)),
		encodeGIF(f, anim),
		lossless.Bytes(),
		lossy.Bytes(),
		pngBomb(100_000, 100_000),
		gifBomb(f, 10, 10, 3),
		readFixture(f, "truncated.jpg"),
		readFixture(f, "page.jpg"),
		{0xFF, 0xD8},
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ProcessWith(bytes.NewReader(data), fuzzLimits, Options{})
		if err != nil {
			if !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrTooManyPixels) &&
				!errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("unclassified error: %v", err)
			}
			return
		}
		if p.Width > fuzzLimits.MaxSide || p.Height > fuzzLimits.MaxSide ||
			int64(p.Width)*int64(p.Height) > fuzzLimits.MaxPixels {
			t.Fatalf("%d×%d passed the limits", p.Width, p.Height)
		}
		for _, v := range p.Variants {
			if v.Width >= p.Width || v.Format == GIF || v.Format == JPEG && p.Format != JPEG {
				t.Fatalf("%s variant %d wide of a %s %d wide", v.Format, v.Width, p.Format, p.Width)
			}
		}
		checkRenditions(t, p)
	})
}
