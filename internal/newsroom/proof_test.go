package newsroom_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store/storetest"
	"akhbar/internal/urdu"
)

// fieldValue returns what the page's form shows in the field name: an
// input's value, a textarea's text, or a select's selected option.
func fieldValue(t *testing.T, page, name string) string {
	t.Helper()
	q := regexp.QuoteMeta(name)
	if m := regexp.MustCompile(`<input[^>]*\sname="` + q + `"[^>]*\svalue="([^"]*)"`).FindStringSubmatch(page); m != nil {
		return html.UnescapeString(m[1])
	}
	if m := regexp.MustCompile(`<textarea[^>]*\sname="` + q + `"[^>]*>([^<]*)</textarea>`).FindStringSubmatch(page); m != nil {
		return html.UnescapeString(m[1])
	}
	if m := regexp.MustCompile(`(?s)<select[^>]*\sname="` + q + `".*?</select>`).FindString(page); m != "" {
		if o := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m); o != nil {
			return o[1]
		}
		return ""
	}
	t.Fatalf("no field %q on the page", name)
	return ""
}

// proofKeys returns the values of the page's «درست کریں» buttons.
func proofKeys(page string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`name="proof" value="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if m[1] != "all" {
			out = append(out, html.UnescapeString(m[1]))
		}
	}
	return out
}

// proofForm is an article as a writer types it, with the usual Urdu slips.
func proofForm(e *env, version int, action string) url.Values {
	f := articleForm(e, "كیا بجٹ منظور ہو گا?", version, action)
	f.Set("strapline", "وزیر خزانہ نے کہا, بجٹ متوازن ہے.")
	f.Set("body", "<p>حکومت نے بجٹ <strong>پیش</strong> کر دیا.</p><p>اجلاس ۲0۲6 میں ہوگا ۔</p>")
	f.Set("dateline_place", "اسلام آباد")
	f.Set("slug", "budget-2026")
	f.Set("tags", "بجٹ، پارلیمان")
	return f
}

// TestProofAdviceAfterSave: a save with Urdu slips goes through, and the
// editor then lists them, each with its text around it, as advice.
func TestProofAdviceAfterSave(t *testing.T) {
	s := storetest.OpenSQLite(t)
	e := newEnv(t, s)
	editor := e.login(t, content.RoleEditor)
	editor.get("/newsroom/articles/new")
	code, loc, body := editor.post("/newsroom/articles/new", proofForm(e, 0, "save"))
	if code != http.StatusSeeOther {
		t.Fatalf("save with proofing findings: %d\n%s", code, body)
	}
	var id int64
	fmt.Sscan(articleLocation.FindStringSubmatch(loc)[1], &id)
	a, _ := s.Article(context.Background(), id)
	// Stored as typed apart from the safe repairs: the advice is not applied.
	if a.Headline != "کیا بجٹ منظور ہو گا?" {
		t.Errorf("stored headline %q", a.Headline)
	}
	_, page := editor.get(loc)
	for _, want := range []string{
		`<a href="#proof">پروف ریڈنگ کی <span data-proof-count>6 تجاویز</span></a>`,
		`<h2 id="proof-title">پروف ریڈنگ<span data-proof-total>: <span data-proof-count>6 تجاویز</span></span></h2>`,
		"صرف مشورے",
		// Each finding with the text around it and why.
		`سرخی:</span>`, `<mark>?</mark>`, "سوالیہ نشان «؟»",
		`ذیلی سرخی:</span>`, `نے کہا<mark>,</mark> بجٹ`, "اردو سکتہ «،»",
		`متن:</span>`, `کر دیا<mark>.</mark>`, "ختمہ «۔»",
		`<mark>۲0۲6</mark>`, `: «۲۰۲۶»`,
		`ہوگا<mark>␣</mark>۔`, "«۔» سے پہلے خالی جگہ نہیں آتی",
		`value="all" formaction="/newsroom/articles/` + fmt.Sprint(id) + `#proof" formnovalidate>سب درست کریں</button>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("editor after save lacks %q", want)
		}
	}
	// Headline findings can be fixed in place by proof.js: where, in UTF-16 units.
	if !strings.Contains(page, `data-field="headline" data-start="19" data-from="?" data-to="؟"`) {
		t.Error("the headline's finding has no data for proof.js")
	}
	// The fix buttons come after the save buttons: Enter in a field saves.
	if strings.Index(page, `name="proof"`) < strings.Index(page, `name="action" value="save"`) {
		t.Error("a proofing button comes before the save button")
	}

	// Publishing is not blocked by advice either.
	if code, _ := editor.act(id, "publish"); code != http.StatusSeeOther {
		t.Errorf("publishing with proofing findings: %d", code)
	}
	if st := status(t, s, id); st != content.StatusPublished {
		t.Errorf("status %s after publish", st)
	}

	// Text in other languages is not proofed by Urdu rules.
	english := articleForm(e, "Is the budget passed?", 0, "save")
	english.Set("language", "en")
	english.Set("body", "<p>Yes, it is.</p>")
	editor.get("/newsroom/articles/new")
	_, loc, _ = editor.post("/newsroom/articles/new", english)
	if _, page := editor.get(loc); strings.Contains(page, `id="proof"`) {
		t.Error("an English article got Urdu proofing advice")
	}
}

// TestProofFixButtons: «سب درست کریں» and «درست کریں» fix the text as
// submitted and show the form again without saving, keeping all else typed.
func TestProofFixButtons(t *testing.T) {
	s := storetest.OpenSQLite(t)
	e := newEnv(t, s)
	editor := e.login(t, content.RoleEditor)
	id := editor.create("پہلا عنوان", "save")
	before, _ := s.Article(context.Background(), id)
	path := fmt.Sprintf("/newsroom/articles/%d", id)

	// The writer has typed a lot since; a save was refused (no section)
	// and the form is back with the raw text: Arabic letters and all.
	editor.get(path)
	form := proofForm(e, before.Version, "save")
	form.Set("section", "")
	code, _, page := editor.post(path, form)
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "حصہ منتخب کریں") {
		t.Fatalf("refused save: %d", code)
	}
	keys := proofKeys(page)
	wantKeys := []string{"headline/kaf/0/d983", "headline/punctuation/0/3f", "strapline/punctuation/0/2c", "strapline/punctuation/1/2e",
		"body/punctuation/0/2e", "body/mixed-digits/0/dbb230dbb236", "body/space-before-mark/0/20"}
	if strings.Join(keys, " ") != strings.Join(wantKeys, " ") {
		t.Fatalf("fix buttons %q, want %q", keys, wantKeys)
	}
	if !strings.Contains(page, " data-unsaved>") {
		t.Error("a refused save does not mark the form unsaved")
	}

	// One fix: the headline's Arabic kaf.
	form.Set("section", fmt.Sprint(e.sections[1].ID))
	form.Del("action")
	form.Set("proof", "headline/kaf/0/d983")
	code, _, page = editor.post(path, form)
	if code != http.StatusOK {
		t.Fatalf("fix one: %d", code)
	}
	if got := fieldValue(t, page, "headline"); got != "کیا بجٹ منظور ہو گا?" {
		t.Errorf("headline after fixing the kaf: %q", got)
	}
	if got := fieldValue(t, page, "strapline"); got != "وزیر خزانہ نے کہا, بجٹ متوازن ہے." {
		t.Errorf("fixing the headline changed the strapline: %q", got)
	}
	if !strings.Contains(page, "یہ تجویز درست کر دی گئی۔ مضمون ابھی محفوظ نہیں ہوا") || !strings.Contains(page, " data-unsaved>") {
		t.Error("no word that the fix is not saved")
	}

	// One fix in the body: only that text node changes.
	form.Set("proof", "body/mixed-digits/0/dbb230dbb236")
	_, _, page = editor.post(path, form)
	if got, want := fieldValue(t, page, "body"), "<p>حکومت نے بجٹ <strong>پیش</strong> کر دیا.</p><p>اجلاس ۲۰۲۶ میں ہوگا ۔</p>"; got != want {
		t.Errorf("body after one fix:\n%q\nwant %q", got, want)
	}

	// All at once.
	form.Set("proof", "all")
	code, _, page = editor.post(path, form)
	if code != http.StatusOK {
		t.Fatalf("fix all: %d", code)
	}
	for field, want := range map[string]string{
		"headline":  "کیا بجٹ منظور ہو گا؟",
		"strapline": "وزیر خزانہ نے کہا، بجٹ متوازن ہے۔",
		"body":      "<p>حکومت نے بجٹ <strong>پیش</strong> کر دیا۔</p><p>اجلاس ۲۰۲۶ میں ہوگا۔</p>",
		// Nothing else typed is lost.
		"dateline_place": "اسلام آباد", "dateline_source": "نیوز ڈیسک", "slug": "budget-2026", "tags": "بجٹ، پارلیمان",
		"section": fmt.Sprint(e.sections[1].ID), "version": fmt.Sprint(before.Version),
	} {
		if got := fieldValue(t, page, field); got != want {
			t.Errorf("%s after fix all: %q, want %q", field, got, want)
		}
	}
	if !strings.Contains(page, "تمام تجاویز کے مطابق متن درست کر دیا گیا") || strings.Contains(page, `<ol class="nr-proof-list">`) {
		t.Error("fix all: no note, or findings still listed")
	}
	after, _ := s.Article(context.Background(), id)
	if after.Version != before.Version || after.Headline != "پہلا عنوان" {
		t.Errorf("a fix button saved the article: version %d→%d, headline %q", before.Version, after.Version, after.Headline)
	}

	// A finding the text no longer has (the writer changed it meanwhile).
	form.Set("headline", "کیا بجٹ منظور ہو گا؟")
	form.Set("proof", "headline/punctuation/0/3f")
	_, _, page = editor.post(path, form)
	if !strings.Contains(page, "یہ تجویز اب متن میں نہیں ملی") || fieldValue(t, page, "headline") != "کیا بجٹ منظور ہو گا؟" {
		t.Error("a stale fix button was not explained, or changed the text")
	}

	// Then the writer saves what the fixes made.
	form.Del("proof")
	form.Set("action", "save")
	if code, _, _ := editor.post(path, form); code != http.StatusSeeOther {
		t.Fatalf("save after fixing: %d", code)
	}
	if a, _ := s.Article(context.Background(), id); a.Headline != "کیا بجٹ منظور ہو گا؟" {
		t.Errorf("saved headline %q", a.Headline)
	}

	// Fix buttons need the right to edit the article.
	other := editor.create("مدیر کی خبر", "save")
	reporter := e.login(t, content.RoleReporter)
	reporter.get("/newsroom/")
	f := proofForm(e, 1, "")
	f.Set("proof", "all")
	if code, _, _ := reporter.post(fmt.Sprintf("/newsroom/articles/%d", other), f); code != http.StatusForbidden {
		t.Errorf("reporter fixing an editor's draft: %d, want 403", code)
	}
}

// TestBidiControlsStrippedOnSave: headlines, straplines, datelines, tags
// and user names never keep direction controls.
func TestBidiControlsStrippedOnSave(t *testing.T) {
	s := storetest.OpenSQLite(t)
	e := newEnv(t, s)
	editor := e.login(t, content.RoleEditor)
	editor.get("/newsroom/articles/new")
	f := articleForm(e, "\u202bروس\u202c اور \u202eT20\u202c کپ", 0, "save")
	f.Set("strapline", "\u2067خلاصہ\u2069 \u202a \u202c یہاں")
	f.Set("dateline_place", "\u2066لاہور\u2069")
	f.Set("tags", "\u2067کرکٹ\u2069، \u202eبجٹ")
	code, loc, body := editor.post("/newsroom/articles/new", f)
	if code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", code, body)
	}
	var id int64
	fmt.Sscan(articleLocation.FindStringSubmatch(loc)[1], &id)
	a, err := s.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if a.Headline != "روس اور T20 کپ" || a.Strapline != "خلاصہ یہاں" || a.DatelinePlace != "لاہور" {
		t.Errorf("stored %q / %q / %q", a.Headline, a.Strapline, a.DatelinePlace)
	}
	var names []string
	for _, tg := range a.Tags {
		names = append(names, tg.Name)
	}
	if strings.Join(names, "،") != "کرکٹ،بجٹ" && strings.Join(names, "،") != "بجٹ،کرکٹ" {
		t.Errorf("stored tags %q", names)
	}

	admin := e.login(t, content.RoleAdmin)
	admin.get("/newsroom/users")
	code, _, _ = admin.post("/newsroom/users", url.Values{"email": {"new@akhbar.example"}, "name": {"\u202eنئی\u202c صحافی"},
		"role": {"reporter"}, "password": {password}})
	if code != http.StatusSeeOther {
		t.Fatalf("create user: %d", code)
	}
	u, err := s.UserByEmail(context.Background(), "new@akhbar.example")
	if err != nil || u.Name != "نئی صحافی" {
		t.Errorf("stored user name %q, %v", u.Name, err)
	}
}

// TestPublishTimePicker: the publish time is read and shown in Urdu
// fields in the site's zone, never as a browser's mm/dd/yyyy.
func TestPublishTimePicker(t *testing.T) {
	s := storetest.OpenSQLite(t)
	e := newEnv(t, s)
	editor := e.login(t, content.RoleEditor)
	_, page := editor.get("/newsroom/articles/new")
	for _, want := range []string{
		`<label for="publish_day">تاریخ</label>`, `<option value="5">مئی</option>`, `<option value="12">دسمبر</option>`,
		`<option value="18">6 شام</option>`, `<option value="0">12 رات</option>`, "ٹائم زون: پاکستان کا معیاری وقت",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("editor lacks %q", want)
		}
	}
	for _, month := range urdu.MonthNames {
		if !strings.Contains(page, ">"+month+"</option>") {
			t.Errorf("no month %s", month)
		}
	}
	if strings.Contains(page, "datetime-local") || strings.Contains(page, "publish_at") {
		t.Error("the editor still has a browser date-time field")
	}

	id := editor.create("طے شدہ خبر", "save")
	path := fmt.Sprintf("/newsroom/articles/%d", id)
	bad := []struct {
		name                                string
		day, month, year, hour, minute, say string
	}{
		{"no date", "", "", "", "", "", "تاریخ، مہینہ، سال اور وقت لکھیں"},
		{"30 February", "30", "2", "2026", "10", "00", "فروری 2026 میں 28 دن ہوتے ہیں، اس لیے 30 فروری کی کوئی تاریخ نہیں۔"},
		{"31 April", "31", "4", "2026", "10", "00", "اپریل 2026 میں 30 دن ہوتے ہیں"},
		{"day 0", "0", "3", "2026", "10", "00", "تاریخ 1 سے 31 تک کا عدد لکھیں"},
		{"no month", "3", "", "2026", "10", "00", "اشاعت کا مہینہ منتخب کریں"},
		{"two-digit year", "3", "3", "26", "10", "00", "سال چار ہندسوں میں لکھیں، جیسے 2026"},
		{"no hour", "3", "3", "2026", "", "00", "اشاعت کا گھنٹہ منتخب کریں"},
		{"minute 75", "3", "3", "2026", "10", "75", "منٹ 0 سے 59 تک لکھیں"},
		{"not a number", "۳ا", "3", "2026", "10", "00", "تاریخ 1 سے 31 تک"},
		{"past", "17", "2", "2026", "10", "00", "اشاعت کا وقت مستقبل میں ہونا چاہیے؛ اس وقت 18 فروری 2026، 11:00 صبح ہے۔"},
	}
	for _, b := range bad {
		code, page := editor.act(id, "schedule", publishAt(b.day, b.month, b.year, b.hour, b.minute)...)
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, b.say) {
			t.Errorf("%s: %d, no %q", b.name, code, b.say)
		}
		if code == http.StatusUnprocessableEntity && (fieldValue(t, page, "publish_day") != b.day || fieldValue(t, page, "publish_month") != b.month) {
			t.Errorf("%s: the typed date is not shown back", b.name)
		}
	}
	if st := status(t, s, id); st != content.StatusDraft {
		t.Fatalf("status %s after refused schedules", st)
	}

	// Urdu digits are read as well as Latin ones; 6:45 in the evening in Karachi is 13:45 UTC.
	if code, _ := editor.act(id, "schedule", publishAt("۱۸", "2", "۲۰۲۶", "18", "۴۵")...); code != http.StatusSeeOther {
		t.Fatalf("schedule: %d", code)
	}
	a, _ := s.Article(context.Background(), id)
	want := time.Date(2026, 2, 18, 13, 45, 0, 0, time.UTC)
	if a.Status != content.StatusScheduled || !a.PublishedAt.Equal(want) {
		t.Fatalf("scheduled %s for %v, want %v", a.Status, a.PublishedAt, want)
	}
	_, page = editor.get(path)
	for field, want := range map[string]string{"publish_day": "18", "publish_month": "2", "publish_year": "2026", "publish_hour": "18", "publish_minute": "45"} {
		if got := fieldValue(t, page, field); got != want {
			t.Errorf("%s shown back as %q, want %q", field, got, want)
		}
	}
	if !strings.Contains(page, "اشاعت: 18 فروری 2026، 6:45 شام") {
		t.Error("the editor does not say when the article will be published")
	}

	// It goes live at that instant, not a minute before.
	if ids, err := s.PublishDue(context.Background(), want.Add(-time.Second)); err != nil || len(ids) != 0 {
		t.Errorf("published early: %v %v", ids, err)
	}
	if ids, err := s.PublishDue(context.Background(), want); err != nil || len(ids) != 1 || ids[0] != id {
		t.Errorf("not published at its time: %v %v", ids, err)
	}

	// With Urdu digits set for the site, the fields show Urdu digits; in
	// a zone with summer time, a time the clocks skip is refused.
	admin := e.login(t, content.RoleAdmin)
	admin.get("/newsroom/settings")
	if code, _, _ := admin.post("/newsroom/settings", url.Values{"site_name": {"اخبار"}, "time_zone": {"Europe/London"}, "date_style": {"short"},
		"digits": {"urdu"}, "hijri_offset": {"0"}, "most_read_hours": {"48"}}); code != http.StatusSeeOther {
		t.Fatalf("settings: %d", code)
	}
	later := editor.create("لندن کی خبر", "save")
	editor.act(later, "schedule", publishAt("۲۹", "3", "2026", "9", "15")...)
	_, page = editor.get(fmt.Sprintf("/newsroom/articles/%d", later))
	for field, want := range map[string]string{"publish_day": "۲۹", "publish_year": "۲۰۲۶", "publish_minute": "۱۵"} {
		if got := fieldValue(t, page, field); got != want {
			t.Errorf("%s with Urdu digits: %q, want %q", field, got, want)
		}
	}
	if !strings.Contains(page, "ٹائم زون: برطانیہ کا وقت") || !strings.Contains(page, `<option value="18">۶ شام</option>`) {
		t.Error("the picker does not follow the site's zone and digits")
	}
	skipped := editor.create("گھڑیاں آگے", "save")
	if code, page := editor.act(skipped, "schedule", publishAt("29", "3", "2026", "1", "30")...); code != http.StatusUnprocessableEntity ||
		!strings.Contains(page, "گھڑیاں آگے ہونے کی وجہ سے یہ وقت آتا ہی نہیں") {
		t.Errorf("a time the clocks skip: %d", code)
	}
}

// TestProofLongList: the editor lists the first 60 findings and says how
// many more «سب درست کریں» will fix; one finding is counted in the singular.
func TestProofLongList(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	editor.get("/newsroom/articles/new")
	f := articleForm(e, "بجٹ منظور ہو گیا", 0, "save")
	f.Set("body", "<p>"+strings.Repeat("لاہور, ", 70)+"کراچی۔</p>")
	f.Set("section", "")
	_, _, page := editor.post("/newsroom/articles/new", f)
	if n := len(proofKeys(page)); n != 60 {
		t.Errorf("%d findings listed, want 60", n)
	}
	if !strings.Contains(page, `data-more="10"`) || !strings.Contains(page, "اور 10 تجاویز، جو «سب درست کریں» سے درست ہو جائیں گی۔") {
		t.Error("the findings not listed are not counted")
	}
	f.Set("proof", "all")
	_, _, page = editor.post("/newsroom/articles/new", f)
	if got := fieldValue(t, page, "body"); got != "<p>"+strings.Repeat("لاہور، ", 70)+"کراچی۔</p>" {
		t.Errorf("body after fix all: %q", got)
	}

	f.Del("proof")
	f.Set("headline", "بجٹ منظور ہو گیا?")
	f.Set("body", "<p>ٹھیک ہے۔</p>")
	_, _, page = editor.post("/newsroom/articles/new", f)
	if !strings.Contains(page, `<span data-proof-count>1 تجویز</span>`) {
		t.Error("one finding is not counted in the singular")
	}
}
