package newsroom_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// TestLoginParallelGuesses: parallel guesses at one account cannot outrun
// its limit (each attempt is reserved before its password is checked), and
// a flood of refused attempts from one address, with e-mails of any
// length, costs a bounded number of short audit entries.
func TestLoginParallelGuesses(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		admin := e.login(t, "admin") // before the flood blocks this address
		codes := make(chan int, 12)
		var wg sync.WaitGroup
		for range 12 {
			wg.Go(func() {
				c := e.browser(t)
				c.get("/newsroom/login")
				code, _, _ := c.post("/newsroom/login", url.Values{"email": {"editor@akhbar.example"}, "password": {"غلط پاس ورڈ نمبر"}})
				codes <- code
			})
		}
		wg.Wait()
		close(codes)
		judged, busy := 0, 0
		for code := range codes {
			switch code {
			case http.StatusUnauthorized:
				judged++
			case http.StatusServiceUnavailable: // too many hashes at once: not judged, not counted
				busy++
			case http.StatusTooManyRequests:
			default:
				t.Errorf("parallel guess answered %d", code)
			}
		}
		if judged > 5 {
			t.Errorf("%d of 12 parallel guesses were checked, the account's limit is 5", judged)
		}

		// Thirty more from the same address with long made-up e-mails:
		// the address's limit (20) blocks them, and the audit log keeps
		// one short entry per e-mail tried and one for the blocked rest.
		c := e.browser(t)
		c.get("/newsroom/login")
		long := strings.Repeat("ب", 8<<10) + "@example.org"
		for i := range 30 {
			c.post("/newsroom/login", url.Values{"email": {long + string(rune('a'+i))}, "password": {"غلط پاس ورڈ نمبر"}})
		}
		entries, err := s.AuditLog(context.Background(), 1000, 0)
		if err != nil {
			t.Fatal(err)
		}
		rows, blocked, failed := 0, 0, 0
		for _, a := range entries {
			if a.Action != "login_failed" && a.Action != "login_blocked" {
				continue
			}
			rows++
			if len(a.Detail) > 512 {
				t.Errorf("an audit entry keeps %d bytes of a submitted e-mail", len(a.Detail))
			}
			if a.Action == "login_blocked" {
				blocked += a.Repeats
			} else {
				failed += a.Repeats
			}
		}
		if rows > 20+2 {
			t.Errorf("%d audit rows for 42 refused sign-ins from one address, want at most 22", rows)
		}
		if failed+blocked != 42-busy {
			t.Errorf("the audit log counts %d failed and %d blocked attempts of 42", failed, blocked)
		}
		code, body := admin.get("/newsroom/audit")
		if code != http.StatusOK || !strings.Contains(body, "بار)") {
			t.Errorf("the audit page does not show repeated entries' counts (%d)", code)
		}
	})
}

// from is a browser whose connections leave from the local address ip
// (all of 127.0.0.0/8 is this machine), a reader at another address.
func (e *env) from(t *testing.T, ip string) *client {
	c := e.browser(t)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	c.http.Transport = &http.Transport{DialContext: d.DialContext}
	c.get("/newsroom/login")
	return c
}

// TestLoginBackoffNotLockout: wrong passwords lock out the address that
// sent them, not the account's owner elsewhere; guesses at one account
// from many addresses are slowed to one every 30 seconds, not locked.
func TestLoginBackoffNotLockout(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	// A fresh form each time: post fills in its client's CSRF token.
	wrong := func() url.Values {
		return url.Values{"email": {"editor@akhbar.example"}, "password": {"غلط پاس ورڈ نمبر"}}
	}
	attacker := e.from(t, "127.0.0.2")
	for range 5 {
		attacker.post("/newsroom/login", wrong())
	}
	if code, _, body := attacker.post("/newsroom/login", wrong()); code != http.StatusTooManyRequests || !strings.Contains(body, "15 منٹ") {
		t.Errorf("sixth wrong password from one address: %d, want 429 for 15 minutes", code)
	}
	owner := e.from(t, "127.0.0.3")
	if code, _, _ := owner.post("/newsroom/login", url.Values{"email": {"editor@akhbar.example"}, "password": {password}}); code != http.StatusSeeOther {
		t.Errorf("the owner, at another address, after an attack: %d, want a sign-in", code)
	}
	// Ten addresses, one guess each: all judged. Then one more try every 30 s.
	for i := range 10 {
		if code, _, body := e.from(t, fmt.Sprintf("127.0.1.%d", i+1)).post("/newsroom/login", wrong()); code != http.StatusUnauthorized {
			t.Fatalf("guess %d from a fresh address: %d, want 401\n%s", i+1, code, body)
		}
	}
	code, _, body := e.from(t, "127.0.2.1").post("/newsroom/login", wrong())
	if code != http.StatusTooManyRequests || !strings.Contains(body, "30 سیکنڈ") {
		t.Errorf("eleventh guess at the account: %d, want 429 for 30 seconds", code)
	}
	e.clock.Add(31 * time.Second)
	if code, _, _ := e.from(t, "127.0.2.2").post("/newsroom/login", wrong()); code != http.StatusUnauthorized {
		t.Errorf("a guess 31 s later: %d, want it judged", code)
	}
	if code, _, _ := e.from(t, "127.0.2.3").post("/newsroom/login", wrong()); code != http.StatusTooManyRequests {
		t.Errorf("the next guess at once: %d, want 429", code)
	}
	e.clock.Add(31 * time.Second)
	if code, _, _ := e.from(t, "127.0.0.3").post("/newsroom/login", url.Values{"email": {"editor@akhbar.example"}, "password": {password}}); code != http.StatusSeeOther {
		t.Errorf("the owner after the backoff: %d, want a sign-in", code)
	}
}
