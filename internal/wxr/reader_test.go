package wxr_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"akhbar/internal/wxr"
)

// step is one result of Next.
type step struct {
	rec wxr.Record
	err error
}

// readAll calls Next until io.EOF or a fatal error, which ends the list.
func readAll(t *testing.T, r *wxr.Reader) []step {
	t.Helper()
	var out []step
	for range 100_000 {
		rec, err := r.Next()
		if err == io.EOF {
			return out
		}
		out = append(out, step{rec, err})
		var ie *wxr.ItemError
		if err != nil && !errors.As(err, &ie) {
			return out
		}
	}
	t.Fatal("Next never returned io.EOF")
	return nil
}

func readFile(t *testing.T, name string) []step {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return readAll(t, wxr.NewReader(bytes.NewReader(data)))
}

// describe names a step in one line: its kind, start line and key, or the error.
func describe(s step) string {
	if s.err != nil {
		var ie *wxr.ItemError
		if errors.As(s.err, &ie) {
			return fmt.Sprintf("error <%s> %d-%d at %d: %v", ie.Element, ie.Line, ie.EndLine, ie.ErrLine, ie.Err)
		}
		return "fatal: " + s.err.Error()
	}
	switch v := s.rec.(type) {
	case *wxr.Site:
		return fmt.Sprintf("site %d %s", v.Line, v.Version)
	case *wxr.Author:
		return fmt.Sprintf("author %d %s", v.Line, v.Login)
	case *wxr.Category:
		return fmt.Sprintf("category %d %s", v.Line, v.Slug)
	case *wxr.Tag:
		return fmt.Sprintf("tag %d %s", v.Line, v.Slug)
	case *wxr.Term:
		return fmt.Sprintf("term %d %s:%s", v.Line, v.Taxonomy, v.Slug)
	case *wxr.Item:
		return fmt.Sprintf("item %d %d %s", v.Line, v.PostID, v.Status)
	}
	return fmt.Sprintf("%T", s.rec)
}

func describeAll(steps []step) []string {
	var out []string
	for _, s := range steps {
		out = append(out, describe(s))
	}
	return out
}

func checkSteps(t *testing.T, got []step, want []string) {
	t.Helper()
	g := describeAll(got)
	if !reflect.DeepEqual(g, want) {
		t.Errorf("records:\ngot:\n\t%s\nwant:\n\t%s", strings.Join(g, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func items(steps []step) map[int64]*wxr.Item {
	m := map[int64]*wxr.Item{}
	for _, s := range steps {
		if it, ok := s.rec.(*wxr.Item); ok {
			m[it.PostID] = it
		}
	}
	return m
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestUrduNewsExportRecords(t *testing.T) {
	checkSteps(t, readFile(t, "urdu-news-1.2.xml"), []string{
		"site 16 1.2",
		"author 26 hamid.raza",
		"author 27 saima.khan",
		"author 28 newsdesk",
		"category 30 uncategorized",
		"category 36 khabrein",
		"category 42 پاکستان",
		"category 49 کراچی",
		"category 55 sports",
		"category 61 cricket",
		"tag 71 چین",
		"tag 76 cpec",
		"tag 82 معیشت",
		"term 87 region:سندھ",
		"term 94 nav_menu:main-menu",
		"item 107 101 inherit",
		"item 144 100 publish",
		"item 231 102 draft",
		"item 259 103 future",
		"item 284 104 private",
		"item 307 105 pending",
		"item 330 106 trash",
		"item 361 107 publish",
		"item 389 108 publish",
		"item 428 109 publish",
	})
}

func TestUrduNewsExportHeader(t *testing.T) {
	steps := readFile(t, "urdu-news-1.2.xml")
	want := &wxr.Site{
		Title:       "روزنامہ اخبار",
		Link:        "https://akhbar.example.pk",
		Description: "تازہ ترین خبریں، پاکستان اور دنیا بھر سے",
		Language:    "ur",
		Version:     "1.2",
		BaseSiteURL: "https://akhbar.example.pk",
		BaseBlogURL: "https://akhbar.example.pk",
		PubDate:     "Mon, 20 May 2024 09:15:42 +0000",
		Generator:   "WordPress/6.4.3",
		Line:        16,
	}
	if !reflect.DeepEqual(steps[0].rec, want) {
		t.Errorf("site = %+v\nwant %+v", steps[0].rec, want)
	}
	wantAuthor := &wxr.Author{ID: 2, Login: "hamid.raza", Email: "hamid@akhbar.example.pk",
		DisplayName: "حامد رضا", FirstName: "حامد", LastName: "رضا", Line: 26}
	if !reflect.DeepEqual(steps[1].rec, wantAuthor) {
		t.Errorf("author = %+v\nwant %+v", steps[1].rec, wantAuthor)
	}
	wantCategories := []*wxr.Category{
		{TermID: 5, Nicename: "khabrein", Slug: "khabrein", Name: "خبریں", Line: 36},
		{TermID: 6, Nicename: "%d9%be%d8%a7%da%a9%d8%b3%d8%aa%d8%a7%d9%86", Slug: "پاکستان",
			Parent: "khabrein", ParentSlug: "khabrein", Name: "پاکستان", Description: "ملک بھر سے تازہ خبریں", Line: 42},
		{TermID: 7, Nicename: "%da%a9%d8%b1%d8%a7%da%86%db%8c", Slug: "کراچی",
			Parent: "%d9%be%d8%a7%da%a9%d8%b3%d8%aa%d8%a7%d9%86", ParentSlug: "پاکستان", Name: "کراچی", Line: 49},
		{TermID: 9, Nicename: "cricket", Slug: "cricket", Parent: "sports", ParentSlug: "sports", Name: "کرکٹ",
			Meta: []wxr.Meta{{Key: "_section_color", Value: "#0a7d3b"}}, Line: 61},
	}
	for i, k := range []int{5, 6, 7, 9} {
		if !reflect.DeepEqual(steps[k].rec, wantCategories[i]) {
			t.Errorf("category = %+v\nwant %+v", steps[k].rec, wantCategories[i])
		}
	}
	wantTag := &wxr.Tag{TermID: 21, RawSlug: "cpec", Slug: "cpec", Name: "سی پیک", Description: "چین پاکستان اقتصادی راہداری", Line: 76}
	if !reflect.DeepEqual(steps[11].rec, wantTag) {
		t.Errorf("tag = %+v\nwant %+v", steps[11].rec, wantTag)
	}
	wantTerm := &wxr.Term{TermID: 30, Taxonomy: "nav_menu", RawSlug: "main-menu", Slug: "main-menu", Name: "مرکزی مینو", Line: 94}
	if !reflect.DeepEqual(steps[14].rec, wantTerm) {
		t.Errorf("term = %+v\nwant %+v", steps[14].rec, wantTerm)
	}
}

func TestUrduNewsExportPost(t *testing.T) {
	it := items(readFile(t, "urdu-news-1.2.xml"))[100]
	if it == nil {
		t.Fatal("post 100 missing")
	}
	slug := "وزیراعظم-کا-دورۂ-چین-اہم-معاہدوں-پر-دستخط"
	checks := []struct {
		name      string
		got, want any
	}{
		{"Title", it.Title, "وزیراعظم کا دورۂ چین، اہم معاہدوں پر دستخط"},
		{"Creator", it.Creator, "hamid.raza"},
		{"GUID", it.GUID, "https://akhbar.example.pk/?p=100"},
		{"PubDate", it.PubDate, "Fri, 17 May 2024 06:30:00 +0000"},
		{"Excerpt", it.Excerpt, "وزیراعظم نے چینی صدر سے ملاقات میں توانائی اور زراعت کے معاہدوں پر دستخط کیے۔"},
		{"PostDate", it.PostDate, utc("2024-05-17 11:30:00")},
		{"PostDateGMT", it.PostDateGMT, utc("2024-05-17 06:30:00")},
		{"ModifiedDate", it.ModifiedDate, utc("2024-05-18 09:12:45")},
		{"ModifiedGMT", it.ModifiedGMT, utc("2024-05-18 04:12:45")},
		{"PostName", it.PostName, "%d9%88%d8%b2%db%8c%d8%b1%d8%a7%d8%b9%d8%b8%d9%85-%da%a9%d8%a7-%d8%af%d9%88%d8%b1%db%82-%da%86%db%8c%d9%86-%d8%a7%db%81%d9%85-%d9%85%d8%b9%d8%a7%db%81%d8%af%d9%88%da%ba-%d9%be%d8%b1-%d8%af%d8%b3%d8%aa%d8%ae%d8%b7"},
		{"Slug", it.Slug, slug},
		{"Link has the encoded slug", strings.HasSuffix(it.Link, "/2024/05/17/"+it.PostName+"/"), true},
		{"Status", it.Status, "publish"},
		{"PostType", it.PostType, "post"},
		{"IsSticky", it.IsSticky, true},
		{"CommentStatus", it.CommentStatus, "open"},
		{"Comments", it.Comments, 1},
		{"ThumbnailID", it.ThumbnailID(), int64(101)},
		{"Line", it.Line, 144},
		{"Repaired", it.Repaired, 0},
		{"Categories", it.TermsIn("category"), []wxr.ItemTerm{
			{Domain: "category", Nicename: "%da%a9%d8%b1%d8%a7%da%86%db%8c", Slug: "کراچی", Name: "کراچی"},
			{Domain: "category", Nicename: "%d9%be%d8%a7%da%a9%d8%b3%d8%aa%d8%a7%d9%86", Slug: "پاکستان", Name: "پاکستان"},
		}},
		{"Tags", it.TermsIn("post_tag"), []wxr.ItemTerm{
			{Domain: "post_tag", Nicename: "%da%86%db%8c%d9%86", Slug: "چین", Name: "چین"},
			{Domain: "post_tag", Nicename: "cpec", Slug: "cpec", Name: "سی پیک"},
		}},
		{"custom taxonomy", it.TermsIn("region"), []wxr.ItemTerm{{Domain: "region", Nicename: "%d8%b3%d9%86%d8%af%da%be", Slug: "سندھ", Name: "سندھ"}}},
		{"Meta", it.Meta, []wxr.Meta{
			{Key: "_edit_last", Value: "2"},
			{Key: "_thumbnail_id", Value: "101"},
			{Key: "wps_subtitle", Value: "توانائی، زراعت اور انفراسٹرکچر میں تعاون کے سات معاہدے"},
		}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
	// The content comes back byte for byte: block comments, shortcodes,
	// "</item>" inside the CDATA section, and WordPress's escape of "]]>".
	for _, want := range []string{
		"<!-- wp:paragraph -->\n<p><strong>بیجنگ (نیوز ڈیسک)</strong>",
		"<code><item><title>…</title></item></code>",
		`<!-- wp:image {"id":101,"sizeSlug":"large","linkDestination":"none"} -->`,
		"[caption id=\"attachment_101\" align=\"aligncenter\" width=\"1200\"]<img ",
		"<script type=\"text/javascript\">//<![CDATA[\nvar akhbar_poll = {\"id\": 12, \"q\": \"کیا معاہدے مفید ہیں؟\"};\n//]]></script>",
	} {
		if !strings.Contains(it.Content, want) {
			t.Errorf("content lacks %q", want)
		}
	}
	if !strings.HasSuffix(it.Content, "\n\n[embed]https://twitter.com/example/status/1791234567890[/embed]") {
		t.Errorf("content ends %q", it.Content[len(it.Content)-80:])
	}
	if strings.Contains(it.Content, "]]]]>") {
		t.Error("content still holds the CDATA escape")
	}
	if want := 2223; len(it.Content) != want {
		t.Errorf("content is %d bytes, want %d", len(it.Content), want)
	}
}

func TestUrduNewsExportAttachmentAndOthers(t *testing.T) {
	m := items(readFile(t, "urdu-news-1.2.xml"))
	att := m[101]
	if att.PostType != "attachment" || att.Status != "inherit" || att.PostParent != 100 ||
		att.AttachmentURL != "https://akhbar.example.pk/wp-content/uploads/2024/05/pm-beijing.jpg" {
		t.Errorf("attachment = %+v", att)
	}
	if v, _ := att.MetaValue("_wp_attached_file"); v != "2024/05/pm-beijing.jpg" {
		t.Errorf("_wp_attached_file = %q", v)
	}
	if got, want := att.ImageAlt(), "وزیراعظم کا بیجنگ ایئرپورٹ پر استقبال"; got != want {
		t.Errorf("ImageAlt = %q, want %q", got, want)
	}
	if v, _ := att.MetaValue("_wp_attachment_metadata"); !strings.HasPrefix(v, `a:5:{s:5:"width";i:1200;`) || !strings.HasSuffix(v, `s:10:"image_meta";a:0:{}}`) {
		t.Errorf("_wp_attachment_metadata = %q", v)
	}
	if att.Excerpt != "وزیراعظم بیجنگ کے ہوائی اڈے پر" {
		t.Errorf("attachment caption (excerpt) = %q", att.Excerpt)
	}

	page := m[107]
	if page.PostType != "page" || page.MenuOrder != 2 || page.Slug != "ہمارے-بارے-میں" || len(page.Categories) != 0 {
		t.Errorf("page = %+v", page)
	}
	menu := m[108]
	if menu.PostType != "nav_menu_item" || menu.Title != "" || menu.Content != " " ||
		!reflect.DeepEqual(menu.TermsIn("nav_menu"), []wxr.ItemTerm{{Domain: "nav_menu", Nicename: "main-menu", Slug: "main-menu", Name: "مرکزی مینو"}}) {
		t.Errorf("nav menu item = %+v", menu)
	}
	if v, _ := menu.MetaValue("_menu_item_object_id"); v != "6" {
		t.Errorf("_menu_item_object_id = %q", v)
	}
	if v, ok := menu.MetaValue("_menu_item_url"); !ok || v != "" {
		t.Errorf("_menu_item_url = %q, %v; want present and empty", v, ok)
	}
	classic := m[109]
	if v, _ := classic.MetaValue("subtitle"); v != "پانچ ہزار خاندانوں میں راشن تقسیم" {
		t.Errorf("subtitle = %q", v)
	}
	if !strings.Contains(classic.Content, "جاری ہیں۔\n\n<strong>ضلعی انتظامیہ</strong>") {
		t.Errorf("classic content lost its paragraph breaks: %q", classic.Content)
	}
	if classic.ThumbnailID() != 0 {
		t.Errorf("ThumbnailID = %d for a post without one", classic.ThumbnailID())
	}
	trash := m[106]
	if trash.PostName != "%d9%b9%db%8c%d8%b3%d9%b9__trashed" || trash.Slug != "ٹیسٹ__trashed" {
		t.Errorf("trashed post name %q, slug %q", trash.PostName, trash.Slug)
	}
}

func TestStatusesAndDates(t *testing.T) {
	m := items(readFile(t, "urdu-news-1.2.xml"))
	karachi, err := time.LoadLocation("Asia/Karachi")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id        int64
		status    string
		gmt       string // "" for zero
		published time.Time
	}{
		{100, "publish", "2024-05-17 06:30:00", utc("2024-05-17 06:30:00")},
		// A draft has no GMT date: its wall clock is read in the site's zone.
		{102, "draft", "", time.Date(2024, 5, 19, 22, 10, 5, 0, karachi)},
		{103, "future", "2024-05-22 04:00:00", utc("2024-05-22 04:00:00")},
		{104, "private", "2024-05-18 07:00:00", utc("2024-05-18 07:00:00")},
		{105, "pending", "", time.Date(2024, 5, 20, 8, 30, 0, 0, karachi)},
		{106, "trash", "2024-05-16 10:00:00", utc("2024-05-16 10:00:00")},
	} {
		it := m[c.id]
		if it == nil {
			t.Errorf("post %d missing", c.id)
			continue
		}
		if it.Status != c.status {
			t.Errorf("post %d: status %q, want %q", c.id, it.Status, c.status)
		}
		var gmt time.Time
		if c.gmt != "" {
			gmt = utc(c.gmt)
		}
		if !it.PostDateGMT.Equal(gmt) || it.PostDateGMT.IsZero() != gmt.IsZero() {
			t.Errorf("post %d: PostDateGMT %v, want %v", c.id, it.PostDateGMT, gmt)
		}
		if got := it.Published(karachi); !got.Equal(c.published) {
			t.Errorf("post %d: Published %v, want %v", c.id, got, c.published)
		}
	}
	draft := m[102]
	if draft.PostName != "" || draft.PubDate != "Mon, 30 Nov -0001 00:00:00 +0000" || draft.Link != "https://akhbar.example.pk/?p=102" {
		t.Errorf("draft = %+v", draft)
	}
	if got := draft.Published(nil); !got.Equal(utc("2024-05-19 22:10:05")) {
		t.Errorf("draft Published(nil) = %v, want the wall clock in UTC", got)
	}
	if got := (&wxr.Item{}).Published(karachi); !got.IsZero() {
		t.Errorf("no dates: Published = %v, want zero", got)
	}
}

func TestOlderVersions(t *testing.T) {
	t.Run("1.1", func(t *testing.T) {
		steps := readFile(t, "urdu-blog-1.1.xml")
		checkSteps(t, steps, []string{
			"site 12 1.1",
			"author 22 admin",
			"category 24 سیاست",
			"tag 25 انتخابات",
			"item 29 12 publish",
			"item 61 13 publish",
		})
		m := items(steps)
		// WXR 1.1 titles are escaped text, not CDATA.
		if got, want := m[12].Title, "عمران خان کا \u201cآزادی مارچ\u201d اور حکومت & اپوزیشن"; got != want {
			t.Errorf("title %q, want %q", got, want)
		}
		if m[12].Slug != "آزادی-مارچ" || !m[12].ModifiedGMT.IsZero() {
			t.Errorf("post 12: slug %q, modified %v", m[12].Slug, m[12].ModifiedGMT)
		}
		if !strings.Contains(m[12].Content, "\n\n<!--more-->\n\n") {
			t.Errorf("content %q", m[12].Content)
		}
		// An HTML entity no XML parser knows, as plugins write.
		if got, want := m[13].Title, "پریس ریلیز\u00a0نمبر ۲"; got != want {
			t.Errorf("title %q, want %q", got, want)
		}
	})
	t.Run("1.0", func(t *testing.T) {
		steps := readFile(t, "urdu-blog-1.0.xml")
		checkSteps(t, steps, []string{
			"site 11 1.0",
			"category 21 news",
			"tag 22 لاہور",
			"item 23 5 publish",
		})
		it := items(steps)[5]
		want := []wxr.ItemTerm{
			{Domain: "category", Nicename: "news", Slug: "news", Name: "خبریں"},
			{Domain: "post_tag", Nicename: "%d9%84%d8%a7%db%81%d9%88%d8%b1", Slug: "لاہور", Name: "لاہور"},
		}
		if !reflect.DeepEqual(it.Categories, want) {
			t.Errorf("categories %+v\nwant %+v", it.Categories, want)
		}
		if it.Slug != "لاہور-میں-میلہ" || it.Creator != "admin" {
			t.Errorf("item %+v", it)
		}
	})
}

func TestMalformedItemsAreSkipped(t *testing.T) {
	checkSteps(t, readFile(t, "malformed.xml"), []string{
		"site 8 1.2",
		"author 15 hamid.raza",
		`error <wp:category> 16-21 at 17: wp:term_id "abc": not a whole number`,
		"category 22 اسٹاک-مارکیٹ",
		"item 28 201 publish",
		"error <item> 42-55 at 55: XML syntax error on line 55: element <post_name> closed by </item>",
		"item 56 203 publish",
		`error <item> 70-83 at 78: wp:post_date_gmt "2024-13-45 25:61:00": month out of range`,
		"error <item> 84-96 at 97: <item> is not closed before the <item> at line 97",
		"item 97 206 publish",
		"error <item> 111-124 at 112: XML syntax error on line 112: invalid character entity &D (no semicolon)",
		"item 125 208 publish",
	})
	// Each error names the post, so the importer's report can too.
	var ids []int64
	var titles []string
	for _, s := range readFile(t, "malformed.xml") {
		var ie *wxr.ItemError
		if errors.As(s.err, &ie) {
			ids = append(ids, ie.PostID)
			titles = append(titles, ie.Title)
		}
	}
	if want := []int64{0, 202, 204, 205, 207}; !reflect.DeepEqual(ids, want) {
		t.Errorf("error post IDs %v, want %v", ids, want)
	}
	if want := []string{"کاروبار", "ڈالر کی قیمت میں کمی", "پیٹرول کی نئی قیمتوں کا اعلان", "گندم کی خریداری کا ہدف", "R&D کے لیے نئی پالیسی"}; !reflect.DeepEqual(titles, want) {
		t.Errorf("error titles %q, want %q", titles, want)
	}
	var fe *wxr.FieldError
	if s := readFile(t, "malformed.xml")[7]; !errors.As(s.err, &fe) || fe.Field != "wp:post_date_gmt" {
		t.Errorf("bad date error %v is not a FieldError for wp:post_date_gmt", s.err)
	}
}

func TestTruncatedFile(t *testing.T) {
	data, err := os.ReadFile("testdata/truncated.xml")
	if err != nil {
		t.Fatal(err)
	}
	r := wxr.NewReader(bytes.NewReader(data))
	steps := readAll(t, r)
	got := describeAll(steps)
	// Everything complete before the cut is delivered.
	if n := len(got); n != 17 || got[15] != "item 107 101 inherit" {
		t.Fatalf("records before the cut:\n%s", strings.Join(got, "\n"))
	}
	err = steps[len(steps)-1].err
	var fe *wxr.FatalError
	if !errors.As(err, &fe) || !errors.Is(err, wxr.ErrTruncated) {
		t.Fatalf("error %v (%T), want a FatalError wrapping ErrTruncated", err, err)
	}
	if fe.Line != 164 || fe.Offset != int64(len(data)) {
		t.Errorf("error at line %d offset %d, want line 164 offset %d", fe.Line, fe.Offset, len(data))
	}
	if want := "wxr: line 164: truncated file: it ends inside the <item> that starts at line 144"; err.Error() != want {
		t.Errorf("error %q\nwant  %q", err, want)
	}
	for range 2 {
		if rec, again := r.Next(); rec != nil || again != err {
			t.Errorf("Next after a fatal error = %v, %v; want the same error", rec, again)
		}
	}
}

func TestControlCharactersAreRepaired(t *testing.T) {
	data, err := os.ReadFile("testdata/control-chars.xml")
	if err != nil {
		t.Fatal(err)
	}
	r := wxr.NewReader(bytes.NewReader(data))
	steps := readAll(t, r)
	checkSteps(t, steps, []string{"site 8 1.2", "item 15 301 publish", "item 29 302 publish"})
	m := items(steps)
	it := m[301]
	if it.Title != "ورڈ سے نقل شدہ خبر" {
		t.Errorf("title %q: the vertical tab should read as a space", it.Title)
	}
	if want := "خیر مقدم کیا۔</p> <p>دوسرا صفحہ\uFFFD اور \uFFFDخراب بائٹ</p>"; !strings.Contains(it.Content, want) {
		t.Errorf("content %q\nwant it to hold %q", it.Content, want)
	}
	// The title's vertical tab is repeated in the content: five in all.
	if it.Repaired != 5 || m[302].Repaired != 0 || r.Repaired() != 5 {
		t.Errorf("repaired %d, %d, total %d; want 5, 0, 5", it.Repaired, m[302].Repaired, r.Repaired())
	}
}

func TestNotWXR(t *testing.T) {
	const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel><title>خبریں</title><link>https://example.pk</link>
<item><title>ایک خبر</title><link>https://example.pk/1</link></item>
</channel></rss>`
	for _, c := range []struct {
		name, input, want string
	}{
		{"empty", "", "the file is empty"},
		{"white space only", " \n\t\n", "no <rss> element"},
		{"plain text", "hello\n", "text before the first element"},
		{"random bytes", "\x8f\x00\x13<\x01\xfe", "text before the first element"},
		{"HTML page", "<!DOCTYPE html>\n<html lang=\"ur\" dir=\"rtl\"><head><title>اخبار</title></head></html>", `"<!DOCTYPE html>": a document type declaration`},
		{"HTML without doctype", "<html><body>404</body></html>", "the root element is <html>, not <rss>"},
		{"Atom feed", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>`, "the root element is <feed>, not <rss>"},
		{"plain RSS feed", rss, "<rss> declares no WordPress namespace and <channel> has no wp:wxr_version: a plain RSS feed, not an export"},
		{"WordPress namespace but no version", strings.Replace(rss, `xmlns:atom="http://www.w3.org/2005/Atom"`, `xmlns:wp="http://wordpress.org/export/1.2/"`, 1), "<channel> has no wp:wxr_version"},
		{"bad version", `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>one</wp:wxr_version><item></item></channel></rss>`, `wp:wxr_version "one" is not a version number`},
		{"no channel", `<rss version="2.0"></rss>`, "<rss> has no <channel>"},
		{"Latin-1", `<?xml version="1.0" encoding="ISO-8859-1"?><rss></rss>`, `encoding "ISO-8859-1" is not supported`},
		{"UTF-16", "\xff\xfe<\x00r\x00", "the file is UTF-16"},
		{"processing instruction only", "<?xml version=\"1.0\"?>", "no <rss> element"},
	} {
		t.Run(c.name, func(t *testing.T) {
			steps := readAll(t, wxr.NewReader(strings.NewReader(c.input)))
			err := steps[len(steps)-1].err
			var fe *wxr.FatalError
			if !errors.As(err, &fe) || !errors.Is(err, wxr.ErrNotWXR) {
				t.Fatalf("error %v (%T), want a FatalError wrapping ErrNotWXR", err, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
		})
	}
}

func TestLenientEdges(t *testing.T) {
	base, err := os.ReadFile("testdata/urdu-blog-1.0.xml")
	if err != nil {
		t.Fatal(err)
	}
	want := describeAll(readAll(t, wxr.NewReader(bytes.NewReader(base))))
	for _, c := range []struct {
		name  string
		input string
		lines int // lines added before the channel, shifting every record
	}{
		// A theme's functions.php that echoes a blank line makes the
		// WordPress importer fail with "XML declaration allowed only at
		// the start"; nothing is lost, so read on.
		{"blank lines before the declaration", "\n\n" + string(base), 2},
		{"byte order mark", "\xef\xbb\xbf" + string(base), 0},
		{"PHP warning after </rss>", string(base) + "<br />\n<b>Warning</b>: Cannot modify header information in <b>/var/www/wp-includes/functions.php</b>", 0},
		{"no </rss>", strings.TrimSuffix(string(base), "</rss>\n"), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := describeAll(readAll(t, wxr.NewReader(strings.NewReader(c.input))))
			if c.lines == 0 && !reflect.DeepEqual(got, want) {
				t.Errorf("got %q\nwant %q", got, want)
			}
			if len(got) != len(want) {
				t.Errorf("got %q\nwant %q", got, want)
			}
		})
	}
	t.Run("no </channel>", func(t *testing.T) {
		input := strings.TrimSuffix(string(base), "</channel>\n</rss>\n")
		steps := readAll(t, wxr.NewReader(strings.NewReader(input)))
		if got := describeAll(steps[:len(steps)-1]); !reflect.DeepEqual(got, want) {
			t.Errorf("got %q\nwant %q", got, want)
		}
		if err := steps[len(steps)-1].err; !errors.Is(err, wxr.ErrTruncated) || !strings.Contains(err.Error(), "line 52:") {
			t.Errorf("error %v, want truncated at line 52", err)
		}
	})
}

// TestChunkingDoesNotMatter reads every fixture through readers that return
// one byte, or a few, at a time: the scanner's window edges must fall
// anywhere without changing a single record or line number. CRLF line ends
// must not either, since XML reads them as LF.
func TestChunkingDoesNotMatter(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.xml")
	if len(files) < 6 {
		t.Fatalf("only %d fixtures", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want := readAll(t, wxr.NewReader(bytes.NewReader(data)))
		for name, src := range map[string]io.Reader{
			"one byte":    iotest.OneByteReader(bytes.NewReader(data)),
			"half":        iotest.HalfReader(bytes.NewReader(data)),
			"data at EOF": iotest.DataErrReader(bytes.NewReader(data)),
			"CRLF":        bytes.NewReader(bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))),
		} {
			got := readAll(t, wxr.NewReader(src))
			if len(got) != len(want) {
				t.Errorf("%s, %s: %d records, want %d", f, name, len(got), len(want))
				continue
			}
			for i := range got {
				g, w := got[i], want[i]
				if (g.err == nil) != (w.err == nil) || !reflect.DeepEqual(g.rec, w.rec) {
					t.Errorf("%s, %s: record %d = %s, want %s", f, name, i, describe(g), describe(w))
					break
				}
				if g.err != nil && name != "CRLF" && g.err.Error() != w.err.Error() {
					t.Errorf("%s, %s: error %v, want %v", f, name, g.err, w.err)
				}
			}
		}
	}
}

func TestItemTooLarge(t *testing.T) {
	data, err := os.ReadFile("testdata/urdu-news-1.2.xml")
	if err != nil {
		t.Fatal(err)
	}
	r := wxr.NewReader(bytes.NewReader(data))
	r.MaxItemSize = 5000 // post 100 is 5.8 KB, the others under 4 KB
	steps := readAll(t, r)
	got := describeAll(steps)
	if got[16] != "error <item> 144-230 at 0: item too large: more than 5000 bytes" || got[17] != "item 231 102 draft" || len(got) != 25 {
		t.Errorf("records:\n%s", strings.Join(got, "\n"))
	}
	var ie *wxr.ItemError
	if errors.As(steps[16].err, &ie) && (!errors.Is(ie, wxr.ErrTooLarge) || ie.Title != "وزیراعظم کا دورۂ چین، اہم معاہدوں پر دستخط") {
		t.Errorf("error %v: want ErrTooLarge naming the title", ie)
	}
}

func TestProgress(t *testing.T) {
	data, err := os.ReadFile("testdata/urdu-news-1.2.xml")
	if err != nil {
		t.Fatal(err)
	}
	r := wxr.NewReader(bytes.NewReader(data))
	var off int64
	line := 1
	for {
		_, err := r.Next()
		if err == io.EOF {
			break
		}
		if r.Offset() <= off || r.Line() < line {
			t.Fatalf("no progress: offset %d after %d, line %d after %d", r.Offset(), off, r.Line(), line)
		}
		off, line = r.Offset(), r.Line()
	}
	// Only the final newline after </rss> is left unread.
	if r.Offset() != int64(len(data))-1 || r.Line() != 466 {
		t.Errorf("at EOF: offset %d of %d, line %d", r.Offset(), len(data), r.Line())
	}
}

func TestDecodeSlug(t *testing.T) {
	for _, c := range []struct{ raw, want string }{
		{"", ""},
		{"pakistan", "pakistan"},
		{"%d9%be%d8%a7%da%a9%d8%b3%d8%aa%d8%a7%d9%86", "پاکستان"},
		{"%D9%BE%D8%A7%DA%A9", "پاک"},
		{"t20-%d9%88%d8%b1%d9%84%da%88-%da%a9%d9%be", "t20-ورلڈ-کپ"},
		{"100%-sure", "100%-sure"}, // not an escape: kept
		{"%d9%be%d8", "%d9%be%d8"}, // cut in the middle of a letter: kept
		{"a+b", "a+b"},             // a path, not a query: '+' stays
		{"%e2%80%8c", "\u200c"},    // zero-width non-joiner, used in Urdu
		{"%2fetc%2fpasswd", "/etc/passwd"},
	} {
		if got := wxr.DecodeSlug(c.raw); got != c.want {
			t.Errorf("DecodeSlug(%q) = %q, want %q", c.raw, got, c.want)
		}
	}
}

func TestRepairEveryForbiddenKind(t *testing.T) {
	// Each forbidden character in an item's title, one file each.
	for _, c := range []struct {
		name, in, want string
	}{
		{"NUL", "a\x00b", "a\uFFFDb"},
		{"escape", "a\x1bb", "a\uFFFDb"},
		{"vertical tab", "a\vb", "a b"},
		{"form feed", "a\fb", "a b"},
		{"U+FFFE", "a\uFFFEb", "a\uFFFDb"},
		{"U+FFFF", "a\uFFFFb", "a\uFFFDb"},
		{"lone continuation byte", "a\x80b", "a\uFFFDb"},
		{"cut letter", "پاک\xd8", "پاک\uFFFD"},
		{"surrogate in UTF-8", "a\xed\xa0\x80b", "a\uFFFD\uFFFD\uFFFDb"},
		{"allowed: tab, U+FFFD, U+10FFFF", "a\tb\uFFFDc\U0010FFFF", "a\tb\uFFFDc\U0010FFFF"},
	} {
		t.Run(c.name, func(t *testing.T) {
			input := `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title><![CDATA[` + c.in + `]]></title><wp:post_id>1</wp:post_id></item></channel></rss>`
			steps := readAll(t, wxr.NewReader(strings.NewReader(input)))
			if len(steps) != 2 || steps[1].err != nil {
				t.Fatalf("got %q", describeAll(steps))
			}
			if it := steps[1].rec.(*wxr.Item); it.Title != c.want {
				t.Errorf("title %q, want %q", it.Title, c.want)
			}
		})
	}
}

func TestNamespaceVariants(t *testing.T) {
	const body = `<PFX:wxr_version>1.2</PFX:wxr_version>
<item><title>خبر</title><dc:creator>admin</dc:creator><content:encoded><![CDATA[<p>متن</p>]]></content:encoded><PFX:post_id>7</PFX:post_id><PFX:status>publish</PFX:status></item>
</channel></rss>`
	std := `xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"`
	for _, c := range []struct{ name, doc string }{
		{"declared on <rss>", `<rss ` + std + ` xmlns:wp="http://wordpress.org/export/1.2/"><channel>` + strings.ReplaceAll(body, "PFX", "wp")},
		{"declared on <channel>", `<rss ` + std + `><channel xmlns:wp="http://wordpress.org/export/1.1/">` + strings.ReplaceAll(body, "PFX", "wp")},
		{"another prefix", `<rss ` + std + ` xmlns:wordpress="http://wordpress.org/export/1.2/"><channel>` + strings.ReplaceAll(body, "PFX", "wordpress")},
		// The WordPress importer assumes the usual URIs for undeclared prefixes.
		{"undeclared", `<rss><channel>` + strings.ReplaceAll(body, "PFX", "wp")},
	} {
		t.Run(c.name, func(t *testing.T) {
			steps := readAll(t, wxr.NewReader(strings.NewReader(c.doc)))
			checkSteps(t, steps, []string{"site 1 1.2", "item 2 7 publish"})
			if it, ok := steps[len(steps)-1].rec.(*wxr.Item); ok && (it.Content != "<p>متن</p>" || it.Creator != "admin" || it.Title != "خبر") {
				t.Errorf("item %+v", it)
			}
		})
	}
}

func TestChannelStructureFaults(t *testing.T) {
	const head = `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>` + "\n"
	for _, c := range []struct {
		name, body string
		want       []string
	}{
		{"empty items and stray end tags", "<item/>\n</bogus>\n<item></item>\n</channel></rss>",
			[]string{"site 1 1.2", "item 2 0 ", "item 4 0 "}},
		{"item cut by </channel>", "<item><title>a</title>\n<wp:post_id>3</wp:post_id>\n</channel></rss>",
			[]string{"site 1 1.2", "error <item> 2-3 at 4: <item> is not closed before </channel> at line 4"}},
		{"header field cut by an item", "<title>unclosed\n<item><wp:post_id>4</wp:post_id></item>\n</channel></rss>",
			[]string{"error <title> 2-2 at 3: <title> is not closed before the <item> at line 3", "site 1 1.2", "item 3 4 "}},
		{"no items", "<title>t</title>\n</channel></rss>", []string{"site 1 1.2"}},
		{"foreign elements skipped", "<atom:link xmlns:atom='http://www.w3.org/2005/Atom' href='x'/>\n<image><url>u</url><title>t</title></image>\n<item><wp:post_id>5</wp:post_id></item>\n</channel></rss>",
			[]string{"site 1 1.2", "item 4 5 "}},
		{"comment and CDATA between items", "<!-- <item> -->\n<![CDATA[<item>]]>\n<item><wp:post_id>6</wp:post_id></item>\n</channel></rss>",
			[]string{"site 1 1.2", "item 4 6 "}},
		{"nested same-name element in a header field", "<description><description>x</description></description>\n<item><wp:post_id>8</wp:post_id></item>\n</channel></rss>",
			[]string{"site 1 1.2", "item 3 8 "}},
		{"quoted '>' in an attribute", "<item><category domain=\"category\" nicename=\"a>b\">ن</category><wp:post_id>9</wp:post_id></item>\n</channel></rss>",
			[]string{"site 1 1.2", "item 2 9 "}},
	} {
		t.Run(c.name, func(t *testing.T) {
			checkSteps(t, readAll(t, wxr.NewReader(strings.NewReader(head+c.body))), c.want)
		})
	}
}

func TestReadError(t *testing.T) {
	data, err := os.ReadFile("testdata/urdu-news-1.2.xml")
	if err != nil {
		t.Fatal(err)
	}
	reset := errors.New("connection reset by peer")
	// The stream fails inside post 100 (line 144 on).
	cut := bytes.Index(data, []byte("اقتصادی راہداری کا دوسرا مرحلہ"))
	src := io.MultiReader(bytes.NewReader(data[:cut]), iotest.ErrReader(reset))
	steps := readAll(t, wxr.NewReader(src))
	if got := describeAll(steps); len(got) != 17 || got[15] != "item 107 101 inherit" {
		t.Fatalf("records before the failure:\n%s", strings.Join(got, "\n"))
	}
	err = steps[len(steps)-1].err
	var fe *wxr.FatalError
	if !errors.As(err, &fe) || !errors.Is(err, reset) || errors.Is(err, wxr.ErrTruncated) || fe.Line != 160 {
		t.Errorf("error %v (line %d), want a FatalError at line 160 wrapping the read error", err, fe.Line)
	}
}
