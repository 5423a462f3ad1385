package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"akhbar/internal/content"
)

// APIToken is a personal access token for the content API. The secret
// itself is never stored: Hash is its hex SHA-256 (auth.HashAPIToken).
type APIToken struct {
	ID         int64
	UserID     int64
	UserName   string // the owner's name, filled when listing
	Name       string
	Hash       string
	Prefix     string   // the secret's first characters, to tell tokens apart
	Scopes     []string // auth.Scope values; the owner's role bounds them again at every use
	CreatedAt  time.Time
	ExpiresAt  time.Time // zero: never
	LastUsedAt time.Time // zero: never used
	RevokedAt  time.Time // zero: not revoked
}

// Revoked reports whether the token was revoked.
func (t APIToken) Revoked() bool { return !t.RevokedAt.IsZero() }

// Expired reports whether the token has expired at now.
func (t APIToken) Expired(now time.Time) bool {
	return !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)
}

// Active reports whether the token may still be used at now.
func (t APIToken) Active(now time.Time) bool { return !t.Revoked() && !t.Expired(now) }

const tokenColumns = `t.id, t.user_id, COALESCE(u.name, ''), t.name, t.token_hash, t.prefix, t.scopes,
	t.created_at, t.expires_at, t.last_used_at, t.revoked_at`

func scanToken(sc interface{ Scan(...any) error }) (APIToken, error) {
	var t APIToken
	var scopes string
	var created int64
	var expires, used, revoked sql.NullInt64
	err := sc.Scan(&t.ID, &t.UserID, &t.UserName, &t.Name, &t.Hash, &t.Prefix, &scopes, &created, &expires, &used, &revoked)
	t.Scopes = strings.Fields(scopes)
	t.CreatedAt = time.Unix(created, 0).UTC()
	t.ExpiresAt, t.LastUsedAt, t.RevokedAt = fromUnix(expires), fromUnix(used), fromUnix(revoked)
	return t, err
}

// CreateAPIToken stores a new token; on success t.ID holds its id.
func (s *Store) CreateAPIToken(ctx context.Context, t *APIToken) error {
	if t.UserID == 0 || t.Name == "" || t.Hash == "" {
		return fmt.Errorf("store: create API token: %w: owner, name and hash are needed", content.ErrInvalid)
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = time.Now()
	}
	err := s.queryRowWrite(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, scopes, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		t.UserID, t.Name, t.Hash, t.Prefix, strings.Join(t.Scopes, " "), t.CreatedAt.Unix(), unix(t.ExpiresAt)).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("store: create API token for user %d: %w", t.UserID, err)
	}
	return nil
}

// APITokenByHash finds a token by the hash of its secret, with its owner,
// whatever its state: the caller tells revoked, expired and disabled apart.
func (s *Store) APITokenByHash(ctx context.Context, hash string) (APIToken, content.User, error) {
	row := s.queryRow(ctx, `SELECT `+tokenColumns+`, `+prefixed("u.", userColumns)+`
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`, hash)
	var u content.User
	t, err := scanToken(scanFunc(func(tokenDest ...any) error {
		var err error
		u, err = scanUser(scanFunc(func(userDest ...any) error { return row.Scan(append(tokenDest, userDest...)...) }))
		return err
	}))
	if err != nil {
		return t, u, notFound(err, "API token")
	}
	return t, u, nil
}

// APIToken returns one token by id.
func (s *Store) APIToken(ctx context.Context, id int64) (APIToken, error) {
	t, err := scanToken(s.queryRow(ctx, `SELECT `+tokenColumns+`
		FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id WHERE t.id = $1`, id))
	if err != nil {
		return t, notFound(err, fmt.Sprintf("API token %d", id))
	}
	return t, nil
}

// APITokens lists a user's tokens (everyone's for userID 0), newest first.
func (s *Store) APITokens(ctx context.Context, userID int64) ([]APIToken, error) {
	q := `SELECT ` + tokenColumns + ` FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id`
	var args []any
	if userID != 0 {
		q += ` WHERE t.user_id = $1`
		args = append(args, userID)
	}
	rows, err := s.query(ctx, q+` ORDER BY t.created_at DESC, t.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: API tokens of user %d: %w", userID, err)
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("store: API tokens of user %d: %w", userID, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes token id at now. Revoking a revoked token
// changes nothing and is not an error.
func (s *Store) RevokeAPIToken(ctx context.Context, id int64, now time.Time) error {
	res, err := s.exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, now.Unix(), id)
	if err != nil {
		return fmt.Errorf("store: revoke API token %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		if _, err := s.APIToken(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// TouchAPIToken records that token id was used at now.
func (s *Store) TouchAPIToken(ctx context.Context, id int64, now time.Time) error {
	if _, err := s.exec(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now.Unix(), id); err != nil {
		return fmt.Errorf("store: touch API token %d: %w", id, err)
	}
	return nil
}
