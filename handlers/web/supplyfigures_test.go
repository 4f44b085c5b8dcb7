package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"hubdir/content/catalog"
	"hubdir/handlers/servicetest"
)

// TestHomeAndHubSupplyFigures: the home page and each hub's page show the
// hub's offers and laboratories in every locale (Persian digits in
// Persian), each figure linking to its list filtered by the hub, and the
// figure equals what that list counts.
func TestHomeAndHubSupplyFigures(t *testing.T) {
	s := newSite(t, siteOptions{})
	for _, hub := range []string{"TR", "CN"} {
		offers := s.cat.Offers(catalog.OfferQuery{Hubs: []string{hub}, PerPage: 1}).Total
		labs := s.cat.Companies(catalog.CompanyQuery{Hubs: []string{hub}, Kinds: []string{"laboratory"}, PerPage: 1}).Total
		if offers == 0 || labs == 0 {
			t.Fatalf("sample hub %s: %d offers, %d labs", hub, offers, labs)
		}
		for _, lang := range []string{"fa", "zh", "en", "tr"} {
			for _, page := range []string{"/" + lang + "/", "/" + lang + "/hubs/" + hub} {
				body := s.get(t, page).body
				for _, f := range []struct {
					list, id string
					n        int
				}{{"offers", "offers2.count.offers", offers}, {"labs", "offers2.count.labs", labs}} {
					text := servicetest.T(t, lang, f.id)
					text = strings.ReplaceAll(text, "&lt;no value&gt;", fmt.Sprint(f.n)) // T renders (and escapes) without data
					if lang == "fa" {
						text = strings.NewReplacer("0", "۰", "1", "۱", "2", "۲", "3", "۳", "4", "۴", "5", "۵", "6", "۶", "7", "۷", "8", "۸", "9", "۹").Replace(text)
					}
					link := regexp.QuoteMeta(fmt.Sprintf(`<a href="/%s/%s?hub=%s">%s</a>`, lang, f.list, hub, text))
					if !regexp.MustCompile(link).MatchString(body) {
						i := strings.Index(body, "/"+f.list+"?hub=")
						t.Errorf("%s: no figure %q linking to /%s/%s?hub=%s: %.200s", page, text, lang, f.list, hub, body[max(i, 0):])
					}
				}
			}
		}
	}
}
