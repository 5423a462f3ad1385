package media

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	stddraw "image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"runtime"
	"slices"
	"sync"

	"github.com/gen2brain/webp"
	xwebp "golang.org/x/image/webp"
)

// Encoder settings. Go's encoders write no metadata chunk or segment at all,
// which is what makes re-encoding strip EXIF, GPS, XMP, IPTC, ICC and comments.
const (
	jpegQuality = 82 // with Go's 4:2:0 chroma subsampling
	webpQuality = 80 // lossy
	// libwebp's speed/size trade-off, 0–6. On a 12-MP photo its default, 4,
	// took 6.0 s and method 1 took 1.9 s, for a file 10% smaller.
	webpMethod = 1
	// Lossless WebP, for graphics: effort 0–100 and method 0–6. A 1920×1080
	// chart took 0.17 s; a photo saved as PNG takes seconds.
	webpEffort         = 10
	webpLosslessMethod = 2
	// PNG: BestSpeed wrote a 1920-px photo in 0.7 s against 1.8 s for the
	// default level, 12% larger (27% for a chart, 11 KB against 8 KB, in
	// 21 ms against 35 ms); browsers mostly get the WebP anyway.
	pngLevel    = png.BestSpeed
	maxWebPSide = 16383 // the WebP format's limit
)

// Variant is one stored rendition.
type Variant struct {
	Width, Height int
	Format        Format
	Data          []byte
}

// Processed is an upload made safe: orientation applied, every byte of metadata gone.
type Processed struct {
	Format        Format // of Original
	Width, Height int    // after orientation
	// Original is the full-size clean image, re-encoded in its own format
	// (an animated GIF keeps its frames, delays and loop count).
	Original Variant
	// Variants are the widths of VariantWidths smaller than Width, in the
	// original format, plus WebP versions wherever WebP is smaller than the
	// same-size original-format rendition (full size too), ordered by width,
	// the original format first. A GIF's variants are made from its first
	// frame only, as PNG; an animated GIF gets no full-size WebP, which would
	// be a still.
	Variants []Variant
}

// VariantWidths are the widths pages ask for in srcset; never upscaled.
var VariantWidths = []int{320, 640, 960, 1280, 1920}

// Options choose optional work.
type Options struct {
	// WebP adds WebP renditions of JPEG, PNG and GIF uploads where they are
	// smaller: lossy (quality 80) for JPEG, lossless for PNG and GIF, whose
	// flat colours and sharp edges should stay exact. It costs most of the
	// processing time: the encoder is libwebp run as WebAssembly, or the
	// system's libwebp.so (3–7× faster) when a dynamically linked binary
	// finds one. WebP uploads are re-encoded as WebP either way.
	WebP bool
}

// DefaultOptions are what Process uses.
var DefaultOptions = Options{WebP: true}

// Process reads an upload and makes it safe to publish with DefaultOptions;
// see ProcessWith.
func Process(r io.Reader, lim Limits) (*Processed, error) {
	return ProcessWith(r, lim, DefaultOptions)
}

// ProcessWith reads at most lim.MaxBytes from r, tells the format from the
// bytes, refuses oversized pictures before decoding them, applies the EXIF
// orientation of a JPEG, and re-encodes the image and its variants without
// any metadata. Its errors wrap ErrTooLarge, ErrTooManyPixels,
// ErrUnsupported or ErrCorrupt (or a read error of r); UrduMessage words them
// for the newsroom.
func ProcessWith(r io.Reader, lim Limits, opt Options) (*Processed, error) {
	lim = lim.withDefaults()
	// Admitted before the upload is read, so that waiting uploads hold
	// at most their files, and only a few of those.
	select {
	case admitted <- struct{}{}:
	default:
		return nil, ErrBusy
	}
	defer func() { <-admitted }()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("media: read upload: %w", err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, tooLarge(lim)
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("media: empty file: %w", ErrCorrupt)
	}
	format, err := Sniff(data)
	if err != nil {
		if truncatedMagic(data) {
			return nil, fmt.Errorf("media: %d-byte file: %w", len(data), ErrCorrupt)
		}
		return nil, err
	}
	if err := check(format, data, lim); err != nil {
		return nil, err
	}
	processing <- struct{}{}
	defer func() { <-processing }()
	pic, err := decode(format, data)
	if err != nil {
		return nil, err
	}
	return render(format, pic, opt)
}

// One image is decoded and rendered at a time, the next few wait their
// turn in order, and more are refused with ErrBusy. A picture at the
// pixel limit takes a few hundred MB while it is worked on (its decoded
// pixels, the halvings, the WebP encoder's memory): five at once took
// the server past 9 GB. Processing is CPU-bound and uses every core, so
// one at a time loses no throughput.
var (
	processing = make(chan struct{}, 1)
	admitted   = make(chan struct{}, maxAdmitted)
)

// maxAdmitted bounds the uploads being processed or waiting: their files
// are held in memory (up to Limits.MaxBytes each) while they wait.
const maxAdmitted = 6

// maxDecodedBytes bounds a decoded picture: DefaultLimits' 50 megapixels
// at 4 bytes a pixel (8-bit RGBA). A JPEG takes 1.5–4 bytes a pixel, so
// the pixel limit binds first; 16-bit PNGs take 8.
const maxDecodedBytes = 200 << 20

// bytesPerPixel is what the decoder of a picture with colour model m
// allocates per pixel.
func bytesPerPixel(m color.Model) int {
	switch m {
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	case color.Gray16Model:
		return 2
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.YCbCrModel:
		return 3 // 4:4:4 at most; 4:2:0 takes 1.5
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4 // RGBA, NRGBA, CMYK
}

// check refuses a file whose header promises more pixels, frames or scans
// than lim allows, before any pixel is decoded.
func check(f Format, data []byte, lim Limits) error {
	var cfg image.Config
	var err error
	switch f {
	case JPEG:
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	case PNG:
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	case GIF:
		cfg, err = gif.DecodeConfig(bytes.NewReader(data))
	case WebP:
		cfg, err = xwebp.DecodeConfig(bytes.NewReader(data))
	}
	if err != nil {
		return decodeError(f, err)
	}
	w, h := cfg.Width, cfg.Height
	if w <= 0 || h <= 0 {
		return fmt.Errorf("media: %s of %d×%d pixels: %w", f, w, h, ErrCorrupt)
	}
	if w > lim.MaxSide || h > lim.MaxSide || int64(w)*int64(h) > lim.MaxPixels {
		return &limitError{err: ErrTooManyPixels, lim: lim,
			detail: fmt.Sprintf("%s of %d×%d pixels", f, w, h)}
	}
	if n := int64(w) * int64(h) * int64(bytesPerPixel(cfg.ColorModel)); n > maxDecodedBytes {
		// Within the pixel limit but 16 bits a channel: decoded it would
		// take twice the memory the limit allows for.
		return &limitError{err: ErrTooManyPixels, lim: lim, deep: true,
			detail: fmt.Sprintf("%s of %d×%d pixels at %d bytes each", f, w, h, bytesPerPixel(cfg.ColorModel))}
	}
	switch f {
	case JPEG:
		if n := readJPEG(data).scans; n > maxJPEGScans {
			return fmt.Errorf("media: jpeg with over %d scans: %w", maxJPEGScans, ErrCorrupt)
		}
	case GIF:
		frames, area := gifFrames(data, maxGIFFrames, 4*lim.MaxPixels)
		if frames > maxGIFFrames || area > 4*lim.MaxPixels {
			return &limitError{err: ErrTooManyPixels, lim: lim, frames: true,
				detail: fmt.Sprintf("gif of %d×%d pixels with over %d frames or %d pixels in all", w, h, maxGIFFrames, 4*lim.MaxPixels)}
		}
	case WebP:
		// An extended header with the animation flag: x/image/webp decodes stills only.
		if len(data) > 20 && string(data[12:16]) == "VP8X" && data[20]&0x02 != 0 {
			return fmt.Errorf("media: animated webp: %w", ErrUnsupported)
		}
	}
	return nil
}

// picture is a decoded upload.
type picture struct {
	decoded image.Image // as decoded: the first frame of a GIF
	still   image.Image // upright, whole: a GIF's first frame on its canvas
	anim    *gif.GIF    // all the frames of a GIF
}

func decode(f Format, data []byte) (pic picture, err error) {
	defer func() {
		// The decoders are meant never to panic; an upload must not take
		// the server down if one does.
		if r := recover(); r != nil {
			err = fmt.Errorf("media: decode %s: panic: %v: %w", f, r, ErrCorrupt)
		}
	}()
	r := bytes.NewReader(data)
	switch f {
	case JPEG:
		pic.decoded, err = jpeg.Decode(r)
	case PNG:
		pic.decoded, err = png.Decode(r)
	case WebP:
		pic.decoded, err = decodeWebP(r)
	case GIF:
		pic.anim, err = gif.DecodeAll(r)
		if err == nil {
			pic.decoded = pic.anim.Image[0]
		}
	}
	if err != nil {
		return picture{}, decodeError(f, err)
	}
	pic.still = pic.decoded
	switch f {
	case JPEG:
		if o := exifOrientation(data); o != 1 {
			pic.still = orient(toRGBA(pic.decoded), o)
		}
	case GIF:
		canvas := image.NewRGBA(image.Rect(0, 0, pic.anim.Config.Width, pic.anim.Config.Height))
		first := pic.anim.Image[0]
		stddraw.Draw(canvas, first.Rect, first, first.Rect.Min, stddraw.Over)
		pic.still = canvas
	}
	return pic, nil
}

func decodeError(f Format, err error) error {
	var ju jpeg.UnsupportedError
	var pu png.UnsupportedError
	if errors.As(err, &ju) || errors.As(err, &pu) {
		return fmt.Errorf("media: decode %s: %v: %w", f, err, ErrUnsupported)
	}
	return fmt.Errorf("media: decode %s: %v: %w", f, err, ErrCorrupt)
}

// render encodes the original and resizes and encodes its variants, on all
// CPUs.
func render(f Format, pic picture, opt Options) (*Processed, error) {
	b := pic.still.Bounds()
	w, h := b.Dx(), b.Dy()
	vf := f // format of the resized variants
	if f == GIF {
		vf = PNG
	}
	extraWebP := opt.WebP && f != WebP
	// Graphics (PNG, GIF) get lossless WebP: their edges and flat colours
	// stay exact, and it is still smaller than PNG as a rule.
	lossless := f == PNG || f == GIF

	type rendition struct {
		w, h       int
		m          image.Image
		main, webp []byte // in vf (the original's format for full) and WebP
	}
	var g group
	g.start()
	// The full size first: the longest work.
	full := &rendition{w: w, h: h, m: pic.still}
	if extraWebP && (f != GIF || len(pic.anim.Image) == 1) && webpFits(w, h) {
		g.run(func() (err error) { full.webp, err = encodeWebP(full.m, lossless); return })
	}
	g.run(func() (err error) { full.main, err = encodeOriginal(f, pic); return })

	var small []*rendition // ascending widths
	widths := slices.Clone(VariantWidths)
	slices.Sort(widths)
	for _, tw := range slices.Compact(widths) {
		if tw > 0 && tw < w {
			small = append(small, &rendition{w: tw, h: scaledHeight(w, h, tw)})
		}
	}
	// A task for each width, largest first; only the halvings they scale
	// from are shared, made here in turn, while the full size is encoded.
	pyr := newPyramid(pic.still) // read in its own type, a row at a time
	sources := make([]image.Image, len(small))
	for i, r := range small {
		sources[i] = pyr.source(r.w, r.h)
	}
	if !slices.Contains(sources, pyr.levels[0]) {
		// No variant scales from the full size (it is at least twice the
		// largest width): once it is encoded, its pixels (up to 200 MB)
		// can go before the variants take memory of their own.
		if err := g.wait(); err != nil {
			return nil, err
		}
		pyr.levels[0], full.m, pic = nil, nil, picture{}
		g.start()
	}
	for i, r := range slices.Backward(small) {
		src := sources[len(small)-1-i]
		g.run(func() error {
			r.m = scale(src, r.w, r.h)
			var err error
			if r.main, err = encode(vf, r.m); err == nil && extraWebP && webpFits(r.w, r.h) {
				r.webp, err = encodeWebP(r.m, lossless)
			}
			return err
		})
	}
	if err := g.wait(); err != nil {
		return nil, err
	}

	p := &Processed{Format: f, Width: w, Height: h,
		Original: Variant{Width: w, Height: h, Format: f, Data: full.main}}
	for _, r := range append(small, full) {
		if r != full {
			p.Variants = append(p.Variants, Variant{Width: r.w, Height: r.h, Format: vf, Data: r.main})
		}
		if r.webp != nil && len(r.webp) < len(r.main) {
			p.Variants = append(p.Variants, Variant{Width: r.w, Height: r.h, Format: WebP, Data: r.webp})
		}
	}
	return p, nil
}

// encodeOriginal re-encodes the full-size picture in its own format.
func encodeOriginal(f Format, pic picture) ([]byte, error) {
	switch f {
	case GIF:
		var buf bytes.Buffer
		if err := gif.EncodeAll(&buf, pic.anim); err != nil {
			return nil, fmt.Errorf("media: encode gif: %w", err)
		}
		return buf.Bytes(), nil
	case PNG:
		return encode(PNG, pic.decoded) // as decoded: keeps a palette or 16 bits
	case WebP:
		return encodeWebP(pic.still, false)
	}
	return encode(f, pic.still)
}

// webpFits reports whether a w×h rendition gets a WebP version: within the
// format's limit and at most maxWebPPixels. The encoder (libwebp run as
// WebAssembly) keeps several copies of what it encodes in its own memory,
// which the module keeps once grown: a 7000×7000 PNG took 2.3 GB with a
// full-size WebP and 0.6 GB without. Pages ask for at most 1920 px wide
// (VariantWidths); a larger original is served in its own format to the
// few screens that want it.
// webpEncoders admits one WebP encode at a time.
var webpEncoders = make(chan struct{}, 1)

func webpFits(w, h int) bool {
	return w <= maxWebPSide && h <= maxWebPSide && int64(w)*int64(h) <= maxWebPPixels
}

// maxWebPPixels is the largest rendition given a WebP version: a 1920-px
// wide variant of a 4:5 portrait photo (1920×2400), with room to spare.
const maxWebPPixels = 5_000_000

// group runs functions on up to GOMAXPROCS goroutines.
type group struct {
	sem  chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	errs []error
}

func (g *group) start() { g.sem = make(chan struct{}, runtime.GOMAXPROCS(0)) }

// run starts fn once a goroutine is free.
func (g *group) run(fn func() error) {
	g.sem <- struct{}{}
	g.wg.Go(func() {
		defer func() { <-g.sem }()
		if err := fn(); err != nil {
			g.mu.Lock()
			g.errs = append(g.errs, err)
			g.mu.Unlock()
		}
	})
}

// wait waits for all and returns their errors.
func (g *group) wait() error {
	g.wg.Wait()
	return errors.Join(g.errs...)
}

// encode writes m as JPEG or PNG, with no metadata.
func encode(f Format, m image.Image) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch f {
	case JPEG:
		if !opaque(m) {
			m = onWhite(m)
		}
		err = jpeg.Encode(&buf, m, &jpeg.Options{Quality: jpegQuality})
	case PNG:
		enc := png.Encoder{CompressionLevel: pngLevel}
		err = enc.Encode(&buf, m)
	default:
		return encodeWebP(m, false)
	}
	if err != nil {
		return nil, fmt.Errorf("media: encode %s: %w", f, err)
	}
	return buf.Bytes(), nil
}

// encodeWebP writes m as WebP, with no metadata.
func encodeWebP(m image.Image, lossless bool) ([]byte, error) {
	// The encoder takes an *image.RGBA's bytes as unpremultiplied, and an
	// *image.NYCbCrA's planes as limited range (decodeWebP made them full
	// range): hand it the NRGBA it means.
	_, isNYCbCrA := m.(*image.NYCbCrA)
	if _, isRGBA := m.(*image.RGBA); isRGBA && !opaque(m) || isNYCbCrA {
		n := image.NewNRGBA(m.Bounds())
		stddraw.Draw(n, n.Rect, m, m.Bounds().Min, stddraw.Src)
		m = n
	}
	o := webp.Options{Quality: webpQuality, Method: webpMethod}
	if lossless {
		o = webp.Options{Lossless: true, Quality: webpEffort, Method: webpLosslessMethod}
	}
	var buf bytes.Buffer
	// One encoder at a time: each is a WebAssembly instance whose memory
	// grows to several times the picture (100–200 MB for a 1920-px one).
	webpEncoders <- struct{}{}
	err := webp.Encode(&buf, m, o)
	<-webpEncoders
	if err != nil {
		return nil, fmt.Errorf("media: encode webp: %w", err)
	}
	return buf.Bytes(), nil
}

func opaque(m image.Image) bool {
	o, ok := m.(interface{ Opaque() bool })
	return ok && o.Opaque()
}
