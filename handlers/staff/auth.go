package staff

// Staff sign-in and sessions (issue 5, part A).
//
// Contract for the other staff pages (dashboard, editing, inbox...):
//
//   - every route under /{lang}/staff passes StaffSession, which puts the
//     signed-in member in the request (staffOf) and refuses (403) any
//     POST/PUT/PATCH/DELETE whose form lacks the double-submit CSRF token
//     (field "_csrf", the view's CSRF);
//   - the group behind RequireStaff answers only to a signed-in member;
//     RequireAdmin, after it, only to admins;
//   - staffView(c, path, q) returns the view of a staff page: locale,
//     Staff, CSRF, NoIndex; templates include {{template "staffnav" .}};
//   - h.audit(c, entry) appends to the audit log with By, At and Via set.

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/content"
	"hubdir/content/workspace"
	"hubdir/handlers/clientaddr"
	"hubdir/handlers/page"
)

const (
	// sessionCookie holds the session secret (base64url of 32 bytes).
	sessionCookie = "hubdir_session"
	// staffKey and sessionKey are the c.Locals keys of the signed-in
	// member and of their session.
	staffKey   = "web.staff"
	sessionKey = "web.session"
)

// staffOf returns the signed-in staff member, nil when nobody is signed in.
func staffOf(c *fiber.Ctx) *content.Staff {
	s, _ := c.Locals(staffKey).(*content.Staff)
	return s
}

// StaffSession is the middleware of every /{lang}/staff route. It marks
// the answer private and uncacheable, refuses an unsafe method without the
// CSRF token (403), and when the session cookie names a live session of an
// enabled member, puts the member and the session in the request. An
// expired session is deleted.
func (h *Handler) StaffSession(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
	default:
		if !page.CheckCSRF(c) {
			v := h.newView(h.locale(c), "/staff/", nil)
			v.Title, v.NoIndex = v.T("web.error.title"), true
			return h.renderError(c, v, fiber.StatusForbidden, v.T("web.error.csrf"))
		}
	}
	secret := c.Cookies(sessionCookie)
	if !page.ValidToken(secret) {
		return c.Next()
	}
	s, st, err := h.cfg.Workspace.Session(c.UserContext(), secret)
	if err != nil {
		return err
	}
	if s == nil {
		return c.Next()
	}
	c.Locals(staffKey, st)
	c.Locals(sessionKey, s)
	return c.Next()
}

// RequireStaff lets signed-in members through; anybody else is sent
// (303) to the sign-in page with the page they asked for as next.
func (h *Handler) RequireStaff(c *fiber.Ctx) error {
	if staffOf(c) != nil {
		return c.Next()
	}
	next := ""
	if c.Method() == fiber.MethodGet {
		next = string(c.Request().URI().RequestURI())
	}
	target := "/" + h.locale(c) + "/staff/login"
	if isLocalPath(next) {
		target += "?next=" + url.QueryEscape(next)
	}
	return h.redirectLocal(c, target, fiber.StatusSeeOther)
}

// RequireAdmin, after RequireStaff, lets only admins through: an editor
// gets 403.
func (h *Handler) RequireAdmin(c *fiber.Ctx) error {
	if st := staffOf(c); st != nil && st.Role == content.RoleAdmin {
		return c.Next()
	}
	v := h.newView(h.locale(c), "/staff/", nil)
	v.Title, v.NoIndex = v.T("web.error.title"), true
	return h.renderError(c, v, fiber.StatusForbidden, v.T("error.forbidden"))
}

// staffView returns the view of a staff page at path (after /{lang}):
// the request's locale, the signed-in member, the CSRF token, not indexed.
func (h *Handler) staffView(c *fiber.Ctx, path string, q url.Values) *view {
	v := h.newView(h.locale(c), path, q)
	v.Staff = staffOf(c)
	v.CSRF = h.csrfToken(c)
	v.NoIndex = true
	v.Section = "staff"
	return v
}

// loginData is the data of the sign-in page.
type loginData struct {
	Next   string
	Email  string
	Error  string
	Action string
}

// safeNext returns next when it is a local path under this site, else "".
func safeNext(next string) string {
	if !isLocalPath(next) || len(next) > 2000 {
		return ""
	}
	return next
}

// LoginForm answers GET /{lang}/staff/login: the sign-in form. A member
// already signed in goes on to next.
func (h *Handler) LoginForm(c *fiber.Ctx) error {
	next := safeNext(utils.CopyString(c.Query("next")))
	if staffOf(c) != nil {
		return h.redirectLocal(c, h.nextOrHome(c, next), fiber.StatusSeeOther)
	}
	return h.renderLogin(c, fiber.StatusOK, loginData{Next: next})
}

// nextOrHome returns next, or the staff home page when it is empty.
func (h *Handler) nextOrHome(c *fiber.Ctx, next string) string {
	if next == "" {
		return "/" + h.locale(c) + "/staff/"
	}
	return next
}

func (h *Handler) renderLogin(c *fiber.Ctx, status int, d loginData) error {
	v := h.staffView(c, "/staff/login", nil)
	v.Title = v.T("staff.auth.title")
	d.Action = v.URL("staff", "login")
	return h.render(c, status, "staff_login", v, d)
}

// Login answers POST /{lang}/staff/login: it checks the locks of the
// account and of the client address, then the password; on success it
// starts a new session (deleting the one the browser had) and redirects
// (303) to next, a local path, or the staff home page.
func (h *Handler) Login(c *fiber.Ctx) error {
	ctx := c.UserContext()
	email := strings.ToLower(strings.TrimSpace(utils.CopyString(c.FormValue("email"))))
	password := c.FormValue("password")
	next := safeNext(utils.CopyString(c.FormValue("next")))
	d := loginData{Next: next, Email: email}
	v := h.newView(h.locale(c), "/staff/login", nil)
	fail := func(msgID string) error {
		d.Error = v.T(msgID)
		return h.renderLogin(c, fiber.StatusUnauthorized, d)
	}
	if email == "" || password == "" || len(email) > 254 || len(password) > 1024 {
		return fail("staff.auth.failed")
	}
	st, err := h.cfg.Workspace.SignIn(ctx, content.ChannelWeb, email, password, clientaddr.Of(c), h.cfg.LoginDelay)
	switch {
	case workspace.IsLocked(err):
		return fail("staff.auth.locked")
	case errors.Is(err, workspace.ErrBadLogin):
		return fail("staff.auth.failed")
	case err != nil:
		return err
	}
	// A new session at every sign-in; the browser's previous one ends.
	old := c.Cookies(sessionCookie)
	if !page.ValidToken(old) {
		old = ""
	}
	secret, err := h.cfg.Workspace.StartSession(ctx, st, content.ChannelWeb, old, c.Get(fiber.HeaderUserAgent))
	if err != nil {
		return err
	}
	h.setCookie(c, sessionCookie, secret, content.SessionMax, "/")
	c.Locals(staffKey, st)
	return h.redirectLocal(c, h.nextOrHome(c, next), fiber.StatusSeeOther)
}

// Logout answers POST /{lang}/staff/logout: it deletes the session from
// the store (so no instance accepts it) and the cookie, and shows the
// sign-in page (303).
func (h *Handler) Logout(c *fiber.Ctx) error {
	if secret := c.Cookies(sessionCookie); page.ValidToken(secret) {
		if err := h.cfg.Workspace.EndSession(c.UserContext(), staffOf(c), content.ChannelWeb, secret); err != nil {
			return err
		}
	}
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(1, 0),
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: c.Protocol() == "https",
	})
	return h.redirectLocal(c, "/"+h.locale(c)+"/staff/login", fiber.StatusSeeOther)
}
