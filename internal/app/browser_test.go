package app

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/store"
)

// BrowserEnv makes the browser tests required (CI sets it): without
// Chromium they then fail instead of skipping.
const BrowserEnv = "AKHBAR_TEST_BROWSER"

// screenshotDir is where browser tests leave PNGs for people to look at:
// testoutput/screenshots at the top of the repository, or $AKHBAR_SCREENSHOTS.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("AKHBAR_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "testoutput", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// editorPassword signs in the editors the browser tests create.
const editorPassword = "مدیر کا لمبا پاس ورڈ"

// addEditor creates an editor in s who signs in with editorPassword.
func addEditor(t *testing.T, s *store.Store, email string) content.User {
	t.Helper()
	hash, err := auth.HashPassword(editorPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := content.User{Email: email, Name: "نسرین مدیر", Slug: strings.Split(email, "@")[0], Role: content.RoleEditor, PasswordHash: hash}
	if u.ID, err = s.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

// browserSignIn is the steps that sign in to the newsroom at base; they
// end when the article list (or its empty note) shows.
func browserSignIn(base, email, password string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(base + "/newsroom/login"),
		chromedp.WaitVisible(chromedp.CSS(`#email`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), email),
		chromedp.SendKeys(chromedp.CSS(`#password`), password),
		chromedp.Submit(chromedp.CSS(`#password`)),
		chromedp.WaitVisible(chromedp.CSS(`table.nr-list, p.empty`)),
	}
}

// saveShot leaves a full-page screenshot of the tab c in shots.
func saveShot(t *testing.T, c context.Context, shots, name string) {
	png, err := fullScreenshot(c)
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	os.WriteFile(filepath.Join(shots, name), png, 0o644)
}

// drawAll makes the page draw the parts it leaves for later
// (content-visibility: auto, which the site sets on text below the first
// screen): a full-page screenshot does not scroll, so Chromium would leave
// them blank in it. A reader scrolling down gets them drawn as they come
// near. Set through the CSSOM, which the pages' CSP allows.
const drawAll = `for (const el of document.querySelectorAll("body *")) {
  if (getComputedStyle(el).contentVisibility === "auto") el.style.contentVisibility = "visible";
}
true`

// fullScreenshot is a PNG of the whole page in the tab c, every part drawn.
func fullScreenshot(c context.Context) ([]byte, error) {
	if _, err := chromedp.Run(c, chromedp.Evaluate[bool](drawAll)); err != nil {
		return nil, err
	}
	return chromedp.Run(c, chromedp.FullScreenshot(100))
}

// browserStep runs steps in the tab c; if one fails, it leaves a
// screenshot named after what was being done and fails the test.
func browserStep(t *testing.T, c context.Context, shots, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(c, steps...); err != nil {
		saveShot(t, c, shots, "failed-"+strings.ReplaceAll(what, " ", "-")+".png")
		t.Fatalf("%s: %v", what, err)
	}
}

// tab drives one browser tab in a test: a step that fails leaves a
// screenshot named after it and ends the test.
type tab struct {
	t      *testing.T
	ctx    context.Context
	shots  string // where the screenshots go
	prefix string // put before each step's name
}

// step runs steps in the tab, as browserStep.
func (b tab) step(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	browserStep(b.t, b.ctx, b.shots, b.prefix+what, steps...)
}

// within is the step what: it polls cond in the tab until it is true,
// for at most d. When it never is, the failure says what the page showed
// (open dialogs, messages, focus, the editor's blocks), since CI keeps
// no screenshots.
func (b tab) within(what string, d time.Duration, cond string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(d))); err != nil {
		saveShot(b.t, b.ctx, b.shots, "failed-"+strings.ReplaceAll(b.prefix+what, " ", "-")+".png")
		state, serr := chromedp.Run(b.ctx, chromedp.Evaluate[string](pageState))
		if serr != nil {
			state = serr.Error()
		}
		b.t.Fatalf("%s%s: %v\nthe page: %s", b.prefix, what, err, state)
	}
}

// pageState describes, as JSON, what a test waiting on the page may need
// to know when the wait fails.
const pageState = `JSON.stringify({
  url: location.pathname + location.search,
  focus: (e => e ? e.tagName + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : "") : "")(document.activeElement),
  dialogs: [...document.querySelectorAll("dialog[open]")].map(d => d.className),
  messages: [...document.querySelectorAll("[role=alert], [role=status], .flash-ok, .flash-error")].map(m => m.textContent.trim()).filter(Boolean).slice(0, 6),
  blocks: [...document.querySelectorAll("trix-editor figure[data-trix-attachment]")].map(f => { try { return (JSON.parse(f.dataset.trixAttachment).block || "").slice(0, 48) } catch (e) { return "?" } }),
  selection: (e => e && e.editor ? e.editor.getSelectedRange() : null)(document.querySelector("trix-editor")),
})`

// focusBackOn waits until the focus is on the element sel, as a dialog
// gives it back to its opener on closing.
func focusBackOn(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`document.activeElement === document.querySelector(`+jsString(sel)+`)`,
		chromedp.WithPollingTimeout(10*time.Second))
}

// eval returns the string the JavaScript expr gives in the tab; an error
// ends the test.
func (b tab) eval(expr string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.t.Fatalf("%s: %v", expr, err)
	}
	return s
}

// testPhoto is a photo-like JPEG: smooth gradients with some texture.
func testPhoto(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			n := uint8((x*7 + y*13) % 23)
			img.Set(x, y, color.RGBA{uint8(40 + x*150/w + int(n)), uint8(90 + y*120/h), uint8(160 - x*60/w + int(n)), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 88}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// newBrowser starts headless Debian Chromium with the flags this sandbox
// needs (no background networking: the machine has no internet), and the
// extra options given.
func newBrowser(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv(BrowserEnv) != "" {
			t.Fatalf("%s is set but chromium is not installed: %v", BrowserEnv, err)
		}
		t.Skipf("browser tests skipped: no chromium on PATH (apt-get install chromium; set %s=1 to require them)", BrowserEnv)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 1000),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(opts, extra...)...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// A bound for a hung browser, not a speed check: a long test (the rich
	// story takes 15 s alone) may take several times that while CI runs
	// other packages' tests on the same two cores.
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// withoutSystemWebFonts starts Chromium with a fontconfig file that includes
// the system's configuration but hides any installed copy of the families
// site.css vendors (Debian's fonts-noto-extra has them). The @font-face
// rules list local() first, so on a machine that has the fonts the browser
// would never load the vendored files: TestBrowserReader looks at, and
// weighs, what a phone without them gets. (The newsroom's own CSS names the
// installed Nastaliq, so the other browser tests keep the system's fonts.)
func withoutSystemWebFonts(t *testing.T) chromedp.ExecAllocatorOption {
	t.Helper()
	conf := `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont>
    <pattern><patelt name="family"><string>Noto Nastaliq Urdu</string></patelt></pattern>
    <pattern><patelt name="family"><string>Noto Naskh Arabic</string></patelt></pattern>
  </rejectfont></selectfont>
</fontconfig>
`
	path := filepath.Join(t.TempDir(), "fonts.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return chromedp.Env("FONTCONFIG_FILE=" + path)
}

// openDemo opens the demo site on a fresh data folder; the context ends
// and the app closes with the test.
func openDemo(t *testing.T) (*App, context.Context) {
	t.Helper()
	cfg := testConfig(t, t.TempDir(), "--addr", "127.0.0.1:0", "--demo")
	ctx, stop := context.WithCancel(context.Background())
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		stop()
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(); a.Close() })
	return a, ctx
}

// serveOnLoopback serves a on a free port of 127.0.0.1 until ctx ends and
// returns its base URL.
func serveOnLoopback(ctx context.Context, a *App) string {
	addrc := make(chan net.Addr, 1)
	go a.Serve(ctx, func(addr net.Addr) { addrc <- addr })
	return "http://" + (<-addrc).String()
}

// waitBody waits until the editor's hidden body field b satisfies cond.
func waitBody(cond string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`(() => { const b = document.querySelector("#body").value; return `+cond+` })()`,
		chromedp.WithPollingTimeout(10*time.Second))
}

// TestBrowserNewsroomPublish signs in to the newsroom in real Chromium,
// writes an Urdu article with a subheading in the real editor, publishes
// it and finds it on the public site.
func TestBrowserNewsroomPublish(t *testing.T) {
	bctx := newBrowser(t)
	a, ctx := openDemo(t)
	addEditor(t, a.Store, "editor@akhbar.example")
	// A photo in the library, with its words, to use as the lead image.
	lead, err := a.Newsroom.AddImage(ctx, bytes.NewReader(testPhoto(t, 2400, 1600)), content.Media{
		Filename: "karachi-5g.jpg", Caption: "کراچی میں موبائل ٹاور پر نئے اینٹینا نصب کیے جا رہے ہیں", Credit: "اسٹاف فوٹوگرافر",
		Alt: "ایک موبائل ٹاور پر کام کرتے ہوئے دو کارکن"})
	if err != nil {
		t.Fatal(err)
	}
	base := serveOnLoopback(ctx, a)
	shots := screenshotDir(t)

	const headline = "کراچی میں 5G سروس کا آغاز، شہریوں کو تیز انٹرنیٹ میسر"
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	save := func(name string) { saveShot(t, bctx, shots, name) }
	page := tab{t: t, ctx: bctx, shots: shots}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(css(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	page.step("sign in", browserSignIn(base, "editor@akhbar.example", editorPassword)...)
	page.step("write",
		chromedp.Navigate(base+"/newsroom/articles/new"),
		chromedp.WaitVisible(css(`trix-toolbar button[data-trix-attribute="heading1"]`)),
		chromedp.SendKeys(css(`#headline`), headline),
		chromedp.SendKeys(css(`#strapline`), "پہلے مرحلے میں شہر کے 12 علاقوں میں سروس دستیاب ہوگی"),
		chromedp.SendKeys(css(`#dateline_source`), "ٹیکنالوجی ڈیسک"),
		chromedp.SendKeys(css(`#dateline_place`), "کراچی"),
		chromedp.SetValue(css(`#section`), "5"),
		chromedp.SendKeys(css(`#tags`), "ٹیکنالوجی، کراچی"),
		// The lead image, from the picker (picker_browser_test.go tries it fully).
		chromedp.Click(css(`#lead-picker [data-pick-open]`)),
		chromedp.Click(css(`#picker-opt-`+strconv.FormatInt(lead.ID, 10))),
		chromedp.Click(css(`dialog.picker .btn-primary`)),
		chromedp.Poll[chromedp.Void](`document.querySelector('input[name="lead_media"]').value === "`+strconv.FormatInt(lead.ID, 10)+`"`,
			chromedp.WithPollingTimeout(5*time.Second)),
		focusBackOn(`#lead-picker [data-pick-open]`),
		chromedp.Click(css(`trix-editor`)),
		chromedp.SendKeys(css(`trix-editor`), "ملک میں پہلی بار 5G موبائل سروس کا باقاعدہ آغاز کر دیا گیا ہے۔\r"),
		// Each keystroke is an event for Trix to handle: wait until it has, before the next step.
		waitBody(`(b.match(/<p[^>]*>/g) || []).length == 2`),
		chromedp.Click(css(`trix-toolbar button[data-trix-attribute="heading1"]`)),
		chromedp.SendKeys(css(`trix-editor`), "رفتار اور قیمت\r"),
		waitBody(`b.includes("رفتار اور قیمت</h2>") && (b.match(/<p[^>]*>/g) || []).length == 2`),
		chromedp.SendKeys(css(`trix-editor`), "ابتدائی پیکج کی قیمت 1500 روپے ماہانہ رکھی گئی ہے۔"),
		waitBody(`b.includes("رکھی گئی ہے۔")`),
	)
	stored, err := chromedp.Run(bctx, chromedp.Value(css(`#body`)))
	if err != nil {
		t.Fatal(err)
	}
	save("newsroom-editor.png")
	page.step("publish",
		chromedp.Click(css(`button[value="publish"]`)),
		chromedp.WaitVisible(css(`p.flash-ok`)),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(css(`main`)),
	)
	listed := text(`main`)
	page.step("open the article",
		chromedp.Click(chromedp.Search(`//a[normalize-space()="`+headline+`"]`)),
		chromedp.WaitVisible(css(`h1.headline`)),
	)
	articleText := text(`article.story`)
	// The browser picked a rendition from srcset and drew it.
	src, err := chromedp.Run(bctx, chromedp.Poll[string](`(() => { const i = document.querySelector(".article-picture img"); return i && i.complete && i.naturalWidth > 0 && i.currentSrc })()`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil || !strings.Contains(src, "/media/") {
		t.Errorf("lead image not loaded from srcset: %q, %v", src, err)
	}
	save("published-article.png")
	page.step("phone width", chromedp.EmulateViewport(360, 740), chromedp.Reload())
	save("published-article-360.png")
	if !regexp.MustCompile(`<h2[^>]*>رفتار اور قیمت</h2>`).MatchString(stored) || !regexp.MustCompile(`<p[^>]*>ملک میں پہلی بار 5G`).MatchString(stored) {
		t.Errorf("the editor produced %q, want paragraphs and an h2 subheading", stored)
	}
	if !strings.Contains(listed, headline) {
		t.Error("the published article is not on the home page")
	}
	for _, want := range []string{"(ٹیکنالوجی ڈیسک) کراچی:", "رفتار اور قیمت", "ابتدائی پیکج کی قیمت 1500 روپے", "نسرین مدیر"} {
		if !strings.Contains(articleText, want) {
			t.Errorf("public article lacks %q:\n%s", want, articleText)
		}
	}
	t.Logf("screenshots: %s", shots)
}
