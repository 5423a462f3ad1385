package api_test

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
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"akhbar/internal/api"
	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/events"
	"akhbar/internal/media/storage"
	"akhbar/internal/newsroom"
	"akhbar/internal/site"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
	"akhbar/web"
)

// writeEnv serves the API from a real HTTP server over a real store, with
// the newsroom's image pipeline, one user of each role, and a record of
// what the API told (changed articles, events).
type writeEnv struct {
	t        *testing.T
	store    *store.Store
	srv      *httptest.Server
	now      time.Time
	users    map[content.Role]content.User
	sections []content.Section
	mediaDir string

	mu      sync.Mutex
	changed []int64
	events  []events.Event
}

func newWriteEnv(t *testing.T, s *store.Store) *writeEnv {
	t.Helper()
	ctx := context.Background()
	e := &writeEnv{t: t, store: s, now: time.Date(2026, 2, 18, 6, 0, 0, 0, time.UTC), users: map[content.Role]content.User{}}
	clock := func() time.Time { e.mu.Lock(); defer e.mu.Unlock(); return e.now }
	for i, sec := range []content.Section{{Slug: "national", Name: "قومی"}, {Slug: "sports", Name: "کھیل"}} {
		sec.Position = i
		id, err := s.CreateSection(ctx, sec)
		if err != nil {
			t.Fatal(err)
		}
		sec.ID = id
		e.sections = append(e.sections, sec)
	}
	for _, r := range content.Roles {
		u := content.User{Email: string(r) + "@akhbar.example", Name: r.Label(), Slug: string(r), Role: r}
		var err error
		if u.ID, err = s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		e.users[r] = u
	}
	assets, err := web.LoadStatic()
	if err != nil {
		t.Fatal(err)
	}
	e.mediaDir = t.TempDir()
	files, err := storage.NewDisk(e.mediaDir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := site.New(ctx, site.Options{Store: s, Assets: assets, BaseURL: "http://akhbar.example", Now: clock, Media: files})
	if err != nil {
		t.Fatal(err)
	}
	nr, err := newsroom.New(newsroom.Options{Store: s, Site: st, Assets: assets, Now: clock, Media: files,
		Sessions: &auth.Sessions{Store: s, Now: clock, TTL: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	a := api.New(api.Options{Store: s, Site: st, Media: files, Now: clock, AddImage: nr.AddImage,
		Changed: func(_ context.Context, id int64) {
			e.mu.Lock()
			e.changed = append(e.changed, id)
			e.mu.Unlock()
		},
		Events: func(_ context.Context, ev events.Event) {
			e.mu.Lock()
			e.events = append(e.events, ev)
			e.mu.Unlock()
		}})
	e.srv = httptest.NewServer(a)
	t.Cleanup(e.srv.Close)
	return e
}

// token makes a token for role's user with scopes, straight in the store
// (the newsroom's page, which refuses scopes beyond the role, is tested
// in internal/newsroom), and returns its secret.
func (e *writeEnv) token(role content.Role, name string, scopes ...auth.Scope) string {
	e.t.Helper()
	secret, hash, err := auth.NewAPIToken()
	if err != nil {
		e.t.Fatal(err)
	}
	t := store.APIToken{UserID: e.users[role].ID, Name: name, Hash: hash, Prefix: secret[:8], CreatedAt: e.now}
	for _, s := range scopes {
		t.Scopes = append(t.Scopes, string(s))
	}
	if err := e.store.CreateAPIToken(context.Background(), &t); err != nil {
		e.t.Fatal(err)
	}
	return secret
}

var allScopes = auth.Scopes

// answer is a response, read.
type answer struct {
	code   int
	header http.Header
	body   []byte
}

func (a answer) problem(t *testing.T) api.Problem {
	t.Helper()
	var p api.Problem
	if ct := a.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("%d with Content-Type %q, want a problem: %s", a.code, ct, a.body)
	}
	if err := json.Unmarshal(a.body, &p); err != nil {
		t.Fatalf("problem %s: %v", a.body, err)
	}
	if p.Status != a.code || p.Title == "" || !strings.HasPrefix(p.Type, "/api/v1/problems/") {
		t.Errorf("problem %+v for status %d", p, a.code)
	}
	return p
}

// article is the API's article, as far as the tests look at it.
type article struct {
	ID             int64  `json:"id"`
	Status         string `json:"status"`
	Version        int    `json:"version"`
	Headline       string `json:"headline"`
	Strapline      string `json:"strapline"`
	DatelineSource string `json:"dateline_source"`
	BodyHTML       string `json:"body_html"`
	Section        struct {
		ID   int64  `json:"id"`
		Slug string `json:"slug"`
	} `json:"section"`
	Tags []struct {
		Name string `json:"name"`
	} `json:"tags"`
	Authors []struct {
		ID int64 `json:"id"`
	} `json:"authors"`
	Slug        string  `json:"slug"`
	Language    string  `json:"language"`
	LeadMedia   *int64  `json:"lead_media"`
	URL         string  `json:"url"`
	PublishedAt *string `json:"published_at"`
}

func (a answer) article(t *testing.T) article {
	t.Helper()
	var art article
	if err := json.Unmarshal(a.body, &art); err != nil {
		t.Fatalf("article %s: %v", a.body, err)
	}
	return art
}

// call sends a request with token (none when ""); body is sent as is
// when a string or []byte, else as JSON; header adds name, value pairs.
func (e *writeEnv) call(method, path, token string, body any, header ...string) answer {
	e.t.Helper()
	var r io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case string:
		r, contentType = strings.NewReader(b), "application/json"
	case []byte:
		r, contentType = bytes.NewReader(b), "application/json"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		r, contentType = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(method, e.srv.URL+path, r)
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, b}
}

func (e *writeEnv) want(a answer, code int, what string) {
	e.t.Helper()
	if a.code != code {
		e.t.Fatalf("%s: %d, want %d: %s", what, a.code, code, a.body)
	}
}

func (e *writeEnv) draft(headline string) map[string]any {
	return map[string]any{"headline": headline, "strapline": "خبر کا خلاصہ", "dateline_source": "نیوز ڈیسک", "dateline_place": "لاہور",
		"section": e.sections[0].Slug, "tags": []string{"بجٹ", "معیشت"},
		"body_html": "<p>پہلا پیراگراف</p><script>alert(1)</script><h2>ذیلی سرخی</h2><p>دوسرا پیراگراف</p>"}
}

// create makes a draft with token and returns it.
func (e *writeEnv) create(token, headline string) article {
	e.t.Helper()
	a := e.call("POST", "/api/v1/articles", token, e.draft(headline))
	e.want(a, http.StatusCreated, "create "+headline)
	return a.article(e.t)
}

func ifMatch(v int) []string { return []string{"If-Match", fmt.Sprintf(`"%d"`, v)} }

// TestWriteArticleWorkflow: a draft created, read, edited at its version,
// submitted, published, edited live and withdrawn, every step through
// the newsroom's rules, audited with the token's name, and told to the
// caches and webhooks as the newsroom would.
func TestWriteArticleWorkflow(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		e := newWriteEnv(t, s)
		ctx := context.Background()
		reporter := e.token(content.RoleReporter, "رپورٹر کا فون", auth.ScopeReadDrafts, auth.ScopeWrite)
		editor := e.token(content.RoleEditor, "ڈیسک کا اسکرپٹ", allScopes...)

		a := e.call("POST", "/api/v1/articles", reporter, e.draft("بجٹ پیش کر دیا گیا"))
		e.want(a, http.StatusCreated, "create")
		art := a.article(t)
		if a.header.Get("Location") != fmt.Sprintf("/api/v1/drafts/%d", art.ID) || a.header.Get("ETag") != `"1"` ||
			!strings.Contains(a.header.Get("Cache-Control"), "no-store") {
			t.Errorf("create headers: %v", a.header)
		}
		if art.Status != "draft" || art.Version != 1 || art.Section.ID != e.sections[0].ID || len(art.Tags) != 2 ||
			len(art.Authors) != 1 || art.Authors[0].ID != e.users[content.RoleReporter].ID || art.Language != "ur" || art.Slug == "" {
			t.Errorf("created %+v", art)
		}
		// The body went through the newsroom's cleaning.
		if want := content.PrepareBody(e.draft("")["body_html"].(string)); art.BodyHTML != want || strings.Contains(art.BodyHTML, "script") {
			t.Errorf("body %q, want %q", art.BodyHTML, want)
		}

		// Read back, with its version; the same version answers 304.
		a = e.call("GET", fmt.Sprintf("/api/v1/drafts/%d", art.ID), reporter, nil)
		e.want(a, http.StatusOK, "read draft")
		if a.header.Get("ETag") != `"1"` || a.header.Get("Cache-Control") != "no-store" || a.article(t).Headline != "بجٹ پیش کر دیا گیا" {
			t.Errorf("draft: %v %s", a.header, a.body)
		}
		e.want(e.call("GET", fmt.Sprintf("/api/v1/drafts/%d", art.ID), reporter, nil, "If-None-Match", `"1"`), http.StatusNotModified, "read draft again")

		// Edit at version 1: only the members given change.
		a = e.call("PATCH", fmt.Sprintf("/api/v1/articles/%d", art.ID), reporter,
			map[string]any{"headline": "بجٹ قومی اسمبلی میں پیش", "section": e.sections[1].ID}, ifMatch(1)...)
		e.want(a, http.StatusOK, "edit")
		edited := a.article(t)
		if edited.Version != 2 || a.header.Get("ETag") != `"2"` || edited.Headline != "بجٹ قومی اسمبلی میں پیش" ||
			edited.Section.ID != e.sections[1].ID || edited.Strapline != "خبر کا خلاصہ" || len(edited.Tags) != 2 || edited.BodyHTML != art.BodyHTML {
			t.Errorf("edited %+v", edited)
		}

		// The reporter submits it; the reporter's token cannot publish.
		a = e.call("POST", fmt.Sprintf("/api/v1/articles/%d/submit", art.ID), reporter, nil, ifMatch(2)...)
		e.want(a, http.StatusOK, "submit")
		if got := a.article(t); got.Status != "submitted" || got.Version != 3 {
			t.Errorf("submitted %+v", got)
		}
		p := e.call("POST", fmt.Sprintf("/api/v1/articles/%d/publish", art.ID), reporter, nil, ifMatch(3)...).problem(t)
		if p.Status != http.StatusForbidden || !strings.Contains(p.Detail, "publish") {
			t.Errorf("a reporter's token publishing: %+v", p)
		}

		// The editor's token sees every draft; the reporter's only their own.
		e.create(editor, "مدیر کا مسودہ")
		var list struct {
			Articles []article `json:"articles"`
			Total    int       `json:"total"`
		}
		a = e.call("GET", "/api/v1/drafts", editor, nil)
		e.want(a, http.StatusOK, "editor's drafts")
		if json.Unmarshal(a.body, &list); list.Total != 2 || len(list.Articles) != 2 || list.Articles[0].BodyHTML != "" {
			t.Errorf("editor's list: %s", a.body)
		}
		a = e.call("GET", "/api/v1/drafts?status=submitted&per_page=5", reporter, nil)
		e.want(a, http.StatusOK, "reporter's drafts")
		if json.Unmarshal(a.body, &list); list.Total != 1 || list.Articles[0].ID != art.ID || a.header.Get("Cache-Control") != "no-store" {
			t.Errorf("reporter's list: %s", a.body)
		}
		e.want(e.call("GET", "/api/v1/drafts?status=gone", reporter, nil), http.StatusBadRequest, "an unknown state")

		// The editor publishes it: caches and webhooks hear of it.
		a = e.call("POST", fmt.Sprintf("/api/v1/articles/%d/publish", art.ID), editor, nil, ifMatch(3)...)
		e.want(a, http.StatusOK, "publish")
		pub := a.article(t)
		if pub.Status != "published" || pub.PublishedAt == nil || *pub.PublishedAt != "2026-02-18T06:00:00Z" ||
			pub.URL != fmt.Sprintf("/sports/%d/%s", art.ID, pub.Slug) {
			t.Errorf("published %+v", pub)
		}
		// A published story is beyond its reporter's token now.
		p = e.call("PATCH", fmt.Sprintf("/api/v1/articles/%d", art.ID), reporter, map[string]any{"headline": "نئی سرخی"}, ifMatch(4)...).problem(t)
		if p.Status != http.StatusForbidden || p.Type != "/api/v1/problems/forbidden" {
			t.Errorf("a reporter's token editing a published story: %+v", p)
		}
		e.mu.Lock()
		e.now = e.now.Add(time.Hour)
		e.mu.Unlock()
		a = e.call("PATCH", fmt.Sprintf("/api/v1/articles/%d", art.ID), editor, map[string]any{"strapline": "تازہ خلاصہ"}, ifMatch(4)...)
		e.want(a, http.StatusOK, "edit live")
		a = e.call("POST", fmt.Sprintf("/api/v1/articles/%d/unpublish", art.ID), editor, nil, ifMatch(5)...)
		e.want(a, http.StatusOK, "unpublish")
		if got := a.article(t); got.Status != "unpublished" || got.URL != "" {
			t.Errorf("unpublished %+v", got)
		}
		p = e.call("POST", fmt.Sprintf("/api/v1/articles/%d/unpublish", art.ID), editor, nil, ifMatch(6)...).problem(t)
		if p.Status != http.StatusConflict || p.Type != "/api/v1/problems/invalid-transition" {
			t.Errorf("unpublishing twice: %+v", p)
		}

		// Scheduling: in the future only, in RFC 3339.
		later := e.now.Add(3 * time.Hour).Format(time.RFC3339)
		p = e.call("POST", fmt.Sprintf("/api/v1/articles/%d/schedule", art.ID), editor,
			map[string]string{"publish_at": e.now.Add(-time.Hour).Format(time.RFC3339)}, ifMatch(6)...).problem(t)
		if p.Status != http.StatusUnprocessableEntity || len(p.Errors) != 1 || p.Errors[0].Field != "publish_at" {
			t.Errorf("scheduling in the past: %+v", p)
		}
		e.want(e.call("POST", fmt.Sprintf("/api/v1/articles/%d/schedule", art.ID), editor, map[string]string{"publish_at": "کل"}, ifMatch(6)...),
			http.StatusUnprocessableEntity, "scheduling at no time")
		a = e.call("POST", fmt.Sprintf("/api/v1/articles/%d/schedule", art.ID), editor, map[string]string{"publish_at": later}, ifMatch(6)...)
		e.want(a, http.StatusOK, "schedule")
		if got := a.article(t); got.Status != "scheduled" || got.PublishedAt == nil || *got.PublishedAt != e.now.Add(3*time.Hour).UTC().Format(time.RFC3339) {
			t.Errorf("scheduled %+v", got)
		}

		e.mu.Lock()
		var kinds []string
		for _, ev := range e.events {
			if ev.ArticleID != art.ID || ev.By != "API token «ڈیسک کا اسکرپٹ»" {
				t.Errorf("event %+v", ev)
			}
			kinds = append(kinds, string(ev.Kind))
		}
		changed := len(e.changed)
		e.mu.Unlock()
		if got := strings.Join(kinds, " "); got != "article.published article.updated article.unpublished" {
			t.Errorf("events %q", got)
		}
		if changed != 3 {
			t.Errorf("caches told of %d changes, want 3 (publish, live edit, unpublish)", changed)
		}

		// Every write is in the audit log as the token's owner, with its name.
		log, err := s.AuditLog(ctx, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for i := len(log) - 1; i >= 0; i-- {
			l := log[i]
			if !strings.Contains(l.Detail, "API token «") {
				t.Errorf("audit entry without the token's name: %+v", l)
			}
			actions = append(actions, l.Action+":"+l.UserName)
		}
		want := "article_create:رپورٹر article_edit:رپورٹر submit:رپورٹر article_create:مدیر publish:مدیر edit_live:مدیر unpublish:مدیر schedule:مدیر"
		if got := strings.Join(actions, " "); got != want {
			t.Errorf("audit log\n got %s\nwant %s", got, want)
		}
	})
}

// TestWriteRefusals: every refusal the issue lists, each a problem with
// its status, and none of them changes anything.
func TestWriteRefusals(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		e := newWriteEnv(t, s)
		ctx := context.Background()
		editor := e.token(content.RoleEditor, "مدیر", allScopes...)
		art := e.create(editor, "ایک خبر")
		path := fmt.Sprintf("/api/v1/articles/%d", art.ID)

		// No token, or one that is not (or no longer) good: 401 with a challenge.
		revoked := e.token(content.RoleEditor, "منسوخ", allScopes...)
		tokens, err := s.APITokens(ctx, e.users[content.RoleEditor].ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range tokens {
			if tk.Name == "منسوخ" {
				if err := s.RevokeAPIToken(ctx, tk.ID, e.now); err != nil {
					t.Fatal(err)
				}
			}
		}
		old := store.APIToken{UserID: e.users[content.RoleEditor].ID, Name: "میعاد ختم", Scopes: []string{"write"},
			CreatedAt: e.now.Add(-48 * time.Hour), ExpiresAt: e.now.Add(-time.Hour)}
		oldSecret, hash, err := auth.NewAPIToken()
		if err != nil {
			t.Fatal(err)
		}
		old.Hash = hash
		if err := s.CreateAPIToken(ctx, &old); err != nil {
			t.Fatal(err)
		}
		disabledUser := e.users[content.RoleContributor]
		disabled := e.token(content.RoleContributor, "بند صارف", auth.ScopeWrite)
		disabledUser.Disabled = true
		if err := s.UpdateUser(ctx, disabledUser); err != nil {
			t.Fatal(err)
		}
		for name, header := range map[string]string{
			"no token":      "",
			"not bearer":    "Basic dXNlcjpwYXNz",
			"no secret":     "Bearer ",
			"malformed":     "Bearer akb_short",
			"unknown":       "Bearer akb_" + strings.Repeat("A", 43),
			"revoked":       "Bearer " + revoked,
			"expired":       "Bearer " + oldSecret,
			"disabled user": "Bearer " + disabled,
		} {
			req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/articles", strings.NewReader(`{"headline":"x","section":"national"}`))
			req.Header.Set("Content-Type", "application/json")
			if header != "" {
				req.Header.Set("Authorization", header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			a := answer{resp.StatusCode, resp.Header, b}
			p := a.problem(t)
			if a.code != http.StatusUnauthorized || p.Type != "/api/v1/problems/unauthorized" || p.Detail == "" ||
				!strings.HasPrefix(a.header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("%s: %d %v %+v", name, a.code, a.header, p)
			}
		}

		// A scope the token was not given, or its owner's role no longer
		// allows: 403 naming the scope.
		readOnly := e.token(content.RoleEditor, "صرف پڑھنا", auth.ScopeReadDrafts)
		a := e.call("POST", "/api/v1/articles", readOnly, e.draft("نئی"))
		if p := a.problem(t); a.code != http.StatusForbidden || p.Type != "/api/v1/problems/insufficient-scope" || !strings.Contains(p.Detail, "write") ||
			!strings.Contains(a.header.Get("WWW-Authenticate"), `scope="write"`) {
			t.Errorf("wrong scope: %d %+v %v", a.code, p, a.header)
		}
		for path, scope := range map[string]string{"/api/v1/drafts": "read_drafts", "/api/v1/media": "upload_media"} {
			method := "GET"
			if path == "/api/v1/media" {
				method = "POST"
			}
			if p := e.call(method, path, e.token(content.RoleEditor, "فقط اشاعت", auth.ScopePublish), nil).problem(t); p.Status != 403 || !strings.Contains(p.Detail, scope) {
				t.Errorf("%s %s without %s: %+v", method, path, scope, p)
			}
		}
		// A reporter's token that somehow holds publish (the newsroom would
		// not have made it) is refused for the role.
		beyond := e.token(content.RoleReporter, "حد سے باہر", auth.ScopeWrite, auth.ScopePublish)
		mine := e.create(beyond, "رپورٹر کی خبر")
		if p := e.call("POST", fmt.Sprintf("/api/v1/articles/%d/publish", mine.ID), beyond, nil, ifMatch(1)...).problem(t); p.Status != 403 || !strings.Contains(p.Detail, "publish") {
			t.Errorf("publish beyond the role: %+v", p)
		}
		// A reporter's token on someone else's article: 403.
		if p := e.call("PATCH", path, beyond, map[string]any{"headline": "قبضہ"}, ifMatch(1)...).problem(t); p.Status != 403 || p.Type != "/api/v1/problems/forbidden" {
			t.Errorf("a reporter editing someone else's draft: %+v", p)
		}
		if p := e.call("GET", fmt.Sprintf("/api/v1/drafts/%d", art.ID), e.token(content.RoleReporter, "پڑھنا", auth.ScopeReadDrafts), nil).problem(t); p.Status != 403 {
			t.Errorf("a reporter reading someone else's draft: %+v", p)
		}
		// A demoted editor's token loses publishing at once.
		demoted := e.token(content.RoleAdmin, "منتظم", allScopes...)
		admin := e.users[content.RoleAdmin]
		admin.Role = content.RoleReporter
		if err := s.UpdateUser(ctx, admin); err != nil {
			t.Fatal(err)
		}
		if p := e.call("POST", path+"/publish", demoted, nil, ifMatch(1)...).problem(t); p.Status != 403 || p.Type != "/api/v1/problems/insufficient-scope" {
			t.Errorf("a demoted admin's token publishing: %+v", p)
		}

		// Bodies: malformed, unknown members, trailing data, the wrong
		// type, too large, not JSON.
		for name, c := range map[string]struct {
			body  any
			ctype string
			code  int
			field string
		}{
			"malformed":     {`{"headline": "ادھورا"`, "", http.StatusBadRequest, ""},
			"not an object": {`[1, 2]`, "", http.StatusBadRequest, ""},
			"broken":        {`{"headline": }`, "", http.StatusBadRequest, ""},
			"unknown field": {`{"headline": "سرخی", "section": "national", "status": "published"}`, "", http.StatusBadRequest, "status"},
			"wrong type":    {`{"headline": 12, "section": "national"}`, "", http.StatusBadRequest, "headline"},
			"trailing data": {`{"headline": "سرخی", "section": "national"} {}`, "", http.StatusBadRequest, ""},
			"empty":         {``, "", http.StatusBadRequest, ""},
			"oversize":      {`{"headline": "سرخی", "section": "national", "body_html": "` + strings.Repeat("الف ", 300_000) + `"}`, "", http.StatusRequestEntityTooLarge, ""},
			"form":          {`headline=x`, "application/x-www-form-urlencoded", http.StatusUnsupportedMediaType, ""},
			"no type":       {`{"headline": "سرخی", "section": "national"}`, "-", http.StatusUnsupportedMediaType, ""},
			"invalid":       {`{"headline": "  ", "section": "nowhere", "authors": [999], "language": "xx"}`, "", http.StatusUnprocessableEntity, "headline"},
		} {
			header := []string{}
			switch c.ctype {
			case "":
			case "-":
				header = []string{"Content-Type", ""}
			default:
				header = []string{"Content-Type", c.ctype}
			}
			a := e.call("POST", "/api/v1/articles", editor, c.body, header...)
			p := a.problem(t)
			if a.code != c.code {
				t.Errorf("%s: %d, want %d: %+v", name, a.code, c.code, p)
			}
			if c.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != c.field) {
				t.Errorf("%s: errors %+v, want one on %q", name, p.Errors, c.field)
			}
		}
		if n, err := s.CountArticles(ctx, store.AllArticles()); err != nil || n != 2 {
			t.Errorf("after refused creations: %d articles, %v; want 2", n, err)
		}
		p := e.call("PATCH", path, editor, `{"headline": "نئی", "version": 1}`, ifMatch(1)...).problem(t)
		if p.Status != http.StatusBadRequest || len(p.Errors) != 1 || p.Errors[0].Field != "version" {
			t.Errorf("an unknown field in an edit: %+v", p)
		}

		// If-Match: missing 428, stale 412, and nothing is stored.
		revisions := func() int {
			t.Helper()
			rs, err := s.Revisions(ctx, art.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(rs)
		}
		before := revisions()
		p = e.call("PATCH", path, editor, map[string]any{"headline": "بغیر نسخے"}).problem(t)
		if p.Status != http.StatusPreconditionRequired || p.Type != "/api/v1/problems/precondition-required" {
			t.Errorf("no If-Match: %+v", p)
		}
		e.want(e.call("PATCH", path, editor, map[string]any{"headline": "دوسری"}, ifMatch(1)...), http.StatusOK, "edit at version 1")
		for _, im := range []string{`"1"`, `W/"2"`, `"7", "3"`, `*`} {
			a := e.call("PATCH", path, editor, map[string]any{"headline": "پرانے نسخے پر"}, "If-Match", im)
			want := http.StatusPreconditionFailed
			if im == "*" {
				want = http.StatusPreconditionRequired
			}
			if p := a.problem(t); a.code != want || (want == 412 && (p.Type != "/api/v1/problems/conflict" || a.header.Get("ETag") != `"2"`)) {
				t.Errorf("If-Match %s: %d %+v %v", im, a.code, p, a.header)
			}
		}
		for _, action := range []string{"submit", "publish", "unpublish"} {
			if code := e.call("POST", path+"/"+action, editor, nil, ifMatch(1)...).code; code != http.StatusPreconditionFailed {
				t.Errorf("%s at a stale version: %d", action, code)
			}
			if code := e.call("POST", path+"/"+action, editor, nil).code; code != http.StatusPreconditionRequired {
				t.Errorf("%s without If-Match: %d", action, code)
			}
		}
		got, err := s.Article(ctx, art.ID)
		if err != nil || got.Version != 2 || got.Headline != "دوسری" || got.Status != content.StatusDraft || revisions() != before+1 {
			t.Errorf("after refused edits: version %d, %q, %s, %d revisions (want %d): %v", got.Version, got.Headline, got.Status, revisions(), before+1, err)
		}
		if p := e.call("PATCH", "/api/v1/articles/99999", editor, map[string]any{"headline": "x"}, ifMatch(1)...).problem(t); p.Status != 404 {
			t.Errorf("an article that does not exist: %+v", p)
		}
	})
}

// photo is a small JPEG carrying a comment a camera might leave.
func photo(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	com := []byte("\xFF\xFE\x00\x18reporter home Rawalpindi")
	return append(append(append([]byte{}, buf.Bytes()[:2]...), com...), buf.Bytes()[2:]...)
}

// TestWriteMedia: an image through the newsroom's pipeline, as a form or
// as the body, with its words; its renditions answered; what is not an
// image refused.
func TestWriteMedia(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		e := newWriteEnv(t, s)
		ctx := context.Background()
		tok := e.token(content.RoleContributor, "فوٹو ڈیسک", auth.ScopeUploadMedia, auth.ScopeWrite)

		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("caption", "بارش کے بعد مال روڈ")
		mw.WriteField("credit", "اے پی پی")
		fw, _ := mw.CreateFormFile("file", "rain.jpg")
		fw.Write(photo(t, 1600, 900))
		mw.WriteField("alt", "بھیگی سڑک پر گاڑیاں")
		mw.Close()
		a := e.call("POST", "/api/v1/media", tok, body.Bytes(), "Content-Type", mw.FormDataContentType())
		e.want(a, http.StatusCreated, "upload a form")
		var m struct {
			ID                     int64
			Format                 string
			Width, Height          int
			Filename, Caption, Alt string
			Credit                 string
			Renditions             []struct {
				Width    int
				Format   string
				URL      string
				Original bool
			}
		}
		if err := json.Unmarshal(a.body, &m); err != nil {
			t.Fatal(err)
		}
		if m.ID == 0 || m.Format != "jpeg" || m.Width != 1600 || m.Filename != "rain.jpg" || m.Caption != "بارش کے بعد مال روڈ" ||
			m.Credit != "اے پی پی" || m.Alt != "بھیگی سڑک پر گاڑیاں" || len(m.Renditions) < 3 {
			t.Fatalf("uploaded %s", a.body)
		}
		stored, err := s.Media(ctx, m.ID)
		if err != nil || stored.CreatedBy != e.users[content.RoleContributor].ID || len(stored.Variants) != len(m.Renditions) {
			t.Errorf("in the library: %+v, %v", stored, err)
		}
		formats := map[string]bool{}
		for _, r := range m.Renditions {
			formats[r.Format] = true
			b, err := os.ReadFile(filepath.Join(e.mediaDir, strings.TrimPrefix(r.URL, "/media/")))
			if err != nil {
				t.Fatalf("rendition %s: %v", r.URL, err)
			}
			if bytes.Contains(b, []byte("Rawalpindi")) {
				t.Errorf("rendition %s keeps the camera's comment", r.URL)
			}
		}
		if !formats["jpeg"] || !formats["webp"] {
			t.Errorf("rendition formats %v", formats)
		}

		// The image as the body, its words in the query.
		a = e.call("POST", "/api/v1/media?caption=%D8%AC%D9%84%D8%B3%DB%81&credit=APP&alt=%D8%AC%D9%84%D8%B3%DB%81&filename=rally.jpg", tok,
			photo(t, 800, 600), "Content-Type", "image/jpeg")
		e.want(a, http.StatusCreated, "upload a body")
		if err := json.Unmarshal(a.body, &m); err != nil || m.Caption != "جلسہ" || m.Filename != "rally.jpg" || m.Width != 800 {
			t.Errorf("uploaded %s", a.body)
		}
		// The uploaded image can lead a story at once.
		a = e.call("POST", "/api/v1/articles", tok, map[string]any{"headline": "جلسہ", "section": e.sections[0].ID, "lead_media": m.ID})
		e.want(a, http.StatusCreated, "a draft led by the upload")
		if got := a.article(t); got.LeadMedia == nil || *got.LeadMedia != m.ID {
			t.Errorf("lead %v", got.LeadMedia)
		}

		// An image without its words cannot lead a story out: publishing
		// is refused on lead_media, as in the newsroom, and nothing moves.
		bare := e.call("POST", "/api/v1/media?filename=wordless.jpg", tok, photo(t, 640, 480), "Content-Type", "image/jpeg")
		e.want(bare, http.StatusCreated, "upload without words")
		var wordless struct{ ID int64 }
		json.Unmarshal(bare.body, &wordless)
		editor := e.token(content.RoleEditor, "ڈیسک ایڈیٹر", auth.ScopeWrite, auth.ScopePublish)
		a = e.call("POST", "/api/v1/articles", editor, map[string]any{"headline": "بے کیپشن تصویر", "section": e.sections[0].ID, "lead_media": wordless.ID})
		e.want(a, http.StatusCreated, "a draft led by the wordless image")
		led := a.article(t)
		a = e.call("POST", fmt.Sprintf("/api/v1/articles/%d/publish", led.ID), editor, nil, ifMatch(led.Version)...)
		if p := a.problem(t); a.code != http.StatusUnprocessableEntity || len(p.Errors) != 1 || p.Errors[0].Field != "lead_media" {
			t.Errorf("publishing behind a wordless lead: %d %+v, want 422 on lead_media", a.code, p)
		}
		if stored, err := s.Article(ctx, led.ID); err != nil || stored.Status != content.StatusDraft {
			t.Errorf("after the refusal the article is %s, %v; want a draft", stored.Status, err)
		}

		for name, c := range map[string]struct {
			body  []byte
			ctype string
			code  int
		}{
			"not an image": {[]byte("hello"), "image/png", http.StatusUnsupportedMediaType},
			"truncated":    {photo(t, 400, 300)[:300], "image/jpeg", http.StatusUnprocessableEntity},
			"json":         {[]byte(`{"file": "x"}`), "application/json", http.StatusUnsupportedMediaType},
		} {
			a := e.call("POST", "/api/v1/media", tok, c.body, "Content-Type", c.ctype)
			if p := a.problem(t); a.code != c.code {
				t.Errorf("%s: %d, want %d: %+v", name, a.code, c.code, p)
			}
		}
		var empty bytes.Buffer
		mw = multipart.NewWriter(&empty)
		mw.WriteField("caption", "بغیر تصویر")
		mw.Close()
		e.want(e.call("POST", "/api/v1/media", tok, empty.Bytes(), "Content-Type", mw.FormDataContentType()), http.StatusBadRequest, "a form without a file")
		if _, n, err := s.MediaList(ctx, "", 10, 0); err != nil || n != 3 {
			t.Errorf("library holds %d images, %v; want 3", n, err)
		}
		log, _ := s.AuditLog(ctx, 10, 0)
		uploads := 0
		for _, l := range log {
			if l.Action == "media_upload" && strings.Contains(l.Detail, "«فوٹو ڈیسک»") {
				uploads++
			}
		}
		if uploads != 3 {
			t.Errorf("%d uploads in the audit log, want 3", uploads)
		}
	})
}
