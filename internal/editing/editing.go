// Package editing holds the checks an edit to an article must pass,
// whoever makes it (the newsroom's form, the content API), so that both
// refuse the same things with the same Urdu words.
package editing

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

// Limits on what one article carries.
const (
	MaxHeadlineBytes  = 1000
	MaxStraplineBytes = 2000
	MaxAuthors        = 10
	MaxTags           = 20
	maxTagBytes       = 100
)

// The problems, in Urdu.
const (
	NoHeadline      = "سرخی لکھنا ضروری ہے۔"
	TooLong         = "سرخی یا ذیلی سرخی بہت طویل ہے۔"
	NoSection       = "حصہ منتخب کریں۔"
	NoLanguage      = "زبان منتخب کریں۔"
	LeadGone        = "منتخب کی گئی مرکزی تصویر اب لائبریری میں موجود نہیں؛ کوئی اور تصویر منتخب کریں۔"
	TooManyAuthors  = "ایک مضمون پر زیادہ سے زیادہ دس مصنف ہو سکتے ہیں۔"
	TooManyTags     = "زیادہ سے زیادہ بیس ٹیگ لگائے جا سکتے ہیں۔"
	selfTranslation = "کوئی مضمون اپنا ہی ترجمہ نہیں ہو سکتا۔"
	originalGone    = "منتخب کیا گیا اصل مضمون نہیں ملا؛ شاید حذف ہو چکا ہے۔ اصل مضمون دوبارہ تلاش کر کے منتخب کریں۔"
	sameLanguage    = "ترجمہ اصل مضمون سے مختلف زبان میں ہونا چاہیے۔"
)

// Lead loads the lead image a names into a.Lead; a problem if it is gone.
func Lead(ctx context.Context, s *store.Store, a *content.Article) (problem string, err error) {
	a.Lead = nil
	if a.LeadMediaID == 0 {
		return "", nil
	}
	m, err := s.Media(ctx, a.LeadMediaID)
	if errors.Is(err, content.ErrNotFound) {
		return LeadGone, nil
	}
	if err != nil {
		return "", err
	}
	a.Lead = &m
	return "", nil
}

// Translation returns a problem if a's "translation of" link is wrong:
// the original must exist, be another article, be an original itself,
// and be in another language.
func Translation(ctx context.Context, s *store.Store, a *content.Article) string {
	if a.TranslationOf == 0 {
		return ""
	}
	if a.TranslationOf == a.ID {
		return selfTranslation
	}
	orig, err := s.Article(ctx, a.TranslationOf)
	switch {
	case err != nil:
		return originalGone
	case orig.TranslationOf != 0:
		return fmt.Sprintf("«%s» خود ایک ترجمہ ہے؛ اس کے بجائے وہ مضمون منتخب کریں جس کا یہ ترجمہ ہے۔", orig.Headline)
	case orig.Language == a.Language:
		return sameLanguage
	}
	return ""
}

// SplitTags reads tag names as a writer types them: separated by commas
// (Latin or Urdu) or lines.
func SplitTags(typed string) []string {
	return strings.FieldsFunc(typed, func(r rune) bool { return r == ',' || r == '،' || r == '\n' })
}

// Tags finds or creates the tags named, each once, and returns their ids;
// empty and overlong names are skipped. Call it only once every other
// check has passed: it writes.
func Tags(ctx context.Context, s *store.Store, names []string) ([]int64, error) {
	var ids []int64
	seen := map[string]bool{}
	for _, name := range names {
		name = content.NormalizeLabel(name)
		if name == "" || len(name) > maxTagBytes || seen[name] {
			continue
		}
		seen[name] = true
		id, err := s.EnsureTag(ctx, content.Tag{Slug: urdu.UrduSlug(name), Name: name})
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// Move moves a to the state to, as the workflow allows (a new article
// counts as a draft), and sets its publication time: now when it is
// published (unless it already went out earlier), at when it is scheduled
// (the caller has checked at lies ahead), none when a scheduled article
// goes back to the desk. It returns a problem in Urdu, changing nothing.
func Move(a *content.Article, to content.Status, at, now time.Time) string {
	from := a.Status
	if a.ID == 0 {
		from = content.StatusDraft
	}
	if !content.CanTransition(from, to) {
		return fmt.Sprintf("«%s» سے «%s» میں منتقلی ممکن نہیں۔", from.Label(), to.Label())
	}
	switch to {
	case content.StatusPublished:
		if a.PublishedAt.IsZero() || a.PublishedAt.After(now) {
			a.PublishedAt = now
		}
	case content.StatusScheduled:
		a.PublishedAt = at
	case content.StatusDraft, content.StatusSubmitted:
		if from == content.StatusScheduled {
			a.PublishedAt = time.Time{}
		}
	}
	a.Status = to
	return ""
}

// LeadUnready is the problem of an article going out (published or
// scheduled) whose lead image still lacks its caption, credit or alt text.
func LeadUnready(a *content.Article) string {
	if (a.Status == content.StatusPublished || a.Status == content.StatusScheduled) && a.Lead != nil && !a.Lead.ReadyToPublish() {
		return "شائع کرنے سے پہلے تصویر کا کیپشن، حوالہ (فوٹوگرافر یا ایجنسی) اور متبادل متن لکھیں۔"
	}
	return ""
}
