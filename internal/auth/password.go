// Package auth holds newsroom authentication: password hashing now;
// sessions, CSRF, roles and rate limits as the newsroom grows.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: RFC 9106's second recommended option (64 MiB,
// 3 passes), with 2 lanes for our 2-core machines.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
	saltLen      = 16

	// MinPasswordLength is counted in characters, not bytes: Urdu letters are two bytes.
	MinPasswordLength = 10
	maxPasswordBytes  = 1024
)

// ErrMismatch is returned when a password does not match its hash.
var ErrMismatch = errors.New("auth: password does not match")

// ErrTooLong is returned for a password over maxPasswordBytes.
var ErrTooLong = errors.New("auth: password too long")

// ErrCommonPassword is returned for a password among the first that
// attackers try (CheckPasswordStrength).
var ErrCommonPassword = errors.New("auth: password is among the commonest")

// ErrBusy is returned when too many password checks are already waiting:
// the caller should answer "try again shortly" (503), not "wrong password".
var ErrBusy = errors.New("auth: too many password checks at once")

// Each argon2id hash takes 64 MiB for about 100 ms, so without a bound 30
// anonymous sign-in attempts at once took 2 GB. At most hashSlots hashes
// run at once (their memory is then bounded: 2 × 64 MiB on 2 cores), the
// next hashWaiting wait their turn, and any beyond that are refused at
// once rather than queued without end.
var hashGate = newGate(min(max(runtime.NumCPU(), 1), 4), 32)

// gate bounds concurrent work: slots run, up to waiting more queue.
type gate struct {
	slots   chan struct{}
	waiting chan struct{}
	peak    atomic.Int32 // most slots ever taken at once, for tests
	running atomic.Int32
}

func newGate(slots, waiting int) *gate {
	return &gate{slots: make(chan struct{}, slots), waiting: make(chan struct{}, slots+waiting)}
}

// run calls f when a slot is free, or returns ErrBusy when the queue is full.
func (g *gate) run(f func()) error {
	select {
	case g.waiting <- struct{}{}:
	default:
		return ErrBusy
	}
	defer func() { <-g.waiting }()
	g.slots <- struct{}{}
	defer func() { <-g.slots }()
	n := g.running.Add(1)
	defer g.running.Add(-1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
	f()
	return nil
}

// CheckPasswordStrength rejects passwords too short or too long to use.
func CheckPasswordStrength(pw string) error {
	if n := utf8.RuneCountInString(pw); n < MinPasswordLength {
		return fmt.Errorf("auth: password has %d characters, needs at least %d", n, MinPasswordLength)
	}
	if len(pw) > maxPasswordBytes {
		return fmt.Errorf("%w: over %d bytes", ErrTooLong, maxPasswordBytes)
	}
	if common(pw) {
		return ErrCommonPassword
	}
	return nil
}

// HashPassword returns an argon2id hash in the PHC string format, so the
// parameters travel with the hash and can be raised later.
func HashPassword(pw string) (string, error) {
	if err := CheckPasswordStrength(pw); err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	var key []byte
	if err := hashGate.run(func() { key = argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen) }); err != nil {
		return "", err
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// VerifyPassword checks pw against a hash made by HashPassword, in constant time.
func VerifyPassword(hash, pw string) error {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return errors.New("auth: not an argon2id hash")
	}
	var version int
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return fmt.Errorf("auth: argon2 version %q not supported", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil {
		return fmt.Errorf("auth: argon2 parameters %q: %w", parts[3], err)
	}
	if memory > 1<<21 || time > 100 || threads == 0 { // refuse hashes that would stall the server
		return fmt.Errorf("auth: argon2 parameters %q out of range", parts[3])
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return fmt.Errorf("auth: salt: %w", err)
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return fmt.Errorf("auth: key: %v", err)
	}
	var got []byte
	if err := hashGate.run(func() { got = argon2.IDKey([]byte(pw), salt, time, memory, threads, uint32(len(want))) }); err != nil {
		return err
	}
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}
