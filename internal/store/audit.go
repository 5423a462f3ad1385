package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
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
	Repeats  int    // how many times it happened (AuditRepeated counts into one entry)
}

// Bounds on what an entry keeps. Anonymous forms put what they like into
// entries (the e-mail of a failed sign-in), so every field is cut short.
const (
	maxAuditDetail = 512
	maxAuditField  = 64
)

// clip cuts s to at most n bytes at a character boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func (e *AuditEntry) bound() {
	e.Action, e.Target = clip(e.Action, maxAuditField), clip(e.Target, maxAuditField)
	e.Detail, e.IP = clip(strings.ToValidUTF8(e.Detail, "\uFFFD"), maxAuditDetail), clip(e.IP, maxAuditField)
	if e.At.IsZero() {
		e.At = time.Now()
	}
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
	e.bound()
	_, err := s.exec(ctx, `INSERT INTO audit_log (at, user_id, action, target, target_id, detail, ip, node)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, e.At.Unix(), user, e.Action, e.Target, target, e.Detail, e.IP, s.node)
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditRepeated appends e, or counts it in the newest entry with the same
// action and address (and detail, when sameDetail) this node wrote within window,
// which then takes e's time. A flood of refused sign-ins from one address
// so costs one row per window and node.
func (s *Store) AuditRepeated(ctx context.Context, e AuditEntry, window time.Duration, sameDetail bool) error {
	e.bound()
	q := `UPDATE audit_log SET repeats = repeats + 1, at = $1 WHERE id = (
		SELECT id FROM audit_log WHERE at >= $2 AND action = $3 AND ip = $4 AND node = $5 AND ($6 = 0 OR detail = $7)
		ORDER BY at DESC, id DESC LIMIT 1)`
	same := 0
	if sameDetail {
		same = 1
	}
	res, err := s.exec(ctx, q, e.At.Unix(), e.At.Add(-window).Unix(), e.Action, e.IP, s.node, same, e.Detail)
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", e.Action, err)
	}
	if n, err := res.RowsAffected(); err == nil && n > 0 {
		return nil
	}
	return s.Audit(ctx, e)
}

// AuditLog lists entries newest first, a page at a time.
func (s *Store) AuditLog(ctx context.Context, limit, offset int) ([]AuditEntry, error) {
	rows, err := s.query(ctx, `SELECT l.id, l.at, l.user_id, COALESCE(u.name, ''), l.action, l.target, l.target_id, l.detail, l.ip, l.node, l.repeats
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
		if err := rows.Scan(&e.ID, &at, &user, &e.UserName, &e.Action, &e.Target, &target, &e.Detail, &e.IP, &e.Node, &e.Repeats); err != nil {
			return nil, fmt.Errorf("store: audit log: %w", err)
		}
		e.At, e.UserID, e.TargetID = time.Unix(at, 0).UTC(), user.Int64, target.Int64
		out = append(out, e)
	}
	return out, rows.Err()
}
