package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// TwoFactor is a user's TOTP state: the base32 secret, when it was turned
// on (zero while an enrolment waits for its first code) and the time step
// of the last code accepted.
type TwoFactor struct {
	Secret    string
	EnabledAt time.Time
	LastStep  int64
}

// TwoFactorOf returns a user's TOTP state; an empty Secret: none.
func (s *Store) TwoFactorOf(ctx context.Context, userID int64) (TwoFactor, error) {
	var tf TwoFactor
	var enabled sql.NullInt64
	err := s.queryRow(ctx, `SELECT totp_secret, totp_enabled_at, totp_last_step FROM users WHERE id = $1`, userID).
		Scan(&tf.Secret, &enabled, &tf.LastStep)
	if err != nil {
		return tf, notFound(err, fmt.Sprintf("user %d", userID))
	}
	tf.EnabledAt = fromUnix(enabled)
	return tf, nil
}

// ErrTwoFactorOn means two-factor sign-in is already on for the user, so
// an enrolment cannot start or finish.
var ErrTwoFactorOn = errors.New("store: two-factor sign-in is already on")

// StartTwoFactor stores a new secret awaiting confirmation, replacing any
// earlier unconfirmed one; it refuses while two-factor is on.
func (s *Store) StartTwoFactor(ctx context.Context, userID int64, secret string) error {
	res, err := s.exec(ctx, `UPDATE users SET totp_secret = $1, totp_last_step = 0
		WHERE id = $2 AND totp_enabled_at IS NULL`, secret, userID)
	if err != nil {
		return fmt.Errorf("store: start two-factor for user %d: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: start two-factor for user %d: %w", userID, ErrTwoFactorOn)
	}
	return nil
}

// EnableTwoFactor turns two-factor on with the waiting secret, which must
// still be secret (a second enrolment started meanwhile wins over this
// one), records step as used, and replaces the recovery codes with the
// given hashes, in one transaction.
func (s *Store) EnableTwoFactor(ctx context.Context, userID int64, secret string, step int64, codeHashes []string, now time.Time) error {
	err := s.tx(ctx, func(t *txn) error {
		res, err := t.exec(ctx, `UPDATE users SET totp_enabled_at = $1, totp_last_step = $2
			WHERE id = $3 AND totp_secret = $4 AND totp_secret <> '' AND totp_enabled_at IS NULL`, now.Unix(), step, userID, secret)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrTwoFactorOn
		}
		return t.replaceRecoveryCodes(ctx, userID, codeHashes, now)
	})
	if err != nil {
		return fmt.Errorf("store: enable two-factor for user %d: %w", userID, err)
	}
	return nil
}

// DisableTwoFactor turns two-factor off: the secret and the recovery
// codes go.
func (s *Store) DisableTwoFactor(ctx context.Context, userID int64) error {
	err := s.tx(ctx, func(t *txn) error {
		if _, err := t.exec(ctx, `UPDATE users SET totp_secret = '', totp_enabled_at = NULL, totp_last_step = 0 WHERE id = $1`, userID); err != nil {
			return err
		}
		_, err := t.exec(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: disable two-factor for user %d: %w", userID, err)
	}
	return nil
}

// UseTwoFactorStep records that a code of the given time step was
// accepted, unless a code of that step or a later one already was: each
// code works once (RFC 6238 section 5.2), even when two nodes are handed
// it at the same moment, because the check and the write are one
// statement.
func (s *Store) UseTwoFactorStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := s.exec(ctx, `UPDATE users SET totp_last_step = $1
		WHERE id = $2 AND totp_enabled_at IS NOT NULL AND totp_last_step < $1`, step, userID)
	if err != nil {
		return false, fmt.Errorf("store: use two-factor code of user %d: %w", userID, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ReplaceRecoveryCodes drops a user's recovery codes, used or not, and
// stores the given hashes instead.
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, userID int64, codeHashes []string, now time.Time) error {
	err := s.tx(ctx, func(t *txn) error { return t.replaceRecoveryCodes(ctx, userID, codeHashes, now) })
	if err != nil {
		return fmt.Errorf("store: replace recovery codes of user %d: %w", userID, err)
	}
	return nil
}

func (t *txn) replaceRecoveryCodes(ctx context.Context, userID int64, codeHashes []string, now time.Time) error {
	if _, err := t.exec(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, h := range codeHashes {
		if _, err := t.exec(ctx, `INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)`,
			userID, h, now.Unix()); err != nil {
			return err
		}
	}
	return nil
}

// UseRecoveryCode spends an unused recovery code: true when the hash was
// one of the user's and had not been used, in one statement, so a code
// works once.
func (s *Store) UseRecoveryCode(ctx context.Context, userID int64, codeHash string, now time.Time) (bool, error) {
	res, err := s.exec(ctx, `UPDATE recovery_codes SET used_at = $1
		WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL`, now.Unix(), userID, codeHash)
	if err != nil {
		return false, fmt.Errorf("store: use recovery code of user %d: %w", userID, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// RecoveryCodesLeft counts a user's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: recovery codes of user %d: %w", userID, err)
	}
	return n, nil
}

// Purposes of a login challenge.
const (
	ChallengeCode  = "code"  // the password was right; a code must follow
	ChallengeEnrol = "enrol" // the password was right; two-factor is required and must be set up
)

// LoginChallenge is the half-signed-in state between the password and
// the second step. It is not a session: it opens only the second step's
// pages, for a few minutes. The browser holds the token, the database
// its hash.
type LoginChallenge struct {
	TokenHash string
	UserID    int64
	Purpose   string
	Next      string // where to go once signed in
	CreatedAt time.Time
	ExpiresAt time.Time
}

// CreateLoginChallenge stores a challenge.
func (s *Store) CreateLoginChallenge(ctx context.Context, c LoginChallenge) error {
	_, err := s.exec(ctx, `INSERT INTO login_challenges (token_hash, user_id, purpose, next, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, c.TokenHash, c.UserID, c.Purpose, c.Next, c.CreatedAt.Unix(), c.ExpiresAt.Unix())
	if err != nil {
		return fmt.Errorf("store: create sign-in challenge for user %d: %w", c.UserID, err)
	}
	return nil
}

// LoginChallengeByHash returns a challenge that has not expired.
func (s *Store) LoginChallengeByHash(ctx context.Context, tokenHash string, now time.Time) (LoginChallenge, error) {
	c := LoginChallenge{TokenHash: tokenHash}
	var created, expires int64
	err := s.queryRow(ctx, `SELECT user_id, purpose, next, created_at, expires_at FROM login_challenges
		WHERE token_hash = $1 AND expires_at > $2`, tokenHash, now.Unix()).Scan(&c.UserID, &c.Purpose, &c.Next, &created, &expires)
	if err != nil {
		return c, notFound(err, "sign-in challenge")
	}
	c.CreatedAt, c.ExpiresAt = time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC()
	return c, nil
}

// DeleteLoginChallenge ends a challenge (used, or given up). It reports
// whether there was one to end, so two requests racing with the same
// challenge cannot both finish signing in.
func (s *Store) DeleteLoginChallenge(ctx context.Context, tokenHash string) (bool, error) {
	res, err := s.exec(ctx, `DELETE FROM login_challenges WHERE token_hash = $1`, tokenHash)
	if err != nil {
		return false, fmt.Errorf("store: delete sign-in challenge: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// DeleteExpiredLoginChallenges removes challenges past their expiry; the
// scheduler runs it with the expired sessions.
func (s *Store) DeleteExpiredLoginChallenges(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM login_challenges WHERE expires_at <= $1`, now.Unix())
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sign-in challenges: %w", err)
	}
	return res.RowsAffected()
}
