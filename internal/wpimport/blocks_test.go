package wpimport_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"akhbar/internal/app"
	"akhbar/internal/config"
	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/wpimport"
)

const blocksExport = "testdata/blocks.xml"

// TestImportStoryBlocks: an export holding [embed], Gutenberg embed
// blocks, URLs alone on a line, [gallery ids] and gallery blocks, tables
// and pull quotes imports them as story blocks, its images as image
// blocks of the imported library images; and a rerun over an earlier
// import that flattened them (links, paragraphs a row) upgrades those
// bodies in place.
func TestImportStoryBlocks(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg, _, err := config.Load("serve", []string{"--data", filepath.Join(dir, "data")}, func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	uploads := filepath.Join(dir, "uploads")
	for _, name := range []string{"stadium", "crowd", "trophy"} {
		writeJPEG(t, filepath.Join(uploads, "2024", "06", name+".jpg"), 1200, 675)
	}
	opt := wpimport.Options{Uploads: uploads, Images: a.Newsroom}
	sum := importFile(t, a.Store, blocksExport, opt)
	if sum.Count("attachment", "created") != 3 || sum.Count("post", "created") != 2 {
		t.Fatalf("counts %v, skipped %+v", sum.Counts, sum.Skipped)
	}
	media := map[string]int64{}
	for id, name := range map[string]string{"201": "stadium", "202": "crowd", "203": "trophy"} {
		rec, ok, err := a.Store.Imported(ctx, store.ImportKey{Source: "https://akhbar.example.pk", Kind: "attachment", ID: id})
		if err != nil || !ok {
			t.Fatalf("attachment %s: %v", id, err)
		}
		media[name] = rec.LocalID
	}
	image := func(name, caption string) string {
		s := fmt.Sprintf(`<figure data-block="image" data-media="%d">`, media[name])
		if caption != "" {
			s += "<figcaption>" + caption + "</figcaption>"
		}
		return s + "</figure>"
	}
	classic := `<p>لاہور (نیوز ڈیسک) قذافی اسٹیڈیم میں فائنل میچ کھیلا گیا۔</p>` +
		image("stadium", "میچ سے پہلے اسٹیڈیم") +
		`<p>میچ کی تصاویر:</p>` +
		`<figure data-block="gallery">` + image("crowd", "") + image("trophy", "") + `</figure>` +
		`<p>کپتان کی پریس کانفرنس:</p>` +
		`<figure data-block="embed" data-provider="youtube" data-id="dQw4w9WgXcQ" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>` +
		`<figure data-block="embed" data-provider="x" data-id="1797000000000000001" data-url="https://x.com/TheRealPCB/status/1797000000000000001"></figure>` +
		`<table><thead><tr><th>ٹیم</th><th>رنز</th></tr></thead><tbody><tr><td>لاہور</td><td>180</td></tr><tr><td>کراچی</td><td>175</td></tr></tbody></table>` +
		`<p><a href="https://vimeo.com/76979871" rel="nofollow noopener" target="_blank">https://vimeo.com/76979871</a></p>`
	gutenberg := `<p>اسلام آباد (نیوز ڈیسک) وفاقی بجٹ پیش کر دیا گیا۔</p>` +
		image("stadium", "") +
		`<figure data-block="embed" data-provider="facebook" data-id="1234567890" data-url="https://www.facebook.com/geonews/videos/1234567890/"><figcaption>وزیر خزانہ کی تقریر</figcaption></figure>` +
		`<figure data-block="embed" data-provider="instagram" data-id="C1a2B3c4D5e" data-url="https://www.instagram.com/p/C1a2B3c4D5e/"></figure>` +
		`<figure data-block="gallery">` + image("crowd", "") + image("trophy", "ٹرافی") + `<figcaption>ایوان کے مناظر</figcaption></figure>` +
		`<figure data-block="pullquote"><blockquote><p>یہ عوام دوست بجٹ ہے۔</p></blockquote><figcaption>وزیر خزانہ</figcaption></figure>` +
		`<table><caption>اخراجات</caption><thead><tr><th>شعبہ</th><th>رقم</th></tr></thead><tbody><tr><td>دفاع</td><td>2,122</td></tr></tbody></table>`
	want := map[string]string{"301": classic, "302": gutenberg}
	check := func(when string) {
		t.Helper()
		for id, body := range want {
			got := articleFor(t, a.Store, "post", id)
			if got.BodyHTML != body {
				t.Errorf("%s: post %s body\n got %s\nwant %s", when, id, got.BodyHTML, body)
			}
			if got.BodyHTML != content.PrepareBody(got.BodyHTML) {
				t.Errorf("%s: post %s body is not as the editor would store it", when, id)
			}
		}
		for name, id := range media {
			if usage, err := a.Store.MediaUsage(ctx, id); err != nil || len(usage) != 2 {
				t.Errorf("%s: %s used by %d articles, want both (%v)", when, name, len(usage), err)
			}
		}
	}
	check("first run")

	// An earlier Akhbar imported these posts with embeds as links and
	// tables as a paragraph a row: write those bodies as its import did.
	flattened := map[string]string{
		"301": `<p>لاہور (نیوز ڈیسک) قذافی اسٹیڈیم میں فائنل میچ کھیلا گیا۔</p><p>میچ سے پہلے اسٹیڈیم</p><p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">https://www.youtube.com/watch?v=dQw4w9WgXcQ</a></p><p>ٹیم | رنز</p><p>لاہور | 180</p>`,
		"302": `<p>اسلام آباد (نیوز ڈیسک) وفاقی بجٹ پیش کر دیا گیا۔</p><p><a href="https://www.facebook.com/geonews/videos/1234567890/">https://www.facebook.com/geonews/videos/1234567890/</a></p><p>وزیر خزانہ کی تقریر</p><p>شعبہ | رقم</p>`,
	}
	for id, body := range flattened {
		old := articleFor(t, a.Store, "post", id)
		old.BodyHTML, old.BodyText = body, content.PlainText(body)
		var authors []int64
		for _, u := range old.Authors {
			authors = append(authors, u.ID)
		}
		err := a.Store.ImportArticles(ctx, []store.ArticleImport{{Article: &old, AuthorIDs: authors,
			Key: store.ImportKey{Source: "https://akhbar.example.pk", Kind: "post", ID: id}, Checksum: "an earlier import"}})
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := articleFor(t, a.Store, "post", "301").BodyHTML; strings.Contains(got, "data-block") {
		t.Fatalf("the earlier import's body was not written: %s", got)
	}

	again := importFile(t, a.Store, blocksExport, opt)
	if again.Count("post", "updated") != 2 || again.Count("attachment", "unchanged") != 3 || len(again.Skipped) != 0 {
		t.Errorf("rerun counts %v, skipped %+v", again.Counts, again.Skipped)
	}
	check("rerun")
	if third := importFile(t, a.Store, blocksExport, opt); third.Count("post", "unchanged") != 2 {
		t.Errorf("third run counts %v", third.Counts)
	}
}
