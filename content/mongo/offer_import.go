package mongo

import (
	"context"
	"fmt"

	"hubdir/content"
)

// ImportOffers validates every input, checks that their hubs and companies
// exist, and only then stores them as new draft offers of by, each with
// its created event: the references of each first hub are reserved with
// one counter bump, the revisions with another, and the offers are
// inserted with one ordered batch write. Nothing is written when an input
// is invalid (ErrInvalid naming "offers[i]"); should the database fail
// during the insert, what was written is deleted again (insertAll).
func (s *Store) ImportOffers(ctx context.Context, ins []*content.OfferInput, by string) ([]*content.Offer, error) {
	if len(ins) == 0 {
		return nil, nil
	}
	today := s.today()
	perHub := map[string]int{}
	hubs := map[string]bool{}
	companies := map[string]bool{}
	for k, in := range ins {
		if err := in.Validate(today); err != nil {
			return nil, fmt.Errorf("offers[%d]: %w", k, err)
		}
		perHub[in.Hubs[0]]++
		for _, h := range in.Hubs {
			hubs[h] = true
		}
		if in.Company != "" {
			companies[in.Company] = true
		}
	}
	if err := s.hubError(ctx, "hubs", sortedKeys(hubs)...); err != nil {
		return nil, err
	}
	for _, slug := range sortedKeys(companies) {
		if err := s.offerRefs(ctx, nil, slug); err != nil {
			return nil, err
		}
	}
	yy := s.yy()
	next := map[string]int64{}
	for _, hub := range sortedKeys(perHub) {
		last, err := s.bump(ctx, offerCounterName(hub, yy), int64(perHub[hub]))
		if err != nil {
			return nil, err
		}
		next[hub] = last - int64(perHub[hub]) + 1
	}
	now := s.stamp()
	offers := make([]*content.Offer, len(ins))
	docs := make([]any, len(ins))
	ids := make([]string, len(ins))
	for k, in := range ins {
		hub := in.Hubs[0]
		ref := fmt.Sprintf("%s-OF-%s-%04d", hub, yy, next[hub])
		if !content.ValidOfferRef(ref) {
			return nil, fmt.Errorf("%w: the offer references of hub %s in 20%s ran out", content.ErrUnavailable, hub, yy)
		}
		next[hub]++
		o := in.NewOffer(ref, by, now)
		o.Pending = []content.Event{s.stampEvent(ctx, offerEvent(content.EventListingCreated)(&content.Offer{}, o), o.Version, by)}
		offers[k], docs[k], ids[k] = o, o, o.Ref
	}
	// One block of revisions and rows in the change log, as SeedNeeds
	// writes them (another instance's sync reads the log).
	if err := s.insertAll(ctx, s.offers(), ids, docs, func(k int, rev int64) { offers[k].Rev = rev }, now, by, storeError); err != nil {
		return nil, fmt.Errorf("import offers: %w", err)
	}
	return offers, nil
}
