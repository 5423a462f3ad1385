// Command brand draws Akhbar's default logo, sharing image and icons,
// used until a site sets its own: a folded newspaper in white on the
// site's accent red. They are plain shapes, so they need no font (Urdu
// text would need a shaping engine to draw). Run from the repository root:
//
//	go run ./scripts/brand
//
// It writes, under web/static/img/: logo.png (512×512, the publisher logo
// for structured data and feeds), share.png (1200×675, for articles
// without a lead image in link previews and structured data), the
// browser icons favicon.ico (16, 32 and 48 px, PNG in ICO), icon.svg,
// icon-192.png and icon-512.png, and apple-touch-icon.png (180×180).
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log"
	"os"
	"strings"
)

var (
	accent = color.RGBA{0x8a, 0x1c, 0x1c, 0xff} // --accent in site.css
	paper  = color.RGBA{0xff, 0xff, 0xff, 0xff}
	fold   = color.RGBA{0xe8, 0xd6, 0xd6, 0xff}
)

const dir = "web/static/img/"

func main() {
	save("logo.png", drawPNG(512, 512, 6))
	save("share.png", drawPNG(1200, 675, 6))
	// Icons fill more of their square: they are seen at 16 px.
	save("icon-192.png", drawPNG(192, 192, 8))
	save("icon-512.png", drawPNG(512, 512, 8))
	save("apple-touch-icon.png", drawPNG(180, 180, 8))
	var sizes [][]byte
	for _, n := range []int{16, 32, 48} {
		sizes = append(sizes, drawPNG(n, n, 9))
	}
	save("favicon.ico", ico(sizes, []int{16, 32, 48}))
	save("icon.svg", []byte(drawSVG(512, 8)))
}

// rect is one filled rectangle of the mark.
type rect struct {
	x, y, w, h int
	c          color.RGBA
}

// mark lays out the newspaper centred on a w×h field, tenths/10 of the
// shorter side wide.
func mark(w, h, tenths int) []rect {
	s := min(w, h) * tenths / 10 // the newspaper's size
	x0, y0 := (w-s)/2, (h-s*3/4)/2
	u := max(s/20, 1) // one unit of the grid the mark is drawn on
	out := []rect{
		{x0, y0, s, s * 3 / 4, paper},                // the sheet
		{x0 + s - 3*u, y0, 3 * u, s * 3 / 4, fold},   // its folded edge, on the right as Urdu pages open
		{x0 + 2*u, y0 + 2*u, s - 7*u, 3 * u, accent}, // the masthead
	}
	for i := range 4 { // lines of text, right-aligned like Urdu
		y := 7*u + i*2*u
		width := s - 7*u
		if i%2 == 1 {
			width = width * 2 / 3
		}
		out = append(out, rect{x0 + s - 5*u - width, y0 + y, width, u, accent})
	}
	return out
}

func drawPNG(w, h, tenths int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), &image.Uniform{accent}, image.Point{}, draw.Src)
	for _, r := range mark(w, h, tenths) {
		draw.Draw(img, image.Rect(r.x, r.y, r.x+r.w, r.y+r.h), &image.Uniform{r.c}, image.Point{}, draw.Src)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}

func drawSVG(size, tenths int) string {
	hex := func(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d">`, size, size)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="%s"/>`, size, size, hex(accent))
	for _, r := range mark(size, size, tenths) {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`, r.x, r.y, r.w, r.h, hex(r.c))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// ico packs PNG images into an ICO file (PNG entries are allowed since
// Windows Vista and read by every browser).
func ico(pngs [][]byte, sizes []int) []byte {
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	le([3]uint16{0, 1, uint16(len(pngs))}) // reserved, type 1 (icon), count
	offset := 6 + 16*len(pngs)
	for i, p := range pngs {
		n := uint8(sizes[i] % 256) // 0 stands for 256
		le([4]uint8{n, n, 0, 0})   // width, height, palette, reserved
		le([2]uint16{1, 32})       // planes, bits per pixel
		le([2]uint32{uint32(len(p)), uint32(offset)})
		offset += len(p)
	}
	for _, p := range pngs {
		b.Write(p)
	}
	return b.Bytes()
}

func save(name string, data []byte) {
	if err := os.WriteFile(dir+name, data, 0o644); err != nil {
		log.Fatal(err)
	}
}
