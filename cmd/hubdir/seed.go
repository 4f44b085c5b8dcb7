package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"hubdir/content"
	"hubdir/content/sample"
)

// seed loads the sample content into an empty store, or with --synthetic N
// adds N generated multilingual needs (for load tests).
func seed(ctx context.Context, cfg Config, logger *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	synthetic := fs.Int("synthetic", 0, "generate `N` synthetic needs instead of the sample content")
	seedValue := fs.Int64("seed", 1, "random seed of the synthetic needs")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *synthetic < 0 {
		return errUsage
	}
	st, closeStore, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	// The sample's writes record their domain events with the command
	// line as channel; `hubdir serve` relays them at start-up.
	ctx = content.WithChannel(ctx, content.ChannelCLI)
	empty, err := sample.Empty(ctx, st)
	if err != nil {
		return err
	}
	if empty {
		if err := loadSample(ctx, cfg, st, logger); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "loaded the sample hubs and listings, and played the sample flows (interests, alerts)")
	} else if *synthetic == 0 {
		fmt.Fprintln(stdout, "the store already has content; nothing loaded")
	}
	if *synthetic > 0 {
		start := time.Now()
		if err := sample.LoadSynthetic(ctx, st, *synthetic, *seedValue, time.Now(), cfg.Zone); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "stored %d synthetic needs in %s\n", *synthetic, time.Since(start).Round(time.Millisecond))
	}
	if cfg.MongoURI == "" {
		// The next start reads the catalog from this file instead of
		// through FerretDB (catalogSnapshot).
		start := time.Now()
		if err := writeCatalogFile(ctx, cfg, st); err != nil {
			return fmt.Errorf("catalog snapshot file: %w", err)
		}
		fmt.Fprintf(stdout, "wrote the catalog snapshot file in %s\n", time.Since(start).Round(time.Millisecond))
	}
	return nil
}
