package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/store"
)

// proxyNode opens the demo on SQLite with the given flags and serves its
// real handler on 127.0.0.1, where the test's requests come from: a
// proxy at 127.0.0.1 is trusted only when the flags say so.
func proxyNode(t *testing.T, flags ...string) *node {
	t.Helper()
	cfg := testConfig(t, t.TempDir(), append([]string{"--demo", "--api-rate", "1"}, flags...)...)
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	const pass = "a long and secret passphrase"
	hash, err := auth.HashPassword(pass)
	if err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"editor@example.pk", "reporter@example.pk"} {
		u := content.User{Email: email, Name: "مدیر", Role: content.RoleEditor, PasswordHash: hash, Slug: strings.Split(email, "@")[0]}
		if _, err := a.Store.CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	return &node{App: a, url: srv.URL}
}

const proxyTestPass = "a long and secret passphrase"

// signInVia signs in through a proxy that sends X-Forwarded-For: xff and,
// when proto is not empty, X-Forwarded-Proto: proto. It returns the
// status and the cookies set by the sign-in form and by the sign-in.
func signInVia(t *testing.T, base, email, password, xff, proto string) (status int, formCSRF, session *http.Cookie) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	send := func(req *http.Request) *http.Response {
		req.Header.Set("X-Forwarded-For", xff)
		if proto != "" {
			req.Header.Set("X-Forwarded-Proto", proto)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	req, _ := http.NewRequest("GET", base+"/newsroom/login", nil)
	resp := send(req)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("no CSRF token on the sign-in page (%d)", resp.StatusCode)
	}
	formCSRF = cookieNamed(resp, auth.LoginCSRFCookie)
	form := url.Values{"email": {email}, "password": {password}, "csrf": {m[1]}}
	req, _ = http.NewRequest("POST", base+"/newsroom/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp = send(req)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, formCSRF, cookieNamed(resp, auth.SessionCookie)
}

func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// fillSignInFailures records n failed sign-ins from the address addr, as
// an attacker's earlier guesses would have.
func fillSignInFailures(t *testing.T, s *store.Store, addr string, n int) {
	t.Helper()
	for range n {
		if _, ok, _, err := s.ReserveLogin(context.Background(), time.Now(),
			store.LoginLimit{Key: "ip:" + addr, Max: 1000, Window: time.Hour}); err != nil || !ok {
			t.Fatal("reserve a sign-in attempt:", ok, err)
		}
	}
}

// apiStatuses sends one API request per X-Forwarded-For value and
// returns the statuses.
func apiStatuses(t *testing.T, base string, xffs ...string) []int {
	t.Helper()
	var out []int
	for _, xff := range xffs {
		resp, _ := apiRequest(t, http.MethodGet, base+"/api/v1/articles?limit=1", "X-Forwarded-For", xff)
		out = append(out, resp.StatusCode)
	}
	return out
}

func statuses(got []int, want ...int) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// TestBehindTrustedProxy: behind a proxy named in --trusted-proxies, its
// X-Forwarded-For names the reader for the sign-in and API limits (one
// reader used up is not everyone behind the proxy), and its
// X-Forwarded-Proto: https makes the cookies Secure (plain http does not).
func TestBehindTrustedProxy(t *testing.T) {
	n := proxyNode(t, "--trusted-proxies", "127.0.0.1")

	code, csrf, session := signInVia(t, n.url, "editor@example.pk", proxyTestPass, "198.51.100.8", "https")
	if code != http.StatusSeeOther || csrf == nil || session == nil {
		t.Fatalf("sign-in through a TLS proxy: %d, cookies %v %v", code, csrf, session)
	}
	if !csrf.Secure || !session.Secure {
		t.Errorf("cookies behind a trusted TLS proxy: sign-in form Secure=%v, session Secure=%v; want both Secure", csrf.Secure, session.Secure)
	}
	code, csrf, session = signInVia(t, n.url, "editor@example.pk", proxyTestPass, "198.51.100.8", "http")
	if code != http.StatusSeeOther || csrf.Secure || session.Secure {
		t.Errorf("sign-in through a plain-http proxy: %d, Secure %v %v; want cookies without Secure", code, csrf.Secure, session.Secure)
	}

	// The reader at 198.51.100.7 has used up its sign-in attempts (the
	// last one through the app): it is refused, another reader is not.
	fillSignInFailures(t, n.Store, "198.51.100.7", 19)
	if code, _, _ := signInVia(t, n.url, "nobody@example.pk", "guess", "198.51.100.7", "https"); code != http.StatusUnauthorized {
		t.Fatalf("the 20th failure: %d, want 401", code)
	}
	if code, _, _ := signInVia(t, n.url, "reporter@example.pk", proxyTestPass, "198.51.100.7", "https"); code != http.StatusTooManyRequests {
		t.Errorf("the right password from the blocked reader: %d, want 429", code)
	}
	if code, _, _ := signInVia(t, n.url, "reporter@example.pk", proxyTestPass, "198.51.100.9", "https"); code != http.StatusSeeOther {
		t.Errorf("another reader behind the same proxy: %d, want 303", code)
	}
	// The audit log records the readers' addresses, never the proxy's.
	if list, err := n.Store.AuditLog(context.Background(), 100, 0); err != nil {
		t.Fatal(err)
	} else if !strings.Contains(auditIPs(list), "198.51.100.7") || strings.Contains(auditIPs(list), "127.0.0.1") {
		t.Errorf("audit log addresses %q: want the readers', never the proxy's", auditIPs(list))
	}

	// The API allows a burst of three a client (--api-rate 1).
	if got := apiStatuses(t, n.url, "203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.2"); !statuses(got, 200, 200, 200, 429, 200) {
		t.Errorf("API statuses %v: want the fourth from one reader refused, and another reader served", got)
	}
}

func auditIPs(list []store.AuditEntry) string {
	var ips []string
	for _, e := range list {
		if e.IP != "" {
			ips = append(ips, e.IP)
		}
	}
	return strings.Join(ips, " ")
}

// TestForgedProxyHeaders: when the sender is not a trusted proxy (none is
// configured, or another one is), X-Forwarded-For and X-Forwarded-Proto
// are its own words and change nothing: a client rotating forged
// addresses is still limited as itself, and a forged https does not
// mark cookies Secure over plain http.
func TestForgedProxyHeaders(t *testing.T) {
	for name, flags := range map[string][]string{
		"no trusted proxies":         nil,
		"another proxy trusted":      {"--trusted-proxies", "192.0.2.10,10.0.0.0/8"},
		"trusted proxies, IPv6 only": {"--trusted-proxies", "2001:db8::/32"},
	} {
		t.Run(name, func(t *testing.T) {
			n := proxyNode(t, flags...)
			code, csrf, session := signInVia(t, n.url, "editor@example.pk", proxyTestPass, "198.51.100.8", "https")
			if code != http.StatusSeeOther || csrf == nil || session == nil {
				t.Fatalf("sign-in: %d, cookies %v %v", code, csrf, session)
			}
			if csrf.Secure || session.Secure {
				t.Errorf("a forged X-Forwarded-Proto: https made cookies Secure over plain http (form %v, session %v)", csrf.Secure, session.Secure)
			}

			// The sender (127.0.0.1) has used up its attempts; a new
			// forged address each time does not help it.
			fillSignInFailures(t, n.Store, "127.0.0.1", 19)
			if code, _, _ := signInVia(t, n.url, "nobody@example.pk", "guess", "198.51.100.20", ""); code != http.StatusUnauthorized {
				t.Fatalf("the 20th failure: %d, want 401", code)
			}
			if code, _, _ := signInVia(t, n.url, "reporter@example.pk", proxyTestPass, "198.51.100.21", ""); code != http.StatusTooManyRequests {
				t.Errorf("the right password under a fresh forged address: %d, want 429", code)
			}
			if got := apiStatuses(t, n.url, "203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"); !statuses(got, 200, 200, 200, 429) {
				t.Errorf("API statuses %v under rotating forged addresses: want the fourth refused", got)
			}
		})
	}
}
