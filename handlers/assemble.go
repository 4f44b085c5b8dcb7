package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/workspace"
	"hubdir/handlers/deps"
	"hubdir/i18n"
)

// Store is what the service needs of its store: the reads of
// content.Store, the writes of the workspace and the event log;
// content/mongo's Store is one.
type Store interface {
	content.Store
	workspace.Store
	content.EventLog
}

// Service is the whole assembled service on one store: the message bundle,
// the catalog (the read model) and the HTTP server. `hubdir serve` and the
// tests build it with Assemble, the one assembly function.
type Service struct {
	Config    Config
	Store     Store
	Catalog   *catalog.Catalog
	Workspace *workspace.Service
	Bundle    *i18n.Bundle
	Server    *Server
	logger    *slog.Logger
}

// Assemble builds the service on an opened store: it loads the message
// bundle, builds the catalog from a snapshot of the store and registers
// every route. The catalog is not kept current, and the domain events a
// stopped process left pending are not relayed, until StartSync.
func Assemble(ctx context.Context, cfg Config, st Store, logger *slog.Logger) (*Service, error) {
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
	if cfg.TextDir != "" && cfg.TextDir != "off" {
		if err := cat.MapTexts(cfg.TextDir); err != nil {
			logger.Warn("the texts of needs stay in the heap", "err", err)
		}
	}
	snap, err := st.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	cat.Load(snap)
	logger.Info("catalog loaded", "needs", len(snap.Needs), "companies", len(snap.Companies),
		"agreements", len(snap.Agreements), "rev", snap.Rev, "took_ms", time.Since(start).Milliseconds())
	mail := newMail(cfg, st, bundle)
	m := newMetrics(cat)
	ws := workspace.New(workspace.Config{Store: st, Catalog: cat, Logger: logger, Now: cfg.Now, OnInterest: m.interest})
	srv, err := newServer(deps.Deps{Config: cfg, Store: st, Workspace: ws, Catalog: cat, Bundle: bundle, Logger: logger, Mail: mail}, m)
	if err != nil {
		return nil, err
	}
	return &Service{Config: cfg, Store: st, Catalog: cat, Workspace: ws, Bundle: bundle, Server: srv, logger: logger}, nil
}

// StartSync keeps the catalog current with writes of other processes,
// polling every interval; and relays the domain events that a stopped
// process left pending (at once) and those whose relay failed (every
// interval), until the returned stop function is called (stop waits for
// both to end).
func (s *Service) StartSync(interval time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	go func() {
		defer func() { done <- struct{}{} }()
		s.Catalog.Sync(ctx, s.Store, interval, s.logger)
	}()
	go func() {
		defer func() { done <- struct{}{} }()
		s.Workspace.Run(ctx, interval)
	}()
	return func() {
		// The public's last writes relay their events after their answer:
		// let them finish (what does not is relayed at the next start).
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = s.Workspace.Settled(sctx)
		scancel()
		cancel()
		<-done
		<-done
	}
}
