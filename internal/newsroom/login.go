package newsroom

import (
	"errors"
	"fmt"
	"math"
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
// password is checked), and starts a session.
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
	now := n.now()
	accountKey := "account:" + email
	reserved, allowed, wait, err := n.store.ReserveLogin(r.Context(), now,
		store.LoginLimit{Key: accountKey, Max: accountFailures, Window: failureWindow},
		store.LoginLimit{Key: "ip:" + auth.ClientIP(r), Max: ipFailures, Window: failureWindow})
	if err != nil {
		n.serverError(w, r, nil, err)
		return
	}
	if !allowed {
		minutes := int(math.Ceil(wait.Minutes()))
		n.record(r.Context(), r, 0, "login_blocked", "user", 0, email)
		again(http.StatusTooManyRequests, fmt.Sprintf("بہت زیادہ ناکام کوششیں ہو چکی ہیں۔ براہِ کرم %d منٹ بعد دوبارہ کوشش کریں۔", minutes))
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
	// Only failures count: this attempt's rows go, and so do the
	// account's earlier mistakes.
	if err := errors.Join(n.store.ReleaseLogins(r.Context(), reserved), n.store.ForgetLogins(r.Context(), accountKey)); err != nil {
		n.log.Error("sign-in attempts", "err", err)
	}
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
