package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// TestTwoFactor: an enrolment waits for confirmation, turns on with its
// own secret only, every code step and recovery code works once, and a
// login challenge expires and is ended once.
func TestTwoFactor(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 2, 18, 9, 0, 0, 0, time.UTC)
		id, err := s.CreateUser(ctx, content.User{Email: "a@akhbar.example", Name: "عائشہ", Slug: "ayesha", Role: content.RoleEditor})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.StartTwoFactor(ctx, id, "FIRSTSECRET"); err != nil {
			t.Fatal(err)
		}
		if err := s.StartTwoFactor(ctx, id, "SECONDSECRET"); err != nil {
			t.Fatal(err)
		}
		if u, _ := s.UserByID(ctx, id); u.TwoFactor() {
			t.Error("two-factor on before the first code")
		}
		if ok, err := s.UseTwoFactorStep(ctx, id, 10); err != nil || ok {
			t.Errorf("a step used before two-factor is on: %v %v", ok, err)
		}
		if err := s.EnableTwoFactor(ctx, id, "FIRSTSECRET", 100, []string{"h1", "h2"}, now); !errors.Is(err, store.ErrTwoFactorOn) {
			t.Errorf("enable with a replaced secret: %v", err)
		}
		if err := s.EnableTwoFactor(ctx, id, "SECONDSECRET", 100, []string{"h1", "h2"}, now); err != nil {
			t.Fatal(err)
		}
		u, err := s.UserByEmail(ctx, "a@akhbar.example")
		if err != nil || !u.TwoFactor() || !u.TwoFactorSince.Equal(now) {
			t.Errorf("user after enabling: since %v, %v", u.TwoFactorSince, err)
		}
		if err := s.StartTwoFactor(ctx, id, "THIRD"); !errors.Is(err, store.ErrTwoFactorOn) {
			t.Errorf("start while on: %v", err)
		}
		tf, err := s.TwoFactorOf(ctx, id)
		if err != nil || tf.Secret != "SECONDSECRET" || tf.LastStep != 100 || !tf.EnabledAt.Equal(now) {
			t.Errorf("state %+v, %v", tf, err)
		}
		for _, c := range []struct {
			step int64
			ok   bool
		}{{100, false}, {99, false}, {101, true}, {101, false}, {103, true}, {102, false}} {
			if ok, err := s.UseTwoFactorStep(ctx, id, c.step); err != nil || ok != c.ok {
				t.Errorf("use step %d: %v %v, want %v", c.step, ok, err, c.ok)
			}
		}
		if n, err := s.RecoveryCodesLeft(ctx, id); err != nil || n != 2 {
			t.Errorf("recovery codes left: %d %v", n, err)
		}
		for _, c := range []struct {
			hash string
			ok   bool
		}{{"h1", true}, {"h1", false}, {"nope", false}} {
			if ok, err := s.UseRecoveryCode(ctx, id, c.hash, now); err != nil || ok != c.ok {
				t.Errorf("use recovery %s: %v %v, want %v", c.hash, ok, err, c.ok)
			}
		}
		if n, _ := s.RecoveryCodesLeft(ctx, id); n != 1 {
			t.Errorf("after one use: %d left", n)
		}
		if err := s.ReplaceRecoveryCodes(ctx, id, []string{"h1", "h3", "h4"}, now); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.RecoveryCodesLeft(ctx, id); n != 3 {
			t.Errorf("after replacing: %d left", n)
		}
		if err := s.DisableTwoFactor(ctx, id); err != nil {
			t.Fatal(err)
		}
		if tf, _ := s.TwoFactorOf(ctx, id); tf.Secret != "" || !tf.EnabledAt.IsZero() {
			t.Errorf("after disabling: %+v", tf)
		}
		if n, _ := s.RecoveryCodesLeft(ctx, id); n != 0 {
			t.Errorf("after disabling: %d recovery codes left", n)
		}

		ch := store.LoginChallenge{TokenHash: "abc", UserID: id, Purpose: store.ChallengeCode, Next: "/newsroom/",
			CreatedAt: now, ExpiresAt: now.Add(5 * time.Minute)}
		if err := s.CreateLoginChallenge(ctx, ch); err != nil {
			t.Fatal(err)
		}
		got, err := s.LoginChallengeByHash(ctx, "abc", now.Add(time.Minute))
		if err != nil || got != ch {
			t.Errorf("challenge %+v, %v; want %+v", got, err, ch)
		}
		if _, err := s.LoginChallengeByHash(ctx, "abc", now.Add(5*time.Minute)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired challenge: %v", err)
		}
		if ok, err := s.DeleteLoginChallenge(ctx, "abc"); !ok || err != nil {
			t.Errorf("delete: %v %v", ok, err)
		}
		if ok, _ := s.DeleteLoginChallenge(ctx, "abc"); ok {
			t.Error("a challenge ended twice")
		}
		ch.TokenHash = "old"
		s.CreateLoginChallenge(ctx, ch)
		if n, err := s.DeleteExpiredLoginChallenges(ctx, now.Add(time.Hour)); n != 1 || err != nil {
			t.Errorf("delete expired: %d %v", n, err)
		}
	})
}
