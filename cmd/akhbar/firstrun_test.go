package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"akhbar/internal/app"
	"akhbar/internal/config"
	"akhbar/internal/store/storetest"
)

// TestFirstRun is the README's first-run path on an empty data folder,
// without the demo or an import: an admin made with `akhbar user
// create`, a section made with `akhbar section create` and another on the
// newsroom's «حصے» screen, a story written and published in each, and
// their public pages answering 200. On SQLite, and on PostgreSQL when
// AKHBAR_TEST_POSTGRES is set.
func TestFirstRun(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { firstRun(t, "") })
	t.Run("postgres", func(t *testing.T) { firstRun(t, storetest.PostgresSchema(t)) })
}

func firstRun(t *testing.T, database string) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Setenv("AKHBAR_DATA_DIR", dir)
	t.Setenv("AKHBAR_DEMO", "")
	if database != "" {
		t.Setenv("AKHBAR_DATABASE", database)
	}
	const pw = "پہلا لمبا پاس ورڈ 2026"
	withStdin(t, pw+"\n")
	if err := run(ctx, []string{"user", "create", "--role", "admin", "--name", "عائشہ صدیقی", "ayesha@example.pk"}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]string{
		{"section", "create", "--name", "", "--slug", "x"},
		{"section", "create", "--name", "نیوز روم", "--slug", "newsroom"},
		{"section", "create", "--name", "کھیل", "--slug", "sports", "--parent", "nowhere"},
	} {
		if err := run(ctx, bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if err := run(ctx, []string{"section", "create", "--name", "قومی", "--slug", "national"}); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"section", "create", "--name", "قومی خبریں", "--slug", "national"}); err == nil || !strings.Contains(err.Error(), "پہلے سے") {
		t.Errorf("duplicate slug: %v", err)
	}
	if err := run(ctx, []string{"section", "create", "--name", "صوبے", "--parent", "national"}); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"section", "list"}); err != nil {
		t.Fatal(err)
	}

	cfg, _, err := config.Load("serve", nil, func(k string) string {
		switch k {
		case "AKHBAR_DATA_DIR":
			return dir
		case "AKHBAR_DATABASE":
			return database
		}
		return ""
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.Handler)
	defer srv.Close()

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	csrfRE := regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	var csrf string
	do := func(method, path string, form url.Values) (int, string, string) {
		t.Helper()
		var body io.Reader
		if form != nil {
			if csrf != "" {
				form.Set("csrf", csrf)
			}
			body = strings.NewReader(form.Encode())
		}
		req, _ := http.NewRequest(method, srv.URL+path, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if m := csrfRE.FindSubmatch(b); m != nil {
			csrf = string(m[1])
		}
		return resp.StatusCode, resp.Header.Get("Location"), string(b)
	}
	do("GET", "/newsroom/login", nil)
	if code, loc, _ := do("POST", "/newsroom/login", url.Values{"email": {"ayesha@example.pk"}, "password": {pw}}); code != http.StatusSeeOther || loc != "/newsroom/" {
		t.Fatalf("sign in: %d %q", code, loc)
	}
	do("GET", "/newsroom/sections", nil)
	if code, _, body := do("POST", "/newsroom/sections", url.Values{"name": {"کھیل"}, "slug": {"sports"}}); code != http.StatusSeeOther {
		t.Fatalf("create a section on the newsroom screen: %d\n%s", code, body)
	}
	secs, err := a.Store.Sections(ctx)
	if err != nil || len(secs) != 3 {
		t.Fatalf("sections: %+v, %v", secs, err)
	}
	for _, sec := range secs {
		if sec.Slug == "national" || sec.Slug == "sports" {
			_, _, editor := do("GET", "/newsroom/articles/new", nil)
			if !strings.Contains(editor, sec.Name) {
				t.Errorf("the editor does not offer section %q", sec.Name)
			}
			code, loc, body := do("POST", "/newsroom/articles/new", url.Values{
				"headline": {"پہلی خبر: " + sec.Name}, "strapline": {"خلاصہ"}, "dateline_source": {"نیوز ڈیسک"},
				"dateline_place": {"لاہور"}, "section": {strconv.FormatInt(sec.ID, 10)}, "tags": {"پہلی"},
				"body": {"<p>پہلا پیراگراف</p>"}, "language": {"ur"}, "version": {"0"}, "action": {"publish"},
			})
			m := regexp.MustCompile(`^/newsroom/articles/(\d+)\?done=published`).FindStringSubmatch(loc)
			if code != http.StatusSeeOther || m == nil {
				t.Fatalf("publish in %s: %d %q\n%s", sec.Slug, code, loc, body)
			}
			id, _ := strconv.ParseInt(m[1], 10, 64)
			art, err := a.Store.Article(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if code, _, _ := do("GET", art.Path(), nil); code != 200 {
				t.Errorf("published story %s: %d", art.Path(), code)
			}
			if code, _, page := do("GET", sec.Path(), nil); code != 200 || !strings.Contains(page, art.Headline) {
				t.Errorf("section page %s: %d", sec.Path(), code)
			}
		}
	}
}
