// Package web serves Hubdir's public, server-rendered HTML pages in every
// supported locale: the home page, hubs, needs (with search, filters and
// facets), companies, agreements, the register-interest form, the feed,
// the sitemap and robots.txt.
//
// The page machinery (view, rendering, locale, static files, CSRF, the
// error page) is shared with the staff workspace in handlers/page; each
// page here is templates/<name>.html on the shared layout.
package web

import (
	"embed"
	"io/fs"

	"hubdir/handlers/deps"
	"hubdir/handlers/page"
	"hubdir/handlers/pagecache"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the public pages. It is safe for concurrent use. The
// shared machinery's methods (Locale, Root, LangHome, Static, WriteError)
// are promoted from page.Site.
type Handler struct {
	*page.Site
	cfg    deps.Deps
	pages  page.Pages
	impact *impactCache // the impact page's figures (impact.go)
	cache  *pagecache.Cache
	// sitemaps holds the sitemap's files, built once per catalog version
	// (sitemapstore.go).
	sitemaps *sitemapStore
}

// pageNames are the pages; each is templates/<name>.html.
var pageNames = []string{
	"home", "hub", "needs", "need", "interest_done", "companies", "company",
	"agreements", "agreement", "sitepage", "impact",
	"offers", "offer", "labs", "lab", "propose", "supply_sent", // supply side (offers.go)
	"my", "mail_confirm", "mail_notice", "alerts", // the mail side (my.go, alerts.go)
}

// New returns the public pages' handler on the shared machinery site,
// with its templates parsed and checked.
func New(site *page.Site) (*Handler, error) {
	pages, err := page.ParsePages(templateFS, pageNames...)
	if err != nil {
		return nil, err
	}
	h := &Handler{Site: site, cfg: *site.Deps(), pages: pages, impact: &impactCache{}, sitemaps: newSitemapStore(site.Deps().Logger)}
	h.cache = h.newPageCache()
	return h, nil
}

// tmplFS returns the embedded templates, for tests of the package.
func tmplFS() fs.FS { return templateFS }
