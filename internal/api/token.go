package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/store"
)

// ProblemScope: the token was not given the scope the request needs, or
// its owner's role no longer allows it. Its detail names the scope.
var ProblemScope = ProblemType{problemBase + "insufficient-scope", "اس ٹوکن کے اختیارات میں یہ کام شامل نہیں"}

// caller is who a token-authenticated request acts for: the token and its
// owner as the database holds them now.
type caller struct {
	token store.APIToken
	user  content.User
}

// by names the caller in events and the audit log.
func (c *caller) by() string { return "API token «" + c.token.Name + "»" }

// touchEvery bounds how often a token's last-used time is written: once a
// minute is enough to tell a person when it was last used.
const touchEvery = time.Minute

// withToken wraps a handler that needs a bearer token holding scope. Every
// such answer is private to its caller: never cached, by us or anyone.
func (a *API) withToken(scope auth.Scope, fn func(http.ResponseWriter, *http.Request, *caller)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Add("Vary", "Authorization")
		c, ok := a.authenticate(w, r)
		if !ok {
			return
		}
		if !a.checkScope(w, r, c, scope) {
			return
		}
		fn(w, r, c)
	}
}

// authenticate finds the request's token and its owner, or answers 401.
func (a *API) authenticate(w http.ResponseWriter, r *http.Request) (*caller, bool) {
	scheme, secret, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	secret = strings.TrimSpace(secret)
	if scheme == "" {
		tokenRefused(w, r, "", "اے پی آئی ٹوکن بھیجیں: Authorization: Bearer akb_…")
		return nil, false
	}
	if !strings.EqualFold(scheme, "Bearer") || secret == "" {
		tokenRefused(w, r, "invalid_request", "Authorization ہیڈر میں «Bearer» کے بعد ٹوکن لکھیں۔")
		return nil, false
	}
	if !auth.LooksLikeAPIToken(secret) {
		tokenRefused(w, r, "invalid_token", "یہ ٹوکن پہچانا نہیں گیا۔")
		return nil, false
	}
	t, u, err := a.store.APITokenByHash(r.Context(), auth.HashAPIToken(secret))
	if errors.Is(err, content.ErrNotFound) {
		tokenRefused(w, r, "invalid_token", "یہ ٹوکن پہچانا نہیں گیا۔")
		return nil, false
	}
	if err != nil {
		a.failWrite(w, r, err)
		return nil, false
	}
	now := a.now()
	switch {
	case t.Revoked():
		tokenRefused(w, r, "invalid_token", "یہ ٹوکن منسوخ کیا جا چکا ہے۔")
		return nil, false
	case t.Expired(now):
		tokenRefused(w, r, "invalid_token", "اس ٹوکن کی میعاد ختم ہو چکی ہے۔")
		return nil, false
	case u.Disabled:
		tokenRefused(w, r, "invalid_token", "اس ٹوکن کے مالک کا اکاؤنٹ بند ہے۔")
		return nil, false
	}
	if now.Sub(t.LastUsedAt) >= touchEvery {
		// A failure to note the use must not fail the request.
		if err := a.store.TouchAPIToken(context.WithoutCancel(r.Context()), t.ID, now); err != nil {
			a.log.Warn("note API token use", "token", t.ID, "err", err)
		}
	}
	return &caller{token: t, user: u}, true
}

// checkScope answers 403 unless the token holds scope and its owner's
// current role still allows it.
func (a *API) checkScope(w http.ResponseWriter, r *http.Request, c *caller, scope auth.Scope) bool {
	if !slices.Contains(c.token.Scopes, string(scope)) {
		insufficientScope(w, r, scope, "اس ٹوکن کو «"+string(scope)+"» ("+scope.Label()+") کا اختیار نہیں دیا گیا؛ اس اختیار کے ساتھ نیا ٹوکن بنائیں۔")
		return false
	}
	if !auth.ScopeAllowed(c.user, scope) {
		insufficientScope(w, r, scope, "ٹوکن کے مالک کا موجودہ کردار («"+c.user.Role.Label()+"») «"+string(scope)+"» ("+scope.Label()+") کی اجازت نہیں دیتا۔")
		return false
	}
	return true
}

func tokenRefused(w http.ResponseWriter, r *http.Request, code, detail string) {
	challenge := `Bearer realm="akhbar"`
	if code != "" {
		challenge += `, error="` + code + `"`
	}
	w.Header().Set("WWW-Authenticate", challenge)
	writeProblem(w, r, http.StatusUnauthorized, ProblemUnauthorized, detail)
}

func insufficientScope(w http.ResponseWriter, r *http.Request, scope auth.Scope, detail string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="akhbar", error="insufficient_scope", scope="`+string(scope)+`"`)
	writeProblem(w, r, http.StatusForbidden, ProblemScope, detail)
}

// roleForbids answers 403: the owner's role does not allow this on this article.
func roleForbids(w http.ResponseWriter, r *http.Request, c *caller) {
	writeProblem(w, r, http.StatusForbidden, ProblemForbidden,
		"ٹوکن کے مالک کا کردار («"+c.user.Role.Label()+"») اس مضمون پر یہ کام کرنے کی اجازت نہیں دیتا۔")
}

// failWrite logs err and answers 500.
func (a *API) failWrite(w http.ResponseWriter, r *http.Request, err error) {
	a.log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeProblem(w, r, http.StatusInternalServerError, ProblemInternal, "")
}
