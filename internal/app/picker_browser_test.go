package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/store"
)

// articleIDInPath reads the article's id from the editor's address after a save.
var articleIDInPath = regexp.MustCompile(`/newsroom/articles/(\d+)\?done=saved`)

// pressEnter presses Enter as a keyboard does: one keydown that carries
// its text, so a page that handles the keydown (preventDefault) swallows
// the keypress too. kb.Enter sends the keypress apart, and it reached
// whatever had focus next: the button that had opened the dialog.
func pressEnter() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		down := input.DispatchKeyEventParams{Type: kb.KeyDown, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13,
			NativeVirtualKeyCode: 13, Text: "\r", UnmodifiedText: "\r"}
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, down); err != nil {
			return err
		}
		up := down
		up.Type, up.Text, up.UnmodifiedText = kb.KeyUp, "", ""
		_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, up)
		return err
	})
}

// arabicKeyboard writes Urdu text as an Arabic keyboard types it: Arabic
// kaf and yeh for ک and ی.
var arabicKeyboard = strings.NewReplacer("ک", "ك", "ی", "ي")

// TestBrowserPicker: in real Chromium a reporter writes a translation
// without typing a single number. The image picker finds a caption typed
// on an Arabic keyboard, an image is chosen with the keyboard alone, a
// file that is no image (and one too large) gets the server's Urdu
// message in the dialog and changes nothing, a new upload appears
// selected and is chosen; "translation of" finds the original by its
// headline; the saved article has both. The edit page with the dialog
// open is axe-clean at 360 and 1280 px (screenshots picker-dialog-*.png in
// testoutput/screenshots/), and nothing breaks the page's CSP. Without
// script (a second tab), a search shows the form again as typed, saving
// nothing, and the image chosen among its radio choices is saved.
func TestBrowserPicker(t *testing.T) {
	bctx := newBrowser(t)
	axe := readAxe(t)
	a, ctx := openDemo(t)
	hash, err := auth.HashPassword("رپورٹر کا لمبا پاس ورڈ")
	if err != nil {
		t.Fatal(err)
	}
	reporterID, err := a.Store.CreateUser(ctx, content.User{Email: "reporter@akhbar.example", Name: "سلمان رپورٹر", Slug: "salman",
		Role: content.RoleReporter, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	const caption = "کراچی میں بارش کے بعد سڑکوں پر پانی"
	rain, err := a.Newsroom.AddImage(ctx, bytes.NewReader(testPhoto(t, 720, 480)), content.Media{
		Filename: "karachi-rain.jpg", Caption: caption, Credit: "اے پی پی", Alt: "پانی میں ڈوبی سڑک پر ایک رکشہ"})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range []string{"لاہور میں کتاب میلہ", "اسلام آباد میں بہار کا میلہ"} {
		if _, err := a.Newsroom.AddImage(ctx, bytes.NewReader(testPhoto(t, 600+60*i, 400)), content.Media{
			Filename: fmt.Sprintf("scene-%d.jpg", i), Caption: c, Credit: "اسٹاف فوٹوگرافر", Alt: "منظر"}); err != nil {
			t.Fatal(err)
		}
	}
	originals, err := a.Store.ListArticles(ctx, store.PublishedArticles().Limit(1))
	if err != nil || len(originals) == 0 {
		t.Fatalf("no published demo article: %v", err)
	}
	orig := originals[0]
	files := t.TempDir()
	notImage := filepath.Join(files, "notes.jpg")
	tooBig := filepath.Join(files, "huge.jpg")
	fresh := filepath.Join(files, "flood-relief.jpg")
	os.WriteFile(notImage, []byte("یہ تصویر نہیں، ایک نوٹ ہے"), 0o644)
	big, _ := os.Create(tooBig)
	big.Write(testPhoto(t, 64, 64)[:2]) // a JPEG's first bytes, then 26 MB
	big.Truncate(26 << 20)
	big.Close()
	os.WriteFile(fresh, testPhoto(t, 700, 490), 0o644)

	base := serveOnLoopback(ctx, a)
	shots := screenshotDir(t)
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	page := tab{t: t, ctx: bctx, shots: shots, prefix: "picker "}
	const wait = 20 * time.Second // how long page.within polls (CI runs other suites beside it)
	leadValue := `document.querySelector('input[name="lead_media"]').value`
	dialogOpen := `document.querySelector("dialog.picker").open`

	page.step("sign in", browserSignIn(base, "reporter@akhbar.example", "رپورٹر کا لمبا پاس ورڈ")...)
	page.step("write",
		chromedp.Navigate(base+"/newsroom/articles/new"),
		chromedp.WaitVisible(css(`#lead-picker [data-pick-open]`)),
	)
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](cspWatch)); err != nil {
		t.Fatal(err)
	}
	page.step("fill in",
		chromedp.SendKeys(css(`#headline`), "Heavy rain floods Karachi's streets"),
		chromedp.SetValue(css(`#section`), strconv.FormatInt(orig.SectionID, 10)),
		chromedp.SetValue(css(`#language`), "en"),
	)
	// With script, the form has no radio choices and no search buttons left.
	if n := page.eval(`String(document.querySelectorAll('[data-nojs], input[type="radio"][name="lead_media"], button[value^="find_"]').length)`); n != "0" {
		t.Errorf("%s no-script controls remain beside the picker", n)
	}

	// Search with an Arabic keyboard and choose with the keyboard alone.
	rainOpt := fmt.Sprintf(`#picker-opt-%d`, rain.ID)
	page.step("open the picker",
		chromedp.Click(css(`#lead-picker [data-pick-open]`)),
		chromedp.WaitVisible(css(`dialog.picker .picker-item`)),
	)
	if page.eval(`document.activeElement.id`) != "picker-q" {
		t.Error("the search box does not have focus when the picker opens")
	}
	page.step("search an Arabic-keyboard caption", chromedp.SendKeys(css(`#picker-q`), arabicKeyboard.Replace("کراچی میں بارش")))
	page.within("the caption is found", wait,
		`(() => { const o = document.querySelectorAll("dialog.picker [role=option]"); return o.length === 1 && o[0].matches("`+rainOpt+`") &&
		  document.querySelector("#picker-status").textContent.includes("ایک تصویر ملی") })()`)
	page.step("choose it with the keyboard", chromedp.KeyEvent(kb.ArrowDown))
	if page.eval(`document.activeElement.id`) != strings.TrimPrefix(rainOpt, "#") || page.eval(`document.activeElement.getAttribute("aria-selected")`) != "true" {
		t.Fatalf("arrow down from the search box did not select the image (focus on %q)", page.eval(`document.activeElement.id`))
	}
	page.step("press Enter", pressEnter())
	page.within("the image is chosen", wait, `!`+dialogOpen+` && `+leadValue+` === "`+strconv.FormatInt(rain.ID, 10)+`" &&
		document.querySelector("#lead-picker [data-pick-chosen]").textContent.includes(`+jsString(caption)+`) &&
		document.querySelector("#lead-picker [data-pick-chosen]").textContent.includes("اے پی پی") &&
		document.activeElement.matches("#lead-picker [data-pick-open]") && !document.querySelector("#lead-picker [data-pick-clear]").hidden`)

	// Upload in place: refused files leave everything as it was.
	page.step("open the picker again",
		chromedp.Click(css(`#lead-picker [data-pick-open]`)),
		chromedp.WaitVisible(css(`dialog.picker .picker-item`)),
	)
	page.within("the grid is full", wait, `document.querySelectorAll("dialog.picker [role=option]").length === 3`)
	for _, bad := range []struct{ path, message string }{{notImage, "تصویر"}, {tooBig, "بہت بڑی"}} {
		page.step("upload "+filepath.Base(bad.path), chromedp.SetUploadFiles(css(`#picker-file`), []string{bad.path}))
		page.within("the server's message for "+filepath.Base(bad.path), wait,
			`document.querySelector("dialog.picker .picker-error").textContent.includes(`+jsString(bad.message)+`)`)
		if n := page.eval(`String(document.querySelectorAll("dialog.picker [role=option]").length)`); n != "3" || page.eval(leadValue) != strconv.FormatInt(rain.ID, 10) {
			t.Errorf("a refused upload changed the grid (%s images) or the choice (%s)", n, page.eval(leadValue))
		}
	}
	if _, total, _ := a.Store.MediaList(ctx, "", 10, 0); total != 3 {
		t.Errorf("refused uploads stored %d images", total-3)
	}
	page.step("upload a photo", chromedp.SetUploadFiles(css(`#picker-file`), []string{fresh}))
	page.within("the upload appears selected", wait,
		`(() => { const o = document.activeElement; return o.getAttribute("role") === "option" && o.getAttribute("aria-selected") === "true" &&
		  o.textContent.includes("flood-relief.jpg") && document.querySelector("#picker-status").textContent.includes("اپ لوڈ ہو گئی") &&
		  document.querySelector("dialog.picker .picker-error").textContent === "" })()`)
	uploaded, err := strconv.ParseInt(page.eval(`document.activeElement.dataset.id`), 10, 64)
	if err != nil {
		t.Fatal(err)
	}

	// The dialog, for people to look at, and for axe-core.
	for _, width := range []int64{1280, 360} {
		page.step(fmt.Sprintf("resize to %d", width), chromedp.EmulateViewport(width, 800))
		page.within("the dialog fits", wait, `document.querySelector("dialog.picker").getBoundingClientRect().width <= window.innerWidth`)
		for _, v := range axeViolations(t, bctx, axe) {
			t.Errorf("axe at %d px with the dialog open: %s", width, v)
		}
		png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(shots, fmt.Sprintf("picker-dialog-%d.png", width)), png, 0o644)
	}
	page.step("back to 1280", chromedp.EmulateViewport(1280, 1000))
	page.step("choose the upload", chromedp.Focus(css(fmt.Sprintf(`#picker-opt-%d`, uploaded))), pressEnter())
	page.within("the upload is chosen", wait, `!`+dialogOpen+` && `+leadValue+` === "`+strconv.FormatInt(uploaded, 10)+`" &&
		document.querySelector("#lead-picker .nr-pick-todo a").getAttribute("href") === "/newsroom/media/`+strconv.FormatInt(uploaded, 10)+`"`)

	// Escape closes without choosing; focus goes back.
	page.step("open and escape",
		chromedp.Click(css(`#lead-picker [data-pick-open]`)),
		chromedp.WaitVisible(css(`dialog.picker .picker-item`)),
		chromedp.KeyEvent(kb.Escape),
	)
	page.within("Escape closes the picker", wait, `!`+dialogOpen+` && document.activeElement.matches("#lead-picker [data-pick-open]") && `+
		leadValue+` === "`+strconv.FormatInt(uploaded, 10)+`"`)

	// A body image from the editor's toolbar: focus goes into the editor,
	// on a line after the image, and stays there once the dialog's close
	// event has come (which once gave it back to the toolbar button, so
	// the next words typed went to the button).
	page.step("a body image",
		chromedp.Evaluate[chromedp.Void](`document.querySelector("dialog.picker").addEventListener("close", () => { window.__pickerClosed = true }, {once: true})`),
		chromedp.Click(css(`trix-toolbar [data-akhbar-block="image"]`)),
		chromedp.Click(css(`#picker-opt-`+strconv.FormatInt(uploaded, 10))),
		chromedp.Click(css(`dialog.picker .btn-primary`)),
	)
	page.within("focus stays in the editor", wait, `window.__pickerClosed && document.activeElement.matches("trix-editor")`)
	// Typed on at once, the words go on a line of their own after the
	// image (once the first letter stayed beside it, the rest below).
	page.step("type on", chromedp.SendKeys(css(`trix-editor`), "امدادی کیمپ کا منظر"))
	page.within("the words follow the image", wait, `document.querySelector("trix-editor").editor.getDocument().toString() === "\uFFFC\nامدادی کیمپ کا منظر\n"`)

	// "Translation of": the original's headline, typed on an Arabic keyboard.
	words := strings.Fields(orig.Headline)
	typed := arabicKeyboard.Replace(strings.Join(words[:min(2, len(words))], " "))
	page.step("search the original", chromedp.SendKeys(css(`#original-search`), typed))
	page.within("the original is suggested", wait,
		`(() => { const o = document.querySelector("#original-options-`+strconv.FormatInt(orig.ID, 10)+`");
		  return !document.querySelector("#original-options").hidden && !!o && document.querySelector("#original-search").getAttribute("aria-expanded") === "true" })()`)
	page.step("choose it", chromedp.KeyEvent(kb.ArrowDown))
	for i := 0; i < 10 && page.eval(`document.querySelector("#original-search").getAttribute("aria-activedescendant") || ""`) != "original-options-"+strconv.FormatInt(orig.ID, 10); i++ {
		page.step("next suggestion", chromedp.KeyEvent(kb.ArrowDown))
	}
	page.step("press Enter on it", pressEnter())
	page.within("the original is chosen", wait,
		`document.querySelector('input[name="translation_of"]').value === "`+strconv.FormatInt(orig.ID, 10)+`" &&
		 document.querySelector("#original-picker [data-pick-chosen]").textContent.includes(`+jsString(orig.Headline)+`) &&
		 document.querySelector("#original-options").hidden && location.pathname === "/newsroom/articles/new"`)
	saveShot(t, bctx, shots, "picker-editor-chosen.png")

	page.step("save",
		chromedp.Click(css(`button[value="save"]`)),
		chromedp.WaitVisible(css(`p.flash-ok`)),
	)
	if v := page.eval(`JSON.stringify(window.__csp || [])`); v != "[]" {
		t.Errorf("Content-Security-Policy violations: %s", v)
	}
	loc, err := chromedp.Run(bctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	m := articleIDInPath.FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("after saving at %s", loc)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	saved, err := a.Store.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if saved.LeadMediaID != uploaded || saved.TranslationOf != orig.ID || saved.Language != "en" || saved.CreatedBy != reporterID {
		t.Errorf("saved: lead %d (want %d), translation of %d (want %d), language %s, by %d", saved.LeadMediaID, uploaded,
			saved.TranslationOf, orig.ID, saved.Language, saved.CreatedBy)
	}
	up, err := a.Store.Media(ctx, uploaded)
	if err != nil || up.Filename != "flood-relief.jpg" || up.CreatedBy != reporterID {
		t.Errorf("the upload: %+v, %v", up, err)
	}

	// Without JavaScript (a second tab, signed in too): radio choices and a
	// search button, which shows the form again with the matches; Save stores.
	nojs, cancel := chromedp.NewContext(bctx)
	defer cancel()
	noScript := tab{t: t, ctx: nojs, shots: shots, prefix: "picker without script "}
	fair, _, err := a.Store.MediaList(ctx, "کتاب میلہ", 1, 0)
	if err != nil || len(fair) != 1 {
		t.Fatalf("the book fair image: %v", err)
	}
	fairRadio := fmt.Sprintf(`input[type="radio"][name="lead_media"][value="%d"]`, fair[0].ID)
	noScript.step("open the editor",
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}),
		chromedp.EmulateViewport(1280, 1000),
		chromedp.Navigate(fmt.Sprintf("%s/newsroom/articles/%d", base, id)),
		chromedp.WaitVisible(css(`#lead_q`)),
	)
	noScript.step("search a caption",
		chromedp.SetValue(css(`#headline`), "Heavy rain floods Karachi's streets again"),
		chromedp.SendKeys(css(`#lead_q`), arabicKeyboard.Replace("کتاب میلہ")),
		chromedp.Click(css(`button[value="find_media"]`)),
		// The page the search answers with (the form's before had the image too).
		chromedp.WaitVisible(chromedp.Search(`//legend[contains(., "کی تلاش کے نتائج")]`)),
		chromedp.WaitVisible(css(fairRadio)),
	)
	if n, err := chromedp.Run(nojs, chromedp.Evaluate[int](`document.querySelectorAll('input[type="radio"][name="lead_media"]').length`)); err != nil || n != 3 {
		t.Errorf("radio choices after the search: %d (%v), want none, the current image and the match", n, err)
	}
	if after, _ := a.Store.Article(ctx, id); after.Version != saved.Version {
		t.Errorf("the search without script saved the article (version %d → %d)", saved.Version, after.Version)
	}
	kept, err := chromedp.Run(nojs, chromedp.Value(css(`#headline`)))
	if err != nil || kept != "Heavy rain floods Karachi's streets again" {
		t.Errorf("the search lost the typed headline: %q, %v", kept, err)
	}
	saveShot(t, nojs, shots, "picker-nojs-1280.png")
	noScript.step("choose and save",
		chromedp.Click(css(fairRadio)),
		chromedp.Click(css(`button[value="save"]`)),
		chromedp.WaitVisible(css(`p.flash-ok`)),
	)
	if after, _ := a.Store.Article(ctx, id); after.LeadMediaID != fair[0].ID || after.TranslationOf != orig.ID {
		t.Errorf("saved without script: lead %d (want %d), translation of %d", after.LeadMediaID, fair[0].ID, after.TranslationOf)
	}
	t.Logf("screenshots: %s", shots)
}
