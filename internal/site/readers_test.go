package site_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/demo"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
	"akhbar/internal/urdu"
)

// readerClasses are the kinds of query issue 21 found readers typing, in
// the order the report lists them.
var readerClasses = []string{"exact", "keyboard", "compound", "variant", "roman", "typo", "prefix", "inflection"}

// readerFloors are the least recall and precision each class (and "all")
// may score on the first page's results (the passing mentions listed
// apart not counted): what main measured last, rounded down to two
// places, so the fixture guards against regressions. They meet the
// issue's targets: recall ≥ 0.9 overall and ≥ 0.8 in every class,
// precision ≥ 0.9 overall.
var readerFloors = map[string]struct{ Recall, Precision float64 }{
	"exact":      {Recall: 0.96, Precision: 0.90}, // 31/32, 36/40
	"keyboard":   {Recall: 1.00, Precision: 0.87}, // 33/33, 35/40
	"compound":   {Recall: 0.95, Precision: 0.96}, // 43/45, 51/53
	"variant":    {Recall: 1.00, Precision: 0.98}, // 48/48, 62/63
	"roman":      {Recall: 0.92, Precision: 0.94}, // 38/41, 47/50
	"typo":       {Recall: 0.92, Precision: 0.96}, // 25/27, 26/27
	"prefix":     {Recall: 0.88, Precision: 0.76}, // 24/27, 29/38
	"inflection": {Recall: 0.96, Precision: 0.93}, // 26/27, 28/30
	"all":        {Recall: 0.95, Precision: 0.92}, // 268/280, 314/341
}

// pageRecallFloor is the least share of wanted stories the first page
// shows at all, in the results or listed apart as passing mentions.
const pageRecallFloor = 0.98

// readersFixture is testdata/readers.json: queries as readers type them,
// each with the stories they want, and a few articles the demo lacks.
type readersFixture struct {
	Articles []readerArticle `json:"articles"`
	Queries  []readerQuery   `json:"queries"`
}

// readerArticle is a fixture-only story, stored beside the demo content
// (which stays as it is) to give a class material the demo does not have,
// such as a spelling variant used by one story and not another.
type readerArticle struct {
	Key       string   `json:"key"`
	Section   string   `json:"section"`
	Headline  string   `json:"headline"`
	Strapline string   `json:"strapline"`
	Place     string   `json:"place"`
	Tags      []string `json:"tags"`
	HoursAgo  int      `json:"hours_ago"`
	Body      []string `json:"body"` // paragraphs
}

// readerQuery is one query. Stories are named by key: a demo file's name
// without .txt («20-psl-karachi-win», the seed is «00-seed») or a fixture
// article's key. Want are the stories a reader typing Q wants and the
// first page must show (recall). Also are stories that are fair to show
// but not required: they say something of substance about the subject (a
// sentence or more, not a word in passing) or, for a place, were filed
// from there. They count as relevant for precision and never against
// recall. Any other story on the page is noise.
type readerQuery struct {
	Class string   `json:"class"`
	Q     string   `json:"q"`
	Want  []string `json:"want"`
	Also  []string `json:"also,omitempty"`
	Note  string   `json:"note"`
}

// readerScore sums one class's queries.
type readerScore struct {
	queries  int
	want     int // expected stories
	found    int // expected stories on the first page
	returned int // stories on the first page
	relevant int // of those, in want or also
	nothing  int // queries whose page held nothing relevant
}

func (s readerScore) recall() float64 { return readerRatio(s.found, s.want) }

// precision of a class whose queries returned nothing is 1: nothing shown
// was wrong, and recall already counts the misses.
func (s readerScore) precision() float64 {
	if s.returned == 0 {
		return 1
	}
	return readerRatio(s.relevant, s.returned)
}

func readerRatio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (s *readerScore) add(o readerScore) {
	s.queries += o.queries
	s.want += o.want
	s.found += o.found
	s.returned += o.returned
	s.relevant += o.relevant
	s.nothing += o.nothing
}

// TestReadersRelevance runs the reader query fixture of issue 21 against
// the search page of the demo site on each engine, as a reader would: GET
// /search?q=… over HTTP, the articles linked from the first results page.
// It logs recall and precision per class as a Markdown table (docs/search.md
// keeps a copy) and fails when a class falls below its floor.
func TestReadersRelevance(t *testing.T) {
	fx := loadReadersFixture(t)
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newDemoSite(t, s, clock)
		keys := addReaderArticles(t, s, fx.Articles)
		scores := map[string]*readerScore{}
		for _, c := range readerClasses {
			scores[c] = &readerScore{}
		}
		var misses []string
		var onPage, wanted int // wanted stories anywhere on the page, set apart or not
		for _, q := range fx.Queries {
			got, apart, via := f.readerResults(t, q, keys)
			sc, miss := scoreReaderQuery(q, got)
			page, _ := scoreReaderQuery(q, append(got, apart...))
			onPage, wanted = onPage+page.found, wanted+page.want
			scores[q.Class].add(sc)
			if miss != "" {
				misses = append(misses, fmt.Sprintf("%s «%s»%s: %s", q.Class, q.Q, via, miss))
			}
		}
		var all readerScore
		var table strings.Builder
		table.WriteString("\n| class | queries | recall | precision | queries finding nothing relevant |\n|---|---:|---:|---:|---:|\n")
		row := func(name string, sc readerScore) {
			fmt.Fprintf(&table, "| %s | %d | %.2f (%d/%d) | %.2f (%d/%d) | %d |\n", name, sc.queries,
				sc.recall(), sc.found, sc.want, sc.precision(), sc.relevant, sc.returned, sc.nothing)
		}
		for _, c := range readerClasses {
			all.add(*scores[c])
			row(c, *scores[c])
		}
		row("all", all)
		t.Logf("reader queries on %s (recall: wanted stories on the first page; precision: relevant stories among those shown):%s", s.Engine(), table.String())
		t.Logf("queries that missed a wanted story or showed noise (%d):\n%s", len(misses), strings.Join(misses, "\n"))
		// A story listed apart as naming the query in passing is still on
		// the page: counted so, the wanted stories the page shows at all.
		t.Logf("wanted stories on the page, the passing mentions included: %.2f (%d/%d)", readerRatio(onPage, wanted), onPage, wanted)
		if readerRatio(onPage, wanted) < pageRecallFloor {
			t.Errorf("wanted stories on the page: %.3f, below its floor %.2f", readerRatio(onPage, wanted), pageRecallFloor)
		}
		scores["all"] = &all
		for _, c := range append(readerClasses[:len(readerClasses):len(readerClasses)], "all") {
			floor, sc := readerFloors[c], scores[c]
			if sc.recall() < floor.Recall {
				t.Errorf("%s: recall %.3f, below its floor %.2f", c, sc.recall(), floor.Recall)
			}
			if sc.precision() < floor.Precision {
				t.Errorf("%s: precision %.3f, below its floor %.2f", c, sc.precision(), floor.Precision)
			}
		}
	})
}

// scoreReaderQuery scores one query's first page and describes what went
// wrong, if anything.
func scoreReaderQuery(q readerQuery, got []string) (readerScore, string) {
	sc := readerScore{queries: 1, want: len(q.Want), returned: len(got)}
	shown := map[string]bool{}
	for _, k := range got {
		shown[k] = true
	}
	relevant := map[string]bool{}
	for _, k := range q.Want {
		relevant[k] = true
		if shown[k] {
			sc.found++
		}
	}
	for _, k := range q.Also {
		relevant[k] = true
	}
	var missed, noise []string
	for _, k := range q.Want {
		if !shown[k] {
			missed = append(missed, k)
		}
	}
	for _, k := range got {
		if relevant[k] {
			sc.relevant++
		} else {
			noise = append(noise, k)
		}
	}
	if sc.relevant == 0 {
		sc.nothing = 1
	}
	var parts []string
	if len(missed) > 0 {
		parts = append(parts, "missed "+strings.Join(missed, " "))
	}
	if len(noise) > 0 {
		parts = append(parts, "noise "+strings.Join(noise, " "))
	}
	return sc, strings.Join(parts, "; ")
}

// readerResults searches as a reader and returns the keys of the stories
// on the first results page, best first. For a typo query whose page holds
// nothing relevant (no results, or none wanted), a «کیا آپ کا مطلب تھا»
// suggestion is followed once and that page is scored instead, as a reader
// would click it; via then says so.
//
// apart are the stories the page lists apart, below the results, as
// naming the query in passing: not counted as results.
func (f *fixture) readerResults(t *testing.T, q readerQuery, keys map[int64]string) (got, apart []string, via string) {
	t.Helper()
	body := f.readerPage(t, "/search?q="+url.QueryEscape(q.Q))
	got, apart = resultKeys(t, body, keys, resultsList), resultKeys(t, body, keys, mentionsList)
	if q.Class != "typo" || anyReaderKey(got, q.Want, q.Also) {
		return got, apart, ""
	}
	link, _ := suggestion(body)
	if link == "" {
		return got, apart, ""
	}
	body = f.readerPage(t, link)
	return resultKeys(t, body, keys, resultsList), resultKeys(t, body, keys, mentionsList), " → " + link
}

func anyReaderKey(got []string, lists ...[]string) bool {
	for _, l := range lists {
		for _, k := range l {
			for _, g := range got {
				if g == k {
					return true
				}
			}
		}
	}
	return false
}

// readerPage fetches a search page, which must answer 200.
func (f *fixture) readerPage(t *testing.T, path string) string {
	t.Helper()
	resp, body := f.get(t, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, resp.StatusCode)
	}
	return body
}

var (
	// articleHref is an article's address, /{section}/{id}/{slug}: the id
	// names it.
	articleHref = regexp.MustCompile(`href="/[^/"?#]+/([0-9]+)(?:/[^"]*)?"`)
	// resultsList is the page's list of results (search.html).
	resultsList = regexp.MustCompile(`(?s)<ol class="search-results">.*?</ol>`)
	// mentionsList is its list of stories that name the query in passing.
	mentionsList = regexp.MustCompile(`(?s)<ol class="search-mentions-list">.*?</ol>`)
)

// resultKeys reads the stories linked from one list of a search page
// (resultsList or mentionsList), in order, each once. Only that list's
// element is read, so the most-read lists around it never count.
func resultKeys(t *testing.T, body string, keys map[int64]string, which *regexp.Regexp) []string {
	t.Helper()
	list := which.FindString(body)
	var out []string
	seen := map[int64]bool{}
	for _, m := range articleHref.FindAllStringSubmatch(list, -1) {
		id, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || seen[id] {
			continue
		}
		seen[id] = true
		key, ok := keys[id]
		if !ok {
			t.Fatalf("result links to article %d, which is neither demo nor fixture content", id)
		}
		out = append(out, key)
	}
	return out
}

// loadReadersFixture reads and checks testdata/readers.json: every class
// known and with at least 15 queries, 150 in all, every story named known.
func loadReadersFixture(t *testing.T) readersFixture {
	t.Helper()
	b, err := os.ReadFile("testdata/readers.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx readersFixture
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fx); err != nil {
		t.Fatalf("testdata/readers.json: %v", err)
	}
	known := map[string]bool{}
	list, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		known[demoKey(a.File)] = true
	}
	for _, a := range fx.Articles {
		if known[a.Key] || a.Key == "" {
			t.Fatalf("fixture article key %q is empty or taken", a.Key)
		}
		known[a.Key] = true
	}
	perClass := map[string]int{}
	seen := map[string]bool{}
	for i, q := range fx.Queries {
		where := fmt.Sprintf("query %d «%s»", i+1, q.Q)
		if _, ok := readerFloors[q.Class]; !ok || q.Class == "all" {
			t.Fatalf("%s: unknown class %q", where, q.Class)
		}
		if strings.TrimSpace(q.Q) == "" || len(q.Want) == 0 || q.Note == "" {
			t.Fatalf("%s: needs a query, wanted stories and a note", where)
		}
		if seen[q.Class+"\x00"+q.Q] {
			t.Fatalf("%s: listed twice in class %s", where, q.Class)
		}
		seen[q.Class+"\x00"+q.Q] = true
		if len(q.Want)+len(q.Also) > 20 {
			t.Fatalf("%s: more stories than a results page holds", where)
		}
		for _, k := range append(append([]string{}, q.Want...), q.Also...) {
			if !known[k] {
				t.Fatalf("%s: unknown story %q", where, k)
			}
		}
		perClass[q.Class]++
	}
	for _, c := range readerClasses {
		if perClass[c] < 15 {
			t.Errorf("class %s has %d queries; the fixture promises at least 15", c, perClass[c])
		}
	}
	if len(fx.Queries) < 150 {
		t.Errorf("%d queries; the fixture promises at least 150", len(fx.Queries))
	}
	return fx
}

// demoKey names a demo story by its file: "articles/20-psl-karachi-win.txt"
// is «20-psl-karachi-win».
func demoKey(file string) string {
	file = file[strings.LastIndex(file, "/")+1:]
	return strings.TrimSuffix(file, ".txt")
}

// addReaderArticles publishes the fixture-only articles beside the demo,
// written in the demo's own format and read by its parser, and returns the
// key of every published article by id.
func addReaderArticles(t *testing.T, s *store.Store, extra []readerArticle) map[int64]string {
	t.Helper()
	ctx := context.Background()
	sections, err := s.Sections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sectionID := map[string]int64{}
	for _, sec := range sections {
		sectionID[sec.Slug] = sec.ID
	}
	byHeadline := map[string]string{}
	list, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		byHeadline[a.Headline] = demoKey(a.File)
	}
	for _, x := range extra {
		text := fmt.Sprintf("section: %s\nheadline: %s\nstrapline: %s\nplace: %s\ntags: %s\nhours_ago: %d\n\n%s\n",
			x.Section, x.Headline, x.Strapline, x.Place, strings.Join(x.Tags, "، "), x.HoursAgo, strings.Join(x.Body, "\n\n"))
		d, err := demo.Parse(text)
		if err != nil {
			t.Fatalf("fixture article %s: %v", x.Key, err)
		}
		if sectionID[d.Section] == 0 {
			t.Fatalf("fixture article %s: unknown section %q", x.Key, d.Section)
		}
		a := content.Article{
			SectionID: sectionID[d.Section], Status: content.StatusPublished, Headline: d.Headline,
			Strapline: d.Strapline, DatelinePlace: d.Place, BodyHTML: d.Body, BodyText: content.PlainText(d.Body),
			Slug: urdu.Slug(d.Headline), Language: "ur",
			PublishedAt: clock.Add(-time.Duration(d.HoursAgo) * time.Hour).Truncate(time.Minute),
		}
		a.CreatedAt, a.UpdatedAt = a.PublishedAt, a.PublishedAt
		var tagIDs []int64
		for _, name := range d.Tags {
			id, err := s.EnsureTag(ctx, content.Tag{Slug: urdu.UrduSlug(name), Name: name})
			if err != nil {
				t.Fatalf("fixture article %s: %v", x.Key, err)
			}
			tagIDs = append(tagIDs, id)
		}
		if other, dup := byHeadline[d.Headline]; dup {
			t.Fatalf("fixture article %s: headline also used by %s", x.Key, other)
		}
		if err := s.SaveArticle(ctx, &a, nil, tagIDs, 0); err != nil {
			t.Fatalf("fixture article %s: %v", x.Key, err)
		}
		byHeadline[d.Headline] = x.Key
	}
	published, err := s.ListArticles(ctx, store.PublishedArticles().Limit(1000))
	if err != nil {
		t.Fatal(err)
	}
	keys := map[int64]string{}
	for _, a := range published {
		key, ok := byHeadline[a.Headline]
		if !ok {
			t.Fatalf("published article %d «%s» is neither demo nor fixture content", a.ID, a.Headline)
		}
		keys[a.ID] = key
	}
	if len(keys) != len(byHeadline) {
		t.Fatalf("%d articles published, %d expected", len(keys), len(byHeadline))
	}
	return keys
}

// TestReaderPageReading checks how the fixture reads a search page: the
// results list alone, never the most-read lists beside it. (The
// suggestion link is read by suggestion, TestSearchDidYouMean's.)
func TestReaderPageReading(t *testing.T) {
	keys := map[int64]string{7: "a", 9: "b", 11: "c"}
	page := `<ol class="most-read"><li><a href="/sports/11/x">c</a></li></ol>
<ol class="search-results">
<li class="search-result"><h2 class="card-headline"><a href="/national/9/slug">b</a></h2><a href="/national/9/slug"><img></a>
<p class="card-meta"><a class="card-section" href="/national/">قومی</a></p></li>
<li class="search-result"><h2 class="card-headline"><a href="/health/7/%D8%A7">a</a></h2></li>
</ol>
<aside><ol class="most-read"><li><a href="/sports/11/x">c</a></li></ol></aside>`
	if got := resultKeys(t, page, keys, resultsList); strings.Join(got, " ") != "b a" {
		t.Errorf("results read as %q, want [b a]", got)
	}
	if got := resultKeys(t, `<p class="empty">کوئی خبر نہیں ملی</p>`, keys, resultsList); len(got) != 0 {
		t.Errorf("a page without results read as %q", got)
	}
}
