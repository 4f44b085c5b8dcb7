package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"hubdir/content/mongo"
	"hubdir/content/sample"
	"hubdir/content/workspace"
	"hubdir/handlers"
)

// loadSample loads the sample content into the empty store st (sample.Load)
// and then plays the sample flows (sample.LoadFlows) through a workspace
// and the mail side of its own: interests in four languages, two moved on
// by the hubs' desks, alert subscriptions. Their events are relayed at
// once; the notifier of `hubdir serve` makes the messages (receipts, the
// desks' notices, status changes), which wait in the outbox for staff to
// read without HUBDIR_SMTP_URL. It runs only with the sample load, on an
// empty store, so the flows are never played twice.
func loadSample(ctx context.Context, cfg Config, st *mongo.Store, logger *slog.Logger) error {
	now := time.Now()
	if err := sample.Load(ctx, st, now, cfg.Zone); err != nil {
		return err
	}
	ws := workspace.New(workspace.Config{Store: st, Logger: logger})
	mail, err := handlers.NewMailService(cfg, st)
	if err != nil {
		return err
	}
	res, err := sample.LoadFlows(ctx, ws, mail, st, now, cfg.Zone)
	if err != nil {
		return fmt.Errorf("sample flows: %w", err)
	}
	// The flows' registrations relay their events after returning: relay
	// them before the command ends (what is left, serve relays at start).
	if err := ws.Settled(ctx); err != nil {
		return err
	}
	logger.Info("sample flows played", "interests", len(res.Interests), "desks", len(res.Staff), "alerts", res.Subscriptions)
	return nil
}
