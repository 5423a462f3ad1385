package site_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"akhbar/internal/store"
	"akhbar/internal/store/storetest"
)

// TestSearchListsPassingMentionsApart: a story that names the query once
// in its body, and nowhere in its headline, strapline or dateline, is
// listed apart below the stories about it; a page of only such stories
// lists them as results.
func TestSearchListsPassingMentionsApart(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newDemoSite(t, s, clock)
		about := publishStory(t, s, "زعفران کی کاشت میں اضافہ", "کسانوں نے اس سال زیادہ رقبے پر کاشت کی۔", clock.Add(-3*time.Hour))
		twice := publishStory(t, s, "مصالحوں کی برآمدات", "زعفران کی مانگ بڑھ گئی۔ ایران کا زعفران بھی آیا۔", clock.Add(-2*time.Hour))
		passing := publishStory(t, s, "مصالحوں کی منڈی میں مہنگائی", "ہلدی، زیرہ اور زعفران سمیت مصالحے مہنگے ہو گئے۔", clock.Add(-time.Hour))

		resp, body := f.get(t, "/search?q="+"زعفران")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		results, apart := resultLinks(resultsList.FindString(body)), resultLinks(mentionsList.FindString(body))
		if strings.Join(results, " ") != about.Path()+" "+twice.Path() {
			t.Errorf("results %q, want the two stories about it, the headline first: %s %s", results, about.Path(), twice.Path())
		}
		if strings.Join(apart, " ") != passing.Path() {
			t.Errorf("listed apart %q, want the passing mention %s", apart, passing.Path())
		}
		if !strings.Contains(body, "ان خبروں میں بھی ضمناً ذکر ہے") || !strings.Contains(body, "3 نتائج") {
			t.Errorf("the page lacks the heading of the passing mentions, or counts other than 3 results")
		}

		// Only passing mentions: they are the results.
		one := publishStory(t, s, "سردیوں کے مشروبات", "چائے، کافی اور قہوہ کی فروخت بڑھ گئی۔", clock.Add(-time.Hour))
		two := publishStory(t, s, "پشاور کا قصہ خوانی بازار", "بازار میں قہوہ خانے رات گئے تک کھلے رہتے ہیں۔", clock.Add(-2*time.Hour))
		_, body = f.get(t, "/search?q="+"قہوہ")
		if got := resultLinks(resultsList.FindString(body)); strings.Join(got, " ") != one.Path()+" "+two.Path() {
			t.Errorf("only passing mentions: results %q, want %s %s", got, one.Path(), two.Path())
		}
		if strings.Contains(body, "search-mentions") {
			t.Errorf("only passing mentions: a list apart is shown")
		}
	})
}
