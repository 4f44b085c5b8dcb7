package web

import (
	"context"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/handlers/page"
	"hubdir/handlers/pagecache"
)

// newPageCache returns the cache of whole public pages. An answer is kept
// within an era of what public pages show (pageVersion): the catalog's
// state and the platform pages and settings; the impact page also under
// its interest counts (pageCacheVary); and the park's day. Nothing else
// ends an era: a registration of interest, a testing request, a firm's or
// an alert's change show on no cached page (the pages that show them are
// private, not stored). The language cookie does not change a /{lang}/
// page, and the CSRF token is a hole (formToken); any other cookie (a
// staff session, the confirmation's flash cookie) bypasses the cache.
func (h *Handler) newPageCache() *pagecache.Cache {
	return pagecache.New(pagecache.Config{
		Version: h.pageVersion,
		Vary:    h.pageCacheVary,
		Day:     func() string { return string(content.Today(h.cfg.Now(), h.cfg.Zone)) },
		Cookies: []string{page.LangCookie, page.CSRFCookie},
		// The staff workspace's pages are never cached (their forms
		// carry their own tokens).
		Skip: func(c *fiber.Ctx) bool { return isStaffPath(c.Path()) },
		Now:  h.cfg.Now,
		// A part of the sitemap is served by the sitemap's own store;
		// nothing else comes near.
		MaxEntry: 4 << 20,
	})
}

// pageVersion returns the version of what public pages show: the
// catalog's state (every listing and hub, changed by this process's
// writes before their answer and by the sync for other processes') and
// the platform pages' and settings' saves (the park's name is in every
// page's header; read again within 2 s of another process's save, at once
// after one of this process). The two are mixed into one number: equal
// numbers for different states would need a 64-bit collision.
func (h *Handler) pageVersion() uint64 {
	return mixVersions(h.cfg.Catalog.Version(), h.SiteContentVersion(context.Background()))
}

// mixVersions combines two version counters into one number that changes
// when either does.
func mixVersions(a, b uint64) uint64 {
	x := a*0x9e3779b97f4a7c15 ^ b
	x ^= x >> 31
	return x
}

// pageCacheVary adds to the cache key of the impact page the generation of
// its interest counts (impact.go), which only that page shows.
func (h *Handler) pageCacheVary(c *fiber.Ctx) string {
	if !isImpactPath(c.Path()) {
		return ""
	}
	return strconv.FormatUint(h.impactFigures(c.UserContext()).tallies.gen, 10)
}

// isImpactPath reports whether path is /{lang}/impact.
func isImpactPath(path string) bool {
	rest, ok := strings.CutSuffix(path, "/impact")
	return ok && len(rest) > 1 && strings.LastIndexByte(rest, '/') == 0
}

// PageCache is the middleware that serves anonymous GET pages from the
// page cache (package pagecache), or renders and keeps them.
func (h *Handler) PageCache(c *fiber.Ctx) error { return h.cache.Handler(c) }

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
