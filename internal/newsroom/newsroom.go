// Package newsroom serves the back office at /newsroom/: sign-in,
// the article list, the editor and its workflow, revisions, users and the
// audit log. Every permission check goes through auth.Can.
package newsroom

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"akhbar/internal/auth"
	"akhbar/internal/content"
	"akhbar/internal/events"
	"akhbar/internal/media"
	"akhbar/internal/media/storage"
	"akhbar/internal/site"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
	"akhbar/internal/webhooks"
	"akhbar/web"
)

// Options are what the newsroom needs from the application.
type Options struct {
	Store    *store.Store
	Site     *site.Site // renders previews exactly as readers will see them
	Assets   *web.Assets
	Sessions *auth.Sessions
	Now      func() time.Time
	Log      *slog.Logger
	// Changed is called after an article's public state may have changed
	// (published, edited while live, unpublished, deleted), so caches and
	// indexes can follow.
	Changed func(ctx context.Context, articleID int64)
	// Media stores uploaded images.
	Media storage.Storage
	// Events hears of articles published, updated, withdrawn and deleted,
	// and breaking strips raised and taken down (webhooks).
	Events events.Sink
	// Webhooks, when set, gives admins the webhooks screen: subscriptions,
	// their delivery logs, redelivery.
	Webhooks *webhooks.Hooks
}

// Newsroom is the back office.
type Newsroom struct {
	store    *store.Store
	site     *site.Site
	sessions *auth.Sessions
	now      func() time.Time
	log      *slog.Logger
	changed  func(ctx context.Context, articleID int64)
	render   *web.Renderer
	media    storage.Storage
	events   events.Sink
	hooks    *webhooks.Hooks
}

// Sign-in limits: five wrong passwords an account or twenty an address in
// fifteen minutes, then a wait.
const (
	accountFailures         = 5  // per account from one address: that address is locked out
	accountFailuresAnywhere = 10 // per account from all addresses: then one try each accountSpacing
	accountSpacing          = 30 * time.Second
	ipFailures              = 20 // per address over all accounts
	failureWindow           = 15 * time.Minute
)

var pages = []string{"login", "list", "edit", "revisions", "revision", "users", "audit", "account", "message", "settings", "media", "medium", "breaking", "frontpage", "live", "webhooks", "webhook", "sections", "tags"}

// New builds the newsroom and checks its templates.
func New(o Options) (*Newsroom, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Changed == nil {
		o.Changed = func(context.Context, int64) {}
	}
	n := &Newsroom{
		store: o.Store, site: o.Site, media: o.Media, sessions: o.Sessions, now: o.Now, log: o.Log, changed: o.Changed,
		events: o.Events, hooks: o.Webhooks,
	}
	var err error
	n.render, err = web.NewRenderer("newsroom", pages, template.FuncMap{
		"asset": o.Assets.URL,
		"when": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			st := n.site.Settings()
			return urdu.FormatDate(t, st.Location, urdu.DayMonthYearTime, st.Digits)
		},
		"num": func(n int) string { return urdu.FormatInt(int64(n), o.Site.Settings().Digits) },
		// count is a number with its noun agreeing: «1 مضمون», «5 مضامین».
		"count": func(n int, one, other string) string {
			return urdu.Count(int64(n), o.Site.Settings().Digits, one, other)
		},
		"iso": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"has": slices.Contains[[]int64],
		// uploadMax is the largest image file the library takes, for the
		// editor to refuse a larger one before sending it.
		"uploadMax": func() int64 { return media.DefaultLimits.MaxBytes },
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// Register adds the newsroom routes to mux. Every state-changing request
// must come from our own pages: Go's cross-origin protection refuses
// cross-site posts, and each form carries its session's CSRF token.
func (n *Newsroom) Register(mux *http.ServeMux) {
	cop := http.NewCrossOriginProtection()
	h := func(pattern string, fn http.HandlerFunc) { mux.Handle(pattern, cop.Handler(fn)) }
	u := func(pattern string, fn func(http.ResponseWriter, *http.Request, *request)) {
		mux.Handle(pattern, cop.Handler(n.signedIn(fn, false)))
	}
	// Uploads stream their files and check the CSRF token themselves,
	// before reading any file.
	upload := func(pattern string, fn func(http.ResponseWriter, *http.Request, *request)) {
		mux.Handle(pattern, cop.Handler(n.signedIn(fn, true)))
	}
	h("GET /newsroom/login", n.loginForm)
	h("POST /newsroom/login", n.login)
	h("GET /newsroom/login/code", n.loginCodeForm)
	h("POST /newsroom/login/code", n.loginCode)
	h("GET /newsroom/login/enrol", n.loginEnrolForm)
	h("POST /newsroom/login/enrol", n.loginEnrol)
	u("POST /newsroom/logout", n.logout)
	u("GET /newsroom/{$}", n.list)
	u("GET /newsroom/articles/new", n.newArticle)
	u("GET /newsroom/articles/pick", n.articlePick)
	u("GET /newsroom/embed", n.embedPick)
	u("POST /newsroom/articles/new", n.createArticle)
	u("GET /newsroom/articles/{id}", n.editArticle)
	u("POST /newsroom/articles/{id}", n.saveArticle)
	u("POST /newsroom/articles/{id}/autosave", n.autosave)
	u("GET /newsroom/articles/{id}/preview", n.preview)
	u("POST /newsroom/articles/{id}/delete", n.deleteArticle)
	u("GET /newsroom/articles/{id}/revisions", n.revisions)
	u("GET /newsroom/articles/{id}/revisions/{rev}", n.revision)
	u("POST /newsroom/articles/{id}/revisions/{rev}/restore", n.restoreRevision)
	u("GET /newsroom/articles/{id}/live", n.liveDesk)
	u("POST /newsroom/articles/{id}/live/start", n.startLive)
	u("POST /newsroom/articles/{id}/live/end", n.endLive)
	u("POST /newsroom/articles/{id}/live/updates", n.postLive)
	u("POST /newsroom/articles/{id}/live/updates/{update}", n.editLive)
	u("POST /newsroom/articles/{id}/live/updates/{update}/pin", n.pinLive)
	u("POST /newsroom/articles/{id}/live/updates/{update}/delete", n.deleteLive)
	u("GET /newsroom/users", n.users)
	u("POST /newsroom/users", n.createUser)
	u("POST /newsroom/users/{id}", n.updateUser)
	u("POST /newsroom/users/{id}/two-factor-off", n.userTwoFactorOff)
	u("GET /newsroom/audit", n.audit)
	u("GET /newsroom/media", n.library)
	upload("POST /newsroom/media", n.upload)
	u("GET /newsroom/media/pick", n.mediaPick)
	u("GET /newsroom/media/{id}", n.medium)
	u("POST /newsroom/media/{id}", n.updateMedium)
	upload("POST /newsroom/media/{id}/replace", n.replaceMedium)
	u("POST /newsroom/media/{id}/delete", n.deleteMedium)
	u("GET /newsroom/breaking", n.breaking)
	u("POST /newsroom/breaking", n.raiseBreaking)
	u("POST /newsroom/breaking/{id}/end", n.endBreaking)
	u("GET /newsroom/webhooks", n.webhooks)
	u("POST /newsroom/webhooks", n.createWebhook)
	u("GET /newsroom/webhooks/{id}", n.webhook)
	u("POST /newsroom/webhooks/{id}", n.updateWebhook)
	u("POST /newsroom/webhooks/{id}/secret", n.newWebhookSecret)
	u("POST /newsroom/webhooks/{id}/delete", n.deleteWebhook)
	u("POST /newsroom/webhooks/{id}/deliveries/{delivery}/redeliver", n.redeliverWebhook)
	u("GET /newsroom/front", n.frontPage)
	u("POST /newsroom/front", n.saveFrontPage)
	u("GET /newsroom/sections", n.sections)
	u("POST /newsroom/sections", n.createSection)
	u("POST /newsroom/sections/{id}", n.updateSection)
	u("POST /newsroom/sections/{id}/move", n.moveSection)
	u("POST /newsroom/sections/{id}/delete", n.deleteSection)
	u("GET /newsroom/tags", n.tags)
	u("POST /newsroom/tags/{id}", n.renameTag)
	u("POST /newsroom/tags/{id}/merge", n.mergeTag)
	u("GET /newsroom/settings", n.settings)
	u("POST /newsroom/settings", n.saveSettings)
	u("GET /newsroom/account", n.account)
	u("POST /newsroom/account/password", n.changePassword)
	u("POST /newsroom/account/sessions", n.endOtherSessions)
	u("GET "+twoFactorPath, n.twoFactor)
	u("POST "+twoFactorPath+"/start", n.startTwoFactor)
	u("POST "+twoFactorPath+"/confirm", n.confirmTwoFactor)
	u("POST "+twoFactorPath+"/recovery", n.newRecoveryCodes)
	u("POST "+twoFactorPath+"/disable", n.disableTwoFactor)
	u("GET /newsroom/tokens", n.tokens)
	u("POST /newsroom/tokens", n.createToken)
	u("POST /newsroom/tokens/{id}/revoke", n.revokeToken)
	h("GET /newsroom", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/newsroom/", http.StatusMovedPermanently)
	})
}

// request is a signed-in request: the user, their session, and the
// helpers every handler needs.
type request struct {
	User    content.User
	Session store.Session
}

// maxFormBytes bounds every newsroom form but the uploads: the longest
// story is a few hundred kilobytes.
const maxFormBytes = 8 << 20

// signedIn loads the session, sends strangers to the sign-in page, and
// checks the size and CSRF token of every POST, whatever its encoding,
// before the handler runs; streamed uploads (streams) check their token
// themselves, before they read a file.
func (n *Newsroom) signedIn(fn func(http.ResponseWriter, *http.Request, *request), streams bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		se, u, err := n.sessions.Load(r)
		if errors.Is(err, auth.ErrNoSession) {
			// A page's script (a picker's search) gets a 401 it can explain,
			// not the sign-in page.
			if (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.Header.Get("X-Requested-With") != "fetch" {
				http.Redirect(w, r, "/newsroom/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			n.fail(w, r, nil, http.StatusUnauthorized, "آپ سائن اِن نہیں ہیں۔ براہِ کرم دوبارہ سائن اِن کریں۔")
			return
		}
		if err != nil {
			n.serverError(w, r, nil, err)
			return
		}
		req := &request{User: u, Session: se}
		if r.Method == http.MethodPost && !streams {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
			var err error
			if isMultipart(r) {
				// Files beyond 1 MB go to a temporary file, removed after;
				// the body's limit bounds both.
				err = r.ParseMultipartForm(1 << 20)
				if r.MultipartForm != nil {
					defer r.MultipartForm.RemoveAll()
				}
			} else {
				err = r.ParseForm()
			}
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				n.fail(w, r, req, http.StatusRequestEntityTooLarge, "فارم بہت بڑا ہے۔")
				return
			}
			if err != nil {
				n.fail(w, r, req, http.StatusBadRequest, "فارم پڑھا نہیں جا سکا۔")
				return
			}
			if !auth.CheckCSRF(r, se) {
				n.fail(w, r, req, http.StatusForbidden, "یہ فارم پرانا ہو چکا ہے یا کسی اور ویب سائٹ سے بھیجا گیا ہے۔ صفحہ دوبارہ کھول کر کوشش کریں۔")
				return
			}
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Frame-Options", "DENY")
		// The site came to require two-factor after this user signed in:
		// nothing but setting it up (or signing out) until it is on.
		if n.enrolFirst(u, r.URL.Path) {
			if r.Method == http.MethodGet && r.Header.Get("X-Requested-With") != "fetch" {
				http.Redirect(w, r, twoFactorPath, http.StatusSeeOther)
				return
			}
			n.fail(w, r, req, http.StatusForbidden, "پہلے دو مرحلہ تصدیق چالو کریں: اس ویب سائٹ پر مدیران اور منتظمین کے لیے یہ لازمی ہے۔")
			return
		}
		fn(w, r, req)
	})
}

func isMultipart(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/")
}

// record writes an action to the audit log; a failure to record is logged, not shown.
// recordFailure logs a refused anonymous attempt (a sign-in, a code),
// counted into the address's last such entry within the failure window:
// refusals must not grow the database without bound. With sameDetail the
// entry is per detail (the e-mail tried) too.
func (n *Newsroom) recordFailure(ctx context.Context, r *http.Request, userID int64, action, detail string, sameDetail bool) {
	err := n.store.AuditRepeated(ctx, store.AuditEntry{At: n.now(), UserID: userID, Action: action, Target: "user",
		TargetID: userID, Detail: detail, IP: auth.ClientIP(r)}, failureWindow, sameDetail)
	if err != nil {
		n.log.Error("audit", "action", action, "err", err)
	}
}

func (n *Newsroom) record(ctx context.Context, r *http.Request, userID int64, action, target string, targetID int64, detail string) {
	err := n.store.Audit(ctx, store.AuditEntry{At: n.now(), UserID: userID, Action: action, Target: target,
		TargetID: targetID, Detail: detail, IP: auth.ClientIP(r)})
	if err != nil {
		n.log.Error("audit", "action", action, "err", err)
	}
}
