package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"hubdir/content/catalog"
	"hubdir/content/sample"
	"hubdir/handlers"
	"hubdir/i18n"
)

// serve runs the service until ctx ends (SIGINT or SIGTERM), then shuts
// down in order: stop accepting, finish requests in flight (for at most
// cfg.ShutdownTimeout), stop the catalog's sync, close the store. Every
// write a client was told succeeded was committed before its answer was
// sent, and the store closes only after the requests in flight have
// ended, so an acknowledged registration is never lost; one cut off by the
// bound got no answer, and each write is a single document, so nothing is
// left half-written.
func serve(ctx context.Context, cfg Config, logger *slog.Logger) error {
	if cfg.Pprof != "" {
		go servePprof(ctx, cfg.Pprof, logger)
	}
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
	snap, snapWritten, err := catalogSnapshot(ctx, cfg, st, logger)
	if err != nil {
		return fmt.Errorf("load catalog: %w", err)
	}
	defer snapWritten()
	cat.Load(snap)
	logger.Info("catalog loaded", "needs", len(snap.Needs), "companies", len(snap.Companies),
		"agreements", len(snap.Agreements), "rev", snap.Rev, "took_ms", time.Since(start).Milliseconds())
	snap = nil
	// Give back to the system the memory the load's garbage held.
	go debug.FreeOSMemory()

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
		InterestsPerMinute: cfg.InterestsPerMinute, APIRequestsPerMinute: cfg.APIRequestsPerMinute,
		BenchCeiling: cfg.BenchCeiling,
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
	logger.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		logger.Error("shutdown: requests still in flight were cut off", "err", err)
	}
	// Listen returns as soon as the listener closes; Shutdown above has
	// waited for the requests in flight.
	if err := <-listenErr; err != nil && !errors.Is(err, context.Canceled) {
		logger.Error("listen", "err", err)
	}
	logger.Info("stopped accepting and answered the requests in flight; closing the store")
	return nil
}
