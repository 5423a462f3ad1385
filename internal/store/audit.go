package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// AuditEntry records who did what and when in the newsroom.
type AuditEntry struct {
	ID       int64
	At       time.Time
	UserID   int64
	UserName string // filled when listing
	Action   string // login, login_failed, logout, publish, unpublish, schedule, delete, role_change, …
	Target   string // "article", "user", …
	TargetID int64
	Detail   string
	IP       string
	Node     string // the app node that wrote the entry
}

// Audit appends an entry to the audit log.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	var user, target any
	if e.UserID != 0 {
		user = e.UserID
	}
	if e.TargetID != 0 {
		target = e.TargetID
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	_, err := s.exec(ctx, `INSERT INTO audit_log (at, user_id, action, target, target_id, detail, ip, node)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, e.At.Unix(), user, e.Action, e.Target, target, e.Detail, e.IP, s.node)
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditLog lists entries newest first, a page at a time.
func (s *Store) AuditLog(ctx context.Context, limit, offset int) ([]AuditEntry, error) {
	rows, err := s.query(ctx, `SELECT l.id, l.at, l.user_id, COALESCE(u.name, ''), l.action, l.target, l.target_id, l.detail, l.ip, l.node
		FROM audit_log l LEFT JOIN users u ON u.id = l.user_id
		ORDER BY l.at DESC, l.id DESC LIMIT $1 OFFSET $2`, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		var user, target sql.NullInt64
		if err := rows.Scan(&e.ID, &at, &user, &e.UserName, &e.Action, &e.Target, &target, &e.Detail, &e.IP, &e.Node); err != nil {
			return nil, fmt.Errorf("store: audit log: %w", err)
		}
		e.At, e.UserID, e.TargetID = time.Unix(at, 0).UTC(), user.Int64, target.Int64
		out = append(out, e)
	}
	return out, rows.Err()
}
