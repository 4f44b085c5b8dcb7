package staff

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/handlers/page"
	"hubdir/i18n"
)

// Short names, in this package, for the shared page machinery.
type (
	view      = page.View
	option    = page.Option
	localText = page.LocalText
	fieldMsg  = page.FieldMsg
)

func (h *Handler) newView(code, path string, q url.Values) *view { return h.NewView(code, path, q) }

// render executes the page template name with data and sends it with
// status.
func (h *Handler) render(c *fiber.Ctx, status int, name string, v *view, data any) error {
	return h.Render(c, status, h.pages[name], v, data)
}

func (h *Handler) locale(c *fiber.Ctx) string { return h.LocaleOf(c) }

func (h *Handler) redirectLocal(c *fiber.Ctx, target string, status int) error {
	return h.RedirectLocal(c, target, status)
}

func (h *Handler) renderError(c *fiber.Ctx, v *view, status int, msg string) error {
	return h.RenderError(c, v, status, msg)
}

func (h *Handler) csrfToken(c *fiber.Ctx) string { return h.CSRFToken(c) }

func sortOptions(loc i18n.Locale, opts []option) { page.SortOptions(loc, opts) }

func (h *Handler) setCookie(c *fiber.Ctx, name, value string, maxAge time.Duration, path string) {
	h.SetCookie(c, name, value, maxAge, path)
}

func isLocalPath(target string) bool { return page.IsLocalPath(target) }

// formString returns a form value, copied (Fiber reuses its memory).
func formString(c *fiber.Ctx, name string) string { return utils.CopyString(c.FormValue(name)) }
