package editing

import (
	"fmt"
	"regexp"
	"strings"

	"akhbar/internal/content"
	"akhbar/internal/urdu"
)

// ReservedSlugs are the first path segments the site's own routes use: a
// section there would never be reached, or would hide the route.
var ReservedSlugs = []string{"newsroom", "api", "tag", "tags", "author", "authors", "search", "feed", "feeds",
	"static", "media", "live", "sitemaps", "sitemap", "healthz", "metrics", "robots", "favicon", "apple-touch-icon"}

var sectionSlug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

const (
	maxSectionName = 100 // bytes
	maxSlug        = 60
)

// SectionSlug is the slug a section gets: the one typed, lower-cased and
// trimmed, or, when none was typed, the name's transliteration.
func SectionSlug(typed, name string) string {
	typed = strings.ToLower(strings.TrimSpace(typed))
	if typed == "" && strings.TrimSpace(name) != "" {
		return urdu.Slug(name)
	}
	return typed
}

// SectionProblems checks a section about to be created (ID 0) or saved
// against the site's sections, and returns what is wrong, in Urdu.
func SectionProblems(sec content.Section, all []content.Section) []string {
	var problems []string
	switch {
	case sec.Name == "":
		problems = append(problems, "حصے کا نام لکھنا ضروری ہے۔")
	case len(sec.Name) > maxSectionName:
		problems = append(problems, "حصے کا نام بہت طویل ہے؛ مختصر نام لکھیں۔")
	}
	switch {
	case sec.Slug == "":
		problems = append(problems, "سلگ لکھنا ضروری ہے، جیسے sports۔")
	case len(sec.Slug) > maxSlug || !sectionSlug.MatchString(sec.Slug):
		problems = append(problems, "سلگ میں صرف انگریزی کے چھوٹے حروف (a سے z)، ہندسے اور بیچ میں خطِ فاصل (-) ہو سکتے ہیں، زیادہ سے زیادہ 60 حروف، جیسے world-news۔")
	case isReserved(sec.Slug):
		problems = append(problems, fmt.Sprintf("«%s» ویب سائٹ کا اپنا پتا ہے (/%s/)، اس لیے یہ کسی حصے کا سلگ نہیں ہو سکتا۔ کوئی اور سلگ چنیں۔", sec.Slug, sec.Slug))
	}
	byID := map[int64]content.Section{}
	for _, s := range all {
		byID[s.ID] = s
	}
	for _, s := range all {
		if s.ID == sec.ID {
			continue
		}
		if sec.Slug != "" && s.Slug == sec.Slug {
			problems = append(problems, fmt.Sprintf("سلگ «%s» پہلے سے حصے «%s» کا ہے۔ کوئی اور سلگ چنیں۔", sec.Slug, s.Name))
		}
		if sec.Name != "" && s.Name == sec.Name {
			problems = append(problems, fmt.Sprintf("«%s» نام کا ایک حصہ پہلے سے موجود ہے۔", sec.Name))
		}
	}
	if sec.ParentID != 0 {
		if _, ok := byID[sec.ParentID]; !ok {
			problems = append(problems, "منتخب کیا گیا بالائی حصہ موجود نہیں؛ شاید حذف ہو چکا ہے۔")
		} else if sec.ID != 0 && createsCycle(sec.ID, sec.ParentID, byID) {
			problems = append(problems, "کوئی حصہ اپنے اندر یا اپنے ہی کسی ذیلی حصے کے اندر نہیں رکھا جا سکتا۔")
		}
	}
	return problems
}

func isReserved(slug string) bool {
	for _, r := range ReservedSlugs {
		if slug == r {
			return true
		}
	}
	return false
}

// createsCycle reports whether putting id under parent makes id its own
// ancestor.
func createsCycle(id, parent int64, byID map[int64]content.Section) bool {
	for p, steps := parent, 0; p != 0 && steps <= len(byID); p, steps = byID[p].ParentID, steps+1 {
		if p == id {
			return true
		}
	}
	return false
}

// SectionTree is a section in the navigation's order with its depth: each
// section followed by its children, siblings by position.
type SectionTree struct {
	content.Section
	Depth int
}

// Tree orders sections as the navigation shows them: parents before
// their children, siblings by position. A section whose parent is gone
// counts as top-level.
func Tree(all []content.Section) []SectionTree {
	known := map[int64]bool{}
	for _, s := range all {
		known[s.ID] = true
	}
	children := map[int64][]content.Section{}
	for _, s := range all { // all is in position order already
		p := s.ParentID
		if !known[p] {
			p = 0
		}
		children[p] = append(children[p], s)
	}
	var out []SectionTree
	seen := map[int64]bool{}
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, s := range children[parent] {
			if seen[s.ID] {
				continue
			}
			seen[s.ID] = true
			out = append(out, SectionTree{Section: s, Depth: depth})
			walk(s.ID, depth+1)
		}
	}
	walk(0, 0)
	for _, s := range all { // a cycle left by hand in the database
		if !seen[s.ID] {
			seen[s.ID] = true
			out = append(out, SectionTree{Section: s})
		}
	}
	return out
}

// TreeIDs are the ids of a tree, in order.
func TreeIDs(tree []SectionTree) []int64 {
	ids := make([]int64, len(tree))
	for i, s := range tree {
		ids[i] = s.ID
	}
	return ids
}
