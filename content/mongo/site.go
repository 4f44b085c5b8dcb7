package mongo

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"

	"hubdir/content"
)

// collSite holds the platform's pages (by id) and the site settings.
const collSite = "site"

var _ content.SiteStore = (*Store)(nil)

// SitePage returns the saved page id, or ErrNotFound.
func (s *Store) SitePage(ctx context.Context, id string) (*content.SitePage, error) {
	if !content.IsSitePage(id) {
		return nil, content.Errorf(content.CodeNotFound, "no page %q", id)
	}
	return get[content.SitePage](ctx, s.db.Collection(collSite), "page", id)
}

// PutSitePage validates p and saves it from version (0: the page was never
// saved). It returns ErrInvalid or ErrConflict.
func (s *Store) PutSitePage(ctx context.Context, p *content.SitePage, version int64, by string) (*content.SitePage, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	next := *p
	err := putVersioned(ctx, s, p.ID, version, &next.Version, func() {
		next.UpdatedAt, next.UpdatedBy = s.stamp(), by
	}, &next)
	if err != nil {
		return nil, err
	}
	return &next, nil
}

// SiteSettings returns the saved settings, or ErrNotFound.
func (s *Store) SiteSettings(ctx context.Context) (*content.SiteSettings, error) {
	return get[content.SiteSettings](ctx, s.db.Collection(collSite), "settings", content.SiteSettingsID)
}

// PutSiteSettings validates st and saves it from version (0: never saved).
func (s *Store) PutSiteSettings(ctx context.Context, st *content.SiteSettings, version int64, by string) (*content.SiteSettings, error) {
	if err := st.Validate(); err != nil {
		return nil, err
	}
	next := *st
	err := putVersioned(ctx, s, content.SiteSettingsID, version, &next.Version, func() {
		next.UpdatedAt, next.UpdatedBy = s.stamp(), by
	}, &next)
	if err != nil {
		return nil, err
	}
	return &next, nil
}

// putVersioned writes doc as the document id of the site collection: an
// insert when version is 0 (a conflict when it exists), else a replacement
// on condition that the stored version is still version. It sets *ver to
// the new version and calls stamp before writing.
func putVersioned(ctx context.Context, s *Store, id string, version int64, ver *int64, stamp func(), doc any) error {
	if version < 0 {
		return content.InvalidField("version", content.RuleOutOfRange)
	}
	c := s.db.Collection(collSite)
	unlock, err := s.lock(ctx, collSite+"/"+id)
	if err != nil {
		return err
	}
	defer unlock()
	var cur struct {
		Version int64 `bson:"version"`
	}
	err = c.FindOne(ctx, byID(id)).Decode(&cur)
	found := err == nil
	if err != nil && !errors.Is(err, mdb.ErrNoDocuments) {
		return storeError(err)
	}
	if found && cur.Version != version || !found && version != 0 {
		return content.Errorf(content.CodeConflict, "%s: changed by another writer since version %d", id, version)
	}
	*ver = version + 1
	stamp()
	if !found {
		if _, err := c.InsertOne(ctx, doc); err != nil {
			if mdb.IsDuplicateKeyError(err) {
				return content.Errorf(content.CodeConflict, "%s: created by another writer", id)
			}
			return storeError(err)
		}
		return nil
	}
	res, err := c.ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "version", Value: version}}, doc)
	if err != nil {
		return storeError(err)
	}
	if res.MatchedCount == 0 {
		return content.Errorf(content.CodeConflict, "%s: changed by another writer", id)
	}
	return nil
}
