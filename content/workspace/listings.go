package workspace

import (
	"context"
	"errors"
	"slices"
	"strings"

	"hubdir/content"
)

// needs, companies and agreements describe the listing kinds to the flow.
func (w *Service) needs() *kind[content.Need] {
	return &kind[content.Need]{
		name: content.KindNeed, valid: content.ValidRef, load: w.cfg.Store.Need,
		manages: func(st *content.Staff, n *content.Need) bool { return st.CanManage(n.Hub) },
		pending: func(n *content.Need) *[]content.Event { return &n.Pending },
		put:     w.cfg.Catalog.PutNeed,
	}
}

func (w *Service) companies() *kind[content.Company] {
	return &kind[content.Company]{
		name: content.KindCompany, valid: content.ValidSlug, load: w.cfg.Store.Company,
		manages: func(st *content.Staff, co *content.Company) bool { return st.CanManageAny(co.Hubs) },
		pending: func(co *content.Company) *[]content.Event { return &co.Pending },
		put:     w.cfg.Catalog.PutCompany,
	}
}

func (w *Service) agreements() *kind[content.Agreement] {
	return &kind[content.Agreement]{
		name: content.KindAgreement, valid: content.ValidSlug, load: w.cfg.Store.Agreement,
		manages: func(st *content.Staff, a *content.Agreement) bool { return st.CanManage(a.Hub) },
		pending: func(a *content.Agreement) *[]content.Event { return &a.Pending },
		put:     w.cfg.Catalog.PutAgreement,
	}
}

// ManagedNeed returns the need ref when st may manage it; ErrNotFound
// otherwise (also for another hub's need).
func (w *Service) ManagedNeed(ctx context.Context, st *content.Staff, ref string) (*content.Need, error) {
	return w.needs().managed(ctx, st, ref)
}

// ManagedCompany returns the company slug when st may manage it.
func (w *Service) ManagedCompany(ctx context.Context, st *content.Staff, slug string) (*content.Company, error) {
	return w.companies().managed(ctx, st, slug)
}

// ManagedAgreement returns the agreement slug when st may manage it.
func (w *Service) ManagedAgreement(ctx context.Context, st *content.Staff, slug string) (*content.Agreement, error) {
	return w.agreements().managed(ctx, st, slug)
}

// CreateNeed stores a new draft need in a hub st manages (else
// ErrForbidden).
func (w *Service) CreateNeed(ctx context.Context, st *content.Staff, channel string, in *content.NeedInput) (*content.Need, error) {
	return create(ctx, w, w.needs(), st, channel, managesAll(st, in.Hub), func(ctx context.Context) (*content.Need, error) {
		return w.cfg.Store.CreateNeed(ctx, in, email(st))
	})
}

// UpdateNeed applies a patch to the need ref, from p.Version.
func (w *Service) UpdateNeed(ctx context.Context, st *content.Staff, channel, ref string, p *content.NeedPatch) (*content.Need, error) {
	return change(ctx, w, w.needs(), st, channel, ref, "", nil, func(ctx context.Context, cur *content.Need) (*content.Need, error) {
		return w.cfg.Store.UpdateNeed(ctx, cur.Ref, p, st.Email)
	})
}

// TransitionNeed publishes, closes or archives the need ref, from version.
func (w *Service) TransitionNeed(ctx context.Context, st *content.Staff, channel, ref string, t content.NeedTransition, version int64) (*content.Need, error) {
	return change(ctx, w, w.needs(), st, channel, ref, "", nil, func(ctx context.Context, cur *content.Need) (*content.Need, error) {
		return w.cfg.Store.TransitionNeed(ctx, cur.Ref, t, version, st.Email)
	})
}

// DeleteNeed soft-deletes the need ref, from version.
func (w *Service) DeleteNeed(ctx context.Context, st *content.Staff, channel, ref string, version int64) (*content.Need, error) {
	return change(ctx, w, w.needs(), st, channel, ref, "", nil, func(ctx context.Context, cur *content.Need) (*content.Need, error) {
		return w.cfg.Store.DeleteNeed(ctx, cur.Ref, version, st.Email)
	})
}

// RequestReview sends the need ref for review by another staff member.
func (w *Service) RequestReview(ctx context.Context, st *content.Staff, channel, ref string, version int64) (*content.Need, error) {
	return change(ctx, w, w.needs(), st, channel, ref, content.AuditReview, nil, func(ctx context.Context, cur *content.Need) (*content.Need, error) {
		return w.cfg.Store.RequestReview(ctx, cur.Ref, version, st.Email)
	})
}

// RenewNeed gives the need ref a new deadline (publishing it again when it
// had expired or was closed).
func (w *Service) RenewNeed(ctx context.Context, st *content.Staff, channel, ref string, version int64, deadline content.Date) (*content.Need, error) {
	return change(ctx, w, w.needs(), st, channel, ref, "", nil, func(ctx context.Context, cur *content.Need) (*content.Need, error) {
		return w.cfg.Store.RenewNeed(ctx, cur.Ref, version, deadline, st.Email)
	})
}

// CreateCompany stores a new unpublished company in hubs st manages.
func (w *Service) CreateCompany(ctx context.Context, st *content.Staff, channel string, in *content.CompanyInput) (*content.Company, error) {
	return create(ctx, w, w.companies(), st, channel, managesAll(st, in.Hubs...), func(ctx context.Context) (*content.Company, error) {
		return w.cfg.Store.CreateCompany(ctx, in, email(st))
	})
}

// HubsAllowed is the one rule of a company's hubs, for the web form and
// the API alike: st may add and remove only hubs they manage, so a
// company shared with a hub they do not manage keeps that hub; and the
// company must stay in at least one hub they manage.
func HubsAllowed(st *content.Staff, before, after []string) bool {
	for _, h := range after {
		if !slices.Contains(before, h) && content.ValidHubCode(h) && !st.CanManage(h) {
			return false
		}
	}
	for _, h := range before {
		if !slices.Contains(after, h) && !st.CanManage(h) {
			return false
		}
	}
	return len(after) == 0 || st.CanManageAny(after)
}

// UpdateCompany applies a patch to the company slug, from p.Version. A
// change of its hubs follows HubsAllowed (ErrForbidden).
func (w *Service) UpdateCompany(ctx context.Context, st *content.Staff, channel, slug string, p *content.CompanyPatch) (*content.Company, error) {
	check := func(cur *content.Company) error {
		if p.Hubs != nil && !HubsAllowed(st, cur.Hubs, *p.Hubs) {
			return content.ErrForbidden
		}
		return nil
	}
	return change(ctx, w, w.companies(), st, channel, slug, "", check, func(ctx context.Context, cur *content.Company) (*content.Company, error) {
		return w.cfg.Store.UpdateCompany(ctx, cur.Slug, p, st.Email)
	})
}

// ErrShared refuses a change of a company shared with a hub the actor
// does not manage that would take it away from that hub too.
var ErrShared = content.Errorf(content.CodeForbidden, "the company is shared with a hub you do not manage")

// IsShared reports whether err is ErrShared.
func IsShared(err error) bool {
	var e *content.Error
	return errors.As(err, &e) && e == ErrShared
}

// companyInUse refuses (ErrConflict, naming them) to take away a company
// that agreements name as a party; and a company shared with a hub st
// does not manage (ErrForbidden).
func (w *Service) companyInUse(st *content.Staff, co *content.Company) error {
	if !managesAll(st, co.Hubs...) {
		return ErrShared
	}
	var names []string
	for _, a := range w.cfg.Catalog.AgreementsNaming(co.Slug) {
		names = append(names, a.Slug)
	}
	if len(names) > 0 {
		slices.Sort(names)
		err := content.Errorf(content.CodeInUse, "company %q is a party to the agreements %s", co.Slug, strings.Join(names, ", "))
		err.Refs = names
		return err
	}
	return nil
}

// PublishCompany publishes or unpublishes the company slug. Unpublishing
// follows companyInUse.
func (w *Service) PublishCompany(ctx context.Context, st *content.Staff, channel, slug string, publish bool, version int64) (*content.Company, error) {
	var check func(*content.Company) error
	if !publish {
		check = func(cur *content.Company) error { return w.companyInUse(st, cur) }
	}
	return change(ctx, w, w.companies(), st, channel, slug, "", check, func(ctx context.Context, cur *content.Company) (*content.Company, error) {
		return w.cfg.Store.PublishCompany(ctx, cur.Slug, publish, version, st.Email)
	})
}

// DeleteCompany soft-deletes the company slug, following companyInUse.
func (w *Service) DeleteCompany(ctx context.Context, st *content.Staff, channel, slug string, version int64) (*content.Company, error) {
	check := func(cur *content.Company) error { return w.companyInUse(st, cur) }
	return change(ctx, w, w.companies(), st, channel, slug, "", check, func(ctx context.Context, cur *content.Company) (*content.Company, error) {
		return w.cfg.Store.DeleteCompany(ctx, cur.Slug, version, st.Email)
	})
}

// CreateAgreement stores a new unpublished agreement in a hub st manages.
func (w *Service) CreateAgreement(ctx context.Context, st *content.Staff, channel string, in *content.AgreementInput) (*content.Agreement, error) {
	return create(ctx, w, w.agreements(), st, channel, managesAll(st, in.Hub), func(ctx context.Context) (*content.Agreement, error) {
		return w.cfg.Store.CreateAgreement(ctx, in, email(st))
	})
}

// UpdateAgreement applies a patch to the agreement slug, from p.Version.
func (w *Service) UpdateAgreement(ctx context.Context, st *content.Staff, channel, slug string, p *content.AgreementPatch) (*content.Agreement, error) {
	return change(ctx, w, w.agreements(), st, channel, slug, "", nil, func(ctx context.Context, cur *content.Agreement) (*content.Agreement, error) {
		return w.cfg.Store.UpdateAgreement(ctx, cur.Slug, p, st.Email)
	})
}

// PublishAgreement publishes or unpublishes the agreement slug.
func (w *Service) PublishAgreement(ctx context.Context, st *content.Staff, channel, slug string, publish bool, version int64) (*content.Agreement, error) {
	return change(ctx, w, w.agreements(), st, channel, slug, "", nil, func(ctx context.Context, cur *content.Agreement) (*content.Agreement, error) {
		return w.cfg.Store.PublishAgreement(ctx, cur.Slug, publish, version, st.Email)
	})
}

// DeleteAgreement soft-deletes the agreement slug, from version.
func (w *Service) DeleteAgreement(ctx context.Context, st *content.Staff, channel, slug string, version int64) (*content.Agreement, error) {
	return change(ctx, w, w.agreements(), st, channel, slug, "", nil, func(ctx context.Context, cur *content.Agreement) (*content.Agreement, error) {
		return w.cfg.Store.DeleteAgreement(ctx, cur.Slug, version, st.Email)
	})
}

// SetHubReview turns a hub's review requirement on or off; only an admin
// of the hub may (ErrNotFound for a hub st does not manage, ErrForbidden
// for an editor).
func (w *Service) SetHubReview(ctx context.Context, st *content.Staff, channel, code string, require bool) (*content.Hub, error) {
	if st == nil {
		return nil, content.ErrUnauthorized
	}
	if !content.ValidHubCode(code) || !st.CanManage(code) {
		return nil, content.ErrNotFound
	}
	if st.Role != content.RoleAdmin {
		return nil, content.ErrForbidden
	}
	hubs, err := w.cfg.Store.Hubs(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(hubs, func(h *content.Hub) bool { return h.Code == code })
	if i < 0 {
		return nil, content.ErrNotFound
	}
	hub := *hubs[i]
	hub.RequireReview = require
	if err := w.cfg.Store.PutHub(ctx, &hub); err != nil {
		return nil, err
	}
	w.cfg.Catalog.PutHub(&hub)
	w.Audit(ctx, st, channel, content.AuditEntry{Action: content.AuditUpdate, Kind: "hub", ID: code, Hub: code, Fields: []string{"require_review"}})
	return &hub, nil
}
