package catalog

import (
	"slices"
	"testing"
	"time"

	"hubdir/content"
)

func sampleCatalog(t testing.TB) *Catalog {
	t.Helper()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c := New(tehran, func() time.Time { return now })
	c.Load(sampleSnapshot(t, now))
	return c
}

func TestSuggest(t *testing.T) {
	c := sampleCatalog(t)
	tests := []struct {
		q, locale string
		first     string // ref of the first suggestion; "" for none
		lang      string // language of its title
	}{
		{"saffr", "en", "CN-26-0001", "en"},
		{"زعفر", "fa", "CN-26-0001", "fa"},
		{"藏红花", "zh", "CN-26-0001", "zh"},
		{"saffron", "tr", "CN-26-0001", "en"}, // no Turkish title: English
		{"alümin", "tr", "TR-26-0001", "tr"},
		{"  ", "en", "", ""},
		{"zzzzzz", "en", "", ""},
	}
	for _, tt := range tests {
		got := c.Suggest(tt.q, tt.locale, Viewer{}, 5)
		if tt.first == "" {
			if len(got) != 0 {
				t.Errorf("Suggest(%q) = %v, want none", tt.q, got)
			}
			continue
		}
		if len(got) == 0 || got[0].Ref != tt.first || got[0].Lang != tt.lang || got[0].Title == "" {
			t.Errorf("Suggest(%q, %s) = %v, want %s first in %s", tt.q, tt.locale, got, tt.first, tt.lang)
		}
	}
	if got := c.Suggest("e", "en", Viewer{}, 100); len(got) > MaxSuggestions {
		t.Errorf("Suggest returned %d items, more than %d", len(got), MaxSuggestions)
	}
}

func TestCompaniesForNeed(t *testing.T) {
	c := sampleCatalog(t)
	tests := []struct {
		ref     string
		want    string // a company among the first three
		sector  string // a reason sector of that company ("" for none)
		anyTerm bool   // the company has matching terms
	}{
		{"TR-26-0001", "nilufer-otomotiv-dokum", "automotive", true},
		{"TR-26-0002", "azarbaijan-emc-lab", "electronics", true},
		{"CN-26-0002", "xizi-intelligent-computing", "ai", true},
		{"TR-26-0014", "tabriz-materials-characterisation-lab", "mining", true},
	}
	for _, tt := range tests {
		got := c.CompaniesForNeed(tt.ref, Viewer{}, 3)
		i := slices.IndexFunc(got, func(m CompanyMatch) bool { return m.Company.Slug == tt.want })
		if i < 0 {
			t.Errorf("%s: %s not among %v", tt.ref, tt.want, slugsOf(got))
			continue
		}
		m := got[i]
		if tt.sector != "" && !slices.Contains(m.Reasons.Sectors, tt.sector) {
			t.Errorf("%s: %s: sectors %v, want %s", tt.ref, tt.want, m.Reasons.Sectors, tt.sector)
		}
		if tt.anyTerm && len(m.Reasons.Terms) == 0 {
			t.Errorf("%s: %s: no matching terms", tt.ref, tt.want)
		}
		for _, m := range got {
			if !m.Company.Public() {
				t.Errorf("%s: the public sees unpublished %s", tt.ref, m.Company.Slug)
			}
		}
	}
	if got := c.CompaniesForNeed("TR-26-0010", Viewer{}, 3); got != nil {
		t.Errorf("matches of a draft for the public: %v", slugsOf(got))
	}
}

func slugsOf(ms []CompanyMatch) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Company.Slug)
	}
	return out
}

func TestNeedsForCompany(t *testing.T) {
	c := sampleCatalog(t)
	tests := []struct {
		slug, want, not string // not: an expired need that would fit
	}{
		{"nilufer-otomotiv-dokum", "TR-26-0001", ""},
		{"azarbaijan-emc-lab", "TR-26-0002", ""},
		{"isfahan-food-residue-lab", "TR-26-0004", "CN-26-0011"},
		{"xizi-intelligent-computing", "CN-26-0002", ""},
	}
	for _, tt := range tests {
		got := c.NeedsForCompany(tt.slug, Viewer{}, 3)
		var refs []string
		for _, m := range got {
			refs = append(refs, m.Need.Ref)
			if m.Need.Status != content.NeedPublished {
				t.Errorf("%s: need %s is %s, not open", tt.slug, m.Need.Ref, m.Need.Status)
			}
		}
		if !slices.Contains(refs, tt.want) {
			t.Errorf("%s: %s not among %v", tt.slug, tt.want, refs)
		}
		if all := c.NeedsForCompany(tt.slug, Viewer{}, 50); tt.not != "" && slices.ContainsFunc(all, func(m NeedMatch) bool { return m.Need.Ref == tt.not }) {
			t.Errorf("%s: expired need %s offered", tt.slug, tt.not)
		}
	}
	if got := c.NeedsForCompany("hanjiang-cold-chain", Viewer{}, 3); got != nil {
		t.Errorf("matches of an unpublished company for the public: %v", got)
	}
}

func TestSimilarNeeds(t *testing.T) {
	c := sampleCatalog(t)
	tests := []struct {
		name, hub string
		title     content.Text
		exclude   string
		want      []string
	}{
		{"same title, other case and punctuation", "TR",
			content.Text{"en": "high-pressure ALUMINIUM die casting for electric vehicle battery housings!"}, "", []string{"TR-26-0001"}},
		{"persian with Arabic letters and no ZWNJ", "TR",
			content.Text{"fa": "فناوري بازيابي پالاديم و پلاتين از كاتاليستهاي مستعمل"}, "", []string{"TR-26-0006"}},
		{"word order", "CN", content.Text{"en": "networks for open-pit mines: private 5G"}, "", []string{"CN-26-0012"}},
		{"other hub", "CN", content.Text{"en": "Recovery of palladium and platinum from spent catalysts"}, "", nil},
		{"excluded (itself)", "TR", content.Text{"en": "Recovery of palladium and platinum from spent catalysts"}, "TR-26-0006", nil},
		{"only related", "TR", content.Text{"en": "Recovery of gold from electronic waste"}, "", nil},
		{"drafts count", "TR", content.Text{"en": "Membrane bioreactor for textile dyehouse effluent"}, "", []string{"TR-26-0010"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := refs(c.SimilarNeeds(tt.hub, tt.title, tt.exclude))
			if len(got) == 0 {
				got = nil
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
