package workspace

import (
	"context"
	"fmt"

	"hubdir/content"
)

// interests describes interests to the flow; they are not in the catalog.
func (w *Service) interests() *kind[content.Interest] {
	return &kind[content.Interest]{
		name: content.KindInterest, valid: content.ValidInterestRef, load: w.cfg.Store.Interest,
		manages: func(st *content.Staff, i *content.Interest) bool { return st.CanManage(i.Hub) },
		pending: func(i *content.Interest) *[]content.Event { return &i.Pending },
	}
}

// ManagedInterest returns the interest ref when st may manage it;
// ErrNotFound otherwise (also for another hub's interest).
func (w *Service) ManagedInterest(ctx context.Context, st *content.Staff, ref string) (*content.Interest, error) {
	return w.interests().managed(ctx, st, ref)
}

// RegisterInterest stores a firm's expression of interest in the open
// need needRef (the public's one write; channel is ChannelPublic, or the
// API's). When the same email registered for the need already, it returns
// the first interest and created false, and nothing is written: no event.
func (w *Service) RegisterInterest(ctx context.Context, channel, needRef string, in *content.InterestInput) (*content.Interest, bool, error) {
	i, created, err := w.cfg.Store.CreateInterest(content.WithChannel(ctx, channel), needRef, in)
	if err != nil {
		return nil, false, err
	}
	if w.cfg.OnInterest != nil {
		w.cfg.OnInterest(i, created)
	}
	events := i.Pending
	i.Pending = nil
	if created {
		w.recordPublic(events)
	}
	return i, created, nil
}

// UpdateInterestStatus changes the status of the interest ref, from
// in.Version.
func (w *Service) UpdateInterestStatus(ctx context.Context, st *content.Staff, channel, ref string, in *content.InterestStatusInput) (*content.Interest, error) {
	return change(ctx, w, w.interests(), st, channel, ref, "", nil, func(ctx context.Context, cur *content.Interest) (*content.Interest, error) {
		return w.cfg.Store.UpdateInterestStatus(ctx, cur.Ref, in, st.Email)
	})
}

// EraseInterest erases the personal data of the interest ref, from
// version.
func (w *Service) EraseInterest(ctx context.Context, st *content.Staff, channel, ref string, version int64) (*content.Interest, error) {
	return change(ctx, w, w.interests(), st, channel, ref, "", nil, func(ctx context.Context, cur *content.Interest) (*content.Interest, error) {
		return w.cfg.Store.EraseInterest(ctx, cur.Ref, version, st.Email)
	})
}

// ImportNeeds stores imported needs as drafts by st, all in hubs st
// manages (else ErrForbidden, nothing written): one event per need, and
// one audit entry of the whole import (its references as fields).
func (w *Service) ImportNeeds(ctx context.Context, st *content.Staff, channel string, ins []*content.NeedInput) ([]*content.Need, error) {
	return importAll(ctx, w, w.needs(), st, channel, "needs", ins,
		func(in *content.NeedInput) []string { return []string{in.Hub} },
		func(n *content.Need) string { return n.Ref }, w.cfg.Store.ImportNeeds)
}

// ImportOffers stores imported offers as drafts by st, as ImportNeeds:
// every hub of every offer managed by st, else ErrForbidden and nothing
// written.
func (w *Service) ImportOffers(ctx context.Context, st *content.Staff, channel string, ins []*content.OfferInput) ([]*content.Offer, error) {
	return importAll(ctx, w, w.offers(), st, channel, "offers", ins,
		func(in *content.OfferInput) []string { return in.Hubs },
		func(o *content.Offer) string { return o.Ref }, w.cfg.Store.ImportOffers)
}

// ImportCompanies stores imported companies as unpublished by st, as
// ImportNeeds: every hub of every company managed by st, else ErrForbidden
// and nothing written; all companies or none.
func (w *Service) ImportCompanies(ctx context.Context, st *content.Staff, channel string, ins []*content.CompanyInput) ([]*content.Company, error) {
	return importAll(ctx, w, w.companies(), st, channel, "companies", ins,
		func(in *content.CompanyInput) []string { return in.Hubs },
		func(c *content.Company) string { return c.Slug }, w.cfg.Store.ImportCompanies)
}

// importAll is the one flow of an import of many new documents of kind k:
// the hub scope of every input first (ErrForbidden, nothing written), the
// store's batch write, then each document into the catalog with its event
// relayed, and one audit entry of the whole import ("needs:12", the
// references as fields; its hub when the file has one).
func importAll[T, I any](ctx context.Context, w *Service, k *kind[T], st *content.Staff, channel, name string, ins []*I,
	hubsOf func(*I) []string, idOf func(*T) string,
	store func(ctx context.Context, ins []*I, by string) ([]*T, error)) ([]*T, error) {
	if st == nil {
		return nil, content.ErrUnauthorized
	}
	perHub := map[string]bool{}
	for _, in := range ins {
		hubs := hubsOf(in)
		if !managesAll(st, hubs...) {
			return nil, content.ErrForbidden
		}
		for _, h := range hubs {
			perHub[h] = true
		}
	}
	docs, err := store(content.WithChannel(ctx, channel), ins, st.Email)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(docs))
	for _, d := range docs {
		finish(ctx, w, k, nil, channel, "", d) // no audit entry per document
		ids = append(ids, idOf(d))
	}
	hub := ""
	for h := range perHub {
		if len(perHub) == 1 {
			hub = h
		}
	}
	w.Audit(ctx, st, channel, content.AuditEntry{Action: content.AuditCreate, Kind: content.KindImport,
		ID: fmt.Sprintf("%s:%d", name, len(docs)), Hub: hub, Fields: ids})
	return docs, nil
}
