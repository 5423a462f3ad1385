package auth

import (
	"errors"
	"strings"
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
