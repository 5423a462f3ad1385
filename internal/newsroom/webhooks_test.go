package newsroom_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/events"
	"akhbar/internal/media/storage"
	"akhbar/internal/newsroom"
	"akhbar/internal/site"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
	"akhbar/internal/webhooks"
	"akhbar/web"
)

// newHooksEnv is newEnv with webhooks: the newsroom tells the hooks of
// its changes and shows admins the webhooks screens.
func newHooksEnv(t *testing.T, s *store.Store, allowPrivate bool) (*env, *webhooks.Hooks) {
	t.Helper()
	e := newEnv(t, s)
	ctx := context.Background()
	assets, err := web.LoadStatic()
	if err != nil {
		t.Fatal(err)
	}
	files, err := storage.NewDisk(e.mediaDir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := site.New(ctx, site.Options{Store: s, Assets: assets, BaseURL: "http://akhbar.example", Now: e.clock.Now, Media: files})
	if err != nil {
		t.Fatal(err)
	}
	hooks := webhooks.New(webhooks.Options{Store: s, BaseURL: "http://akhbar.example", Node: "test", AllowPrivate: allowPrivate,
		Log: slog.New(slog.DiscardHandler), FirstRetry: 50 * time.Millisecond, MaxRetry: 200 * time.Millisecond, Poll: 100 * time.Millisecond})
	nr, err := newsroom.New(newsroom.Options{Store: s, Site: st, Assets: assets, Now: e.clock.Now, Media: files,
		Sessions: &auth.Sessions{Store: s, Now: e.clock.Now, TTL: time.Hour},
		Events:   hooks.Sink(), Webhooks: hooks})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	st.Register(mux)
	nr.Register(mux)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e, hooks
}

var webhookLocation = regexp.MustCompile(`^/newsroom/webhooks/(\d+)\?done=created$`)

func allKinds() []string {
	var out []string
	for _, k := range events.Kinds {
		out = append(out, string(k))
	}
	return out
}

// subscribe creates a subscription through the form and returns its id.
func (c *client) subscribe(u string, kinds ...string) int64 {
	c.t.Helper()
	c.get("/newsroom/webhooks")
	code, loc, body := c.post("/newsroom/webhooks", url.Values{"url": {u}, "description": {"موبائل ایپ"}, "kinds": kinds, "active": {"on"}})
	m := webhookLocation.FindStringSubmatch(loc)
	if code != http.StatusSeeOther || m == nil {
		c.t.Fatalf("subscribe %s: %d %q\n%s", u, code, loc, body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// TestWebhooksScreen: only admins see and use the screen; URLs,
// kinds and descriptions are checked; every form needs its token; each
// change is audited; the secret is shown and can be replaced.
func TestWebhooksScreen(t *testing.T) {
	e, _ := newHooksEnv(t, storetest.OpenSQLite(t), false)
	admin := e.login(t, content.RoleAdmin)
	editor := e.login(t, content.RoleEditor)

	if _, page := editor.get("/newsroom/"); strings.Contains(page, `href="/newsroom/webhooks"`) {
		t.Error("an editor is offered the webhooks screen")
	}
	if code, _ := editor.get("/newsroom/webhooks"); code != http.StatusForbidden {
		t.Errorf("editor opening webhooks: %d, want 403", code)
	}
	if code, _, _ := editor.post("/newsroom/webhooks", url.Values{"url": {"https://partner.example/h"}, "kinds": allKinds()}); code != http.StatusForbidden {
		t.Errorf("editor subscribing: %d, want 403", code)
	}

	code, page := admin.get("/newsroom/webhooks")
	if code != http.StatusOK {
		t.Fatalf("webhooks screen: %d", code)
	}
	for _, want := range []string{
		`href="/newsroom/webhooks" aria-current="page">ویب ہکس</a>`,
		"ابھی کوئی ویب ہک نہیں",
		`<input id="w-url" name="url" type="url" dir="ltr" required`,
		`<input type="checkbox" name="kinds" value="article.published" checked> خبر شائع ہوئی`,
		`<input type="checkbox" name="kinds" value="breaking.cleared" checked> بریکنگ نیوز ہٹائی گئی`,
		"ویب ہک بنائیں</button>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("webhooks screen lacks %q", want)
		}
	}

	for _, tc := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"url": {"ftp://partner.example/h"}, "kinds": allKinds()}, "صرف http یا https"},
		{url.Values{"url": {"partner.example"}, "kinds": allKinds()}, "ویب ہک کا پتا درست نہیں"},
		{url.Values{"url": {"http://127.0.0.1:8080/h"}, "kinds": allKinds()}, "نجی نیٹ ورک"},
		{url.Values{"url": {"http://169.254.169.254/latest"}, "kinds": allKinds()}, "نجی نیٹ ورک"},
		{url.Values{"url": {"https://partner.example/h"}}, "کم از کم ایک واقعہ"},
		{url.Values{"url": {"https://partner.example/h"}, "kinds": {"article.exploded"}}, "کم از کم ایک واقعہ"},
		{url.Values{"url": {"https://partner.example/h"}, "kinds": allKinds(), "description": {strings.Repeat("ا", 201)}}, "200 حروف"},
	} {
		code, _, body := admin.post("/newsroom/webhooks", tc.form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
			t.Errorf("subscribing %v: %d, want 422 with %q", tc.form, code, tc.want)
		}
		if !strings.Contains(body, `value="`+template(tc.form.Get("url"))+`"`) {
			t.Errorf("the refused form lost its URL %q", tc.form.Get("url"))
		}
	}
	if subs, _ := e.store.WebhookSubscriptions(context.Background()); len(subs) != 0 {
		t.Fatalf("refused subscriptions were stored: %+v", subs)
	}
	if code, _, _ := admin.do("POST", "/newsroom/webhooks", url.Values{"url": {"https://partner.example/h"}, "kinds": allKinds()}); code != http.StatusForbidden {
		t.Errorf("subscribing without the form's token: %d, want 403", code)
	}

	id := admin.subscribe("https://partner.example/hooks#x", "article.published", "breaking.raised")
	sub, err := e.store.Webhook(context.Background(), id)
	if err != nil || sub.URL != "https://partner.example/hooks" || !sub.Active || sub.Description != "موبائل ایپ" ||
		len(sub.Kinds) != 2 || sub.CreatedBy != e.users[content.RoleAdmin].ID {
		t.Fatalf("stored subscription: %+v, %v", sub, err)
	}
	if _, err := webhooks.SecretKey(sub.Secret); err != nil {
		t.Fatalf("secret %q: %v", sub.Secret, err)
	}
	_, page = admin.get(fmt.Sprintf("/newsroom/webhooks/%d?done=created", id))
	for _, want := range []string{"ویب ہک بن گیا", `<code id="secret">` + template(sub.Secret) + `</code>`, "ابھی اس ویب ہک کو کوئی پیغام نہیں بھیجا گیا",
		`value="article.published" checked>`, `value="article.updated">`} {
		if !strings.Contains(page, want) {
			t.Errorf("subscription page lacks %q", want)
		}
	}
	if code, _ := editor.get(fmt.Sprintf("/newsroom/webhooks/%d", id)); code != http.StatusForbidden {
		t.Errorf("editor opening a subscription: %d", code)
	}
	if code, _ := admin.get("/newsroom/webhooks/99999"); code != http.StatusNotFound {
		t.Errorf("missing subscription: %d", code)
	}

	// Pause it and change what it wants.
	code, loc, body := admin.post(fmt.Sprintf("/newsroom/webhooks/%d", id), url.Values{"url": {"https://partner.example/v2"}, "kinds": {"article.deleted"}})
	if code != http.StatusSeeOther || !strings.HasSuffix(loc, "?done=saved") {
		t.Fatalf("update: %d %q\n%s", code, loc, body)
	}
	if sub2, _ := e.store.Webhook(context.Background(), id); sub2.Active || sub2.URL != "https://partner.example/v2" || !sub2.Wants("article.deleted") || sub2.Wants("article.published") || sub2.Secret != sub.Secret {
		t.Fatalf("after update: %+v", sub2)
	}
	if code, _, body := admin.post(fmt.Sprintf("/newsroom/webhooks/%d", id), url.Values{"url": {"gopher://x"}, "kinds": {"article.deleted"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "صرف http یا https") {
		t.Errorf("bad update: %d", code)
	}
	if code, loc, _ := admin.post(fmt.Sprintf("/newsroom/webhooks/%d/secret", id), nil); code != http.StatusSeeOther || !strings.HasSuffix(loc, "?done=secret") {
		t.Fatalf("new secret: %d %q", code, loc)
	}
	if sub3, _ := e.store.Webhook(context.Background(), id); sub3.Secret == sub.Secret {
		t.Error("the secret did not change")
	}
	_, page = admin.get("/newsroom/webhooks")
	if !strings.Contains(page, `<a href="/newsroom/webhooks/`+fmt.Sprint(id)+`">https://partner.example/v2</a>`) || !strings.Contains(page, "روکا ہوا") {
		t.Errorf("list does not show the paused subscription")
	}
	if code, loc, _ := admin.post(fmt.Sprintf("/newsroom/webhooks/%d/delete", id), nil); code != http.StatusSeeOther || loc != "/newsroom/webhooks?done=deleted" {
		t.Fatalf("delete: %d %q", code, loc)
	}
	if _, err := e.store.Webhook(context.Background(), id); err == nil {
		t.Fatal("deleted subscription remains")
	}
	for _, action := range []string{"webhook_create", "webhook_update", "webhook_secret", "webhook_delete"} {
		if a, ok := audited(t, e.store, action); !ok || a.UserID != e.users[content.RoleAdmin].ID || a.TargetID != id {
			t.Errorf("audit %s: %+v, %v", action, a, ok)
		}
	}
	if _, page := admin.get("/newsroom/audit"); !strings.Contains(page, "نیا ویب ہک") {
		t.Error("the audit log does not name webhook actions in Urdu")
	}
}

// template escapes s as html/template writes an attribute value.
func template(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;")
	return r.Replace(s)
}

// hookReceiver is an in-test receiver on 127.0.0.1 that checks
// signatures and keeps what it accepted, in order.
type hookReceiver struct {
	srv    *httptest.Server
	secret func() string
	mu     sync.Mutex
	got    []receivedHook
}

type receivedHook struct {
	ID   string
	Type string
	Data map[string]any
}

func newHookReceiver(t *testing.T) *hookReceiver {
	h := &hookReceiver{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ts, _ := strconv.ParseInt(r.Header.Get("webhook-timestamp"), 10, 64)
		id := r.Header.Get("webhook-id")
		if !webhooks.Verify(h.secret(), id, ts, body, r.Header.Get("webhook-signature")) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var m struct {
			Type string         `json:"type"`
			Data map[string]any `json:"data"`
		}
		json.Unmarshal(body, &m)
		h.mu.Lock()
		h.got = append(h.got, receivedHook{id, m.Type, m.Data})
		h.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookReceiver) received() []receivedHook {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]receivedHook(nil), h.got...)
}

// TestWebhookEventsFromNewsroom: what editors do in the newsroom reaches
// a subscriber, signed, as the right events; drafts say nothing; the
// delivery log shows each attempt; «دوبارہ بھیجیں» sends a message again.
func TestWebhookEventsFromNewsroom(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		e, hooks := newHooksEnv(t, s, true)
		ctx, stop := context.WithCancel(context.Background())
		hooks.Start(ctx)
		t.Cleanup(func() { stop(); hooks.Wait() })
		rcv := newHookReceiver(t)
		admin := e.login(t, content.RoleAdmin)
		editor := e.login(t, content.RoleEditor)
		id := admin.subscribe(rcv.srv.URL+"/hook", allKinds()...)
		sub, err := s.Webhook(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		rcv.secret = func() string { return sub.Secret }

		draft := editor.create("ابھی مسودہ", "save")
		editor.act(draft, "submit")
		story := editor.create("بجٹ پیش کر دیا گیا", "publish")
		if code, _ := editor.act(story, "save"); code != http.StatusSeeOther {
			t.Fatalf("edit published: %d", code)
		}
		if code, _ := editor.act(story, "unpublish"); code != http.StatusSeeOther {
			t.Fatalf("unpublish: %d", code)
		}
		if code, _ := editor.act(story, "publish"); code != http.StatusSeeOther {
			t.Fatalf("publish again: %d", code)
		}
		other := editor.create("دوسری خبر", "publish")
		editor.raise("پہلی بریکنگ نیوز", fmt.Sprint(other), "1h")
		first := current(t, e)
		editor.raise("دوسری بریکنگ نیوز", "", "1h") // takes the first down
		second := current(t, e)
		editor.get("/newsroom/breaking")
		if code, _, _ := editor.post(fmt.Sprintf("/newsroom/breaking/%d/end", second.ID), nil); code != http.StatusSeeOther {
			t.Fatalf("end breaking: %d", code)
		}
		editor.get("/newsroom/")
		if code, _, _ := editor.post(fmt.Sprintf("/newsroom/articles/%d/delete", other), nil); code != http.StatusSeeOther {
			t.Fatalf("delete: %d", code)
		}
		editor.post(fmt.Sprintf("/newsroom/articles/%d/delete", draft), nil) // a draft's deletion says nothing

		want := []string{
			fmt.Sprintf("article.published %d", story), fmt.Sprintf("article.updated %d", story),
			fmt.Sprintf("article.unpublished %d", story), fmt.Sprintf("article.published %d", story),
			fmt.Sprintf("article.published %d", other),
			fmt.Sprintf("breaking.raised %d", first.ID), fmt.Sprintf("breaking.cleared %d", first.ID), fmt.Sprintf("breaking.raised %d", second.ID),
			fmt.Sprintf("breaking.cleared %d", second.ID), fmt.Sprintf("article.deleted %d", other),
		}
		var got []receivedHook
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if got = rcv.received(); len(got) >= len(want) || time.Now().After(deadline) {
				break
			}
		}
		time.Sleep(300 * time.Millisecond) // nothing more comes
		got = rcv.received()
		seen := map[string]int{}
		for _, h := range got {
			seen[fmt.Sprintf("%s %v", h.Type, h.Data["id"])]++
		}
		wantCount := map[string]int{}
		for _, w := range want {
			wantCount[w]++
		}
		if fmt.Sprint(seen) != fmt.Sprint(wantCount) {
			t.Fatalf("received %v\nwant %v", seen, wantCount)
		}
		for _, h := range got {
			if h.Type == "article.deleted" && h.Data["headline"] != "دوسری خبر" {
				t.Errorf("article.deleted payload: %v", h.Data)
			}
			if h.Type == "breaking.raised" && h.Data["id"] == float64(first.ID) && !strings.HasPrefix(fmt.Sprint(h.Data["url"]), "http://akhbar.example/national/") {
				t.Errorf("breaking.raised payload: %v", h.Data)
			}
		}

		// The log, newest first, and a redelivery of the oldest.
		_, page := admin.get(fmt.Sprintf("/newsroom/webhooks/%d", id))
		for _, w := range []string{"بریکنگ نیوز ہٹائی گئی", "خبر حذف", "پہنچ گئی", "HTTP 200", "دوبارہ بھیجیں</button>", "&#34;type&#34;: &#34;article.published&#34;"} {
			if !strings.Contains(page, w) {
				t.Errorf("delivery log lacks %q", w)
			}
		}
		deleted, unpublished := strings.Index(page, "article.deleted</code><br>"), strings.Index(page, "article.unpublished</code><br>")
		if deleted < 0 || unpublished < 0 || deleted > unpublished {
			t.Errorf("delivery log is not newest first (deleted at %d, unpublished at %d)", deleted, unpublished)
		}
		log, err := s.WebhookDeliveries(context.Background(), id, 100)
		if err != nil || len(log) != len(want) {
			t.Fatalf("delivery log: %d, %v", len(log), err)
		}
		oldest := log[len(log)-1]
		if code, _, _ := editor.post(fmt.Sprintf("/newsroom/webhooks/%d/deliveries/%d/redeliver", id, oldest.ID), nil); code != http.StatusForbidden {
			t.Errorf("editor redelivering: %d", code)
		}
		if code, _, _ := admin.post(fmt.Sprintf("/newsroom/webhooks/%d/deliveries/%d/redeliver", id+1, oldest.ID), nil); code != http.StatusNotFound {
			t.Errorf("redelivering under another subscription: %d", code)
		}
		code, loc, _ := admin.post(fmt.Sprintf("/newsroom/webhooks/%d/deliveries/%d/redeliver", id, oldest.ID), nil)
		if code != http.StatusSeeOther || !strings.HasSuffix(loc, "?done=redelivered") {
			t.Fatalf("redeliver: %d %q", code, loc)
		}
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			n := 0
			for _, h := range rcv.received() {
				if h.ID == oldest.MessageID {
					n++
				}
			}
			if n == 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("redelivery of %s: received %d times", oldest.MessageID, n)
			}
		}
		if a, ok := audited(t, s, "webhook_redeliver"); !ok || !strings.Contains(a.Detail, oldest.MessageID) {
			t.Errorf("redelivery audit: %+v", a)
		}
	})
}
