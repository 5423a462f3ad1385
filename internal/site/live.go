package site

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"akhbar/internal/changes"
	"akhbar/internal/content"
	"akhbar/internal/live"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

// Live coverage on the public site: the article page shows the updates,
// the pinned one first, then the newest; /live/article/{id} streams every
// change to readers with the page open. Update events carry the change's
// sequence number as their id, which means the same on every node, so a
// reader who reconnects, to this node or another, gets what it missed.

// topicArticle is the live topic of one article's updates.
func topicArticle(id int64) string { return "article:" + strconv.FormatInt(id, 10) }

// liveBlogUpdates bounds the updates listed in structured data: search
// engines read the newest; the page itself shows all.
const liveBlogUpdates = 100

// liveView is what the article page shows of live coverage.
type liveView struct {
	Running bool
	Stream  string // the page's event stream, with ?since=; "" in previews and after the end
	Items   []liveItem

	coverage content.LiveCoverage
	updates  []content.LiveUpdate // newest first, for structured data
}

// liveItem is one update as the page and its event stream render it.
type liveItem struct {
	ID, Seq, At     int64
	Pinned          bool
	ISO, Time       string
	Author          string
	Text            template.HTML // stored escaped paragraphs
	Picture         template.HTML
	Caption, Credit string
	Quote, Source   string
}

// liveView reads a's coverage and updates, or returns nil when a was
// never live. Coverage is read before the updates, so the page's since
// number never claims an update the page lacks.
func (s *Site) liveView(ctx context.Context, a content.Article, preview bool) (*liveView, error) {
	c, err := s.store.LiveCoverage(ctx, a.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	list, err := s.store.LiveUpdates(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	v := &liveView{Running: c.Running(), coverage: c, updates: list}
	if v.Running && !preview {
		v.Stream = fmt.Sprintf("/live/article/%d?since=%d", a.ID, c.Seq)
	}
	for _, u := range list {
		if u.Pinned {
			v.Items = append(v.Items, s.liveItem(u))
		}
	}
	for _, u := range list {
		if !u.Pinned {
			v.Items = append(v.Items, s.liveItem(u))
		}
	}
	return v, nil
}

// liveItem prepares u for the template: its time in Urdu (the clock for
// today's updates, the date too for older ones) and its picture.
func (s *Site) liveItem(u content.LiveUpdate) liveItem {
	st := s.Settings()
	it := liveItem{ID: u.ID, Seq: u.Seq, At: u.CreatedAt.Unix(), Pinned: u.Pinned, ISO: iso(u.CreatedAt),
		Text: template.HTML(u.TextHTML), Quote: u.Quote, Source: u.QuoteSource}
	if u.CreatedAt.In(st.Location).Format(time.DateOnly) == s.now().In(st.Location).Format(time.DateOnly) {
		it.Time = urdu.FormatTime(u.CreatedAt, st.Location, st.Digits)
	} else {
		it.Time = urdu.FormatDate(u.CreatedAt, st.Location, urdu.DayMonthYearTime, st.Digits)
	}
	if u.Author != nil {
		it.Author = u.Author.Name
	}
	if m := u.Media; m != nil {
		it.Picture = picture(m, sizesArticle, false, "live-picture")
		it.Caption, it.Credit = m.Caption, m.Credit
	}
	return it
}

// articleLD is the article's structured data: NewsArticle, or for live
// coverage LiveBlogPosting with its updates, newest first.
func (s *Site) articleLD(a content.Article, v *liveView) template.JS {
	if v == nil {
		return s.newsArticleLD(a)
	}
	c := v.coverage
	ld := s.newsArticleData(a)
	ld["@type"] = "LiveBlogPosting"
	ld["coverageStartTime"] = iso(c.StartedAt)
	if !c.EndedAt.IsZero() {
		ld["coverageEndTime"] = iso(c.EndedAt)
	}
	page := s.absolute(a.Path())
	modified := a.UpdatedAt
	posts := []map[string]any{}
	for _, u := range v.updates {
		if u.UpdatedAt.After(modified) {
			modified = u.UpdatedAt
		}
		if len(posts) == liveBlogUpdates {
			continue
		}
		body := u.Text()
		if u.Quote != "" {
			body = strings.TrimSpace(body + "\n«" + u.Quote + "»")
			if u.QuoteSource != "" {
				body += " — " + u.QuoteSource
			}
		}
		if body == "" && u.Media != nil {
			body = u.Media.Caption
		}
		headline := u.Summary(100)
		if headline == "" {
			headline = a.Headline
		}
		post := map[string]any{"@type": "BlogPosting", "headline": headline, "articleBody": body,
			"datePublished": iso(u.CreatedAt), "dateModified": iso(u.UpdatedAt),
			"url": page + "#update-" + strconv.FormatInt(u.ID, 10), "mainEntityOfPage": page,
			"publisher": s.publisherLD(), "image": ld["image"]}
		if u.Author != nil {
			post["author"] = map[string]any{"@type": "Person", "name": u.Author.Name}
		} else {
			post["author"] = s.publisherLD()
		}
		if m := u.Media; m != nil {
			if fb := m.Fallback(); fb.Key != "" {
				post["image"] = []map[string]any{{"@type": "ImageObject", "url": s.absolute(fb.URL()),
					"width": pixels(fb.Width), "height": pixels(fb.Height), "caption": m.Caption, "creditText": m.Credit}}
			}
		}
		posts = append(posts, post)
	}
	ld["liveBlogUpdate"] = posts
	ld["dateModified"] = iso(modified)
	return jsonLD(ld)
}

// LiveChanged tells every node, this one first, that article's live
// coverage changed (started, ended, an update posted, edited, pinned or
// deleted): each drops the pages showing it and sends its readers what
// is new.
func (s *Site) LiveChanged(ctx context.Context, articleID int64) error {
	deps, err := ArticleDeps(ctx, s.store, articleID)
	c := changes.Change{Live: []int64{articleID}, Deps: deps}
	if err != nil {
		s.log.Error("page cache: live coverage changed", "article", articleID, "err", err)
		c.All = true // cannot tell which pages: drop them all
	}
	return s.changes.Publish(ctx, c)
}

// liveSent is, per article a reader on this node has open, the last
// sequence number this node sent (or knew its readers to have). Absent:
// no reader here opened the article's stream since the node started.
type liveSent struct {
	mu   sync.Mutex
	sent map[int64]int64
}

// watch records that a stream of article opened when its coverage was at
// seq, unless the node already tracks the article.
func (l *liveSent) watch(article, seq int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.sent == nil {
		l.sent = map[int64]int64{}
	}
	if _, ok := l.sent[article]; !ok {
		l.sent[article] = seq
	}
}

// liveChanged sends readers on this node the changes of the articles in
// c.Live, or of every article they have open when anything may have
// changed (c.All: a node that lost the change channel for a while, say).
// Changes arrive one at a time, so only streams opening meanwhile
// (watch) compete for the map.
func (s *Site) liveChanged(c changes.Change) {
	st := &s.liveSent
	st.mu.Lock()
	ids := c.Live
	if c.All {
		ids = ids[:0:0]
		for id := range st.sent {
			ids = append(ids, id)
		}
	}
	since := map[int64]int64{}
	for _, id := range ids {
		seq, ok := st.sent[id]
		switch {
		case !ok:
			// No reader here has the page open.
		case !s.live.Listening(topicArticle(id)):
			delete(st.sent, id) // the last reader left; a new one starts afresh
		default:
			since[id] = seq
		}
	}
	st.mu.Unlock()

	for id, from := range since {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		events, last, err := s.liveEvents(ctx, id, from)
		cancel()
		if err != nil {
			s.log.Warn("live coverage: send changes", "article", id, "err", err)
			continue
		}
		st.mu.Lock()
		if last > st.sent[id] {
			st.sent[id] = last
		}
		st.mu.Unlock()
		for _, e := range events {
			s.live.Publish(topicArticle(id), e)
		}
	}
}

// liveEvents reads article's coverage and its changes after since, as
// events: the coverage state, then each update changed, in order. last is
// the newest sequence number sent. Coverage gone or withdrawn from
// readers reads as ended, with no updates.
func (s *Site) liveEvents(ctx context.Context, article, since int64) (events []live.Event, last int64, err error) {
	c, err := s.store.LiveCoverage(ctx, article)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !c.Published) {
		return []live.Event{coverageEvent(false)}, since, nil
	}
	if err != nil {
		return nil, since, err
	}
	list, err := s.store.LiveChangesSince(ctx, article, since)
	if err != nil {
		return nil, since, err
	}
	events = append(events, coverageEvent(c.Running()))
	last = since
	for _, u := range list {
		e, err := s.updateEvent(u)
		if err != nil {
			return nil, since, err
		}
		events = append(events, e)
		last = max(last, u.Seq)
	}
	return events, last, nil
}

// coverageEvent says whether the coverage runs (the page's badge).
func coverageEvent(running bool) live.Event {
	data, _ := json.Marshal(map[string]bool{"live": running}) // cannot fail
	return live.Event{Name: "coverage", Data: data}
}

// updateJSON is an "update" event's data: the update's state, and its
// server-rendered, escaped HTML unless it was deleted.
type updateJSON struct {
	ID      int64  `json:"id"`
	Seq     int64  `json:"seq"`
	At      int64  `json:"at,omitempty"`
	Pinned  bool   `json:"pinned,omitempty"`
	Deleted bool   `json:"deleted,omitempty"`
	HTML    string `json:"html,omitempty"`
}

// updateEvent is u as an "update" event whose id is its sequence number.
func (s *Site) updateEvent(u content.LiveUpdate) (live.Event, error) {
	v := updateJSON{ID: u.ID, Seq: u.Seq, Deleted: u.Deleted}
	if !u.Deleted {
		html, err := s.render.Part("article", "live-update", s.liveItem(u))
		if err != nil {
			return live.Event{}, err
		}
		v.At, v.Pinned, v.HTML = u.CreatedAt.Unix(), u.Pinned, string(html)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return live.Event{}, err
	}
	return live.Event{ID: strconv.FormatInt(u.Seq, 10), Name: "update", Data: data}, nil
}

// sinceOf is the last sequence number the reader has: the Last-Event-ID
// a browser sends when it reconnects, else the page's ?since=.
func sinceOf(r *http.Request) int64 {
	for _, v := range []string{r.Header.Get("Last-Event-ID"), r.URL.Query().Get("since")} {
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && n >= 0 {
			return n
		}
	}
	return 0
}

// liveArticle streams a live article's page: the breaking strip (so the
// page needs one stream, not two), the coverage state, every update
// changed since the reader's last one, then each change as it happens.
func (s *Site) liveArticle(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		http.Error(w, "no live coverage here", http.StatusNotFound)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	c, err := s.store.LiveCoverage(ctx, id)
	cancel()
	if errors.Is(err, store.ErrNotFound) || (err == nil && !c.Published) {
		http.Error(w, "no live coverage here", http.StatusNotFound)
		return
	}
	if err != nil {
		s.log.Warn("live coverage stream", "article", id, "err", err)
		w.Header().Set("Retry-After", "2")
		http.Error(w, "live events are unavailable", http.StatusServiceUnavailable)
		return
	}
	since := sinceOf(r)
	s.live.Serve(w, r, []string{topicBreaking, topicArticle(id)}, func() ([]live.Event, error) {
		// Subscribed: from here every change reaches this stream, either
		// below or through liveChanged (perhaps both; the page ignores
		// an update older than the one it shows).
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		c, err := s.store.LiveCoverage(ctx, id)
		if err != nil {
			return nil, err
		}
		s.liveSent.watch(id, c.Seq)
		events, _, err := s.liveEvents(ctx, id, since)
		if err != nil {
			return nil, err
		}
		return append([]live.Event{s.breakingNow()}, events...), nil
	})
}
