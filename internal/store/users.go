package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"akhbar/internal/content"
)

const userColumns = `id, email, name, slug, role, bio, password_hash, disabled, created_at, totp_enabled_at`

func scanUser(sc interface{ Scan(...any) error }) (content.User, error) {
	var u content.User
	var created, twoFactor sql.NullInt64
	err := sc.Scan(&u.ID, &u.Email, &u.Name, &u.Slug, &u.Role, &u.Bio, &u.PasswordHash, &u.Disabled, &created, &twoFactor)
	u.CreatedAt, u.TwoFactorSince = fromUnix(created), fromUnix(twoFactor)
	return u, err
}

// CreateUser stores a new user and returns its id.
func (s *Store) CreateUser(ctx context.Context, u content.User) (int64, error) {
	if !u.Role.Valid() {
		return 0, fmt.Errorf("store: create user %q: %w: role %q", u.Email, content.ErrInvalid, u.Role)
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	var id int64
	err := s.queryRowWrite(ctx, `INSERT INTO users (email, name, slug, role, bio, password_hash, disabled, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		u.Email, u.Name, u.Slug, string(u.Role), u.Bio, u.PasswordHash, u.Disabled, u.CreatedAt.Unix()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create user %q: %w", u.Email, err)
	}
	return id, nil
}

// SetPassword replaces a user's password hash.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string) error {
	res, err := s.exec(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID)
	if err != nil {
		return fmt.Errorf("store: set password of user %d: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: set password of user %d: %w", userID, ErrNotFound)
	}
	return nil
}

// UserByEmail finds a user by login email.
func (s *Store) UserByEmail(ctx context.Context, email string) (content.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
	if err != nil {
		return u, notFound(err, "user "+email)
	}
	return u, nil
}

// UserBySlug finds a user by the slug of their author page.
func (s *Store) UserBySlug(ctx context.Context, slug string) (content.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE slug = $1`, slug))
	if err != nil {
		return u, notFound(err, "user "+slug)
	}
	return u, nil
}

// Users lists every user by name.
func (s *Store) Users(ctx context.Context) ([]content.User, error) {
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	var us []content.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: users: %w", err)
		}
		us = append(us, u)
	}
	return us, rows.Err()
}

// queryRowWrite runs a statement that returns a row (INSERT … RETURNING)
// on the writer connection.
func (s *Store) queryRowWrite(ctx context.Context, q string, args ...any) *sql.Row {
	s.queries.Add(1)
	return s.write.QueryRowContext(ctx, q, args...)
}

// UserByID finds a user by id.
func (s *Store) UserByID(ctx context.Context, id int64) (content.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return u, notFound(err, fmt.Sprintf("user %d", id))
	}
	return u, nil
}

// UpdateUser changes a user's name, role, bio and whether they may sign in.
func (s *Store) UpdateUser(ctx context.Context, u content.User) error {
	if !u.Role.Valid() {
		return fmt.Errorf("store: update user %d: %w: role %q", u.ID, content.ErrInvalid, u.Role)
	}
	res, err := s.exec(ctx, `UPDATE users SET name = $1, role = $2, bio = $3, disabled = $4 WHERE id = $5`,
		u.Name, string(u.Role), u.Bio, u.Disabled, u.ID)
	if err != nil {
		return fmt.Errorf("store: update user %d: %w", u.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: update user %d: %w", u.ID, ErrNotFound)
	}
	return nil
}
