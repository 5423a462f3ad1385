package newsroom

import (
	"fmt"
	"net/http"
	"net/mail"
	"strings"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/urdu"
)

type usersPage struct {
	*page
	Users    []content.User
	Roles    []content.Role
	Problems []string
}

func (n *Newsroom) showUsers(w http.ResponseWriter, r *http.Request, req *request, code int, problems []string) {
	users, err := n.store.Users(r.Context())
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.show(w, code, "users", usersPage{page: n.newPage(r, req, "صارفین"), Users: users, Roles: content.Roles, Problems: problems})
}

// users lists newsroom accounts for admins.
func (n *Newsroom) users(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ManageUsers, nil) {
		n.forbidden(w, r, req)
		return
	}
	n.showUsers(w, r, req, http.StatusOK, nil)
}

// createUser adds an account with a first password.
func (n *Newsroom) createUser(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ManageUsers, nil) {
		n.forbidden(w, r, req)
		return
	}
	var problems []string
	addr, err := mail.ParseAddress(strings.TrimSpace(r.PostFormValue("email")))
	if err != nil {
		problems = append(problems, "درست ای میل لکھیں۔")
	}
	name := content.NormalizeLabel(r.PostFormValue("name"))
	if name == "" {
		problems = append(problems, "نام لکھنا ضروری ہے۔")
	}
	role := content.Role(r.PostFormValue("role"))
	if !role.Valid() {
		problems = append(problems, "کردار منتخب کریں۔")
	}
	hash, err := auth.HashPassword(r.PostFormValue("password"))
	if err != nil {
		problems = append(problems, passwordProblem(err))
	}
	if len(problems) > 0 {
		n.showUsers(w, r, req, http.StatusUnprocessableEntity, problems)
		return
	}
	email := strings.ToLower(addr.Address)
	local, _, _ := strings.Cut(email, "@")
	slug := urdu.Slug(r.PostFormValue("slug"))
	if r.PostFormValue("slug") == "" {
		slug = urdu.Slug(name)
		if slug == "khabar" { // the fallback: the name had nothing to transliterate
			slug = urdu.Slug(local)
		}
	}
	u := content.User{Email: email, Name: name, Slug: slug, Role: role, PasswordHash: hash, CreatedAt: n.now()}
	id, err := n.store.CreateUser(r.Context(), u)
	if err != nil {
		if _, lookErr := n.store.UserByEmail(r.Context(), email); lookErr == nil {
			n.showUsers(w, r, req, http.StatusConflict, []string{"اس ای میل سے ایک صارف پہلے سے موجود ہے۔"})
			return
		}
		n.showUsers(w, r, req, http.StatusConflict, []string{"یہ صارف نہیں بن سکا: شاید یہی نام (یو آر ایل) کسی اور کا ہے۔"})
		return
	}
	n.record(r.Context(), r, req.User.ID, "user_create", "user", id, email+" "+string(role))
	http.Redirect(w, r, "/newsroom/users?done=user", http.StatusSeeOther)
}

// updateUser changes a user's role or disables them; disabling ends
// their sessions at once.
func (n *Newsroom) updateUser(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ManageUsers, nil) {
		n.forbidden(w, r, req)
		return
	}
	u, ok := fromPath(n, w, r, req, n.store.UserByID)
	if !ok {
		return
	}
	role := content.Role(r.PostFormValue("role"))
	if !role.Valid() {
		n.showUsers(w, r, req, http.StatusUnprocessableEntity, []string{"کردار منتخب کریں۔"})
		return
	}
	disabled := r.PostFormValue("disabled") == "on"
	if u.ID == req.User.ID && (role != content.RoleAdmin || disabled) {
		n.showUsers(w, r, req, http.StatusUnprocessableEntity, []string{"آپ اپنا منتظم کا کردار خود نہیں ہٹا سکتے، نہ اپنا اکاؤنٹ بند کر سکتے ہیں۔"})
		return
	}
	oldRole, wasDisabled := u.Role, u.Disabled
	u.Role, u.Disabled = role, disabled
	if err := n.store.UpdateUser(r.Context(), u); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if oldRole != role {
		n.record(r.Context(), r, req.User.ID, "role_change", "user", u.ID, fmt.Sprintf("%s: %s → %s", u.Email, oldRole, role))
	}
	if disabled != wasDisabled {
		action := "user_enable"
		if disabled {
			action = "user_disable"
			if _, err := n.store.DeleteUserSessions(r.Context(), u.ID, ""); err != nil {
				n.serverError(w, r, req, err)
				return
			}
		}
		n.record(r.Context(), r, req.User.ID, action, "user", u.ID, u.Email)
	}
	http.Redirect(w, r, "/newsroom/users?done=user", http.StatusSeeOther)
}

// userTwoFactorOff turns off another user's two-factor sign-in, for one
// who lost both their phone and their recovery codes. Where the site
// requires it, they set it up again at their next sign-in.
func (n *Newsroom) userTwoFactorOff(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ManageUsers, nil) {
		n.forbidden(w, r, req)
		return
	}
	u, ok := fromPath(n, w, r, req, n.store.UserByID)
	if !ok {
		return
	}
	if u.ID == req.User.ID {
		n.showUsers(w, r, req, http.StatusUnprocessableEntity, []string{"اپنی دو مرحلہ تصدیق «میرا اکاؤنٹ» سے بند کریں۔"})
		return
	}
	if err := n.store.DisableTwoFactor(r.Context(), u.ID); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "2fa_disable", "user", u.ID, "by an admin: "+u.Email)
	http.Redirect(w, r, "/newsroom/users?done=user", http.StatusSeeOther)
}
