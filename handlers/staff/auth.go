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
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"golang.org/x/crypto/bcrypt"

	"hubdir/content"
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
	// touchEvery is how stale a session's last-seen time may get before a
	// request writes it again.
	touchEvery = time.Minute
)

// Sign-in throttling: after slowAfter failures in a row of an account,
// each further attempt waits Config.LoginDelay; accountPolicy locks the
// account, addressPolicy the client address.
const slowAfter = 3

var (
	accountPolicy = content.LoginPolicy{Limit: 10, Window: time.Hour, LockFor: 15 * time.Minute}
	addressPolicy = content.LoginPolicy{Limit: 50, Window: 15 * time.Minute, LockFor: 15 * time.Minute}
)

// dummyHash is compared against when the account does not exist, so that
// an unknown email costs as much time as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("hubdir-no-such-account"), bcrypt.DefaultCost)

// staffOf returns the signed-in staff member, nil when nobody is signed in.
func staffOf(c *fiber.Ctx) *content.Staff {
	s, _ := c.Locals(staffKey).(*content.Staff)
	return s
}

// sessionOf returns the request's session, nil when nobody is signed in.
func sessionOf(c *fiber.Ctx) *content.Session {
	s, _ := c.Locals(sessionKey).(*content.Session)
	return s
}

// sessionID returns the store ID of a session secret: its hex SHA-256.
func sessionID(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// hashUA returns the hex SHA-256 of a User-Agent.
func hashUA(ua string) string {
	sum := sha256.Sum256([]byte(ua))
	return hex.EncodeToString(sum[:])
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
	ctx := c.UserContext()
	id := sessionID(secret)
	s, err := h.cfg.Store.Session(ctx, id)
	switch {
	case content.ErrorCode(err) == content.CodeNotFound:
		return c.Next()
	case err != nil:
		return err
	}
	now := h.cfg.Now()
	if s.Expired(now) {
		_ = h.cfg.Store.DeleteSession(ctx, id)
		return c.Next()
	}
	st, err := h.cfg.Store.Staff(ctx, s.Email)
	switch {
	case content.ErrorCode(err) == content.CodeNotFound:
		return c.Next()
	case err != nil:
		return err
	}
	if st.Disabled {
		return c.Next()
	}
	if now.Sub(s.LastSeen) > touchEvery {
		if err := h.cfg.Store.TouchSession(ctx, id, now); err != nil {
			h.cfg.Logger.WarnContext(ctx, "touch session", "err", err)
		}
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

// audit appends e to the audit log, by the signed-in member, now, via the
// web. A failure is logged: the change itself has been made.
func (h *Handler) audit(c *fiber.Ctx, e content.AuditEntry) {
	if e.By == "" {
		if st := staffOf(c); st != nil {
			e.By = st.Email
		}
	}
	if e.At.IsZero() {
		e.At = h.cfg.Now()
	}
	if e.Via == "" {
		e.Via = "web"
	}
	if err := h.cfg.Store.AddAudit(c.UserContext(), e); err != nil {
		h.cfg.Logger.ErrorContext(c.UserContext(), "audit log", "action", e.Action, "id", e.ID, "err", err)
	}
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

// errLocked marks a sign-in refused because of a lock.
var errLocked = errors.New("locked")

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
	now := h.cfg.Now()
	acctKey, addrKey := "acct:"+email, "addr:"+clientaddr.Of(c)
	acct, err := h.cfg.Store.LoginState(ctx, acctKey)
	if err != nil {
		return err
	}
	addr, err := h.cfg.Store.LoginState(ctx, addrKey)
	if err != nil {
		return err
	}
	if acct.Locked(now) || addr.Locked(now) {
		return fail("staff.auth.locked")
	}
	if acct.Failures >= slowAfter && h.cfg.LoginDelay > 0 {
		select {
		case <-time.After(h.cfg.LoginDelay):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	st, err := h.cfg.Store.Staff(ctx, email)
	if err != nil && content.ErrorCode(err) != content.CodeNotFound {
		return err
	}
	hash := dummyHash
	if st != nil && st.PasswordHash != "" {
		hash = []byte(st.PasswordHash)
	}
	ok := bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil && st != nil && !st.Disabled
	if !ok {
		a, err := h.cfg.Store.LoginFailed(ctx, acctKey, now, accountPolicy)
		if err != nil {
			return err
		}
		if _, err := h.cfg.Store.LoginFailed(ctx, addrKey, now, addressPolicy); err != nil {
			return err
		}
		if a.Locked(now) {
			if st != nil {
				h.audit(c, content.AuditEntry{By: st.Email, Action: content.AuditLocked, Kind: content.KindStaff, ID: st.Email})
			}
			return fail("staff.auth.locked")
		}
		return fail("staff.auth.failed")
	}
	if err := h.cfg.Store.LoginSucceeded(ctx, acctKey); err != nil {
		return err
	}
	// A new session at every sign-in; the browser's previous one ends.
	if old := c.Cookies(sessionCookie); page.ValidToken(old) {
		_ = h.cfg.Store.DeleteSession(ctx, sessionID(old))
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	secret := base64.RawURLEncoding.EncodeToString(b)
	s := &content.Session{
		ID: sessionID(secret), Email: st.Email, CreatedAt: now, LastSeen: now,
		UserAgent: hashUA(c.Get(fiber.HeaderUserAgent)),
	}
	if err := h.cfg.Store.CreateSession(ctx, s); err != nil {
		return err
	}
	h.setCookie(c, sessionCookie, secret, content.SessionMax, "/")
	c.Locals(staffKey, st)
	h.audit(c, content.AuditEntry{Action: content.AuditSignIn, Kind: content.KindStaff, ID: st.Email})
	return h.redirectLocal(c, h.nextOrHome(c, next), fiber.StatusSeeOther)
}

// Logout answers POST /{lang}/staff/logout: it deletes the session from
// the store (so no instance accepts it) and the cookie, and shows the
// sign-in page (303).
func (h *Handler) Logout(c *fiber.Ctx) error {
	if secret := c.Cookies(sessionCookie); page.ValidToken(secret) {
		if err := h.cfg.Store.DeleteSession(c.UserContext(), sessionID(secret)); err != nil {
			return err
		}
	}
	if st := staffOf(c); st != nil {
		h.audit(c, content.AuditEntry{Action: content.AuditSignOut, Kind: content.KindStaff, ID: st.Email})
	}
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(1, 0),
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: c.Protocol() == "https",
	})
	return h.redirectLocal(c, "/"+h.locale(c)+"/staff/login", fiber.StatusSeeOther)
}
