package web

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/content"
	"hubdir/content/notify"
	"hubdir/handlers/page"
)

// myCookie holds the session token of a firm's own page, made when the
// firm follows its e-mailed link (MyOpenPost).
const myCookie = "hubdir_my"

// myItem is one interest on a firm's page.
type myItem struct {
	Ref, Need, Status, Reason, Company, Created string
	ContactName, Phone                          string
	Version                                     int64
	Open                                        bool // not withdrawn: the firm may change it
	Title                                       localText
	History                                     []myHistory
}

// myHistory is one status change of an interest, as shown to the firm.
type myHistory struct{ Date, Status string }

// myData is the data of the firm's page.
type myData struct {
	Email  string
	Items  []myItem
	CSRF   string
	Notice string
	Error  string
}

// mailOff answers not found when the mail side is not configured.
func (h *Handler) mailOff() bool { return h.cfg.Mail == nil }

// myView returns the view of a page of the firm's own area: not indexed,
// not stored by caches.
func (h *Handler) myView(c *fiber.Ctx, path, title string) *view {
	v := h.newView(h.locale(c), path, nil)
	v.NoIndex = true
	v.Title = v.T(title)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set("Referrer-Policy", "no-referrer")
	return v
}

// My answers GET /{lang}/my: with a live page session, the expressions of
// interest of its e-mail address, their status and history; without one,
// the form that sends a new link.
func (h *Handler) My(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	v := h.myView(c, "/my", "notify.my.title")
	d := myData{CSRF: h.formToken(c)}
	switch {
	case c.Query("sent") == "1":
		d.Notice = v.T("notify.my.request.sent")
	case c.Query("done") == content.FirmWithdraw:
		d.Notice = v.T("notify.my.withdrawn")
	case c.Query("done") == content.FirmContact:
		d.Notice = v.T("notify.my.saved")
	case c.Query("done") == "conflict":
		d.Notice = v.T("notify.my.conflict")
	case c.Query("done") == "confirm":
		d.Notice = v.T("notify.my.withdraw_confirm_required")
	case c.Query("done") == "invalid":
		d.Notice = v.T("notify.my.bad_contact")
	}
	tok := c.Cookies(myCookie)
	if tok == "" {
		return h.render(c, fiber.StatusOK, "my", v, d)
	}
	email, err := h.cfg.Mail.MySession(c.UserContext(), tok)
	switch {
	case errors.Is(err, notify.ErrLinkUnknown), errors.Is(err, notify.ErrLinkExpired), errors.Is(err, notify.ErrLinkUsed):
		h.SetCookie(c, myCookie, "", -time.Second, "/")
		d.Notice = v.T("notify.my.session_over")
		return h.render(c, fiber.StatusOK, "my", v, d)
	case err != nil:
		return err
	}
	ins, err := h.cfg.Mail.Firms.InterestsByEmail(c.UserContext(), email)
	if err != nil {
		return err
	}
	d.Email = email
	for _, i := range ins {
		if i.Erased != nil {
			continue
		}
		it := myItem{Ref: i.Ref, Need: i.Need, Status: i.Status, Company: i.Company.Name, Created: v.Time(i.CreatedAt),
			ContactName: i.ContactName, Phone: i.Phone, Version: i.Version, Open: i.Status != content.InterestWithdrawn}
		if i.Status == content.InterestDeclined && i.DeclineReason != "" {
			it.Reason = v.T("decline." + i.DeclineReason)
		}
		if n, err := h.cfg.Store.Need(c.UserContext(), i.Need); err == nil {
			it.Title = v.Pick(n.Title, n.Hub)
		}
		for _, s := range i.History {
			it.History = append(it.History, myHistory{Date: v.Time(s.At), Status: v.T("status.interest." + s.To)})
		}
		d.Items = append(d.Items, it)
	}
	return h.render(c, fiber.StatusOK, "my", v, d)
}

// MyLink answers POST /{lang}/my/link: it sends a new link to the page of
// the address's interests, if it has any, and says the same either way.
// Requests are limited per client (route) and per address.
func (h *Handler) MyLink(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	if !page.CheckCSRF(c) {
		return h.csrfFailed(c)
	}
	v := h.myView(c, "/my", "notify.my.title")
	email := strings.TrimSpace(formString(c, "email"))
	if _, err := notify.ParseRecipient(email); err != nil || !validEmail(email) {
		return h.render(c, fiber.StatusUnprocessableEntity, "my", v, myData{CSRF: h.formToken(c), Error: v.T("notify.my.bad_email")})
	}
	err := h.cfg.Mail.RequestMyLink(c.UserContext(), email, v.Lang)
	if errors.Is(err, notify.ErrRateLimited) {
		return h.render(c, fiber.StatusTooManyRequests, "my", v, myData{CSRF: h.formToken(c), Error: v.T("notify.my.rate_limited")})
	}
	if err != nil {
		return err
	}
	return h.redirectLocal(c, v.URL("my")+"?sent=1", fiber.StatusSeeOther)
}

// validEmail checks an address as content checks an interest's.
func validEmail(s string) bool {
	in := content.InterestInput{Email: s}
	err := in.Validate("en")
	var ce *content.Error
	if errors.As(err, &ce) {
		_, bad := ce.Fields["email"]
		return !bad
	}
	return true
}

// confirmData is the data of a page with one button that uses a link.
type confirmData struct {
	Title, Intro, Action, Button, Token, CSRF string
}

// noticeData is the data of a page that says one thing, with a form to
// ask for a new link when Action is set.
type noticeData struct {
	Title, Message, Action, FormTitle, FormIntro, CSRF string
}

// linkProblem renders the page of a link that cannot be used (unknown,
// altered, expired or used), with the form that sends a new one.
func (h *Handler) linkProblem(c *fiber.Ctx, v *view, err error, action, formTitle, formIntro string) error {
	status, msg := fiber.StatusNotFound, v.T("notify.link.unknown")
	switch {
	case errors.Is(err, notify.ErrLinkExpired):
		status, msg = fiber.StatusGone, v.T("notify.link.expired")
	case errors.Is(err, notify.ErrLinkUsed):
		status, msg = fiber.StatusGone, v.T("notify.link.used")
	case errors.Is(err, notify.ErrLinkUnknown), errors.Is(err, content.ErrNotFound):
	default:
		return err
	}
	v.Title = v.T("notify.link.bad_title")
	return h.render(c, status, "mail_notice", v, noticeData{
		Title: v.Title, Message: msg, Action: action, FormTitle: formTitle, FormIntro: formIntro, CSRF: h.formToken(c),
	})
}

// MyOpen answers GET /{lang}/my/open?t=…: the link of a receipt. It only
// checks the link and shows a button, so that a mail scanner that fetches
// the link does not use it up.
func (h *Handler) MyOpen(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	v := h.myView(c, "/my/open", "notify.my.open.title")
	tok := utils.CopyString(c.Query("t"))
	if _, err := h.cfg.Mail.Links.Check(c.UserContext(), tok, notify.PurposeMy); err != nil {
		return h.linkProblem(c, v, err, v.URL("my", "link"), v.T("notify.my.request.title"), v.T("notify.my.request.intro"))
	}
	return h.render(c, fiber.StatusOK, "mail_confirm", v, confirmData{
		Title: v.Title, Intro: v.T("notify.my.open.intro"), Action: v.URL("my", "open"),
		Button: v.T("notify.my.open.button"), Token: tok, CSRF: h.formToken(c),
	})
}

// MyOpenPost answers POST /{lang}/my/open: it uses up the link and opens a
// page session (a cookie holding a new token, valid for an hour).
func (h *Handler) MyOpenPost(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	if !page.CheckCSRF(c) {
		return h.csrfFailed(c)
	}
	v := h.myView(c, "/my/open", "notify.my.open.title")
	session, _, err := h.cfg.Mail.OpenMy(c.UserContext(), formString(c, "t"))
	if err != nil {
		return h.linkProblem(c, v, err, v.URL("my", "link"), v.T("notify.my.request.title"), v.T("notify.my.request.intro"))
	}
	h.SetCookie(c, myCookie, session, notify.MySessionTTL, "/")
	return h.redirectLocal(c, v.URL("my"), fiber.StatusSeeOther)
}

// MySignOut answers POST /{lang}/my/signout: it forgets the page session.
func (h *Handler) MySignOut(c *fiber.Ctx) error {
	if !page.CheckCSRF(c) {
		return h.csrfFailed(c)
	}
	h.SetCookie(c, myCookie, "", -time.Second, "/")
	return h.redirectLocal(c, "/"+h.locale(c)+"/my", fiber.StatusSeeOther)
}

// csrfFailed is the answer to a form post without a valid CSRF token.
func (h *Handler) csrfFailed(c *fiber.Ctx) error {
	v := h.newView(h.locale(c), "/", nil)
	v.Title, v.NoIndex = v.T("web.error.title"), true
	return h.renderError(c, v, fiber.StatusForbidden, v.T("web.error.csrf"))
}

// MyChange answers POST /{lang}/my/withdraw and /{lang}/my/contact: the
// firm, signed in to its page, withdraws one of its interests (after
// ticking the confirmation) or corrects its contact's name and phone. An
// interest of another address is not found; a stale version shows the
// current state.
func (h *Handler) MyChange(action string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if h.mailOff() {
			return fiber.ErrNotFound
		}
		if !page.CheckCSRF(c) {
			return h.csrfFailed(c)
		}
		v := h.myView(c, "/my", "notify.my.title")
		email, err := h.cfg.Mail.MySession(c.UserContext(), c.Cookies(myCookie))
		if err != nil {
			return h.redirectLocal(c, v.URL("my"), fiber.StatusSeeOther)
		}
		version, _ := strconv.ParseInt(c.FormValue("version"), 10, 64)
		in := &content.InterestFirmInput{Version: version, Action: action,
			ContactName: formString(c, "contact_name"), Phone: formString(c, "phone")}
		if action == content.FirmWithdraw && c.FormValue("confirm") != "yes" {
			return h.redirectLocal(c, v.URL("my")+"?done=confirm", fiber.StatusSeeOther)
		}
		_, err = h.cfg.Workspace.FirmChangeInterest(c.UserContext(), content.ChannelPublic, email, formString(c, "ref"), in)
		done := action
		switch {
		case err == nil:
		case errors.Is(err, content.ErrConflict), errors.Is(err, content.ErrBadTransition):
			done = "conflict"
		case errors.Is(err, content.ErrInvalid):
			done = "invalid"
		default:
			return err
		}
		return h.redirectLocal(c, v.URL("my")+"?done="+done, fiber.StatusSeeOther)
	}
}
