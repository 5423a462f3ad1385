package wpbody

import (
	"strings"

	"akhbar/internal/content"
)

// site is the imported WordPress site the tests convert posts of.
const site = "https://urdu.example.pk"

// library is the media the importer has already brought over.
var library = map[string]Image{
	site + "/wp-content/uploads/2024/03/karachi-rain.jpg": {Src: "/media/2024/03/karachi-rain.jpg", Alt: "کراچی میں بارش", Width: 1200, Height: 800, MediaID: 101},
	site + "/wp-content/uploads/2024/03/pm-speech.jpg":    {Src: "/media/2024/03/pm-speech.jpg", Width: 1024, Height: 683, MediaID: 102},
	site + "/wp-content/uploads/2012/01/malam-jabba.jpg":  {Src: "/media/2012/01/malam-jabba.jpg", Alt: "مالم جبہ", Width: 800, Height: 531, MediaID: 103},
}

var attachments = map[int64]Image{
	12: {Src: "/media/2024/03/flood-sindh.jpg", Alt: "سندھ میں سیلاب", Width: 640, Height: 427, MediaID: 112},
	31: {Src: "/media/2024/04/match-1.jpg", Width: 800, Height: 533, MediaID: 131},
	32: {Src: "/media/2024/04/match-2.jpg", Width: 800, Height: 533, MediaID: 132},
	33: {Src: "/media/2024/04/match-3.jpg", Width: 800, Height: 533, MediaID: 133},
}

var permalinks = map[string]string{
	site + "/2023/06/09/budget-2023-24/": "/pakistan/4512/budget-2023-24",
	site + "/?p=4400":                    "/world/4400/russia-korea",
}

// opts is what the WordPress importer passes.
var opts = Options{
	Image: func(src string) (Image, bool) {
		img, ok := library[src]
		return img, ok
	},
	ImageByID: func(id int64) (Image, bool) {
		img, ok := attachments[id]
		return img, ok
	},
	Link: func(href string) string {
		if to, ok := permalinks[href]; ok {
			return to
		}
		return href
	},
}

// stored is what Akhbar keeps of a converted body.
func stored(body string) string { return content.PrepareBody(body) }

func plain(body string) string { return strings.Join(strings.Fields(content.PlainText(body)), " ") }
