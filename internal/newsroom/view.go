package newsroom

import (
	"net/http"
	"net/url"

	"akhbar/internal/auth"
	"akhbar/internal/content"
)

// page is what every newsroom page shows: the bar with the user and the
// navigation they are allowed, and the form token.
type page struct {
	Title    string
	SiteName string
	User     content.User
	CSRF     string
	Flash    string
	Error    string
	Nav      []navLink
}

type navLink struct {
	Path, Label string
	Current     bool
}

func (n *Newsroom) newPage(r *http.Request, req *request, title string) *page {
	p := &page{Title: title, SiteName: n.site.Settings().SiteName}
	if req == nil {
		return p
	}
	p.User, p.CSRF = req.User, req.Session.CSRFToken
	links := []navLink{{"/newsroom/", "مضامین", false}}
	if auth.Can(req.User, auth.CreateArticle, nil) {
		links = append(links, navLink{"/newsroom/articles/new", "نیا مضمون", false})
	}
	if auth.CanMedia(req.User, auth.UploadMedia, nil) {
		links = append(links, navLink{"/newsroom/media", "تصاویر", false})
	}
	if auth.Can(req.User, auth.ManageFrontPage, nil) {
		links = append(links, navLink{"/newsroom/front", frontTitle, false})
	}
	if auth.Can(req.User, auth.ManageBreaking, nil) {
		links = append(links, navLink{"/newsroom/breaking", breakingTitle, false})
	}
	if auth.Can(req.User, auth.ManageSections, nil) {
		links = append(links, navLink{"/newsroom/sections", sectionsTitle, false})
	}
	if auth.Can(req.User, auth.ManageTags, nil) {
		links = append(links, navLink{"/newsroom/tags", tagsTitle, false})
	}
	if auth.Can(req.User, auth.ManageUsers, nil) {
		links = append(links, navLink{"/newsroom/users", "صارفین", false})
	}
	if auth.Can(req.User, auth.ManageSettings, nil) {
		links = append(links, navLink{"/newsroom/settings", "ترتیبات", false})
	}
	if n.hooks != nil && auth.Can(req.User, auth.ManageWebhooks, nil) {
		links = append(links, navLink{"/newsroom/webhooks", webhooksTitle, false})
	}
	if auth.Can(req.User, auth.ViewAudit, nil) {
		links = append(links, navLink{"/newsroom/audit", "آڈٹ لاگ", false})
	}
	links = append(links, navLink{"/newsroom/tokens", tokensTitle, false})
	links = append(links, navLink{"/newsroom/account", "میرا اکاؤنٹ", false})
	for i := range links {
		links[i].Current = links[i].Path == r.URL.Path
	}
	p.Nav = links
	switch r.URL.Query().Get("done") {
	case "saved":
		p.Flash = "محفوظ ہو گیا۔"
	case "published":
		p.Flash = "مضمون شائع ہو گیا۔"
	case "scheduled":
		p.Flash = "مضمون اشاعت کے لیے طے ہو گیا۔"
	case "submitted":
		p.Flash = "مضمون نظرِ ثانی کے لیے پیش کر دیا گیا۔"
	case "unpublished":
		p.Flash = "مضمون کی اشاعت واپس لے لی گئی۔"
	case "draft":
		p.Flash = "مضمون مسودے میں واپس چلا گیا۔"
	case "restored":
		p.Flash = "پرانا نسخہ بحال کر دیا گیا۔ (بحالی خود ایک نیا نسخہ ہے۔)"
	case "deleted":
		p.Flash = "مضمون حذف کر دیا گیا۔"
	case "password":
		p.Flash = "پاس ورڈ بدل دیا گیا۔ باقی تمام جگہوں سے سائن آؤٹ کر دیا گیا ہے۔"
	case "sessions":
		p.Flash = "باقی تمام جگہوں سے سائن آؤٹ کر دیا گیا۔"
	case "replaced":
		p.Flash = "تصویر بدل دی گئی؛ جہاں جہاں استعمال ہوئی تھی وہاں نئی تصویر نظر آئے گی۔"
	case "settings":
		p.Flash = "ترتیبات محفوظ ہو گئیں اور ویب سائٹ پر لاگو ہو گئیں۔"
	case "user":
		p.Flash = "صارف کی تبدیلی محفوظ ہو گئی۔"
	case "section":
		p.Flash = "حصوں کی تبدیلی محفوظ ہو گئی اور ویب سائٹ پر لاگو ہو گئی۔"
	case "section_deleted":
		p.Flash = "حصہ حذف کر دیا گیا۔"
	case "tag":
		p.Flash = "ٹیگ کی تبدیلی محفوظ ہو گئی؛ پرانا پتا نئے پتے پر لے جاتا ہے۔"
	case "merged":
		p.Flash = "ٹیگ ضم ہو گئے؛ ضم کیے گئے ٹیگ کا پتا اب دوسرے ٹیگ پر لے جاتا ہے۔"
	}
	return p
}

// show renders a page, or a plain error if the template fails.
func (n *Newsroom) show(w http.ResponseWriter, code int, name string, data any) {
	body, err := n.render.Render(name, data)
	if err != nil {
		n.log.Error("render newsroom page", "page", name, "err", err)
		http.Error(w, "صفحہ نہیں بن سکا", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	// blob: images are the editor's previews of pictures being uploaded.
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'")
	w.WriteHeader(code)
	w.Write(body)
}

// fail shows a short Urdu message with a status code: 403 for what the
// user may not do, 404 for what is not there, and so on.
func (n *Newsroom) fail(w http.ResponseWriter, r *http.Request, req *request, code int, message string) {
	if r.Header.Get("X-Requested-With") == "fetch" {
		writeJSON(w, code, map[string]string{"error": message})
		return
	}
	p := n.newPage(r, req, "پیغام")
	p.Error = message
	n.show(w, code, "message", p)
}

func (n *Newsroom) forbidden(w http.ResponseWriter, r *http.Request, req *request) {
	n.fail(w, r, req, http.StatusForbidden, "آپ کو یہ کام کرنے کی اجازت نہیں۔")
}

func (n *Newsroom) notFound(w http.ResponseWriter, r *http.Request, req *request) {
	n.fail(w, r, req, http.StatusNotFound, "یہ چیز موجود نہیں، یا حذف ہو چکی ہے۔")
}

func (n *Newsroom) serverError(w http.ResponseWriter, r *http.Request, req *request, err error) {
	n.log.Error("newsroom request failed", "path", r.URL.Path, "err", err)
	n.fail(w, r, req, http.StatusInternalServerError, "معذرت، کچھ خرابی ہو گئی۔ آپ کا کام محفوظ نہیں ہوا؛ دوبارہ کوشش کریں۔")
}

// safeNext keeps a post-sign-in redirect inside the newsroom.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.IsAbs() || u.Host != "" || len(next) < len("/newsroom/") || next[:len("/newsroom/")] != "/newsroom/" {
		return "/newsroom/"
	}
	return u.RequestURI()
}
