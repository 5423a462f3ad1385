// Package media makes uploaded images safe to publish: it checks their size
// before decoding, tells their real format from their bytes, applies the
// camera's orientation, strips every byte of metadata (EXIF, GPS, XMP, IPTC,
// comments) by re-encoding, and renders the resized variants pages link to.
//
// Storing the results is the job of the storage sub-package.
package media

import (
	"errors"
	"fmt"
	"strconv"
)

// Format of an image.
type Format string

// The formats an upload may have and a rendition may be stored in.
const (
	JPEG Format = "jpeg"
	PNG  Format = "png"
	GIF  Format = "gif"
	WebP Format = "webp"
)

// ContentType is the MIME type to serve the format with.
func (f Format) ContentType() string {
	switch f {
	case JPEG, PNG, GIF, WebP:
		return "image/" + string(f)
	}
	return "application/octet-stream"
}

// Ext is the file-name extension stored files of the format get.
func (f Format) Ext() string {
	switch f {
	case JPEG:
		return ".jpg"
	case PNG, GIF, WebP:
		return "." + string(f)
	}
	return ""
}

// Limits are checked before any pixel is decoded, so that a small file that
// claims to be enormous (a decompression bomb) costs nothing.
// A zero or negative field means the DefaultLimits value.
type Limits struct {
	MaxBytes  int64 // size of the uploaded file
	MaxPixels int64 // width × height; an animated GIF may hold 4× this in all its frames
	MaxSide   int   // width and height each
}

// DefaultLimits admit any camera or phone photo of today with room to spare.
var DefaultLimits = Limits{MaxBytes: 25 << 20, MaxPixels: 50_000_000, MaxSide: 12_000}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxBytes > 1<<40 { // keeps MaxBytes+1 from overflowing; no upload is a terabyte
		l.MaxBytes = 1 << 40
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultLimits.MaxPixels
	}
	if l.MaxSide <= 0 {
		l.MaxSide = DefaultLimits.MaxSide
	}
	return l
}

// Errors Process returns, wrapped with detail; test them with errors.Is.
var (
	ErrTooLarge      = errors.New("file too large")
	ErrTooManyPixels = errors.New("too many pixels")
	// ErrBusy: more uploads are being processed and waiting than the
	// server takes at once; the uploader should try again shortly.
	ErrBusy        = errors.New("too many images in processing")
	ErrUnsupported = errors.New("not a JPEG, PNG, GIF or WebP image")
	ErrCorrupt     = errors.New("image corrupt or truncated")
)

// limitError is an ErrTooLarge or ErrTooManyPixels that remembers the limits
// broken, so that UrduMessage can tell the newsroom what is allowed.
type limitError struct {
	err    error // ErrTooLarge or ErrTooManyPixels
	detail string
	lim    Limits
	frames bool // an animated GIF broke the limit with its frames
	deep   bool // a 16-bit picture broke the limit on decoded bytes
}

func (e *limitError) Error() string { return "media: " + e.detail + ": " + e.err.Error() }
func (e *limitError) Unwrap() error { return e.err }

// UrduMessage returns a clear Urdu message for a processing error, for the
// newsroom; the log should get err itself. It returns "" for a nil error.
func UrduMessage(err error) string {
	if err == nil {
		return ""
	}
	lim := DefaultLimits
	var le *limitError
	if errors.As(err, &le) {
		lim = le.lim
	}
	switch {
	case errors.Is(err, ErrTooLarge):
		return "یہ فائل بہت بڑی ہے؛ زیادہ سے زیادہ " + megabytes(lim.MaxBytes) + " MB کی تصویر اپ لوڈ کریں۔"
	case errors.Is(err, ErrTooManyPixels) && le != nil && le.frames:
		return "اس GIF میں فریم بہت زیادہ ہیں؛ اسے چھوٹا یا مختصر کر کے اپ لوڈ کریں۔"
	case errors.Is(err, ErrTooManyPixels) && le != nil && le.deep:
		return "یہ 16 بِٹ رنگوں کی بہت بڑی تصویر ہے؛ اسے 8 بِٹ میں محفوظ کر کے یا چھوٹا کر کے اپ لوڈ کریں۔"
	case errors.Is(err, ErrTooManyPixels):
		return "یہ تصویر بہت زیادہ پکسلز کی ہے؛ زیادہ سے زیادہ " + megapixels(lim.MaxPixels) +
			" میگا پکسل کی تصویر اپ لوڈ کریں جس کی لمبائی اور چوڑائی " + strconv.Itoa(lim.MaxSide) + " پکسل سے زیادہ نہ ہو۔"
	case errors.Is(err, ErrBusy):
		return "اس وقت کئی تصویریں زیرِ کارروائی ہیں؛ چند لمحوں بعد دوبارہ کوشش کریں۔"
	case errors.Is(err, ErrUnsupported):
		return "یہ فائل JPEG، PNG، WebP یا GIF تصویر نہیں۔"
	case errors.Is(err, ErrCorrupt):
		return "تصویر خراب ہے یا پوری اپ لوڈ نہیں ہوئی۔"
	}
	return "تصویر پر کارروائی نہیں ہو سکی؛ دوبارہ کوشش کریں۔"
}

// megabytes formats n bytes as whole MB, or with one decimal when not whole.
func megabytes(n int64) string {
	if n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10)
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
}

func megapixels(n int64) string {
	if n%1_000_000 == 0 {
		return strconv.FormatInt(n/1_000_000, 10)
	}
	return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64)
}

func tooLarge(lim Limits) error {
	return &limitError{err: ErrTooLarge, lim: lim,
		detail: fmt.Sprintf("upload over %d bytes", lim.MaxBytes)}
}
