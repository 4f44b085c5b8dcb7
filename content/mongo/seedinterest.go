package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// SeedInterests stores many interests exactly as given (reference, status,
// history, version and timestamps), for tests and synthetic load data,
// much faster than one CreateInterest each: it checks every interest as
// Import does (validation, normal form, dedupe key), checks that each
// need exists and is of the interest's hub, raises the interest-reference
// counters past their references, and inserts them in batches of 500.
//
// Nothing is written when an interest is invalid (ErrInvalid, naming its
// index) or names a need that does not exist or is of another hub. A
// reference or an email-and-need already stored makes it fail with
// ErrConflict, after the other interests of that batch (and of earlier
// batches) were written.
func (s *Store) SeedInterests(ctx context.Context, interests []*content.Interest) error {
	needHub := map[string]string{}
	counters := map[string]int64{}
	refs := make(map[string]int, len(interests))
	for k, i := range interests {
		if i == nil {
			return content.InvalidField(fmt.Sprintf("interests[%d]", k), content.RuleRequired)
		}
		if err := checkInterest(i); err != nil {
			return fmt.Errorf("interests[%d] (%s): %w", k, i.Ref, err)
		}
		if j, dup := refs[i.Ref]; dup {
			return fmt.Errorf("interests[%d] repeats the reference %s of interests[%d]: %w", k, i.Ref, j, content.ErrConflict)
		}
		refs[i.Ref] = k
		hub, known := needHub[i.Need]
		if !known {
			n, err := s.Need(ctx, i.Need)
			if err != nil {
				return fmt.Errorf("interests[%d] (%s): %w", k, i.Ref, err)
			}
			hub = n.Hub
			needHub[i.Need] = hub
		}
		if hub != i.Hub {
			return fmt.Errorf("interests[%d] (%s): need %s is of hub %s: %w", k, i.Ref, i.Need, hub,
				content.InvalidField("hub", content.RuleInvalidHub))
		}
		name := "interest:" + i.Ref[4:6]
		counters[name] = max(counters[name], interestSeq(i.Ref))
	}
	for _, name := range sortedKeys(counters) {
		if err := s.atLeast(ctx, name, counters[name]); err != nil {
			return err
		}
	}
	insert := options.InsertMany().SetOrdered(false)
	for start := 0; start < len(interests); start += seedBatch {
		batch := interests[start:min(start+seedBatch, len(interests))]
		docs := make([]any, len(batch))
		for k, i := range batch {
			docs[k] = i
		}
		if _, err := s.interests.InsertMany(ctx, docs, insert); err != nil {
			return fmt.Errorf("seed interests %d–%d: %w", start, start+len(batch)-1, storeError(err))
		}
	}
	return nil
}
