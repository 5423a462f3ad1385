package events

import (
	"testing"

	"akhbar/internal/content"
)

func TestArticleKind(t *testing.T) {
	for _, c := range []struct {
		before, after content.Status
		want          Kind
	}{
		{content.StatusDraft, content.StatusPublished, ArticlePublished},
		{content.StatusScheduled, content.StatusPublished, ArticlePublished},
		{content.StatusUnpublished, content.StatusPublished, ArticlePublished},
		{content.StatusPublished, content.StatusPublished, ArticleUpdated},
		{content.StatusPublished, content.StatusUnpublished, ArticleUnpublished},
		{content.StatusPublished, content.StatusDraft, ArticleUnpublished},
		{content.StatusDraft, content.StatusSubmitted, ""},
		{content.StatusSubmitted, content.StatusScheduled, ""},
	} {
		got, ok := ArticleKind(c.before, c.after)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%s → %s: %q %v, want %q", c.before, c.after, got, ok, c.want)
		}
	}
}
