package content

import "akhbar/internal/urdu"

// NormalizeLabel is the stored form of the one-line text that heads or
// names something: headlines, straplines, datelines, author, tag and
// section names, breaking-news lines. It is urdu.Normalize without the
// bidirectional controls (urdu.StripBidiControls): they are invisible in
// the newsroom, yet reorder the text around them on every page, feed and
// list that shows such a label.
func NormalizeLabel(s string) string {
	return urdu.Normalize(urdu.StripBidiControls(s))
}
