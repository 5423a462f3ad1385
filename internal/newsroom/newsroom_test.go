package newsroom_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/media/storage"
	"akhbar/internal/newsroom"
	"akhbar/internal/site"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
	"akhbar/web"
)

const password = "ایک لمبا پاس ورڈ 2026"

// clock is a settable "now" shared by the site and the newsroom.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type env struct {
	store    *store.Store
	srv      *httptest.Server
	clock    *clock
	users    map[content.Role]content.User
	sections []content.Section
	changed  []int64
	mu       sync.Mutex
	mediaDir string
}

// newEnv serves the public site and the newsroom from a real HTTP server,
// with one user of each role.
func newEnv(t *testing.T, s *store.Store) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{store: s, clock: &clock{t: time.Date(2026, 2, 18, 6, 0, 0, 0, time.UTC)}, users: map[content.Role]content.User{}}
	for i, sec := range []content.Section{{Slug: "national", Name: "قومی"}, {Slug: "sports", Name: "کھیل"}} {
		sec.Position = i
		id, err := s.CreateSection(ctx, sec)
		if err != nil {
			t.Fatal(err)
		}
		sec.ID = id
		e.sections = append(e.sections, sec)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range content.Roles {
		u := content.User{Email: string(r) + "@akhbar.example", Name: r.Label(), Slug: string(r), Role: r, PasswordHash: hash}
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
	st, err := site.New(ctx, site.Options{Store: s, Assets: assets, BaseURL: "http://akhbar.example", Now: e.clock.Now, Media: files})
	if err != nil {
		t.Fatal(err)
	}
	nr, err := newsroom.New(newsroom.Options{Store: s, Site: st, Assets: assets, Now: e.clock.Now, Media: files,
		Sessions: &auth.Sessions{Store: s, Now: e.clock.Now, TTL: time.Hour},
		Changed: func(_ context.Context, id int64) {
			e.mu.Lock()
			e.changed = append(e.changed, id)
			e.mu.Unlock()
		}})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	st.Register(mux)
	nr.Register(mux)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

// client is one browser: a cookie jar, and the CSRF token of the last page.
type client struct {
	t    *testing.T
	e    *env
	http *http.Client
	csrf string
}

func (e *env) browser(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, e: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (c *client) do(method, path string, form url.Values, header ...string) (int, string, string) {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.e.srv.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := csrfField.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

func (c *client) get(path string) (int, string) {
	code, _, body := c.do("GET", path, nil)
	return code, body
}

// post sends a form with the session's CSRF token, as our pages do.
func (c *client) post(path string, form url.Values) (int, string, string) {
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf") == "" {
		form.Set("csrf", c.csrf)
	}
	return c.do("POST", path, form)
}

func (e *env) login(t *testing.T, role content.Role) *client {
	t.Helper()
	c := e.browser(t)
	c.get("/newsroom/login")
	code, loc, body := c.post("/newsroom/login", url.Values{"email": {string(role) + "@akhbar.example"}, "password": {password}})
	if code != http.StatusSeeOther || loc != "/newsroom/" {
		t.Fatalf("login as %s: %d %q\n%s", role, code, loc, body)
	}
	if code, _ := c.get("/newsroom/"); code != 200 {
		t.Fatalf("newsroom home as %s: %d", role, code)
	}
	return c
}

func articleForm(e *env, headline string, version int, action string) url.Values {
	return url.Values{
		"headline": {headline}, "strapline": {"خبر کا خلاصہ"}, "dateline_source": {"نیوز ڈیسک"}, "dateline_place": {"لاہور"},
		"section": {fmt.Sprint(e.sections[0].ID)}, "tags": {"بجٹ، معیشت"},
		"body":    {"<p>پہلا پیراگراف</p><h2>ذیلی سرخی</h2><p>دوسرا پیراگراف</p>"},
		"version": {fmt.Sprint(version)}, "action": {action},
	}
}

// publishAt fills the publish-time picker: day, month (1–12), year, hour
// (0–23) and minute in the site's zone, as the editor's fields send them.
func publishAt(day, month, year, hour, minute string) []string {
	return []string{"publish_day", day, "publish_month", month, "publish_year", year, "publish_hour", hour, "publish_minute", minute}
}

var articleLocation = regexp.MustCompile(`^/newsroom/articles/(\d+)\?done=`)

// create writes a new article as c and returns its id.
func (c *client) create(headline, action string) int64 {
	c.t.Helper()
	c.get("/newsroom/articles/new")
	code, loc, body := c.post("/newsroom/articles/new", articleForm(c.e, headline, 0, action))
	m := articleLocation.FindStringSubmatch(loc)
	if code != http.StatusSeeOther || m == nil {
		c.t.Fatalf("create %q (%s): %d %q\n%s", headline, action, code, loc, body)
	}
	var id int64
	fmt.Sscan(m[1], &id)
	return id
}

// act opens the editor (for the token and version) and presses a button.
func (c *client) act(id int64, action string, extra ...string) (int, string) {
	c.t.Helper()
	a, err := c.e.store.Article(context.Background(), id)
	if err != nil {
		c.t.Fatal(err)
	}
	c.get("/newsroom/")
	form := articleForm(c.e, a.Headline, a.Version, action)
	for i := 0; i+1 < len(extra); i += 2 {
		form.Set(extra[i], extra[i+1])
	}
	code, loc, body := c.post(fmt.Sprintf("/newsroom/articles/%d", id), form)
	if loc != "" {
		return code, loc
	}
	return code, body
}

func (e *env) public(t *testing.T, id int64) int {
	t.Helper()
	a, err := e.store.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(e.srv.URL + a.Path())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func status(t *testing.T, s *store.Store, id int64) content.Status {
	t.Helper()
	a, err := s.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a.Status
}

// TestWorkflowByRole walks every role through writing, submitting,
// editing, publishing, scheduling and unpublishing.
func TestWorkflowByRole(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		contributor := e.login(t, content.RoleContributor)
		reporter := e.login(t, content.RoleReporter)
		editor := e.login(t, content.RoleEditor)
		admin := e.login(t, content.RoleAdmin)

		// A contributor writes drafts only.
		cDraft := contributor.create("معاون قلم کار کا مسودہ", "save")
		if st := status(t, s, cDraft); st != content.StatusDraft {
			t.Fatalf("contributor's article is %s", st)
		}
		if code, _ := contributor.act(cDraft, "save"); code != http.StatusSeeOther {
			t.Errorf("contributor editing own draft: %d", code)
		}
		for _, action := range []string{"submit", "publish", "schedule"} {
			if code, _ := contributor.act(cDraft, action, publishAt("19", "2", "2026", "10", "00")...); code != http.StatusForbidden {
				t.Errorf("contributor %s: %d, want 403", action, code)
			}
		}
		contributor.get("/newsroom/")
		if code, _, _ := contributor.post("/newsroom/articles/new", articleForm(e, "فوری اشاعت", 0, "publish")); code != http.StatusForbidden {
			t.Errorf("contributor creating a published article: %d, want 403", code)
		}

		// A reporter writes and submits, never publishes.
		rArticle := reporter.create("رپورٹر کی خبر", "submit")
		if st := status(t, s, rArticle); st != content.StatusSubmitted {
			t.Fatalf("reporter's article is %s, want submitted", st)
		}
		if code, _ := reporter.act(rArticle, "save"); code != http.StatusSeeOther {
			t.Errorf("reporter editing own submitted article: %d", code)
		}
		for _, action := range []string{"publish", "schedule"} {
			if code, _ := reporter.act(rArticle, action, publishAt("19", "2", "2026", "10", "00")...); code != http.StatusForbidden {
				t.Errorf("reporter %s: %d, want 403", action, code)
			}
		}
		if code, _ := reporter.get(fmt.Sprintf("/newsroom/articles/%d", cDraft)); code != http.StatusForbidden {
			t.Errorf("reporter opening someone else's draft: %d, want 403", code)
		}
		if code, _ := reporter.act(cDraft, "save"); code != http.StatusForbidden {
			t.Errorf("reporter saving someone else's draft: %d, want 403", code)
		}
		if code := e.public(t, rArticle); code != http.StatusNotFound {
			t.Errorf("submitted article on the public site: %d, want 404", code)
		}

		// An editor edits anyone's article and publishes it: readers see it at once.
		if code, _ := editor.act(rArticle, "publish"); code != http.StatusSeeOther {
			t.Fatalf("editor publishing: %d", code)
		}
		if code := e.public(t, rArticle); code != http.StatusOK {
			t.Errorf("published article on the public site: %d, want 200", code)
		}
		if code, body := e.browser(t).get("/"); code != 200 || !strings.Contains(body, "رپورٹر کی خبر") {
			t.Error("the published article is not on the home page")
		}
		if code, _ := reporter.act(rArticle, "save"); code != http.StatusForbidden {
			t.Errorf("reporter editing a live article: %d, want 403", code)
		}
		if code, _ := reporter.act(rArticle, "unpublish"); code != http.StatusForbidden {
			t.Errorf("reporter unpublishing: %d, want 403", code)
		}
		if code, _, _ := reporter.post(fmt.Sprintf("/newsroom/articles/%d/delete", rArticle), nil); code != http.StatusForbidden {
			t.Errorf("reporter deleting: %d, want 403", code)
		}

		// Scheduling: not before its time, then live.
		scheduled := editor.create("طے شدہ خبر", "save")
		if code, _ := editor.act(scheduled, "schedule", publishAt("17", "2", "2026", "10", "00")...); code != http.StatusUnprocessableEntity {
			t.Errorf("scheduling in the past: %d, want 422", code)
		}
		if code, _ := editor.act(scheduled, "schedule", publishAt("18", "2", "2026", "12", "30")...); code != http.StatusSeeOther {
			t.Fatalf("scheduling: %d", code)
		}
		if code := e.public(t, scheduled); code != http.StatusNotFound {
			t.Errorf("scheduled article visible early: %d", code)
		}
		a, _ := s.Article(context.Background(), scheduled)
		if want := time.Date(2026, 2, 18, 7, 30, 0, 0, time.UTC); !a.PublishedAt.Equal(want) { // 12:30 in Karachi
			t.Errorf("scheduled for %v, want %v", a.PublishedAt, want)
		}

		// Unpublishing takes the article off the site at once.
		if code, _ := editor.act(rArticle, "unpublish"); code != http.StatusSeeOther {
			t.Fatalf("unpublishing: %d", code)
		}
		if code := e.public(t, rArticle); code != http.StatusNotFound {
			t.Errorf("unpublished article still public: %d", code)
		}
		e.mu.Lock()
		changed := fmt.Sprint(e.changed)
		e.mu.Unlock()
		if want := fmt.Sprint([]int64{rArticle, rArticle}); changed != want {
			t.Errorf("change notifications %s, want %s (publish, unpublish)", changed, want)
		}

		// Only admins manage users and read the audit log.
		for _, c := range []*client{contributor, reporter, editor} {
			for _, path := range []string{"/newsroom/users", "/newsroom/audit"} {
				if code, _ := c.get(path); code != http.StatusForbidden {
					t.Errorf("non-admin GET %s: %d, want 403", path, code)
				}
			}
			if code, _, _ := c.post(fmt.Sprintf("/newsroom/users/%d", e.users[content.RoleContributor].ID), url.Values{"role": {"admin"}}); code != http.StatusForbidden {
				t.Errorf("non-admin changing a role: %d, want 403", code)
			}
		}
		if code, _, _ := editor.post(fmt.Sprintf("/newsroom/articles/%d/delete", cDraft), nil); code != http.StatusSeeOther {
			t.Errorf("editor deleting: %d", code)
		}
		code, body := admin.get("/newsroom/audit")
		if code != 200 {
			t.Fatalf("audit log: %d", code)
		}
		for _, want := range []string{"سائن اِن", "اشاعت", "اشاعت طے", "اشاعت واپس", "حذف"} {
			if !strings.Contains(body, "<td>"+want+"</td>") {
				t.Errorf("audit log lacks %q", want)
			}
		}
	})
}

func TestAdminManagesUsers(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	admin := e.login(t, content.RoleAdmin)
	reporter := e.login(t, content.RoleReporter)
	if code, _ := admin.get("/newsroom/users"); code != 200 {
		t.Fatalf("users page: %d", code)
	}
	code, loc, body := admin.post("/newsroom/users", url.Values{"name": {"نئی رپورٹر"}, "email": {"new@akhbar.example"}, "role": {"reporter"}, "password": {password}})
	if code != http.StatusSeeOther {
		t.Fatalf("create user: %d %s\n%s", code, loc, body)
	}
	if code, _, _ := admin.post("/newsroom/users", url.Values{"name": {"دوسری"}, "email": {"new@akhbar.example"}, "role": {"reporter"}, "password": {password}}); code != http.StatusConflict {
		t.Errorf("duplicate email: %d, want 409", code)
	}
	rid := e.users[content.RoleReporter].ID
	admin.get("/newsroom/users")
	if code, _, _ := admin.post(fmt.Sprintf("/newsroom/users/%d", rid), url.Values{"role": {"editor"}}); code != http.StatusSeeOther {
		t.Fatalf("role change: %d", code)
	}
	if u, _ := e.store.UserByID(context.Background(), rid); u.Role != content.RoleEditor {
		t.Errorf("role is %s after change", u.Role)
	}
	// Disabling a user ends their sessions at once.
	admin.get("/newsroom/users")
	if code, _, _ := admin.post(fmt.Sprintf("/newsroom/users/%d", rid), url.Values{"role": {"editor"}, "disabled": {"on"}}); code != http.StatusSeeOther {
		t.Fatalf("disable: %d", code)
	}
	if code, _, _ := reporter.do("GET", "/newsroom/", nil); code != http.StatusSeeOther {
		t.Errorf("disabled user still signed in: %d", code)
	}
	admin.get("/newsroom/users")
	if code, _, _ := admin.post(fmt.Sprintf("/newsroom/users/%d", e.users[content.RoleAdmin].ID), url.Values{"role": {"editor"}}); code != http.StatusUnprocessableEntity {
		t.Errorf("admin demoting themselves: %d, want 422", code)
	}
	_, body = admin.get("/newsroom/audit")
	for _, want := range []string{"نیا صارف", "کردار کی تبدیلی", "صارف بند"} {
		if !strings.Contains(body, want) {
			t.Errorf("audit log lacks %q", want)
		}
	}
}

func TestCSRFAndCrossSiteRefused(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	id := editor.create("محفوظ خبر", "save")
	a, _ := e.store.Article(context.Background(), id)
	form := articleForm(e, "ہیک شدہ سرخی", a.Version, "publish")

	noToken := url.Values{}
	for k, v := range form {
		noToken[k] = v
	}
	noToken.Set("csrf", "")
	if code, _, _ := editor.do("POST", fmt.Sprintf("/newsroom/articles/%d", id), noToken); code != http.StatusForbidden {
		t.Errorf("POST without CSRF token: %d, want 403", code)
	}
	noToken.Set("csrf", "forged-token-forged-token-forged-token-forged")
	if code, _, _ := editor.do("POST", fmt.Sprintf("/newsroom/articles/%d", id), noToken); code != http.StatusForbidden {
		t.Errorf("POST with a wrong CSRF token: %d, want 403", code)
	}
	editor.get("/newsroom/")
	form.Set("csrf", editor.csrf)
	for _, h := range [][]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}} {
		if code, _, _ := editor.do("POST", fmt.Sprintf("/newsroom/articles/%d", id), form, h...); code != http.StatusForbidden {
			t.Errorf("cross-site POST (%s: %s): %d, want 403", h[0], h[1], code)
		}
	}
	if a2, _ := e.store.Article(context.Background(), id); a2.Headline != "محفوظ خبر" || a2.Status != content.StatusDraft {
		t.Errorf("a refused post changed the article: %q %s", a2.Headline, a2.Status)
	}
	// The sign-in form has its own token.
	stranger := e.browser(t)
	if code, _, _ := stranger.do("POST", "/newsroom/login", url.Values{"email": {"editor@akhbar.example"}, "password": {password}}); code != http.StatusForbidden {
		t.Errorf("sign-in without the form's token: %d, want 403", code)
	}
	// Logout is a form post too.
	if code, _, _ := editor.do("POST", "/newsroom/logout", url.Values{}); code != http.StatusForbidden {
		t.Errorf("logout without token: %d, want 403", code)
	}
}

func TestLoginRateLimitAndSessions(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	c := e.browser(t)
	c.get("/newsroom/login")
	for i := range 5 {
		code, _, body := c.post("/newsroom/login", url.Values{"email": {"editor@akhbar.example"}, "password": {"غلط پاس ورڈ نمبر"}})
		if code != http.StatusUnauthorized || !strings.Contains(body, "ای میل یا پاس ورڈ درست نہیں") {
			t.Fatalf("wrong password %d: %d", i, code)
		}
	}
	code, _, body := c.post("/newsroom/login", url.Values{"email": {"editor@akhbar.example"}, "password": {password}})
	if code != http.StatusTooManyRequests || !strings.Contains(body, "15 منٹ بعد دوبارہ کوشش کریں") {
		t.Errorf("sixth attempt: %d, want 429 with an Urdu wait message", code)
	}
	e.clock.Add(16 * time.Minute)
	if code, _, _ := c.post("/newsroom/login", url.Values{"email": {"editor@akhbar.example"}, "password": {password}}); code != http.StatusSeeOther {
		t.Errorf("after the wait: %d, want a sign-in", code)
	}
	// The session cookie is HttpOnly and SameSite=Lax.
	c2 := e.browser(t)
	c2.get("/newsroom/login")
	resp, err := c2.http.PostForm(e.srv.URL+"/newsroom/login", url.Values{"email": {"admin@akhbar.example"}, "password": {password}, "csrf": {c2.csrf}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookie := strings.Join(resp.Header.Values("Set-Cookie"), "; ")
	for _, want := range []string{"akhbar_session=", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	// Signing out everywhere else ends the other browser's session.
	c.get("/newsroom/account")
	admin := e.login(t, content.RoleAdmin)
	admin.get("/newsroom/account")
	if code, _, _ := admin.post("/newsroom/account/sessions", nil); code != http.StatusSeeOther {
		t.Fatal("end other sessions failed")
	}
	if code, _, _ := c2.do("GET", "/newsroom/", nil); code != http.StatusSeeOther {
		t.Errorf("other admin session survived: %d", code)
	}
	// Password change, then logout.
	admin.get("/newsroom/account")
	if code, _, _ := admin.post("/newsroom/account/password", url.Values{"current": {"غلط"}, "new": {"نیا پاس ورڈ 12345"}, "confirm": {"نیا پاس ورڈ 12345"}}); code != http.StatusUnprocessableEntity {
		t.Errorf("password change with a wrong current password: %d", code)
	}
	if code, _, _ := admin.post("/newsroom/account/password", url.Values{"current": {password}, "new": {"نیا پاس ورڈ 12345"}, "confirm": {"نیا پاس ورڈ 12345"}}); code != http.StatusSeeOther {
		t.Errorf("password change: %d", code)
	}
	admin.get("/newsroom/")
	if code, loc, _ := admin.post("/newsroom/logout", nil); code != http.StatusSeeOther || loc != "/newsroom/login" {
		t.Errorf("logout: %d %s", code, loc)
	}
	if code, _, _ := admin.do("GET", "/newsroom/", nil); code != http.StatusSeeOther {
		t.Errorf("still signed in after logout: %d", code)
	}
}

// TestConcurrentEdit: two editors open version N; the first save wins, the
// second is refused with a clear message, and both texts are kept.
func TestConcurrentEdit(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		first := e.login(t, content.RoleEditor)
		second := e.login(t, content.RoleAdmin)
		id := first.create("اصل سرخی", "save")
		a, _ := s.Article(context.Background(), id)

		first.get(fmt.Sprintf("/newsroom/articles/%d", id))
		second.get(fmt.Sprintf("/newsroom/articles/%d", id))
		if code, _, _ := first.post(fmt.Sprintf("/newsroom/articles/%d", id), articleForm(e, "پہلے مدیر کی سرخی", a.Version, "save")); code != http.StatusSeeOther {
			t.Fatalf("first save: %d", code)
		}
		code, _, body := second.post(fmt.Sprintf("/newsroom/articles/%d", id), articleForm(e, "دوسرے مدیر کی سرخی", a.Version, "save"))
		if code != http.StatusConflict {
			t.Fatalf("second save: %d, want 409", code)
		}
		if !strings.Contains(body, "کسی اور نے تبدیلیاں محفوظ کر دی ہیں") || !strings.Contains(body, `value="دوسرے مدیر کی سرخی"`) {
			t.Error("the refusal does not explain itself or lost the second editor's text")
		}
		now, _ := s.Article(context.Background(), id)
		if now.Headline != "پہلے مدیر کی سرخی" {
			t.Errorf("article headline %q, want the first editor's", now.Headline)
		}
		revs, _ := s.Revisions(context.Background(), id)
		kept := false
		for _, r := range revs {
			kept = kept || (r.Note == "conflict" && r.Headline == "دوسرے مدیر کی سرخی")
		}
		if !kept {
			t.Error("the refused edit is not kept among the revisions")
		}
		_, page := second.get(fmt.Sprintf("/newsroom/articles/%d/revisions", id))
		if !strings.Contains(page, "رد شدہ ترمیم") {
			t.Error("the revisions page does not show the refused edit")
		}
	})
}

func TestAutosaveRevisionsAndPreview(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	reporter := e.login(t, content.RoleReporter)
	id := reporter.create("خودکار محفوظ کاری", "save")
	a, _ := e.store.Article(context.Background(), id)
	reporter.get(fmt.Sprintf("/newsroom/articles/%d", id))
	form := articleForm(e, "خودکار محفوظ کاری: نئی سرخی", a.Version, "")
	form.Set("csrf", reporter.csrf)
	code, _, body := reporter.do("POST", fmt.Sprintf("/newsroom/articles/%d/autosave", id), form, "X-Requested-With", "fetch")
	if code != 200 || !strings.Contains(body, `"version":2`) || !strings.Contains(body, "خودکار طور پر محفوظ") {
		t.Fatalf("autosave: %d %s", code, body)
	}
	// An autosave from a stale version is refused in JSON.
	code, _, body = reporter.do("POST", fmt.Sprintf("/newsroom/articles/%d/autosave", id), form, "X-Requested-With", "fetch")
	if code != http.StatusConflict || !strings.Contains(body, `"error"`) {
		t.Errorf("stale autosave: %d %s", code, body)
	}
	revs, _ := e.store.Revisions(context.Background(), id)
	if len(revs) < 2 {
		t.Fatalf("%d revisions after autosave", len(revs))
	}
	oldest := revs[len(revs)-1]
	code, body = reporter.get(fmt.Sprintf("/newsroom/articles/%d/revisions/%d", id, oldest.ID))
	if code != 200 || !strings.Contains(body, "خودکار محفوظ کاری</h2>") {
		t.Errorf("revision view: %d", code)
	}
	if code, loc, _ := reporter.post(fmt.Sprintf("/newsroom/articles/%d/revisions/%d/restore", id, oldest.ID), nil); code != http.StatusSeeOther || !strings.Contains(loc, "done=restored") {
		t.Errorf("restore: %d %s", code, loc)
	}
	if a, _ := e.store.Article(context.Background(), id); a.Headline != "خودکار محفوظ کاری" {
		t.Errorf("after restore the headline is %q", a.Headline)
	}
	// The preview is the public page, for an article readers cannot see yet.
	code, body = reporter.get(fmt.Sprintf("/newsroom/articles/%d/preview", id))
	if code != 200 || !strings.Contains(body, `<h1 class="headline">خودکار محفوظ کاری</h1>`) || !strings.Contains(body, `<meta name="robots" content="noindex">`) ||
		!strings.Contains(body, `<span class="dateline">`) || !strings.Contains(body, "<h2>ذیلی سرخی</h2>") {
		t.Errorf("preview: %d", code)
	}
	if code := e.public(t, id); code != http.StatusNotFound {
		t.Errorf("the draft is public: %d", code)
	}
	// The list's search finds the draft, folded: Arabic kaf and yeh in the query match.
	_, list := reporter.get("/newsroom/?q=" + url.QueryEscape("خودكار محفوظ"))
	if !strings.Contains(list, fmt.Sprintf(`href="/newsroom/articles/%d"`, id)) {
		t.Error("search with Arabic letters did not find the draft")
	}
}

func TestSavedBodyIsCleanedAndNormalized(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	editor.get("/newsroom/articles/new")
	form := articleForm(e, "پاكستان كي  خبر", 0, "save")
	form.Set("body", `<div class="MsoNormal" style="color:red">پہلا   پیراگراف<script>alert(1)</script></div><div>دوسرا</div>`)
	code, loc, body := editor.post("/newsroom/articles/new", form)
	if code != http.StatusSeeOther {
		t.Fatalf("save: %d %s %s", code, loc, body)
	}
	var id int64
	fmt.Sscan(articleLocation.FindStringSubmatch(loc)[1], &id)
	a, _ := e.store.Article(context.Background(), id)
	if a.Headline != "پاکستان کی خبر" {
		t.Errorf("headline not normalized: %q", a.Headline)
	}
	if a.BodyHTML != "<p>پہلا پیراگراف</p><p>دوسرا</p>" {
		t.Errorf("body = %q", a.BodyHTML)
	}
	if a.Slug == "" || len(a.Tags) != 2 || len(a.Authors) != 1 || a.Authors[0].ID != e.users[content.RoleEditor].ID {
		t.Errorf("slug %q tags %v authors %v", a.Slug, a.Tags, a.Authors)
	}
	editor.get("/newsroom/articles/new")
	bad := articleForm(e, "", 0, "save")
	bad.Set("section", "999")
	code, _, body = editor.post("/newsroom/articles/new", bad)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "سرخی لکھنا ضروری ہے") || !strings.Contains(body, "حصہ منتخب کریں") {
		t.Errorf("invalid form: %d", code)
	}
}

func TestSettings(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	admin := e.login(t, content.RoleAdmin)
	editor := e.login(t, content.RoleEditor)
	if code, _ := editor.get("/newsroom/settings"); code != http.StatusForbidden {
		t.Errorf("editor GET settings: %d, want 403", code)
	}
	if code, _, _ := editor.post("/newsroom/settings", url.Values{"site_name": {"ہیک"}}); code != http.StatusForbidden {
		t.Errorf("editor POST settings: %d, want 403", code)
	}
	if code, body := admin.get("/newsroom/settings"); code != 200 || !strings.Contains(body, "Asia/Karachi") {
		t.Fatalf("settings page: %d", code)
	}
	good := url.Values{"site_name": {"روزنامہ مثال"}, "tagline": {"سچ کی تلاش"}, "time_zone": {"Asia/Karachi"}, "date_style": {"long"},
		"digits": {"urdu"}, "show_hijri": {"on"}, "hijri_offset": {"-1"}, "most_read_hours": {"24"}}
	bad := url.Values{}
	for k, v := range good {
		bad[k] = v
	}
	bad.Set("time_zone", "Mars/Olympus")
	bad.Set("hijri_offset", "5")
	if code, _, body := admin.post("/newsroom/settings", bad); code != http.StatusUnprocessableEntity || !strings.Contains(body, "ٹائم زون درست نہیں") {
		t.Errorf("bad settings: %d", code)
	}
	if code, _, _ := admin.post("/newsroom/settings", good); code != http.StatusSeeOther {
		t.Fatalf("save settings: %d", code)
	}
	_, home := e.browser(t).get("/")
	// 06:00 UTC on 18 February 2026 is Wednesday in Karachi; long style, Urdu digits, Hijri shown.
	for _, want := range []string{"روزنامہ مثال", "بدھ، ۱۸ فروری، ۲۰۲۶", "ہجری"} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %q after the settings change", want)
		}
	}
}

// TestTranslationLink: an editor marks an article as the English version
// of another; a wrong link is refused with an Urdu explanation.
func TestTranslationLink(t *testing.T) {
	s := storetest.OpenSQLite(t)
	e := newEnv(t, s)
	editor := e.login(t, content.RoleEditor)
	orig := editor.create("بجٹ پیش کر دیا گیا", "save")
	trans := editor.create("Budget presented", "save")
	cases := []struct {
		lang, of string
		problem  string
	}{
		{"en", fmt.Sprint(trans), "اپنا ہی ترجمہ"},
		{"ur", fmt.Sprint(orig), "مختلف زبان"},
		{"en", "999999", "نہیں ملا"},
		{"xx", fmt.Sprint(orig), "زبان منتخب کریں"},
	}
	for _, c := range cases {
		code, body := editor.act(trans, "save", "language", c.lang, "translation_of", c.of)
		if code == http.StatusSeeOther || !strings.Contains(body, c.problem) {
			t.Errorf("language %s, translation of %s: %d, no %q", c.lang, c.of, code, c.problem)
		}
	}
	if code, _ := editor.act(trans, "save", "language", "en", "translation_of", fmt.Sprint(orig)); code != http.StatusSeeOther {
		t.Fatalf("valid translation link refused: %d", code)
	}
	a, err := s.Article(context.Background(), trans)
	if err != nil {
		t.Fatal(err)
	}
	if a.Language != "en" || a.TranslationOf != orig {
		t.Errorf("stored language %q, translation of %d", a.Language, a.TranslationOf)
	}
}

// multipartBody encodes form as multipart/form-data, with one file part
// of fileBytes bytes when fileBytes > 0.
func multipartBody(t *testing.T, form url.Values, fileBytes int) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if fileBytes > 0 {
		fw, _ := mw.CreateFormFile("attachment", "big.bin")
		fw.Write(bytes.Repeat([]byte("x"), fileBytes))
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

// TestMultipartFormsChecked: a form sent as multipart/form-data is held
// to the same CSRF token and 8 MB limit as any other; only the streamed
// uploads check their token themselves, before reading a file.
func TestMultipartFormsChecked(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	admin := e.login(t, content.RoleAdmin)
	admin.get("/newsroom/users")
	send := func(path string, form url.Values, fileBytes int) int {
		t.Helper()
		body, ctype := multipartBody(t, form, fileBytes)
		req, _ := http.NewRequest("POST", e.srv.URL+path, body)
		req.Header.Set("Content-Type", ctype)
		resp, err := admin.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	newAdmin := url.Values{"name": {"حملہ آور"}, "email": {"intruder@evil.example"}, "role": {"admin"}, "password": {"a very long passphrase indeed"}}
	if code := send("/newsroom/users", newAdmin, 0); code != http.StatusForbidden {
		t.Errorf("a multipart post without a CSRF token answered %d, want 403", code)
	}
	if _, err := e.store.UserByEmail(context.Background(), "intruder@evil.example"); err == nil {
		t.Fatalf("a multipart post without a CSRF token created an account")
	}
	newAdmin.Set("csrf", admin.csrf)
	if code := send("/newsroom/users", newAdmin, 9<<20); code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 9 MB multipart post answered %d, want 413", code)
	}
	if _, err := e.store.UserByEmail(context.Background(), "intruder@evil.example"); err == nil {
		t.Errorf("a post over the size limit created an account")
	}
	// With its token, within the limit, the same form works.
	if code := send("/newsroom/users", newAdmin, 0); code != http.StatusSeeOther && code != http.StatusOK {
		t.Errorf("a multipart post with its token answered %d", code)
	}
	if _, err := e.store.UserByEmail(context.Background(), "intruder@evil.example"); err != nil {
		t.Errorf("a multipart post with its token did not create the account: %v", err)
	}
}
