package mongo

import (
	"context"
	"errors"
	"regexp"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
	"hubdir/content/notify"
)

// Collections of the notifier: alert subscriptions (small, read whole for
// the daily digests), staff notification choices and named marks (the
// event cursor, the last digest's day).
const (
	collSubscriptions = "subscriptions"
	collStaffPrefs    = "notify_prefs"
	collNotifyMarks   = "notify_marks"
)

var (
	_ notify.SubscriptionStore = (*Store)(nil)
	_ notify.StateStore        = (*Store)(nil)
)

// PutSubscription stores a new subscription.
func (s *Store) PutSubscription(ctx context.Context, sub *notify.Subscription) error {
	_, err := s.db.Collection(collSubscriptions).InsertOne(ctx, sub)
	return storeError(err)
}

// Subscription returns the subscription id; ErrNotFound.
func (s *Store) Subscription(ctx context.Context, id string) (*notify.Subscription, error) {
	return get[notify.Subscription](ctx, s.db.Collection(collSubscriptions), "subscription", id)
}

// ConfirmSubscription confirms the subscription id, its first period
// starting at at; ErrNotFound.
func (s *Store) ConfirmSubscription(ctx context.Context, id string, at time.Time) error {
	res, err := s.db.Collection(collSubscriptions).UpdateOne(ctx, byID(id), bson.D{{Key: "$set", Value: bson.D{
		{Key: "confirmed", Value: true}, {Key: "since", Value: at.UTC()},
	}}})
	if err != nil {
		return storeError(err)
	}
	if res.MatchedCount == 0 {
		return notFound("subscription", id)
	}
	return nil
}

// SetSubscriptionSince starts the next period of subscription id at t.
func (s *Store) SetSubscriptionSince(ctx context.Context, id string, t time.Time) error {
	_, err := s.db.Collection(collSubscriptions).UpdateOne(ctx, byID(id), bson.D{{Key: "$set", Value: bson.D{{Key: "since", Value: t.UTC()}}}})
	return storeError(err)
}

// DeleteSubscription deletes the subscription id.
func (s *Store) DeleteSubscription(ctx context.Context, id string) error {
	_, err := s.db.Collection(collSubscriptions).DeleteOne(ctx, byID(id))
	return storeError(err)
}

// Subscriptions returns the subscriptions of email ("" for every one),
// oldest first.
func (s *Store) Subscriptions(ctx context.Context, email string) ([]*notify.Subscription, error) {
	filter := bson.D{}
	if email != "" {
		filter = bson.D{{Key: "email", Value: email}}
	}
	return all[notify.Subscription](ctx, s.db.Collection(collSubscriptions), filter,
		options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}))
}

// DeleteSubscriptionsOf deletes every subscription of email.
func (s *Store) DeleteSubscriptionsOf(ctx context.Context, email string) error {
	_, err := s.db.Collection(collSubscriptions).DeleteMany(ctx, bson.D{{Key: "email", Value: email}})
	return storeError(err)
}

// StaffPrefs returns every staff member's notification choice.
func (s *Store) StaffPrefs(ctx context.Context) (map[string]*notify.StaffPref, error) {
	list, err := all[notify.StaffPref](ctx, s.db.Collection(collStaffPrefs), bson.D{})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*notify.StaffPref, len(list))
	for _, p := range list {
		out[p.Email] = p
	}
	return out, nil
}

// PutStaffPref stores a staff member's notification choice.
func (s *Store) PutStaffPref(ctx context.Context, p *notify.StaffPref) error {
	_, err := s.db.Collection(collStaffPrefs).ReplaceOne(ctx, byID(p.Email), p, options.Replace().SetUpsert(true))
	return storeError(err)
}

// markDoc is a named mark of the notifier.
type markDoc struct {
	Name string `bson:"_id"`
	Seq  int64  `bson:"seq"`
	Day  string `bson:"day"`
}

// Mark returns the named mark.
func (s *Store) Mark(ctx context.Context, name string) (int64, string, error) {
	var m markDoc
	err := s.db.Collection(collNotifyMarks).FindOne(ctx, byID(name)).Decode(&m)
	if errors.Is(err, mdb.ErrNoDocuments) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", storeError(err)
	}
	return m.Seq, m.Day, nil
}

// SetMark sets the named mark. Two instances may set it at once: the last
// write wins, and a mark that moves back only makes the notifier look at
// some events or days again, which it handles idempotently.
func (s *Store) SetMark(ctx context.Context, name string, seq int64, day string) error {
	_, err := s.db.Collection(collNotifyMarks).ReplaceOne(ctx, byID(name), markDoc{Name: name, Seq: seq, Day: day},
		options.Replace().SetUpsert(true))
	return storeError(err)
}

// InterestsByEmail returns the interests registered with email, whatever
// the case of its letters, newest first. It scans the interests on FerretDB (an index on
// MongoDB); the pages that call it are rate-limited or behind a link.
func (s *Store) InterestsByEmail(ctx context.Context, email string) ([]*content.Interest, error) {
	return all[content.Interest](ctx, s.interests, bson.D{{Key: "email", Value: bson.D{
		{Key: "$regex", Value: "^" + regexp.QuoteMeta(email) + "$"}, {Key: "$options", Value: "i"},
	}}}, options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: -1}}).SetLimit(200))
}
