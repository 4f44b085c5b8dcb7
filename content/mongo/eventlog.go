package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// The event log's upkeep. On FerretDB any query of the log but a lookup by
// _id reads and decodes every event (`seq > N` included), so a notifier
// polling every second would spend more CPU the longer the log grows
// (BenchmarkEventLogPoll: 52 ms a poll at 2,000 events against 0.15 ms
// for the head, on the 2-core test machine). The log
// therefore tells its head cheaply, from the "events" counter, so that a
// poll with nothing new reads one document; and events handled long ago
// are deleted, so that the log, and every backup, stays the size of the
// recent past.

// LastEventSeq returns the highest event number given out, from the
// "events" counter (content.EventLogHead): one lookup by _id. On FerretDB
// the counter follows the numbers at most eventHintDelay after their
// inserts, so it may lag that long behind another process's last event
// (see eventseq.go); this process's own last number counts at once. On
// MongoDB a number is taken before its insert, so it may be ahead (for
// good, when the insert failed: the reader then reads the log as if
// something were new).
func (s *Store) LastEventSeq(ctx context.Context) (int64, error) {
	n, err := s.counterValue(ctx, eventCounter)
	if err != nil {
		return 0, err
	}
	return max(n, s.evSeqs.mine.Load()), nil
}

// PruneEvents deletes the events numbered at most upTo and stored before
// before (content.EventPruner): events every consumer has handled, kept a
// while for the record. It returns how many it deleted.
func (s *Store) PruneEvents(ctx context.Context, upTo int64, before time.Time) (int, error) {
	res, err := s.db.Collection(collEvents).DeleteMany(ctx, bson.D{
		{Key: "seq", Value: bson.D{{Key: "$lte", Value: upTo}}},
		{Key: "at", Value: bson.D{{Key: "$lt", Value: before}}},
	})
	if err != nil {
		return 0, storeError(err)
	}
	return int(res.DeletedCount), nil
}
