package newsroom

import (
	"errors"
	"fmt"
	"net/http"

	"akhbar/internal/auth"
	"akhbar/internal/store"
)

type accountPage struct {
	*page
	Sessions []store.Session
	Current  string
	Problems []string
}

func (n *Newsroom) showAccount(w http.ResponseWriter, r *http.Request, req *request, code int, problems []string) {
	sessions, err := n.store.UserSessions(r.Context(), req.User.ID, n.now())
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.show(w, code, "account", accountPage{page: n.newPage(r, req, "میرا اکاؤنٹ"), Sessions: sessions,
		Current: auth.CurrentHash(r), Problems: problems})
}

// account shows the user's sessions and the password form.
func (n *Newsroom) account(w http.ResponseWriter, r *http.Request, req *request) {
	n.showAccount(w, r, req, http.StatusOK, nil)
}

// changePassword checks the current password, sets the new one and signs
// out every other session.
func (n *Newsroom) changePassword(w http.ResponseWriter, r *http.Request, req *request) {
	current, next, confirm := r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("confirm")
	if req.User.PasswordHash == "" || auth.VerifyPassword(req.User.PasswordHash, current) != nil {
		n.showAccount(w, r, req, http.StatusUnprocessableEntity, []string{"موجودہ پاس ورڈ درست نہیں۔"})
		return
	}
	if next != confirm {
		n.showAccount(w, r, req, http.StatusUnprocessableEntity, []string{"نیا پاس ورڈ اور اس کی تصدیق ایک جیسے نہیں۔"})
		return
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		n.showAccount(w, r, req, http.StatusUnprocessableEntity, []string{passwordProblem(err)})
		return
	}
	if err := n.store.SetPassword(r.Context(), req.User.ID, hash); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	if _, err := n.store.DeleteUserSessions(r.Context(), req.User.ID, req.Session.TokenHash); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "password_change", "user", req.User.ID, "")
	http.Redirect(w, r, "/newsroom/account?done=password", http.StatusSeeOther)
}

// endOtherSessions signs the user out everywhere but here.
func (n *Newsroom) endOtherSessions(w http.ResponseWriter, r *http.Request, req *request) {
	if _, err := n.store.DeleteUserSessions(r.Context(), req.User.ID, req.Session.TokenHash); err != nil {
		n.serverError(w, r, req, err)
		return
	}
	n.record(r.Context(), r, req.User.ID, "sessions_end", "user", req.User.ID, "")
	http.Redirect(w, r, "/newsroom/account?done=sessions", http.StatusSeeOther)
}

// passwordProblem says in Urdu why a new password was refused.
func passwordProblem(err error) string {
	switch {
	case errors.Is(err, auth.ErrCommonPassword):
		return "یہ پاس ورڈ بہت عام ہے، حملہ آور سب سے پہلے یہی آزماتے ہیں؛ کوئی اور پاس ورڈ چنیں۔"
	case errors.Is(err, auth.ErrBusy):
		return "اس وقت سرور مصروف ہے؛ چند لمحوں بعد دوبارہ کوشش کریں۔"
	case errors.Is(err, auth.ErrTooLong):
		return "پاس ورڈ بہت لمبا ہے۔"
	}
	return fmt.Sprintf("پاس ورڈ کم از کم %d حروف کا ہونا چاہیے۔", auth.MinPasswordLength)
}
