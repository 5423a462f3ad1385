package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"akhbar/internal/content"
)

// RaiseBreaking validates b and raises it at now, taking down any strip
// still showing: one shows at a time. A linked article must exist and be
// published. On success b.ID and b.RaisedAt hold the stored values.
func (s *Store) RaiseBreaking(ctx context.Context, b *content.Breaking, now time.Time) error {
	if err := b.Validate(now); err != nil {
		return fmt.Errorf("store: raise breaking news: %w", err)
	}
	b.RaisedAt = now.Truncate(time.Second)
	err := s.tx(ctx, func(t *txn) error {
		if b.ArticleID != 0 {
			var status string
			err := t.queryRow(ctx, `SELECT status FROM articles WHERE id = $1`, b.ArticleID).Scan(&status)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("%w: article %d does not exist", content.ErrInvalid, b.ArticleID)
			}
			if err != nil {
				return err
			}
			if content.Status(status) != content.StatusPublished {
				return fmt.Errorf("%w: article %d is not published", content.ErrInvalid, b.ArticleID)
			}
		}
		if _, err := t.exec(ctx, `UPDATE breaking_news SET ended_at = $1
			WHERE ended_at IS NULL AND expires_at > $1`, b.RaisedAt.Unix()); err != nil {
			return err
		}
		return t.queryRow(ctx, `INSERT INTO breaking_news (text, article_id, raised_by, raised_at, expires_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			b.Text, nullID(b.ArticleID), nullID(b.RaisedBy), b.RaisedAt.Unix(), b.ExpiresAt.Unix()).Scan(&b.ID)
	})
	if err != nil {
		return fmt.Errorf("store: raise breaking news: %w", err)
	}
	return nil
}

// EndBreaking takes strip id down at now. Ending one already ended or
// expired changes nothing and is not an error.
func (s *Store) EndBreaking(ctx context.Context, id int64, now time.Time) error {
	res, err := s.exec(ctx, `UPDATE breaking_news SET ended_at = $1
		WHERE id = $2 AND ended_at IS NULL AND expires_at > $1`, now.Unix(), id)
	if err != nil {
		return fmt.Errorf("store: end breaking news %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		var one int
		if err := s.queryRow(ctx, `SELECT 1 FROM breaking_news WHERE id = $1`, id).Scan(&one); err != nil {
			return notFound(err, fmt.Sprintf("breaking news %d", id))
		}
	}
	return nil
}

// breakingColumns are a strip's columns, for scanBreaking.
const breakingColumns = `b.id, b.text, b.article_id, b.raised_by, b.raised_at, b.expires_at, b.ended_at`

func scanBreaking(sc interface{ Scan(...any) error }) (content.Breaking, error) {
	var b content.Breaking
	var article, by, raised, expires, ended sql.NullInt64
	err := sc.Scan(&b.ID, &b.Text, &article, &by, &raised, &expires, &ended)
	b.ArticleID, b.RaisedBy = article.Int64, by.Int64
	b.RaisedAt, b.ExpiresAt, b.EndedAt = fromUnix(raised), fromUnix(expires), fromUnix(ended)
	return b, err
}

// CurrentBreaking returns the strip showing at now, with its linked
// article when that is still published, or nil when none shows.
func (s *Store) CurrentBreaking(ctx context.Context, now time.Time) (*content.Breaking, error) {
	b, err := scanBreaking(s.queryRow(ctx, `SELECT `+breakingColumns+` FROM breaking_news b
		WHERE b.ended_at IS NULL AND b.expires_at > $1 AND b.raised_at <= $1
		ORDER BY b.raised_at DESC, b.id DESC LIMIT 1`, now.Unix()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: current breaking news: %w", err)
	}
	if b.ArticleID != 0 {
		a, err := s.Article(ctx, b.ArticleID)
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return nil, err
		case a.Status == content.StatusPublished:
			b.Article = &a
		}
	}
	return &b, nil
}

// RecentBreaking lists the newest strips, showing or not, for the
// newsroom's record.
func (s *Store) RecentBreaking(ctx context.Context, limit int) ([]content.Breaking, error) {
	rows, err := s.query(ctx, `SELECT `+breakingColumns+` FROM breaking_news b
		ORDER BY b.raised_at DESC, b.id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: recent breaking news: %w", err)
	}
	defer rows.Close()
	var out []content.Breaking
	for rows.Next() {
		b, err := scanBreaking(rows)
		if err != nil {
			return nil, fmt.Errorf("store: recent breaking news: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
