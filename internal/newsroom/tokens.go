package newsroom

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/store"
)

// tokensTitle names the page of personal access tokens for the content API.
const tokensTitle = "اے پی آئی ٹوکن"

func init() {
	// The tokens page and the audit log's names for what it and the
	// token-authenticated API record (internal/api).
	pages = append(pages, "tokens")
	for k, v := range map[string]string{
		"token_create": "اے پی آئی ٹوکن بنایا", "token_revoke": "اے پی آئی ٹوکن منسوخ",
		"article_create": "نیا مضمون (اے پی آئی)", "article_edit": "مضمون میں ترمیم (اے پی آئی)", "media_upload": "تصویر اپ لوڈ (اے پی آئی)",
	} {
		actionLabels[k] = v
	}
}

// tokenExpiries are the lifetimes offered for a new token, in days (0: never).
var tokenExpiries = []struct {
	Days  int
	Label string
}{{30, "۳۰ دن"}, {90, "۹۰ دن"}, {365, "ایک سال"}, {0, "کبھی نہیں"}}

const defaultTokenDays = 90

type tokenForm struct {
	Name   string
	Scopes []string
	Days   int
}

type tokenRow struct {
	store.APIToken
	State     string // in Urdu: active, expired, revoked
	Active    bool
	Scopes    []string // labels
	CanRevoke bool
}

// tokenTable is one list of tokens on the page.
type tokenTable struct {
	Rows  []tokenRow
	CSRF  string
	Owner bool // show each token's owner
}

type scopeChoice struct {
	Scope   auth.Scope
	Label   string
	Allowed bool // the user's role allows it
	Checked bool
}

type tokensPage struct {
	*page
	Mine     tokenTable
	Others   tokenTable // admins: everyone else's
	SeesAll  bool
	Scopes   []scopeChoice
	Expiries []struct {
		Days  int
		Label string
	}
	Form     tokenForm
	Problems []string
	// Created is the secret of the token just made: shown on this one
	// answer, never stored, never shown again.
	Created     string
	CreatedName string
}

// seesAllTokens: admins see and revoke everyone's tokens.
func seesAllTokens(u content.User) bool { return auth.Can(u, auth.ManageUsers, nil) }

func (n *Newsroom) showTokens(w http.ResponseWriter, r *http.Request, req *request, code int, f tokenForm, problems []string, created, createdName string) {
	ctx := r.Context()
	tp := tokensPage{page: n.newPage(r, req, tokensTitle), SeesAll: seesAllTokens(req.User), Expiries: tokenExpiries,
		Form: f, Problems: problems, Created: created, CreatedName: createdName}
	if r.URL.Query().Get("done") == "revoked" {
		tp.Flash = "ٹوکن منسوخ کر دیا گیا؛ اب اس سے کوئی درخواست قبول نہیں ہو گی۔"
	}
	tp.Mine.CSRF, tp.Others.CSRF, tp.Others.Owner = tp.CSRF, tp.CSRF, true
	for _, s := range auth.Scopes {
		tp.Scopes = append(tp.Scopes, scopeChoice{Scope: s, Label: s.Label(), Allowed: auth.ScopeAllowed(req.User, s),
			Checked: slices.Contains(f.Scopes, string(s))})
	}
	owner := req.User.ID
	if tp.SeesAll {
		owner = 0
	}
	list, err := n.store.APITokens(ctx, owner)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	now := n.now()
	for _, t := range list {
		row := tokenRow{APIToken: t, Active: t.Active(now), CanRevoke: t.Active(now)}
		switch {
		case t.Revoked():
			row.State = "منسوخ"
		case t.Expired(now):
			row.State = "میعاد ختم"
		default:
			row.State = "فعال"
		}
		for _, s := range t.Scopes {
			row.Scopes = append(row.Scopes, auth.Scope(s).Label())
		}
		if t.UserID == req.User.ID {
			tp.Mine.Rows = append(tp.Mine.Rows, row)
		} else {
			tp.Others.Rows = append(tp.Others.Rows, row)
		}
	}
	n.show(w, code, "tokens", tp)
}

// tokens lists the user's personal access tokens (an admin's page lists
// everyone's) and the form for a new one.
func (n *Newsroom) tokens(w http.ResponseWriter, r *http.Request, req *request) {
	n.showTokens(w, r, req, http.StatusOK, tokenForm{Days: defaultTokenDays, Scopes: []string{string(auth.ScopeReadDrafts)}}, nil, "", "")
}

// createToken makes a token with the scopes chosen, each of which the
// user's role must allow, and shows its secret once.
func (n *Newsroom) createToken(w http.ResponseWriter, r *http.Request, req *request) {
	f := tokenForm{Name: content.NormalizeLabel(r.PostFormValue("name")), Scopes: r.PostForm["scopes"], Days: -1}
	if d, err := strconv.Atoi(r.PostFormValue("expires")); err == nil {
		for _, e := range tokenExpiries {
			if e.Days == d {
				f.Days = d
			}
		}
	}
	var problems []string
	code := http.StatusUnprocessableEntity
	if f.Name == "" {
		problems = append(problems, "ٹوکن کا نام لکھیں، جیسے «موبائل ایپ» یا «شراکت دار کی ویب سائٹ»۔")
	}
	if len(f.Name) > 100 {
		problems = append(problems, "ٹوکن کا نام زیادہ سے زیادہ سو حروف کا ہو سکتا ہے۔")
	}
	if f.Days < 0 {
		problems = append(problems, "ٹوکن کی میعاد منتخب کریں۔")
	}
	var scopes []string
	for _, s := range f.Scopes {
		sc := auth.Scope(s)
		switch {
		case !sc.Valid():
			problems = append(problems, fmt.Sprintf("نامعلوم اختیار «%s»۔", s))
		case !auth.ScopeAllowed(req.User, sc):
			problems = append(problems, fmt.Sprintf("آپ کا کردار («%s») «%s» کی اجازت نہیں دیتا، اس لیے یہ اختیار ٹوکن کو نہیں دیا جا سکتا۔",
				req.User.Role.Label(), sc.Label()))
			code = http.StatusForbidden
		case !slices.Contains(scopes, s):
			scopes = append(scopes, s)
		}
	}
	if len(f.Scopes) == 0 {
		problems = append(problems, "کم از کم ایک اختیار منتخب کریں۔")
	}
	if len(problems) > 0 {
		n.showTokens(w, r, req, code, f, problems, "", "")
		return
	}
	secret, hash, err := auth.NewAPIToken()
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	now := n.now()
	t := store.APIToken{UserID: req.User.ID, Name: f.Name, Hash: hash, Prefix: secret[:len(auth.APITokenPrefix)+4],
		Scopes: scopes, CreatedAt: now}
	if f.Days > 0 {
		t.ExpiresAt = now.Add(time.Duration(f.Days) * 24 * time.Hour)
	}
	if err := n.store.CreateAPIToken(r.Context(), &t); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "token_create", "api_token", t.ID, f.Name+" ("+strings.Join(scopes, " ")+")")
	n.showTokens(w, r, req, http.StatusOK, tokenForm{Days: defaultTokenDays}, nil, secret, f.Name)
}

// revokeToken revokes one of the user's tokens (an admin, anyone's).
func (n *Newsroom) revokeToken(w http.ResponseWriter, r *http.Request, req *request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		n.notFound(w, r, req)
		return
	}
	t, err := n.store.APIToken(r.Context(), id)
	if errors.Is(err, content.ErrNotFound) {
		n.notFound(w, r, req)
		return
	}
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if t.UserID != req.User.ID && !seesAllTokens(req.User) {
		n.forbidden(w, r, req)
		return
	}
	if err := n.store.RevokeAPIToken(r.Context(), t.ID, n.now()); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	detail := t.Name
	if t.UserID != req.User.ID {
		detail += " (" + t.UserName + ")"
	}
	n.record(r.Context(), r, req.User.ID, "token_revoke", "api_token", t.ID, detail)
	http.Redirect(w, r, "/newsroom/tokens?done=revoked", http.StatusSeeOther)
}
