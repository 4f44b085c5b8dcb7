package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"time"

	"hubdir/content/sample"
	"hubdir/handlers"
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
	st, closeStore, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore()

	empty, err := sample.Empty(ctx, st)
	if err != nil {
		return err
	}
	switch {
	case empty && cfg.WantsSample():
		logger.Info("empty store: loading the sample content")
		if err := loadSample(ctx, cfg, st, logger); err != nil {
			return fmt.Errorf("load sample content: %w", err)
		}
	case empty:
		logger.Info("empty store: the sample content is not loaded (HUBDIR_SAMPLE=1 loads it; hubdir import restores a backup)")
	}

	if cfg.Pprof != "" {
		go servePprof(ctx, cfg.Pprof, logger)
	}
	switch {
	case cfg.TextDir != "":
	case cfg.MongoURI == "":
		cfg.TextDir = cfg.DataDir
	default:
		cfg.TextDir = os.TempDir()
	}
	snaps := &snapshotStore{Store: st, cfg: cfg, logger: logger, recovered: newRecoverSignal()}
	defer snaps.wait()
	svc, err := handlers.Assemble(ctx, cfg, snaps, logger)
	if err != nil {
		return err
	}
	// Give back to the system the memory that the catalog's load used and
	// no longer holds.
	go debug.FreeOSMemory()
	// And once the work that follows readiness is done (settle.go).
	go settleMemory(ctx, snaps, svc.Catalog, logger)
	memCtx, stopMem := context.WithCancel(ctx)
	defer stopMem()
	go followMemory(memCtx)
	defer svc.StartSync(time.Second)()
	if cfg.MongoURI == "" {
		defer keepSnapshotFile(cfg, svc, st, logger)()
	}
	stopMail, err := svc.StartMail(handlers.MailOptions{Lease: cfg.MailLease})
	if err != nil {
		return err
	}
	defer stopMail()
	srv := svc.Server
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
