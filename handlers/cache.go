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
// the API's locale middleware before the cache runs). Every public answer
// of the API comes from the catalog, so nothing else ends an era. Requests
// with a token (Authorization) are never served from it.
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

// PageCacheCounters returns the public pages' cache counters: hits,
// misses, bypasses and 304 answers since start.
func (s *Server) PageCacheCounters() (hits, misses, bypasses, notModified uint64) {
	return s.web.PageCacheCounters()
}
