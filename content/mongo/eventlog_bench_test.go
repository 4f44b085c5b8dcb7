package mongo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
)

// BenchmarkEventLogPoll compares what a notifier's poll costs with nothing
// new: reading the log after its cursor (EventsAfter, which FerretDB
// answers by decoding every event) and reading its head (LastEventSeq,
// one lookup by _id), on a log of 2,000 events.
//
//	go test -run '^$' -bench EventLogPoll -benchtime 20x ./content/mongo/
func BenchmarkEventLogPoll(b *testing.B) {
	ctx := context.Background()
	s := mongotest.Open(b, mongo.Config{Now: fixedNow})
	const n = 2000
	for i := 0; i < n; i++ {
		e := content.Event{ID: fmt.Sprintf("need/TR-26-0001/%d/listing.updated", i), Kind: content.EventListingUpdated,
			DocKind: content.KindNeed, Ref: "TR-26-0001", Hub: "TR", Version: int64(i), At: time.Now(), Fields: []string{"title.en"}}
		if err := mongo.StoreEvent(ctx, s, e); err != nil {
			b.Fatal(err)
		}
	}
	last, err := s.LastEventSeq(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("EventsAfter", func(b *testing.B) {
		for b.Loop() {
			if evs, err := s.EventsAfter(ctx, last, 500); err != nil || len(evs) != 0 {
				b.Fatal(len(evs), err)
			}
		}
	})
	b.Run("LastEventSeq", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.LastEventSeq(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
