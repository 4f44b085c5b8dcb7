package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"runtime"
	"time"
)

// Block and mutex profiling while the profiler is on: a blocking event of
// 100 µs or more is sampled, and one mutex contention in 10 (the
// /debug/pprof/block and /debug/pprof/mutex profiles).
const (
	pprofBlockRate     = 100_000 // ns
	pprofMutexFraction = 10
)

// servePprof serves Go's profiler (net/http/pprof) on addr until ctx ends:
// HUBDIR_PPROF, for profiling a load run of the real binary
// (docs/performance.md). addr must be a loopback address; the profiler is
// never on the service's own port.
func servePprof(ctx context.Context, addr string, logger *slog.Logger) {
	runtime.SetBlockProfileRate(pprofBlockRate)
	runtime.SetMutexProfileFraction(pprofMutexFraction)
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	logger.Info("profiler listening", "addr", addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Error("profiler", "err", err)
	}
}
