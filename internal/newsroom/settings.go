package newsroom

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"akhbar/internal/auth"
	"akhbar/internal/site"
	"akhbar/internal/urdu"
)

type settingsPage struct {
	*page
	Values   map[string]string
	Problems []string
	Styles   []option
	Digits   []option
}

type option struct{ Value, Label string }

var (
	dateStyleOptions = []option{
		{"datebar", "بدھ, فروری 18, 2026"}, {"short", "18 فروری 2026"}, {"datetime", "18 فروری 2026، 6:45 شام"}, {"long", "بدھ، 18 فروری، 2026"},
	}
	digitOptions = []option{{"latin", "0123456789"}, {"urdu", "۰۱۲۳۴۵۶۷۸۹"}}
)

// settingKeys are the site settings an admin edits here.
// Lengths of the site's name and tagline, in characters.
const (
	maxSiteName = 60
	maxTagline  = 160
)

var settingKeys = []string{site.KeySiteName, site.KeyTagline, site.KeyDatelineMasthead, site.KeyTimeZone,
	site.KeyDateStyle, site.KeyDigits, site.KeyShowHijri, site.KeyHijriOffset, site.KeyMostReadHours, site.KeyRequireTwoFactor}

func (n *Newsroom) showSettings(w http.ResponseWriter, r *http.Request, req *request, code int, values map[string]string, problems []string) {
	n.show(w, code, "settings", settingsPage{page: n.newPage(r, req, "ترتیبات"), Values: values, Problems: problems,
		Styles: dateStyleOptions, Digits: digitOptions})
}

// settings shows the site settings to admins.
func (n *Newsroom) settings(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ManageSettings, nil) {
		n.forbidden(w, r, req)
		return
	}
	values, err := n.store.Settings(r.Context())
	if err != nil {
		n.serverError(w, r, req, err)
		return
	}
	st := n.site.Settings()
	defaults := map[string]string{site.KeySiteName: st.SiteName, site.KeyTimeZone: st.Location.String(),
		site.KeyDateStyle: st.DateStyle.String(), site.KeyDigits: st.Digits.String(),
		site.KeyHijriOffset: strconv.Itoa(st.HijriOffset), site.KeyMostReadHours: strconv.Itoa(st.MostReadHours)}
	for k, v := range defaults {
		if values[k] == "" {
			values[k] = v
		}
	}
	n.showSettings(w, r, req, http.StatusOK, values, nil)
}

// saveSettings validates every value with the site's own parser before
// storing any, then makes the site use them at once.
func (n *Newsroom) saveSettings(w http.ResponseWriter, r *http.Request, req *request) {
	if !auth.Can(req.User, auth.ManageSettings, nil) {
		n.forbidden(w, r, req)
		return
	}
	values := map[string]string{}
	for _, k := range settingKeys {
		values[k] = urdu.Normalize(strings.TrimSpace(r.PostFormValue(k)))
	}
	for _, k := range []string{site.KeyShowHijri, site.KeyRequireTwoFactor} { // checkboxes
		if values[k] == "on" {
			values[k] = "true"
		} else {
			values[k] = "false"
		}
	}
	var problems []string
	if values[site.KeySiteName] == "" {
		problems = append(problems, "ویب سائٹ کا نام لکھنا ضروری ہے۔")
	}
	// The name is in every page's title, header, feed and share card.
	if utf8.RuneCountInString(values[site.KeySiteName]) > maxSiteName {
		problems = append(problems, fmt.Sprintf("ویب سائٹ کا نام %d حروف سے زیادہ نہیں ہو سکتا۔", maxSiteName))
	}
	if utf8.RuneCountInString(values[site.KeyTagline]) > maxTagline {
		problems = append(problems, fmt.Sprintf("ٹیگ لائن %d حروف سے زیادہ نہیں ہو سکتی۔", maxTagline))
	}
	if _, err := site.ParseSettings(values); err != nil {
		problems = append(problems, "کچھ ترتیبات درست نہیں: "+err.Error())
	}
	if _, err := time.LoadLocation(values[site.KeyTimeZone]); err != nil {
		problems = append(problems, "ٹائم زون درست نہیں، مثلاً Asia/Karachi لکھیں۔")
	}
	if len(problems) > 0 {
		n.showSettings(w, r, req, http.StatusUnprocessableEntity, values, problems)
		return
	}
	wasRequired := n.site.Settings().RequireTwoFactor
	for _, k := range settingKeys {
		if err := n.store.SetSetting(r.Context(), k, values[k]); err != nil {
			n.serverError(w, r, req, err)
			return
		}
	}
	if err := n.site.SettingsChanged(r.Context()); err != nil {
		n.log.Error("settings changed: tell other nodes", "err", err)
	}
	n.record(r.Context(), r, req.User.ID, "settings_change", "settings", 0, "")
	if required := values[site.KeyRequireTwoFactor] == "true"; required && !wasRequired {
		n.record(r.Context(), r, req.User.ID, "2fa_require", "settings", 0, "")
	} else if !required && wasRequired {
		n.record(r.Context(), r, req.User.ID, "2fa_unrequire", "settings", 0, "")
	}
	http.Redirect(w, r, "/newsroom/settings?done=settings", http.StatusSeeOther)
}
