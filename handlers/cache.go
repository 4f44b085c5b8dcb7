package handlers

import (
	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/handlers/deps"
	"hubdir/handlers/page"
	"hubdir/handlers/pagecache"
)

// newAPICache returns the cache of anonymous GET answers of the public API
// (package pagecache): keyed by the catalog's version and the park's day
// as the pages are, and by the answer's language (Content-Language, set by
// the API's locale middleware before the cache runs). Requests with a
// token (Authorization) are never served from it.
func newAPICache(cfg deps.Deps) *pagecache.Cache {
	return pagecache.New(pagecache.Config{
		Version: cfg.Catalog.Version,
		Day:     func() string { return string(content.Today(cfg.Now(), cfg.Zone)) },
		Vary: func(c *fiber.Ctx) string {
			return string(c.Response().Header.Peek(fiber.HeaderContentLanguage))
		},
		// The API reads no cookie; a browser's site cookies do not change
		// an answer.
		Cookies: []string{page.LangCookie, page.CSRFCookie},
		Now:     cfg.Now,
	})
}

// invalidateOnWrite starts a new era of the page caches after every
// request that may write (any method but GET, HEAD and OPTIONS), before
// its response is sent: a write is visible on this process's pages when
// its answer arrives, even a write the catalog does not hold. Writes to
// the catalog change its version too, which the caches also key on.
func (s *Server) invalidateOnWrite(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	defer func() {
		s.web.Invalidate()
		s.apiCache.Invalidate()
	}()
	return c.Next()
}
