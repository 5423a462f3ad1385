package clustertest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestUploadMemory: the attack that took a server past 9 GB, five
// newsroom uploads at once of a 7000×7000 PNG that is a few kilobytes
// on disk, now leaves `akhbar serve` under 500 MB of peak RSS, and every
// upload is processed (one at a time, the rest waiting their turn).
func TestUploadMemory(t *testing.T) {
	c := On(t, filepath.Join(t.TempDir(), "akhbar.db"))
	c.CreateAdmin("admin@example.org", "ایک لمبا پاس ورڈ 2026")
	n := c.Start(1)[0]
	admin := NewClient(n.URL)
	if err := admin.MustSignIn("admin@example.org", "ایک لمبا پاس ورڈ 2026"); err != nil {
		t.Fatal(err)
	}
	page, err := admin.Get("/newsroom/media")
	if err != nil || page.Code != http.StatusOK {
		t.Fatalf("media library: %v %+v", err, page)
	}
	form, err := FormValues(page.Body, "/newsroom/media")
	if err != nil {
		t.Fatal(err)
	}
	// Two colours, one diagonal: 7000×7000 pixels in a few KB.
	m := image.NewNRGBA(image.Rect(0, 0, 7000, 7000))
	for i := 0; i < 7000; i += 7 {
		m.Set(i, i, color.NRGBA{200, 10, 10, 128})
	}
	var bomb bytes.Buffer
	if err := png.Encode(&bomb, m); err != nil {
		t.Fatal(err)
	}
	m = nil
	before := peakRSS(t, n)

	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			mw.WriteField("csrf", form.Get("csrf"))
			fw, _ := mw.CreateFormFile("files", fmt.Sprintf("bomb-%d.png", i))
			fw.Write(bomb.Bytes())
			mw.Close()
			req, _ := http.NewRequest("POST", n.URL+"/newsroom/media", &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("Origin", n.URL)
			req.Header.Set("X-Requested-With", "fetch")
			client := *admin.HTTP
			client.Timeout = 0
			resp, err := client.Do(req)
			if err != nil {
				t.Errorf("upload %d: %v", i, err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("upload %d: %d, want every upload processed", i, resp.StatusCode)
			}
		})
	}
	wg.Wait()
	peak := peakRSS(t, n)
	t.Logf("%d-byte PNG of 7000×7000, 5 at once: server peak RSS %d MB (%d MB before)", bomb.Len(), peak>>20, before>>20)
	if peak > 500<<20 {
		t.Errorf("peak RSS %d MB with 5 concurrent worst-case uploads, want under 500 MB", peak>>20)
	}
}

// peakRSS is the node's peak resident memory (VmHWM), in bytes.
func peakRSS(t *testing.T, n *Node) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", n.current().Cmd.Process.Pid))
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}
