package media

import (
	"image"
	"io"

	xwebp "golang.org/x/image/webp"
)

// decodeWebP decodes a still WebP. Lossy WebP (VP8) stores limited-range
// BT.601 YCbCr (Y 16–235), while Go's image.YCbCr means full range, as in
// JPEG: taken as they are, the planes lose contrast (black shows as 16, white
// as 235; golang.org/issue/40173) and every re-encoding would grey the
// picture further. The planes are stretched to full range here, which gives
// the colours libwebp, and so a browser, shows.
func decodeWebP(r io.Reader) (image.Image, error) {
	m, err := xwebp.Decode(r)
	if err != nil {
		return nil, err
	}
	switch m := m.(type) {
	case *image.YCbCr:
		fullRange(m)
	case *image.NYCbCrA:
		fullRange(&m.YCbCr)
	}
	return m, nil
}

var lumaFull, chromaFull [256]uint8

func init() {
	for i := range 256 {
		lumaFull[i] = clampRound((float64(i) - 16) * 255 / 219)
		chromaFull[i] = clampRound((float64(i)-128)*255/224 + 128)
	}
}

func clampRound(v float64) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v + 0.5)
}

func fullRange(m *image.YCbCr) {
	for i, v := range m.Y {
		m.Y[i] = lumaFull[v]
	}
	for i, v := range m.Cb {
		m.Cb[i] = chromaFull[v]
	}
	for i, v := range m.Cr {
		m.Cr[i] = chromaFull[v]
	}
}
