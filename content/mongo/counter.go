package mongo

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// Counters are documents {_id: name, n: int64} in the collection
// "counters": "rev" for the revision of listing writes, "need:TR:26" for the
// need references of hub TR in 2026, "interest:26" for interest references.
const revCounter = "rev"

// counterDoc is a counter document.
type counterDoc struct {
	N int64 `bson:"n"`
}

// next increments the counter name and returns its new value (1 for a new
// counter).
func (s *Store) next(ctx context.Context, name string) (int64, error) {
	return s.add(ctx, name, 1)
}

// add adds n to the counter name and returns its new value.
func (s *Store) add(ctx context.Context, name string, n int64) (int64, error) {
	unlock, err := s.lock(ctx, collCounters+"/"+name)
	if err != nil {
		return 0, err
	}
	defer unlock()
	opts := options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)
	update := bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: n}}}}
	var c counterDoc
	for try := 0; ; try++ {
		err = s.counters.FindOneAndUpdate(ctx, byID(name), update, opts).Decode(&c)
		// Two first upserts of a counter can race to insert it: the loser
		// increments the winner's document on a second try.
		if err == nil || try > 0 || !mdb.IsDuplicateKeyError(err) {
			break
		}
	}
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", name, storeError(err))
	}
	return c.N, nil
}

// Revision returns the newest revision allocated to a listing write, 0
// before the first: one lookup by _id.
func (s *Store) Revision(ctx context.Context) (int64, error) { return s.counterValue(ctx, revCounter) }

// counterValue returns the value of the counter name, 0 before its first
// use: one lookup by _id.
func (s *Store) counterValue(ctx context.Context, name string) (int64, error) {
	var c counterDoc
	err := s.counters.FindOne(ctx, byID(name)).Decode(&c)
	if errors.Is(err, mdb.ErrNoDocuments) {
		return 0, nil
	}
	if err != nil {
		return 0, storeError(err)
	}
	return c.N, nil
}

// atLeast raises the counter name to n when it is lower, so that numbers
// up to n, taken by documents stored with their own reference, are not
// allocated again.
func (s *Store) atLeast(ctx context.Context, name string, n int64) error {
	unlock, err := s.lock(ctx, collCounters+"/"+name)
	if err != nil {
		return err
	}
	defer unlock()
	update := bson.D{{Key: "$max", Value: bson.D{{Key: "n", Value: n}}}}
	_, err = s.counters.UpdateOne(ctx, byID(name), update, options.UpdateOne().SetUpsert(true))
	if mdb.IsDuplicateKeyError(err) { // a concurrent first upsert: try again
		_, err = s.counters.UpdateOne(ctx, byID(name), update, options.UpdateOne().SetUpsert(true))
	}
	return storeError(err)
}

// needCounter returns the counter of a need reference ("TR-26-0042":
// "need:TR:26") and the reference's number.
func needCounter(ref string) (name string, seq int64, ok bool) {
	parts := strings.Split(ref, "-")
	if len(parts) != 3 || !content.ValidRef(ref) {
		return "", 0, false
	}
	seq, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return "", 0, false
	}
	return needCounterName(parts[0], parts[1]), seq, true
}

// needCounterName returns the counter of the need references of a hub in a
// year ("26").
func needCounterName(hub, yy string) string { return "need:" + hub + ":" + yy }

// seqBlockSize is how many numbers of a counter one process reserves at
// once on FerretDB (nextInBlock).
const seqBlockSize = 16

// seqBlocks are the numbers of counters this process has reserved and not
// handed out yet.
type seqBlocks struct {
	mu sync.Mutex
	m  map[string]*seqBlock
}

// seqBlock is the reserved block of one counter: the numbers next..last,
// and the reservation of the block after it, made in advance.
type seqBlock struct {
	next, last int64
	ahead      chan seqReservation // nil: none under way or waiting
}

// seqReservation is the end of a reservation of seqBlockSize numbers: the
// last number reserved, or the error.
type seqReservation struct {
	last int64
	err  error
}

// nextInBlock returns the next number of the counter name, like next. On
// FerretDB, where each bump of a shared counter costs a lock document
// (insert, update, delete: three writes that every writer of the store
// queues behind), the process reserves seqBlockSize numbers at a time and
// hands them out from memory: numbers stay unique, and increase within a
// process, but two processes interleave blocks, and the numbers of the
// blocks not used up when the process stops are skipped. The next block
// is reserved in the background once half of the current one is handed
// out, so that no registration waits for the bump under load. Used for
// interest references, the store's most frequent public write.
func (s *Store) nextInBlock(ctx context.Context, name string) (int64, error) {
	if !s.serialize {
		return s.next(ctx, name)
	}
	b := &s.blocks
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.m == nil {
		b.m = map[string]*seqBlock{}
	}
	blk := b.m[name]
	if blk == nil {
		blk = &seqBlock{next: 1}
		b.m[name] = blk
	}
	if blk.next > blk.last {
		var r seqReservation
		if blk.ahead != nil {
			select {
			case r = <-blk.ahead:
				blk.ahead = nil
			case <-ctx.Done():
				return 0, storeError(ctx.Err()) // the next caller takes the block
			}
		}
		if blk.ahead == nil && (r.err != nil || r.last == 0) {
			if r.last, r.err = s.add(ctx, name, seqBlockSize); r.err != nil {
				return 0, r.err
			}
		}
		blk.next, blk.last = r.last-seqBlockSize+1, r.last
	}
	n := blk.next
	blk.next++
	if blk.ahead == nil && blk.last-n < seqBlockSize/2 {
		ch := make(chan seqReservation, 1)
		blk.ahead = ch
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), lockWait+defaultTimeout)
			defer cancel()
			last, err := s.add(ctx, name, seqBlockSize)
			ch <- seqReservation{last, err}
		}()
	}
	return n, nil
}
