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
// search word ranks as if published HeadlineBonus seconds later. A news
// reader wants the newest relevant story first, and both engines compute
// this order exactly alike, so they return the same pages. Exported for
// the site, which merges the results of several searches in this order.
const HeadlineBonus = 7 * 24 * 60 * 60

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

// SearchCountLimit is how far a search counts its matches: beyond it,
// pages say "more than 1,000 results". Counting every match of a word
// found in most articles cost more than finding the page itself.
const SearchCountLimit = 1000

// searchCountLimit is SearchCountLimit, lowered by tests.
var searchCountLimit = SearchCountLimit

// CountLimit is how far Search counts sq's matches: SearchCountLimit, or
// the last result of the page asked for when that lies further, so that
// a reader paging on always finds a next page while there is one.
func (sq SearchQuery) CountLimit() int {
	sq.normalize()
	return max(searchCountLimit, sq.Page*sq.Per)
}

func (sq *SearchQuery) normalize() {
	if sq.Per <= 0 {
		sq.Per = 20
	}
	if sq.Page < 1 {
		sq.Page = 1
	}
}

// Search returns one page of the articles matching sq, best first, with
// their plain-text bodies (for snippets; BodyHTML is left empty), and how many articles match, counted up to
// sq.CountLimit(): a total above that limit (it is then the limit + 1)
// means "more than the limit".
//
// The page is found without counting or sorting every match: it lies
// among the newest page × per matches and the newest as many headline
// matches (any other match has that many ahead of it), which both
// engines read newest first, stopping early.
func (s *Store) Search(ctx context.Context, sq SearchQuery) ([]content.Article, int, error) {
	if sq.Query.Empty() {
		return nil, 0, nil
	}
	sq.normalize()
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	var ids []int64
	var total int
	var count func() (int, error) // a count still running, on PostgreSQL
	var err error
	if s.engine == SQLite {
		ids, total, err = s.searchFTS5(ctx, sq)
	} else {
		ids, total, count, err = s.searchTS(ctx, sq)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("store: search %q: %w", sq.Query.String(), err)
	}
	list, err := s.articlesByID(ctx, ids)
	if count != nil {
		var cerr error
		if total, cerr = count(); cerr != nil && err == nil {
			err = fmt.Errorf("store: search %q: count: %w", sq.Query.String(), cerr)
		}
	}
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
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
	// filter adds the state and section filters to a match expression.
	filter := func(match string) string {
		match = "(" + match + ")"
		if sq.SectionID != 0 {
			match += " AND meta : " + metaSection(sq.SectionID)
		}
		switch {
		case sq.Status == content.StatusPublished:
			// Nearly every article is published, so "meta : stpublished"
			// would be a list as long as the index to intersect with; the
			// few articles in other states are a short list to subtract
			// instead.
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
		return match
	}
	tiers := sq.Query.Tiers()
	args := []any{""} // $1, the match expression, set for each statement
	conds, args := ownerConds(sq, fmt.Sprintf("(search_index.rowid & %d)", rowKeyIDMask), args)
	where := "search_index MATCH $1"
	for _, c := range conds {
		where += " AND " + c
	}
	// FTS5 counts by walking the term's list and stops at the limit. The
	// exact words count first: a common word passes the limit there, and
	// the prefix, whose lists FTS5 merges in full before it can walk
	// them, is never read.
	limit := sq.CountLimit()
	count := func(match string) (int, error) {
		args[0] = match
		var n int
		err := s.queryRow(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM search_index WHERE %s LIMIT %d)`,
			where, limit+1), args...).Scan(&n)
		return n, err
	}
	total, err := count(filter(tiers[0].FTS5("")))
	if err != nil {
		return nil, 0, err
	}
	if total <= limit {
		if total, err = count(filter(tiers[1].FTS5(""))); err != nil {
			return nil, 0, err
		}
	}
	// The prefix is asked only when the whole words match nothing
	// (search.TierPrefix: someone still typing a word).
	if len(tiers) > 2 {
		if total > 0 {
			tiers = tiers[:2]
		} else if total, err = count(filter(tiers[2].FTS5(""))); err != nil {
			return nil, 0, err
		}
	}
	if total == 0 || total <= (sq.Page-1)*sq.Per {
		return nil, total, nil
	}
	// Tier by tier, best first, the newest k matches and the newest k
	// headline matches: FTS5 reads both walking its index newest first
	// and stopping early, so a word found in half the articles costs
	// little more than a rare one. Once k articles match at a tier, no
	// worse tier can reach the page: a common word is found whole
	// without ever expanding the prefix.
	k := sq.Page * sq.Per
	var candidates []candidate
	found := map[int64]bool{}
	for _, t := range tiers {
		match := filter(t.FTS5(""))
		args[0] = match
		newest, err := s.ftsNewest(ctx, where, args, k)
		if err != nil {
			return nil, 0, err
		}
		args[0] = t.FTS5(search.HeadlineField) + " AND (" + match + ")"
		inHeadline, err := s.ftsNewest(ctx, where, args, k)
		if err != nil {
			return nil, 0, err
		}
		for _, key := range inHeadline {
			candidates = append(candidates, candidate{id: key & rowKeyIDMask, rank: key >> rowKeyIDBits, head: true, tier: t.Level})
			found[key&rowKeyIDMask] = true
		}
		for _, key := range newest {
			candidates = append(candidates, candidate{id: key & rowKeyIDMask, rank: key >> rowKeyIDBits, tier: t.Level})
			found[key&rowKeyIDMask] = true
		}
		if len(found) >= k {
			break
		}
	}
	return pageOf(candidates, sq.Page, sq.Per), total, nil
}

// candidate is a search result: an article, its ranking time, the tier it
// matched at (search.TierExact is best) and whether its headline holds
// the whole query at that tier.
type candidate struct {
	id, rank int64
	head     bool
	tier     int
}

func (m candidate) score() int64 {
	if m.head {
		return m.rank + HeadlineBonus
	}
	return m.rank
}

// better reports whether a ranks above b: a better tier first, then the
// score, the ranking time and the id.
func better(a, b candidate) int {
	return cmp.Or(cmp.Compare(a.tier, b.tier), cmp.Compare(b.score(), a.score()),
		cmp.Compare(b.rank, a.rank), cmp.Compare(b.id, a.id))
}

// pageOf ranks candidates (an article may come several times: once per
// tier it matched at, and as a headline match) best first and returns the
// ids of page n of size per. An article ranks at its best tier, with the
// headline bonus if its headline matches at that tier.
func pageOf(candidates []candidate, n, per int) []int64 {
	best := make(map[int64]candidate, len(candidates))
	for _, c := range candidates {
		if b, ok := best[c.id]; !ok || better(c, b) < 0 {
			best[c.id] = c
		}
	}
	list := make([]candidate, 0, len(best))
	for _, c := range best {
		list = append(list, c)
	}
	slices.SortFunc(list, better)
	from := min((n-1)*per, len(list))
	page := list[from:min(from+per, len(list))]
	ids := make([]int64, len(page))
	for i, c := range page {
		ids[i] = c.id
	}
	return ids
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

// PostgreSQL's GIN index answers "which articles hold these words" but
// in no useful order, and reading an article's words from the table
// costs a few microseconds (its tsvector lives out of line, in TOAST). So
// a search walks the newest articles through the rank_time index,
// testing each, as long as matches come often; when they are rare it asks
// the GIN index for all of them, which are then few. Count and ranking
// follow the same rule.

// walkRows is how many of the newest articles a search tests before it
// gives up walking: a word in fewer than k/walkRows of them (4% for a
// first page) is found through the GIN index. Tests lower it.
var walkRows = 500

// walkCountDensity is the share of matches above which counting walks
// too: up to the count limit over that share, which costs less than the
// GIN index handing over every match of such a common word (5 to 7 ms
// against 25 to 70 ms for a word in 73,000 of 100,000 articles).
const walkCountDensity = 0.25

// searchTS finds page sq.Page on PostgreSQL. It returns the page's ids
// and either the count of matches or, when counting is the slow part (a
// common word), a function that waits for the count, which runs on a
// connection of its own meanwhile: the caller loads the page's articles
// while it runs.
//
// It searches tier by tier, best first (search.Query.Tiers), and stops
// once k articles matched: no worse tier can reach the page. The count is
// always the loosest tier's.
func (s *Store) searchTS(ctx context.Context, sq SearchQuery) (ids []int64, total int, count func() (int, error), err error) {
	tiers := sq.Query.Tiers()
	// whole is the tier of whole words (the equivalent tier); the prefix
	// tier, if any, is asked only when whole matches nothing, as on SQLite.
	whole := tiers[1]
	k := sq.Page * sq.Per
	var candidates []candidate
	found := map[int64]bool{}
	for i, t := range tiers {
		last := i == len(tiers)-1
		r, err := s.tsTier(ctx, sq, t, last || t.Level == whole.Level)
		if err != nil {
			return nil, 0, nil, err
		}
		candidates = append(candidates, r.candidates...)
		if last {
			return pageOf(candidates, sq.Page, sq.Per), r.total, r.count, nil
		}
		for _, c := range r.candidates {
			found[c.id] = true
		}
		if t.Level == whole.Level {
			if len(found) > 0 {
				return pageOf(candidates, sq.Page, sq.Per), r.total, r.count, nil
			}
			continue // nothing whole: the prefix tier
		}
		if len(found) >= k {
			return pageOf(candidates, sq.Page, sq.Per), 0, s.tsCount(ctx, sq, tiers[0], whole, r.dense), nil
		}
	}
	panic("unreachable: the last tier returns")
}

// tsResult is what one tier of a PostgreSQL search found: its candidates,
// and, when asked, the count of its matches or a function waiting for it.
type tsResult struct {
	candidates []candidate
	total      int
	count      func() (int, error)
	dense      bool // matches came often in the newest articles
}

// tsFilters returns the search's filters on article_search and their
// arguments, after the tsquery ($1) and a pairs tsquery when pairs is not
// "": the WHERE clause builder, the GIN condition and its arguments.
func tsFilters(sq SearchQuery, tsq, pairs string) (args []any, where func(more ...string) string, gin string, ginArgs []any) {
	args = []any{tsq}
	var filters []string
	if sq.Status != "" {
		args = append(args, string(sq.Status))
		filters = append(filters, fmt.Sprintf("status = $%d", len(args)))
	}
	if sq.SectionID != 0 {
		args = append(args, sq.SectionID)
		filters = append(filters, fmt.Sprintf("section_id = $%d", len(args)))
	}
	conds, args := ownerConds(sq, "article_search.article_id", args)
	filters = append(filters, conds...)
	where = func(more ...string) string {
		all := append(slices.Clip(filters), more...)
		if len(all) == 0 {
			return ""
		}
		return " WHERE " + strings.Join(all, " AND ")
	}
	// What the GIN indexes answer: the query, and for one with phrases,
	// their word pairs, so that few articles are read to check positions.
	gin, ginArgs = "doc @@ $1::tsquery", args
	if pairs != "" {
		ginArgs = append(slices.Clip(args), pairs)
		gin = fmt.Sprintf("pairs @@ $%d::tsquery AND doc @@ $1::tsquery", len(ginArgs))
	}
	return args, where, gin, ginArgs
}

// tsTier finds the candidates for the page at one tier, and counts that
// tier's matches if withCount.
func (s *Store) tsTier(ctx context.Context, sq SearchQuery, t search.Tier, withCount bool) (res tsResult, err error) {
	k := sq.Page * sq.Per
	limit := sq.CountLimit()
	tsq, pairs := t.TSQuery(), t.TSPairs()
	args, where, gin, ginArgs := tsFilters(sq, tsq, pairs)

	// 1. Walk the newest articles, testing each, until k matches: first
	// a few, and all the way only if matches came often enough there to
	// expect k within the walk. The LIMIT inside keeps the planner from
	// taking the GIN index instead; n is how far the walk went.
	walk := func(window int) (found []candidate, walked int64, err error) {
		rows, err := s.query(ctx, fmt.Sprintf(`SELECT article_id, rank_time, head @@ $1::tsquery, n FROM (
			SELECT article_id, rank_time, head, doc, row_number() OVER (ORDER BY rank_time DESC, article_id DESC) AS n
			FROM article_search%s ORDER BY rank_time DESC, article_id DESC LIMIT %d) w
			WHERE doc @@ $1::tsquery ORDER BY rank_time DESC, article_id DESC LIMIT %d`,
			where(), window, k), args...)
		if err != nil {
			return nil, 0, err
		}
		defer rows.Close()
		for rows.Next() {
			m := candidate{tier: t.Level}
			if err := rows.Scan(&m.id, &m.rank, &m.head, &walked); err != nil {
				return nil, 0, err
			}
			found = append(found, m)
		}
		return found, walked, rows.Err()
	}
	window := max(walkRows, 4*k)
	if pairs != "" || strings.Contains(tsq, "<->") {
		// Through the GIN index a phrase's candidates are read from TOAST
		// for their positions, as a walk reads each row: walk further.
		window *= 3
	}
	probe := min(window, max(walkRows/5, k))
	newest, walked, err := walk(probe)
	if err != nil {
		return res, err
	}
	if len(newest) < k && probe < window && len(newest)*window >= k*probe {
		if newest, walked, err = walk(window); err != nil {
			return res, err
		}
	}

	if len(newest) < k {
		// 2a. Rare: the GIN index hands over every match, few enough to
		// rank them all, best first, counting them on the way.
		var candidates []candidate
		var total int
		err := s.ginOnly(ctx, func(tx *txn) error {
			rows, err := tx.query(ctx, fmt.Sprintf(`SELECT article_id, rank_time, head @@ $1::tsquery, count(*) OVER ()
				FROM article_search%s
				ORDER BY rank_time + CASE WHEN head @@ $1::tsquery THEN %d ELSE 0 END DESC, rank_time DESC, article_id DESC
				LIMIT %d`, where(gin), HeadlineBonus, k), ginArgs...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				m := candidate{tier: t.Level}
				if err := rows.Scan(&m.id, &m.rank, &m.head, &total); err != nil {
					return err
				}
				candidates = append(candidates, m)
			}
			return rows.Err()
		})
		if err != nil {
			return res, err
		}
		return tsResult{candidates: candidates, total: min(total, limit+1)}, nil
	}

	// 2b. Common: counting costs more than finding the page, so it runs
	// beside the rest.
	res.dense = float64(k)/float64(max(walked, 1)) >= walkCountDensity
	if withCount {
		res.count = s.tsCount(ctx, sq, t, t, res.dense)
	}

	// The page is among these k and the headline matches that the bonus
	// lifts above the k-th, published at most HeadlineBonus before it,
	// walked in the same index.
	last := newest[k-1]
	hargs := append(slices.Clip(args), last.rank-HeadlineBonus, last.rank, last.id)
	n := len(hargs)
	rows, err := s.query(ctx, fmt.Sprintf(`SELECT article_id, rank_time FROM article_search%s
		ORDER BY rank_time DESC, article_id DESC LIMIT %d`, where(
		fmt.Sprintf("rank_time >= $%d", n-2),
		fmt.Sprintf("rank_time <= $%d", n-1),
		fmt.Sprintf("(rank_time < $%d OR article_id < $%d)", n-1, n),
		"head @@ $1::tsquery"), k), hargs...)
	if err != nil {
		return res, err
	}
	defer rows.Close()
	res.candidates = newest
	for rows.Next() {
		m := candidate{head: true, tier: t.Level}
		if err := rows.Scan(&m.id, &m.rank); err != nil {
			return res, err
		}
		res.candidates = append(res.candidates, m)
	}
	return res, rows.Err()
}

// tsCount starts counting the matches of tier t on a connection of its
// own and returns a function that waits for the count. Walking on counts
// while matches are as common as they were in the newest articles
// (dense); if they thin out in older articles, the GIN index counts. When
// matches are dense, the better tier first counts by walking: if it
// passes the limit, so does t, whose prefix is then never expanded.
func (s *Store) tsCount(ctx context.Context, sq SearchQuery, first, t search.Tier, dense bool) func() (int, error) {
	limit := sq.CountLimit()
	args, where, gin, ginArgs := tsFilters(sq, t.TSQuery(), t.TSPairs())
	firstArgs, _, _, _ := tsFilters(sq, first.TSQuery(), "")
	counted := make(chan countResult, 1)
	go func() {
		var r countResult
		if dense && first.Level != t.Level {
			window := int(float64(limit+1) / walkCountDensity)
			r.n, r.err = s.countRows(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM (
				SELECT doc FROM article_search%s ORDER BY rank_time DESC, article_id DESC LIMIT %d) w
				WHERE doc @@ $1::tsquery LIMIT %d) m`, where(), window, limit+1), firstArgs)
			if r.err != nil || r.n > limit {
				counted <- r
				return
			}
		}
		if dense {
			window := int(float64(limit+1) / walkCountDensity)
			r.n, r.err = s.countRows(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM (
				SELECT doc FROM article_search%s ORDER BY rank_time DESC, article_id DESC LIMIT %d) w
				WHERE doc @@ $1::tsquery LIMIT %d) m`, where(), window, limit+1), args)
		}
		if r.err == nil && r.n <= limit {
			r.err = s.ginOnly(ctx, func(tx *txn) error {
				return tx.queryRow(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM article_search%s LIMIT %d) m`,
					where(gin), limit+1), ginArgs...).Scan(&r.n)
			})
		}
		counted <- r
	}()
	return func() (int, error) {
		r := <-counted
		return r.n, r.err
	}
}

// ginOnly runs f in a read-only transaction whose planner may use nothing
// but the GIN indexes: on its own it would often walk the rank_time index
// over every article for a rare word.
func (s *Store) ginOnly(ctx context.Context, f func(t *txn) error) error {
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t := &txn{Tx: tx, s: s}
	if _, err := t.exec(ctx, `SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off`); err != nil {
		return err
	}
	if err := f(t); err != nil {
		return err
	}
	return tx.Commit()
}

// countResult is a count that ran on its own.
type countResult struct {
	n   int
	err error
}

// countRows runs a statement answering one count.
func (s *Store) countRows(ctx context.Context, query string, args []any) (int, error) {
	var n int
	err := s.queryRow(ctx, query, args...).Scan(&n)
	return n, err
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

// searchColumns are what a search result needs: a listing's columns and
// the plain-text body, for the snippet, but not the HTML body.
var searchColumns = strings.Replace(articleListColumns, "'', ''", "'', a.body_text", 1)

// articlesByID loads articles with plain-text bodies, sections, bylines
// and lead images, in the order of ids.
func (s *Store) articlesByID(ctx context.Context, ids []int64) ([]content.Article, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.query(ctx, `SELECT `+searchColumns+` FROM articles a JOIN sections s ON s.id = a.section_id
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
		_, err := t.exec(ctx, `INSERT INTO article_search (article_id, status, section_id, rank_time, doc, head, pairs)
			VALUES ($1, $2, $3, $4, $5::tsvector, $6::tsvector, $7::tsvector)
			ON CONFLICT (article_id) DO UPDATE SET status = excluded.status, section_id = excluded.section_id,
				rank_time = excluded.rank_time, doc = excluded.doc, head = excluded.head, pairs = excluded.pairs`,
			id, string(status), sectionID, rankTime, all, head, doc.TSPairs())
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
	// Every article is now indexed by this binary's rules.
	if _, err := s.exec(ctx, `UPDATE search_index_version SET version = $1`, search.IndexVersion); err != nil {
		return fmt.Errorf("store: reindex: record index version: %w", err)
	}
	return nil
}

// searchIndexComplete reports whether every article has an index entry
// built by this binary's rules (search.IndexVersion): false after the
// migration that created the index, after a change of rules, or if
// entries were lost, in which case Migrate rebuilds it.
func (s *Store) searchIndexComplete(ctx context.Context) (bool, error) {
	table := "search_rows"
	if s.engine == Postgres {
		table = "article_search WHERE pairs IS NOT NULL" // pairs came with migration 0010
	}
	var articles, indexed, version int
	err := s.queryRow(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM `+table+`),
		(SELECT max(version) FROM search_index_version)`).Scan(&articles, &indexed, &version)
	if err != nil {
		return false, fmt.Errorf("store: check search index: %w", err)
	}
	return articles == indexed && version == search.IndexVersion, nil
}

// SearchIndexVersion returns the version of the rules the search index was
// built by (search.IndexVersion once it is complete; 0 before versions).
func (s *Store) SearchIndexVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.queryRow(ctx, `SELECT max(version) FROM search_index_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: search index version: %w", err)
	}
	return v, nil
}

// searchTimeout bounds one search, so a pathological query cannot hold a
// connection for long.
const searchTimeout = 5 * time.Second
