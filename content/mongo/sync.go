package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// Snapshot returns every hub and every listing that is not deleted. Its Rev
// is the revision read before the listings: every write up to Rev is in
// it, and writes after it may be too, so the catalog can follow on with
// Changes(Rev) without missing any.
func (s *Store) Snapshot(ctx context.Context) (*content.Snapshot, error) {
	rev, err := s.Revision(ctx)
	if err != nil {
		return nil, err
	}
	return s.listings(ctx, rev, nil, notDeleted())
}

// Changes returns every hub and listing, deleted or not, written with a
// revision greater than rev. Its Rev is the revision read before them, as
// in Snapshot.
//
// Revisions are allocated before the write they stamp, so two writers may
// commit out of order: a write with a smaller revision can appear after one
// with a larger revision was returned. The catalog should ask again for a
// short window below the revisions it has seen.
//
// On FerretDB, which would read every listing for the filter on rev, the
// listings are found through the change log (changelog.go) when it covers
// the revisions asked for.
func (s *Store) Changes(ctx context.Context, rev int64) (*content.Snapshot, error) {
	cur, err := s.Revision(ctx)
	if err != nil {
		return nil, err
	}
	if snap, ok, err := s.changesFromLog(ctx, rev, cur); err != nil || ok {
		return snap, err
	}
	after := bson.D{{Key: "rev", Value: bson.D{{Key: "$gt", Value: rev}}}}
	return s.listings(ctx, cur, after, after)
}

// listings reads the hubs matching hubFilter (nil: all) and the listings
// matching filter.
func (s *Store) listings(ctx context.Context, rev int64, hubFilter, filter bson.D) (*content.Snapshot, error) {
	if hubFilter == nil {
		hubFilter = bson.D{}
	}
	snap := &content.Snapshot{Rev: rev}
	var err error
	byCode := options.Find().SetSort(bson.D{{Key: "_id", Value: 1}})
	if snap.Hubs, err = all[content.Hub](ctx, s.hubs, hubFilter, byCode); err != nil {
		return nil, err
	}
	if snap.Needs, err = all[content.Need](ctx, s.needs, filter); err != nil {
		return nil, err
	}
	in := newInterner()
	for _, n := range snap.Needs {
		in.need(n)
	}
	if snap.Companies, err = all[content.Company](ctx, s.companies, filter); err != nil {
		return nil, err
	}
	if snap.Agreements, err = all[content.Agreement](ctx, s.agreements, filter); err != nil {
		return nil, err
	}
	if snap.Offers, err = all[content.Offer](ctx, s.offers(), filter); err != nil {
		return nil, err
	}
	return snap, nil
}
