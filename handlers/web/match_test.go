package web_test

import (
	"strings"
	"testing"

	"hubdir/content/catalog"
	"hubdir/handlers/servicetest"
)

// TestMatchesOnPages checks that a need's page lists a company that may
// fit it and a company's page an open need, with the reasons, in English
// and Persian.
func TestMatchesOnPages(t *testing.T) {
	s := newSite(t, siteOptions{})
	res := s.cat.Needs(catalog.NeedQuery{Statuses: []string{"open"}, PerPage: catalog.MaxPerPage})
	var ref string
	var fit catalog.CompanyMatch
	for _, n := range res.Items {
		if ms := s.cat.CompaniesForNeed(n.Ref, catalog.Viewer{}, 5); len(ms) > 0 {
			ref, fit = n.Ref, ms[0]
			break
		}
	}
	if ref == "" {
		t.Fatal("no sample need has a matching company")
	}
	for _, lang := range []string{"en", "fa"} {
		r := s.get(t, "/"+lang+"/needs/"+ref)
		if r.status != 200 {
			t.Fatalf("%s need page: %d", lang, r.status)
		}
		wantIn(t, r.body, servicetest.T(t, lang, "web.need.matches"), "/"+lang+"/companies/"+fit.Company.Slug)
		wantReasons(t, s, lang, r.body, fit.Reasons)
	}

	cos := s.cat.Companies(catalog.CompanyQuery{PerPage: catalog.MaxPerPage})
	var slug string
	var nfit catalog.NeedMatch
	for _, co := range cos.Items {
		if ms := s.cat.NeedsForCompany(co.Slug, catalog.Viewer{}, 5); len(ms) > 0 {
			slug, nfit = co.Slug, ms[0]
			break
		}
	}
	if slug == "" {
		t.Fatal("no sample company has a matching need")
	}
	for _, lang := range []string{"en", "fa"} {
		r := s.get(t, "/"+lang+"/companies/"+slug)
		if r.status != 200 {
			t.Fatalf("%s company page: %d", lang, r.status)
		}
		wantIn(t, r.body, servicetest.T(t, lang, "web.company.matches"), `href="/`+lang+`/needs/`+nfit.Need.Ref+`"`)
		wantReasons(t, s, lang, r.body, nfit.Reasons)
	}
}

// wantIn fails unless body holds every string.
func wantIn(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

// wantReasons fails unless the page shows the match's shared sectors by
// their localized names and its matching words, isolated.
func wantReasons(t *testing.T, s *site, lang, body string, r catalog.Reasons) {
	t.Helper()
	if len(r.Sectors) == 0 && len(r.Terms) == 0 {
		t.Fatal("a match without reasons")
	}
	if len(r.Sectors) > 0 {
		wantIn(t, body, servicetest.T(t, lang, "web.match.sectors"), "<li>"+servicetest.T(t, lang, "sector."+r.Sectors[0])+"</li>")
	}
	if len(r.Terms) > 0 {
		wantIn(t, body, servicetest.T(t, lang, "web.match.terms"), "<bdi>"+servicetest.HTMLEscape(r.Terms[0])+"</bdi>")
	}
}
