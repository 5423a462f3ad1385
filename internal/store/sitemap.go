package store

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// MonthStat counts the published articles of one calendar month (UTC) and
// their latest change: one sitemap's worth of facts.
type MonthStat struct {
	Year    int
	Month   time.Month
	Count   int
	LastMod time.Time
}

// PublishedMonths lists the months that have published articles, oldest
// first. It is one grouped scan; callers cache it until the next publish.
func (s *Store) PublishedMonths(ctx context.Context) ([]MonthStat, error) {
	month := `strftime('%Y%m', published_at, 'unixepoch')`
	if s.engine == Postgres {
		month = `to_char(to_timestamp(published_at) AT TIME ZONE 'UTC', 'YYYYMM')`
	}
	rows, err := s.query(ctx, `SELECT `+month+` AS m, count(*), max(updated_at) FROM articles
		WHERE status = 'published' GROUP BY m ORDER BY m`)
	if err != nil {
		return nil, fmt.Errorf("store: published months: %w", err)
	}
	defer rows.Close()
	var out []MonthStat
	for rows.Next() {
		var m string
		var st MonthStat
		var last int64
		if err := rows.Scan(&m, &st.Count, &last); err != nil {
			return nil, fmt.Errorf("store: published months: %w", err)
		}
		ym, err := strconv.Atoi(m)
		if err != nil {
			return nil, fmt.Errorf("store: published months: month %q: %w", m, err)
		}
		st.Year, st.Month, st.LastMod = ym/100, time.Month(ym%100), time.Unix(last, 0).UTC()
		out = append(out, st)
	}
	return out, rows.Err()
}

// ArticleURL is what a sitemap needs of an article.
type ArticleURL struct {
	ID          int64
	Slug        string
	SectionSlug string
	Updated     time.Time
}

// Path is the article's canonical path, as content.Article.Path.
func (u ArticleURL) Path() string {
	return "/" + u.SectionSlug + "/" + strconv.FormatInt(u.ID, 10) + "/" + u.Slug
}

// PublishedURLs lists published articles with from <= published < to,
// oldest first, skipping the first offset and returning at most limit:
// the few columns a sitemap needs, without bodies or bylines, so a month
// of 50,000 articles is one light query.
func (s *Store) PublishedURLs(ctx context.Context, from, to time.Time, offset, limit int) ([]ArticleURL, error) {
	rows, err := s.query(ctx, `SELECT a.id, a.slug, s.slug, a.updated_at FROM articles a
		JOIN sections s ON s.id = a.section_id
		WHERE a.status = 'published' AND a.published_at >= $1 AND a.published_at < $2
		ORDER BY a.published_at, a.id LIMIT $3 OFFSET $4`, from.Unix(), to.Unix(), limit, offset)
	if err != nil {
		return nil, fmt.Errorf("store: published urls: %w", err)
	}
	defer rows.Close()
	var out []ArticleURL
	for rows.Next() {
		var u ArticleURL
		var updated int64
		if err := rows.Scan(&u.ID, &u.Slug, &u.SectionSlug, &updated); err != nil {
			return nil, fmt.Errorf("store: published urls: %w", err)
		}
		u.Updated = time.Unix(updated, 0).UTC()
		out = append(out, u)
	}
	return out, rows.Err()
}
