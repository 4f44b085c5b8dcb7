package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"hubdir/content"
	"hubdir/content/catalog"
)

// TestPublishedAgreementHidesDraftReferences: a published agreement that
// names a draft need and an unpublished company shows neither to the
// public: not in the API (item and list), the page, the need's page, the
// sitemap or the feed (the issue: the API answered needs:
// ["TR-26-0010"] for a draft and an unpublished party's slug).
func TestPublishedAgreementHidesDraftReferences(t *testing.T) {
	s := newSite(t, siteOptions{})
	ctx := context.Background()
	open, _, _, draft := s.sampleRefs(t)
	admin := catalog.Viewer{Staff: &content.Staff{Role: content.RoleAdmin}}
	openNeed, _ := s.cat.Need(open, admin)
	draftNeed, _ := s.cat.Need(draft, admin)
	if openNeed.Hub != draftNeed.Hub {
		t.Skipf("sample's first open (%s) and draft (%s) needs are in different hubs", open, draft)
	}
	hub := openNeed.Hub
	public, _ := s.firstSlugs(t)
	hidden, err := s.store.CreateCompany(ctx, &content.CompanyInput{
		Slug: "unlisted-partner-co", Name: content.Text{"en": "Unlisted Partner Co"}, Kind: "foreign-company",
		Country: "TR", Sectors: []string{}, Hubs: []string{hub},
	}, "test")
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.store.CreateAgreement(ctx, &content.AgreementInput{
		Slug: "mou-with-hidden-refs", Hub: hub, Title: content.Text{"en": "MoU with hidden references"},
		Parties:  []content.Party{{Company: public}, {Company: hidden.Slug}, {Name: content.Text{"en": "Tabriz Park"}}},
		SignedOn: "2026-01-15", Status: content.AgreementSigned, Needs: []string{open, draft},
	}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if a, err = s.store.PublishAgreement(ctx, a.Slug, true, a.Version, "test"); err != nil {
		t.Fatal(err)
	}
	s.cat.Apply(&content.Snapshot{Companies: []*content.Company{hidden}, Agreements: []*content.Agreement{a}})

	type apiAgreement struct {
		Slug    string          `json:"slug"`
		Needs   []string        `json:"needs"`
		Parties []content.Party `json:"parties"`
	}
	check := func(where string, got apiAgreement) {
		t.Helper()
		if slices.Contains(got.Needs, draft) || !slices.Contains(got.Needs, open) {
			t.Errorf("%s: needs %v, want %s without the draft %s", where, got.Needs, open, draft)
		}
		var slugs []string
		for _, p := range got.Parties {
			slugs = append(slugs, p.Company)
		}
		if slices.Contains(slugs, hidden.Slug) || !slices.Contains(slugs, public) || len(got.Parties) != 2 {
			t.Errorf("%s: parties %+v, want %s and the named party only", where, got.Parties, public)
		}
	}
	r := s.get(t, "/api/v1/agreements/"+a.Slug)
	if r.status != http.StatusOK {
		t.Fatalf("API item: %d", r.status)
	}
	var one apiAgreement
	if err := json.Unmarshal([]byte(r.body), &one); err != nil {
		t.Fatal(err)
	}
	check("API item", one)
	var list struct{ Items []apiAgreement }
	if err := json.Unmarshal([]byte(s.get(t, "/api/v1/agreements?per_page=100").body), &list); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range list.Items {
		if it.Slug == a.Slug {
			found = true
			check("API list", it)
		}
	}
	if !found {
		t.Fatal("the agreement is not in the API list")
	}
	for _, path := range []string{"/en/agreements/" + a.Slug, "/en/needs/" + open, "/en/companies/" + public,
		"/sitemap.xml", "/sitemap-1.xml", "/en/feed.atom", "/en/agreements", "/en/impact", "/api/v1/agreements?q=hidden"} {
		r := s.get(t, path)
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d", path, r.status)
		}
		for _, secret := range []string{draft, hidden.Slug, "Unlisted Partner"} {
			if strings.Contains(r.body, secret) {
				t.Errorf("%s names %s", path, secret)
			}
		}
	}
	// The agreement itself is there (the test reads the right page).
	if !strings.Contains(s.get(t, "/en/agreements/"+a.Slug).body, "MoU with hidden references") {
		t.Error("the agreement's page does not show it")
	}
}
