package mongo

import (
	"context"
	"errors"
	"fmt"
	"runtime/trace"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// CreateInterest validates in and stores an expression of interest in the
// need needRef with the next reference code of the year, such as
// EOI-26-00042. When the email already registered for the need, it returns
// the first interest and created false; the unique index on dedupe_key makes
// sure there is never a second, even under concurrent registrations.
//
// It returns ErrInvalid, ErrNotFound when the need does not exist or is not
// public (a draft, archived or deleted), and ErrNeedNotOpen when it is
// closed or past its deadline. Before it writes, it passes ctx's write gate
// (content.PassWriteGate) and returns the gate's error as it is, having
// written nothing.
func (s *Store) CreateInterest(ctx context.Context, needRef string, in *content.InterestInput) (*content.Interest, bool, error) {
	if err := in.Validate("en"); err != nil {
		return nil, false, err
	}
	region := trace.StartRegion(ctx, "interest need")
	n, err := s.Need(ctx, needRef)
	region.End()
	if err != nil {
		return nil, false, err
	}
	if n.Status == content.NeedDraft || n.Status == content.NeedArchived {
		return nil, false, notFound("need", needRef)
	}
	if !n.OpenOn(s.today()) {
		return nil, false, content.Errorf(content.CodeNeedNotOpen, "need %q is %s", needRef, n.StatusOn(s.today()))
	}
	// The rate limit's verdict, computed meanwhile (content.WithWriteGate).
	region = trace.StartRegion(ctx, "interest gate")
	err = content.PassWriteGate(ctx)
	region.End()
	if err != nil {
		return nil, false, err
	}
	yy := s.yy()
	for try := 0; ; try++ {
		region = trace.StartRegion(ctx, "interest number")
		seq, err := s.nextInBlock(ctx, "interest:"+yy)
		region.End()
		if err != nil {
			return nil, false, err
		}
		i := in.NewInterest(fmt.Sprintf("EOI-%s-%05d", yy, seq), n, s.stamp())
		i.Pending = []content.Event{s.stampEvent(ctx, interestEvent(content.EventInterestNew)(&content.Interest{}, i), i.Version, "")}
		region = trace.StartRegion(ctx, "interest insert")
		_, err = s.interests.InsertOne(ctx, i)
		region.End()
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

// Interests returns the interests matching f, newest first, after
// skipping f.Skip of them: at most f.Limit, all when f.Limit is 0.
func (s *Store) Interests(ctx context.Context, f content.InterestFilter) ([]*content.Interest, error) {
	if f.Hubs != nil && len(f.Hubs) == 0 {
		return []*content.Interest{}, nil
	}
	return all[content.Interest](ctx, s.interests, interestQuery(f), interestFind(f))
}

// InterestPage returns the interests matching f, newest first, after
// skipping f.Skip of them (at most f.Limit, all when 0), and the number of
// all the interests that match f.
//
// On MongoDB it counts and then reads the page, both through the hub and
// creation-time index. FerretDB v1 filters, counts and sorts by reading
// the whole collection in Go, whatever the query: there it reads the
// matching interests once, in order, counting them and decoding only those
// of the page, which takes half the time of a count and a page read.
func (s *Store) InterestPage(ctx context.Context, f content.InterestFilter) ([]*content.Interest, int, error) {
	if f.Hubs != nil && len(f.Hubs) == 0 {
		return []*content.Interest{}, 0, nil
	}
	filter := interestQuery(f)
	if !s.serialize {
		total, err := s.interests.CountDocuments(ctx, filter)
		if err != nil {
			return nil, 0, storeError(err)
		}
		items, err := all[content.Interest](ctx, s.interests, filter, interestFind(f))
		if err != nil {
			return nil, 0, err
		}
		return items, int(total), nil
	}
	cur, err := s.interests.Find(ctx, filter, interestFind(content.InterestFilter{}))
	if err != nil {
		return nil, 0, storeError(err)
	}
	defer cur.Close(ctx)
	items := []*content.Interest{}
	total := 0
	for cur.Next(ctx) {
		if total >= f.Skip && (f.Limit <= 0 || len(items) < f.Limit) {
			var i content.Interest
			if err := cur.Decode(&i); err != nil {
				return nil, 0, storeError(err)
			}
			items = append(items, &i)
		}
		total++
	}
	if err := cur.Err(); err != nil {
		return nil, 0, storeError(err)
	}
	return items, total, nil
}

// interestQuery returns the filter document of f.
func interestQuery(f content.InterestFilter) bson.D {
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
	created := bson.D{}
	if !f.Since.IsZero() {
		created = append(created, bson.E{Key: "$gte", Value: f.Since})
	}
	if !f.Until.IsZero() {
		created = append(created, bson.E{Key: "$lt", Value: f.Until})
	}
	if len(created) > 0 {
		filter = append(filter, bson.E{Key: "created_at", Value: created})
	}
	return filter
}

// interestFind returns the find options of f: newest first (the
// reference breaks ties), f.Skip and f.Limit.
func interestFind(f content.InterestFilter) *options.FindOptionsBuilder {
	opts := options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: -1}})
	if f.Skip > 0 {
		opts.SetSkip(int64(f.Skip))
	}
	if f.Limit > 0 {
		opts.SetLimit(int64(f.Limit))
	}
	return opts
}

// UpdateInterestStatus moves the interest ref to in.Status, from
// in.Version, recording the change in its history. It returns ErrNotFound,
// ErrConflict, ErrInvalid or ErrBadTransition.
func (s *Store) UpdateInterestStatus(ctx context.Context, ref string, in *content.InterestStatusInput, by string) (*content.Interest, error) {
	return modify(ctx, s, s.interests, "interest", ref, in.Version, by, interestMeta, interestEvent(content.EventInterestStatus), func(i *content.Interest) (*content.Interest, error) {
		return in.Apply(i, by, s.stamp())
	})
}
