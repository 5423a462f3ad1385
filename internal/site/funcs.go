package site

import (
	"html/template"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/urdu"
	"akhbar/web"
)

// pages are the public page templates under web/templates/site/.
var pages = []string{"home", "list", "article", "search", "notfound"}

// templateFuncs formats numbers and times the way the site's settings ask.
func templateFuncs(a *web.Assets, settings func() Settings, now func() time.Time) template.FuncMap {
	return template.FuncMap{
		"asset": a.URL,
		"num":   func(n int) string { return urdu.FormatInt(int64(n), settings().Digits) },
		// count is a number with its noun agreeing: «1 خبر», «5 خبریں».
		"count": func(n int, one, other string) string {
			return urdu.Count(int64(n), settings().Digits, one, other)
		},
		"iso": iso,
		"ago": func(t time.Time) string {
			s := settings()
			return urdu.Relative(t, now(), s.Location, s.Digits)
		},
		"leadPicture": func(m *content.Media) template.HTML { return picture(m, sizesLead, true, "lead-picture") },
		"articlePicture": func(m *content.Media) template.HTML {
			return picture(m, sizesArticle, true, "article-picture")
		},
		"cardPicture": func(m *content.Media) template.HTML { return picture(m, sizesCard, false, "card-picture") },
		"marked":      marked,
		// href spells a path with non-Latin letters (a tag's) as every
		// other output does: EscapePath.
		"href":    EscapePath,
		"textDir": textDir,
		"longtime": func(t time.Time) string {
			s := settings()
			return urdu.FormatDate(t, s.Location, urdu.DayMonthYearTime, s.Digits)
		},
	}
}

// textDir is the writing direction of a language: right to left for the
// Arabic-script languages the newsroom offers (Punjabi as written in
// Pakistan, Shahmukhi, among them), else left to right.
func textDir(lang string) string {
	switch lang {
	case "ur", "ar", "fa", "pa", "ps", "sd":
		return "rtl"
	}
	return "ltr"
}
