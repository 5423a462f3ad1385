package media

import (
	"image"
	stddraw "image/draw"
)

// pyramid makes downscaled copies of one picture. Catmull-Rom gives the
// sharpest result but its cost grows with the source, so large reductions
// first halve the picture with a 2×2 average until within 2× of the target, then finish with Catmull-Rom. The
// halvings are shared by all the widths made from one upload.
type pyramid struct {
	levels []image.Image // levels[0] the picture itself, each next one half the last
}

func newPyramid(m image.Image) *pyramid { return &pyramid{levels: []image.Image{m}} }

// source returns the smallest level at least w×h, halving as needed: the
// picture to scale to w×h from. Not safe for concurrent use.
func (p *pyramid) source(w, h int) image.Image {
	for i := 0; ; i++ {
		b := p.levels[i].Bounds()
		if b.Dx() < 2*w || b.Dy() < 2*h {
			return p.levels[i]
		}
		if i+1 == len(p.levels) {
			p.levels = append(p.levels, halve(p.levels[i]))
		}
	}
}

// scale returns src scaled to w×h with Catmull-Rom (resample.go); src
// itself if it is an *image.RGBA of that size. It only reads src, so calls
// may run at once.
func scale(src image.Image, w, h int) *image.RGBA {
	if m, ok := src.(*image.RGBA); ok && m.Rect == image.Rect(0, 0, w, h) {
		return m
	}
	return resample(src, w, h)
}

// scaledHeight keeps the aspect ratio of a w×h picture scaled to width tw,
// rounding to the nearest pixel and never below one.
func scaledHeight(w, h, tw int) int {
	th := int((int64(h)*int64(tw)*2 + int64(w)) / (2 * int64(w)))
	return max(th, 1)
}

// toRGBA returns m as an *image.RGBA at the origin, the type the resizer and
// the encoders have fast paths for; alpha is kept (premultiplied).
func toRGBA(m image.Image) *image.RGBA {
	if r, ok := m.(*image.RGBA); ok && r.Rect.Min == (image.Point{}) {
		return r
	}
	b := m.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	stddraw.Draw(dst, dst.Rect, m, b.Min, stddraw.Src)
	return dst
}

// onWhite composites m on a white background, for formats without alpha.
func onWhite(m image.Image) *image.RGBA {
	b := m.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	stddraw.Draw(dst, dst.Rect, image.White, image.Point{}, stddraw.Src)
	stddraw.Draw(dst, dst.Rect, m, b.Min, stddraw.Over)
	return dst
}
