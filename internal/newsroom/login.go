package newsroom

import (
	"errors"
	"net/http"
	"strings"
	"sync"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/store"
)

type loginPage struct {
	*page
	Email string
	Next  string
}

func (n *Newsroom) loginForm(w http.ResponseWriter, r *http.Request) {
	if _, _, err := n.sessions.Load(r); err == nil {
		http.Redirect(w, r, "/newsroom/", http.StatusSeeOther)
		return
	}
	p := n.newPage(r, nil, "سائن اِن")
	p.CSRF = n.sessions.LoginCSRF(w, r)
	n.show(w, http.StatusOK, "login", loginPage{page: p, Next: safeNext(r.URL.Query().Get("next"))})
}

// login checks the password, with attempts limited per account and per
// address across all nodes (each is reserved in the database before the
// password is checked), and starts a session, or with two-factor sign-in
// the second step (loginCode, loginEnrol).
func (n *Newsroom) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "فارم پڑھا نہیں جا سکا۔", http.StatusBadRequest)
		return
	}
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	next := safeNext(r.PostFormValue("next"))
	again := func(code int, msg string) {
		p := n.newPage(r, nil, "سائن اِن")
		p.CSRF = n.sessions.LoginCSRF(w, r)
		p.Error = msg
		n.show(w, code, "login", loginPage{page: p, Email: email, Next: next})
	}
	if !auth.CheckLoginCSRF(r) {
		again(http.StatusForbidden, "یہ فارم پرانا ہو چکا ہے۔ دوبارہ کوشش کریں۔")
		return
	}
	reserved, blocked, err := n.reserveAttempt(r, email)
	if err != nil {
		n.serverError(w, r, nil, err)
		return
	}
	if blocked != "" {
		n.record(r.Context(), r, 0, "login_blocked", "user", 0, email)
		again(http.StatusTooManyRequests, blocked)
		return
	}
	u, err := n.store.UserByEmail(r.Context(), email)
	if err != nil && !errors.Is(err, content.ErrNotFound) {
		n.serverError(w, r, nil, err)
		return
	}
	password := r.PostFormValue("password")
	ok := err == nil && !u.Disabled && u.PasswordHash != "" && auth.VerifyPassword(u.PasswordHash, password) == nil
	if !ok {
		if err != nil || u.PasswordHash == "" { // spend the same time as a real check, so timing tells nothing
			auth.VerifyPassword(dummyHash(), password)
		}
		n.record(r.Context(), r, u.ID, "login_failed", "user", u.ID, email)
		again(http.StatusUnauthorized, "ای میل یا پاس ورڈ درست نہیں۔")
		return
	}
	// With two-factor on, or required and not yet set up, the password
	// opens only the second step: a challenge, not a session. This
	// attempt's rows go, but the account's earlier mistakes keep counting
	// until the second step is passed too, so guessing codes is limited
	// like guessing passwords, however often the password is given.
	purpose := ""
	if u.TwoFactor() {
		purpose = store.ChallengeCode
	} else if n.required(u) {
		purpose = store.ChallengeEnrol
	}
	if purpose != "" {
		if err := n.store.ReleaseLogins(r.Context(), reserved); err != nil {
			n.log.Error("sign-in attempts", "err", err)
		}
		if err := n.sessions.StartChallenge(r.Context(), w, r, u, purpose, next); err != nil {
			n.serverError(w, r, nil, err)
			return
		}
		http.Redirect(w, r, "/newsroom/login/"+purpose, http.StatusSeeOther)
		return
	}
	// Only failures count: this attempt's rows go, and so do the
	// account's earlier mistakes.
	n.succeeded(r.Context(), reserved, email)
	if _, err := n.sessions.Start(r.Context(), w, r, u); err != nil {
		n.serverError(w, r, nil, err)
		return
	}
	n.record(r.Context(), r, u.ID, "login", "user", u.ID, "")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// dummyHash is verified against when there is no real hash to check.
var dummyHash = sync.OnceValue(func() string {
	h, _ := auth.HashPassword("not a real password, only for timing")
	return h
})

func (n *Newsroom) logout(w http.ResponseWriter, r *http.Request, req *request) {
	if err := n.sessions.End(w, r); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "logout", "user", req.User.ID, "")
	http.Redirect(w, r, "/newsroom/login", http.StatusSeeOther)
}
