package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"akhbar/internal/content"
	"akhbar/internal/search"
)

// The search index holds every article, in any state, so the newsroom
// finds drafts; readers' searches ask for published ones. It changes in
// the same transaction as the article, so it is never stale.
//
// Ranking is recency with a bonus: a story whose headline holds every
// search word ranks as if published headlineBonus later. A news reader
// wants the newest relevant story first, and both engines compute this
// order exactly alike, so they return the same pages.
const headlineBonus = 7 * 24 * 60 * 60

// SQLite packs the ranking time and the article id into the index rowid,
// so ordering by time costs no row reads.
const (
	rowKeyIDBits = 28
	rowKeyIDMask = 1<<rowKeyIDBits - 1
)

// SearchQuery is a full-text search with filters.
type SearchQuery struct {
	Query     search.Query
	Status    content.Status // "" for any state
	SectionID int64
	AuthorID  int64
	OwnedBy   int64 // created by or bylined to this user
	Page, Per int
}

// Search returns one page of the articles matching sq, best first, with
// bodies (for snippets), and the number of all matches.
func (s *Store) Search(ctx context.Context, sq SearchQuery) ([]content.Article, int, error) {
	if sq.Query.Empty() {
		return nil, 0, nil
	}
	if sq.Per <= 0 {
		sq.Per = 20
	}
	if sq.Page < 1 {
		sq.Page = 1
	}
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	var ids []int64
	var total int
	var err error
	if s.engine == SQLite {
		ids, total, err = s.searchFTS5(ctx, sq)
	} else {
		ids, total, err = s.searchTS(ctx, sq)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("store: search %q: %w", sq.Query.String(), err)
	}
	list, err := s.articlesByID(ctx, ids)
	return list, total, err
}

// ownerConds adds the newsroom's byline filters, which the index does not
// hold, as conditions on the article id expression idExpr.
func ownerConds(sq SearchQuery, idExpr string, args []any) ([]string, []any) {
	var conds []string
	if sq.AuthorID != 0 {
		args = append(args, sq.AuthorID)
		conds = append(conds, fmt.Sprintf(`EXISTS (SELECT 1 FROM article_authors au
			WHERE au.article_id = %s AND au.user_id = $%d)`, idExpr, len(args)))
	}
	if sq.OwnedBy != 0 {
		args = append(args, sq.OwnedBy)
		conds = append(conds, fmt.Sprintf(`(EXISTS (SELECT 1 FROM articles ow WHERE ow.id = %[1]s AND ow.created_by = $%[2]d)
			OR EXISTS (SELECT 1 FROM article_authors ow WHERE ow.article_id = %[1]s AND ow.user_id = $%[2]d))`,
			idExpr, len(args)))
	}
	return conds, args
}

func (s *Store) searchFTS5(ctx context.Context, sq SearchQuery) ([]int64, int, error) {
	match := "(" + sq.Query.FTS5("") + ")"
	if sq.SectionID != 0 {
		match += " AND meta : " + metaSection(sq.SectionID)
	}
	switch {
	case sq.Status == content.StatusPublished:
		// Nearly every article is published, so "meta : stpublished" would
		// be a list as long as the index to intersect with; the few
		// articles in other states are a short list to subtract instead.
		var others []string
		for _, st := range content.Statuses {
			if st != content.StatusPublished {
				others = append(others, metaStatus(st))
			}
		}
		match = "(" + match + ") NOT meta : (" + strings.Join(others, " OR ") + ")"
	case sq.Status != "":
		match += " AND meta : " + metaStatus(sq.Status)
	}
	args := []any{match}
	conds, args := ownerConds(sq, fmt.Sprintf("(search_index.rowid & %d)", rowKeyIDMask), args)
	where := "search_index MATCH $1"
	for _, c := range conds {
		where += " AND " + c
	}
	var total int
	if err := s.queryRow(ctx, `SELECT count(*) FROM search_index WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if total == 0 || total <= (sq.Page-1)*sq.Per {
		return nil, total, nil
	}
	// The page is among the newest k = page×per matches and the newest k
	// headline matches: any other match has at least k matches ahead of it
	// (newer, with the same bonus or more). FTS5 reads both lists walking
	// its index newest first and stopping early, so a word found in half
	// the articles costs little more than a rare one.
	k := sq.Page * sq.Per
	newest, err := s.ftsNewest(ctx, where, args, k)
	if err != nil {
		return nil, 0, err
	}
	args[0] = sq.Query.FTS5(search.HeadlineField) + " AND (" + match + ")"
	inHeadline, err := s.ftsNewest(ctx, where, args, k)
	if err != nil {
		return nil, 0, err
	}
	bonus := make(map[int64]bool, len(inHeadline))
	for _, key := range inHeadline {
		bonus[key] = true
	}
	candidates := inHeadline
	for _, key := range newest {
		if !bonus[key] {
			candidates = append(candidates, key)
		}
	}
	score := func(key int64) int64 {
		if bonus[key] {
			return key>>rowKeyIDBits + headlineBonus
		}
		return key >> rowKeyIDBits
	}
	slices.SortFunc(candidates, func(a, b int64) int {
		if c := cmp.Compare(score(b), score(a)); c != 0 {
			return c
		}
		return cmp.Compare(b, a)
	})
	from := min((sq.Page-1)*sq.Per, len(candidates))
	page := candidates[from:min(from+sq.Per, len(candidates))]
	ids := make([]int64, len(page))
	for i, key := range page {
		ids[i] = key & rowKeyIDMask
	}
	return ids, total, nil
}

// ftsNewest returns the index keys of the k newest rows matching where.
func (s *Store) ftsNewest(ctx context.Context, where string, args []any, k int) ([]int64, error) {
	rows, err := s.query(ctx, fmt.Sprintf(`SELECT search_index.rowid FROM search_index WHERE %s
		ORDER BY search_index.rowid DESC LIMIT %d`, where, k), args...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

func (s *Store) searchTS(ctx context.Context, sq SearchQuery) ([]int64, int, error) {
	args := []any{sq.Query.TSQuery()}
	where := "doc @@ $1::tsquery"
	if sq.Status != "" {
		args = append(args, string(sq.Status))
		where += fmt.Sprintf(" AND status = $%d", len(args))
	}
	if sq.SectionID != 0 {
		args = append(args, sq.SectionID)
		where += fmt.Sprintf(" AND section_id = $%d", len(args))
	}
	conds, args := ownerConds(sq, "article_search.article_id", args)
	for _, c := range conds {
		where += " AND " + c
	}
	var total int
	if err := s.queryRow(ctx, `SELECT count(*) FROM article_search WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if total == 0 || total <= (sq.Page-1)*sq.Per {
		return nil, total, nil
	}
	args = append(args, sq.Per, (sq.Page-1)*sq.Per)
	n := len(args)
	rows, err := s.query(ctx, fmt.Sprintf(`SELECT article_id FROM article_search WHERE %s
		ORDER BY rank_time + CASE WHEN head @@ $1::tsquery THEN %d ELSE 0 END DESC, rank_time DESC, article_id DESC
		LIMIT $%d OFFSET $%d`, where, headlineBonus, n-1, n), args...)
	if err != nil {
		return nil, 0, err
	}
	ids, err := scanIDs(rows)
	return ids, total, err
}

func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// articlesByID loads articles with bodies, sections, bylines and lead
// images, in the order of ids.
func (s *Store) articlesByID(ctx context.Context, ids []int64) ([]content.Article, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.query(ctx, `SELECT `+articleFullColumns+` FROM articles a JOIN sections s ON s.id = a.section_id
		WHERE a.id IN (`+placeholders(1, len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: load articles: %w", err)
	}
	defer rows.Close()
	byID := make(map[int64]content.Article, len(ids))
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("store: load articles: %w", err)
		}
		byID[a.ID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: load articles: %w", err)
	}
	list := make([]content.Article, 0, len(ids))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			list = append(list, a)
		}
	}
	if err := s.fillAuthors(ctx, list); err != nil {
		return nil, err
	}
	return list, s.fillLeads(ctx, list)
}

func metaStatus(st content.Status) string { return `"st` + string(st) + `"` }
func metaSection(id int64) string         { return fmt.Sprintf(`"sec%d"`, id) }

// indexArticle writes the article's current state into the search index,
// inside the transaction that changed it.
func (t *txn) indexArticle(ctx context.Context, id int64) error {
	var (
		doc                search.Document
		status             content.Status
		sectionID          int64
		source, place      string
		published, updated sql.NullInt64
	)
	err := t.queryRow(ctx, `SELECT a.status, a.headline, a.strapline, a.body_text, a.dateline_source, a.dateline_place,
		a.section_id, s.name, a.published_at, a.updated_at FROM articles a JOIN sections s ON s.id = a.section_id
		WHERE a.id = $1`, id).Scan(&status, &doc.Headline, &doc.Strapline, &doc.Body, &source, &place,
		&sectionID, &doc.Section, &published, &updated)
	if err != nil {
		return fmt.Errorf("store: index article %d: %w", id, err)
	}
	doc.Dateline = source + " " + place
	rows, err := t.query(ctx, `SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
		WHERE at.article_id = $1 ORDER BY t.name`, id)
	if err != nil {
		return fmt.Errorf("store: index article %d tags: %w", id, err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return fmt.Errorf("store: index article %d tags: %w", id, err)
		}
		doc.Tags = append(doc.Tags, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: index article %d tags: %w", id, err)
	}
	rankTime := updated.Int64
	if published.Valid {
		rankTime = published.Int64
	}
	rankTime = max(rankTime, 0)

	if t.s.engine == Postgres {
		all, head := doc.TSVectors()
		_, err := t.exec(ctx, `INSERT INTO article_search (article_id, status, section_id, rank_time, doc, head)
			VALUES ($1, $2, $3, $4, $5::tsvector, $6::tsvector)
			ON CONFLICT (article_id) DO UPDATE SET status = excluded.status, section_id = excluded.section_id,
				rank_time = excluded.rank_time, doc = excluded.doc, head = excluded.head`,
			id, string(status), sectionID, rankTime, all, head)
		if err != nil {
			return fmt.Errorf("store: index article %d: %w", id, err)
		}
		return nil
	}
	if id > rowKeyIDMask {
		return fmt.Errorf("store: index article %d: ids above %d do not fit the SQLite search index", id, rowKeyIDMask)
	}
	if err := t.unindexFTS5(ctx, id); err != nil {
		return err
	}
	key := rankTime<<rowKeyIDBits | id
	f := doc.Fields()
	meta := strings.Trim(metaStatus(status), `"`) + " " + strings.Trim(metaSection(sectionID), `"`)
	if _, err := t.exec(ctx, `INSERT INTO search_index (rowid, headline, strapline, body, labels, meta)
		VALUES ($1, $2, $3, $4, $5, $6)`, key, f[0], f[1], f[2], f[3], meta); err != nil {
		return fmt.Errorf("store: index article %d: %w", id, err)
	}
	if _, err := t.exec(ctx, `INSERT INTO search_rows (article_id, row_key) VALUES ($1, $2)`, id, key); err != nil {
		return fmt.Errorf("store: index article %d: %w", id, err)
	}
	return nil
}

// unindexFTS5 removes an article from SQLite's index (PostgreSQL's rows go
// with the article by foreign key).
func (t *txn) unindexFTS5(ctx context.Context, id int64) error {
	var key int64
	err := t.queryRow(ctx, `SELECT row_key FROM search_rows WHERE article_id = $1`, id).Scan(&key)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: unindex article %d: %w", id, err)
	}
	if _, err := t.exec(ctx, `DELETE FROM search_index WHERE rowid = $1`, key); err != nil {
		return fmt.Errorf("store: unindex article %d: %w", id, err)
	}
	if _, err := t.exec(ctx, `DELETE FROM search_rows WHERE article_id = $1`, id); err != nil {
		return fmt.Errorf("store: unindex article %d: %w", id, err)
	}
	return nil
}

// reindexBatch is how many articles one reindex transaction covers: small
// enough that newsroom saves wait at most a moment for the writer.
const reindexBatch = 500

// Reindex rebuilds the search index from the articles, batch by batch,
// calling progress (if not nil) after each batch. Searches keep working
// throughout; every article is replaced in place, and index entries of
// articles that no longer exist are dropped at the end.
func (s *Store) Reindex(ctx context.Context, progress func(done, total int)) error {
	var total int
	if err := s.queryRow(ctx, `SELECT count(*) FROM articles`).Scan(&total); err != nil {
		return fmt.Errorf("store: reindex: %w", err)
	}
	done := 0
	var after int64
	for {
		rows, err := s.query(ctx, `SELECT id FROM articles WHERE id > $1 ORDER BY id LIMIT $2`, after, reindexBatch)
		if err != nil {
			return fmt.Errorf("store: reindex: %w", err)
		}
		ids, err := scanIDs(rows)
		if err != nil {
			return fmt.Errorf("store: reindex: %w", err)
		}
		if len(ids) == 0 {
			break
		}
		err = s.tx(ctx, func(t *txn) error {
			for _, id := range ids {
				if err := t.indexArticle(ctx, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: reindex: %w", err)
		}
		after = ids[len(ids)-1]
		done += len(ids)
		if progress != nil {
			progress(done, max(total, done))
		}
	}
	if s.engine == SQLite {
		// Entries without a search_rows row belong to no article. Merge the
		// index's segments too, which makes later queries faster.
		_, err := s.exec(ctx, `DELETE FROM search_index WHERE rowid NOT IN (SELECT row_key FROM search_rows)`)
		if err == nil {
			_, err = s.exec(ctx, `INSERT INTO search_index (search_index) VALUES ('optimize')`)
		}
		if err != nil {
			return fmt.Errorf("store: reindex: clean up: %w", err)
		}
	}
	return nil
}

// searchIndexComplete reports whether every article has an index entry:
// false after the migration that created the index, or if entries were
// lost, in which case Migrate rebuilds it.
func (s *Store) searchIndexComplete(ctx context.Context) (bool, error) {
	table := "search_rows"
	if s.engine == Postgres {
		table = "article_search"
	}
	var articles, indexed int
	err := s.queryRow(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM `+table+`)`).
		Scan(&articles, &indexed)
	if err != nil {
		return false, fmt.Errorf("store: check search index: %w", err)
	}
	return articles == indexed, nil
}

// searchTimeout bounds one search, so a pathological query cannot hold a
// connection for long.
const searchTimeout = 5 * time.Second
