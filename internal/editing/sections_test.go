package editing

import (
	"strings"
	"testing"

	"akhbar/internal/content"
)

func TestSectionProblemsAndTree(t *testing.T) {
	all := []content.Section{
		{ID: 1, Slug: "national", Name: "قومی", Position: 1},
		{ID: 3, Slug: "punjab", Name: "پنجاب", ParentID: 1, Position: 2},
		{ID: 2, Slug: "sports", Name: "کھیل", Position: 3},
		{ID: 4, Slug: "lahore", Name: "لاہور", ParentID: 3, Position: 4},
	}
	for _, c := range []struct {
		sec  content.Section
		want string
	}{
		{content.Section{Slug: "x"}, "نام لکھنا ضروری"},
		{content.Section{Name: "الف", Slug: "api"}, "ویب سائٹ کا اپنا پتا"},
		{content.Section{Name: "الف", Slug: "Sports Desk"}, "انگریزی کے چھوٹے حروف"},
		{content.Section{Name: "الف", Slug: "sports"}, "پہلے سے حصے «کھیل» کا ہے"},
		{content.Section{Name: "کھیل", Slug: "khel"}, "نام کا ایک حصہ پہلے سے"},
		{content.Section{Name: "الف", Slug: "alif", ParentID: 99}, "بالائی حصہ موجود نہیں"},
		{content.Section{ID: 1, Name: "قومی", Slug: "national", ParentID: 4}, "اپنے ہی کسی ذیلی حصے"},
		{content.Section{ID: 2, Name: "کھیل", Slug: "sports", ParentID: 4}, ""},
	} {
		got := strings.Join(SectionProblems(c.sec, all), " ")
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("%+v: %q, want %q", c.sec, got, c.want)
		}
	}
	var order []string
	for _, s := range Tree(all) {
		order = append(order, strings.Repeat("-", s.Depth)+s.Slug)
	}
	if got := strings.Join(order, " "); got != "national -punjab --lahore sports" {
		t.Errorf("tree: %s", got)
	}
	if SectionSlug("", "کھیل") == "" || SectionSlug(" Sports ", "x") != "sports" {
		t.Error("SectionSlug")
	}
}
