package app

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
)

// demoNode opens the demo with a controllable clock (and extra flags) and
// serves it on loopback, on SQLite.
func demoNode(t *testing.T, now func() time.Time, flags ...string) *node {
	t.Helper()
	cfg := testConfig(t, t.TempDir(), append([]string{"--demo"}, flags...)...)
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	return &node{App: a, url: srv.URL}
}

// cachedApp opens the demo with a controllable clock and serves it.
func cachedApp(t *testing.T, now func() time.Time) (*App, func(path string) (int, string)) {
	t.Helper()
	n := demoNode(t, now)
	a := n.App
	get := func(path string) (int, string) {
		t.Helper()
		return n.get(t, path)
	}
	return a, get
}

// TestPageCacheInvalidation: pages are served from the cache, and
// publishing, editing and unpublishing drop exactly the pages that show
// the article, so the next reader sees the change.
func TestPageCacheInvalidation(t *testing.T) {
	a, get := cachedApp(t, nil)
	ctx := context.Background()
	list, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(100))
	if err != nil {
		t.Fatal(err)
	}
	var other content.Article // an article in another section, whose page must survive
	first := list[0]
	for _, x := range list {
		if x.SectionID != first.SectionID {
			other = x
			break
		}
	}
	sec := first.Section
	get("/")
	get(sec.Path())
	get(other.Path())
	renders := a.Store.QueryCount()
	get("/")
	get(sec.Path())
	if a.Store.QueryCount() != renders {
		t.Errorf("cached pages ran %d queries", a.Store.QueryCount()-renders)
	}

	get("/sitemaps/news.xml") // cached before the change below

	// Publish: home and the section show it at once.
	fresh := content.Article{SectionID: sec.ID, Status: content.StatusPublished, Headline: "بریکنگ: نئی تازہ خبر",
		BodyHTML: "<p>تفصیل</p>", BodyText: "تفصیل", Slug: "breaking", Language: "ur", PublishedAt: time.Now(), UpdatedAt: time.Now()}
	if err := a.Store.SaveArticle(ctx, &fresh, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	a.articleChanged(ctx, fresh.ID) // what the newsroom calls
	for _, p := range []string{"/", sec.Path(), "/feed.xml"} {
		if _, body := get(p); !strings.Contains(body, fresh.Headline) {
			t.Errorf("%s does not show the published article", p)
		}
	}
	fresh, _ = a.Store.Article(ctx, fresh.ID)
	if _, body := get("/sitemaps/news.xml"); !strings.Contains(body, fresh.Path()) {
		t.Errorf("the news sitemap does not list the published article")
	}
	// The other section's article page was not dropped.
	before := a.Store.QueryCount()
	get(other.Path())
	if a.Store.QueryCount() != before {
		t.Errorf("an unrelated article page was rendered again")
	}

	// Edit: the new headline everywhere it was shown.
	get(fresh.Path())
	fresh.Headline = "بریکنگ: خبر کی نئی سرخی"
	if err := a.Store.SaveArticle(ctx, &fresh, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	a.articleChanged(ctx, fresh.ID)
	for _, p := range []string{"/", sec.Path(), fresh.Path()} {
		if _, body := get(p); !strings.Contains(body, fresh.Headline) {
			t.Errorf("%s still shows the old headline", p)
		}
	}
	// Move it to another section and retag it: the pages of the section
	// and tag it left drop it too, though the article no longer names them.
	tag, err := a.Store.EnsureTag(ctx, content.Tag{Slug: "بریکنگ", Name: "بریکنگ"})
	if err != nil {
		t.Fatal(err)
	}
	fresh, _ = a.Store.Article(ctx, fresh.ID)
	if err := a.Store.SaveArticle(ctx, &fresh, nil, []int64{tag}, 0); err != nil {
		t.Fatal(err)
	}
	a.articleChanged(ctx, fresh.ID)
	tagPage := content.Tag{Slug: "بریکنگ"}.Path()
	if _, body := get(tagPage); !strings.Contains(body, fresh.Headline) {
		t.Fatalf("the tag page does not list the tagged article")
	}
	var neighbour content.Article // another story of the section, listing fresh among its related
	for _, x := range list {
		if x.SectionID == sec.ID {
			neighbour = x
			break
		}
	}
	if _, body := get(neighbour.Path()); !strings.Contains(body, fresh.Headline) {
		t.Fatalf("%s does not list the new story as related", neighbour.Path())
	}
	fresh, _ = a.Store.Article(ctx, fresh.ID)
	fresh.SectionID = other.SectionID
	if err := a.Store.SaveArticle(ctx, &fresh, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	a.articleChanged(ctx, fresh.ID)
	for _, p := range []string{sec.Path(), tagPage, neighbour.Path()} {
		if _, body := get(p); strings.Contains(body, fresh.Headline) {
			t.Errorf("%s still lists the article that left it", p)
		}
	}
	if _, body := get(other.Section.Path()); !strings.Contains(body, fresh.Headline) {
		t.Errorf("the new section does not list the moved article")
	}

	// Unpublish: gone from its page and the lists.
	fresh, _ = a.Store.Article(ctx, fresh.ID)
	fresh.Status = content.StatusUnpublished
	if err := a.Store.SaveArticle(ctx, &fresh, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	a.articleChanged(ctx, fresh.ID)
	if code, _ := get(fresh.Path()); code != http.StatusNotFound {
		t.Errorf("unpublished article answers %d", code)
	}
	for _, p := range []string{"/", sec.Path()} {
		if _, body := get(p); strings.Contains(body, fresh.Headline) {
			t.Errorf("%s still lists the unpublished article", p)
		}
	}
}

// TestPageCacheMidnight: a page cached just before midnight is not served
// after it with yesterday's date.
func TestPageCacheMidnight(t *testing.T) {
	karachi, _ := time.LoadLocation("Asia/Karachi")
	var mu sync.Mutex
	now := time.Date(2026, 2, 18, 23, 59, 50, 0, karachi)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	_, get := cachedApp(t, clock)
	_, before := get("/")
	if !strings.Contains(before, `datetime="2026-02-18"`) {
		t.Fatalf("date bar before midnight: not the 18th")
	}
	mu.Lock()
	now = now.Add(15 * time.Second)
	mu.Unlock()
	if _, after := get("/"); !strings.Contains(after, `datetime="2026-02-19"`) {
		t.Errorf("after midnight the cached page still shows yesterday")
	}
}

// TestCachedViewsCounted: every reader's request of a cached article
// page is a view, none lost when the counter is flushed; bots are not.
func TestCachedViewsCounted(t *testing.T) {
	a, get := cachedApp(t, nil)
	ctx := context.Background()
	list, _ := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(1))
	art := list[0]
	start, _ := a.Store.TotalViews(ctx, art.ID)
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() { get(art.Path()) })
	}
	wg.Wait()
	req, _ := http.NewRequest("GET", "http://x"+art.Path(), nil)
	req.Header.Set("User-Agent", "Googlebot/2.1")
	rec := httptest.NewRecorder()
	a.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("bot request: %d", rec.Code)
	}
	if err := a.Views.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	end, _ := a.Store.TotalViews(ctx, art.ID)
	if end-start != 40 {
		t.Errorf("40 readers' requests counted %d views", end-start)
	}
}

// TestMostReadChangeDropsCachedPages: the most-read list is ranked again
// once a minute, and when the ranking changes every cached page showing
// the old list is dropped, even one whose own minute has not run out.
func TestMostReadChangeDropsCachedPages(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	a, get := cachedApp(t, clock)
	ctx := context.Background()
	list, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(100))
	if err != nil || len(list) < 2 {
		t.Fatal("demo articles", err)
	}
	page := list[0]
	get("/") // ranks the list at T
	advance(30 * time.Second)
	_, before := get(page.Path()) // cached at T+30s, until T+90s
	var rising content.Article
	for _, c := range list {
		if c.SectionID != page.SectionID && c.Headline != firstMostRead(before) {
			rising = c
			break
		}
	}
	if err := a.Store.AddViews(ctx, store.Hour(clock()), map[int64]int64{rising.ID: 1_000_000}); err != nil {
		t.Fatal(err)
	}
	advance(31 * time.Second) // T+61s: the ranking is a minute old
	get("/")                  // re-ranks: the rising story leads
	advance(time.Second)
	if _, after := get(page.Path()); firstMostRead(after) != rising.Headline {
		t.Errorf("a cached page still leads its most-read list with %q, want %q", firstMostRead(after), rising.Headline)
	}
}

// firstMostRead is the headline at the top of a page's most-read list.
func firstMostRead(page string) string {
	_, rest, _ := strings.Cut(page, `<ol class="most-read">`)
	_, rest, _ = strings.Cut(rest, `<li><a href="`)
	_, rest, _ = strings.Cut(rest, `">`)
	headline, _, _ := strings.Cut(rest, "</a>")
	return html.UnescapeString(headline)
}

// TestSearchPagesCached: a search result page is kept per query, a
// shared link's tracking parameters do not make it a new page, and any
// change to an article drops every kept result page, so a story that now
// matches (or no longer does) shows at once.
func TestSearchPagesCached(t *testing.T) {
	a, get := cachedApp(t, nil)
	ctx := context.Background()
	query := "/search?q=" + url.QueryEscape("سیلاب")
	if code, _ := get(query); code != http.StatusOK {
		t.Fatalf("search answers %d", code)
	}
	get("/")
	before := a.Store.QueryCount()
	for _, p := range []string{query, query + "&utm_source=whatsapp&fbclid=x1&utm=1", "/?utm_medium=social", "/?x=1"} {
		get(p)
	}
	if n := a.Store.QueryCount() - before; n != 0 {
		t.Errorf("a kept search page and links with tracking parameters ran %d queries", n)
	}
	// Other queries, sections and pages are pages of their own.
	before = a.Store.QueryCount()
	get(query + "&page=2")
	if a.Store.QueryCount() == before {
		t.Errorf("page 2 of the results was served as page 1")
	}

	list, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(1))
	if err != nil {
		t.Fatal(err)
	}
	story := content.Article{SectionID: list[0].SectionID, Status: content.StatusPublished,
		Headline: "سیلاب زدہ دیہات میں امدادی کیمپ", BodyHTML: "<p>امدادی کیمپ</p>", BodyText: "امدادی کیمپ",
		Slug: "relief-camps", Language: "ur", PublishedAt: time.Now(), UpdatedAt: time.Now()}
	if err := a.Store.SaveArticle(ctx, &story, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	a.articleChanged(ctx, story.ID)
	// (The headline comes with the query word marked; its link is plain.)
	if _, body := get(query + "&utm_campaign=x"); !strings.Contains(body, `/relief-camps"`) {
		t.Fatalf("the kept result page does not show a story published since")
	}
	story, _ = a.Store.Article(ctx, story.ID)
	story.Status = content.StatusUnpublished
	if err := a.Store.SaveArticle(ctx, &story, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	a.articleChanged(ctx, story.ID)
	if _, body := get(query); strings.Contains(body, `/relief-camps"`) {
		t.Errorf("the kept result page still shows an unpublished story")
	}
}

// TestRelatedListsFollowChanges: with the page cache off, article pages
// still keep their sections' related lists in memory; a story published
// into the section shows in them at once, and one moved away or
// unpublished leaves them at once.
func TestRelatedListsFollowChanges(t *testing.T) {
	n := demoNode(t, nil, "--page-cache-mb", "0")
	a := n.App
	ctx := context.Background()
	list, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(100))
	if err != nil {
		t.Fatal(err)
	}
	neighbour := list[0]
	var elsewhere int64
	for _, x := range list {
		if x.SectionID != neighbour.SectionID {
			elsewhere = x.SectionID
			break
		}
	}
	n.get(t, neighbour.Path()) // the section's list is now kept
	story := content.Article{SectionID: neighbour.SectionID, Status: content.StatusPublished,
		Headline: "شہر میں نئی بس سروس کا آغاز", BodyHTML: "<p>تفصیل</p>", BodyText: "تفصیل",
		Slug: "bus-service", Language: "ur", PublishedAt: time.Now(), UpdatedAt: time.Now()}
	if err := a.Store.SaveArticle(ctx, &story, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	a.articleChanged(ctx, story.ID)
	if _, body := n.get(t, neighbour.Path()); !strings.Contains(body, story.Headline) {
		t.Fatalf("a story published into the section is missing from its related list")
	}
	story, _ = a.Store.Article(ctx, story.ID)
	story.SectionID = elsewhere
	if err := a.Store.SaveArticle(ctx, &story, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	a.articleChanged(ctx, story.ID)
	if _, body := n.get(t, neighbour.Path()); strings.Contains(body, story.Headline) {
		t.Fatalf("a story moved to another section is still in its old section's related list")
	}
	story, _ = a.Store.Article(ctx, story.ID)
	story.SectionID = neighbour.SectionID
	story.Status = content.StatusUnpublished
	if err := a.Store.SaveArticle(ctx, &story, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	a.articleChanged(ctx, story.ID)
	if _, body := n.get(t, neighbour.Path()); strings.Contains(body, story.Headline) {
		t.Errorf("an unpublished story is still in the related list")
	}
}

// TestSectionNavFollowsChanges: the navigation, rendered once per section
// list, shows a section added since, on the next page served, with the
// current section still marked.
func TestSectionNavFollowsChanges(t *testing.T) {
	n := demoNode(t, nil, "--page-cache-mb", "0")
	a := n.App
	ctx := context.Background()
	list, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(1))
	if err != nil {
		t.Fatal(err)
	}
	story := list[0]
	_, body := n.get(t, story.Path())
	current := `<a href="` + story.Section.Path() + `" aria-current="page">`
	if !strings.Contains(body, current) {
		t.Fatalf("the article page does not mark its section in the navigation")
	}
	if _, err := a.Store.CreateSection(ctx, content.Section{Slug: "weather", Name: "موسم", Position: 99}); err != nil {
		t.Fatal(err)
	}
	a.Site.SectionsChanged(ctx)
	for _, p := range []string{story.Path(), "/"} {
		if _, body := n.get(t, p); !strings.Contains(body, `<a href="/weather/">موسم</a>`) {
			t.Errorf("%s: the navigation does not show the new section", p)
		}
	}
	if _, body := n.get(t, story.Path()); !strings.Contains(body, current) {
		t.Errorf("the article page lost its current section in the navigation")
	}
}
