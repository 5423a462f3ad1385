package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gen2brain/webp"
)

func process(tb testing.TB, data []byte, opt Options) *Processed {
	tb.Helper()
	p, err := ProcessWith(bytes.NewReader(data), DefaultLimits, opt)
	if err != nil {
		tb.Fatalf("ProcessWith: %v", err)
	}
	checkRenditions(tb, p)
	return p
}

// checkRenditions decodes every rendition and checks it has the size it says.
func checkRenditions(tb testing.TB, p *Processed) {
	tb.Helper()
	if p.Original.Format != p.Format || p.Original.Width != p.Width || p.Original.Height != p.Height {
		tb.Errorf("Original is %s %d×%d, Processed says %s %d×%d", p.Original.Format,
			p.Original.Width, p.Original.Height, p.Format, p.Width, p.Height)
	}
	for _, v := range append([]Variant{p.Original}, p.Variants...) {
		if s, err := Sniff(v.Data); err != nil || s != v.Format {
			tb.Errorf("%s %d×%d rendition sniffs as %q, %v", v.Format, v.Width, v.Height, s, err)
			continue
		}
		b := decodeAs(tb, v.Format, v.Data).Bounds()
		if v.Format == GIF { // the first frame may be smaller than the screen
			g, err := gif.DecodeAll(bytes.NewReader(v.Data))
			if err != nil {
				tb.Fatalf("decode gif: %v", err)
			}
			b = image.Rect(0, 0, g.Config.Width, g.Config.Height)
		}
		if b.Dx() != v.Width || b.Dy() != v.Height {
			tb.Errorf("%s rendition says %d×%d, decodes as %d×%d", v.Format, v.Width, v.Height, b.Dx(), b.Dy())
		}
	}
}

func TestProcessStripsMetadata(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	// What each fixture carries; none of it may come out.
	leaks := []string{
		"Exif\x00\x00", "AkhbarCam",
		string(rationals(le, gpsLatitude...)), string(rationals(be, gpsLatitude...)),
		string(rationals(le, gpsLongitude...)), string(rationals(be, gpsLongitude...)),
		"\x25\x88\x04\x00", "\x88\x25\x00\x04", // the GPSInfo tag, both byte orders
		"http://ns.adobe.com/xap", "xmpmeta", xmpGPSText, "XMP DataXMP",
		"Photoshop 3.0", "8BIM", iptcCaption,
		"ICC_PROFILE", "akhbar-test-icc",
		jpegComment, pngComment, gifComment,
		"tEXt", "iTXt", "eXIf", "tIME",
	}
	tests := []struct {
		fixture string
		carries []string // what the input must hold, for the test to mean anything
	}{
		{"gps.jpg", []string{"Exif\x00\x00", string(rationals(le, gpsLatitude...)), "http://ns.adobe.com/xap", xmpGPSText, "Photoshop 3.0", "8BIM", iptcCaption, "ICC_PROFILE", jpegComment}},
		{"meta.png", []string{string(rationals(be, gpsLatitude...)), "\x88\x25\x00\x04", xmpGPSText, pngComment, "eXIf", "iTXt", "tIME"}},
		{"meta.webp", []string{string(rationals(le, gpsLatitude...)), xmpGPSText, "AkhbarCam"}},
		{"anim.gif", []string{gifComment, "XMP DataXMP", "xmpmeta"}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			in := readFixture(t, tt.fixture)
			for _, c := range tt.carries {
				if !bytes.Contains(in, []byte(c)) {
					t.Fatalf("fixture lacks %q", c)
				}
			}
			p := process(t, in, DefaultOptions)
			if len(p.Variants) == 0 {
				t.Fatal("no variants")
			}
			for _, v := range append([]Variant{p.Original}, p.Variants...) {
				for _, l := range leaks {
					if bytes.Contains(v.Data, []byte(l)) {
						t.Errorf("%s %d×%d rendition still holds %q", v.Format, v.Width, v.Height, l)
					}
				}
			}
		})
	}
}

// quadrant names where a point lies: top-left, top-right, bottom-left, bottom-right.
type quadrant int

const (
	topLeft quadrant = iota
	topRight
	bottomLeft
	bottomRight
)

// colourIn samples the middle of quadrant q of m.
func colourIn(m image.Image, q quadrant) color.NRGBA {
	b := m.Bounds()
	x, y := b.Min.X+b.Dx()/4, b.Min.Y+b.Dy()/4
	if q == topRight || q == bottomRight {
		x += b.Dx() / 2
	}
	if q == bottomLeft || q == bottomRight {
		y += b.Dy() / 2
	}
	return rgbaAt(m, x, y)
}

func near(c, want color.NRGBA, tol int) bool {
	d := func(a, b uint8) bool { return int(a)-int(b) <= tol && int(b)-int(a) <= tol }
	return d(c.R, want.R) && d(c.G, want.G) && d(c.B, want.B) && d(c.A, want.A)
}

var (
	red   = color.NRGBA{255, 0, 0, 255}
	green = color.NRGBA{0, 255, 0, 255}
	blue  = color.NRGBA{0, 0, 255, 255}
	white = color.NRGBA{255, 255, 255, 255}
)

func TestProcessOrientation(t *testing.T) {
	// quadrants() is red top-left, green top-right, blue bottom-left, white
	// bottom-right; after orientation the red quadrant must land where the
	// camera's sensor had it.
	tests := []struct {
		orientation uint16
		bo          order
		swapped     bool
		red, green  quadrant
	}{
		{1, binary.LittleEndian, false, topLeft, topRight},
		{2, binary.BigEndian, false, topRight, topLeft},
		{3, binary.LittleEndian, false, bottomRight, bottomLeft},
		{4, binary.BigEndian, false, bottomLeft, bottomRight},
		{5, binary.LittleEndian, true, topLeft, bottomLeft},
		{6, binary.BigEndian, true, topRight, bottomRight},    // rotate 90° clockwise
		{6, binary.LittleEndian, true, topRight, bottomRight}, // either byte order
		{7, binary.LittleEndian, true, bottomRight, topRight}, // transverse
		{8, binary.BigEndian, true, bottomLeft, topLeft},      // rotate 90° counter-clockwise
	}
	const w, h = 800, 500
	src := encodeJPEG(t, quadrants(w, h), 95)
	for _, tt := range tests {
		in := withSegments(src, exifSegment(exifTIFF(tt.bo, tt.orientation, true)))
		p := process(t, in, DefaultOptions)
		ww, wh := w, h
		if tt.swapped {
			ww, wh = h, w
		}
		if p.Width != ww || p.Height != wh {
			t.Errorf("orientation %d: %d×%d, want %d×%d", tt.orientation, p.Width, p.Height, ww, wh)
			continue
		}
		if len(p.Variants) == 0 {
			t.Errorf("orientation %d: no variants", tt.orientation)
		}
		for _, v := range append([]Variant{p.Original}, p.Variants...) {
			m := decodeAs(t, v.Format, v.Data)
			if b := m.Bounds(); (b.Dx() > b.Dy()) != (ww > wh) {
				t.Errorf("orientation %d: %s %d×%d rendition is turned the wrong way", tt.orientation, v.Format, b.Dx(), b.Dy())
			}
			if c := colourIn(m, tt.red); !near(c, red, 40) {
				t.Errorf("orientation %d: %s %d px: red quadrant should be at %d, found %v there", tt.orientation, v.Format, v.Width, tt.red, c)
			}
			if c := colourIn(m, tt.green); !near(c, green, 40) {
				t.Errorf("orientation %d: %s %d px: green quadrant should be at %d, found %v there", tt.orientation, v.Format, v.Width, tt.green, c)
			}
		}
	}
}

func TestOrientAllPixels(t *testing.T) {
	// Every pixel of a 3×2 picture, turned each way, against the standard's
	// pictures of the eight orientations.
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range 6 {
		src.Pix[4*i] = uint8(i + 1) // pixels 1 2 3 / 4 5 6
	}
	want := map[int][]string{
		1: {"123", "456"},
		2: {"321", "654"},
		3: {"654", "321"},
		4: {"456", "123"},
		5: {"14", "25", "36"},
		6: {"41", "52", "63"},
		7: {"63", "52", "41"},
		8: {"36", "25", "14"},
	}
	for o, rows := range want {
		m := orient(src, o)
		var got []string
		for y := range m.Rect.Dy() {
			var row []byte
			for x := range m.Rect.Dx() {
				row = append(row, '0'+m.Pix[m.PixOffset(x, y)])
			}
			got = append(got, string(row))
		}
		if !slices.Equal(got, rows) {
			t.Errorf("orientation %d: got %q, want %q", o, got, rows)
		}
	}
}

func TestProcessRefuses(t *testing.T) {
	small := encodeJPEG(t, photo(300, 200, 9), 90)
	tight := Limits{MaxBytes: int64(len(small)) - 1}
	screenClaim := gifBomb(t, 1, 1, 1)
	binary.LittleEndian.PutUint16(screenClaim[6:], 60000) // logical screen 60000×60000
	binary.LittleEndian.PutUint16(screenClaim[8:], 60000)
	animWebP := slices.Clone(readFixture(t, "meta.webp"))
	animWebP[20] |= 0x02 // the VP8X animation flag
	jpg := encodeJPEG(t, photo(64, 48, 2), 80)
	sos := strings.Index(string(jpg), "\xFF\xDA")
	hdr := jpg[sos : sos+2+int(jpg[sos+3])]
	scans := slices.Clone(jpg[:len(jpg)-2])
	for range maxJPEGScans + 1 {
		scans = append(append(scans, hdr...), 0x00, 0x00)
	}
	scans = append(scans, 0xFF, 0xD9)
	pngData := readFixture(t, "meta.png")
	badCRC := slices.Clone(pngData)
	badCRC[len(badCRC)-20] ^= 0xFF // inside the last IDAT
	webpData := readFixture(t, "meta.webp")
	anim := readFixture(t, "anim.gif")

	tests := []struct {
		name string
		data []byte
		lim  Limits
		want error
		say  string // in the Urdu message; by default urdu[want]
	}{
		{"png bomb 100000×100000", readFixture(t, "bomb.png"), DefaultLimits, ErrTooManyPixels, "50 میگا پکسل"},
		{"png 11000×11000", pngBomb(11_000, 11_000), DefaultLimits, ErrTooManyPixels, ""},
		{"png 12001 wide", pngBomb(12_001, 10), DefaultLimits, ErrTooManyPixels, ""},
		{"png bomb, zero limits", pngBomb(100_000, 100_000), Limits{}, ErrTooManyPixels, ""},
		{"gif screen 60000×60000", screenClaim, DefaultLimits, ErrTooManyPixels, ""},
		{"gif bomb 20 frames of 12 MP", gifBomb(t, 4000, 3000, 20), DefaultLimits, ErrTooManyPixels, "فریم بہت زیادہ"},
		{"gif of 2001 frames", gifBomb(t, 1, 1, maxGIFFrames+1), DefaultLimits, ErrTooManyPixels, "فریم بہت زیادہ"},
		{"over MaxBytes", small, tight, ErrTooLarge, ""},
		{"html named .jpg", readFixture(t, "page.jpg"), DefaultLimits, ErrUnsupported, ""},
		{"svg named .jpg", readFixture(t, "drawing.jpg"), DefaultLimits, ErrUnsupported, ""},
		{"heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), DefaultLimits, ErrUnsupported, ""},
		{"bmp", append([]byte("BM"), make([]byte, 60)...), DefaultLimits, ErrUnsupported, ""},
		{"animated webp", animWebP, DefaultLimits, ErrUnsupported, ""},
		{"truncated jpeg", readFixture(t, "truncated.jpg"), DefaultLimits, ErrCorrupt, ""},
		{"jpeg header only", small[:200], DefaultLimits, ErrCorrupt, ""},
		{"jpeg magic only", []byte{0xFF, 0xD8}, DefaultLimits, ErrCorrupt, ""},
		{"jpeg of many scans", scans, DefaultLimits, ErrCorrupt, ""},
		{"truncated png", pngData[:len(pngData)/2], DefaultLimits, ErrCorrupt, ""},
		{"png with a bad checksum", badCRC, DefaultLimits, ErrCorrupt, ""},
		{"truncated webp", webpData[:len(webpData)/2], DefaultLimits, ErrCorrupt, ""},
		{"truncated gif", anim[:len(anim)/2], DefaultLimits, ErrCorrupt, ""},
		{"empty", nil, DefaultLimits, ErrCorrupt, ""},
	}
	urdu := map[error]string{
		ErrTooManyPixels: "یہ تصویر بہت زیادہ پکسلز کی ہے",
		ErrTooLarge:      "یہ فائل بہت بڑی ہے",
		ErrUnsupported:   "یہ فائل JPEG، PNG، WebP یا GIF تصویر نہیں۔",
		ErrCorrupt:       "تصویر خراب ہے یا پوری اپ لوڈ نہیں ہوئی۔",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ProcessWith(bytes.NewReader(tt.data), tt.lim, DefaultOptions)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, %v; want %v", p, err, tt.want)
			}
			say := tt.say
			if say == "" {
				say = urdu[tt.want]
			}
			if msg := UrduMessage(err); !strings.Contains(msg, say) {
				t.Errorf("UrduMessage = %q, want it to say %q", msg, say)
			}
		})
	}

	// Exactly MaxBytes is allowed.
	if _, err := ProcessWith(bytes.NewReader(small), Limits{MaxBytes: int64(len(small))}, Options{}); err != nil {
		t.Errorf("file of exactly MaxBytes: %v", err)
	}
}

// A decompression bomb must be refused from its header alone: no memory for
// its pixels, whatever the header claims.
func TestProcessBombAllocatesLittle(t *testing.T) {
	bombs := map[string][]byte{
		"png 100000×100000":      readFixture(t, "bomb.png"),
		"png 11000×11000":        pngBomb(11_000, 11_000),
		"gif 20 frames of 12 MP": gifBomb(t, 4000, 3000, 20),
	}
	for name, data := range bombs {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Process(bytes.NewReader(data), DefaultLimits)
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrTooManyPixels) {
			t.Fatalf("%s: %v, want ErrTooManyPixels", name, err)
		}
		// Reading the file into memory is all it may cost.
		if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(3*len(data)+1<<20); got > limit {
			t.Errorf("%s (%d bytes): allocated %d bytes, want under %d", name, len(data), got, limit)
		}
	}
}

func TestProcessReadError(t *testing.T) {
	r := io.MultiReader(bytes.NewReader([]byte{0xFF, 0xD8, 0xFF}), errReader{})
	_, err := Process(r, DefaultLimits)
	if err == nil || errors.Is(err, ErrCorrupt) || !errors.Is(err, io.ErrClosedPipe) {
		t.Fatalf("got %v, want the read error", err)
	}
	if msg := UrduMessage(err); !strings.Contains(msg, "دوبارہ کوشش") {
		t.Errorf("UrduMessage = %q", msg)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrClosedPipe }

// widths returns the widths of the variants of format f, in order.
func widths(p *Processed, f Format) []int {
	var ws []int
	for _, v := range p.Variants {
		if v.Format == f {
			ws = append(ws, v.Width)
		}
	}
	return ws
}

func TestProcessVariants(t *testing.T) {
	t.Run("2400×1600 jpeg", func(t *testing.T) {
		p := process(t, encodeJPEG(t, photo(2400, 1600, 4), 90), DefaultOptions)
		if p.Format != JPEG || p.Width != 2400 || p.Height != 1600 {
			t.Fatalf("got %s %d×%d", p.Format, p.Width, p.Height)
		}
		want := map[int]int{320: 213, 640: 427, 960: 640, 1280: 853, 1920: 1280}
		if got := widths(p, JPEG); !slices.Equal(got, []int{320, 640, 960, 1280, 1920}) {
			t.Fatalf("jpeg variant widths %v", got)
		}
		jpegSize := map[int]int{2400: len(p.Original.Data)}
		for _, v := range p.Variants {
			if v.Format == JPEG {
				jpegSize[v.Width] = len(v.Data)
				if v.Height != want[v.Width] {
					t.Errorf("%d wide: height %d, want %d", v.Width, v.Height, want[v.Width])
				}
			}
		}
		for _, v := range p.Variants {
			if v.Format == WebP && len(v.Data) >= jpegSize[v.Width] {
				t.Errorf("webp %d wide (%d bytes) kept though the jpeg is %d bytes", v.Width, len(v.Data), jpegSize[v.Width])
			}
		}
		if !slices.IsSortedFunc(p.Variants, func(a, b Variant) int { return a.Width - b.Width }) {
			t.Error("variants not ordered by width")
		}
		for _, v := range append([]Variant{p.Original}, p.Variants...) {
			t.Logf("%-4s %4d×%-4d %7d bytes", v.Format, v.Width, v.Height, len(v.Data))
		}
	})

	t.Run("500 wide", func(t *testing.T) {
		p := process(t, encodeJPEG(t, photo(500, 375, 4), 90), DefaultOptions)
		if got := widths(p, JPEG); !slices.Equal(got, []int{320}) {
			t.Errorf("jpeg variant widths %v, want [320]", got)
		}
		for _, w := range widths(p, WebP) {
			if w != 320 && w != 500 {
				t.Errorf("webp variant %d wide", w)
			}
		}
	})

	t.Run("never upscaled", func(t *testing.T) {
		p := process(t, encodeJPEG(t, photo(320, 200, 4), 90), Options{})
		if len(p.Variants) != 0 {
			t.Errorf("320-px image got variants %v", widths(p, JPEG))
		}
	})

	t.Run("without webp", func(t *testing.T) {
		p := process(t, encodeJPEG(t, photo(1000, 700, 4), 90), Options{WebP: false})
		if got := widths(p, WebP); len(got) != 0 {
			t.Errorf("webp variants %v with WebP off", got)
		}
		if got := widths(p, JPEG); !slices.Equal(got, []int{320, 640, 960}) {
			t.Errorf("jpeg variant widths %v", got)
		}
	})

	t.Run("png keeps alpha", func(t *testing.T) {
		p := process(t, readFixture(t, "meta.png"), DefaultOptions)
		if p.Format != PNG || p.Width != 700 || p.Height != 400 {
			t.Fatalf("got %s %d×%d", p.Format, p.Width, p.Height)
		}
		if got := widths(p, PNG); !slices.Equal(got, []int{320, 640}) {
			t.Errorf("png variant widths %v", got)
		}
		if len(widths(p, WebP)) == 0 {
			t.Error("no webp variant: lossless webp should beat png here")
		}
		for _, v := range append([]Variant{p.Original}, p.Variants...) {
			m := decodeAs(t, v.Format, v.Data)
			if c := rgbaAt(m, 0, 0); c.A != 0 {
				t.Errorf("%s %d wide: corner alpha %d, want transparent", v.Format, v.Width, c.A)
			}
			b := m.Bounds()
			// Middle of the ellipse: half-way alpha, colour not darkened by it.
			c := rgbaAt(m, b.Dx()/2, b.Dy()/2)
			if c.A < 170 || c.A > 210 || c.R < 120 {
				t.Errorf("%s %d wide: middle %v, want alpha ≈ 191, red ≈ 140", v.Format, v.Width, c)
			}
		}
	})

	t.Run("animated gif", func(t *testing.T) {
		p := process(t, readFixture(t, "anim.gif"), DefaultOptions)
		g, err := gif.DecodeAll(bytes.NewReader(p.Original.Data))
		if err != nil {
			t.Fatal(err)
		}
		if len(g.Image) != 3 || !slices.Equal(g.Delay, []int{10, 20, 30}) || g.LoopCount != 0 {
			t.Errorf("original: %d frames, delays %v, loop %d; want 3, [10 20 30], 0", len(g.Image), g.Delay, g.LoopCount)
		}
		if got := widths(p, PNG); !slices.Equal(got, []int{320}) {
			t.Errorf("png variant widths %v, want [320]", got)
		}
		for _, v := range p.Variants {
			if v.Format == GIF || v.Width == p.Width {
				t.Errorf("%s variant %d wide: an animation's variants are still, smaller pictures", v.Format, v.Width)
			}
			// The first frame: a transparent cell top-left (row 0, column 0).
			if c := rgbaAt(decodeAs(t, v.Format, v.Data), 5, 5); c.A != 0 {
				t.Errorf("%s variant: top-left %v, want the first frame's transparent cell", v.Format, c)
			}
		}
	})

	t.Run("webp upload", func(t *testing.T) {
		in := readFixture(t, "meta.webp")
		p := process(t, in, DefaultOptions)
		if p.Format != WebP || p.Width != 400 || p.Height != 260 {
			t.Fatalf("got %s %d×%d", p.Format, p.Width, p.Height)
		}
		if len(p.Variants) != 1 || p.Variants[0].Format != WebP || p.Variants[0].Width != 320 {
			t.Errorf("variants %+v, want one 320-px webp", p.Variants)
		}
		// Re-encoding must not grey the picture (limited-range YCbCr).
		src, out := decodeAs(t, WebP, in), decodeAs(t, WebP, p.Original.Data)
		for _, q := range []quadrant{topLeft, topRight, bottomLeft, bottomRight} {
			if a, b := colourIn(src, q), colourIn(out, q); !near(a, b, 12) {
				t.Errorf("quadrant %d: %v became %v", q, a, b)
			}
		}
	})
}

// A lossy WebP with alpha decodes as *image.NYCbCrA: its colours must
// survive re-encoding too.
func TestWebPWithAlphaUpload(t *testing.T) {
	var buf bytes.Buffer
	if err := webp.Encode(&buf, translucent(400, 200), webp.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	src := decodeAs(t, WebP, buf.Bytes())
	if _, ok := src.(*image.NYCbCrA); !ok {
		t.Fatalf("decoded as %T, want *image.NYCbCrA", src)
	}
	p := process(t, buf.Bytes(), DefaultOptions)
	out := decodeAs(t, WebP, p.Original.Data)
	for _, pt := range []image.Point{{200, 100}, {120, 100}, {280, 60}, {2, 2}} {
		if a, b := rgbaAt(src, pt.X, pt.Y), rgbaAt(out, pt.X, pt.Y); !near(a, b, 10) {
			t.Errorf("at %v: %v became %v", pt, a, b)
		}
	}
}

func TestWebPColourRange(t *testing.T) {
	for _, c := range []color.NRGBA{{0, 0, 0, 255}, white, {128, 128, 128, 255}, {200, 30, 40, 255}, blue} {
		m := image.NewNRGBA(image.Rect(0, 0, 64, 64))
		for i := 0; i < len(m.Pix); i += 4 {
			copy(m.Pix[i:], []uint8{c.R, c.G, c.B, c.A})
		}
		data, err := encodeWebP(m, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := rgbaAt(decodeAs(t, WebP, data), 30, 30); !near(got, c, 4) {
			t.Errorf("%v came back %v", c, got)
		}
	}
}

func TestJPEGOfAlphaIsOnWhite(t *testing.T) {
	data, err := encode(JPEG, translucent(200, 100))
	if err != nil {
		t.Fatal(err)
	}
	if c := rgbaAt(decodeAs(t, JPEG, data), 2, 2); !near(c, white, 6) {
		t.Errorf("transparent corner became %v, want white", c)
	}
}

// TestProcessBusy: with as many uploads admitted as the server takes,
// one more is refused at once with ErrBusy, in Urdu, before it is read.
func TestProcessBusy(t *testing.T) {
	for range maxAdmitted {
		admitted <- struct{}{}
	}
	defer func() {
		for range maxAdmitted {
			<-admitted
		}
	}()
	_, err := Process(bytes.NewReader(readFixture(t, "meta.webp")), DefaultLimits)
	if !errors.Is(err, ErrBusy) || !strings.Contains(UrduMessage(err), "چند لمحوں بعد") {
		t.Errorf("an upload beyond the queue: %v (%q), want ErrBusy with an Urdu retry message", err, UrduMessage(err))
	}
}
