package app

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"akhbar/internal/content"
	"akhbar/internal/store"
)

// blocksCheck is what the browser reports about a page with story blocks.
type blocksCheck struct {
	HScroll       bool     `json:"hscroll"`
	Foreign       []string `json:"foreign"` // resources fetched from other origins
	Frames        int      `json:"frames"`
	GalleryScroll bool     `json:"galleryScroll"` // the gallery row is wider than its box
	GallerySnap   string   `json:"gallerySnap"`
	FirstAtRight  bool     `json:"firstAtRight"` // the row starts at the right (RTL)
	TableScroll   bool     `json:"tableScroll"`  // the wide table scrolls in its own box
	Pictures      int      `json:"pictures"`     // pictures of the body that loaded
	Clipped       []string `json:"clipped"`
}

const blocksScript = `(async () => {
  await document.fonts.ready;
  await Promise.all([...document.querySelectorAll(".story-body img")].map(i => i.decode().catch(() => {})));
  const de = document.documentElement, track = document.querySelector(".gallery-track");
  const table = document.querySelector(".table-scroll");
  const r = {hscroll: de.scrollWidth > de.clientWidth + 1, frames: document.querySelectorAll("iframe").length, clipped: []};
  r.foreign = performance.getEntriesByType("resource").map(e => e.name).filter(n => !n.startsWith(location.origin));
  r.galleryScroll = track.scrollWidth > track.clientWidth + 1;
  r.gallerySnap = getComputedStyle(track).scrollSnapType;
  const first = track.querySelector(".gallery-item").getBoundingClientRect(), box = track.getBoundingClientRect();
  r.firstAtRight = Math.abs(first.right - box.right) < 2;
  r.tableScroll = table.scrollWidth > table.clientWidth + 1;
  r.pictures = [...document.querySelectorAll(".story-body img")].filter(i => i.complete && i.naturalWidth > 0).length;
  for (const el of document.querySelectorAll(".story-body figcaption, .read-also-headline, .embed-play, .embed-title, .table-scroll th, .table-scroll td, .pullquote p")) {
    if (el.getClientRects().length === 0 || el.clientHeight <= 1) continue;
    if (el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).display !== "inline")
      r.clipped.push(el.tagName.toLowerCase() + "." + el.className + ": " + el.textContent.trim().slice(0, 30));
  }
  return r;
})()`

// TestBrowserStoryBlocks opens a story with every story block in headless
// Chromium at phone and desktop widths: the page fetches nothing from
// another site and frames nothing until a click, the gallery row swipes
// (scroll snapping, starting at the right) and answers the arrow keys, a
// wide table scrolls in its own box while the page does not, no text is
// clipped, axe-core finds no serious violation; clicking an embed's facade
// frames the provider's player (YouTube from youtube-nocookie.com), which
// the page's Content-Security-Policy lets in. Screenshots go to
// testoutput/screenshots/blocks-*.png.
func TestBrowserStoryBlocks(t *testing.T) {
	bctx := newBrowser(t)
	axe := readAxe(t)
	a, ctx := openDemo(t)
	shots := screenshotDir(t)

	var ids []int64
	for i, words := range []struct{ caption, alt string }{
		{"جلسہ گاہ کا منظر", "لوگوں سے بھرا میدان"}, {"تماشائی", "اسٹینڈ میں تماشائی"},
		{"ٹرافی کی تقریب", "کپتان ٹرافی اٹھائے ہوئے"}, {"خطاب کا منظر", "وزیر اعظم خطاب کرتے ہوئے"},
	} {
		m, err := a.Newsroom.AddImage(ctx, bytes.NewReader(testPhoto(t, 1600+i*10, 900)), content.Media{
			Filename: fmt.Sprintf("photo-%d.jpg", i), Caption: words.caption, Credit: "اے پی پی", Alt: words.alt})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	list, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(1))
	if err != nil || len(list) == 0 {
		t.Fatalf("demo articles: %v", err)
	}
	related := list[0]
	body := content.PrepareBody(fmt.Sprintf(`<p>لاہور میں ہونے والے جلسے میں ہزاروں افراد شریک ہوئے۔</p>`+
		`<figure data-block="image" data-media="%d"><figcaption>جلسہ گاہ کا منظر، شام کے وقت</figcaption></figure>`+
		`<p>جلسے کے بعد کرکٹ میچ بھی کھیلا گیا۔</p>`+
		`<figure data-block="gallery"><figure data-block="image" data-media="%d"></figure><figure data-block="image" data-media="%d"></figure><figure data-block="image" data-media="%d"></figure><figcaption>میچ کی جھلکیاں</figcaption></figure>`+
		`<figure data-block="embed" data-url="https://youtu.be/dQw4w9WgXcQ" data-poster="%d"><figcaption>وزیر اعظم کا مکمل خطاب</figcaption></figure>`+
		`<figure data-block="pullquote"><blockquote><p>ہم مشکل فیصلے کریں گے۔</p></blockquote><figcaption>وزیر خزانہ</figcaption></figure>`+
		`<table><caption>صوبائی نتائج</caption><tr><th>صوبہ</th><th>جماعت الف</th><th>جماعت ب</th><th>جماعت ج</th><th>آزاد امیدوار</th><th>کل نشستیں</th></tr>`+
		`<tr><th>پنجاب</th><td>120</td><td>85</td><td>40</td><td>12</td><td>297</td></tr><tr><th>سندھ</th><td>30</td><td>80</td><td>20</td><td>5</td><td>168</td></tr></table>`+
		`<aside data-block="related" data-article="%d"></aside>`+
		`<figure data-block="embed" data-url="https://x.com/GovtofPakistan/status/1770123456789"><figcaption>حکومت کا اعلان</figcaption></figure>`+
		`<p>آخری پیراگراف۔</p>`, ids[0], ids[1], ids[2], ids[0], ids[3], related.ID))
	story := content.Article{SectionID: related.SectionID, Status: content.StatusPublished, Headline: "جلسے اور میچ کی تصویری کہانی",
		Slug: "jalsa-aur-match", Language: "ur", BodyHTML: body, BodyText: content.PlainText(body), PublishedAt: time.Now().Add(-time.Minute),
		DatelineSource: "نیوز ڈیسک", DatelinePlace: "لاہور"}
	if err := a.Store.SaveArticle(ctx, &story, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	story.Section = related.Section
	base := serveOnLoopback(ctx, a)

	for _, width := range []int64{360, 1280} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			browserStep(t, bctx, shots, "open the story", chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+story.Path()))
			c, err := chromedp.Run(bctx, chromedp.Evaluate[blocksCheck](blocksScript, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			if c.HScroll {
				t.Errorf("the page scrolls sideways at %d px", width)
			}
			if len(c.Foreign) > 0 || c.Frames > 0 {
				t.Errorf("before any click: fetched %v, %d frames", c.Foreign, c.Frames)
			}
			if !c.GalleryScroll || !strings.Contains(c.GallerySnap, "x") || !strings.Contains(c.GallerySnap, "mandatory") || !c.FirstAtRight {
				t.Errorf("gallery: scrolls %v, snap %q, first picture at the right %v", c.GalleryScroll, c.GallerySnap, c.FirstAtRight)
			}
			if width == 360 && !c.TableScroll {
				t.Error("the wide table does not scroll in its own box on a phone")
			}
			if c.Pictures < 5 {
				t.Errorf("%d body pictures loaded, want the image, three gallery pictures, the poster and the thumbnail", c.Pictures)
			}
			for _, cl := range c.Clipped {
				t.Errorf("clipped text: %s", cl)
			}
			for _, v := range axeViolations(t, bctx, axe) {
				t.Errorf("axe: %s", v)
			}
			saveShot(t, bctx, shots, fmt.Sprintf("blocks-%d.png", width))

			// The gallery answers the keyboard once it has focus.
			browserStep(t, bctx, shots, "press arrow keys in the gallery", chromedp.Focus(chromedp.CSS(".gallery-track")),
				chromedp.KeyEvent(kb.ArrowLeft), chromedp.KeyEvent(kb.ArrowLeft), chromedp.Sleep(600*time.Millisecond))
			moved, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`document.querySelector(".gallery-track").scrollLeft !== 0`))
			if err != nil || !moved {
				t.Errorf("the arrow keys do not scroll the gallery (%v)", err)
			}
		})
	}

	// A click frames the provider's player; the page's policy lets it in.
	browserStep(t, bctx, shots, "open the story again", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+story.Path()))
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`window.cspViolations = []; document.addEventListener("securitypolicyviolation", e => cspViolations.push(e.violatedDirective + " " + e.blockedURI)); true`)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ provider, player string }{
		{"youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"},
		{"x", "https://platform.twitter.com/embed/Tweet.html?id=1770123456789&dnt=true"},
	} {
		sel := fmt.Sprintf(`figure[data-embed="%s"]`, c.provider)
		browserStep(t, bctx, shots, "click the "+c.provider+" facade",
			chromedp.ScrollIntoView(chromedp.CSS(sel+" a.embed-facade")),
			chromedp.Click(chromedp.CSS(sel+" a.embed-facade")),
			chromedp.WaitVisible(chromedp.CSS(sel+" iframe.embed-frame")))
		state, err := chromedp.Run(bctx, chromedp.Evaluate[map[string]any](fmt.Sprintf(`(() => {
			const f = document.querySelector('%s iframe');
			return {src: f.src, focused: document.activeElement === f, title: f.title, facade: !!document.querySelector('%s a.embed-facade'), href: location.href};
		})()`, sel, sel)))
		if err != nil {
			t.Fatal(err)
		}
		if state["src"] != c.player || state["focused"] != true || state["facade"] != false || state["href"] != base+story.Path() {
			t.Errorf("%s after the click: %v", c.provider, state)
		}
	}
	time.Sleep(time.Second)
	violations, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`cspViolations`))
	if err != nil {
		t.Fatal(err)
	}
	if len(violations) > 0 {
		t.Errorf("the page's policy refused the players: %v", violations)
	}
	saveShot(t, bctx, shots, "blocks-after-click.png")
	if _, err := os.Stat(filepath.Join(shots, "blocks-360.png")); err != nil {
		t.Errorf("no screenshot: %v", err)
	}

	// An editor opens the story in the newsroom, adds a sentence and
	// saves: every block comes back from the editor as it was stored.
	addEditor(t, a.Store, "blocks-editor@akhbar.example")
	const added = "ایڈیٹر کا اضافہ۔"
	browserStep(t, bctx, shots, "sign in", browserSignIn(base, "blocks-editor@akhbar.example", editorPassword)...)
	browserStep(t, bctx, shots, "edit the story with blocks",
		chromedp.Navigate(fmt.Sprintf("%s/newsroom/articles/%d", base, story.ID)),
		chromedp.WaitVisible(chromedp.CSS(`trix-editor figure[data-trix-content-type="application/vnd.akhbar.block+html"]`)),
		chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector("trix-editor").editor;
		  e.setSelectedRange(e.getDocument().getLength() - 1); e.insertString(" `+added+`"); })()`),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.flash-ok`)),
	)
	saveShot(t, bctx, shots, "blocks-in-editor.png")
	saved, err := a.Store.Article(ctx, story.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(saved.BodyHTML, added) {
		t.Errorf("the sentence typed is not in the saved body:\n%s", saved.BodyHTML)
	}
	// (Trix marks the paragraphs it wrote dir="rtl"; the blocks must be byte for byte.)
	got := strings.ReplaceAll(saved.BodyHTML, `<p dir="rtl">`, "<p>")
	if want := strings.Replace(body, "<p>آخری پیراگراف۔</p>", "<p>آخری پیراگراف۔ "+added+"</p>", 1); got != want {
		t.Errorf("blocks changed by a round trip through the editor:\nsaved %s\nwant  %s", got, want)
	}
}
