package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"akhbar/internal/content"
)

const mediaColumns = `m.id, m.format, m.width, m.height, m.bytes, m.filename, m.caption, m.credit, m.alt, m.created_by, m.created_at, m.updated_at`

func scanMedia(sc interface{ Scan(...any) error }) (content.Media, error) {
	var m content.Media
	var by sql.NullInt64
	var created, updated int64
	err := sc.Scan(&m.ID, &m.Format, &m.Width, &m.Height, &m.Bytes, &m.Filename, &m.Caption, &m.Credit, &m.Alt, &by, &created, &updated)
	m.CreatedBy, m.CreatedAt, m.UpdatedAt = by.Int64, time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
	return m, err
}

func insertVariants(ctx context.Context, t *txn, id int64, vs []content.MediaVariant) error {
	for _, v := range vs {
		if _, err := t.exec(ctx, `INSERT INTO media_variants (media_id, width, height, format, storage_key, bytes, original)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, v.Width, v.Height, v.Format, v.Key, v.Bytes, v.Original); err != nil {
			return fmt.Errorf("store: media %d variant %d %s: %w", id, v.Width, v.Format, err)
		}
	}
	return nil
}

// CreateMedia stores an uploaded image and its renditions; m.ID is set.
func (s *Store) CreateMedia(ctx context.Context, m *content.Media) error {
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now()
	}
	m.UpdatedAt = m.CreatedAt
	var by any
	if m.CreatedBy != 0 {
		by = m.CreatedBy
	}
	return s.tx(ctx, func(t *txn) error {
		err := t.queryRow(ctx, `INSERT INTO media (format, width, height, bytes, filename, caption, credit, alt, words_folded,
			created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
			m.Format, m.Width, m.Height, m.Bytes, m.Filename, m.Caption, m.Credit, m.Alt, mediaWords(m.Caption, m.Credit, m.Alt, m.Filename),
			by, m.CreatedAt.Unix()).Scan(&m.ID)
		if err != nil {
			return fmt.Errorf("store: create media: %w", err)
		}
		return insertVariants(ctx, t, m.ID, m.Variants)
	})
}

// ReplaceMediaFile puts a new picture under an existing media id, so every
// article using it shows the new one. It returns the storage keys of the
// old renditions, which the caller deletes from storage afterwards.
func (s *Store) ReplaceMediaFile(ctx context.Context, m *content.Media, now time.Time) (oldKeys []string, err error) {
	err = s.tx(ctx, func(t *txn) error {
		rows, err := t.query(ctx, `SELECT storage_key FROM media_variants WHERE media_id = $1`, m.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return err
			}
			oldKeys = append(oldKeys, k)
		}
		rows.Close()
		// The new file name is searched too: words_folded is refolded from
		// the stored words and the new name.
		var caption, credit, alt string
		err = t.queryRow(ctx, `SELECT caption, credit, alt FROM media WHERE id = $1`, m.ID).Scan(&caption, &credit, &alt)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE media SET format = $1, width = $2, height = $3, bytes = $4, filename = $5, updated_at = $6,
			words_folded = $7 WHERE id = $8`, m.Format, m.Width, m.Height, m.Bytes, m.Filename, now.Unix(),
			mediaWords(caption, credit, alt, m.Filename), m.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err := t.exec(ctx, `DELETE FROM media_variants WHERE media_id = $1`, m.ID); err != nil {
			return err
		}
		return insertVariants(ctx, t, m.ID, m.Variants)
	})
	if err != nil {
		return nil, fmt.Errorf("store: replace media %d: %w", m.ID, err)
	}
	return oldKeys, nil
}

// UpdateMediaText changes an image's caption, credit and alt text.
func (s *Store) UpdateMediaText(ctx context.Context, id int64, caption, credit, alt string, now time.Time) error {
	err := s.tx(ctx, func(t *txn) error {
		var filename string
		err := t.queryRow(ctx, `SELECT filename FROM media WHERE id = $1`, id).Scan(&filename)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		_, err = t.exec(ctx, `UPDATE media SET caption = $1, credit = $2, alt = $3, words_folded = $4, updated_at = $5 WHERE id = $6`,
			caption, credit, alt, mediaWords(caption, credit, alt, filename), now.Unix(), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: update media %d: %w", id, err)
	}
	return nil
}

// Media returns one image with its renditions.
func (s *Store) Media(ctx context.Context, id int64) (content.Media, error) {
	m, err := scanMedia(s.queryRow(ctx, `SELECT `+mediaColumns+` FROM media m WHERE m.id = $1`, id))
	if err != nil {
		return m, notFound(err, fmt.Sprintf("media %d", id))
	}
	list := []*content.Media{&m}
	return m, s.fillVariants(ctx, list)
}

// MediaByIDs returns the images with these ids, with renditions, in one
// round of queries (for pages that show many articles).
func (s *Store) MediaByIDs(ctx context.Context, ids []int64) (map[int64]*content.Media, error) {
	out := map[int64]*content.Media{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.query(ctx, `SELECT `+mediaColumns+` FROM media m WHERE m.id IN (`+placeholders(1, len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: media: %w", err)
	}
	var list []*content.Media
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: media: %w", err)
		}
		list = append(list, &m)
		out[m.ID] = &m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.fillVariants(ctx, list)
}

func (s *Store) fillVariants(ctx context.Context, list []*content.Media) error {
	if len(list) == 0 {
		return nil
	}
	args := make([]any, len(list))
	byID := map[int64]*content.Media{}
	for i, m := range list {
		args[i] = m.ID
		byID[m.ID] = m
	}
	rows, err := s.query(ctx, `SELECT media_id, width, height, format, storage_key, bytes, original FROM media_variants
		WHERE media_id IN (`+placeholders(1, len(args))+`) ORDER BY media_id, width, format`, args...)
	if err != nil {
		return fmt.Errorf("store: media variants: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v content.MediaVariant
		if err := rows.Scan(&id, &v.Width, &v.Height, &v.Format, &v.Key, &v.Bytes, &v.Original); err != nil {
			return fmt.Errorf("store: media variants: %w", err)
		}
		byID[id].Variants = append(byID[id].Variants, v)
	}
	return rows.Err()
}

// MediaList lists the library, newest first, optionally only images whose
// caption, credit, alt text or file name holds every word of text, folded
// as in mediaWords (so Arabic-keyboard letters, diacritics and any digits
// match), each word anywhere, even inside a longer one.
func (s *Store) MediaList(ctx context.Context, text string, limit, offset int) ([]content.Media, int, error) {
	where, args := mediaMatch(text)
	var total int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM media m`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count media: %w", err)
	}
	args = append(args, limit, offset)
	rows, err := s.query(ctx, `SELECT `+mediaColumns+` FROM media m`+where+
		fmt.Sprintf(` ORDER BY m.created_at DESC, m.id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: media list: %w", err)
	}
	var list []content.Media
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("store: media list: %w", err)
		}
		list = append(list, m)
	}
	rows.Close()
	ptrs := make([]*content.Media, len(list))
	for i := range list {
		ptrs[i] = &list[i]
	}
	return list, total, s.fillVariants(ctx, ptrs)
}

// MediaUsage lists the articles, in any state, that use an image: as
// their lead image or in their body.
func (s *Store) MediaUsage(ctx context.Context, id int64) ([]content.Article, error) {
	rows, err := s.query(ctx, `SELECT `+articleListColumns+` FROM articles a JOIN sections s ON s.id = a.section_id
		WHERE a.lead_media_id = $1 OR a.id IN (SELECT article_id FROM article_media WHERE media_id = $1)
		ORDER BY a.updated_at DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("store: usage of media %d: %w", id, err)
	}
	defer rows.Close()
	var out []content.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("store: usage of media %d: %w", id, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DeleteMedia removes an image that no article or live update uses,
// returning the storage keys to delete. An image in use is refused with
// content.ErrConflict.
func (s *Store) DeleteMedia(ctx context.Context, id int64) (keys []string, err error) {
	err = s.tx(ctx, func(t *txn) error {
		var used int
		// Lead images, images in bodies, and pictures in live updates still on a page.
		if err := t.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM articles WHERE lead_media_id = $1)
			+ (SELECT COUNT(*) FROM article_media WHERE media_id = $1)
			+ (SELECT COUNT(*) FROM live_updates WHERE media_id = $1 AND deleted = FALSE)`, id).Scan(&used); err != nil {
			return err
		}
		if used > 0 {
			return fmt.Errorf("used %d times: %w", used, content.ErrConflict)
		}
		rows, err := t.query(ctx, `SELECT storage_key FROM media_variants WHERE media_id = $1`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return err
			}
			keys = append(keys, k)
		}
		rows.Close()
		res, err := t.exec(ctx, `DELETE FROM media WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: delete media %d: %w", id, err)
	}
	return keys, nil
}

// fillLeads loads the lead images of the given articles in one go.
func (s *Store) fillLeads(ctx context.Context, list []content.Article) error {
	var ids []int64
	seen := map[int64]bool{}
	for _, a := range list {
		if a.LeadMediaID != 0 && !seen[a.LeadMediaID] {
			ids = append(ids, a.LeadMediaID)
			seen[a.LeadMediaID] = true
		}
	}
	if len(ids) == 0 {
		return nil
	}
	media, err := s.MediaByIDs(ctx, ids)
	if err != nil {
		return err
	}
	for i := range list {
		list[i].Lead = media[list[i].LeadMediaID]
	}
	return nil
}

// UnreferencedKeys returns those of keys that no library entry names.
// Renditions are stored under their content hash, so an entry made from
// the same bytes as another shares its files: a file may be removed only
// when no entry is left that names it.
func (s *Store) UnreferencedKeys(ctx context.Context, keys []string) ([]string, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	rows, err := s.query(ctx, `SELECT DISTINCT storage_key FROM media_variants
		WHERE storage_key IN (`+placeholders(1, len(args))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: media keys in use: %w", err)
	}
	defer rows.Close()
	used := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("store: media keys in use: %w", err)
		}
		used[k] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: media keys in use: %w", err)
	}
	var free []string
	for _, k := range keys {
		if !used[k] {
			free = append(free, k)
			used[k] = true // once, if keys repeats it
		}
	}
	return free, nil
}
