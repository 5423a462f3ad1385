package newsroom_test

import (
	"context"
	"net/http"
	"testing"

	"akhbar/internal/content"
	"akhbar/internal/store/storetest"
)

// TestStoredSlugSurvivesNewSpelling: issue 21 changed how slugs spell
// words («اردو» was "ardo", now "urdu"), but a story already published
// keeps the URL it was published under, whether the editor saves it with
// the slug field as the form shows it or without one; a new story with
// the same headline gets the new spelling.
func TestStoredSlugSurvivesNewSpelling(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	const headline = "اردو ادب کا عالمی میلہ"
	old := content.Article{SectionID: e.sections[0].ID, Status: content.StatusPublished, Headline: headline,
		Slug: "ardo-adab-ka-aalmi-meela", Language: "ur", BodyHTML: "<p>میلہ</p>", BodyText: "میلہ", PublishedAt: e.clock.Now()}
	if err := e.store.SaveArticle(ctx, &old, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	editor := e.login(t, content.RoleEditor)
	if code, loc := editor.act(old.ID, "save"); code != http.StatusSeeOther {
		t.Fatalf("save without a slug field: %d %s", code, loc)
	}
	if code, loc := editor.act(old.ID, "save", "slug", "ardo-adab-ka-aalmi-meela"); code != http.StatusSeeOther {
		t.Fatalf("save with the form's slug: %d %s", code, loc)
	}
	a, err := e.store.Article(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Slug != "ardo-adab-ka-aalmi-meela" || a.Version <= old.Version {
		t.Errorf("after two saves the stored story's slug is %q (version %d), want the old one kept", a.Slug, a.Version)
	}
	if code := e.public(t, old.ID); code != http.StatusOK {
		t.Errorf("the old URL answers %d", code)
	}
	fresh := editor.create(headline, "publish")
	if b, _ := e.store.Article(ctx, fresh); b.Slug != "urdu-adab-ka-aalmi-meela" {
		t.Errorf("a new story's slug is %q, want the new spelling urdu-adab-ka-aalmi-meela", b.Slug)
	}
}
