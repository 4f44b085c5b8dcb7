package notify

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"time"

	"hubdir/content"
)

// Source is what the notifier reads of the content: an interest, its need
// and the staff list (all small or _id lookups).
type Source interface {
	Interest(ctx context.Context, ref string) (*content.Interest, error)
	Need(ctx context.Context, ref string) (*content.Need, error)
	ListStaff(ctx context.Context) ([]*content.Staff, error)
	Interests(ctx context.Context, f content.InterestFilter) ([]*content.Interest, error)
}

// NeedFinder returns the published needs that match f and were published
// in [since, until): the catalog answers it.
type NeedFinder func(f AlertFilter, since, until time.Time) []*content.Need

// Notifier turns domain events into messages in the outbox, and makes the
// daily digests. Several instances may run at once on one store: every
// message id is deterministic, so the second one to make a message finds
// it made.
type Notifier struct {
	Events  content.EventLog
	Source  Source
	Outbox  Outbox
	State   StateStore
	Subs    SubscriptionStore
	Tokens  TokenStore
	Compose *Composer
	// Needs finds the needs of alert digests; nil: no alert digests.
	Needs NeedFinder
	// Supply reads the offers and laboratories whose proposers are told
	// the outcome of the review (submissions.go); nil: they are not.
	Supply SupplySource
	// DefaultLang is the staff's language when they chose none.
	DefaultLang string
	// Settle is how long after this notifier first saw an event the
	// cursor may pass it (default 1 min): an event's Seq is allocated
	// before it is stored, so a smaller Seq can appear after a larger one
	// was read; within Settle, events are read again and those already
	// handled skipped. (The events' own times are no guide: an event
	// relayed late, after a crash, carries the time of its write.)
	Settle time.Duration
	Now    func() time.Time
	Logger *slog.Logger

	seen      map[string]seenEvent // handled events above the cursor, by id
	lastRead  time.Time            // when Poll last read the log
	lastPrune time.Time            // when Run last pruned the log
}

// readAtLeastEvery is how often Poll reads the event log even when its
// head says nothing is new (the head may lag behind the last event).
const readAtLeastEvery = 30 * time.Second

// Pruning: events past the cursor and older than eventRetention are
// deleted, once per pruneEvery, when the log can prune (content.EventPruner).
const (
	eventRetention = 30 * 24 * time.Hour
	pruneEvery     = time.Hour
)

// seenEvent is when the notifier first saw (and handled) an event.
type seenEvent struct {
	seq int64
	at  time.Time
}

// cursorMark is the name of the event cursor's mark.
const cursorMark = "events"

func (n *Notifier) defaults() {
	if n.Now == nil {
		n.Now = time.Now
	}
	if n.Settle <= 0 {
		n.Settle = time.Minute
	}
	if n.Logger == nil {
		n.Logger = slog.Default()
	}
	if n.seen == nil {
		n.seen = map[string]seenEvent{}
	}
	if n.DefaultLang == "" {
		n.DefaultLang = "fa"
	}
}

// Run polls the event log and makes the digests every interval until ctx
// ends.
func (n *Notifier) Run(ctx context.Context, interval time.Duration) {
	n.defaults()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := n.Poll(ctx); err != nil && ctx.Err() == nil {
			n.Logger.WarnContext(ctx, "notify: reading events failed", "err", err)
		}
		if err := n.prune(ctx); err != nil && ctx.Err() == nil {
			n.Logger.WarnContext(ctx, "notify: pruning events failed", "err", err)
		}
		if err := n.Digests(ctx); err != nil && ctx.Err() == nil {
			n.Logger.WarnContext(ctx, "notify: digests failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Poll handles the events after the cursor that it has not handled yet
// and moves the cursor past the leading ones it first saw more than Settle
// ago. It returns how many events it handled.
func (n *Notifier) Poll(ctx context.Context) (int, error) {
	n.defaults()
	cursor, _, err := n.State.Mark(ctx, cursorMark)
	if err != nil {
		return 0, err
	}
	if head, ok := n.Events.(content.EventLogHead); ok && n.Now().Sub(n.lastRead) < readAtLeastEvery {
		// Nothing new and nothing waiting to settle (seen events are above
		// the cursor): no need to read the log.
		if last, err := head.LastEventSeq(ctx); err == nil && last <= cursor {
			return 0, nil
		}
	}
	n.lastRead = n.Now()
	handled := 0
	for {
		evs, err := n.Events.EventsAfter(ctx, cursor, 500)
		if err != nil {
			return handled, err
		}
		now := n.Now()
		settled := now.Add(-n.Settle)
		next, blocked := cursor, false
		for _, ev := range evs {
			seen, ok := n.seen[ev.ID]
			if !ok {
				if err := n.Handle(ctx, ev); err != nil {
					return handled, err
				}
				seen = seenEvent{seq: ev.Seq, at: now}
				n.seen[ev.ID] = seen
				handled++
			}
			if !blocked && seen.at.Before(settled) {
				next = ev.Seq
			} else {
				blocked = true
			}
		}
		if next > cursor {
			if err := n.State.SetMark(ctx, cursorMark, next, ""); err != nil {
				return handled, err
			}
			for id, e := range n.seen {
				if e.seq <= next {
					delete(n.seen, id)
				}
			}
		}
		if len(evs) < 500 || next == cursor {
			return handled, nil
		}
		cursor = next
	}
}

// prune deletes, once per pruneEvery, the events past the cursor that are
// older than eventRetention, when the log can (content.EventPruner).
func (n *Notifier) prune(ctx context.Context) error {
	p, ok := n.Events.(content.EventPruner)
	now := n.Now()
	if !ok || now.Sub(n.lastPrune) < pruneEvery {
		return nil
	}
	n.lastPrune = now
	cursor, _, err := n.State.Mark(ctx, cursorMark)
	if err != nil || cursor == 0 {
		return err
	}
	k, err := p.PruneEvents(ctx, cursor, now.Add(-eventRetention))
	if k > 0 {
		n.Logger.InfoContext(ctx, "notify: pruned handled events", "events", k, "up_to", cursor)
	}
	return err
}

// Handle makes the messages of one event; handling it again makes none.
// It is safe for concurrent use once DefaultLang is set.
func (n *Notifier) Handle(ctx context.Context, ev *content.Event) error {
	switch ev.Kind {
	case content.EventInterestNew:
		return n.interestNew(ctx, ev)
	case content.EventInterestStatus:
		return n.interestStatus(ctx, ev)
	case content.EventInterestErased:
		return n.Erase(ctx, ev.Ref, "")
	case content.EventInterestChanged:
		if ev.Status == content.InterestWithdrawn {
			return n.interestWithdrawn(ctx, ev)
		}
		if slices.Contains(ev.Fields, "contact_name") || slices.Contains(ev.Fields, "phone") {
			return n.interestContact(ctx, ev)
		}
	case content.EventListingShown, content.EventListingHidden, content.EventListingDeleted, content.EventListingUpdated:
		if ev.DocKind == content.KindOffer || ev.DocKind == content.KindCompany {
			return n.submissionOutcome(ctx, ev)
		}
	}
	return nil
}

// interestFor loads the interest of ev and its need; nil when it is gone
// or erased (no message then).
func (n *Notifier) interestFor(ctx context.Context, ref string) (*content.Interest, *content.Need, error) {
	i, err := n.Source.Interest(ctx, ref)
	if errors.Is(err, content.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if i.Erased != nil {
		return nil, nil, nil
	}
	need, err := n.Source.Need(ctx, i.Need)
	if err != nil {
		return nil, nil, err
	}
	return i, need, nil
}

// put returns the function that enqueues a composed message: use it as
// n.put(ctx)(n.Compose.Receipt(...)).
func (n *Notifier) put(ctx context.Context) func(*Message, error) error {
	return func(m *Message, err error) error {
		if err != nil {
			return err
		}
		_, err = n.Outbox.Enqueue(ctx, m)
		return err
	}
}

// interestNew sends the firm its receipt and tells the staff of the hub
// who chose one message per interest.
func (n *Notifier) interestNew(ctx context.Context, ev *content.Event) error {
	i, need, err := n.interestFor(ctx, ev.Ref)
	if err != nil || i == nil {
		return err
	}
	if err := n.put(ctx)(n.Compose.Receipt(ev.ID, i, need)); err != nil {
		return err
	}
	staff, err := n.Source.ListStaff(ctx)
	if err != nil {
		return err
	}
	prefs, err := n.State.StaffPrefs(ctx)
	if err != nil {
		return err
	}
	for _, s := range staff {
		if !s.CanManage(i.Hub) {
			continue
		}
		mode, lang := n.pref(prefs, s)
		if mode != ModeEach {
			continue
		}
		if err := n.put(ctx)(n.Compose.StaffNew(ev.ID, i, need, s, lang)); err != nil {
			return err
		}
	}
	return nil
}

// interestWithdrawn tells the hub's staff who chose one message per
// interest that a firm withdrew its interest.
func (n *Notifier) interestWithdrawn(ctx context.Context, ev *content.Event) error {
	return n.toDesk(ctx, ev, n.Compose.StaffWithdrawn)
}

// interestContact tells the staff of the interest's hub who take each
// interest as it comes that its firm corrected its contact details.
func (n *Notifier) interestContact(ctx context.Context, ev *content.Event) error {
	return n.toDesk(ctx, ev, n.Compose.StaffContact)
}

// toDesk sends the message compose makes of the event's interest to each
// staff member of its hub who takes each interest as it comes.
func (n *Notifier) toDesk(ctx context.Context, ev *content.Event,
	compose func(cause string, i *content.Interest, need *content.Need, s *content.Staff, lang string) (*Message, error)) error {
	i, need, err := n.interestFor(ctx, ev.Ref)
	if err != nil || i == nil {
		return err
	}
	staff, err := n.Source.ListStaff(ctx)
	if err != nil {
		return err
	}
	prefs, err := n.State.StaffPrefs(ctx)
	if err != nil {
		return err
	}
	for _, s := range staff {
		if mode, lang := n.pref(prefs, s); s.CanManage(i.Hub) && mode == ModeEach {
			if err := n.put(ctx)(compose(ev.ID, i, need, s, lang)); err != nil {
				return err
			}
		}
	}
	return nil
}

// pref returns a staff member's mode and language.
func (n *Notifier) pref(prefs map[string]*StaffPref, s *content.Staff) (mode, lang string) {
	mode, lang = ModeEach, n.DefaultLang
	if lang == "" {
		lang = "fa"
	}
	if p := prefs[s.Email]; p != nil {
		if p.Mode != "" {
			mode = p.Mode
		}
		if p.Lang != "" {
			lang = p.Lang
		}
	}
	return mode, lang
}

// interestStatus tells the firm its interest's new status, as of the event
// (a later change has an event, and a message, of its own).
func (n *Notifier) interestStatus(ctx context.Context, ev *content.Event) error {
	i, need, err := n.interestFor(ctx, ev.Ref)
	if err != nil || i == nil {
		return err
	}
	if ev.Status != "" && ev.Status != i.Status {
		at := *i
		at.Status, at.DeclineReason = ev.Status, ""
		for _, h := range slices.Backward(i.History) {
			if h.To == ev.Status {
				at.DeclineReason = h.Reason
				break
			}
		}
		i = &at
	}
	if i.Status == content.InterestNew {
		return nil
	}
	return n.put(ctx)(n.Compose.Status(ev.ID, i, need))
}

// Erase erases the outbox messages about the interest ref and to email
// (either may be empty), and the subscriptions and link tokens of the
// addresses those messages went to: the firm's data leaves the mail side
// with the interest's.
func (n *Notifier) Erase(ctx context.Context, ref, email string) error {
	emails := map[string]bool{}
	if email != "" {
		emails[email] = true
	}
	if ref != "" {
		msgs, err := n.Outbox.MessagesAbout(ctx, ref)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			if m.To != content.ErasedMarker && (m.Kind == KindReceipt || m.Kind == KindStatus) {
				emails[m.To] = true
			}
		}
		if _, err := n.Outbox.EraseMessages(ctx, ref, ""); err != nil {
			return err
		}
	}
	for e := range emails {
		if _, err := n.Outbox.EraseMessages(ctx, "", e); err != nil {
			return err
		}
		if n.Subs != nil {
			if err := n.Subs.DeleteSubscriptionsOf(ctx, e); err != nil {
				return err
			}
		}
		if n.Tokens != nil {
			if err := n.Tokens.DeleteTokens(ctx, e); err != nil {
				return err
			}
		}
	}
	return nil
}
