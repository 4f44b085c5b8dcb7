package web

import "hubdir/content/catalog"

// pageMatches is how many matches a need's or a company's page lists.
const pageMatches = 5

// match is a listing that may fit the one a page shows (a company for a
// need, an open need for a company), with the reasons: the sectors both
// have, by localized name, and words of one that occur in the other, as
// written there.
type match struct {
	URL     string
	Title   localText
	Ref     string // a need's reference code; empty for a company
	Sectors []string
	Terms   []string
	// Standards a need names that an offer or laboratory works to.
	Standards []string
}

// companiesForNeed returns the public companies that may fit the need ref,
// best first.
func (h *Handler) companiesForNeed(v *view, ref string) []match {
	var out []match
	for _, m := range h.cfg.Catalog.CompaniesForNeed(ref, catalog.Viewer{}, pageMatches) {
		co := m.Company
		out = append(out, match{
			URL: v.URL("companies", co.Slug), Title: v.PickAny(co.Name, co.Hubs),
			Sectors: sectorNames(v, m.Reasons.Sectors), Terms: m.Reasons.Terms,
		})
	}
	return out
}

// needsForCompany returns the open public needs that may fit the company
// slug, best first.
func (h *Handler) needsForCompany(v *view, slug string) []match {
	var out []match
	for _, m := range h.cfg.Catalog.NeedsForCompany(slug, catalog.Viewer{}, pageMatches) {
		n := m.Need
		out = append(out, match{
			URL: v.URL("needs", n.Ref), Title: v.Pick(n.Title, n.Hub), Ref: n.Ref,
			Sectors: sectorNames(v, m.Reasons.Sectors), Terms: m.Reasons.Terms,
		})
	}
	return out
}

// sectorNames returns the names of sector codes in the page's locale.
func sectorNames(v *view, codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = v.Sector(c)
	}
	return out
}
