package workspace

import (
	"context"

	"hubdir/content"
)

// kind describes one kind of document to the one write flow (change):
// how to load it, who may manage it, where its pending events are and how
// the catalog takes it.
type kind[T any] struct {
	name    string                                           // content.KindNeed…
	valid   func(id string) bool                             // well-formed id
	load    func(ctx context.Context, id string) (*T, error) // any status
	manages func(st *content.Staff, doc *T) bool             // the hub scope
	pending func(doc *T) *[]content.Event
	put     func(doc *T) // into the catalog; nil for none
}

// managed loads document id if st may manage it. A malformed id, a
// missing document and a document of another hub are all ErrNotFound.
func (k *kind[T]) managed(ctx context.Context, st *content.Staff, id string) (*T, error) {
	if st == nil {
		return nil, content.ErrUnauthorized
	}
	if !k.valid(id) {
		return nil, content.ErrNotFound
	}
	doc, err := k.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if !k.manages(st, doc) {
		return nil, content.ErrNotFound
	}
	return doc, nil
}

// change is the one flow of every write to an existing document: the hub
// scope first (before anything about the input is checked), then check
// (rules that need the stored document; nil for none), the store write
// do, the catalog, the audit entry (action: the event's when "") and the
// relay of the event.
func change[T any](ctx context.Context, w *Service, k *kind[T], st *content.Staff, channel, id, action string,
	check func(cur *T) error, do func(ctx context.Context, cur *T) (*T, error)) (*T, error) {
	cur, err := k.managed(ctx, st, id)
	if err != nil {
		return nil, err
	}
	if check != nil {
		if err := check(cur); err != nil {
			return nil, err
		}
	}
	doc, err := do(content.WithChannel(ctx, channel), cur)
	if err != nil {
		return nil, err
	}
	return finish(ctx, w, k, st, channel, action, doc), nil
}

// create is the one flow of every write that makes a new document: the
// hub scope of the input (allowed), the store write, then as change.
func create[T any](ctx context.Context, w *Service, k *kind[T], st *content.Staff, channel string,
	allowed bool, do func(ctx context.Context) (*T, error)) (*T, error) {
	if st == nil {
		return nil, content.ErrUnauthorized
	}
	if !allowed {
		return nil, content.ErrForbidden
	}
	doc, err := do(content.WithChannel(ctx, channel))
	if err != nil {
		return nil, err
	}
	return finish(ctx, w, k, st, channel, "", doc), nil
}

// finish takes the write's events out of doc, puts doc into the catalog,
// and records the audit entry and relays the event.
func finish[T any](ctx context.Context, w *Service, k *kind[T], st *content.Staff, channel, action string, doc *T) *T {
	p := k.pending(doc)
	events := *p
	*p = nil
	if k.put != nil {
		k.put(doc)
	}
	w.record(ctx, st, channel, events, action)
	return doc
}

// managesAll reports whether st may manage every well-formed hub code in
// hubs; malformed codes are left to validation.
func managesAll(st *content.Staff, hubs ...string) bool {
	for _, hub := range hubs {
		if content.ValidHubCode(hub) && !st.CanManage(hub) {
			return false
		}
	}
	return true
}
