package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"akhbar/internal/app"
	"akhbar/internal/auth"
	"akhbar/internal/config"
	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// TestWriteThroughTheApp runs the token API inside the real application,
// behind its page cache: two tokens asking for their drafts at once each
// get their own, nothing of theirs is kept in the cache, a publication
// through the API reaches the public page, and an upload goes through the
// newsroom's pipeline as wired.
func TestWriteThroughTheApp(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"--data", dir}
			if engine == "postgres" {
				args = append(args, "--database", storetest.PostgresSchema(t))
			}
			cfg, _, err := config.Load("serve", args, func(string) string { return "" }, nil)
			if err != nil {
				t.Fatal(err)
			}
			a, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			srv := httptest.NewServer(a.Handler)
			t.Cleanup(srv.Close)
			ctx := context.Background()
			s := a.Store
			section, err := s.CreateSection(ctx, content.Section{Slug: "national", Name: "قومی"})
			if err != nil {
				t.Fatal(err)
			}
			token := func(role content.Role, scopes ...auth.Scope) string {
				t.Helper()
				id, err := s.CreateUser(ctx, content.User{Email: string(role) + "@akhbar.example", Name: role.Label(), Slug: string(role), Role: role})
				if err != nil {
					t.Fatal(err)
				}
				secret, hash, err := auth.NewAPIToken()
				if err != nil {
					t.Fatal(err)
				}
				tk := store.APIToken{UserID: id, Name: string(role), Hash: hash}
				for _, sc := range scopes {
					tk.Scopes = append(tk.Scopes, string(sc))
				}
				if err := s.CreateAPIToken(ctx, &tk); err != nil {
					t.Fatal(err)
				}
				return secret
			}
			call := func(method, path, token, ctype string, body []byte, header ...string) (int, http.Header, []byte) {
				t.Helper()
				req, err := http.NewRequest(method, srv.URL+path, bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if ctype != "" {
					req.Header.Set("Content-Type", ctype)
				}
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				for i := 0; i+1 < len(header); i += 2 {
					req.Header.Set(header[i], header[i+1])
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, resp.Header, b
			}
			reporter := token(content.RoleReporter, auth.ScopeReadDrafts, auth.ScopeWrite)
			contributor := token(content.RoleContributor, auth.ScopeReadDrafts, auth.ScopeWrite, auth.ScopeUploadMedia)
			editor := token(content.RoleEditor, auth.Scopes...)
			ids := map[string]int64{}
			for name, tok := range map[string]string{"reporter": reporter, "contributor": contributor} {
				code, _, b := call("POST", "/api/v1/articles", tok, "application/json",
					fmt.Appendf(nil, `{"headline": "%s کی خبر", "section": %d, "body_html": "<p>متن</p>"}`, name, section))
				if code != http.StatusCreated {
					t.Fatalf("create as %s: %d %s", name, code, b)
				}
				var art struct{ ID int64 }
				json.Unmarshal(b, &art)
				ids[name] = art.ID
			}

			// Both ask for their drafts at once, again and again.
			var wg sync.WaitGroup
			for name, tok := range map[string]string{"reporter": reporter, "contributor": contributor} {
				wg.Go(func() {
					for range 20 {
						code, h, b := call("GET", "/api/v1/drafts", tok, "", nil)
						var list struct {
							Articles []struct{ ID int64 }
						}
						json.Unmarshal(b, &list)
						if code != 200 || len(list.Articles) != 1 || list.Articles[0].ID != ids[name] || h.Get("Cache-Control") != "no-store" {
							t.Errorf("%s's drafts: %d %v %s", name, code, h, b)
							return
						}
					}
				})
			}
			wg.Wait()
			if _, ok := a.Pages.Get("/api/v1/drafts"); ok {
				t.Error("the page cache kept a token's drafts")
			}
			if code, _, _ := call("GET", "/api/v1/drafts", "", "", nil); code != http.StatusUnauthorized {
				t.Errorf("drafts without a token through the cache: %d", code)
			}

			// Published through the API, the story reaches its public page.
			id := ids["reporter"]
			code, _, b := call("POST", fmt.Sprintf("/api/v1/articles/%d/publish", id), editor, "", nil, "If-Match", `"1"`)
			if code != http.StatusOK {
				t.Fatalf("publish: %d %s", code, b)
			}
			var pub struct{ URL string }
			json.Unmarshal(b, &pub)
			if code, _, page := call("GET", pub.URL, "", "", nil); code != 200 || !strings.Contains(string(page), "reporter کی خبر") {
				t.Errorf("public page %s after publishing: %d", pub.URL, code)
			}

			// The upload goes through the newsroom's pipeline, as wired.
			code, _, b = call("POST", "/api/v1/media?alt=x&caption=y&credit=z", contributor, "image/jpeg", photo(t, 640, 480))
			if code != http.StatusCreated || !bytes.Contains(b, []byte(`"renditions"`)) {
				t.Errorf("upload through the app: %d %s", code, b)
			}
		})
	}
}
