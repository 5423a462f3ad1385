package media

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"testing"
)

// photo draws a w×h picture that compresses like a photograph: smooth
// gradients and soft shapes, textured detail at several scales (foliage,
// fabric, brickwork) and a little sensor noise.
func photo(w, h int, seed uint64) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15))
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	type blob struct{ x, y, r, cr, cg, cb float64 }
	blobs := make([]blob, 6)
	for i := range blobs {
		blobs[i] = blob{rng.Float64() * float64(w), rng.Float64() * float64(h),
			(0.08 + rng.Float64()*0.25) * float64(min(w, h)),
			rng.Float64() * 255, rng.Float64() * 255, rng.Float64() * 255}
	}
	// Texture is stronger towards the bottom, as in a street scene.
	octaves := []struct{ cell, amp float64 }{{181, 28}, {47, 22}, {11, 20}, {3, 22}, {1.3, 18}}
	for y := 0; y < h; y++ {
		fy := float64(y) / float64(h)
		for x := 0; x < w; x++ {
			fx := float64(x) / float64(w)
			r := 40 + 150*fx + 30*math.Sin(fy*7)
			g := 70 + 120*fy + 20*math.Sin(fx*11+fy*3)
			b := 150 - 90*fx*fy + 15*math.Sin(float64(x+y)*0.05)
			for _, bl := range blobs {
				dx, dy := float64(x)-bl.x, float64(y)-bl.y
				if d := dx*dx + dy*dy; d < bl.r*bl.r {
					k := 1 - d/(bl.r*bl.r)
					r += (bl.cr - r) * k * 0.8
					g += (bl.cg - g) * k * 0.8
					b += (bl.cb - b) * k * 0.8
				}
			}
			var tex float64
			for i, o := range octaves {
				tex += o.amp * (valueNoise(float64(x)/o.cell, float64(y)/o.cell, seed+uint64(i)) - 0.5)
			}
			tex *= 0.4 + fy
			n := rng.NormFloat64() * 2.5
			i := m.PixOffset(x, y)
			m.Pix[i+0] = clamp8(r + tex + n)
			m.Pix[i+1] = clamp8(g + tex*0.9 + n)
			m.Pix[i+2] = clamp8(b + tex*0.7 + n)
			m.Pix[i+3] = 0xFF
		}
	}
	// Hard-edged things (windows, signs, poles) over the texture.
	for range 60 {
		r := image.Rect(0, 0, 1+rng.IntN(w/6), 1+rng.IntN(h/5)).Add(image.Pt(rng.IntN(w), rng.IntN(h))).Intersect(m.Rect)
		c := [3]float64{rng.Float64() * 255, rng.Float64() * 255, rng.Float64() * 255}
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				i := m.PixOffset(x, y)
				for k := range 3 {
					m.Pix[i+k] = clamp8(float64(m.Pix[i+k])*0.4 + c[k]*0.6)
				}
			}
		}
	}
	return m
}

// valueNoise is smooth pseudo-random noise in [0, 1): random values on an
// integer lattice, interpolated.
func valueNoise(x, y float64, seed uint64) float64 {
	x0, y0 := math.Floor(x), math.Floor(y)
	tx, ty := x-x0, y-y0
	tx, ty = tx*tx*(3-2*tx), ty*ty*(3-2*ty)
	ix, iy := int64(x0), int64(y0)
	a, b := lattice(ix, iy, seed), lattice(ix+1, iy, seed)
	c, d := lattice(ix, iy+1, seed), lattice(ix+1, iy+1, seed)
	return (a+(b-a)*tx)*(1-ty) + (c+(d-c)*tx)*ty
}

func lattice(x, y int64, seed uint64) float64 {
	z := uint64(x)*0x9E3779B97F4A7C15 ^ uint64(y)*0xC2B2AE3D27D4EB4F ^ seed*0x165667B19E3779F9
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}

func clamp8(v float64) uint8 { return uint8(math.Max(0, math.Min(255, math.Round(v)))) }

// quadrants draws a w×h picture with a red top-left quadrant, green
// top-right, blue bottom-left and white bottom-right: every turn and flip of
// it looks different.
func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{255, 255, 255, 255}
			switch {
			case x < w/2 && y < h/2:
				c = color.RGBA{255, 0, 0, 255}
			case y < h/2:
				c = color.RGBA{0, 255, 0, 255}
			case x < w/2:
				c = color.RGBA{0, 0, 255, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

func encodeJPEG(tb testing.TB, m image.Image, q int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpegEncode(&buf, m, q); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func jpegEncode(w io.Writer, m image.Image, q int) error {
	return jpeg.Encode(w, m, &jpeg.Options{Quality: q})
}

func encodePNG(tb testing.TB, m image.Image) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func encodeGIF(tb testing.TB, g *gif.GIF) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, g); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// decodeAs decodes data with the decoder of f, failing the test if it cannot.
func decodeAs(tb testing.TB, f Format, data []byte) image.Image {
	tb.Helper()
	var m image.Image
	var err error
	r := bytes.NewReader(data)
	switch f {
	case JPEG:
		m, err = jpeg.Decode(r)
	case PNG:
		m, err = png.Decode(r)
	case GIF:
		m, err = gif.Decode(r)
	case WebP:
		m, err = decodeWebP(r)
	default:
		tb.Fatalf("no decoder for %q", f)
	}
	if err != nil {
		tb.Fatalf("decode %s: %v", f, err)
	}
	return m
}

// rgbaAt returns the 8-bit, non-premultiplied colour at (x, y).
func rgbaAt(m image.Image, x, y int) color.NRGBA {
	return color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
}
