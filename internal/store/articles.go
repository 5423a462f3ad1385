package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"akhbar/internal/blocks"
	"akhbar/internal/content"
)

// Columns of an article row joined with its section. Listing queries leave
// the body out: no list shows it and it is most of an article's bytes.
const (
	articleListColumns = `a.id, a.section_id, a.status, a.headline, a.strapline, a.dateline_source, a.dateline_place,
		'', '', a.slug, a.language, a.created_by, a.created_at, a.updated_at, a.published_at, a.version, a.lead_media_id, a.translation_of,
		s.id, s.slug, s.name, s.description, s.parent_id, s.position`
	articleFullColumns = `a.id, a.section_id, a.status, a.headline, a.strapline, a.dateline_source, a.dateline_place,
		a.body_html, a.body_text, a.slug, a.language, a.created_by, a.created_at, a.updated_at, a.published_at, a.version, a.lead_media_id, a.translation_of,
		s.id, s.slug, s.name, s.description, s.parent_id, s.position`
)

func scanArticle(sc interface{ Scan(...any) error }) (content.Article, error) {
	var a content.Article
	var createdBy, created, updated, published, parent, lead, original sql.NullInt64
	err := sc.Scan(&a.ID, &a.SectionID, &a.Status, &a.Headline, &a.Strapline, &a.DatelineSource, &a.DatelinePlace,
		&a.BodyHTML, &a.BodyText, &a.Slug, &a.Language, &createdBy, &created, &updated, &published, &a.Version, &lead,
		&original, &a.Section.ID, &a.Section.Slug, &a.Section.Name, &a.Section.Description, &parent, &a.Section.Position)
	a.CreatedBy, a.LeadMediaID, a.TranslationOf = createdBy.Int64, lead.Int64, original.Int64
	a.CreatedAt, a.UpdatedAt, a.PublishedAt = fromUnix(created), fromUnix(updated), fromUnix(published)
	a.Section.ParentID = parent.Int64
	return a, err
}

// SaveArticle creates (ID 0) or updates an article with its authors and
// tags, and records a revision, in one transaction. An update must carry
// the version it was read at; if someone saved in between, it fails with
// content.ErrConflict, leaves the article as it is and keeps the refused
// edit as a revision noted "conflict". On success a.ID and a.Version hold
// the stored values.
func (s *Store) SaveArticle(ctx context.Context, a *content.Article, authorIDs, tagIDs []int64, editorID int64) error {
	if err := a.Validate(); err != nil {
		return fmt.Errorf("store: save article %d: %w", a.ID, err)
	}
	now := time.Now()
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = now
	}
	var conflict bool
	err := s.tx(ctx, func(t *txn) (err error) {
		conflict, err = t.saveArticle(ctx, a, authorIDs, tagIDs, editorID)
		if err != nil || conflict {
			return err
		}
		return t.indexArticle(ctx, a.ID)
	})
	if err == nil && conflict {
		err = fmt.Errorf("store: update article %d at version %d: %w", a.ID, a.Version, content.ErrConflict)
	}
	return err
}

// saveArticle is SaveArticle inside a transaction, without the search
// index (the caller indexes the article afterwards). conflict reports an
// edit refused because the stored version moved on (kept as a revision).
func (t *txn) saveArticle(ctx context.Context, a *content.Article, authorIDs, tagIDs []int64, editorID int64) (conflict bool, err error) {
	editor := nullID(editorID)
	if a.ID == 0 {
		if a.CreatedAt.IsZero() {
			a.CreatedAt = a.UpdatedAt
		}
		a.Version = 1
		err := t.queryRow(ctx, `INSERT INTO articles (section_id, status, headline, strapline, dateline_source,
			dateline_place, body_html, body_text, slug, language, created_by, created_at, updated_at, published_at,
			lead_media_id, translation_of, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1) RETURNING id`,
			a.SectionID, string(a.Status), a.Headline, a.Strapline, a.DatelineSource, a.DatelinePlace,
			a.BodyHTML, a.BodyText, a.Slug, a.Language, editor, a.CreatedAt.Unix(), a.UpdatedAt.Unix(),
			unix(a.PublishedAt), nullID(a.LeadMediaID), nullID(a.TranslationOf)).Scan(&a.ID)
		if err != nil {
			return false, fmt.Errorf("store: create article: %w", err)
		}
	} else {
		res, err := t.exec(ctx, `UPDATE articles SET section_id = $1, status = $2, headline = $3, strapline = $4,
			dateline_source = $5, dateline_place = $6, body_html = $7, body_text = $8, slug = $9, language = $10,
			updated_at = $11, published_at = $12, lead_media_id = $13, translation_of = $14, version = version + 1
			WHERE id = $15 AND version = $16`,
			a.SectionID, string(a.Status), a.Headline, a.Strapline, a.DatelineSource, a.DatelinePlace,
			a.BodyHTML, a.BodyText, a.Slug, a.Language, a.UpdatedAt.Unix(), unix(a.PublishedAt),
			nullID(a.LeadMediaID), nullID(a.TranslationOf), a.ID, a.Version)
		if err != nil {
			return false, fmt.Errorf("store: update article %d: %w", a.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var exists int
			if err := t.queryRow(ctx, `SELECT 1 FROM articles WHERE id = $1`, a.ID).Scan(&exists); err != nil {
				return false, notFound(err, fmt.Sprintf("update article %d", a.ID))
			}
			// Keep the refused edit as a revision, so nothing anyone wrote is lost.
			if _, err := t.exec(ctx, `INSERT INTO revisions (article_id, version, headline, strapline, dateline_source,
				dateline_place, body_html, section_id, editor_id, created_at, note)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'conflict')`,
				a.ID, a.Version, a.Headline, a.Strapline, a.DatelineSource, a.DatelinePlace, a.BodyHTML,
				a.SectionID, editor, a.UpdatedAt.Unix()); err != nil {
				return false, fmt.Errorf("store: keep refused edit of article %d: %w", a.ID, err)
			}
			return true, nil
		}
		a.Version++
		if _, err := t.exec(ctx, `DELETE FROM article_authors WHERE article_id = $1`, a.ID); err != nil {
			return false, fmt.Errorf("store: update article %d authors: %w", a.ID, err)
		}
		if _, err := t.exec(ctx, `DELETE FROM article_tags WHERE article_id = $1`, a.ID); err != nil {
			return false, fmt.Errorf("store: update article %d tags: %w", a.ID, err)
		}
	}
	for i, uid := range authorIDs {
		if _, err := t.exec(ctx, `INSERT INTO article_authors (article_id, user_id, position) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, a.ID, uid, i); err != nil {
			return false, fmt.Errorf("store: article %d author %d: %w", a.ID, uid, err)
		}
	}
	for _, tid := range tagIDs {
		if _, err := t.exec(ctx, `INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2)
			ON CONFLICT DO NOTHING`, a.ID, tid); err != nil {
			return false, fmt.Errorf("store: article %d tag %d: %w", a.ID, tid, err)
		}
	}
	if err := t.syncBodyMedia(ctx, a); err != nil {
		return false, err
	}
	_, err = t.exec(ctx, `INSERT INTO revisions (article_id, version, headline, strapline, dateline_source,
		dateline_place, body_html, section_id, editor_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		a.ID, a.Version, a.Headline, a.Strapline, a.DatelineSource, a.DatelinePlace, a.BodyHTML,
		a.SectionID, editor, a.UpdatedAt.Unix())
	if err != nil {
		return false, fmt.Errorf("store: article %d revision: %w", a.ID, err)
	}
	return false, t.syncListingTimes(ctx, a.ID)
}

// syncBodyMedia records the library images a's body shows (article_media),
// in the transaction that saves it. Ids naming no image are left out.
func (t *txn) syncBodyMedia(ctx context.Context, a *content.Article) error {
	if _, err := t.exec(ctx, `DELETE FROM article_media WHERE article_id = $1`, a.ID); err != nil {
		return fmt.Errorf("store: article %d media: %w", a.ID, err)
	}
	if !blocks.HasStoryBlocks(a.BodyHTML) {
		return nil
	}
	for _, id := range blocks.MediaIDs(blocks.Parse(a.BodyHTML)) {
		if _, err := t.exec(ctx, `INSERT INTO article_media (article_id, media_id) SELECT $1, id FROM media WHERE id = $2
			ON CONFLICT DO NOTHING`, a.ID, id); err != nil {
			return fmt.Errorf("store: article %d media %d: %w", a.ID, id, err)
		}
	}
	return nil
}

// Article returns one article, in any state, with its section, authors and tags.
// Whether it has a published translation comes in the same query, so that
// a page asks for its versions only when there are some.
func (s *Store) Article(ctx context.Context, id int64) (content.Article, error) {
	row := s.queryRow(ctx, `SELECT `+articleFullColumns+`, EXISTS (SELECT 1 FROM articles t
			WHERE t.translation_of = a.id AND t.status = 'published')
		FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.id = $1`, id)
	var translated bool
	a, err := scanArticle(scanFunc(func(dest ...any) error { return row.Scan(append(dest, &translated)...) }))
	a.Translated = translated
	if err != nil {
		return a, notFound(err, fmt.Sprintf("article %d", id))
	}
	list := []content.Article{a}
	for _, fill := range []func(context.Context, []content.Article) error{s.fillBylinesAndTags, s.fillLeads} {
		if err := fill(ctx, list); err != nil {
			return a, err
		}
	}
	return list[0], nil
}

// Versions lists the published versions of a story in every language: the
// original and its translations, including a itself, original first.
func (s *Store) Versions(ctx context.Context, a content.Article) ([]content.Article, error) {
	root := a.ID
	if a.TranslationOf != 0 {
		root = a.TranslationOf
	}
	// Two indexed lookups: an OR of the two columns would scan the table.
	rows, err := s.query(ctx, `SELECT * FROM (
		SELECT `+articleListColumns+` FROM articles a JOIN sections s ON s.id = a.section_id
			WHERE a.id = $1 AND a.status = 'published'
		UNION ALL
		SELECT `+articleListColumns+` FROM articles a JOIN sections s ON s.id = a.section_id
			WHERE a.translation_of = $1 AND a.status = 'published') v`, root)
	if err != nil {
		return nil, fmt.Errorf("store: versions of article %d: %w", a.ID, err)
	}
	defer rows.Close()
	var out []content.Article
	for rows.Next() {
		v, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("store: versions of article %d: %w", a.ID, err)
		}
		out = append(out, v)
	}
	// The original first, then the translations by language.
	slices.SortFunc(out, func(x, y content.Article) int {
		if (x.ID == root) != (y.ID == root) {
			if x.ID == root {
				return -1
			}
			return 1
		}
		return cmp.Or(strings.Compare(x.Language, y.Language), cmp.Compare(x.ID, y.ID))
	})
	return out, rows.Err()
}

// Revisions lists an article's saved states, newest first.
func (s *Store) Revisions(ctx context.Context, articleID int64) ([]content.Revision, error) {
	rows, err := s.query(ctx, `SELECT id, article_id, version, headline, strapline, dateline_source, dateline_place,
		body_html, section_id, editor_id, created_at, note FROM revisions WHERE article_id = $1 ORDER BY id DESC`, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: revisions of article %d: %w", articleID, err)
	}
	defer rows.Close()
	var out []content.Revision
	for rows.Next() {
		var r content.Revision
		var editor, created sql.NullInt64
		if err := rows.Scan(&r.ID, &r.ArticleID, &r.Version, &r.Headline, &r.Strapline, &r.DatelineSource,
			&r.DatelinePlace, &r.BodyHTML, &r.SectionID, &editor, &created, &r.Note); err != nil {
			return nil, fmt.Errorf("store: revisions of article %d: %w", articleID, err)
		}
		r.EditorID, r.CreatedAt = editor.Int64, fromUnix(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

// articleIndex returns the ids of list as query arguments, and where each
// article sits in list, for the batch loaders below.
func articleIndex(list []content.Article) ([]any, map[int64][]int) {
	ids := make([]any, len(list))
	index := make(map[int64][]int, len(list))
	for i, a := range list {
		ids[i] = a.ID
		index[a.ID] = append(index[a.ID], i)
	}
	return ids, index
}

// fillAuthors loads the bylines of all the given articles in one query.
func (s *Store) fillAuthors(ctx context.Context, list []content.Article) error {
	if len(list) == 0 {
		return nil
	}
	ids, index := articleIndex(list)
	rows, err := s.query(ctx, `SELECT aa.article_id, `+prefixed("u.", userColumns)+`
		FROM article_authors aa JOIN users u ON u.id = aa.user_id
		WHERE aa.article_id IN (`+placeholders(1, len(ids))+`) ORDER BY aa.article_id, aa.position`, ids...)
	if err != nil {
		return fmt.Errorf("store: authors: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var articleID int64
		var u content.User
		var created, twoFactor sql.NullInt64
		if err := rows.Scan(&articleID, &u.ID, &u.Email, &u.Name, &u.Slug, &u.Role, &u.Bio, &u.PasswordHash,
			&u.Disabled, &created, &twoFactor); err != nil {
			return fmt.Errorf("store: authors: %w", err)
		}
		u.CreatedAt, u.TwoFactorSince = fromUnix(created), fromUnix(twoFactor)
		u.PasswordHash = "" // bylines never need it
		for _, i := range index[articleID] {
			list[i].Authors = append(list[i].Authors, u)
		}
	}
	return rows.Err()
}

func prefixed(prefix, columns string) string {
	parts := strings.Split(columns, ", ")
	for i := range parts {
		parts[i] = prefix + parts[i]
	}
	return strings.Join(parts, ", ")
}

// ArticleQuery selects articles for a listing page; build it with
// PublishedArticles or AllArticles and narrow it with its methods.
type ArticleQuery struct {
	status    content.Status // "" for any
	byUpdate  bool
	sectionID int64
	tagID     int64
	authorID  int64
	excludeID int64
	since     time.Time
	ownedBy   int64
	limit     int
	offset    int
	withBody  bool
	noBylines bool
	ids       []int64
}

// PublishedArticles selects what readers may see, newest first.
func PublishedArticles() *ArticleQuery {
	return &ArticleQuery{status: content.StatusPublished, limit: 20}
}

// AllArticles selects articles in every state, for the newsroom.
func AllArticles() *ArticleQuery { return &ArticleQuery{limit: 20} }

// InState keeps articles in one state; "" keeps all.
func (q *ArticleQuery) InState(st content.Status) *ArticleQuery { q.status = st; return q }

// ByLastChange orders by the last change instead of publication time.
func (q *ArticleQuery) ByLastChange() *ArticleQuery { q.byUpdate = true; return q }

// InSection keeps articles of one section.
func (q *ArticleQuery) InSection(id int64) *ArticleQuery { q.sectionID = id; return q }

// WithTag keeps articles carrying a tag.
func (q *ArticleQuery) WithTag(id int64) *ArticleQuery { q.tagID = id; return q }

// ByAuthor keeps articles with this author in the byline.
func (q *ArticleQuery) ByAuthor(id int64) *ArticleQuery { q.authorID = id; return q }

// OwnedBy keeps articles the user created or has a byline on.
func (q *ArticleQuery) OwnedBy(userID int64) *ArticleQuery { q.ownedBy = userID; return q }

// PublishedSince keeps articles published at or after t (news sitemaps).
func (q *ArticleQuery) PublishedSince(t time.Time) *ArticleQuery { q.since = t; return q }

// WithIDs keeps only the articles with these ids (the stories a body's
// related boxes name); at most as many as there are ids.
func (q *ArticleQuery) WithIDs(ids ...int64) *ArticleQuery {
	q.ids, q.limit = ids, len(ids)
	return q
}

// Except leaves one article out (the one a related list sits under).
func (q *ArticleQuery) Except(id int64) *ArticleQuery { q.excludeID = id; return q }

// Page selects page n (from 1) of size per.
func (q *ArticleQuery) Page(n, per int) *ArticleQuery {
	if n < 1 {
		n = 1
	}
	q.limit, q.offset = per, (n-1)*per
	return q
}

// Limit caps the number of articles.
func (q *ArticleQuery) Limit(n int) *ArticleQuery { q.limit = n; return q }

// WithoutBylines leaves Authors empty: cards do not print bylines, and a
// listing saves the query that loads them.
func (q *ArticleQuery) WithoutBylines() *ArticleQuery { q.noBylines = true; return q }

// WithBody includes body HTML and text, and tags (feeds need them; lists
// do not).
func (q *ArticleQuery) WithBody() *ArticleQuery { q.withBody = true; return q }

// listingTable returns the join table (alias, table, key column) whose
// published_at orders q by itself: a published tag or author listing
// ordered by publication. See migration 0007.
func (q *ArticleQuery) listingTable() (alias, table, key string, ok bool) {
	if q.status != content.StatusPublished || q.byUpdate || (q.tagID != 0) == (q.authorID != 0) {
		return "", "", "", false
	}
	if q.tagID != 0 {
		return "tg", "article_tags", "tag_id", true
	}
	return "au", "article_authors", "user_id", true
}

// onlyListing reports whether q filters by nothing but its listing
// table, so it can be counted from that table's index alone.
func (q *ArticleQuery) onlyListing() bool {
	_, _, _, ok := q.listingTable()
	return ok && q.sectionID == 0 && q.ownedBy == 0 && q.since.IsZero() && q.excludeID == 0 && q.ids == nil
}

// from returns the FROM list (articles a, after tg or au when a tag or an
// author filters), the WHERE clause and its arguments. Such a listing
// starts from its join table: without CROSS JOIN, SQLite would rather walk
// every published article newest first and probe each for the tag, which
// costs the whole archive for a rare tag and for every count. (PostgreSQL
// plans CROSS JOIN with a join condition like any inner join.)
func (q *ArticleQuery) from() (from, where string, args []any) {
	var conds []string
	from = "articles a"
	alias, table, key, listing := q.listingTable()
	switch {
	case listing:
		from = table + " " + alias + " CROSS JOIN articles a"
		args = append(args, max(q.tagID, q.authorID))
		conds = append(conds, fmt.Sprintf("%[1]s.%[2]s = $1 AND %[1]s.published_at IS NOT NULL AND a.id = %[1]s.article_id", alias, key))
	default:
		if q.tagID != 0 {
			args = append(args, q.tagID)
			from = "article_tags tg CROSS JOIN articles a"
			conds = append(conds, fmt.Sprintf("tg.tag_id = $%d AND a.id = tg.article_id", len(args)))
		}
		if q.authorID != 0 {
			args = append(args, q.authorID)
			from = "article_authors au CROSS JOIN " + from
			conds = append(conds, fmt.Sprintf("au.user_id = $%d AND a.id = au.article_id", len(args)))
		}
		switch {
		case q.status.Valid():
			// Written out, not a parameter: PostgreSQL can then use its
			// partial index of published articles (migration 0010), and
			// plans with the state's real share of the rows.
			conds = append(conds, "a.status = '"+string(q.status)+"'")
		case q.status != "":
			args = append(args, string(q.status))
			conds = append(conds, fmt.Sprintf("a.status = $%d", len(args)))
		}
	}
	if q.sectionID != 0 {
		args = append(args, q.sectionID)
		conds = append(conds, fmt.Sprintf("a.section_id = $%d", len(args)))
	}
	if q.ownedBy != 0 {
		args = append(args, q.ownedBy)
		conds = append(conds, fmt.Sprintf(`(a.created_by = $%d OR EXISTS (SELECT 1 FROM article_authors ow
			WHERE ow.article_id = a.id AND ow.user_id = $%d))`, len(args), len(args)))
	}
	if !q.since.IsZero() {
		args = append(args, q.since.Unix())
		conds = append(conds, fmt.Sprintf("a.published_at >= $%d", len(args)))
	}
	if q.excludeID != 0 {
		args = append(args, q.excludeID)
		conds = append(conds, fmt.Sprintf("a.id <> $%d", len(args)))
	}
	if q.ids != nil {
		if len(q.ids) == 0 {
			conds = append(conds, "1 = 0")
		} else {
			for _, id := range q.ids {
				args = append(args, id)
			}
			conds = append(conds, "a.id IN ("+placeholders(len(args)-len(q.ids)+1, len(q.ids))+")")
		}
	}
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return from, where, args
}

// listSQL is the statement listing q's page, selecting cols. The limit is
// written into the text (listings use a handful of sizes), and the offset
// too when it is 0, the first page: PostgreSQL plans a LIMIT or OFFSET
// given as a parameter for a tenth of the rows, so it re-planned such a
// statement at every execution rather than reuse its prepared plan.
func (q *ArticleQuery) listSQL(cols string) (string, []any) {
	from, where, args := q.from()
	page := fmt.Sprintf(` LIMIT %d`, max(q.limit, 0))
	if q.offset > 0 {
		args = append(args, q.offset)
		page += fmt.Sprintf(` OFFSET $%d`, len(args))
	}
	return `SELECT ` + cols + ` FROM ` + from + ` JOIN sections s ON s.id = a.section_id` + where +
		q.order() + page, args
}

// countSQL is the statement counting what q selects, from the listing
// table's index alone when nothing else filters.
func (q *ArticleQuery) countSQL() (string, []any) {
	from, where, args := q.from()
	if alias, table, key, _ := q.listingTable(); q.onlyListing() {
		from, where = table+" "+alias, fmt.Sprintf(" WHERE %[1]s.%[2]s = $1 AND %[1]s.published_at IS NOT NULL", alias, key)
	}
	return `SELECT COUNT(*) FROM ` + from + where, args
}

// syncListingTimes copies an article's publication time into its tag and
// byline rows while it is published, and clears it otherwise, in the
// transaction that changed the article.
func (t *txn) syncListingTimes(ctx context.Context, id int64) error {
	for _, table := range []string{"article_tags", "article_authors"} {
		if _, err := t.exec(ctx, `UPDATE `+table+` SET published_at = (SELECT a.published_at FROM articles a
			WHERE a.id = $1 AND a.status = 'published') WHERE article_id = $1`, id); err != nil {
			return fmt.Errorf("store: article %d %s: %w", id, table, err)
		}
	}
	return nil
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

func (q *ArticleQuery) order() string {
	if alias, _, _, ok := q.listingTable(); ok {
		return " ORDER BY " + alias + ".published_at DESC, " + alias + ".article_id DESC"
	}
	if q.byUpdate {
		return " ORDER BY a.updated_at DESC, a.id DESC"
	}
	return " ORDER BY a.published_at DESC, a.id DESC"
}

// ListArticles runs q and returns the articles with sections and bylines.
func (s *Store) ListArticles(ctx context.Context, q *ArticleQuery) ([]content.Article, error) {
	cols := articleListColumns
	if q.withBody {
		cols = articleFullColumns
	}
	query, args := q.listSQL(cols)
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list articles: %w", err)
	}
	defer rows.Close()
	var list []content.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list articles: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list articles: %w", err)
	}
	switch {
	case !q.noBylines && q.withBody:
		err = s.fillBylinesAndTags(ctx, list)
	case !q.noBylines:
		err = s.fillAuthors(ctx, list)
	case q.withBody:
		err = s.fillTags(ctx, list)
	}
	if err != nil {
		return nil, err
	}
	return list, s.fillLeads(ctx, list)
}

// fillTags loads the tags of all the given articles in one query.
func (s *Store) fillTags(ctx context.Context, list []content.Article) error {
	if len(list) == 0 {
		return nil
	}
	ids, index := articleIndex(list)
	rows, err := s.query(ctx, `SELECT at.article_id, t.id, t.slug, t.name FROM article_tags at
		JOIN tags t ON t.id = at.tag_id WHERE at.article_id IN (`+placeholders(1, len(ids))+`)
		ORDER BY at.article_id, t.name`, ids...)
	if err != nil {
		return fmt.Errorf("store: tags: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var articleID int64
		var t content.Tag
		if err := rows.Scan(&articleID, &t.ID, &t.Slug, &t.Name); err != nil {
			return fmt.Errorf("store: tags: %w", err)
		}
		for _, i := range index[articleID] {
			list[i].Tags = append(list[i].Tags, t)
		}
	}
	return rows.Err()
}

// fillBylinesAndTags does what fillAuthors and fillTags do in one query,
// one round trip to the database instead of two: bylines in their order,
// then tags by name.
func (s *Store) fillBylinesAndTags(ctx context.Context, list []content.Article) error {
	if len(list) == 0 {
		return nil
	}
	ids, index := articleIndex(list)
	in := placeholders(1, len(ids))
	rows, err := s.query(ctx, `SELECT aa.article_id, 0, aa.position, u.name, u.id, u.email, u.slug, u.role, u.bio,
			u.disabled, u.created_at
		FROM article_authors aa JOIN users u ON u.id = aa.user_id WHERE aa.article_id IN (`+in+`)
		UNION ALL
		SELECT at.article_id, 1, 0, t.name, t.id, '', t.slug, '', '', FALSE, 0
		FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id IN (`+in+`)
		ORDER BY 1, 2, 3, 4`, ids...)
	if err != nil {
		return fmt.Errorf("store: bylines and tags: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var articleID, created sql.NullInt64
		var kind, position int
		var u content.User
		if err := rows.Scan(&articleID, &kind, &position, &u.Name, &u.ID, &u.Email, &u.Slug, &u.Role, &u.Bio,
			&u.Disabled, &created); err != nil {
			return fmt.Errorf("store: bylines and tags: %w", err)
		}
		for _, i := range index[articleID.Int64] {
			if kind == 0 {
				u.CreatedAt = fromUnix(created)
				list[i].Authors = append(list[i].Authors, u)
			} else {
				list[i].Tags = append(list[i].Tags, content.Tag{ID: u.ID, Slug: u.Slug, Name: u.Name})
			}
		}
	}
	return rows.Err()
}

// CountArticles counts what q selects, ignoring its page.
func (s *Store) CountArticles(ctx context.Context, q *ArticleQuery) (int, error) {
	query, args := q.countSQL()
	var n int
	if err := s.queryRow(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count articles: %w", err)
	}
	return n, nil
}

// LatestPerSection returns the newest published articles of each section,
// up to perSection each, keyed by section id. It is one statement of one
// indexed LIMIT query per section, so the home page costs the same
// whether a section holds ten stories or a hundred thousand. The articles
// are for cards: lead images, no bylines.
func (s *Store) LatestPerSection(ctx context.Context, sectionIDs []int64, perSection int) (map[int64][]content.Article, error) {
	out := make(map[int64][]content.Article, len(sectionIDs))
	if len(sectionIDs) == 0 {
		return out, nil
	}
	// The limit is in the text, not a parameter, for the reason listSQL
	// gives.
	perSection = max(perSection, 0)
	var query string
	var args []any
	if s.engine == Postgres {
		// One LATERAL subquery: PostgreSQL plans it in microseconds, where
		// the UNION of nine joined subqueries cost 3 ms to plan at each of
		// a connection's first five home pages and 0.6 ms to run after.
		// (It leaves the body columns that SELECT * names unread.)
		query = fmt.Sprintf(`SELECT %s FROM sections s CROSS JOIN LATERAL (
			SELECT * FROM articles a WHERE a.section_id = s.id AND a.status = 'published'
			ORDER BY a.published_at DESC, a.id DESC LIMIT %d) a
			WHERE s.id = ANY($1) ORDER BY s.id, a.published_at DESC, a.id DESC`, articleListColumns, perSection)
		args = []any{sectionIDs}
	} else {
		parts := make([]string, len(sectionIDs))
		for i, id := range sectionIDs {
			args = append(args, id)
			parts[i] = fmt.Sprintf(`SELECT * FROM (SELECT %s FROM articles a JOIN sections s ON s.id = a.section_id
				WHERE a.section_id = $%d AND a.status = 'published' ORDER BY a.published_at DESC, a.id DESC LIMIT %d) p%d`,
				articleListColumns, len(args), perSection, i)
		}
		query = strings.Join(parts, " UNION ALL ")
	}
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: latest per section: %w", err)
	}
	defer rows.Close()
	var list []content.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("store: latest per section: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: latest per section: %w", err)
	}
	if err := s.fillLeads(ctx, list); err != nil {
		return nil, err
	}
	for _, a := range list {
		out[a.SectionID] = append(out[a.SectionID], a)
	}
	return out, nil
}

// PublishDue publishes every scheduled article whose time has come and
// returns their ids. Run at start and then periodically, it catches up on
// whatever fell due while the server was down.
func (s *Store) PublishDue(ctx context.Context, now time.Time) ([]int64, error) {
	var ids []int64
	err := s.tx(ctx, func(t *txn) error {
		// One statement that both finds and changes the rows: of several
		// nodes ticking at once, each article is returned to exactly one,
		// which alone logs and announces it.
		rows, err := t.query(ctx, `UPDATE articles SET status = 'published', version = version + 1
			WHERE status = 'scheduled' AND published_at <= $1 RETURNING id`, now.Unix())
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if err := t.syncListingTimes(ctx, id); err != nil {
				return err
			}
			if err := t.indexArticle(ctx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: publish due articles: %w", err)
	}
	return ids, nil
}

// DeleteArticle removes an article with its revisions, views, redirects
// and search index entry.
func (s *Store) DeleteArticle(ctx context.Context, id int64) error {
	return s.tx(ctx, func(t *txn) error {
		if s.engine == SQLite {
			if err := t.unindexFTS5(ctx, id); err != nil {
				return err
			}
		}
		res, err := t.exec(ctx, `DELETE FROM articles WHERE id = $1`, id)
		if err != nil {
			return fmt.Errorf("store: delete article %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: delete article %d: %w", id, ErrNotFound)
		}
		return nil
	})
}
