package mongo

import (
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// seedBatch is how many needs SeedNeeds writes with one InsertMany and
// stamps with one block of revisions.
const seedBatch = 500

// SeedNeeds stores many new needs exactly as given (reference, status,
// version and timestamps), for synthetic load data and imports, much
// faster than one SeedNeed each: it validates every need first, checks
// that their hubs exist, raises the need-reference counters past their
// references, and inserts them in batches of 500, each batch stamped with
// a block of revisions taken with a single counter bump.
//
// Nothing is written when a need is invalid (ErrInvalid, naming the need's
// index in the field path) or names a hub that does not exist. Unlike
// SeedNeed, SeedNeeds does not replace: a reference that is already stored
// makes it fail with ErrConflict, after the other needs of that batch (and
// of earlier batches) were written. The needs' Rev fields are set.
func (s *Store) SeedNeeds(ctx context.Context, needs []*content.Need) error {
	hubs := map[string]bool{}
	counters := map[string]int64{}
	refs := make(map[string]int, len(needs))
	for i, n := range needs {
		if n == nil {
			return content.InvalidField(fmt.Sprintf("needs[%d]", i), content.RuleRequired)
		}
		if err := n.Validate(); err != nil {
			return fmt.Errorf("needs[%d] (%s): %w", i, n.Ref, err)
		}
		if j, dup := refs[n.Ref]; dup {
			return fmt.Errorf("needs[%d] repeats the reference %s of needs[%d]: %w", i, n.Ref, j, content.ErrConflict)
		}
		refs[n.Ref] = i
		hubs[n.Hub] = true
		if counter, seq, ok := needCounter(n.Ref); ok {
			counters[counter] = max(counters[counter], seq)
		}
	}
	if err := s.hubError(ctx, "hub", sortedKeys(hubs)...); err != nil {
		return err
	}
	// Keep CreateNeed from allocating these references again.
	for _, name := range sortedKeys(counters) {
		if err := s.atLeast(ctx, name, counters[name]); err != nil {
			return err
		}
	}
	// One block of revisions per batch, taken just before the batch is
	// written, so that the catalog's sync never waits long for revisions
	// that were allocated but not yet written.
	insert := options.InsertMany().SetOrdered(false)
	for start := 0; start < len(needs); start += seedBatch {
		batch := needs[start:min(start+seedBatch, len(needs))]
		last, err := s.bump(ctx, revCounter, int64(len(batch)))
		if err != nil {
			return err
		}
		docs := make([]any, len(batch))
		rows := make([]changeRow, len(batch))
		for i, n := range batch {
			n.Rev = last - int64(len(batch)-1-i)
			docs[i] = n
			rows[i] = changeRow{Rev: n.Rev, Coll: collNeeds, Doc: n.Ref}
		}
		if err := s.logChanges(ctx, rows...); err != nil {
			return err
		}
		if _, err := s.needs.InsertMany(ctx, docs, insert); err != nil {
			return fmt.Errorf("seed needs %d–%d: %w", start, start+len(batch)-1, storeError(err))
		}
	}
	return nil
}

// ReserveNeedRefs allocates n consecutive reference codes of the hub in the
// current year, as CreateNeed would allocate them one by one, with a single
// counter bump, and returns them ("TR-26-0042", "TR-26-0043", …). The codes
// are the caller's to store, with SeedNeeds; it returns ErrInvalid when the
// hub does not exist.
func (s *Store) ReserveNeedRefs(ctx context.Context, hub string, n int) ([]string, error) {
	if n <= 0 {
		return nil, nil
	}
	if err := s.hubError(ctx, "hub", hub); err != nil {
		return nil, err
	}
	yy := s.yy()
	last, err := s.bump(ctx, needCounterName(hub, yy), int64(n))
	if err != nil {
		return nil, err
	}
	refs := make([]string, n)
	for i := range refs {
		refs[i] = fmt.Sprintf("%s-%s-%04d", hub, yy, last-int64(n-1-i))
		if !content.ValidRef(refs[i]) {
			return nil, fmt.Errorf("%w: the references of hub %s in 20%s ran out", content.ErrUnavailable, hub, yy)
		}
	}
	return refs, nil
}

// bump adds by (> 0) to the counter name and returns its new value: the
// numbers from the result - by + 1 up to the result are the caller's.
func (s *Store) bump(ctx context.Context, name string, by int64) (int64, error) {
	unlock, err := s.lock(ctx, collCounters+"/"+name)
	if err != nil {
		return 0, err
	}
	defer unlock()
	opts := options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)
	update := bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: by}}}}
	var c counterDoc
	err = s.counters.FindOneAndUpdate(ctx, byID(name), update, opts).Decode(&c)
	if mdb.IsDuplicateKeyError(err) { // a concurrent first upsert: try again
		err = s.counters.FindOneAndUpdate(ctx, byID(name), update, opts).Decode(&c)
	}
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", name, storeError(err))
	}
	return c.N, nil
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
