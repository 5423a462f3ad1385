package auth

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"net/http"
	"strings"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
)

// ChallengeCookie holds the token of a sign-in that passed its password
// and waits for its second step. It is sent to the sign-in pages only.
const ChallengeCookie = "akhbar_login_step"

// ChallengeTTL is how long the second step may take.
const ChallengeTTL = 5 * time.Minute

// StartChallenge records that u gave the right password and must now
// give a code (store.ChallengeCode) or set up two-factor sign-in
// (store.ChallengeEnrol), and gives the browser the challenge's token.
// This is not a session: the token opens nothing but the second step.
func (m *Sessions) StartChallenge(ctx context.Context, w http.ResponseWriter, r *http.Request, u content.User, purpose, next string) error {
	token := RandomToken()
	now := m.Now()
	err := m.Store.CreateLoginChallenge(ctx, store.LoginChallenge{TokenHash: hashToken(token), UserID: u.ID,
		Purpose: purpose, Next: next, CreatedAt: now, ExpiresAt: now.Add(ChallengeTTL)})
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: ChallengeCookie, Value: token, Path: "/newsroom/login", HttpOnly: true,
		Secure: m.secure(r), SameSite: http.SameSiteStrictMode, MaxAge: int(ChallengeTTL.Seconds())})
	return nil
}

// ErrNoChallenge means the browser has no live sign-in challenge: none
// was started, it expired, or it was used.
var ErrNoChallenge = errors.New("auth: no sign-in in progress")

// Challenge returns the request's live sign-in challenge and its user.
// A disabled user's challenge is no challenge.
func (m *Sessions) Challenge(r *http.Request) (store.LoginChallenge, content.User, error) {
	c, err := r.Cookie(ChallengeCookie)
	if err != nil || c.Value == "" {
		return store.LoginChallenge{}, content.User{}, ErrNoChallenge
	}
	ch, err := m.Store.LoginChallengeByHash(r.Context(), hashToken(c.Value), m.Now())
	if errors.Is(err, content.ErrNotFound) {
		return ch, content.User{}, ErrNoChallenge
	}
	if err != nil {
		return ch, content.User{}, err
	}
	u, err := m.Store.UserByID(r.Context(), ch.UserID)
	if errors.Is(err, content.ErrNotFound) || (err == nil && u.Disabled) {
		return ch, u, ErrNoChallenge
	}
	return ch, u, err
}

// EndChallenge deletes the challenge and its cookie. It reports whether
// this call ended it, so of two requests racing with one challenge only
// one goes on to sign in.
func (m *Sessions) EndChallenge(ctx context.Context, w http.ResponseWriter, r *http.Request, ch store.LoginChallenge) (bool, error) {
	http.SetCookie(w, &http.Cookie{Name: ChallengeCookie, Value: "", Path: "/newsroom/login", MaxAge: -1, HttpOnly: true,
		Secure: m.secure(r), SameSite: http.SameSiteStrictMode})
	return m.Store.DeleteLoginChallenge(ctx, ch.TokenHash)
}

// RecoveryCodeCount is how many recovery codes a user gets at a time.
const RecoveryCodeCount = 10

var recoveryEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewRecoveryCodes returns RecoveryCodeCount fresh one-time recovery
// codes, each 80 random bits written as four groups of four lowercase
// base32 characters (abcd-efgh-ijkl-mnop), and the hashes to store.
// High-entropy codes need no slow hash: SHA-256 is enough, as for
// session tokens.
func NewRecoveryCodes() (codes, hashes []string) {
	for range RecoveryCodeCount {
		b := make([]byte, 10)
		rand.Read(b) // never fails on supported platforms (crypto/rand docs)
		s := strings.ToLower(recoveryEncoding.EncodeToString(b))
		code := s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16]
		codes = append(codes, code)
		hashes = append(hashes, HashRecoveryCode(code))
	}
	return codes, hashes
}

// HashRecoveryCode is the stored hash of a recovery code as typed:
// case, spaces and dashes do not matter.
func HashRecoveryCode(code string) string {
	return hashToken(NormalizeRecoveryCode(code))
}

// NormalizeRecoveryCode keeps a typed recovery code's letters and digits,
// in lower case.
func NormalizeRecoveryCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return -1
	}, code)
}

// TwoFactorRoles are the roles an admin can require two-factor sign-in of.
func TwoFactorRoles(r content.Role) bool {
	return r == content.RoleAdmin || r == content.RoleEditor
}
