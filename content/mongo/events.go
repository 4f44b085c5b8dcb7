package mongo

// Domain events (content.Event) without transactions.
//
// A write records its event in the document it changes, in the same
// single-document write (the document's pending_events, see
// content.Need.Pending): the change and its event exist together or not at
// all. RelayEvents then copies each pending event to the events
// collection under its deterministic _id (content.EventID) — inserting an
// event that is already there does nothing — and only then removes it from
// the document, on condition that the document is still the version it
// read. A process killed between any two steps leaves either the marker
// (RecoverEvents, at start-up, relays it) or the event and the marker (the
// relay finds the event and only removes the marker): an event is never
// lost and never stored twice.

import (
	"context"
	"errors"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// collEvents is the event log; eventCounter allocates Seq.
const (
	collEvents   = "events"
	eventCounter = "events"
)

var _ content.EventLog = (*Store)(nil)

// stampEvent completes the event of a write that produced version of a
// document: its deterministic ID, time, actor and channel (from ctx).
func (s *Store) stampEvent(ctx context.Context, e content.Event, version int64, by string) content.Event {
	e.Version = version
	e.ID = content.EventID(e.DocKind, e.Ref, version, e.Kind)
	e.At = s.stamp()
	e.Actor = by
	e.Channel = content.ChannelOf(ctx)
	return e
}

// collectionOf returns the collection of a document kind that carries
// pending events.
func (s *Store) collectionOf(docKind string) (*mdb.Collection, error) {
	switch docKind {
	case content.KindNeed:
		return s.needs, nil
	case content.KindCompany:
		return s.companies, nil
	case content.KindAgreement:
		return s.agreements, nil
	case content.KindInterest:
		return s.interests, nil
	case content.KindOffer:
		return s.offers(), nil
	}
	return nil, content.Errorf(content.CodeInvalid, "no events for documents of kind %q", docKind)
}

// eventKinds are the kinds of documents that carry pending events.
var eventKinds = []string{content.KindNeed, content.KindCompany, content.KindAgreement, content.KindInterest, content.KindOffer}

// pendingDoc is the part of a document the relay reads.
type pendingDoc struct {
	Version int64           `bson:"version"`
	Pending []content.Event `bson:"pending_events"`
}

// RelayEvents copies the pending events of the document docKind/id to the
// event log and removes them from the document. It is idempotent: run it
// any number of times, from any number of processes.
func (s *Store) RelayEvents(ctx context.Context, docKind, id string) error {
	c, err := s.collectionOf(docKind)
	if err != nil {
		return err
	}
	var d pendingDoc
	if err := c.FindOne(ctx, byID(id)).Decode(&d); err != nil {
		if errors.Is(err, mdb.ErrNoDocuments) {
			return nil
		}
		return storeError(err)
	}
	if len(d.Pending) == 0 {
		return nil
	}
	done := make([]string, 0, len(d.Pending))
	for _, e := range d.Pending {
		if err := s.storeEvent(ctx, e); err != nil {
			return err
		}
		done = append(done, e.ID)
	}
	return s.clearPending(ctx, c, id, done)
}

// storeEvent inserts e into the event log with a new Seq, unless an event
// with its ID is there already.
func (s *Store) storeEvent(ctx context.Context, e content.Event) error {
	events := s.db.Collection(collEvents)
	if s.evSeqs.on {
		// FerretDB: the insert tells an event already there (eventseq.go),
		// without a lookup first.
		return s.insertEvent(ctx, events, e)
	}
	err := events.FindOne(ctx, byID(e.ID)).Err()
	switch {
	case err == nil:
		return nil
	case !errors.Is(err, mdb.ErrNoDocuments):
		return storeError(err)
	}
	if e.Seq, err = s.next(ctx, eventCounter); err != nil {
		return err
	}
	if _, err := events.InsertOne(ctx, e); err != nil && !mdb.IsDuplicateKeyError(err) {
		return storeError(err)
	}
	return nil
}

// clearPending removes the events named by done from the document's
// pending list, leaving events a later write added. It holds the
// document's lock (FerretDB) and only writes the version it read (MongoDB);
// when another writer got in between, the events stay pending and the
// next relay (the one after that write) removes them.
func (s *Store) clearPending(ctx context.Context, c *mdb.Collection, id string, done []string) error {
	unlock, err := s.lock(ctx, c.Name()+"/"+id)
	if err != nil {
		return err
	}
	defer unlock()
	var d pendingDoc
	if err := c.FindOne(ctx, byID(id)).Decode(&d); err != nil {
		if errors.Is(err, mdb.ErrNoDocuments) {
			return nil
		}
		return storeError(err)
	}
	rest := slices.DeleteFunc(d.Pending, func(e content.Event) bool { return slices.Contains(done, e.ID) })
	update := bson.D{{Key: "$unset", Value: bson.D{{Key: "pending_events", Value: ""}}}}
	if len(rest) > 0 {
		update = bson.D{{Key: "$set", Value: bson.D{{Key: "pending_events", Value: rest}}}}
	}
	if _, err := c.UpdateOne(ctx, s.lockedVersionFilter(id, d.Version), update); err != nil {
		return storeError(err)
	}
	return nil
}

// RecoverEvents relays the pending events of every document that has some
// (left by a process that stopped between a write and its relay) and
// returns how many documents it relayed. Run it at start-up. On FerretDB
// the query reads every listing and interest (one scan each, decoded
// document by document); Config.Pending, when set, finds them instead.
func (s *Store) RecoverEvents(ctx context.Context) (int, error) {
	n := 0
	for _, kind := range eventKinds {
		c, _ := s.collectionOf(kind)
		ids, err := s.pendingDocs(ctx, c)
		if err != nil {
			return n, err
		}
		for _, id := range ids {
			if err := s.RelayEvents(ctx, kind, id); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// pendingDocs returns the _id of every document of c with pending events.
func (s *Store) pendingDocs(ctx context.Context, c *mdb.Collection) ([]string, error) {
	if s.pendingIDs != nil {
		return s.pendingIDs(ctx, s.db.Name(), c.Name())
	}
	filter := bson.D{{Key: "pending_events", Value: bson.D{{Key: "$exists", Value: true}}}}
	docs, err := all[struct {
		ID string `bson:"_id"`
	}](ctx, c, filter, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return ids, nil
}

// EventsAfter returns up to limit events with Seq > after, in Seq order
// (content.EventLog). limit is at most 1000; 0 means 100.
func (s *Store) EventsAfter(ctx context.Context, after int64, limit int) ([]*content.Event, error) {
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	filter := bson.D{{Key: "seq", Value: bson.D{{Key: "$gt", Value: after}}}}
	opts := options.Find().SetSort(bson.D{{Key: "seq", Value: 1}}).SetLimit(int64(limit))
	return all[content.Event](ctx, s.db.Collection(collEvents), filter, opts)
}

// statusChange returns to when it differs from from, else "".
func statusChange(from, to string) string {
	if from == to {
		return ""
	}
	return to
}

// hubsOf joins a company's hubs for its events ("CN,TR").
func hubsOf(hubs []string) string { return strings.Join(hubs, ",") }

// needEvent returns the event spec of a need write of kind.
func needEvent(kind string) func(cur, next *content.Need) content.Event {
	return func(cur, next *content.Need) content.Event {
		return content.Event{Kind: kind, DocKind: content.KindNeed, Ref: next.Ref, Hub: next.Hub,
			Status: statusChange(cur.Status, next.Status), Fields: content.Changes(cur, next)}
	}
}

// needTransitionEvent names a need's status change by its target.
func needTransitionEvent(cur, next *content.Need) content.Event {
	kind := content.EventListingUpdated
	switch next.Status {
	case content.NeedPublished:
		kind = content.EventNeedPublished
	case content.NeedClosed:
		kind = content.EventNeedClosed
	case content.NeedArchived:
		kind = content.EventNeedArchived
	}
	return needEvent(kind)(cur, next)
}

// companyEvent returns the event spec of a company write of kind; kind ""
// names a publish or unpublish by its outcome.
func companyEvent(kind string) func(cur, next *content.Company) content.Event {
	return func(cur, next *content.Company) content.Event {
		k := kind
		if k == "" {
			k = content.EventListingHidden
			if next.Published {
				k = content.EventListingShown
			}
		}
		return content.Event{Kind: k, DocKind: content.KindCompany, Ref: next.Slug, Hub: hubsOf(next.Hubs),
			Fields: content.Changes(cur, next)}
	}
}

// agreementEvent is companyEvent for agreements.
func agreementEvent(kind string) func(cur, next *content.Agreement) content.Event {
	return func(cur, next *content.Agreement) content.Event {
		k := kind
		if k == "" {
			k = content.EventListingHidden
			if next.Published {
				k = content.EventListingShown
			}
		}
		return content.Event{Kind: k, DocKind: content.KindAgreement, Ref: next.Slug, Hub: next.Hub,
			Status: statusChange(cur.Status, next.Status), Fields: content.Changes(cur, next)}
	}
}

// interestEvent returns the event spec of an interest write of kind.
func interestEvent(kind string) func(cur, next *content.Interest) content.Event {
	return func(cur, next *content.Interest) content.Event {
		return content.Event{Kind: kind, DocKind: content.KindInterest, Ref: next.Ref, Hub: next.Hub, Need: next.Need,
			Status: statusChange(cur.Status, next.Status), Fields: content.Changes(cur, next)}
	}
}

// PendingEvents returns how many documents hold events not yet relayed
// (for monitoring and tests): one scan of each collection on FerretDB.
func (s *Store) PendingEvents(ctx context.Context) (int, error) {
	n := 0
	for _, kind := range eventKinds {
		c, _ := s.collectionOf(kind)
		k, err := c.CountDocuments(ctx, bson.D{{Key: "pending_events", Value: bson.D{{Key: "$exists", Value: true}}}})
		if err != nil {
			return n, storeError(err)
		}
		n += int(k)
	}
	return n, nil
}

// offerEvent is companyEvent for offers: kind "" names a status change
// by its target (published, or hidden).
func offerEvent(kind string) func(cur, next *content.Offer) content.Event {
	return func(cur, next *content.Offer) content.Event {
		k := kind
		if k == "" {
			k = content.EventListingHidden
			if next.Status == content.NeedPublished {
				k = content.EventListingShown
			}
		}
		return content.Event{Kind: k, DocKind: content.KindOffer, Ref: next.Ref, Hub: hubsOf(next.Hubs),
			Status: statusChange(cur.Status, next.Status), Fields: content.Changes(cur, next)}
	}
}
