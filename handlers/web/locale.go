package web

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
	localeKey = "web.locale"
	// langCookie remembers the visitor's choice of language.
	langCookie = "lang"
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
func (h *Handler) Locale(c *fiber.Ctx) error {
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
	h.setCookie(c, langCookie, lang, 365*24*time.Hour, "/")
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
	return h.redirectLocal(c, target, fiber.StatusSeeOther)
}

// locale returns the request's locale code: the one the locale middleware
// set, else one negotiated as for "/".
func (h *Handler) locale(c *fiber.Ctx) string {
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
	return h.preferred(c)
}

// preferred negotiates a locale: the cookie, then Accept-Language, then
// the default.
func (h *Handler) preferred(c *fiber.Ctx) string {
	if l := c.Cookies(langCookie); i18n.IsSupported(l) {
		return l
	}
	return i18n.Match(c.Get(fiber.HeaderAcceptLanguage), h.cfg.DefaultLang)
}

// Root answers GET /: a redirect (302) to the home page of the visitor's
// language.
func (h *Handler) Root(c *fiber.Ctx) error {
	c.Vary(fiber.HeaderAcceptLanguage, fiber.HeaderCookie)
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	return h.redirectLocal(c, "/"+h.preferred(c)+"/", fiber.StatusFound)
}

// LangHome answers GET /{lang} (no slash): a redirect to /{lang}/.
func (h *Handler) LangHome(c *fiber.Ctx) error {
	return h.redirectLocal(c, "/"+h.locale(c)+"/", fiber.StatusMovedPermanently)
}

// redirectLocal redirects to a local path, refusing anything that could
// leave the site or inject a header: it must start with one "/", not "//"
// or "/\", and contain no control characters.
func (h *Handler) redirectLocal(c *fiber.Ctx, target string, status int) error {
	if !isLocalPath(target) {
		return fiber.ErrBadRequest
	}
	return c.Redirect(target, status)
}

// isLocalPath reports whether target is a safe local redirect target.
func isLocalPath(target string) bool {
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

// setCookie sets an HttpOnly, SameSite=Lax cookie, Secure over HTTPS.
func (h *Handler) setCookie(c *fiber.Ctx, name, value string, maxAge time.Duration, path string) {
	c.Cookie(&fiber.Cookie{
		Name: name, Value: value, Path: path, MaxAge: int(maxAge.Seconds()),
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: c.Protocol() == "https",
	})
}

// errorData is the data of the error page.
type errorData struct {
	Status  int
	Message string
}

// WriteError renders the not-found or error page for status in the
// request's language. code is an error code with a message "error.<code>"
// in every catalog.
func (h *Handler) WriteError(c *fiber.Ctx, status int, code string) error {
	lang := h.locale(c)
	v := h.newView(lang, "/", nil)
	v.Base = h.publicBase(c)
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
	return h.renderError(c, v, status, msg)
}

// renderError renders the error page with a message; if even that fails,
// a plain text status.
func (h *Handler) renderError(c *fiber.Ctx, v *view, status int, msg string) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if err := h.render(c, status, "error", v, errorData{Status: status, Message: msg}); err != nil {
		h.cfg.Logger.ErrorContext(c.UserContext(), "render error page", "err", err)
		return c.Status(status).SendString(msg)
	}
	return nil
}
