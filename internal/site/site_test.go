package site_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/demo"
	"akhbar/internal/popular"
	"akhbar/internal/site"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
	"akhbar/web"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// clock is the fixed "now" of these tests: 07:00 on Wednesday 18 February
// 2026 in Karachi, 02:00 UTC — the seed page's date.
var clock = time.Date(2026, 2, 18, 2, 0, 0, 0, time.UTC)

type fixture struct {
	store *store.Store
	site  *site.Site
	views *popular.Counter
	srv   *httptest.Server
}

// newDemoSite loads the demo into s and serves the site from a real
// HTTP server on 127.0.0.1.
func newDemoSite(t *testing.T, s *store.Store, now time.Time) *fixture {
	t.Helper()
	ctx := context.Background()
	if ok, err := demo.Load(ctx, s, now); err != nil || !ok {
		t.Fatalf("demo.Load = %v, %v", ok, err)
	}
	views := popular.NewCounter(s, func() time.Time { return now }, nil)
	assets, err := web.LoadStatic()
	if err != nil {
		t.Fatal(err)
	}
	st, err := site.New(ctx, site.Options{Store: s, Assets: assets, BaseURL: "https://akhbar.example", Now: func() time.Time { return now }, Views: views})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	st.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &fixture{store: s, site: st, views: views, srv: srv}
}

// get fetches path without following redirects.
func (f *fixture) get(t *testing.T, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", "Mozilla/5.0 (Linux; Android 14) Chrome/120 Mobile")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func seedArticle(t *testing.T, s *store.Store) content.Article {
	t.Helper()
	list, err := s.ListArticles(context.Background(), store.PublishedArticles().Limit(100))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if strings.HasPrefix(a.Headline, "روس شمالی کوریا") {
			full, err := s.Article(context.Background(), a.ID)
			if err != nil {
				t.Fatal(err)
			}
			return full
		}
	}
	t.Fatal("the seed article is not in the demo")
	return content.Article{}
}

// TestGoldenPages renders the home, a section and the seed article on each
// engine; both engines must produce the very same bytes as the golden files.
func TestGoldenPages(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newDemoSite(t, s, clock)
		seed := seedArticle(t, s)
		for _, c := range []struct{ name, path string }{
			{"home", "/"},
			{"section-international", "/international/"},
			{"seed-article", seed.Path()},
		} {
			resp, body := f.get(t, c.path)
			if resp.StatusCode != 200 {
				t.Fatalf("%s: status %d", c.path, resp.StatusCode)
			}
			golden := filepath.Join("testdata", c.name+".golden.html")
			if *update && s.Engine() == store.SQLite {
				if err := os.WriteFile(golden, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/site -run TestGoldenPages -update)", err)
			}
			if body != string(want) {
				t.Errorf("%s differs from %s; first difference near: %q", c.path, golden, firstDiff(body, string(want)))
			}
		}
	})
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from, to := max(0, i-80), min(len(a), i+80)
	return a[from:to]
}

// TestSeedArticleOrder checks that the article page shows every element of
// the seed page in the seed's order.
func TestSeedArticleOrder(t *testing.T) {
	f := newDemoSite(t, storetest.OpenSQLite(t), clock)
	seed := seedArticle(t, f.store)
	resp, body := f.get(t, seed.Path())
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	text := visibleText(body)
	seedText, err := os.ReadFile("../../../shared/seed-article.txt")
	if err != nil {
		seedText, err = os.ReadFile(filepath.Join(os.Getenv("AKHBAR_SHARED"), "seed-article.txt"))
	}
	var paragraphs []string
	if err == nil {
		for _, l := range strings.Split(string(seedText), "\n")[9:] {
			if l = strings.TrimSpace(l); l != "" && l != "مقبول مضامین" {
				paragraphs = append(paragraphs, l)
			}
		}
	} else { // the shared folder is not beside this checkout: use the stored body
		paragraphs = strings.Split(seed.BodyText, "\n")
	}
	want := []string{
		"بدھ, فروری 18, 2026",
		"ہوم", "بین الاقوامی", "روس شمالی کوریا دفاعی شراکت کو وسعت دینے پر آمادہ", // breadcrumbs
		"روس شمالی کوریا دفاعی شراکت کو وسعت دینے پر آمادہ", // headline
		"ر", // lead placeholder
		"سرگئی شوئیگو کا پیانگ یانگ کا دوسرا دورہ، کم جونگ اُن سے اعلیٰ سطح مذاکرات متوقع",
		"دانشگاه (نیوز ڈیسک) پیانگ یانگ: روسی سلامتی کونسل کے سیکریٹری",
	}
	want = append(want, paragraphs[1:]...)
	want = append(want, "تحریر: صائمہ خان", "شائع شدہ: 18 فروری 2026، 4:00 صبح", "مقبول مضامین", "مقبول مضامین")
	pos := 0
	for _, w := range want {
		i := strings.Index(text[pos:], w)
		if i < 0 {
			t.Fatalf("%q not found after position %d of the page text:\n%s", w, pos, text[pos:min(len(text), pos+300)])
		}
		pos += i + len(w)
	}
	if !strings.Contains(body, `<h2>کم جونگ اُن سے دو ہفتوں میں دوسرا متوقع رابطہ</h2>`) {
		t.Error("the subheading is not an h2")
	}
	if !strings.Contains(body, `<html lang="ur" dir="rtl">`) {
		t.Error("page is not lang=ur dir=rtl")
	}
	if !strings.Contains(body, `"@type":"BreadcrumbList"`) {
		t.Error("no BreadcrumbList JSON-LD")
	}
	if n := strings.Count(body, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
}

var (
	tagRE   = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]+>`)
	spaceRE = regexp.MustCompile(`\s+`)
)

func visibleText(html string) string {
	s := tagRE.ReplaceAllString(html, " ")
	s = strings.NewReplacer("&#34;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#39;", "'").Replace(s)
	return spaceRE.ReplaceAllString(s, " ")
}

func TestRoutes(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newDemoSite(t, s, clock)
		ctx := context.Background()
		seed := seedArticle(t, s)
		id := fmt.Sprint(seed.ID)

		draft := content.Article{SectionID: seed.SectionID, Status: content.StatusDraft, Headline: "غیر شائع شدہ مسودہ", Slug: "draft", BodyHTML: "<p>راز</p>"}
		sched := content.Article{SectionID: seed.SectionID, Status: content.StatusScheduled, Headline: "کل شائع ہونے والی خبر", Slug: "later", PublishedAt: clock.Add(24 * time.Hour)}
		for _, a := range []*content.Article{&draft, &sched} {
			if err := s.SaveArticle(ctx, a, nil, nil, 0); err != nil {
				t.Fatal(err)
			}
			a.Section = seed.Section
		}
		if err := s.AddRedirect(ctx, "/2026/02/18/russia-north-korea/", seed.ID, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.AddRedirect(ctx, "/category/world/", 0, "/international/"); err != nil {
			t.Fatal(err)
		}
		// Old WordPress permalinks of every structure, as an import keeps them.
		for _, old := range []string{"/?p=4512", "/%d8%b4%d9%85%d8%a7%d9%84%db%8c-%da%a9%d9%88%d8%b1%db%8c%d8%a7/",
			"/world/russia-north-korea-talks/", "/international/north-korea/"} {
			if err := s.AddRedirect(ctx, old, seed.ID, ""); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.AddRedirect(ctx, "/?p=9", draft.ID, ""); err != nil {
			t.Fatal(err)
		}

		cases := []struct {
			path     string
			status   int
			location string
			contains string
		}{
			{"/", 200, "", "تازہ ترین"},
			{seed.Path(), 200, "", seed.Headline},
			{"/international/" + id + "/wrong-slug", 301, seed.Path(), ""},
			{"/sports/" + id + "/" + seed.Slug, 301, seed.Path(), ""},
			{"/international/" + id, 301, seed.Path(), ""},
			{"/international/" + id + "/", 301, seed.Path(), ""},
			{"/international/" + id + "/x?utm_source=feed", 301, seed.Path() + "?utm_source=feed", ""},
			{"/international/999999/khabar", 404, "", "یہ صفحہ نہیں ملا"},
			{"/?p=4512", 301, seed.Path(), ""},
			{"/?p=4512&utm_source=x", 301, seed.Path(), ""},
			{"/?p=9", 200, "", "تازہ ترین"},  // a draft's old link: the home page, not a leak
			{"/?p=77", 200, "", "تازہ ترین"}, // unknown: the home page
			{"/%D8%B4%D9%85%D8%A7%D9%84%DB%8C-%DA%A9%D9%88%D8%B1%DB%8C%D8%A7/", 301, seed.Path(), ""},
			{"/شمالی-کوریا", 301, seed.Path(), ""},
			{"/world/russia-north-korea-talks", 301, seed.Path(), ""},
			{"/international/north-korea/", 301, seed.Path(), ""},
			{"/2026/02/18/russia-north-korea", 301, seed.Path(), ""},
			{"/category/world", 301, "/international/", ""},
			{"/international/abc/khabar", 404, "", "یہ صفحہ نہیں ملا"},
			{draft.Path(), 404, "", "یہ صفحہ نہیں ملا"},
			{sched.Path(), 404, "", "یہ صفحہ نہیں ملا"},
			{"/no-such-section/", 404, "", "یہ صفحہ نہیں ملا"},
			{"/no/such/page/at/all", 404, "", "یہ صفحہ نہیں ملا"},
			{"/international/", 200, "", "بین الاقوامی"},
			{"/international/?page=1", 200, "", "بین الاقوامی"},
			{"/international/?page=2", 404, "", ""},
			{"/international/?page=abc", 404, "", ""},
			{"/international/?page=-1", 404, "", ""},
			{"/tag/" + seed.Tags[0].Slug, 200, "", seed.Tags[0].Name},
			{"/tag/no-such-tag", 404, "", ""},
			{"/author/saima-khan", 200, "", "صائمہ خان"},
			{"/author/nobody", 404, "", ""},
			{"/2026/02/18/russia-north-korea/", 301, seed.Path(), ""},
			{"/category/world/", 301, "/international/", ""},
		}
		for _, c := range cases {
			resp, body := f.get(t, c.path)
			if resp.StatusCode != c.status {
				t.Errorf("GET %s: status %d, want %d", c.path, resp.StatusCode, c.status)
				continue
			}
			if loc := resp.Header.Get("Location"); c.location != "" && loc != c.location {
				t.Errorf("GET %s: Location %q, want %q", c.path, loc, c.location)
			}
			if c.contains != "" && !strings.Contains(body, c.contains) {
				t.Errorf("GET %s: body lacks %q", c.path, c.contains)
			}
			if c.status == 200 || c.status == 404 {
				if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
					t.Errorf("GET %s: Content-Type %q", c.path, ct)
				}
				if !strings.Contains(body, `dir="rtl"`) {
					t.Errorf("GET %s: page is not right-to-left", c.path)
				}
			}
			if strings.Contains(body, "غیر شائع شدہ مسودہ") || strings.Contains(body, "کل شائع ہونے والی خبر") {
				t.Errorf("GET %s: a draft or scheduled article is visible", c.path)
			}
		}
	})
}

func TestSectionPagination(t *testing.T) {
	s := storetest.OpenSQLite(t)
	f := newDemoSite(t, s, clock)
	ctx := context.Background()
	seed := seedArticle(t, s)
	for i := range 25 {
		a := content.Article{SectionID: seed.SectionID, Status: content.StatusPublished, Headline: fmt.Sprintf("پرانی خبر نمبر %d", i+1),
			Slug: "purani-khabar", BodyHTML: "<p>متن</p>", PublishedAt: clock.Add(-time.Duration(500+i) * time.Hour)}
		if err := s.SaveArticle(ctx, &a, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
	}
	total, _ := s.CountArticles(ctx, store.PublishedArticles().InSection(seed.SectionID))
	_, first := f.get(t, "/international/")
	if !strings.Contains(first, `rel="next" href="/international/?page=2"`) || strings.Contains(first, `rel="prev"`) {
		t.Error("page 1 should link to page 2 and to no previous page")
	}
	if !strings.Contains(first, fmt.Sprintf("%d خبریں", total)) {
		t.Errorf("page 1 does not show the total %d", total)
	}
	resp, second := f.get(t, "/international/?page=2")
	if resp.StatusCode != 200 || !strings.Contains(second, `rel="prev" href="/international/"`) || !strings.Contains(second, "صفحہ 2 از 2") {
		t.Errorf("page 2: status %d, links or position wrong", resp.StatusCode)
	}
	if !strings.Contains(second, "پرانی خبر نمبر 25") || strings.Contains(first, "پرانی خبر نمبر 25") {
		t.Error("the oldest story should be on page 2 only")
	}
	if !strings.Contains(second, `<link rel="canonical" href="https://akhbar.example/international/?page=2">`) {
		t.Error("page 2 has no canonical link of its own")
	}
}

// TestNoNPlusOne proves that a page's query count does not grow with the
// number of articles, sections or authors it shows.
func TestNoNPlusOne(t *testing.T) {
	s := storetest.OpenSQLite(t)
	f := newDemoSite(t, s, clock)
	seed := seedArticle(t, s)
	paths := []string{"/", "/international/", seed.Path(), "/tag/" + seed.Tags[0].Slug, "/author/saima-khan"}
	count := func() map[string]int64 {
		m := map[string]int64{}
		for _, p := range paths {
			f.get(t, p) // warms the most-read list
			before := s.QueryCount()
			f.get(t, p)
			m[p] = s.QueryCount() - before
		}
		return m
	}
	small := count()
	ctx := context.Background()
	for i := range 60 {
		sec := int64(i%8 + 1)
		a := content.Article{SectionID: sec, Status: content.StatusPublished, Headline: fmt.Sprintf("اضافی خبر %d", i), Slug: "izafi",
			BodyHTML: "<p>متن</p>", PublishedAt: clock.Add(-time.Duration(i) * time.Minute)}
		if err := s.SaveArticle(ctx, &a, []int64{1, 2, 3}, []int64{seed.Tags[0].ID}, 0); err != nil {
			t.Fatal(err)
		}
	}
	large := count()
	for _, p := range paths {
		if large[p] != small[p] {
			t.Errorf("%s: %d queries with the demo, %d with 60 more articles", p, small[p], large[p])
		}
		if large[p] > 8 {
			t.Errorf("%s costs %d queries", p, large[p])
		}
	}
}

// TestDateBarFollowsSiteZone: 20:30 UTC on Tuesday is already Wednesday in Karachi.
func TestDateBarFollowsSiteZone(t *testing.T) {
	f := newDemoSite(t, storetest.OpenSQLite(t), time.Date(2026, 2, 17, 20, 30, 0, 0, time.UTC))
	_, body := f.get(t, "/")
	if !strings.Contains(body, `<time datetime="2026-02-18">بدھ, فروری 18, 2026</time>`) {
		t.Errorf("date bar wrong:\n%s", body[:min(len(body), 1500)])
	}
}

func TestViewsCountedForReadersNotBots(t *testing.T) {
	s := storetest.OpenSQLite(t)
	f := newDemoSite(t, s, clock)
	seed := seedArticle(t, s)
	before, _ := s.TotalViews(context.Background(), seed.ID)
	for range 3 {
		f.get(t, seed.Path())
	}
	f.get(t, seed.Path(), "User-Agent", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
	f.get(t, "/international/"+fmt.Sprint(seed.ID)+"/old-slug") // a redirect is not a view
	if err := f.views.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	after, _ := s.TotalViews(context.Background(), seed.ID)
	if after-before != 3 {
		t.Errorf("views grew by %d, want 3", after-before)
	}
}

func TestOutputIsEscaped(t *testing.T) {
	s := storetest.OpenSQLite(t)
	f := newDemoSite(t, s, clock)
	a := content.Article{SectionID: 1, Status: content.StatusPublished, Headline: `<script>alert("x")</script> سرخی`,
		Strapline: `"><img src=x onerror=alert(1)>`, Slug: "xss", DatelinePlace: "<b>لاہور</b>",
		BodyHTML: content.SanitizeBody(`<p onclick="x()">متن<script>alert(1)</script></p>`), PublishedAt: clock.Add(-time.Minute)}
	if err := s.SaveArticle(context.Background(), &a, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", a.Path()} {
		_, body := f.get(t, p)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") || strings.Contains(body, "onclick") || strings.Contains(body, "<b>لاہور") {
			t.Errorf("%s: unescaped markup in the page", p)
		}
	}
}

func TestStaticAssetsAreFingerprinted(t *testing.T) {
	f := newDemoSite(t, storetest.OpenSQLite(t), clock)
	_, body := f.get(t, "/")
	m := regexp.MustCompile(`href="(/static/site\.[0-9a-f]{12}\.css)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no fingerprinted stylesheet link")
	}
	resp, css := f.get(t, m[1])
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet: %d %q %q", resp.StatusCode, resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Type"))
	}
	want, _ := web.Files.ReadFile("static/css/site.css")
	if !bytes.Equal([]byte(css), want) {
		t.Error("stylesheet body differs from the embedded file")
	}
	resp, _ = f.get(t, m[1], "If-None-Match", resp.Header.Get("ETag"))
	if resp.StatusCode != 304 {
		t.Errorf("conditional GET: %d, want 304", resp.StatusCode)
	}
	if resp, _ := f.get(t, "/static/site.000000000000.css"); resp.StatusCode != 404 {
		t.Errorf("stale hash: %d, want 404", resp.StatusCode)
	}
}

// TestCountsAgree: a number and its noun agree, «1 خبر» not «1 خبریں».
func TestCountsAgree(t *testing.T) {
	s := storetest.OpenSQLite(t)
	f := newDemoSite(t, s, clock)
	seed := seedArticle(t, s)
	ctx := context.Background()
	tag, err := s.EnsureTag(ctx, content.Tag{Slug: "تنہا", Name: "تنہا"})
	if err != nil {
		t.Fatal(err)
	}
	var authors, tags []int64
	for _, u := range seed.Authors {
		authors = append(authors, u.ID)
	}
	for _, tg := range seed.Tags {
		tags = append(tags, tg.ID)
	}
	if err := s.SaveArticle(ctx, &seed, authors, append(tags, tag), 0); err != nil {
		t.Fatal(err)
	}
	_, body := f.get(t, content.Tag{Slug: "تنہا"}.Path())
	if !strings.Contains(body, " خبر</h2>") || strings.Contains(body, " خبریں</h2>") {
		t.Errorf("a tag with one story does not say «1 خبر»: %s", body[strings.Index(body, "list-count"):][:80])
	}
	_, body = f.get(t, "/search?q="+url.QueryEscape(seed.Headline))
	if !strings.Contains(body, " نتیجہ</p>") {
		t.Errorf("a search with one result does not say «1 نتیجہ»")
	}
}

// TestIcons: /favicon.ico and /apple-touch-icon.png answer at their fixed
// addresses (browsers ask for them unprompted) with real images, and every
// page declares its icons.
func TestIcons(t *testing.T) {
	s := storetest.OpenSQLite(t)
	f := newDemoSite(t, s, clock)
	resp, body := f.get(t, "/favicon.ico")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/x-icon" {
		t.Fatalf("/favicon.ico: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	b := []byte(body)
	if len(b) < 6 || b[2] != 1 || b[4] != 3 {
		t.Fatalf("/favicon.ico is not an icon file of three sizes")
	}
	for i := range 3 {
		e := b[6+16*i:]
		size, offset := int(e[8])|int(e[9])<<8|int(e[10])<<16, int(e[12])|int(e[13])<<8|int(e[14])<<16
		img, err := png.Decode(bytes.NewReader(b[offset : offset+size]))
		if err != nil || img.Bounds().Dx() != int(e[0]) {
			t.Errorf("/favicon.ico entry %d: %v", i, err)
		}
	}
	resp, body = f.get(t, "/apple-touch-icon.png")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("/apple-touch-icon.png: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if img, err := png.Decode(strings.NewReader(body)); err != nil || img.Bounds().Dx() != 180 {
		t.Errorf("/apple-touch-icon.png is not a 180 px PNG: %v", err)
	}
	_, page := f.get(t, "/")
	svg := regexp.MustCompile(`<link rel="icon" href="(/static/icon\.[0-9a-f]+\.svg)" type="image/svg\+xml">`).FindStringSubmatch(page)
	if svg == nil || !strings.Contains(page, `<link rel="apple-touch-icon" href="/static/apple-touch-icon.`) ||
		!strings.Contains(page, `<link rel="icon" href="/static/favicon.`) {
		t.Fatalf("the home page does not declare its icons")
	}
	if resp, body := f.get(t, svg[1]); resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(body, "<svg") {
		t.Errorf("%s: %s", svg[1], resp.Header.Get("Content-Type"))
	}
}
