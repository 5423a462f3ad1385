package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/realip"
	"akhbar/internal/store"
)

// Cookie names.
const (
	SessionCookie   = "akhbar_session"
	LoginCSRFCookie = "akhbar_login_csrf"
)

// Sessions signs newsroom users in and out. Sessions live in the database,
// so any app node can check them and an admin can end them.
type Sessions struct {
	Store *store.Store
	Now   func() time.Time
	// TTL is how long a session lasts from sign-in.
	TTL time.Duration
	// SecureCookies marks every cookie Secure; set when the site's base
	// URL is https://. Without it a cookie is Secure when the request came
	// over TLS, or through a trusted proxy that received it over HTTPS
	// (X-Forwarded-Proto, believed only from --trusted-proxies).
	SecureCookies bool
}

// ErrNoSession means the request carries no live session.
var ErrNoSession = errors.New("auth: not signed in")

// RandomToken returns 32 random bytes, base64url-encoded.
func RandomToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails on supported platforms (crypto/rand docs)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// ClientIP is the address the request came from.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (m *Sessions) secure(r *http.Request) bool {
	return m.SecureCookies || realip.HTTPS(r)
}

// Start signs u in: it stores a new session and sets its cookie.
func (m *Sessions) Start(ctx context.Context, w http.ResponseWriter, r *http.Request, u content.User) (store.Session, error) {
	token := RandomToken()
	now := m.Now()
	ua := r.UserAgent()
	if len(ua) > 300 {
		ua = ua[:300]
	}
	se := store.Session{
		TokenHash: hashToken(token), UserID: u.ID, CSRFToken: RandomToken(),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(m.TTL), IP: ClientIP(r), UserAgent: ua,
	}
	if err := m.Store.CreateSession(ctx, se); err != nil {
		return se, err
	}
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: m.secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(m.TTL.Seconds()),
	})
	return se, nil
}

// Load returns the request's live session and user. Activity is recorded
// at most once a minute, to spare the database.
func (m *Sessions) Load(r *http.Request) (store.Session, content.User, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return store.Session{}, content.User{}, ErrNoSession
	}
	now := m.Now()
	se, u, err := m.Store.SessionUser(r.Context(), hashToken(c.Value), now)
	if errors.Is(err, content.ErrNotFound) {
		return se, u, ErrNoSession
	}
	if err != nil {
		return se, u, err
	}
	if now.Sub(se.LastSeenAt) > time.Minute {
		se.LastSeenAt = now
		if err := m.Store.TouchSession(r.Context(), se.TokenHash, now); err != nil {
			return se, u, err
		}
	}
	return se, u, nil
}

// End signs the request's browser out and clears its cookie.
func (m *Sessions) End(w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: m.secure(r), SameSite: http.SameSiteLaxMode})
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	return m.Store.DeleteSession(r.Context(), hashToken(c.Value))
}

// CurrentHash is the stored hash of the request's session token.
func CurrentHash(r *http.Request) string {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return ""
	}
	return hashToken(c.Value)
}

// TokensEqual compares two tokens in constant time; empty never matches.
func TokensEqual(a, b string) bool {
	return a != "" && b != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// CheckCSRF verifies the token of a state-changing request: the form field
// "csrf" or the X-CSRF-Token header must equal the session's token.
func CheckCSRF(r *http.Request, se store.Session) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf")
	}
	return TokensEqual(strings.TrimSpace(got), se.CSRFToken)
}

// LoginCSRF returns the token for the sign-in form, which has no session
// yet: a double-submit cookie, set here if missing.
func (m *Sessions) LoginCSRF(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(LoginCSRFCookie); err == nil && len(c.Value) >= 40 {
		return c.Value
	}
	token := RandomToken()
	http.SetCookie(w, &http.Cookie{Name: LoginCSRFCookie, Value: token, Path: "/newsroom/", HttpOnly: true,
		Secure: m.secure(r), SameSite: http.SameSiteStrictMode})
	return token
}

// CheckLoginCSRF verifies the sign-in form's double-submit token.
func CheckLoginCSRF(r *http.Request) bool {
	c, err := r.Cookie(LoginCSRFCookie)
	return err == nil && TokensEqual(r.PostFormValue("csrf"), c.Value)
}
