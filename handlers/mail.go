package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"sync"
	"time"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/notify"
	"hubdir/content/workspace"
	"hubdir/i18n"
)

// mailStore is what the mail side needs of the store; content/mongo's
// Store is one.
type mailStore interface {
	notify.Outbox
	notify.TokenStore
	notify.SubscriptionStore
	notify.StateStore
	notify.FirmInterests
	notify.HitCounter
}

// newMail returns the mail side on st, or nil when st cannot keep it.
func newMail(cfg Config, st content.Store, bundle *i18n.Bundle) *notify.Service {
	ms, ok := st.(mailStore)
	if !ok {
		return nil
	}
	compose := &notify.Composer{Bundle: bundle, PublicURL: cfg.MailPublicURL(), Zone: cfg.Zone, Now: cfg.Now}
	return &notify.Service{
		Outbox: ms, Links: &notify.Links{Store: ms, Now: cfg.Now}, Subs: ms, State: ms, Firms: ms, Hits: ms,
		Compose: compose, Sending: cfg.SMTPURL != "", Now: cfg.Now,
	}
}

// NewMailService returns the mail side on st as Assemble builds it, for
// the command line (the sample flows of `hubdir seed` and `serve`); nil
// when st cannot keep it.
func NewMailService(cfg Config, st content.Store) (*notify.Service, error) {
	cfg.Defaults()
	bundle, err := i18n.NewBundle()
	if err != nil {
		return nil, err
	}
	return newMail(cfg, st, bundle), nil
}

// needFinder answers the alert digests from the catalog: the public needs
// matching f published in [since, until), newest first, at most 50.
func needFinder(cat *catalog.Catalog) notify.NeedFinder {
	return func(f notify.AlertFilter, since, until time.Time) []*content.Need {
		res := cat.Needs(catalog.NeedQuery{
			Text: f.Query, Hubs: f.Hubs, Sectors: f.Sectors, Kinds: f.Kinds, Countries: f.Countries,
			Statuses: []string{content.NeedPublished}, Sort: catalog.SortNewest, PerPage: catalog.MaxPerPage,
		})
		var out []*content.Need
		for _, n := range res.Items {
			if n.PublishedAt != nil && !n.PublishedAt.Before(since) && n.PublishedAt.Before(until) && len(out) < 50 {
				out = append(out, n)
			}
		}
		return out
	}
}

// MailOptions tune the mail loops (tests make them fast).
type MailOptions struct {
	// Poll is the notifier's and the sender's wait (default 1 s).
	Poll time.Duration
	// Backoff and MaxBackoff are the sender's retry waits (default 30 s
	// and 30 min); Lease its claim (default 2 min).
	Backoff, MaxBackoff, Lease time.Duration
	// Settle is the notifier's look-back window (default 1 min).
	Settle time.Duration
}

// StartMail runs the mail side until the returned stop function is called
// (stop waits for it): the notifier, which turns the store's domain events
// into messages (when the store keeps an event log), and, with an SMTP
// server configured, the sender. Without one, messages stay in the outbox.
func (s *Service) StartMail(o MailOptions) (stop func(), err error) {
	mail := s.Server.cfg.Mail
	if mail == nil {
		return func() {}, nil
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	if log, ok := s.Store.(content.EventLog); ok {
		src, _ := s.Store.(notify.Source)
		supply, _ := s.Store.(notify.SupplySource)
		n := &notify.Notifier{
			Events: log, Source: src, Outbox: mail.Outbox, State: mail.State, Subs: mail.Subs,
			Tokens: mail.Links.Store, Compose: mail.Compose, Needs: needFinder(s.Catalog), Supply: supply,
			DefaultLang: s.Config.DefaultLang, Settle: o.Settle, Now: s.Config.Now, Logger: s.logger,
		}
		wg.Add(1)
		go func() { defer wg.Done(); n.Run(ctx, o.Poll) }()
	} else {
		s.logger.Warn("mail: the store keeps no event log; no message is made from writes")
	}
	if s.Config.SMTPURL != "" {
		sc, err := notify.ParseSMTPURL(s.Config.SMTPURL)
		if err != nil {
			cancel()
			return nil, err
		}
		owner := senderOwner()
		for w := range senderWorkers {
			m, err := notify.NewSMTP(sc, s.Config.MailFrom)
			if err != nil {
				cancel()
				wg.Wait()
				return nil, err
			}
			snd := &notify.Sender{
				Outbox: mail.Outbox, Mailer: m, Owner: fmt.Sprintf("%s/%d", owner, w), Now: s.Config.Now, Poll: o.Poll,
				Backoff: o.Backoff, MaxBackoff: o.MaxBackoff, Lease: o.Lease, Links: mail.Links, Logger: s.logger,
			}
			wg.Add(1)
			go func() { defer wg.Done(); snd.Run(ctx) }()
		}
		s.logger.Info("mail: sending through SMTP", "host", sc.Host, "port", sc.Port, "senders", senderWorkers)
	} else {
		s.logger.Info("mail: no HUBDIR_SMTP_URL; messages stay in the outbox (staff outbox page)")
	}
	return func() { cancel(); wg.Wait() }, nil
}

// senderWorkers is how many senders (each with its SMTP connection) a
// process runs: a crash can send at most that many messages twice.
const senderWorkers = 2

// senderOwner names this process in claims.
func senderOwner() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Mail returns the mail side of the service (nil when the store cannot
// keep it), for tests and tools.
func (s *Server) Mail() *notify.Service { return s.cfg.Mail }

// Workspace returns the service's write path, for tests and tools.
func (s *Server) Workspace() *workspace.Service { return s.cfg.Workspace }
