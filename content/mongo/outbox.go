package mongo

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
	"hubdir/content/notify"
)

// The outbox lives in three collections. "outbox" holds every message ever
// made, by its deterministic id; it grows. "outbox_due" holds one small
// entry per message still to be sent (id and next attempt) and shrinks
// back as messages are sent: the senders scan only it. "outbox_claims"
// holds one document per message being sent (owner and lease): a claim is
// the insert of that document, which only one sender can make, on MongoDB
// and on FerretDB alike (a unique _id). Every other read and write of a
// message is an _id lookup.
const (
	collOutbox       = "outbox"
	collOutboxDue    = "outbox_due"
	collOutboxClaims = "outbox_claims"
)

var _ notify.Outbox = (*Store)(nil)

// dueDoc is a message's entry in outbox_due.
type dueDoc struct {
	ID     string    `bson:"_id"`
	NextAt time.Time `bson:"next_at"`
}

// claimDoc is a sender's claim on a message, until Until.
type claimDoc struct {
	ID    string    `bson:"_id"`
	Owner string    `bson:"owner"`
	Until time.Time `bson:"until"`
}

func (s *Store) outbox() *mdb.Collection    { return s.db.Collection(collOutbox) }
func (s *Store) outboxDue() *mdb.Collection { return s.db.Collection(collOutboxDue) }
func (s *Store) claims() *mdb.Collection    { return s.db.Collection(collOutboxClaims) }

// Enqueue stores m and its due entry unless a message with m.ID exists,
// and reports whether m is new. The message is written first: a crash
// between the two writes leaves a pending message without an entry, which
// the next Enqueue of the same message (the event handled again) repairs.
func (s *Store) Enqueue(ctx context.Context, m *notify.Message) (bool, error) {
	m.State = notify.StatePending
	_, err := s.outbox().InsertOne(ctx, m)
	created := err == nil
	if err != nil && !mdb.IsDuplicateKeyError(err) {
		return false, storeError(err)
	}
	next := m.NextAt
	if !created {
		cur, err := s.Message(ctx, m.ID)
		if err != nil {
			return false, err
		}
		if cur.State != notify.StatePending {
			return false, nil
		}
		next = cur.NextAt
	}
	_, err = s.outboxDue().InsertOne(ctx, dueDoc{ID: m.ID, NextAt: next.UTC()})
	if err != nil && !mdb.IsDuplicateKeyError(err) {
		return created, storeError(err)
	}
	return created, nil
}

// Due returns the ids of up to limit messages due at now, soonest first
// (some may be claimed by another sender: Claim tells).
func (s *Store) Due(ctx context.Context, now time.Time, limit int) ([]string, error) {
	filter := bson.D{{Key: "next_at", Value: bson.D{{Key: "$lte", Value: now.UTC()}}}}
	opts := options.Find().SetSort(bson.D{{Key: "next_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit))
	docs, err := all[dueDoc](ctx, s.outboxDue(), filter, opts)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return ids, nil
}

// Claim takes the message id for owner until until: one insert of its
// claim document, which succeeds for one sender only. A claim whose lease
// has run out (its sender died) is removed first, under the message's lock
// on FerretDB (whose deletes are not atomic), so that two senders taking
// over the same dead claim cannot both win. It returns notify.ErrClaimed
// when another sender holds the message or it is no longer pending (then
// its due entry is dropped).
func (s *Store) Claim(ctx context.Context, id, owner string, now, until time.Time) (*notify.Message, error) {
	c := claimDoc{ID: id, Owner: owner, Until: until.UTC()}
	_, err := s.claims().InsertOne(ctx, c)
	if mdb.IsDuplicateKeyError(err) {
		err = s.takeOver(ctx, c, now)
	}
	if err != nil {
		return nil, err
	}
	m, err := s.Message(ctx, id)
	if err != nil && !errors.Is(err, content.ErrNotFound) {
		s.release(ctx, c)
		return nil, err
	}
	if m == nil || m.State != notify.StatePending {
		// Sent (a crash after the mark), failed or erased: not due.
		if _, err := s.outboxDue().DeleteOne(ctx, byID(id)); err != nil {
			return nil, storeError(err)
		}
		s.release(ctx, c)
		return nil, notify.ErrClaimed
	}
	return m, nil
}

// takeOver claims c.ID when its present claim's lease ran out before now;
// notify.ErrClaimed when it is live.
func (s *Store) takeOver(ctx context.Context, c claimDoc, now time.Time) error {
	unlock, err := s.lock(ctx, collOutboxClaims+"/"+c.ID)
	if err != nil {
		return err
	}
	defer unlock()
	var held claimDoc
	err = s.claims().FindOne(ctx, byID(c.ID)).Decode(&held)
	switch {
	case errors.Is(err, mdb.ErrNoDocuments):
	case err != nil:
		return storeError(err)
	case held.Until.After(now):
		return notify.ErrClaimed
	default:
		if _, err := s.claims().DeleteOne(ctx, bson.D{{Key: "_id", Value: c.ID}, {Key: "owner", Value: held.Owner}}); err != nil {
			return storeError(err)
		}
	}
	_, err = s.claims().InsertOne(ctx, c)
	if mdb.IsDuplicateKeyError(err) {
		return notify.ErrClaimed
	}
	return storeError(err)
}

// release drops a claim (best effort: a claim left behind runs out).
func (s *Store) release(ctx context.Context, c claimDoc) {
	s.claims().DeleteOne(ctx, bson.D{{Key: "_id", Value: c.ID}, {Key: "owner", Value: c.Owner}})
}

// Sent marks the message sent and drops its due entry.
func (s *Store) Sent(ctx context.Context, c notify.Claim, at time.Time) error {
	_, err := s.outbox().UpdateOne(ctx, bson.D{{Key: "_id", Value: c.ID}, {Key: "state", Value: notify.StatePending}},
		bson.D{
			{Key: "$set", Value: bson.D{{Key: "state", Value: notify.StateSent}, {Key: "sent_at", Value: at.UTC()}, {Key: "last_error", Value: ""}}},
			{Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}},
		})
	if err != nil {
		return storeError(err)
	}
	return s.dropDue(ctx, c)
}

// Retry records a failed attempt and frees the entry for the next one.
func (s *Store) Retry(ctx context.Context, c notify.Claim, errText string, next time.Time) error {
	_, err := s.outbox().UpdateOne(ctx, byID(c.ID), bson.D{
		{Key: "$set", Value: bson.D{{Key: "last_error", Value: errText}, {Key: "next_at", Value: next.UTC()}}},
		{Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}},
	})
	if err != nil {
		return storeError(err)
	}
	_, err = s.outboxDue().UpdateOne(ctx, byID(c.ID), bson.D{{Key: "$set", Value: bson.D{{Key: "next_at", Value: next.UTC()}}}})
	if err != nil {
		return storeError(err)
	}
	s.release(ctx, claimDoc{ID: c.ID, Owner: c.Owner})
	return nil
}

// Fail records the last failed attempt, marks the message failed and drops
// its due entry.
func (s *Store) Fail(ctx context.Context, c notify.Claim, errText string) error {
	_, err := s.outbox().UpdateOne(ctx, bson.D{{Key: "_id", Value: c.ID}, {Key: "state", Value: notify.StatePending}},
		bson.D{
			{Key: "$set", Value: bson.D{{Key: "state", Value: notify.StateFailed}, {Key: "last_error", Value: errText}}},
			{Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}},
		})
	if err != nil {
		return storeError(err)
	}
	return s.dropDue(ctx, c)
}

// dropDue deletes the due entry of a claimed message, then the claim.
func (s *Store) dropDue(ctx context.Context, c notify.Claim) error {
	if _, err := s.outboxDue().DeleteOne(ctx, byID(c.ID)); err != nil {
		return storeError(err)
	}
	s.release(ctx, claimDoc{ID: c.ID, Owner: c.Owner})
	return nil
}

// Message returns the message id; ErrNotFound.
func (s *Store) Message(ctx context.Context, id string) (*notify.Message, error) {
	return get[notify.Message](ctx, s.outbox(), "message", id)
}

// Messages returns the newest messages of state ("" for all) and hubs
// (nil: all), at most limit (100 when 0).
func (s *Store) Messages(ctx context.Context, state string, hubs []string, limit int) ([]*notify.Message, error) {
	filter := bson.D{}
	if state != "" {
		filter = append(filter, bson.E{Key: "state", Value: state})
	}
	if hubs != nil {
		in := bson.A{}
		for _, h := range hubs {
			in = append(in, h)
		}
		filter = append(filter, bson.E{Key: "hub", Value: bson.D{{Key: "$in", Value: in}}})
	}
	if limit <= 0 {
		limit = 100
	}
	opts := options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit))
	return all[notify.Message](ctx, s.outbox(), filter, opts)
}

// MessagesAbout returns every message about ref, oldest first (a scan of
// the outbox on FerretDB: it serves erasure, which is rare).
func (s *Store) MessagesAbout(ctx context.Context, ref string) ([]*notify.Message, error) {
	return all[notify.Message](ctx, s.outbox(), bson.D{{Key: "ref", Value: ref}},
		options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}))
}

// EraseMessages blanks the recipient and content of every message about
// the interest ref or addressed to email (either may be empty) and stops
// the pending ones. It returns how many messages it changed.
func (s *Store) EraseMessages(ctx context.Context, ref, email string) (int, error) {
	var or bson.A
	if ref != "" {
		or = append(or, bson.D{{Key: "ref", Value: ref}})
	}
	if email != "" {
		or = append(or, bson.D{{Key: "to", Value: email}})
	}
	if len(or) == 0 {
		return 0, nil
	}
	match := bson.D{{Key: "$or", Value: or}}
	_, err := s.outbox().UpdateMany(ctx, append(match, bson.E{Key: "state", Value: notify.StatePending}),
		bson.D{{Key: "$set", Value: bson.D{{Key: "state", Value: notify.StateErased}}}})
	if err != nil {
		return 0, storeError(err)
	}
	res, err := s.outbox().UpdateMany(ctx, match, bson.D{{Key: "$set", Value: bson.D{
		{Key: "to", Value: content.ErasedMarker}, {Key: "to_name", Value: ""},
		{Key: "subject", Value: content.ErasedMarker}, {Key: "text", Value: ""}, {Key: "html", Value: ""},
		{Key: "unsubscribe", Value: ""}, {Key: "last_error", Value: ""},
	}}})
	if err != nil {
		return 0, storeError(err)
	}
	return int(res.ModifiedCount), nil
}
