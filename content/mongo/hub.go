package mongo

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// Hubs returns every hub, ordered by code.
func (s *Store) Hubs(ctx context.Context) ([]*content.Hub, error) {
	return all[content.Hub](ctx, s.hubs, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
}

// PutHub validates h and creates or replaces the hub h.Code. It sets h's
// version (1 when new, else one more), revision and timestamps. It returns
// ErrInvalid, or ErrConflict when another writer changed the hub meanwhile.
func (s *Store) PutHub(ctx context.Context, h *content.Hub) error {
	if err := h.Validate(); err != nil {
		return err
	}
	unlock, err := s.lock(ctx, collHubs+"/"+h.Code)
	if err != nil {
		return err
	}
	defer unlock()

	var cur content.Hub
	err = s.hubs.FindOne(ctx, byID(h.Code)).Decode(&cur)
	found := err == nil
	if err != nil && !errors.Is(err, mdb.ErrNoDocuments) {
		return storeError(err)
	}
	next := *h
	next.UpdatedAt = s.stamp()
	next.Version, next.CreatedAt = 1, next.UpdatedAt
	if found {
		next.Version, next.CreatedAt = cur.Version+1, cur.CreatedAt
	}
	if next.Rev, err = s.nextRev(ctx, collHubs, h.Code); err != nil {
		return err
	}
	if found {
		res, err := s.hubs.ReplaceOne(ctx, bson.D{{Key: "_id", Value: h.Code}, {Key: "version", Value: cur.Version}}, &next)
		if err != nil {
			return storeError(err)
		}
		if res.MatchedCount == 0 {
			return content.Errorf(content.CodeConflict, "hub %q changed by another writer", h.Code)
		}
	} else if _, err := s.hubs.InsertOne(ctx, &next); err != nil {
		return storeError(err)
	}
	*h = next
	return nil
}

// hubError returns an invalid-input error on field when a hub in codes does
// not exist, nil when all exist.
func (s *Store) hubError(ctx context.Context, field string, codes ...string) error {
	for _, c := range codes {
		ok, err := exists(ctx, s.hubs, c)
		if err != nil {
			return err
		}
		if !ok {
			return content.InvalidField(field, content.RuleInvalidHub)
		}
	}
	return nil
}
