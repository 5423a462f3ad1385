package newsroom_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"akhbar/internal/content"
	"akhbar/internal/store/storetest"
)

// TestRevisionsKeepBlocks: a body with story blocks, saved from the
// editor's form, is stored as sent; its revision shows the blocks drawn
// (the picture with its caption and credit, the embed as a facade), and
// restoring it after a later edit brings the very same body back, its
// image again counted as in use.
func TestRevisionsKeepBlocks(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	m := content.Media{Format: "jpeg", Width: 1200, Height: 800, Bytes: 1000, Filename: "jalsa.jpg", Caption: "جلسہ گاہ",
		Credit: "اے پی پی", Alt: "لوگوں کا ہجوم", CreatedAt: e.clock.Now(),
		Variants: []content.MediaVariant{{Width: 1200, Height: 800, Format: "jpeg", Key: "ab/cd/jalsa-1200.jpg", Bytes: 1000, Original: true}}}
	if err := e.store.CreateMedia(ctx, &m); err != nil {
		t.Fatal(err)
	}
	editor := e.login(t, content.RoleEditor)
	editor.get("/newsroom/articles/new")
	form := articleForm(e, "بلاکس کے ساتھ خبر", 0, "save")
	form.Set("body", `<p>پہلا پیراگراف</p>`+
		fmt.Sprintf(`<figure data-block="image" data-media="%d"><figcaption>جلسے کا منظر</figcaption></figure>`, m.ID)+
		`<figure data-block="embed" data-url="https://www.youtube.com/shorts/aBcDeFgHiJ0"><figcaption>مختصر ویڈیو</figcaption></figure>`+
		`<table><tr><th>سال</th></tr><tr><td>2026</td></tr></table>`)
	code, loc, body := editor.post("/newsroom/articles/new", form)
	if code != http.StatusSeeOther {
		t.Fatalf("save: %d %s %s", code, loc, body)
	}
	var id int64
	fmt.Sscan(articleLocation.FindStringSubmatch(loc)[1], &id)
	a, err := e.store.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	want := `<p>پہلا پیراگراف</p>` +
		fmt.Sprintf(`<figure data-block="image" data-media="%d"><figcaption>جلسے کا منظر</figcaption></figure>`, m.ID) +
		`<figure data-block="embed" data-provider="youtube" data-id="aBcDeFgHiJ0" data-url="https://www.youtube.com/shorts/aBcDeFgHiJ0"><figcaption>مختصر ویڈیو</figcaption></figure>` +
		`<table><thead><tr><th>سال</th></tr></thead><tbody><tr><td>2026</td></tr></tbody></table>`
	if a.BodyHTML != want {
		t.Fatalf("stored body\n got %s\nwant %s", a.BodyHTML, want)
	}

	// A later edit drops the blocks.
	editor.get(fmt.Sprintf("/newsroom/articles/%d", id))
	later := articleForm(e, "بلاکس کے ساتھ خبر", a.Version, "save")
	later.Set("body", "<p>صرف متن</p>")
	if code, loc, body := editor.post(fmt.Sprintf("/newsroom/articles/%d", id), later); code != http.StatusSeeOther {
		t.Fatalf("second save: %d %s %s", code, loc, body)
	}
	if usage, _ := e.store.MediaUsage(ctx, m.ID); len(usage) != 0 {
		t.Errorf("an image no body shows is still in use: %+v", usage)
	}
	revs, err := e.store.Revisions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	first := revs[len(revs)-1]
	if first.BodyHTML != want {
		t.Fatalf("the first revision is not the body as stored:\n%s", first.BodyHTML)
	}
	code, page := editor.get(fmt.Sprintf("/newsroom/articles/%d/revisions/%d", id, first.ID))
	for _, s := range []string{
		`<figure class="body-image"><picture class="body-picture"><img src="/media/ab/cd/jalsa-1200.jpg"`,
		`<figcaption>جلسے کا منظر <span class="credit">تصویر: اے پی پی</span></figcaption>`,
		`<a class="embed-facade" href="https://www.youtube.com/shorts/aBcDeFgHiJ0">`,
		`<th scope="col">سال</th>`,
	} {
		if code != http.StatusOK || !strings.Contains(page, s) {
			t.Errorf("revision view (%d) lacks %s", code, s)
		}
	}
	if strings.Contains(page, "<iframe") {
		t.Error("the revision view frames a player")
	}
	if code, loc, _ := editor.post(fmt.Sprintf("/newsroom/articles/%d/revisions/%d/restore", id, first.ID), nil); code != http.StatusSeeOther || !strings.Contains(loc, "done=restored") {
		t.Fatalf("restore: %d %s", code, loc)
	}
	restored, _ := e.store.Article(ctx, id)
	if restored.BodyHTML != want {
		t.Errorf("restored body\n got %s\nwant %s", restored.BodyHTML, want)
	}
	if !strings.Contains(restored.BodyText, "مختصر ویڈیو") || !strings.Contains(restored.BodyText, "2026") {
		t.Errorf("restored body's text for search: %q", restored.BodyText)
	}
	if usage, _ := e.store.MediaUsage(ctx, m.ID); len(usage) != 1 || usage[0].ID != id {
		t.Errorf("the restored image is not in use: %+v", usage)
	}
	// The preview is the public page: the facade, and a policy framing YouTube.
	resp, err := editor.http.Get(e.srv.URL + fmt.Sprintf("/newsroom/articles/%d/preview", id))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "; frame-src https://www.youtube-nocookie.com") {
		t.Errorf("preview CSP %q", csp)
	}
}
