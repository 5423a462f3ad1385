package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"akhbar/internal/changes"
	"akhbar/internal/content"
	"akhbar/internal/store"
)

// TestFrontPageAcrossNodes: an editor arranges the home page on one node;
// the other node drops its cached home page within a second, and only it.
func TestFrontPageAcrossNodes(t *testing.T) {
	nodes := startNodes(t, "", 2, nil)
	a, b := nodes[0], nodes[1]
	ctx := context.Background()
	addEditor(t, a.Store, "front@example.pk")
	list, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(100))
	if err != nil {
		t.Fatal(err)
	}
	old, other := list[len(list)-1], list[0]
	for _, p := range []string{"/", other.Path()} {
		if code, _ := b.get(t, p); code != http.StatusOK {
			t.Fatalf("%s on node b: %d", p, code)
		}
	}
	if _, home := b.get(t, "/"); strings.Contains(home, `<h2 class="lead-headline"><a href="`+old.Path()+`"`) {
		t.Fatal("the oldest story already leads")
	}

	// Sign in on node a and make the oldest story the lead.
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("POST", a.url+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", a.url)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	token := func(path string) string {
		t.Helper()
		resp, err := c.Get(a.url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := csrfField.FindStringSubmatch(string(body))
		if m == nil {
			t.Fatalf("no CSRF token on %s (%d)", path, resp.StatusCode)
		}
		return m[1]
	}
	if resp := post("/newsroom/login", url.Values{"email": {"front@example.pk"}, "password": {editorPassword}, "csrf": {token("/newsroom/login")}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", resp.StatusCode)
	}
	form := url.Values{"csrf": {token("/newsroom/front")}, "version": {"0"}, "lead": {fmt.Sprint(old.ID)}, "action": {"save"}}
	for range content.TopSlots {
		form.Add("top", "")
		form.Add("top_pin", "")
	}
	if resp := post("/newsroom/front", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	within(t, "node b's home page leading with the placed story", func() bool {
		_, home := b.get(t, "/")
		return strings.Contains(home, `<h2 class="lead-headline"><a href="`+old.Path()+`"`)
	})
	before := b.Store.QueryCount()
	b.get(t, other.Path())
	if b.Store.QueryCount() != before {
		t.Error("node b rendered an article page again for a front-page change")
	}
}

// TestBrowserFrontPage arranges the home page in real Chromium: a story
// chosen for top story 1 is moved down with «نیچے» (the keyboard staying
// on the button, the page not reloading), then dragged by its handle to
// top story 4, and saved; readers see it there.
func TestBrowserFrontPage(t *testing.T) {
	bctx := newBrowser(t)
	a, ctx := openDemo(t)
	addEditor(t, a.Store, "front@example.pk")
	list, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(100))
	if err != nil {
		t.Fatal(err)
	}
	story := list[20]
	base := serveOnLoopback(ctx, a)
	shots := screenshotDir(t)
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	save := func(name string) { saveShot(t, bctx, shots, name) }
	page := tab{t: t, ctx: bctx, shots: shots}
	// rows describes the top stories: each row's number, story and move buttons.
	rows := `Array.from(document.querySelectorAll("li[data-row]")).slice(0, 5).map(r =>
		r.querySelector("[data-n]").textContent + "=" + r.querySelector("select").value + ":" +
		Array.from(r.querySelectorAll('button[name="move"]')).map(b => b.value + (b.disabled ? "!" : "")).join(",")).join(" ")`
	id := fmt.Sprint(story.ID)

	page.step("sign in", browserSignIn(base, "front@example.pk", editorPassword)...)
	page.step("open the front page screen",
		chromedp.Navigate(base+"/newsroom/front"),
		chromedp.WaitVisible(css(`li[data-row] [data-handle]`)),
	)
	page.eval(`window.notReloaded = true; ""`)
	page.step("choose top story 1", chromedp.SetValue(css(`#f-top-0`), id))
	page.eval(`document.querySelector("#f-top-0").dispatchEvent(new Event("change", {bubbles: true})); ""`)
	if fills := page.eval(`Array.from(document.querySelectorAll("[data-fill]:not([hidden])")).map(p => p.textContent).join("|")`); strings.Contains(fills, story.Headline) {
		t.Errorf("an empty slot still offers the chosen story: %s", fills)
	}
	page.step("move it down with the button", chromedp.Click(css(`button[value="0:down"]`)))
	if got, want := page.eval(rows), "1=:0:up!,0:down 2="+id+":1:up,1:down 3=:2:up,2:down"; !strings.HasPrefix(got, want) {
		t.Errorf("after «نیچے»: %s, want %s…", got, want)
	}
	if focus := page.eval(`document.activeElement.value + " " + document.getElementById("front-status").textContent`); !strings.HasPrefix(focus, "1:down ترتیب بدل گئی ہے") {
		t.Errorf("after «نیچے» the focus and status are %q", focus)
	}
	page.step("drag it to top story 4", chromedp.DragAndDrop(css(`li[data-row]:nth-child(2) [data-handle]`), css(`li[data-row]:nth-child(4)`)))
	if got, want := page.eval(rows), "1=:0:up!,0:down 2=:1:up,1:down 3=:2:up,2:down 4="+id+":3:up,3:down"; !strings.HasPrefix(got, want) {
		t.Errorf("after dragging: %s, want %s…", got, want)
	}
	if page.eval(`String(window.notReloaded)`) != "true" {
		t.Error("moving a story reloaded the page")
	}
	save("newsroom-front-page.png")
	page.step("save",
		chromedp.Click(css(`.nr-actions button[value="save"]`)),
		chromedp.WaitVisible(css(`p.flash-ok`)),
	)
	fp, err := a.Store.FrontPage(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if p := fp.Top(3); p == nil || p.ArticleID != story.ID || len(fp.Placements) != 1 {
		t.Fatalf("stored %+v, want story %d at top story 4 only", fp.Placements, story.ID)
	}
	page.step("home page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`section.latest`)))
	if got := page.eval(`document.querySelectorAll("section.latest .card-headline a")[3].textContent`); got != story.Headline {
		t.Errorf("top story 4 on the home page is %q, want %q", got, story.Headline)
	}
	t.Logf("screenshots: %s", shots)
}

// TestFrontPagePinPassesAtTheEdge: when a pin passes, the node that
// rendered the home page drops it and tells its edge cache (a local
// change with the "home" key), with no editor acting.
func TestFrontPagePinPassesAtTheEdge(t *testing.T) {
	n := demoNode(t, nil)
	a := n.App
	ctx := context.Background()
	var mu sync.Mutex
	var got []changes.Change
	a.Changes.Subscribe(func(c changes.Change) {
		mu.Lock()
		got = append(got, c)
		mu.Unlock()
	})
	list, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(30))
	if err != nil || len(list) < 30 {
		t.Fatalf("demo articles: %d, %v", len(list), err)
	}
	old := list[29] // far below the newest: only its pin puts it on top
	v, err := a.Store.FrontPageVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pin := time.Now().Truncate(time.Second).Add(2 * time.Second)
	if _, err := a.Store.SetFrontPage(ctx, content.FrontPage{Version: v, Placements: []content.Placement{
		{Slot: content.SlotLead, ArticleID: old.ID, PinnedUntil: pin}}}, 0, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := a.Site.FrontPageChanged(ctx); err != nil {
		t.Fatal(err)
	}
	if _, page := n.get(t, "/"); !strings.Contains(page, old.Path()) {
		t.Fatal("the pinned lead is not on the home page")
	}
	mu.Lock()
	got = nil
	mu.Unlock()
	time.Sleep(time.Until(pin))
	eventually(t, 2*time.Second, "a change dropping the home page when the pin passes", func() bool {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range got {
			if !c.Remote && slices.Equal(c.Deps, []string{"home"}) {
				return true
			}
		}
		return false
	})
	if _, page := n.get(t, "/"); strings.Contains(page, old.Path()) {
		t.Error("the home page still shows the story whose pin passed")
	}
}
