package mongo

import (
	"context"
	"strconv"

	"hubdir/content"
)

// Agreement returns the agreement slug, published or not; ErrNotFound when
// it does not exist or is deleted.
func (s *Store) Agreement(ctx context.Context, slug string) (*content.Agreement, error) {
	a, err := get[content.Agreement](ctx, s.agreements, "agreement", slug)
	if err != nil {
		return nil, err
	}
	if a.DeletedAt != nil {
		return nil, notFound("agreement", slug)
	}
	return a, nil
}

// CreateAgreement validates in and stores a new unpublished agreement. It
// returns ErrInvalid, also when its hub, a party company or a linked need
// does not exist, and ErrConflict when the slug is taken.
func (s *Store) CreateAgreement(ctx context.Context, in *content.AgreementInput, by string) (*content.Agreement, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	a := in.NewAgreement(by, s.stamp())
	content.StampAgreementText(nil, a, a.CreatedAt)
	if err := s.agreementRefs(ctx, a, true, true); err != nil {
		return nil, err
	}
	var err error
	if a.Rev, err = s.nextRev(ctx, collAgreements, a.Slug); err != nil {
		return nil, err
	}
	a.Pending = []content.Event{s.stampEvent(ctx, agreementEvent(content.EventListingCreated)(&content.Agreement{}, a), a.Version, by)}
	if _, err := s.agreements.InsertOne(ctx, a); err != nil {
		return nil, slugError(err, "agreement", a.Slug)
	}
	return a, nil
}

// agreementRefs checks that the hub, the party companies (when parties)
// and the linked needs (when needs) of a exist and are not deleted.
func (s *Store) agreementRefs(ctx context.Context, a *content.Agreement, parties, needs bool) error {
	f := content.FieldErrors{}
	if err := s.hubError(ctx, "hub", a.Hub); content.ErrorCode(err) == content.CodeInvalid {
		f["hub"] = content.FieldError{Rule: content.RuleInvalidHub}
	} else if err != nil {
		return err
	}
	for i, p := range a.Parties {
		if !parties || p.Company == "" {
			continue
		}
		ok, err := exists(ctx, s.companies, p.Company)
		if err != nil {
			return err
		}
		if !ok {
			f["parties."+strconv.Itoa(i)+".company"] = content.FieldError{Rule: content.RuleUnknownCompany}
		}
	}
	for _, ref := range a.Needs {
		if !needs {
			break
		}
		ok, err := exists(ctx, s.needs, ref)
		if err != nil {
			return err
		}
		if !ok {
			f["needs"] = content.FieldError{Rule: content.RuleInvalidRef}
			break
		}
	}
	return f.Err()
}

// UpdateAgreement applies p to the agreement slug, from version p.Version.
// It returns ErrNotFound, ErrConflict or ErrInvalid, also when the patch
// names a party company or a need that does not exist.
func (s *Store) UpdateAgreement(ctx context.Context, slug string, p *content.AgreementPatch, by string) (*content.Agreement, error) {
	return modify(ctx, s, s.agreements, "agreement", slug, p.Version, by, agreementMeta, agreementEvent(content.EventListingUpdated), func(a *content.Agreement) (*content.Agreement, error) {
		out, err := p.Apply(a)
		if err != nil {
			return nil, err
		}
		content.StampAgreementText(a, out, s.stamp())
		if p.Parties != nil || p.Needs != nil {
			if err := s.agreementRefs(ctx, out, p.Parties != nil, p.Needs != nil); err != nil {
				return nil, err
			}
		}
		return out, nil
	})
}

// PublishAgreement publishes or unpublishes the agreement slug, from the
// given version. It returns ErrNotFound or ErrConflict.
func (s *Store) PublishAgreement(ctx context.Context, slug string, publish bool, version int64, by string) (*content.Agreement, error) {
	return modify(ctx, s, s.agreements, "agreement", slug, version, by, agreementMeta, agreementEvent(""), func(a *content.Agreement) (*content.Agreement, error) {
		out := *a
		out.Published = publish
		return &out, nil
	})
}

// DeleteAgreement soft-deletes the agreement slug, from the given version.
// It returns ErrNotFound or ErrConflict.
func (s *Store) DeleteAgreement(ctx context.Context, slug string, version int64, by string) (*content.Agreement, error) {
	return modify(ctx, s, s.agreements, "agreement", slug, version, by, agreementMeta, agreementEvent(content.EventListingDeleted), softDelete(s, agreementMeta))
}
