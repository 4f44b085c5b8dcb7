package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// An import writes all of its documents or none. Neither MongoDB's
// InsertMany nor FerretDB's is atomic: when one document fails (a slug
// taken meanwhile, the database gone), the ones before it may stay written
// (FerretDB, after a failed batch, inserts the documents one by one). So an
// import that fails deletes again what it wrote, before its error is
// returned.

// undoTimeout bounds the deletes of a failed import; they run even when
// the request that asked for the import has gone.
const undoTimeout = 30 * time.Second

// createdStamp is what a document's creation wrote, to tell a document of
// this import from one written by someone else under the same _id.
type createdStamp struct {
	CreatedAt time.Time `bson:"created_at"`
	CreatedBy string    `bson:"created_by"`
	Version   int64     `bson:"version"`
}

// undoInserts deletes the documents ids of coll that the failed import
// stamped (created at at by by, still at version 1), and returns cause,
// with the ids it could not check or delete logged.
func (s *Store) undoInserts(ctx context.Context, coll *mdb.Collection, ids []string, at time.Time, by string, cause error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), undoTimeout)
	defer cancel()
	var left []string
	for _, id := range ids {
		var got createdStamp
		err := coll.FindOne(ctx, byID(id)).Decode(&got)
		switch {
		case errors.Is(err, mdb.ErrNoDocuments):
			continue // not written
		case err != nil:
			left = append(left, id)
			continue
		}
		if !got.CreatedAt.Equal(at) || got.CreatedBy != by || got.Version != 1 {
			continue // someone else's (the slug taken meanwhile)
		}
		if _, err := coll.DeleteOne(ctx, byID(id)); err != nil {
			left = append(left, id)
		}
	}
	if len(left) > 0 {
		s.log.ErrorContext(ctx, "a failed import left documents written", "collection", coll.Name(), "ids", left, "err", cause)
	}
	return cause
}

// ImportCompanies validates every input and stores them as new unpublished
// companies by by, in their order: all or, when an input is invalid
// (ErrInvalid, the field path prefixed with the input's index), names an
// unknown hub, repeats a slug of the file or of the store (ErrConflict; a
// slug of the store is found by the insert itself, its Fields naming
// "<index>.slug"), or the database fails, none.
func (s *Store) ImportCompanies(ctx context.Context, ins []*content.CompanyInput, by string) ([]*content.Company, error) {
	if len(ins) == 0 {
		return nil, nil
	}
	hubs := map[string]bool{}
	slugs := map[string]int{}
	for k, in := range ins {
		if err := in.Validate(); err != nil {
			return nil, fmt.Errorf("companies[%d]: %w", k, err)
		}
		if j, dup := slugs[in.Slug]; dup {
			return nil, &content.Error{Code: content.CodeConflict, Message: fmt.Sprintf("companies[%d] repeats the slug %q of companies[%d]", k, in.Slug, j),
				Fields: content.FieldErrors{fmt.Sprintf("%d.slug", k): {Rule: content.RuleDuplicateInFile}}}
		}
		slugs[in.Slug] = k
		for _, h := range in.Hubs {
			hubs[h] = true
		}
	}
	if err := s.hubError(ctx, "hubs", sortedKeys(hubs)...); err != nil {
		return nil, err
	}
	now := s.stamp()
	companies := make([]*content.Company, len(ins))
	docs := make([]any, len(ins))
	ids := make([]string, len(ins))
	for k, in := range ins {
		c := in.NewCompany(by, now)
		content.StampCompanyText(nil, c, c.CreatedAt)
		c.Pending = []content.Event{s.stampEvent(ctx, companyEvent(content.EventListingCreated)(&content.Company{}, c), c.Version, by)}
		companies[k], docs[k], ids[k] = c, c, c.Slug
	}
	err := s.insertAll(ctx, s.companies, ids, docs, func(k int, rev int64) { companies[k].Rev = rev }, now, by, func(err error) error {
		if k, ok := duplicateAt(err); ok && k < len(ins) {
			return &content.Error{Code: content.CodeConflict, Message: fmt.Sprintf("company slug %q is taken", ins[k].Slug),
				Fields: content.FieldErrors{fmt.Sprintf("%d.slug", k): {Rule: content.RuleSlugTaken}}}
		}
		return storeError(err)
	})
	if err != nil {
		return nil, fmt.Errorf("import companies: %w", err)
	}
	return companies, nil
}

// insertAll stores the new documents docs (their _id ids, created at at
// by by) of the listing collection coll, all or none: one block of
// revisions, handed out in order through setRev, their rows in the change
// log, one ordered insert. When the insert fails, what it wrote is deleted
// again (undoInserts) and the insert's error, as describe tells it, is
// returned.
func (s *Store) insertAll(ctx context.Context, coll *mdb.Collection, ids []string, docs []any, setRev func(k int, rev int64),
	at time.Time, by string, describe func(error) error) error {
	last, err := s.bump(ctx, revCounter, int64(len(docs)))
	if err != nil {
		return err
	}
	rows := make([]changeRow, len(docs))
	for k := range docs {
		rev := last - int64(len(docs)-1-k)
		setRev(k, rev)
		rows[k] = changeRow{Rev: rev, Coll: coll.Name(), Doc: ids[k]}
	}
	if err := s.logChanges(ctx, rows...); err != nil {
		return err
	}
	if _, err := coll.InsertMany(ctx, docs, options.InsertMany().SetOrdered(true)); err != nil {
		return s.undoInserts(ctx, coll, ids, at, by, describe(err))
	}
	return nil
}

// duplicateAt returns the index, in the inserted documents, of the first
// one refused for a duplicate key.
func duplicateAt(err error) (int, bool) {
	var bwe mdb.BulkWriteException
	if !errors.As(err, &bwe) {
		return 0, false
	}
	for _, we := range bwe.WriteErrors {
		if we.Code == 11000 {
			return we.Index, true
		}
	}
	return 0, false
}
