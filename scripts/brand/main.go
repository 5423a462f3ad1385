// Command brand draws Akhbar's default logo and sharing image, used until a
// site sets its own: a folded newspaper in white on the site's accent red.
// They are plain shapes, so they need no font (Urdu text would need a
// shaping engine to draw). Run from the repository root:
//
//	go run ./scripts/brand
//
// It writes web/static/img/logo.png (512×512, the publisher logo for
// structured data and feeds) and web/static/img/share.png (1200×675, for
// articles without a lead image in link previews and structured data).
package main

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log"
	"os"
)

var (
	accent = color.RGBA{0x8a, 0x1c, 0x1c, 0xff} // --accent in site.css
	paper  = color.RGBA{0xff, 0xff, 0xff, 0xff}
	fold   = color.RGBA{0xe8, 0xd6, 0xd6, 0xff}
)

func main() {
	write("web/static/img/logo.png", 512, 512)
	write("web/static/img/share.png", 1200, 675)
}

// write draws the mark centred on an accent field of w×h.
func write(name string, w, h int) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), &image.Uniform{accent}, image.Point{}, draw.Src)
	s := min(w, h) * 6 / 10 // the newspaper's size
	x0, y0 := (w-s)/2, (h-s*3/4)/2
	rect := func(x, y, rw, rh int, c color.Color) {
		draw.Draw(img, image.Rect(x0+x, y0+y, x0+x+rw, y0+y+rh), &image.Uniform{c}, image.Point{}, draw.Src)
	}
	u := s / 20                        // one unit of the grid the mark is drawn on
	rect(0, 0, s, s*3/4, paper)        // the sheet
	rect(s-3*u, 0, 3*u, s*3/4, fold)   // its folded edge, on the right as Urdu pages open
	rect(2*u, 2*u, s-7*u, 3*u, accent) // the masthead
	for i := range 4 {                 // lines of text, right-aligned like Urdu
		y := 7*u + i*2*u
		width := s - 7*u
		if i%2 == 1 {
			width = width * 2 / 3
		}
		rect(s-5*u-width, y, width, u, accent)
	}
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
