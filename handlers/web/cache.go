package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/handlers/page"
	"hubdir/handlers/pagecache"
)

// newPageCache returns the cache of whole public pages: keyed by the
// catalog's version and the park's day, so that a page shows what the
// catalog holds when it is served. The language cookie does not change a
// /{lang}/ page, and the CSRF token is a hole (formToken); any other
// cookie (a staff session, the confirmation's flash cookie) bypasses the
// cache.
func (h *Handler) newPageCache() *pagecache.Cache {
	return pagecache.New(pagecache.Config{
		Version: h.cfg.Catalog.Version,
		Day:     func() string { return string(content.Today(h.cfg.Now(), h.cfg.Zone)) },
		Cookies: []string{page.LangCookie, page.CSRFCookie},
		// The staff workspace's pages are never cached (their forms
		// carry their own tokens).
		Skip: func(c *fiber.Ctx) bool { return isStaffPath(c.Path()) },
		Now:  h.cfg.Now,
		// The sitemap of 10,000 needs with its hreflang alternates is
		// several MB.
		MaxEntry: 16 << 20,
	})
}

// PageCache is the middleware that serves anonymous GET pages from the
// page cache (package pagecache), or renders and keeps them.
func (h *Handler) PageCache(c *fiber.Ctx) error { return h.cache.Handler(c) }

// Invalidate makes every cached page be rendered again: call it after a
// write of this process, before its response.
func (h *Handler) Invalidate() { h.cache.Invalidate() }

// PageCacheCounters returns the page cache's hits, misses, bypasses and 304
// answers.
func (h *Handler) PageCacheCounters() (hits, misses, bypasses, notModified uint64) {
	return h.cache.Counters()
}

// formToken returns the CSRF token of a public form: a hole of the cached
// page, filled for each request with the browser's own token (csrfToken).
func (h *Handler) formToken(c *fiber.Ctx) string { return pagecache.Hole(c, h.csrfToken) }

// isStaffPath reports whether path is under /{lang}/staff.
func isStaffPath(path string) bool {
	rest := strings.TrimPrefix(path, "/")
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[i+1:]
	} else {
		return false
	}
	return rest == "staff" || strings.HasPrefix(rest, "staff/")
}
