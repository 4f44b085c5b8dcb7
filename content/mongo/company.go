package mongo

import (
	"context"

	"hubdir/content"
)

// Company returns the company slug, published or not; ErrNotFound when it
// does not exist or is deleted.
func (s *Store) Company(ctx context.Context, slug string) (*content.Company, error) {
	c, err := get[content.Company](ctx, s.companies, "company", slug)
	if err != nil {
		return nil, err
	}
	if c.DeletedAt != nil {
		return nil, notFound("company", slug)
	}
	return c, nil
}

// CreateCompany validates in and stores a new unpublished company. It
// returns ErrInvalid, also when one of its hubs does not exist, and
// ErrConflict when the slug is taken (by a deleted company too).
func (s *Store) CreateCompany(ctx context.Context, in *content.CompanyInput, by string) (*content.Company, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if err := s.hubError(ctx, "hubs", in.Hubs...); err != nil {
		return nil, err
	}
	c := in.NewCompany(by, s.stamp())
	content.StampCompanyText(nil, c, c.CreatedAt)
	var err error
	if c.Rev, err = s.nextRev(ctx, collCompanies, c.Slug); err != nil {
		return nil, err
	}
	c.Pending = []content.Event{s.stampEvent(ctx, companyEvent(content.EventListingCreated)(&content.Company{}, c), c.Version, by)}
	if _, err := s.companies.InsertOne(ctx, c); err != nil {
		return nil, slugError(err, "company", c.Slug)
	}
	return c, nil
}

// UpdateCompany applies p to the company slug, from version p.Version. It
// returns ErrNotFound, ErrConflict or ErrInvalid.
func (s *Store) UpdateCompany(ctx context.Context, slug string, p *content.CompanyPatch, by string) (*content.Company, error) {
	return modify(ctx, s, s.companies, "company", slug, p.Version, by, companyMeta, companyEvent(content.EventListingUpdated), func(c *content.Company) (*content.Company, error) {
		out, err := p.Apply(c)
		if err != nil {
			return nil, err
		}
		content.StampCompanyText(c, out, s.stamp())
		if p.Hubs != nil {
			if err := s.hubError(ctx, "hubs", out.Hubs...); err != nil {
				return nil, err
			}
		}
		return out, nil
	})
}

// PublishCompany publishes or unpublishes the company slug, from the given
// version. It returns ErrNotFound or ErrConflict.
func (s *Store) PublishCompany(ctx context.Context, slug string, publish bool, version int64, by string) (*content.Company, error) {
	return modify(ctx, s, s.companies, "company", slug, version, by, companyMeta, companyEvent(""), func(c *content.Company) (*content.Company, error) {
		out := *c
		out.Published = publish
		return &out, nil
	})
}

// DeleteCompany soft-deletes the company slug, from the given version.
// It returns ErrNotFound or ErrConflict.
func (s *Store) DeleteCompany(ctx context.Context, slug string, version int64, by string) (*content.Company, error) {
	return modify(ctx, s, s.companies, "company", slug, version, by, companyMeta, companyEvent(content.EventListingDeleted), softDelete(s, companyMeta))
}

// slugError maps an insert error: a duplicate _id is a taken slug.
func slugError(err error, kind, slug string) error {
	err = storeError(err)
	if content.ErrorCode(err) == content.CodeConflict {
		return content.Errorf(content.CodeConflict, "%s slug %q is taken", kind, slug)
	}
	return err
}
