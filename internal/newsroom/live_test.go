package newsroom_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// deskFetch posts a desk form as livedesk.js does: with fetch, the token
// in a header, and an answer to put in the page rather than a redirect.
func (c *client) deskFetch(path string, form url.Values) (int, string, string) {
	c.t.Helper()
	req, err := http.NewRequest("POST", c.e.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Requested-With", "fetch")
	req.Header.Set("X-CSRF-Token", c.csrf)
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

func liveUpdates(t *testing.T, s *store.Store, id int64) []content.LiveUpdate {
	t.Helper()
	list, err := s.LiveUpdates(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// readyMedia stores a picture with its caption, credit and alt text.
func readyMedia(t *testing.T, s *store.Store, caption string, ready bool) content.Media {
	t.Helper()
	m := content.Media{Format: "jpeg", Width: 1280, Height: 720, Bytes: 1000, Caption: caption, CreatedAt: time.Now(),
		Variants: []content.MediaVariant{{Width: 1280, Height: 720, Format: "jpeg", Key: "aa/bb/" + fmt.Sprint(time.Now().UnixNano()) + ".jpg", Bytes: 1000, Original: true}}}
	if ready {
		m.Credit, m.Alt = "اے پی پی", "جلسہ گاہ میں لوگ"
	}
	if err := s.CreateMedia(context.Background(), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestLiveDesk: an editor starts live coverage of a story, posts updates
// with and without the page's script, edits, pins and deletes them and
// ends the coverage; readers see each on the page; everything is audited.
func TestLiveDesk(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		editor := e.login(t, content.RoleEditor)
		admin := e.login(t, content.RoleAdmin)
		id := editor.create("انتخابی نتائج: لمحہ بہ لمحہ", "publish")
		desk := fmt.Sprintf("/newsroom/articles/%d/live", id)
		a, _ := s.Article(context.Background(), id)

		_, edit := editor.get(fmt.Sprintf("/newsroom/articles/%d", id))
		if !strings.Contains(edit, `<a href="`+desk+`">لائیو کوریج</a>`) {
			t.Error("the edit page does not link the live desk")
		}
		code, page := editor.get(desk)
		if code != http.StatusOK || !strings.Contains(page, "یہ مضمون ابھی لائیو نہیں") || !strings.Contains(page, "لائیو کوریج شروع کریں</button>") ||
			strings.Contains(page, `name="text"`) {
			t.Fatalf("desk before the start: %d", code)
		}
		code, loc, _ := editor.post(desk+"/start", nil)
		if code != http.StatusSeeOther || loc != desk+"?done=started" {
			t.Fatalf("start: %d %q", code, loc)
		}
		if entry, ok := audited(t, s, "live_start"); !ok || entry.TargetID != id || entry.UserID != e.users[content.RoleEditor].ID {
			t.Errorf("start audit entry %+v (%v)", entry, ok)
		}
		_, page = editor.get(loc)
		for _, want := range []string{"لائیو کوریج شروع ہو گئی", "کوریج جاری ہے", "لائیو کوریج ختم کریں</button>",
			`<input type="radio" name="kind" value="text" checked> متن`, `<textarea id="new-text" name="text"`,
			`<select id="new-media" name="media">`, `data-desk`, `<script src="/static/livedesk.`, "ابھی کوئی اپ ڈیٹ نہیں"} {
			if !strings.Contains(page, want) {
				t.Errorf("running desk lacks %q", want)
			}
		}
		_, public := e.browser(t).get(a.Path())
		if !strings.Contains(public, `<p class="live-badge" id="live-badge">لائیو</p>`) {
			t.Error("the public page has no live badge after the start")
		}

		// Without the script: the form posts and the desk comes back.
		code, loc, body := editor.post(desk+"/updates", url.Values{"kind": {"text"}, "text": {"پولنگ ختم،\nگنتی شروع ہو گئی"}})
		if code != http.StatusSeeOther || loc != desk+"?done=posted" {
			t.Fatalf("post without the script: %d %q\n%s", code, loc, body)
		}
		list := liveUpdates(t, s, id)
		if len(list) != 1 || list[0].TextHTML != "<p>پولنگ ختم،</p><p>گنتی شروع ہو گئی</p>" || list[0].AuthorID != e.users[content.RoleEditor].ID {
			t.Fatalf("stored updates %+v", list)
		}
		first := list[0]
		if entry, ok := audited(t, s, "live_update"); !ok || entry.TargetID != id || !strings.Contains(entry.Detail, "پولنگ ختم، گنتی شروع ہو گئی") {
			t.Errorf("post audit entry %+v (%v)", entry, ok)
		}

		// With the script: the answer is the updates list, not a page.
		m := readyMedia(t, s, "ووٹوں کی گنتی", true)
		editor.get(desk)
		code, ctype, frag := editor.deskFetch(desk+"/updates", url.Values{"kind": {"image"}, "media": {fmt.Sprint(m.ID)},
			"text": {"لاہور کے پولنگ اسٹیشن پر گنتی"}})
		if code != http.StatusOK || !strings.HasPrefix(ctype, "text/html") || !strings.HasPrefix(frag, `<div id="desk-updates"`) ||
			strings.Contains(frag, "<html") {
			t.Fatalf("post with the script: %d %q\n%s", code, ctype, frag)
		}
		list = liveUpdates(t, s, id)
		if len(list) != 2 || list[0].MediaID != m.ID {
			t.Fatalf("stored updates after the second post: %+v", list)
		}
		photo := list[0]
		for _, want := range []string{fmt.Sprintf(`id="desk-update-%d"`, photo.ID), fmt.Sprintf(`id="desk-update-%d"`, first.ID),
			"لاہور کے پولنگ اسٹیشن پر گنتی", `alt="جلسہ گاہ میں لوگ"`, fmt.Sprintf(`/live/updates/%d/pin`, first.ID),
			fmt.Sprintf(`<option value="%d" selected>نمبر %d — ووٹوں کی گنتی</option>`, m.ID, m.ID), `name="csrf" value="`} {
			if !strings.Contains(frag, want) {
				t.Errorf("fragment lacks %q", want)
			}
		}
		if strings.Index(frag, fmt.Sprintf(`id="desk-update-%d"`, photo.ID)) > strings.Index(frag, fmt.Sprintf(`id="desk-update-%d"`, first.ID)) {
			t.Error("the fragment does not list the newest update first")
		}

		// Refused forms: the script gets the reason, a browser the desk again.
		notReady := readyMedia(t, s, "بغیر حوالے کی تصویر", false)
		for _, c := range []struct {
			form    url.Values
			problem string
		}{
			{url.Values{"kind": {"text"}, "text": {"  "}}, "اپ ڈیٹ کا متن خالی ہے"},
			{url.Values{"kind": {"video"}, "text": {"ویڈیو"}}, "اپ ڈیٹ کی قسم منتخب کریں"},
			{url.Values{"kind": {"image"}}, "فہرست میں سے تصویر منتخب کریں"},
			{url.Values{"kind": {"image"}, "media": {"999999"}}, "تصویر نمبر 999999 موجود نہیں"},
			{url.Values{"kind": {"image"}, "media": {fmt.Sprint(notReady.ID)}}, "کیپشن، حوالہ (فوٹوگرافر یا ایجنسی) یا متبادل متن باقی ہے"},
			{url.Values{"kind": {"quote"}, "source": {"وزیرِ اعلیٰ"}}, "اقتباس خالی ہے"},
			{url.Values{"kind": {"text"}, "text": {strings.Repeat("ب", content.LiveTextMax+1)}}, "3000 حروف سے زیادہ نہیں ہو سکتا؛ یہ متن 3001 حروف کا ہے"},
		} {
			code, _, body := editor.deskFetch(desk+"/updates", c.form)
			var answer struct{ Error string }
			if code != http.StatusUnprocessableEntity || json.Unmarshal([]byte(body), &answer) != nil || !strings.Contains(answer.Error, c.problem) {
				t.Errorf("%v with the script: %d %s, want 422 with %q", c.form, code, body, c.problem)
			}
			code, _, body = editor.post(desk+"/updates", c.form)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, c.problem) || !strings.Contains(body, `role="alert"`) {
				t.Errorf("%v without the script: %d, want 422 with %q", c.form, code, c.problem)
			}
		}
		code, _, body = editor.post(desk+"/updates", url.Values{"kind": {"quote"}, "quote": {""}, "source": {"وزیرِ اعلیٰ"}, "text": {"ایک جملہ"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `value="وزیرِ اعلیٰ"`) || !strings.Contains(body, ">ایک جملہ</textarea>") {
			t.Error("a refused form does not give back what was typed")
		}
		if n := len(liveUpdates(t, s, id)); n != 2 {
			t.Fatalf("%d updates stored after refused forms, want 2", n)
		}

		// A quote, then edit, pin and delete, each through the script.
		code, _, _ = editor.deskFetch(desk+"/updates", url.Values{"kind": {"quote"}, "quote": {"عوام کا فیصلہ قبول ہے"}, "source": {"امیدوار"}})
		if code != http.StatusOK {
			t.Fatalf("quote: %d", code)
		}
		if quote := liveUpdates(t, s, id)[0]; quote.Kind != content.LiveQuote || quote.Quote != "عوام کا فیصلہ قبول ہے" || quote.QuoteSource != "امیدوار" {
			t.Errorf("stored quote %+v", quote)
		}
		e.clock.Add(2 * time.Minute)
		code, _, frag = editor.deskFetch(fmt.Sprintf("%s/updates/%d", desk, first.ID), url.Values{"kind": {"text"}, "text": {"پولنگ کا وقت ختم، گنتی جاری"}})
		if code != http.StatusOK || !strings.Contains(frag, "پولنگ کا وقت ختم، گنتی جاری") || !strings.Contains(frag, "ترمیم:") {
			t.Errorf("edit: %d\n%s", code, frag)
		}
		code, _, frag = editor.deskFetch(fmt.Sprintf("%s/updates/%d/pin", desk, first.ID), url.Values{"pin": {"1"}})
		if code != http.StatusOK || !strings.HasPrefix(frag[strings.Index(frag, "<li"):], fmt.Sprintf(`<li class="desk-update pinned" id="desk-update-%d"`, first.ID)) ||
			!strings.Contains(frag, "اوپر سے ہٹائیں</button>") {
			t.Errorf("pin: %d; the pinned update is not first\n%s", code, frag)
		}
		code, _, frag = editor.deskFetch(fmt.Sprintf("%s/updates/%d/delete", desk, photo.ID), url.Values{})
		if code != http.StatusOK || strings.Contains(frag, fmt.Sprintf(`id="desk-update-%d"`, photo.ID)) {
			t.Errorf("delete: %d", code)
		}
		if code, _, _ := editor.deskFetch(fmt.Sprintf("%s/updates/%d/delete", desk, photo.ID), url.Values{}); code != http.StatusNotFound {
			t.Errorf("deleting twice: %d, want 404", code)
		}
		// Without the script, the pin comes off and the desk comes back.
		editor.get(desk)
		if code, loc, _ := editor.post(fmt.Sprintf("%s/updates/%d/pin", desk, first.ID), url.Values{"pin": {"0"}}); code != http.StatusSeeOther || loc != desk+"?done=unpinned" {
			t.Errorf("unpin without the script: %d %q", code, loc)
		}

		// Readers see it all on the public page.
		_, public = e.browser(t).get(a.Path())
		for _, want := range []string{"پولنگ کا وقت ختم، گنتی جاری", "عوام کا فیصلہ قبول ہے", "امیدوار"} {
			if !strings.Contains(public, want) {
				t.Errorf("public page lacks %q", want)
			}
		}
		if strings.Contains(public, "لاہور کے پولنگ اسٹیشن پر گنتی") {
			t.Error("a deleted update is still on the public page")
		}

		// Ended: no more posts; the desk says so.
		editor.get(desk)
		if code, loc, _ := editor.post(desk+"/end", nil); code != http.StatusSeeOther || loc != desk+"?done=ended" {
			t.Fatalf("end: %d %q", code, loc)
		}
		code, _, body = editor.deskFetch(desk+"/updates", url.Values{"kind": {"text"}, "text": {"دیر سے آنے والی خبر"}})
		if code != http.StatusConflict || !strings.Contains(body, "لائیو کوریج جاری نہیں") {
			t.Errorf("posting after the end: %d %s", code, body)
		}
		_, page = editor.get(desk + "?done=ended")
		if !strings.Contains(page, "لائیو کوریج ختم ہو چکی ہے") || !strings.Contains(page, "دوبارہ شروع کریں</button>") || strings.Contains(page, `id="new-text"`) {
			t.Error("the desk of ended coverage still offers the post form")
		}

		for _, action := range []string{"live_start", "live_update", "live_edit", "live_pin", "live_unpin", "live_delete", "live_end"} {
			if entry, ok := audited(t, s, action); !ok || entry.Target != "article" || entry.TargetID != id {
				t.Errorf("no audit entry %s for the article: %+v", action, entry)
			}
		}
		if entry, _ := audited(t, s, "live_edit"); !strings.Contains(entry.Detail, fmt.Sprintf("اپ ڈیٹ %d", first.ID)) {
			t.Errorf("edit audit detail %q", entry.Detail)
		}
		_, log := admin.get("/newsroom/audit")
		for _, want := range []string{"<td>لائیو کوریج شروع</td>", "<td>لائیو اپ ڈیٹ شائع</td>", "<td>لائیو اپ ڈیٹ میں ترمیم</td>",
			"<td>لائیو اپ ڈیٹ سب سے اوپر</td>", "<td>لائیو اپ ڈیٹ حذف</td>", "<td>لائیو کوریج ختم</td>"} {
			if !strings.Contains(log, want) {
				t.Errorf("audit log lacks %q", want)
			}
		}
	})
}

// TestLiveDeskForbidden: reporters and contributors neither see nor use
// the desk, even for their own stories, and their attempts change nothing.
func TestLiveDeskForbidden(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	id := editor.create("بجٹ تقریر", "publish")
	desk := fmt.Sprintf("/newsroom/articles/%d/live", id)
	editor.get(desk)
	editor.post(desk+"/start", nil)
	editor.post(desk+"/updates", url.Values{"kind": {"text"}, "text": {"تقریر شروع"}})
	update := liveUpdates(t, e.store, id)[0]
	for _, role := range []content.Role{content.RoleReporter, content.RoleContributor} {
		c := e.login(t, role)
		own := c.create("اپنی خبر", "save")
		_, edit := c.get(fmt.Sprintf("/newsroom/articles/%d", own))
		if strings.Contains(edit, "/live\">") {
			t.Errorf("%s's edit page links the live desk", role)
		}
		for _, path := range []string{desk, fmt.Sprintf("/newsroom/articles/%d/live", own)} {
			if code, body := c.get(path); code != http.StatusForbidden || !strings.Contains(body, "آپ کو یہ کام کرنے کی اجازت نہیں") {
				t.Errorf("%s GET %s: %d, want 403", role, path, code)
			}
		}
		for _, p := range []struct {
			path string
			form url.Values
		}{
			{fmt.Sprintf("/newsroom/articles/%d/live/start", own), nil},
			{desk + "/end", nil},
			{desk + "/updates", url.Values{"kind": {"text"}, "text": {"جعلی اپ ڈیٹ"}}},
			{fmt.Sprintf("%s/updates/%d", desk, update.ID), url.Values{"kind": {"text"}, "text": {"بدلا ہوا متن"}}},
			{fmt.Sprintf("%s/updates/%d/pin", desk, update.ID), url.Values{"pin": {"1"}}},
			{fmt.Sprintf("%s/updates/%d/delete", desk, update.ID), nil},
		} {
			if code, _, _ := c.post(p.path, p.form); code != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", role, p.path, code)
			}
			if code, _, _ := c.deskFetch(p.path, p.form); code != http.StatusForbidden {
				t.Errorf("%s fetch %s: %d, want 403", role, p.path, code)
			}
		}
		if _, err := e.store.LiveCoverage(context.Background(), own); err == nil {
			t.Errorf("%s started live coverage", role)
		}
	}
	list := liveUpdates(t, e.store, id)
	if len(list) != 1 || list[0].Text() != "تقریر شروع" || list[0].Pinned {
		t.Errorf("updates after refused attempts: %+v", list)
	}
	if c, _ := e.store.LiveCoverage(context.Background(), id); !c.Running() {
		t.Error("a refused end ended the coverage")
	}
}

// TestLiveDeskCSRF: desk forms need the session's token, in the form or
// in the script's header; without it nothing changes.
func TestLiveDeskCSRF(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	id := editor.create("سیلاب کی صورتحال", "publish")
	desk := fmt.Sprintf("/newsroom/articles/%d/live", id)
	for _, token := range []string{"", "forged-token-forged-token-forged-token-forged"} {
		if code, _, body := editor.do("POST", desk+"/start", url.Values{"csrf": {token}}); code != http.StatusForbidden || !strings.Contains(body, "یہ فارم پرانا ہو چکا ہے") {
			t.Errorf("start with token %q: %d, want 403", token, code)
		}
	}
	if _, err := e.store.LiveCoverage(context.Background(), id); err == nil {
		t.Fatal("a refused start started the coverage")
	}
	editor.get(desk)
	if code, _, _ := editor.post(desk+"/start", nil); code != http.StatusSeeOther {
		t.Fatalf("start with the token: %d", code)
	}
	editor.get(desk)
	good := editor.csrf
	editor.csrf = "forged-token-forged-token-forged-token-forged"
	code, _, body := editor.deskFetch(desk+"/updates", url.Values{"kind": {"text"}, "text": {"جعلی"}})
	var answer struct{ Error string }
	if code != http.StatusForbidden || json.Unmarshal([]byte(body), &answer) != nil || !strings.Contains(answer.Error, "یہ فارم پرانا ہو چکا ہے") {
		t.Errorf("fetch with a forged header: %d %s, want 403 in JSON", code, body)
	}
	if code, _, _ := editor.do("POST", desk+"/updates", url.Values{"kind": {"text"}, "text": {"جعلی"}}, "Sec-Fetch-Site", "cross-site", "X-CSRF-Token", good); code != http.StatusForbidden {
		t.Errorf("cross-site post: %d, want 403", code)
	}
	if n := len(liveUpdates(t, e.store, id)); n != 0 {
		t.Fatalf("%d updates stored from refused posts", n)
	}
	editor.csrf = good
	if code, _, _ := editor.deskFetch(desk+"/updates", url.Values{"kind": {"text"}, "text": {"اصل اپ ڈیٹ"}}); code != http.StatusOK {
		t.Errorf("fetch with the header token only: %d", code)
	}
}

// TestLiveDeskReachesReaders: an update posted from the desk reaches a
// reader's open stream within 2 s.
func TestLiveDeskReachesReaders(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	id := editor.create("ضمنی انتخاب", "publish")
	desk := fmt.Sprintf("/newsroom/articles/%d/live", id)
	editor.get(desk)
	editor.post(desk+"/start", nil)
	a, _ := e.store.Article(context.Background(), id)
	_, page := e.browser(t).get(a.Path())
	i := strings.Index(page, `data-live-stream="`)
	if i < 0 {
		t.Fatal("the live page names no stream")
	}
	stream := page[i+len(`data-live-stream="`):]
	stream = stream[:strings.IndexByte(stream, '"')]

	resp, err := http.Get(e.srv.URL + stream)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	lines := make(chan string, 64)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	// The opening events, then the update.
	waitFor := func(prefix string) string {
		t.Helper()
		deadline := time.After(2 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatal("the stream ended")
				}
				if strings.HasPrefix(l, prefix) {
					return l
				}
			case <-deadline:
				t.Fatalf("no %q line within 2 s", prefix)
			}
		}
	}
	waitFor("event: coverage")
	editor.get(desk)
	sent := time.Now()
	if code, _, _ := editor.deskFetch(desk+"/updates", url.Values{"kind": {"text"}, "text": {"پہلا نتیجہ آ گیا"}}); code != http.StatusOK {
		t.Fatalf("post: %d", code)
	}
	id1 := waitFor("id: ")
	waitFor("event: update")
	data := waitFor("data: ")
	if time.Since(sent) > 2*time.Second || !strings.Contains(data, "پہلا نتیجہ آ گیا") {
		t.Errorf("update reached the reader after %s: %s", time.Since(sent), data)
	}
	if u := liveUpdates(t, e.store, id); len(u) != 1 || id1 != fmt.Sprintf("id: %d", u[0].Seq) {
		t.Errorf("event %q for updates %+v", id1, u)
	}
}

// TestLivePinLimit: up to content.LiveMaxPins updates may be pinned; one
// more gets an Urdu error, with the script and without, and changes
// nothing until another comes off.
func TestLivePinLimit(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	id := editor.create("بجٹ اجلاس", "publish")
	desk := fmt.Sprintf("/newsroom/articles/%d/live", id)
	editor.get(desk)
	if code, _, _ := editor.post(desk+"/start", nil); code != http.StatusSeeOther {
		t.Fatalf("start: %d", code)
	}
	for i := range content.LiveMaxPins + 1 {
		if code, _, body := editor.deskFetch(desk+"/updates", url.Values{"kind": {"text"}, "text": {fmt.Sprintf("بجٹ کا نکتہ %d", i+1)}}); code != http.StatusOK {
			t.Fatalf("post %d: %d\n%s", i+1, code, body)
		}
	}
	list := liveUpdates(t, e.store, id)
	for _, u := range list[:content.LiveMaxPins] {
		if code, _, body := editor.deskFetch(fmt.Sprintf("%s/updates/%d/pin", desk, u.ID), url.Values{"pin": {"1"}}); code != http.StatusOK {
			t.Fatalf("pin %d: %d\n%s", u.ID, code, body)
		}
	}
	last := list[content.LiveMaxPins]
	const problem = "زیادہ سے زیادہ 3 اپ ڈیٹس سب سے اوپر لگائی جا سکتی ہیں"
	if code, _, body := editor.deskFetch(fmt.Sprintf("%s/updates/%d/pin", desk, last.ID), url.Values{"pin": {"1"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, problem) {
		t.Errorf("a fourth pin through the script: %d, no %q\n%s", code, problem, body)
	}
	editor.get(desk)
	if code, _, body := editor.post(fmt.Sprintf("%s/updates/%d/pin", desk, last.ID), url.Values{"pin": {"1"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, problem) {
		t.Errorf("a fourth pin without the script: %d, no %q", code, problem)
	}
	pinned := func() int {
		n := 0
		for _, u := range liveUpdates(t, e.store, id) {
			if u.Pinned {
				n++
			}
		}
		return n
	}
	if n := pinned(); n != content.LiveMaxPins {
		t.Errorf("%d updates pinned after the refusals, want %d", n, content.LiveMaxPins)
	}
	// One off, and the fourth goes on.
	editor.get(desk)
	if code, _, _ := editor.post(fmt.Sprintf("%s/updates/%d/pin", desk, list[0].ID), url.Values{"pin": {"0"}}); code != http.StatusSeeOther {
		t.Fatalf("unpin: %d", code)
	}
	editor.get(desk)
	if code, _, _ := editor.post(fmt.Sprintf("%s/updates/%d/pin", desk, last.ID), url.Values{"pin": {"1"}}); code != http.StatusSeeOther {
		t.Errorf("the fourth pin after an unpin: %d", code)
	}
	if n := pinned(); n != content.LiveMaxPins {
		t.Errorf("%d updates pinned, want %d", n, content.LiveMaxPins)
	}
}
