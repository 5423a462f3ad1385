package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"akhbar/internal/compress"
	"akhbar/internal/content"
	"akhbar/internal/demo"
	"akhbar/internal/pagecache"
	"akhbar/internal/site"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
	"akhbar/web"
)

// clock is the tests' now: the demo's stories are published before it.
var clock = time.Date(2026, 2, 18, 9, 0, 0, 0, time.UTC)

const base = "https://akhbar.example"

// readFixture is the demo site's API behind the page cache, as app.routes
// serves it, with a story of story blocks and stories in every state
// that must never show.
type readFixture struct {
	store  *store.Store
	site   *site.Site
	srv    *httptest.Server
	story  content.Article // published, with story blocks
	rel    content.Article // the published story its related box names
	hidden []content.Article
	images []content.Media
}

func newReadFixture(t *testing.T, s *store.Store) *readFixture {
	t.Helper()
	ctx := context.Background()
	if ok, err := demo.Load(ctx, s, clock); err != nil || !ok {
		t.Fatalf("demo.Load = %v, %v", ok, err)
	}
	assets, err := web.LoadStatic()
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return clock }
	cache := pagecache.New(64<<20, now)
	st, err := site.New(ctx, site.Options{Store: s, Assets: assets, BaseURL: base, Now: now, Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	a := New(Options{Store: s, Site: st, Now: now})
	h := CORS(pagecache.HandlerWith(cache, compress.Handler(a), pagecache.Options{Query: CanonicalQuery}))
	f := &readFixture{store: s, site: st, srv: httptest.NewServer(h)}
	t.Cleanup(f.srv.Close)

	for i, name := range []string{"jalsa", "poster"} {
		m := content.Media{Format: "jpeg", Width: 1600, Height: 900, Bytes: 200000, Filename: name + ".jpg",
			Caption: "کیپشن " + name, Credit: "اے پی پی", Alt: "منظر " + name, CreatedAt: clock, UpdatedAt: clock,
			Variants: []content.MediaVariant{
				{Width: 640, Height: 360, Format: "jpeg", Key: fmt.Sprintf("ab/%02d/%s-640.jpg", i, name), Bytes: 40000},
				{Width: 1280, Height: 720, Format: "jpeg", Key: fmt.Sprintf("ab/%02d/%s-1280.jpg", i, name), Bytes: 120000},
				{Width: 640, Height: 360, Format: "webp", Key: fmt.Sprintf("ab/%02d/%s-640.webp", i, name), Bytes: 30000},
			}}
		if err := s.CreateMedia(ctx, &m); err != nil {
			t.Fatal(err)
		}
		f.images = append(f.images, m)
	}
	secs, err := s.Sections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sec := secs[0]
	f.rel = content.Article{SectionID: sec.ID, Status: content.StatusPublished, Headline: "بجٹ میں تعلیم کے لیے اضافی رقم",
		Slug: "budget-taleem", Language: "ur", BodyHTML: "<p>متن</p>", BodyText: "متن", PublishedAt: clock.Add(-3 * time.Hour),
		UpdatedAt: clock.Add(-3 * time.Hour)}
	if err := s.SaveArticle(ctx, &f.rel, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	f.rel.Section = sec
	for _, st := range []content.Status{content.StatusDraft, content.StatusSubmitted, content.StatusScheduled, content.StatusUnpublished} {
		x := content.Article{SectionID: sec.ID, Status: st, Headline: "چھپی ہوئی خبر " + string(st), Slug: "hidden-" + string(st),
			Language: "ur", BodyHTML: "<p>نہ دکھے</p>", BodyText: "نہ دکھے", UpdatedAt: clock.Add(-time.Minute)}
		if st == content.StatusScheduled {
			x.PublishedAt = clock.Add(time.Hour)
		}
		if st == content.StatusUnpublished {
			x.PublishedAt = clock.Add(-time.Hour)
		}
		if err := s.SaveArticle(ctx, &x, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
		f.hidden = append(f.hidden, x)
	}
	id := func(n int64) string { return fmt.Sprint(n) }
	body := content.PrepareBody(`<p>کراچی میں <a href="/national/">جلسہ</a> ہوا۔</p>` +
		`<figure data-block="image" data-media="` + id(f.images[0].ID) + `"><figcaption>جلسے کا منظر</figcaption></figure>` +
		`<figure data-block="embed" data-url="https://x.com/GovtofPakistan/status/1770123456789" data-poster="` + id(f.images[1].ID) + `"><figcaption>حکومت کا اعلان</figcaption></figure>` +
		`<figure data-block="pullquote"><blockquote><p>ہم مشکل فیصلے کریں گے۔</p></blockquote><figcaption>وزیر خزانہ</figcaption></figure>` +
		`<table><caption>نتائج</caption><tr><th>جماعت</th><th>نشستیں</th></tr><tr><td>الف</td><td>120</td></tr></table>` +
		`<aside data-block="related" data-article="` + id(f.rel.ID) + `"></aside>` +
		`<aside data-block="related" data-article="` + id(f.hidden[0].ID) + `"></aside>` +
		`<h2>آخری بات</h2><p>آخری پیراگراف۔</p>`)
	f.story = content.Article{SectionID: sec.ID, Status: content.StatusPublished, Headline: "جلسے کی تصویری کہانی",
		Strapline: "شہر بھر سے لوگ آئے", Slug: "jalsa", Language: "ur", BodyHTML: body, BodyText: content.PlainText(body),
		PublishedAt: clock.Add(-time.Hour), UpdatedAt: clock.Add(-time.Hour), DatelineSource: "نیوز ڈیسک", DatelinePlace: "کراچی",
		LeadMediaID: f.images[0].ID}
	if err := s.SaveArticle(ctx, &f.story, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	if f.story, err = s.Article(ctx, f.story.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

// get fetches path with optional header pairs and returns the answer and
// its body.
func (f *readFixture) get(t *testing.T, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// getJSON fetches path, wants 200 and decodes the answer into v.
func (f *readFixture) getJSON(t *testing.T, path string, v any) *http.Response {
	t.Helper()
	resp, b := f.get(t, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v\n%s", path, err, b)
	}
	return resp
}

// wantProblem fetches path and wants a problem of this status and type
// whose detail names want.
func (f *readFixture) wantProblem(t *testing.T, path string, status int, typ ProblemType, want string) Problem {
	t.Helper()
	resp, b := f.get(t, path)
	var p Problem
	if resp.StatusCode != status || resp.Header.Get("Content-Type") != "application/problem+json" || json.Unmarshal(b, &p) != nil {
		t.Fatalf("GET %s: %d %s %s, want a %d problem", path, resp.StatusCode, resp.Header.Get("Content-Type"), b, status)
	}
	if p.Type != typ.URI || p.Title != typ.Title || p.Status != status || !strings.Contains(p.Detail, want) {
		t.Errorf("GET %s: problem %+v, want type %s naming %q", path, p, typ.URI, want)
	}
	if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("GET %s: problem without CORS", path)
	}
	return p
}

type articleList struct {
	Items      []articleJSON `json:"items"`
	NextCursor *string       `json:"next_cursor"`
}

// walk follows next_cursor from path to the end and returns every item.
func (f *readFixture) walk(t *testing.T, path string) []articleJSON {
	t.Helper()
	var all []articleJSON
	next := path
	for range 1000 {
		var page articleList
		f.getJSON(t, next, &page)
		all = append(all, page.Items...)
		if page.NextCursor == nil {
			return all
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		next = path + sep + "cursor=" + url.QueryEscape(*page.NextCursor)
	}
	t.Fatalf("%s: no end after 1000 pages", path)
	return nil
}

func ids(list []articleJSON) []int64 {
	out := make([]int64, len(list))
	for i, a := range list {
		out[i] = a.ID
	}
	return out
}

// TestReadArticleList: the list holds every published story once, newest
// first, page after page; filters keep what they name; the sync order
// runs oldest change first; no draft, submitted, scheduled or withdrawn
// story ever shows.
func TestReadArticleList(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newReadFixture(t, s)
		ctx := context.Background()
		published, err := s.ListArticles(ctx, store.PublishedArticles().Limit(10000))
		if err != nil {
			t.Fatal(err)
		}

		var first articleList
		resp := f.getJSON(t, "/api/v1/articles", &first)
		if len(first.Items) != DefaultLimit || first.NextCursor == nil {
			t.Fatalf("first page: %d items, next %v; want %d and a cursor", len(first.Items), first.NextCursor, DefaultLimit)
		}
		if resp.Header.Get("Access-Control-Allow-Origin") != "*" || resp.Header.Get("ETag") == "" {
			t.Errorf("list answer headers: %v", resp.Header)
		}
		all := f.walk(t, "/api/v1/articles?limit=7")
		want := make([]int64, len(published))
		for i, a := range published {
			want[i] = a.ID
		}
		if got := ids(all); !slices.Equal(got, want) {
			t.Fatalf("walking the list by cursor gave %v, want %v (newest first, each once)", got, want)
		}
		for _, h := range f.hidden {
			if slices.Contains(ids(all), h.ID) {
				t.Errorf("the %s story %d is listed", h.Status, h.ID)
			}
		}
		// The story with blocks, in full detail.
		var story articleJSON
		for _, a := range all {
			if a.ID == f.story.ID {
				story = a
			}
		}
		if story.URL != base+f.story.Path() || story.Headline != f.story.Headline || story.Section.Slug != f.story.Section.Slug ||
			story.PublishedAt != f.story.PublishedAt.UTC().Format(time.RFC3339) || story.Dateline == nil ||
			story.Dateline.Place != "کراچی" || story.LeadImage == nil || len(story.LeadImage.Renditions) != 3 ||
			!strings.HasPrefix(story.LeadImage.URL, base+"/media/") {
			t.Errorf("the story in the list: %+v", story)
		}

		// Filters.
		sec := f.story.Section
		withTags, err := s.ListArticles(ctx, store.PublishedArticles().Limit(10000).WithBody())
		if err != nil {
			t.Fatal(err)
		}
		var tagged content.Tag
		var bylined content.User
		for _, a := range withTags {
			if len(a.Tags) > 0 && tagged.ID == 0 {
				tagged = a.Tags[0]
			}
			if len(a.Authors) > 0 && bylined.ID == 0 {
				bylined = a.Authors[0]
			}
		}
		for _, c := range []struct {
			query string
			q     *store.ArticleQuery
		}{
			{"section=" + sec.Slug, store.PublishedArticles().InSection(sec.ID)},
			{"tag=" + url.QueryEscape(tagged.Slug), store.PublishedArticles().WithTag(tagged.ID)},
			{"author=" + bylined.Slug, store.PublishedArticles().ByAuthor(bylined.ID)},
			{"section=" + sec.Slug + "&tag=" + url.QueryEscape(tagged.Slug), store.PublishedArticles().InSection(sec.ID).WithTag(tagged.ID)},
		} {
			exp, err := s.ListArticles(ctx, c.q.Limit(10000))
			if err != nil {
				t.Fatal(err)
			}
			got := ids(f.walk(t, "/api/v1/articles?limit=3&"+c.query))
			var w []int64
			for _, a := range exp {
				w = append(w, a.ID)
			}
			if !slices.Equal(got, w) {
				t.Errorf("?%s: %v, want %v", c.query, got, w)
			}
		}

		// The sync order: changed at or after the time, oldest first.
		since := clock.Add(-90 * time.Minute)
		synced := f.walk(t, "/api/v1/articles?limit=2&updated_since="+url.QueryEscape(since.Format(time.RFC3339)))
		var wantSync []int64
		for _, a := range published {
			if !store.ChangedAt(a).Before(since) {
				wantSync = append(wantSync, a.ID)
			}
		}
		if len(synced) != len(wantSync) || len(synced) == 0 {
			t.Fatalf("updated_since %s: %d stories, want %d", since, len(synced), len(wantSync))
		}
		for i, a := range synced {
			if !slices.Contains(wantSync, a.ID) {
				t.Errorf("updated_since: story %d changed before %s", a.ID, since)
			}
			if i > 0 && (a.UpdatedAt < synced[i-1].UpdatedAt || a.UpdatedAt == synced[i-1].UpdatedAt && a.ID < synced[i-1].ID) {
				t.Errorf("updated_since: %d (%s) after %d (%s): not oldest change first", a.ID, a.UpdatedAt, synced[i-1].ID, synced[i-1].UpdatedAt)
			}
		}
	})
}

// TestReadRefusals: every bad parameter is a 400 problem naming it, in
// Urdu; a missing, draft or withdrawn story is the same 404.
func TestReadRefusals(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newReadFixture(t, s)
		pCursor := cursor{kind: 'p', unix: clock.Unix(), id: 5}.String()
		for _, c := range []struct{ path, names string }{
			{"/api/v1/articles?limit=0", "limit"},
			{"/api/v1/articles?limit=101", "limit"},
			{"/api/v1/articles?limit=ten", "limit"},
			{"/api/v1/articles?limit=05", "limit"},
			{"/api/v1/articles?cursor=bm9wZQ", "cursor"},
			{"/api/v1/articles?cursor=%%%", "کوئری"},
			{"/api/v1/articles?cursor=" + pCursor + "&updated_since=2026-01-01T00:00:00Z", "cursor"},
			{"/api/v1/tags?cursor=" + pCursor, "cursor"},
			{"/api/v1/articles?updated_since=yesterday", "updated_since"},
			{"/api/v1/articles?updated_since=2026-01-01", "updated_since"},
			{"/api/v1/articles?section=no-such-section", "section"},
			{"/api/v1/articles?tag=no-such-tag", "tag"},
			{"/api/v1/articles?author=no-such-author", "author"},
			{"/api/v1/articles?section=", "section"},
			{"/api/v1/articles?page=2", "page"},
			{"/api/v1/articles?limit=5&limit=6", "limit"},
			{"/api/v1/sections?limit=5", "limit"},
			{"/api/v1/articles/" + fmt.Sprint(f.story.ID) + "?full=1", "full"},
			{"/api/v1/search?q=", "q"},
			{"/api/v1/search?section=national", "q"},
			{"/api/v1/search?q=%D8%AC%D9%84%D8%B3%DB%81&section=nope", "section"},
		} {
			f.wantProblem(t, c.path, http.StatusBadRequest, ProblemBadRequest, c.names)
		}
		missing := f.wantProblem(t, "/api/v1/articles/999999", http.StatusNotFound, ProblemNotFound, "")
		for _, h := range f.hidden {
			if p := f.wantProblem(t, fmt.Sprint("/api/v1/articles/", h.ID), http.StatusNotFound, ProblemNotFound, ""); p.Detail != missing.Detail || p.Title != missing.Title {
				t.Errorf("the %s story answers %+v, a missing one %+v", h.Status, p, missing)
			}
		}
		for _, path := range []string{"/api/v1/articles/abc", "/api/v1/articles/0", "/api/v1/articles/-1", "/api/v1/articles/007"} {
			f.wantProblem(t, path, http.StatusNotFound, ProblemNotFound, "")
		}
	})
}

type fullArticle struct {
	articleJSON
	BodyHTML string `json:"body_html"`
	Blocks   []struct {
		Type       string         `json:"type"`
		HTML       string         `json:"html"`
		Level      int            `json:"level"`
		Caption    string         `json:"caption"`
		Image      *imageJSON     `json:"image"`
		Embed      *embedJSON     `json:"embed"`
		Paragraphs []string       `json:"paragraphs"`
		Head       [][]cellJSON   `json:"head"`
		Rows       [][]cellJSON   `json:"rows"`
		Article    *articleRefRel `json:"article"`
	} `json:"blocks"`
}

// TestReadArticle: one story with its body as HTML a client can show
// (absolute addresses, embeds as links, nothing that runs) and as blocks
// (images with renditions, embeds by provider and id, related stories
// that are published).
func TestReadArticle(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newReadFixture(t, s)
		var a fullArticle
		resp := f.getJSON(t, fmt.Sprint("/api/v1/articles/", f.story.ID), &a)
		if resp.Header.Get("ETag") == "" {
			t.Error("no ETag")
		}
		if a.ID != f.story.ID || a.URL != base+f.story.Path() || a.Headline != f.story.Headline ||
			a.Strapline != f.story.Strapline || a.Language != "ur" || a.UpdatedAt != clock.Add(-time.Hour).Format(time.RFC3339) {
			t.Errorf("article: %+v", a.articleJSON)
		}
		for _, want := range []string{
			`<a href="` + base + `/national/" rel="nofollow">جلسہ</a>`,
			`<img src="` + base + `/media/ab/00/jalsa-1280.jpg"`,
			`جلسے کا منظر — اے پی پی`,
			`<a href="https://x.com/GovtofPakistan/status/1770123456789">حکومت کا اعلان</a>`,
			`<blockquote><p>ہم مشکل فیصلے کریں گے۔</p>`,
			`<table><caption>نتائج</caption>`,
			`یہ بھی پڑھیں: <a href="` + base + f.rel.Path() + `">` + f.rel.Headline + `</a>`,
			`<h2>آخری بات</h2>`,
		} {
			if !strings.Contains(a.BodyHTML, want) {
				t.Errorf("body_html lacks %s\n%s", want, a.BodyHTML)
			}
		}
		for _, never := range []string{"<iframe", "<script", f.hidden[0].Headline, `src="/`, `href="/`, "data-block"} {
			if strings.Contains(a.BodyHTML, never) {
				t.Errorf("body_html holds %q", never)
			}
		}
		var types []string
		for _, b := range a.Blocks {
			types = append(types, b.Type)
		}
		if want := []string{"paragraph", "image", "embed", "pullquote", "table", "related", "heading", "paragraph"}; !slices.Equal(types, want) {
			t.Fatalf("blocks %v, want %v (the draft's related box left out)", types, want)
		}
		img := a.Blocks[1]
		if img.Image == nil || img.Image.ID != f.images[0].ID || img.Image.Alt != "منظر jalsa" || img.Caption != "جلسے کا منظر" ||
			len(img.Image.Renditions) != 3 || img.Image.Renditions[0].Type != "image/jpeg" || img.Image.Renditions[0].Width != 640 ||
			img.Image.Renditions[2].Type != "image/webp" || img.Image.Renditions[1].URL != base+"/media/ab/00/jalsa-1280.jpg" {
			t.Errorf("image block: %+v %+v", img, img.Image)
		}
		e := a.Blocks[2].Embed
		if e == nil || e.Provider != "x" || e.ID != "1770123456789" || e.URL != "https://x.com/GovtofPakistan/status/1770123456789" ||
			e.Kind != "post" || e.Title != "حکومت کا اعلان" || e.Poster == nil || e.Poster.ID != f.images[1].ID {
			t.Errorf("embed block: %+v", e)
		}
		if pq := a.Blocks[3]; len(pq.Paragraphs) != 1 || pq.Caption != "وزیر خزانہ" {
			t.Errorf("pull quote block: %+v", pq)
		}
		if tb := a.Blocks[4]; len(tb.Rows)+len(tb.Head) != 2 || tb.Caption != "نتائج" {
			t.Errorf("table block: %+v", tb)
		}
		if r := a.Blocks[5].Article; r == nil || r.ID != f.rel.ID || r.URL != base+f.rel.Path() || r.Headline != f.rel.Headline {
			t.Errorf("related block: %+v", r)
		}
		if h := a.Blocks[6]; h.Level != 2 || h.HTML != "<h2>آخری بات</h2>" {
			t.Errorf("heading block: %+v", h)
		}
	})
}

// TestReadCache: answers are kept like pages (a hit runs no query, a
// canonical query is one key whatever the parameters' order), carry an
// ETag that answers If-None-Match with 304, are dropped when a story they
// show changes, and a request with Authorization is never served from, or
// kept in, the cache.
func TestReadCache(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newReadFixture(t, s)
		ctx := context.Background()
		sec := f.story.Section.Slug
		resp, body := f.get(t, "/api/v1/articles?limit=5&section="+sec)
		etag := resp.Header.Get("ETag")
		if resp.StatusCode != http.StatusOK || etag == "" {
			t.Fatalf("%d, ETag %q", resp.StatusCode, etag)
		}
		before := s.QueryCount()
		resp2, body2 := f.get(t, "/api/v1/articles?section="+sec+"&limit=5")
		if s.QueryCount() != before || string(body2) != string(body) || resp2.Header.Get("ETag") != etag {
			t.Errorf("the same query in another order was not a cache hit (%d queries)", s.QueryCount()-before)
		}
		resp3, _ := f.get(t, "/api/v1/articles?limit=5&section="+sec, "If-None-Match", etag)
		if resp3.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match with the ETag: %d, want 304", resp3.StatusCode)
		}
		if resp4, _ := f.get(t, "/api/v1/articles?limit=5&section="+sec, "If-None-Match", `"other"`); resp4.StatusCode != http.StatusOK {
			t.Errorf("If-None-Match with another ETag: %d, want 200", resp4.StatusCode)
		}
		storyPath := fmt.Sprint("/api/v1/articles/", f.story.ID)
		if r, _ := f.get(t, storyPath); r.StatusCode != http.StatusOK {
			t.Fatal(r.Status)
		}
		before = s.QueryCount()
		if r, _ := f.get(t, storyPath, "Authorization", "Bearer whatever"); r.StatusCode != http.StatusOK || s.QueryCount() == before {
			t.Errorf("a request with Authorization was answered from the cache (%d)", r.StatusCode)
		}

		// Withdraw the story: gone from the list and its URL 404s at once.
		var list articleList
		f.getJSON(t, "/api/v1/articles?limit=5&section="+sec, &list)
		if !slices.Contains(ids(list.Items), f.story.ID) {
			t.Fatalf("the story is not in its section's list: %v", ids(list.Items))
		}
		x, err := s.Article(ctx, f.story.ID)
		if err != nil {
			t.Fatal(err)
		}
		x.Status = content.StatusUnpublished
		if err := s.SaveArticle(ctx, &x, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
		f.site.ArticleChanged(ctx, x.ID) // what the newsroom's change does
		f.getJSON(t, "/api/v1/articles?limit=5&section="+sec, &list)
		if slices.Contains(ids(list.Items), f.story.ID) {
			t.Errorf("the withdrawn story is still listed")
		}
		f.getJSON(t, "/api/v1/articles", &list)
		if slices.Contains(ids(list.Items), f.story.ID) {
			t.Errorf("the withdrawn story is still in the unfiltered list")
		}
		f.wantProblem(t, storyPath, http.StatusNotFound, ProblemNotFound, "")
		if r, _ := f.get(t, "/api/v1/articles?limit=5&section="+sec, "If-None-Match", etag); r.StatusCode != http.StatusOK {
			t.Errorf("the old ETag still answers 304 after the change")
		}

		// Publish it again: back at once (a 404 is never kept).
		x.Status = content.StatusPublished
		if err := s.SaveArticle(ctx, &x, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
		f.site.ArticleChanged(ctx, x.ID)
		var back fullArticle
		f.getJSON(t, storyPath, &back)
		// Edit the related story: the story's body shows its new headline.
		rel, _ := s.Article(ctx, f.rel.ID)
		rel.Headline = "بجٹ: تعلیم کی رقم دگنی"
		if err := s.SaveArticle(ctx, &rel, nil, nil, 0); err != nil {
			t.Fatal(err)
		}
		f.site.ArticleChanged(ctx, rel.ID)
		f.getJSON(t, storyPath, &back)
		if !strings.Contains(back.BodyHTML, rel.Headline) {
			t.Errorf("the body still shows the related story's old headline")
		}
	})
}

// TestReadIndexes: sections, tags and authors page by page, most-read as
// the site ranks it, and the breaking strip or null.
func TestReadIndexes(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newReadFixture(t, s)
		ctx := context.Background()
		var secs items[sectionJSON]
		f.getJSON(t, "/api/v1/sections", &secs)
		stored, _ := s.Sections(ctx)
		if len(secs.Items) != len(stored) || secs.Items[0].Slug != stored[0].Slug || secs.Items[0].URL != base+stored[0].Path() {
			t.Errorf("sections: %+v", secs.Items)
		}

		var tags []tagJSON
		next := "/api/v1/tags?limit=4"
		for range 200 {
			var page list[tagJSON]
			f.getJSON(t, next, &page)
			tags = append(tags, page.Items...)
			if page.NextCursor == nil {
				break
			}
			next = "/api/v1/tags?limit=4&cursor=" + *page.NextCursor
		}
		var all list[tagJSON]
		f.getJSON(t, "/api/v1/tags", &all)
		if len(tags) == 0 || len(tags) != len(all.Items) || all.NextCursor != nil {
			t.Errorf("tags: %d by fours, %d at once", len(tags), len(all.Items))
		}
		for i, tg := range tags {
			if i > 0 && tg.ID <= tags[i-1].ID || !strings.HasPrefix(tg.URL, base+"/tag/%") {
				t.Errorf("tag %+v out of order or with an unescaped URL", tg)
			}
		}

		var authors list[authorJSON]
		f.getJSON(t, "/api/v1/authors", &authors)
		if len(authors.Items) == 0 {
			t.Fatal("no authors")
		}
		for _, u := range authors.Items {
			full, err := s.UserBySlug(ctx, u.Slug)
			if err != nil || full.ID != u.ID || u.URL != base+full.Path() {
				t.Errorf("author %+v", u)
			}
		}
		if b, _ := f.get(t, "/api/v1/authors"); strings.Contains(fmt.Sprint(b.Header), "@") {
			t.Error("an email address leaked")
		}
		if _, b := f.get(t, "/api/v1/authors"); strings.Contains(string(b), "@") || strings.Contains(string(b), "password") {
			t.Errorf("authors show private fields: %s", b)
		}

		// Most read: the site's list, in its order, with full summaries.
		if err := s.AddViews(ctx, store.Hour(clock), map[int64]int64{f.story.ID: 5_000_000, f.rel.ID: 3_000_000, f.hidden[0].ID: 9_000_000}); err != nil {
			t.Fatal(err)
		}
		var mr items[articleJSON]
		f.getJSON(t, "/api/v1/most-read", &mr)
		ranked, err := f.site.MostRead(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(mr.Items) != len(ranked) || len(mr.Items) < 2 || mr.Items[0].ID != f.story.ID || mr.Items[1].ID != f.rel.ID ||
			mr.Items[0].LeadImage == nil {
			t.Errorf("most read: %v, the site's %d", ids(mr.Items), len(ranked))
		}

		// Breaking: null, then the strip raised in the newsroom.
		var br breakingAnswer
		if _, b := f.get(t, "/api/v1/breaking"); strings.TrimSpace(string(b)) != `{"breaking":null}` {
			t.Errorf("no strip: %s", b)
		}
		strip := content.Breaking{Text: "اہم خبر: اجلاس ملتوی", ArticleID: f.story.ID, ExpiresAt: clock.Add(30 * time.Minute)}
		if err := s.RaiseBreaking(ctx, &strip, clock); err != nil {
			t.Fatal(err)
		}
		if err := f.site.BreakingChanged(ctx); err != nil {
			t.Fatal(err)
		}
		f.getJSON(t, "/api/v1/breaking", &br)
		if br.Breaking == nil || br.Breaking.Text != strip.Text || br.Breaking.URL == nil || *br.Breaking.URL != base+f.story.Path() ||
			br.Breaking.ExpiresAt != strip.ExpiresAt.UTC().Format(time.RFC3339) {
			t.Errorf("strip: %+v", br.Breaking)
		}
	})
}

// TestReadSearch: the site's search, with its folding, page by page.
func TestReadSearch(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newReadFixture(t, s)
		var res searchJSON
		// «تصویری» typed with a vowel mark still finds the headline's word.
		f.getJSON(t, "/api/v1/search?q="+url.QueryEscape("تصوِیری کہانی"), &res)
		if len(res.Items) == 0 || res.Items[0].ID != f.story.ID || res.Total < 1 || res.Items[0].URL != base+f.story.Path() {
			t.Fatalf("search: %+v", res)
		}
		// Quoted, so that only the hidden stories' words match: «دکھے»
		// alone also finds the published «دکھا کر» (one verb's forms).
		if resp, _ := f.get(t, "/api/v1/search?q="+url.QueryEscape(`"نہ دکھے"`)); resp.StatusCode != http.StatusOK {
			t.Fatal(resp.Status)
		}
		var hidden searchJSON
		f.getJSON(t, "/api/v1/search?q="+url.QueryEscape(`"نہ دکھے"`), &hidden)
		if len(hidden.Items) != 0 {
			t.Errorf("search finds unpublished stories: %v", hidden.Items)
		}
		// Paging: a common word, two at a time, no story twice.
		seen := map[int64]bool{}
		next := "/api/v1/search?limit=2&q=" + url.QueryEscape("کے")
		pages := 0
		for ; pages < 50; pages++ {
			var page searchJSON
			f.getJSON(t, next, &page)
			for _, it := range page.Items {
				if seen[it.ID] {
					t.Errorf("story %d on two pages", it.ID)
				}
				seen[it.ID] = true
			}
			if page.NextCursor == nil {
				break
			}
			next = "/api/v1/search?limit=2&q=" + url.QueryEscape("کے") + "&cursor=" + *page.NextCursor
		}
		if pages < 2 {
			t.Errorf("a common word fits one page of two: %d stories", len(seen))
		}
	})
}

// TestCanonicalQuery: one spelling per query, none for a bad one.
func TestCanonicalQuery(t *testing.T) {
	c := cursor{kind: 'p', unix: 1700000000, id: 42}.String()
	for _, tc := range []struct {
		path, query, want string
		ok                bool
	}{
		{"/api/v1/articles", "section=sports&limit=5", "limit=5&section=sports", true},
		{"/api/v1/articles", "limit=5&section=sports", "limit=5&section=sports", true},
		{"/api/v1/articles", "cursor=" + c, "cursor=" + c, true},
		{"/api/v1/articles", "updated_since=2026-02-18T14:00:00%2B05:00", "updated_since=2026-02-18T09%3A00%3A00Z", true},
		{"/api/v1/articles", "limit=500", "", false},
		{"/api/v1/articles", "utm_source=x", "", false},
		{"/api/v1/articles", "limit=5&limit=5", "", false},
		{"/api/v1/articles/12", "x=1", "", false},
		{"/api/v1/search", "q=%D8%AE%D8%A8%D8%B1", "q=%D8%AE%D8%A8%D8%B1", true},
		{"/somewhere", "a=1", "", false},
	} {
		v, _ := url.ParseQuery(tc.query)
		got, ok := CanonicalQuery(tc.path, v)
		if got != tc.want || ok != tc.ok {
			t.Errorf("CanonicalQuery(%s?%s) = %q, %v; want %q, %v", tc.path, tc.query, got, ok, tc.want, tc.ok)
		}
	}
	for _, s := range []string{c, cursor{kind: 'u', unix: 0, id: 1}.String(), cursor{kind: 'i', id: 9}.String(), cursor{kind: 's', page: 3}.String()} {
		if got, ok := parseCursor(s); !ok || got.String() != s {
			t.Errorf("cursor %s does not read back: %+v %v", s, got, ok)
		}
	}
	for _, bad := range []string{"", "cDox", "cDoxOjA", "cDowMToy", "eDoxOjI", c + "=", strings.Repeat("A", 200)} {
		if _, ok := parseCursor(bad); ok {
			t.Errorf("cursor %q accepted", bad)
		}
	}
}
