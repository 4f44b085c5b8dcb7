package mongo

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"

	"hubdir/content"
)

// Locks make FerretDB's read-modify-writes atomic (see the package comment).
// A lock is a document {_id: name} in the collection "locks": inserting it
// takes the lock, since only one insert of an _id can succeed, and deleting
// it releases the lock. Within one Store, a mutex per name queues the
// goroutines first, so that they do not poll the database for the lock.
//
// A lock left by a process that died (kill -9, a crash, a power cut) is
// recognised in two ways, so that writes go on within moments of a restart
// instead of waiting out a timeout:
//
//   - the document names its holder's process (owner.go): the machine's
//     boot and PID namespace, the process id and the process's start time.
//     A waiter in the same namespace whose process table has no such
//     process (or a process with that id that started at another time)
//     breaks the lock at once;
//   - a lease: the holder pushes the lock's "until" forward every
//     lockRenew while it holds it; a lock whose lease ran out (its holder
//     is elsewhere and gone, or has not reached the database for
//     lockLease) is broken. The lease is longer than any single store
//     operation's timeout, so a holder still working cannot lose its lock
//     this way unless it has been cut off from the database throughout.
//
// An operation gives up with ErrUnavailable after lockWait, which is longer
// than lockLease: a waiter always outlives a dead holder's lease.
const (
	lockLease = 6 * time.Second
	lockRenew = time.Second
	lockWait  = 15 * time.Second
)

// lockDoc is a lock document. Until is wall-clock time, not Config.Now.
type lockDoc struct {
	Name  string    `bson:"_id"`
	Owner string    `bson:"owner"` // random, one per taking of the lock
	Proc  procID    `bson:"proc"`  // the holder's process
	At    time.Time `bson:"at"`    // when it was taken
	Until time.Time `bson:"until"` // the lease's end
}

// lock takes the lock name ("needs/TR-26-0001", "counters/rev") and returns
// the function that releases it. On MongoDB it does nothing.
//
// Locks are taken in one order only: a document's lock, then a counter's.
func (s *Store) lock(ctx context.Context, name string) (unlock func(), err error) {
	if !s.serialize {
		return func() {}, nil
	}
	release, err := s.locks.lock(ctx, name)
	if err != nil {
		return nil, err
	}
	owner := randomHex(12)
	if err := s.lockDB(ctx, name, owner); err != nil {
		release()
		return nil, err
	}
	stopRenew := s.renewLease(name, owner)
	return func() {
		stopRenew()
		// Release even when the caller's context is done.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_, err := s.lockColl.DeleteOne(ctx, bson.D{{Key: "_id", Value: name}, {Key: "owner", Value: owner}})
		if err != nil {
			s.log.WarnContext(ctx, "release lock: retrying in the background", "lock", name, "err", err)
			go s.releaseLater(name, owner)
		}
		release()
	}, nil
}

// renewLease pushes the lease of the lock name, taken as owner, forward
// every lockRenew until the returned function is called (which waits for
// the renewing goroutine to end, so no renewal follows the release).
func (s *Store) renewLease(name, owner string) (stop func()) {
	done := make(chan struct{})
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		t := time.NewTicker(lockRenew)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			ctx, cancel := context.WithTimeout(context.Background(), lockRenew)
			_, err := s.lockColl.UpdateOne(ctx, bson.D{{Key: "_id", Value: name}, {Key: "owner", Value: owner}},
				bson.D{{Key: "$set", Value: bson.D{{Key: "until", Value: time.Now().Add(lockLease).UTC()}}}})
			cancel()
			if err != nil {
				s.log.Warn("renew lock lease", "lock", name, "err", err)
			}
		}
	}()
	return func() { close(done); <-ended }
}

// releaseLater keeps trying to delete a lock document that could not be
// deleted (the database was unreachable), so that writers need not wait
// for the lease to run out once the database is back. It gives up when
// the lease has run out anyway. Deleting by owner never removes another's
// lock.
func (s *Store) releaseLater(name, owner string) {
	deadline := time.Now().Add(lockLease)
	for wait := 100 * time.Millisecond; time.Now().Before(deadline); wait = min(2*wait, time.Second) {
		time.Sleep(wait)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := s.lockColl.DeleteOne(ctx, bson.D{{Key: "_id", Value: name}, {Key: "owner", Value: owner}})
		cancel()
		if err == nil {
			s.log.Info("released lock after retrying", "lock", name)
			return
		}
		if errors.Is(err, mdb.ErrClientDisconnected) {
			return // the store was closed
		}
	}
}

// lockDB inserts the lock document, waiting while another holds it.
func (s *Store) lockDB(ctx context.Context, name, owner string) error {
	deadline := time.Now().Add(lockWait)
	wait := time.Millisecond
	for {
		now := time.Now().UTC()
		_, err := s.lockColl.InsertOne(ctx, lockDoc{Name: name, Owner: owner, Proc: s.proc, At: now, Until: now.Add(lockLease)})
		if err == nil {
			return nil
		}
		if !mdb.IsDuplicateKeyError(err) {
			return storeError(err)
		}
		var held lockDoc
		err = s.lockColl.FindOne(ctx, byID(name)).Decode(&held)
		switch {
		case errors.Is(err, mdb.ErrNoDocuments):
			continue // just released
		case err != nil:
			return storeError(err)
		}
		if why := s.abandoned(&held); why != "" {
			s.log.WarnContext(ctx, "breaking a lock whose holder is gone", "lock", name, "why", why,
				"since", held.At, "pid", held.Proc.PID)
			_, err := s.lockColl.DeleteOne(ctx, bson.D{{Key: "_id", Value: name}, {Key: "owner", Value: held.Owner}})
			if err != nil {
				return storeError(err)
			}
			continue
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%w: lock %s held since %s", content.ErrUnavailable, name, held.At)
		}
		t := time.NewTimer(wait/2 + rand.N(wait))
		select {
		case <-ctx.Done():
			t.Stop()
			return storeError(ctx.Err())
		case <-t.C:
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
}

// abandoned says why the lock held is one to break ("" when it is not): its
// holder's process is known to be gone, or its lease ran out. A lock
// document of an older version (no lease) counts as leased from when it
// was taken.
func (s *Store) abandoned(held *lockDoc) string {
	if s.procGone(held.Proc) {
		return "holder process ended"
	}
	until := held.Until
	if until.IsZero() {
		until = held.At.Add(lockLease)
	}
	if time.Now().After(until) {
		return "lease ran out"
	}
	return ""
}

// keyedMutex is a set of mutexes by name, created on demand and dropped
// when nobody holds or waits for them.
type keyedMutex struct {
	mu sync.Mutex
	m  map[string]*keyedEntry
}

type keyedEntry struct {
	ch   chan struct{} // holds a value while locked
	refs int
}

// lock takes the mutex name, or returns ctx's error.
func (k *keyedMutex) lock(ctx context.Context, name string) (unlock func(), err error) {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]*keyedEntry{}
	}
	e := k.m[name]
	if e == nil {
		e = &keyedEntry{ch: make(chan struct{}, 1)}
		k.m[name] = e
	}
	e.refs++
	k.mu.Unlock()

	done := func() {
		k.mu.Lock()
		if e.refs--; e.refs == 0 {
			delete(k.m, name)
		}
		k.mu.Unlock()
	}
	select {
	case e.ch <- struct{}{}:
		return func() { <-e.ch; done() }, nil
	case <-ctx.Done():
		done()
		return nil, ctx.Err()
	}
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	crand.Read(b)
	return hex.EncodeToString(b)
}
