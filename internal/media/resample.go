package media

import (
	"image"
	"image/color"
	"math"
)

// The resizer works a row at a time, so its memory is a few rows, not a
// picture. x/image/draw's Catmull-Rom keeps a buffer of 32 bytes per
// destination column per source row (215 MB to make a 1920-px variant
// from a 3500-px level), and the picture had first to be copied whole to
// RGBA (196 MB for a 7000×7000 PNG): an upload of a 47 KB PNG took
// gigabytes. Rows are read from the decoded picture in its own type.

// rowReader writes row y of a picture, premultiplied RGBA, into dst
// (4 bytes per pixel, the picture's width).
type rowReader func(y int, dst []uint8)

// rowsOf returns a rowReader for m, with fast paths for the types the
// decoders return.
func rowsOf(m image.Image) rowReader {
	b := m.Bounds()
	w := b.Dx()
	switch m := m.(type) {
	case *image.RGBA:
		return func(y int, dst []uint8) {
			i := m.PixOffset(b.Min.X, b.Min.Y+y)
			copy(dst, m.Pix[i:i+4*w])
		}
	case *image.NRGBA:
		return func(y int, dst []uint8) {
			i := m.PixOffset(b.Min.X, b.Min.Y+y)
			premultiply(dst, m.Pix[i:i+4*w])
		}
	case *image.Gray:
		return func(y int, dst []uint8) {
			i := m.PixOffset(b.Min.X, b.Min.Y+y)
			for x, v := range m.Pix[i : i+w] {
				dst[4*x], dst[4*x+1], dst[4*x+2], dst[4*x+3] = v, v, v, 0xff
			}
		}
	case *image.YCbCr:
		return func(y int, dst []uint8) {
			for x := range w {
				yi, ci := m.YOffset(b.Min.X+x, b.Min.Y+y), m.COffset(b.Min.X+x, b.Min.Y+y)
				r, g, bl := color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
				dst[4*x], dst[4*x+1], dst[4*x+2], dst[4*x+3] = r, g, bl, 0xff
			}
		}
	case *image.Paletted:
		var table [256][4]uint8
		for i, c := range m.Palette {
			r, g, bl, a := c.RGBA()
			table[i] = [4]uint8{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), uint8(a >> 8)}
		}
		return func(y int, dst []uint8) {
			i := m.PixOffset(b.Min.X, b.Min.Y+y)
			for x, k := range m.Pix[i : i+w] {
				copy(dst[4*x:4*x+4], table[k][:])
			}
		}
	}
	return func(y int, dst []uint8) {
		for x := range w {
			r, g, bl, a := m.At(b.Min.X+x, b.Min.Y+y).RGBA()
			dst[4*x], dst[4*x+1], dst[4*x+2], dst[4*x+3] = uint8(r>>8), uint8(g>>8), uint8(bl>>8), uint8(a>>8)
		}
	}
}

// premultiply writes src (non-premultiplied RGBA) premultiplied into dst.
func premultiply(dst, src []uint8) {
	for i := 0; i+3 < len(src); i += 4 {
		a := uint32(src[i+3])
		switch a {
		case 0xff:
			copy(dst[i:i+4], src[i:i+4])
		case 0:
			dst[i], dst[i+1], dst[i+2], dst[i+3] = 0, 0, 0, 0
		default:
			dst[i] = uint8((uint32(src[i])*a + 127) / 255)
			dst[i+1] = uint8((uint32(src[i+1])*a + 127) / 255)
			dst[i+2] = uint8((uint32(src[i+2])*a + 127) / 255)
			dst[i+3] = uint8(a)
		}
	}
}

// halve returns m at half its size (rounded up), each pixel the average
// of the 2×2 it covers: the pyramid's cheap first steps.
func halve(m image.Image) *image.RGBA {
	b := m.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, (sw+1)/2, (sh+1)/2))
	read := rowsOf(m)
	top, bottom := make([]uint8, 4*sw), make([]uint8, 4*sw)
	for dy := range dst.Rect.Dy() {
		read(2*dy, top)
		if 2*dy+1 < sh {
			read(2*dy+1, bottom)
		} else {
			copy(bottom, top)
		}
		out := dst.Pix[dy*dst.Stride:]
		for dx := range dst.Rect.Dx() {
			x0, x1 := 4*2*dx, 4*(2*dx+1)
			if 2*dx+1 >= sw {
				x1 = x0
			}
			for c := range 4 {
				out[4*dx+c] = uint8((uint32(top[x0+c]) + uint32(top[x1+c]) + uint32(bottom[x0+c]) + uint32(bottom[x1+c]) + 2) / 4)
			}
		}
	}
	return dst
}

// taps are the source pixels one destination pixel is made from, and
// their weights (summing to 1).
type taps struct {
	first   int
	weights []float32
}

// catmullRom is the Catmull-Rom cubic (B=0, C=0.5), as x/image/draw's.
func catmullRom(t float64) float64 {
	t = math.Abs(t)
	switch {
	case t < 1:
		return (1.5*t-2.5)*t*t + 1
	case t < 2:
		return ((-0.5*t+2.5)*t-4)*t + 2
	}
	return 0
}

// contributions maps n source pixels onto m destination pixels: the
// kernel is widened by the reduction, so every source pixel counts.
func contributions(n, m int) []taps {
	scale := float64(n) / float64(m)
	width := max(scale, 1)
	support := 2 * width
	out := make([]taps, m)
	for d := range m {
		centre := (float64(d) + 0.5) * scale
		lo := max(int(math.Floor(centre-support)), 0)
		hi := min(int(math.Ceil(centre+support)), n-1)
		ws := make([]float32, 0, hi-lo+1)
		var total float64
		first := -1
		for s := lo; s <= hi; s++ {
			wt := catmullRom((float64(s) + 0.5 - centre) / width)
			if wt == 0 && first < 0 {
				continue
			}
			if first < 0 {
				first = s
			}
			ws = append(ws, float32(wt))
			total += wt
		}
		for len(ws) > 0 && ws[len(ws)-1] == 0 {
			ws = ws[:len(ws)-1]
		}
		if first < 0 || total == 0 { // cannot happen for n, m ≥ 1; stay defined
			first, ws, total = min(int(centre), n-1), []float32{1}, 1
		}
		for i := range ws {
			ws[i] /= float32(total)
		}
		out[d] = taps{first: first, weights: ws}
	}
	return out
}

// resample scales m to w×h with Catmull-Rom, a row at a time: each source
// row is filtered across once, kept while destination rows need it.
func resample(m image.Image, w, h int) *image.RGBA {
	b := m.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	across, down := contributions(sw, w), contributions(sh, h)
	read := rowsOf(m)
	src := make([]uint8, 4*sw)
	// Filtered rows by source row, for the window the current
	// destination row reads; rows behind it are reused.
	filtered := map[int][]float32{}
	var spare [][]float32
	filter := func(y int) []float32 {
		if r, ok := filtered[y]; ok {
			return r
		}
		var r []float32
		if n := len(spare); n > 0 {
			r, spare = spare[n-1], spare[:n-1]
		} else {
			r = make([]float32, 4*w)
		}
		read(y, src)
		for x, t := range across {
			var c0, c1, c2, c3 float32
			p := src[4*t.first:]
			for i, wt := range t.weights {
				c0 += wt * float32(p[4*i])
				c1 += wt * float32(p[4*i+1])
				c2 += wt * float32(p[4*i+2])
				c3 += wt * float32(p[4*i+3])
			}
			r[4*x], r[4*x+1], r[4*x+2], r[4*x+3] = c0, c1, c2, c3
		}
		filtered[y] = r
		return r
	}
	acc := make([]float32, 4*w)
	for dy, t := range down {
		for y, r := range filtered { // rows no later destination row reads
			if y < t.first {
				spare = append(spare, r)
				delete(filtered, y)
			}
		}
		clear(acc)
		for i, wt := range t.weights {
			r := filter(t.first + i)
			for k, v := range r {
				acc[k] += wt * v
			}
		}
		out := dst.Pix[dy*dst.Stride : dy*dst.Stride+4*w]
		for x := 0; x < w; x++ {
			a := clampByte(acc[4*x+3])
			out[4*x+3] = a
			// Premultiplied: no channel above alpha, whatever the overshoot.
			out[4*x] = min(clampByte(acc[4*x]), a)
			out[4*x+1] = min(clampByte(acc[4*x+1]), a)
			out[4*x+2] = min(clampByte(acc[4*x+2]), a)
		}
	}
	return dst
}

func clampByte(v float32) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v + 0.5)
}
