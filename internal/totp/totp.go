// Package totp implements time-based one-time passwords (RFC 6238) as
// authenticator apps use them: HMAC-SHA-1, six digits, 30-second steps,
// the shared secret in base32. Only the standard library is used.
package totp

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// The parameters every authenticator app assumes when an otpauth:// URI
// names none: these are the ones we write into the URI too.
const (
	Digits = 6
	Period = 30 // seconds
	// SecretBytes is the secret's length: 160 bits, the size of an
	// HMAC-SHA-1 output, as RFC 4226 recommends.
	SecretBytes = 20
)

var encoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewSecret returns a new random secret, base32-encoded without padding
// (32 characters), as apps and oathtool -b read it.
func NewSecret() string {
	b := make([]byte, SecretBytes)
	rand.Read(b) // never fails on supported platforms (crypto/rand docs)
	return encoding.EncodeToString(b)
}

// DecodeSecret reads a base32 secret, ignoring case, spaces and padding.
func DecodeSecret(secret string) ([]byte, error) {
	s := strings.ToUpper(strings.Join(strings.Fields(secret), ""))
	s = strings.TrimRight(s, "=")
	key, err := encoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("totp: secret is not base32: %w", err)
	}
	if len(key) == 0 {
		return nil, errors.New("totp: empty secret")
	}
	return key, nil
}

// Step is the time step t falls in: Unix seconds divided by the period.
func Step(t time.Time) int64 {
	return floorDiv(t.Unix(), Period)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// hotp is RFC 4226's HOTP(K, C) with dynamic truncation, as a number of
// the given digits (RFC 6238 runs it with C = the time step).
func hotp(key []byte, counter uint64, digits int) string {
	mac := hmac.New(sha1.New, key)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// CodeAt is the six-digit code of the given time step.
func CodeAt(key []byte, step int64) string {
	return hotp(key, uint64(step), Digits)
}

// Code is the six-digit code at time t.
func Code(key []byte, t time.Time) string {
	return CodeAt(key, Step(t))
}

// Match looks for code among the steps within skew of t's step (skew 1:
// the previous, current and next 30 seconds, for clocks a little apart)
// and returns the step it matched. Every candidate is compared, in
// constant time, so the time taken tells nothing. Refusing a step already
// used (replay) is the caller's part: it knows the last step accepted.
func Match(key []byte, code string, t time.Time, skew int) (step int64, ok bool) {
	if len(code) != Digits {
		return 0, false
	}
	now := Step(t)
	for s := now - int64(skew); s <= now+int64(skew); s++ {
		if subtle.ConstantTimeCompare([]byte(CodeAt(key, s)), []byte(code)) == 1 && !ok {
			step, ok = s, true
		}
	}
	return step, ok
}

// URI is the otpauth:// URI an authenticator app scans (the Key URI
// Format that Google Authenticator defined and other apps follow): the
// label is "issuer:account", and the issuer travels as a parameter too.
func URI(issuer, account, secret string) string {
	label := url.PathEscape(issuer + ":" + account)
	// Spaces as %20, not +: some apps show a + literally.
	esc := func(v string) string { return strings.ReplaceAll(url.QueryEscape(v), "+", "%20") }
	return fmt.Sprintf("otpauth://totp/%s?secret=%s&issuer=%s&algorithm=SHA1&digits=%d&period=%d",
		label, esc(secret), esc(issuer), Digits, Period)
}
