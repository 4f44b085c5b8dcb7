package mongo

import (
	"context"
	"errors"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// meta points at the bookkeeping fields of a stored document; rev,
// updatedBy and deletedAt are nil for documents that have none.
type meta struct {
	version   *int64
	rev       *int64
	updatedAt *time.Time
	updatedBy *string
	deletedAt **time.Time
	pending   *[]content.Event
}

func needMeta(n *content.Need) meta {
	return meta{&n.Version, &n.Rev, &n.UpdatedAt, &n.UpdatedBy, &n.DeletedAt, &n.Pending}
}

func companyMeta(c *content.Company) meta {
	return meta{&c.Version, &c.Rev, &c.UpdatedAt, &c.UpdatedBy, &c.DeletedAt, &c.Pending}
}

func agreementMeta(a *content.Agreement) meta {
	return meta{&a.Version, &a.Rev, &a.UpdatedAt, &a.UpdatedBy, &a.DeletedAt, &a.Pending}
}

func interestMeta(i *content.Interest) meta {
	return meta{version: &i.Version, updatedAt: &i.UpdatedAt, pending: &i.Pending}
}

// modify is the optimistic-concurrency write of every Update, Transition,
// Publish and Delete: it reads the document id of collection c, fails
// with ErrNotFound when it is missing or deleted and with ErrConflict when
// its version is not version, lets change make the new document (a copy),
// stamps it with version+1, the time, by and a new revision, and replaces
// the stored document on condition that its version is still version.
// The write's domain event (ev of the stored and the new document,
// stamped by stampEvent) is appended to the document's pending events in
// the same write; the events still pending from earlier writes stay.
func modify[T any](ctx context.Context, s *Store, c *mdb.Collection, kind, id string, version int64, by string,
	metaOf func(*T) meta, ev func(cur, next *T) content.Event, change func(*T) (*T, error)) (*T, error) {
	if version <= 0 {
		return nil, content.InvalidField("version", content.RuleRequired)
	}
	unlock, err := s.lock(ctx, c.Name()+"/"+id)
	if err != nil {
		return nil, err
	}
	defer unlock()

	cur := new(T)
	if err := c.FindOne(ctx, byID(id)).Decode(cur); err != nil {
		if errors.Is(err, mdb.ErrNoDocuments) {
			return nil, notFound(kind, id)
		}
		return nil, storeError(err)
	}
	m := metaOf(cur)
	if m.deletedAt != nil && *m.deletedAt != nil {
		return nil, notFound(kind, id)
	}
	if *m.version != version {
		return nil, conflict(kind, id, version, *m.version)
	}
	next, err := change(cur)
	if err != nil {
		return nil, err
	}
	e := s.stampEvent(ctx, ev(cur, next), version+1, by)
	m = metaOf(next)
	*m.pending = append(slices.Clone(*metaOf(cur).pending), e)
	*m.version = version + 1
	*m.updatedAt = s.stamp()
	if m.updatedBy != nil {
		*m.updatedBy = by
	}
	if m.rev != nil {
		if *m.rev, err = s.nextRev(ctx, c.Name(), id); err != nil {
			return nil, err
		}
	}
	res, err := c.ReplaceOne(ctx, s.lockedVersionFilter(id, version), next)
	if err != nil {
		return nil, storeError(err)
	}
	if res.MatchedCount == 0 {
		return nil, content.Errorf(content.CodeConflict, "%s %q: changed by another writer since version %d", kind, id, version)
	}
	return next, nil
}

// softDelete returns a change that marks a document deleted.
func softDelete[T any](s *Store, metaOf func(*T) meta) func(*T) (*T, error) {
	return func(cur *T) (*T, error) {
		out := *cur
		now := s.stamp()
		*metaOf(&out).deletedAt = &now
		return &out, nil
	}
}

// get reads the document id of collection c into a new T; ErrNotFound when
// it is missing.
func get[T any](ctx context.Context, c *mdb.Collection, kind, id string) (*T, error) {
	v := new(T)
	if err := c.FindOne(ctx, byID(id)).Decode(v); err != nil {
		if errors.Is(err, mdb.ErrNoDocuments) {
			return nil, notFound(kind, id)
		}
		return nil, storeError(err)
	}
	return v, nil
}

// all returns every document of c matching filter, in the order sort
// gives (nil: any).
func all[T any](ctx context.Context, c *mdb.Collection, filter bson.D, opts ...findOpt) ([]*T, error) {
	cur, err := c.Find(ctx, filter, opts...)
	if err != nil {
		return nil, storeError(err)
	}
	out := []*T{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, storeError(err)
	}
	return out, nil
}

// exists reports whether document id of c exists and is not deleted.
func exists(ctx context.Context, c *mdb.Collection, id string) (bool, error) {
	var d struct {
		DeletedAt *time.Time `bson:"deleted_at"`
	}
	err := c.FindOne(ctx, byID(id)).Decode(&d)
	switch {
	case errors.Is(err, mdb.ErrNoDocuments):
		return false, nil
	case err != nil:
		return false, storeError(err)
	}
	return d.DeletedAt == nil, nil
}

// notDeleted is the filter on documents that are not soft-deleted.
func notDeleted() bson.D {
	return bson.D{{Key: "deleted_at", Value: bson.D{{Key: "$exists", Value: false}}}}
}

// findOpt is an option of Find.
type findOpt = options.Lister[options.FindOptions]

// lockedVersionFilter returns the filter of a write of document id, at the
// version its writer read while holding the document's lock (lock.go).
// On MongoDB, which has no locks, the version condition is what makes the
// write conditional. On FerretDB the lock keeps every other writer of the
// document out, and _id alone is the only filter FerretDB v1 looks up by
// index: with any other filter it reads and decodes the whole collection
// inside the write, which holds SQLite's one write lock for all that time
// (every need edit and every relayed interest event did so).
func (s *Store) lockedVersionFilter(id string, version int64) bson.D {
	if s.serialize {
		return byID(id)
	}
	return bson.D{{Key: "_id", Value: id}, {Key: "version", Value: version}}
}
