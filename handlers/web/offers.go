package web

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/i18n"
)

// The supply side's public pages (issue 14): offers with search, filters
// and facets, an offer's page with the open needs it may answer and the
// testing-service request form, laboratories and a laboratory's page
// with its profile and services.

// publicOfferStatuses are the offer statuses the public can filter by.
var publicOfferStatuses = []string{content.NeedPublished, content.NeedExpired, content.NeedClosed}

// offersData is the data of the offers list.
type offersData struct {
	State  *listState
	Result catalog.OfferResult
	Groups []filterGroup
	Active []option
	Pager  pager
}

// hubCodes returns the codes of every hub.
func (h *Handler) hubCodes() []string {
	var out []string
	for _, hub := range h.cfg.Catalog.Hubs() {
		out = append(out, hub.Code)
	}
	return out
}

// Offers answers GET /{lang}/offers: search (standard codes in any written
// form, text in any script), filters with facet counts, pages.
func (h *Handler) Offers(c *fiber.Ctx) error {
	lang := h.locale(c)
	s := parseList(c, "/"+lang+"/offers", map[string]func(string) bool{
		"hub":         content.ValidHubCode,
		"kind":        func(v string) bool { return slices.Contains(content.OfferKinds(), v) },
		"sector":      content.IsSector,
		"status":      func(v string) bool { return slices.Contains(publicOfferStatuses, v) },
		"partnership": func(v string) bool { return slices.Contains(content.Partnerships(), v) },
	}, []string{"hub", "kind", "sector", "status", "partnership"}, nil)
	v := h.pageView(c, "/offers", s)
	v.Section = "offers"
	v.Title = v.T("offers.list.title")
	v.Description = v.T("offers.list.intro")
	res := h.cfg.Catalog.Offers(catalog.OfferQuery{
		Text: s.Q, Hubs: s.F["hub"], Kinds: s.F["kind"], Sectors: s.F["sector"],
		Statuses: s.F["status"], Partnerships: s.F["partnership"], Page: s.Page, PerPage: catalog.DefaultPerPage,
	})
	d := offersData{State: s, Result: res}
	d.Groups = []filterGroup{
		s.group(v.Loc, "hub", v.T("web.filter.hub"), res.Facets[catalog.FacetHub], h.hubCodes(), false, func(c string) string { return v.HubName(c).S }),
		s.group(v.Loc, "kind", v.T("offers.filter.kind"), res.Facets[catalog.FacetKind], content.OfferKinds(), false, func(c string) string { return v.T("kind.offer." + c) }),
		s.group(v.Loc, "status", v.T("web.filter.status"), res.Facets[catalog.FacetStatus], publicOfferStatuses, false, func(c string) string { return v.T("status.offer." + c) }),
		s.group(v.Loc, "sector", v.T("web.filter.sector"), res.Facets[catalog.FacetSector], nil, true, v.Sector),
		s.group(v.Loc, "partnership", v.T("offers.filter.partnership"), res.Facets[catalog.FacetPartnership], content.Partnerships(), false, v.Partnership),
	}
	d.Active = activeFilters(d.Groups)
	d.Pager = newPager(s, res.Page, res.Total, res.PerPage)
	if s.Filtered() || s.Page > 1 {
		v.NoIndex = s.Q != ""
	}
	return h.render(c, fiber.StatusOK, "offers", v, d)
}

// offerData is the data of an offer's page.
type offerData struct {
	Offer    *content.Offer
	Title    localText
	Summary  localText
	Body     localText
	Status   string
	Company  *content.Company
	CoName   localText
	Matches  []match // open needs the offer may answer
	Form     *requestForm
	Expiry   string
	HasHubs  bool
	Standard string // the first standard, to prefill the request form
}

// lookupOffer returns the public offer at the request's {ref}, or not
// found (drafts, archived and unknown references alike).
func (h *Handler) lookupOffer(c *fiber.Ctx) (*content.Offer, error) {
	ref := strings.ToUpper(c.Params("ref"))
	if !content.ValidOfferRef(ref) {
		return nil, fiber.ErrNotFound
	}
	o, ok := h.cfg.Catalog.Offer(ref, catalog.Viewer{})
	if !ok || !o.Public() {
		return nil, fiber.ErrNotFound
	}
	return o, nil
}

// offerPage returns the view and data of an offer's page; the form is
// added by the caller.
func (h *Handler) offerPage(c *fiber.Ctx, o *content.Offer) (*view, *offerData) {
	v := h.pageView(c, "/offers/"+o.Ref, nil)
	v.Section = "offers"
	v.OGType = "article"
	d := &offerData{
		Offer: o, Title: v.PickAny(o.Title, o.Hubs), Summary: v.PickAny(o.Summary, o.Hubs),
		Body: v.PickAny(o.Body, o.Hubs), Status: o.StatusOn(v.Today), Expiry: v.Date(o.Deadline),
	}
	// Title, summary and body fall back together: one language per listing.
	if d.Title.Lang != "" {
		d.Summary = v.Pick(content.Text{d.Title.Lang: o.Summary[d.Title.Lang]}, o.Hubs[0])
		d.Body = v.Pick(content.Text{d.Title.Lang: o.Body[d.Title.Lang]}, o.Hubs[0])
	}
	d.Matches = h.needsForOffer(v, o.Ref, d.Title, d.Summary)
	if o.Company != "" {
		if co, ok := h.cfg.Catalog.Company(o.Company, catalog.Viewer{}); ok && co.Public() {
			d.Company, d.CoName = co, v.PickAny(co.Name, co.Hubs)
		}
	}
	if len(o.Standards) > 0 {
		d.Standard = o.Standards[0]
	}
	v.Title = d.Title.S
	v.Description = firstLine(d.Summary.S)
	v.TextLocales = o.Title.Locales()
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "Offer", "name": d.Title.S, "url": v.Canonical(),
		"identifier": o.Ref, "category": v.T("kind.offer." + o.Kind), "inLanguage": d.Title.Lang,
		"availability": "https://schema.org/InStock",
		"itemOffered":  map[string]any{"@type": "Service", "name": d.Title.S, "serviceType": v.T("kind.offer." + o.Kind)},
	}
	if d.Summary.S != "" {
		ld["description"] = d.Summary.S
	}
	if o.Deadline != "" {
		ld["validThrough"] = string(o.Deadline)
	}
	if d.Company != nil {
		ld["offeredBy"] = map[string]any{"@type": "Organization", "name": d.CoName.S, "url": v.Base + v.URL("companies", d.Company.Slug)}
	}
	v.JSONLD = ld
	return v, d
}

// Offer answers GET /{lang}/offers/{ref}: the offer, its company, the open
// needs it may answer and, while it is open, the request form.
func (h *Handler) Offer(c *fiber.Ctx) error {
	o, err := h.lookupOffer(c)
	if err != nil {
		return err
	}
	v, d := h.offerPage(c, o)
	if o.OpenOn(v.Today) {
		d.Form = h.newRequestForm(c, v, v.URL("offers", o.Ref, "request"), d.Standard)
	}
	return h.render(c, fiber.StatusOK, "offer", v, d)
}

// labsData is the data of the laboratories list.
type labsData struct {
	State  *listState
	Result catalog.CompanyResult
	Groups []filterGroup
	Active []option
	Pager  pager
}

// Labs answers GET /{lang}/labs: the published laboratories, searchable by
// standard code, equipment, method and sample type in any script.
func (h *Handler) Labs(c *fiber.Ctx) error {
	lang := h.locale(c)
	s := parseList(c, "/"+lang+"/labs", map[string]func(string) bool{
		"hub":     content.ValidHubCode,
		"country": content.IsCountry,
		"sector":  content.IsSector,
	}, []string{"hub", "country", "sector"}, nil)
	v := h.pageView(c, "/labs", s)
	v.Section = "labs"
	v.Title = v.T("labs.list.title")
	v.Description = v.T("labs.list.intro")
	res := h.cfg.Catalog.Companies(catalog.CompanyQuery{
		Text: s.Q, Hubs: s.F["hub"], Kinds: []string{"laboratory"}, Countries: s.F["country"],
		Sectors: s.F["sector"], Locale: lang, Page: s.Page, PerPage: catalog.DefaultPerPage,
	})
	d := labsData{State: s, Result: res}
	d.Groups = []filterGroup{
		s.group(v.Loc, "hub", v.T("web.filter.hub"), res.Facets[catalog.FacetHub], h.hubCodes(), false, func(c string) string { return v.HubName(c).S }),
		s.group(v.Loc, "country", v.T("web.company.country"), res.Facets[catalog.FacetCountry], nil, true, v.Country),
		s.group(v.Loc, "sector", v.T("web.filter.sector"), res.Facets[catalog.FacetSector], nil, true, v.Sector),
	}
	d.Active = activeFilters(d.Groups)
	d.Pager = newPager(s, res.Page, res.Total, res.PerPage)
	if s.Filtered() || s.Page > 1 {
		v.NoIndex = s.Q != ""
	}
	return h.render(c, fiber.StatusOK, "labs", v, d)
}

// labView is a laboratory's profile as shown, with its texts picked for
// the page's locale.
type labView struct {
	Accreditations []accreditationView
	Methods        []methodView
	Equipment      []equipmentView
	SampleTypes    localText
	LeadTimeDays   int
	PriceBand      string
	Languages      []string
}

type accreditationView struct {
	content.Accreditation
	ScopeText localText
	Expired   bool
}

type methodView struct {
	Standard string
	Name     localText
}

type equipmentView struct {
	content.Equipment
	NameText localText
}

// labData is the data of a laboratory's page.
type labData struct {
	Company     *content.Company
	Name        localText
	City        localText
	Description localText
	Lab         labView
	Offers      []*content.Offer
	Matches     []match
	Form        *requestForm
}

// lookupLab returns the published laboratory at the request's {slug}.
func (h *Handler) lookupLab(c *fiber.Ctx) (*content.Company, error) {
	co, ok := h.cfg.Catalog.Company(c.Params("slug"), catalog.Viewer{})
	if !ok || !co.Public() || co.Kind != "laboratory" {
		return nil, fiber.ErrNotFound
	}
	return co, nil
}

// labPage returns the view and data of a laboratory's page.
func (h *Handler) labPage(c *fiber.Ctx, co *content.Company) (*view, *labData) {
	v := h.pageView(c, "/labs/"+co.Slug, nil)
	v.Section = "labs"
	v.OGType = "profile"
	d := &labData{
		Company: co, Name: v.PickAny(co.Name, co.Hubs), City: v.PickAny(co.City, co.Hubs),
		Description: v.PickAny(co.Description, co.Hubs),
		Offers:      h.cfg.Catalog.Offers(catalog.OfferQuery{Company: co.Slug, Statuses: []string{content.NeedPublished}, PerPage: 50}).Items,
		Matches:     h.needsForCompany(v, co),
	}
	var services []any
	if p := co.Lab; p != nil {
		for _, a := range p.Accreditations {
			d.Lab.Accreditations = append(d.Lab.Accreditations, accreditationView{
				Accreditation: a, ScopeText: v.PickAny(a.Scope, co.Hubs), Expired: a.Expires != "" && a.Expires.Before(v.Today),
			})
		}
		for _, m := range p.Methods {
			mv := methodView{Standard: m.Standard, Name: v.PickAny(m.Name, co.Hubs)}
			d.Lab.Methods = append(d.Lab.Methods, mv)
			services = append(services, map[string]any{"@type": "Service", "name": strings.TrimSpace(m.Standard + " " + mv.Name.S)})
		}
		for _, e := range p.Equipment {
			d.Lab.Equipment = append(d.Lab.Equipment, equipmentView{Equipment: e, NameText: v.PickAny(e.Name, co.Hubs)})
		}
		d.Lab.SampleTypes = v.PickAny(p.SampleTypes, co.Hubs)
		d.Lab.LeadTimeDays, d.Lab.PriceBand, d.Lab.Languages = p.LeadTimeDays, p.PriceBand, p.Languages
	}
	v.Title = d.Name.S
	v.Description = firstLine(d.Description.S)
	v.TextLocales = co.Name.Locales()
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "Organization", "name": d.Name.S, "url": v.Canonical(),
		"identifier": co.Slug,
		"address":    map[string]any{"@type": "PostalAddress", "addressCountry": co.Country, "addressLocality": d.City.S},
	}
	if len(services) > 0 {
		ld["hasOfferCatalog"] = map[string]any{"@type": "OfferCatalog", "name": v.T("labs.page.services"), "itemListElement": services}
	}
	v.JSONLD = ld
	return v, d
}

// Lab answers GET /{lang}/labs/{slug}: the laboratory's profile, its
// services (offers), the open needs it may serve and the request form.
func (h *Handler) Lab(c *fiber.Ctx) error {
	co, err := h.lookupLab(c)
	if err != nil {
		return err
	}
	v, d := h.labPage(c, co)
	d.Form = h.newRequestForm(c, v, v.URL("labs", co.Slug, "request"), "")
	return h.render(c, fiber.StatusOK, "lab", v, d)
}

// needsForOffer returns the open public needs the offer ref may answer,
// best first, with the reasons; shown are the offer's texts as the page
// shows them (the words given as reasons are the ones they hold).
func (h *Handler) needsForOffer(v *view, ref string, shown ...localText) []match {
	var out []match
	for _, m := range h.cfg.Catalog.NeedsForOffer(ref, catalog.Viewer{}, pageMatches) {
		n := m.Need
		out = append(out, match{
			URL: v.URL("needs", n.Ref), Title: v.NeedTexts(n).Title, Ref: n.Ref,
			Sectors: sectorNames(v, m.Reasons.Sectors), Terms: shownTerms(m.Reasons.Terms, shown), Standards: m.Reasons.Standards,
		})
	}
	return out
}

// supplyForNeed returns the open public offers and the laboratories that
// may serve the need ref, best first, with the reasons; shown are the
// need's texts as the page shows them. Titles fall back to English before
// any other language, so a reader does not meet a script the page is not
// in when a listing has English text.
func (h *Handler) supplyForNeed(v *view, ref string, shown ...localText) (offers, labs []match) {
	for _, m := range h.cfg.Catalog.OffersForNeed(ref, catalog.Viewer{}, pageMatches) {
		o := m.Offer
		offers = append(offers, match{
			URL: v.URL("offers", o.Ref), Title: v.Pick(o.Title, ""), Ref: o.Ref,
			Sectors: sectorNames(v, m.Reasons.Sectors), Terms: shownTerms(m.Reasons.Terms, shown), Standards: m.Reasons.Standards,
		})
	}
	for _, m := range h.cfg.Catalog.LabsForNeed(ref, catalog.Viewer{}, pageMatches) {
		co := m.Lab
		labs = append(labs, match{
			URL: v.URL("labs", co.Slug), Title: v.Pick(co.Name, ""),
			Sectors: sectorNames(v, m.Reasons.Sectors), Terms: shownTerms(m.Reasons.Terms, shown), Standards: m.Reasons.Standards,
		})
	}
	return offers, labs
}

// shownTerms keeps the reason words that occur in the texts the page
// shows: a word of another language version of the listing would be in a
// language the reader did not choose.
func shownTerms(terms []string, shown []localText) []string {
	var keys []string
	for _, t := range shown {
		if t.S != "" {
			keys = append(keys, " "+i18n.FoldKey(t.S)+" ")
		}
	}
	var out []string
	for _, term := range terms {
		f := i18n.FoldKey(term)
		for _, k := range keys {
			if strings.Contains(k, f) {
				out = append(out, term)
				break
			}
		}
	}
	return out
}

// supplySitemap returns the sitemap's pages of the supply side: the
// offers and laboratories lists (when not empty), every public offer and
// every published laboratory (among companies), each with hreflang
// alternates for the locales its text is in.
func (h *Handler) supplySitemap(fixed func(string, time.Time) sitemapPage, listing func(string, content.Text, time.Time) sitemapPage,
	companies []*content.Company) []sitemapPage {
	var pages []sitemapPage
	var newestOffer, newestLab time.Time
	for p := 1; ; p++ {
		r := h.cfg.Catalog.Offers(catalog.OfferQuery{Page: p, PerPage: catalog.MaxPerPage})
		for _, o := range r.Items {
			newestOffer = laterOf(newestOffer, o.UpdatedAt)
			pages = append(pages, listing("/offers/"+url.PathEscape(o.Ref), o.Title, o.UpdatedAt))
		}
		if len(r.Items) == 0 || p*r.PerPage >= r.Total {
			break
		}
	}
	for _, co := range companies {
		if co.Kind == "laboratory" {
			newestLab = laterOf(newestLab, co.UpdatedAt)
			pages = append(pages, listing("/labs/"+url.PathEscape(co.Slug), co.Name, co.UpdatedAt))
		}
	}
	// A list with nothing in it has no date and is left out.
	var lists []sitemapPage
	if !newestOffer.IsZero() {
		lists = append(lists, fixed("/offers", newestOffer))
	}
	if !newestLab.IsZero() {
		lists = append(lists, fixed("/labs", newestLab))
	}
	return append(lists, pages...)
}
