package store

import (
	"context"
	"fmt"
	"time"

	"akhbar/internal/content"
)

// Session is a signed-in newsroom browser. The cookie holds a random
// token; the database keeps only its hash, so a leaked database cannot
// be used to sign in.
type Session struct {
	TokenHash  string
	UserID     int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	IP         string
	UserAgent  string
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, se Session) error {
	_, err := s.exec(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		se.TokenHash, se.UserID, se.CSRFToken, se.CreatedAt.Unix(), se.LastSeenAt.Unix(), se.ExpiresAt.Unix(), se.IP, se.UserAgent)
	if err != nil {
		return fmt.Errorf("store: create session for user %d: %w", se.UserID, err)
	}
	return nil
}

// SessionUser returns a live session and its user, if the session exists,
// has not expired and the user is not disabled.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (Session, content.User, error) {
	var se Session
	var created, seen, expires int64
	row := s.queryRow(ctx, `SELECT se.token_hash, se.user_id, se.csrf_token, se.created_at, se.last_seen_at, se.expires_at,
		se.ip, se.user_agent, `+prefixed("u.", userColumns)+`
		FROM sessions se JOIN users u ON u.id = se.user_id
		WHERE se.token_hash = $1 AND se.expires_at > $2 AND u.disabled = FALSE`, tokenHash, now.Unix())
	u, err := scanUser(scanFunc(func(dest ...any) error {
		return row.Scan(append([]any{&se.TokenHash, &se.UserID, &se.CSRFToken, &created, &seen, &expires, &se.IP, &se.UserAgent}, dest...)...)
	}))
	if err != nil {
		return se, u, notFound(err, "session")
	}
	se.CreatedAt, se.LastSeenAt, se.ExpiresAt = time.Unix(created, 0), time.Unix(seen, 0), time.Unix(expires, 0)
	return se, u, nil
}

// TouchSession records a session's latest activity.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, seen time.Time) error {
	_, err := s.exec(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, seen.Unix(), tokenHash)
	if err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// DeleteSession signs one browser out.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions signs a user out everywhere, except the session
// keepHash (empty to keep none). It returns how many it ended.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64, keepHash string) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, keepHash)
	if err != nil {
		return 0, fmt.Errorf("store: delete sessions of user %d: %w", userID, err)
	}
	return res.RowsAffected()
}

// UserSessions lists a user's live sessions, newest activity first.
func (s *Store) UserSessions(ctx context.Context, userID int64, now time.Time) ([]Session, error) {
	rows, err := s.query(ctx, `SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent
		FROM sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC`, userID, now.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: sessions of user %d: %w", userID, err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var se Session
		var created, seen, expires int64
		if err := rows.Scan(&se.TokenHash, &se.UserID, &se.CSRFToken, &created, &seen, &expires, &se.IP, &se.UserAgent); err != nil {
			return nil, fmt.Errorf("store: sessions of user %d: %w", userID, err)
		}
		se.CreatedAt, se.LastSeenAt, se.ExpiresAt = time.Unix(created, 0), time.Unix(seen, 0), time.Unix(expires, 0)
		out = append(out, se)
	}
	return out, rows.Err()
}

// DeleteExpiredSessions removes sessions past their expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, now.Unix())
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}
