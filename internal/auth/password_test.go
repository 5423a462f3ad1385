package auth

import (
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestPasswordHashing(t *testing.T) {
	pw := "پاکستان زندہ باد 2026"
	h, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash %q is not argon2id with our parameters", h)
	}
	if err := VerifyPassword(h, pw); err != nil {
		t.Errorf("right password refused: %v", err)
	}
	if err := VerifyPassword(h, pw+"x"); !errors.Is(err, ErrMismatch) {
		t.Errorf("wrong password: err = %v", err)
	}
	if h2, _ := HashPassword(pw); h2 == h {
		t.Error("two hashes of one password are equal: salt not random")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=99999999,t=1,p=1$AA$AA", "$argon2id$v=19$m=1,t=1,p=1$!!$AA"} {
		if err := VerifyPassword(bad, pw); err == nil || errors.Is(err, ErrMismatch) {
			t.Errorf("malformed hash %q: err = %v, want a format error", bad, err)
		}
	}
	if _, err := HashPassword("مختصر"); err == nil {
		t.Error("a 5-character password was accepted")
	}
}

// TestHashGate: argon2id's 64 MiB each made 30 concurrent sign-ins cost
// 2 GB. No more hashes than the gate's slots run at once, and beyond its
// queue callers are refused at once with ErrBusy.
func TestHashGate(t *testing.T) {
	h, err := HashPassword("پاکستان زندہ باد 2026")
	if err != nil {
		t.Fatal(err)
	}
	hashGate.peak.Store(0)
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for range 12 {
		wg.Go(func() { errs <- VerifyPassword(h, "غلط پاس ورڈ ہے یہ") })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if !errors.Is(err, ErrMismatch) && !errors.Is(err, ErrBusy) {
			t.Errorf("concurrent check: %v", err)
		}
	}
	if peak, slots := int(hashGate.peak.Load()), cap(hashGate.slots); peak > slots || peak < 1 {
		t.Errorf("%d hashes ran at once, the gate allows %d", peak, slots)
	}

	g := newGate(1, 1)
	release := make(chan struct{})
	started := make(chan struct{})
	go g.run(func() { close(started); <-release })
	<-started
	queued := make(chan error)
	go func() { queued <- g.run(func() {}) }()
	for len(g.waiting) < 2 { // the second caller is waiting for the slot
		runtime.Gosched()
	}
	if err := g.run(func() { t.Error("ran past a full queue") }); !errors.Is(err, ErrBusy) {
		t.Errorf("third caller with one slot and one waiting: %v, want ErrBusy", err)
	}
	close(release)
	if err := <-queued; err != nil {
		t.Errorf("the queued caller: %v", err)
	}
}

// TestCommonPasswords: the first passwords an attacker tries are refused,
// however cased, as are one character repeated and runs of keys.
func TestCommonPasswords(t *testing.T) {
	for _, pw := range []string{"1234567890", "Pakistan123", "qwertyuiop", "PASSWORD123", "aaaaaaaaaaaa", "بببببببببببب", "abcdefghijk", "9876543210"} {
		if err := CheckPasswordStrength(pw); !errors.Is(err, ErrCommonPassword) {
			t.Errorf("%q: %v, want ErrCommonPassword", pw, err)
		}
	}
	for _, pw := range []string{"پاکستان زندہ باد 2026", "correct horse battery", "1234567890x!q"} {
		if err := CheckPasswordStrength(pw); err != nil {
			t.Errorf("%q refused: %v", pw, err)
		}
	}
}
