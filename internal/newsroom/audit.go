package newsroom

import (
	"net/http"
	"strconv"

	"akhbar/internal/auth"
	"akhbar/internal/store"
)

const auditPerPage = 100

type auditPage struct {
	*page
	Entries          []store.AuditEntry
	Page             int
	PrevURL, NextURL string
}

// actionLabels name audit actions in Urdu.
var actionLabels = map[string]string{
	"login": "سائن اِن", "login_failed": "ناکام سائن اِن", "login_blocked": "سائن اِن روکا گیا", "logout": "سائن آؤٹ",
	"publish": "اشاعت", "schedule": "اشاعت طے", "unpublish": "اشاعت واپس", "submit": "نظرِ ثانی کے لیے پیش",
	"draft": "مسودے میں واپس", "edit_live": "شائع شدہ میں ترمیم", "delete": "حذف", "restore": "نسخہ بحال",
	"role_change": "کردار کی تبدیلی", "user_create": "نیا صارف", "user_disable": "صارف بند", "user_enable": "صارف بحال",
	"password_change": "پاس ورڈ کی تبدیلی", "sessions_end": "دیگر سیشن ختم", "scheduled_publish": "طے شدہ اشاعت", "settings_change": "ترتیبات کی تبدیلی", "media_replace": "تصویر کی تبدیلی", "media_delete": "تصویر حذف",
	"breaking_raise": "بریکنگ نیوز جاری", "breaking_end": "بریکنگ نیوز ہٹائی گئی", "frontpage_set": "صفحۂ اول کی ترتیب",
	"live_start": "لائیو کوریج شروع", "live_end": "لائیو کوریج ختم", "live_update": "لائیو اپ ڈیٹ شائع", "live_edit": "لائیو اپ ڈیٹ میں ترمیم",
	"live_pin": "لائیو اپ ڈیٹ سب سے اوپر", "live_unpin": "لائیو اپ ڈیٹ اوپر سے ہٹائی گئی", "live_delete": "لائیو اپ ڈیٹ حذف",
	"section_create": "نیا حصہ", "section_update": "حصے میں تبدیلی", "section_move": "حصوں کی ترتیب", "section_delete": "حصہ حذف",
	"tag_rename": "ٹیگ کا نام یا پتا بدلا", "tag_merge": "ٹیگ ضم",
}

// audit shows who did what and when, to admins.
func (n *Newsroom) audit(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ViewAudit, nil) {
		n.forbidden(w, r, req)
		return
	}
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pageNo = max(pageNo, 1)
	entries, err := n.store.AuditLog(r.Context(), auditPerPage+1, (pageNo-1)*auditPerPage)
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	ap := auditPage{page: n.newPage(r, req, "آڈٹ لاگ"), Page: pageNo}
	if len(entries) > auditPerPage {
		entries = entries[:auditPerPage]
		ap.NextURL = "/newsroom/audit?page=" + strconv.Itoa(pageNo+1)
	}
	if pageNo > 1 {
		ap.PrevURL = "/newsroom/audit?page=" + strconv.Itoa(pageNo-1)
	}
	for i := range entries {
		if l, ok := actionLabels[entries[i].Action]; ok {
			entries[i].Action = l
		}
	}
	ap.Entries = entries
	n.show(w, http.StatusOK, "audit", ap)
}
