package auth

import (
	"strings"
	"testing"
)

func TestRecoveryCodes(t *testing.T) {
	codes, hashes := NewRecoveryCodes()
	if len(codes) != RecoveryCodeCount || len(hashes) != RecoveryCodeCount {
		t.Fatalf("%d codes, %d hashes", len(codes), len(hashes))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if len(c) != 19 || strings.Count(c, "-") != 3 || c != strings.ToLower(c) {
			t.Errorf("code %q: want abcd-efgh-ijkl-mnop", c)
		}
		if seen[c] {
			t.Errorf("code %q twice", c)
		}
		seen[c] = true
		if hashes[i] != HashRecoveryCode(c) || strings.Contains(hashes[i], c) {
			t.Errorf("hash of %q: %q", c, hashes[i])
		}
		typed := " " + strings.ToUpper(strings.ReplaceAll(c, "-", " ")) + " "
		if HashRecoveryCode(typed) != hashes[i] {
			t.Errorf("%q typed as %q hashes differently", c, typed)
		}
	}
}
