package media

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/draw"
)

// TestResampleMatchesCatmullRom: the row-at-a-time resizer gives what
// x/image/draw's Catmull-Rom gives, within rounding, for every source
// type the decoders return, and halving averages 2×2 blocks.
func TestResampleMatchesCatmullRom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// A photo-like picture: smooth gradients, a few sharp edges, noise.
	const sw, sh = 613, 401
	nrgba := image.NewNRGBA(image.Rect(0, 0, sw, sh))
	for y := range sh {
		for x := range sw {
			c := color.NRGBA{uint8(x * 255 / sw), uint8(y * 255 / sh), uint8((x ^ y) & 0xff), 255}
			if (x/50+y/50)%2 == 0 {
				c.R, c.A = 255-c.R, uint8(128+rng.IntN(128))
			}
			nrgba.Set(x, y, c)
		}
	}
	gray := image.NewGray(nrgba.Rect)
	ycc := image.NewYCbCr(nrgba.Rect, image.YCbCrSubsampleRatio420)
	pal := image.NewPaletted(nrgba.Rect, color.Palette{color.Black, color.White, color.NRGBA{200, 0, 0, 255}, color.NRGBA{0, 0, 200, 100}})
	for y := range sh {
		for x := range sw {
			c := nrgba.NRGBAAt(x, y)
			gray.SetGray(x, y, color.Gray{c.G})
			yy, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
			ycc.Y[ycc.YOffset(x, y)] = yy
			ycc.Cb[ycc.COffset(x, y)], ycc.Cr[ycc.COffset(x, y)] = cb, cr
			pal.SetColorIndex(x, y, uint8((x/30+y/30)%4))
		}
	}
	for _, src := range []image.Image{nrgba, gray, ycc, pal, toRGBA(nrgba)} {
		for _, size := range [][2]int{{320, 209}, {200, 131}, {613, 401}, {900, 588}} {
			got := resample(src, size[0], size[1])
			want := image.NewRGBA(image.Rect(0, 0, size[0], size[1]))
			draw.CatmullRom.Scale(want, want.Rect, src, src.Bounds(), draw.Src, nil)
			var sum, worst int
			for i := range got.Pix {
				d := int(got.Pix[i]) - int(want.Pix[i])
				sum += max(d, -d)
				worst = max(worst, d, -d)
			}
			if mean := float64(sum) / float64(len(got.Pix)); mean > 1.0 || worst > 48 {
				t.Errorf("%T to %d×%d: mean difference %.2f, worst %d from x/image/draw's Catmull-Rom", src, size[0], size[1], mean, worst)
			}
		}
	}
	half := halve(nrgba)
	if half.Rect.Dx() != (sw+1)/2 || half.Rect.Dy() != (sh+1)/2 {
		t.Fatalf("half of %d×%d is %v", sw, sh, half.Rect)
	}
	full := toRGBA(nrgba)
	for _, p := range []image.Point{{0, 0}, {100, 77}, {305, 199}} {
		for c := range 4 {
			var s int
			for _, d := range []image.Point{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				s += int(full.Pix[full.PixOffset(2*p.X+d.X, 2*p.Y+d.Y)+c])
			}
			// ±1: premultiplying rounds here, and truncates in image/draw.
			if got, want := int(half.Pix[half.PixOffset(p.X, p.Y)+c]), (s+2)/4; got < want-1 || got > want+1 {
				t.Errorf("halve at %v channel %d: %d, want %d", p, c, got, want)
			}
		}
	}
}
