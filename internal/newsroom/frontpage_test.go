package newsroom_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// frontFields reads the front-page form of page as a browser without
// JavaScript submits it: every field's value, in page order (so the top
// stories come in the order of their rows), and no button.
func frontFields(t *testing.T, page string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, key string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val, true
			}
		}
		return "", false
	}
	var form *html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		if _, ok := attr(n, "data-front"); ok && n.Data == "form" {
			form = n
		}
		for c := n.FirstChild; c != nil && form == nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if form == nil {
		t.Fatal("the page has no front-page form")
	}
	v := url.Values{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		name, named := attr(n, "name")
		switch {
		case n.Type == html.ElementNode && n.Data == "input" && named:
			value, _ := attr(n, "value")
			v.Add(name, value)
		case n.Type == html.ElementNode && n.Data == "select" && named:
			value, first := "", true
			for o := n.FirstChild; o != nil; o = o.NextSibling {
				if o.Type != html.ElementNode || o.Data != "option" {
					continue
				}
				ov, _ := attr(o, "value")
				if _, sel := attr(o, "selected"); sel || first {
					value = ov
				}
				first = false
			}
			v.Add(name, value)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return v
}

// openFront opens the screen and returns its form's fields.
func (c *client) openFront() url.Values {
	c.t.Helper()
	code, page := c.get("/newsroom/front")
	if code != http.StatusOK {
		c.t.Fatalf("front-page screen: %d\n%s", code, page)
	}
	return frontFields(c.t, page)
}

// saveFront posts the fields with the save button.
func (c *client) saveFront(v url.Values) (int, string, string) {
	c.t.Helper()
	v.Set("action", "save")
	return c.post("/newsroom/front", v)
}

// stored is the arrangement in force and its version.
func stored(t *testing.T, e *env) (content.FrontPage, int64) {
	t.Helper()
	ctx := context.Background()
	v, err := e.store.FrontPageVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fp, err := e.store.FrontPage(ctx, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return fp, v
}

// placedID is the story placed in a slot, or 0.
func placedID(p *content.Placement) int64 {
	if p == nil {
		return 0
	}
	return p.ArticleID
}

var leadHeadline = regexp.MustCompile(`<h2 class="lead-headline"><a href="[^"]*">([^<]*)</a>`)

// TestFrontPagePlaceAndReorder: an editor places a lead, top stories (one
// pinned) and a section pick, and readers see them; an admin reorders
// with the move buttons, as without JavaScript, then saves; each save is
// one audit entry.
func TestFrontPagePlaceAndReorder(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		editor := e.login(t, content.RoleEditor)
		admin := e.login(t, content.RoleAdmin)
		ids := map[string]int64{}
		for _, h := range []string{"بجٹ پیش کر دیا گیا", "سیلاب کی وارننگ", "کراچی میں بارش", "نئی ٹرین سروس"} {
			ids[h] = editor.create(h, "publish")
			e.clock.Add(time.Minute)
		}
		draft := editor.create("زیرِ تحریر خبر", "save")
		match := content.Article{SectionID: e.sections[1].ID, Status: content.StatusPublished, Headline: "کراچی نے میچ جیت لیا",
			Slug: "match", Language: "ur", BodyHTML: "<p>میچ</p>", BodyText: "میچ", PublishedAt: e.clock.Now()}
		if err := s.SaveArticle(context.Background(), &match, nil, nil, 0); err != nil {
			t.Fatal(err)
		}

		code, page := editor.get("/newsroom/front")
		if code != http.StatusOK {
			t.Fatalf("front-page screen: %d", code)
		}
		for _, want := range []string{
			`<title>صفحۂ اول | نیوز روم`, `href="/newsroom/front" aria-current="page">صفحۂ اول</a>`,
			`<legend>مرکزی خبر</legend>`, `<label id="f-lead-label" for="f-lead">مرکزی خبر</label>`,
			"<select id=\"f-lead\" name=\"lead\">\n<option value=\"\">خودکار: تازہ ترین خبر</option>",
			fmt.Sprintf(`<option value="%d">بجٹ پیش کر دیا گیا</option>`, ids["بجٹ پیش کر دیا گیا"]),
			// Empty slots say what recency puts there: the newest first, none twice.
			"خالی رہے تو یہاں یہ خبر آئے گی: «کراچی نے میچ جیت لیا»", "خالی رہے تو یہاں یہ خبر آئے گی: «نئی ٹرین سروس»",
			`<label id="f-top-0-label" for="f-top-0">اہم خبر <span data-n>1</span></label>`,
			`<label id="f-top-9-label" for="f-top-9">اہم خبر <span data-n>10</span></label>`,
			`name="move" value="0:up" aria-describedby="f-top-0-label" disabled>اوپر</button>`,
			`name="move" value="9:down" aria-describedby="f-top-9-label" disabled>نیچے</button>`,
			fmt.Sprintf(`<label id="f-pick-%[1]d-label" for="f-pick-%[1]d">کھیل</label>`, e.sections[1].ID),
			fmt.Sprintf(`name="pick_%d_pin" type="datetime-local"`, e.sections[1].ID),
			`<input id="f-lead-pin" name="lead_pin" type="datetime-local" value="" dir="ltr">`,
			`<script src="/static/frontpage.`, `name="csrf" value="`, "صفحۂ اول محفوظ کریں</button>",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("front-page screen lacks %q", want)
			}
		}
		if strings.Contains(page, "زیرِ تحریر خبر") || strings.Contains(page, fmt.Sprintf(`value="%d"`, draft)) {
			t.Error("a draft is offered for the home page")
		}
		if strings.Contains(page, " style=") || strings.Contains(page, "<script>") || strings.Contains(page, "onclick") {
			t.Error("the screen has inline style or script")
		}

		// Place: a lead, top stories 1 and 3 (3 pinned until 14:00 in
		// Karachi, 09:00 UTC), and the sports pick.
		v := editor.openFront()
		lead, first, third := ids["سیلاب کی وارننگ"], ids["بجٹ پیش کر دیا گیا"], ids["کراچی میں بارش"]
		v.Set("lead", fmt.Sprint(lead))
		v["top"][0], v["top"][2], v["top_pin"][2] = fmt.Sprint(first), fmt.Sprint(third), "2026-02-18T14:00"
		v.Set(fmt.Sprintf("pick_%d", e.sections[1].ID), fmt.Sprint(match.ID))
		code, loc, body := editor.saveFront(v)
		if code != http.StatusSeeOther || loc != "/newsroom/front?done=front" {
			t.Fatalf("save: %d %q\n%s", code, loc, body)
		}
		fp, version := stored(t, e)
		pin := time.Date(2026, 2, 18, 9, 0, 0, 0, time.UTC)
		if placedID(fp.Lead()) != lead || placedID(fp.Top(0)) != first || placedID(fp.Top(2)) != third ||
			!fp.Top(2).PinnedUntil.Equal(pin) || placedID(fp.Pick(e.sections[1].ID)) != match.ID ||
			len(fp.Placements) != 4 || version != 1 || fp.Lead().PlacedBy != e.users[content.RoleEditor].ID {
			t.Fatalf("stored %+v at version %d", fp.Placements, version)
		}
		a, ok := audited(t, e.store, "frontpage_set")
		if !ok || a.UserID != e.users[content.RoleEditor].ID || a.Target != "frontpage" || a.TargetID != 1 ||
			!strings.Contains(a.Detail, fmt.Sprintf("مرکزی خبر: خبر %d", lead)) ||
			!strings.Contains(a.Detail, fmt.Sprintf("اہم خبر 3: خبر %d، 18 فروری 2026، 2:00 دوپہر تک", third)) {
			t.Errorf("audit entry %+v (found %v)", a, ok)
		}
		_, page = editor.get(loc)
		for _, want := range []string{
			"صفحۂ اول کی نئی ترتیب محفوظ ہو گئی", fmt.Sprintf(`<option value="%d" selected>سیلاب کی وارننگ</option>`, lead),
			`name="top_pin" type="datetime-local" value="2026-02-18T14:00"`,
			fmt.Sprintf(`<p class="hint" data-placed="%d">%s نے <time datetime="2026-02-18T06:04:00Z">18 فروری 2026، 11:04 صبح</time> کو یہاں رکھی۔</p>`,
				lead, e.users[content.RoleEditor].Name),
			// The empty top slots get the newest stories not placed, in order.
			"خالی رہے تو یہاں یہ خبر آئے گی: «کراچی نے میچ جیت لیا»", "خالی رہے تو یہاں یہ خبر آئے گی: «نئی ٹرین سروس»",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("screen after saving lacks %q", want)
			}
		}
		_, home := e.browser(t).get("/")
		if m := leadHeadline.FindStringSubmatch(home); m == nil || m[1] != "سیلاب کی وارننگ" {
			t.Errorf("home page lead = %v, want the placed story", m)
		}

		// An admin moves top story 1 down twice with the buttons: each
		// press shows the form again, reordered, the focus on the button,
		// nothing saved.
		v = admin.openFront()
		for i, press := range []string{"0:down", "1:down"} {
			v.Set("move", press)
			code, _, page := admin.post("/newsroom/front", v)
			if code != http.StatusOK || !strings.Contains(page, `role="status">ترتیب بدل گئی ہے مگر ابھی محفوظ نہیں ہوئی`) {
				t.Fatalf("move %s: %d", press, code)
			}
			if want := fmt.Sprintf(`name="move" value="%d:down" aria-describedby="f-top-%d-label" autofocus>نیچے</button>`, i+1, i+1); !strings.Contains(page, want) {
				t.Errorf("move %s: the focus is not on the pressed button: no %q", press, want)
			}
			v = frontFields(t, page)
			if _, now := stored(t, e); now != 1 {
				t.Fatalf("a move saved the arrangement (version %d)", now)
			}
		}
		if v["top"][1] != fmt.Sprint(third) || v["top_pin"][1] != "2026-02-18T14:00" || v["top"][2] != fmt.Sprint(first) || v["top"][0] != "" {
			t.Fatalf("after two moves the top stories are %v, pins %v", v["top"], v["top_pin"])
		}
		v.Del("move")
		code, loc, body = admin.saveFront(v)
		if code != http.StatusSeeOther {
			t.Fatalf("save after moving: %d %q\n%s", code, loc, body)
		}
		fp, version = stored(t, e)
		if placedID(fp.Top(1)) != third || placedID(fp.Top(2)) != first || fp.Top(0) != nil || version != 2 ||
			fp.Top(2).PlacedBy != e.users[content.RoleEditor].ID {
			t.Errorf("after the admin's save: %+v, version %d", fp.Placements, version)
		}
		if a, _ := audited(t, e.store, "frontpage_set"); a.UserID != e.users[content.RoleAdmin].ID || a.TargetID != 2 {
			t.Errorf("the admin's save is not audited: %+v", a)
		}
		// A move at the edge, or of nothing, changes nothing.
		for _, press := range []string{"0:up", "9:down", "12:up", "x"} {
			v = admin.openFront()
			v.Set("move", press)
			if code, _, page := admin.post("/newsroom/front", v); code != http.StatusOK || strings.Contains(page, `role="status">ترتیب`) {
				t.Errorf("move %q: %d, or said it moved", press, code)
			}
		}

		// The pin passes: the slot fills by recency and the screen shows it empty.
		e.clock.Add(4 * time.Hour)
		fp, _ = stored(t, e)
		if fp.Top(1) != nil || placedID(fp.Lead()) != lead {
			t.Errorf("after the pin: %+v", fp.Placements)
		}
		admin = e.login(t, content.RoleAdmin) // sessions last an hour
		if v := admin.openFront(); v["top"][1] != "" || v["top_pin"][1] != "" || v.Get("lead") != fmt.Sprint(lead) {
			t.Errorf("the screen after the pin: top %v, lead %v", v["top"], v.Get("lead"))
		}
		_, log := admin.get("/newsroom/audit")
		if !strings.Contains(log, "<td>صفحۂ اول کی ترتیب</td>") {
			t.Error("the audit log does not name the front-page action")
		}
	})
}

// TestFrontPageForbidden: reporters and contributors neither see nor use
// the screen, and their attempts change nothing.
func TestFrontPageForbidden(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	story := editor.create("اہم خبر", "publish")
	v := editor.openFront()
	v.Set("lead", fmt.Sprint(story))
	if code, _, _ := editor.saveFront(v); code != http.StatusSeeOther {
		t.Fatalf("editor save: %d", code)
	}
	other := editor.create("دوسری خبر", "publish")
	for _, role := range []content.Role{content.RoleReporter, content.RoleContributor} {
		c := e.login(t, role)
		_, home := c.get("/newsroom/")
		if strings.Contains(home, `href="/newsroom/front"`) {
			t.Errorf("%s's navigation links the front-page screen", role)
		}
		if code, body := c.get("/newsroom/front"); code != http.StatusForbidden || !strings.Contains(body, "آپ کو یہ کام کرنے کی اجازت نہیں") {
			t.Errorf("%s GET: %d, want 403 with the Urdu refusal", role, code)
		}
		for _, form := range []url.Values{
			{"version": {"1"}, "lead": {fmt.Sprint(other)}, "action": {"save"}},
			{"version": {"1"}, "lead": {""}, "action": {"save"}},
			{"version": {"1"}, "move": {"0:down"}},
		} {
			if code, _, _ := c.post("/newsroom/front", form); code != http.StatusForbidden {
				t.Errorf("%s POST %v: %d, want 403", role, form, code)
			}
		}
	}
	fp, version := stored(t, e)
	if placedID(fp.Lead()) != story || len(fp.Placements) != 1 || version != 1 {
		t.Errorf("after refused attempts: %+v at version %d", fp.Placements, version)
	}
	if _, home := editor.get("/newsroom/"); !strings.Contains(home, `<li><a href="/newsroom/front">صفحۂ اول</a></li>`) {
		t.Error("the editor's navigation lacks the front-page screen")
	}
}

// TestFrontPageBadInput: each wrong form is refused with an Urdu message
// naming the slot, saves nothing, and shows the editor's choices again.
func TestFrontPageBadInput(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	story := editor.create("شائع شدہ خبر", "publish")
	another := editor.create("ایک اور خبر", "publish")
	draft := editor.create("غیر شائع شدہ مسودہ", "save")
	withdrawn := editor.create("واپس لی گئی خبر", "publish")
	if code, _ := editor.act(withdrawn, "unpublish"); code != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", code)
	}
	national := fmt.Sprintf("pick_%d", e.sections[0].ID)
	sports := fmt.Sprintf("pick_%d", e.sections[1].ID)
	cases := []struct {
		name    string
		set     func(v url.Values)
		problem string
	}{
		{"draft as lead", func(v url.Values) { v.Set("lead", fmt.Sprint(draft)) },
			"«مرکزی خبر»: منتخب خبر «غیر شائع شدہ مسودہ» شائع شدہ نہیں، اس لیے صفحۂ اول پر نہیں آ سکتی۔"},
		{"withdrawn top story", func(v url.Values) { v["top"][4] = fmt.Sprint(withdrawn) },
			"«اہم خبر 5»: منتخب خبر «واپس لی گئی خبر» شائع شدہ نہیں"},
		{"unknown story", func(v url.Values) { v["top"][0] = "999999" },
			"«اہم خبر 1»: منتخب خبر (نمبر 999999) موجود نہیں؛ شاید حذف ہو چکی ہے۔"},
		{"not a number", func(v url.Values) { v.Set("lead", "abc") },
			"«مرکزی خبر»: منتخب خبر پہچانی نہیں جا سکی۔"},
		{"pick from another section", func(v url.Values) { v.Set(sports, fmt.Sprint(story)) },
			"«کھیل»: منتخب خبر «شائع شدہ خبر» اس حصے کی نہیں۔"},
		{"pin in the past", func(v url.Values) { v.Set("lead", fmt.Sprint(story)); v.Set("lead_pin", "2026-02-18T10:59") },
			"«مرکزی خبر»: «کب تک» کا وقت گزر چکا ہے۔"},
		{"pin not a time", func(v url.Values) { v["top"][1] = fmt.Sprint(story); v["top_pin"][1] = "کل شام" },
			"«اہم خبر 2»: «کب تک» کی تاریخ اور وقت درست لکھیں۔"},
		{"pin without a story", func(v url.Values) { v.Set(national+"_pin", "2026-02-19T10:00") },
			"«قومی»: «کب تک» کا وقت دیا گیا ہے مگر کوئی خبر منتخب نہیں۔"},
		{"story twice", func(v url.Values) { v.Set("lead", fmt.Sprint(story)); v["top"][3] = fmt.Sprint(story) },
			"«مرکزی خبر» اور «اہم خبر 4» میں ایک ہی خبر منتخب ہے۔"},
	}
	for _, c := range cases {
		v := editor.openFront()
		v["top"][6] = fmt.Sprint(another) // a good choice beside the bad one, shown again
		c.set(v)
		code, _, body := editor.saveFront(v)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, c.problem) {
			t.Errorf("%s: %d, no %q", c.name, code, c.problem)
		}
		if !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("%s: the slot is not marked", c.name)
		}
		if fields := frontFields(t, body); fields["top"][6] != fmt.Sprint(another) {
			t.Errorf("%s: the editor's other choices are not shown again: %v", c.name, fields["top"])
		}
		if fp, version := stored(t, e); len(fp.Placements) != 0 || version != 0 {
			t.Fatalf("%s: saved %+v (version %d)", c.name, fp.Placements, version)
		}
	}

	// Without the form's token: refused as every form is.
	v := editor.openFront()
	v.Set("lead", fmt.Sprint(story))
	v.Set("csrf", "")
	if code, _, body := editor.do("POST", "/newsroom/front", v); code != http.StatusForbidden || !strings.Contains(body, "یہ فارم پرانا ہو چکا ہے") {
		t.Errorf("save without the CSRF token: %d", code)
	}
	if _, version := stored(t, e); version != 0 {
		t.Errorf("a save without the token was applied")
	}
}

// TestFrontPageConflict: a save from a form opened before someone else's
// save is refused, with the arrangement now stored shown instead.
func TestFrontPageConflict(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	admin := e.login(t, content.RoleAdmin)
	first := editor.create("پہلی خبر", "publish")
	second := editor.create("دوسری خبر", "publish")
	stale := editor.openFront()
	fresh := admin.openFront()
	fresh.Set("lead", fmt.Sprint(first))
	if code, _, _ := admin.saveFront(fresh); code != http.StatusSeeOther {
		t.Fatalf("admin save: %d", code)
	}
	stale.Set("lead", fmt.Sprint(second))
	code, _, body := editor.saveFront(stale)
	if code != http.StatusConflict || !strings.Contains(body, "کسی اور نے صفحۂ اول کی ترتیب بدل کر محفوظ کر دی") {
		t.Fatalf("stale save: %d", code)
	}
	if v := frontFields(t, body); v.Get("lead") != fmt.Sprint(first) || v.Get("version") != "1" {
		t.Errorf("after the conflict the form shows lead %s at version %s, want the admin's", v.Get("lead"), v.Get("version"))
	}
	if fp, version := stored(t, e); placedID(fp.Lead()) != first || version != 1 {
		t.Errorf("the stale save was applied: %+v, version %d", fp.Placements, version)
	}
}
