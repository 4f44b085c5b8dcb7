package mongo

import (
	"context"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// collAudit is the audit log: one document per staff change, its _id the
// time (sortable) and a random suffix.
const collAudit = "audit"

// AddAudit appends e to the audit log; At is the store's clock when zero.
func (s *Store) AddAudit(ctx context.Context, e content.AuditEntry) error {
	if e.At.IsZero() {
		e.At = s.stamp()
	}
	e.At = e.At.UTC().Truncate(time.Millisecond)
	e.Key = e.At.Format("20060102T150405.000Z") + "-" + randomHex(6)
	_, err := s.db.Collection(collAudit).InsertOne(ctx, e)
	return storeError(err)
}

// Audit returns the entries matching f, newest first, at most f.Limit
// (500 when 0). By matches as given or in lower case: staff addresses are
// stored in lower case, other actors (firm:EOI-26-00042) as written.
func (s *Store) Audit(ctx context.Context, f content.AuditFilter) ([]*content.AuditEntry, error) {
	filter := bson.D{}
	if f.By != "" {
		filter = append(filter, bson.E{Key: "by", Value: bson.D{{Key: "$in", Value: bson.A{f.By, strings.ToLower(f.By)}}}})
	}
	if f.Kind != "" {
		filter = append(filter, bson.E{Key: "kind", Value: f.Kind})
	}
	if f.ID != "" {
		filter = append(filter, bson.E{Key: "id", Value: f.ID})
	}
	if f.Hub != "" {
		filter = append(filter, bson.E{Key: "hub", Value: f.Hub})
	}
	at := bson.D{}
	if !f.Since.IsZero() {
		at = append(at, bson.E{Key: "$gte", Value: f.Since.UTC()})
	}
	if !f.Until.IsZero() {
		at = append(at, bson.E{Key: "$lt", Value: f.Until.UTC()})
	}
	if len(at) > 0 {
		filter = append(filter, bson.E{Key: "at", Value: at})
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 500
	}
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: -1}}).SetLimit(int64(limit))
	return all[content.AuditEntry](ctx, s.db.Collection(collAudit), filter, opts)
}
