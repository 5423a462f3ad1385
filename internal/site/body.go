package site

import (
	"context"
	"html/template"
	"net/http"
	"strings"

	"akhbar/internal/blocks"
	"akhbar/internal/content"
	"akhbar/internal/pagecache"
	"akhbar/internal/store"
)

// Sizes of body pictures other than an image block's (sizesArticle).
const (
	sizesGallery = "(min-width: 60rem) 36rem, 85vw"
	sizesThumb   = "(min-width: 60rem) 6rem, 25vw"
)

// bodyPicture draws a body's library image with the sizes of its place.
func bodyPicture(m *content.Media, role blocks.Role) string {
	switch role {
	case blocks.RoleGallery:
		return string(picture(m, sizesGallery, false, "gallery-picture"))
	case blocks.RolePoster:
		return string(picture(m, sizesArticle, false, "embed-poster"))
	case blocks.RoleThumb:
		return string(picture(m, sizesThumb, false, "read-also-picture"))
	}
	return string(picture(m, sizesArticle, false, "body-picture"))
}

// bodyEnv loads, in one round of queries whatever their number, what the
// blocks of one or more bodies name: their library images and the
// published stories of their related boxes.
func (s *Site) bodyEnv(ctx context.Context, lists ...[]blocks.Block) (blocks.Env, error) {
	env := blocks.Env{Picture: bodyPicture}
	var mediaIDs, articleIDs []int64
	seen := map[int64]bool{}
	for _, l := range lists {
		for _, id := range blocks.MediaIDs(l) {
			if !seen[id] {
				seen[id] = true
				mediaIDs = append(mediaIDs, id)
			}
		}
	}
	clear(seen)
	for _, l := range lists {
		for _, id := range blocks.ArticleIDs(l) {
			if !seen[id] {
				seen[id] = true
				articleIDs = append(articleIDs, id)
			}
		}
	}
	if len(mediaIDs) > 0 {
		media, err := s.store.MediaByIDs(ctx, mediaIDs)
		if err != nil {
			return env, err
		}
		env.Media = media
	}
	if len(articleIDs) > 0 {
		list, err := s.store.ListArticles(ctx, store.PublishedArticles().WithIDs(articleIDs...).WithoutBylines())
		if err != nil {
			return env, err
		}
		env.Articles = make(map[int64]*content.Article, len(list))
		for i := range list {
			env.Articles[list[i].ID] = &list[i]
		}
	}
	return env, nil
}

// articleBody is an article's body as its page shows it, and the
// origins of the players its embeds may frame.
func (s *Site) articleBody(r *http.Request, body string) (html string, frames []string, err error) {
	if !blocks.HasStoryBlocks(body) {
		return body, nil, nil // drawn as stored, byte for byte
	}
	list := blocks.Parse(body)
	env, err := s.bodyEnv(r.Context(), list)
	if err != nil {
		return "", nil, err
	}
	// The page changes when a related story does, or is published or
	// withdrawn: it depends on each, shown or not.
	for _, id := range blocks.ArticleIDs(list) {
		pagecache.DependOn(r, DepArticle(id))
	}
	return blocks.Page(list, env), blocks.FrameSources(list), nil
}

// RenderBody draws a stored body as the public page would (without its
// dateline), for the newsroom's view of an old revision.
func (s *Site) RenderBody(ctx context.Context, body string) (template.HTML, error) {
	body = content.SanitizeBody(body)
	if !blocks.HasStoryBlocks(body) {
		return template.HTML(body), nil
	}
	list := blocks.Parse(body)
	env, err := s.bodyEnv(ctx, list)
	if err != nil {
		return "", err
	}
	return template.HTML(blocks.Page(list, env)), nil
}

// contentSecurityPolicy is the policy of a public page; frames are the
// origins of the players its embeds load when a reader asks (none on a
// page without embeds, which then frames nothing but itself).
func contentSecurityPolicy(frames []string) string {
	csp := "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"
	if len(frames) > 0 {
		csp += "; frame-src " + strings.Join(frames, " ")
	}
	return csp
}
