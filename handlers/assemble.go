package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/handlers/deps"
	"hubdir/i18n"
)

// Service is the whole assembled service on one store: the message bundle,
// the catalog (the read model) and the HTTP server. `hubdir serve` and the
// tests build it with Assemble, the one assembly function.
type Service struct {
	Config  Config
	Store   content.Store
	Catalog *catalog.Catalog
	Bundle  *i18n.Bundle
	Server  *Server
	logger  *slog.Logger
}

// Assemble builds the service on an opened store: it loads the message
// bundle, builds the catalog from a snapshot of the store and registers
// every route. The catalog is not kept current until StartSync.
func Assemble(ctx context.Context, cfg Config, st content.Store, logger *slog.Logger) (*Service, error) {
	cfg.Defaults()
	if logger == nil {
		logger = slog.Default()
	}
	bundle, err := i18n.NewBundle()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	cat := catalog.New(cfg.Zone, cfg.Now)
	snap, err := st.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	cat.Load(snap)
	logger.Info("catalog loaded", "needs", len(snap.Needs), "companies", len(snap.Companies),
		"agreements", len(snap.Agreements), "rev", snap.Rev, "took_ms", time.Since(start).Milliseconds())
	mail := newMail(cfg, st, bundle)
	srv, err := newServer(deps.Deps{Config: cfg, Store: withMailEvents(st, mail, cfg.DefaultLang, logger),
		Catalog: cat, Bundle: bundle, Logger: logger, Mail: mail})
	if err != nil {
		return nil, err
	}
	return &Service{Config: cfg, Store: st, Catalog: cat, Bundle: bundle, Server: srv, logger: logger}, nil
}

// StartSync keeps the catalog current with writes of other processes,
// polling every interval, until the returned stop function is called
// (stop waits for the sync to end).
func (s *Service) StartSync(interval time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Catalog.Sync(ctx, s.Store, interval, s.logger)
	}()
	return func() {
		cancel()
		<-done
	}
}
