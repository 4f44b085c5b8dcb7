package workspace

import (
	"context"

	"hubdir/content"
)

// Offers are the offer writes and reads the workspace needs (the offers'
// store, content.OfferStore).
type Offers interface {
	Offer(ctx context.Context, ref string) (*content.Offer, error)
	CreateOffer(ctx context.Context, in *content.OfferInput, by string) (*content.Offer, error)
	ImportOffers(ctx context.Context, ins []*content.OfferInput, by string) ([]*content.Offer, error)
	UpdateOffer(ctx context.Context, ref string, p *content.OfferPatch, by string) (*content.Offer, error)
	TransitionOffer(ctx context.Context, ref string, t content.NeedTransition, version int64, by string) (*content.Offer, error)
	DeleteOffer(ctx context.Context, ref string, version int64, by string) (*content.Offer, error)
	SubmitOffer(ctx context.Context, in *content.OfferSubmission) (*content.Offer, error)
	SubmitLab(ctx context.Context, in *content.LabSubmission) (*content.Company, error)
	CreateTestingRequest(ctx context.Context, t content.TestingTarget, in *content.TestingRequestInput) (*content.Interest, bool, error)
	EraseOfferSubmission(ctx context.Context, ref string, version int64, by string) (*content.Offer, error)
	EraseLabSubmission(ctx context.Context, slug string, version int64, by string) (*content.Company, error)
}

// OfferCatalog is the part of the catalog that holds offers; the
// catalog of handlers.Assemble has it (a workspace without it, the
// command line's, leaves offers to the servers' sync).
type OfferCatalog interface {
	PutOffer(o *content.Offer)
}

// offers describes offers to the flow: an editor manages an offer of any
// of their hubs.
func (w *Service) offers() *kind[content.Offer] {
	put := func(*content.Offer) {}
	if oc, ok := w.cfg.Catalog.(OfferCatalog); ok {
		put = oc.PutOffer
	}
	return &kind[content.Offer]{
		name: content.KindOffer, valid: content.ValidOfferRef, load: w.cfg.Store.Offer,
		manages: func(st *content.Staff, o *content.Offer) bool { return st.CanManageAny(o.Hubs) },
		pending: func(o *content.Offer) *[]content.Event { return &o.Pending },
		put:     put,
	}
}

// ManagedOffer returns the offer ref when st may manage it; ErrNotFound
// otherwise.
func (w *Service) ManagedOffer(ctx context.Context, st *content.Staff, ref string) (*content.Offer, error) {
	return w.offers().managed(ctx, st, ref)
}

// CreateOffer stores a new draft offer in hubs st manages.
func (w *Service) CreateOffer(ctx context.Context, st *content.Staff, channel string, in *content.OfferInput) (*content.Offer, error) {
	return create(ctx, w, w.offers(), st, channel, managesAll(st, in.Hubs...), func(ctx context.Context) (*content.Offer, error) {
		return w.cfg.Store.CreateOffer(ctx, in, email(st))
	})
}

// UpdateOffer applies a patch to the offer ref, from p.Version; moving it
// into a hub needs that hub (HubsAllowed).
func (w *Service) UpdateOffer(ctx context.Context, st *content.Staff, channel, ref string, p *content.OfferPatch) (*content.Offer, error) {
	check := func(cur *content.Offer) error {
		if p.Hubs != nil && !HubsAllowed(st, cur.Hubs, *p.Hubs) {
			return content.ErrForbidden
		}
		return nil
	}
	return change(ctx, w, w.offers(), st, channel, ref, "", check, func(ctx context.Context, cur *content.Offer) (*content.Offer, error) {
		return w.cfg.Store.UpdateOffer(ctx, cur.Ref, p, st.Email)
	})
}

// TransitionOffer publishes, closes or archives the offer ref.
func (w *Service) TransitionOffer(ctx context.Context, st *content.Staff, channel, ref string, t content.NeedTransition, version int64) (*content.Offer, error) {
	return change(ctx, w, w.offers(), st, channel, ref, "", nil, func(ctx context.Context, cur *content.Offer) (*content.Offer, error) {
		return w.cfg.Store.TransitionOffer(ctx, cur.Ref, t, version, st.Email)
	})
}

// DeleteOffer soft-deletes the offer ref.
func (w *Service) DeleteOffer(ctx context.Context, st *content.Staff, channel, ref string, version int64) (*content.Offer, error) {
	return change(ctx, w, w.offers(), st, channel, ref, "", nil, func(ctx context.Context, cur *content.Offer) (*content.Offer, error) {
		return w.cfg.Store.DeleteOffer(ctx, cur.Ref, version, st.Email)
	})
}

// EraseOfferSubmission erases the submitter's personal data of the offer
// ref.
func (w *Service) EraseOfferSubmission(ctx context.Context, st *content.Staff, channel, ref string, version int64) (*content.Offer, error) {
	return change(ctx, w, w.offers(), st, channel, ref, content.AuditErase, nil, func(ctx context.Context, cur *content.Offer) (*content.Offer, error) {
		return w.cfg.Store.EraseOfferSubmission(ctx, cur.Ref, version, st.Email)
	})
}

// EraseLabSubmission erases the personal data of whoever proposed the
// laboratory slug.
func (w *Service) EraseLabSubmission(ctx context.Context, st *content.Staff, channel, slug string, version int64) (*content.Company, error) {
	return change(ctx, w, w.companies(), st, channel, slug, content.AuditErase, nil, func(ctx context.Context, cur *content.Company) (*content.Company, error) {
		return w.cfg.Store.EraseLabSubmission(ctx, cur.Slug, version, st.Email)
	})
}

// SubmitOffer stores a firm's public proposal of an offer (a draft for
// staff to review).
func (w *Service) SubmitOffer(ctx context.Context, channel string, in *content.OfferSubmission) (*content.Offer, error) {
	o, err := w.cfg.Store.SubmitOffer(content.WithChannel(ctx, channel), in)
	if err != nil {
		return nil, err
	}
	return finish(ctx, w, w.offers(), nil, channel, "", o), nil
}

// SubmitLab stores a laboratory's public proposal (an unpublished
// company for staff to review).
func (w *Service) SubmitLab(ctx context.Context, channel string, in *content.LabSubmission) (*content.Company, error) {
	co, err := w.cfg.Store.SubmitLab(content.WithChannel(ctx, channel), in)
	if err != nil {
		return nil, err
	}
	return finish(ctx, w, w.companies(), nil, channel, "", co), nil
}

// RequestTesting stores a request for a testing service of an offer or a
// laboratory (an interest of the hub's inbox); a request sent twice
// returns the first and created false, and records nothing.
func (w *Service) RequestTesting(ctx context.Context, channel string, t content.TestingTarget, in *content.TestingRequestInput) (*content.Interest, bool, error) {
	i, created, err := w.cfg.Store.CreateTestingRequest(content.WithChannel(ctx, channel), t, in)
	if err != nil {
		return nil, false, err
	}
	events := i.Pending
	i.Pending = nil
	if created {
		w.recordPublic(events)
	}
	return i, created, nil
}
