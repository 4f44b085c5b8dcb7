package sample

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"hubdir/content"
)

// CreateOffer stores an offer in the fake store, checking its hubs and
// company as the real store does.
func (s *fakeStore) CreateOffer(_ context.Context, in *content.OfferInput, by string) (*content.Offer, error) {
	if err := in.Validate(s.today()); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range in.Hubs {
		if s.hubs[h] == nil {
			return nil, content.InvalidField("hubs", content.RuleInvalidHub)
		}
	}
	if in.Company != "" && s.companies[in.Company] == nil {
		return nil, content.InvalidField("company", content.RuleUnknownCompany)
	}
	if s.offers == nil {
		s.offers = map[string]*content.Offer{}
	}
	s.next++
	o := in.NewOffer(fmt.Sprintf("%s-OF-26-%04d", in.Hubs[0], s.next), by, s.now)
	s.offers[o.Ref] = o
	c := *o
	return &c, nil
}

// TransitionOffer moves an offer of the fake store.
func (s *fakeStore) TransitionOffer(_ context.Context, ref string, tr content.NeedTransition, version int64, by string) (*content.Offer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.offers[ref]
	if o == nil || o.Version != version {
		return nil, content.ErrConflict
	}
	to, err := content.OfferTarget(tr, o.Status)
	if err != nil {
		return nil, err
	}
	m := *o
	m.Status, m.Version = to, o.Version+1
	s.offers[ref] = &m
	c := m
	return &c, nil
}

func TestSampleOffersAndLabs(t *testing.T) {
	d := mustParse(t)
	if len(d.Offers) < 8 {
		t.Fatalf("%d sample offers, want at least 8", len(d.Offers))
	}
	today := content.Date("2026-03-10")
	kinds := map[string]bool{}
	langs := map[string]bool{}
	for i := range d.Offers {
		in := d.Offers[i].OfferInput
		in.Deadline = d.Offers[i].Expiry(today)
		if err := in.Validate(today); err != nil {
			t.Errorf("offer %d: %v", i, err)
		}
		kinds[in.Kind] = true
		for _, l := range in.Title.Locales() {
			langs[l] = true
		}
	}
	if len(kinds) < 4 || len(langs) != 4 {
		t.Errorf("offers cover kinds %v and languages %v", kinds, langs)
	}
	var labs, partner []string
	for _, c := range d.Companies {
		if c.Lab == nil {
			continue
		}
		labs = append(labs, c.Slug)
		if c.Country != "IR" {
			partner = append(partner, c.Country)
		}
		if len(c.Lab.Methods) == 0 || len(c.Lab.Equipment) == 0 || len(c.Lab.Accreditations) == 0 {
			t.Errorf("lab %s lacks methods, equipment or accreditations", c.Slug)
		}
	}
	if len(labs) < 6 || !slices.Contains(partner, "TR") || !slices.Contains(partner, "CN") {
		t.Errorf("labs %v (partner countries %v): want the park's labs and partner labs in TR and CN", labs, partner)
	}
	offers := SampleOffers(d, time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC), today, func() int64 { return 1 })
	for _, o := range offers {
		if err := o.Validate(); err != nil {
			t.Errorf("%s: %v", o.Ref, err)
		}
	}
}
