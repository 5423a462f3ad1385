package auth

import (
	"slices"
	"strings"
	"testing"

	"akhbar/internal/content"
)

// TestScopeAllowed: a token's scopes never go beyond its owner's role.
func TestScopeAllowed(t *testing.T) {
	want := map[content.Role][]Scope{
		content.RoleAdmin:       {ScopeReadDrafts, ScopeWrite, ScopePublish, ScopeUploadMedia},
		content.RoleEditor:      {ScopeReadDrafts, ScopeWrite, ScopePublish, ScopeUploadMedia},
		content.RoleReporter:    {ScopeReadDrafts, ScopeWrite, ScopeUploadMedia},
		content.RoleContributor: {ScopeReadDrafts, ScopeWrite, ScopeUploadMedia},
	}
	for role, scopes := range want {
		u := content.User{ID: 7, Role: role}
		if got := AllowedScopes(u); !slices.Equal(got, scopes) {
			t.Errorf("%s: allowed %v, want %v", role, got, scopes)
		}
		u.Disabled = true
		if got := AllowedScopes(u); len(got) != 0 {
			t.Errorf("disabled %s: allowed %v, want none", role, got)
		}
	}
	if ScopeAllowed(content.User{ID: 7, Role: content.RoleAdmin}, "delete_everything") {
		t.Error("an unknown scope is allowed")
	}
	for _, s := range Scopes {
		if !s.Valid() || s.Label() == string(s) {
			t.Errorf("scope %q: valid %v, label %q", s, s.Valid(), s.Label())
		}
	}
}

// TestNewAPIToken: tokens are prefixed, random, recognisable, and only
// their hash is meant to be stored.
func TestNewAPIToken(t *testing.T) {
	a, hashA, err := NewAPIToken()
	if err != nil {
		t.Fatal(err)
	}
	b, hashB, err := NewAPIToken()
	if err != nil {
		t.Fatal(err)
	}
	if a == b || hashA == hashB {
		t.Fatal("two tokens alike")
	}
	if !strings.HasPrefix(a, "akb_") || len(a) != 4+43 || !LooksLikeAPIToken(a) {
		t.Errorf("token %q", a)
	}
	if HashAPIToken(a) != hashA || len(hashA) != 64 || strings.Contains(hashA, a[4:]) {
		t.Errorf("hash %q of %q", hashA, a)
	}
	for _, bad := range []string{"", "akb_", a[:len(a)-1], "xyz_" + a[4:], a + "A", "akb_" + strings.Repeat("!", 43)} {
		if LooksLikeAPIToken(bad) {
			t.Errorf("%q looks like a token", bad)
		}
	}
}
