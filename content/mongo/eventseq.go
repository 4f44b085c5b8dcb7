package mongo

// Event sequence numbers on FerretDB without the counter's lock.
//
// On MongoDB an event's Seq comes from the "events" counter ($inc is
// atomic there). On FerretDB a counter bump needs the counter's lock
// document (three writes, and every writer of every process queued behind
// it): in the soak run, a registration of interest spent nearly all its
// time waiting for that lock in its event's relay. So on FerretDB the
// event log's unique index on seq allocates the numbers instead: a relay
// inserts its event with the number after the last one it knows; when the
// insert collides, another writer took that number (or the event is
// already there, which an _id lookup tells), and it tries the next. Within
// a process one relay inserts at a time, so the process's own relays never
// collide.
//
// The numbers stay dense and in insertion order: a number is tried only
// when the one before it is taken. The "events" counter follows the
// numbers ($max after each insert, without the lock: a lost update only
// makes a later start try a few taken numbers), so that a starting process
// does not walk the whole log, and a backup holds the counter at the last
// number as an import sets it. Events numbered by the counter before this
// scheme are below the counter's value and are never numbered again.
//
// The counter is raised at most once per eventHintDelay, after the events
// of that time (one write instead of one per event: under load the relay's
// writes queue with the registrations' for SQLite's one writer). Until
// then it lags by those events, which a starting process steps over (one
// failed insert each), as after a lost update.

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// eventSeqIndex is the unique index on the event log's seq that claims
// numbers on FerretDB (a key pattern of its own: the log's seq_1 index
// predates it and is not unique).
var eventSeqIndex = bson.D{{Key: "seq", Value: -1}}

// eventHintDelay is how long the "events" counter may lag behind the
// numbers this process claimed.
const eventHintDelay = time.Second

// eventSeqs is a process's state of the claimed event numbers.
type eventSeqs struct {
	mu      sync.Mutex // one insert at a time in this process
	on      bool       // the unique index exists: claim numbers (FerretDB)
	last    int64      // the highest number known taken; 0: read the hint first
	checked bool
	hinting bool        // a raise of the counter is scheduled
	timer   *time.Timer // the scheduled raise
	raising sync.WaitGroup
	// mine is the last number this process inserted an event with, read
	// without mu (LastEventSeq).
	mine atomic.Int64
}

// ensureEventSeqIndex creates the unique seq index on FerretDB and turns
// the claims on; when it cannot be made (events with equal numbers in an
// old log), the counter and its lock stay in use.
func (s *Store) ensureEventSeqIndex(ctx context.Context) {
	if !s.serialize {
		return
	}
	model := mdb.IndexModel{Keys: eventSeqIndex, Options: options.Index().SetUnique(true)}
	missing, err := missingIndexes(ctx, s.db.Collection(collEvents), []mdb.IndexModel{model})
	if err == nil && len(missing) > 0 {
		_, err = s.db.Collection(collEvents).Indexes().CreateMany(ctx, missing)
	}
	if err != nil {
		s.log.WarnContext(ctx, "event numbers: no unique index, numbering under the counter's lock", "err", err)
		return
	}
	s.evSeqs.on = true
}

// insertEvent inserts e into the event log with the next free number
// (FerretDB, claims on). An event with e's ID already there is left as it
// is.
func (s *Store) insertEvent(ctx context.Context, events *mdb.Collection, e content.Event) error {
	s.evSeqs.mu.Lock()
	defer s.evSeqs.mu.Unlock()
	if !s.evSeqs.checked {
		var c counterDoc
		err := s.counters.FindOne(ctx, byID(eventCounter)).Decode(&c)
		if err != nil && !errors.Is(err, mdb.ErrNoDocuments) {
			return storeError(err)
		}
		s.evSeqs.last, s.evSeqs.checked = max(s.evSeqs.last, c.N), true
	}
	for {
		e.Seq = s.evSeqs.last + 1
		_, err := events.InsertOne(ctx, e)
		if err == nil {
			s.evSeqs.last = e.Seq
			s.evSeqs.mine.Store(e.Seq)
			if !s.evSeqs.hinting {
				s.evSeqs.hinting = true
				s.evSeqs.raising.Add(1)
				s.evSeqs.timer = time.AfterFunc(eventHintDelay, s.raiseEventHintLater)
			}
			return nil
		}
		if !mdb.IsDuplicateKeyError(err) {
			return storeError(err)
		}
		// The number is taken, or the event is there already.
		switch err := events.FindOne(ctx, byID(e.ID)).Err(); {
		case err == nil:
			return nil
		case !errors.Is(err, mdb.ErrNoDocuments):
			return storeError(err)
		}
		s.evSeqs.last = e.Seq
	}
}

// raiseEventHintLater raises the "events" counter to the last number this
// process claimed, without its lock (see the file's comment). A failure is
// only logged (not when the store was closed meanwhile).
func (s *Store) raiseEventHintLater() {
	defer s.evSeqs.raising.Done()
	s.evSeqs.mu.Lock()
	n := s.evSeqs.last
	s.evSeqs.hinting = false
	s.evSeqs.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.raiseEventHint(ctx, n)
}

// raiseEventHintNow raises the counter at once when a raise is scheduled
// (Close: a process that ends within eventHintDelay of its last event).
func (s *Store) raiseEventHintNow(ctx context.Context) {
	s.evSeqs.mu.Lock()
	if !s.evSeqs.hinting || !s.evSeqs.timer.Stop() {
		s.evSeqs.mu.Unlock()
		s.evSeqs.raising.Wait() // none scheduled, or it runs already
		return
	}
	n := s.evSeqs.last
	s.evSeqs.hinting = false
	s.evSeqs.mu.Unlock()
	defer s.evSeqs.raising.Done()
	s.raiseEventHint(ctx, n)
}

// raiseEventHint raises the "events" counter to at least n.
func (s *Store) raiseEventHint(ctx context.Context, n int64) {
	_, err := s.counters.UpdateOne(ctx, byID(eventCounter),
		bson.D{{Key: "$max", Value: bson.D{{Key: "n", Value: n}}}}, options.UpdateOne().SetUpsert(true))
	if err != nil && !errors.Is(err, mdb.ErrClientDisconnected) {
		s.log.Warn("event numbers: raising the hint", "err", err)
	}
}
