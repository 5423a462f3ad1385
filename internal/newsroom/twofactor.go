package newsroom

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
	"time"

	"github.com/yeqown/go-qrcode/v2"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/totp"
	"akhbar/internal/urdu"
)

// Two-factor sign-in (TOTP, RFC 6238): the account screen enrols and
// manages it; sign-in asks for a code after the password.

const (
	twoFactorTitle = "دو مرحلہ تصدیق"
	twoFactorPath  = "/newsroom/account/2fa"
	// codeSkew accepts the code of the step before and after the
	// server's, for phones whose clocks are up to 30 s apart from ours.
	codeSkew = 1
)

func init() {
	pages = append(pages, "twofactor", "login-code")
	for k, v := range map[string]string{
		"2fa_enable": "دو مرحلہ تصدیق چالو", "2fa_disable": "دو مرحلہ تصدیق بند",
		"2fa_failed": "غلط تصدیقی کوڈ", "2fa_replay": "استعمال شدہ تصدیقی کوڈ دوبارہ",
		"2fa_recovery_used": "بیک اپ کوڈ سے سائن اِن", "2fa_recovery_new": "نئے بیک اپ کوڈ",
		"2fa_require": "دو مرحلہ تصدیق لازمی", "2fa_unrequire": "دو مرحلہ تصدیق اختیاری",
	} {
		actionLabels[k] = v
	}
}

// twoFactorPage is the account's two-factor screen, and the set-up
// screen of a sign-in that must enrol first (SignIn).
type twoFactorPage struct {
	*page
	Enabled  bool
	Since    time.Time
	Pending  bool         // a secret waits for its first code
	Secret   string       // in groups of four, for typing into an app
	URI      string       // otpauth://, what the QR code holds
	QR       template.URL // the QR code as a data: URL (a PNG)
	Codes    []string     // fresh recovery codes, shown this once
	Left     int          // unused recovery codes
	Required bool         // the site requires two-factor of this user's role
	SignIn   bool         // setting up during sign-in, before any session
	Action   string       // where the confirmation form posts
	Next     string
	Problems []string
}

// loginCodePage is the second step of sign-in.
type loginCodePage struct {
	*page
}

// required reports whether the site requires two-factor sign-in of u.
func (n *Newsroom) required(u content.User) bool {
	return n.site.Settings().RequireTwoFactor && auth.TwoFactorRoles(u.Role)
}

// enrolFirst is true when u is signed in but must set up two-factor
// before anything else: the site came to require it after they signed in.
func (n *Newsroom) enrolFirst(u content.User, path string) bool {
	return n.required(u) && !u.TwoFactor() && !strings.HasPrefix(path, twoFactorPath) && path != "/newsroom/logout"
}

// reserveAttempt counts one sign-in attempt, a password or a code,
// against the account's and the address's limits (store.ReserveLogin),
// before it is checked. blocked is the Urdu message when a limit is used up.
func (n *Newsroom) reserveAttempt(r *http.Request, email string) (reserved []int64, blocked string, err error) {
	reserved, allowed, wait, err := n.store.ReserveLogin(r.Context(), n.now(), loginLimits(email, auth.ClientIP(r))...)
	if err != nil || allowed {
		return reserved, "", err
	}
	return nil, "بہت زیادہ ناکام کوششیں ہو چکی ہیں۔ براہِ کرم " + waitWords(wait) + " بعد دوبارہ کوشش کریں۔", nil
}

func accountKey(email string) string { return "account:" + email }

// addressKey counts an account's failures from one address (loginLimits).
func addressKey(email, client string) string { return accountKey(email) + "|ip:" + client }

// succeeded takes back a successful attempt and forgets the account's
// earlier failures: only failures count.
func (n *Newsroom) succeeded(ctx context.Context, r *http.Request, reserved []int64, email string) {
	if err := errors.Join(n.store.ReleaseLogins(ctx, reserved), n.store.ForgetLogins(ctx, accountKey(email)),
		n.store.ForgetLogins(ctx, addressKey(email, auth.ClientIP(r)))); err != nil {
		n.log.Error("sign-in attempts", "err", err)
	}
}

// codeResult is what checking a typed code found.
type codeResult int

const (
	codeWrong    codeResult = iota
	codeReplayed            // right, but its time step was already used
	codeOK                  // a TOTP code
	recoveryOK              // a recovery code, now spent
)

// typedCode is a code as typed, ready to compare: digits in any of the
// three systems an Urdu keyboard may give become ASCII, and spaces,
// dashes and direction marks go.
func typedCode(s string) string {
	s = urdu.ApplyDigits(s, urdu.LatinDigits)
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '\u200E' || r == '\u200F' || r == '\u061C' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00A0' {
			return -1
		}
		return r
	}, s)
}

func isSixDigits(s string) bool {
	if len(s) != totp.Digits {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// checkCode checks a code typed by u, whose two-factor is on: six digits
// are a TOTP code, anything else a recovery code (when recovery allows).
// A right TOTP code spends its time step, a right recovery code itself.
func (n *Newsroom) checkCode(ctx context.Context, u content.User, typed string, recovery bool) (codeResult, error) {
	code := typedCode(typed)
	if isSixDigits(code) {
		tf, err := n.store.TwoFactorOf(ctx, u.ID)
		if err != nil {
			return codeWrong, err
		}
		key, err := totp.DecodeSecret(tf.Secret)
		if err != nil || tf.EnabledAt.IsZero() {
			return codeWrong, err
		}
		step, ok := totp.Match(key, code, n.now(), codeSkew)
		if !ok {
			return codeWrong, nil
		}
		used, err := n.store.UseTwoFactorStep(ctx, u.ID, step)
		if err != nil || !used {
			return codeReplayed, err
		}
		return codeOK, nil
	}
	if !recovery || len(auth.NormalizeRecoveryCode(code)) != 16 {
		return codeWrong, nil
	}
	ok, err := n.store.UseRecoveryCode(ctx, u.ID, auth.HashRecoveryCode(code), n.now())
	if err != nil || !ok {
		return codeWrong, err
	}
	return recoveryOK, nil
}

// codeProblem is the Urdu explanation of a refused code.
func codeProblem(res codeResult) string {
	if res == codeReplayed {
		return "یہ کوڈ ایک بار استعمال ہو چکا ہے۔ ایپ میں اگلا کوڈ آنے کا انتظار کریں اور پھر وہ لکھیں۔"
	}
	return "کوڈ درست نہیں۔ ایپ میں تازہ کوڈ دیکھ کر دوبارہ لکھیں۔"
}

func (n *Newsroom) recordCodeFailure(r *http.Request, u content.User, res codeResult, where string) {
	action := "2fa_failed"
	if res == codeReplayed {
		action = "2fa_replay"
	}
	n.record(r.Context(), r, u.ID, action, "user", u.ID, where)
}

// loginCodeForm shows the second step of sign-in.
func (n *Newsroom) loginCodeForm(w http.ResponseWriter, r *http.Request) {
	ch, _, err := n.sessions.Challenge(r)
	if err != nil || ch.Purpose != store.ChallengeCode {
		n.challengeMissing(w, r, err)
		return
	}
	n.showLoginCode(w, r, http.StatusOK, "")
}

func (n *Newsroom) showLoginCode(w http.ResponseWriter, r *http.Request, code int, problem string) {
	p := n.newPage(r, nil, twoFactorTitle)
	p.CSRF = n.sessions.LoginCSRF(w, r)
	p.Error = problem
	n.show(w, code, "login-code", loginCodePage{page: p})
}

// challengeMissing answers a second-step page opened without a live
// challenge: back to the password, saying why when it expired.
func (n *Newsroom) challengeMissing(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil && !errors.Is(err, auth.ErrNoChallenge) {
		n.serverError(w, r, nil, err)
		return
	}
	if r.Method == http.MethodGet {
		http.Redirect(w, r, "/newsroom/login", http.StatusSeeOther)
		return
	}
	p := n.newPage(r, nil, "سائن اِن")
	p.CSRF = n.sessions.LoginCSRF(w, r)
	p.Error = "سائن اِن کا وقت ختم ہو گیا۔ براہِ کرم ای میل اور پاس ورڈ دوبارہ لکھیں۔"
	n.show(w, http.StatusUnauthorized, "login", loginPage{page: p, Next: "/newsroom/"})
}

// loginCode checks the second step's code, limited like passwords, and
// starts the session.
func (n *Newsroom) loginCode(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "فارم پڑھا نہیں جا سکا۔", http.StatusBadRequest)
		return
	}
	if !auth.CheckLoginCSRF(r) {
		n.showLoginCode(w, r, http.StatusForbidden, "یہ فارم پرانا ہو چکا ہے۔ دوبارہ کوشش کریں۔")
		return
	}
	ch, u, err := n.sessions.Challenge(r)
	if err != nil || ch.Purpose != store.ChallengeCode {
		n.challengeMissing(w, r, err)
		return
	}
	reserved, blocked, err := n.reserveAttempt(r, u.Email)
	if err != nil {
		n.serverError(w, r, nil, err)
		return
	}
	if blocked != "" {
		n.recordFailure(r.Context(), r, u.ID, "login_blocked", u.Email, false)
		n.showLoginCode(w, r, http.StatusTooManyRequests, blocked)
		return
	}
	res, err := n.checkCode(r.Context(), u, r.PostFormValue("code"), true)
	if err != nil {
		n.serverError(w, r, nil, err)
		return
	}
	if res != codeOK && res != recoveryOK {
		n.recordCodeFailure(r, u, res, "sign-in")
		n.showLoginCode(w, r, http.StatusUnauthorized, codeProblem(res))
		return
	}
	n.succeeded(r.Context(), r, reserved, u.Email)
	if ended, err := n.sessions.EndChallenge(r.Context(), w, r, ch); err != nil || !ended {
		n.challengeMissing(w, r, err)
		return
	}
	if _, err := n.sessions.Start(r.Context(), w, r, u); err != nil {
		n.serverError(w, r, nil, err)
		return
	}
	next := safeNext(ch.Next)
	if res == recoveryOK {
		left, err := n.store.RecoveryCodesLeft(r.Context(), u.ID)
		if err != nil {
			n.log.Error("recovery codes left", "err", err)
		}
		n.record(r.Context(), r, u.ID, "2fa_recovery_used", "user", u.ID, fmt.Sprintf("%d left", left))
		next = twoFactorPath + "?done=recovery_used"
	}
	n.record(r.Context(), r, u.ID, "login", "user", u.ID, "2fa")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// loginEnrolForm shows the set-up screen to a user who gave the right
// password but must set up two-factor before signing in.
func (n *Newsroom) loginEnrolForm(w http.ResponseWriter, r *http.Request) {
	ch, u, err := n.sessions.Challenge(r)
	if err != nil || ch.Purpose != store.ChallengeEnrol {
		n.challengeMissing(w, r, err)
		return
	}
	n.showLoginEnrol(w, r, u, http.StatusOK, nil)
}

func (n *Newsroom) showLoginEnrol(w http.ResponseWriter, r *http.Request, u content.User, code int, problems []string) {
	p := n.newPage(r, nil, twoFactorTitle)
	p.CSRF = n.sessions.LoginCSRF(w, r)
	tp := twoFactorPage{page: p, SignIn: true, Required: true, Action: "/newsroom/login/enrol", Problems: problems}
	if err := n.fillEnrolment(r.Context(), &tp, u); err != nil {
		n.serverError(w, r, nil, err)
		return
	}
	n.show(w, code, "twofactor", tp)
}

// loginEnrol confirms the set-up with a first code, limited like
// passwords, turns two-factor on, starts the session and shows the
// recovery codes.
func (n *Newsroom) loginEnrol(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "فارم پڑھا نہیں جا سکا۔", http.StatusBadRequest)
		return
	}
	ch, u, err := n.sessions.Challenge(r)
	if err != nil || ch.Purpose != store.ChallengeEnrol {
		n.challengeMissing(w, r, err)
		return
	}
	if !auth.CheckLoginCSRF(r) {
		n.showLoginEnrol(w, r, u, http.StatusForbidden, []string{"یہ فارم پرانا ہو چکا ہے۔ دوبارہ کوشش کریں۔"})
		return
	}
	codes, problem, code, err := n.confirmEnrolment(r, u)
	if err != nil {
		n.serverError(w, r, nil, err)
		return
	}
	if problem != "" {
		n.showLoginEnrol(w, r, u, code, []string{problem})
		return
	}
	if ended, err := n.sessions.EndChallenge(r.Context(), w, r, ch); err != nil || !ended {
		n.challengeMissing(w, r, err)
		return
	}
	se, err := n.sessions.Start(r.Context(), w, r, u)
	if err != nil {
		n.serverError(w, r, nil, err)
		return
	}
	n.record(r.Context(), r, u.ID, "login", "user", u.ID, "2fa enrol")
	u.TwoFactorSince = n.now()
	req := &request{User: u, Session: se}
	n.show(w, http.StatusOK, "twofactor", twoFactorPage{page: n.newPage(r, req, twoFactorTitle), Enabled: true,
		Since: u.TwoFactorSince, Codes: codes, Left: len(codes), Required: true, Next: safeNext(ch.Next)})
}

// confirmEnrolment checks the first code against the waiting secret
// (rate-limited like a password), turns two-factor on and returns the
// new recovery codes. problem, with its status code, explains a refusal.
func (n *Newsroom) confirmEnrolment(r *http.Request, u content.User) (codes []string, problem string, status int, err error) {
	ctx := r.Context()
	reserved, blocked, err := n.reserveAttempt(r, u.Email)
	if err != nil {
		return nil, "", 0, err
	}
	if blocked != "" {
		n.recordFailure(ctx, r, u.ID, "login_blocked", u.Email, false)
		return nil, blocked, http.StatusTooManyRequests, nil
	}
	tf, err := n.store.TwoFactorOf(ctx, u.ID)
	if err != nil {
		return nil, "", 0, err
	}
	if !tf.EnabledAt.IsZero() {
		return nil, "دو مرحلہ تصدیق پہلے ہی چالو ہے۔", http.StatusConflict, nil
	}
	key, err := totp.DecodeSecret(tf.Secret)
	if err != nil {
		return nil, "ترتیب کا وقت ختم ہو گیا۔ نیا QR کوڈ اسکین کریں۔", http.StatusConflict, nil
	}
	code := typedCode(r.PostFormValue("code"))
	step, ok := totp.Match(key, code, n.now(), codeSkew)
	if !isSixDigits(code) || !ok {
		n.recordCodeFailure(r, u, codeWrong, "enrol")
		return nil, "کوڈ درست نہیں۔ دیکھ لیں کہ QR کوڈ اسی صفحے سے اسکین کیا گیا ہو اور فون کا وقت درست ہو، پھر ایپ کا تازہ کوڈ لکھیں۔", http.StatusUnprocessableEntity, nil
	}
	codes, hashes := auth.NewRecoveryCodes()
	if err := n.store.EnableTwoFactor(ctx, u.ID, tf.Secret, step, hashes, n.now()); errors.Is(err, store.ErrTwoFactorOn) {
		return nil, "ترتیب اس دوران کہیں اور سے بدل دی گئی۔ صفحہ دوبارہ کھولیں۔", http.StatusConflict, nil
	} else if err != nil {
		return nil, "", 0, err
	}
	n.succeeded(ctx, r, reserved, u.Email)
	n.record(ctx, r, u.ID, "2fa_enable", "user", u.ID, "")
	return codes, "", 0, nil
}

// fillEnrolment gives the page the waiting secret, its URI and QR code,
// making a new secret when there is none.
func (n *Newsroom) fillEnrolment(ctx context.Context, tp *twoFactorPage, u content.User) error {
	tf, err := n.store.TwoFactorOf(ctx, u.ID)
	if err != nil {
		return err
	}
	if tf.Secret == "" {
		tf.Secret = totp.NewSecret()
		if err := n.store.StartTwoFactor(ctx, u.ID, tf.Secret); err != nil {
			return err
		}
	}
	tp.Pending = true
	tp.URI = totp.URI(n.site.Settings().SiteName, u.Email, tf.Secret)
	tp.QR, err = qrDataURL(tp.URI)
	if err != nil {
		return err
	}
	var groups []string
	for s := tf.Secret; s != ""; {
		k := min(4, len(s))
		groups, s = append(groups, s[:k]), s[k:]
	}
	tp.Secret = strings.Join(groups, " ")
	return nil
}

// twoFactor shows the account's two-factor screen: how to turn it on, or
// that it is on, with its recovery codes and how to turn it off.
func (n *Newsroom) twoFactor(w http.ResponseWriter, r *http.Request, req *request) {
	n.showTwoFactor(w, r, req, http.StatusOK, nil, nil)
}

func (n *Newsroom) showTwoFactor(w http.ResponseWriter, r *http.Request, req *request, code int, codes, problems []string) {
	ctx := r.Context()
	u, err := n.store.UserByID(ctx, req.User.ID) // the session's copy may predate this request's change
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	req.User = u
	p := n.newPage(r, req, twoFactorTitle)
	switch r.URL.Query().Get("done") {
	case "disabled":
		p.Flash = "دو مرحلہ تصدیق بند کر دی گئی۔"
	case "recovery_used":
		p.Flash = "آپ نے ایک بیک اپ کوڈ سے سائن اِن کیا؛ وہ کوڈ اب دوبارہ کام نہیں آئے گا۔"
	}
	if n.enrolFirst(u, "/") {
		p.Error = "آگے بڑھنے سے پہلے دو مرحلہ تصدیق چالو کریں: اس ویب سائٹ پر مدیران اور منتظمین کے لیے یہ لازمی ہے۔"
	}
	tp := twoFactorPage{page: p, Enabled: u.TwoFactor(), Since: u.TwoFactorSince, Codes: codes, Required: n.required(u),
		Action: twoFactorPath + "/confirm", Next: "/newsroom/", Problems: problems}
	if tp.Enabled {
		if tp.Left, err = n.store.RecoveryCodesLeft(ctx, u.ID); err != nil {
			n.serverError(w, r, req, err)
			return
		}
	} else {
		tf, err := n.store.TwoFactorOf(ctx, u.ID)
		if err != nil {
			n.serverError(w, r, req, err)
			return
		}
		if tf.Secret != "" {
			if err := n.fillEnrolment(ctx, &tp, u); err != nil {
				n.serverError(w, r, req, err)
				return
			}
		}
	}
	n.show(w, code, "twofactor", tp)
}

// startTwoFactor makes a new secret for the user to scan; two-factor
// turns on only once a code from it is confirmed.
func (n *Newsroom) startTwoFactor(w http.ResponseWriter, r *http.Request, req *request) {
	err := n.store.StartTwoFactor(r.Context(), req.User.ID, totp.NewSecret())
	if errors.Is(err, store.ErrTwoFactorOn) {
		http.Redirect(w, r, twoFactorPath, http.StatusSeeOther)
		return
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	http.Redirect(w, r, twoFactorPath, http.StatusSeeOther)
}

// confirmTwoFactor turns two-factor on with the first code and shows the
// recovery codes, once.
func (n *Newsroom) confirmTwoFactor(w http.ResponseWriter, r *http.Request, req *request) {
	codes, problem, code, err := n.confirmEnrolment(r, req.User)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if problem != "" {
		n.showTwoFactor(w, r, req, code, nil, []string{problem})
		return
	}
	n.showTwoFactor(w, r, req, http.StatusOK, codes, nil)
}

// proveTwoFactor checks the "proof" field of a form that changes
// two-factor: a current code (six digits) or the password, counted
// against the sign-in limits, so a borrowed session cannot guess either.
func (n *Newsroom) proveTwoFactor(w http.ResponseWriter, r *http.Request, req *request, what string) bool {
	proof := r.PostFormValue("proof")
	reserved, blocked, err := n.reserveAttempt(r, req.User.Email)
	if err != nil {
		n.serverError(w, r, req, err)
		return false
	}
	if blocked != "" {
		n.recordFailure(r.Context(), r, req.User.ID, "login_blocked", req.User.Email, false)
		n.showTwoFactor(w, r, req, http.StatusTooManyRequests, nil, []string{blocked})
		return false
	}
	if isSixDigits(typedCode(proof)) {
		res, err := n.checkCode(r.Context(), req.User, proof, false)
		if err != nil {
			n.serverError(w, r, req, err)
			return false
		}
		if res != codeOK {
			n.recordCodeFailure(r, req.User, res, what)
			n.showTwoFactor(w, r, req, http.StatusUnprocessableEntity, nil, []string{codeProblem(res)})
			return false
		}
	} else if req.User.PasswordHash == "" || auth.VerifyPassword(req.User.PasswordHash, proof) != nil {
		n.record(r.Context(), r, req.User.ID, "2fa_failed", "user", req.User.ID, what+": password")
		n.showTwoFactor(w, r, req, http.StatusUnprocessableEntity, nil, []string{"تصدیقی کوڈ یا پاس ورڈ درست نہیں۔"})
		return false
	}
	n.succeeded(r.Context(), r, reserved, req.User.Email)
	return true
}

// newRecoveryCodes replaces the recovery codes, used or not, and shows
// the new ones once.
func (n *Newsroom) newRecoveryCodes(w http.ResponseWriter, r *http.Request, req *request) {
	if !req.User.TwoFactor() {
		http.Redirect(w, r, twoFactorPath, http.StatusSeeOther)
		return
	}
	if !n.proveTwoFactor(w, r, req, "recovery codes") {
		return
	}
	codes, hashes := auth.NewRecoveryCodes()
	if err := n.store.ReplaceRecoveryCodes(r.Context(), req.User.ID, hashes, n.now()); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "2fa_recovery_new", "user", req.User.ID, "")
	n.showTwoFactor(w, r, req, http.StatusOK, codes, nil)
}

// disableTwoFactor turns two-factor off. Where the site requires it, the
// user is asked at once to set it up again (with a new phone, say).
func (n *Newsroom) disableTwoFactor(w http.ResponseWriter, r *http.Request, req *request) {
	if !req.User.TwoFactor() {
		if err := n.store.DisableTwoFactor(r.Context(), req.User.ID); err != nil { // drop a waiting enrolment
			n.serverError(w, r, req, err)
			return
		}
		http.Redirect(w, r, twoFactorPath, http.StatusSeeOther)
		return
	}
	if !n.proveTwoFactor(w, r, req, "disable") {
		return
	}
	if err := n.store.DisableTwoFactor(r.Context(), req.User.ID); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "2fa_disable", "user", req.User.ID, "")
	http.Redirect(w, r, twoFactorPath+"?done=disabled", http.StatusSeeOther)
}

// qrDataURL draws text as a QR code (error correction M, a four-module
// quiet zone, six pixels a module) in a PNG data: URL for an <img>, so
// the secret never leaves the server for a third party to draw.
func qrDataURL(text string) (template.URL, error) {
	qr, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	var m qrMatrix
	if err := qr.Save(&m); err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	const scale, quiet = 6, 4
	size := (len(m.bits) + 2*quiet) * scale
	img := image.NewPaletted(image.Rect(0, 0, size, size), color.Palette{color.White, color.Black})
	for y, row := range m.bits {
		for x, dark := range row {
			if !dark {
				continue
			}
			for dy := range scale {
				for dx := range scale {
					img.SetColorIndex((x+quiet)*scale+dx, (y+quiet)*scale+dy, 1)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())), nil
}

// qrMatrix receives the QR code's modules (a qrcode.Writer).
type qrMatrix struct{ bits [][]bool }

func (m *qrMatrix) Write(mat qrcode.Matrix) error { m.bits = mat.Bitmap(); return nil }
func (m *qrMatrix) Close() error                  { return nil }
