package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"hubdir/content/mongo"
)

// openStore connects to MONGODB_URI or, when it is unset, starts the
// embedded store in the data folder. close releases both.
func openStore(ctx context.Context, cfg Config, logger *slog.Logger) (st *mongo.Store, close func(), err error) {
	uri := cfg.MongoURI
	var embedded *mongo.Embedded
	if uri == "" {
		embedded, err = mongo.StartEmbeddedAt(ctx, cfg.DataDir, cfg.EmbeddedAddr, logger)
		if errors.Is(err, mongo.ErrDataDirInUse) {
			return nil, nil, fmt.Errorf("%w.\nTwo processes must not open the same store files. To run a second "+
				"instance (or a command such as seed or user) beside a running serve, start the first with "+
				"HUBDIR_EMBEDDED_ADDR=127.0.0.1:27018 and give the second MONGODB_URI=mongodb://127.0.0.1:27018/ "+
				"instead of HUBDIR_DATA; or stop the running process first", err)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("start embedded store in %s: %w", cfg.DataDir, err)
		}
		uri = embedded.URI()
		logger.Info("embedded store started", "dir", cfg.DataDir, "uri", uri)
	}
	storeCfg := mongo.Config{URI: uri, Database: cfg.Database, Zone: cfg.Zone, Logger: logger}
	if embedded != nil {
		storeCfg.Pending = embedded.PendingIDs // recovery without FerretDB's full decode
	}
	st, err = mongo.Open(ctx, storeCfg)
	if err != nil {
		if embedded != nil {
			embedded.Close()
		}
		return nil, nil, fmt.Errorf("open store: %w", err)
	}
	var indexed sync.WaitGroup
	if embedded != nil {
		// FerretDB's lookups by _id scan their collection without these
		// indexes (mongo.Embedded.IndexIDLookups); made in the
		// background, once per collection.
		indexed.Go(func() {
			start := time.Now()
			n, err := embedded.IndexIDLookups(ctx)
			if err != nil {
				logger.Warn("indexing _id lookups of the embedded store", "err", err)
				return
			}
			if n > 0 {
				logger.Info("indexed _id lookups of the embedded store", "indexes", n, "took_ms", time.Since(start).Milliseconds())
			}
		})
	}
	close = func() {
		indexed.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := st.Close(ctx); err != nil {
			logger.Error("close store", "err", err)
		}
		if embedded != nil {
			if err := embedded.Close(); err != nil {
				logger.Error("close embedded store", "err", err)
			}
		}
	}
	return st, close, nil
}
