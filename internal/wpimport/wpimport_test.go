package wpimport_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akhbar/internal/app"
	"akhbar/internal/config"
	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
	"akhbar/internal/urdu"
	"akhbar/internal/wpimport"
	"akhbar/internal/wxr/wxrgen"
)

const news = "testdata/news.xml"

var karachi, _ = time.LoadLocation("Asia/Karachi")

func importFile(t *testing.T, s *store.Store, path string, opt wpimport.Options) *wpimport.Summary {
	t.Helper()
	if opt.Zone == nil {
		opt.Zone = karachi
	}
	sum, err := wpimport.Run(context.Background(), s, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// articleFor finds the article an imported post became.
func articleFor(t *testing.T, s *store.Store, kind, id string) content.Article {
	t.Helper()
	ctx := context.Background()
	rec, ok, err := s.Imported(ctx, store.ImportKey{Source: "https://akhbar.example.pk", Kind: kind, ID: id})
	if err != nil || !ok {
		t.Fatalf("%s %s was not imported (%v)", kind, id, err)
	}
	a, err := s.Article(ctx, rec.LocalID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func countArticles(t *testing.T, s *store.Store) int {
	t.Helper()
	n, err := s.CountArticles(context.Background(), store.AllArticles())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImport takes the whole fixture site on both engines: statuses,
// nested categories with percent-encoded Urdu slugs, tags, authors,
// subtitles, Gutenberg and shortcodes, every old address, and a second
// run that changes nothing.
func TestImport(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sum := importFile(t, s, news, wpimport.Options{})
		var out strings.Builder
		sum.Write(&out)
		t.Log("\n" + out.String())

		for _, c := range []struct {
			kind, outcome string
			want          int
		}{
			{"post", "created", 6}, {"page", "created", 1}, {"category", "created", 6},
			{"author", "created", 3}, {"tag", "created", 3}, {"attachment", "metadata only (no uploads folder)", 1},
		} {
			if got := sum.Count(c.kind, c.outcome); got != c.want {
				t.Errorf("%s %s: %d, want %d", c.kind, c.outcome, got, c.want)
			}
		}
		if len(sum.Skipped) != 1 || sum.Skipped[0].ID != "106" || sum.Skipped[0].Line != 330 || sum.Skipped[0].Reason != "in the trash" {
			t.Errorf("skipped %+v, want post 106 at line 330, in the trash", sum.Skipped)
		}
		if sum.Ignored["nav_menu_item"] != 1 {
			t.Errorf("ignored %v, want the menu item", sum.Ignored)
		}

		// Nested categories became nested sections with Latin slugs.
		secs, err := s.Sections(ctx)
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]content.Section{}
		for _, sec := range secs {
			byName[sec.Name] = sec
		}
		khabrein, pakistan, kar := byName["خبریں"], byName["پاکستان"], byName["کراچی"]
		if pakistan.ParentID != khabrein.ID || kar.ParentID != pakistan.ID || kar.ID == 0 {
			t.Errorf("sections not nested خبریں › پاکستان › کراچی: %+v", secs)
		}
		for _, sec := range secs {
			if strings.Trim(sec.Slug, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
				t.Errorf("section slug %q is not Latin", sec.Slug)
			}
		}

		a := articleFor(t, s, "post", "100")
		switch {
		case a.Headline != "وزیراعظم کا دورۂ چین، اہم معاہدوں پر دستخط":
			t.Errorf("headline %q", a.Headline)
		case a.Strapline != "توانائی، زراعت اور انفراسٹرکچر میں تعاون کے سات معاہدے":
			t.Errorf("strapline %q, want the wps_subtitle field", a.Strapline)
		case a.Status != content.StatusPublished || !a.PublishedAt.Equal(time.Date(2024, 5, 17, 6, 30, 0, 0, time.UTC)):
			t.Errorf("status %s at %v", a.Status, a.PublishedAt)
		case !a.UpdatedAt.Equal(time.Date(2024, 5, 18, 4, 12, 45, 0, time.UTC)):
			t.Errorf("updated %v", a.UpdatedAt)
		case a.SectionID != kar.ID:
			t.Errorf("section %d, want کراچی %d", a.SectionID, kar.ID)
		case len(a.Authors) != 1 || a.Authors[0].Name != "حامد رضا" || a.Authors[0].Role != content.RoleContributor || a.Authors[0].PasswordHash != "":
			t.Errorf("authors %+v", a.Authors)
		case len(a.Tags) != 2:
			t.Errorf("tags %+v", a.Tags)
		}
		for _, bad := range []string{"<script", "akhbar_poll", "wp:", "[caption", "[embed", "<!--", "class="} {
			if strings.Contains(a.BodyHTML, bad) {
				t.Errorf("body keeps %q:\n%s", bad, a.BodyHTML)
			}
		}
		for _, want := range []string{"<h2>اقتصادی راہداری کا دوسرا مرحلہ</h2>", "https://www.youtube.com/watch?v=abc123XYZ",
			"وزیراعظم بیجنگ کے ہوائی اڈے پر",
			`<figure data-block="embed" data-provider="x" data-id="1791234567890" data-url="https://x.com/example/status/1791234567890"></figure>`} {
			if !strings.Contains(a.BodyHTML, want) {
				t.Errorf("body lacks %q:\n%s", want, a.BodyHTML)
			}
		}

		// wpautop-style text became paragraphs; the missing image left its caption.
		flood := articleFor(t, s, "post", "109")
		if !strings.HasPrefix(flood.BodyHTML, "<p>سکھر") || !strings.Contains(flood.BodyHTML, "امدادی کیمپ میں خواتین اور بچے") ||
			strings.Contains(flood.BodyHTML, "<img") {
			t.Errorf("classic post body:\n%s", flood.BodyHTML)
		}
		if flood.Strapline != "پانچ ہزار خاندانوں میں راشن تقسیم" {
			t.Errorf("subtitle field: %q", flood.Strapline)
		}

		// Statuses: scheduled keeps its time; pending waits for an editor;
		// private and draft stay in the newsroom; pending's date is read in
		// the site's zone (no GMT date in the export).
		for id, want := range map[string]content.Status{"102": content.StatusDraft, "103": content.StatusScheduled,
			"104": content.StatusDraft, "105": content.StatusSubmitted} {
			if got := articleFor(t, s, "post", id).Status; got != want {
				t.Errorf("post %s: %s, want %s", id, got, want)
			}
		}
		if got := articleFor(t, s, "post", "103").PublishedAt; !got.Equal(time.Date(2024, 5, 22, 4, 0, 0, 0, time.UTC)) {
			t.Errorf("scheduled for %v", got)
		}
		if got := articleFor(t, s, "post", "105").CreatedAt; !got.Equal(time.Date(2024, 5, 20, 3, 30, 0, 0, time.UTC)) {
			t.Errorf("pending post's local date read as %v, want 08:30 in Karachi", got)
		}
		page := articleFor(t, s, "page", "107")
		if page.Section.Slug != "pages" || page.Status != content.StatusPublished {
			t.Errorf("page in %q, %s", page.Section.Slug, page.Status)
		}

		// Every old address answers.
		for old, want := range map[string]int64{
			"/2024/05/17/%d9%88%d8%b2%db%8c%d8%b1%d8%a7%d8%b9%d8%b8%d9%85-%da%a9%d8%a7-%d8%af%d9%88%d8%b1%db%82-%da%86%db%8c%d9%86-%d8%a7%db%81%d9%85-%d9%85%d8%b9%d8%a7%db%81%d8%af%d9%88%da%ba-%d9%be%d8%b1-%d8%af%d8%b3%d8%aa%d8%ae%d8%b7/": a.ID,
			"/2024/05/17/وزیراعظم-کا-دورۂ-چین-اہم-معاہدوں-پر-دستخط": a.ID,
			"/?p=100":                      a.ID,
			"/?p=109":                      flood.ID,
			"/2024/05/15/سیلاب-متاثرین/":   flood.ID,
			"/?page_id=107":                page.ID,
			"/ہمارے-بارے-میں/":             page.ID,
			"/2024/05/18/editorial-notes/": articleFor(t, s, "post", "104").ID,
		} {
			id, _, err := s.Redirect(ctx, old)
			if err != nil || id != want {
				t.Errorf("redirect %s → article %d, %v; want %d", old, id, err, want)
			}
		}
		if _, target, err := s.Redirect(ctx, "/category/khabrein/%d9%be%d8%a7%da%a9%d8%b3%d8%aa%d8%a7%d9%86/%da%a9%d8%b1%d8%a7%da%86%db%8c/"); err != nil || target != kar.Path() {
			t.Errorf("category redirect → %q, %v; want %s", target, err, kar.Path())
		}

		// Again: nothing new, nothing duplicated.
		before := countArticles(t, s)
		again := importFile(t, s, news, wpimport.Options{})
		if again.Count("post", "unchanged") != 6 || again.Count("page", "unchanged") != 1 || again.Count("post", "created") != 0 ||
			again.Count("category", "created") != 0 || again.Count("tag", "created") != 0 || again.Count("author", "created") != 0 {
			t.Errorf("second run counts %v", again.Counts)
		}
		if n := countArticles(t, s); n != before {
			t.Errorf("second run: %d articles, was %d", n, before)
		}
	})
}

// TestImportUpdates: a post changed in WordPress is updated in place on
// the next run, unless a newsroom edited it meanwhile; then Akhbar's
// version is kept and the summary says why.
func TestImportUpdates(t *testing.T) {
	s := storetest.OpenSQLite(t)
	ctx := context.Background()
	importFile(t, s, news, wpimport.Options{})
	flood := articleFor(t, s, "post", "109")
	pm := articleFor(t, s, "post", "100")

	path := editedNews(t)
	// The newsroom edits the PM story before the second import.
	pm.Headline = "وزیراعظم کا دورۂ چین (ترمیم شدہ)"
	if err := s.SaveArticle(ctx, &pm, []int64{pm.Authors[0].ID}, nil, 0); err != nil {
		t.Fatal(err)
	}
	sum := importFile(t, s, path, wpimport.Options{})
	if sum.Count("post", "updated") != 1 || sum.Count("post", "unchanged") != 4 {
		t.Errorf("counts %v", sum.Counts)
	}
	edited := false
	for _, k := range sum.Skipped {
		edited = edited || (k.ID == "100" && strings.Contains(k.Reason, "edited in Akhbar"))
	}
	if len(sum.Skipped) != 2 || !edited {
		t.Errorf("skipped %+v, want post 100 kept as the newsroom edited it (and the trashed post)", sum.Skipped)
	}
	got := articleFor(t, s, "post", "109")
	if got.ID != flood.ID || !strings.Contains(got.BodyHTML, "کمبلوں") {
		t.Errorf("post 109 not updated in place: id %d (was %d)", got.ID, flood.ID)
	}
	if got := articleFor(t, s, "post", "100"); got.Headline != pm.Headline {
		t.Errorf("the newsroom's edit was overwritten: %q", got.Headline)
	}
}

// editedNews is the news export with two posts changed since its first
// import (109 and 100): a second export of the same site.
func editedNews(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(news)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(raw), "متاثرین نے مزید خیموں", "متاثرین نے مزید کمبلوں", 1)
	changed = strings.Replace(changed, "حکام کے مطابق سی پیک", "سرکاری حکام کے مطابق سی پیک", 1)
	path := filepath.Join(t.TempDir(), "news.xml")
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportEditedWhileWriting: an article the newsroom saves after the
// import converted its post, but before the writer wrote the batch, keeps
// the newsroom's version; the rest of the batch is written.
func TestImportEditedWhileWriting(t *testing.T) {
	s := storetest.OpenSQLite(t)
	ctx := context.Background()
	importFile(t, s, news, wpimport.Options{})
	path := editedNews(t)
	// Both passes see every record: the last call of the second pass
	// comes after every post was converted, and the posts wait in one
	// batch (fewer than BatchSize) for the writer.
	var first, second int
	var editErr error
	var edited content.Article
	during := importFile(t, s, path, wpimport.Options{Progress: func(n int, frac float64) {
		if frac < 0.5 {
			first++
			return
		}
		if second++; second == first {
			edited = articleFor(t, s, "post", "109")
			edited.Headline = "سیلاب: امدادی کارروائیاں (ترمیم شدہ)"
			editErr = s.SaveArticle(ctx, &edited, []int64{edited.Authors[0].ID}, nil, 0)
		}
	}})
	if editErr != nil || edited.ID == 0 {
		t.Fatalf("the newsroom's edit: %v (progress calls %d, %d)", editErr, first, second)
	}
	kept := false
	for _, k := range during.Skipped {
		kept = kept || (k.ID == "109" && strings.Contains(k.Reason, "during the import"))
	}
	if !kept || during.Count("post", "updated") != 1 {
		t.Errorf("summary: %v, skipped %+v; want post 100 updated and 109 kept as edited during the import", during.Counts, during.Skipped)
	}
	sum := importFile(t, s, path, wpimport.Options{})
	if sum.Count("post", "updated") != 0 {
		t.Errorf("a third run updated posts: %v", sum.Counts)
	}
	if got := articleFor(t, s, "post", "109"); got.Headline != edited.Headline || strings.Contains(got.BodyHTML, "کمبلوں") {
		t.Errorf("the newsroom's edit during the import was overwritten: %q", got.Headline)
	}
	if got := articleFor(t, s, "post", "100"); !strings.Contains(got.BodyHTML, "سرکاری حکام") {
		t.Error("post 100, in the same batch, was not updated")
	}
}

// TestImportTruncatedFile: a file cut off mid-item imports everything
// before the cut, says where the file ends, and the whole file imported
// afterwards finishes the job without duplicates.
func TestImportTruncatedFile(t *testing.T) {
	s := storetest.OpenSQLite(t)
	raw, err := os.ReadFile(news)
	if err != nil {
		t.Fatal(err)
	}
	cut := bytes.Index(raw, []byte("پاکستان کرکٹ بورڈ ٹی ٹوئنٹی")) // inside post 103's CDATA
	path := filepath.Join(t.TempDir(), "cut.xml")
	if err := os.WriteFile(path, raw[:cut], 0o644); err != nil {
		t.Fatal(err)
	}
	sum := importFile(t, s, path, wpimport.Options{})
	if sum.Fatal == nil || sum.Fatal.Line != 266 {
		t.Fatalf("fatal %v, want the file's end at line 266", sum.Fatal)
	}
	if sum.Count("post", "created") != 2 { // 100 and 102 come before the cut
		t.Errorf("created %v", sum.Counts)
	}
	var out strings.Builder
	sum.Write(&out)
	if !strings.Contains(out.String(), "the file ends early") || !strings.Contains(out.String(), "line 266") {
		t.Errorf("summary does not say where the file ends:\n%s", out.String())
	}
	whole := importFile(t, s, news, wpimport.Options{})
	if whole.Count("post", "created") != 4 || whole.Count("post", "unchanged") != 2 || countArticles(t, s) != 7 {
		t.Errorf("after the whole file: %v, %d articles", whole.Counts, countArticles(t, s))
	}
}

// TestImportMalformedItem: an item that cannot be read is reported with
// its line and skipped; the items around it are imported.
func TestImportMalformedItem(t *testing.T) {
	s := storetest.OpenSQLite(t)
	sum := importFile(t, s, "../wxr/testdata/malformed.xml", wpimport.Options{})
	if len(sum.Skipped) == 0 {
		t.Fatal("nothing reported skipped")
	}
	for _, k := range sum.Skipped {
		if k.Line == 0 || !strings.HasPrefix(k.Reason, "unreadable") {
			t.Errorf("skip without a line or reason: %+v", k)
		}
	}
	if sum.Count("post", "created") == 0 {
		t.Errorf("the good items were not imported: %v", sum.Counts)
	}
}

// TestImportDryRun reports what would happen and writes nothing.
func TestImportDryRun(t *testing.T) {
	s := storetest.OpenSQLite(t)
	sum := importFile(t, s, news, wpimport.Options{DryRun: true})
	if sum.Count("post", "created") != 6 || sum.Count("category", "created") != 6 {
		t.Errorf("dry run counts %v", sum.Counts)
	}
	secs, _ := s.Sections(context.Background())
	users, _ := s.Users(context.Background())
	if n := countArticles(t, s); n != 0 || len(secs) != 0 || len(users) != 0 {
		t.Errorf("dry run wrote %d articles, %d sections, %d users", n, len(secs), len(users))
	}
	var out strings.Builder
	sum.Write(&out)
	if !strings.Contains(out.String(), "dry run") {
		t.Errorf("summary does not say it was a dry run:\n%s", out.String())
	}
}

// TestImportResumes: an import stopped halfway (Ctrl-C) leaves whole
// articles only, and the next run takes the rest without duplicates.
func TestImportResumes(t *testing.T) {
	s := storetest.OpenSQLite(t)
	path := filepath.Join(t.TempDir(), "big.xml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := wxrgen.Write(f, 200); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var stoppedAt int
	_, err = wpimport.Run(ctx, s, path, wpimport.Options{Zone: karachi, BatchSize: 100, Progress: func(n int, frac float64) {
		if frac > 0.9 && stoppedAt == 0 { // well into the posts' pass (a batch of 100 handed to the writer)
			stoppedAt = n
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted import: %v", err)
	}
	partial := countArticles(t, s)
	if partial == 0 || partial >= 200 {
		t.Fatalf("%d articles after the interruption, want some", partial)
	}
	sum := importFile(t, s, path, wpimport.Options{})
	if got := sum.Count("post", "created") + sum.Count("post", "unchanged"); got != 200 || sum.Count("post", "unchanged") != partial {
		t.Errorf("resumed: %v (had %d)", sum.Counts, partial)
	}
	if n := countArticles(t, s); n != 200 {
		t.Errorf("%d articles after resuming, want 200", n)
	}
}

// TestImportWithUploads imports the image files from a local uploads
// folder through the media library, uses them as lead and body images,
// and serves every old address as a 301 over HTTP.
func TestImportWithUploads(t *testing.T) {
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
	writeJPEG(t, filepath.Join(uploads, "2024", "05", "pm-beijing.jpg"), 1200, 675)

	sum := importFile(t, a.Store, news, wpimport.Options{Uploads: uploads, Images: a.Newsroom})
	if sum.Count("attachment", "created") != 1 {
		t.Fatalf("attachments %v, skipped %+v", sum.Counts, sum.Skipped)
	}
	pm := articleFor(t, a.Store, "post", "100")
	if pm.Lead == nil || pm.Lead.Alt != "وزیراعظم کا بیجنگ ایئرپورٹ پر استقبال" || pm.Lead.Caption != "وزیراعظم بیجنگ کے ہوائی اڈے پر" {
		t.Fatalf("lead image %+v", pm.Lead)
	}
	if !strings.Contains(pm.BodyHTML, fmt.Sprintf(`<figure data-block="image" data-media="%d">`, pm.Lead.ID)) ||
		strings.Contains(pm.BodyHTML, "<img") || strings.Contains(pm.BodyHTML, "akhbar.example.pk/wp-content") {
		t.Errorf("body image not moved to the media library:\n%s", pm.BodyHTML)
	}
	if again := importFile(t, a.Store, news, wpimport.Options{Uploads: uploads, Images: a.Newsroom}); again.Count("attachment", "unchanged") != 1 {
		t.Errorf("second run re-imported the image: %v", again.Counts)
	}

	srv := httptest.NewServer(a.Handler)
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	kar := articleFor(t, a.Store, "post", "100").Section.Path()
	for old, want := range map[string]string{
		"/2024/05/17/%d9%88%d8%b2%db%8c%d8%b1%d8%a7%d8%b9%d8%b8%d9%85-%da%a9%d8%a7-%d8%af%d9%88%d8%b1%db%82-%da%86%db%8c%d9%86-%d8%a7%db%81%d9%85-%d9%85%d8%b9%d8%a7%db%81%d8%af%d9%88%da%ba-%d9%be%d8%b1-%d8%af%d8%b3%d8%aa%d8%ae%d8%b7/": pm.Path(),
		"/2024/05/17/%D9%88%D8%B2%DB%8C%D8%B1%D8%A7%D8%B9%D8%B8%D9%85-%DA%A9%D8%A7-%D8%AF%D9%88%D8%B1%DB%82-%DA%86%DB%8C%D9%86-%D8%A7%DB%81%D9%85-%D9%85%D8%B9%D8%A7%DB%81%D8%AF%D9%88%DA%BA-%D9%BE%D8%B1-%D8%AF%D8%B3%D8%AA%D8%AE%D8%B7":  pm.Path(),
		"/?p=100": pm.Path(),
		"/%db%81%d9%85%d8%a7%d8%b1%db%92-%d8%a8%d8%a7%d8%b1%db%92-%d9%85%db%8c%da%ba/": articleFor(t, a.Store, "page", "107").Path(),
		"/?page_id=107": articleFor(t, a.Store, "page", "107").Path(),
		"/category/khabrein/%d9%be%d8%a7%da%a9%d8%b3%d8%aa%d8%a7%d9%86/%da%a9%d8%b1%d8%a7%da%86%db%8c/": kar,
		"/?cat=7":    kar,
		"/tag/cpec/": "/tag/cpec",
	} {
		resp, err := client.Get(srv.URL + old)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc, _ := resp.Location(); resp.StatusCode != http.StatusMovedPermanently || loc == nil || loc.Path != want {
			t.Errorf("GET %s: %d %v, want 301 to %s", old, resp.StatusCode, loc, want)
		}
	}
	// A draft's old link does not reveal it.
	resp, err := client.Get(srv.URL + "/?p=102")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /?p=102 (a draft): %d, want the home page", resp.StatusCode)
	}
}

func writeJPEG(t *testing.T, path string, w, h int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestImportNotAnExport: an HTML page or an empty file is refused with a
// clear error, and nothing is written.
func TestImportNotAnExport(t *testing.T) {
	s := storetest.OpenSQLite(t)
	dir := t.TempDir()
	for name, body := range map[string]string{
		"page.html": "<!DOCTYPE html><html><body><p>خبریں</p></body></html>",
		"empty.xml": "",
		"feed.xml":  `<?xml version="1.0"?><rss version="2.0"><channel><title>خبریں</title><item><title>ایک</title></item></channel></rss>`,
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := wpimport.Run(context.Background(), s, path, wpimport.Options{})
		if err == nil || !strings.Contains(err.Error(), "not a WordPress export") {
			t.Errorf("%s: %v, want it refused as not a WordPress export", name, err)
		}
	}
	if n := countArticles(t, s); n != 0 {
		t.Errorf("%d articles written", n)
	}
}

// TestImportDropsBidiControls: a title, author name, tag and category
// with bidirectional controls (WordPress keeps whatever was pasted) are
// stored without them.
func TestImportDropsBidiControls(t *testing.T) {
	raw, err := os.ReadFile(news)
	if err != nil {
		t.Fatal(err)
	}
	x := strings.NewReplacer(
		"<![CDATA[وزیراعظم کا دورۂ چین، اہم معاہدوں پر دستخط]]>", "<![CDATA[\u202bوزیراعظم\u202c کا دورۂ چین، اہم معاہدوں پر دستخط\u202e]]>",
		"<![CDATA[حامد رضا]]>", "<![CDATA[\u2067حامد\u2069 رضا]]>",
		"<![CDATA[چین]]>", "<![CDATA[\u2066چین\u2069]]>",
		"<![CDATA[کراچی]]>", "<![CDATA[\u202aکراچی\u202c]]>",
	).Replace(string(raw))
	path := filepath.Join(t.TempDir(), "news.xml")
	if err := os.WriteFile(path, []byte(x), 0o644); err != nil {
		t.Fatal(err)
	}
	s := storetest.OpenSQLite(t)
	importFile(t, s, path, wpimport.Options{})
	a := articleFor(t, s, "post", "100")
	if a.Headline != "وزیراعظم کا دورۂ چین، اہم معاہدوں پر دستخط" {
		t.Errorf("headline %q", a.Headline)
	}
	if len(a.Authors) != 1 || a.Authors[0].Name != "حامد رضا" {
		t.Errorf("authors %+v", a.Authors)
	}
	tagged := false
	for _, tg := range a.Tags {
		tagged = tagged || tg.Name == "چین"
		if strings.ContainsFunc(tg.Name, urdu.IsBidiControl) {
			t.Errorf("tag %q keeps a bidi control", tg.Name)
		}
	}
	if !tagged {
		t.Errorf("tags %+v lack چین", a.Tags)
	}
	if a.Section.Name != "کراچی" {
		t.Errorf("section %q", a.Section.Name)
	}
}

// TestImportPasswordProtected: a post WordPress showed only to readers
// with its password is imported as a draft, not published, and the
// summary names it.
func TestImportPasswordProtected(t *testing.T) {
	raw, err := os.ReadFile(news)
	if err != nil {
		t.Fatal(err)
	}
	// Post 100 is published; give it a password.
	x := strings.Replace(string(raw), "<wp:post_id>100</wp:post_id>", "<wp:post_id>100</wp:post_id>\n\t\t<wp:post_password><![CDATA[secret]]></wp:post_password>", 1)
	x = strings.Replace(x, "<wp:post_password><![CDATA[]]></wp:post_password>", "", -1)
	path := filepath.Join(t.TempDir(), "news.xml")
	if err := os.WriteFile(path, []byte(x), 0o644); err != nil {
		t.Fatal(err)
	}
	s := storetest.OpenSQLite(t)
	sum := importFile(t, s, path, wpimport.Options{})
	if a := articleFor(t, s, "post", "100"); a.Status != content.StatusDraft {
		t.Errorf("a password-protected post was imported %s, want a draft", a.Status)
	}
	if len(sum.Protected) != 1 || sum.Protected[0].ID != "100" {
		t.Errorf("summary's protected posts: %+v", sum.Protected)
	}
	var b strings.Builder
	sum.Write(&b)
	if !strings.Contains(b.String(), "1 password-protected posts were imported as drafts") {
		t.Errorf("the summary does not report the protected post:\n%s", b.String())
	}
}

// TestImportItemTooLarge: a post beyond the item bound is skipped and
// reported, and the rest of the file is imported.
func TestImportItemTooLarge(t *testing.T) {
	s := storetest.OpenSQLite(t)
	sum := importFile(t, s, news, wpimport.Options{MaxItemBytes: 3000})
	large := 0
	for _, k := range sum.Skipped {
		if strings.Contains(k.Reason, "too large") {
			large++
		}
	}
	if large == 0 || countArticles(t, s) == 0 {
		t.Errorf("with a 3,000-byte bound: %d items skipped as too large, %d articles imported; want some of each", large, countArticles(t, s))
	}
}
