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
// A lock left by a crashed process is broken when it is older than
// lockStale; an operation gives up with ErrUnavailable after lockWait.
const (
	lockStale = 30 * time.Second
	lockWait  = 15 * time.Second
)

// lockDoc is a lock document. At is wall-clock time, not Config.Now.
type lockDoc struct {
	Name  string    `bson:"_id"`
	Owner string    `bson:"owner"`
	At    time.Time `bson:"at"`
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
	return func() {
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

// releaseLater keeps trying to delete a lock document that could not be
// deleted (the database was unreachable), so that writers need not wait
// for the lock to turn stale once the database is back. It gives up when
// the lock is stale anyway. Deleting by owner never removes another's lock.
func (s *Store) releaseLater(name, owner string) {
	deadline := time.Now().Add(lockStale)
	for wait := 100 * time.Millisecond; time.Now().Before(deadline); wait = min(2*wait, 2*time.Second) {
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
		_, err := s.lockColl.InsertOne(ctx, lockDoc{Name: name, Owner: owner, At: time.Now().UTC()})
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
		case time.Since(held.At) > lockStale:
			s.log.WarnContext(ctx, "breaking stale lock", "lock", name, "since", held.At)
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
