package media

import "image"

// orient returns src turned and flipped as EXIF orientation o asks, so that
// the picture stands upright once the tag is gone:
//
//	1 as stored        2 mirrored          3 rotated 180°       4 flipped upside down
//	5 transposed       6 rotated 90° CW    7 transversed        8 rotated 90° CCW
func orient(src *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return src
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	ds := dst.Stride
	for y := 0; y < h; y++ {
		// Where source pixel (0, y) goes, and how far on each pixel of the row.
		var start, step int
		switch o {
		case 2: // (x, y) → (w-1-x, y)
			start, step = y*ds+(w-1)*4, -4
		case 3: // → (w-1-x, h-1-y)
			start, step = (h-1-y)*ds+(w-1)*4, -4
		case 4: // → (x, h-1-y)
			start, step = (h-1-y)*ds, 4
		case 5: // → (y, x)
			start, step = y*4, ds
		case 6: // → (h-1-y, x)
			start, step = (h-1-y)*4, ds
		case 7: // → (h-1-y, w-1-x)
			start, step = (w-1)*ds+(h-1-y)*4, -ds
		case 8: // → (y, w-1-x)
			start, step = (w-1)*ds+y*4, -ds
		}
		row := src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+y):][:w*4]
		d := start
		for x := 0; x < len(row); x += 4 {
			copy(dst.Pix[d:d+4], row[x:x+4])
			d += step
		}
	}
	return dst
}
