package content

import (
	"sort"
	"time"
)

// Media is an uploaded image: its clean original, its renditions and the
// words that go with it. Caption, credit and alt text are Urdu.
type Media struct {
	ID        int64
	Format    string // jpeg, png, gif, webp
	Width     int
	Height    int
	Bytes     int64
	Filename  string // as uploaded, for the library only
	Caption   string
	Credit    string // photographer or agency
	Alt       string // what the picture shows, for readers who cannot see it
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
	Variants  []MediaVariant
}

// MediaVariant is one stored rendition of a Media.
type MediaVariant struct {
	Width, Height int
	Format        string
	Key           string // storage key; the URL is /media/<Key>
	Bytes         int64
	Original      bool
}

// URL is where the rendition is served.
func (v MediaVariant) URL() string { return "/media/" + v.Key }

// ReadyToPublish reports whether the words an article needs are there.
func (m *Media) ReadyToPublish() bool { return m.Caption != "" && m.Credit != "" && m.Alt != "" }

// Renditions returns the variants of one format, narrowest first.
func (m *Media) Renditions(format string) []MediaVariant {
	var out []MediaVariant
	for _, v := range m.Variants {
		if v.Format == format {
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Width < out[j].Width })
	return out
}

// Fallback is the rendition for browsers that ignore srcset: the widest
// one in the original format no wider than 1280 pixels.
func (m *Media) Fallback() MediaVariant {
	list := m.Renditions(m.Format)
	if len(list) == 0 {
		return MediaVariant{}
	}
	best := list[0]
	for _, v := range list {
		if v.Width <= 1280 {
			best = v
		}
	}
	return best
}
