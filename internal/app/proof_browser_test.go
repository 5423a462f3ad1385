package app

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

// TestBrowserProofingAndSchedule writes an Urdu article with the usual
// slips in real Chromium and saves it: the save goes through and the
// editor lists proofing advice. «درست کریں» on the headline fixes it in
// place without a round trip; «سب درست کریں» sends the body to the server,
// which fixes it and shows the form again unsaved. Then the article is
// scheduled with the Urdu date fields (no browser date picker), and the
// editor page, advice and picker included, is axe-clean.
func TestBrowserProofingAndSchedule(t *testing.T) {
	bctx := newBrowser(t)
	axe := readAxe(t)
	a, ctx := openDemo(t)
	addEditor(t, a.Store, "editor@akhbar.example")
	base := serveOnLoopback(ctx, a)
	shots := screenshotDir(t)
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	page := tab{t: t, ctx: bctx, shots: shots, prefix: "proofing "}

	page.step("sign in", browserSignIn(base, "editor@akhbar.example", editorPassword)...)
	page.step("write and save",
		chromedp.Navigate(base+"/newsroom/articles/new"),
		chromedp.WaitVisible(css(`trix-toolbar`)),
		chromedp.SendKeys(css(`#headline`), "كیا بجٹ منظور ہو گا?"),
		chromedp.SetValue(css(`#section`), "5"),
		chromedp.Click(css(`trix-editor`)),
		chromedp.SendKeys(css(`trix-editor`), "حکومت نے بجٹ پیش کر دیا."),
		waitBody(`b.includes("کر دیا.")`),
		chromedp.Click(css(`button[value="save"]`)),
		chromedp.WaitVisible(css(`#proof`)),
	)
	// The Arabic kaf was repaired on save; the question mark and the full
	// stop are advice.
	if got := page.eval(`document.querySelector("#proof-title").textContent`); got != "پروف ریڈنگ: 2 تجاویز" {
		t.Errorf("advice heading %q", got)
	}
	if v := axeViolations(t, bctx, axe); len(v) > 0 {
		t.Errorf("axe on the editor with proofing advice:\n%s", strings.Join(v, "\n"))
	}
	saveShot(t, bctx, shots, "newsroom-proofing.png")

	// In place: no navigation, so the marker set on this page survives.
	page.eval(cspWatch + ` && (window.__page = "same") && ""`)
	page.step("fix the headline in place",
		chromedp.Click(css(`button[value^="headline/punctuation/"]`)),
		chromedp.Poll[chromedp.Void](`document.querySelector("#headline").value === "کیا بجٹ منظور ہو گا؟"`, chromedp.WithPollingTimeout(5*time.Second)),
	)
	if got := page.eval(`window.__page + " " + window.__csp.join(",") + " " + document.querySelectorAll("#proof li").length + " " + document.querySelector("#proof-title").textContent`); got != "same  1 پروف ریڈنگ: 1 تجویز" {
		t.Errorf("after the in-place fix: %q, want the same page, no CSP violation, one finding left and counted", got)
	}

	// The body's finding needs the server: the page comes back, fixed, unsaved.
	page.step("fix all",
		chromedp.Click(css(`button[name="proof"][value="all"]`)),
		// Only the server's page marks the form unsaved.
		chromedp.WaitVisible(css(`form.nr-editor[data-unsaved] trix-toolbar`)),
	)
	if got := page.eval(`(window.__page === undefined) + "|" + document.querySelector("#headline").value + "|" + document.querySelector("#body").value + "|" + document.querySelector(".nr-proof-done").textContent + "|" + location.hash`); !strings.HasPrefix(got, "true|کیا بجٹ منظور ہو گا؟|") ||
		!strings.Contains(got, "کر دیا۔") || !strings.Contains(got, "|تمام تجاویز کے مطابق متن درست کر دیا گیا۔") || !strings.HasSuffix(got, "|#proof") {
		t.Errorf("after fix all: %q", got)
	}
	saveShot(t, bctx, shots, "newsroom-proofing-fixed.png")

	// Schedule it for tomorrow, 6:30 in the evening, Karachi time, with
	// the Urdu fields.
	loc, _ := time.LoadLocation("Asia/Karachi")
	tomorrow := a.Now().In(loc).AddDate(0, 0, 1)
	want := time.Date(tomorrow.Year(), tomorrow.Month(), tomorrow.Day(), 18, 30, 0, 0, loc)
	page.step("schedule",
		chromedp.SendKeys(css(`#publish_day`), strconv.Itoa(want.Day())),
		chromedp.SetValue(css(`#publish_month`), strconv.Itoa(int(want.Month()))),
		chromedp.SendKeys(css(`#publish_year`), strconv.Itoa(want.Year())),
		chromedp.SetValue(css(`#publish_hour`), "18"),
		chromedp.SendKeys(css(`#publish_minute`), "30"),
		chromedp.Click(css(`button[value="schedule"]`)),
		chromedp.WaitVisible(css(`p.flash-ok`)),
	)
	list, err := a.Store.ListArticles(ctx, store.AllArticles().InState(content.StatusScheduled).WithBody())
	if err != nil || len(list) != 1 {
		t.Fatalf("scheduled articles: %d, %v", len(list), err)
	}
	got := list[0]
	if got.Headline != "کیا بجٹ منظور ہو گا؟" || !got.PublishedAt.Equal(want) || !strings.Contains(got.BodyHTML, "کر دیا۔") {
		t.Errorf("scheduled %q for %v with %q; want the fixed text for %v", got.Headline, got.PublishedAt, got.BodyHTML, want)
	}
	if v := page.eval(`document.querySelector("#publish_day").value + " " + document.querySelector("#publish_month").selectedOptions[0].text + " " + document.querySelector("#publish_hour").selectedOptions[0].text`); v != strconv.Itoa(want.Day())+" "+urdu.MonthNames[want.Month()-1]+" 6 شام" {
		t.Errorf("the picker shows back %q", v)
	}
	if v := axeViolations(t, bctx, axe); len(v) > 0 {
		t.Errorf("axe on the scheduled article's editor:\n%s", strings.Join(v, "\n"))
	}
	saveShot(t, bctx, shots, "newsroom-scheduled.png")
}
