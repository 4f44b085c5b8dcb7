package web

import (
	"encoding/xml"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/i18n"
)

// sitemapURL is one <url> of a sitemap, with its hreflang alternates
// (https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap).
type sitemapURL struct {
	Loc        string        `xml:"loc"`
	LastMod    string        `xml:"lastmod,omitempty"`
	Alternates []sitemapLink `xml:"xhtml:link"`
}

// sitemapLink is an <xhtml:link rel="alternate" hreflang="..." href="..."/>.
type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemapSet is the <urlset> document. The xhtml prefix is declared by
// hand so that the links carry the conventional xhtml: prefix.
type sitemapSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

// xDefault is the hreflang value of the page for readers whose language is
// none of the alternates.
const xDefault = "x-default"

// sitemapPage is one public page of the site, before it is expanded into one
// sitemap <url> per locale.
type sitemapPage struct {
	// path is the page's path after the locale, such as "/needs/TR-26-0042".
	path string
	// locales are the locales the page has text in; nil means every one.
	locales []string
	// xDefault is the absolute URL of the x-default alternate.
	xDefault string
	lastMod  time.Time
}

// Sitemap answers GET /sitemap.xml: every public page in every locale
// (home, hub pages, the three lists and every public need, company and
// agreement), each with lastmod and with hreflang alternates for the
// locales the page has text in (every locale for fixed pages; the locales
// of its title or name for a listing) plus x-default. URLs are absolute,
// built from Config.PublicURL, else the request (see page.Site.PublicBase).
//
// The sitemap protocol allows 50,000 URLs per file: with four locales
// that is about 12,000 listings; a larger directory needs a sitemap index.
func (h *Handler) Sitemap(c *fiber.Ctx) error {
	base := h.PublicBase(c)
	set := sitemapSet{XHTML: "http://www.w3.org/1999/xhtml"}
	for _, p := range h.sitemapPages(base) {
		set.URLs = append(set.URLs, expandPage(base, p)...)
	}
	out, err := xml.MarshalIndent(set, "", " ")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/xml; charset=utf-8")
	h.SetPublicCache(c, "public, max-age=3600")
	return c.Send(append([]byte(xml.Header), out...))
}

// expandPage returns p's <url> in every locale, each with the same set of
// alternates.
func expandPage(base string, p sitemapPage) []sitemapURL {
	locales := p.locales
	if locales == nil {
		locales = i18n.Codes()
	}
	alts := make([]sitemapLink, 0, len(locales)+1)
	for _, l := range locales {
		alts = append(alts, sitemapLink{Rel: "alternate", HrefLang: l, Href: base + "/" + l + p.path})
	}
	alts = append(alts, sitemapLink{Rel: "alternate", HrefLang: xDefault, Href: p.xDefault})
	var lastMod string
	if !p.lastMod.IsZero() {
		lastMod = p.lastMod.UTC().Format(time.RFC3339)
	}
	out := make([]sitemapURL, 0, len(i18n.Codes()))
	for _, l := range i18n.Codes() {
		out = append(out, sitemapURL{Loc: base + "/" + l + p.path, LastMod: lastMod, Alternates: alts})
	}
	return out
}

// sitemapPages lists the public pages of the site from the catalog.
func (h *Handler) sitemapPages(base string) []sitemapPage {
	def := h.cfg.DefaultLang
	if !i18n.IsSupported(def) {
		def = "en"
	}
	// x-default is the page in the default locale, as in the pages'
	// own <link rel="alternate" hreflang="x-default">.
	fixed := func(path string, t time.Time) sitemapPage {
		return sitemapPage{path: path, xDefault: base + "/" + def + path, lastMod: t}
	}
	listing := func(path string, t content.Text, mod time.Time) sitemapPage {
		p := fixed(path, mod)
		p.locales = t.Locales()
		if p.locales == nil {
			p.locales = []string{}
		}
		return p
	}

	hubs := h.cfg.Catalog.Hubs()
	needs, companies, agreements := h.publicListings()

	// lastmod of a list is its newest listing's; of a hub page, the newest
	// of the hub and its listings; of home, the newest of everything.
	var newestNeed, newestCompany, newestAgreement time.Time
	hubMod := map[string]time.Time{}
	var listings []sitemapPage
	for _, n := range needs {
		newestNeed = laterOf(newestNeed, n.UpdatedAt)
		hubMod[n.Hub] = laterOf(hubMod[n.Hub], n.UpdatedAt)
		listings = append(listings, listing("/needs/"+url.PathEscape(n.Ref), n.Title, n.UpdatedAt))
	}
	for _, co := range companies {
		newestCompany = laterOf(newestCompany, co.UpdatedAt)
		for _, hc := range co.Hubs {
			hubMod[hc] = laterOf(hubMod[hc], co.UpdatedAt)
		}
		listings = append(listings, listing("/companies/"+url.PathEscape(co.Slug), co.Name, co.UpdatedAt))
	}
	for _, a := range agreements {
		newestAgreement = laterOf(newestAgreement, a.UpdatedAt)
		hubMod[a.Hub] = laterOf(hubMod[a.Hub], a.UpdatedAt)
		listings = append(listings, listing("/agreements/"+url.PathEscape(a.Slug), a.Title, a.UpdatedAt))
	}
	newest := laterOf(newestNeed, laterOf(newestCompany, newestAgreement))
	hubPages := make([]sitemapPage, 0, len(hubs))
	for _, hub := range hubs {
		mod := laterOf(hub.UpdatedAt, hubMod[hub.Code])
		newest = laterOf(newest, mod)
		hubPages = append(hubPages, listing("/hubs/"+url.PathEscape(hub.Code), hub.Name, mod))
	}

	out := []sitemapPage{fixed("/", newest)}
	out = append(out, hubPages...)
	out = append(out,
		fixed("/needs", newestNeed),
		fixed("/companies", newestCompany),
		fixed("/agreements", newestAgreement),
	)
	return append(out, listings...)
}

// publicListings returns every public need, company and agreement in the
// catalog (the public viewer's view), page by page.
func (h *Handler) publicListings() (needs []*content.Need, companies []*content.Company, agreements []*content.Agreement) {
	cat := h.cfg.Catalog
	for p := 1; ; p++ {
		r := cat.Needs(catalog.NeedQuery{Sort: catalog.SortNewest, Page: p, PerPage: catalog.MaxPerPage})
		needs = append(needs, r.Items...)
		if len(r.Items) == 0 || len(needs) >= r.Total {
			break
		}
	}
	for p := 1; ; p++ {
		r := cat.Companies(catalog.CompanyQuery{Page: p, PerPage: catalog.MaxPerPage})
		companies = append(companies, r.Items...)
		if len(r.Items) == 0 || len(companies) >= r.Total {
			break
		}
	}
	for p := 1; ; p++ {
		r := cat.Agreements(catalog.AgreementQuery{Page: p, PerPage: catalog.MaxPerPage})
		agreements = append(agreements, r.Items...)
		if len(r.Items) == 0 || len(agreements) >= r.Total {
			break
		}
	}
	return needs, companies, agreements
}

// laterOf returns the later of a and b.
func laterOf(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// Robots answers GET /robots.txt: every public page may be crawled; the
// staff workspace and the JSON API may not; the sitemap's absolute URL.
func (h *Handler) Robots(c *fiber.Ctx) error {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	b.WriteString("Allow: /\n")
	b.WriteString("Disallow: /api/\n")
	b.WriteString("Disallow: /*/staff/\n")
	b.WriteString("\nSitemap: " + h.PublicBase(c) + "/sitemap.xml\n")
	c.Set(fiber.HeaderContentType, "text/plain; charset=utf-8")
	h.SetPublicCache(c, "public, max-age=86400")
	return c.SendString(b.String())
}
