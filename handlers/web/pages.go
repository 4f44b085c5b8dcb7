package web

import (
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/handlers/page"
)

// pageView returns the view of the current request for the page at path
// (after /{lang}).
func (h *Handler) pageView(c *fiber.Ctx, path string, s *listState) *view {
	h.SiteContent(c.UserContext()) // refreshes the park's name, logo and pages when stale
	v := h.newView(h.locale(c), path, nil)
	if s != nil {
		v.Query = s.Query().Encode()
	}
	v.Base = h.PublicBase(c)
	return v
}

// hubCard is a hub on the home page.
type hubCard struct {
	Code     string
	Name     localText
	Host     localText
	Partner  string
	Figures  catalog.HubFigures
	Supply   supplyFigures
	Contact  content.Contact
	Desc     localText
	Address  localText
	Langs    []string
	Needs    []*content.Need
	Comps    []*content.Company
	Agrees   []*content.Agreement
	MoreNeed bool
}

// homeData is the data of the home page.
type homeData struct {
	Hubs   []hubCard
	Newest []*content.Need
}

// Home answers GET /{lang}/: the hubs with their figures and the newest
// open needs.
func (h *Handler) Home(c *fiber.Ctx) error {
	v := h.pageView(c, "/", nil)
	v.Section = "home"
	v.Title = v.T("web.home.title")
	v.Description = v.T("web.site.tagline")
	figs := h.cfg.Catalog.Figures()
	var d homeData
	for _, hub := range h.cfg.Catalog.Hubs() {
		t := v.Listing([]string{hub.Code}, hub.Name, hub.Description)
		d.Hubs = append(d.Hubs, hubCard{
			Code: hub.Code, Name: t[0], Host: v.Pick(hub.HostPark, hub.Code),
			Desc: t[1], Partner: v.Country(hub.PartnerCountry),
			Figures: figs[hub.Code], Supply: h.supplyOf(hub.Code),
		})
	}
	res := h.cfg.Catalog.Needs(catalog.NeedQuery{Statuses: []string{content.NeedPublished}, Sort: catalog.SortNewest, PerPage: 6})
	d.Newest = res.Items
	v.JSONLD = map[string]any{
		"@context": "https://schema.org", "@type": "WebSite",
		"name": v.T("web.site.name"), "url": v.Canonical(), "inLanguage": v.Lang,
		"potentialAction": map[string]any{
			"@type": "SearchAction", "target": v.Base + v.URL("needs") + "?q={q}", "query-input": "required name=q",
		},
	}
	return h.render(c, fiber.StatusOK, "home", v, d)
}

// Hub answers GET /{lang}/hubs/{code}: one hub with its open needs,
// companies and agreements.
func (h *Handler) Hub(c *fiber.Ctx) error {
	code := strings.ToUpper(c.Params("code"))
	hub, ok := h.cfg.Catalog.Hub(code)
	if !ok {
		return fiber.ErrNotFound
	}
	v := h.pageView(c, "/hubs/"+hub.Code, nil)
	t := v.Listing([]string{hub.Code}, hub.Name, hub.Description)
	card := hubCard{
		Code: hub.Code, Name: t[0], Host: v.Pick(hub.HostPark, hub.Code),
		Desc: t[1], Partner: v.Country(hub.PartnerCountry),
		Figures: h.cfg.Catalog.Figures()[hub.Code], Supply: h.supplyOf(hub.Code), Contact: hub.Contact,
		Address: v.Pick(hub.Contact.Address, hub.Code), Langs: hub.WorkingLanguages,
	}
	needs := h.cfg.Catalog.Needs(catalog.NeedQuery{Hubs: []string{hub.Code}, Statuses: []string{content.NeedPublished}, Sort: catalog.SortNewest, PerPage: 10})
	card.Needs, card.MoreNeed = needs.Items, needs.Total > len(needs.Items)
	card.Comps = h.cfg.Catalog.Companies(catalog.CompanyQuery{Hubs: []string{hub.Code}, Locale: v.Lang, PerPage: 12}).Items
	card.Agrees = h.cfg.Catalog.Agreements(catalog.AgreementQuery{Hubs: []string{hub.Code}, PerPage: 12}).Items
	v.Title = card.Name.S
	v.Description = firstLine(card.Desc.S)
	v.TextLocales = hub.Name.Locales()
	v.JSONLD = map[string]any{
		"@context": "https://schema.org", "@type": "Organization", "name": card.Name.S,
		"url": v.Canonical(), "email": hub.Contact.Email, "telephone": hub.Contact.Phone,
		"parentOrganization": map[string]any{"@type": "Organization", "name": card.Host.S},
	}
	return h.render(c, fiber.StatusOK, "hub", v, card)
}

// firstLine returns the first paragraph of s, cut to about 300 characters,
// for meta descriptions.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > 300 {
		s = string(r[:299]) + "…"
	}
	return s
}

// needsData is the data of the needs list.
type needsData struct {
	State   *listState
	Result  catalog.NeedResult
	Groups  []filterGroup
	Active  []option
	Pager   pager
	Sorts   []option
	HasText bool
	Scope   listScope
	// AlertsURL links to the alerts page with the list's filters; "" when
	// mail is off.
	AlertsURL string
}

// needSorts are the sort orders a visitor can choose on the needs list.
var needSorts = []string{catalog.SortNewest, catalog.SortDeadline, catalog.SortRelevance}

// publicNeedStatuses are the need statuses the public can filter by.
var publicNeedStatuses = []string{content.NeedPublished, content.NeedExpired, content.NeedClosed}

// Needs answers GET /{lang}/needs: search, filters with facet counts, sort
// and pages, all held in the URL.
func (h *Handler) Needs(c *fiber.Ctx) error {
	lang := h.locale(c)
	s := parseList(c, "/"+lang+"/needs", map[string]func(string) bool{
		"hub":       content.ValidHubCode,
		"sector":    content.IsSector,
		"kind":      func(v string) bool { return slices.Contains(content.NeedKinds(), v) },
		"country":   content.IsCountry,
		"status":    func(v string) bool { return v == statusAll || slices.Contains(publicNeedStatuses, v) },
		"requester": func(v string) bool { return slices.Contains(content.RequesterTypes(), v) },
	}, []string{"hub", "sector", "kind", "country", "status", "requester"}, needSorts)
	scope := needScope(s)
	v := h.pageView(c, "/needs", s)
	v.Section = "needs"
	v.Title = v.T("web.needs.title")
	v.Description = v.T("web.needs.intro")
	res := h.cfg.Catalog.Needs(catalog.NeedQuery{
		Text: s.Q, Hubs: s.F["hub"], Sectors: s.F["sector"], Kinds: s.F["kind"],
		Countries: s.F["country"], Statuses: scope.Statuses, Requesters: s.F["requester"], Sort: s.Sort, Page: s.Page,
		PerPage: catalog.DefaultPerPage,
	})
	d := needsData{State: s, Result: res, HasText: s.Q != "", Scope: scope, AlertsURL: h.alertsURL(v)}
	hubCodes := []string{}
	for _, hub := range h.cfg.Catalog.Hubs() {
		hubCodes = append(hubCodes, hub.Code)
	}
	d.Groups = []filterGroup{
		s.group(v.Loc, "hub", v.T("web.filter.hub"), res.Facets[catalog.FacetHub], hubCodes, false, func(c string) string { return v.HubName(c).S }),
		s.group(v.Loc, "status", v.T("web.filter.status"), res.Facets[catalog.FacetStatus], publicNeedStatuses, false, func(c string) string { return v.T("status.need." + c) }),
		s.group(v.Loc, "kind", v.T("web.filter.kind"), res.Facets[catalog.FacetKind], content.NeedKinds(), false, v.NeedKind),
		s.group(v.Loc, "sector", v.T("web.filter.sector"), res.Facets[catalog.FacetSector], nil, true, v.Sector),
		s.group(v.Loc, "country", v.T("web.filter.country"), res.Facets[catalog.FacetCountry], nil, true, v.Country),
		s.group(v.Loc, "requester", v.T("site.requester.type"), res.Facets[catalog.FacetRequester], content.RequesterTypes(), false,
			func(c string) string { return v.T("site.requester.type." + c) }),
	}
	d.Groups[1].Values = slices.DeleteFunc(d.Groups[1].Values, func(o option) bool { return o.Value == statusAll })
	if scope.OpenOnly {
		d.Groups[1].Values = nil // the scope line above the results says it, one click to widen
	}
	d.Active = activeFilters(d.Groups)
	d.Pager = newPager(s, res.Page, res.Total, res.PerPage)
	for _, so := range needSorts {
		if so == catalog.SortRelevance && s.Q == "" {
			continue
		}
		d.Sorts = append(d.Sorts, option{Value: so, Label: v.T("web.sort." + so), Selected: s.Sort == so})
	}
	if s.Filtered() || s.Page > 1 {
		v.NoIndex = s.Q != ""
	}
	return h.render(c, fiber.StatusOK, "needs", v, d)
}

// needData is the data of a need's page.
type needData struct {
	Need       *content.Need
	Title      localText
	Summary    localText
	Body       localText
	Agreements []*content.Agreement
	Status     string
	Deadline   page.DeadlineInfo
	Form       *interestForm
	Matches    []match // companies that may fit
	// Similar are open needs like this one, offered at the top of the
	// page of a need that no longer accepts interest.
	Similar []*content.Need
	// Offers and Labs may serve the need (offers.go).
	Offers, Labs []match
}

// lookupNeed returns the public need at the request's {ref}, or not found
// (drafts, archived and unknown references alike).
func (h *Handler) lookupNeed(c *fiber.Ctx) (*content.Need, error) {
	ref := c.Params("ref")
	if !content.ValidRef(ref) {
		return nil, fiber.ErrNotFound
	}
	n, ok := h.cfg.Catalog.Need(ref, catalog.Viewer{})
	if !ok || !n.Public() {
		return nil, fiber.ErrNotFound
	}
	return n, nil
}

// needView returns the view and data of a need's page; the form is added
// by the caller.
func (h *Handler) needPage(c *fiber.Ctx, n *content.Need) (*view, *needData) {
	v := h.pageView(c, "/needs/"+n.Ref, nil)
	v.Section = "needs"
	v.OGType = "article"
	d := &needData{
		Need: n, Status: n.StatusOn(v.Today), Deadline: v.Deadline(n),
		Agreements: h.cfg.Catalog.AgreementsOfNeed(n.Ref, catalog.Viewer{}),
		Matches:    h.companiesForNeed(v, n),
	}
	nt := v.NeedTexts(n)
	d.Title, d.Summary, d.Body = nt.Title, nt.Summary, nt.Body
	d.Offers, d.Labs = h.supplyForNeed(v, n.Ref, d.Title, d.Summary, d.Body)
	v.Title = d.Title.S
	v.Description = firstLine(d.Summary.S)
	v.TextLocales = n.Title.Locales()
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "Demand", "name": d.Title.S,
		"url": v.Canonical(), "identifier": n.Ref, "validThrough": string(n.Deadline),
		"category": v.NeedKind(n.Kind), "inLanguage": d.Title.Lang,
		"eligibleRegion": map[string]any{"@type": "Country", "name": v.Country(n.Country)},
	}
	if d.Summary.S != "" {
		ld["description"] = d.Summary.S
	}
	if n.PublishedAt != nil {
		ld["validFrom"] = n.PublishedAt.In(h.cfg.Zone).Format("2006-01-02")
	}
	v.JSONLD = ld
	return v, d
}

// Need answers GET /{lang}/needs/{ref}: the need, its agreements, and the
// register-interest form while it is open (its state otherwise).
func (h *Handler) Need(c *fiber.Ctx) error {
	n, err := h.lookupNeed(c)
	if err != nil {
		return err
	}
	v, d := h.needPage(c, n)
	if n.OpenOn(v.Today) {
		d.Form = h.newInterestForm(c, v, n)
	} else {
		d.Similar = h.SimilarOpen(n)
	}
	return h.render(c, fiber.StatusOK, "need", v, d)
}

// companiesData is the data of the companies list.
type companiesData struct {
	State  *listState
	Result catalog.CompanyResult
	Groups []filterGroup
	Active []option
	Pager  pager
}

// Companies answers GET /{lang}/companies, ordered by name in the locale's
// collation.
func (h *Handler) Companies(c *fiber.Ctx) error {
	lang := h.locale(c)
	s := parseList(c, "/"+lang+"/companies", map[string]func(string) bool{
		"hub":     content.ValidHubCode,
		"kind":    func(v string) bool { return slices.Contains(content.CompanyKinds(), v) },
		"country": content.IsCountry,
		"sector":  content.IsSector,
	}, []string{"hub", "kind", "country", "sector"}, nil)
	v := h.pageView(c, "/companies", s)
	v.Section = "companies"
	v.Title = v.T("web.companies.title")
	v.Description = v.T("web.companies.intro")
	res := h.cfg.Catalog.Companies(catalog.CompanyQuery{
		Text: s.Q, Hubs: s.F["hub"], Kinds: s.F["kind"], Countries: s.F["country"],
		Sectors: s.F["sector"], Locale: lang, Page: s.Page, PerPage: catalog.DefaultPerPage,
	})
	var hubCodes []string
	for _, hub := range h.cfg.Catalog.Hubs() {
		hubCodes = append(hubCodes, hub.Code)
	}
	d := companiesData{State: s, Result: res}
	d.Groups = []filterGroup{
		s.group(v.Loc, "hub", v.T("web.filter.hub"), res.Facets[catalog.FacetHub], hubCodes, false, func(c string) string { return v.HubName(c).S }),
		s.group(v.Loc, "kind", v.T("web.filter.company_kind"), res.Facets[catalog.FacetKind], content.CompanyKinds(), false, v.CompanyKind),
		s.group(v.Loc, "country", v.T("web.company.country"), res.Facets[catalog.FacetCountry], nil, true, v.Country),
		s.group(v.Loc, "sector", v.T("web.filter.sector"), res.Facets[catalog.FacetSector], nil, true, v.Sector),
	}
	d.Active = activeFilters(d.Groups)
	d.Pager = newPager(s, res.Page, res.Total, res.PerPage)
	return h.render(c, fiber.StatusOK, "companies", v, d)
}

// companyData is the data of a company's page.
type companyData struct {
	Company      *content.Company
	Name         localText
	City         localText
	Description  localText
	Capabilities localText
	Agreements   []*content.Agreement
	Matches      []match // open needs that may fit
}

// Company answers GET /{lang}/companies/{slug}.
func (h *Handler) Company(c *fiber.Ctx) error {
	co, ok := h.cfg.Catalog.Company(c.Params("slug"), catalog.Viewer{})
	if !ok || !co.Public() {
		return fiber.ErrNotFound
	}
	v := h.pageView(c, "/companies/"+co.Slug, nil)
	v.Section = "companies"
	v.OGType = "profile"
	d := companyData{
		Company: co, Name: v.PickAny(co.Name, co.Hubs), City: v.PickAny(co.City, co.Hubs),
		Agreements: h.agreementsOfCompany(co.Slug),
		Matches:    h.needsForCompany(v, co),
	}
	// Names fall back on their own (a name is not prose); the company's
	// description and capabilities are one listing text, in one locale.
	dc := v.Listing(co.Hubs, co.Description, co.Capabilities)
	d.Description, d.Capabilities = dc[0], dc[1]
	v.Title = d.Name.S
	v.Description = firstLine(d.Description.S)
	v.TextLocales = co.Name.Locales()
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "Organization", "name": d.Name.S,
		"url": v.Canonical(), "identifier": co.Slug,
		"address": map[string]any{"@type": "PostalAddress", "addressCountry": co.Country, "addressLocality": d.City.S},
	}
	if d.Description.S != "" {
		ld["description"] = d.Description.S
	}
	if co.Website != "" {
		ld["sameAs"] = co.Website
	}
	if len(co.Sectors) > 0 {
		var ks []string
		for _, s := range co.Sectors {
			ks = append(ks, v.Sector(s))
		}
		ld["knowsAbout"] = ks
	}
	v.JSONLD = ld
	return h.render(c, fiber.StatusOK, "company", v, d)
}

// agreementsOfCompany returns the public agreements a company is a party
// to, newest signed first.
func (h *Handler) agreementsOfCompany(slug string) []*content.Agreement {
	var out []*content.Agreement
	for page := 1; page <= 50; page++ {
		res := h.cfg.Catalog.Agreements(catalog.AgreementQuery{Page: page, PerPage: catalog.MaxPerPage})
		for _, a := range res.Items {
			for _, p := range a.Parties {
				if p.Company == slug {
					out = append(out, a)
					break
				}
			}
		}
		if page*res.PerPage >= res.Total {
			break
		}
	}
	return out
}

// agreementsData is the data of the agreements list.
type agreementsData struct {
	State  *listState
	Result catalog.AgreementResult
	Groups []filterGroup
	Active []option
	Pager  pager
}

// Agreements answers GET /{lang}/agreements.
func (h *Handler) Agreements(c *fiber.Ctx) error {
	lang := h.locale(c)
	s := parseList(c, "/"+lang+"/agreements", map[string]func(string) bool{
		"hub":    content.ValidHubCode,
		"status": func(v string) bool { return slices.Contains(content.AgreementStatuses(), v) },
	}, []string{"hub", "status"}, nil)
	v := h.pageView(c, "/agreements", s)
	v.Section = "agreements"
	v.Title = v.T("web.agreements.title")
	v.Description = v.T("web.agreements.intro")
	res := h.cfg.Catalog.Agreements(catalog.AgreementQuery{
		Text: s.Q, Hubs: s.F["hub"], Statuses: s.F["status"], Page: s.Page, PerPage: catalog.DefaultPerPage,
	})
	var hubCodes []string
	for _, hub := range h.cfg.Catalog.Hubs() {
		hubCodes = append(hubCodes, hub.Code)
	}
	d := agreementsData{State: s, Result: res}
	d.Groups = []filterGroup{
		s.group(v.Loc, "hub", v.T("web.filter.hub"), res.Facets[catalog.FacetHub], hubCodes, false, func(c string) string { return v.HubName(c).S }),
		s.group(v.Loc, "status", v.T("web.filter.agreement_status"), res.Facets[catalog.FacetStatus], content.AgreementStatuses(), false, func(c string) string { return v.T("status.agreement." + c) }),
	}
	d.Active = activeFilters(d.Groups)
	d.Pager = newPager(s, res.Page, res.Total, res.PerPage)
	return h.render(c, fiber.StatusOK, "agreements", v, d)
}

// partyView is one party of an agreement as shown.
type partyView struct {
	Slug string // of the company in the directory, "" for a named party
	Name localText
}

// agreementData is the data of an agreement's page.
type agreementData struct {
	Agreement *content.Agreement
	Title     localText
	Scope     localText
	Parties   []partyView
	Needs     []*content.Need
}

// Agreement answers GET /{lang}/agreements/{slug}.
func (h *Handler) Agreement(c *fiber.Ctx) error {
	a, ok := h.cfg.Catalog.Agreement(c.Params("slug"), catalog.Viewer{})
	if !ok || !a.Public() {
		return fiber.ErrNotFound
	}
	v := h.pageView(c, "/agreements/"+a.Slug, nil)
	v.Section = "agreements"
	v.OGType = "article"
	d := agreementData{
		Agreement: a,
		Needs:     h.cfg.Catalog.NeedsOfAgreement(a.Slug, catalog.Viewer{}),
	}
	for _, p := range a.Parties {
		if p.Company != "" {
			if co, ok := h.cfg.Catalog.Company(p.Company, catalog.Viewer{}); ok && co.Public() {
				d.Parties = append(d.Parties, partyView{Slug: co.Slug, Name: v.PickAny(co.Name, co.Hubs)})
			}
			continue // an unpublished company is not named to the public
		}
		d.Parties = append(d.Parties, partyView{Name: v.Pick(p.Name, a.Hub)})
	}
	at := v.Listing([]string{a.Hub}, a.Title, a.Scope)
	d.Title, d.Scope = at[0], at[1]
	v.Title = d.Title.S
	v.Description = firstLine(d.Scope.S)
	v.TextLocales = a.Title.Locales()
	return h.render(c, fiber.StatusOK, "agreement", v, d)
}
