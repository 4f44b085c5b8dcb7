package web

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/i18n"
)

// sitemapLink is an <xhtml:link rel="alternate" hreflang="..." href="..."/>
// (https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap).
type sitemapLink struct {
	HrefLang string
	Href     string
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

// sitemapWriter writes <url> entries into parts of at most
// sitemapPartURLs URLs, handing each finished part to done with the newest
// lastmod in it.
type sitemapWriter struct {
	raw     bytes.Buffer
	urls    int
	lastMod string // RFC 3339 in UTC: newer sorts later
	done    func(raw []byte, lastMod string)
}

// page writes p's <url> in every locale, each with the same alternates:
// the locales p has text in, and x-default.
func (w *sitemapWriter) page(base string, p sitemapPage) {
	locales := p.locales
	if locales == nil {
		locales = i18n.Codes()
	}
	alts := make([]sitemapLink, 0, len(locales)+1)
	for _, l := range locales {
		alts = append(alts, sitemapLink{HrefLang: l, Href: base + "/" + l + p.path})
	}
	alts = append(alts, sitemapLink{HrefLang: xDefault, Href: p.xDefault})
	var lastMod string
	if !p.lastMod.IsZero() {
		lastMod = p.lastMod.UTC().Format(time.RFC3339)
	}
	for _, l := range i18n.Codes() {
		w.url(base+"/"+l+p.path, lastMod, alts)
	}
}

// url writes one <url>, starting a part before it and ending the part
// after it when it is full.
func (w *sitemapWriter) url(loc, lastMod string, alts []sitemapLink) {
	if w.urls == 0 {
		w.raw.Reset()
		w.lastMod = ""
		w.raw.WriteString(xml.Header)
		w.raw.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">`)
	}
	b := &w.raw
	b.WriteString("\n <url>\n  <loc>")
	xmlEscape(b, loc)
	b.WriteString("</loc>")
	if lastMod != "" {
		b.WriteString("\n  <lastmod>")
		b.WriteString(lastMod)
		b.WriteString("</lastmod>")
		if lastMod > w.lastMod {
			w.lastMod = lastMod
		}
	}
	for _, a := range alts {
		b.WriteString("\n  <xhtml:link rel=\"alternate\" hreflang=\"")
		xmlEscape(b, a.HrefLang)
		b.WriteString("\" href=\"")
		xmlEscape(b, a.Href)
		b.WriteString("\"/>")
	}
	b.WriteString("\n </url>")
	if w.urls++; w.urls >= sitemapPartURLs {
		w.close()
	}
}

// close ends the part being written, if any.
func (w *sitemapWriter) close() {
	if w.urls == 0 {
		return
	}
	w.raw.WriteString("\n</urlset>\n")
	w.done(w.raw.Bytes(), w.lastMod)
	w.urls = 0
}

// writeSitemapIndex writes the sitemap index of base naming parts
// /sitemap-1.xml ... with their newest lastmod.
func writeSitemapIndex(b *bytes.Buffer, base string, lastMods []string) {
	b.WriteString(xml.Header)
	b.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i, lm := range lastMods {
		b.WriteString("\n <sitemap>\n  <loc>")
		xmlEscape(b, base+"/sitemap-"+strconv.Itoa(i+1)+".xml")
		b.WriteString("</loc>")
		if lm != "" {
			b.WriteString("\n  <lastmod>" + lm + "</lastmod>")
		}
		b.WriteString("\n </sitemap>")
	}
	b.WriteString("\n</sitemapindex>\n")
}

// xmlEscape writes s with the characters XML text and attributes reserve
// escaped.
func xmlEscape(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		case '\'':
			esc = "&apos;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
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
	out = append(out, listings...)
	return append(out, h.supplySitemap(fixed, listing, companies)...) // offers.go
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
