package page

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
)

// The one CSRF implementation of both sites: a double-submit token. The
// browser holds it in CSRFCookie; a form repeats it in CSRFField, a script
// in CSRFHeader. Both must be present and equal, and when the browser says
// where the request comes from, it must come from this site.
const (
	CSRFCookie = "hubdir_csrf"
	CSRFField  = "_csrf"
	CSRFHeader = "X-CSRF-Token"
	// TokenLen is the length of a token: 32 random bytes, base64url.
	TokenLen = 43
)

// CSRFToken returns the browser's CSRF token, setting a new one when it
// has none (or a malformed one).
func (s *Site) CSRFToken(c *fiber.Ctx) string {
	if t := c.Cookies(CSRFCookie); ValidToken(t) {
		return utils.CopyString(t)
	}
	t := NewToken()
	s.SetCookie(c, CSRFCookie, t, 12*time.Hour, "/")
	return t
}

// NewToken returns a new random token of TokenLen characters.
func NewToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ValidToken reports whether t has the form of a token (CSRF or session).
func ValidToken(t string) bool {
	if len(t) != TokenLen {
		return false
	}
	for i := 0; i < len(t); i++ {
		b := t[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_') {
			return false
		}
	}
	return true
}

// CheckCSRF accepts an unsafe request only when it carries the token of
// its cookie, in the form field or (for scripts) the header, and, when the
// browser says where it comes from, comes from this site.
func CheckCSRF(c *fiber.Ctx) bool {
	if site := c.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return false
	}
	if origin := c.Get(fiber.HeaderOrigin); origin != "" && origin != "null" {
		u, err := url.Parse(origin)
		if err != nil || u.Host != c.Hostname() {
			return false
		}
	}
	tok := c.Get(CSRFHeader)
	if tok == "" {
		tok = c.FormValue(CSRFField)
	}
	cookie := c.Cookies(CSRFCookie)
	return ValidToken(cookie) && ValidToken(tok) &&
		subtle.ConstantTimeCompare([]byte(cookie), []byte(tok)) == 1
}

// StaffTime formats t as the date and the time of day (HH:MM, in the
// locale's digits) in the park's time zone, for staff lists.
func (v *View) StaffTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return v.Time(t) + " " + v.Digits(t.In(v.s.cfg.Zone).Format("15:04"))
}

// AuditAction names an audit action in the page's language; an action
// without a message (a new one) shows its code.
func (v *View) AuditAction(code string) string {
	id := "staff.audit.action." + code
	if s := v.T(id); s != id {
		return s
	}
	return code
}
