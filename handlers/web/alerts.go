package web

import (
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/content"
	"hubdir/content/notify"
	"hubdir/handlers/page"
	"hubdir/i18n"
)

// hiddenField is a form field carried along unseen (the alert's filters).
type hiddenField struct{ Name, Value string }

// subRow is one subscription on the manage page.
type subRow struct {
	ID, Filter, Frequency string
	Confirmed             bool
}

// alertsData is the data of the alerts page.
type alertsData struct {
	Filter string
	Hidden []hiddenField
	Langs  []option
	CSRF   string
	Notice string
	Error  string
	// Manage is set on the manage page, reached through an e-mailed link.
	Manage bool
	Token  string
	Subs   []subRow
}

// alertFilter reads the needs list's filters from a query or form.
func alertFilter(get func(string) []string) notify.AlertFilter {
	f := notify.AlertFilter{
		Hubs: get("hub"), Sectors: get("sector"), Kinds: get("kind"), Countries: get("country"),
	}
	if q := get("q"); len(q) > 0 {
		f.Query = q[0]
	}
	return f
}

// queryValues returns the values of name in the request's query string.
func queryValues(c *fiber.Ctx) func(string) []string {
	q, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	return func(name string) []string { return q[name] }
}

// formValues returns the values of name in the posted form.
func postedValues(c *fiber.Ctx) func(string) []string {
	q, _ := url.ParseQuery(string(c.Body()))
	return func(name string) []string { return q[name] }
}

// alertsPage fills the subscribe form for filter f.
func (h *Handler) alertsPage(c *fiber.Ctx, v *view, f notify.AlertFilter) alertsData {
	d := alertsData{CSRF: h.formToken(c), Filter: f.Describe(notify.NewTexts(h.cfg.Bundle, v.Lang, h.cfg.Zone))}
	for _, p := range []struct {
		name string
		vals []string
	}{{"hub", f.Hubs}, {"sector", f.Sectors}, {"kind", f.Kinds}, {"country", f.Countries}, {"q", []string{f.Query}}} {
		for _, val := range p.vals {
			if val != "" {
				d.Hidden = append(d.Hidden, hiddenField{p.name, val})
			}
		}
	}
	for _, code := range i18n.Codes() {
		d.Langs = append(d.Langs, option{Value: code, Label: h.cfg.Bundle.Localizer(code).T("locale.name"), Selected: code == v.Lang})
	}
	return d
}

// Alerts answers GET /{lang}/alerts: the form that subscribes to the needs
// that match the needs list's filters (hub, sector, kind, country, q),
// and the form that sends a link to manage one's alerts.
func (h *Handler) Alerts(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	v := h.myView(c, "/alerts", "notify.alerts.title")
	f := alertFilter(queryValues(c))
	if err := f.Validate(); err != nil {
		return err // 400
	}
	d := h.alertsPage(c, v, f)
	switch c.Query("done") {
	case "subscribed":
		d.Notice = v.T("notify.alerts.check")
	case "manage":
		d.Notice = v.T("notify.alerts.manage_sent")
	}
	return h.render(c, fiber.StatusOK, "alerts", v, d)
}

// AlertsPost answers POST /{lang}/alerts: it stores an unconfirmed
// subscription and sends the confirmation (double opt-in). The answer is
// the same whether the address is known or not; sign-ups are limited per
// client (route) and per address.
func (h *Handler) AlertsPost(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	if !page.CheckCSRF(c) {
		return h.csrfFailed(c)
	}
	v := h.myView(c, "/alerts", "notify.alerts.title")
	f := alertFilter(postedValues(c))
	email := strings.TrimSpace(formString(c, "email"))
	lang := formString(c, "lang")
	if !i18n.IsSupported(lang) {
		lang = v.Lang
	}
	d := h.alertsPage(c, v, f)
	if _, err := notify.ParseRecipient(email); err != nil || !validEmail(email) || c.FormValue("consent") == "" {
		d.Error = v.T("notify.my.bad_email")
		if c.FormValue("consent") == "" {
			d.Error = v.T("field.consent")
		}
		return h.render(c, fiber.StatusUnprocessableEntity, "alerts", v, d)
	}
	err := h.cfg.Mail.Subscribe(c.UserContext(), email, lang, formString(c, "frequency"), f)
	switch {
	case errors.Is(err, notify.ErrRateLimited):
		d.Error = v.T("notify.my.rate_limited")
		return h.render(c, fiber.StatusTooManyRequests, "alerts", v, d)
	case errors.Is(err, content.ErrInvalid):
		d.Error = v.T("error.invalid")
		return h.render(c, fiber.StatusUnprocessableEntity, "alerts", v, d)
	case err != nil:
		return err
	}
	return h.redirectLocal(c, v.URL("alerts")+"?done=subscribed", fiber.StatusSeeOther)
}

// AlertsManageRequest answers POST /{lang}/alerts/manage: it sends a link
// to manage the address's alerts, if it has any; the same answer either way.
func (h *Handler) AlertsManageRequest(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	if !page.CheckCSRF(c) {
		return h.csrfFailed(c)
	}
	v := h.myView(c, "/alerts", "notify.alerts.title")
	email := strings.TrimSpace(formString(c, "email"))
	if _, err := notify.ParseRecipient(email); err != nil || !validEmail(email) {
		d := h.alertsPage(c, v, notify.AlertFilter{})
		d.Error = v.T("notify.my.bad_email")
		return h.render(c, fiber.StatusUnprocessableEntity, "alerts", v, d)
	}
	err := h.cfg.Mail.RequestManageLink(c.UserContext(), email, v.Lang)
	if errors.Is(err, notify.ErrRateLimited) {
		d := h.alertsPage(c, v, notify.AlertFilter{})
		d.Error = v.T("notify.my.rate_limited")
		return h.render(c, fiber.StatusTooManyRequests, "alerts", v, d)
	}
	if err != nil {
		return err
	}
	return h.redirectLocal(c, v.URL("alerts")+"?done=manage", fiber.StatusSeeOther)
}

// alertLinkProblem renders the page of an unusable alert link.
func (h *Handler) alertLinkProblem(c *fiber.Ctx, v *view, err error) error {
	return h.linkProblem(c, v, err, v.URL("alerts", "manage"), v.T("notify.alerts.manage_title"), v.T("notify.alerts.manage_intro"))
}

// AlertsManage answers GET /{lang}/alerts/manage?t=…: the alerts of the
// link's address, each with a button that cancels it.
func (h *Handler) AlertsManage(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	v := h.myView(c, "/alerts/manage", "notify.alerts.manage_title")
	tok := utils.CopyString(c.Query("t"))
	lt, err := h.cfg.Mail.Links.Check(c.UserContext(), tok, notify.PurposeAlertMng)
	if err != nil {
		return h.alertLinkProblem(c, v, err)
	}
	subs, err := h.cfg.Mail.Subs.Subscriptions(c.UserContext(), lt.Email)
	if err != nil {
		return err
	}
	d := alertsData{Manage: true, Token: tok, CSRF: h.formToken(c)}
	if c.Query("done") == "1" {
		d.Notice = v.T("notify.alerts.unsubscribed")
	}
	t := notify.NewTexts(h.cfg.Bundle, v.Lang, h.cfg.Zone)
	for _, s := range subs {
		d.Subs = append(d.Subs, subRow{ID: s.ID, Filter: s.Filter.Describe(t), Frequency: v.T("notify.freq." + s.Frequency), Confirmed: s.Confirmed})
	}
	return h.render(c, fiber.StatusOK, "alerts", v, d)
}

// AlertsManageDelete answers POST /{lang}/alerts/manage/delete: it cancels
// one alert of the link's address; another address's alert is not found.
func (h *Handler) AlertsManageDelete(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	if !page.CheckCSRF(c) {
		return h.csrfFailed(c)
	}
	v := h.myView(c, "/alerts/manage", "notify.alerts.manage_title")
	tok := formString(c, "t")
	lt, err := h.cfg.Mail.Links.Check(c.UserContext(), tok, notify.PurposeAlertMng)
	if err != nil {
		return h.alertLinkProblem(c, v, err)
	}
	if err := h.cfg.Mail.DeleteSubscriptionOf(c.UserContext(), lt.Email, formString(c, "id")); err != nil {
		return err
	}
	return h.redirectLocal(c, v.URL("alerts", "manage")+"?t="+url.QueryEscape(tok)+"&done=1", fiber.StatusSeeOther)
}

// AlertsConfirm answers GET /{lang}/alerts/confirm?t=…: a button that
// confirms the subscription (a scanner fetching the link confirms nothing).
func (h *Handler) AlertsConfirm(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	v := h.myView(c, "/alerts/confirm", "notify.alerts.title")
	tok := utils.CopyString(c.Query("t"))
	if _, err := h.cfg.Mail.Links.Check(c.UserContext(), tok, notify.PurposeAlertOptIn); err != nil {
		return h.alertLinkProblem(c, v, err)
	}
	return h.render(c, fiber.StatusOK, "mail_confirm", v, confirmData{
		Title: v.Title, Intro: v.T("notify.alerts.confirm_intro"), Action: v.URL("alerts", "confirm"),
		Button: v.T("notify.alerts.confirm"), Token: tok, CSRF: h.formToken(c),
	})
}

// AlertsConfirmPost answers POST /{lang}/alerts/confirm.
func (h *Handler) AlertsConfirmPost(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	if !page.CheckCSRF(c) {
		return h.csrfFailed(c)
	}
	v := h.myView(c, "/alerts/confirm", "notify.alerts.title")
	if err := h.cfg.Mail.Confirm(c.UserContext(), formString(c, "t")); err != nil {
		return h.alertLinkProblem(c, v, err)
	}
	return h.render(c, fiber.StatusOK, "mail_notice", v, noticeData{Title: v.Title, Message: v.T("notify.alerts.confirmed")})
}

// Unsubscribe answers GET /{lang}/alerts/unsubscribe?t=…: a button that
// cancels the alert of the link.
func (h *Handler) Unsubscribe(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	v := h.myView(c, "/alerts/unsubscribe", "notify.alerts.title")
	tok := utils.CopyString(c.Query("t"))
	if _, err := h.cfg.Mail.Links.Check(c.UserContext(), tok, notify.PurposeUnsub); err != nil {
		return h.alertLinkProblem(c, v, err)
	}
	return h.render(c, fiber.StatusOK, "mail_confirm", v, confirmData{
		Title: v.Title, Intro: v.T("notify.alerts.unsub_intro"), Action: v.URL("alerts", "unsubscribe") + "?t=" + url.QueryEscape(tok),
		Button: v.T("notify.alert.unsubscribe"), Token: tok, CSRF: h.formToken(c),
	})
}

// UnsubscribePost answers POST /{lang}/alerts/unsubscribe?t=…: the
// one-click unsubscribe of RFC 8058, which a mail client posts without
// cookies (body List-Unsubscribe=One-Click), and the page's button. The
// token names one subscription: nobody can cancel another's alert.
func (h *Handler) UnsubscribePost(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	v := h.myView(c, "/alerts/unsubscribe", "notify.alerts.title")
	tok := utils.CopyString(c.Query("t"))
	if tok == "" {
		tok = formString(c, "t")
	}
	if err := h.cfg.Mail.Unsubscribe(c.UserContext(), tok); err != nil {
		return h.alertLinkProblem(c, v, err)
	}
	return h.render(c, fiber.StatusOK, "mail_notice", v, noticeData{Title: v.Title, Message: v.T("notify.alerts.unsubscribed")})
}

// alertsURL returns the link from the needs list to the alerts page with
// the list's filters and query, or "" when mail is off.
func (h *Handler) alertsURL(v *view) string {
	if h.cfg.Mail == nil {
		return ""
	}
	q, _ := url.ParseQuery(v.Query)
	out := url.Values{}
	for _, k := range []string{"hub", "sector", "kind", "country", "q"} {
		if vals := q[k]; len(vals) > 0 {
			out[k] = vals
		}
	}
	if len(out) == 0 {
		return v.URL("alerts")
	}
	return v.URL("alerts") + "?" + out.Encode()
}
