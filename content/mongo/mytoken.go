package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"hubdir/content/notify"
)

// collLinkTokens holds the hashes of the link tokens of mail (the firm's
// page, alerts): looked up by _id only.
const collLinkTokens = "link_tokens"

var _ notify.TokenStore = (*Store)(nil)

// PutToken stores a new link token.
func (s *Store) PutToken(ctx context.Context, t *notify.LinkToken) error {
	_, err := s.db.Collection(collLinkTokens).InsertOne(ctx, t)
	return storeError(err)
}

// Token returns the link token with the given hash; ErrNotFound.
func (s *Store) Token(ctx context.Context, hash string) (*notify.LinkToken, error) {
	return get[notify.LinkToken](ctx, s.db.Collection(collLinkTokens), "link", hash)
}

// UseToken marks the token used, once: the write is conditional on it not
// being used (serialised by a lock on FerretDB), so of two concurrent uses
// one fails with notify.ErrLinkUsed.
func (s *Store) UseToken(ctx context.Context, hash string, now time.Time) (*notify.LinkToken, error) {
	c := s.db.Collection(collLinkTokens)
	unlock, err := s.lock(ctx, collLinkTokens+"/"+hash)
	if err != nil {
		return nil, err
	}
	defer unlock()
	t, err := get[notify.LinkToken](ctx, c, "link", hash)
	if err != nil {
		return nil, err
	}
	if !t.Used.IsZero() {
		return nil, notify.ErrLinkUsed
	}
	res, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: hash}, {Key: "used", Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "used", Value: now.UTC()}}}})
	if err != nil {
		return nil, storeError(err)
	}
	if res.ModifiedCount == 0 {
		return nil, notify.ErrLinkUsed
	}
	t.Used = now.UTC()
	return t, nil
}

// DeleteTokens deletes every link token of email.
func (s *Store) DeleteTokens(ctx context.Context, email string) error {
	_, err := s.db.Collection(collLinkTokens).DeleteMany(ctx, bson.D{{Key: "email", Value: email}})
	return storeError(err)
}
