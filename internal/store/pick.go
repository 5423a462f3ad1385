package store

import (
	"context"
	"fmt"
	"strings"

	"akhbar/internal/content"
	"akhbar/internal/search"
)

// HeadlinePick asks for articles by headline, for the newsroom's pickers
// (which article this one translates), where a reporter types a few
// words of a headline instead of an article's number.
type HeadlinePick struct {
	Query     search.Query // matched against headlines only; empty: most recently changed first
	Except    int64        // leaves this article out: the one being edited
	VisibleTo int64        // not 0: only published articles and this user's own
	Originals bool         // leaves translations out: only originals can be translated
	Limit     int          // default 20
	Offset    int
}

// PickArticles returns the articles p asks for, newest first (by
// publication, or last change for unpublished ones), with their sections
// but without bodies or bylines, and whether more follow. The headline
// search uses the search index, so it folds words exactly as the site
// search does, and the last word being typed matches as a prefix.
func (s *Store) PickArticles(ctx context.Context, p HeadlinePick) ([]content.Article, bool, error) {
	if p.Limit <= 0 {
		p.Limit = 20
	}
	p.Offset = max(p.Offset, 0)
	var args []any
	var from, order string
	var conds []string
	switch {
	case p.Query.Empty():
		from = `articles a JOIN sections s ON s.id = a.section_id`
		order = `a.updated_at DESC, a.id DESC`
	case s.engine == SQLite:
		args = append(args, p.Query.FTS5(search.HeadlineField))
		from = fmt.Sprintf(`search_index JOIN articles a ON a.id = (search_index.rowid & %d) JOIN sections s ON s.id = a.section_id`, rowKeyIDMask)
		conds = append(conds, `search_index MATCH $1`)
		order = `search_index.rowid DESC`
	default:
		// The GIN index on every word finds the candidates; head holds the
		// headline's words alone.
		args = append(args, p.Query.TSQuery())
		from = `article_search x JOIN articles a ON a.id = x.article_id JOIN sections s ON s.id = a.section_id`
		conds = append(conds, `x.doc @@ $1::tsquery`, `x.head @@ $1::tsquery`)
		order = `x.rank_time DESC, x.article_id DESC`
	}
	if p.Except != 0 {
		args = append(args, p.Except)
		conds = append(conds, fmt.Sprintf(`a.id <> $%d`, len(args)))
	}
	if p.Originals {
		conds = append(conds, `a.translation_of IS NULL`)
	}
	if p.VisibleTo != 0 {
		args = append(args, p.VisibleTo)
		conds = append(conds, fmt.Sprintf(`(a.status = 'published' OR a.created_by = $%[1]d
			OR EXISTS (SELECT 1 FROM article_authors au WHERE au.article_id = a.id AND au.user_id = $%[1]d))`, len(args)))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	args = append(args, p.Limit+1, p.Offset)
	q := fmt.Sprintf(`SELECT %s FROM %s%s ORDER BY %s LIMIT $%d OFFSET $%d`,
		articleListColumns, from, where, order, len(args)-1, len(args))
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, false, fmt.Errorf("store: pick articles %q: %w", p.Query.String(), err)
	}
	defer rows.Close()
	var list []content.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, false, fmt.Errorf("store: pick articles: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: pick articles: %w", err)
	}
	more := len(list) > p.Limit
	if more {
		list = list[:p.Limit]
	}
	return list, more, nil
}
