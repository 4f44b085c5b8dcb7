package web

import (
	"hubdir/content"
	"hubdir/content/catalog"
)

// pageMatches is how many matches a need's or a company's page lists.
const pageMatches = 5

// match is a listing that may fit the one a page shows (a company for a
// need, an open need for a company), with reasons a person understands:
// the sectors both have, by name; the phrases of the company's
// capabilities that the need speaks of, whole and in the page's language
// (or the company's fallback locale, marked); and, for a need, the kinds
// of partnership it seeks.
type match struct {
	URL          string
	Title        localText
	Ref          string // a need's reference code; empty for a company
	Sectors      []string
	Phrases      []string
	PhraseLang   string // lang and dir of the phrases when they fall back
	PhraseDir    string
	Partnerships []string
}

// companiesForNeed returns the public companies that may fit the need ref,
// best first.
func (h *Handler) companiesForNeed(v *view, n *content.Need) []match {
	var out []match
	for _, m := range h.cfg.Catalog.CompaniesForNeed(n.Ref, catalog.Viewer{}, pageMatches) {
		co := m.Company
		mt := match{URL: v.URL("companies", co.Slug), Title: v.PickAny(co.Name, co.Hubs), Sectors: sectorNames(v, m.Reasons.Sectors)}
		h.phrases(v, &mt, co, n)
		out = append(out, mt)
	}
	return out
}

// needsForCompany returns the open public needs that may fit the company
// co, best first.
func (h *Handler) needsForCompany(v *view, co *content.Company) []match {
	var out []match
	for _, m := range h.cfg.Catalog.NeedsForCompany(co.Slug, catalog.Viewer{}, pageMatches) {
		n := m.Need
		mt := match{
			URL: v.URL("needs", n.Ref), Title: v.NeedTexts(n).Title, Ref: n.Ref,
			Sectors: sectorNames(v, m.Reasons.Sectors), Partnerships: v.Partnerships(n.Partnerships),
		}
		h.phrases(v, &mt, co, n)
		out = append(out, mt)
	}
	return out
}

// phrases sets the capability phrases of co that n speaks of, in the
// locale the page shows co's texts in.
func (h *Handler) phrases(v *view, mt *match, co *content.Company, n *content.Need) {
	caps := v.Listing(co.Hubs, co.Description, co.Capabilities)[1]
	mt.Phrases = h.cfg.Catalog.MatchingPhrases(caps.S, caps.Lang, n.Title, n.Summary, n.Body)
	if caps.Fallback {
		mt.PhraseLang, mt.PhraseDir = caps.Lang, caps.Dir
	}
}

// sectorNames returns the names of sector codes in the page's locale.
func sectorNames(v *view, codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = v.Sector(c)
	}
	return out
}
