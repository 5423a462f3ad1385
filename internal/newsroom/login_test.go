package newsroom_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

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
