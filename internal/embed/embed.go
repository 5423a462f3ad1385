// Package embed recognizes the addresses of posts and videos on the six
// platforms whose players an article may show (YouTube, Facebook, X,
// Instagram, TikTok, Dailymotion), and says, for each, how its official
// player is framed. It makes no request: a reader's browser meets the
// platform only when the reader asks for the player (see
// web/static/js/embed.js). A leaf package, like urdu.
package embed

import (
	"net/url"
	"regexp"
	"strings"
)

// Provider is a platform whose players may appear in articles. The value
// is what the stored body keeps in data-provider.
type Provider string

// The providers, in the order the newsroom lists them.
const (
	YouTube     Provider = "youtube"
	Facebook    Provider = "facebook"
	X           Provider = "x"
	Instagram   Provider = "instagram"
	TikTok      Provider = "tiktok"
	Dailymotion Provider = "dailymotion"
)

// Providers lists every provider.
var Providers = []Provider{YouTube, Facebook, X, Instagram, TikTok, Dailymotion}

// Kind is what an embed shows, which decides its label and its frame's shape.
type Kind string

const (
	Video Kind = "video" // a landscape video player
	Short Kind = "short" // a portrait video: YouTube Shorts, reels, TikTok
	Post  Kind = "post"  // a post whose height follows its text
)

// Embed is one recognized post or video.
type Embed struct {
	Provider Provider `json:"provider"`
	ID       string   `json:"id"`   // the video or post id on the platform (see ValidID)
	URL      string   `json:"url"`  // the canonical https address of the post on the platform
	Kind     Kind     `json:"kind"` // video, short or post
}

// idPatterns are the shapes of each provider's ids. Facebook ids are
// numbers, pfbid… post ids, or the codes of share and fb.watch links.
var idPatterns = map[Provider]*regexp.Regexp{
	YouTube:     regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`),
	Facebook:    regexp.MustCompile(`^(?:[0-9]{1,25}|pfbid[0-9A-Za-z]{10,80}|[A-Za-z0-9_-]{5,40})$`),
	X:           regexp.MustCompile(`^[0-9]{1,25}$`),
	Instagram:   regexp.MustCompile(`^[A-Za-z0-9_-]{5,40}$`),
	TikTok:      regexp.MustCompile(`^[0-9]{5,25}$`),
	Dailymotion: regexp.MustCompile(`^[A-Za-z0-9]{5,25}$`),
}

// Known reports whether p is one of Providers.
func Known(p Provider) bool { return idPatterns[p] != nil }

// ValidID reports whether id has the shape of one of p's ids.
func ValidID(p Provider, id string) bool {
	re := idPatterns[p]
	return re != nil && re.MatchString(id)
}

// maxURL bounds the addresses Parse looks at: real ones are short.
const maxURL = 2048

// Parse recognizes an address of a post or video of one of the providers,
// as a reporter would paste it (with or without https://, from the
// mobile site, a share link with tracking parameters…), and returns it
// with its canonical address. ok is false for anything else, which stays
// an ordinary link.
func Parse(raw string) (e Embed, ok bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > maxURL || strings.ContainsAny(raw, " \t\r\n<>\"'\\") {
		return e, false
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + strings.TrimPrefix(raw, "//")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.Opaque != "" {
		return e, false
	}
	if p := u.Port(); p != "" && p != "443" && p != "80" {
		return e, false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	segs := segments(u.EscapedPath())
	q := u.Query()
	switch {
	case isHost(host, "youtube.com", "www", "m") || isHost(host, "youtube-nocookie.com", "www"):
		e, ok = youtube(segs, q)
	case host == "youtu.be":
		if len(segs) == 1 {
			e, ok = youtubeVideo(segs[0], Video)
		}
	case isHost(host, "facebook.com", "www", "m", "web", "mobile", "mbasic") || host == "fb.com" || host == "www.fb.com":
		e, ok = facebook(segs, q)
	case host == "fb.watch":
		if len(segs) == 1 && ValidID(Facebook, segs[0]) {
			e, ok = Embed{Provider: Facebook, ID: segs[0], URL: "https://fb.watch/" + segs[0] + "/", Kind: Video}, true
		}
	case isHost(host, "x.com", "www", "mobile") || isHost(host, "twitter.com", "www", "mobile", "m"):
		e, ok = tweet(segs)
	case isHost(host, "instagram.com", "www", "m") || host == "instagr.am" || host == "www.instagr.am":
		e, ok = instagram(segs)
	case isHost(host, "tiktok.com", "www", "m"):
		e, ok = tiktok(segs)
	case isHost(host, "dailymotion.com", "www", "geo") || host == "dai.ly":
		e, ok = dailymotion(host, segs, q)
	}
	if !ok || !ValidID(e.Provider, e.ID) {
		return Embed{}, false
	}
	return e, true
}

// FromID is the embed of a provider's post or video known only by its id,
// as an API client may send it. Facebook's ids do not make an address,
// so Facebook embeds need Parse.
func FromID(p Provider, id string) (Embed, bool) {
	if !ValidID(p, id) {
		return Embed{}, false
	}
	switch p {
	case YouTube:
		return Parse("https://www.youtube.com/watch?v=" + id)
	case X:
		return Parse("https://x.com/i/status/" + id)
	case Instagram:
		return Parse("https://www.instagram.com/p/" + id + "/")
	case TikTok:
		return Parse("https://www.tiktok.com/embed/v2/" + id)
	case Dailymotion:
		return Parse("https://www.dailymotion.com/video/" + id)
	}
	return Embed{}, false
}

// isHost reports whether host is domain or one of its listed subdomains.
func isHost(host, domain string, subdomains ...string) bool {
	if host == domain {
		return true
	}
	for _, s := range subdomains {
		if host == s+"."+domain {
			return true
		}
	}
	return false
}

// segments splits an escaped path into its non-empty segments, unescaped.
func segments(p string) []string {
	var out []string
	for s := range strings.SplitSeq(p, "/") {
		if s == "" {
			continue
		}
		if d, err := url.PathUnescape(s); err == nil {
			s = d
		}
		out = append(out, s)
	}
	return out
}

func youtube(segs []string, q url.Values) (Embed, bool) {
	if len(segs) == 0 {
		return Embed{}, false
	}
	switch segs[0] {
	case "watch":
		if len(segs) == 1 {
			return youtubeVideo(q.Get("v"), Video)
		}
	case "embed", "v", "live", "e":
		if len(segs) == 2 {
			return youtubeVideo(segs[1], Video)
		}
	case "shorts":
		if len(segs) == 2 {
			return youtubeVideo(segs[1], Short)
		}
	}
	return Embed{}, false
}

func youtubeVideo(id string, k Kind) (Embed, bool) {
	if !ValidID(YouTube, id) {
		return Embed{}, false
	}
	u := "https://www.youtube.com/watch?v=" + id
	if k == Short {
		u = "https://www.youtube.com/shorts/" + id
	}
	return Embed{Provider: YouTube, ID: id, URL: u, Kind: k}, true
}

// fbName matches a Facebook page or profile name (or its numeric id).
var fbName = regexp.MustCompile(`^[A-Za-z0-9.\-]{1,100}$`)

// fbReserved are first path segments that are Facebook's own, not pages.
var fbReserved = map[string]bool{"watch": true, "share": true, "reel": true, "groups": true, "events": true,
	"photo": true, "photos": true, "story.php": true, "permalink.php": true, "video.php": true, "photo.php": true,
	"plugins": true, "login": true, "sharer": true, "sharer.php": true, "hashtag": true, "people": true, "pages": true}

func facebook(segs []string, q url.Values) (Embed, bool) {
	fb := func(id, u string, k Kind) (Embed, bool) {
		return Embed{Provider: Facebook, ID: id, URL: u, Kind: k}, ValidID(Facebook, id)
	}
	if len(segs) == 0 {
		return Embed{}, false
	}
	switch segs[0] {
	case "watch":
		if v := q.Get("v"); len(segs) == 1 && isDigits(v) {
			return fb(v, "https://www.facebook.com/watch/?v="+v, Video)
		}
		if len(segs) == 3 && segs[1] == "live" && isDigits(q.Get("v")) {
			return fb(q.Get("v"), "https://www.facebook.com/watch/?v="+q.Get("v"), Video)
		}
		return Embed{}, false
	case "video.php":
		if v := q.Get("v"); len(segs) == 1 && isDigits(v) {
			return fb(v, "https://www.facebook.com/watch/?v="+v, Video)
		}
		return Embed{}, false
	case "reel":
		if len(segs) == 2 && isDigits(segs[1]) {
			return fb(segs[1], "https://www.facebook.com/reel/"+segs[1], Short)
		}
		return Embed{}, false
	case "share":
		if len(segs) == 3 && ValidID(Facebook, segs[2]) {
			k := map[string]Kind{"v": Video, "r": Short, "p": Post}[segs[1]]
			if k != "" {
				return fb(segs[2], "https://www.facebook.com/share/"+segs[1]+"/"+segs[2]+"/", k)
			}
		}
		return Embed{}, false
	case "permalink.php", "story.php":
		id, page := q.Get("story_fbid"), q.Get("id")
		if len(segs) == 1 && isDigits(page) && ValidID(Facebook, id) {
			return fb(id, "https://www.facebook.com/permalink.php?story_fbid="+id+"&id="+page, Post)
		}
		return Embed{}, false
	}
	if fbReserved[segs[0]] || !fbName.MatchString(segs[0]) {
		return Embed{}, false
	}
	page := segs[0]
	switch {
	case len(segs) >= 3 && len(segs) <= 4 && segs[1] == "videos" && isDigits(segs[len(segs)-1]):
		// /{page}/videos/{id}/ and /{page}/videos/{title}/{id}/
		id := segs[len(segs)-1]
		return fb(id, "https://www.facebook.com/"+page+"/videos/"+id+"/", Video)
	case len(segs) == 3 && segs[1] == "posts":
		return fb(segs[2], "https://www.facebook.com/"+page+"/posts/"+segs[2], Post)
	}
	return Embed{}, false
}

// xUser matches an X (Twitter) user name.
var xUser = regexp.MustCompile(`^[A-Za-z0-9_]{1,15}$`)

func tweet(segs []string) (Embed, bool) {
	// /{user}/status/{id}[/photo/1…], /i/web/status/{id}, /i/status/{id}
	user := ""
	switch {
	case len(segs) >= 4 && segs[0] == "i" && segs[1] == "web" && isStatus(segs[2]):
		segs = segs[2:]
	case len(segs) >= 3 && segs[0] == "i" && isStatus(segs[1]):
		segs = segs[1:]
	case len(segs) >= 3 && xUser.MatchString(segs[0]) && isStatus(segs[1]):
		user, segs = segs[0], segs[1:]
	default:
		return Embed{}, false
	}
	id := segs[1]
	if !isDigits(id) || len(segs) > 4 {
		return Embed{}, false
	}
	u := "https://x.com/i/status/" + id
	if user != "" {
		u = "https://x.com/" + user + "/status/" + id
	}
	return Embed{Provider: X, ID: id, URL: u, Kind: Post}, true
}

func isStatus(s string) bool { return s == "status" || s == "statuses" }

func instagram(segs []string) (Embed, bool) {
	// /p/{code}/, /reel/{code}/, /reels/{code}/, /tv/{code}/, and the
	// same after a user name: /{user}/p/{code}/; an /embed suffix too.
	if len(segs) >= 3 && segs[1] != "embed" && (segs[1] == "p" || segs[1] == "reel" || segs[1] == "reels" || segs[1] == "tv") {
		segs = segs[1:]
	}
	if len(segs) < 2 || len(segs) > 4 || (len(segs) >= 3 && segs[2] != "embed" && segs[2] != "captioned") {
		return Embed{}, false
	}
	code := segs[1]
	switch segs[0] {
	case "p", "tv":
		return Embed{Provider: Instagram, ID: code, URL: "https://www.instagram.com/p/" + code + "/", Kind: Post}, true
	case "reel", "reels":
		return Embed{Provider: Instagram, ID: code, URL: "https://www.instagram.com/reel/" + code + "/", Kind: Short}, true
	}
	return Embed{}, false
}

// tiktokUser matches a TikTok user name after its @.
var tiktokUser = regexp.MustCompile(`^@[A-Za-z0-9_.]{1,50}$`)

func tiktok(segs []string) (Embed, bool) {
	tt := func(id, u string) (Embed, bool) { return Embed{Provider: TikTok, ID: id, URL: u, Kind: Short}, true }
	switch {
	case len(segs) == 3 && tiktokUser.MatchString(segs[0]) && segs[1] == "video" && isDigits(segs[2]):
		return tt(segs[2], "https://www.tiktok.com/"+segs[0]+"/video/"+segs[2])
	case len(segs) == 3 && segs[0] == "embed" && segs[1] == "v2" && isDigits(segs[2]),
		len(segs) == 3 && segs[0] == "player" && segs[1] == "v1" && isDigits(segs[2]):
		return tt(segs[2], "https://www.tiktok.com/embed/v2/"+segs[2])
	case len(segs) == 2 && segs[0] == "embed" && isDigits(segs[1]):
		return tt(segs[1], "https://www.tiktok.com/embed/v2/"+segs[1])
	case len(segs) == 2 && segs[0] == "v" && strings.HasSuffix(segs[1], ".html") && isDigits(strings.TrimSuffix(segs[1], ".html")):
		id := strings.TrimSuffix(segs[1], ".html")
		return tt(id, "https://www.tiktok.com/embed/v2/"+id)
	}
	return Embed{}, false
}

func dailymotion(host string, segs []string, q url.Values) (Embed, bool) {
	id := ""
	switch {
	case host == "dai.ly" && len(segs) == 1:
		id = segs[0]
	case host == "geo.dailymotion.com" && len(segs) == 1 && segs[0] == "player.html":
		id = q.Get("video")
	case len(segs) == 2 && segs[0] == "video":
		id = segs[1]
	case len(segs) == 3 && segs[0] == "embed" && segs[1] == "video":
		id = segs[2]
	default:
		return Embed{}, false
	}
	// Old addresses run the title on after the id: /video/x2b4w6_title.
	id, _, _ = strings.Cut(id, "_")
	return Embed{Provider: Dailymotion, ID: id, URL: "https://www.dailymotion.com/video/" + id, Kind: Video}, true
}

func isDigits(s string) bool {
	if s == "" || len(s) > 25 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Player is the address of the provider's official player for e, loaded
// in an iframe once the reader asks for it. YouTube's comes from its
// no-cookie domain. web/static/js/embed.js builds the same addresses.
func (e Embed) Player() string {
	switch e.Provider {
	case YouTube:
		return "https://www.youtube-nocookie.com/embed/" + e.ID + "?autoplay=1"
	case Facebook:
		if e.Kind == Post {
			return "https://www.facebook.com/plugins/post.php?href=" + url.QueryEscape(e.URL) + "&show_text=true"
		}
		return "https://www.facebook.com/plugins/video.php?href=" + url.QueryEscape(e.URL) + "&show_text=false&autoplay=true"
	case X:
		return "https://platform.twitter.com/embed/Tweet.html?id=" + e.ID + "&dnt=true"
	case Instagram:
		if e.Kind == Short {
			return "https://www.instagram.com/reel/" + e.ID + "/embed/"
		}
		return "https://www.instagram.com/p/" + e.ID + "/embed/"
	case TikTok:
		return "https://www.tiktok.com/player/v1/" + e.ID + "?autoplay=1"
	case Dailymotion:
		return "https://www.dailymotion.com/embed/video/" + e.ID + "?autoplay=1"
	}
	return ""
}

// origins are where each provider's player is framed from, for the
// frame-src of pages that show one.
var origins = map[Provider]string{
	YouTube:     "https://www.youtube-nocookie.com",
	Facebook:    "https://www.facebook.com",
	X:           "https://platform.twitter.com",
	Instagram:   "https://www.instagram.com",
	TikTok:      "https://www.tiktok.com",
	Dailymotion: "https://www.dailymotion.com",
}

// Origin is the origin p's player is framed from ("" if p is unknown).
func (p Provider) Origin() string { return origins[p] }

// names are the providers' names as Urdu readers know them.
var names = map[Provider]string{
	YouTube: "یوٹیوب", Facebook: "فیس بک", X: "ایکس (ٹوئٹر)", Instagram: "انسٹاگرام", TikTok: "ٹک ٹاک", Dailymotion: "ڈیلی موشن",
}

// Name is p's name in Urdu.
func (p Provider) Name() string { return names[p] }

// Label is what the button that loads the player says: «یوٹیوب ویڈیو دیکھیں».
func (e Embed) Label() string {
	thing := "ویڈیو"
	if e.Kind == Post {
		thing = "پوسٹ"
	}
	if e.Provider == Instagram && e.Kind == Short {
		thing = "ریل"
	}
	return e.Provider.Name() + " " + thing + " دیکھیں"
}
