package site_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"akhbar/internal/search"
	"akhbar/internal/site"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// TestSearchPage searches the demo site the way readers type: Arabic
// letters for Urdu ones, a section filter, pages, and input that is
// malformed in every way; the answer is always a calm Urdu page.
func TestSearchPage(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newDemoSite(t, s, clock)
		if err := s.SetSetting(ctx, "digits", "urdu"); err != nil {
			t.Fatal(err)
		}
		if err := f.site.ReloadSettings(ctx); err != nil {
			t.Fatal(err)
		}
		seed := seedArticle(t, s)
		// results is the list of results alone, without the most-read lists.
		resultList := regexp.MustCompile(`(?s)<ol class="search-results">.*?</ol>`)
		results := func(body string) string { return resultList.FindString(body) }

		// «كوريا» typed with Arabic kaf and yeh finds the seed article.
		resp, body := f.get(t, "/search?q="+url.QueryEscape("شمالی كوريا"))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if !strings.Contains(results(body), `href="`+seed.Path()+`"`) {
			t.Errorf("seed article not among the results")
		}
		if !strings.Contains(body, "<mark>کوریا</mark>") {
			t.Errorf("query word not marked in the results")
		}
		if !strings.Contains(body, `<meta name="robots" content="noindex">`) || resp.Header.Get("X-Robots-Tag") != "noindex" {
			t.Errorf("search results are not kept out of search engines")
		}
		count := regexp.MustCompile(`<p class="list-count" role="status">([^<]+)</p>`).FindStringSubmatch(body)
		if count == nil || !strings.HasSuffix(count[1], "نتائج") && !strings.HasSuffix(count[1], "نتیجہ") {
			t.Fatalf("no Urdu result count in the page")
		}
		// The count is written in the site's digits, Urdu here.
		if strings.ContainsAny(count[1], "0123456789") {
			t.Errorf("count %q not in Urdu digits", count[1])
		}

		// Section filter: the seed is international, not sports.
		_, body = f.get(t, "/search?section=sports&q="+url.QueryEscape("کوریا"))
		if strings.Contains(results(body), `href="`+seed.Path()+`"`) {
			t.Errorf("section filter ignored")
		}

		// Nothing found: a helpful sentence, status 200.
		resp, body = f.get(t, "/search?q="+url.QueryEscape("قزلقرمقوزق"))
		if resp.StatusCode != 200 || !strings.Contains(body, "کوئی خبر نہیں ملی") {
			t.Errorf("no-result page: %d", resp.StatusCode)
		}

		// Malformed input never makes a 500.
		long := strings.Repeat("پاکستان ", 1300) // over 10,000 characters
		for _, q := range []string{`"کوریا`, `* : ( ) NEAR AND OR NOT -+^`, long, "%ff%fe%80", "%00", `'\`, "<script>alert(1)</script>"} {
			raw := "/search?q=" + url.QueryEscape(q)
			if strings.HasPrefix(q, "%") {
				raw = "/search?q=" + q
			}
			resp, body := f.get(t, raw)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%.30q: status %d", q, resp.StatusCode)
			}
			if strings.Contains(body, "<script>alert") {
				t.Errorf("query echoed unescaped")
			}
		}
		// Pages: a word in many demo articles, page 2 differs from page 1.
		_, p1 := f.get(t, "/search?q="+url.QueryEscape("پاکستان "))
		if !strings.Contains(p1, `rel="next"`) {
			t.Fatal("no second page of «پاکستان» results: the demo should have more than 20")
		}
		_, p2 := f.get(t, "/search?page=2&q="+url.QueryEscape("پاکستان "))
		first := regexp.MustCompile(`class="card-headline"><a href="([^"]+)"`)
		if a, b := first.FindStringSubmatch(p1), first.FindStringSubmatch(p2); a == nil || b == nil || a[1] == b[1] {
			t.Errorf("page 2 does not continue page 1")
		}
	})
}

// TestSearchTooSlow: a search that runs out of its time is stopped and
// answered with a calm Urdu page (503, Retry-After, never kept), not an
// error page.
func TestSearchTooSlow(t *testing.T) {
	f := newDemoSite(t, storetest.OpenSQLite(t), clock)
	defer site.SetReaderSearchTime(time.Nanosecond)()
	resp, body := f.get(t, "/search?q="+url.QueryEscape("اور پاکستان"))
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("a search out of time: %d, Retry-After %q, Cache-Control %q; want 503, a Retry-After and no-store",
			resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header.Get("Cache-Control"))
	}
	if !strings.Contains(body, "یہ تلاش اس وقت مکمل نہیں ہو سکی") || !strings.Contains(body, `value="اور پاکستان"`) {
		t.Error("the page does not explain itself or lost the query")
	}
}

// TestSearchMarksWholeWords: a word typed open matches as a prefix only
// when no story holds it whole, and the excerpts follow: «کار»
// marks کار (and its forms, کاروں), never the کاروبار beside it, while «پاکس», still being
// typed, marks the پاکستان it finds.
func TestSearchMarksWholeWords(t *testing.T) {
	f := newDemoSite(t, storetest.OpenSQLite(t), clock)
	resultList := regexp.MustCompile(`(?s)<ol class="search-results">.*?</ol>`)
	marks := regexp.MustCompile(`<mark>([^<]*)</mark>`)
	marked := func(q string) map[string]int {
		_, body := f.get(t, "/search?q="+url.QueryEscape(q))
		got := map[string]int{}
		for _, m := range marks.FindAllStringSubmatch(resultList.FindString(body), -1) {
			got[m[1]]++
		}
		return got
	}
	got := marked("کار")
	if got["کار"] == 0 {
		t.Fatalf("«کار»: the whole word is not marked: %v", got)
	}
	for w := range got {
		if search.Key(w) != search.Key("کار") { // کاروں is a form of it
			t.Errorf("«کار»: %q marked as if the prefix had matched: %v", w, got)
		}
	}
	if got := marked("پاکس"); got["پاکستان"] == 0 {
		t.Errorf("«پاکس», a word being typed: پاکستان not marked: %v", got)
	}
}
