package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// TestAPITokens: a token is found by its hash with its owner, listed for
// its owner (and for everyone with user 0), revoked once, and its use
// noted; what is stored is the hash, never anything else of the secret.
func TestAPITokens(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 2, 18, 9, 0, 0, 0, time.UTC)
		ayesha, err := s.CreateUser(ctx, content.User{Email: "a@akhbar.example", Name: "عائشہ", Slug: "ayesha", Role: content.RoleReporter})
		if err != nil {
			t.Fatal(err)
		}
		bilal, err := s.CreateUser(ctx, content.User{Email: "b@akhbar.example", Name: "بلال", Slug: "bilal", Role: content.RoleEditor})
		if err != nil {
			t.Fatal(err)
		}
		app := store.APIToken{UserID: ayesha, Name: "موبائل ایپ", Hash: "hash-1", Prefix: "akb_Ab12",
			Scopes: []string{"read_drafts", "write"}, CreatedAt: now, ExpiresAt: now.Add(30 * 24 * time.Hour)}
		if err := s.CreateAPIToken(ctx, &app); err != nil || app.ID == 0 {
			t.Fatalf("create: id %d, %v", app.ID, err)
		}
		script := store.APIToken{UserID: bilal, Name: "اسکرپٹ", Hash: "hash-2", Scopes: []string{"publish"}, CreatedAt: now.Add(time.Minute)}
		if err := s.CreateAPIToken(ctx, &script); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateAPIToken(ctx, &store.APIToken{UserID: bilal, Name: "نقل", Hash: "hash-2"}); err == nil {
			t.Error("a second token with the same hash was stored")
		}
		if err := s.CreateAPIToken(ctx, &store.APIToken{UserID: bilal, Hash: "hash-3"}); !errors.Is(err, content.ErrInvalid) {
			t.Errorf("a token without a name: %v, want ErrInvalid", err)
		}

		got, owner, err := s.APITokenByHash(ctx, "hash-1")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != app.ID || got.Name != "موبائل ایپ" || got.Prefix != "akb_Ab12" || !slices.Equal(got.Scopes, app.Scopes) ||
			!got.CreatedAt.Equal(now) || !got.ExpiresAt.Equal(app.ExpiresAt) || !got.LastUsedAt.IsZero() || got.Revoked() {
			t.Errorf("by hash: %+v", got)
		}
		if owner.ID != ayesha || owner.Role != content.RoleReporter || owner.Name != "عائشہ" {
			t.Errorf("owner: %+v", owner)
		}
		if !got.Active(now) || got.Active(app.ExpiresAt) || !got.Expired(app.ExpiresAt.Add(time.Second)) {
			t.Error("expiry: active before, not at or after the expiry time")
		}
		if _, _, err := s.APITokenByHash(ctx, "nope"); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("unknown hash: %v", err)
		}

		mine, err := s.APITokens(ctx, ayesha)
		if err != nil || len(mine) != 1 || mine[0].ID != app.ID || mine[0].UserName != "عائشہ" {
			t.Fatalf("ayesha's tokens: %+v, %v", mine, err)
		}
		all, err := s.APITokens(ctx, 0)
		if err != nil || len(all) != 2 || all[0].ID != script.ID || all[1].ID != app.ID {
			t.Fatalf("all tokens, newest first: %+v, %v", all, err)
		}
		if script, err := s.APIToken(ctx, script.ID); err != nil || !script.ExpiresAt.IsZero() || script.UserName != "بلال" {
			t.Errorf("a token that never expires: %+v, %v", script, err)
		}

		if err := s.TouchAPIToken(ctx, app.ID, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeAPIToken(ctx, app.ID, now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeAPIToken(ctx, app.ID, now.Add(3*time.Hour)); err != nil {
			t.Errorf("revoking again: %v", err)
		}
		if err := s.RevokeAPIToken(ctx, 9999, now); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("revoking a token that does not exist: %v", err)
		}
		got, err = s.APIToken(ctx, app.ID)
		if err != nil || !got.LastUsedAt.Equal(now.Add(time.Hour)) || !got.RevokedAt.Equal(now.Add(2*time.Hour)) || got.Active(now) {
			t.Errorf("after use and revocation: %+v, %v", got, err)
		}
		if other, err := s.APIToken(ctx, script.ID); err != nil || other.Revoked() {
			t.Errorf("revoking one token touched another: %+v, %v", other, err)
		}
	})
}
