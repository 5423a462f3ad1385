package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"akhbar/internal/content"
	"akhbar/internal/store"
)

// cspWatch records Content-Security-Policy violations on the page, so a
// test can show the live scripts need no inline code or eval.
const cspWatch = `(() => { window.__csp = []; document.addEventListener("securitypolicyviolation",
	e => window.__csp.push(e.violatedDirective + " " + e.blockedURI)); return true })()`

// TestBrowserLiveCoverage runs live coverage in real Chromium: an editor
// posts, pins, edits and deletes updates from the desk without a reload,
// and a reader's open page follows each within 2 s, newest on top, the
// pinned one first, through the whole app (page cache, compression); a
// breaking strip raised in the newsroom meanwhile reaches the same page
// within 2 s, axe-clean at 360 and 1280 px.
func TestBrowserLiveCoverage(t *testing.T) {
	bctx := newBrowser(t)
	axe := readAxe(t)
	a, ctx := openDemo(t)
	addEditor(t, a.Store, "editor@akhbar.example")
	list, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(1))
	if err != nil || len(list) == 0 {
		t.Fatalf("no published demo article: %v", err)
	}
	art := list[0]
	base := serveOnLoopback(ctx, a)
	shots := screenshotDir(t)
	desk := fmt.Sprintf("%s/newsroom/articles/%d/live", base, art.ID)

	shot := func(c context.Context, name string) { saveShot(t, c, shots, name) }
	editor := tab{t: t, ctx: bctx, shots: shots, prefix: "live "}
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	updates := func() []content.LiveUpdate {
		t.Helper()
		l, err := a.Store.LiveUpdates(ctx, art.ID)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}

	editor.step("sign in", browserSignIn(base, "editor@akhbar.example", editorPassword)...)
	editor.step("start the coverage",
		chromedp.Navigate(desk),
		chromedp.Click(css(`form[action$="/live/start"] button`)),
		chromedp.WaitVisible(css(`#new-text`)),
	)
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](cspWatch+` && (window.__desk = 1) === 1`)); err != nil {
		t.Fatal(err)
	}

	// The reader opens the story in a second tab (of the browser the first
	// one started); its page listens on the article's stream.
	readerCtx, cancel := chromedp.NewContext(bctx)
	defer cancel()
	reader := tab{t: t, ctx: readerCtx, shots: shots, prefix: "live "}
	streams := a.Site.LiveStreams()
	reader.step("open the story", chromedp.Navigate(base+art.Path()), chromedp.WaitVisible(css(`section.live`)))
	if _, err := chromedp.Run(reader.ctx, chromedp.Evaluate[bool](cspWatch+` && (window.__reader = 1) === 1`)); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "the reader's stream opens", func() bool { return a.Site.LiveStreams() > streams })

	post := func(text string) {
		t.Helper()
		editor.step("post "+text,
			chromedp.SendKeys(css(`#new-text`), text),
			chromedp.Click(css(`form.live-post button[type="submit"]`)),
		)
		editor.within("the desk confirms "+text, 5*time.Second,
			`document.querySelector("#desk-status").textContent.includes("اپ ڈیٹ شائع ہو گئی") && document.querySelector("#new-text").value === "" && document.querySelector("#desk-updates").textContent.includes(`+jsString(text)+`)`)
	}
	first, second := "پولنگ کا وقت ختم ہو گیا", "پہلا غیر سرکاری نتیجہ آ گیا"
	post(first)
	reader.within("the first update reaches the reader", 2*time.Second,
		`(() => { const li = document.querySelector("ol.live-updates > li"); return !!li && li.textContent.includes(`+jsString(first)+`) && !document.querySelector(".live-empty") })()`)
	post(second)
	reader.within("the second update goes on top", 2*time.Second,
		`(() => { const li = document.querySelectorAll("ol.live-updates > li"); return li.length === 2 && li[0].textContent.includes(`+jsString(second)+`) && li[1].textContent.includes(`+jsString(first)+`) })()`)
	ups := updates()
	if len(ups) != 2 {
		t.Fatalf("%d updates stored, want 2", len(ups))
	}
	newer, older := ups[0], ups[1]

	editor.step("pin the first", chromedp.Click(css(fmt.Sprintf(`#desk-update-%d form[action$="/pin"] button`, older.ID))))
	reader.within("the pinned update goes first", 2*time.Second,
		fmt.Sprintf(`(() => { const li = document.querySelector("ol.live-updates > li"); return li.id === "update-%d" && li.hasAttribute("data-pinned") && !!li.querySelector(".live-pin") })()`, older.ID))

	const fixed = "پہلا غیر سرکاری نتیجہ: حلقہ 12"
	editor.step("edit the second",
		chromedp.Click(css(fmt.Sprintf(`#desk-update-%d summary`, newer.ID))),
		chromedp.SetValue(css(fmt.Sprintf(`#u%d-text`, newer.ID)), fixed),
		chromedp.Click(css(fmt.Sprintf(`#desk-update-%d details button[type="submit"]`, newer.ID))),
	)
	// The edit is a whole form post and page load in the desk's tab first;
	// delivery within 2 s is held to by the posts above (and bench/sse).
	// CI, running other suites beside this one, once took longer here.
	reader.within("the edit replaces the update in place", 5*time.Second,
		fmt.Sprintf(`(() => { const li = document.querySelectorAll("ol.live-updates > li"); return li.length === 2 && li[0].id === "update-%d" && li[1].id === "update-%d" && li[1].textContent.includes(%s) })()`,
			older.ID, newer.ID, jsString(fixed)))
	shot(reader.ctx, "live-reader.png")
	shot(bctx, "live-desk.png")

	// Meanwhile a colleague raises a breaking strip in two clicks on the
	// breaking-news screen (a third tab): the reader's page, on its one
	// stream, shows it within 2 s, and is axe-clean with strip and updates.
	raiserCtx, cancelRaiser := chromedp.NewContext(bctx)
	defer cancelRaiser()
	raiser := tab{t: t, ctx: raiserCtx, shots: shots, prefix: "live "}
	const strip = "حلقہ 12: آزاد امیدوار آگے، گنتی جاری"
	raiser.step("raise a breaking strip",
		chromedp.Navigate(base+"/newsroom/breaking"),
		chromedp.SendKeys(css(`#b-text`), strip),
		chromedp.Click(css(`form[action="/newsroom/breaking"] button[type="submit"]`)),
		chromedp.WaitVisible(css(`p.flash-ok`)),
	)
	raiser.within("the screen confirms the strip", 5*time.Second, `document.querySelector("p.flash-ok").textContent.includes("بریکنگ نیوز جاری ہو گئی")`)
	reader.within("the strip reaches the reader's live page", 2*time.Second,
		`(() => { const b = document.getElementById("breaking"); return !b.hidden && b.textContent.includes(`+jsString(strip)+`) })()`)
	for _, width := range []int64{360, 1280} {
		reader.step("resize", chromedp.EmulateViewport(width, 900))
		for _, v := range axeViolations(t, reader.ctx, axe) {
			t.Errorf("axe on the live page at %d px: %s", width, v)
		}
		shot(reader.ctx, fmt.Sprintf("live-reader-breaking-%d.png", width))
	}

	editor.step("delete the first",
		chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`),
		chromedp.Click(css(fmt.Sprintf(`#desk-update-%d form[action$="/delete"] button`, older.ID))),
	)
	reader.within("the deleted update leaves the page", 2*time.Second,
		fmt.Sprintf(`!document.getElementById("update-%d") && document.querySelectorAll("ol.live-updates > li").length === 1`, older.ID))

	// Neither page reloaded, and neither broke its Content-Security-Policy.
	for _, page := range []struct {
		c      context.Context
		marker string
	}{{bctx, "__desk"}, {reader.ctx, "__reader"}} {
		got, err := chromedp.Run(page.c, chromedp.Evaluate[string](`window.`+page.marker+` === 1 ? window.__csp.join(", ") : "reloaded"`))
		if err != nil || got != "" {
			t.Errorf("%s: %q, %v; want no reload and no CSP violation", page.marker, got, err)
		}
	}
	t.Logf("screenshots: %s", shots)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
