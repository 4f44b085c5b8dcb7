// Package workspace is the one place where staff and public writes
// happen. Every method takes the acting staff member (nil for the public),
// the channel the write came from (content.ChannelWeb, ChannelAPI,
// ChannelCLI, ChannelImport, ChannelPublic) and a typed input, and does,
// in this order:
//
//  1. the hub scope: a document of a hub the actor may not manage is as
//     unknown as a missing one (content.ErrNotFound) — checked before any
//     validation of the input, so that no answer tells anything about
//     another hub's listings;
//  2. the store write, which records the write's domain event in the same
//     single-document write (content.Event, content/mongo/events.go);
//  3. the catalog update (the read model), before the caller answers;
//  4. one audit entry, made from the event (changed fields per locale,
//     such as "title.fa", and an action constant);
//  5. the relay of the event to the event log. When it fails (the
//     database went away), the event stays pending in the document and is
//     relayed by the retry loop (Run) or at the next start-up (Recover):
//     exactly one event per change, never lost, never duplicated.
//
// Sign-in with its lockout, the password policy and sessions are here too
// (accounts.go), so that the web pages, the API and the command line share
// them. Nothing here knows HTTP.
package workspace

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"hubdir/content"
)

// Listings are the listing writes and reads the workspace needs.
type Listings interface {
	Need(ctx context.Context, ref string) (*content.Need, error)
	CreateNeed(ctx context.Context, in *content.NeedInput, by string) (*content.Need, error)
	UpdateNeed(ctx context.Context, ref string, p *content.NeedPatch, by string) (*content.Need, error)
	TransitionNeed(ctx context.Context, ref string, t content.NeedTransition, version int64, by string) (*content.Need, error)
	DeleteNeed(ctx context.Context, ref string, version int64, by string) (*content.Need, error)
	RequestReview(ctx context.Context, ref string, version int64, by string) (*content.Need, error)
	RenewNeed(ctx context.Context, ref string, version int64, deadline content.Date, by string) (*content.Need, error)
	ImportNeeds(ctx context.Context, ins []*content.NeedInput, by string) ([]*content.Need, error)

	Company(ctx context.Context, slug string) (*content.Company, error)
	CreateCompany(ctx context.Context, in *content.CompanyInput, by string) (*content.Company, error)
	ImportCompanies(ctx context.Context, ins []*content.CompanyInput, by string) ([]*content.Company, error)
	UpdateCompany(ctx context.Context, slug string, p *content.CompanyPatch, by string) (*content.Company, error)
	PublishCompany(ctx context.Context, slug string, publish bool, version int64, by string) (*content.Company, error)
	DeleteCompany(ctx context.Context, slug string, version int64, by string) (*content.Company, error)

	Agreement(ctx context.Context, slug string) (*content.Agreement, error)
	CreateAgreement(ctx context.Context, in *content.AgreementInput, by string) (*content.Agreement, error)
	UpdateAgreement(ctx context.Context, slug string, p *content.AgreementPatch, by string) (*content.Agreement, error)
	PublishAgreement(ctx context.Context, slug string, publish bool, version int64, by string) (*content.Agreement, error)
	DeleteAgreement(ctx context.Context, slug string, version int64, by string) (*content.Agreement, error)
	Hubs(ctx context.Context) ([]*content.Hub, error)
	PutHub(ctx context.Context, h *content.Hub) error
}

// Interests are the interest writes and reads the workspace needs.
type Interests interface {
	CreateInterest(ctx context.Context, needRef string, in *content.InterestInput) (*content.Interest, bool, error)
	Interest(ctx context.Context, ref string) (*content.Interest, error)
	UpdateInterestStatus(ctx context.Context, ref string, in *content.InterestStatusInput, by string) (*content.Interest, error)
	EraseInterest(ctx context.Context, ref string, version int64, by string) (*content.Interest, error)
}

// AuditLog appends audit entries.
type AuditLog interface {
	AddAudit(ctx context.Context, e content.AuditEntry) error
}

// EventRelay copies the events a write left pending in its document to
// the event log (content/mongo/events.go).
type EventRelay interface {
	RelayEvents(ctx context.Context, docKind, id string) error
	RecoverEvents(ctx context.Context) (int, error)
}

// Store is everything the workspace writes to; content/mongo's Store
// implements it.
type Store interface {
	Listings
	Offers
	Interests
	FirmInterests
	Accounts
	AuditLog
	EventRelay
}

// Catalog is the read model the workspace keeps current.
type Catalog interface {
	PutNeed(n *content.Need)
	PutCompany(c *content.Company)
	PutAgreement(a *content.Agreement)
	PutHub(h *content.Hub)
	// AgreementsNaming returns the agreements (any status) that name the
	// company slug as a party.
	AgreementsNaming(slug string) []*content.Agreement
}

// Config holds the workspace's dependencies.
type Config struct {
	Store   Store
	Catalog Catalog
	Logger  *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// OnInterest, when set, is told of every registration of interest
	// (created: a new one; else the first one of the same email), for
	// metrics.
	OnInterest func(i *content.Interest, created bool)
	// PasswordKey is the key of the HMAC that pre-hashes passwords
	// before bcrypt (see password.go); a fixed default when empty.
	PasswordKey []byte
}

// Service is the workspace. It is safe for concurrent use.
type Service struct {
	cfg Config

	mu      sync.Mutex
	pending map[docID]bool // events whose relay failed, retried by Run
	later   []docID        // public writes' events to relay after their answer (relay.go)
	running bool           // a goroutine relays later
}

// docID names a document whose pending events must be relayed.
type docID struct{ kind, id string }

// New returns the workspace.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Catalog == nil {
		cfg.Catalog = noCatalog{}
	}
	return &Service{cfg: cfg, pending: map[docID]bool{}}
}

// Recover relays the events that writes of a stopped process left
// pending; run it at start-up, before serving.
func (w *Service) Recover(ctx context.Context) error {
	n, err := w.cfg.Store.RecoverEvents(ctx)
	if n > 0 {
		w.cfg.Logger.Info("relayed pending domain events", "documents", n)
	}
	return err
}

// Run relays the events writes of a stopped process left pending
// (Recover, at once and until it succeeds), then retries the relays that
// failed, every interval, until ctx ends.
func (w *Service) Run(ctx context.Context, interval time.Duration) {
	recovered := false
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if !recovered {
			if err := w.Recover(ctx); err != nil {
				if ctx.Err() == nil {
					w.cfg.Logger.WarnContext(ctx, "relay pending domain events", "err", err)
				}
			} else {
				recovered = true
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			w.retry(ctx)
		}
	}
}

// retry relays the documents whose relay failed.
func (w *Service) retry(ctx context.Context) {
	w.mu.Lock()
	docs := make([]docID, 0, len(w.pending))
	for d := range w.pending {
		docs = append(docs, d)
	}
	w.mu.Unlock()
	for _, d := range docs {
		if err := w.cfg.Store.RelayEvents(ctx, d.kind, d.id); err != nil {
			return // still failing: the next tick tries again
		}
		w.mu.Lock()
		delete(w.pending, d)
		w.mu.Unlock()
	}
}

// relayTimeout bounds the relay a write does before its answer: the
// change is committed with its event already, so a slow relay (a lock
// left by a stopped writer, a store coming back) is left to Run rather
// than holding the answer.
const relayTimeout = 2 * time.Second

// relay copies the pending events of document kind/id to the event log;
// a failure is remembered for Run (the events stay in the document).
func (w *Service) relay(ctx context.Context, kind, id string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), relayTimeout)
	defer cancel()
	if err := w.cfg.Store.RelayEvents(ctx, kind, id); err != nil {
		w.cfg.Logger.WarnContext(ctx, "relay domain event later", "kind", kind, "id", id, "err", err)
		w.mu.Lock()
		w.pending[docID{kind, id}] = true
		w.mu.Unlock()
	}
}

// record does what follows every successful write: the audit entry made
// from the write's event (action overrides the event's, when set), and
// the relay of the event, before the answer.
func (w *Service) record(ctx context.Context, by *content.Staff, channel string, pending []content.Event, action string) {
	e := content.LastEvent(pending)
	if e == nil {
		return
	}
	if by != nil {
		if action == "" {
			action = content.AuditActionOf(e.Kind)
		}
		w.audit(ctx, content.AuditEntry{
			By: by.Email, Action: action, Kind: e.DocKind, ID: e.Ref, Hub: e.Hub, Fields: e.Fields, Via: channel,
		})
	}
	w.relay(ctx, e.DocKind, e.Ref)
}

// recordPublic does what follows a firm's registration or testing request:
// no audit entry (no staff member acted), and the relay of its event just
// after the answer (relayLater).
func (w *Service) recordPublic(pending []content.Event) {
	if e := content.LastEvent(pending); e != nil {
		w.relayLater(e.DocKind, e.Ref)
	}
}

// audit appends e to the audit log, now. A failure is logged: the change
// itself has been made.
func (w *Service) audit(ctx context.Context, e content.AuditEntry) {
	if e.At.IsZero() {
		e.At = w.cfg.Now()
	}
	if err := w.cfg.Store.AddAudit(ctx, e); err != nil {
		w.cfg.Logger.ErrorContext(ctx, "audit log", "action", e.Action, "id", e.ID, "err", err)
	}
}

// Audit records a staff action that is not a content write (a sign-in,
// an export): who, what, on which document, through which channel.
func (w *Service) Audit(ctx context.Context, by *content.Staff, channel string, e content.AuditEntry) {
	if by != nil && e.By == "" {
		e.By = by.Email
	}
	e.Via = channel
	w.audit(ctx, e)
}

// email returns the actor's email; "" for the public.
func email(st *content.Staff) string {
	if st == nil {
		return ""
	}
	return st.Email
}

// noCatalog is the catalog of a workspace without one (the command line):
// the running servers' catalogs see its writes through their sync.
type noCatalog struct{}

func (noCatalog) PutNeed(*content.Need)                        {}
func (noCatalog) PutCompany(*content.Company)                  {}
func (noCatalog) PutAgreement(*content.Agreement)              {}
func (noCatalog) PutHub(*content.Hub)                          {}
func (noCatalog) AgreementsNaming(string) []*content.Agreement { return nil }
