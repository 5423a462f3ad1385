package site_test

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
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// resultLinks returns the article addresses in the results list, in order.
func resultLinks(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`class="card-headline"><a href="([^"]+)"`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// resultVia returns, for each result in order, the Urdu reading it was
// found through, or "" when the query as typed found it.
func resultVia(body string) []string {
	var out []string
	for _, li := range regexp.MustCompile(`(?s)<li class="search-result">.*?</li>`).FindAllString(body, -1) {
		m := regexp.MustCompile(`<p class="card-meta search-via">آپ کی تلاش: <bdi>([^<]*)</bdi></p>`).FindStringSubmatch(li)
		if m == nil {
			out = append(out, "")
		} else {
			out = append(out, m[1])
		}
	}
	return out
}

// publishStory stores a published story and returns it.
func publishStory(t *testing.T, s *store.Store, headline, body string, at time.Time) content.Article {
	t.Helper()
	secs, err := s.Sections(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	a := content.Article{SectionID: secs[0].ID, Status: content.StatusPublished, Headline: headline, Slug: "story",
		Language: "ur", BodyHTML: "<p>" + body + "</p>", BodyText: body, PublishedAt: at}
	if err := s.SaveArticle(context.Background(), &a, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	full, err := s.Article(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return full
}

// TestSearchRomanUrdu: the queries of issue 21 typed in Latin letters
// find the Urdu stories, and say which Urdu words they searched; Latin
// text in stories is still found by the query as typed, and results
// found both ways are merged newest first, each once.
func TestSearchRomanUrdu(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newDemoSite(t, s, clock)
		seed := seedArticle(t, s)
		imran := publishStory(t, s, "عمران خان کا جلسہ ملتوی", "جلسہ اگلے ہفتے ہو گا۔", clock.Add(-time.Hour))
		rain := publishStory(t, s, "کراچی میں موسلا دھار بارش", "شہر کی سڑکیں زیرِ آب۔", clock.Add(-2*time.Hour))
		latin := publishStory(t, s, "ایشیائی خبروں کا جائزہ", "BBC کے مطابق Korea میں انتخابات ہوں گے۔", clock.Add(-3*time.Hour))

		// «korea»: the story whose URL says korea is found, marked as
		// found through کوریا; the story with Latin «Korea» in its text is
		// found by the query as typed, unmarked.
		resp, body := f.get(t, "/search?q=korea")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("korea: status %d", resp.StatusCode)
		}
		links, via := resultLinks(body), resultVia(body)
		at := map[string]int{}
		for i, l := range links {
			at[l] = i
		}
		if i, ok := at[seed.Path()]; !ok || via[i] != "کوریا" {
			t.Errorf("korea: the seed story (%s) is not found through کوریا: links %q via %q", seed.Path(), links, via)
		}
		if i, ok := at[latin.Path()]; !ok || via[i] != "" {
			t.Errorf("korea: the story with Latin «Korea» is not found as typed: links %q via %q", links, via)
		}
		if len(at) != len(links) {
			t.Errorf("korea: a story shown twice: %q", links)
		}
		// The store's order: newest first, a headline holding the query
		// word a week ahead (the seed's does, through کوریا).
		if seedFirst := seed.PublishedAt.Add(7 * 24 * time.Hour).After(latin.PublishedAt); (at[seed.Path()] < at[latin.Path()]) != seedFirst {
			t.Errorf("korea: merged results out of order: %q", links)
		}
		if !strings.Contains(body, `<a href="/search?q=`+url.QueryEscape("کوریا")+`" lang="ur">کوریا</a>`) {
			t.Error("korea: the page does not name and link the Urdu search")
		}
		if !strings.Contains(body, "<mark>کوریا</mark>") {
			t.Error("korea: the Urdu word is not marked in results found through it")
		}
		for q, want := range map[string]content.Article{"imran khan": imran, "Imran Khan": imran, "karachi barish": rain, "karachi baarsh ": rain} {
			_, body := f.get(t, "/search?q="+url.QueryEscape(q))
			links, via := resultLinks(body), resultVia(body)
			if len(links) == 0 || links[0] != want.Path() || via[0] == "" {
				t.Errorf("%q: first result %q (via %q), want %s found through its Urdu reading", q, links, via, want.Path())
			}
		}
		// A reading that is a phrase is linked as one.
		_, body = f.get(t, "/search?q=islamabad")
		link := regexp.MustCompile(`<p class="search-roman">[^<]*<a href="([^"]+)" lang="ur">اسلام آباد</a></p>`).FindStringSubmatch(body)
		if link == nil {
			t.Error("islamabad: no link to the Urdu search")
		} else if u, err := url.Parse(html.UnescapeString(link[1])); err != nil || u.Query().Get("q") != `"اسلام آباد"` {
			t.Errorf("islamabad: the Urdu search is %s, want the phrase \"اسلام آباد\"", link[1])
		}
		// Latin text is still searched as typed: «BBC» has no reading.
		_, body = f.get(t, "/search?q=BBC")
		if links := resultLinks(body); len(links) != 1 || links[0] != latin.Path() || strings.Contains(body, "search-via") || strings.Contains(body, "search-roman") {
			t.Errorf("BBC: results %q, want the Latin story alone, unmarked", links)
		}
		// An Urdu query is not read again.
		_, body = f.get(t, "/search?q="+url.QueryEscape("کوریا"))
		if strings.Contains(body, "search-via") || strings.Contains(body, "search-roman") {
			t.Error("an Urdu query is marked as read from Roman Urdu")
		}
	})
}

// TestSearchRomanBadInput: long Latin queries, mixed scripts, a dozen
// known words and more all answer a page, never an error.
func TestSearchRomanBadInput(t *testing.T) {
	f := newDemoSite(t, storetest.OpenSQLite(t), clock)
	for _, q := range []string{
		strings.Repeat("karachi ", 300),
		strings.Repeat("wazir e azam america ", 40),
		"imran خان karachi بارش lahore «islamabad» \"wazir-e-azam\" پاکستان",
		"korea koria karachi lahore islamabad imran khan barish sailab mehngai bijli petrol dollar cricket match",
		"Karāchi BBC T20 ÉCOLE 한국어 ' '' \"",
		"\xff\xfekorea",
		"<script>korea</script>",
	} {
		start := time.Now()
		resp, body := f.get(t, "/search?q="+url.QueryEscape(q))
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%.40q: status %d", q, resp.StatusCode)
		}
		if strings.Contains(body, "<script>korea") {
			t.Errorf("%.40q: echoed unescaped", q)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%.40q took %v", q, d) // a hang, not a timing
		}
	}
}

// TestSearchRomanPages: a query two searches answer pages through the
// merged results: page 2 continues page 1, no story comes twice.
func TestSearchRomanPages(t *testing.T) {
	s := storetest.OpenSQLite(t)
	f := newDemoSite(t, s, clock)
	for i := range 30 {
		publishStory(t, s, fmt.Sprintf("لاہور کی خبر %d", i), "لاہور میں آج۔", clock.Add(-time.Duration(2*i)*time.Minute))
		publishStory(t, s, fmt.Sprintf("Lahore report %d", i), "lahore in English", clock.Add(-time.Duration(2*i+1)*time.Minute))
	}
	_, p1 := f.get(t, "/search?q=lahore")
	_, p2 := f.get(t, "/search?q=lahore&page=2")
	l1, l2 := resultLinks(p1), resultLinks(p2)
	if len(l1) != 20 || len(l2) == 0 {
		t.Fatalf("pages of %d and %d results", len(l1), len(l2))
	}
	seen := map[string]bool{}
	for _, l := range append(l1, l2...) {
		if seen[l] {
			t.Errorf("%s on both pages", l)
		}
		seen[l] = true
	}
	// Newest first across both searches: Urdu and Latin stories alternate.
	v1 := resultVia(p1)
	if v1[0] != "لاہور" || v1[1] != "" {
		t.Errorf("first results via %q, want the Urdu story then the Latin one", v1[:2])
	}
	if !strings.Contains(p1, `rel="next"`) {
		t.Error("no next page")
	}

	// One reading alone finds anything: its pages are the Urdu search's.
	for i := range 25 {
		publishStory(t, s, fmt.Sprintf("کراچی کی خبر %d", i), "کراچی میں آج۔", clock.Add(-time.Duration(i)*time.Minute))
	}
	for _, page := range []string{"1", "2", "6"} {
		_, roman := f.get(t, "/search?q=karachi&page="+page)
		_, urdu := f.get(t, "/search?q="+url.QueryEscape("کراچی")+"&page="+page)
		if r, u := resultLinks(roman), resultLinks(urdu); strings.Join(r, " ") != strings.Join(u, " ") || page != "6" && len(r) == 0 {
			t.Errorf("page %s of «karachi»: %d results, not the %d of «کراچی»", page, len(r), len(u))
		}
	}
}
