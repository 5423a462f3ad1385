package webhooks

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestSignStandardVector: the reference vector published with the
// Standard Webhooks specification, so any receiver library agrees.
func TestSignStandardVector(t *testing.T) {
	const (
		secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
		id     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
		ts     = 1614265330
		body   = `{"test": 2432232314}`
		want   = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
	)
	got, err := Sign(secret, id, ts, []byte(body))
	if err != nil || got != want {
		t.Fatalf("Sign = %q, %v; want %q", got, err, want)
	}
	for _, tc := range []struct {
		name, header, body string
		id                 string
		ts                 int64
		ok                 bool
	}{
		{"the signature", want, body, id, ts, true},
		{"among others", "v1,bm90IGl0 " + want + " v2,abc", body, id, ts, true},
		{"another body", want, `{"test": 2432232315}`, id, ts, false},
		{"another id", want, body, "msg_other", ts, false},
		{"another time", want, body, id, ts + 1, false},
		{"no version", strings.TrimPrefix(want, "v1,"), body, id, ts, false},
		{"empty", "", body, id, ts, false},
	} {
		if got := Verify(secret, tc.id, tc.ts, []byte(tc.body), tc.header); got != tc.ok {
			t.Errorf("%s: Verify = %v, want %v", tc.name, got, tc.ok)
		}
	}
	if _, err := Sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id, ts, nil); !errors.Is(err, ErrBadSecret) {
		t.Errorf("a secret without whsec_: %v", err)
	}
	if _, err := Sign("whsec_c2hvcnQ=", id, ts, nil); !errors.Is(err, ErrBadSecret) {
		t.Errorf("a 5-byte secret: %v", err)
	}
}

func TestNewSecretAndMessageID(t *testing.T) {
	a, b := NewSecret(), NewSecret()
	if a == b || !strings.HasPrefix(a, "whsec_") {
		t.Fatalf("secrets %q, %q", a, b)
	}
	if key, err := SecretKey(a); err != nil || len(key) != 32 {
		t.Fatalf("new secret's key: %d bytes, %v", len(key), err)
	}
	if id := NewMessageID(); !strings.HasPrefix(id, "msg_") || len(id) != 30 || id == NewMessageID() {
		t.Fatalf("message id %q", id)
	}
}

func TestCheckURL(t *testing.T) {
	for _, tc := range []struct {
		in           string
		allowPrivate bool
		want         string
		err          error
	}{
		{"https://partner.example/hooks/akhbar", false, "https://partner.example/hooks/akhbar", nil},
		{"  http://partner.example:8080/h?k=v#frag ", false, "http://partner.example:8080/h?k=v", nil},
		{"https://93.184.216.34/h", false, "https://93.184.216.34/h", nil},
		{"ftp://partner.example/h", false, "", ErrURLScheme},
		{"javascript:alert(1)", false, "", ErrURLScheme},
		{"partner.example/h", false, "", ErrURLInvalid},
		{"https://", false, "", ErrURLInvalid},
		{"https://user:pass@partner.example/h", false, "", ErrURLUser},
		{"https://" + strings.Repeat("a", MaxURL) + ".example/", false, "", ErrURLTooLong},
		{"http://127.0.0.1:9000/h", false, "", ErrURLPrivate},
		{"http://localhost/h", false, "", ErrURLPrivate},
		{"http://api.localhost/h", false, "", ErrURLPrivate},
		{"http://10.1.2.3/h", false, "", ErrURLPrivate},
		{"http://192.168.1.1/h", false, "", ErrURLPrivate},
		{"http://169.254.169.254/latest/meta-data", false, "", ErrURLPrivate},
		{"http://[::1]/h", false, "", ErrURLPrivate},
		{"http://[::ffff:127.0.0.1]/h", false, "", ErrURLPrivate},
		{"http://0.0.0.0/h", false, "", ErrURLPrivate},
		{"http://100.64.0.1/h", false, "", ErrURLPrivate},
		{"http://127.0.0.1:9000/h", true, "http://127.0.0.1:9000/h", nil},
		{"http://localhost/h", true, "http://localhost/h", nil},
	} {
		got, err := CheckURL(tc.in, tc.allowPrivate)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("CheckURL(%q, %v) = %q, %v; want %q, %v", tc.in, tc.allowPrivate, got, err, tc.want, tc.err)
		}
	}
}

// TestBackoff: doubling from the first wait, capped, with jitter in the
// upper half of each step.
func TestBackoff(t *testing.T) {
	h := New(Options{FirstRetry: 10 * time.Second, MaxRetry: time.Hour})
	for attempts, full := range map[int]time.Duration{0: 10 * time.Second, 1: 20 * time.Second, 3: 80 * time.Second, 9: time.Hour, 30: time.Hour, 1000: time.Hour} {
		for range 50 {
			if d := h.backoff(attempts); d < full/2 || d > full {
				t.Fatalf("backoff after %d attempts = %s, want %s to %s", attempts, d, full/2, full)
			}
		}
	}
	// A day of retries is about two dozen attempts, not thousands.
	n, waited := 0, time.Duration(0)
	for waited < DefaultRetryFor {
		waited += h.backoff(n)
		n++
	}
	if n < 20 || n > 60 {
		t.Errorf("%d attempts in a day", n)
	}
}

func TestKeep(t *testing.T) {
	long := strings.Repeat("خ", ResponseKept) // two bytes each
	if got := keep([]byte(long)); len(got) > ResponseKept || !strings.HasPrefix(long, got) || len(got) < ResponseKept-3 {
		t.Errorf("keep cut %d bytes badly: %d", len(long), len(got))
	}
	if got := keep([]byte("a\x00b\xffc")); got != "a\uFFFDb\uFFFDc" {
		t.Errorf("keep(NUL and invalid) = %q", got)
	}
}
