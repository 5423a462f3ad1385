package newsroom

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

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
		n.recordFailure(r.Context(), r, 0, "login_blocked", email, false)
		again(http.StatusTooManyRequests, blocked)
		return
	}
	u, err := n.store.UserByEmail(r.Context(), email)
	if err != nil && !errors.Is(err, content.ErrNotFound) {
		n.serverError(w, r, nil, err)
		return
	}
	password := r.PostFormValue("password")
	var checked error
	if err == nil && u.PasswordHash != "" {
		checked = auth.VerifyPassword(u.PasswordHash, password)
	} else { // spend the same time as a real check, so timing tells nothing
		if checked = auth.VerifyPassword(dummyHash, password); checked == nil {
			checked = auth.ErrMismatch
		}
	}
	if errors.Is(checked, auth.ErrBusy) {
		// Too many checks at once: this attempt was not judged, so it
		// does not count against the account.
		if err := n.store.ReleaseLogins(r.Context(), reserved); err != nil {
			n.log.Error("sign-in attempts", "err", err)
		}
		w.Header().Set("Retry-After", "5")
		again(http.StatusServiceUnavailable, "اس وقت بہت سی سائن اِن کوششیں جاری ہیں۔ چند سیکنڈ بعد دوبارہ کوشش کریں۔")
		return
	}
	if ok := err == nil && !u.Disabled && checked == nil; !ok {
		n.recordFailure(r.Context(), r, u.ID, "login_failed", email, true)
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
	n.succeeded(r.Context(), r, reserved, email)
	if _, err := n.sessions.Start(r.Context(), w, r, u); err != nil {
		n.serverError(w, r, nil, err)
		return
	}
	n.record(r.Context(), r, u.ID, "login", "user", u.ID, "")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// loginLimits are the limits a sign-in to email from the address client
// counts against. An account is locked only for the address guessing
// at it: its owner, elsewhere, still signs in. Across all addresses the
// account's failures slow guessing (one more try every accountSpacing
// past accountFailuresAnywhere) rather than lock it, and each address
// has its own limit over all accounts. Behind trusted proxies the
// address is the reader's (realip).
func loginLimits(email, client string) []store.LoginLimit {
	return []store.LoginLimit{
		{Key: addressKey(email, client), Max: accountFailures, Window: failureWindow},
		{Key: accountKey(email), Max: accountFailuresAnywhere, Window: failureWindow, Spacing: accountSpacing},
		{Key: "ip:" + client, Max: ipFailures, Window: failureWindow},
	}
}

// waitWords says how long to wait, in seconds under a minute, else minutes.
func waitWords(d time.Duration) string {
	if d < time.Minute {
		return strconv.Itoa(int(math.Ceil(d.Seconds()))) + " سیکنڈ"
	}
	return strconv.Itoa(int(math.Ceil(d.Minutes()))) + " منٹ"
}

// dummyHash is verified against when there is no real hash to check: a
// fixed hash with our parameters, so it costs what a real check costs.
const dummyHash = "$argon2id$v=19$m=65536,t=3,p=2$JRCz2rxrlG+jQIuBLzukWw$xpiEivBwOLIVWVrD0JlKD4MopiwoSnSR0TBop7XRnu4"

func (n *Newsroom) logout(w http.ResponseWriter, r *http.Request, req *request) {
	if err := n.sessions.End(w, r); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "logout", "user", req.User.ID, "")
	http.Redirect(w, r, "/newsroom/login", http.StatusSeeOther)
}
