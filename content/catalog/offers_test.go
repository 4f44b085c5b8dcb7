package catalog

import (
	"slices"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/i18n"
)

func TestStandardForms(t *testing.T) {
	tests := []struct {
		code string
		want []string // forms that must be among the result
	}{
		{"ISO/IEC 17025", []string{"iso iec 17025", "isoiec17025", "iso17025", "iec17025"}},
		{"ASTM D638", []string{"astm d 638", "astmd638", "d638"}},
		{"GB/T 2423.1", []string{"gbt2423", "t2423", "gb t 2423 1", "gb2423"}},
		{"TS EN ISO 9227", []string{"iso9227", "tseniso9227"}},
	}
	for _, tt := range tests {
		got := StandardForms(tt.code)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("StandardForms(%q) = %v, lacks %q", tt.code, got, w)
			}
		}
	}
	if got := StandardForms("  "); got != nil {
		t.Errorf("StandardForms of blank = %v", got)
	}
}

func TestNamesStandard(t *testing.T) {
	tests := []struct {
		text, code string
		want       bool
	}{
		{"emc testing to cispr 25 and iso 11452", "CISPR 25", true},
		{"emc testing to cispr 25 and iso 11452", "ISO 11452-2", false},
		{"accredited to iso iec 17025 2017", "ISO/IEC 17025", true},
		{"needs an iso 17025 laboratory", "ISO/IEC 17025", true},
		{"tested at 17025 rpm", "ISO/IEC 17025", false}, // a number alone is not the standard
		{"residues to gb 2763 limits", "GB 2763", true},
		{"residues to gb 2763 limits", "GB 23200.113", false},
		{"plastics per astm d638", "ASTM D638", true},
	}
	for _, tt := range tests {
		if got := namesStandard(textParts(tt.text), tt.code); got != tt.want {
			t.Errorf("namesStandard(%q, %q) = %v, want %v", tt.text, tt.code, got, tt.want)
		}
	}
}

func TestOffersVisibilityAndFacets(t *testing.T) {
	c := sampleCatalog(t)
	all := c.Offers(OfferQuery{PerPage: 100})
	for _, o := range all.Items {
		if !o.Public() {
			t.Errorf("public list holds %s (%s)", o.Ref, o.Status)
		}
	}
	if _, ok := c.Offer("CN-OF-26-0004", Viewer{}); ok {
		t.Error("the public sees a draft offer")
	}
	cnEditor := Viewer{Staff: &content.Staff{Email: "cn@park.ir", Role: content.RoleEditor, Hubs: []string{"CN"}}}
	if _, ok := c.Offer("cn-of-26-0004", cnEditor); !ok {
		t.Error("a CN editor does not see the hub's draft offer (lower-case ref)")
	}
	if _, ok := c.Offer("CN-OF-26-0004", trEditor); ok {
		t.Error("a TR editor sees a CN draft")
	}
	if got := c.Offers(OfferQuery{PerPage: 100, Viewer: cnEditor}).Total; got != all.Total+1 {
		t.Errorf("CN editor sees %d offers, want %d", got, all.Total+1)
	}
	tested := c.Offers(OfferQuery{Kinds: []string{"testing"}, Hubs: []string{"cn"}})
	if tested.Total == 0 || tested.Facets[FacetKind]["testing"] != tested.Total {
		t.Errorf("testing offers of CN: %d, facets %v", tested.Total, tested.Facets)
	}
	if tested.Facets[FacetKind]["manufacturing"] == 0 {
		t.Errorf("kind facet is not disjunctive: %v", tested.Facets[FacetKind])
	}
	for _, o := range tested.Items {
		if o.Kind != "testing" || !slices.Contains(o.Hubs, "CN") {
			t.Errorf("filtered list holds %s (%s, %v)", o.Ref, o.Kind, o.Hubs)
		}
	}
	byCompany := c.Offers(OfferQuery{Company: "azarbaijan-emc-lab"})
	if byCompany.Total != 1 || byCompany.Items[0].Ref != "TR-OF-26-0001" {
		t.Errorf("offers of the EMC lab: %v", byCompany.Items)
	}
}

func TestOfferExpiryAndWrites(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c := New(tehran, func() time.Time { return now })
	c.Load(&content.Snapshot{Hubs: []*content.Hub{{Code: "TR", Rev: 1}}})
	o := &content.Offer{Ref: "TR-OF-26-0001", Hubs: []string{"TR"}, Kind: "testing", Sectors: []string{"automotive"},
		Title: content.Text{"en": "Salt spray testing"}, Status: content.NeedPublished, Deadline: "2026-02-01", Version: 1, Rev: 2}
	c.PutOffer(o)
	if r := c.Offers(OfferQuery{Statuses: []string{"expired"}}); r.Total != 1 {
		t.Errorf("expired offers: %d, want 1", r.Total)
	}
	if r := c.Offers(OfferQuery{Statuses: []string{"open"}}); r.Total != 0 {
		t.Errorf("open offers: %d, want 0", r.Total)
	}
	if r := c.Offers(OfferQuery{Text: "salt spray"}); r.Total != 1 {
		t.Errorf("text search after PutOffer: %d", r.Total)
	}
	stale := *o
	stale.Title = content.Text{"en": "Stale"}
	stale.Rev = 1
	c.PutOffer(&stale)
	if got, _ := c.Offer(o.Ref, Viewer{}); got.Title["en"] != "Salt spray testing" {
		t.Error("an older revision replaced a newer one")
	}
	del := *o
	del.Rev = 3
	t0 := now
	del.DeletedAt = &t0
	c.PutOffer(&del)
	if _, ok := c.Offer(o.Ref, admin); ok {
		t.Error("a deleted offer is still in the catalog")
	}
}

// stopWord reports whether a reason term is a frequent word that says
// nothing about a fit.
func stopWord(s string) bool { return i18n.IsStopWord(s) }

func TestSupplyMatching(t *testing.T) {
	c := sampleCatalog(t)
	// The EMC need (TR-26-0002) names CISPR 25: the EMC lab's offer and
	// the EMC lab itself serve it, for that standard and shared sectors.
	offers := c.OffersForNeed("TR-26-0002", Viewer{}, 5)
	if len(offers) == 0 || offers[0].Offer.Ref != "TR-OF-26-0001" {
		t.Fatalf("offers for the EMC need: %+v", offers)
	}
	r := offers[0].Reasons
	if !slices.Contains(r.Standards, "CISPR 25") || !slices.Contains(r.Sectors, "automotive") {
		t.Errorf("reasons %+v lack CISPR 25 or automotive", r)
	}
	labs := c.LabsForNeed("TR-26-0002", Viewer{}, 5)
	if len(labs) == 0 || labs[0].Lab.Slug != "azarbaijan-emc-lab" || !slices.Contains(labs[0].Reasons.Standards, "CISPR 25") {
		t.Errorf("labs for the EMC need: %+v", labs)
	}
	// The pesticide-residue need of the CN hub names GB 2763.
	var residue string
	for _, n := range c.Needs(NeedQuery{Text: "GB 2763", Hubs: []string{"CN"}}).Items {
		residue = n.Ref
	}
	if m := c.LabsForNeed(residue, Viewer{}, 3); len(m) == 0 || m[0].Lab.Slug != "isfahan-food-residue-lab" {
		t.Errorf("labs for %s: %+v", residue, m)
	}
	// The other way: the offer finds the need, with its reasons.
	needs := c.NeedsForOffer("TR-OF-26-0001", Viewer{}, 5)
	if len(needs) == 0 || needs[0].Need.Ref != "TR-26-0002" {
		t.Errorf("needs for the EMC offer: %+v", needs)
	}
	for _, lists := range [][]Reasons{reasonsOf(offers), reasonsOfLabs(labs), reasonsOfNeeds(needs)} {
		for _, r := range lists {
			for _, term := range r.Terms {
				if stopWord(term) {
					t.Errorf("reason term %q is a stop word", term)
				}
			}
			if len(r.Sectors)+len(r.Standards)+len(r.Terms) == 0 {
				t.Errorf("a match without a reason: %+v", r)
			}
		}
	}
	// Draft offers never match for the public; unknown refs give nil.
	for _, m := range c.OffersForNeed("CN-26-0001", Viewer{}, 50) {
		if !m.Offer.Public() {
			t.Errorf("draft offer %s offered to the public", m.Offer.Ref)
		}
	}
	if c.NeedsForOffer("CN-OF-26-0004", Viewer{}, 5) != nil || c.OffersForNeed("XX-26-0001", Viewer{}, 5) != nil {
		t.Error("matches for a draft or unknown listing")
	}
	pm := c.PossibleMatches("TR", admin, 3)
	if len(pm) == 0 {
		t.Fatal("no possible matches for the TR hub")
	}
	for _, ns := range pm {
		if ns.Need.Hub != "TR" || len(ns.Offers)+len(ns.Labs) == 0 {
			t.Errorf("possible match %s: hub %s, %d offers, %d labs", ns.Need.Ref, ns.Need.Hub, len(ns.Offers), len(ns.Labs))
		}
	}
}

func reasonsOf(m []OfferMatch) (out []Reasons) {
	for _, x := range m {
		out = append(out, x.Reasons)
	}
	return out
}

func reasonsOfLabs(m []LabMatch) (out []Reasons) {
	for _, x := range m {
		out = append(out, x.Reasons)
	}
	return out
}

func reasonsOfNeeds(m []NeedMatch) (out []Reasons) {
	for _, x := range m {
		out = append(out, x.Reasons)
	}
	return out
}
