package mongo

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// Limits on the number of interests Interests returns.
const (
	defaultInterestLimit = 500
	maxInterestLimit     = 5000
)

// CreateInterest validates in and stores an expression of interest in the
// need needRef with the next reference code of the year, such as
// EOI-26-00042. When the email already registered for the need, it returns
// the first interest and created false; the unique index on dedupe_key makes
// sure there is never a second, even under concurrent registrations.
//
// It returns ErrInvalid, ErrNotFound when the need does not exist or is not
// public (a draft, archived or deleted), and ErrNeedNotOpen when it is
// closed or past its deadline.
func (s *Store) CreateInterest(ctx context.Context, needRef string, in *content.InterestInput) (*content.Interest, bool, error) {
	if err := in.Validate("en"); err != nil {
		return nil, false, err
	}
	n, err := s.Need(ctx, needRef)
	if err != nil {
		return nil, false, err
	}
	if n.Status == content.NeedDraft || n.Status == content.NeedArchived {
		return nil, false, notFound("need", needRef)
	}
	if !n.OpenOn(s.today()) {
		return nil, false, content.Errorf(content.CodeNeedNotOpen, "need %q is %s", needRef, n.StatusOn(s.today()))
	}
	yy := s.yy()
	for try := 0; ; try++ {
		seq, err := s.next(ctx, "interest:"+yy)
		if err != nil {
			return nil, false, err
		}
		i := in.NewInterest(fmt.Sprintf("EOI-%s-%05d", yy, seq), n, s.stamp())
		i.Pending = []content.Event{s.stampEvent(ctx, interestEvent(content.EventInterestNew)(&content.Interest{}, i), i.Version, "")}
		_, err = s.interests.InsertOne(ctx, i)
		if err == nil {
			return i, true, nil
		}
		if !mdb.IsDuplicateKeyError(err) {
			return nil, false, storeError(err)
		}
		// Either this email registered already, or the reference is taken
		// (a counter behind imported data): then take the next one.
		var first content.Interest
		err = s.interests.FindOne(ctx, bson.D{{Key: "dedupe_key", Value: i.DedupeKey}}).Decode(&first)
		if err == nil {
			return &first, false, nil
		}
		if !errors.Is(err, mdb.ErrNoDocuments) || try >= 20 {
			return nil, false, storeError(err)
		}
	}
}

// Interest returns the interest ref; ErrNotFound when it does not exist.
func (s *Store) Interest(ctx context.Context, ref string) (*content.Interest, error) {
	return get[content.Interest](ctx, s.interests, "interest", ref)
}

// Interests returns the interests matching f, newest first: at most
// f.Limit, 500 when 0, never more than 5000.
func (s *Store) Interests(ctx context.Context, f content.InterestFilter) ([]*content.Interest, error) {
	if f.Hubs != nil && len(f.Hubs) == 0 {
		return []*content.Interest{}, nil
	}
	filter := bson.D{}
	if f.Hubs != nil {
		hubs := bson.A{}
		for _, h := range f.Hubs {
			hubs = append(hubs, h)
		}
		filter = append(filter, bson.E{Key: "hub", Value: bson.D{{Key: "$in", Value: hubs}}})
	}
	if f.Need != "" {
		filter = append(filter, bson.E{Key: "need", Value: f.Need})
	}
	if f.Status != "" {
		filter = append(filter, bson.E{Key: "status", Value: f.Status})
	}
	if !f.Since.IsZero() {
		filter = append(filter, bson.E{Key: "created_at", Value: bson.D{{Key: "$gte", Value: f.Since}}})
	}
	if !f.Until.IsZero() {
		filter = append(filter, bson.E{Key: "created_at", Value: bson.D{{Key: "$lt", Value: f.Until}}})
	}
	limit := f.Limit
	if limit <= 0 {
		limit = defaultInterestLimit
	}
	limit = min(limit, maxInterestLimit)
	opts := options.Find().
		SetSort(bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: -1}}).
		SetLimit(int64(limit))
	return all[content.Interest](ctx, s.interests, filter, opts)
}

// UpdateInterestStatus moves the interest ref to in.Status, from
// in.Version, recording the change in its history. It returns ErrNotFound,
// ErrConflict, ErrInvalid or ErrBadTransition.
func (s *Store) UpdateInterestStatus(ctx context.Context, ref string, in *content.InterestStatusInput, by string) (*content.Interest, error) {
	return modify(ctx, s, s.interests, "interest", ref, in.Version, by, interestMeta, interestEvent(content.EventInterestStatus), func(i *content.Interest) (*content.Interest, error) {
		return in.Apply(i, by, s.stamp())
	})
}
