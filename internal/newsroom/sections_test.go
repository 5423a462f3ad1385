package newsroom_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

func publicGet(t *testing.T, e *env, path string) (int, string, string) {
	t.Helper()
	c := e.browser(t)
	return c.do("GET", path, nil)
}

// TestSectionScreen: admins create, rename, re-slug, nest, reorder and
// delete sections; Urdu refusals; the public site follows at once.
func TestSectionScreen(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		admin := e.login(t, content.RoleAdmin)
		editor := e.login(t, content.RoleEditor)
		if code, _ := editor.get("/newsroom/sections"); code != http.StatusForbidden {
			t.Errorf("editor GET sections: %d", code)
		}
		if code, _, _ := editor.post("/newsroom/sections", url.Values{"name": {"ہیک"}, "slug": {"hack"}}); code != http.StatusForbidden {
			t.Errorf("editor POST sections: %d", code)
		}
		if code, body := admin.get("/newsroom/sections"); code != 200 || !strings.Contains(body, "کھیل") {
			t.Fatalf("sections page: %d", code)
		}
		// The home page is read before the change: its section list must go.
		publicGet(t, e, "/")
		for _, c := range []struct {
			form url.Values
			want string
		}{
			{url.Values{"name": {""}, "slug": {"x"}}, "حصے کا نام لکھنا ضروری ہے"},
			{url.Values{"name": {"نیوز روم"}, "slug": {"newsroom"}}, "ویب سائٹ کا اپنا پتا ہے"},
			{url.Values{"name": {"تلاش"}, "slug": {"search"}}, "ویب سائٹ کا اپنا پتا ہے"},
			{url.Values{"name": {"کھیل کود"}, "slug": {"sports"}}, "پہلے سے حصے «کھیل» کا ہے"},
			{url.Values{"name": {"غلط"}, "slug": {"Bad Slug!"}}, "انگریزی کے چھوٹے حروف"},
		} {
			admin.get("/newsroom/sections")
			if code, _, body := admin.post("/newsroom/sections", c.form); code != http.StatusUnprocessableEntity || !strings.Contains(body, c.want) {
				t.Errorf("%v: %d, no %q", c.form, code, c.want)
			}
		}
		admin.get("/newsroom/sections")
		if code, loc, body := admin.post("/newsroom/sections", url.Values{"name": {"کاروبار"}, "slug": {"business"}}); code != http.StatusSeeOther {
			t.Fatalf("create: %d %s\n%s", code, loc, body)
		}
		if _, _, home := publicGet(t, e, "/"); !strings.Contains(home, `href="/business/"`) {
			t.Error("the home page's navigation lacks the new section")
		}
		if code, _, _ := publicGet(t, e, "/business/"); code != 200 {
			t.Errorf("new section page: %d", code)
		}
		secs, _ := s.Sections(t.Context())
		var business content.Section
		for _, sec := range secs {
			if sec.Slug == "business" {
				business = sec
			}
		}
		sports, national := e.sections[1], e.sections[0]
		// Re-slugged and nested: the old address moves.
		admin.get("/newsroom/sections")
		code, _, body := admin.post("/newsroom/sections/"+strconv.FormatInt(sports.ID, 10), url.Values{"name": {"کھیل"}, "slug": {"khel"}, "parent": {strconv.FormatInt(national.ID, 10)}})
		if code != http.StatusSeeOther {
			t.Fatalf("update: %d\n%s", code, body)
		}
		if code, loc, _ := publicGet(t, e, "/sports/"); code != http.StatusMovedPermanently || loc != "/khel/" {
			t.Errorf("old section address: %d %q", code, loc)
		}
		admin.get("/newsroom/sections")
		if code, _, body := admin.post("/newsroom/sections/"+strconv.FormatInt(national.ID, 10), url.Values{"name": {"قومی"}, "slug": {"national"}, "parent": {strconv.FormatInt(sports.ID, 10)}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "اپنے ہی کسی ذیلی حصے") {
			t.Errorf("a cycle: %d", code)
		}
		// Business moves up above national (top-level siblings).
		admin.get("/newsroom/sections")
		if code, _, _ := admin.post("/newsroom/sections/"+strconv.FormatInt(business.ID, 10)+"/move", url.Values{"dir": {"up"}}); code != http.StatusSeeOther {
			t.Fatalf("move: %d", code)
		}
		secs, _ = s.Sections(t.Context())
		var order []string
		for _, sec := range secs {
			order = append(order, sec.Slug)
		}
		if strings.Join(order, " ") != "business national khel" {
			t.Errorf("order after moving up: %v", order)
		}
		// Not empty: refused with what to do.
		editor.create("قومی خبر", "save")
		admin.get("/newsroom/sections")
		if code, _, body := admin.post("/newsroom/sections/"+strconv.FormatInt(national.ID, 10)+"/delete", nil); code != http.StatusConflict || !strings.Contains(body, "کسی اور حصے میں منتقل کریں") {
			t.Errorf("deleting a section with stories: %d", code)
		}
		admin.get("/newsroom/sections")
		if code, _, _ := admin.post("/newsroom/sections/"+strconv.FormatInt(business.ID, 10)+"/delete", nil); code != http.StatusSeeOther {
			t.Errorf("deleting an empty section: %d", code)
		}
		if code, _, _ := publicGet(t, e, "/business/"); code != http.StatusNotFound {
			t.Errorf("deleted section page: %d", code)
		}
		_, audit := admin.get("/newsroom/audit")
		for _, want := range []string{"نیا حصہ", "حصے میں تبدیلی", "حصوں کی ترتیب", "حصہ حذف"} {
			if !strings.Contains(audit, want) {
				t.Errorf("audit log lacks %q", want)
			}
		}
	})
}

// TestTagManager: editors rename and merge tags; old tag pages and feeds
// answer 301 to the new ones, and search finds stories by the new name.
func TestTagManager(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		editor := e.login(t, content.RoleEditor)
		reporter := e.login(t, content.RoleReporter)
		if code, _ := reporter.get("/newsroom/tags"); code != http.StatusForbidden {
			t.Errorf("reporter GET tags: %d", code)
		}
		editor.create("بجٹ کی خبر", "publish") // tags بجٹ، معیشت
		budget, err := s.TagBySlug(t.Context(), "بجٹ")
		if err != nil {
			t.Fatal(err)
		}
		economy, _ := s.TagBySlug(t.Context(), "معیشت")
		if code, body := editor.get("/newsroom/tags"); code != 200 || !strings.Contains(body, "معیشت") {
			t.Fatalf("tags page: %d", code)
		}
		id := func(t content.Tag) string { return strconv.FormatInt(t.ID, 10) }
		if code, _, body := editor.post("/newsroom/tags/"+id(budget), url.Values{"name": {"معیشت"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "ضم کریں") {
			t.Errorf("rename to a taken name: %d", code)
		}
		editor.get("/newsroom/tags")
		if code, _, body := editor.post("/newsroom/tags/"+id(budget), url.Values{"name": {"وفاقی بجٹ"}}); code != http.StatusSeeOther {
			t.Fatalf("rename: %d\n%s", code, body)
		}
		newPath := "/tag/" + url.PathEscape("وفاقی-بجٹ")
		if code, loc, _ := publicGet(t, e, "/tag/"+url.PathEscape("بجٹ")); code != http.StatusMovedPermanently || loc != newPath {
			t.Errorf("old tag page: %d %q, want 301 %q", code, loc, newPath)
		}
		if code, loc, _ := publicGet(t, e, "/tag/"+url.PathEscape("بجٹ")+"/feed.xml"); code != http.StatusMovedPermanently || loc != newPath+"/feed.xml" {
			t.Errorf("old tag feed: %d %q", code, loc)
		}
		if _, _, body := publicGet(t, e, "/search?q="+url.QueryEscape("وفاقی")); !strings.Contains(body, "بجٹ کی خبر") {
			t.Error("search does not find the story by the tag's new name")
		}
		editor.get("/newsroom/tags")
		if code, _, body := editor.post("/newsroom/tags/"+id(economy)+"/merge", url.Values{"into": {"نامعلوم"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "کوئی ٹیگ نہیں ملا") {
			t.Errorf("merge into an unknown tag: %d", code)
		}
		editor.get("/newsroom/tags")
		if code, _, body := editor.post("/newsroom/tags/"+id(economy)+"/merge", url.Values{"into": {"وفاقی بجٹ"}}); code != http.StatusSeeOther {
			t.Fatalf("merge: %d\n%s", code, body)
		}
		if code, loc, _ := publicGet(t, e, "/tag/"+url.PathEscape("معیشت")); code != http.StatusMovedPermanently || loc != newPath {
			t.Errorf("merged tag page: %d %q", code, loc)
		}
		if code, _, _ := publicGet(t, e, newPath); code != 200 {
			t.Errorf("new tag page: %d", code)
		}
		admin := e.login(t, content.RoleAdmin)
		_, audit := admin.get("/newsroom/audit")
		for _, want := range []string{"ٹیگ کا نام یا پتا بدلا", "ٹیگ ضم"} {
			if !strings.Contains(audit, want) {
				t.Errorf("audit log lacks %q", want)
			}
		}
	})
}
