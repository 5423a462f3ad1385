package media

import (
	"bytes"
	"encoding/binary"
	"sync"
	"testing"
)

// photo12MP is a 4000×3000 photo-like JPEG at quality 90, as a camera or
// phone would write it (about 2.2 MB).
var photo12MP = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	if err := jpegEncode(&buf, photo(4000, 3000, 1), 90); err != nil {
		panic(err)
	}
	return buf.Bytes()
})

// BenchmarkProcess12MP processes a 12-MP photo: decode, five resized
// variants, re-encoding, with and without the WebP renditions, and upright
// or taken in portrait (EXIF orientation 6, as phones tag it).
func BenchmarkProcess12MP(b *testing.B) {
	upright := photo12MP()
	portrait := withSegments(upright, exifSegment(exifTIFF(binary.LittleEndian, 6, false)))
	for _, bc := range []struct {
		name string
		data []byte
		opt  Options
	}{
		{"webp", upright, Options{WebP: true}},
		{"nowebp", upright, Options{WebP: false}},
		{"nowebp-portrait", portrait, Options{WebP: false}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var p *Processed
			for b.Loop() {
				var err error
				p, err = ProcessWith(bytes.NewReader(bc.data), DefaultLimits, bc.opt)
				if err != nil {
					b.Fatal(err)
				}
			}
			total := len(p.Original.Data)
			for _, v := range p.Variants {
				total += len(v.Data)
			}
			b.ReportMetric(float64(len(p.Variants)), "variants")
			b.ReportMetric(float64(total)/1024, "KB-stored")
		})
	}
}
