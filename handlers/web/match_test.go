package web_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"hubdir/i18n"

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
// their localized names.
func wantReasons(t *testing.T, s *site, lang, body string, r catalog.Reasons) {
	t.Helper()
	if len(r.Sectors) == 0 && len(r.Terms) == 0 {
		t.Fatal("a match without reasons")
	}
	if len(r.Sectors) > 0 {
		wantIn(t, body, servicetest.T(t, lang, "web.match.sectors"), "<li>"+servicetest.T(t, lang, "sector."+r.Sectors[0])+"</li>")
	}
}

// phraseItem finds the capability phrases of "may fit" panels in a page.
var phraseItem = regexp.MustCompile(`<ul class="tags phrases"[^>]*>(.*?)</ul>`)
var bdiItem = regexp.MustCompile(`<bdi>(.*?)</bdi>`)

// TestMatchReasonsAreWholePhrases renders every public need's and
// company's page of the sample in every locale and checks each capability
// phrase shown as a reason: it is a whole phrase of some company's
// capabilities as written (not a word cut in two, not a folded or stemmed
// form) and not a stop word. It also checks that the panels do show some.
func TestMatchReasonsAreWholePhrases(t *testing.T) {
	s := newSite(t, siteOptions{})
	whole := map[string]bool{}
	cos := s.cat.Companies(catalog.CompanyQuery{PerPage: catalog.MaxPerPage})
	for _, co := range cos.Items {
		for _, c := range co.Capabilities {
			for _, p := range catalog.SplitPhrases(c) {
				whole[p] = true
			}
		}
	}
	var pages []string
	for _, n := range s.cat.Needs(catalog.NeedQuery{PerPage: catalog.MaxPerPage}).Items {
		pages = append(pages, "/needs/"+n.Ref)
	}
	for _, co := range cos.Items {
		pages = append(pages, "/companies/"+co.Slug)
	}
	shown := 0
	for _, lang := range i18n.Codes() {
		for _, p := range pages {
			r := s.get(t, "/"+lang+p)
			if r.status != 200 {
				t.Fatalf("%s%s: %d", lang, p, r.status)
			}
			for _, ul := range phraseItem.FindAllStringSubmatch(r.body, -1) {
				for _, li := range bdiItem.FindAllStringSubmatch(ul[1], -1) {
					phrase := html.UnescapeString(li[1])
					shown++
					if !whole[phrase] {
						t.Errorf("/%s%s: reason %q is not a whole capability phrase", lang, p, phrase)
					}
					if i18n.IsStopWord(phrase) || len([]rune(phrase)) < 2 {
						t.Errorf("/%s%s: reason %q is a stop word", lang, p, phrase)
					}
				}
			}
		}
	}
	if shown < 20 {
		t.Errorf("only %d capability phrases shown over the sample", shown)
	}
}
