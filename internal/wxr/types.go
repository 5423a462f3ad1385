package wxr

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Record is one thing read from a WXR file: *Site, *Author, *Category, *Tag,
// *Term or *Item. The set is closed, so a type switch over those six is
// complete.
type Record interface {
	record()
}

// Site is the channel header: what the export says about the site it came
// from. Reader returns it once, before the first author, term or item.
type Site struct {
	Title       string
	Link        string
	Description string // the tagline
	Language    string // e.g. "ur" or "ur-PK"
	Version     string // wp:wxr_version: "1.0", "1.1" or "1.2"
	BaseSiteURL string // wp:base_site_url: the network's URL on a multisite
	BaseBlogURL string // wp:base_blog_url: this site's URL
	PubDate     string // when the export was made, RFC 1123 as written
	Generator   string // e.g. "https://wordpress.org/?v=6.4.2", empty in old exports
	Line        int    // line of <channel>
}

// Author is a wp:author: a user who wrote at least one exported post.
// Items name their author by Login (dc:creator).
type Author struct {
	ID          int64
	Login       string
	Email       string
	DisplayName string
	FirstName   string
	LastName    string
	Line        int
}

// Category is a channel-level wp:category. WordPress writes parents before
// their children, and names the parent by its nicename.
type Category struct {
	TermID      int64
	Nicename    string // the slug as written, often percent-encoded Urdu
	Slug        string // Nicename decoded (see DecodeSlug)
	Parent      string // the parent's nicename as written; empty at the top
	ParentSlug  string // Parent decoded
	Name        string
	Description string
	Meta        []Meta // wp:termmeta (WXR 1.2, WordPress 4.6+)
	Line        int
}

// Tag is a channel-level wp:tag.
type Tag struct {
	TermID      int64
	RawSlug     string // wp:tag_slug as written
	Slug        string // RawSlug decoded
	Name        string
	Description string
	Meta        []Meta
	Line        int
}

// Term is a channel-level wp:term of any other taxonomy: custom taxonomies,
// nav_menu (the menus nav_menu_item posts belong to), post_format.
type Term struct {
	TermID      int64
	Taxonomy    string
	RawSlug     string // wp:term_slug as written
	Slug        string // RawSlug decoded
	Parent      string // the parent's slug as written
	ParentSlug  string // Parent decoded
	Name        string
	Description string
	Meta        []Meta
	Line        int
}

// Item is one post of any type: post, page, attachment, nav_menu_item,
// revision or a custom type. Titles, slugs and other single-line values are
// trimmed; Content, Excerpt, Description and meta values are kept as
// written (apart from XML's own line-end normalization: CRLF reads as LF).
type Item struct {
	Title       string
	Link        string // permalink at export time; WordPress writes ?p=ID for drafts
	PubDate     string // RFC 1123 as written; "Mon, 30 Nov -0001 00:00:00 +0000" for drafts, so use PostDateGMT
	Creator     string // dc:creator: the author's login
	GUID        string
	Description string
	Content     string // content:encoded: post_content, byte for byte
	Excerpt     string // excerpt:encoded

	PostID int64
	// PostDate is wp:post_date, the site's wall clock at publication. The
	// export does not say which zone that is: the value carries UTC as its
	// location only as a placeholder. Published reads it in a given zone.
	PostDate     time.Time
	PostDateGMT  time.Time // wp:post_date_gmt in UTC; zero for drafts ("0000-00-00 00:00:00")
	ModifiedDate time.Time // wp:post_modified (WordPress 5.7+), site wall clock like PostDate
	ModifiedGMT  time.Time // wp:post_modified_gmt

	CommentStatus string // "open" or "closed"
	PingStatus    string
	PostName      string // the slug as written, often percent-encoded Urdu; empty for drafts never published
	Slug          string // PostName decoded (see DecodeSlug)
	// Status is wp:status: publish, draft, future (scheduled), private,
	// pending, trash, inherit (attachments, revisions), auto-draft.
	Status        string
	PostParent    int64
	MenuOrder     int
	PostType      string // post, page, attachment, nav_menu_item, revision, wp_block, or a custom type
	PostPassword  string
	IsSticky      bool
	AttachmentURL string // wp:attachment_url, attachments only

	Categories []ItemTerm // every taxonomy term the post has: categories, tags, custom ones
	Meta       []Meta     // wp:postmeta in file order; a key may repeat
	Comments   int        // number of wp:comment elements, which are skipped

	// Repaired counts characters that XML forbids (form feeds pasted from
	// Word, other control characters, invalid UTF-8) and that were replaced
	// so the item could be read. Zero in a clean export.
	Repaired int
	Line     int // line of <item>
}

// ItemTerm is an item's <category domain=… nicename=…>: one term of the
// post in one taxonomy.
type ItemTerm struct {
	Domain   string // "category", "post_tag" (WXR 1.0's "tag" is read as "post_tag"), "nav_menu", a custom taxonomy; empty for a plain RSS <category>
	Nicename string // the term's slug as written
	Slug     string // Nicename decoded
	Name     string
}

// Meta is one wp:postmeta or wp:termmeta entry.
type Meta struct {
	Key   string
	Value string // as written; PHP-serialized for some keys (_wp_attachment_metadata)
}

func (*Site) record()     {}
func (*Author) record()   {}
func (*Category) record() {}
func (*Tag) record()      {}
func (*Term) record()     {}
func (*Item) record()     {}

// MetaValue returns the value of the first meta entry with key.
func (it *Item) MetaValue(key string) (string, bool) {
	for _, m := range it.Meta {
		if m.Key == key {
			return m.Value, true
		}
	}
	return "", false
}

// ThumbnailID returns the post ID of the featured image (meta
// _thumbnail_id), or 0 when the post has none or the value is not a number.
func (it *Item) ThumbnailID() int64 {
	v, ok := it.MetaValue("_thumbnail_id")
	if !ok {
		return 0
	}
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// ImageAlt returns an attachment's alternative text (meta
// _wp_attachment_image_alt), or "".
func (it *Item) ImageAlt() string {
	v, _ := it.MetaValue("_wp_attachment_image_alt")
	return strings.TrimSpace(v)
}

// TermsIn returns the item's terms in one taxonomy ("category", "post_tag").
func (it *Item) TermsIn(domain string) []ItemTerm {
	var out []ItemTerm
	for _, t := range it.Categories {
		if t.Domain == domain {
			out = append(out, t)
		}
	}
	return out
}

// Published returns when the item was published. It prefers
// wp:post_date_gmt; when that is zero (drafts, pending posts, and scheduled
// posts in some WordPress versions) it reads wp:post_date as a wall clock
// in loc, the site's zone (UTC when loc is nil). Both zero gives zero.
func (it *Item) Published(loc *time.Location) time.Time {
	if !it.PostDateGMT.IsZero() {
		return it.PostDateGMT
	}
	if it.PostDate.IsZero() {
		return time.Time{}
	}
	if loc == nil {
		loc = time.UTC
	}
	d := it.PostDate
	return time.Date(d.Year(), d.Month(), d.Day(), d.Hour(), d.Minute(), d.Second(), d.Nanosecond(), loc)
}

// DecodeSlug decodes a WordPress slug. WordPress stores non-ASCII slugs
// percent-encoded with lower-case hex ("%d9%be%d8%a7…" for پا…); links and
// category references use that raw form, readers want the letters. A slug
// that is not valid percent-encoding, or does not decode to UTF-8, is
// returned unchanged.
func DecodeSlug(raw string) string {
	if strings.IndexByte(raw, '%') < 0 {
		return raw
	}
	s, err := url.PathUnescape(raw)
	if err != nil || !utf8.ValidString(s) {
		return raw
	}
	return s
}
