package site_test

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// suggestion returns the "did you mean" link of a search page: its address and text.
func suggestion(body string) (href, text string) {
	m := regexp.MustCompile(`<p class="search-suggest">کیا آپ کا مطلب تھا: <a href="([^"]+)"><bdi>([^<]*)</bdi></a>؟</p>`).FindStringSubmatch(body)
	if m == nil {
		return "", ""
	}
	return html.UnescapeString(m[1]), m[2]
}

// TestSearchDidYouMean: a query that finds nothing offers the nearest
// words of the index as a link, and the link searches them; the page
// still shows what the reader typed found (nothing), never the
// suggestion's results. A query that finds plenty offers nothing.
func TestSearchDidYouMean(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newDemoSite(t, s, clock)
		seed := seedArticle(t, s)
		for typed, want := range map[string]string{
			"کوریاں":      "کوریا",       // a letter too many (کوریے is an oblique form now, found by the stems)
			"شمالے کوریا": "شمالی کوریا", // ی/ے slip
			"پیانگ یانک":  "پیانگ یانگ",  // one wrong letter
		} {
			_, body := f.get(t, "/search?q="+url.QueryEscape(typed))
			if links := resultLinks(body); len(links) != 0 {
				t.Errorf("%q: %d results shown, want none (the suggestion must not be applied)", typed, len(links))
			}
			if !strings.Contains(body, "کوئی خبر نہیں ملی") {
				t.Errorf("%q: the page does not say nothing was found", typed)
			}
			href, text := suggestion(body)
			if text != want {
				t.Errorf("%q: suggestion %q, want %q", typed, text, want)
				continue
			}
			if u, err := url.Parse(href); err != nil || u.Query().Get("q") != want {
				t.Errorf("%q: the suggestion links %s, want a search for %q", typed, href, want)
			}
			_, found := f.get(t, href)
			if !strings.Contains(strings.Join(resultLinks(found), " "), seed.Path()) {
				t.Errorf("%q: following the suggestion %s does not find the seed story", typed, href)
			}
			if _, again := suggestion(found); again != "" {
				t.Errorf("%q: the suggested search suggests again: %q", typed, again)
			}
		}
		// Plenty found: no suggestion.
		_, body := f.get(t, "/search?q="+url.QueryEscape("پاکستان"))
		if _, text := suggestion(body); text != "" {
			t.Errorf("a common word gets a suggestion: %q", text)
		}
		// Nothing near: no suggestion.
		_, body = f.get(t, "/search?q="+url.QueryEscape("قزلقرمقوزق"))
		if _, text := suggestion(body); text != "" {
			t.Errorf("gibberish gets a suggestion: %q", text)
		}
	})
}

// TestSearchSuggestsNoDraftWords: the vocabulary holds drafts' words
// too, but a suggestion is searched before it is offered, so a word only
// a draft holds is never suggested to readers.
func TestSearchSuggestsNoDraftWords(t *testing.T) {
	s := storetest.OpenSQLite(t)
	f := newDemoSite(t, s, clock)
	secs, err := s.Sections(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	draft := content.Article{SectionID: secs[0].ID, Status: content.StatusDraft, Headline: "خفیہ منصوبہ قزلباشستان", Slug: "x",
		Language: "ur", BodyHTML: "<p>قزلباشستان</p>", BodyText: "قزلباشستان", PublishedAt: clock.Add(-time.Hour)}
	if err := s.SaveArticle(context.Background(), &draft, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	_, body := f.get(t, "/search?q="+url.QueryEscape("قزلباشستاں"))
	if _, text := suggestion(body); text != "" {
		t.Errorf("a draft's word suggested to readers: %q", text)
	}
}
