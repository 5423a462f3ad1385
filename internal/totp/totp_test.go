package totp

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestRFC6238Vectors checks the SHA-1 test vectors of RFC 6238,
// appendix B: eight digits from the 20-byte ASCII seed. A six-digit
// code is the same number's last six digits.
func TestRFC6238Vectors(t *testing.T) {
	key := []byte("12345678901234567890")
	for _, v := range []struct {
		unix int64
		step string // T in hex, as the RFC prints it
		want string
	}{
		{59, "0000000000000001", "94287082"},
		{1111111109, "00000000023523EC", "07081804"},
		{1111111111, "00000000023523ED", "14050471"},
		{1234567890, "000000000273EF07", "89005924"},
		{2000000000, "0000000003F940AA", "69279037"},
		{20000000000, "0000000027BC86AA", "65353130"},
	} {
		at := time.Unix(v.unix, 0).UTC()
		step := Step(at)
		if got := fmt.Sprintf("%016X", step); got != v.step {
			t.Errorf("%d: step %s, want %s", v.unix, got, v.step)
		}
		if got := hotp(key, uint64(step), 8); got != v.want {
			t.Errorf("%d: 8-digit code %s, want %s", v.unix, got, v.want)
		}
		if got := Code(key, at); got != v.want[2:] {
			t.Errorf("%d: code %s, want %s", v.unix, got, v.want[2:])
		}
	}
}

func TestMatchSkew(t *testing.T) {
	key, err := DecodeSecret(NewSecret())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 2, 18, 6, 0, 10, 0, time.UTC)
	for d := -3; d <= 3; d++ {
		code := Code(key, now.Add(time.Duration(d*Period)*time.Second))
		step, ok := Match(key, code, now, 1)
		want := d >= -1 && d <= 1
		if ok != want {
			// A code of another step may collide by chance (one in a million).
			if _, same := Match(key, code, now, 0); !same {
				t.Errorf("code of step %+d: ok %v, want %v", d, ok, want)
			}
		}
		if ok && want && step != Step(now)+int64(d) {
			t.Errorf("code of step %+d matched step %d, want %d", d, step, Step(now)+int64(d))
		}
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := Match(key, bad, now, 1); ok {
			t.Errorf("%q matched", bad)
		}
	}
}

func TestSecretAndURI(t *testing.T) {
	s := NewSecret()
	if len(s) != 32 || strings.ContainsAny(s, "=") {
		t.Errorf("secret %q: want 32 base32 characters without padding", s)
	}
	key, err := DecodeSecret(strings.ToLower(s[:4] + " " + s[4:] + "===="))
	if err != nil || len(key) != SecretBytes {
		t.Fatalf("decode %q: %v (%d bytes)", s, err, len(key))
	}
	if _, err := DecodeSecret("not base32!"); err == nil {
		t.Error("a secret that is not base32 decoded")
	}
	if step := Step(time.Unix(-1, 0)); step != -1 {
		t.Errorf("step of 1969: %d, want -1", step)
	}
	uri := URI("روزنامہ اخبار", "editor@akhbar.example", "JBSWY3DPEHPK3PXP")
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "otpauth" || u.Host != "totp" || u.Path != "/روزنامہ اخبار:editor@akhbar.example" {
		t.Errorf("URI %s: scheme %q host %q path %q", uri, u.Scheme, u.Host, u.Path)
	}
	q := u.Query()
	if q.Get("secret") != "JBSWY3DPEHPK3PXP" || q.Get("issuer") != "روزنامہ اخبار" || q.Get("digits") != "6" || q.Get("period") != "30" || q.Get("algorithm") != "SHA1" {
		t.Errorf("URI %s: query %v", uri, q)
	}
	if strings.Contains(uri, "+") {
		t.Errorf("URI %s encodes a space as +", uri)
	}
}
