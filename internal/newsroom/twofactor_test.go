package newsroom_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"image/png"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

var (
	secretText   = regexp.MustCompile(`<code class="nr-secret" dir="ltr">([A-Z2-7 ]+)</code>`)
	qrImage      = regexp.MustCompile(`src="data:image/png;base64,([A-Za-z0-9+/=&#;]+)"`)
	recoveryCode = regexp.MustCompile(`<li><code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code></li>`)
)

// oathtool computes a code the way an independent implementation does:
// Debian's oathtool (oath-toolkit), at the given time.
func oathtool(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	if _, err := exec.LookPath("oathtool"); err != nil {
		t.Skip("two-factor test skipped: oathtool is not installed (apt-get install oathtool); it computes the codes independently of our TOTP code")
	}
	out, err := exec.Command("oathtool", "--totp", "-b", secret, "--now", at.UTC().Format("2006-01-02 15:04:05 UTC")).Output()
	if err != nil {
		t.Fatalf("oathtool: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// signIn gives the password in a new browser and expects to be sent to
// the second step, with no session yet.
func (e *env) signIn(t *testing.T, role content.Role, step string) *client {
	t.Helper()
	c := e.browser(t)
	c.get("/newsroom/login")
	code, loc, body := c.post("/newsroom/login", url.Values{"email": {string(role) + "@akhbar.example"}, "password": {password}})
	if code != http.StatusSeeOther || loc != "/newsroom/login/"+step {
		t.Fatalf("password as %s: %d %q, want the %s step\n%s", role, code, loc, step, body)
	}
	if code, loc, _ := c.do("GET", "/newsroom/", nil); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/newsroom/login") {
		t.Fatalf("half signed in, the newsroom answered %d %q: the password alone made a session", code, loc)
	}
	if code, _ := c.get("/newsroom/login/" + step); code != http.StatusOK {
		t.Fatalf("second step page: %d", code)
	}
	return c
}

// enterCode posts a code at the second step.
func (c *client) enterCode(code string) (int, string, string) {
	return c.post("/newsroom/login/code", url.Values{"code": {code}})
}

// wrongCode is a six-digit code that is none of the three accepted at now.
func wrongCode(t *testing.T, secret string, now time.Time) string {
	valid := map[string]bool{}
	for d := -1; d <= 1; d++ {
		valid[oathtool(t, secret, now.Add(time.Duration(d)*30*time.Second))] = true
	}
	for i := 10; ; i++ {
		if c := oathtool(t, secret, now.Add(time.Duration(i)*time.Hour)); !valid[c] {
			return c
		}
	}
}

// TestTwoFactor enrols an editor through the real handlers, computes the
// codes with oathtool and signs in with them: ±1 step accepted, ±2
// refused, a used step refused, recovery codes once each, wrong codes
// limited like wrong passwords; then an admin requires two-factor and an
// admin without it must enrol before anything else.
func TestTwoFactor(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		oathtool(t, "JBSWY3DPEHPK3PXP", e.clock.Now()) // skip early without oathtool

		// Enrol.
		editor := e.login(t, content.RoleEditor)
		if code, body := editor.get("/newsroom/account"); code != 200 || !strings.Contains(body, "دو مرحلہ تصدیق چالو کریں") {
			t.Fatalf("account page: %d, no link to turn two-factor on", code)
		}
		if code, body := editor.get("/newsroom/account/2fa"); code != 200 || !strings.Contains(body, "بند ہے") {
			t.Fatalf("two-factor page: %d\n%s", code, body)
		}
		if code, loc, _ := editor.post("/newsroom/account/2fa/start", nil); code != http.StatusSeeOther || loc != "/newsroom/account/2fa" {
			t.Fatalf("start: %d %q", code, loc)
		}
		_, body := editor.get("/newsroom/account/2fa")
		m := secretText.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no secret on the set-up page\n%s", body)
		}
		secret := strings.ReplaceAll(m[1], " ", "")
		if !strings.Contains(body, "otpauth://totp/") || !strings.Contains(body, "secret="+secret) {
			t.Errorf("set-up page lacks the otpauth URI with the secret")
		}
		qr := qrImage.FindStringSubmatch(body)
		if qr == nil {
			t.Fatal("no QR code image on the set-up page")
		}
		raw, _ := base64.StdEncoding.DecodeString(html.UnescapeString(qr[1]))
		if img, err := png.Decode(bytes.NewReader(raw)); err != nil || img.Bounds().Dx() < 200 || img.Bounds().Dx() != img.Bounds().Dy() {
			t.Errorf("QR code is not a square PNG: %v", err)
		}
		if u, _ := s.UserByID(ctx, e.users[content.RoleEditor].ID); u.TwoFactor() {
			t.Fatal("two-factor on before a code confirmed it")
		}
		t0 := e.clock.Now()
		if code, _, body := editor.post("/newsroom/account/2fa/confirm", url.Values{"code": {wrongCode(t, secret, t0)}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "کوڈ درست نہیں") {
			t.Errorf("confirm with a wrong code: %d", code)
		}
		code, _, body := editor.post("/newsroom/account/2fa/confirm", url.Values{"code": {oathtool(t, secret, t0)}})
		codes := recoveryCode.FindAllStringSubmatch(body, -1)
		if code != 200 || len(codes) != 10 {
			t.Fatalf("confirm: %d, %d recovery codes\n%s", code, len(codes), body)
		}
		if code, body := editor.get("/newsroom/account/2fa"); code != 200 || strings.Contains(body, codes[0][1]) || !strings.Contains(body, "چالو ہے") {
			t.Errorf("after enrolment the page (%d) shows the recovery codes again, or not that two-factor is on", code)
		}

		// Skew: at t0+60 s (two steps on), codes of ±2 steps are refused,
		// −1 and +1 are accepted, and a step once used never again.
		e.clock.Add(time.Minute)
		now := e.clock.Now()
		c := e.signIn(t, content.RoleEditor, "code")
		for _, d := range []int{2, -2} {
			if code, _, body := c.enterCode(oathtool(t, secret, now.Add(time.Duration(d)*30*time.Second))); code != http.StatusUnauthorized {
				t.Errorf("code of step %+d: %d, want 401\n%s", d, code, body)
			}
		}
		minus1 := oathtool(t, secret, now.Add(-30*time.Second))
		if code, loc, body := c.enterCode(minus1); code != http.StatusSeeOther || loc != "/newsroom/" {
			t.Fatalf("code of step -1: %d %q\n%s", code, loc, body)
		}
		if code, _ := c.get("/newsroom/"); code != 200 {
			t.Errorf("signed in with a code, the newsroom answers %d", code)
		}
		c = e.signIn(t, content.RoleEditor, "code")
		if code, _, body := c.enterCode(minus1); code != http.StatusUnauthorized || !strings.Contains(body, "ایک بار استعمال ہو چکا ہے") {
			t.Errorf("replayed code: %d, want 401 saying it was used", code)
		}
		plus1 := oathtool(t, secret, now.Add(30*time.Second))
		if code, _, body := c.enterCode(" " + strings.Map(urduDigit, plus1[:3]) + " " + plus1[3:]); code != http.StatusSeeOther {
			t.Fatalf("code of step +1, typed in Urdu digits with spaces: %d\n%s", code, body)
		}
		c = e.signIn(t, content.RoleEditor, "code")
		if code, _, _ := c.enterCode(oathtool(t, secret, now)); code != http.StatusUnauthorized {
			t.Errorf("the current step's code after the next step's was used: %d, want 401", code)
		}

		// Recovery codes work once each.
		e.clock.Add(2 * time.Minute)
		if code, loc, _ := c.enterCode(strings.ToUpper(codes[0][1])); code != http.StatusSeeOther || !strings.Contains(loc, "recovery_used") {
			t.Fatalf("recovery code: %d %q", code, loc)
		}
		c = e.signIn(t, content.RoleEditor, "code")
		if code, _, _ := c.enterCode(codes[0][1]); code != http.StatusUnauthorized {
			t.Errorf("a recovery code used twice: %d, want 401", code)
		}

		// Wrong codes count against the account's sign-in limit: five, then
		// even the right code must wait, and so must the password.
		now = e.clock.Now()
		for i := range 4 {
			if code, _, _ := c.enterCode(wrongCode(t, secret, now)); code != http.StatusUnauthorized {
				t.Fatalf("wrong code %d: %d", i, code)
			}
		}
		if code, _, body := c.enterCode(oathtool(t, secret, now)); code != http.StatusTooManyRequests || !strings.Contains(body, "منٹ بعد دوبارہ کوشش کریں") {
			t.Errorf("right code after five failures: %d, want 429", code)
		}
		d := e.browser(t)
		d.get("/newsroom/login")
		if code, _, _ := d.post("/newsroom/login", url.Values{"email": {"editor@akhbar.example"}, "password": {password}}); code != http.StatusTooManyRequests {
			t.Errorf("password after five wrong codes: %d, want 429", code)
		}
		e.clock.Add(16 * time.Minute)
		now = e.clock.Now()
		c = e.signIn(t, content.RoleEditor, "code")
		if code, _, body := c.enterCode(oathtool(t, secret, now)); code != http.StatusSeeOther {
			t.Fatalf("after the wait: %d\n%s", code, body)
		}

		// New recovery codes (proved with the password) replace the old.
		c.get("/newsroom/account/2fa")
		if code, _, _ := c.post("/newsroom/account/2fa/recovery", url.Values{"proof": {"غلط پاس ورڈ ہے یہ"}}); code != http.StatusUnprocessableEntity {
			t.Errorf("new recovery codes with a wrong password: %d", code)
		}
		code, _, body = c.post("/newsroom/account/2fa/recovery", url.Values{"proof": {password}})
		fresh := recoveryCode.FindAllStringSubmatch(body, -1)
		if code != 200 || len(fresh) != 10 || fresh[0][1] == codes[0][1] {
			t.Fatalf("new recovery codes: %d, %d codes", code, len(fresh))
		}
		x := e.signIn(t, content.RoleEditor, "code")
		if code, _, _ := x.enterCode(codes[1][1]); code != http.StatusUnauthorized {
			t.Errorf("an old recovery code after new ones were made: %d, want 401", code)
		}
		if code, _, _ := x.enterCode(fresh[1][1]); code != http.StatusSeeOther {
			t.Errorf("a new recovery code: %d", code)
		}

		// Disabling needs a current code or the password.
		c.get("/newsroom/account/2fa")
		if code, _, _ := c.post("/newsroom/account/2fa/disable", url.Values{"proof": {wrongCode(t, secret, e.clock.Now())}}); code != http.StatusUnprocessableEntity {
			t.Errorf("disable with a wrong code: %d", code)
		}
		e.clock.Add(30 * time.Second)
		if code, loc, _ := c.post("/newsroom/account/2fa/disable", url.Values{"proof": {oathtool(t, secret, e.clock.Now())}}); code != http.StatusSeeOther || !strings.Contains(loc, "disabled") {
			t.Fatalf("disable with a current code: %d %q", code, loc)
		}
		e.login(t, content.RoleEditor) // the password alone again

		// Require two-factor: the admin's session (from before) may do
		// nothing but set it up; a new sign-in sets it up before any session.
		admin := e.login(t, content.RoleAdmin)
		admin.get("/newsroom/settings")
		if code, _, body := admin.post("/newsroom/settings", url.Values{"site_name": {"اخبار"}, "time_zone": {"Asia/Karachi"},
			"date_style": {"datebar"}, "digits": {"latin"}, "hijri_offset": {"0"}, "most_read_hours": {"48"}, "require_2fa": {"on"}}); code != http.StatusSeeOther {
			t.Fatalf("require two-factor: %d\n%s", code, body)
		}
		if code, loc, _ := admin.do("GET", "/newsroom/", nil); code != http.StatusSeeOther || loc != "/newsroom/account/2fa" {
			t.Errorf("admin without two-factor after it became required: %d %q, want sent to set it up", code, loc)
		}
		if code, _, _ := admin.post("/newsroom/articles/new", articleForm(e, "سرخی", 0, "save")); code != http.StatusForbidden {
			t.Errorf("admin without two-factor saved an article: %d", code)
		}
		e.login(t, content.RoleReporter) // not required of reporters
		if u, _ := s.UserByID(ctx, e.users[content.RoleEditor].ID); u.TwoFactor() {
			t.Fatal("editor still enrolled")
		}
		a := e.signIn(t, content.RoleAdmin, "enrol")
		_, body = a.get("/newsroom/login/enrol")
		m = secretText.FindStringSubmatch(body)
		if m == nil || !strings.Contains(body, "لازمی") {
			t.Fatalf("enrolment at sign-in: no secret or no word that it is required\n%s", body)
		}
		adminSecret := strings.ReplaceAll(m[1], " ", "")
		code, _, body = a.post("/newsroom/login/enrol", url.Values{"code": {oathtool(t, adminSecret, e.clock.Now())}})
		if code != 200 || len(recoveryCode.FindAllStringSubmatch(body, -1)) != 10 {
			t.Fatalf("enrol at sign-in: %d\n%s", code, body)
		}
		if code, _ := a.get("/newsroom/"); code != 200 {
			t.Errorf("after enrolling at sign-in the newsroom answers %d", code)
		}
		if code, _ := admin.get("/newsroom/"); code != 200 {
			t.Errorf("the admin's older session after enrolling elsewhere: %d", code)
		}

		// An admin turns off a colleague's two-factor (lost phone and codes);
		// no one else may.
		editorID := fmt.Sprint(e.users[content.RoleEditor].ID)
		ed := e.login(t, content.RoleReporter)
		if code, _, _ := ed.post("/newsroom/users/"+fmt.Sprint(e.users[content.RoleAdmin].ID)+"/two-factor-off", nil); code != http.StatusForbidden {
			t.Errorf("reporter turning off an admin's two-factor: %d, want 403", code)
		}
		other := e.signIn(t, content.RoleAdmin, "code")
		e.clock.Add(30 * time.Second)
		if code, _, _ := other.enterCode(oathtool(t, adminSecret, e.clock.Now())); code != http.StatusSeeOther {
			t.Fatal("admin sign-in with a code failed")
		}
		if _, body := other.get("/newsroom/users"); !strings.Contains(body, "دو مرحلہ تصدیق") {
			t.Error("users page does not show two-factor")
		}
		s.StartTwoFactor(ctx, e.users[content.RoleEditor].ID, "JBSWY3DPEHPK3PXP")
		s.EnableTwoFactor(ctx, e.users[content.RoleEditor].ID, "JBSWY3DPEHPK3PXP", 1, nil, e.clock.Now())
		if code, _, _ := other.post("/newsroom/users/"+editorID+"/two-factor-off", nil); code != http.StatusSeeOther {
			t.Errorf("admin turning off an editor's two-factor: %d", code)
		}
		if u, _ := s.UserByID(ctx, e.users[content.RoleEditor].ID); u.TwoFactor() {
			t.Error("editor's two-factor still on")
		}
		e.signIn(t, content.RoleEditor, "enrol") // required: set it up again

		entries, err := s.AuditLog(ctx, 500, 0)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, en := range entries {
			seen[en.Action] = true
		}
		for _, want := range []string{"2fa_enable", "2fa_failed", "2fa_replay", "2fa_recovery_used", "2fa_recovery_new", "2fa_disable", "2fa_require", "login_blocked"} {
			if !seen[want] {
				t.Errorf("audit log lacks %s", want)
			}
		}
	})
}

// urduDigit writes an ASCII digit in Urdu (Extended Arabic-Indic).
func urduDigit(r rune) rune {
	if r >= '0' && r <= '9' {
		return '۰' + r - '0'
	}
	return r
}
