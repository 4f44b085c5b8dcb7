package mongo

import (
	"context"
	"errors"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// collRateLimits holds the fixed-window counters of the rate limiters that
// every instance of the service shares: one document per key and window,
// {_id: "<key>@<window start, Unix seconds>", n: int64, exp: date}.
const collRateLimits = "ratelimits"

// hitDoc is a rate-limit counter document.
type hitDoc struct {
	N int64 `bson:"n"`
}

// AddHits adds n hits to the counter of key in the fixed window that
// starts at window, and returns the window's total after the addition
// (every instance's hits). expires is when the counter may be deleted
// (PruneHits); it is set when the counter is created.
//
// It is one single-document upsert by _id, the fast path on FerretDB too.
// On MongoDB the total is exact. FerretDB v1 applies $inc by reading and
// writing back the document: within one Store the hits of a counter are
// serialised (so they are exact), but two instances adding to the same
// counter at the same moment can lose one of the additions. Counts on
// FerretDB are therefore a lower bound under concurrent writers; the
// embedded store serves a single machine, where that is acceptable. It
// returns content.ErrUnavailable when the database cannot be reached.
func (s *Store) AddHits(ctx context.Context, key string, window, expires time.Time, n int64) (int64, error) {
	id := key + "@" + strconv.FormatInt(window.Unix(), 10)
	if s.serialize {
		release, err := s.locks.lock(ctx, collRateLimits+"/"+id)
		if err != nil {
			return 0, storeError(err)
		}
		defer release()
	}
	coll := s.db.Collection(collRateLimits)
	update := bson.D{
		{Key: "$inc", Value: bson.D{{Key: "n", Value: n}}},
		{Key: "$setOnInsert", Value: bson.D{{Key: "exp", Value: expires.UTC()}}},
	}
	opts := options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)
	var d hitDoc
	var err error
	for try := 0; ; try++ {
		err = coll.FindOneAndUpdate(ctx, byID(id), update, opts).Decode(&d)
		// Two first upserts of a counter can race to insert it: the loser
		// adds to the winner's document on a second try.
		if err == nil || try > 0 || !mdb.IsDuplicateKeyError(err) {
			break
		}
	}
	if err != nil {
		return 0, storeError(err)
	}
	return d.N, nil
}

// PruneHits deletes the rate-limit counters that expired before t. The
// collection holds only the counters of the current and the previous
// windows when this runs once per window, so the scan it costs on
// FerretDB stays small.
func (s *Store) PruneHits(ctx context.Context, t time.Time) error {
	_, err := s.db.Collection(collRateLimits).DeleteMany(ctx,
		bson.D{{Key: "exp", Value: bson.D{{Key: "$lt", Value: t.UTC()}}}})
	if errors.Is(err, mdb.ErrNoDocuments) {
		return nil
	}
	return storeError(err)
}
