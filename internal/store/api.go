package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"akhbar/internal/content"
)

// The content API's reads (internal/api): published articles by keyset
// rather than by page number, so that a client walking a list never sees
// a story twice or misses one when new stories arrive meanwhile, and the
// tags and authors that published stories carry.

// Position is where a keyset page starts: after the article with this
// sort time and id (zero: at the start).
type Position struct {
	Time time.Time
	ID   int64
}

// APIArticleQuery selects published articles for the content API.
type APIArticleQuery struct {
	SectionID, TagID, AuthorID int64
	// UpdatedSince, when set, selects the articles that changed at or
	// after it, oldest change first (the sync order; see ChangedAt);
	// otherwise the order is newest publication first.
	UpdatedSince time.Time
	After        Position // the last article of the previous page
	Limit        int
}

// ChangedAt is when a published article last changed for readers: its
// last save, or its publication when that came later (a scheduled story
// goes live without being saved). The API's sync order and its
// updated_at use it.
func ChangedAt(a content.Article) time.Time {
	if a.PublishedAt.After(a.UpdatedAt) {
		return a.PublishedAt
	}
	return a.UpdatedAt
}

// changedAtSQL is ChangedAt in SQL, on the articles alias a.
const changedAtSQL = `(CASE WHEN a.published_at > a.updated_at THEN a.published_at ELSE a.updated_at END)`

// APIArticles returns one page of the published articles q selects, with
// sections, bylines, tags and lead images, without bodies.
func (s *Store) APIArticles(ctx context.Context, q APIArticleQuery) ([]content.Article, error) {
	query, args := q.sql()
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: api articles: %w", err)
	}
	defer rows.Close()
	var list []content.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("store: api articles: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: api articles: %w", err)
	}
	if err := s.fillBylinesAndTags(ctx, list); err != nil {
		return nil, err
	}
	return list, s.fillLeads(ctx, list)
}

// sql builds q's statement. Newest first, a listing by one tag or one
// author alone reads its own index (article_tags_listing,
// article_authors_listing), as the site's tag and author pages do; any
// other newest-first listing reads articles_status_published or
// articles_section_status_published. The sync order walks
// articles_status_changed (migration 0018), an index on changedAtSQL
// itself, from the cursor or updated_since on.
func (q APIArticleQuery) sql() (string, []any) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	limit := max(q.Limit, 0)
	after := q.After.ID != 0
	var conds []string
	from := "articles a"
	var order string
	switch {
	case q.UpdatedSince.IsZero() && (q.TagID != 0) != (q.AuthorID != 0) && q.SectionID == 0:
		alias, table, key, id := "tg", "article_tags", "tag_id", q.TagID
		if q.AuthorID != 0 {
			alias, table, key, id = "au", "article_authors", "user_id", q.AuthorID
		}
		from = table + " " + alias + " CROSS JOIN articles a"
		conds = append(conds, fmt.Sprintf("%[1]s.%[2]s = %[3]s AND %[1]s.published_at IS NOT NULL AND a.id = %[1]s.article_id",
			alias, key, arg(id)))
		if after {
			conds = append(conds, fmt.Sprintf("(%[1]s.published_at, %[1]s.article_id) < (%[2]s, %[3]s)",
				alias, arg(q.After.Time.Unix()), arg(q.After.ID)))
		}
		order = fmt.Sprintf("%[1]s.published_at DESC, %[1]s.article_id DESC", alias)
	default:
		if q.SectionID != 0 {
			conds = append(conds, "a.section_id = "+arg(q.SectionID))
		}
		if q.TagID != 0 {
			conds = append(conds, "EXISTS (SELECT 1 FROM article_tags tg WHERE tg.article_id = a.id AND tg.tag_id = "+arg(q.TagID)+")")
		}
		if q.AuthorID != 0 {
			conds = append(conds, "EXISTS (SELECT 1 FROM article_authors au WHERE au.article_id = a.id AND au.user_id = "+arg(q.AuthorID)+")")
		}
		if q.UpdatedSince.IsZero() {
			if after {
				conds = append(conds, fmt.Sprintf("(a.published_at, a.id) < (%s, %s)", arg(q.After.Time.Unix()), arg(q.After.ID)))
			}
			order = "a.published_at DESC, a.id DESC"
			break
		}
		since := q.UpdatedSince
		if after && q.After.Time.After(since) {
			since = q.After.Time
		}
		t := arg(since.Unix())
		conds = append(conds, changedAtSQL+" >= "+t)
		if after {
			conds = append(conds, fmt.Sprintf("(%s, a.id) > (%s, %s)", changedAtSQL, arg(q.After.Time.Unix()), arg(q.After.ID)))
		}
		order = changedAtSQL + ", a.id"
	}
	// Written out, not a parameter, as ArticleQuery does: PostgreSQL then
	// uses its partial index of published articles.
	conds = append(conds, "a.status = 'published'")
	return `SELECT ` + articleListColumns + ` FROM ` + from + ` JOIN sections s ON s.id = a.section_id WHERE ` +
		strings.Join(conds, " AND ") + ` ORDER BY ` + order + fmt.Sprintf(` LIMIT %d`, limit), args
}

// PublicTags returns up to limit tags that at least one published article
// carries, by id, starting after the tag afterID.
func (s *Store) PublicTags(ctx context.Context, afterID int64, limit int) ([]content.Tag, error) {
	rows, err := s.query(ctx, fmt.Sprintf(`SELECT t.id, t.slug, t.name FROM tags t WHERE t.id > $1
		AND EXISTS (SELECT 1 FROM article_tags tg WHERE tg.tag_id = t.id AND tg.published_at IS NOT NULL)
		ORDER BY t.id LIMIT %d`, max(limit, 0)), afterID)
	if err != nil {
		return nil, fmt.Errorf("store: public tags: %w", err)
	}
	defer rows.Close()
	var out []content.Tag
	for rows.Next() {
		var t content.Tag
		if err := rows.Scan(&t.ID, &t.Slug, &t.Name); err != nil {
			return nil, fmt.Errorf("store: public tags: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// PublicAuthors returns up to limit users with a byline on at least one
// published article, by id, starting after the user afterID. Only what
// an author page shows is filled: id, name, slug and bio.
func (s *Store) PublicAuthors(ctx context.Context, afterID int64, limit int) ([]content.User, error) {
	rows, err := s.query(ctx, fmt.Sprintf(`SELECT u.id, u.name, u.slug, u.bio FROM users u WHERE u.id > $1
		AND EXISTS (SELECT 1 FROM article_authors au WHERE au.user_id = u.id AND au.published_at IS NOT NULL)
		ORDER BY u.id LIMIT %d`, max(limit, 0)), afterID)
	if err != nil {
		return nil, fmt.Errorf("store: public authors: %w", err)
	}
	defer rows.Close()
	var out []content.User
	for rows.Next() {
		var u content.User
		var bio sql.NullString
		if err := rows.Scan(&u.ID, &u.Name, &u.Slug, &bio); err != nil {
			return nil, fmt.Errorf("store: public authors: %w", err)
		}
		u.Bio = bio.String
		out = append(out, u)
	}
	return out, rows.Err()
}

// PublishedByIDs returns the published articles among ids, in the order
// of ids, with sections, bylines, tags and lead images (the most-read
// list, which the store ranks without them).
func (s *Store) PublishedByIDs(ctx context.Context, ids []int64) ([]content.Article, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := s.ListArticles(ctx, PublishedArticles().WithIDs(ids...))
	if err != nil {
		return nil, err
	}
	if err := s.fillTags(ctx, list); err != nil {
		return nil, err
	}
	byID := make(map[int64]content.Article, len(list))
	for _, a := range list {
		byID[a.ID] = a
	}
	out := make([]content.Article, 0, len(list))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			out = append(out, a)
			delete(byID, id)
		}
	}
	return out, nil
}

// FillTags loads the tags of the given articles in one query (search
// results come without them).
func (s *Store) FillTags(ctx context.Context, list []content.Article) error {
	for i := range list {
		list[i].Tags = nil
	}
	return s.fillTags(ctx, list)
}
