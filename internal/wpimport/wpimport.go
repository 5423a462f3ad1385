// Package wpimport moves a WordPress site into Akhbar from its export file
// (WXR): authors, categories (as sections, nested), tags, images, posts and
// pages, with every old URL kept as a redirect.
//
// The file is read twice as a stream, so memory stays bounded whatever its
// size: the first pass takes the site's authors, terms and attachments
// (posts name them by id and may come before them), the second its posts
// and pages. Every record is written together with an import record
// (store.ImportKey) in one transaction (posts in batches, by a writer
// goroutine that overlaps with reading and converting the next batch), so
// running the import again updates what changed, skips what did not, and
// an interrupted import resumes where it stopped without duplicating
// anything.
package wpimport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
	"akhbar/internal/wpbody"
	"akhbar/internal/wxr"
)

// Images adds a picture to the media library; the newsroom's AddImage
// does, so imported images get the same renditions and clean-up as
// uploads.
type Images interface {
	AddImage(ctx context.Context, r io.Reader, m content.Media) (content.Media, error)
}

// Options are an import's settings. The zero value imports everything but
// image files, reading undated-in-UTC times as UTC.
type Options struct {
	// Uploads is a local copy of the site's wp-content/uploads folder;
	// empty imports no image files (posts keep their captions as text).
	Uploads string
	// Images stores image files; required with Uploads.
	Images Images
	// Zone is the WordPress site's time zone, for the times an export
	// gives only as wall-clock time (drafts, some scheduled posts).
	Zone *time.Location
	// DryRun reads and converts everything and writes nothing.
	DryRun bool
	// MaxItemBytes bounds one item of the export; a larger one is skipped
	// and reported. Zero means wxr.DefaultMaxItemSize.
	MaxItemBytes int
	// Language, if set, is every imported article's language; otherwise
	// each article's is detected from its text (see detectLanguage).
	Language string
	// ArticlesChanged, if set, is told the articles each written batch
	// changed, and SectionsChanged of each section made, so that the
	// running site's nodes drop the pages that show them.
	ArticlesChanged func(ctx context.Context, ids ...int64)
	SectionsChanged func(ctx context.Context)
	// BatchSize is how many posts are written per transaction, with their
	// import records; zero means DefaultBatchSize. An interrupted import
	// keeps every whole batch written before the stop.
	BatchSize int
	// Progress, if set, is told the records handled so far and the share
	// of the work done (0–1), a few times a second at most by the caller's
	// choice.
	Progress func(records int, frac float64)
}

// importer is one run of Run.
type importer struct {
	store *store.Store
	opt   Options
	sum   *Summary

	source     string // the site's base URL: names this site's import records
	host       string // the site's host, to tell its own links from others
	language   string
	sections   map[string]int64 // category nicename (as written) → section id
	categories map[string]string
	tags       map[string]int64 // tag slug (as written) → tag id
	users      map[string]int64 // author login → user id
	images     map[int64]wpbody.Image
	imageByURL map[string]int64 // normalized upload path → attachment id
	pages      int64            // the section for WordPress pages
	fallback   int64            // the section for posts without a category
	nextFake   int64            // dry run: ids handed out for records not written
	records    int
	batch      []pending // posts converted but not yet written
	writer     *writer   // writes the batches, once there is one
}

// Run imports the WXR file at path into s.
func Run(ctx context.Context, s *store.Store, path string, opt Options) (*Summary, error) {
	if opt.Uploads != "" && opt.Images == nil {
		return nil, errors.New("wpimport: an uploads folder needs an image store")
	}
	if opt.Zone == nil {
		opt.Zone = time.UTC
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = DefaultBatchSize
	}
	im := &importer{store: s, opt: opt, sum: newSummary(opt.DryRun),
		sections: map[string]int64{}, categories: map[string]string{}, tags: map[string]int64{},
		users: map[string]int64{}, images: map[int64]wpbody.Image{},
		imageByURL: map[string]int64{}, nextFake: -1}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("wpimport: %w", err)
	}
	// A truncated file stops both passes at the same place: everything
	// before the break is imported, the rest waits for a whole file.
	for pass := range 2 {
		if err := im.pass(ctx, path, pass, info.Size()); err != nil {
			im.drain() // what was queued is written; the first error tells
			return im.sum, err
		}
	}
	return im.sum, nil
}

// pass reads the file once: pass 0 takes the site, authors, terms and
// attachments; pass 1 the posts and pages.
func (im *importer) pass(ctx context.Context, path string, pass int, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("wpimport: %w", err)
	}
	defer f.Close()
	r := wxr.NewReader(f)
	r.MaxItemSize = im.opt.MaxItemBytes
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var itemErr *wxr.ItemError
		var fatal *wxr.FatalError
		switch {
		case errors.As(err, &itemErr):
			if pass == 0 { // both passes meet it; report it once
				im.sum.skip(itemErr.Line, itemErr.Element, strconv.FormatInt(itemErr.PostID, 10), itemErr.Title,
					"unreadable: "+errorText(itemErr.Err))
			}
			continue
		case errors.As(err, &fatal) && errors.Is(err, wxr.ErrTruncated):
			if pass == 0 {
				im.sum.Fatal = fatal
			}
			return im.finishPass(ctx)
		case err != nil: // not an export at all, or unreadable
			return fmt.Errorf("wpimport: %s: %w", path, err)
		}
		if err := im.record(ctx, rec, pass); err != nil {
			return err
		}
		im.records++
		if im.opt.Progress != nil && size > 0 {
			im.opt.Progress(im.records, (float64(pass)+float64(r.Offset())/float64(size))/2)
		}
	}
	if pass == 1 {
		im.sum.Repaired = r.Repaired()
	}
	return im.finishPass(ctx)
}

// finishPass writes what the pass left and waits until it is written.
func (im *importer) finishPass(ctx context.Context) error {
	if err := im.flush(ctx); err != nil {
		return err
	}
	return im.drain()
}

// record handles one record in its pass. Only a failure of our own
// database or storage stops the import; a record we cannot take is
// skipped and reported.
func (im *importer) record(ctx context.Context, rec wxr.Record, pass int) error {
	switch r := rec.(type) {
	case *wxr.Site:
		if pass == 0 {
			return im.site(ctx, r)
		}
	case *wxr.Author:
		if pass == 0 {
			_, outcome, err := im.author(ctx, r.Login, r.Email, authorName(r), r.Line)
			if err == nil && outcome != "" {
				im.sum.count("author", outcome)
			}
			return err
		}
	case *wxr.Category:
		if pass == 0 {
			return im.category(ctx, r)
		}
	case *wxr.Tag:
		if pass == 0 {
			_, err := im.tag(ctx, r.RawSlug, r.Name, r.TermID, r.Line)
			return err
		}
	case *wxr.Term:
		if pass == 0 {
			im.sum.ignore("term (" + r.Taxonomy + ")")
		}
	case *wxr.Item:
		switch {
		case r.PostType == "attachment" && pass == 0:
			return im.attachment(ctx, r)
		case (r.PostType == "post" || r.PostType == "page") && pass == 1:
			return im.post(ctx, r)
		case r.PostType != "attachment" && r.PostType != "post" && r.PostType != "page" && pass == 0:
			im.sum.ignore(r.PostType)
		}
	}
	return nil
}

// site takes the channel header: the site's address names its import
// records, so two sites imported into one Akhbar never mix.
func (im *importer) site(ctx context.Context, s *wxr.Site) error {
	base := s.BaseBlogURL
	if base == "" {
		base = s.Link
	}
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || u.Host == "" {
		return fmt.Errorf("wpimport: the export names no site address (wp:base_blog_url %q)", base)
	}
	im.host = strings.ToLower(u.Host)
	im.source = strings.ToLower(u.Scheme) + "://" + im.host + strings.TrimRight(u.Path, "/")
	im.language = "ur"
	if lang, _, _ := strings.Cut(strings.ToLower(s.Language), "-"); content.KnownLanguage(lang) {
		im.language = lang
	}
	im.sum.Site = s.Title
	im.sum.Source = im.source
	return im.loadKnown(ctx)
}

// loadKnown reads what earlier runs imported from this site.
func (im *importer) loadKnown(ctx context.Context) error {
	for kind, into := range map[string]map[string]int64{"category": im.sections, "tag": im.tags, "author": im.users} {
		known, err := im.store.ImportedIDs(ctx, im.source, kind)
		if err != nil {
			return err
		}
		for k, v := range known {
			into[k] = v
		}
	}
	return nil
}

func (im *importer) key(kind, id string) store.ImportKey {
	return store.ImportKey{Source: im.source, Kind: kind, ID: id}
}

// fakeID stands, in a dry run, for the id a record would get.
func (im *importer) fakeID() int64 {
	im.nextFake--
	return im.nextFake
}

func authorName(a *wxr.Author) string {
	if n := strings.TrimSpace(a.DisplayName); n != "" {
		return n
	}
	if n := strings.TrimSpace(a.FirstName + " " + a.LastName); n != "" {
		return n
	}
	return a.Login
}

// author returns the user for a WordPress login, creating a contributor
// without a password (an admin invites them to set one) or linking an
// existing account with the same email. outcome is what happened, "" for
// an author that could not be made (reported as skipped).
func (im *importer) author(ctx context.Context, login, email, name string, line int) (id int64, outcome string, err error) {
	if id, ok := im.users[login]; ok {
		return id, outcomeUnchanged, nil
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" || !strings.Contains(email, "@") {
		// .invalid is reserved (RFC 2606): no mail can go astray.
		email = urdu.Slug(login) + "@import.invalid"
	}
	if u, err := im.store.UserByEmail(ctx, email); err == nil {
		im.users[login] = u.ID
		return u.ID, outcomeLinked, im.remember(ctx, im.key("author", login), u.ID, "")
	} else if !errors.Is(err, content.ErrNotFound) {
		return 0, "", err
	}
	if im.opt.DryRun {
		id := im.fakeID()
		im.users[login] = id
		return id, outcomeCreated, nil
	}
	slug, err := im.freeUserSlug(ctx, urdu.Slug(login))
	if err != nil {
		return 0, "", err
	}
	id, err = im.store.CreateUser(ctx, content.User{Email: email, Name: content.NormalizeLabel(name), Slug: slug,
		Role: content.RoleContributor})
	if err != nil {
		im.sum.skip(line, "author", login, name, errorText(err))
		return 0, "", nil
	}
	im.users[login] = id
	im.sum.Invite = append(im.sum.Invite, email)
	return id, outcomeCreated, im.remember(ctx, im.key("author", login), id, "")
}

func (im *importer) freeUserSlug(ctx context.Context, slug string) (string, error) {
	for i := 1; ; i++ {
		try := slug
		if i > 1 {
			try = slug + "-" + strconv.Itoa(i)
		}
		_, err := im.store.UserBySlug(ctx, try)
		if errors.Is(err, content.ErrNotFound) {
			return try, nil
		}
		if err != nil {
			return "", err
		}
	}
}

// remember records an import (not in a dry run).
func (im *importer) remember(ctx context.Context, k store.ImportKey, id int64, checksum string) error {
	if im.opt.DryRun {
		return nil
	}
	return im.store.RecordImport(ctx, k, id, checksum)
}

// category makes a section for a category, under its parent's section.
// WordPress writes parents first; a parent that never came makes the
// child a top-level section.
func (im *importer) category(ctx context.Context, c *wxr.Category) error {
	im.categories[c.Nicename] = c.Parent
	catPath := im.categoryPath(c.Nicename)
	if _, ok := im.sections[c.Nicename]; ok {
		im.sum.count("category", outcomeUnchanged)
		return nil
	}
	name := content.NormalizeLabel(c.Name)
	if name == "" {
		name = c.Slug
	}
	var id int64
	if im.opt.DryRun {
		id = im.fakeID()
	} else {
		secs, err := im.store.Sections(ctx)
		if err != nil {
			return err
		}
		olds := []string{"/category/" + catPath + "/"}
		if c.TermID != 0 { // 0: a category only named by a post
			olds = append(olds, "/?cat="+strconv.FormatInt(c.TermID, 10))
		}
		id, err = im.store.ImportSection(ctx, content.Section{Slug: freeSectionSlug(secs, urdu.Slug(c.Slug)), Name: name,
			Description: urdu.Normalize(strings.TrimSpace(c.Description)), ParentID: max(im.sections[c.Parent], 0),
			Position: len(secs) + 1}, im.key("category", c.Nicename), olds)
		if err != nil {
			im.sum.skip(c.Line, "category", c.Nicename, c.Name, errorText(err))
			return nil
		}
		im.sectionMade(ctx)
		im.sum.Redirects += len(olds)
	}
	im.sections[c.Nicename] = id
	im.sum.count("category", outcomeCreated)
	return nil
}

// categoryPath is the category's nicename after its ancestors', as in
// WordPress's /category/parent/child/ URLs.
func (im *importer) categoryPath(nicename string) string {
	parts := []string{nicename}
	for p, seen := im.categories[nicename], 0; p != "" && seen < 20; p, seen = im.categories[p], seen+1 {
		parts = append([]string{p}, parts...)
	}
	return strings.Join(parts, "/")
}

func freeSectionSlug(secs []content.Section, slug string) string {
	taken := map[string]bool{"tag": true, "author": true, "search": true, "newsroom": true,
		"static": true, "media": true, "sitemaps": true}
	for _, s := range secs {
		taken[s.Slug] = true
	}
	for i := 1; ; i++ {
		try := slug
		if i > 1 {
			try = slug + "-" + strconv.Itoa(i)
		}
		if !taken[try] {
			return try
		}
	}
}

// tag returns the tag for a WordPress tag slug (as written), creating it.
func (im *importer) tag(ctx context.Context, rawSlug, name string, termID int64, line int) (int64, error) {
	if id, ok := im.tags[rawSlug]; ok {
		if termID != 0 {
			im.sum.count("tag", outcomeUnchanged)
		}
		return id, nil
	}
	slug := urdu.UrduSlug(wxr.DecodeSlug(rawSlug))
	name = content.NormalizeLabel(name)
	if name == "" {
		name = wxr.DecodeSlug(rawSlug)
	}
	if im.opt.DryRun {
		id := im.fakeID()
		im.tags[rawSlug] = id
		im.sum.count("tag", outcomeCreated)
		return id, nil
	}
	id, err := im.store.EnsureTag(ctx, content.Tag{Slug: slug, Name: name})
	if err != nil {
		im.sum.skip(line, "tag", rawSlug, name, errorText(err))
		return 0, nil
	}
	// The tag may be one that was there already under another slug (the
	// newsroom typed its name first, or renamed it): lead to that one.
	tag, err := im.store.TagByID(ctx, id)
	if err != nil {
		return 0, err
	}
	target := tag.Path()
	olds := []string{"/tag/" + rawSlug + "/"}
	if termID != 0 {
		olds = append(olds, "/?tag="+url.QueryEscape(wxr.DecodeSlug(rawSlug)))
	}
	for _, old := range olds {
		// /tag/x/ differs from our /tag/x only by its slash, which the
		// router does not forgive; /tag/x itself reaches the tag directly.
		if err := im.store.AddRedirect(ctx, old, 0, target); err != nil {
			return 0, err
		}
		im.sum.Redirects++
	}
	im.tags[rawSlug] = id
	im.sum.count("tag", outcomeCreated)
	return id, im.remember(ctx, im.key("tag", rawSlug), id, "")
}

// sizeSuffix is WordPress's resized-copy suffix: photo-300x200.jpg and
// photo-scaled.jpg are renditions of photo.jpg.
var sizeSuffix = regexp.MustCompile(`-(\d+x\d+|scaled|rotated)(\.[A-Za-z0-9]+)$`)

// uploadPath reduces an image URL to the upload it shows: its path,
// decoded, without a size suffix. Links from http and https, with or
// without the host, meet.
func uploadPath(src string) string {
	u, err := url.Parse(strings.TrimSpace(src))
	if err != nil {
		return ""
	}
	p := u.Path
	if d, err := url.PathUnescape(p); err == nil {
		p = d
	}
	i := strings.Index(p, "/wp-content/uploads/")
	if i < 0 {
		return ""
	}
	return sizeSuffix.ReplaceAllString(p[i:], "$2")
}

// attachment imports an image into the media library when its file is in
// the uploads folder, and remembers it for the posts that show it.
func (im *importer) attachment(ctx context.Context, it *wxr.Item) error {
	k := im.key("attachment", strconv.FormatInt(it.PostID, 10))
	if p := uploadPath(it.AttachmentURL); p != "" {
		im.imageByURL[p] = it.PostID
	}
	rec, known, err := im.store.Imported(ctx, k)
	if err != nil {
		return err
	}
	if known {
		m, err := im.store.Media(ctx, rec.LocalID)
		if err == nil {
			im.images[it.PostID] = imageOf(m)
			im.sum.count("attachment", outcomeUnchanged)
			return nil
		}
		if !errors.Is(err, content.ErrNotFound) {
			return err
		}
		// Deleted from the library since: import it again.
	}
	if im.opt.Uploads == "" {
		im.sum.count("attachment", outcomeNoFile)
		return nil
	}
	file, _ := it.MetaValue("_wp_attached_file")
	file = strings.TrimSpace(file)
	if file == "" {
		if p := uploadPath(it.AttachmentURL); p != "" {
			file = strings.TrimPrefix(p, "/wp-content/uploads/")
		}
	}
	local := filepath.Join(im.opt.Uploads, filepath.FromSlash(filepath.Clean("/"+file)))
	f, err := os.Open(local)
	if err != nil {
		im.sum.skip(it.Line, "attachment", strconv.FormatInt(it.PostID, 10), it.Title, "file not in the uploads folder: "+file)
		return nil
	}
	defer f.Close()
	if im.opt.DryRun {
		im.images[it.PostID] = wpbody.Image{Src: "/media/dry-run", MediaID: im.fakeID()}
		im.sum.count("attachment", outcomeCreated)
		return nil
	}
	credit := ""
	for _, key := range []string{"_media_credit", "media_credit", "_wp_attachment_credit", "credit"} {
		if v, ok := it.MetaValue(key); ok && strings.TrimSpace(v) != "" {
			credit = urdu.Normalize(strings.TrimSpace(v))
			break
		}
	}
	m, err := im.opt.Images.AddImage(ctx, f, content.Media{
		Filename:  filepath.Base(file),
		Caption:   urdu.Normalize(plain(it.Excerpt)),
		Credit:    credit,
		Alt:       urdu.Normalize(it.ImageAlt()),
		CreatedBy: max(im.users[it.Creator], 0), // 0 in a dry run's made-up ids
	})
	if err != nil {
		im.sum.skip(it.Line, "attachment", strconv.FormatInt(it.PostID, 10), it.Title, errorText(err))
		return nil
	}
	im.images[it.PostID] = imageOf(m)
	im.sum.count("attachment", outcomeCreated)
	return im.remember(ctx, k, m.ID, "")
}

func imageOf(m content.Media) wpbody.Image {
	v := m.Fallback()
	return wpbody.Image{Src: v.URL(), Alt: m.Alt, Width: v.Width, Height: v.Height, MediaID: m.ID}
}

var tagsRE = regexp.MustCompile(`<[^>]*>`)

// plain is text without markup, for straplines and captions.
func plain(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagsRE.ReplaceAllString(s, " "))), " ")
}

// subtitleKeys are the custom fields news themes and plugins keep a
// subtitle in, tried in order.
var subtitleKeys = []string{"subtitle", "_subtitle", "sub_title", "wps_subtitle", "_wps_subtitle",
	"td_subtitle", "jnews_post_subtitle", "post_subtitle", "tie_post_sub_title"}

// statusOf maps a WordPress status to ours; ok false with a reason for
// posts that are not content (trash, auto-drafts).
func statusOf(wp string) (st content.Status, reason string) {
	switch wp {
	case "publish":
		return content.StatusPublished, ""
	case "future":
		return content.StatusScheduled, ""
	case "draft":
		return content.StatusDraft, ""
	case "pending":
		return content.StatusSubmitted, ""
	case "private":
		// Readers never saw it: it stays in the newsroom.
		return content.StatusDraft, ""
	case "trash":
		return "", "in the trash"
	case "auto-draft":
		return "", "an empty auto-draft"
	}
	return "", "unknown status " + strconv.Quote(wp)
}

// post imports a post or page as an article.
func (im *importer) post(ctx context.Context, it *wxr.Item) error {
	kind := it.PostType
	id := strconv.FormatInt(it.PostID, 10)
	status, reason := statusOf(it.Status)
	if reason != "" {
		im.sum.skip(it.Line, kind, id, it.Title, reason)
		return nil
	}
	if it.PostPassword != "" && (status == content.StatusPublished || status == content.StatusScheduled) {
		// WordPress showed it only to readers with its password; Akhbar
		// has no such posts, so it waits in the newsroom for an editor.
		status = content.StatusDraft
		im.sum.protect(it.Line, kind, id, it.Title)
	}
	a, authors, tags, olds, err := im.article(ctx, it, status)
	if err != nil {
		return err
	}
	if a.SectionID == 0 {
		im.sum.skip(it.Line, kind, id, it.Title, "its section could not be made")
		return nil
	}
	sum := checksum(a, authors, tags, olds)
	k := im.key(kind, id)
	rec, known, err := im.store.Imported(ctx, k)
	if err != nil {
		return err
	}
	outcome := outcomeCreated
	if known {
		if rec.Checksum == sum {
			im.sum.count(kind, outcomeUnchanged)
			return nil
		}
		cur, err := im.store.Article(ctx, rec.LocalID)
		if errors.Is(err, content.ErrNotFound) {
			im.sum.skip(it.Line, kind, id, it.Title, "deleted in Akhbar since it was imported")
			return nil
		}
		if err != nil {
			return err
		}
		if cur.Version != rec.Version {
			im.sum.skip(it.Line, kind, id, it.Title, "edited in Akhbar since it was imported; Akhbar's version kept")
			return nil
		}
		a.ID, a.Version, a.CreatedAt = cur.ID, cur.Version, cur.CreatedAt
		outcome = outcomeUpdated
	}
	if err := a.Validate(); err != nil {
		im.sum.skip(it.Line, kind, id, it.Title, errorText(err))
		return nil
	}
	im.batch = append(im.batch, pending{ArticleImport: store.ArticleImport{Article: &a, AuthorIDs: authors, TagIDs: tags,
		Key: k, Checksum: sum, OldPaths: olds}, line: it.Line, title: it.Title, outcome: outcome})
	if len(im.batch) >= im.opt.BatchSize {
		return im.flush(ctx)
	}
	return nil
}

// DefaultBatchSize is how many articles share a transaction by default:
// one commit and one search index flush per 500 posts. Against 100, it
// cut a 20,000-post import's CPU time by 15% (fewer rewrites of the same
// index pages); a 100,000-post import then peaks at about 180 MB of RSS
// instead of 135.
const DefaultBatchSize = 500

// pending is a converted post waiting for its batch to be written.
type pending struct {
	store.ArticleImport
	line    int
	title   string
	outcome string
}

// flush hands the pending posts to the writer (or, in a dry run, counts
// them).
func (im *importer) flush(ctx context.Context) error {
	batch := im.batch
	im.batch = nil
	if len(batch) == 0 {
		return nil
	}
	if im.opt.DryRun {
		for _, p := range batch {
			im.done(p)
		}
		return nil
	}
	if im.writer == nil {
		im.writer = startWriter(ctx, im.store, im.opt.ArticlesChanged)
	}
	got, err := im.writer.send(ctx, batch)
	return errors.Join(im.apply(got), err)
}

// drain waits for the writer to write every queued batch.
func (im *importer) drain() error {
	if im.writer == nil {
		return nil
	}
	got := im.writer.finish()
	im.writer = nil
	return im.apply(got)
}

// apply counts written batches in the summary; it returns the writer's
// failure, if any.
func (im *importer) apply(got []written) error {
	var err error
	for _, r := range got {
		for i, p := range r.batch {
			switch {
			case r.saved[i]:
				im.done(p)
			case r.conflict[i]:
				im.sum.skip(p.line, p.Key.Kind, p.Key.ID, p.title, "edited in Akhbar during the import; Akhbar's version kept")
			}
		}
		if r.err != nil && err == nil {
			err = r.err
		}
	}
	return err
}

// sectionMade tells the site a section was made.
func (im *importer) sectionMade(ctx context.Context) {
	if im.opt.SectionsChanged != nil {
		im.opt.SectionsChanged(ctx)
	}
}

func (im *importer) done(p pending) {
	im.sum.count(p.Key.Kind, p.outcome)
	im.sum.Redirects += len(p.OldPaths)
}

// article builds the article for a post, creating on the way the section,
// tags and author it names if the channel did not list them.
func (im *importer) article(ctx context.Context, it *wxr.Item, status content.Status) (a content.Article, authors, tags []int64, olds []string, err error) {
	a = content.Article{Status: status}
	a.Headline = content.NormalizeLabel(plain(it.Title))
	if a.Headline == "" {
		a.Headline = "بلا عنوان"
	}
	for _, key := range subtitleKeys {
		// ACF keeps "field_…" references under underscored names.
		if v, ok := it.MetaValue(key); ok && strings.TrimSpace(v) != "" && !strings.HasPrefix(v, "field_") {
			a.Strapline = content.NormalizeLabel(plain(v))
			break
		}
	}
	if a.Strapline == "" {
		a.Strapline = content.NormalizeLabel(plain(it.Excerpt))
	}
	conv := wpbody.Convert(it.Content, wpbody.Options{
		Image:     im.imageByURLFunc,
		ImageByID: func(id int64) (wpbody.Image, bool) { img, ok := im.images[id]; return img, ok },
		Link:      im.link,
	})
	a.BodyHTML = content.PrepareBody(conv.HTML)
	a.BodyText = content.PlainText(a.BodyHTML)
	im.sum.Warnings += len(conv.Warnings)
	a.Language = im.opt.Language
	if a.Language == "" {
		a.Language = detectLanguage(a.Headline+" "+a.Strapline+" "+a.BodyText, im.language)
	}

	slug := it.Slug
	if slug == "" {
		slug = a.Headline
	}
	a.Slug = urdu.Slug(slug)

	if it.PostType == "page" {
		a.SectionID, err = im.ownSection(ctx, &im.pages, pagesSection)
	} else if cats := it.TermsIn("category"); len(cats) > 0 {
		sec, ok := im.sections[cats[0].Nicename]
		if !ok {
			err = im.category(ctx, &wxr.Category{Nicename: cats[0].Nicename, Slug: cats[0].Slug, Name: cats[0].Name, Line: it.Line})
			sec = im.sections[cats[0].Nicename]
		}
		a.SectionID = sec
	} else {
		a.SectionID, err = im.ownSection(ctx, &im.fallback, fallbackSection)
	}
	if err != nil {
		return a, nil, nil, nil, err
	}

	if it.Creator != "" {
		uid, outcome, err := im.author(ctx, it.Creator, "", it.Creator, it.Line)
		if err != nil {
			return a, nil, nil, nil, err
		}
		if outcome != outcomeUnchanged && outcome != "" { // an author the channel did not list
			im.sum.count("author", outcome)
		}
		if uid != 0 {
			authors = append(authors, uid)
			a.CreatedBy = max(uid, 0)
		}
	}
	for _, t := range it.TermsIn("post_tag") {
		id, err := im.tag(ctx, t.Nicename, t.Name, 0, it.Line)
		if err != nil {
			return a, nil, nil, nil, err
		}
		if id != 0 {
			tags = append(tags, id)
		}
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i] < tags[j] })

	published := it.Published(im.opt.Zone)
	if status == content.StatusPublished || status == content.StatusScheduled {
		a.PublishedAt = published
		if a.PublishedAt.IsZero() {
			a.PublishedAt = time.Unix(0, 0) // WordPress gave no date at all
		}
	}
	a.CreatedAt = published
	a.UpdatedAt = it.ModifiedGMT
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = published
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = time.Unix(0, 0)
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = a.UpdatedAt
	}
	if img, ok := im.images[it.ThumbnailID()]; ok && img.MediaID > 0 {
		a.LeadMediaID = img.MediaID
	}
	return a, authors, tags, im.oldPaths(it), nil
}

func (im *importer) imageByURLFunc(src string) (wpbody.Image, bool) {
	id, ok := im.imageByURL[uploadPath(src)]
	if !ok {
		return wpbody.Image{}, false
	}
	img, ok := im.images[id]
	return img, ok
}

// link makes links to the old site relative, so they reach its old paths
// here, which redirect to the new ones.
func (im *importer) link(href string) string {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || !strings.EqualFold(u.Host, im.host) || strings.Contains(u.Path, "/wp-content/") {
		return href
	}
	rel := u.EscapedPath()
	if rel == "" {
		rel = "/"
	}
	if u.RawQuery != "" {
		rel += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		rel += "#" + u.EscapedFragment()
	}
	return rel
}

// oldPaths are the addresses a post answered at: its permalink (whatever
// the site's structure: /?p=12, /slug/, /category/slug/, dated, with
// percent-encoded Urdu), and the ?p= / ?page_id= form every WordPress
// site answers.
func (im *importer) oldPaths(it *wxr.Item) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		k := store.RedirectKey(p)
		if k != "/" && !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	for _, link := range []string{it.Link, it.GUID} {
		u, err := url.Parse(strings.TrimSpace(link))
		if err != nil || !strings.EqualFold(u.Host, im.host) {
			continue
		}
		p := u.EscapedPath()
		if u.RawQuery != "" {
			if q := u.Query(); q.Get("p") != "" || q.Get("page_id") != "" {
				for _, k := range []string{"p", "page_id"} {
					if v := q.Get(k); v != "" {
						add("/?" + k + "=" + url.QueryEscape(v))
					}
				}
				continue
			}
		}
		if p != "" && p != "/" {
			add(p)
		}
	}
	idKey := "p"
	if it.PostType == "page" {
		idKey = "page_id"
	}
	add("/?" + idKey + "=" + strconv.FormatInt(it.PostID, 10))
	return out
}

// Posts without a category, and WordPress pages (about us, contact: Akhbar
// has no separate page type), go to sections of their own.
var (
	pagesSection    = content.Section{Slug: "pages", Name: "صفحات"}
	fallbackSection = content.Section{Slug: "mutafarriq", Name: "متفرق"}
)

// ownSection returns the id of one of those sections, making it once.
func (im *importer) ownSection(ctx context.Context, id *int64, sec content.Section) (int64, error) {
	if *id == 0 {
		got, err := im.ensureSection(ctx, sec.Slug, sec.Name)
		if err != nil {
			return 0, err
		}
		*id = got
	}
	return *id, nil
}

func (im *importer) ensureSection(ctx context.Context, slug, name string) (int64, error) {
	if im.opt.DryRun {
		return im.fakeID(), nil
	}
	secs, err := im.store.Sections(ctx)
	if err != nil {
		return 0, err
	}
	for _, s := range secs {
		if s.Slug == slug {
			return s.ID, nil
		}
	}
	id, err := im.store.CreateSection(ctx, content.Section{Slug: slug, Name: name, Position: len(secs) + 1})
	if err == nil {
		im.sectionMade(ctx)
	}
	return id, err
}

// arabicScript are the languages Akhbar offers that are written in the
// Arabic script.
var arabicScript = map[string]bool{"ur": true, "ar": true, "fa": true, "pa": true, "ps": true, "sd": true}

// detectLanguage is the language of an article's text. WordPress sites in
// Pakistan often keep the installer's en-US as the site language, which
// made every Urdu story lang="en" dir="ltr": so the text decides. Mostly
// Arabic-script letters: the site's language if it is written so, else
// Urdu; mostly Latin letters: the site's language if it is not, else
// English; no letters at all: the site's language.
func detectLanguage(text, site string) string {
	var arabic, latin int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r):
			arabic++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	switch {
	case arabic == 0 && latin == 0:
		return site
	case arabic >= latin:
		if arabicScript[site] {
			return site
		}
		return "ur"
	default:
		if !arabicScript[site] {
			return site
		}
		return "en"
	}
}

// checksum fingerprints what an import would write for a post, so a run
// over an unchanged post writes nothing.
func checksum(a content.Article, authors, tags []int64, olds []string) string {
	b, _ := json.Marshal(struct {
		A       content.Article
		Authors []int64
		Tags    []int64
		Olds    []string
	}{a, authors, tags, olds})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

func errorText(err error) string {
	var fe *wxr.FieldError
	if errors.As(err, &fe) {
		return fe.Error()
	}
	return err.Error()
}
