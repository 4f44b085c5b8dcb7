package web

import (
	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/handlers/page"
)

// sitePageData is the data of one of the platform's pages.
type sitePageData struct {
	ID     string
	Title  page.LocalText
	Body   page.LocalText
	Blocks []page.Block
	// Updated is the day an administrator last saved the page; "" for
	// the sample text.
	Updated content.Date
}

// SitePage returns the handler of GET /{lang}/{id} for one of the
// platform's pages (about, privacy, contact, terms): the text an
// administrator saved, else the sample text, in the reader's locale with
// the usual fallback (one locale for title and body).
func (h *Handler) SitePage(id string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		sc := h.SiteContent(c.UserContext())
		p, ok := sc.Pages[id]
		if !ok {
			return fiber.ErrNotFound
		}
		v := h.pageView(c, "/"+id, nil)
		v.Section = id
		t := v.Listing(nil, p.Title, p.Body)
		d := sitePageData{ID: id, Title: t[0], Body: t[1], Blocks: page.Blocks(t[1].S)}
		if _, saved := sc.Saved[id]; saved {
			d.Updated = content.Today(p.UpdatedAt, h.cfg.Zone)
		}
		v.Title = d.Title.S
		if len(d.Blocks) > 0 && len(d.Blocks[0].Lines) > 0 {
			v.Description = firstLine(d.Blocks[0].Lines[0])
		}
		v.TextLocales = p.Title.Locales()
		return h.render(c, fiber.StatusOK, "sitepage", v, d)
	}
}

// Logo answers GET /site/logo: the park's logo uploaded by an
// administrator, or not found (the pages then use the embedded one).
func (h *Handler) Logo(c *fiber.Ctx) error {
	set := h.SiteContent(c.UserContext()).Settings
	if len(set.Logo) == 0 || set.LogoType == "" {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, set.LogoType)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Content-Security-Policy", "default-src 'none'")
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.Send(set.Logo)
}
