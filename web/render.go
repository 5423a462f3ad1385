package web

import (
	"bytes"
	"fmt"
	"html/template"
	"sync/atomic"
)

// Renderer holds pages parsed at start, each with its layout, so a broken
// template stops the server from starting instead of failing a reader at
// 3 a.m.
type Renderer struct {
	pages map[string]*template.Template
	// sizes holds each page's largest render so far: a render starts with
	// a buffer that size instead of doubling its way up from nothing (an
	// article is ~20 KB, and the doubling allocated and copied ~40 KB
	// more per render).
	sizes map[string]*atomic.Int64
}

// NewRenderer parses templates/<dir>/layout.html with each page file
// templates/<dir>/<page>.html.
func NewRenderer(dir string, pages []string, funcs template.FuncMap) (*Renderer, error) {
	r := &Renderer{pages: map[string]*template.Template{}, sizes: map[string]*atomic.Int64{}}
	for _, p := range pages {
		t, err := template.New(p).Funcs(funcs).ParseFS(Files, "templates/"+dir+"/layout.html", "templates/"+dir+"/"+p+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s/%s: %w", dir, p, err)
		}
		r.pages[p] = t
		r.sizes[p] = new(atomic.Int64)
	}
	return r, nil
}

// maxSizeHint caps the size hint, so one huge page does not make every
// later render of its kind start with a huge buffer.
const maxSizeHint = 256 << 10

// Render executes a page into a buffer, so that a template error never
// sends half a page.
func (r *Renderer) Render(page string, data any) ([]byte, error) {
	t, ok := r.pages[page]
	if !ok {
		return nil, fmt.Errorf("web: no page template %q", page)
	}
	size := r.sizes[page]
	var buf bytes.Buffer
	buf.Grow(int(size.Load()))
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("web: render %s: %w", page, err)
	}
	if n := min(int64(buf.Len()), maxSizeHint); n > size.Load() {
		size.Store(n + n/8)
	}
	return buf.Bytes(), nil
}

// Part executes one named template of a page's set (a block every page
// shares, like the most-read list) into HTML the page can embed, so a
// block that changes once a minute is rendered once a minute, not per
// page.
func (r *Renderer) Part(page, name string, data any) (template.HTML, error) {
	t, ok := r.pages[page]
	if !ok {
		return "", fmt.Errorf("web: no page template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", fmt.Errorf("web: render %s of %s: %w", name, page, err)
	}
	return template.HTML(buf.String()), nil
}
