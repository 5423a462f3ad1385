package wxrgen_test

import (
	"bytes"
	"errors"
	"html"
	"io"
	"strings"
	"testing"

	"akhbar/bench/corpus"
	"akhbar/internal/wxr"
	"akhbar/internal/wxr/wxrgen"
)

// TestRoundTrip generates 200 posts and reads them back: no errors, every
// post and image present, every reference resolvable, the text the corpus's.
func TestRoundTrip(t *testing.T) {
	const n = 200
	var buf bytes.Buffer
	if err := wxrgen.Write(&buf, n); err != nil {
		t.Fatal(err)
	}
	r := wxr.NewReader(bytes.NewReader(buf.Bytes()))
	var (
		site       *wxr.Site
		authors    = map[string]bool{}
		categories = map[string]*wxr.Category{}
		tags       = map[string]bool{}
		posts      []*wxr.Item
		images     = map[int64]*wxr.Item{}
		statuses   = map[string]int{}
		gutenberg  int
		content    int
	)
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("line %d: %v", r.Line(), err)
		}
		switch v := rec.(type) {
		case *wxr.Site:
			site = v
		case *wxr.Author:
			authors[v.Login] = true
		case *wxr.Category:
			if v.Parent != "" && categories[v.Parent] == nil {
				t.Errorf("category %q before its parent %q", v.Slug, v.ParentSlug)
			}
			categories[v.Nicename] = v
		case *wxr.Tag:
			tags[v.RawSlug] = true
		case *wxr.Item:
			switch v.PostType {
			case "post":
				posts = append(posts, v)
				statuses[v.Status]++
				content += len(v.Content)
				if strings.HasPrefix(v.Content, "<!-- wp:paragraph -->") {
					gutenberg++
				}
			case "attachment":
				images[v.PostID] = v
			default:
				t.Errorf("post type %q", v.PostType)
			}
		}
	}
	if r.Repaired() != 0 {
		t.Errorf("%d characters repaired in a generated file", r.Repaired())
	}
	if site == nil || site.Version != "1.2" || site.Language != "ur" {
		t.Fatalf("site %+v", site)
	}
	if len(posts) != n || len(images) != n/5 {
		t.Fatalf("%d posts and %d images, want %d and %d", len(posts), len(images), n, n/5)
	}
	if len(authors) != 30 || len(categories) < 40 || len(tags) < 400 {
		t.Errorf("%d authors, %d categories, %d tags; want 30, ~40, ~420", len(authors), len(categories), len(tags))
	}
	if statuses["publish"] < n*9/10 || statuses["draft"] == 0 || statuses["future"] == 0 || statuses["private"] == 0 || statuses["pending"] == 0 {
		t.Errorf("statuses %v", statuses)
	}
	if gutenberg < n/4 || gutenberg > n/2 {
		t.Errorf("%d of %d posts in Gutenberg blocks, want a third", gutenberg, n)
	}
	// 4–5 KB of content a post; with WXR's own markup, terms, meta and
	// the images, 100,000 posts make a file of about 730 MB.
	if avg := content / n; avg < 4000 || avg > 5000 {
		t.Errorf("%d bytes of content a post, want 4–5 KB", avg)
	}
	if per := buf.Len() / n; per < 6000 || per > 8000 {
		t.Errorf("%d bytes of file a post", per)
	}

	g := corpus.Generator{Seed: 1}
	for i, p := range posts {
		a := g.Article(i)
		if p.PostID != wxrgen.PostID(i) || p.Title != a.Headline || !authors[p.Creator] {
			t.Fatalf("post %d: id %d, title %q, creator %q", i, p.PostID, p.Title, p.Creator)
		}
		// The story's paragraphs are all there, in Gutenberg or wpautop form.
		for para := range strings.SplitSeq(a.BodyText, "\n\n") {
			if !strings.Contains(p.Content, html.EscapeString(para)) {
				t.Fatalf("post %d lacks paragraph %q", i, para)
			}
		}
		if !p.PostDate.IsZero() && p.Status == "publish" && !p.PostDateGMT.Equal(a.PublishedAt) {
			t.Errorf("post %d published %v, want %v", i, p.PostDateGMT, a.PublishedAt)
		}
		if p.Status == "publish" && (p.Slug == "" || !strings.HasSuffix(p.Link, "/"+p.PostName+"/")) {
			t.Errorf("post %d: slug %q, link %q", i, p.Slug, p.Link)
		}
		if p.Status == "draft" && (!p.PostDateGMT.IsZero() || p.PostName != "") {
			t.Errorf("draft %d: date %v, name %q", i, p.PostDateGMT, p.PostName)
		}
		cats, ptags := p.TermsIn("category"), p.TermsIn("post_tag")
		if len(cats) != 1 || categories[cats[0].Nicename] == nil || len(ptags) == 0 {
			t.Errorf("post %d: categories %v, tags %v", i, cats, ptags)
		}
		for _, tg := range ptags {
			if !tags[tg.Nicename] {
				t.Errorf("post %d: tag %q not declared", i, tg.Name)
			}
		}
		if id := p.ThumbnailID(); wxrgen.HasImage(i) != (id != 0) {
			t.Errorf("post %d: thumbnail %d", i, id)
		} else if id != 0 {
			img := images[id]
			if img == nil || img.PostParent != p.PostID || img.ImageAlt() == "" || !strings.Contains(p.Content, img.AttachmentURL) {
				t.Errorf("post %d: image %+v", i, img)
			} else if file, _ := img.MetaValue("_wp_attached_file"); !strings.HasSuffix(img.AttachmentURL, "/"+file) {
				t.Errorf("image %d: file %q, url %q", id, file, img.AttachmentURL)
			}
		}
	}
	// Post 9 carries a script whose "//]]>" WordPress escapes in CDATA.
	if !strings.Contains(posts[9].Content, "//]]></script>") || !bytes.Contains(buf.Bytes(), []byte("//]]]]><![CDATA[></script>")) {
		t.Error("the CDATA escape is not exercised")
	}
}

func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := wxrgen.Write(&a, 30); err != nil {
		t.Fatal(err)
	}
	if err := wxrgen.Write(&b, 30); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two runs differ")
	}
	var empty bytes.Buffer
	if err := wxrgen.Write(&empty, 0); err != nil {
		t.Fatal(err)
	}
	r := wxr.NewReader(&empty)
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := rec.(*wxr.Item); ok {
			t.Fatal("item in a file of no posts")
		}
	}
}

func TestWriteError(t *testing.T) {
	err := wxrgen.Write(failingWriter{}, 10)
	if !errors.Is(err, errDiskFull) {
		t.Errorf("error %v, want the writer's", err)
	}
}

var errDiskFull = errors.New("disk full")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestSlug(t *testing.T) {
	for _, c := range []struct{ title, want string }{
		{"Hello World", "hello-world"},
		{"T20 ورلڈ کپ", "t20-%d9%88%d8%b1%d9%84%da%88-%da%a9%d9%be"},
		{"کراچی، لاہور۔", "%da%a9%d8%b1%d8%a7%da%86%db%8c-%d9%84%d8%a7%db%81%d9%88%d8%b1"},
		{"  a  --  b  ", "a-b"},
		{"", ""},
	} {
		if got := wxrgen.Slug(c.title); got != c.want {
			t.Errorf("Slug(%q) = %q, want %q", c.title, got, c.want)
		}
		if got := wxr.DecodeSlug(wxrgen.Slug(c.title)); c.title != "" && strings.Contains(c.title, " ") && got == "" {
			t.Errorf("Slug(%q) decodes to nothing", c.title)
		}
	}
	long := wxrgen.Slug(strings.Repeat("پاکستان ", 40))
	if len(long) > 200 || strings.HasSuffix(long, "-") || wxr.DecodeSlug(long) == long {
		t.Errorf("long slug %d bytes: %q", len(long), long)
	}
}
