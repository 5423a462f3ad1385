package newsroom_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// photo is a JPEG of w×h with an EXIF segment carrying a GPS marker and a
// comment, as a phone camera would write.
func photo(t *testing.T, w, h int, tint uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), tint, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	// APP1 "Exif\0\0" + a little-endian TIFF header with one IFD0 entry
	// (GPS IFD pointer, tag 0x8825) and a GPS latitude reference "N".
	tiff := []byte("II*\x00\x08\x00\x00\x00\x01\x00\x25\x88\x04\x00\x01\x00\x00\x00\x1a\x00\x00\x00\x00\x00\x00\x00" +
		"\x01\x00\x01\x00\x02\x00\x02\x00\x00\x00N\x00\x00\x00\x00\x00\x00\x00GPS-33.6844N-73.0479E")
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := append([]byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}, payload...)
	com := []byte("\xFF\xFE\x00\x18reporter home Rawalpindi")
	out := append([]byte{}, buf.Bytes()[:2]...)
	out = append(out, seg...)
	out = append(out, com...)
	return append(out, buf.Bytes()[2:]...)
}

// uploadFiles posts files to the library as the page's script does.
func (c *client) uploadFiles(files map[string][]byte) (int, []map[string]any) {
	c.t.Helper()
	c.get("/newsroom/media")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", c.csrf)
	for name, data := range files {
		fw, _ := mw.CreateFormFile("files", name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.srv.URL+"/newsroom/media", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-Requested-With", "fetch")
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Results []map[string]any `json:"results"`
		Error   string           `json:"error"`
	}
	json.NewDecoder(resp.Body).Decode(&out)
	if out.Error != "" {
		c.t.Logf("upload error: %s", out.Error)
	}
	return resp.StatusCode, out.Results
}

func (e *env) fetch(t *testing.T, path string) (int, http.Header, []byte) {
	t.Helper()
	resp, err := http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

var mediaURL = regexp.MustCompile(`/media/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}\.(jpg|png|gif|webp)`)

func TestMediaUploadPublishAndPrivacy(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	reporter := e.login(t, content.RoleReporter)

	// Several files at once; a bad one gets an Urdu error and stores nothing.
	code, results := editor.uploadFiles(map[string][]byte{
		"islamabad.jpg":   photo(t, 1600, 1000, 40),
		"not-a-photo.jpg": []byte("<html><script>alert(1)</script></html>"),
	})
	if code != http.StatusUnprocessableEntity || len(results) != 2 {
		t.Fatalf("upload: %d %v", code, results)
	}
	var id int64
	for _, r := range results {
		switch r["name"] {
		case "islamabad.jpg":
			if r["error"] != nil {
				t.Fatalf("good photo refused: %v", r["error"])
			}
			id = int64(r["id"].(float64))
		case "not-a-photo.jpg":
			if msg, _ := r["error"].(string); !strings.Contains(msg, "تصویر") {
				t.Errorf("bad file error %q is not a clear Urdu message", msg)
			}
		}
	}
	if _, total, _ := e.store.MediaList(context.Background(), "", 10, 0); total != 1 {
		t.Errorf("%d media stored, want only the good one", total)
	}

	// Every stored rendition is served for a year and carries no location.
	m, err := e.store.Media(context.Background(), id)
	if err != nil || len(m.Variants) < 4 {
		t.Fatalf("media %d: %v, %d renditions", id, err, len(m.Variants))
	}
	for _, v := range m.Variants {
		code, h, body := e.fetch(t, v.URL())
		if code != 200 || !strings.Contains(h.Get("Cache-Control"), "max-age=31536000") {
			t.Errorf("%s: %d %q", v.URL(), code, h.Get("Cache-Control"))
		}
		for _, leak := range []string{"Exif", "GPS-33.6844N", "Rawalpindi"} {
			if bytes.Contains(body, []byte(leak)) {
				t.Errorf("%s (%dpx %s) still contains %q", v.URL(), v.Width, v.Format, leak)
			}
		}
	}

	// An article with the image cannot be published until its words are written.
	art := editor.create("وفاقی دارالحکومت میں موسم بہار کا میلہ", "save")
	form := articleForm(e, "وفاقی دارالحکومت میں موسم بہار کا میلہ", 1, "publish")
	form.Set("lead_media", fmt.Sprint(id))
	editor.get(fmt.Sprintf("/newsroom/articles/%d", art))
	code, _, body := editor.post(fmt.Sprintf("/newsroom/articles/%d", art), form)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "متبادل متن") {
		t.Fatalf("publishing with a bare image: %d, want 422 asking for alt text", code)
	}
	if code, _, _ := reporter.post(fmt.Sprintf("/newsroom/media/%d", id), url.Values{"caption": {"x"}}); code != http.StatusForbidden {
		t.Errorf("reporter editing someone else's image: %d, want 403", code)
	}
	editor.get(fmt.Sprintf("/newsroom/media/%d", id))
	if code, _, _ := editor.post(fmt.Sprintf("/newsroom/media/%d", id), url.Values{
		"caption": {"شکرپڑیاں میں بہار میلے کا منظر"}, "credit": {"اے پی پی"}, "alt": {"پھولوں سے سجے پنڈال میں لوگ"}}); code != http.StatusSeeOther {
		t.Fatalf("saving caption: %d", code)
	}
	editor.get(fmt.Sprintf("/newsroom/articles/%d", art))
	if code, _, body := editor.post(fmt.Sprintf("/newsroom/articles/%d", art), form); code != http.StatusSeeOther {
		t.Fatalf("publishing: %d\n%s", code, body)
	}

	// The public page: <picture> with srcset, sizes, width/height, priority, caption and credit.
	a, _ := e.store.Article(context.Background(), art)
	_, _, page := e.fetch(t, a.Path())
	html := string(page)
	for _, want := range []string{`<picture class="article-picture">`, `srcset="`, ` 320w`, ` 1280w`, `sizes="(min-width: 60rem) 42rem, 100vw"`,
		`width="1600" height="1000"`, `fetchpriority="high"`, `alt="پھولوں سے سجے پنڈال میں لوگ"`,
		"شکرپڑیاں میں بہار میلے کا منظر", `<span class="credit">تصویر: اے پی پی</span>`,
		`"@type":"ImageObject"`, `"caption":"شکرپڑیاں میں بہار میلے کا منظر","creditText":"اے پی پی"`} {
		if !strings.Contains(html, want) {
			t.Errorf("article page lacks %q", want)
		}
	}
	if strings.Contains(html, `class="lead-placeholder"`) {
		t.Error("the placeholder shows although there is an image")
	}
	_, _, home := e.fetch(t, "/")
	if !strings.Contains(string(home), `<picture class="lead-picture">`) {
		t.Error("the home page's lead story has no picture")
	}

	// Replace everywhere: the article now shows the new file; the old files are gone.
	oldURL := m.Fallback().URL()
	var body2 bytes.Buffer
	mw := multipart.NewWriter(&body2)
	editor.get(fmt.Sprintf("/newsroom/media/%d", id))
	mw.WriteField("csrf", editor.csrf)
	fw, _ := mw.CreateFormFile("file", "islamabad-2.jpg")
	fw.Write(photo(t, 1200, 900, 200))
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+fmt.Sprintf("/newsroom/media/%d/replace", id), &body2)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := editor.http.Do(req)
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("replace: %v %v", err, resp.StatusCode)
	}
	resp.Body.Close()
	_, _, page = e.fetch(t, a.Path())
	if strings.Contains(string(page), oldURL) || !strings.Contains(string(page), `width="1200" height="900"`) {
		t.Error("the article still shows the replaced image")
	}
	if code, _, _ := e.fetch(t, oldURL); code != http.StatusNotFound {
		t.Errorf("the replaced file is still served: %d", code)
	}

	// Delete only when unused.
	editor.get(fmt.Sprintf("/newsroom/media/%d", id))
	if code, _, _ := editor.post(fmt.Sprintf("/newsroom/media/%d/delete", id), nil); code != http.StatusConflict {
		t.Errorf("deleting an image in use: %d, want 409", code)
	}
	_, more := editor.uploadFiles(map[string][]byte{"spare.jpg": photo(t, 400, 300, 90)})
	spare := int64(more[0]["id"].(float64))
	if code, _, _ := reporter.post(fmt.Sprintf("/newsroom/media/%d/delete", spare), nil); code != http.StatusForbidden {
		t.Errorf("reporter deleting: %d, want 403", code)
	}
	editor.get("/newsroom/media")
	if code, _, _ := editor.post(fmt.Sprintf("/newsroom/media/%d/delete", spare), nil); code != http.StatusSeeOther {
		t.Errorf("deleting an unused image: %d", code)
	}
	// The library finds images by caption, folded.
	_, lib := editor.get("/newsroom/media?q=" + url.QueryEscape("بہار ميلے"))
	if !strings.Contains(lib, fmt.Sprintf(`href="/newsroom/media/%d"`, id)) {
		t.Error("library search by caption failed")
	}
	_ = mediaURL
}

// TestSharedFilesOutliveOneEntry: two library entries made from the same
// bytes share their files (they are named by content). Deleting or
// replacing one leaves the other's pictures served; deleting the last one
// removes the files.
func TestSharedFilesOutliveOneEntry(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		editor := e.login(t, content.RoleEditor)
		same := photo(t, 900, 600, 120)
		ids := make([]int64, 3)
		for i := range ids {
			_, res := editor.uploadFiles(map[string][]byte{fmt.Sprintf("copy-%d.jpg", i): same})
			if len(res) != 1 || res[0]["id"] == nil {
				t.Fatalf("upload %d: %v", i, res)
			}
			ids[i] = int64(res[0]["id"].(float64))
		}
		ctx := context.Background()
		first, err := e.store.Media(ctx, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		served := func(when string) {
			t.Helper()
			for _, v := range first.Variants {
				if code, _, _ := e.fetch(t, v.URL()); code != http.StatusOK {
					t.Errorf("%s: %s answers %d", when, v.URL(), code)
				}
			}
		}
		editor.get("/newsroom/media")
		if code, _, _ := editor.post(fmt.Sprintf("/newsroom/media/%d/delete", ids[1]), nil); code != http.StatusSeeOther {
			t.Fatalf("delete: %d", code)
		}
		served("after deleting a copy")

		// Replacing a copy's file keeps the files the first entry names.
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		editor.get(fmt.Sprintf("/newsroom/media/%d", ids[2]))
		mw.WriteField("csrf", editor.csrf)
		fw, _ := mw.CreateFormFile("file", "other.jpg")
		fw.Write(photo(t, 640, 480, 10))
		mw.Close()
		req, _ := http.NewRequest("POST", e.srv.URL+fmt.Sprintf("/newsroom/media/%d/replace", ids[2]), &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := editor.http.Do(req)
		if err != nil || resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("replace: %v %v", err, resp.StatusCode)
		}
		resp.Body.Close()
		served("after replacing a copy's file")

		// The last entry that names them takes the files with it.
		editor.get("/newsroom/media")
		if code, _, _ := editor.post(fmt.Sprintf("/newsroom/media/%d/delete", ids[0]), nil); code != http.StatusSeeOther {
			t.Fatalf("delete: %d", code)
		}
		for _, v := range first.Variants {
			if code, _, _ := e.fetch(t, v.URL()); code != http.StatusNotFound {
				t.Errorf("after deleting the last entry %s answers %d, want 404", v.URL(), code)
			}
		}
	})
}

// TestUploadNeedsCSRF: an upload without the session's token stores nothing.
func TestUploadNeedsCSRF(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("files", "x.jpg")
	fw.Write(photo(t, 200, 100, 0))
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/newsroom/media", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := editor.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("upload without token: %d, want 403", resp.StatusCode)
	}
	// A forged token in the header is refused too.
	body.Reset()
	mw = multipart.NewWriter(&body)
	fw, _ = mw.CreateFormFile("files", "y.jpg")
	fw.Write(photo(t, 200, 100, 0))
	mw.Close()
	req, _ = http.NewRequest("POST", e.srv.URL+"/newsroom/media", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-CSRF-Token", "forged-forged-forged-forged-forged-forged-0")
	resp, err = editor.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("upload with a forged header token: %d, want 403", resp.StatusCode)
	}
	if _, total, _ := e.store.MediaList(context.Background(), "", 10, 0); total != 0 {
		t.Errorf("%d media stored without a token", total)
	}
	entries, _ := os.ReadDir(filepath.Join(e.mediaDir))
	if len(entries) != 0 {
		t.Errorf("files written without a token: %v", entries)
	}
}
