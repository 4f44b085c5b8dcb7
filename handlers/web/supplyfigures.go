package web

import "hubdir/content/catalog"

// supplyFigures are a hub's figures of the supply side on the home and hub
// pages (issue 14): its public offers and its laboratories, counted by the
// same queries as the lists they link to (/offers?hub=, /labs?hub=), so
// that a figure and its list never disagree.
type supplyFigures struct {
	Offers int
	Labs   int
}

// supplyOf returns the supply-side figures of the hub code.
func (h *Handler) supplyOf(code string) supplyFigures {
	hubs := []string{code}
	return supplyFigures{
		Offers: h.cfg.Catalog.Offers(catalog.OfferQuery{Hubs: hubs, PerPage: 1}).Total,
		Labs:   h.cfg.Catalog.Companies(catalog.CompanyQuery{Hubs: hubs, Kinds: []string{"laboratory"}, PerPage: 1}).Total,
	}
}
