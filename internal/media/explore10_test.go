package media

import (
	"bytes"
	"image/jpeg"
	"testing"
	"time"

	"github.com/gen2brain/webp"
)

func TestExplore10(t *testing.T) {
	t.Logf("dynamic err: %v", webp.Dynamic())
	m, _ := jpeg.Decode(bytes.NewReader(photo12MP()))
	webp.Init()
	for range 2 {
		var buf bytes.Buffer
		t0 := time.Now()
		webp.Encode(&buf, m, webp.Options{Quality: 80, Method: 1})
		t.Logf("full m1 %v %d KB", time.Since(t0), buf.Len()>>10)
	}
	d := scale(m, 1920, 1440)
	for range 2 {
		var buf bytes.Buffer
		t0 := time.Now()
		webp.Encode(&buf, d, webp.Options{Quality: 80, Method: 1})
		t.Logf("1920 m1 %v %d KB", time.Since(t0), buf.Len()>>10)
	}
}
