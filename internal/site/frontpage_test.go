package site_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/demo"
	"akhbar/internal/pagecache"
	"akhbar/internal/site"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
	"akhbar/web"
)

// movingClock is a clock the test moves on.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *movingClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// homeParts splits a home page into its lead's path, the top stories'
// paths in order, and each section block's paths by section slug.
func homeParts(t *testing.T, page string) (lead string, top []string, blocks map[string][]string) {
	t.Helper()
	card := regexp.MustCompile(`<h3 class="card-headline"><a href="([^"]+)"`)
	paths := func(s string) []string {
		var out []string
		for _, m := range card.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		return out
	}
	if m := regexp.MustCompile(`<h2 class="lead-headline"><a href="([^"]+)"`).FindStringSubmatch(page); m != nil {
		lead = m[1]
	}
	if m := regexp.MustCompile(`(?s)<section class="latest".*?</section>`).FindString(page); m != "" {
		top = paths(m)
	}
	blocks = map[string][]string{}
	for _, m := range regexp.MustCompile(`(?s)<section class="section-block" aria-labelledby="block-([^"]+)">(.*?)</section>`).FindAllStringSubmatch(page, -1) {
		blocks[m[1]] = paths(m[2])
	}
	return lead, top, blocks
}

// noRepeats fails when a story shows twice among the lead and the top
// stories, or twice in one block.
func noRepeats(t *testing.T, when, lead string, top []string, blocks map[string][]string) {
	t.Helper()
	seen := map[string]bool{lead: true}
	for _, p := range top {
		if seen[p] {
			t.Errorf("%s: %s shows twice among the lead and the top stories", when, p)
		}
		seen[p] = true
	}
	for slug, list := range blocks {
		in := map[string]bool{}
		for _, p := range list {
			if in[p] {
				t.Errorf("%s: %s shows twice in the %s block", when, p, slug)
			}
			in[p] = true
		}
	}
}

// TestHomeFollowsFrontPage: with the page cache on, the home page shows
// the placed lead, the top stories at their places and a section's pick
// on the very next request after a save, none twice; when a pin passes
// the page goes from the cache by itself and its slot fills by recency.
func TestHomeFollowsFrontPage(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := &movingClock{t: clock}
		if ok, err := demo.Load(ctx, s, now.Now()); err != nil || !ok {
			t.Fatalf("demo.Load = %v, %v", ok, err)
		}
		assets, err := web.LoadStatic()
		if err != nil {
			t.Fatal(err)
		}
		cache := pagecache.New(64<<20, now.Now)
		st, err := site.New(ctx, site.Options{Store: s, Assets: assets, BaseURL: "https://akhbar.example", Now: now.Now, Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		mux := http.NewServeMux()
		st.Register(mux)
		srv := httptest.NewServer(pagecache.Handler(cache, mux, nil))
		t.Cleanup(srv.Close)
		home := func() string {
			t.Helper()
			resp, err := http.Get(srv.URL + "/")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("home: %d, %v", resp.StatusCode, err)
			}
			return string(b)
		}

		all, err := s.ListArticles(ctx, store.PublishedArticles().Limit(200).WithoutBylines())
		if err != nil {
			t.Fatal(err)
		}
		lead0, top0, blocks0 := homeParts(t, home())
		if lead0 != all[0].Path() || len(top0) != content.TopSlots || top0[0] != all[1].Path() {
			t.Fatalf("before any placement: lead %s, %d top stories; want the newest first", lead0, len(top0))
		}
		noRepeats(t, "by recency", lead0, top0, blocks0)
		// Old stories, which recency would not show: the lead, top stories
		// 1 and 4 (4 pinned for half a minute), and a section's pick.
		old := all[len(all)-1]
		var pick content.Article
		for _, a := range all[len(all)/2:] {
			if a.SectionID != old.SectionID {
				pick = a
				break
			}
		}
		first, fourth := all[len(all)-2], all[len(all)-3]
		pin := now.Now().Add(30 * time.Second)
		v, err := s.FrontPageVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.SetFrontPage(ctx, content.FrontPage{Version: v, Placements: []content.Placement{
			{Slot: content.SlotLead, ArticleID: old.ID},
			{Slot: content.SlotTop, Position: 0, ArticleID: first.ID},
			{Slot: content.SlotTop, Position: 3, ArticleID: fourth.ID, PinnedUntil: pin},
			// The newest story, placed lower down: recency skips it above.
			{Slot: content.SlotTop, Position: 5, ArticleID: all[0].ID},
			{Slot: content.SlotSection, SectionID: pick.SectionID, ArticleID: pick.ID},
		}}, 0, now.Now())
		if err != nil {
			t.Fatal(err)
		}
		home() // still the cached page: nothing told the site yet
		if err := st.FrontPageChanged(ctx); err != nil {
			t.Fatal(err)
		}

		lead, top, blocks := homeParts(t, home())
		want := []string{first.Path(), all[1].Path(), all[2].Path(), fourth.Path(), all[3].Path(), all[0].Path(),
			all[4].Path(), all[5].Path(), all[6].Path(), all[7].Path()}
		if lead != old.Path() || strings.Join(top, " ") != strings.Join(want, " ") {
			t.Errorf("after the save: lead %s, top\n%v\nwant lead %s, top\n%v", lead, top, old.Path(), want)
		}
		if b := blocks[pick.Section.Slug]; len(b) != 4 || b[0] != pick.Path() {
			t.Errorf("the %s block is %v, want %s first of 4", pick.Section.Slug, b, pick.Path())
		}
		noRepeats(t, "placed", lead, top, blocks)
		before := s.QueryCount()
		home()
		if n := s.QueryCount() - before; n != 0 {
			t.Errorf("the arranged home page is not cached: %d queries", n)
		}

		// The pin passes: the page leaves the cache by itself, and recency
		// fills top story 4.
		now.Add(31 * time.Second)
		lead, top, blocks = homeParts(t, home())
		want = []string{first.Path(), all[1].Path(), all[2].Path(), all[3].Path(), all[4].Path(), all[0].Path(),
			all[5].Path(), all[6].Path(), all[7].Path(), all[8].Path()}
		if lead != old.Path() || strings.Join(top, " ") != strings.Join(want, " ") {
			t.Errorf("after the pin: lead %s, top\n%v\nwant\n%v", lead, top, want)
		}
		noRepeats(t, "after the pin", lead, top, blocks)

		// A placed story unpublished leaves the home page on the next request.
		full, err := s.Article(ctx, old.ID)
		if err != nil {
			t.Fatal(err)
		}
		full.Status = content.StatusUnpublished
		var authors []int64
		for _, u := range full.Authors {
			authors = append(authors, u.ID)
		}
		if err := s.SaveArticle(ctx, &full, authors, nil, 0); err != nil {
			t.Fatal(err)
		}
		st.ArticleChanged(ctx, old.ID)
		if lead, _, _ := homeParts(t, home()); lead != all[1].Path() {
			t.Errorf("after unpublishing the placed lead: lead %s, want the newest not placed, %s", lead, all[1].Path())
		}
	})
}
