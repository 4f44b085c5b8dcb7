package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"hubdir/content"
)

// SetStaffDisabled disables or enables a staff member directly in the
// database, for tests of StaffByToken.
func SetStaffDisabled(ctx context.Context, s *Store, email string, disabled bool) error {
	_, err := s.staff.UpdateOne(ctx, byID(email), bson.D{{Key: "$set", Value: bson.D{{Key: "disabled", Value: disabled}}}})
	return err
}

// StoreEvent copies one event to the event log without touching its
// document: the state a process killed between the two steps of a relay
// leaves.
func StoreEvent(ctx context.Context, s *Store, e content.Event) error { return s.storeEvent(ctx, e) }

// LockHolder describes a lock document a test plants: the holder's
// process (PID and Start; ForeignNS: a process of another machine) and
// the lease's end.
type LockHolder struct {
	PID       int
	Start     string
	ForeignNS bool
	Until     time.Time
}

// PlantLock writes the lock document name as if holder had taken it.
func PlantLock(ctx context.Context, s *Store, name string, holder LockHolder) error {
	p := procID{NS: s.proc.NS, PID: holder.PID, Start: holder.Start}
	if holder.ForeignNS {
		p.NS = "another-machine/pid:[1]"
	}
	_, err := s.lockColl.InsertOne(ctx, lockDoc{Name: name, Owner: randomHex(12), Proc: p,
		At: time.Now().UTC(), Until: holder.Until.UTC()})
	return err
}

// TakeLock takes the lock name as the store's writes do.
func TakeLock(ctx context.Context, s *Store, name string) (unlock func(), err error) {
	return s.lock(ctx, name)
}

// LockUntil returns the lease end of the lock document name.
func LockUntil(ctx context.Context, s *Store, name string) (time.Time, error) {
	var d lockDoc
	err := s.lockColl.FindOne(ctx, byID(name)).Decode(&d)
	return d.Until, err
}

// ProcStart returns the start time of process pid as lock documents name it.
func ProcStart(pid int) (string, bool) { return procStart(pid) }

// Serialized reports whether the store takes lock documents (FerretDB).
func Serialized(s *Store) bool { return s.serialize }

// LockLease is the lease of a lock document.
const LockLease = lockLease

// AllocRev allocates (and logs) a revision for a write of the document id
// of the collection coll, as a write does before writing its document.
func AllocRev(ctx context.Context, s *Store, coll, id string) (int64, error) {
	return s.nextRev(ctx, coll, id)
}

// DropChangeLog drops the change log, as on a store written before it.
func DropChangeLog(ctx context.Context, s *Store) error {
	return s.db.Collection(collChanges).Drop(ctx)
}

// EventClaims reports whether s numbers events by the log's unique index
// (eventseq.go), and whether it is on FerretDB (where it should).
func EventClaims(s *Store) (claims, ferret bool) { return s.evSeqs.on, s.serialize }

// EventHint returns the "events" counter: the hint of the last event
// number that eventseq.go keeps on FerretDB.
func EventHint(ctx context.Context, s *Store) (int64, error) {
	var c counterDoc
	err := s.counters.FindOne(ctx, byID(eventCounter)).Decode(&c)
	return c.N, err
}

// SeqBlockSize is how many interest numbers a process reserves at once.
const SeqBlockSize = seqBlockSize
