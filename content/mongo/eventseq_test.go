package mongo_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
)

// TestEventNumbersTwoProcesses: two stores on one database (two
// instances) relay events at once, each event twice (the request and the
// retry loop): every event is in the log once, and the numbers are unique
// and dense. A third store opened afterwards (a restart) numbers on from
// the end.
func TestEventNumbersTwoProcesses(t *testing.T) {
	a := open(t)
	b := mongotest.OpenSame(t, a, mongo.Config{Now: fixedNow})
	ctx := context.Background()
	if claims, ferret := mongo.EventClaims(a); claims != ferret {
		t.Fatalf("numbering by the unique index: %v, on FerretDB: %v", claims, ferret)
	}
	const each = 40
	var wg sync.WaitGroup
	for w, s := range []*mongo.Store{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				// Workers 0 and 2 (2 and 3) store the same events.
				e := content.Event{ID: fmt.Sprintf("test/%d/%d", w%2, i), Kind: content.EventListingUpdated, DocKind: content.KindNeed, Ref: "TR-26-9999"}
				if err := mongo.StoreEvent(ctx, s, e); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	c := mongotest.OpenSame(t, a, mongo.Config{Now: fixedNow})
	if err := mongo.StoreEvent(ctx, c, content.Event{ID: "test/restart", Kind: content.EventListingUpdated, DocKind: content.KindNeed, Ref: "TR-26-9999"}); err != nil {
		t.Fatal(err)
	}

	evs, err := a.EventsAfter(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	var seqs []int64
	for _, e := range evs {
		ids[e.ID]++
		seqs = append(seqs, e.Seq)
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("event %s %d times", id, n)
		}
	}
	if len(ids) < 2*each+1 {
		t.Errorf("%d events in the log, want at least %d", len(ids), 2*each+1)
	}
	slices.Sort(seqs)
	for i := 1; i < len(seqs); i++ {
		if seqs[i] != seqs[i-1]+1 {
			t.Fatalf("numbers not dense and unique: %d after %d", seqs[i], seqs[i-1])
		}
	}
	if last := evs[len(evs)-1]; last.ID != "test/restart" {
		t.Errorf("the restarted store's event is not last: %s (seq %d)", last.ID, last.Seq)
	}
}
