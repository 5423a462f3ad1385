package media

import (
	"bytes"
	"compress/lzw"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"testing"
)

// Builders of the bytes of metadata segments, chunks and hostile files, written
// by hand so that the tests know exactly what went in.

// order is a byte order that can append.
type order interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// tiffEntry is one IFD entry; data longer than 4 bytes is stored after the IFDs.
type tiffEntry struct {
	tag, typ uint16
	count    uint32
	data     []byte
}

// tiff lays out a TIFF structure (the body of an EXIF segment or a PNG eXIf
// chunk): IFD0, then an optional GPS IFD that IFD0 points to.
func tiff(bo order, ifd0, gps []tiffEntry) []byte {
	var out []byte
	if bo == binary.LittleEndian {
		out = append(out, "II*\x00"...)
	} else {
		out = append(out, "MM\x00*"...)
	}
	out = bo.AppendUint32(out, 8)
	ifdSize := func(es []tiffEntry) int { return 2 + 12*len(es) + 4 }
	if gps != nil {
		ifd0 = append(ifd0, tiffEntry{0x8825, 4, 1, nil}) // GPSInfo, patched below
	}
	gpsOff := 8 + ifdSize(ifd0)
	dataOff := gpsOff
	if gps != nil {
		dataOff += ifdSize(gps)
	}
	var data []byte
	writeIFD := func(es []tiffEntry) {
		out = bo.AppendUint16(out, uint16(len(es)))
		for _, e := range es {
			out = bo.AppendUint16(out, e.tag)
			out = bo.AppendUint16(out, e.typ)
			out = bo.AppendUint32(out, e.count)
			switch {
			case e.tag == 0x8825 && e.data == nil:
				out = bo.AppendUint32(out, uint32(gpsOff))
			case len(e.data) <= 4:
				out = append(out, e.data...)
				out = append(out, make([]byte, 4-len(e.data))...)
			default:
				out = bo.AppendUint32(out, uint32(dataOff+len(data)))
				data = append(data, e.data...)
				if len(data)%2 == 1 {
					data = append(data, 0)
				}
			}
		}
		out = bo.AppendUint32(out, 0) // no next IFD
	}
	writeIFD(ifd0)
	if gps != nil {
		writeIFD(gps)
	}
	return append(out, data...)
}

func short(bo order, v uint16) []byte { return bo.AppendUint16(nil, v) }

func rationals(bo order, vs ...uint32) []byte {
	var b []byte
	for _, v := range vs {
		b = bo.AppendUint32(b, v)
	}
	return b
}

// Karachi, 24°51'36.97"N 67°0'36.62"E: what a leak would give away.
var (
	gpsLatitude  = []uint32{24, 1, 51, 1, 3697, 100}
	gpsLongitude = []uint32{67, 1, 0, 1, 3662, 100}
	xmpGPSText   = "24,51.6162N"
)

// exifTIFF is the TIFF body of an EXIF block: camera make, orientation (0
// leaves the tag out) and, if gps, a GPS IFD with latitude and longitude.
func exifTIFF(bo order, orientation uint16, gps bool) []byte {
	ifd0 := []tiffEntry{{0x010F, 2, 14, []byte("AkhbarCam-X1\x00\x00")}} // Make
	if orientation != 0 {
		ifd0 = append(ifd0, tiffEntry{0x0112, 3, 1, short(bo, orientation)})
	}
	var g []tiffEntry
	if gps {
		g = []tiffEntry{
			{0x0000, 1, 4, []byte{2, 3, 0, 0}}, // GPSVersionID
			{0x0001, 2, 2, []byte("N\x00")},    // GPSLatitudeRef
			{0x0002, 5, 3, rationals(bo, gpsLatitude...)},
			{0x0003, 2, 2, []byte("E\x00")},
			{0x0004, 5, 3, rationals(bo, gpsLongitude...)},
		}
	}
	return tiff(bo, ifd0, g)
}

// segment is a JPEG marker segment: 0xFF, the marker, a length, the payload.
func segment(marker byte, payload []byte) []byte {
	b := []byte{0xFF, marker, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	return append(b, payload...)
}

// withSegments returns the JPEG jpg with segs inserted right after its SOI.
func withSegments(jpg []byte, segs ...[]byte) []byte {
	out := append([]byte(nil), jpg[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, jpg[2:]...)
}

func exifSegment(t []byte) []byte { return segment(0xE1, append([]byte("Exif\x00\x00"), t...)) }

const xmpPacket = `<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/"
 exif:GPSLatitude="24,51.6162N" exif:GPSLongitude="67,0.6103E"/>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`

func xmpSegment() []byte {
	return segment(0xE1, append([]byte("http://ns.adobe.com/xap/1.0/\x00"), xmpPacket...))
}

const iptcCaption = "Source: confidential informant, Lyari"

// iptcSegment is an APP13 Photoshop block holding an IPTC caption (2:120).
func iptcSegment() []byte {
	iptc := []byte{0x1C, 0x02, 0x78, 0, byte(len(iptcCaption))}
	iptc = append(iptc, iptcCaption...)
	b := []byte("Photoshop 3.0\x00")
	b = append(b, "8BIM"...)
	b = append(b, 0x04, 0x04, 0, 0) // resource 0x0404 (IPTC), empty name
	b = binary.BigEndian.AppendUint32(b, uint32(len(iptc)))
	b = append(b, iptc...)
	if len(b)%2 == 1 {
		b = append(b, 0)
	}
	return segment(0xED, b)
}

const jpegComment = "shot by stringer #7 near the safe house"

func iccSegment() []byte {
	return segment(0xE2, append([]byte("ICC_PROFILE\x00\x01\x01"), "akhbar-test-icc-profile-payload"...))
}

// chunk is a PNG chunk with its CRC.
func chunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

// withChunks returns the PNG pngData with chunks inserted after its IHDR.
func withChunks(pngData []byte, chunks ...[]byte) []byte {
	const afterIHDR = 8 + 4 + 4 + 13 + 4
	out := append([]byte(nil), pngData[:afterIHDR]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, pngData[afterIHDR:]...)
}

const pngComment = "uploaded from the desk of a protected source"

// pngBomb is a tiny PNG whose header claims w×h RGB pixels.
func pngBomb(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8-bit RGB, deflate, no filter, no interlace
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 4096)) // the start of the first rows
	zw.Close()
	out := []byte("\x89PNG\r\n\x1A\n")
	out = append(out, chunk("IHDR", ihdr)...)
	out = append(out, chunk("IDAT", z.Bytes())...)
	return append(out, chunk("IEND", nil)...)
}

// gifBomb is an animated GIF of frames full w×h frames whose LZW data
// really decodes (each frame all colour 0), the frame data shared.
func gifBomb(tb testing.TB, w, h, frames int) []byte {
	tb.Helper()
	var lz bytes.Buffer
	lw := lzw.NewWriter(&lz, lzw.LSB, 2)
	if _, err := lw.Write(make([]byte, w*h)); err != nil {
		tb.Fatal(err)
	}
	lw.Close()
	var sub []byte // the LZW data as sub-blocks
	for d := lz.Bytes(); len(d) > 0; {
		n := min(len(d), 255)
		sub = append(sub, byte(n))
		sub = append(sub, d[:n]...)
		d = d[n:]
	}
	sub = append(sub, 0)

	out := []byte("GIF89a")
	out = binary.LittleEndian.AppendUint16(out, uint16(w))
	out = binary.LittleEndian.AppendUint16(out, uint16(h))
	out = append(out, 0x80, 0, 0)             // global colour table of 2 entries
	out = append(out, 0, 0, 0, 255, 255, 255) // black, white
	for range frames {
		out = append(out, 0x2C, 0, 0, 0, 0)
		out = binary.LittleEndian.AppendUint16(out, uint16(w))
		out = binary.LittleEndian.AppendUint16(out, uint16(h))
		out = append(out, 0, 2) // no local table; LZW minimum code size 2
		out = append(out, sub...)
	}
	return append(out, 0x3B)
}
