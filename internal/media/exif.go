package media

import (
	"bytes"
	"encoding/binary"
)

// jpegFacts is what Process needs from a JPEG's markers before decoding it.
type jpegFacts struct {
	orientation int // EXIF orientation 1–8; 1 when absent or unreadable
	scans       int // start-of-scan markers: progressive files have several
}

// maxJPEGScans bounds the scans of a progressive JPEG. Each scan may touch
// every block of the picture while costing only a few bytes, so a file of
// thousands of scans is a CPU bomb; real encoders write at most a few dozen.
const maxJPEGScans = 256

// readJPEG walks the marker segments of a JPEG, never trusting a length or an
// offset: garbage gives orientation 1, never a panic. It reads the EXIF
// orientation from the first "Exif\0\0" APP1 segment before the first scan,
// and counts the scans, skipping entropy-coded data.
func readJPEG(b []byte) jpegFacts {
	f := jpegFacts{orientation: 1}
	if len(b) < 2 || b[0] != 0xFF || b[1] != 0xD8 {
		return f
	}
	exifSeen := false
	for i := 2; i+1 < len(b); {
		if b[i] != 0xFF {
			// Entropy-coded data after a scan header (or stray bytes, which
			// decoders skip too): jump to the next 0xFF.
			j := bytes.IndexByte(b[i:], 0xFF)
			if j < 0 {
				break
			}
			i += j
			continue
		}
		m := b[i+1]
		switch {
		case m == 0xFF: // fill byte
			i++
			continue
		case m == 0x00, m == 0x01, m >= 0xD0 && m <= 0xD7: // stuffed 0xFF, TEM, restart: no length
			i += 2
			continue
		case m == 0xD9: // end of image
			return f
		}
		if i+4 > len(b) {
			break
		}
		end := i + 2 + (int(b[i+2])<<8 | int(b[i+3]))
		if end < i+4 || end > len(b) { // a length under 2 or past the end
			break
		}
		seg := b[i+4 : end]
		switch {
		case m == 0xE1 && f.scans == 0 && !exifSeen && bytes.HasPrefix(seg, []byte("Exif\x00\x00")):
			exifSeen = true
			f.orientation = tiffOrientation(seg[6:])
		case m == 0xDA:
			f.scans++
		}
		i = end
	}
	return f
}

// exifOrientation returns the EXIF orientation (1–8) of a JPEG, 1 when it has none.
func exifOrientation(jpeg []byte) int { return readJPEG(jpeg).orientation }

// tiffOrientation reads tag 0x0112 (Orientation) from IFD0 of a TIFF
// structure, the payload of an EXIF segment, in either byte order.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := uint64(bo.Uint32(t[4:8]))
	if off < 8 || off+2 > uint64(len(t)) {
		return 1
	}
	n := uint64(bo.Uint16(t[off:]))
	for k := uint64(0); k < n; k++ {
		e := off + 2 + 12*k
		if e+12 > uint64(len(t)) {
			return 1
		}
		entry := t[e : e+12]
		if bo.Uint16(entry) != 0x0112 {
			continue
		}
		if bo.Uint32(entry[4:]) != 1 { // one value, held in the entry itself
			return 1
		}
		var v uint32
		switch bo.Uint16(entry[2:]) { // type
		case 3: // SHORT, as the standard says
			v = uint32(bo.Uint16(entry[8:]))
		case 4: // LONG, written by a few tools
			v = bo.Uint32(entry[8:])
		default:
			return 1
		}
		if v < 1 || v > 8 {
			return 1
		}
		return int(v)
	}
	return 1
}
