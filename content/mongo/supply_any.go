package mongo

import (
	"context"

	"hubdir/content"
	"hubdir/content/notify"
)

var _ notify.SupplySource = (*Store)(nil)

// OfferAny returns the offer ref whatever its state, a deleted one too
// (the notifier tells the proposer of a deleted proposal its outcome);
// ErrNotFound.
func (s *Store) OfferAny(ctx context.Context, ref string) (*content.Offer, error) {
	return get[content.Offer](ctx, s.offers(), "offer", ref)
}

// CompanyAny returns the company slug whatever its state, a deleted one
// too; ErrNotFound.
func (s *Store) CompanyAny(ctx context.Context, slug string) (*content.Company, error) {
	return get[content.Company](ctx, s.companies, "company", slug)
}
