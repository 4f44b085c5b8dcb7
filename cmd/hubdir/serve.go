package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"hubdir/content/catalog"
	"hubdir/content/sample"
	"hubdir/handlers"
	"hubdir/i18n"
)

// serve runs the service until ctx ends (SIGINT or SIGTERM), then shuts
// down in order: stop accepting, finish requests in flight, stop the
// catalog's sync, close the store.
func serve(ctx context.Context, cfg Config, logger *slog.Logger) error {
	bundle, err := i18n.NewBundle()
	if err != nil {
		return err
	}
	st, closeStore, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore()

	empty, err := sample.Empty(ctx, st)
	if err != nil {
		return err
	}
	if empty {
		logger.Info("empty store: loading the sample content")
		if err := sample.Load(ctx, st, time.Now(), cfg.Zone); err != nil {
			return fmt.Errorf("load sample content: %w", err)
		}
	}

	start := time.Now()
	cat := catalog.New(cfg.Zone, time.Now)
	snap, err := st.Snapshot(ctx)
	if err != nil {
		return fmt.Errorf("load catalog: %w", err)
	}
	cat.Load(snap)
	logger.Info("catalog loaded", "needs", len(snap.Needs), "companies", len(snap.Companies),
		"agreements", len(snap.Agreements), "rev", snap.Rev, "took", time.Since(start).String())

	syncCtx, stopSync := context.WithCancel(context.Background())
	syncDone := make(chan struct{})
	go func() {
		defer close(syncDone)
		cat.Sync(syncCtx, st, time.Second, logger)
	}()
	defer func() {
		stopSync()
		<-syncDone
	}()

	srv, err := handlers.New(handlers.Config{
		Store: st, Catalog: cat, Bundle: bundle, Logger: logger, Zone: cfg.Zone,
		DefaultLang: cfg.DefaultLang, TrustedProxies: cfg.TrustedProxies,
	})
	if err != nil {
		return err
	}
	listenErr := make(chan error, 1)
	go func() { listenErr <- srv.Listen(cfg.Addr) }()
	logger.Info("listening", "addr", cfg.Addr)

	select {
	case err := <-listenErr:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		logger.Error("shutdown", "err", err)
	}
	// Listen returns as soon as the listener closes; Shutdown above has
	// waited for the requests in flight.
	if err := <-listenErr; err != nil && !errors.Is(err, context.Canceled) {
		logger.Error("listen", "err", err)
	}
	return nil
}
