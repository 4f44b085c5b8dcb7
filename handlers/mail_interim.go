package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"hubdir/content"
	"hubdir/content/notify"
)

// Interim wiring, until the workspace's event log (content.EventLog,
// issue 9) is in the store: the interest writes the handlers make are
// turned into events here, right after they succeed, and handed to the
// notifier. When the store keeps an event log, none of this is used (see
// withMailEvents) and the notifier reads the log instead. Writes made
// elsewhere (CLI, import) make no message in the meantime.

// eventingStore is the store as the handlers see it, when the store keeps
// no event log: its interest writes notify.
type eventingStore struct {
	content.Store
	HitCounter // the store's shared rate-limit counters, kept visible
	n          *notify.Notifier
	log        *slog.Logger
}

// withMailEvents returns st with interim events, or st itself when it
// keeps an event log or there is no mail side.
func withMailEvents(st content.Store, mail *notify.Service, defaultLang string, log *slog.Logger) content.Store {
	if mail == nil {
		return st
	}
	if _, ok := st.(content.EventLog); ok {
		return st
	}
	src, ok := st.(notify.Source)
	hits, ok2 := st.(HitCounter)
	if !ok || !ok2 {
		return st
	}
	return eventingStore{Store: st, HitCounter: hits, log: log, n: &notify.Notifier{
		Source: src, Outbox: mail.Outbox, State: mail.State, Subs: mail.Subs, Tokens: mail.Links.Store,
		Compose: mail.Compose, DefaultLang: defaultLang,
	}}
}

// handle hands an event to the notifier; a failure is logged (the write
// itself succeeded).
func (s eventingStore) handle(ctx context.Context, ev *content.Event) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := s.n.Handle(ctx, ev); err != nil {
		s.log.ErrorContext(ctx, "mail: a message could not be made", "event", ev.Kind, "ref", ev.Ref, "err", err)
	}
}

// CreateInterest stores the interest and, when it is new, notifies.
func (s eventingStore) CreateInterest(ctx context.Context, needRef string, in *content.InterestInput) (*content.Interest, bool, error) {
	i, created, err := s.Store.CreateInterest(ctx, needRef, in)
	if err == nil && created {
		s.handle(ctx, &content.Event{ID: "interim/" + content.EventInterestNew + "/" + i.Ref, Kind: content.EventInterestNew,
			At: i.CreatedAt, Hub: i.Hub, DocKind: "interest", Ref: i.Ref, Need: i.Need, Version: i.Version, Channel: content.ChannelPublic})
	}
	return i, created, err
}

// UpdateInterestStatus changes the status and notifies the firm.
func (s eventingStore) UpdateInterestStatus(ctx context.Context, ref string, in *content.InterestStatusInput, by string) (*content.Interest, error) {
	i, err := s.Store.UpdateInterestStatus(ctx, ref, in, by)
	if err == nil {
		s.handle(ctx, &content.Event{ID: fmt.Sprintf("interim/%s/%s/%d", content.EventInterestStatus, i.Ref, i.Version),
			Kind: content.EventInterestStatus, At: i.UpdatedAt, Hub: i.Hub, DocKind: "interest", Ref: i.Ref,
			Need: i.Need, Version: i.Version, Status: i.Status, Actor: by})
	}
	return i, err
}

// EraseInterest erases the interest and its messages, subscriptions and
// link tokens.
func (s eventingStore) EraseInterest(ctx context.Context, ref string, version int64, by string) (*content.Interest, error) {
	i, err := s.Store.EraseInterest(ctx, ref, version, by)
	if err == nil {
		s.handle(ctx, &content.Event{ID: fmt.Sprintf("interim/%s/%s", content.EventInterestErased, i.Ref),
			Kind: content.EventInterestErased, At: i.UpdatedAt, Hub: i.Hub, DocKind: "interest", Ref: i.Ref, Actor: by})
	}
	return i, err
}
