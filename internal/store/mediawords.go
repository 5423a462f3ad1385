package store

import (
	"context"
	"fmt"
	"strings"

	"akhbar/internal/urdu"
)

// maxMediaSearchWords bounds a library search: each word is one LIKE.
const maxMediaSearchWords = 8

// mediaWords is what a library search looks in: the caption, credit, alt
// text and file name, folded loosely (urdu.FoldLoose: the site search's
// folding, and آ written as ا), so however a reporter types a word, with
// an Arabic keyboard or diacritics or other digits, it matches.
func mediaWords(caption, credit, alt, filename string) string {
	return urdu.FoldLoose(caption + " " + credit + " " + alt + " " + filename)
}

// mediaMatch returns the WHERE clause (with its arguments, from $1) that
// keeps the images holding every word of text, or "" for an empty text.
func mediaMatch(text string) (string, []any) {
	var conds []string
	var args []any
	seen := map[string]bool{}
	for _, w := range urdu.Tokens(urdu.FoldLoose(text)) {
		if seen[w] {
			continue
		}
		if len(conds) == maxMediaSearchWords {
			break
		}
		seen[w] = true
		args = append(args, "%"+likeEscaper.Replace(w)+"%")
		conds = append(conds, fmt.Sprintf(`m.words_folded LIKE $%d ESCAPE '\'`, len(args)))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// fillMediaWords folds the searchable words of every image that lacks
// them (those stored before migration 0015), in batches.
func (s *Store) fillMediaWords(ctx context.Context) error {
	for {
		rows, err := s.query(ctx, `SELECT id, caption, credit, alt, filename FROM media WHERE words_folded IS NULL ORDER BY id LIMIT 500`)
		if err != nil {
			return fmt.Errorf("store: fold media words: %w", err)
		}
		type row struct {
			id                         int64
			caption, credit, alt, name string
		}
		var batch []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.caption, &r.credit, &r.alt, &r.name); err != nil {
				rows.Close()
				return fmt.Errorf("store: fold media words: %w", err)
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: fold media words: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		err = s.tx(ctx, func(t *txn) error {
			for _, r := range batch {
				if _, err := t.exec(ctx, `UPDATE media SET words_folded = $1 WHERE id = $2`,
					mediaWords(r.caption, r.credit, r.alt, r.name), r.id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: fold media words: %w", err)
		}
	}
}
