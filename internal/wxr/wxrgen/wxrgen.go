// Package wxrgen writes WordPress export (WXR 1.2) files of any size, as a
// real Urdu news site's export looks, for benchmarks and tests of the WXR
// reader and the WordPress importer. The posts are the bench/corpus
// articles; the output is a pure function of n and is written as it is
// generated, so a file of 100,000 posts (about 730 MB) costs no more
// memory than one of ten.
package wxrgen

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"akhbar/bench/corpus"
)

// Site is where the generated site lives; links, GUIDs and uploads use it.
const Site = "https://example.pk"

// pkt is Pakistan Standard Time, the site's zone. Pakistan has kept no
// daylight saving since 2009, so a fixed zone is exact and needs no tzdata.
var pkt = time.FixedZone("PKT", 5*60*60)

// PostID returns the wp:post_id of post i (0-based). The featured image of
// a post that has one (every fifth) is attachment PostID(i)+1: WordPress
// gives a post its ID when the editor opens, before the image is uploaded.
func PostID(i int) int64 { return 1000 + 2*int64(i) }

// HasImage reports whether post i has a featured image.
func HasImage(i int) bool { return i%5 == 0 }

// Status returns post i's wp:status: mostly publish, with drafts, scheduled,
// private and pending posts mixed in as a newsroom's archive has them.
func Status(i int) string {
	switch {
	case i%50 == 7:
		return "draft"
	case i%97 == 3:
		return "future"
	case i%200 == 11:
		return "private"
	case i%150 == 13:
		return "pending"
	}
	return "publish"
}

// Write writes a WXR 1.2 file of n posts to w: ~30 authors, ~40 nested
// categories, ~420 tags, then the posts, each fifth followed by its
// featured image. A third of the posts are Gutenberg blocks, the rest
// classic-editor text with wpautop paragraphs; slugs are percent-encoded
// Urdu, as WordPress writes them.
func Write(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	g := &gen{w: bw, tags: tagList()}
	g.header()
	if _, err := bw.Write(g.buf); err != nil {
		return fmt.Errorf("wxrgen: %w", err)
	}
	second := corpus.Generator{Seed: 2}
	err := corpus.Generator{Seed: 1}.Each(n, func(a corpus.Article) error {
		g.buf = g.buf[:0]
		g.post(a, second.Article(a.Index))
		if HasImage(a.Index) {
			g.attachment(a)
		}
		_, err := bw.Write(g.buf)
		return err
	})
	if err != nil {
		return fmt.Errorf("wxrgen: %w", err)
	}
	if _, err := bw.WriteString("</channel>\n</rss>\n"); err != nil {
		return fmt.Errorf("wxrgen: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("wxrgen: %w", err)
	}
	return nil
}

type gen struct {
	w    *bufio.Writer
	buf  []byte
	tags []string
}

func (g *gen) s(parts ...string) {
	for _, p := range parts {
		g.buf = append(g.buf, p...)
	}
}

// cdata wraps s as WordPress's wxr_cdata does, escaping "]]>".
func (g *gen) cdata(s string) {
	g.s("<![CDATA[", strings.ReplaceAll(s, "]]>", "]]]]><![CDATA["+">"), "]]>")
}

// field writes one "\t\t<name><![CDATA[value]]></name>\n" line.
func (g *gen) field(name, value string) {
	g.s("\t\t<", name, ">")
	g.cdata(value)
	g.s("</", name, ">\n")
}

func (g *gen) meta(key, value string) {
	g.s("\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>")
	g.cdata(key)
	g.s("</wp:meta_key>\n\t\t\t<wp:meta_value>")
	g.cdata(value)
	g.s("</wp:meta_value>\n\t\t</wp:postmeta>\n")
}

// authors are the corpus's bylines followed by desk and agency accounts.
func authors() []string {
	return append(corpus.Authors(), "نیوز ڈیسک", "ویب ڈیسک", "اسپورٹس ڈیسک", "بزنس ڈیسک",
		"شوبز ڈیسک", "اے پی پی", "آن لائن", "ایجنسیاں", "نمائندہ خصوصی", "مانیٹرنگ ڈیسک")
}

// Login returns the wp:author_login of author k, as dc:creator names it.
func Login(k int) string { return fmt.Sprintf("author%02d", k+1) }

// category is one node of the tree: slug as the editor typed it (Urdu or
// Latin; written percent-encoded), name, parent's slug.
type category struct{ slug, name, parent string }

var categories = func() []category {
	c := []category{
		{"uncategorized", "Uncategorized", ""},
		{"news", "خبریں", ""},
		{"پاکستان", "پاکستان", "news"},
		{"اسلام-آباد", "اسلام آباد", "پاکستان"},
	}
	provinces := []struct {
		name   string
		cities []string
	}{
		{"پنجاب", []string{"لاہور", "فیصل آباد", "ملتان", "راولپنڈی"}},
		{"سندھ", []string{"کراچی", "حیدرآباد", "سکھر"}},
		{"خیبر پختونخوا", []string{"پشاور", "ایبٹ آباد", "سوات"}},
		{"بلوچستان", []string{"کوئٹہ", "گوادر"}},
	}
	for _, p := range provinces {
		c = append(c, category{dashes(p.name), p.name, "پاکستان"})
		for _, city := range p.cities {
			c = append(c, category{dashes(city), city, dashes(p.name)})
		}
	}
	children := []struct {
		slug, name string
		kids       []string
	}{
		{"international", "بین الاقوامی", []string{"مشرق وسطیٰ", "یورپ", "امریکہ", "ایشیا", "افریقہ"}},
		{"sports", "کھیل", []string{"کرکٹ", "فٹبال", "ہاکی", "ٹینس"}},
		{"business", "کاروبار", []string{"اسٹاک مارکیٹ", "بجٹ", "توانائی"}},
		{"entertainment", "شوبز", []string{"فلم", "ڈرامہ", "موسیقی"}},
		{"science", "سائنس و ٹیکنالوجی", nil},
		{"health", "صحت", nil},
		{"education", "تعلیم", nil},
		{"opinion", "کالم", []string{"اداریہ"}},
	}
	for _, s := range children {
		parent := "news"
		if s.slug == "opinion" {
			parent = ""
		}
		c = append(c, category{s.slug, s.name, parent})
		for _, k := range s.kids {
			c = append(c, category{dashes(k), k, s.slug})
		}
	}
	return c
}()

func dashes(s string) string { return strings.ReplaceAll(s, " ", "-") }

// postCategory returns the slug of the category post a is filed under:
// the city of its dateline when the tree has it, else one of the section's
// subcategories or the section itself.
func postCategory(a corpus.Article) string {
	if a.Section == "pakistan" {
		for _, c := range categories {
			if c.name == a.DatelinePlace {
				return c.slug
			}
		}
		return "پاکستان"
	}
	var kids []string
	for _, c := range categories {
		if c.parent == a.Section {
			kids = append(kids, c.slug)
		}
	}
	if k := a.Index % (len(kids) + 2); k < len(kids) {
		return kids[k]
	}
	return a.Section
}

// tagList returns the tag names of the file: every tag and dateline place
// of the first 3,000 corpus articles (which cover the corpus's pools), in
// order of first use, then yearly topic tags. It is computed once.
var tagList = sync.OnceValue(func() []string {
	seen := map[string]bool{}
	var tags []string
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			tags = append(tags, t)
		}
	}
	for i := range 3000 {
		a := corpus.Generator{Seed: 1}.Article(i)
		for _, t := range a.Tags {
			add(t)
		}
		add(a.DatelinePlace)
	}
	for _, topic := range []string{"انتخابات", "بجٹ", "سیلاب", "مہنگائی", "ورلڈ کپ", "پی ایس ایل", "آئی ایم ایف", "رمضان", "عید", "مون سون"} {
		for y := 2023; y <= 2026; y++ {
			add(topic + " " + strconv.Itoa(y))
		}
	}
	return tags
})

// Slug returns the slug WordPress makes of an Urdu title: words joined by
// dashes, punctuation dropped, Latin lower-cased, other letters
// percent-encoded with lower-case hex, at most 200 bytes.
func Slug(title string) string {
	var b, piece []byte
	dash := false
	for _, r := range title {
		piece = piece[:0]
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			piece = append(piece, byte(r))
		case r >= 'A' && r <= 'Z':
			piece = append(piece, byte(r+'a'-'A'))
		case r == ' ' || r == '-':
			dash = len(b) > 0
			continue
		case r < 0x80 || r == '،' || r == '۔' || r == '؟' || r == '؛' || r == '\u200c':
			continue
		default:
			for _, c := range []byte(string(r)) {
				piece = fmt.Appendf(piece, "%%%02x", c)
			}
		}
		need := len(piece)
		if dash {
			need++
		}
		if len(b)+need > 200 {
			break
		}
		if dash {
			b = append(b, '-')
			dash = false
		}
		b = append(b, piece...)
	}
	return string(b)
}

func (g *gen) header() {
	g.s(`<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->
<!-- It contains information about your site's posts, pages, comments, categories, and other content. -->
<!-- generator="WordPress/6.5.2" created="2026-11-01 00:00" -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>

<channel>
	<title>روزنامہ نمونہ</title>
	<link>`, Site, `</link>
	<description>پاکستان اور دنیا بھر کی تازہ ترین خبریں</description>
	<pubDate>Sun, 01 Nov 2026 00:00:00 +0000</pubDate>
	<language>ur</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>`, Site, `</wp:base_site_url>
	<wp:base_blog_url>`, Site, `</wp:base_blog_url>

`)
	for k, name := range authors() {
		g.s("\t<wp:author><wp:author_id>", strconv.Itoa(k+2), "</wp:author_id><wp:author_login>")
		g.cdata(Login(k))
		g.s("</wp:author_login><wp:author_email>")
		g.cdata(Login(k) + "@example.pk")
		g.s("</wp:author_email><wp:author_display_name>")
		g.cdata(name)
		first, last, _ := strings.Cut(name, " ")
		g.s("</wp:author_display_name><wp:author_first_name>")
		g.cdata(first)
		g.s("</wp:author_first_name><wp:author_last_name>")
		g.cdata(last)
		g.s("</wp:author_last_name></wp:author>\n")
	}
	g.s("\n")
	for k, c := range categories {
		g.s("\t<wp:category>\n\t\t<wp:term_id>", strconv.Itoa(k+1), "</wp:term_id>\n")
		g.field("wp:category_nicename", Slug(c.slug))
		g.field("wp:category_parent", Slug(c.parent))
		g.field("wp:cat_name", c.name)
		g.s("\t</wp:category>\n")
	}
	for k, t := range g.tags {
		g.s("\t<wp:tag>\n\t\t<wp:term_id>", strconv.Itoa(100+k), "</wp:term_id>\n")
		g.field("wp:tag_slug", Slug(t))
		g.field("wp:tag_name", t)
		g.s("\t</wp:tag>\n")
	}
	g.s("\n\t<generator>https://wordpress.org/?v=6.5.2</generator>\n\n")
}

const wpTime = "2006-01-02 15:04:05"

// post writes article a as a post; b, another article, lengthens the body
// to the 4–5 KB of a real news story.
func (g *gen) post(a, b corpus.Article) {
	i := a.Index
	id := PostID(i)
	status := Status(i)
	published := a.PublishedAt
	local := published.In(pkt)
	slug := Slug(a.Headline)
	link := fmt.Sprintf("%s/%s/%s/", Site, local.Format("2006/01/02"), slug)
	dateGMT := published.Format(wpTime)
	pubDate := published.Format("Mon, 02 Jan 2006 15:04:05 +0000")
	if status == "draft" || status == "pending" {
		link = fmt.Sprintf("%s/?p=%d", Site, id)
		dateGMT = "0000-00-00 00:00:00"
		pubDate = "Mon, 30 Nov -0001 00:00:00 +0000"
	}
	postName := slug
	if status == "draft" {
		postName = ""
	}
	modified := published.Add(time.Duration(i%7) * time.Hour)

	g.s("\t<item>\n")
	g.field("title", a.Headline)
	g.s("\t\t<link>", link, "</link>\n\t\t<pubDate>", pubDate, "</pubDate>\n")
	g.field("dc:creator", Login(a.Author))
	g.s("\t\t<guid isPermaLink=\"false\">", Site, "/?p=", strconv.FormatInt(id, 10), "</guid>\n\t\t<description></description>\n")
	g.field("content:encoded", content(a, b))
	excerpt := ""
	if i%2 == 0 {
		excerpt = a.Strapline
	}
	g.field("excerpt:encoded", excerpt)
	g.s("\t\t<wp:post_id>", strconv.FormatInt(id, 10), "</wp:post_id>\n")
	g.field("wp:post_date", local.Format(wpTime))
	g.field("wp:post_date_gmt", dateGMT)
	g.field("wp:post_modified", modified.In(pkt).Format(wpTime))
	g.field("wp:post_modified_gmt", modified.Format(wpTime))
	g.field("wp:comment_status", "open")
	g.field("wp:ping_status", "open")
	g.field("wp:post_name", postName)
	g.field("wp:status", status)
	g.s("\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n")
	g.field("wp:post_type", "post")
	g.field("wp:post_password", "")
	sticky := "0"
	if i%500 == 1 {
		sticky = "1"
	}
	g.s("\t\t<wp:is_sticky>", sticky, "</wp:is_sticky>\n")
	cat := postCategory(a)
	for _, c := range categories {
		if c.slug == cat {
			g.s(`		<category domain="category" nicename="`, Slug(c.slug), `">`)
			g.cdata(c.name)
			g.s("</category>\n")
		}
	}
	tags := a.Tags
	if a.DatelinePlace != "" && !slices.Contains(tags, a.DatelinePlace) {
		tags = append(tags[:len(tags):len(tags)], a.DatelinePlace)
	}
	for _, t := range tags {
		g.s(`		<category domain="post_tag" nicename="`, Slug(t), `">`)
		g.cdata(t)
		g.s("</category>\n")
	}
	g.meta("_edit_last", strconv.Itoa(a.Author+2))
	if HasImage(i) {
		g.meta("_thumbnail_id", strconv.FormatInt(id+1, 10))
	}
	if i%4 == 0 {
		g.meta("wps_subtitle", a.Strapline)
	}
	g.meta("post_views_count", strconv.Itoa(i*37%10007))
	g.s("\t</item>\n")
}

// imageFile returns the upload path of post i's featured image.
func imageFile(a corpus.Article) string {
	return fmt.Sprintf("%s/img-%d.jpg", a.PublishedAt.In(pkt).Format("2006/01"), PostID(a.Index)+1)
}

func imageAlt(a corpus.Article) string {
	if a.DatelinePlace != "" {
		return a.DatelinePlace + " میں " + firstWords(a.Headline, 4)
	}
	return firstWords(a.Headline, 5)
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}

// content builds the post body from a's and b's paragraphs (4–5 KB): Gutenberg
// blocks for every third post, classic wpautop text for the others, with
// the dateline run into the first paragraph, the featured image in a
// [caption] or image block, and now and then an embed or an old script
// whose "//]]>" needs WordPress's CDATA escape.
func content(a, b corpus.Article) string {
	i := a.Index
	// All of a's blocks, then b's until the body reaches ~4 KB.
	blocks := strings.Split(a.BodyHTML, "\n")
	size := len(a.BodyHTML)
	for bl := range strings.SplitSeq(b.BodyHTML, "\n") {
		if size >= 3800 {
			break
		}
		blocks = append(blocks, bl)
		size += len(bl)
	}
	dateline := a.DatelineSource
	if a.DatelinePlace != "" {
		dateline = a.DatelinePlace + " (" + a.DatelineSource + ")"
	}
	blocks[0] = strings.Replace(blocks[0], "<p>", "<p><strong>"+dateline+"</strong> ", 1)
	gutenberg := i%3 == 0
	id := PostID(i) + 1
	url := Site + "/wp-content/uploads/" + imageFile(a)
	var out []string
	for k, bl := range blocks {
		if gutenberg {
			if strings.HasPrefix(bl, "<h2>") {
				out = append(out, "<!-- wp:heading -->\n"+strings.Replace(bl, "<h2>", `<h2 class="wp-block-heading">`, 1)+"\n<!-- /wp:heading -->")
			} else {
				out = append(out, "<!-- wp:paragraph -->\n"+bl+"\n<!-- /wp:paragraph -->")
			}
		} else {
			// wpautop keeps paragraphs as text between blank lines.
			out = append(out, strings.TrimSuffix(strings.TrimPrefix(bl, "<p>"), "</p>"))
		}
		if k != 0 {
			continue
		}
		switch {
		case HasImage(i) && gutenberg:
			out = append(out, fmt.Sprintf(`<!-- wp:image {"id":%d,"sizeSlug":"large","linkDestination":"none"} -->`+"\n"+
				`<figure class="wp-block-image size-large"><img src="%s" alt="%s" class="wp-image-%d"/><figcaption class="wp-element-caption">%s</figcaption></figure>`+"\n<!-- /wp:image -->",
				id, url, imageAlt(a), id, firstWords(a.Strapline, 8)))
		case HasImage(i):
			out = append(out, fmt.Sprintf(`[caption id="attachment_%d" align="aligncenter" width="1200"]<img class="size-full wp-image-%d" src="%s" alt="%s" width="1200" height="675" /> %s[/caption]`,
				id, id, url, imageAlt(a), firstWords(a.Strapline, 8)))
		}
	}
	switch {
	case i%11 == 5 && gutenberg:
		v := fmt.Sprintf("https://www.youtube.com/watch?v=nmn%07d", i)
		out = append(out, `<!-- wp:embed {"url":"`+v+`","type":"video","providerNameSlug":"youtube","responsive":true} -->`+"\n"+
			`<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">`+"\n"+v+"\n</div></figure>\n<!-- /wp:embed -->")
	case i%11 == 5:
		out = append(out, fmt.Sprintf("[embed]https://twitter.com/example_pk/status/18%015d[/embed]", i))
	}
	if i%101 == 9 {
		out = append(out, "<script type=\"text/javascript\">//<![CDATA[\nvar poll_"+strconv.Itoa(i)+" = {\"q\": \""+firstWords(a.Headline, 3)+"؟\"};\n//]]></script>")
	}
	return strings.Join(out, "\n\n")
}

// attachment writes post a's featured image.
func (g *gen) attachment(a corpus.Article) {
	i := a.Index
	id := PostID(i) + 1
	file := imageFile(a)
	url := Site + "/wp-content/uploads/" + file
	published := a.PublishedAt.Add(-10 * time.Minute)
	base := strings.TrimSuffix(file[strings.LastIndexByte(file, '/')+1:], ".jpg")

	g.s("\t<item>\n")
	g.field("title", firstWords(a.Headline, 5))
	g.s("\t\t<link>", Site, "/?attachment_id=", strconv.FormatInt(id, 10), "</link>\n")
	g.s("\t\t<pubDate>", published.Format("Mon, 02 Jan 2006 15:04:05 +0000"), "</pubDate>\n")
	g.field("dc:creator", Login(a.Author))
	g.s("\t\t<guid isPermaLink=\"false\">", url, "</guid>\n\t\t<description></description>\n")
	g.field("content:encoded", "")
	g.field("excerpt:encoded", firstWords(a.Strapline, 8))
	g.s("\t\t<wp:post_id>", strconv.FormatInt(id, 10), "</wp:post_id>\n")
	g.field("wp:post_date", published.In(pkt).Format(wpTime))
	g.field("wp:post_date_gmt", published.Format(wpTime))
	g.field("wp:post_modified", published.In(pkt).Format(wpTime))
	g.field("wp:post_modified_gmt", published.Format(wpTime))
	g.field("wp:comment_status", "open")
	g.field("wp:ping_status", "closed")
	g.field("wp:post_name", base)
	g.field("wp:status", "inherit")
	g.s("\t\t<wp:post_parent>", strconv.FormatInt(PostID(i), 10), "</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n")
	g.field("wp:post_type", "attachment")
	g.field("wp:post_password", "")
	g.s("\t\t<wp:is_sticky>0</wp:is_sticky>\n")
	g.field("wp:attachment_url", url)
	g.meta("_wp_attached_file", file)
	g.meta("_wp_attachment_metadata", attachmentMetadata(file, base))
	g.meta("_wp_attachment_image_alt", imageAlt(a))
	g.s("\t</item>\n")
}

// attachmentMetadata is _wp_attachment_metadata as WordPress stores it:
// PHP-serialized, string lengths in bytes.
func attachmentMetadata(file, base string) string {
	str := func(s string) string { return fmt.Sprintf("s:%d:%q;", len(s), s) }
	size := func(name string, w, h int) string {
		f := fmt.Sprintf("%s-%dx%d.jpg", base, w, h)
		return str(name) + "a:4:{" + str("file") + str(f) + str("width") + fmt.Sprintf("i:%d;", w) +
			str("height") + fmt.Sprintf("i:%d;", h) + str("mime-type") + str("image/jpeg") + "}"
	}
	return "a:5:{" + str("width") + "i:1200;" + str("height") + "i:675;" + str("file") + str(file) +
		str("sizes") + "a:3:{" + size("thumbnail", 150, 150) + size("medium", 300, 169) + size("large", 1024, 576) + "}" +
		str("image_meta") + "a:0:{}}"
}
