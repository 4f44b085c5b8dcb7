package page

import (
	"github.com/gofiber/fiber/v2"
)

// PublicBase returns the absolute base URL of the links a page or document
// gives to others: the canonical link, og:url, hreflang alternates,
// JSON-LD, the sitemap, the feed and robots.txt. It is Config.PublicURL
// (HUBDIR_PUBLIC_URL) when set. Else it falls back to the request's scheme
// and host (BaseURL), which a client chooses: the answer is then marked
// "private, no-store" and to vary by host, so that no shared cache hands
// one host's links to another; handlers set their own caching with
// SetPublicCache, which keeps it so.
func (s *Site) PublicBase(c *fiber.Ctx) string {
	if s.cfg.PublicURL != "" {
		return s.cfg.PublicURL
	}
	c.Vary(fiber.HeaderHost, fiber.HeaderXForwardedHost, fiber.HeaderXForwardedProto)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return BaseURL(c)
}

// SetPublicCache sets Cache-Control to value (public caching) when the
// links of the answer come from Config.PublicURL; otherwise the answer
// stays private (see PublicBase).
func (s *Site) SetPublicCache(c *fiber.Ctx, value string) {
	if s.cfg.PublicURL == "" {
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		return
	}
	c.Set(fiber.HeaderCacheControl, value)
}
