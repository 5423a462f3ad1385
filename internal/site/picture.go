package site

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"

	"akhbar/internal/content"
	"akhbar/internal/media/storage"
)

// Image sizes for the sizes attribute: how wide the picture is drawn.
const (
	sizesArticle = "(min-width: 60rem) 42rem, 100vw"
	sizesLead    = "(min-width: 60rem) 48rem, 100vw"
	sizesCard    = "(min-width: 60rem) 12rem, 33vw"
)

// picture renders <picture> with a WebP source where there are WebP
// renditions, srcset for every width, width and height (no layout shift),
// and either priority (the page's largest image) or lazy loading.
func picture(m *content.Media, sizes string, priority bool, class string) template.HTML {
	if m == nil {
		return ""
	}
	fallback := m.Fallback()
	if fallback.Key == "" {
		return ""
	}
	srcset := func(vs []content.MediaVariant) string {
		parts := make([]string, len(vs))
		for i, v := range vs {
			parts[i] = template.HTMLEscapeString(v.URL()) + " " + strconv.Itoa(v.Width) + "w"
		}
		return strings.Join(parts, ", ")
	}
	var b strings.Builder
	b.WriteString("<picture")
	if class != "" {
		fmt.Fprintf(&b, ` class="%s"`, template.HTMLEscapeString(class))
	}
	b.WriteString(">")
	if webp := m.Renditions("webp"); len(webp) > 0 && m.Format != "webp" {
		fmt.Fprintf(&b, `<source type="image/webp" srcset="%s" sizes="%s">`, srcset(webp), sizes)
	}
	loading := `loading="lazy" decoding="async"`
	if priority {
		loading = `fetchpriority="high" decoding="async"`
	}
	fmt.Fprintf(&b, `<img src="%s" srcset="%s" sizes="%s" width="%d" height="%d" alt="%s" %s>`,
		template.HTMLEscapeString(fallback.URL()), srcset(m.Renditions(m.Format)), sizes, m.Width, m.Height,
		template.HTMLEscapeString(m.Alt), loading)
	b.WriteString("</picture>")
	return template.HTML(b.String())
}

// mediaFiles serves stored renditions. Keys are content hashes, so a URL
// never changes meaning and may be cached for a year.
type mediaFiles struct {
	storage storage.Storage
	site    *Site
}

func (h mediaFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("a") + "/" + r.PathValue("b") + "/" + r.PathValue("file")
	if storage.ValidKey(key) != nil {
		h.site.notFound(w, r)
		return
	}
	etag := `"` + r.PathValue("file") + `"`
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	rc, info, err := h.storage.Get(r.Context(), key)
	if err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			h.site.notFound(w, r)
			return
		}
		h.site.serverError(w, r, err)
		return
	}
	defer rc.Close()
	hd := w.Header()
	hd.Set("Content-Type", info.ContentType)
	hd.Set("Content-Length", strconv.FormatInt(info.Size, 10))
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("ETag", etag)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "default-src 'none'")
	if r.Method == http.MethodHead {
		return
	}
	if _, err := io.Copy(w, rc); err != nil {
		h.site.log.Warn("serve media", "key", key, "err", err)
	}
}
