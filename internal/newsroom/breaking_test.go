package newsroom_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// raise opens the breaking-news screen (for the token) and sends the raise form.
func (c *client) raise(text, article, expiry string) (int, string, string) {
	c.t.Helper()
	c.get("/newsroom/breaking")
	return c.post("/newsroom/breaking", url.Values{"text": {text}, "article": {article}, "for": {expiry}})
}

// strips is every strip stored, newest first.
func strips(t *testing.T, s *store.Store) []content.Breaking {
	t.Helper()
	list, err := s.RecentBreaking(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func current(t *testing.T, e *env) *content.Breaking {
	t.Helper()
	b, err := e.store.CurrentBreaking(context.Background(), e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// audited finds the newest audit entry with action.
func audited(t *testing.T, s *store.Store, action string) (store.AuditEntry, bool) {
	t.Helper()
	entries, err := s.AuditLog(context.Background(), 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range entries {
		if a.Action == action {
			return a, true
		}
	}
	return store.AuditEntry{}, false
}

// TestBreakingRaiseAndEnd: an editor raises a strip linked to a published
// story in two clicks; an admin takes it down; both are audited.
func TestBreakingRaiseAndEnd(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	admin := e.login(t, content.RoleAdmin)
	story := editor.create("کراچی میں زلزلے کے جھٹکے", "publish")
	draft := editor.create("ابھی زیرِ تحریر خبر", "save")

	code, page := editor.get("/newsroom/breaking")
	if code != http.StatusOK {
		t.Fatalf("breaking screen: %d", code)
	}
	for _, want := range []string{
		`href="/newsroom/breaking" aria-current="page">بریکنگ نیوز</a>`,
		"اس وقت کوئی بریکنگ نیوز جاری نہیں",
		`<label for="b-text">خبر کا متن`, `name="text"`, `required maxlength="200"`,
		"<select id=\"b-article\" name=\"article\">\n<option value=\"\">کوئی خبر نہیں</option>",
		fmt.Sprintf(`<option value="%d">کراچی میں زلزلے کے جھٹکے</option>`, story),
		`<option value="15m">15 منٹ</option>`, `<option value="1h" selected>1 گھنٹہ</option>`, `<option value="24h">24 گھنٹے</option>`,
		"بریکنگ نیوز جاری کریں</button>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("breaking screen lacks %q", want)
		}
	}
	if strings.Contains(page, "ابھی زیرِ تحریر خبر") || strings.Contains(page, fmt.Sprintf(`<option value="%d"`, draft)) {
		t.Error("a draft is offered as the strip's story")
	}
	if strings.Contains(page, `name="article_id"`) || strings.Contains(page, `type="number"`) {
		t.Error("the story is chosen by number")
	}

	// Text, story, the default expiry: raised. Spaces and line breaks collapse.
	code, loc, body := editor.post("/newsroom/breaking", url.Values{"text": {"  کراچی میں\nزلزلہ،   شدت 5.2 "}, "article": {fmt.Sprint(story)}, "for": {"1h"}})
	if code != http.StatusSeeOther || loc != "/newsroom/breaking?done=raised" {
		t.Fatalf("raise: %d %q\n%s", code, loc, body)
	}
	b := current(t, e)
	if b == nil {
		t.Fatal("no strip showing after the raise")
	}
	now := e.clock.Now()
	if b.Text != "کراچی میں زلزلہ، شدت 5.2" || b.ArticleID != story || b.Article == nil ||
		b.RaisedBy != e.users[content.RoleEditor].ID || !b.RaisedAt.Equal(now) || !b.ExpiresAt.Equal(now.Add(time.Hour)) {
		t.Errorf("showing strip %+v", *b)
	}
	a, ok := audited(t, e.store, "breaking_raise")
	if !ok || a.UserID != e.users[content.RoleEditor].ID || a.Target != "breaking" || a.TargetID != b.ID || a.Detail != b.Text {
		t.Errorf("raise audit entry %+v (found %v)", a, ok)
	}
	_, page = editor.get(loc)
	for _, want := range []string{"بریکنگ نیوز جاری ہو گئی", "<strong>کراچی میں زلزلہ، شدت 5.2</strong>",
		">کراچی میں زلزلے کے جھٹکے</a>", fmt.Sprintf(`action="/newsroom/breaking/%d/end"`, b.ID), "ہٹائیں</button>",
		// 07:00 UTC is noon in Karachi, the site's time zone.
		fmt.Sprintf(`datetime="%s"`, b.ExpiresAt.UTC().Format(time.RFC3339)), "18 فروری 2026، 12:00 دوپہر", "جاری ہے"} {
		if !strings.Contains(page, want) {
			t.Errorf("screen after the raise lacks %q", want)
		}
	}

	// An admin takes it down.
	admin.get("/newsroom/breaking")
	code, loc, body = admin.post(fmt.Sprintf("/newsroom/breaking/%d/end", b.ID), nil)
	if code != http.StatusSeeOther || loc != "/newsroom/breaking?done=ended" {
		t.Fatalf("take down: %d %q\n%s", code, loc, body)
	}
	if b := current(t, e); b != nil {
		t.Errorf("strip %d still showing after the take-down", b.ID)
	}
	a, ok = audited(t, e.store, "breaking_end")
	if !ok || a.UserID != e.users[content.RoleAdmin].ID || a.Target != "breaking" || a.TargetID != b.ID {
		t.Errorf("take-down audit entry %+v (found %v)", a, ok)
	}
	_, page = admin.get(loc)
	for _, want := range []string{"بریکنگ نیوز ہٹا دی گئی", "اس وقت کوئی بریکنگ نیوز جاری نہیں", "ہٹائی گئی:", "<bdi>کراچی میں زلزلہ، شدت 5.2</bdi>"} {
		if !strings.Contains(page, want) {
			t.Errorf("screen after the take-down lacks %q", want)
		}
	}
	if code, _, _ := admin.post("/newsroom/breaking/999999/end", nil); code != http.StatusNotFound {
		t.Errorf("taking down a strip that never was: %d, want 404", code)
	}
	_, log := admin.get("/newsroom/audit")
	for _, want := range []string{"<td>بریکنگ نیوز جاری</td>", "<td>بریکنگ نیوز ہٹائی گئی</td>"} {
		if !strings.Contains(log, want) {
			t.Errorf("audit log lacks %q", want)
		}
	}
}

// TestBreakingForbidden: reporters and contributors neither see nor use
// the screen, and their attempts change nothing.
func TestBreakingForbidden(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	if code, _, _ := editor.raise("پہلی بریکنگ نیوز", "", "1h"); code != http.StatusSeeOther {
		t.Fatalf("editor raise: %d", code)
	}
	showing := current(t, e)
	if showing == nil {
		t.Fatal("no strip showing")
	}
	for _, role := range []content.Role{content.RoleReporter, content.RoleContributor} {
		c := e.login(t, role)
		_, home := c.get("/newsroom/")
		if strings.Contains(home, `href="/newsroom/breaking"`) {
			t.Errorf("%s's navigation links the breaking-news screen", role)
		}
		if code, body := c.get("/newsroom/breaking"); code != http.StatusForbidden || !strings.Contains(body, "آپ کو یہ کام کرنے کی اجازت نہیں") {
			t.Errorf("%s GET: %d, want 403 with the Urdu refusal", role, code)
		}
		if code, _, _ := c.post("/newsroom/breaking", url.Values{"text": {"جعلی خبر"}, "for": {"1h"}}); code != http.StatusForbidden {
			t.Errorf("%s raise: %d, want 403", role, code)
		}
		if code, _, _ := c.post(fmt.Sprintf("/newsroom/breaking/%d/end", showing.ID), nil); code != http.StatusForbidden {
			t.Errorf("%s take-down: %d, want 403", role, code)
		}
	}
	if b := current(t, e); b == nil || b.ID != showing.ID || b.Text != "پہلی بریکنگ نیوز" {
		t.Errorf("showing strip after refused attempts: %+v", b)
	}
	if n := len(strips(t, e.store)); n != 1 {
		t.Errorf("%d strips stored, want 1", n)
	}
	_, home := editor.get("/newsroom/")
	if !strings.Contains(home, `<li><a href="/newsroom/breaking">بریکنگ نیوز</a></li>`) {
		t.Error("the editor's navigation lacks the breaking-news screen")
	}
}

// TestBreakingBadInput: each wrong form is refused with an Urdu message,
// stores nothing and gives back what the editor typed.
func TestBreakingBadInput(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	draft := editor.create("غیر شائع شدہ خبر", "save")
	unpublished := editor.create("واپس لی گئی خبر", "publish")
	if code, _ := editor.act(unpublished, "unpublish"); code != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", code)
	}
	long := strings.Repeat("ب", 201)
	cases := []struct {
		name, text, article, expiry string
		problem                     string
	}{
		{"empty text", "", "", "1h", "خبر کا متن خالی ہے"},
		{"only spaces", "   \n ", "", "1h", "خبر کا متن خالی ہے"},
		{"201 characters", long, "", "1h", "200 حروف سے زیادہ نہیں ہو سکتا؛ یہ متن 201 حروف کا ہے"},
		{"unknown expiry", "سیلاب کی وارننگ", "", "3h", "دکھانے کی مدت فہرست میں سے منتخب کریں"},
		{"missing expiry", "سیلاب کی وارننگ", "", "", "دکھانے کی مدت فہرست میں سے منتخب کریں"},
		{"longer than allowed", "سیلاب کی وارننگ", "", "168h", "دکھانے کی مدت فہرست میں سے منتخب کریں"},
		{"draft story", "بجلی کا بریک ڈاؤن", fmt.Sprint(draft), "1h", "منتخب خبر اب موجود نہیں یا شائع شدہ نہیں"},
		{"unpublished story", "بجلی کا بریک ڈاؤن", fmt.Sprint(unpublished), "1h", "منتخب خبر اب موجود نہیں یا شائع شدہ نہیں"},
		{"missing story", "بجلی کا بریک ڈاؤن", "999999", "1h", "منتخب خبر اب موجود نہیں یا شائع شدہ نہیں"},
		{"story not a number", "بجلی کا بریک ڈاؤن", "abc", "1h", "منتخب خبر اب موجود نہیں یا شائع شدہ نہیں"},
	}
	for _, c := range cases {
		code, _, body := editor.raise(c.text, c.article, c.expiry)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, c.problem) {
			t.Errorf("%s: %d, no %q", c.name, code, c.problem)
		}
		if typed := strings.TrimSpace(c.text); typed != "" && !strings.Contains(body, `value="`+typed+`"`) {
			t.Errorf("%s: the typed text is not in the form again", c.name)
		}
		if c.expiry == "3h" && !strings.Contains(body, `<option value="1h" selected>`) {
			t.Errorf("%s: the expiry is not back to its default", c.name)
		}
		if n := len(strips(t, e.store)); n != 0 {
			t.Fatalf("%s: %d strips stored", c.name, n)
		}
	}

	// Without the form's token, or with a forged one: refused as every form is.
	editor.get("/newsroom/breaking")
	for _, token := range []string{"", "forged-token-forged-token-forged-token-forged"} {
		code, _, body := editor.do("POST", "/newsroom/breaking", url.Values{"text": {"جعلی خبر"}, "for": {"1h"}, "csrf": {token}})
		if code != http.StatusForbidden || !strings.Contains(body, "یہ فارم پرانا ہو چکا ہے") {
			t.Errorf("raise with CSRF token %q: %d, want 403", token, code)
		}
	}
	if n := len(strips(t, e.store)); n != 0 {
		t.Fatalf("%d strips stored after refused posts", n)
	}

	// Exactly 200 characters is allowed, and its take-down needs the token too.
	if code, _, body := editor.raise(long[:len(long)-len("ب")], "", "1h"); code != http.StatusSeeOther {
		t.Fatalf("200 characters: %d\n%s", code, body)
	}
	b := current(t, e)
	if b == nil {
		t.Fatal("no strip showing")
	}
	if code, _, _ := editor.do("POST", fmt.Sprintf("/newsroom/breaking/%d/end", b.ID), url.Values{}); code != http.StatusForbidden {
		t.Errorf("take-down without CSRF token: %d, want 403", code)
	}
	if current(t, e) == nil {
		t.Error("a take-down without the token took the strip down")
	}
}

// TestBreakingExpiryChoices: each choice puts the expiry that long after
// the raise, and a new strip replaces the one showing.
func TestBreakingExpiryChoices(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	choices := []struct {
		value string
		d     time.Duration
	}{
		{"15m", 15 * time.Minute}, {"30m", 30 * time.Minute}, {"1h", time.Hour}, {"2h", 2 * time.Hour},
		{"4h", 4 * time.Hour}, {"12h", 12 * time.Hour}, {"24h", 24 * time.Hour},
	}
	var previous int64
	for _, c := range choices {
		e.clock.Add(time.Minute)
		text := "مدت کی جانچ: " + c.value
		if code, _, body := editor.raise(text, "", c.value); code != http.StatusSeeOther {
			t.Fatalf("%s: %d\n%s", c.value, code, body)
		}
		b := current(t, e)
		if b == nil || b.Text != text {
			t.Fatalf("%s: showing %+v", c.value, b)
		}
		if now := e.clock.Now(); !b.ExpiresAt.Equal(now.Add(c.d)) {
			t.Errorf("%s: expires %v, want %v", c.value, b.ExpiresAt, now.Add(c.d))
		}
		if previous != 0 && b.ID == previous {
			t.Errorf("%s: the previous strip is still the one showing", c.value)
		}
		previous = b.ID
	}
	if n := len(strips(t, e.store)); n != len(choices) {
		t.Errorf("%d strips stored, want %d", n, len(choices))
	}
	// The one before the last was taken down by the last.
	_, page := editor.get("/newsroom/breaking")
	if !strings.Contains(page, "ہٹائی گئی:") || !strings.Contains(page, "نئی بریکنگ نیوز جاری ہوتے ہی اوپر والی ہٹ جائے گی") {
		t.Error("the history does not show the replaced strip as taken down")
	}
	// A strip goes by itself at its expiry.
	e.clock.Add(24*time.Hour + time.Second)
	if b := current(t, e); b != nil {
		t.Errorf("strip %d still showing after its expiry", b.ID)
	}
	editor = e.login(t, content.RoleEditor) // sessions last an hour
	_, page = editor.get("/newsroom/breaking")
	if !strings.Contains(page, "مدت ختم:") || !strings.Contains(page, "اس وقت کوئی بریکنگ نیوز جاری نہیں") {
		t.Error("the screen does not show the expired strip as over")
	}
}

// TestBreakingUntil: «مقررہ وقت تک» takes the expiry from the date and
// time field, read in the site's zone; a time gone by, a malformed one or
// one more than seven days ahead gets an Urdu error and raises nothing.
func TestBreakingUntil(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	raise := func(until string) (int, string) {
		editor.get("/newsroom/breaking")
		code, _, body := editor.post("/newsroom/breaking", url.Values{"text": {"پارلیمان کا ہنگامی اجلاس"}, "for": {"until"}, "until": {until}})
		return code, body
	}
	// The clock is 06:00 UTC, 11:00 in Karachi.
	for _, c := range []struct{ until, problem string }{
		{"2026-02-18T10:59", "بریکنگ نیوز ہٹنے کا وقت گزر چکا ہے"},
		{"2026-02-18T11:00", "بریکنگ نیوز ہٹنے کا وقت گزر چکا ہے"},
		{"", "بریکنگ نیوز ہٹنے کی تاریخ اور وقت درست لکھیں"},
		{"18/02/2026 3 بجے", "بریکنگ نیوز ہٹنے کی تاریخ اور وقت درست لکھیں"},
		{"2026-02-25T11:01", "زیادہ سے زیادہ سات دن تک"},
	} {
		code, body := raise(c.until)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, c.problem) {
			t.Errorf("until %q: %d, no %q", c.until, code, c.problem)
		}
		if c.until != "" && !strings.Contains(body, `value="`+c.until+`"`) {
			t.Errorf("until %q: the typed time is not in the form again", c.until)
		}
		if n := len(strips(t, e.store)); n != 0 {
			t.Fatalf("until %q: %d strips stored", c.until, n)
		}
	}
	if code, body := raise("2026-02-18T15:30"); code != http.StatusSeeOther {
		t.Fatalf("until 15:30: %d\n%s", code, body)
	}
	b := current(t, e)
	if want := time.Date(2026, 2, 18, 10, 30, 0, 0, time.UTC); b == nil || !b.ExpiresAt.Equal(want) {
		t.Errorf("showing %+v, want an expiry at %v", b, want)
	}
}
