package newsroom_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

var tokenSecret = regexp.MustCompile(`akb_[A-Za-z0-9_-]{43}`)

// TestAPITokensPage: every user makes their own tokens, with the scopes
// their role allows; the secret is shown once and only its hash is
// kept; tokens are revoked by their owner or an admin; each step is
// audited, and a form without its CSRF token changes nothing.
func TestAPITokensPage(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		reporter := e.login(t, content.RoleReporter)

		_, home := reporter.get("/newsroom/")
		if !strings.Contains(home, `href="/newsroom/tokens"`) {
			t.Error("the newsroom's navigation has no link to the tokens page")
		}
		code, page := reporter.get("/newsroom/tokens")
		if code != 200 || !strings.Contains(page, "<h1>اے پی آئی ٹوکن</h1>") || !strings.Contains(page, "آپ نے ابھی کوئی ٹوکن نہیں بنایا") {
			t.Fatalf("tokens page: %d\n%s", code, page)
		}
		// A reporter's role does not allow publishing: the box is disabled.
		if !regexp.MustCompile(`value="publish"[^>]* disabled>`).MatchString(page) || regexp.MustCompile(`value="write"[^>]* disabled>`).MatchString(page) {
			t.Error("the publish scope is offered to a reporter, or write is not")
		}

		// Create: the secret is on this answer only.
		code, _, page = reporter.post("/newsroom/tokens", url.Values{"name": {"موبائل ایپ"}, "scopes": {"read_drafts", "write"}, "expires": {"30"}})
		secret := tokenSecret.FindString(page)
		if code != 200 || secret == "" || !strings.Contains(page, "دوبارہ کبھی نہیں دکھایا جائے گا") {
			t.Fatalf("create: %d, secret %q\n%s", code, secret, page)
		}
		mine, err := s.APITokens(ctx, e.users[content.RoleReporter].ID)
		if err != nil || len(mine) != 1 {
			t.Fatalf("stored tokens: %+v, %v", mine, err)
		}
		tk := mine[0]
		if tk.Hash != auth.HashAPIToken(secret) || strings.Contains(tk.Hash, secret[4:]) || !strings.HasPrefix(secret, tk.Prefix) || len(tk.Prefix) > 8 ||
			!slices.Equal(tk.Scopes, []string{"read_drafts", "write"}) || tk.Name != "موبائل ایپ" || tk.ExpiresAt.Sub(tk.CreatedAt).Hours() != 30*24 {
			t.Errorf("stored %+v", tk)
		}
		found, owner, err := s.APITokenByHash(ctx, auth.HashAPIToken(secret))
		if err != nil || found.ID != tk.ID || owner.ID != e.users[content.RoleReporter].ID {
			t.Errorf("the secret does not find its token: %+v, %v", found, err)
		}
		_, page = reporter.get("/newsroom/tokens")
		if tokenSecret.MatchString(page) || !strings.Contains(page, "<bdi>موبائل ایپ</bdi>") || !strings.Contains(page, tk.Prefix+"…") || !strings.Contains(page, "فعال") {
			t.Errorf("the list shows the secret again, or not the token:\n%s", page)
		}

		// Refused: a scope beyond the role, no name, no scope, an unknown scope.
		for name, c := range map[string]struct {
			form url.Values
			code int
			says string
		}{
			"beyond the role": {url.Values{"name": {"اشاعت"}, "scopes": {"write", "publish"}, "expires": {"90"}}, http.StatusForbidden, "اجازت نہیں دیتا"},
			"no name":         {url.Values{"name": {"  "}, "scopes": {"write"}, "expires": {"90"}}, http.StatusUnprocessableEntity, "ٹوکن کا نام لکھیں"},
			"no scope":        {url.Values{"name": {"خالی"}, "expires": {"90"}}, http.StatusUnprocessableEntity, "کم از کم ایک اختیار"},
			"unknown scope":   {url.Values{"name": {"عجیب"}, "scopes": {"admin"}, "expires": {"90"}}, http.StatusUnprocessableEntity, "نامعلوم اختیار"},
			"bad expiry":      {url.Values{"name": {"ہمیشہ"}, "scopes": {"write"}, "expires": {"7"}}, http.StatusUnprocessableEntity, "میعاد منتخب کریں"},
		} {
			code, _, page := reporter.post("/newsroom/tokens", c.form)
			if code != c.code || !strings.Contains(page, c.says) || tokenSecret.MatchString(page) {
				t.Errorf("%s: %d, want %d saying %q", name, code, c.code, c.says)
			}
		}
		// Without the form's CSRF token nothing is made.
		code, _, _ = reporter.do("POST", "/newsroom/tokens", url.Values{"name": {"جعلی"}, "scopes": {"write"}, "expires": {"90"}, "csrf": {"forged"}})
		if code != http.StatusForbidden {
			t.Errorf("a forged form: %d", code)
		}
		if mine, _ := s.APITokens(ctx, e.users[content.RoleReporter].ID); len(mine) != 1 {
			t.Errorf("refused forms made tokens: %d in all", len(mine))
		}

		// An editor may give publish; a never-expiring token has no expiry.
		editor := e.login(t, content.RoleEditor)
		editor.get("/newsroom/tokens")
		code, _, page = editor.post("/newsroom/tokens", url.Values{"name": {"ڈیسک"}, "scopes": {"write", "publish"}, "expires": {"0"}})
		if code != 200 || !tokenSecret.MatchString(page) {
			t.Fatalf("an editor's publishing token: %d", code)
		}
		// The editor sees only their own; cannot revoke the reporter's.
		if _, page := editor.get("/newsroom/tokens"); strings.Contains(page, "<bdi>موبائل ایپ</bdi>") || strings.Contains(page, "دوسرے صارفین کے ٹوکن") {
			t.Error("an editor sees someone else's tokens")
		}
		if code, _, _ := editor.post(fmt.Sprintf("/newsroom/tokens/%d/revoke", tk.ID), nil); code != http.StatusForbidden {
			t.Errorf("an editor revoking a reporter's token: %d", code)
		}
		if code, _, _ := editor.post("/newsroom/tokens/99999/revoke", nil); code != http.StatusNotFound {
			t.Errorf("revoking a token that does not exist: %d", code)
		}

		// The owner revokes it, with the form's token only.
		reporter.get("/newsroom/tokens")
		if code, _, _ := reporter.do("POST", fmt.Sprintf("/newsroom/tokens/%d/revoke", tk.ID), url.Values{"csrf": {"forged"}}); code != http.StatusForbidden {
			t.Errorf("a forged revocation: %d", code)
		}
		if got, _ := s.APIToken(ctx, tk.ID); got.Revoked() {
			t.Fatal("a forged form revoked a token")
		}
		code, loc, _ := reporter.post(fmt.Sprintf("/newsroom/tokens/%d/revoke", tk.ID), nil)
		if code != http.StatusSeeOther || loc != "/newsroom/tokens?done=revoked" {
			t.Fatalf("revoke: %d %q", code, loc)
		}
		if got, _ := s.APIToken(ctx, tk.ID); !got.Revoked() {
			t.Error("not revoked")
		}
		_, page = reporter.get(loc)
		if !strings.Contains(page, "ٹوکن منسوخ کر دیا گیا") || !strings.Contains(page, "<td>منسوخ</td>") || strings.Contains(page, fmt.Sprintf("/newsroom/tokens/%d/revoke", tk.ID)) {
			t.Errorf("after revoking:\n%s", page)
		}

		// An admin sees everyone's tokens and revokes the editor's.
		admin := e.login(t, content.RoleAdmin)
		_, page = admin.get("/newsroom/tokens")
		if !strings.Contains(page, "دوسرے صارفین کے ٹوکن") || !strings.Contains(page, "<bdi>موبائل ایپ</bdi>") || !strings.Contains(page, "<bdi>ڈیسک</bdi>") {
			t.Errorf("the admin's page lacks others' tokens:\n%s", page)
		}
		edTokens, _ := s.APITokens(ctx, e.users[content.RoleEditor].ID)
		if len(edTokens) != 1 || !edTokens[0].ExpiresAt.IsZero() {
			t.Fatalf("editor's tokens %+v", edTokens)
		}
		if code, _, _ := admin.post(fmt.Sprintf("/newsroom/tokens/%d/revoke", edTokens[0].ID), nil); code != http.StatusSeeOther {
			t.Errorf("an admin revoking an editor's token: %d", code)
		}

		log, err := s.AuditLog(ctx, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i := len(log) - 1; i >= 0; i-- {
			if strings.HasPrefix(log[i].Action, "token_") {
				got = append(got, log[i].Action+":"+log[i].UserName+":"+log[i].Detail)
			}
		}
		want := []string{"token_create:رپورٹر:موبائل ایپ (read_drafts write)", "token_create:مدیر:ڈیسک (write publish)",
			"token_revoke:رپورٹر:موبائل ایپ", "token_revoke:منتظم:ڈیسک (مدیر)"}
		if !slices.Equal(got, want) {
			t.Errorf("audit\n got %q\nwant %q", got, want)
		}
		_, page = admin.get("/newsroom/audit")
		if !strings.Contains(page, "اے پی آئی ٹوکن بنایا") || !strings.Contains(page, "اے پی آئی ٹوکن منسوخ") {
			t.Error("the audit page does not name the token actions")
		}
	})
}
