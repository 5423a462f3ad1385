package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"akhbar/internal/content"
)

// Live coverage. Every change to an article's updates (post, edit, pin,
// delete) runs in one transaction that first locks the article's
// live_coverage row (lockLive) and gives each changed update the next
// sequence number. The lock makes two nodes posting at once take turns,
// so numbers are never shared and commit in the order they were given:
// a reader who has seen number N has seen everything before it.

// StartLive turns article into live coverage at now, or resumes coverage
// that was ended (keeping its first start). It reports whether anything
// changed: starting coverage that runs already does nothing.
func (s *Store) StartLive(ctx context.Context, articleID, by int64, now time.Time) (changed bool, err error) {
	err = s.tx(ctx, func(t *txn) error {
		var one int
		if err := t.queryRow(ctx, `SELECT 1 FROM articles WHERE id = $1`, articleID).Scan(&one); err != nil {
			return notFound(err, fmt.Sprintf("article %d", articleID))
		}
		res, err := t.exec(ctx, `INSERT INTO live_coverage (article_id, started_at, started_by) VALUES ($1, $2, $3)
			ON CONFLICT (article_id) DO UPDATE SET ended_at = NULL WHERE live_coverage.ended_at IS NOT NULL`,
			articleID, now.Unix(), nullID(by))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		changed = n > 0
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: start live coverage of article %d: %w", articleID, err)
	}
	return changed, nil
}

// EndLive ends article's live coverage at now; its updates stay on the
// page. It reports whether anything changed (ending ended coverage does
// nothing); coverage never started is ErrNotFound.
func (s *Store) EndLive(ctx context.Context, articleID int64, now time.Time) (changed bool, err error) {
	res, err := s.exec(ctx, `UPDATE live_coverage SET ended_at = $2 WHERE article_id = $1 AND ended_at IS NULL`,
		articleID, now.Unix())
	if err != nil {
		return false, fmt.Errorf("store: end live coverage of article %d: %w", articleID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n > 0 {
		return true, nil
	}
	if _, err := s.LiveCoverage(ctx, articleID); err != nil {
		return false, err
	}
	return false, nil
}

// LiveCoverage returns article's coverage; ErrNotFound if it was never live.
func (s *Store) LiveCoverage(ctx context.Context, articleID int64) (content.LiveCoverage, error) {
	c := content.LiveCoverage{ArticleID: articleID}
	var started, ended, by sql.NullInt64
	var status string
	err := s.queryRow(ctx, `SELECT c.started_at, c.ended_at, c.started_by, c.seq, a.status
		FROM live_coverage c JOIN articles a ON a.id = c.article_id WHERE c.article_id = $1`, articleID).
		Scan(&started, &ended, &by, &c.Seq, &status)
	if err != nil {
		return c, notFound(err, fmt.Sprintf("live coverage of article %d", articleID))
	}
	c.StartedAt, c.EndedAt, c.StartedBy = fromUnix(started), fromUnix(ended), by.Int64
	c.Published = content.Status(status) == content.StatusPublished
	return c, nil
}

// liveSeq hands out an article's sequence numbers inside one transaction.
type liveSeq struct {
	article int64
	last    int64
	running bool // the coverage has not ended
}

// next is the number for the next changed update.
func (q *liveSeq) next() int64 { q.last++; return q.last }

// lockLive locks article's coverage row until the transaction ends (on
// PostgreSQL the UPDATE takes the row lock; SQLite has one writer) and
// reads its sequence. Coverage never started is ErrNotFound.
func (t *txn) lockLive(ctx context.Context, articleID int64) (*liveSeq, error) {
	q := &liveSeq{article: articleID}
	var ended sql.NullInt64
	err := t.queryRow(ctx, `UPDATE live_coverage SET seq = seq WHERE article_id = $1 RETURNING seq, ended_at`,
		articleID).Scan(&q.last, &ended)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("live coverage of article %d", articleID))
	}
	q.running = !ended.Valid
	return q, nil
}

// save stores the last number handed out.
func (q *liveSeq) save(ctx context.Context, t *txn) error {
	_, err := t.exec(ctx, `UPDATE live_coverage SET seq = $2 WHERE article_id = $1`, q.article, q.last)
	return err
}

// liveTx runs fn with article's coverage locked, then saves the numbers fn took.
func (s *Store) liveTx(ctx context.Context, articleID int64, fn func(t *txn, q *liveSeq) error) error {
	return s.tx(ctx, func(t *txn) error {
		q, err := t.lockLive(ctx, articleID)
		if err != nil {
			return err
		}
		if err := fn(t, q); err != nil {
			return err
		}
		return q.save(ctx, t)
	})
}

// checkMedia refuses an update's picture that is not in the library.
func (t *txn) checkMedia(ctx context.Context, id int64) error {
	if id == 0 {
		return nil
	}
	var one int
	err := t.queryRow(ctx, `SELECT 1 FROM media WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: media %d does not exist", content.ErrInvalid, id)
	}
	return err
}

// ErrLiveEnded refuses a new update to coverage that has ended.
var ErrLiveEnded = fmt.Errorf("%w: live coverage has ended", content.ErrInvalid)

// PostLive validates u and adds it to its article's running coverage at
// now. On success u.ID, u.Seq and the times hold the stored values.
func (s *Store) PostLive(ctx context.Context, u *content.LiveUpdate, now time.Time) error {
	if err := u.Validate(); err != nil {
		return fmt.Errorf("store: post live update to article %d: %w", u.ArticleID, err)
	}
	u.CreatedAt, u.UpdatedAt = now.Truncate(time.Second), now.Truncate(time.Second)
	err := s.liveTx(ctx, u.ArticleID, func(t *txn, q *liveSeq) error {
		if !q.running {
			return ErrLiveEnded
		}
		if err := t.checkMedia(ctx, u.MediaID); err != nil {
			return err
		}
		u.Seq, u.Pinned, u.Deleted = q.next(), false, false
		return t.queryRow(ctx, `INSERT INTO live_updates (article_id, seq, kind, text_html, media_id, quote, quote_source,
			author_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			u.ArticleID, u.Seq, string(u.Kind), u.TextHTML, nullID(u.MediaID), u.Quote, u.QuoteSource,
			nullID(u.AuthorID), u.CreatedAt.Unix()).Scan(&u.ID)
	})
	if err != nil {
		return fmt.Errorf("store: post live update to article %d: %w", u.ArticleID, err)
	}
	return nil
}

// EditLive replaces the words and picture of update u.ID (of article
// u.ArticleID) at now; its time of posting and pin stay. Editing works
// after the coverage ended too: corrections come late. A deleted or
// unknown update is ErrNotFound.
func (s *Store) EditLive(ctx context.Context, u *content.LiveUpdate, now time.Time) error {
	if err := u.Validate(); err != nil {
		return fmt.Errorf("store: edit live update %d: %w", u.ID, err)
	}
	u.UpdatedAt = now.Truncate(time.Second)
	err := s.liveTx(ctx, u.ArticleID, func(t *txn, q *liveSeq) error {
		if err := t.checkMedia(ctx, u.MediaID); err != nil {
			return err
		}
		u.Seq = q.next()
		res, err := t.exec(ctx, `UPDATE live_updates SET seq = $3, kind = $4, text_html = $5, media_id = $6, quote = $7,
			quote_source = $8, updated_at = $9 WHERE id = $1 AND article_id = $2 AND deleted = FALSE`,
			u.ID, u.ArticleID, u.Seq, string(u.Kind), u.TextHTML, nullID(u.MediaID), u.Quote, u.QuoteSource, u.UpdatedAt.Unix())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: edit live update %d: %w", u.ID, err)
	}
	return nil
}

// ErrTooManyPins refuses a pin beyond content.LiveMaxPins.
var ErrTooManyPins = fmt.Errorf("%w: at most %d live updates may be pinned", content.ErrInvalid, content.LiveMaxPins)

// PinLive pins update id of article (pin true) or unpins it. It reports
// whether anything changed. A deleted or unknown update is ErrNotFound; a
// pin beyond content.LiveMaxPins is ErrTooManyPins and changes nothing
// (the count is taken under the coverage row's lock, so two editors
// pinning at once cannot both pass it).
func (s *Store) PinLive(ctx context.Context, articleID, id int64, pin bool) (changed bool, err error) {
	err = s.liveTx(ctx, articleID, func(t *txn, q *liveSeq) error {
		var pinned bool
		err := t.queryRow(ctx, `SELECT pinned FROM live_updates WHERE id = $1 AND article_id = $2 AND deleted = FALSE`,
			id, articleID).Scan(&pinned)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil || pinned == pin {
			return err
		}
		if pin {
			var n int
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM live_updates WHERE article_id = $1 AND pinned = TRUE`, articleID).Scan(&n); err != nil {
				return err
			}
			if n >= content.LiveMaxPins {
				return ErrTooManyPins
			}
		}
		if _, err := t.exec(ctx, `UPDATE live_updates SET pinned = $2, seq = $3 WHERE id = $1`, id, pin, q.next()); err != nil {
			return err
		}
		changed = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: pin live update %d: %w", id, err)
	}
	return changed, nil
}

// DeleteLive takes update id of article off the page at now. The row
// stays as an emptied tombstone with a new number, so readers who
// reconnect are told to remove it. Deleting twice is ErrNotFound.
func (s *Store) DeleteLive(ctx context.Context, articleID, id int64, now time.Time) error {
	err := s.liveTx(ctx, articleID, func(t *txn, q *liveSeq) error {
		res, err := t.exec(ctx, `UPDATE live_updates SET deleted = TRUE, pinned = FALSE, text_html = '', media_id = NULL,
			quote = '', quote_source = '', seq = $3, updated_at = $4 WHERE id = $1 AND article_id = $2 AND deleted = FALSE`,
			id, articleID, q.next(), now.Unix())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: delete live update %d: %w", id, err)
	}
	return nil
}

const liveUpdateColumns = `l.id, l.article_id, l.seq, l.kind, l.text_html, l.media_id, l.quote, l.quote_source, l.pinned,
	l.author_id, l.created_at, l.updated_at, l.deleted, u.name, u.slug`

// liveUpdates runs a query of liveUpdateColumns and loads the pictures.
func (s *Store) liveUpdates(ctx context.Context, where string, args ...any) ([]content.LiveUpdate, error) {
	rows, err := s.query(ctx, `SELECT `+liveUpdateColumns+` FROM live_updates l LEFT JOIN users u ON u.id = l.author_id `+where, args...)
	if err != nil {
		return nil, err
	}
	var out []content.LiveUpdate
	var mediaIDs []int64
	for rows.Next() {
		var u content.LiveUpdate
		var media, author, created, updated sql.NullInt64
		var name, slug sql.NullString
		if err := rows.Scan(&u.ID, &u.ArticleID, &u.Seq, &u.Kind, &u.TextHTML, &media, &u.Quote, &u.QuoteSource, &u.Pinned,
			&author, &created, &updated, &u.Deleted, &name, &slug); err != nil {
			rows.Close()
			return nil, err
		}
		u.MediaID, u.AuthorID = media.Int64, author.Int64
		u.CreatedAt, u.UpdatedAt = fromUnix(created), fromUnix(updated)
		if author.Valid && name.Valid {
			u.Author = &content.User{ID: author.Int64, Name: name.String, Slug: slug.String}
		}
		if u.MediaID != 0 {
			mediaIDs = append(mediaIDs, u.MediaID)
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(mediaIDs) > 0 {
		media, err := s.MediaByIDs(ctx, mediaIDs)
		if err != nil {
			return nil, err
		}
		for i := range out {
			out[i].Media = media[out[i].MediaID]
		}
	}
	return out, nil
}

// LiveUpdates lists article's updates that are not deleted, newest
// first, with their pictures and authors.
func (s *Store) LiveUpdates(ctx context.Context, articleID int64) ([]content.LiveUpdate, error) {
	list, err := s.liveUpdates(ctx, `WHERE l.article_id = $1 AND l.deleted = FALSE ORDER BY l.created_at DESC, l.id DESC`, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: live updates of article %d: %w", articleID, err)
	}
	return list, nil
}

// LiveChangesSince lists the updates of article changed after sequence
// number since, deleted ones included, in the order they changed: what a
// reader who saw since must apply to catch up.
func (s *Store) LiveChangesSince(ctx context.Context, articleID, since int64) ([]content.LiveUpdate, error) {
	list, err := s.liveUpdates(ctx, `WHERE l.article_id = $1 AND l.seq > $2 ORDER BY l.seq`, articleID, since)
	if err != nil {
		return nil, fmt.Errorf("store: live changes of article %d since %d: %w", articleID, since, err)
	}
	return list, nil
}

// LatestLiveUpdates returns, for those of ids with live updates, when the
// newest was posted or last edited, in one query (for feeds).
func (s *Store) LatestLiveUpdates(ctx context.Context, ids []int64) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.query(ctx, `SELECT article_id, MAX(updated_at) FROM live_updates
		WHERE deleted = FALSE AND article_id IN (`+placeholders(1, len(ids))+`) GROUP BY article_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: latest live updates: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var at sql.NullInt64
		if err := rows.Scan(&id, &at); err != nil {
			return nil, fmt.Errorf("store: latest live updates: %w", err)
		}
		out[id] = fromUnix(at)
	}
	return out, rows.Err()
}
