package newsroom_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"akhbar/internal/content"
	"akhbar/internal/store/storetest"
)

// TestNewsroomHardening covers issue 25's smaller findings: the commonest
// passwords are refused, a byline naming no account is a message and
// not a 500, the site's name has a length, an autosave that changed
// nothing makes no revision, and an image's page hides other people's
// unpublished headlines from those who may not open them.
func TestNewsroomHardening(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	admin := e.login(t, content.RoleAdmin)

	admin.get("/newsroom/users")
	code, _, body := admin.post("/newsroom/users", url.Values{"name": {"نیا"}, "email": {"new@akhbar.example"}, "role": {"reporter"}, "password": {"Pakistan123"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "یہ پاس ورڈ بہت عام ہے") {
		t.Errorf("a user with the password Pakistan123: %d, want 422 with the reason", code)
	}

	id := admin.create("بائی لائن کی جانچ", "save")
	a, _ := e.store.Article(ctx, id)
	admin.get(fmt.Sprintf("/newsroom/articles/%d", id))
	form := articleForm(e, "بائی لائن کی جانچ", a.Version, "save")
	form["authors"] = []string{"987654"}
	if code, _, body := admin.post(fmt.Sprintf("/newsroom/articles/%d", id), form); code != http.StatusUnprocessableEntity || !strings.Contains(body, "مصنفین میں سے ایک اب موجود نہیں") {
		t.Errorf("a byline naming no account: %d, want 422 with a message", code)
	}

	admin.get("/newsroom/settings")
	if code, _, body := admin.post("/newsroom/settings", url.Values{"site_name": {strings.Repeat("اخبار ", 20)}, "time_zone": {"Asia/Karachi"},
		"digits": {"urdu"}, "hijri_offset": {"0"}, "most_read_hours": {"24"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "حروف سے زیادہ نہیں") {
		t.Errorf("a 120-character site name: %d, want 422", code)
	}

	// Autosave twice with the same text: one revision, not two.
	reporter := e.login(t, content.RoleReporter)
	rid := reporter.create("خودکار محفوظ", "save")
	r, _ := e.store.Article(ctx, rid)
	reporter.get(fmt.Sprintf("/newsroom/articles/%d", rid))
	auto := articleForm(e, "خودکار محفوظ: نیا متن", r.Version, "")
	auto.Set("csrf", reporter.csrf)
	reporter.do("POST", fmt.Sprintf("/newsroom/articles/%d/autosave", rid), auto, "X-Requested-With", "fetch")
	revs, _ := e.store.Revisions(ctx, rid)
	auto.Set("version", fmt.Sprint(r.Version+1))
	code, _, body = reporter.do("POST", fmt.Sprintf("/newsroom/articles/%d/autosave", rid), auto, "X-Requested-With", "fetch")
	if again, _ := e.store.Revisions(ctx, rid); code != http.StatusOK || len(again) != len(revs) || !strings.Contains(body, fmt.Sprintf(`"version":%d`, r.Version+1)) {
		t.Errorf("an autosave that changed nothing: %d %s, %d revisions after %d", code, body, len(again), len(revs))
	}

	// An editor's draft uses an image; a contributor opens the image.
	editor := e.login(t, content.RoleEditor)
	_, results := editor.uploadFiles(map[string][]byte{"lead.jpg": photo(t, 400, 300, 90)})
	if len(results) != 1 || results[0]["id"] == nil {
		t.Fatalf("upload: %v", results)
	}
	mediaID := int64(results[0]["id"].(float64))
	did := editor.create("مدیر کا خفیہ مسودہ", "save")
	d, _ := e.store.Article(ctx, did)
	editor.get(fmt.Sprintf("/newsroom/articles/%d", did))
	lead := articleForm(e, "مدیر کا خفیہ مسودہ", d.Version, "save")
	lead.Set("lead_media", fmt.Sprint(mediaID))
	if code, _, body := editor.post(fmt.Sprintf("/newsroom/articles/%d", did), lead); code != http.StatusSeeOther {
		t.Fatalf("lead image: %d\n%.600s", code, body)
	}
	contributor := e.login(t, content.RoleContributor)
	_, page := contributor.get(fmt.Sprintf("/newsroom/media/%d", mediaID))
	if strings.Contains(page, "مدیر کا خفیہ مسودہ") || !strings.Contains(page, "غیر شائع شدہ مضمون میں بھی") {
		t.Error("a contributor sees another's draft headline on the image page, or no word that it is used")
	}
	if _, page := editor.get(fmt.Sprintf("/newsroom/media/%d", mediaID)); !strings.Contains(page, "مدیر کا خفیہ مسودہ") {
		t.Error("the editor does not see the draft that uses the image")
	}
}
