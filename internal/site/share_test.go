package site

import (
	"testing"

	"akhbar/internal/content"
)

// TestShareVariant: link previews name the smallest rendition at least
// 1,200 px wide (Discover's large card), or the largest when none is.
func TestShareVariant(t *testing.T) {
	for _, c := range []struct {
		widths []int
		want   int
	}{{[]int{640, 1280, 1600}, 1280}, {[]int{640, 960, 1920}, 1920}, {[]int{320, 640}, 640}, {[]int{1200}, 1200}} {
		m := &content.Media{Format: "jpeg"}
		for _, w := range c.widths {
			m.Variants = append(m.Variants, content.MediaVariant{Width: w, Height: w / 2, Format: "jpeg", Key: "k" + string(rune('a'+w%26))})
		}
		if got := shareVariant(m).Width; got != c.want {
			t.Errorf("widths %v: %d, want %d", c.widths, got, c.want)
		}
	}
}
