package mongo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
)

// TestEventLogHeadAndPrune: the log's head is the last number given out;
// pruning deletes exactly the events at or below the cursor stored before
// the cut-off, and numbering goes on after it.
func TestEventLogHeadAndPrune(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if head, err := s.LastEventSeq(ctx); err != nil || head != 0 {
		t.Fatalf("empty log: head %d %v", head, err)
	}
	old := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	recent := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := 1; i <= 6; i++ {
		at := old
		if i%2 == 0 {
			at = recent
		}
		e := content.Event{ID: fmt.Sprintf("need/TR-26-0001/%d/listing.updated", i), Kind: content.EventListingUpdated,
			DocKind: content.KindNeed, Ref: "TR-26-0001", Hub: "TR", Version: int64(i), At: at}
		if err := mongo.StoreEvent(ctx, s, e); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.EventsAfter(ctx, 0, 100)
	if err != nil || len(all) != 6 {
		t.Fatalf("events: %d %v", len(all), err)
	}
	if head, err := s.LastEventSeq(ctx); err != nil || head != all[5].Seq {
		t.Fatalf("head %d, want %d (%v)", head, all[5].Seq, err)
	}
	// Cursor at the 4th event, cut-off between the two times: the old
	// events 1 and 3 go; 5 (past the cursor) and the recent ones stay.
	n, err := s.PruneEvents(ctx, all[3].Seq, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || n != 2 {
		t.Fatalf("pruned %d (%v), want 2", n, err)
	}
	left, _ := s.EventsAfter(ctx, 0, 100)
	var ids []string
	for _, e := range left {
		ids = append(ids, fmt.Sprint(e.Version))
	}
	if fmt.Sprint(ids) != "[2 4 5 6]" {
		t.Errorf("left after pruning: %v", ids)
	}
	e := content.Event{ID: "need/TR-26-0001/7/listing.updated", Kind: content.EventListingUpdated, DocKind: content.KindNeed,
		Ref: "TR-26-0001", Hub: "TR", Version: 7, At: recent}
	if err := mongo.StoreEvent(ctx, s, e); err != nil {
		t.Fatal(err)
	}
	if head, _ := s.LastEventSeq(ctx); head != all[5].Seq+1 {
		t.Errorf("head after pruning and one more event: %d, want %d", head, all[5].Seq+1)
	}
}
