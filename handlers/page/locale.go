package page

import (
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/i18n"
)

const (
	// localeKey is the c.Locals key of the request's locale code.
	localeKey = "page.locale"
	// langCookie remembers the visitor's choice of language.
	langCookie = "lang"
	// LangCookie is langCookie, for the page cache (a page under /{lang}/
	// does not depend on it).
	LangCookie = langCookie
	// setLangParam marks a link of the language switcher: the locale
	// middleware stores the choice in langCookie and redirects to the
	// page without it.
	setLangParam = "setlang"
)

// Locale is the middleware of every /{lang}/... page: an unsupported
// {lang} is the (localized) not-found page; a supported one becomes the
// request's locale and its Content-Language. A link of the language
// switcher (?setlang=1) stores the choice in a cookie and redirects to the
// same page without the marker.
func (s *Site) Locale(c *fiber.Ctx) error {
	lang := c.Params("lang")
	if !i18n.IsSupported(lang) {
		return fiber.ErrNotFound
	}
	lang = utils.CopyString(lang)
	c.Locals(localeKey, lang)
	c.Set(fiber.HeaderContentLanguage, lang)
	if c.Query(setLangParam) == "" {
		return c.Next()
	}
	s.SetCookie(c, langCookie, lang, 365*24*time.Hour, "/")
	q := url.Values{}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) {
		if string(k) != setLangParam {
			q.Add(string(k), string(v))
		}
	})
	target := c.Path() // as sent, still percent-encoded
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	return s.RedirectLocal(c, target, fiber.StatusSeeOther)
}

// LocaleOf returns the request's locale code: the one the locale middleware
// set, else one negotiated as for "/".
func (s *Site) LocaleOf(c *fiber.Ctx) string {
	if l, ok := c.Locals(localeKey).(string); ok {
		return l
	}
	// Error pages outside /{lang}/: the path's first segment when it is a
	// locale, else the visitor's preference.
	p := strings.TrimPrefix(c.Path(), "/")
	if i := strings.IndexByte(p, '/'); i >= 0 {
		p = p[:i]
	}
	if i18n.IsSupported(p) {
		return p
	}
	return s.preferred(c)
}

// preferred negotiates a locale: the cookie, then Accept-Language, then
// the default.
func (s *Site) preferred(c *fiber.Ctx) string {
	if l := c.Cookies(langCookie); i18n.IsSupported(l) {
		return l
	}
	return i18n.Match(c.Get(fiber.HeaderAcceptLanguage), s.cfg.DefaultLang)
}

// Root answers GET /: a redirect (302) to the home page of the visitor's
// language.
func (s *Site) Root(c *fiber.Ctx) error {
	c.Vary(fiber.HeaderAcceptLanguage, fiber.HeaderCookie)
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	return s.RedirectLocal(c, "/"+s.preferred(c)+"/", fiber.StatusFound)
}

// LangHome answers GET /{lang} (no slash): a redirect to /{lang}/.
func (s *Site) LangHome(c *fiber.Ctx) error {
	return s.RedirectLocal(c, "/"+s.LocaleOf(c)+"/", fiber.StatusMovedPermanently)
}

// RedirectLocal redirects to a local path, refusing anything that could
// leave the site or inject a header: it must start with one "/", not "//"
// or "/\", and contain no control characters.
func (s *Site) RedirectLocal(c *fiber.Ctx, target string, status int) error {
	if !IsLocalPath(target) {
		return fiber.ErrBadRequest
	}
	return c.Redirect(target, status)
}

// IsLocalPath reports whether target is a safe local redirect target.
func IsLocalPath(target string) bool {
	if len(target) == 0 || target[0] != '/' || strings.HasPrefix(target, "//") || strings.HasPrefix(target, `/\`) {
		return false
	}
	for i := 0; i < len(target); i++ {
		if b := target[i]; b < 0x20 || b == 0x7f || b == '\\' {
			return false
		}
	}
	return true
}

// SetCookie sets an HttpOnly, SameSite=Lax cookie, Secure over HTTPS.
func (s *Site) SetCookie(c *fiber.Ctx, name, value string, maxAge time.Duration, path string) {
	c.Cookie(&fiber.Cookie{
		Name: name, Value: value, Path: path, MaxAge: int(maxAge.Seconds()),
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: c.Protocol() == "https",
	})
}

// ErrorData is the data of the error page.
type ErrorData struct {
	Status  int
	Message string
}

// WriteError renders the not-found or error page for status in the
// request's language. code is an error code with a message "error.<code>"
// in every catalog.
func (s *Site) WriteError(c *fiber.Ctx, status int, code string) error {
	lang := s.LocaleOf(c)
	v := s.NewView(lang, "/", nil)
	v.Base = s.PublicBase(c)
	v.NoIndex = true
	if status == fiber.StatusNotFound {
		v.Title = v.T("web.notfound.title")
	} else {
		v.Title = v.T("web.error.title")
	}
	msg := v.T("error." + code)
	if msg == "error."+code {
		msg = v.T("error.internal")
	}
	return s.RenderError(c, v, status, msg)
}

// RenderError renders the error page with a message; if even that fails,
// a plain text status.
func (s *Site) RenderError(c *fiber.Ctx, v *View, status int, msg string) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if err := s.Render(c, status, s.errPage, v, ErrorData{Status: status, Message: msg}); err != nil {
		s.cfg.Logger.ErrorContext(c.UserContext(), "render error page", "err", err)
		return c.Status(status).SendString(msg)
	}
	return nil
}

// BaseURL returns the absolute base URL ("https://hub.example.org") of
// the request, the fallback of PublicBase when HUBDIR_PUBLIC_URL is
// unset: Fiber's c.BaseURL(), that is
// the request's scheme and Host. Fiber believes X-Forwarded-Proto and
// X-Forwarded-Host only from trusted proxies when HUBDIR_TRUSTED_PROXIES
// is set, but from anyone when it is not; so the scheme is accepted only as
// http or https and the host only as a plain host[:port], and anything else
// falls back to the Host header of the request itself. Deployments behind
// a reverse proxy should set HUBDIR_TRUSTED_PROXIES and let the proxy pass
// the public host name and scheme.
func BaseURL(c *fiber.Ctx) string {
	base := c.BaseURL()
	scheme, host, ok := strings.Cut(base, "://")
	if !ok || (scheme != "http" && scheme != "https") {
		scheme = "http"
		if c.Context().IsTLS() {
			scheme = "https"
		}
	}
	if !plainHost(host) {
		host = string(c.Request().URI().Host())
		if !plainHost(host) {
			host = "localhost"
		}
	}
	return scheme + "://" + strings.Clone(host)
}

// plainHost reports whether s looks like a host name or address with an
// optional port: ASCII letters, digits, '.', '-', ':', '[' and ']' only.
func plainHost(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9':
		case ch == '.', ch == '-', ch == ':', ch == '[', ch == ']':
		default:
			return false
		}
	}
	return true
}

// SetLocale makes code the request's locale, as the locale middleware
// does, for routes outside /{lang}/ whose error pages must speak it.
func SetLocale(c *fiber.Ctx, code string) { c.Locals(localeKey, code) }
