package site_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"akhbar/internal/changes"
	"akhbar/internal/content"
	"akhbar/internal/demo"
	"akhbar/internal/pagecache"
	"akhbar/internal/schemaorg"
	"akhbar/internal/site"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
	"akhbar/web"
)

// liveNode is one app node of the live tests: a site with its page cache,
// served as the app serves it (live streams past the cache).
type liveNode struct {
	site *site.Site
	srv  *httptest.Server
}

// newLiveNodes loads the demo into s and starts n nodes sharing it and one
// change channel, as nodes share PostgreSQL and its LISTEN/NOTIFY.
func newLiveNodes(t *testing.T, s *store.Store, n int) []liveNode {
	t.Helper()
	ctx := context.Background()
	if ok, err := demo.Load(ctx, s, clock); err != nil || !ok {
		t.Fatalf("demo.Load = %v, %v", ok, err)
	}
	assets, err := web.LoadStatic()
	if err != nil {
		t.Fatal(err)
	}
	bus := changes.NewLocal("")
	var nodes []liveNode
	for range n {
		cache := pagecache.New(64<<20, func() time.Time { return clock })
		st, err := site.New(ctx, site.Options{Store: s, Assets: assets, BaseURL: "https://akhbar.example",
			Now: func() time.Time { return clock }, Cache: cache, Changes: bus})
		if err != nil {
			t.Fatal(err)
		}
		mux := http.NewServeMux()
		st.Register(mux)
		pages := pagecache.Handler(cache, mux, nil)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/live/") {
				mux.ServeHTTP(w, r)
				return
			}
			pages.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		t.Cleanup(st.CloseStreams) // before srv.Close: streams never end by themselves
		nodes = append(nodes, liveNode{site: st, srv: srv})
	}
	return nodes
}

func (n liveNode) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(n.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// sseEvent is one server-sent event as a browser sees it.
type sseEvent struct{ ID, Name, Data string }

// stream is an open event stream, read as EventSource reads one.
type stream struct {
	events chan sseEvent
	body   io.Closer
}

// openStream connects to path; lastID, if set, goes as Last-Event-ID, as a
// reconnecting browser sends it.
func openStream(t *testing.T, base, path, lastID string) *stream {
	t.Helper()
	req, err := http.NewRequest("GET", base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		resp.Body.Close()
		t.Fatalf("%s: %d %q", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	st := &stream{events: make(chan sseEvent, 64), body: resp.Body}
	t.Cleanup(func() { resp.Body.Close() })
	go func() {
		defer close(st.events)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		var ev sseEvent
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.Name != "" || data != nil {
					ev.Data = strings.Join(data, "\n")
					st.events <- ev
				}
				ev, data = sseEvent{}, nil
			case strings.HasPrefix(line, ":"):
			default:
				field, value, _ := strings.Cut(line, ":")
				value = strings.TrimPrefix(value, " ")
				switch field {
				case "id":
					ev.ID = value
				case "event":
					ev.Name = value
				case "data":
					data = append(data, value)
				}
			}
		}
	}()
	return st
}

// next is the next event within d.
func (st *stream) next(t *testing.T, d time.Duration) sseEvent {
	t.Helper()
	select {
	case e, ok := <-st.events:
		if !ok {
			t.Fatal("the stream ended")
		}
		return e
	case <-time.After(d):
		t.Fatalf("no event within %s", d)
	}
	return sseEvent{}
}

// quiet fails if an event other than the strip arrives within d.
func (st *stream) quiet(t *testing.T, d time.Duration) {
	t.Helper()
	deadline := time.After(d)
	for {
		select {
		case e := <-st.events:
			if e.Name != "breaking" {
				t.Errorf("unexpected event %+v", e)
			}
		case <-deadline:
			return
		}
	}
}

// updateData is an "update" event's JSON.
type updateData struct {
	ID      int64  `json:"id"`
	Seq     int64  `json:"seq"`
	At      int64  `json:"at"`
	Pinned  bool   `json:"pinned"`
	Deleted bool   `json:"deleted"`
	HTML    string `json:"html"`
}

func decodeUpdate(t *testing.T, e sseEvent) updateData {
	t.Helper()
	if e.Name != "update" {
		t.Fatalf("event %+v, want an update", e)
	}
	var u updateData
	if err := json.Unmarshal([]byte(e.Data), &u); err != nil {
		t.Fatalf("update data %q: %v", e.Data, err)
	}
	if e.ID != strconv.FormatInt(u.Seq, 10) {
		t.Errorf("event id %q, sequence %d: a reconnecting reader would ask for the wrong changes", e.ID, u.Seq)
	}
	return u
}

// opening reads the events every stream starts with: the strip, then the
// coverage state.
func (st *stream) opening(t *testing.T, running bool) {
	t.Helper()
	if e := st.next(t, 2*time.Second); e.Name != "breaking" || e.ID != "" {
		t.Fatalf("first event %+v, want the breaking strip", e)
	}
	e := st.next(t, 2*time.Second)
	if e.Name != "coverage" || e.Data != fmt.Sprintf(`{"live":%v}`, running) {
		t.Fatalf("second event %+v, want the coverage running=%v", e, running)
	}
}

// postLive posts an update as the newsroom does: stored, then announced.
func postLive(t *testing.T, s *store.Store, st *site.Site, u content.LiveUpdate, at time.Time) content.LiveUpdate {
	t.Helper()
	if err := s.PostLive(context.Background(), &u, at); err != nil {
		t.Fatal(err)
	}
	announce(t, st, u.ArticleID)
	return u
}

func announce(t *testing.T, st *site.Site, id int64) {
	t.Helper()
	if err := st.LiveChanged(context.Background(), id); err != nil {
		t.Fatal(err)
	}
}

var streamAttr = regexp.MustCompile(`data-live-stream="([^"]+)"`)

// TestLiveStream: a reader with a live page open gets each update within
// 2 s, from whichever node it is connected to; one who reconnects with
// Last-Event-ID gets exactly what it missed, a delete included; the
// cached page shows each update on the next request.
func TestLiveStream(t *testing.T) {
	s := storetest.OpenSQLite(t)
	nodes := newLiveNodes(t, s, 2)
	a, b := nodes[0], nodes[1]
	ctx := context.Background()
	seed := seedArticle(t, s)
	editor := seed.Authors[0].ID

	if code, _ := a.get(t, fmt.Sprintf("/live/article/%d", seed.ID)); code != http.StatusNotFound {
		t.Errorf("stream of an article never live: %d, want 404", code)
	}
	if _, err := s.StartLive(ctx, seed.ID, editor, clock.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	announce(t, a.site, seed.ID)
	first := postLive(t, s, a.site, content.LiveUpdate{ArticleID: seed.ID, AuthorID: editor, Kind: content.LiveText,
		TextHTML: content.LiveTextHTML("پہلی اپ ڈیٹ")}, clock.Add(-30*time.Minute))

	// Both nodes cache the page; the page names its stream and the number it shows.
	_, page := b.get(t, seed.Path())
	m := streamAttr.FindStringSubmatch(page)
	if m == nil || m[1] != fmt.Sprintf("/live/article/%d?since=%d", seed.ID, first.Seq) {
		t.Fatalf("page's stream attribute %v, want since=%d", m, first.Seq)
	}
	before := s.QueryCount()
	if _, again := b.get(t, seed.Path()); again != page || s.QueryCount() != before {
		t.Fatal("the page is not served from the cache")
	}
	a.get(t, seed.Path())

	// Open from the page: nothing old, then each update as it is posted.
	st := openStream(t, b.srv.URL, m[1], "")
	st.opening(t, true)
	st.quiet(t, 200*time.Millisecond)
	sent := time.Now()
	second := postLive(t, s, a.site, content.LiveUpdate{ArticleID: seed.ID, AuthorID: editor, Kind: content.LiveText,
		TextHTML: content.LiveTextHTML("کراچی <b>میں</b> بارش & ہوا")}, clock.Add(-5*time.Minute))
	e := st.next(t, 2*time.Second)
	if e.Name == "coverage" {
		e = st.next(t, 2*time.Second)
	}
	if took := time.Since(sent); took > 2*time.Second {
		t.Errorf("the update took %s to reach the reader", took)
	}
	u := decodeUpdate(t, e)
	if u.ID != second.ID || u.Seq != second.Seq || u.Deleted || u.At != second.CreatedAt.Unix() {
		t.Errorf("update %+v, want update %d at %d", u, second.ID, second.Seq)
	}
	for _, want := range []string{fmt.Sprintf(`<li class="live-update" id="update-%d" data-id="%d" data-seq="%d"`, second.ID, second.ID, second.Seq),
		"<p>کراچی &lt;b&gt;میں&lt;/b&gt; بارش &amp; ہوا</p>", `<time datetime="2026-02-18T01:55:00Z">6:55 صبح</time>`} {
		if !strings.Contains(u.HTML, want) {
			t.Errorf("update HTML lacks %q:\n%s", want, u.HTML)
		}
	}
	if strings.Contains(u.HTML, "<b>") {
		t.Error("the update's markup reached the reader unescaped")
	}
	// Every node dropped its copy of the page.
	for i, n := range nodes {
		if _, page := n.get(t, seed.Path()); !strings.Contains(page, "کراچی &lt;b&gt;میں&lt;/b&gt; بارش") {
			t.Errorf("node %d serves the page without the new update", i)
		}
	}

	// The reader drops off at the second update; meanwhile a third is
	// posted, the first edited and the third deleted.
	st.body.Close()
	third := postLive(t, s, a.site, content.LiveUpdate{ArticleID: seed.ID, AuthorID: editor, Kind: content.LiveQuote,
		Quote: "صورتحال قابو میں ہے", QuoteSource: "کمشنر کراچی"}, clock.Add(-4*time.Minute))
	edited := content.LiveUpdate{ID: first.ID, ArticleID: seed.ID, Kind: content.LiveText, TextHTML: content.LiveTextHTML("پہلی اپ ڈیٹ، درستی کے ساتھ")}
	if err := s.EditLive(ctx, &edited, clock.Add(-3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	announce(t, a.site, seed.ID)
	if err := s.DeleteLive(ctx, seed.ID, third.ID, clock.Add(-2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	announce(t, a.site, seed.ID)

	// Reconnecting, to the other node, it gets exactly those, in order.
	st = openStream(t, a.srv.URL, m[1], e.ID)
	st.opening(t, true)
	got := []updateData{decodeUpdate(t, st.next(t, 2*time.Second)), decodeUpdate(t, st.next(t, 2*time.Second))}
	st.quiet(t, 300*time.Millisecond)
	if got[0].ID != first.ID || got[0].Seq != edited.Seq || !strings.Contains(got[0].HTML, "پہلی اپ ڈیٹ، درستی کے ساتھ") {
		t.Errorf("first missed change %+v, want the edit of update %d", got[0], first.ID)
	}
	if got[1].ID != third.ID || !got[1].Deleted || got[1].HTML != "" || got[1].Seq <= edited.Seq {
		t.Errorf("second missed change %+v, want the deletion of update %d", got[1], third.ID)
	}

	// Pinning: each pin is one event; a second pin leaves the first pinned.
	if _, err := s.PinLive(ctx, seed.ID, second.ID, true); err != nil {
		t.Fatal(err)
	}
	announce(t, a.site, seed.ID)
	if e := st.next(t, 2*time.Second); e.Name != "coverage" {
		t.Fatalf("event %+v, want the coverage state", e)
	}
	if u := decodeUpdate(t, st.next(t, 2*time.Second)); u.ID != second.ID || !u.Pinned || !strings.Contains(u.HTML, `<strong class="live-pin">نمایاں</strong>`) {
		t.Errorf("pin event %+v", u)
	}
	if _, err := s.PinLive(ctx, seed.ID, first.ID, true); err != nil {
		t.Fatal(err)
	}
	announce(t, a.site, seed.ID)
	st.next(t, 2*time.Second) // coverage
	if u := decodeUpdate(t, st.next(t, 2*time.Second)); u.ID != first.ID || !u.Pinned {
		t.Errorf("event of the second pin %+v, want update %d pinned", u, first.ID)
	}
	st.quiet(t, 300*time.Millisecond)
	_, page = a.get(t, seed.Path())
	at2, at1 := strings.Index(page, fmt.Sprintf(`id="update-%d"`, second.ID)), strings.Index(page, fmt.Sprintf(`id="update-%d"`, first.ID))
	if at2 < 0 || at1 < 0 || at2 > at1 {
		t.Errorf("pinned updates at %d (update %d) and %d (update %d): want both, newest first", at2, second.ID, at1, first.ID)
	}

	// Ended: the page says so, and the stream tells open pages.
	if _, err := s.EndLive(ctx, seed.ID, clock); err != nil {
		t.Fatal(err)
	}
	announce(t, a.site, seed.ID)
	if e := st.next(t, 2*time.Second); e.Name != "coverage" || e.Data != `{"live":false}` {
		t.Errorf("after the end: %+v", e)
	}
	_, page = b.get(t, seed.Path())
	if !strings.Contains(page, `<p class="live-badge" id="live-badge" hidden>لائیو</p>`) ||
		!strings.Contains(page, `<p class="live-ended" id="live-ended">`) || strings.Contains(page, "data-live-stream") {
		t.Error("the page of ended coverage still reads as live")
	}

	// Withdrawn from readers, the article has no stream.
	seed, _ = s.Article(ctx, seed.ID)
	seed.Status = content.StatusUnpublished
	if err := s.SaveArticle(ctx, &seed, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	if code, _ := a.get(t, fmt.Sprintf("/live/article/%d", seed.ID)); code != http.StatusNotFound {
		t.Errorf("stream of an unpublished article: %d, want 404", code)
	}
}

// TestLivePage: the page of live coverage shows the badge, the pinned
// update first and then the newest, each with its time in Urdu, the
// picture and the quote; its structured data is a valid LiveBlogPosting;
// its feed item is as new as its newest update.
func TestLivePage(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		n := newLiveNodes(t, s, 1)[0]
		ctx := context.Background()
		seed := seedArticle(t, s)
		editor := seed.Authors[0]
		if _, err := s.StartLive(ctx, seed.ID, editor.ID, clock.Add(-26*time.Hour)); err != nil {
			t.Fatal(err)
		}
		m := content.Media{Format: "jpeg", Width: 1280, Height: 720, Bytes: 1000, Caption: "ساحل پر لہریں", Credit: "اے پی پی",
			Alt: "سمندر کی اونچی لہریں", CreatedAt: clock,
			Variants: []content.MediaVariant{{Width: 1280, Height: 720, Format: "jpeg", Key: "ee/ff/waves-1280.jpg", Bytes: 1000, Original: true}}}
		if err := s.CreateMedia(ctx, &m); err != nil {
			t.Fatal(err)
		}
		post := func(u content.LiveUpdate, at time.Time) content.LiveUpdate {
			u.ArticleID, u.AuthorID = seed.ID, editor.ID
			return postLive(t, s, n.site, u, at)
		}
		yesterday := post(content.LiveUpdate{Kind: content.LiveText, TextHTML: content.LiveTextHTML("طوفان کی پہلی وارننگ")}, clock.Add(-25*time.Hour))
		picture := post(content.LiveUpdate{Kind: content.LiveImage, MediaID: m.ID, TextHTML: content.LiveTextHTML("ساحل کا منظر")}, clock.Add(-20*time.Minute))
		quote := post(content.LiveUpdate{Kind: content.LiveQuote, Quote: "ساحل سے دور رہیں", QuoteSource: "محکمہ موسمیات"}, clock.Add(-10*time.Minute))
		newest := post(content.LiveUpdate{Kind: content.LiveText, TextHTML: content.LiveTextHTML("<script>alert(1)</script> ہوا تیز")}, clock.Add(-5*time.Minute))
		if _, err := s.PinLive(ctx, seed.ID, yesterday.ID, true); err != nil {
			t.Fatal(err)
		}
		announce(t, n.site, seed.ID)

		code, page := n.get(t, seed.Path())
		if code != http.StatusOK {
			t.Fatalf("page: %d", code)
		}
		order := []string{
			`<p class="live-badge" id="live-badge">لائیو</p>`, `<h1 class="headline">`,
			`<section class="live" aria-labelledby="live-title" data-live-stream="/live/article/`,
			`<ol class="live-updates" aria-live="polite"`,
			fmt.Sprintf(`id="update-%d"`, yesterday.ID), `<strong class="live-pin">نمایاں</strong>`,
			`<time datetime="2026-02-17T01:00:00Z">17 فروری 2026، 6:00 صبح</time>`, "طوفان کی پہلی وارننگ",
			fmt.Sprintf(`id="update-%d"`, newest.ID), `<time datetime="2026-02-18T01:55:00Z">6:55 صبح</time>`,
			"&lt;script&gt;alert(1)&lt;/script&gt; ہوا تیز",
			fmt.Sprintf(`id="update-%d"`, quote.ID), `<blockquote class="live-quote"><p>ساحل سے دور رہیں</p><p class="live-source">— <cite>محکمہ موسمیات</cite></p></blockquote>`,
			fmt.Sprintf(`id="update-%d"`, picture.ID), `<img src="/media/ee/ff/waves-1280.jpg"`, `alt="سمندر کی اونچی لہریں" loading="lazy"`,
			`<figcaption>ساحل پر لہریں <span class="credit">تصویر: اے پی پی</span></figcaption>`,
			`<footer class="story-footer">`,
		}
		pos := 0
		for _, want := range order {
			i := strings.Index(page[pos:], want)
			if i < 0 {
				t.Fatalf("the page lacks %q after position %d", want, pos)
			}
			pos += i + len(want)
		}
		if strings.Contains(page, "<script>alert(1)") || strings.Count(page, "live-pin") != 1 {
			t.Error("unescaped update text, or more than one update marked pinned")
		}

		// Structured data: a LiveBlogPosting that schema.org and Google's
		// rules accept, its updates newest first.
		ld := liveBlogPosting(t, page)
		if ld["coverageStartTime"] != "2026-02-17T00:00:00Z" || ld["coverageEndTime"] != nil {
			t.Errorf("coverage times %v, %v", ld["coverageStartTime"], ld["coverageEndTime"])
		}
		posts, _ := ld["liveBlogUpdate"].([]any)
		if len(posts) != 4 {
			t.Fatalf("%d liveBlogUpdate entries, want 4", len(posts))
		}
		p0 := posts[0].(map[string]any)
		if p0["@type"] != "BlogPosting" || p0["articleBody"] != "<script>alert(1)</script> ہوا تیز" || p0["datePublished"] != "2026-02-18T01:55:00Z" ||
			p0["url"] != fmt.Sprintf("https://akhbar.example%s#update-%d", seed.Path(), newest.ID) {
			t.Errorf("newest update in structured data: %v", p0)
		}
		if ld["dateModified"] != "2026-02-18T01:55:00Z" {
			t.Errorf("dateModified %v, want the newest update's time", ld["dateModified"])
		}
		if q := posts[1].(map[string]any); q["articleBody"] != "«ساحل سے دور رہیں» — محکمہ موسمیات" {
			t.Errorf("quote in structured data: %v", q["articleBody"])
		}

		// The feed item is as new as the newest update.
		_, body := n.get(t, "/feed.json")
		var fd struct {
			Items []struct {
				URL          string `json:"url"`
				DateModified string `json:"date_modified"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(body), &fd); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, it := range fd.Items {
			if it.URL == "https://akhbar.example"+seed.Path() {
				found = true
				if it.DateModified != "2026-02-18T01:55:00Z" {
					t.Errorf("feed item modified %s, want the newest update's time", it.DateModified)
				}
			}
		}
		if !found {
			t.Error("the live article is not in the feed")
		}

		// Ended, the structured data says when.
		if _, err := s.EndLive(ctx, seed.ID, clock.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		announce(t, n.site, seed.ID)
		_, page = n.get(t, seed.Path())
		if ld := liveBlogPosting(t, page); ld["coverageEndTime"] != "2026-02-18T01:59:00Z" {
			t.Errorf("coverageEndTime %v", ld["coverageEndTime"])
		}
	})
}

// liveBlogPosting checks every JSON-LD block of page with schemaorg and
// returns the LiveBlogPosting.
func liveBlogPosting(t *testing.T, page string) map[string]any {
	t.Helper()
	var found map[string]any
	for _, b := range regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindAllStringSubmatch(page, -1) {
		for _, p := range schemaorg.Check([]byte(b[1])) {
			t.Errorf("structured data: %s", p)
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(b[1]), &v); err != nil {
			t.Fatal(err)
		}
		if v["@type"] == "LiveBlogPosting" {
			found = v
		}
		if v["@type"] == "NewsArticle" {
			t.Error("live coverage is marked up as a NewsArticle too")
		}
	}
	if found == nil {
		t.Fatal("no LiveBlogPosting in the page")
	}
	return found
}
