package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// SeedNeed stores n exactly as given (reference, status, version and
// timestamps), replacing any need with the same reference, for sample data
// and imports. It validates the need's fields but, unlike CreateNeed,
// accepts a deadline in the past. The write takes a new revision so that
// every catalog picks it up.
func (s *Store) SeedNeed(ctx context.Context, n *content.Need) error {
	if err := n.Validate(); err != nil {
		return err
	}
	if err := s.hubError(ctx, "hub", n.Hub); err != nil {
		return err
	}
	// Keep CreateNeed from allocating this reference again.
	if counter, seq, ok := needCounter(n.Ref); ok {
		if err := s.atLeast(ctx, counter, seq); err != nil {
			return err
		}
	}
	rev, err := s.nextRev(ctx, collNeeds, n.Ref)
	if err != nil {
		return err
	}
	n.Rev = rev
	_, err = s.needs.ReplaceOne(ctx, bson.D{{Key: "_id", Value: n.Ref}}, n, options.Replace().SetUpsert(true))
	return storeError(err)
}
