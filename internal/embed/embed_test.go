package embed

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// parseCases are addresses as reporters paste them, per provider, and
// what each becomes; want.Provider "" means it must stay a plain link.
var parseCases = []struct {
	in   string
	want Embed
}{
	// YouTube
	{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", Embed{YouTube, "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", Video}},
	{"https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL123", Embed{YouTube, "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", Video}},
	{"http://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", Embed{YouTube, "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", Video}},
	{"https://youtu.be/dQw4w9WgXcQ?si=AbCdEf12345", Embed{YouTube, "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", Video}},
	{"youtu.be/dQw4w9WgXcQ", Embed{YouTube, "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", Video}},
	{"https://www.youtube.com/shorts/aBcDeFgHiJ0", Embed{YouTube, "aBcDeFgHiJ0", "https://www.youtube.com/shorts/aBcDeFgHiJ0", Short}},
	{"https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0", Embed{YouTube, "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", Video}},
	{"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", Embed{YouTube, "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", Video}},
	{"https://www.youtube.com/live/dQw4w9WgXcQ?feature=shared", Embed{YouTube, "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", Video}},
	{"https://www.youtube.com/v/dQw4w9WgXcQ", Embed{YouTube, "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", Video}},
	{"https://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ", Embed{YouTube, "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", Video}},
	{"https://www.youtube.com/watch?v=short", Embed{}},
	{"https://www.youtube.com/@geonews", Embed{}},
	{"https://www.youtube.com/playlist?list=PL123", Embed{}},
	{"https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", Embed{}},
	{"https://evilyoutube.com/watch?v=dQw4w9WgXcQ", Embed{}},
	{"javascript://www.youtube.com/watch?v=dQw4w9WgXcQ", Embed{}},
	{"https://user@www.youtube.com/watch?v=dQw4w9WgXcQ", Embed{}},
	{"https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ", Embed{}},

	// Facebook
	{"https://www.facebook.com/geonews/videos/1234567890/", Embed{Facebook, "1234567890", "https://www.facebook.com/geonews/videos/1234567890/", Video}},
	{"https://m.facebook.com/geo.news.urdu/videos/some-title/98765/?mibextid=abc", Embed{Facebook, "98765", "https://www.facebook.com/geo.news.urdu/videos/98765/", Video}},
	{"https://www.facebook.com/watch/?v=1122334455", Embed{Facebook, "1122334455", "https://www.facebook.com/watch/?v=1122334455", Video}},
	{"https://web.facebook.com/watch?v=1122334455&ref=sharing", Embed{Facebook, "1122334455", "https://www.facebook.com/watch/?v=1122334455", Video}},
	{"https://www.facebook.com/video.php?v=1122334455", Embed{Facebook, "1122334455", "https://www.facebook.com/watch/?v=1122334455", Video}},
	{"https://fb.watch/nA1b2C3d4E/", Embed{Facebook, "nA1b2C3d4E", "https://fb.watch/nA1b2C3d4E/", Video}},
	{"https://www.facebook.com/reel/778899001122", Embed{Facebook, "778899001122", "https://www.facebook.com/reel/778899001122", Short}},
	{"https://www.facebook.com/ISPR.Official/posts/pfbid02abcDEF123ghiJKL456mnoPQR", Embed{Facebook, "pfbid02abcDEF123ghiJKL456mnoPQR", "https://www.facebook.com/ISPR.Official/posts/pfbid02abcDEF123ghiJKL456mnoPQR", Post}},
	{"https://www.facebook.com/GovtofPakistan/posts/556677", Embed{Facebook, "556677", "https://www.facebook.com/GovtofPakistan/posts/556677", Post}},
	{"https://www.facebook.com/permalink.php?story_fbid=123456&id=100064", Embed{Facebook, "123456", "https://www.facebook.com/permalink.php?story_fbid=123456&id=100064", Post}},
	{"https://www.facebook.com/share/v/1AbCdEfGh2/", Embed{Facebook, "1AbCdEfGh2", "https://www.facebook.com/share/v/1AbCdEfGh2/", Video}},
	{"https://www.facebook.com/share/p/1AbCdEfGh2/", Embed{Facebook, "1AbCdEfGh2", "https://www.facebook.com/share/p/1AbCdEfGh2/", Post}},
	{"https://www.facebook.com/geonews", Embed{}},
	{"https://www.facebook.com/groups/123/posts/456", Embed{}},
	{"https://www.facebook.com/sharer/sharer.php?u=https://x.example", Embed{}},
	{"https://www.facebook.com/watch/?v=abc", Embed{}},

	// X and Twitter
	{"https://x.com/GovtofPakistan/status/1770123456789012345", Embed{X, "1770123456789012345", "https://x.com/GovtofPakistan/status/1770123456789012345", Post}},
	{"https://twitter.com/ispr/status/17?s=20&t=x", Embed{X, "17", "https://x.com/ispr/status/17", Post}},
	{"https://mobile.twitter.com/ispr/statuses/1770123/photo/1", Embed{X, "1770123", "https://x.com/ispr/status/1770123", Post}},
	{"https://twitter.com/i/web/status/1770123", Embed{X, "1770123", "https://x.com/i/status/1770123", Post}},
	{"https://x.com/i/status/1770123", Embed{X, "1770123", "https://x.com/i/status/1770123", Post}},
	{"https://x.com/ispr", Embed{}},
	{"https://x.com/ispr/status/abc", Embed{}},
	{"https://x.com/search?q=pakistan", Embed{}},

	// Instagram
	{"https://www.instagram.com/p/C1a2B3c4D5e/", Embed{Instagram, "C1a2B3c4D5e", "https://www.instagram.com/p/C1a2B3c4D5e/", Post}},
	{"https://instagram.com/p/C1a2B3c4D5e/?igsh=MWQ1ZGUxMzBkMA==", Embed{Instagram, "C1a2B3c4D5e", "https://www.instagram.com/p/C1a2B3c4D5e/", Post}},
	{"https://www.instagram.com/reel/C9x8Y7z6W5v/?utm_source=ig_web_copy_link", Embed{Instagram, "C9x8Y7z6W5v", "https://www.instagram.com/reel/C9x8Y7z6W5v/", Short}},
	{"https://www.instagram.com/reels/C9x8Y7z6W5v/", Embed{Instagram, "C9x8Y7z6W5v", "https://www.instagram.com/reel/C9x8Y7z6W5v/", Short}},
	{"https://www.instagram.com/geonews/p/C1a2B3c4D5e/", Embed{Instagram, "C1a2B3c4D5e", "https://www.instagram.com/p/C1a2B3c4D5e/", Post}},
	{"https://www.instagram.com/p/C1a2B3c4D5e/embed/captioned/", Embed{Instagram, "C1a2B3c4D5e", "https://www.instagram.com/p/C1a2B3c4D5e/", Post}},
	{"https://www.instagram.com/tv/C1a2B3c4D5e/", Embed{Instagram, "C1a2B3c4D5e", "https://www.instagram.com/p/C1a2B3c4D5e/", Post}},
	{"https://www.instagram.com/geonews/", Embed{}},
	{"https://www.instagram.com/stories/geonews/123/", Embed{}},

	// TikTok
	{"https://www.tiktok.com/@geonews/video/7201281217864535302?is_from_webapp=1", Embed{TikTok, "7201281217864535302", "https://www.tiktok.com/@geonews/video/7201281217864535302", Short}},
	{"https://m.tiktok.com/v/7201281217864535302.html", Embed{TikTok, "7201281217864535302", "https://www.tiktok.com/embed/v2/7201281217864535302", Short}},
	{"https://www.tiktok.com/embed/v2/7201281217864535302", Embed{TikTok, "7201281217864535302", "https://www.tiktok.com/embed/v2/7201281217864535302", Short}},
	{"https://www.tiktok.com/player/v1/7201281217864535302", Embed{TikTok, "7201281217864535302", "https://www.tiktok.com/embed/v2/7201281217864535302", Short}},
	{"https://vm.tiktok.com/ZMabc123/", Embed{}}, // a short link names no video until followed
	{"https://www.tiktok.com/@geonews", Embed{}},

	// Dailymotion
	{"https://www.dailymotion.com/video/x8p5k2o", Embed{Dailymotion, "x8p5k2o", "https://www.dailymotion.com/video/x8p5k2o", Video}},
	{"https://dai.ly/x8p5k2o", Embed{Dailymotion, "x8p5k2o", "https://www.dailymotion.com/video/x8p5k2o", Video}},
	{"https://www.dailymotion.com/embed/video/x8p5k2o?autoplay=1", Embed{Dailymotion, "x8p5k2o", "https://www.dailymotion.com/video/x8p5k2o", Video}},
	{"http://www.dailymotion.com/video/x2b4w6_pakistan-news_news", Embed{Dailymotion, "x2b4w6", "https://www.dailymotion.com/video/x2b4w6", Video}},
	{"https://geo.dailymotion.com/player.html?video=x8p5k2o", Embed{Dailymotion, "x8p5k2o", "https://www.dailymotion.com/video/x8p5k2o", Video}},
	{"https://www.dailymotion.com/geonews", Embed{}},

	// not embeds at all
	{"https://vimeo.com/76979871", Embed{}},
	{"https://www.dawn.com/news/1", Embed{}},
	{"", Embed{}},
	{"https://www.youtube.com/watch?v=dQw4w9WgXcQ <script>", Embed{}},
	{"not a url", Embed{}},
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		got, ok := Parse(c.in)
		if ok != (c.want.Provider != "") || got != c.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", c.in, got, ok, c.want)
			continue
		}
		if !ok {
			continue
		}
		// The canonical address is recognized as itself.
		if again, ok := Parse(got.URL); !ok || again != got {
			t.Errorf("Parse(%q) (canonical of %q) = %+v, %v", got.URL, c.in, again, ok)
		}
	}
}

// TestPlayers: every provider's player is framed from its origin, over
// https, and YouTube's from the no-cookie domain.
func TestPlayers(t *testing.T) {
	seen := map[Provider]bool{}
	for _, c := range parseCases {
		e, ok := Parse(c.in)
		if !ok {
			continue
		}
		seen[e.Provider] = true
		p, err := url.Parse(e.Player())
		if err != nil || p.Scheme != "https" || p.Scheme+"://"+p.Host != e.Provider.Origin() {
			t.Errorf("%s: player %q is not on %q", c.in, e.Player(), e.Provider.Origin())
		}
		if !strings.Contains(e.Player(), e.ID) && e.Provider != Facebook {
			t.Errorf("%s: player %q does not name %s", c.in, e.Player(), e.ID)
		}
		if e.Provider.Name() == "" || !strings.HasSuffix(e.Label(), "دیکھیں") {
			t.Errorf("%s: name %q, label %q", c.in, e.Provider.Name(), e.Label())
		}
	}
	for _, p := range Providers {
		if !seen[p] {
			t.Errorf("no case for %s", p)
		}
	}
	if got := (Embed{Provider: YouTube, ID: "dQw4w9WgXcQ"}).Player(); got != "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1" {
		t.Errorf("YouTube player %q", got)
	}
	fb, _ := Parse("https://www.facebook.com/geonews/videos/1234567890/")
	if got := fb.Player(); got != "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fgeonews%2Fvideos%2F1234567890%2F&show_text=false&autoplay=true" {
		t.Errorf("Facebook player %q", got)
	}
	if (Embed{Provider: YouTube, Kind: Video}).Label() != "یوٹیوب ویڈیو دیکھیں" {
		t.Errorf("YouTube label %q", (Embed{Provider: YouTube, Kind: Video}).Label())
	}
}

func TestValidID(t *testing.T) {
	for _, c := range []struct {
		p  Provider
		id string
		ok bool
	}{
		{YouTube, "dQw4w9WgXcQ", true}, {YouTube, "dQw4w9WgXc", false}, {YouTube, `dQw4w9WgX"Q`, false},
		{X, "1770123", true}, {X, "17a", false}, {TikTok, "7201281217864535302", true}, {TikTok, "abc", false},
		{Instagram, "C1a2B3c4D5e", true}, {Instagram, "C1/2", false}, {Dailymotion, "x8p5k2o", true}, {Dailymotion, "x8-5", false},
		{Facebook, "pfbid02abcDEF123ghiJKL456mnoPQR", true}, {Facebook, "123", true}, {Facebook, "a b", false},
		{"vimeo", "76979871", false},
	} {
		if got := ValidID(c.p, c.id); got != c.ok {
			t.Errorf("ValidID(%s, %q) = %v", c.p, c.id, got)
		}
	}
}

// FuzzParse: whatever is pasted, Parse never panics, and what it accepts
// is a known provider with a valid id and a canonical https address on
// that provider's own site, which parses to the same embed.
func FuzzParse(f *testing.F) {
	for _, c := range parseCases {
		f.Add(c.in)
	}
	f.Add("https://www.youtube.com/watch?v=dQw4w9WgXcQ%00")
	f.Add("https://%79outu.be/dQw4w9WgXcQ")
	f.Add("https://x.com/%2e%2e/status/1")
	f.Fuzz(func(t *testing.T, in string) {
		e, ok := Parse(in)
		if !ok {
			if e != (Embed{}) {
				t.Fatalf("Parse(%q) refused but returned %+v", in, e)
			}
			return
		}
		if !Known(e.Provider) || !ValidID(e.Provider, e.ID) || !utf8.ValidString(e.URL) {
			t.Fatalf("Parse(%q) = %+v", in, e)
		}
		u, err := url.Parse(e.URL)
		if err != nil || u.Scheme != "https" || strings.ContainsAny(e.URL, " \"'<>\\") {
			t.Fatalf("Parse(%q): URL %q", in, e.URL)
		}
		if again, ok := Parse(e.URL); !ok || again != e {
			t.Fatalf("Parse(%q) = %+v, but its URL parses to %+v, %v", in, e, again, ok)
		}
	})
}

func TestFromID(t *testing.T) {
	for _, c := range []struct {
		p    Provider
		id   string
		want string
	}{
		{YouTube, "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
		{X, "1770123", "https://x.com/i/status/1770123"},
		{Instagram, "C1a2B3c4D5e", "https://www.instagram.com/p/C1a2B3c4D5e/"},
		{TikTok, "7201281217864535302", "https://www.tiktok.com/embed/v2/7201281217864535302"},
		{Dailymotion, "x8p5k2o", "https://www.dailymotion.com/video/x8p5k2o"},
		{Facebook, "1234567890", ""},
		{YouTube, "nope", ""},
	} {
		e, ok := FromID(c.p, c.id)
		if ok != (c.want != "") || e.URL != c.want || (ok && (e.Provider != c.p || e.ID != c.id)) {
			t.Errorf("FromID(%s, %q) = %+v, %v", c.p, c.id, e, ok)
		}
	}
}
