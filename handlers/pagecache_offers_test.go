package handlers_test

import (
	"fmt"
	"strings"

	"hubdir/content/catalog"
)

// offerFiguresFollowWrites is the offers' part of
// TestCachedPagesFollowWrites: the home and hub pages count a hub's
// offers, so a cached copy must change when an offer is published, closed
// or deleted, and not when a draft is created.
func (e *env) offerFiguresFollowWrites() {
	e.t.Helper()
	figure := func(n int) (en, fa string) {
		en = fmt.Sprintf(`/en/offers?hub=TR">%d offers</a>`, n)
		fa = fmt.Sprintf(`/fa/offers?hub=TR">%s پیشنهاد</a>`, strings.NewReplacer("0", "۰", "1", "۱", "2", "۲", "3", "۳", "4", "۴",
			"5", "۵", "6", "۶", "7", "۷", "8", "۸", "9", "۹").Replace(fmt.Sprint(n)))
		return en, fa
	}
	shows := func(step string, n int) {
		e.t.Helper()
		en, fa := figure(n)
		e.pagesShow(step, []string{"/en/", "/en/hubs/TR"}, en, "")
		e.pagesShow(step, []string{"/fa/", "/fa/hubs/TR"}, fa, "")
	}
	before := e.catalog.Offers(catalog.OfferQuery{Hubs: []string{"TR"}, PerPage: 1}).Total
	pages := pagesOf("/", "/hubs/TR")
	e.warmPages(pages)
	shows("warming the pages", before)

	ref := e.newOffer(false) // a draft: no figure moves
	shows("creating a draft offer", before)
	e.warmPages(pages)
	if res := e.do("POST", "/api/v1/offers/"+ref+"/publish", map[string]any{"version": 1}, bearer(e.admin)...); res.Status != 200 {
		e.t.Fatalf("publish offer: %d %s", res.Status, res.Body)
	}
	shows("publishing an offer", before+1)
	e.warmPages(pages)
	if res := e.do("DELETE", "/api/v1/offers/"+ref+"?version=2", nil, bearer(e.admin)...); res.Status != 204 {
		e.t.Fatalf("delete offer: %d %s", res.Status, res.Body)
	}
	shows("deleting an offer", before)
}
