// Package demo loads a realistic Urdu news site into an empty store: the
// seed article, forty-odd original articles across eight sections, their
// authors and tags, and view counts that make the most-read list mean
// something. It runs once; a store that already has articles is left alone.
package demo

import (
	"bufio"
	"context"
	"embed"
	"fmt"
	"html"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

//go:embed seed articles
var files embed.FS

// Sections of the demo site in navigation order.
var Sections = []content.Section{
	{Slug: "national", Name: "قومی", Description: "پاکستان بھر سے سیاست، معیشت اور عوامی مسائل کی خبریں"},
	{Slug: "international", Name: "بین الاقوامی", Description: "دنیا بھر کی اہم خبریں اور تجزیے"},
	{Slug: "business", Name: "کاروبار", Description: "بازارِ حصص، مہنگائی، تجارت اور معیشت"},
	{Slug: "sports", Name: "کھیل", Description: "کرکٹ، ہاکی، فٹبال اور دیگر کھیلوں کی خبریں"},
	{Slug: "science", Name: "سائنس و ٹیکنالوجی", Description: "خلا، مصنوعی ذہانت، انٹرنیٹ اور تحقیق"},
	{Slug: "health", Name: "صحت", Description: "صحتِ عامہ، بیماریوں سے بچاؤ اور طبی تحقیق"},
	{Slug: "showbiz", Name: "شوبز", Description: "ڈرامے، فلمیں، موسیقی اور ادب"},
	{Slug: "columns", Name: "کالم", Description: "ہمارے لکھنے والوں کی آرا اور تجزیے"},
}

// Authors of the demo site; they have no password and cannot log in.
var Authors = []content.User{
	{Slug: "ayesha-siddiqui", Name: "عائشہ صدیقی", Email: "ayesha.siddiqui@demo.akhbar.invalid", Role: content.RoleReporter, Bio: "معاشی امور کی رپورٹر"},
	{Slug: "bilal-ahmed", Name: "بلال احمد", Email: "bilal.ahmed@demo.akhbar.invalid", Role: content.RoleReporter, Bio: "کھیلوں کے نامہ نگار"},
	{Slug: "farah-naz", Name: "فرح ناز", Email: "farah.naz@demo.akhbar.invalid", Role: content.RoleReporter, Bio: "صحت اور سائنس کی رپورٹر"},
	{Slug: "hamid-raza", Name: "حامد رضا", Email: "hamid.raza@demo.akhbar.invalid", Role: content.RoleEditor, Bio: "قومی امور کے مدیر"},
	{Slug: "saima-khan", Name: "صائمہ خان", Email: "saima.khan@demo.akhbar.invalid", Role: content.RoleReporter, Bio: "بین الاقوامی امور اور ثقافت"},
	{Slug: "tariq-mehmood", Name: "طارق محمود", Email: "tariq.mehmood@demo.akhbar.invalid", Role: content.RoleContributor, Bio: "کالم نگار"},
}

// Settings of the demo site. The masthead «دانشگاه» opens every dateline,
// as in the seed page.
var Settings = map[string]string{
	"site_name":       "دانشگاه",
	"tagline":         "اردو خبریں، تازہ ترین اور مستند",
	"time_zone":       "Asia/Karachi",
	"date_style":      "datebar",
	"digits":          "latin",
	"most_read_hours": "48",
	"demo_loaded":     "true",
}

// Article is one demo article as written in its text file.
type Article struct {
	File      string
	Section   string
	Headline  string
	Strapline string
	Source    string
	Place     string
	Authors   []string
	Tags      []string
	HoursAgo  int
	Views     int64
	Body      string // HTML
}

// Articles parses every embedded demo article, the seed first.
func Articles() ([]Article, error) {
	var names []string
	for _, dir := range []string{"seed", "articles"} {
		entries, err := fs.ReadDir(files, dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".txt") {
				names = append(names, path.Join(dir, e.Name()))
			}
		}
	}
	var out []Article
	for _, name := range names {
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		a, err := Parse(string(b))
		if err != nil {
			return nil, fmt.Errorf("demo: %s: %w", name, err)
		}
		a.File = name
		out = append(out, a)
	}
	return out, nil
}

// Parse reads the demo article format: "key: value" header lines, a blank
// line, then paragraphs separated by blank lines; "## " starts a
// subheading and "> " a block quote.
func Parse(text string) (Article, error) {
	var a Article
	head, body, ok := strings.Cut(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n")
	if !ok {
		return a, fmt.Errorf("no blank line between header and body")
	}
	sc := bufio.NewScanner(strings.NewReader(head))
	for n := 1; sc.Scan(); n++ {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			return a, fmt.Errorf("header line %d: want key: value", n)
		}
		value = content.NormalizeLabel(value)
		var err error
		switch strings.TrimSpace(key) {
		case "section":
			a.Section = value
		case "headline":
			a.Headline = value
		case "strapline":
			a.Strapline = value
		case "source":
			a.Source = value
		case "place":
			a.Place = value
		case "authors":
			a.Authors = splitList(value, ",")
		case "tags":
			a.Tags = splitList(value, "،")
		case "hours_ago":
			a.HoursAgo, err = strconv.Atoi(value)
		case "views":
			a.Views, err = strconv.ParseInt(value, 10, 64)
		default:
			return a, fmt.Errorf("header line %d: unknown key %q", n, key)
		}
		if err != nil {
			return a, fmt.Errorf("header line %d: %w", n, err)
		}
	}
	if a.Section == "" || a.Headline == "" {
		return a, fmt.Errorf("section and headline are required")
	}
	a.Body = bodyHTML(body)
	if a.Body == "" {
		return a, fmt.Errorf("empty body")
	}
	return a, nil
}

func splitList(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// bodyHTML turns the text body into the HTML the editor would produce.
func bodyHTML(text string) string {
	var b strings.Builder
	for _, block := range strings.Split(text, "\n\n") {
		block = urdu.Normalize(strings.TrimSpace(block))
		switch {
		case block == "":
		case strings.HasPrefix(block, "## "):
			fmt.Fprintf(&b, "<h2>%s</h2>\n", html.EscapeString(strings.TrimPrefix(block, "## ")))
		case strings.HasPrefix(block, "> "):
			fmt.Fprintf(&b, "<blockquote><p>%s</p></blockquote>\n", html.EscapeString(strings.TrimPrefix(block, "> ")))
		default:
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(strings.ReplaceAll(block, "\n", " ")))
		}
	}
	return content.SanitizeBody(b.String())
}

// Load fills an empty store with the demo site as of now. It returns
// false, doing nothing, when the store already has articles or the demo.
func Load(ctx context.Context, s *store.Store, now time.Time) (bool, error) {
	settings, err := s.Settings(ctx)
	if err != nil {
		return false, err
	}
	if settings["demo_loaded"] != "" {
		return false, nil
	}
	if n, err := s.CountArticles(ctx, store.AllArticles()); err != nil || n > 0 {
		return false, err
	}
	articles, err := Articles()
	if err != nil {
		return false, err
	}
	sections := map[string]int64{}
	for i, sec := range Sections {
		sec.Position = i + 1
		id, err := s.CreateSection(ctx, sec)
		if err != nil {
			return false, fmt.Errorf("demo: %w", err)
		}
		sections[sec.Slug] = id
	}
	authors := map[string]int64{}
	for _, u := range Authors {
		u.CreatedAt = now.Add(-60 * 24 * time.Hour)
		id, err := s.CreateUser(ctx, u)
		if err != nil {
			return false, fmt.Errorf("demo: %w", err)
		}
		authors[u.Slug] = id
	}
	tags := map[string]int64{}
	views := map[int64]map[int64]int64{} // hour → article → views
	for _, d := range articles {
		a := content.Article{
			SectionID: sections[d.Section], Status: content.StatusPublished, Headline: d.Headline,
			Strapline: d.Strapline, DatelineSource: d.Source, DatelinePlace: d.Place,
			BodyHTML: d.Body, BodyText: content.PlainText(d.Body), Slug: urdu.Slug(d.Headline), Language: "ur",
			PublishedAt: now.Add(-time.Duration(d.HoursAgo) * time.Hour).Truncate(time.Minute),
		}
		if a.SectionID == 0 {
			return false, fmt.Errorf("demo: %s: unknown section %q", d.File, d.Section)
		}
		a.CreatedAt = a.PublishedAt.Add(-40 * time.Minute)
		a.UpdatedAt = a.PublishedAt
		if d.HoursAgo%4 == 1 { // some stories were updated after publication
			a.UpdatedAt = a.PublishedAt.Add(35 * time.Minute)
		}
		var authorIDs, tagIDs []int64
		for _, slug := range d.Authors {
			id, ok := authors[slug]
			if !ok {
				return false, fmt.Errorf("demo: %s: unknown author %q", d.File, slug)
			}
			authorIDs = append(authorIDs, id)
		}
		for _, name := range d.Tags {
			id, ok := tags[name]
			if !ok {
				if id, err = s.EnsureTag(ctx, content.Tag{Slug: urdu.UrduSlug(name), Name: name}); err != nil {
					return false, fmt.Errorf("demo: %s: %w", d.File, err)
				}
				tags[name] = id
			}
			tagIDs = append(tagIDs, id)
		}
		if err := s.SaveArticle(ctx, &a, authorIDs, tagIDs, 0); err != nil {
			return false, fmt.Errorf("demo: %s: %w", d.File, err)
		}
		spreadViews(views, a.ID, d.Views, a.PublishedAt, now)
	}
	hours := make([]int64, 0, len(views))
	for h := range views {
		hours = append(hours, h)
	}
	sort.Slice(hours, func(i, j int) bool { return hours[i] < hours[j] })
	for _, h := range hours {
		if err := s.AddViews(ctx, h, views[h]); err != nil {
			return false, fmt.Errorf("demo: %w", err)
		}
	}
	keys := make([]string, 0, len(Settings))
	for k := range Settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := s.SetSetting(ctx, k, Settings[k]); err != nil {
			return false, fmt.Errorf("demo: %w", err)
		}
	}
	// Marked last: a load cut short leaves articles, which also stop a reload.
	if err := s.SetSetting(ctx, "demo_loaded", now.UTC().Format(time.RFC3339)); err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	return true, nil
}

// spreadViews shares an article's views over the hours since it appeared,
// most in the first hours, as news traffic decays.
func spreadViews(into map[int64]map[int64]int64, id, total int64, published, now time.Time) {
	first, last := store.Hour(published), store.Hour(now)
	if last-first > 72 {
		last = first + 72
	}
	span := last - first + 1
	var weights []int64
	var sum int64
	for i := range span {
		w := span - i
		weights = append(weights, w)
		sum += w
	}
	left := total
	for i, w := range weights {
		n := total * w / sum
		if i == len(weights)-1 {
			n = left
		}
		left -= n
		if n == 0 {
			continue
		}
		h := first + int64(i)
		if into[h] == nil {
			into[h] = map[int64]int64{}
		}
		into[h][id] += n
	}
}
