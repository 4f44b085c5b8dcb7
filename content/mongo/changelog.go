package mongo

// The change log of listing writes on FerretDB.
//
// FerretDB v1 on SQLite pushes no filter but an _id equality down to its
// database: "rev > R" (Changes, the catalog's sync, and the start of a
// process from an older snapshot file) reads and converts every stored
// listing, tens of seconds of CPU for 100,000 needs. So on FerretDB every
// revision allocated for a listing write is recorded, before the write,
// as a row {_id: "r<rev>", coll, doc} of the "changes" collection: the
// listings changed since R are found by looking up the rows R+1, R+2, …
// by _id and then their documents by _id, every step a lookup that
// FerretDB's SQLite answers through an index (Embedded.IndexIDLookups).
//
// A row is written before its document, so a row whose document is not
// (yet) at its revision is a write in flight or one that failed; a
// revision without a row is one whose write failed before it or that was
// allocated by a writer that did not log (a store older than the log, an
// import). The document "start" of the log holds the revision from which
// on every write is logged (rows exist for every revision above it that
// reached its write); reads from below it fall back to the filter on rev.
// Rows at or below it may be removed (PruneChanges). The log is not part
// of a backup. On MongoDB, which answers the filter on rev through its
// index, nothing is logged.

import (
	"context"
	"errors"
	"strconv"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// collChanges is the change log; logStartID is the _id of its document
// holding the revision from which on it is complete.
const (
	collChanges = "changes"
	logStartID  = "start"
)

// maxLogRead is the most revisions a read through the change log covers:
// beyond, reading every listing costs less than the lookups.
const maxLogRead = 20000

// logWorkers is how many lookups a read through the change log makes at
// once.
const logWorkers = 4

// changeRow is one row of the change log.
type changeRow struct {
	ID   string `bson:"_id"`  // revKey(Rev)
	Rev  int64  `bson:"rev"`  // the revision allocated
	Coll string `bson:"coll"` // the collection of the document written
	Doc  string `bson:"doc"`  // the document's _id
}

// revKey returns the _id of the row of revision rev.
func revKey(rev int64) string { return "r" + strconv.FormatInt(rev, 10) }

// nextRev allocates a revision for a write of the document id of the
// collection coll and, on FerretDB, logs it.
func (s *Store) nextRev(ctx context.Context, coll, id string) (int64, error) {
	rev, err := s.next(ctx, revCounter)
	if err != nil {
		return 0, err
	}
	if err := s.logChanges(ctx, changeRow{Rev: rev, Coll: coll, Doc: id}); err != nil {
		return 0, err
	}
	return rev, nil
}

// logChanges writes the rows of the change log (FerretDB only).
func (s *Store) logChanges(ctx context.Context, rows ...changeRow) error {
	if !s.serialize || len(rows) == 0 {
		return nil
	}
	docs := make([]any, len(rows))
	for i := range rows {
		rows[i].ID = revKey(rows[i].Rev)
		docs[i] = rows[i]
	}
	_, err := s.db.Collection(collChanges).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err != nil && !mdb.IsDuplicateKeyError(err) {
		return storeError(err)
	}
	return nil
}

// logBackfill is how many revisions below the current one a new change
// log covers on a store written before it: the window the catalog's sync
// reads again after a start.
const logBackfill = 1000

// startLog starts the change log on FerretDB, unless it already started:
// run at set-up, before this process writes. On a store written without a
// log (by an older version), it first logs the listings of the last
// logBackfill revisions, found by one read of every listing, so that the
// catalog's sync after this and later starts reads the log, not the
// listings.
func (s *Store) startLog(ctx context.Context) error {
	if !s.serialize {
		return nil
	}
	// The collection is made now, so that the _id lookup index of the
	// embedded store (made at start) covers it.
	changes := s.db.Collection(collChanges)
	byRev := []mdb.IndexModel{{Keys: bson.D{{Key: "rev", Value: 1}}}}
	missing, err := missingIndexes(ctx, changes, byRev)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		if _, err := changes.Indexes().CreateMany(ctx, missing); err != nil {
			return storeError(err)
		}
	}
	err = changes.FindOne(ctx, byID(logStartID)).Err()
	if err == nil {
		return nil
	}
	if !errors.Is(err, mdb.ErrNoDocuments) {
		return storeError(err)
	}
	rev, err := s.Revision(ctx)
	if err != nil {
		return err
	}
	from := max(0, rev-logBackfill)
	if rev > 0 {
		after := bson.D{{Key: "rev", Value: bson.D{{Key: "$gt", Value: from}}}}
		snap, err := s.listings(ctx, rev, after, after)
		if err != nil {
			return err
		}
		var rows []changeRow
		add := func(coll, id string, r int64) {
			if r > from && r <= rev {
				rows = append(rows, changeRow{Rev: r, Coll: coll, Doc: id})
			}
		}
		for _, h := range snap.Hubs {
			add(collHubs, h.Code, h.Rev)
		}
		for _, n := range snap.Needs {
			add(collNeeds, n.Ref, n.Rev)
		}
		for _, c := range snap.Companies {
			add(collCompanies, c.Slug, c.Rev)
		}
		for _, a := range snap.Agreements {
			add(collAgreements, a.Slug, a.Rev)
		}
		for _, o := range snap.Offers {
			add(collOffers, o.Ref, o.Rev)
		}
		if err := s.logChanges(ctx, rows...); err != nil {
			return err
		}
	}
	_, err = changes.InsertOne(ctx, bson.D{{Key: "_id", Value: logStartID}, {Key: "n", Value: from}})
	if err != nil && !mdb.IsDuplicateKeyError(err) {
		return storeError(err)
	}
	return nil
}

// raiseLogStart moves the start of the change log up to rev (FerretDB
// only): reads from below it then read the listings.
func (s *Store) raiseLogStart(ctx context.Context, rev int64) error {
	if !s.serialize {
		return nil
	}
	unlock, err := s.lock(ctx, collChanges+"/"+logStartID)
	if err != nil {
		return err
	}
	defer unlock()
	update := bson.D{{Key: "$max", Value: bson.D{{Key: "n", Value: rev}}}}
	_, err = s.db.Collection(collChanges).UpdateOne(ctx, byID(logStartID), update, options.UpdateOne().SetUpsert(true))
	return storeError(err)
}

// LogStart returns the revision from which on the change log is complete,
// and false when there is none (see logStart).
func (s *Store) LogStart(ctx context.Context) (int64, bool, error) { return s.logStart(ctx) }

// logStart returns the revision from which on the change log is complete,
// and false when there is no log (MongoDB, or a log never started).
func (s *Store) logStart(ctx context.Context) (int64, bool, error) {
	if !s.serialize {
		return 0, false, nil
	}
	var c counterDoc
	err := s.db.Collection(collChanges).FindOne(ctx, byID(logStartID)).Decode(&c)
	if errors.Is(err, mdb.ErrNoDocuments) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, storeError(err)
	}
	return c.N, true, nil
}

// changesFromLog returns what Changes(from) returns, read through the
// change log, with the store's revision cur: false when the log does not
// cover (from, cur] or the range is too long. The snapshot's Covered lists
// the revisions of the rows whose document it holds at that revision or
// later.
func (s *Store) changesFromLog(ctx context.Context, from, cur int64) (*content.Snapshot, bool, error) {
	if cur-from > maxLogRead {
		return nil, false, nil
	}
	start, ok, err := s.logStart(ctx)
	if err != nil || !ok || from < start {
		return nil, false, err
	}
	snap := &content.Snapshot{Rev: cur}
	if cur <= from {
		return snap, true, nil
	}
	revs := make([]int64, 0, cur-from)
	for r := from + 1; r <= cur; r++ {
		revs = append(revs, r)
	}
	changes := s.db.Collection(collChanges)
	rows := make([]*changeRow, len(revs))
	if err := parallel(ctx, len(revs), func(i int) error {
		var row changeRow
		err := changes.FindOne(ctx, byID(revKey(revs[i]))).Decode(&row)
		switch {
		case errors.Is(err, mdb.ErrNoDocuments):
			return nil // failed or in flight
		case err != nil:
			return storeError(err)
		}
		rows[i] = &row
		return nil
	}); err != nil {
		return nil, false, err
	}
	type docKey struct{ coll, id string }
	at := map[docKey]int{}
	var keys []docKey
	for _, row := range rows {
		if row == nil {
			continue
		}
		k := docKey{row.Coll, row.Doc}
		if _, ok := at[k]; !ok {
			at[k] = len(keys)
			keys = append(keys, k)
		}
	}
	got := make([]any, len(keys))
	revOf := make([]int64, len(keys))
	if err := parallel(ctx, len(keys), func(i int) error {
		doc, rev, err := s.listingByID(ctx, keys[i].coll, keys[i].id)
		got[i], revOf[i] = doc, rev
		return err
	}); err != nil {
		return nil, false, err
	}
	for _, doc := range got {
		switch d := doc.(type) {
		case *content.Hub:
			snap.Hubs = append(snap.Hubs, d)
		case *content.Need:
			snap.Needs = append(snap.Needs, d)
		case *content.Company:
			snap.Companies = append(snap.Companies, d)
		case *content.Agreement:
			snap.Agreements = append(snap.Agreements, d)
		case *content.Offer:
			snap.Offers = append(snap.Offers, d)
		}
	}
	for _, row := range rows {
		if row == nil {
			continue
		}
		if i := at[docKey{row.Coll, row.Doc}]; got[i] != nil && revOf[i] >= row.Rev {
			snap.Covered = append(snap.Covered, row.Rev)
		}
	}
	return snap, true, nil
}

// listingByID reads the document id of the listing collection coll (nil
// when there is none) and its revision.
func (s *Store) listingByID(ctx context.Context, coll, id string) (any, int64, error) {
	var (
		doc any
		rev *int64
	)
	switch coll {
	case collHubs:
		d := &content.Hub{}
		doc, rev = d, &d.Rev
	case collNeeds:
		d := &content.Need{}
		doc, rev = d, &d.Rev
	case collCompanies:
		d := &content.Company{}
		doc, rev = d, &d.Rev
	case collAgreements:
		d := &content.Agreement{}
		doc, rev = d, &d.Rev
	case collOffers:
		d := &content.Offer{}
		doc, rev = d, &d.Rev
	default:
		return nil, 0, nil // not a listing
	}
	err := s.db.Collection(coll).FindOne(ctx, byID(id)).Decode(doc)
	switch {
	case errors.Is(err, mdb.ErrNoDocuments):
		return nil, 0, nil // a create in flight, or one that failed
	case err != nil:
		return nil, 0, storeError(err)
	}
	return doc, *rev, nil
}

// parallel runs f(0), …, f(n-1) on logWorkers goroutines and returns the
// first error.
func parallel(ctx context.Context, n int, f func(i int) error) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		next int
		ferr error
	)
	for range min(logWorkers, n) {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				stop := ferr != nil || ctx.Err() != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					if ferr == nil {
						ferr = err
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if ferr == nil {
		ferr = ctx.Err()
	}
	return ferr
}

// ChangesSince returns the listings (deleted ones included) written with a
// revision above rev, as Changes does, but only when the change log covers
// them (FerretDB, at most maxLogRead revisions, rev not below the log's
// start): false otherwise. It is how a process starts from an older
// snapshot file without reading every listing.
func (s *Store) ChangesSince(ctx context.Context, rev int64) (*content.Snapshot, bool, error) {
	cur, err := s.Revision(ctx)
	if err != nil {
		return nil, false, err
	}
	return s.changesFromLog(ctx, rev, cur)
}

// PruneChanges removes the rows of the change log at or below rev, first
// moving the log's start there (reads from below it then read the
// listings). It does nothing when the log starts at or above rev.
func (s *Store) PruneChanges(ctx context.Context, rev int64) error {
	start, ok, err := s.logStart(ctx)
	if err != nil || !ok || start >= rev {
		return err
	}
	if err := s.raiseLogStart(ctx, rev); err != nil {
		return err
	}
	filter := bson.D{{Key: "rev", Value: bson.D{{Key: "$lte", Value: rev}}}}
	_, err = s.db.Collection(collChanges).DeleteMany(ctx, filter)
	return storeError(err)
}
