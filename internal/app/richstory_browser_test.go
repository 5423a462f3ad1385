package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/store"
)

// dropFiles drags files from the machine's disk onto the element sel
// matches, as a reader's mouse does (Input.dispatchDragEvent).
func dropFiles(sel string, files []string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector(`+jsString(sel)+`).getBoundingClientRect();
		  return [r.left + r.width / 2, r.bottom - 12]; })()`))
		if err != nil {
			return err
		}
		data := &input.DragData{Files: files, DragOperationsMask: 1}
		for _, kind := range []input.DispatchDragEventType{input.DispatchDragEventTypeDragEnter, input.DispatchDragEventTypeDragOver, input.DispatchDragEventTypeDrop} {
			p := input.DispatchDragEventParams{Type: kind, X: box[0], Y: box[1], Data: data}
			if _, err := cdp.Call(ctx, t, input.DispatchDragEvent, p); err != nil {
				return fmt.Errorf("%s: %w", kind, err)
			}
		}
		return nil
	})
}

// pasteInto pastes into the focused editor: the page gets the paste event
// a keyboard's Ctrl+V gives, with the clipboard's data built in the page
// (the headless browser has no system clipboard). data is JavaScript
// that fills the DataTransfer dt.
func pasteInto(data string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(() => { const dt = new DataTransfer(); ` + data + `;
	  document.querySelector("trix-editor").dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true})); })()`)
}

// TestBrowserRichStory: in real Chromium a reporter writes a story with a
// picture dragged into the body from the disk, another pasted, a YouTube
// address pasted (which becomes an embed whose title the reporter types)
// and a lead image chosen in the picker; a pull quote, a table, a gallery
// and a related story come from the toolbar, and a block is edited again
// from its own toolbar. Bad input
// (a file that is no image, a 50 MB picture, a 50 MB paste of text, an
// address no provider hosts) gets an Urdu message and loses none of the
// text. The reporter sends it for review and an editor publishes it. The
// public page shows the pictures and the facade, asks no other site for
// anything before the click (the browser's network log), and one click
// frames the player from youtube-nocookie.com; axe-core finds nothing
// serious at 360 and 1280 px (screenshots rich-story-*.png).
func TestBrowserRichStory(t *testing.T) {
	bctx := newBrowser(t)
	axe := readAxe(t)
	a, ctx := openDemo(t)
	const reporterPassword = "رپورٹر کا لمبا پاس ورڈ"
	hash, err := auth.HashPassword(reporterPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Store.CreateUser(ctx, content.User{Email: "reporter@akhbar.example", Name: "سلمان رپورٹر", Slug: "salman",
		Role: content.RoleReporter, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	addEditor(t, a.Store, "editor@akhbar.example")
	lead, err := a.Newsroom.AddImage(ctx, bytes.NewReader(testPhoto(t, 1600, 900)), content.Media{
		Filename: "press-conference.jpg", Caption: "وزیر اطلاعات پریس کانفرنس سے خطاب کر رہے ہیں", Credit: "اے پی پی",
		Alt: "میز پر مائیکروفون اور پیچھے بیٹھے وزیر"})
	if err != nil {
		t.Fatal(err)
	}
	sections, err := a.Store.Sections(ctx)
	if err != nil || len(sections) == 0 {
		t.Fatalf("sections: %v", err)
	}
	files := t.TempDir()
	dropped := filepath.Join(files, "flood-relief.jpg")
	notImage := filepath.Join(files, "minutes.txt")
	os.WriteFile(dropped, testPhoto(t, 1400, 900), 0o644)
	os.WriteFile(notImage, []byte("اجلاس کی کارروائی"), 0o644)
	pasted := base64.StdEncoding.EncodeToString(testPhoto(t, 900, 600))

	base := serveOnLoopback(ctx, a)
	shots := screenshotDir(t)
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	page := tab{t: t, ctx: bctx, shots: shots, prefix: "rich story "}
	const wait = 15 * time.Second // how long page.within polls
	const docText = `document.querySelector("trix-editor").editor.getDocument().toString()`
	const blocks = `document.querySelectorAll('trix-editor figure[data-trix-content-type="application/vnd.akhbar.block+html"]').length`
	message := func(want string) string {
		return `document.querySelector("#editor-message").textContent.includes(` + jsString(want) + `)`
	}

	page.step("sign in", browserSignIn(base, "reporter@akhbar.example", reporterPassword)...)
	page.step("write",
		chromedp.Navigate(base+"/newsroom/articles/new"),
		chromedp.WaitVisible(css(`trix-toolbar [data-akhbar-block="embed"]`)),
		chromedp.SendKeys(css(`#headline`), "سیلاب زدگان کے لیے امدادی پیکج کا اعلان"),
		chromedp.SendKeys(css(`#strapline`), "متاثرہ اضلاع میں خوراک اور ادویات پہنچانے کا کام شروع"),
		chromedp.SetValue(css(`#section`), strconv.FormatInt(sections[0].ID, 10)),
		chromedp.Click(css(`trix-editor`)),
		chromedp.SendKeys(css(`trix-editor`), "حکومت نے سیلاب سے متاثرہ علاقوں کے لیے امدادی پیکج کا اعلان کر دیا ہے۔\r"),
		waitBody(`b.includes("اعلان کر دیا ہے۔")`),
	)
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](cspWatch)); err != nil {
		t.Fatal(err)
	}

	// The lead image, from the picker.
	page.step("pick the lead image",
		chromedp.Click(css(`#lead-picker [data-pick-open]`)),
		chromedp.Click(css(`#picker-opt-`+strconv.FormatInt(lead.ID, 10))),
		chromedp.Click(css(`dialog.picker .btn-primary`)),
	)
	page.within("the lead image is chosen", wait, `document.querySelector('input[name="lead_media"]').value === "`+strconv.FormatInt(lead.ID, 10)+`"`)

	// A photo dragged from the disk: uploaded through the library, then an image block.
	page.step("drag a photo into the body", dropFiles("trix-editor", []string{dropped}))
	page.within("the dropped photo becomes an image block", wait, blocks+` === 1 && `+message("لائبریری میں چلی گئی")+
		` && document.querySelector("trix-editor .nr-block img.nr-block-thumb") !== null`)
	typed := page.eval(docText)

	// Bad input changes nothing and says why.
	for _, bad := range []struct {
		what, do, want string
	}{
		{"drop a file that is no image", "", "تصویر نہیں"},
		{"paste a 50 MB picture", `dt.items.add(new File([new Uint8Array(50 << 20)], "huge.png", {type: "image/png"}))`, "زیادہ سے زیادہ ۲۵ ایم بی"},
		{"paste 50 MB of text", `dt.setData("text/plain", "خبر ".repeat(12.5 * (1 << 20)))`, "چسپاں کیا گیا متن بہت بڑا ہے"},
		{"paste an address no provider hosts", `dt.setData("text/plain", "https://example.com/news/123")`, "ایمبیڈ نہیں بن سکتا"},
	} {
		page.step("clear the message", chromedp.Evaluate[chromedp.Void](`document.querySelector("#editor-message").textContent = ""`))
		if bad.do == "" {
			page.step(bad.what, dropFiles("trix-editor", []string{notImage}))
		} else {
			page.step(bad.what, chromedp.Focus(css(`trix-editor`)), pasteInto(bad.do))
		}
		page.within(bad.what+": the message", wait, message(bad.want))
		got := page.eval(docText)
		if bad.what == "paste an address no provider hosts" {
			// It stays as typed: a link in the text.
			got = strings.Replace(got, "https://example.com/news/123", "", 1)
		}
		if got != typed {
			t.Errorf("%s changed the text:\n%q\nwant %q", bad.what, got, typed)
		}
	}
	if n := page.eval(`String(` + blocks + `)`); n != "1" {
		t.Errorf("%s blocks after the bad input, want 1", n)
	}
	if _, total, _ := a.Store.MediaList(ctx, "", 10, 0); total != 2 {
		t.Errorf("%d images in the library, want the lead and the dropped one", total)
	}

	// A photo pasted from the clipboard.
	page.step("paste a photo", chromedp.Focus(css(`trix-editor`)), chromedp.Evaluate[chromedp.Void](`(() => {
	  const e = document.querySelector("trix-editor").editor; e.setSelectedRange(e.getDocument().getLength() - 1); })()`),
		pasteInto(`dt.items.add(new File([Uint8Array.from(atob("`+pasted+`"), c => c.charCodeAt(0))], "relief-camp.jpg", {type: "image/jpeg"}))`))
	page.within("the pasted photo becomes an image block", wait, blocks+` === 2`)

	// A YouTube address pasted: an embed, whose title the dialog asks for.
	page.step("paste a YouTube address", chromedp.Focus(css(`trix-editor`)), chromedp.Evaluate[chromedp.Void](`(() => {
	  const e = document.querySelector("trix-editor").editor; e.setSelectedRange(e.getDocument().getLength() - 1); e.insertLineBreak(); })()`),
		pasteInto(`dt.setData("text/plain", "https://youtu.be/dQw4w9WgXcQ?si=share")`))
	page.within("the embed dialog asks for a title", wait, `document.querySelector("dialog.nr-block-dialog")?.open && document.activeElement.id === "nr-block-title"`)
	for _, v := range axeViolations(t, bctx, axe) {
		t.Errorf("axe with the embed dialog open: %s", v)
	}
	saveShot(t, bctx, shots, "rich-story-embed-dialog.png")
	page.step("type the title", chromedp.SendKeys(css(`#nr-block-title`), "وزیر اعظم کا قوم سے خطاب"), chromedp.Click(css(`dialog.nr-block-dialog .btn-primary`)))
	page.within("the embed is in the body", wait, `!document.querySelector("dialog.nr-block-dialog").open && `+blocks+` === 3 && !`+docText+`.includes("youtu.be")`)

	// A pull quote and a table from the toolbar.
	page.step("add a pull quote",
		chromedp.Click(css(`trix-toolbar [data-akhbar-block="pullquote"]`)),
		chromedp.SendKeys(css(`#nr-block-quote`), "کوئی متاثرہ خاندان امداد سے محروم نہیں رہے گا۔"),
		chromedp.SendKeys(css(`#nr-block-who`), "وزیر اعظم"),
		chromedp.Click(css(`dialog.nr-block-dialog .btn-primary`)),
	)
	page.within("the pull quote is in", wait, blocks+` === 4`)
	page.step("add a table",
		chromedp.Click(css(`trix-toolbar [data-akhbar-block="table"]`)),
		chromedp.SendKeys(css(`#nr-block-caption`), "امداد کی تقسیم"),
		chromedp.SendKeys(css(`#nr-block-cells`), "ضلع | خاندان\rدادو | 1200\rجیکب آباد | 950"),
		chromedp.Click(css(`dialog.nr-block-dialog .btn-primary`)),
	)
	page.within("the table is in", wait, blocks+` === 5`)
	// A gallery of two library images, and a related story found by its headline.
	page.step("add a gallery", chromedp.Click(css(`trix-toolbar [data-akhbar-block="gallery"]`)))
	for _, img := range []int64{lead.ID, lead.ID + 1} {
		page.step("add a gallery image",
			chromedp.Click(css(`dialog.nr-block-dialog .nr-block-fields > button`)),
			chromedp.Click(css(`#picker-opt-`+strconv.FormatInt(img, 10))),
			chromedp.Click(css(`dialog.picker .btn-primary`)),
		)
	}
	page.within("two images in the gallery", wait, `document.querySelectorAll(".nr-block-gallery li").length === 2`)
	page.step("the picker gives focus back", focusBackOn(`dialog.nr-block-dialog .nr-block-fields > button`))
	page.step("insert the gallery", chromedp.SendKeys(css(`#nr-block-caption`), "امدادی کیمپ کی جھلکیاں"), chromedp.Click(css(`dialog.nr-block-dialog .btn-primary`)))
	page.within("the gallery is in", wait, blocks+` === 6`)
	relatedStory, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(1))
	if err != nil || len(relatedStory) == 0 {
		t.Fatalf("a published story: %v", err)
	}
	words := strings.Fields(relatedStory[0].Headline)
	page.step("add a related story", chromedp.Click(css(`trix-toolbar [data-akhbar-block="related"]`)),
		chromedp.SendKeys(css(`#nr-block-q`), strings.Join(words[:min(2, len(words))], " ")))
	page.step("choose it", chromedp.Click(css(`#nr-related-`+strconv.FormatInt(relatedStory[0].ID, 10)+` ~ button`)))
	page.within("it is chosen", wait, `document.querySelector("dialog.nr-block-dialog [role=status]").textContent.includes(`+jsString(relatedStory[0].Headline)+`)`)
	page.step("insert it", chromedp.Click(css(`dialog.nr-block-dialog .btn-primary`)))
	page.within("the related story is in", wait, blocks+` === 7`)

	// Edited again from its own toolbar: the pull quote gets a second line.
	page.step("select the pull quote", chromedp.Click(chromedp.Search(`//trix-editor//span[contains(., "نمایاں اقتباس")]`)))
	page.step("edit it", chromedp.Click(css(`trix-editor .nr-block-edit`)), chromedp.WaitVisible(css(`#nr-block-quote`)),
		chromedp.SendKeys(css(`#nr-block-quote`), "\rامدادی کام کی نگرانی میں خود کروں گا۔"),
		chromedp.Click(css(`dialog.nr-block-dialog .btn-primary`)))
	page.within("the pull quote is changed", wait, blocks+` === 7 && document.querySelector("#body").value.includes("نگرانی میں خود")`)
	for _, width := range []int64{360, 1280} {
		page.step(fmt.Sprintf("editor at %d px", width), chromedp.EmulateViewport(width, 900))
		page.within("the toolbar fits", wait, `document.documentElement.scrollWidth <= window.innerWidth &&
		  [...document.querySelectorAll("trix-toolbar [data-akhbar-block]")].every(b => { const r = b.getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth })`)
		// The editor in the window (a full-page shot draws its sticky toolbar astray).
		page.step("scroll to the editor", chromedp.Evaluate[chromedp.Void](`document.querySelector("label[for=body-editor]").scrollIntoView()`))
		png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(shots, fmt.Sprintf("rich-story-editor-%d.png", width)), png, 0o644)
	}
	page.step("back to 1280", chromedp.EmulateViewport(1280, 1000))
	if v := page.eval(`JSON.stringify(window.__csp || [])`); v != "[]" {
		t.Errorf("Content-Security-Policy violations in the editor: %s", v)
	}

	page.step("send for review", chromedp.Click(css(`button[value="submit"]`)), chromedp.WaitVisible(css(`p.flash-ok`)))
	loc, err := chromedp.Run(bctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`/newsroom/articles/(\d+)`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("after sending for review at %s", loc)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	sent, err := a.Store.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<figure data-block="image" data-media="`, `<figure data-block="embed" data-provider="youtube" data-id="dQw4w9WgXcQ"`,
		`<figcaption>وزیر اعظم کا قوم سے خطاب</figcaption>`, `<figure data-block="pullquote"><blockquote><p>کوئی متاثرہ خاندان امداد سے محروم نہیں رہے گا۔</p><p>امدادی کام کی نگرانی میں خود کروں گا۔</p></blockquote><figcaption>وزیر اعظم</figcaption></figure>`,
		`<table><caption>امداد کی تقسیم</caption><thead><tr><th>ضلع</th><th>خاندان</th></tr></thead><tbody><tr><td>دادو</td><td>1200</td></tr>`,
		fmt.Sprintf(`<figure data-block="gallery"><figure data-block="image" data-media="%d"></figure><figure data-block="image" data-media="%d"></figure><figcaption>امدادی کیمپ کی جھلکیاں</figcaption></figure>`, lead.ID, lead.ID+1),
		fmt.Sprintf(`<aside data-block="related" data-article="%d"></aside>`, relatedStory[0].ID)} {
		if !strings.Contains(sent.BodyHTML, want) {
			t.Errorf("the stored body lacks %s:\n%s", want, sent.BodyHTML)
		}
	}
	if n := strings.Count(sent.BodyHTML, `data-block="image"`); n != 4 || sent.Status != content.StatusSubmitted || sent.LeadMediaID != lead.ID {
		t.Errorf("stored: %d image blocks (want 2, and 2 in the gallery), status %s, lead %d", n, sent.Status, sent.LeadMediaID)
	}
	if strings.Contains(sent.BodyHTML, "data-trix") || strings.Contains(sent.BodyHTML, "<img") {
		t.Errorf("editor markup or an image address in the stored body:\n%s", sent.BodyHTML)
	}

	// The editor publishes.
	page.step("sign out", chromedp.Click(css(`form[action="/newsroom/logout"] button`)), chromedp.WaitVisible(css(`#email`)))
	page.step("editor signs in", browserSignIn(base, "editor@akhbar.example", editorPassword)...)
	page.step("publish", chromedp.Navigate(fmt.Sprintf("%s/newsroom/articles/%d", base, id)),
		chromedp.WaitVisible(css(`button[value="publish"]`)), chromedp.Click(css(`button[value="publish"]`)), chromedp.WaitVisible(css(`p.flash-ok`)))
	published, err := a.Store.Article(ctx, id)
	if err != nil || published.Status != content.StatusPublished {
		t.Fatalf("after publishing: %s, %v", published.Status, err)
	}
	if published.BodyHTML != sent.BodyHTML {
		t.Errorf("the editor's round trip changed the body:\n%s\nwas\n%s", published.BodyHTML, sent.BodyHTML)
	}
	published.Section = sectionOf(sections, published.SectionID)

	// The public page, with the browser's network log.
	var mu sync.Mutex
	var requested []string
	if err := chromedp.Listen(bctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requested = append(requested, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	foreign := func() []string {
		mu.Lock()
		defer mu.Unlock()
		var out []string
		for _, u := range requested {
			if !strings.HasPrefix(u, base+"/") && !strings.HasPrefix(u, "data:") {
				out = append(out, u)
			}
		}
		return out
	}
	for _, width := range []int64{360, 1280} {
		page.step(fmt.Sprintf("open the story at %d px", width), chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+published.Path()),
			chromedp.WaitVisible(css(`figure[data-embed="youtube"] a.embed-facade`)))
		page.within("the pictures load", wait, `[...document.querySelectorAll(".story-body figure.body-image img")].filter(i => i.complete && i.naturalWidth > 0).length === 2 &&
			document.querySelectorAll(".story-body .gallery-item img").length === 2 && document.querySelector(".story-body .read-also-link") !== null &&
			document.querySelectorAll(".story-body figure.body-image picture source[type='image/webp']").length === 2`)
		for _, v := range axeViolations(t, bctx, axe) {
			t.Errorf("axe on the story at %d px: %s", width, v)
		}
		saveShot(t, bctx, shots, fmt.Sprintf("rich-story-%d.png", width))
	}
	time.Sleep(500 * time.Millisecond)
	if f := foreign(); len(f) > 0 {
		t.Errorf("before any click the page asked other sites for %v", f)
	}
	if n := page.eval(`String(document.querySelectorAll("iframe").length)`); n != "0" {
		t.Errorf("%s frames before the click", n)
	}
	page.step("click the facade", chromedp.ScrollIntoView(css(`figure[data-embed="youtube"] a.embed-facade`)),
		chromedp.Click(css(`figure[data-embed="youtube"] a.embed-facade`)), chromedp.WaitVisible(css(`figure[data-embed="youtube"] iframe.embed-frame`)))
	page.within("the player is asked for", wait, `document.querySelector("figure[data-embed=youtube] iframe").src.startsWith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")`)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && len(foreign()) == 0 {
		time.Sleep(50 * time.Millisecond)
	}
	for _, u := range foreign() {
		if !strings.HasPrefix(u, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ") {
			t.Errorf("after the click the page asked %s", u)
		}
	}
	if len(foreign()) == 0 {
		t.Error("the click did not ask youtube-nocookie.com for the player")
	}
	if v := page.eval(`JSON.stringify(window.__csp || [])`); v != "[]" {
		t.Errorf("Content-Security-Policy violations on the story: %s", v)
	}
	t.Logf("screenshots: %s", shots)
}

// sectionOf finds id among sections.
func sectionOf(sections []content.Section, id int64) content.Section {
	for _, s := range sections {
		if s.ID == id {
			return s
		}
	}
	return content.Section{}
}
