package media

// maxGIFFrames bounds the frames of an animated GIF. Even empty frames cost
// the decoder a palette each, so a file of a million tiny frames would be a
// memory bomb that no pixel limit catches.
const maxGIFFrames = 2000

// gifFrames counts the frames of a GIF and adds up their areas by walking its
// blocks, without decoding any pixel. It stops early once a count passes
// stopFrames or stopArea, and at the trailer or the first structural problem,
// which the decoder will then report.
func gifFrames(b []byte, stopFrames int, stopArea int64) (frames int, area int64) {
	if len(b) < 13 {
		return 0, 0
	}
	i := 13
	if b[10]&0x80 != 0 { // global colour table
		i += 3 << (b[10]&7 + 1)
	}
	for i < len(b) && frames <= stopFrames && area <= stopArea {
		switch b[i] {
		case 0x21: // extension: label, then sub-blocks
			i = skipSubBlocks(b, i+2)
		case 0x2C: // image descriptor
			if i+10 > len(b) {
				return frames, area
			}
			w := int64(b[i+5]) | int64(b[i+6])<<8
			h := int64(b[i+7]) | int64(b[i+8])<<8
			frames++
			area += w * h
			fields := b[i+9]
			i += 10
			if fields&0x80 != 0 { // local colour table
				i += 3 << (fields&7 + 1)
			}
			i = skipSubBlocks(b, i+1) // after the LZW minimum code size
		default: // 0x3B trailer, or garbage
			return frames, area
		}
	}
	return frames, area
}

// skipSubBlocks returns the index after the sub-blocks starting at i (each a
// length byte and that many bytes, ended by a zero length), or len(b).
func skipSubBlocks(b []byte, i int) int {
	for i < len(b) {
		n := int(b[i])
		i++
		if n == 0 {
			return i
		}
		i += n
	}
	return len(b)
}
