package newsroom_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// pickJSON asks a picker endpoint as picker.js does and decodes the answer.
func (c *client) pickJSON(path string, out any) (int, http.Header) {
	c.t.Helper()
	req, err := http.NewRequest("GET", c.e.srv.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("X-Requested-With", "fetch")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s: %v\n%s", path, err, b)
		}
	}
	return resp.StatusCode, resp.Header
}

type mediaPage struct {
	Items []struct {
		ID                   int64
		Thumb                string
		ThumbWidth           int `json:"thumb_width"`
		ThumbHeight          int `json:"thumb_height"`
		Width, Height        int
		Caption, Credit, Alt string
		Filename             string
		Uploaded             string
		UploadedLabel        string `json:"uploaded_label"`
		Ready                bool
		EditURL              string `json:"edit_url"`
	}
	Query, Summary     string
	PageLabel          string `json:"page_label"`
	Page, Pages, Total int
	Error              string
}

type articlePage struct {
	Items []struct {
		ID                                  int64
		Headline, Section, Status, Language string
		StatusLabel                         string `json:"status_label"`
		LanguageName                        string `json:"language_name"`
	}
	Page  int
	More  bool
	Error string
}

// addMedia puts an image record in the library (its files are not needed
// to list it) and returns its id.
func (e *env) addMedia(t *testing.T, filename, caption, credit, alt string, at time.Time) int64 {
	t.Helper()
	m := content.Media{Format: "jpeg", Width: 1600, Height: 1000, Bytes: 1000, Filename: filename, Caption: caption, Credit: credit,
		Alt: alt, CreatedBy: e.users[content.RoleEditor].ID, CreatedAt: at,
		Variants: []content.MediaVariant{
			{Width: 1600, Height: 1000, Format: "jpeg", Key: fmt.Sprintf("aa/bb/%s-1600.jpg", filename), Bytes: 1000, Original: true},
			{Width: 320, Height: 200, Format: "jpeg", Key: fmt.Sprintf("aa/bb/%s-320.jpg", filename), Bytes: 100},
		}}
	if err := e.store.CreateMedia(context.Background(), &m); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

func TestMediaPick(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	// 26 images, an hour apart: the newest is "filler-25.jpg".
	rain := e.addMedia(t, "karachi-rain.jpg", "کراچی میں بارش کے بعد سڑکوں پر پانی", "اے پی پی", "پانی میں ڈوبی سڑک", e.clock.Now().Add(-30*time.Hour))
	bare := e.addMedia(t, "DSC_0042.JPG", "", "", "", e.clock.Now().Add(-29*time.Hour))
	var newest int64
	for i := range 24 {
		newest = e.addMedia(t, fmt.Sprintf("filler-%02d.jpg", i+2), fmt.Sprintf("لاہور کا منظر %d", i), "اسٹاف", "منظر", e.clock.Now().Add(-time.Duration(24-i)*time.Hour))
	}

	// Signed out: the sign-in page, or a 401 for a page's script.
	anon := e.browser(t)
	if code, loc, _ := anon.do("GET", "/newsroom/media/pick?q=x", nil); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/newsroom/login?next=") {
		t.Errorf("signed out: %d %q, want a redirect to sign in", code, loc)
	}
	var refused mediaPage
	if code, _ := anon.pickJSON("/newsroom/media/pick", &refused); code != http.StatusUnauthorized || refused.Error == "" {
		t.Errorf("signed out, from a script: %d %+v, want 401 with a message", code, refused)
	}

	// Every role that writes may pick.
	for _, role := range content.Roles {
		c := e.login(t, role)
		var p mediaPage
		code, h := c.pickJSON("/newsroom/media/pick", &p)
		if code != http.StatusOK || h.Get("Cache-Control") != "no-store" || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
			t.Fatalf("%s: %d, Cache-Control %q, Content-Type %q", role, code, h.Get("Cache-Control"), h.Get("Content-Type"))
		}
		// Recent uploads first, 24 to a page.
		if p.Total != 26 || p.Pages != 2 || p.Page != 1 || len(p.Items) != 24 || p.Items[0].ID != newest {
			t.Errorf("%s: first page: total %d, pages %d, page %d, %d items, first %d (want %d)", role, p.Total, p.Pages, p.Page, len(p.Items), p.Items[0].ID, newest)
		}
	}
	c := e.login(t, content.RoleReporter)
	var p mediaPage
	c.pickJSON("/newsroom/media/pick?page=2", &p)
	if p.Page != 2 || len(p.Items) != 2 || p.Items[0].ID != bare || p.Items[1].ID != rain || p.PageLabel != "صفحہ 2 از 2" {
		t.Errorf("second page: page %d, %d items, label %q", p.Page, len(p.Items), p.PageLabel)
	}
	c.pickJSON("/newsroom/media/pick?page=9", &p)
	if p.Page != 9 || len(p.Items) != 0 || p.Items == nil {
		t.Errorf("a page past the end: %d items (%v), want an empty list", len(p.Items), p.Items)
	}

	// Arabic-keyboard letters and diacritics find the Urdu caption.
	c.pickJSON("/newsroom/media/pick?q="+url.QueryEscape("كَراچي ميں بارِش"), &p)
	if p.Total != 1 || len(p.Items) != 1 || p.Items[0].ID != rain {
		t.Fatalf("folded caption search: %+v", p)
	}
	it := p.Items[0]
	if it.Caption != "کراچی میں بارش کے بعد سڑکوں پر پانی" || it.Credit != "اے پی پی" || it.Alt != "پانی میں ڈوبی سڑک" ||
		it.Filename != "karachi-rain.jpg" || !it.Ready || it.Width != 1600 || it.Height != 1000 ||
		it.Thumb != "/media/aa/bb/karachi-rain.jpg-320.jpg" || it.ThumbWidth != 320 || it.ThumbHeight != 200 ||
		it.Uploaded != "2026-02-17T00:00:00Z" || it.UploadedLabel == "" || it.EditURL != fmt.Sprintf("/newsroom/media/%d", rain) {
		t.Errorf("item: %+v", it)
	}
	if p.Summary != "«كَراچي ميں بارِش» سے ایک تصویر ملی۔" {
		t.Errorf("summary %q", p.Summary)
	}
	// Credit, alt text and file name are searched too; an image without words is not ready.
	for q, want := range map[string]int64{"اے پی پی": rain, "ڈوبی": rain, "dsc_0042": bare, "۰۰۴۲": bare} {
		c.pickJSON("/newsroom/media/pick?q="+url.QueryEscape(q), &p)
		if len(p.Items) != 1 || p.Items[0].ID != want {
			t.Errorf("search %q: %d items, want image %d", q, len(p.Items), want)
		} else if want == bare && p.Items[0].Ready {
			t.Error("an image without caption, credit or alt is ready to publish")
		}
	}
	c.pickJSON("/newsroom/media/pick?q="+url.QueryEscape("کرکٹ"), &p)
	if p.Total != 0 || len(p.Items) != 0 || p.Summary != "«کرکٹ» سے کوئی تصویر نہیں ملی۔" {
		t.Errorf("no match: %+v", p)
	}
	c.pickJSON("/newsroom/media/pick?q="+url.QueryEscape("منظر")+"&page=2", &p)
	if p.Total != 24 || p.Pages != 1 || len(p.Items) != 0 {
		t.Errorf("search paging: total %d, pages %d, %d items on page 2", p.Total, p.Pages, len(p.Items))
	}
}

func TestArticlePick(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	reporter := e.login(t, content.RoleReporter)
	rain := editor.create("کراچی میں بارش کا نیا ریکارڈ", "publish")
	e.clock.Add(time.Minute)
	draft := editor.create("کراچی کے بجٹ پر بحث", "save")
	e.clock.Add(time.Minute)
	own := reporter.create("کراچی کی بندرگاہ پر نیا ٹرمینل", "save")
	e.clock.Add(time.Minute)
	english := editor.create("Record rain in Karachi کراچی", "save")
	if code, _ := editor.act(english, "publish", "language", "en", "translation_of", fmt.Sprint(rain)); code != http.StatusSeeOther {
		t.Fatalf("publishing the translation: %d", code)
	}

	anon := e.browser(t)
	if code, loc, _ := anon.do("GET", "/newsroom/articles/pick?q=x", nil); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/newsroom/login") {
		t.Errorf("signed out: %d %q", code, loc)
	}
	if code, _ := anon.pickJSON("/newsroom/articles/pick?q=x", nil); code != http.StatusUnauthorized {
		t.Errorf("signed out, from a script: %d, want 401", code)
	}

	ids := func(p articlePage) []int64 {
		var out []int64
		for _, it := range p.Items {
			out = append(out, it.ID)
		}
		return out
	}
	q := "/newsroom/articles/pick?q=" + url.QueryEscape("كراچي") // Arabic kaf and yeh
	var p articlePage
	code, h := editor.pickJSON(q, &p)
	if code != http.StatusOK || h.Get("Cache-Control") != "no-store" {
		t.Fatalf("editor: %d %q", code, h.Get("Cache-Control"))
	}
	if got := fmt.Sprint(ids(p)); got != fmt.Sprint([]int64{english, own, draft, rain}) {
		t.Errorf("editor sees %s, want every match newest first", got)
	}
	for _, it := range p.Items {
		if it.ID == english && (it.Headline != "Record rain in Karachi کراچی" || it.Section != "قومی" || it.Status != "published" ||
			it.StatusLabel != content.StatusPublished.Label() || it.Language != "en" || it.LanguageName != "انگریزی") {
			t.Errorf("item fields: %+v", it)
		}
	}
	// A reporter sees published articles and their own, not others' drafts.
	reporter.pickJSON(q, &p)
	if got := fmt.Sprint(ids(p)); got != fmt.Sprint([]int64{english, own, rain}) {
		t.Errorf("reporter sees %s", got)
	}
	// The article being edited is left out, and so are translations when
	// an original is wanted; a diacritic and a half-typed word still match.
	reporter.pickJSON(fmt.Sprintf("/newsroom/articles/pick?q=%s&not=%d&originals=1", url.QueryEscape("کَراچ"), own), &p)
	if got := fmt.Sprint(ids(p)); got != fmt.Sprint([]int64{rain}) {
		t.Errorf("originals but the edited one: %s, want only %d", got, rain)
	}
	// Only headlines count.
	editor.pickJSON("/newsroom/articles/pick?q="+url.QueryEscape("پیراگراف"), &p)
	if len(p.Items) != 0 {
		t.Errorf("a body word matched: %v", ids(p))
	}

	// Ten to a page.
	for i := range 11 {
		e.clock.Add(time.Minute)
		editor.create(fmt.Sprintf("ملتان میں میلہ %d", i), "save")
	}
	editor.pickJSON("/newsroom/articles/pick?q="+url.QueryEscape("ملتان"), &p)
	if len(p.Items) != 10 || !p.More || p.Page != 1 {
		t.Errorf("first page: %d items, more %v", len(p.Items), p.More)
	}
	editor.pickJSON("/newsroom/articles/pick?q="+url.QueryEscape("ملتان")+"&page=2", &p)
	if len(p.Items) != 1 || p.More || p.Page != 2 {
		t.Errorf("second page: %d items, more %v", len(p.Items), p.More)
	}
}

var (
	inputTag   = regexp.MustCompile(`<input[^>]*>`)
	inputType  = regexp.MustCompile(`\btype="([^"]+)"`)
	idFieldTag = regexp.MustCompile(`\bname="(lead_media|translation_of)"`)
)

// noNumberFields fails if an editor page asks for a number: no numeric
// keyboard anywhere, and the id fields are only radio choices or hidden.
var publishTimeTag = regexp.MustCompile(`name="publish_(day|year|minute)"`)

func noNumberFields(t *testing.T, what, page string) {
	t.Helper()
	// A date's day, year and minute are numbers by nature; no input asks
	// for anything else as one, least of all an id.
	for _, tag := range inputTag.FindAllString(page, -1) {
		if (strings.Contains(tag, `inputmode="numeric"`) || strings.Contains(tag, `type="number"`)) && !publishTimeTag.MatchString(tag) {
			t.Errorf("%s: an input asks for a number: %s", what, tag)
		}
	}
	seen := 0
	for _, tag := range inputTag.FindAllString(page, -1) {
		if !idFieldTag.MatchString(tag) {
			continue
		}
		seen++
		ty := inputType.FindStringSubmatch(tag)
		if ty == nil || (ty[1] != "radio" && ty[1] != "hidden") {
			t.Errorf("%s: %s is typed in", what, tag)
		}
	}
	if seen == 0 {
		t.Errorf("%s: no lead image or original field at all", what)
	}
}

// radioValues are the values of the radio choices named name.
func radioValues(page, name string) []string {
	var out []string
	re := regexp.MustCompile(`<input type="radio" name="` + name + `" value="([^"]*)"`)
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

func checked(page, name, value string) bool {
	return regexp.MustCompile(`<input type="radio" name="` + name + `" value="` + regexp.QuoteMeta(value) + `" checked>`).MatchString(page)
}

// TestEditorPickersWithoutScript: without JavaScript the editor offers
// the newest images and a search, for the lead image and for the
// original of a translation; searching shows the form again as typed and
// saves nothing, and only Save stores the choices.
func TestEditorPickersWithoutScript(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	reporter := e.login(t, content.RoleReporter)
	editor := e.login(t, content.RoleEditor)
	var images []int64
	for i := range 14 {
		images = append(images, e.addMedia(t, fmt.Sprintf("img-%02d.jpg", i), fmt.Sprintf("اسلام آباد کا منظر %d", i), "اسٹاف", "منظر",
			e.clock.Now().Add(-time.Duration(14-i)*time.Hour)))
	}
	rain := e.addMedia(t, "karachi-rain.jpg", "کراچی میں بارش کے بعد سڑکوں پر پانی", "اے پی پی", "پانی میں ڈوبی سڑک", e.clock.Now().Add(-40*time.Hour))
	orig := editor.create("وفاقی بجٹ پیش کر دیا گیا", "publish")
	translated := editor.create("Budget presented", "save")
	if code, _ := editor.act(translated, "save", "language", "en", "translation_of", fmt.Sprint(orig)); code != http.StatusSeeOther {
		t.Fatalf("linking a translation: %d", code)
	}

	// The new-article editor: the 12 newest images as choices, none chosen.
	code, page := reporter.get("/newsroom/articles/new")
	if code != http.StatusOK {
		t.Fatalf("new article: %d", code)
	}
	noNumberFields(t, "new article", page)
	leads := radioValues(page, "lead_media")
	if len(leads) != 13 || leads[0] != "" || !checked(page, "lead_media", "") {
		t.Fatalf("lead choices %v, want none (checked) and the 12 newest images", leads)
	}
	if leads[1] != fmt.Sprint(images[13]) || slices.Contains(leads, fmt.Sprint(rain)) {
		t.Errorf("lead choices %v: want the newest first, not the old image %d", leads, rain)
	}
	if !strings.Contains(page, `name="lead_q"`) || !strings.Contains(page, `value="find_media" formnovalidate formaction="/newsroom/articles/new#lead-picker"`) {
		t.Error("no lead image search")
	}

	// Searching keeps everything typed and saves nothing.
	form := articleForm(e, "کراچی میں موسلا دھار بارش", 0, "find_media")
	form.Set("lead_q", "كراچي بارِش") // Arabic letters and a diacritic
	form.Set("tags", "موسم، کراچی")
	before, _ := e.store.CountArticles(ctx, store.AllArticles())
	code, _, page = reporter.post("/newsroom/articles/new", form)
	if code != http.StatusOK {
		t.Fatalf("lead search: %d", code)
	}
	if after, _ := e.store.CountArticles(ctx, store.AllArticles()); after != before {
		t.Errorf("a search stored an article: %d → %d", before, after)
	}
	for _, kept := range []string{`value="کراچی میں موسلا دھار بارش"`, "خبر کا خلاصہ", `value="موسم، کراچی"`, `value="لاہور"`,
		"پہلا پیراگراف", `value="كراچي بارِش"`, "کراچی میں بارش کے بعد سڑکوں پر پانی"} {
		if !strings.Contains(page, kept) {
			t.Errorf("after the search the form lost %q", kept)
		}
	}
	if got := radioValues(page, "lead_media"); fmt.Sprint(got) != fmt.Sprint([]string{"", fmt.Sprint(rain)}) {
		t.Errorf("lead choices after the search: %v, want none and the match", got)
	}
	noNumberFields(t, "lead search", page)

	// Choosing and saving stores the image.
	form.Set("action", "save")
	form.Set("lead_media", fmt.Sprint(rain))
	code, loc, _ := reporter.post("/newsroom/articles/new", form)
	m := articleLocation.FindStringSubmatch(loc)
	if code != http.StatusSeeOther || m == nil {
		t.Fatalf("save: %d %q", code, loc)
	}
	var id int64
	fmt.Sscan(m[1], &id)
	a, _ := e.store.Article(ctx, id)
	if a.LeadMediaID != rain {
		t.Errorf("saved lead image %d, want %d", a.LeadMediaID, rain)
	}

	// The saved article's editor shows the chosen image checked and its words.
	_, page = reporter.get(fmt.Sprintf("/newsroom/articles/%d", id))
	noNumberFields(t, "saved article", page)
	if !checked(page, "lead_media", fmt.Sprint(rain)) || !strings.Contains(page, `<span class="nr-pick-credit">تصویر: اے پی پی</span>`) {
		t.Error("the editor does not show the chosen image")
	}

	// "Translation of": search headlines, then choose; nothing is saved
	// until Save, and the version read is kept for the save.
	form = articleForm(e, "Heavy rain in Karachi", a.Version, "find_original")
	form.Set("language", "en")
	form.Set("lead_media", fmt.Sprint(rain))
	form.Set("original_q", "كراچي") // only the article itself has the word, and it is left out
	code, _, page = reporter.post(fmt.Sprintf("/newsroom/articles/%d", id), form)
	if code != http.StatusOK || !strings.Contains(page, "سے کوئی مضمون نہیں ملا") {
		t.Errorf("searching for nothing but the article itself: %d", code)
	}
	form.Set("original_q", "بجٹ")
	code, _, page = reporter.post(fmt.Sprintf("/newsroom/articles/%d", id), form)
	if code != http.StatusOK {
		t.Fatalf("original search: %d", code)
	}
	if got := radioValues(page, "translation_of"); fmt.Sprint(got) != fmt.Sprint([]string{"", fmt.Sprint(orig)}) {
		t.Errorf("original choices %v, want none and %d (not the translation %d)", got, orig, translated)
	}
	if !strings.Contains(page, `value="Heavy rain in Karachi"`) || !checked(page, "lead_media", fmt.Sprint(rain)) || !checked(page, "translation_of", "") {
		t.Error("the original search lost what was typed or chosen")
	}
	if !strings.Contains(page, "وفاقی بجٹ پیش کر دیا گیا") || !strings.Contains(page, `formaction="/newsroom/articles/`+fmt.Sprint(id)+`#original-picker"`) {
		t.Error("no headline to choose")
	}
	noNumberFields(t, "original search", page)
	if again, _ := e.store.Article(ctx, id); again.Version != a.Version || again.Headline != a.Headline {
		t.Errorf("a search saved the article: version %d → %d", a.Version, again.Version)
	}
	form.Set("action", "save")
	form.Set("translation_of", fmt.Sprint(orig))
	if code, _, body := reporter.post(fmt.Sprintf("/newsroom/articles/%d", id), form); code != http.StatusSeeOther {
		t.Fatalf("saving the translation link: %d\n%s", code, body)
	}
	a, _ = e.store.Article(ctx, id)
	if a.TranslationOf != orig || a.Language != "en" || a.LeadMediaID != rain || a.Headline != "Heavy rain in Karachi" {
		t.Errorf("stored: translation of %d, language %s, lead %d, headline %q", a.TranslationOf, a.Language, a.LeadMediaID, a.Headline)
	}
	_, page = reporter.get(fmt.Sprintf("/newsroom/articles/%d", id))
	if !checked(page, "translation_of", fmt.Sprint(orig)) || !strings.Contains(page, `ترجمہ ہے: <bdi class="nr-pick-headline" lang="ur">وفاقی بجٹ پیش کر دیا گیا</bdi>`) {
		t.Error("the editor does not show the chosen original")
	}
}

// TestPickerValidation: a chosen image or original that does not exist,
// or an original that is itself a translation, is refused in words, with
// no article numbers, and the choice stays on the form.
func TestPickerValidation(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	editor := e.login(t, content.RoleEditor)
	orig := editor.create("بجٹ پیش کر دیا گیا", "save")
	trans := editor.create("Budget presented", "save")
	if code, _ := editor.act(trans, "save", "language", "en", "translation_of", fmt.Sprint(orig)); code != http.StatusSeeOther {
		t.Fatalf("linking: %d", code)
	}
	art := editor.create("تیسری خبر", "save")
	digits := regexp.MustCompile(`[0-9۰-۹]{4,}`)
	cases := []struct {
		field, value, problem string
	}{
		{"lead_media", "987654", "مرکزی تصویر اب لائبریری میں موجود نہیں"},
		{"translation_of", "987654", "اصل مضمون نہیں ملا"},
		{"translation_of", fmt.Sprint(trans), "«Budget presented» خود ایک ترجمہ ہے"},
	}
	for _, c := range cases {
		code, body := editor.act(art, "save", "language", "en", c.field, c.value)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, c.problem) {
			t.Errorf("%s=%s: %d, no %q", c.field, c.value, code, c.problem)
			continue
		}
		alert := body[strings.Index(body, `role="alert"`):]
		alert = alert[:strings.Index(alert, "</div>")]
		if strings.Contains(alert, "نمبر") || digits.MatchString(alert) {
			t.Errorf("%s=%s: the message speaks of numbers: %s", c.field, c.value, alert)
		}
		noNumberFields(t, "refused "+c.field, body)
		if !checked(body, c.field, c.value) {
			t.Errorf("%s=%s: the choice is not kept on the form", c.field, c.value)
		}
	}
}

// TestEnterSaves: Enter in a field presses a form's first submit button;
// in the editor that is a hidden copy of the first action (saving), not a
// picker's search button, for readers without script too.
func TestEnterSaves(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	reporter := e.login(t, content.RoleReporter)
	for _, path := range []string{"/newsroom/articles/new", fmt.Sprintf("/newsroom/articles/%d", reporter.create("پہلی خبر", "save"))} {
		_, page := reporter.get(path)
		form := page[strings.Index(page, `<form class="nr-form nr-editor"`):]
		first := regexp.MustCompile(`<(button|input) type="submit"[^>]*>`).FindString(form)
		if !strings.Contains(first, `name="action" value="save"`) || !strings.Contains(first, "hidden") {
			t.Errorf("%s: the form's first submit button is %s, want the hidden save", path, first)
		}
	}
}

// TestEmbedPick: the editor asks whether an address embeds before it
// inserts an embed block; the answer names the provider in Urdu.
func TestEmbedPick(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	reporter := e.login(t, content.RoleReporter)
	var got struct{ Provider, ID, URL, Kind, Name, Label string }
	code, h := reporter.pickJSON("/newsroom/embed?url="+url.QueryEscape("https://youtu.be/dQw4w9WgXcQ?si=track"), &got)
	if code != http.StatusOK || h.Get("Cache-Control") != "no-store" {
		t.Fatalf("youtu.be: %d %q", code, h.Get("Cache-Control"))
	}
	if got.Provider != "youtube" || got.ID != "dQw4w9WgXcQ" || got.URL != "https://www.youtube.com/watch?v=dQw4w9WgXcQ" ||
		got.Name != "یوٹیوب" || got.Label != "یوٹیوب ویڈیو دیکھیں" {
		t.Errorf("youtu.be: %+v", got)
	}
	for _, bad := range []string{"", "https://example.com/video/1", "javascript:alert(1)", "https://vm.tiktok.com/ZM123/"} {
		var refused struct{ Error string }
		code, _ := reporter.pickJSON("/newsroom/embed?url="+url.QueryEscape(bad), &refused)
		if code != http.StatusUnprocessableEntity || !strings.Contains(refused.Error, "ربط") {
			t.Errorf("%q: %d %q, want 422 with an Urdu reason", bad, code, refused.Error)
		}
	}
	if code, _ := e.browser(t).pickJSON("/newsroom/embed?url=https://youtu.be/dQw4w9WgXcQ", nil); code != http.StatusUnauthorized {
		t.Errorf("signed out: %d, want 401", code)
	}
}
